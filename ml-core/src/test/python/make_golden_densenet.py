#!/usr/bin/python3
"""Reference values for ml-core's DenseNet and MXNet-IBN-Net backbones, computed with PyTorch
(Debian python3-torch 1.13, python3-torchvision 0.14), written to
../resources/golden/backbone/densenet_v2.json.

Run from anywhere:  /usr/bin/python3 ml-core/src/test/python/make_golden_densenet.py

Reference models:
  * densenetNNN           torchvision.models.densenetNNN, as is.
  * densenetNNN_ibn_a     torchvision's DenseNet with norm1 of denselayer1, 4, 7, ... in blocks 1-3
                          replaced by a BN-first IBN (60% BN, 40% affine IN), as IBN-Net's
                          densenet_ibn.py builds it.
  * resnetNNN_v2[_ibn_a]  PreActResNet below: the MXNet seed's symbol_resnet_ibn_a.py as a torch
                          module tree (names follow the MXNet op names, dotted), without bn_data.
  * resnextNNN_32x4d_w_d_v2_ibn_a
                          ResNeXtWdV2 below: symbol_resnext_ibn_a_w_d_v2.py with both dangling-layer
                          bugs fixed (stem conv01 -> conv02 -> conv03; unit conv1 -> IBN), without
                          bn_data.
The file holds parameter counts (224 px, 1000 classes), state keys/shapes of a few models, one
IBN-a dense layer's forward/backward in float64, and whole-model inference logits with
deterministic weights (make_golden.py's fill) for densenet121_ibn_a, resnet50_v2_ibn_a and
resnext50_32x4d_w_d_v2_ibn_a. Everything is deterministic, so re-running reproduces the file.
"""
import json
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden"


def flat(t):
    """Values rounded to 9 significant digits: exact for float32 inputs, ~1e-9 for references."""
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def write(name, payload):
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    print("wrote", path.relative_to(OUT.parent.parent.parent.parent), path.stat().st_size, "bytes")


class SplitNorm(nn.Module):
    """IBN: channels split in two, affine IN on one part, BN on the other, concatenated back.

    bn_first=False (ResNets, MXNet ibn_block): the first int(C * ratio) channels get IN.
    bn_first=True (densenet_ibn.py): the first int(C * (1 - ratio)) channels get BN.
    Children are registered in split order, so state keys come out in that order.
    """

    def __init__(self, channels, ratio, bn_first):
        super().__init__()
        self.bn_first = bn_first
        if bn_first:
            self.cut = int(channels * (1 - ratio))
            self.BN = nn.BatchNorm2d(self.cut)
            self.IN = nn.InstanceNorm2d(channels - self.cut, affine=True)
        else:
            self.cut = int(channels * ratio)
            self.IN = nn.InstanceNorm2d(self.cut, affine=True)
            self.BN = nn.BatchNorm2d(channels - self.cut)

    def forward(self, x):
        a, b = x[:, : self.cut], x[:, self.cut:]
        if self.bn_first:
            return torch.cat((self.BN(a.contiguous()), self.IN(b.contiguous())), 1)
        return torch.cat((self.IN(a.contiguous()), self.BN(b.contiguous())), 1)


# ---------------------------------------------------------------- DenseNet
DENSENETS = {"densenet121": 121, "densenet161": 161, "densenet169": 169, "densenet201": 201}


def densenet(name, ibn, num_classes=1000):
    net = getattr(torchvision.models, name)(num_classes=num_classes)
    if ibn:
        for b in (1, 2, 3):
            block = getattr(net.features, f"denseblock{b}")
            for layer_name, layer in block.named_children():
                index = int(layer_name[len("denselayer"):]) - 1
                if index % 3 == 0:
                    # Assigning an existing attribute keeps its place in registration order.
                    layer.norm1 = SplitNorm(layer.norm1.num_features, 0.4, bn_first=True)
    return net


# ---------------------------------------------------------------- MXNet ResNet-v2 (pre-activation)
V2_UNITS = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3],
            152: [3, 8, 36, 3], 200: [3, 24, 36, 3], 269: [3, 30, 48, 8]}


def conv(cin, cout, k, stride=1, groups=1):
    return nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False)


class PreActBottleneck(nn.Module):
    def __init__(self, cin, filters, stride, project, ibn):
        super().__init__()
        width = filters // 4
        self.bn1 = SplitNorm(cin, 0.5, bn_first=False) if ibn else nn.BatchNorm2d(cin)
        self.conv1 = conv(cin, width, 1)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv2 = conv(width, width, 3, stride)
        self.bn3 = nn.BatchNorm2d(width)
        self.conv3 = conv(width, filters, 1)
        self.sc = conv(cin, filters, 1, stride) if project else None

    def forward(self, x):
        act1 = F.relu(self.bn1(x))
        out = self.conv1(act1)
        out = self.conv2(F.relu(self.bn2(out)))
        out = self.conv3(F.relu(self.bn3(out)))
        return out + (self.sc(act1) if self.sc is not None else x)


class PreActBasic(nn.Module):
    def __init__(self, cin, filters, stride, project, ibn):
        super().__init__()
        assert not ibn, "the seed's basic unit has no IBN"
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = conv(cin, filters, 3, stride)
        self.bn2 = nn.BatchNorm2d(filters)
        self.conv2 = conv(filters, filters, 3)
        self.sc = conv(cin, filters, 1, stride) if project else None

    def forward(self, x):
        act1 = F.relu(self.bn1(x))
        out = self.conv2(F.relu(self.bn2(self.conv1(act1))))
        return out + (self.sc(act1) if self.sc is not None else x)


class PreActResNet(nn.Module):
    def __init__(self, depth, ibn, num_classes=1000):
        super().__init__()
        bottleneck = depth >= 50
        filters = [64, 256, 512, 1024, 2048] if bottleneck else [64, 64, 128, 256, 512]
        unit = PreActBottleneck if bottleneck else PreActBasic
        self.conv0 = conv(3, 64, 7, 2)
        self.bn0 = nn.BatchNorm2d(64)
        cin = 64
        for s, count in enumerate(V2_UNITS[depth]):
            stage = nn.Sequential()
            for u in range(count):
                # The seed projects in every stage's first unit (dim_match=False), even 64 -> 64.
                stage.add_module(f"unit{u + 1}", unit(cin, filters[s + 1], 2 if s > 0 and u == 0 else 1,
                                                      u == 0, ibn and s < 3))
                cin = filters[s + 1]
            self.add_module(f"stage{s + 1}", stage)
        self.bn1 = nn.BatchNorm2d(cin)
        self.fc1 = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn0(self.conv0(x))), 3, 2, 1)
        for s in range(1, 5):
            x = getattr(self, f"stage{s}")(x)
        x = F.adaptive_avg_pool2d(F.relu(self.bn1(x)), 1).flatten(1)
        return self.fc1(x)


# ---------------------------------------------------------------- MXNet ResNeXt w_d_v2 (fixed)
class WdV2Unit(nn.Module):
    def __init__(self, cin, filters, stride, project, ibn, groups):
        super().__init__()
        width = filters // 2
        self.conv1 = conv(cin, width, 1)
        self.bn1 = SplitNorm(width, 0.5, bn_first=False) if ibn else nn.BatchNorm2d(width)
        self.conv2 = conv(width, width, 3, stride, groups)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = conv(width, filters, 1)
        self.bn3 = nn.BatchNorm2d(filters)
        if project:
            self.sc = conv(cin, filters, 3 if stride == 2 else 1, stride)
            self.sc_bn = nn.BatchNorm2d(filters)
        else:
            self.sc = None

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        shortcut = self.sc_bn(self.sc(x)) if self.sc is not None else x
        return F.relu(out + shortcut)


class ResNeXtWdV2(nn.Module):
    def __init__(self, depth, groups=32, drop=0.2, num_classes=1000):
        super().__init__()
        filters = [64, 256, 512, 1024, 2048]
        self.conv01, self.bn01 = conv(3, 64, 3), nn.BatchNorm2d(64)
        self.conv02, self.bn02 = conv(64, 64, 3), nn.BatchNorm2d(64)
        self.conv03, self.bn03 = conv(64, 64, 3, 2), nn.BatchNorm2d(64)
        cin = 64
        for s, count in enumerate(V2_UNITS[depth]):
            stage = nn.Sequential()
            for u in range(count):
                stage.add_module(f"unit{u + 1}", WdV2Unit(cin, filters[s + 1], 2 if s > 0 and u == 0 else 1,
                                                          u == 0, s < 3, groups))
                cin = filters[s + 1]
            self.add_module(f"stage{s + 1}", stage)
        self.drop = drop
        self.fc1 = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = F.relu(self.bn01(self.conv01(x)))
        x = F.relu(self.bn02(self.conv02(x)))
        x = F.relu(self.bn03(self.conv03(x)))
        x = F.max_pool2d(x, 3, 2, 1)
        for s in range(1, 5):
            x = getattr(self, f"stage{s}")(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc1(F.dropout(x, self.drop, self.training))


# ---------------------------------------------------------------- golden payload
def parameter_count(net):
    return sum(p.numel() for p in net.parameters())


def state(net):
    """State keys and shapes without num_batches_tracked (ml-core keeps no such buffer)."""
    items = [(k, v) for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")]
    return {"keys": [k for k, _ in items], "shapes": [list(v.shape) for _, v in items]}


def models():
    """Every registered name -> reference model at 224 px / 1000 classes."""
    table = {}
    for name in DENSENETS:
        table[name] = lambda n=name: densenet(n, ibn=False)
        table[name + "_ibn_a"] = lambda n=name: densenet(n, ibn=True)
    # Registered depths only (BackboneZooTest wants references for exactly the registered names):
    # basic units carry no IBN in the seed, so 18/34 are plain; 200/269 are not registered.
    for depth in (18, 34):
        table[f"resnet{depth}_v2"] = lambda d=depth: PreActResNet(d, ibn=False)
    for depth in (50, 101, 152):
        table[f"resnet{depth}_v2_ibn_a"] = lambda d=depth: PreActResNet(d, ibn=True)
    for depth in (50, 101, 152):
        table[f"resnext{depth}_32x4d_w_d_v2_ibn_a"] = lambda d=depth: ResNeXtWdV2(d)
    return table


def dense_layer_case():
    """One IBN-a dense layer (norm1 BN 60% | IN 40% - relu - conv1 1x1 - norm2 - relu - conv2 3x3)
    in float64 from float32 data: training-mode output and input gradient, then the running
    statistics after that step and an inference output with them."""
    g = torch.Generator().manual_seed(20261123)
    n, c, h, w, growth = 4, 12, 5, 5, 4  # 12 channels: BN int(7.2) = 7, IN 5
    layer = torchvision.models.densenet._DenseLayer(c, growth, 4, 0.0)
    layer.norm1 = SplitNorm(c, 0.4, bn_first=True)
    layer = layer.double()
    weights = {}
    with torch.no_grad():
        for key, value in layer.state_dict().items():
            if key.endswith("num_batches_tracked"):
                continue
            if key.endswith("running_var"):
                v = 1 + 0.5 * torch.rand(value.shape, generator=g)
            elif key.endswith("running_mean"):
                v = 0.2 * torch.randn(value.shape, generator=g)
            elif value.dim() == 1:  # norm affine: scales near 1, small shifts
                v = (1 + 0.3 * torch.randn(value.shape, generator=g)) if key.endswith("weight") \
                    else 0.2 * torch.randn(value.shape, generator=g)
            else:
                v = torch.randn(value.shape, generator=g) / (value[0].numel() ** 0.5)
            v = v.float().double()  # values exactly representable in float32
            value.copy_(v)
            weights[key] = {"shape": list(value.shape), "values": flat(v)}
    x = (torch.randn(n, c, h, w, generator=g) * 1.5 + 0.5).float()
    gy = torch.randn(n, growth, h, w, generator=g).float()
    xd = x.double().requires_grad_(True)
    layer.train()
    y = layer(xd)
    y.backward(gy.double())
    running = {k: flat(v) for k, v in layer.state_dict().items() if "running" in k}
    layer.eval()
    with torch.no_grad():
        y_eval = layer(x.double())
    return {
        "inChannels": c, "growth": growth, "shape": [n, c, h, w],
        "batchChannels": layer.norm1.cut,
        "weights": weights, "input": flat(x), "outputGrad": flat(gy),
        "output": flat(y), "inputGrad": flat(xd.grad),
        "runningAfterStep": running, "evalOutput": flat(y_eval),
    }


def fill(t, k):
    """make_golden.py's deterministic values: 0.05 sin(0.37 i + 1.3 k), the Java test recomputes them."""
    i = torch.arange(t.numel(), dtype=torch.float64)
    return 0.05 * torch.sin(0.37 * i + 1.3 * k)


def logits_case(net):
    """Inference logits (float64) with filled weights on a 1x3x72x72 input (> 64 px: full stem).
    Norm scales and running variances are filled near 1, as in make_golden.py's resnet18 case."""
    net = net.double().eval()
    with torch.no_grad():
        keys = [k for k in net.state_dict() if not k.endswith("num_batches_tracked")]
        for k, key in enumerate(keys):
            value = net.state_dict()[key]
            v = fill(value, k).view(value.shape)
            if key.endswith("running_var") or (key.endswith(".weight") and value.dim() == 1):
                v = v + 1.0
            value.copy_(v)
        x = torch.sin(0.011 * torch.arange(3 * 72 * 72, dtype=torch.float64)).view(1, 3, 72, 72)
        return {"inputShape": [1, 3, 72, 72], "logits": flat(net(x))}


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    counts = {}
    for name, make in models().items():
        counts[name] = parameter_count(make())
        print(f"{name:34s} {counts[name]:>12,d}")
    payload = {
        "parametersFor1000Classes": counts,
        "states": {name: state(models()[name]()) for name in
                   ("densenet121", "densenet121_ibn_a", "resnet50_v2_ibn_a", "resnet18_v2",
                    "resnext50_32x4d_w_d_v2_ibn_a")},
        "denseLayerIbnA": dense_layer_case(),
        "logits": {
            "densenet121_ibn_a": logits_case(densenet("densenet121", ibn=True, num_classes=10)),
            "resnet50_v2_ibn_a": logits_case(PreActResNet(50, ibn=True, num_classes=10)),
            "resnext50_32x4d_w_d_v2_ibn_a": logits_case(ResNeXtWdV2(50, num_classes=10)),
        },
    }
    write("backbone/densenet_v2.json", payload)


if __name__ == "__main__":
    main()
