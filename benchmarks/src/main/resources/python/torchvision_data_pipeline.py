"""Baseline for bin/bench data-pipeline: torchvision's ImageFolder + DataLoader on the same JPEGs.

decode (PIL) + RandomResizedCrop(224) + RandomHorizontalFlip + ToTensor + Normalize, batches
collated by a DataLoader with --workers worker processes. Prints one JSON line with images/s.
"""
import argparse
import json
import time

import torch
import torchvision
from torchvision import datasets, transforms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(1)
    pipeline = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
    ])
    data = datasets.ImageFolder(args.root, pipeline)
    loader = torch.utils.data.DataLoader(
        data, batch_size=args.batch, shuffle=True, num_workers=args.workers,
        persistent_workers=args.workers > 0, drop_last=True)
    for _ in loader:  # warm-up epoch: worker start, file cache
        pass
    images = 0
    started = time.perf_counter()
    for _ in range(args.epochs):
        for batch, _labels in loader:
            images += batch.shape[0]
    seconds = time.perf_counter() - started
    print(json.dumps({
        "torchvision": torchvision.__version__,
        "images": images,
        "seconds": seconds,
        "imagesPerSecond": images / seconds,
    }))


if __name__ == "__main__":
    main()
