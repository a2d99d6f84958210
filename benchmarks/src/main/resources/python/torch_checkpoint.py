"""Baseline for bin/bench checkpoint-resnet50: the same checkpoint (torchvision's resnet50 state
dict plus one momentum buffer per trainable parameter) written with torch.save, fsynced, then read
with torch.load and loaded into a fresh resnet50. Prints one JSON line."""
import argparse
import json
import os
import tempfile
import time

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    model = torchvision.models.resnet50()
    momentum = {name: p.detach().clone() for name, p in model.named_parameters()}
    directory = tempfile.mkdtemp(prefix="normlab-torch-ckpt")
    best_write = best_read = best_resume = float("inf")
    size = 0
    for i in range(args.repeats):
        path = os.path.join(directory, "ckpt-%d.pt" % i)
        t0 = time.perf_counter()
        with open(path + ".tmp", "wb") as f:
            torch.save({"model": model.state_dict(), "momentum": momentum}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(path + ".tmp", path)
        best_write = min(best_write, time.perf_counter() - t0)
        size = os.path.getsize(path)
        fresh = torchvision.models.resnet50()
        t0 = time.perf_counter()
        state = torch.load(path)
        read = time.perf_counter() - t0
        fresh.load_state_dict(state["model"])
        best_resume = min(best_resume, time.perf_counter() - t0)
        best_read = min(best_read, read)
        os.remove(path)
    os.rmdir(directory)
    print(json.dumps({"torch": torch.__version__, "bytes": size, "writeSeconds": best_write,
                      "readSeconds": best_read, "resumeSeconds": best_resume}))


if __name__ == "__main__":
    main()
