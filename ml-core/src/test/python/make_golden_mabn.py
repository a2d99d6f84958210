#!/usr/bin/python3
"""Reference values for MABN, CenConv and Batch Renormalization, written to
../resources/golden/mabn/ and computed with Debian's python3-torch (1.13) in float64.

Run from anywhere:  /usr/bin/python3 ml-core/src/test/python/make_golden_mabn.py

This is an independent, deliberately literal implementation of the published maths
(seeds-spec D.1 / D.2 / D.3, docs/mabn.md), written from the formulas and not from ml-core's Java:

* MABN keeps a chronological Python list of every micro-batch statistic (one entry per
  normalization group of normBatchSize samples, in batch order) and evaluates each group's simple
  moving average by slicing the last S entries; the Java layer instead uses ring buffers and window
  matrices. The backward pass is written out as the closed-form rule of MABN.py
  (dx = (g - z * mean_gz) / sqrt(var + eps)), not derived by autograd.
* Batch Renormalization uses autograd through the group mean and deviation with r and d detached,
  as in Ioffe (2017).
* CenConv is F.conv2d on (W - mean W per filter), with autograd through the mean.

Everything is deterministic (fixed seeds); inputs are float32 values, references float64.
"""
import json
import math
import pathlib

import torch
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden" / "mabn"
EPS = 1e-5


def quantized(t):
    """float32 values on a 1/1024 grid: exact in JSON with few digits, so inputs stay small."""
    return (torch.round(t * 1024) / 1024).float()


def flat(t):
    """Values rounded to 9 significant digits: exact for float32 inputs, ~1e-9 for references."""
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def write(name, payload):
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    print("wrote", path, path.stat().st_size, "bytes")


# ---------------------------------------------------------------- MABN
class MabnReference:
    """MABN2d of MABN.py with statistics per normalization group, as the ImageNet variant does.

    One "micro-batch" = one group of nbs consecutive samples. Within an SGD iteration the groups
    are visited in batch order; each group's statistic is appended to the history and its moving
    average is the mean of the last S history entries (the D.3 sliding window). Warm-up and r
    follow D.1 with t = the SGD iteration (1-based).
    """

    def __init__(self, channels, nbs, window, warmup, renorm, r_max=5.0, momentum=0.98):
        self.c, self.nbs, self.s = channels, nbs, window
        self.warmup, self.renorm, self.r_max, self.momentum = warmup, renorm, r_max, momentum
        self.t = 0
        self.hist_x2 = []  # every micro-batch E[x^2], chronological
        self.hist_gz = []  # every micro-batch mean(g * z), chronological
        self.running_var = torch.ones(channels, dtype=torch.float64)

    def forward(self, x, w):
        self.t += 1
        n = x.shape[0]
        groups = n // self.nbs
        xs = x.view(groups, self.nbs, self.c, -1)
        self.saved = []
        psibars, rs, out = [], [], []
        for k in range(groups):
            psi = (xs[k] * xs[k]).mean(dim=(0, 2))
            self.hist_x2.append(psi)
            tau = len(self.hist_x2)
            moving = not (tau <= self.s or self.t < self.warmup)
            psibar = torch.stack(self.hist_x2[-self.s:]).mean(0) if moving else psi
            if self.t <= max(self.renorm, self.warmup):
                r = torch.ones_like(psibar)
            else:
                r = torch.clamp(torch.sqrt(psibar + EPS) / torch.sqrt(self.running_var + EPS),
                                1 / self.r_max, self.r_max)
            z = xs[k] / torch.sqrt(psibar + EPS).view(1, -1, 1)
            yhat = r.view(1, -1, 1) * z
            out.append(yhat)
            self.saved.append((z, psibar, r, moving))
            psibars.append(psibar)
            rs.append(r)
        self.running_var = (self.momentum * self.running_var
                            + (1 - self.momentum) * torch.stack(psibars).mean(0))
        yhat = torch.stack(out).view(x.shape)
        self.yhat = yhat
        y = w.view(1, -1, 1, 1) * yhat
        return y, torch.stack(rs)

    def backward(self, grad_out, w):
        groups = len(self.saved)
        gs = grad_out.view(groups, self.nbs, self.c, -1)
        dx = []
        for k in range(groups):
            z, psibar, r, moving = self.saved[k]
            g = gs[k] * w.view(1, -1, 1) * r.view(1, -1, 1)
            phi = (g * z).mean(dim=(0, 2))
            self.hist_gz.append(phi)
            phibar = torch.stack(self.hist_gz[-self.s:]).mean(0) if moving else phi
            dx.append((g - z * phibar.view(1, -1, 1)) / torch.sqrt(psibar + EPS).view(1, -1, 1))
        dx = torch.stack(dx).view(grad_out.shape)
        dw = (grad_out * self.yhat).sum(dim=(0, 2, 3))
        db = grad_out.sum(dim=(0, 2, 3))
        return dx, dw, db

    def ring(self, history):
        """The [S, C] ring buffer of MABN.py: entry tau (1-based) lives in row tau mod S."""
        buffer = torch.zeros(self.s, self.c, dtype=torch.float64)
        for tau in range(max(1, len(history) - self.s + 1), len(history) + 1):
            buffer[tau % self.s] = history[tau - 1]
        return buffer


def mabn_case(name, n, c, h, w_, nbs, window, warmup, renorm, iterations, scales, seed):
    g = torch.Generator().manual_seed(seed)
    ref = MabnReference(c, nbs, window, warmup, renorm)
    base_w = (1 + 0.3 * torch.randn(c, generator=g)).float()
    bias = (0.2 * torch.randn(c, generator=g)).float()
    steps = []
    clamped_low = clamped_high = 0
    for t in range(iterations):
        # Non-zero channel means: MABN does not centre, so the mean must matter.
        x = quantized(torch.randn(n, c, h, w_, generator=g) * scales[t]
                      + 0.5 * scales[t] * torch.linspace(-1, 1, c).view(1, c, 1, 1))
        weight = (base_w + 0.05 * t).float()  # changes every step, as after SGD updates
        grad_out = quantized(torch.randn(n, c, h, w_, generator=g))
        y, r = ref.forward(x.double(), weight.double())
        y = y + bias.double().view(1, -1, 1, 1)
        dx, dw, db = ref.backward(grad_out.double(), weight.double())
        clamped_low += int((r <= 1 / 5 + 1e-12).sum())
        clamped_high += int((r >= 5 - 1e-12).sum())
        steps.append({"input": flat(x), "weight": flat(weight), "outputGrad": flat(grad_out),
                      "output": flat(y), "inputGrad": flat(dx), "weightGrad": flat(dw),
                      "biasGrad": flat(db), "r": flat(r)})
    x = torch.randn(n, c, h, w_, generator=g).float()
    weight = (base_w + 0.05 * iterations).float()
    evaluation = (weight.double().view(1, -1, 1, 1) * x.double()
                  / torch.sqrt(ref.running_var + EPS).view(1, -1, 1, 1)
                  + bias.double().view(1, -1, 1, 1))
    print(f"  {name}: r clamped to 1/5 {clamped_low}x, to 5 {clamped_high}x")
    return {"name": name, "shape": [n, c, h, w_], "normBatchSize": nbs, "window": window,
            "warmupIters": warmup, "renormIters": renorm, "bias": flat(bias), "steps": steps,
            "iters": ref.t, "runningVar": flat(ref.running_var),
            "bufferX2": flat(ref.ring(ref.hist_x2)), "bufferGz": flat(ref.ring(ref.hist_gz)),
            "evalInput": flat(x), "evalWeight": flat(weight), "evalOutput": flat(evaluation),
            "clampedLow": clamped_low, "clampedHigh": clamped_high}


def mabn():
    # Scale jumps late in the run push sqrt(SMA) / sqrt(running_var) past 5 and below 1/5.
    scales = [1, 1.5, 0.7, 1, 2, 1, 0.8, 1, 1.2, 1, 12, 12, 0.05, 0.05, 0.05, 0.05]
    cases = [
        # One group per batch: exactly MABN.py's layer (B = batch, S iterations of history).
        mabn_case("one group, window 4", 8, 2, 2, 2, 8, 4, 6, 10, 16, scales, 11),
        # Four groups of 2, window 4 = batch / normBatchSize: the cls simulation of batch 8.
        mabn_case("four groups, window 4", 8, 2, 2, 2, 2, 4, 6, 10, 16, scales, 12),
        # Window 6 spans groups of two iterations; warm-up ends mid-batch (tau <= S rule).
        mabn_case("four groups, window 6", 8, 2, 2, 2, 2, 6, 2, 10, 16, scales, 13),
        # Window 2 shorter than the batch; r active from iteration 6.
        mabn_case("four groups, window 2", 8, 2, 2, 2, 2, 2, 3, 5, 16, scales, 14),
    ]
    write("mabn.json", {"eps": EPS, "momentum": 0.98, "rMax": 5.0, "cases": cases})


# ---------------------------------------------------------------- CenConv
def cenconv():
    g = torch.Generator().manual_seed(21)
    cases = []
    for kernel, stride, pad, cin, cout in [(3, 2, 1, 3, 4), (3, 1, 1, 2, 3), (1, 2, 0, 3, 5)]:
        x = torch.randn(2, cin, 6, 6, generator=g).float()
        weight = (0.4 * torch.randn(cout, cin, kernel, kernel, generator=g) + 0.1).float()
        xd = x.double().requires_grad_(True)
        wd = weight.double().requires_grad_(True)
        centred = wd - wd.mean(dim=(1, 2, 3), keepdim=True)
        y = F.conv2d(xd, centred, None, stride, pad)
        gy = torch.randn(y.shape, generator=g).float()
        y.backward(gy.double())
        cases.append({"kernel": kernel, "stride": stride, "inputShape": list(x.shape),
                      "weightShape": list(weight.shape), "outputShape": list(y.shape),
                      "input": flat(x), "weight": flat(weight), "outputGrad": flat(gy),
                      "output": flat(y), "inputGrad": flat(xd.grad), "weightGrad": flat(wd.grad)})
    write("cenconv.json", {"cases": cases})


# ---------------------------------------------------------------- Batch Renormalization
def brn_limits(t, freeze, r_end, d_end, r_limit, d_limit):
    """r_max and d_max at 1-based step t: (1, 0) up to `freeze`, then linear to the limits."""
    def ramp(end):
        return min(1.0, max(0.0, (t - freeze) / (end - freeze)))
    return 1 + (r_limit - 1) * ramp(r_end), d_limit * ramp(d_end)


def brn_case(name, n, c, h, w_, nbs, iterations, schedule, scales, seed, momentum=0.1):
    g = torch.Generator().manual_seed(seed)
    weight = (1 + 0.3 * torch.randn(c, generator=g)).float()
    bias = (0.2 * torch.randn(c, generator=g)).float()
    rm = torch.zeros(c, dtype=torch.float64)
    rv = torch.ones(c, dtype=torch.float64)
    groups = n // nbs
    steps = []
    for t in range(1, iterations + 1):
        r_max, d_max = brn_limits(t, **schedule)
        x = quantized(torch.randn(n, c, h, w_, generator=g) * scales[t - 1]
                      + scales[t - 1] * torch.linspace(-1, 2, c).view(1, c, 1, 1))
        gy = quantized(torch.randn(n, c, h, w_, generator=g))
        xd = x.double().requires_grad_(True)
        wd = weight.double().requires_grad_(True)
        bd = bias.double().requires_grad_(True)
        outs, means, variances, rs, ds = [], [], [], [], []
        for k in range(groups):
            part = xd[k * nbs:(k + 1) * nbs]
            mu = part.mean(dim=(0, 2, 3))
            var = ((part - mu.view(1, -1, 1, 1)) ** 2).mean(dim=(0, 2, 3))
            sigma = torch.sqrt(var + EPS)
            sigma_run = torch.sqrt(rv + EPS)
            r = torch.clamp(sigma.detach() / sigma_run, 1 / r_max, r_max)
            d = torch.clamp((mu.detach() - rm) / sigma_run, -d_max, d_max)
            xhat = (part - mu.view(1, -1, 1, 1)) / sigma.view(1, -1, 1, 1)
            xhat = xhat * r.view(1, -1, 1, 1) + d.view(1, -1, 1, 1)
            outs.append(wd.view(1, -1, 1, 1) * xhat + bd.view(1, -1, 1, 1))
            count = part[:, 0].numel()
            means.append(mu.detach())
            variances.append(var.detach() * count / (count - 1))
            rs.append(r)
            ds.append(d)
        y = torch.cat(outs, 0)
        y.backward(gy.double())
        rm = (1 - momentum) * rm + momentum * torch.stack(means).mean(0)
        rv = (1 - momentum) * rv + momentum * torch.stack(variances).mean(0)
        steps.append({"input": flat(x), "outputGrad": flat(gy), "output": flat(y),
                      "inputGrad": flat(xd.grad), "weightGrad": flat(wd.grad),
                      "biasGrad": flat(bd.grad), "rMax": r_max, "dMax": d_max,
                      "r": flat(torch.stack(rs)), "d": flat(torch.stack(ds))})
    x = torch.randn(n, c, h, w_, generator=g).float()
    evaluation = F.batch_norm(x.double(), rm, rv, weight.double(), bias.double(), False, 0.0, EPS)
    return {"name": name, "shape": [n, c, h, w_], "normBatchSize": nbs, "momentum": momentum,
            "schedule": schedule, "weight": flat(weight), "bias": flat(bias), "steps": steps,
            "steps_tracked": iterations, "runningMean": flat(rm), "runningVar": flat(rv),
            "evalInput": flat(x), "evalOutput": flat(evaluation)}


def brn():
    schedule = {"freeze": 2, "r_end": 8, "d_end": 6, "r_limit": 3.0, "d_limit": 5.0}
    scales = [1, 1, 3, 0.2, 1, 4, 0.3, 1, 6, 1]
    cases = [
        brn_case("one group", 8, 3, 2, 2, 8, 10, schedule, scales, 31),
        brn_case("four groups of 2", 8, 3, 2, 2, 2, 10, schedule, scales, 32),
    ]
    write("brn.json", {"eps": EPS, "cases": cases})


if __name__ == "__main__":
    torch.set_num_threads(1)
    mabn()
    cenconv()
    brn()
