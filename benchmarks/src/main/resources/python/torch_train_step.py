"""The same ResNet-50 training step as NormLab's NetworkTimer.trainStep, in PyTorch.

Forward on random 3x224x224 images, cross-entropy as mean(-log_softmax gathered at the label),
backward, plain SGD update (w -= 1e-4 * g), gradients zeroed; torchvision's resnet50 (same
architecture and parameter count as ml-core's). Run round-robin-free: warm-up steps, then timed
steps; prints one JSON line with the median seconds per step.
"""
import argparse
import json
import statistics
import time

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=7)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    model = torchvision.models.resnet50(num_classes=1000).train()
    params = [p for p in model.parameters() if p.requires_grad]

    def step():
        images = torch.randn(args.batch, 3, 224, 224)
        labels = torch.randint(0, 10, (args.batch, 1))
        logits = model(images)
        loss = -logits.log_softmax(1).gather(1, labels).mean()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad * 1e-4)
                p.grad = None

    seconds = []
    for i in range(args.warmup + args.steps):
        start = time.perf_counter()
        step()
        if i >= args.warmup:
            seconds.append(time.perf_counter() - start)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "secondsPerStep": statistics.median(seconds),
    }))


if __name__ == "__main__":
    main()
