#!/usr/bin/python3
"""Reference values for ml-core's numeric tests, computed with PyTorch (Debian python3-torch
1.13 and python3-torchvision 0.14), written to ../resources/golden/.

Run from anywhere:  /usr/bin/python3 ml-core/src/test/python/make_golden.py

Everything is deterministic (fixed seeds, float64 math for the norm references), so re-running
reproduces the committed files. The Java tests load these files and compare with tolerances
stated next to each assertion.
"""
import json
import math
import pathlib

import torch
import torch.nn.functional as F
import torchvision

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden"
EPS = 1e-5


def flat(t):
    """Values rounded to 9 significant digits: exact for float32 inputs, ~1e-9 for references."""
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def write(name, payload):
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    print("wrote", path.relative_to(OUT.parent.parent.parent.parent), path.stat().st_size, "bytes")


# ---------------------------------------------------------------- norms
def norm_case(kind, x32, weight32, bias32, gy32, **extra):
    """Forward, input/affine gradients in float64 from float32 inputs."""
    x = x32.double().requires_grad_(True)
    w = weight32.double().requires_grad_(True)
    b = bias32.double().requires_grad_(True)
    n, c = x.shape[:2]
    result = {}
    if kind == "gn":
        y = F.group_norm(x, extra["groups"], w, b, EPS)
    elif kind == "ln":  # one group: statistics over (C, H, W), affine per channel
        y = F.group_norm(x, 1, w, b, EPS)
    elif kind == "in":
        y = F.instance_norm(x, weight=w, bias=b, use_input_stats=True, eps=EPS)
    elif kind == "bn":
        nb = extra["normBatchSize"]
        groups = n // nb
        # Reference for grouped BN: torch's own batch_norm applied to each group separately.
        parts = [F.batch_norm(x[g * nb:(g + 1) * nb], None, None, w, b, True, 0.0, EPS)
                 for g in range(groups)]
        y = torch.cat(parts, 0)
        # Running statistics: one momentum-0.1 step with the average over groups of each group's
        # batch mean and unbiased variance (the documented ml-core semantics).
        means = torch.stack([x[g * nb:(g + 1) * nb].detach().mean(dim=(0, 2, 3)) for g in range(groups)])
        vars_ = torch.stack([x[g * nb:(g + 1) * nb].detach().var(dim=(0, 2, 3), unbiased=True)
                             for g in range(groups)])
        rm0 = torch.zeros(c, dtype=torch.float64)
        rv0 = torch.ones(c, dtype=torch.float64)
        rm = 0.9 * rm0 + 0.1 * means.mean(0)
        rv = 0.9 * rv0 + 0.1 * vars_.mean(0)
        result["runningMean"] = flat(rm)
        result["runningVar"] = flat(rv)
        # Inference with those running statistics.
        result["evalOutput"] = flat(F.batch_norm(x.detach(), rm, rv, w.detach(), b.detach(), False, 0.0, EPS))
    else:
        raise ValueError(kind)
    y.backward(gy32.double())
    result.update({
        "kind": kind,
        **extra,
        "output": flat(y),
        "inputGrad": flat(x.grad),
        "weightGrad": flat(w.grad),
        "biasGrad": flat(b.grad),
    })
    return result


def norms():
    g = torch.Generator().manual_seed(20261123)
    n, c, h, w = 8, 8, 4, 4
    # Non-zero means and varied scales per channel, so centering and scaling both matter.
    x = (torch.randn(n, c, h, w, generator=g) * torch.linspace(0.5, 3.0, c).view(1, c, 1, 1)
         + torch.linspace(-2.0, 2.0, c).view(1, c, 1, 1)).float()
    weight = (1 + 0.5 * torch.randn(c, generator=g)).float()
    bias = (0.3 * torch.randn(c, generator=g)).float()
    gy = torch.randn(n, c, h, w, generator=g).float()
    cases = [
        norm_case("gn", x, weight, bias, gy, groups=4),
        norm_case("gn", x, weight, bias, gy, groups=2),
        norm_case("ln", x, weight, bias, gy),
        norm_case("in", x, weight, bias, gy),
        norm_case("bn", x, weight, bias, gy, normBatchSize=2),
        norm_case("bn", x, weight, bias, gy, normBatchSize=4),
        norm_case("bn", x, weight, bias, gy, normBatchSize=8),
    ]
    write("norm/norms.json", {"eps": EPS, "shape": [n, c, h, w], "input": flat(x),
                              "weight": flat(weight), "bias": flat(bias), "outputGrad": flat(gy),
                              "cases": cases})


# ---------------------------------------------------------------- SGD
def sgd():
    g = torch.Generator().manual_seed(7)
    w0 = torch.randn(6, generator=g).float()
    grads = [torch.randn(6, generator=g).float() for _ in range(4)]
    lrs = [0.1, 0.1, 0.05, 0.01]  # a change of lr mid-run: state must be v, not lr*v
    cases = []
    for momentum, nesterov, wd in [(0.9, False, 1e-4), (0.9, True, 5e-4), (0.0, False, 1e-4), (0.9, False, 0.0)]:
        p = torch.nn.Parameter(w0.clone())
        opt = torch.optim.SGD([p], lr=lrs[0], momentum=momentum, nesterov=nesterov, weight_decay=wd)
        after = []
        for lr, grad in zip(lrs, grads):
            for group in opt.param_groups:
                group["lr"] = lr
            p.grad = grad.clone()
            opt.step()
            after.append(flat(p))
        cases.append({"momentum": momentum, "nesterov": nesterov, "weightDecay": wd,
                      "lrs": lrs, "w0": flat(w0), "grads": [flat(t) for t in grads], "after": after})
    write("sgd.json", {"cases": cases})


# ---------------------------------------------------------------- torchvision ResNet
def fill(t, k):
    """Deterministic values the Java test recomputes: 0.05 * sin(0.37 i + 1.3 k) (+1 for variances)."""
    i = torch.arange(t.numel(), dtype=torch.float64)
    return 0.05 * torch.sin(0.37 * i + 1.3 * k)


def resnets():
    from torchvision.models.resnet import BasicBlock, ResNet
    nets = {
        "resnet10": lambda: ResNet(BasicBlock, [1, 1, 1, 1], num_classes=10),
        "resnet18": lambda: torchvision.models.resnet18(num_classes=10),
        "resnet34": lambda: torchvision.models.resnet34(num_classes=10),
    }
    payload = {}
    for name, make in nets.items():
        net = make()
        state = {k: v for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}
        entry = {
            "keys": list(state.keys()),
            "shapes": [list(v.shape) for v in state.values()],
            "parametersFor1000Classes": sum(p.numel() for p in
                                            (ResNet(BasicBlock, [1, 1, 1, 1]) if name == "resnet10"
                                             else getattr(torchvision.models, name)()).parameters()),
        }
        if name == "resnet18":
            # Inference logits with deterministic weights, in float64, on a 3x72x72 input (> 64 px,
            # so ml-core picks the torchvision stem).
            net = net.double().eval()
            with torch.no_grad():
                for k, (key, value) in enumerate(state.items()):
                    v = fill(value, k).view(value.shape)
                    if key.endswith("running_var"):
                        v = v + 1.0
                    elif key.endswith(".weight") and value.dim() == 1:
                        v = v + 1.0  # norm scales near 1 keep activations in range
                    net.state_dict()[key].copy_(v)
                x = torch.sin(0.011 * torch.arange(3 * 72 * 72, dtype=torch.float64)).view(1, 3, 72, 72)
                entry["inputShape"] = [1, 3, 72, 72]
                entry["logits"] = flat(net(x))
        payload[name] = entry
    write("resnet/torchvision_resnets.json", payload)


if __name__ == "__main__":
    torch.set_num_threads(1)
    norms()
    sgd()
    resnets()
