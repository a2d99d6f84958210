#!/usr/bin/python3
"""Golden weight files for ml-core's weights package (WeightsTorchCrossCheckTest), written by
PyTorch (Debian python3-torch 1.13, python3-torchvision 0.14) to ../resources/golden/weights/:

  tiny_resnet10_w8.npz, tiny_resnet10_w8.safetensors
      the state dict of a torchvision-layout ResNet-10 with base width 8 and 10 classes
      (weights_common.TinyResNet), official keys incl. num_batches_tracked (= 7), float32;
      np.savez and a hand-written safetensors file. ~0.3 MB each; torchvision's own resnet18
      would be 45 MB.
  tiny_resnet10_w8_io.npz
      'input' (2, 3, 72, 72) and the eval-mode 'output' (2, 10) that torch computes with them.

Run from anywhere:  /usr/bin/python3 ml-core/src/test/python/make_golden_weights.py
Seeded, so re-running reproduces the same tensors (the .npz files' zip timestamps change).
"""
import pathlib

import numpy as np
import torch

from weights_common import build, write_safetensors

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden" / "weights"


def main():
    torch.manual_seed(20261123)
    net = build("tiny", 10, "bn")
    with torch.no_grad():
        # Non-trivial norm state, so a wrong mapping of weight/bias/mean/var shows in the output.
        for name, module in net.named_modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.2)
                module.running_mean.normal_(0.0, 0.2)
                module.running_var.uniform_(0.5, 2.0)
                module.num_batches_tracked.fill_(7)
    net.eval()
    x = torch.randn(2, 3, 72, 72)
    with torch.no_grad():
        y = net(x)
    arrays = {k: v.numpy() for k, v in net.state_dict().items()}
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "tiny_resnet10_w8.npz", **arrays)
    write_safetensors(OUT / "tiny_resnet10_w8.safetensors", arrays)
    np.savez(OUT / "tiny_resnet10_w8_io.npz", input=x.numpy(), output=y.numpy())
    for f in sorted(OUT.iterdir()):
        print("wrote", f.name, f.stat().st_size, "bytes")


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
