#!/usr/bin/python3
"""Reference values for ml-core's ResNet-family zoo (ResNet, ResNeXt, SE-ResNet, IBN-a, IBN-b),
computed with PyTorch (Debian python3-torch 1.13, python3-torchvision 0.14) and written to
../resources/golden/zoo/.

Run from anywhere:  /usr/bin/python3 ml-core/src/test/python/make_golden_zoo.py

What it writes:
- zoo/backbones.json: for every backbone name ml-core registers, the parameter count at 1000
  classes (3x224x224, stem width 64), the state-dict keys and shapes (without
  num_batches_tracked, which ml-core does not keep) as a SHA-256 digest plus their count, and the
  full key list for the 50-layer variants. Plain ResNets and ResNeXts come from torchvision; the
  IBN and SE variants from the reference definitions below (written for this script from the
  architecture description in seeds-spec A.1-A.4 and B, checked against the spec's key totals).
- zoo/ibn_blocks.json: forward outputs and input gradients of single IBN layers and IBN-a/IBN-b
  residual blocks with fixed weights, float64, in training mode, and the inference output after
  that one training step.

Deterministic: re-running reproduces the committed files.
"""
import hashlib
import json
import pathlib

import torch
import torch.nn as nn
import torchvision
from torchvision.models import resnet as tv

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden" / "zoo"


def flat(t):
    """Values rounded to 9 significant digits: exact for float32 inputs, ~1e-9 for references."""
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def write(name, payload):
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    print("wrote", path, path.stat().st_size, "bytes")


# ---------------------------------------------------------------- reference definitions
class SplitNorm(nn.Module):
    """IBN layer: channels split in two; one part affine InstanceNorm ('IN'), the other
    BatchNorm ('BN'). instance_first: the first int(C*ratio) channels are IN (ResNets);
    otherwise the first int(C*(1-ratio)) are BN (DenseNet). Registered in split order."""

    def __init__(self, channels, ratio=0.5, instance_first=True):
        super().__init__()
        self.instance_first = instance_first
        if instance_first:
            self.cut = int(channels * ratio)
            self.IN = nn.InstanceNorm2d(self.cut, affine=True)
            self.BN = nn.BatchNorm2d(channels - self.cut)
        else:
            self.cut = int(channels * (1 - ratio))
            self.BN = nn.BatchNorm2d(self.cut)
            self.IN = nn.InstanceNorm2d(channels - self.cut, affine=True)

    def forward(self, x):
        head, tail = x[:, :self.cut], x[:, self.cut:]
        if self.instance_first:
            return torch.cat([self.IN(head), self.BN(tail)], dim=1)
        return torch.cat([self.BN(head), self.IN(tail)], dim=1)


class Gate(nn.Module):
    """Squeeze-and-excitation: pool, Linear(C, C//16) - ReLU - Linear(C//16, C) - sigmoid, scale."""

    def __init__(self, channels, reduction=16):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(channels, channels // reduction, bias=False), nn.ReLU(),
                                nn.Linear(channels // reduction, channels, bias=False), nn.Sigmoid())

    def forward(self, x):
        gate = self.fc(x.mean(dim=(2, 3)))
        return x * gate[:, :, None, None]


def shortcut(cin, cout, stride):
    if stride == 1 and cin == cout:
        return None
    return nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))


class Basic(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride, ibn_a, post_in, cardinality=1, group_width=64, se=False):
        super().__init__()
        assert cardinality == 1 and group_width == 64 and not se
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = SplitNorm(planes) if ibn_a else nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        if post_in:
            self.IN = nn.InstanceNorm2d(planes, affine=True)
        self.downsample = shortcut(cin, planes, stride)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        y = y + (x if self.downsample is None else self.downsample(x))
        if hasattr(self, "IN"):
            y = self.IN(y)
        return torch.relu(y)


class Bottle(nn.Module):
    expansion = 4

    def __init__(self, cin, planes, stride, ibn_a, post_in, cardinality=1, group_width=64, se=False):
        super().__init__()
        width = (planes * group_width // 64) * cardinality
        cout = planes * 4
        self.conv1 = nn.Conv2d(cin, width, 1, bias=False)
        self.bn1 = SplitNorm(width) if ibn_a else nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, groups=cardinality, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        if post_in:
            self.IN = nn.InstanceNorm2d(cout, affine=True)
        if se:
            self.se = Gate(cout)
        self.downsample = shortcut(cin, cout, stride)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = torch.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        if hasattr(self, "se"):
            y = self.se(y)
        y = y + (x if self.downsample is None else self.downsample(x))
        if hasattr(self, "IN"):
            y = self.IN(y)
        return torch.relu(y)


class Net(nn.Module):
    """ResNet family. ibn: None, 'a' (split norm after conv1 in every block of stages 1-3) or 'b'
    (IN stem norm; IN after the sum in the last block of stages 1-2, never a stage's first)."""

    def __init__(self, block, depths, ibn=None, cardinality=1, group_width=64, se=False,
                 classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.InstanceNorm2d(64, affine=True) if ibn == "b" else nn.BatchNorm2d(64)
        cin = 64
        for stage, blocks in enumerate(depths, start=1):
            planes = 64 * 2 ** (stage - 1)
            units = []
            for i in range(blocks):
                units.append(block(cin, planes, 2 if (i == 0 and stage > 1) else 1,
                                   ibn_a=(ibn == "a" and stage <= 3),
                                   post_in=(ibn == "b" and stage <= 2 and 0 < i == blocks - 1),
                                   cardinality=cardinality, group_width=group_width, se=se))
                cin = planes * block.expansion
            setattr(self, f"layer{stage}", nn.Sequential(*units))
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = nn.functional.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        for stage in range(1, 5):
            x = getattr(self, f"layer{stage}")(x)
        return self.fc(x.mean(dim=(2, 3)))


# ---------------------------------------------------------------- backbones
D18, D34, D101, D152 = [2, 2, 2, 2], [3, 4, 6, 3], [3, 4, 23, 3], [3, 8, 36, 3]
BACKBONES = {}  # name -> (reference text, constructor)


def tv_resnext(depths):
    return lambda: tv.ResNet(tv.Bottleneck, depths, groups=32, width_per_group=4)


for depth, block, depths in [(18, Basic, D18), (34, Basic, D34), (50, Bottle, D34),
                             (101, Bottle, D101), (152, Bottle, D152)]:
    name = f"resnet{depth}"
    BACKBONES[name] = (f"torchvision.models.{name}()", getattr(torchvision.models, name))
    for ibn in "ab":
        BACKBONES[f"{name}_ibn_{ibn}"] = (
            f"make_golden_zoo.Net({block.__name__}, {depths}, ibn='{ibn}')",
            lambda block=block, depths=depths, ibn=ibn: Net(block, depths, ibn=ibn))
BACKBONES["resnet10"] = ("torchvision ResNet(BasicBlock, [1, 1, 1, 1])",
                         lambda: tv.ResNet(tv.BasicBlock, [1, 1, 1, 1]))
for depth, depths in [(50, D34), (101, D101), (152, D152)]:
    name = f"resnext{depth}_32x4d"
    reference = (f"torchvision.models.{name}()" if depth == 50 else
                 f"torchvision ResNet(Bottleneck, {depths}, groups=32, width_per_group=4)")
    BACKBONES[name] = (reference, tv_resnext(depths))
    BACKBONES[name + "_ibn_a"] = (
        f"make_golden_zoo.Net(Bottle, {depths}, ibn='a', cardinality=32, group_width=4)",
        lambda depths=depths: Net(Bottle, depths, ibn="a", cardinality=32, group_width=4))
    name = f"se_resnet{depth}"
    BACKBONES[name] = (f"make_golden_zoo.Net(Bottle, {depths}, se=True)",
                       lambda depths=depths: Net(Bottle, depths, se=True))
    BACKBONES[name + "_ibn_a"] = (f"make_golden_zoo.Net(Bottle, {depths}, ibn='a', se=True)",
                                  lambda depths=depths: Net(Bottle, depths, ibn="a", se=True))

FULL_KEY_LISTS = {"resnet50", "resnet50_ibn_a", "resnet50_ibn_b", "resnext50_32x4d_ibn_a",
                  "se_resnet50_ibn_a", "resnet18_ibn_a", "resnet18_ibn_b"}


def state_digest(state):
    """SHA-256 of 'key d0,d1,...' lines joined by newlines; the Java test hashes the same text."""
    text = "\n".join(k + " " + ",".join(str(d) for d in v.shape) for k, v in state.items())
    return hashlib.sha256(text.encode()).hexdigest()


def backbones():
    payload = {}
    for name in sorted(BACKBONES):
        reference, make = BACKBONES[name]
        net = make()
        full = net.state_dict()
        state = {k: v for k, v in full.items() if not k.endswith("num_batches_tracked")}
        entry = {
            "reference": reference,
            "parameters": sum(p.numel() for p in net.parameters()),
            "stateKeys": len(state),
            "numBatchesTracked": len(full) - len(state),
            "stateSha256": state_digest(state),
        }
        if name in FULL_KEY_LISTS:
            entry["keys"] = list(state)
        payload[name] = entry
        print(f"{name:24s} {entry['parameters']:>10,d} params {len(full)} keys "
              f"({entry['numBatchesTracked']} num_batches_tracked)")
    cross_check(payload)
    write("backbones.json", {"input": [3, 224, 224], "classes": 1000, "backbones": payload})


def cross_check(payload):
    """The reference definitions against independent facts before anything is written."""
    # seeds-spec B: official key totals.
    assert payload["resnet50_ibn_a"]["stateKeys"] == 293
    assert payload["resnet50_ibn_a"]["numBatchesTracked"] == 53
    assert payload["resnet50_ibn_b"]["stateKeys"] == 269
    assert payload["resnet50_ibn_b"]["numBatchesTracked"] == 52
    # torchvision documentation: resnet50 25,557,032 and resnext50_32x4d 25,028,904 parameters.
    assert payload["resnet50"]["parameters"] == 25_557_032
    assert payload["resnext50_32x4d"]["parameters"] == 25_028_904
    # Net without IBN/SE is torchvision's ResNet, key for key.
    for make_ours, make_tv in [(lambda: Net(Bottle, D34), torchvision.models.resnet50),
                               (lambda: Net(Basic, D18), torchvision.models.resnet18),
                               (lambda: Net(Bottle, D101, cardinality=32, group_width=4),
                                tv_resnext(D101))]:
        ours, theirs = make_ours().state_dict(), make_tv().state_dict()
        assert [(k, v.shape) for k, v in ours.items()] == [(k, v.shape) for k, v in theirs.items()]
    # IBN-a swaps BN affine pairs for IN affine pairs one for one; IBN-b adds IN after two sums.
    assert payload["resnet50_ibn_a"]["parameters"] == payload["resnet50"]["parameters"]
    assert payload["resnet50_ibn_b"]["parameters"] == payload["resnet50"]["parameters"] + 2 * (256 + 512)


# ---------------------------------------------------------------- IBN numerics
# Inputs, output gradients and weights are fixed(shape, k, scale, offset) below; IbnNumericsTest
# recomputes them, so only the results are stored. k: the parameter's index among the module's
# parameters in registration order; INPUT and OUTPUT_GRAD for the other two.
INPUT, OUTPUT_GRAD = 100, 200


def fixed(shape, k, scale, offset=0.0):
    """offset + scale * sin(0.37 i + 1.3 k + 0.5) over the flat index i, rounded to float32."""
    n = 1
    for d in shape:
        n *= d
    i = torch.arange(n, dtype=torch.float64)
    return (offset + scale * torch.sin(0.37 * i + 1.3 * k + 0.5)).float().double().view(shape)


def set_weights(module):
    """Norm scales 1 +- 0.2, biases +- 0.2, weights +- 1.5 / sqrt(fan_in). Running stats 0 / 1."""
    with torch.no_grad():
        for k, (key, p) in enumerate(module.named_parameters()):
            if p.dim() == 1 and key.endswith("weight"):
                p.copy_(fixed(p.shape, k, 0.2, 1.0))
            elif p.dim() == 1:
                p.copy_(fixed(p.shape, k, 0.2))
            else:
                p.copy_(fixed(p.shape, k, 1.5 / p[0].numel() ** 0.5))


def case(name, module, shape, **description):
    module = module.double()
    set_weights(module)
    x = fixed(shape, INPUT, 1.5, 0.5).requires_grad_(True)
    y = module.train()(x)
    y.backward(fixed(y.shape, OUTPUT_GRAD, 1.0))
    with torch.no_grad():  # inference after that one training step (BN running stats updated)
        evaluated = module.eval()(x.detach())
    state = {k: v for k, v in module.state_dict().items() if not k.endswith("num_batches_tracked")}
    return {
        "name": name,
        **description,
        "inputShape": list(shape),
        "stateKeys": list(state),
        "output": flat(y),
        "inputGrad": flat(x.grad),
        "evalOutput": flat(evaluated),
    }


def ibn_blocks():
    cases = [
        case("ibn_layer_instance_first", SplitNorm(9, 0.5, True), (2, 9, 4, 4),
             channels=9, ratio=0.5, order="INSTANCE_FIRST"),
        case("ibn_layer_batch_first", SplitNorm(10, 0.4, False), (2, 10, 4, 4),
             channels=10, ratio=0.4, order="BATCH_FIRST"),
        # IBN-a basic block, first of stage 1 with a projection (ResNet-18/34).
        case("ibn_a_basic", Basic(8, 16, 2, ibn_a=True, post_in=False), (2, 8, 6, 6),
             block="BASIC", inChannels=8, planes=16, stride=2, ibn="a", stage=1, index=0,
             blocks=2, cardinality=1, widthPerGroup=64, squeezeExcite=False),
        # IBN-a SE bottleneck with projection (SE-ResNet-IBN-a).
        case("ibn_a_se_bottleneck", Bottle(16, 8, 2, ibn_a=True, post_in=False, se=True),
             (2, 16, 6, 6),
             block="BOTTLENECK", inChannels=16, planes=8, stride=2, ibn="a", stage=2, index=0,
             blocks=4, cardinality=1, widthPerGroup=64, squeezeExcite=True),
        # IBN-a ResNeXt bottleneck, grouped 3x3, identity shortcut.
        case("ibn_a_resnext_bottleneck",
             Bottle(32, 8, 1, ibn_a=True, post_in=False, cardinality=4, group_width=16),
             (2, 32, 4, 4),
             block="BOTTLENECK", inChannels=32, planes=8, stride=1, ibn="a", stage=3, index=1,
             blocks=6, cardinality=4, widthPerGroup=16, squeezeExcite=False),
        # IBN-b: last bottleneck of stage 1, IN after the residual sum.
        case("ibn_b_bottleneck", Bottle(32, 8, 1, ibn_a=False, post_in=True), (2, 32, 4, 4),
             block="BOTTLENECK", inChannels=32, planes=8, stride=1, ibn="b", stage=1, index=2,
             blocks=3, cardinality=1, widthPerGroup=64, squeezeExcite=False),
        # IBN-b: last basic block of stage 2.
        case("ibn_b_basic", Basic(16, 16, 1, ibn_a=False, post_in=True), (2, 16, 4, 4),
             block="BASIC", inChannels=16, planes=16, stride=1, ibn="b", stage=2, index=1,
             blocks=2, cardinality=1, widthPerGroup=64, squeezeExcite=False),
    ]
    write("ibn_blocks.json", {"eps": 1e-5, "momentum": 0.1, "cases": cases})


if __name__ == "__main__":
    torch.set_num_threads(1)
    backbones()
    ibn_blocks()
