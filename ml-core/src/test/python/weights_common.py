"""Shared by make_golden_weights.py and check_weights_export.py: the small torchvision-layout
ResNet, norm layers by ml-core's norm names, and .npz / .safetensors state-dict files.

Python's `safetensors` package is not in Debian, so safetensors is read and written by hand here:
8-byte little-endian header length, JSON header (dtype, shape, data_offsets), raw bytes.
"""
import json
import struct

import numpy as np
import torch
import torch.nn as nn
import torchvision
from torchvision.models.resnet import BasicBlock

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def norm_layer(norm):
    """ml-core's norm names: bn, in, gn:<groups> (eps 1e-5 everywhere, as in ml-core)."""
    if norm == "bn":
        return nn.BatchNorm2d
    if norm == "in":
        return lambda c: nn.InstanceNorm2d(c, affine=True)
    if norm.startswith("gn:"):
        groups = int(norm[3:])
        return lambda c: nn.GroupNorm(groups, c)
    raise ValueError(f"unknown norm {norm}")


class TinyResNet(nn.Module):
    """torchvision's ResNet with a configurable base width (torchvision fixes it at 64); same
    module names, so the same state-dict keys. ml-core: backbone resnet<depth>, baseWidth=width,
    input > 64 px (7x7/2 stem + max pool)."""

    def __init__(self, layers, width, num_classes, norm="bn"):
        super().__init__()
        make_norm = norm_layer(norm)
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
        self.bn1 = make_norm(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        for stage, blocks in enumerate(layers):
            setattr(self, f"layer{stage + 1}",
                    self._make_layer(width << stage, blocks, 1 if stage == 0 else 2, make_norm))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(width << 3, num_classes)

    def _make_layer(self, planes, blocks, stride, make_norm):
        downsample = None
        if stride != 1 or self.inplanes != planes:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes, 1, stride, bias=False),
                                       make_norm(planes))
        layers = [BasicBlock(self.inplanes, planes, stride, downsample, norm_layer=make_norm)]
        self.inplanes = planes
        layers += [BasicBlock(planes, planes, norm_layer=make_norm) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def build(arch, num_classes, norm):
    """arch: 'resnet18' (torchvision itself) or 'tiny' (TinyResNet [1,1,1,1], width 8)."""
    if arch == "resnet18":
        return torchvision.models.resnet18(num_classes=num_classes, norm_layer=norm_layer(norm))
    if arch == "tiny":
        return TinyResNet([1, 1, 1, 1], 8, num_classes, norm)
    raise ValueError(f"unknown arch {arch}")


def write_safetensors(path, arrays):
    """arrays: dict name -> numpy array (float32, float64 or int64)."""
    header, offset, chunks = {"__metadata__": {"format": "pt"}}, 0, []
    for name, a in arrays.items():
        raw = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": NAMES[a.dtype], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        chunks.append(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + length])
    data = blob[8 + length:]
    arrays = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = np.dtype(DTYPES[entry["dtype"]]).newbyteorder("<")
        arrays[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(entry["shape"])
    return arrays


def read_arrays(path):
    if str(path).endswith(".safetensors"):
        return read_safetensors(path)
    with np.load(path) as npz:
        return {k: npz[k] for k in npz.files}


def state_dict_from(path):
    """A state dict of torch tensors from an .npz or .safetensors file."""
    return {k: torch.from_numpy(np.array(v)) for k, v in read_arrays(path).items()}
