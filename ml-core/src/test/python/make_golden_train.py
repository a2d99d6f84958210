#!/usr/bin/python3
"""Reference values for the recipe-related training tests, computed with Debian's PyTorch 1.13:
learning-rate schedules (MultiStepLR stepped per epoch, CosineAnnealingLR and LinearLR warmup
stepped per iteration) and label-smoothing cross-entropy. Written to
../resources/golden/train/recipes.json.

Run from anywhere:  /usr/bin/python3 ml-core/src/test/python/make_golden_train.py
"""
import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden" / "train" / "recipes.json"


def flat(t):
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def optimizer(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr, momentum=0.9)


def rates(lr, iterations_per_epoch, total, milestones=None, gamma=0.1, cosine=False, warmup=0,
          warmup_factor=1 / 3):
    """The rate of every iteration, each factor from its own torch scheduler:
    MultiStepLR stepped once per epoch (as IBN-Net's and MABN's train.py do), CosineAnnealingLR
    stepped per iteration, LinearLR(start_factor, total_iters=warmup) stepped per iteration
    (maskrcnn-benchmark's WarmupMultiStepLR 'linear' form)."""
    step_opt, cos_opt, warm_opt = optimizer(1.0), optimizer(1.0), optimizer(1.0)
    step = torch.optim.lr_scheduler.MultiStepLR(step_opt, milestones or [], gamma) if milestones else None
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(cos_opt, T_max=total) if cosine else None
    warm = (torch.optim.lr_scheduler.LinearLR(warm_opt, start_factor=warmup_factor, total_iters=warmup)
            if warmup else None)
    out = []
    for t in range(total):
        factor = 1.0
        if step:
            factor *= step_opt.param_groups[0]["lr"]
        if cos:
            factor *= cos_opt.param_groups[0]["lr"]
        if warm:
            factor *= warm_opt.param_groups[0]["lr"]
        out.append(lr * factor)
        if step and (t + 1) % iterations_per_epoch == 0:
            step.step()
        if cos:
            cos.step()
        if warm:
            warm.step()
    return out


def schedules():
    cases = [
        {"type": "multistep", "lr": 0.1, "iterationsPerEpoch": 5, "totalIterations": 60,
         "milestones": [3, 6, 9, 12], "gamma": 0.1, "warmupIterations": 0, "warmupFactor": 1 / 3},
        {"type": "multistep", "lr": 0.02, "iterationsPerEpoch": 10, "totalIterations": 50,
         "milestones": [2, 4], "gamma": 0.1, "warmupIterations": 7, "warmupFactor": 1 / 3},
        {"type": "cosine", "lr": 0.1, "iterationsPerEpoch": 4, "totalIterations": 40,
         "milestones": [], "gamma": 1.0, "warmupIterations": 0, "warmupFactor": 1 / 3},
        {"type": "cosine", "lr": 0.4, "iterationsPerEpoch": 4, "totalIterations": 40,
         "milestones": [], "gamma": 1.0, "warmupIterations": 8, "warmupFactor": 0.1},
        {"type": "constant", "lr": 0.05, "iterationsPerEpoch": 4, "totalIterations": 12,
         "milestones": [], "gamma": 1.0, "warmupIterations": 5, "warmupFactor": 0.5},
    ]
    for c in cases:
        c["rates"] = rates(c["lr"], c["iterationsPerEpoch"], c["totalIterations"],
                           milestones=c["milestones"] if c["type"] == "multistep" else None,
                           gamma=c["gamma"], cosine=c["type"] == "cosine",
                           warmup=c["warmupIterations"], warmup_factor=c["warmupFactor"])
    return cases


def label_smoothing():
    g = torch.Generator().manual_seed(5)
    n, k = 6, 10
    logits = (3 * torch.randn(n, k, generator=g)).float()
    labels = torch.randint(0, k, (n,), generator=g)
    cases = []
    for eps in [0.0, 0.1, 0.25]:
        x = logits.double().requires_grad_(True)
        loss = torch.nn.CrossEntropyLoss(label_smoothing=eps)(x, labels)
        loss.backward()
        cases.append({"labelSmoothing": eps, "loss": float(loss), "logitsGrad": flat(x.grad)})
    return {"shape": [n, k], "logits": flat(logits), "labels": labels.tolist(), "cases": cases}


OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"schedules": schedules(), "crossEntropy": label_smoothing()},
                          separators=(",", ":")) + "\n")
print("wrote", OUT, OUT.stat().st_size, "bytes")
