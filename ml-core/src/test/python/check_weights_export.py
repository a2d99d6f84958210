#!/usr/bin/python3
"""Loads weight files exported by ml-core into the official PyTorch model with
load_state_dict(strict=True) and checks that the model reproduces ml-core's output.

  /usr/bin/python3 check_weights_export.py ARCH NORM CLASSES IO WEIGHTS...
    ARCH     resnet18 (torchvision.models.resnet18) or tiny (weights_common.TinyResNet)
    NORM     bn | in | gn:<groups>
    IO       an .npz with 'input' and ml-core's eval-mode 'output' for it
    WEIGHTS  .npz or .safetensors files from Weights.export

Prints one line per file; exit status 0 when every file loads strict-clean, lists its keys in
PyTorch's order and reproduces the output within 1e-4 (float32 through the network, and the two
libtorch builds use different kernels), 1 otherwise. WeightsTorchCrossCheckTest runs it when
/usr/bin/python3 has torch and torchvision.
"""
import sys

import numpy as np
import torch

from weights_common import build, read_arrays, state_dict_from

TOLERANCE = 1e-4


def check(arch, norm, classes, io, weights):
    net = build(arch, int(classes), norm)
    state = state_dict_from(weights)
    expected_keys = list(net.state_dict().keys())
    if list(state.keys()) != expected_keys:
        print(f"FAIL {weights}: keys {list(state.keys())[:6]}... differ from PyTorch's "
              f"{expected_keys[:6]}...")
        return False
    net.load_state_dict(state, strict=True)  # raises on missing, unexpected or mis-shaped keys
    net.eval()
    with torch.no_grad():
        out = net(torch.from_numpy(np.array(io["input"])))
    diff = (out - torch.from_numpy(np.array(io["output"]))).abs().max().item()
    ok = diff < TOLERANCE
    print(f"{'OK' if ok else 'FAIL'} {arch} {norm} {weights}: strict load of {len(state)} keys, "
          f"max |output diff| {diff:.3g}")
    return ok


def main(arch, norm, classes, io_path, *weights):
    torch.set_num_threads(1)
    io = read_arrays(io_path)
    results = [check(arch, norm, classes, io, w) for w in weights]
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    if len(sys.argv) < 6:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
