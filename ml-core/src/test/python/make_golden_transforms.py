#!/usr/bin/python3
"""Reference outputs for ml-core's image transforms, from Debian's torchvision 0.14 + Pillow and
torch 1.13, written to ../resources/golden/transforms/transforms.json.

The input image is an integer pattern both sides compute (see pattern()), with detail at every
scale so that antialiasing matters. Outputs are small (tens of pixels) to keep the file small;
the Java transforms take their sizes as parameters.

Run from anywhere:  /usr/bin/python3 ml-core/src/test/python/make_golden_transforms.py
"""
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F
import torchvision.transforms.functional as TF
from PIL import Image

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden" / "transforms" / "transforms.json"
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def pattern(h, w):
    """uint8 HWC RGB: ((37x + 91y + 71c + 11((xy) mod 29)) xor (xy)) mod 256."""
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    return (((37 * x + 91 * y + 71 * c + 11 * ((x * y) % 29)) ^ (x * y)) & 255).astype(np.uint8)


def u8(a):
    return [int(v) for v in np.asarray(a, dtype=np.uint8).reshape(-1)]


def floats(t):
    return [float(f"{v:.9g}") for v in t.reshape(-1).tolist()]


def pil_cases(img):
    """torchvision's resized_crop / resize on PIL images: PIL's antialiased bilinear in uint8."""
    pil = Image.fromarray(img)
    cases = []
    for top, left, h, w, size in [(5, 7, 60, 90, 24), (0, 0, 97, 131, 32), (40, 50, 17, 23, 40),
                                  (10, 3, 33, 33, 33), (1, 2, 80, 31, 19)]:
        out = TF.resized_crop(pil, top, left, h, w, [size, size], TF.InterpolationMode.BILINEAR)
        cases.append({"top": top, "left": left, "height": h, "width": w, "size": size,
                      "output": u8(np.asarray(out))})
    return cases


def ibn_val(img, resize, crop):
    """Resize(shorter side) + CenterCrop + ToTensor + Normalize, as IBN-Net's validation."""
    pil = Image.fromarray(img)
    t = TF.normalize(TF.to_tensor(TF.center_crop(TF.resize(pil, resize, TF.InterpolationMode.BILINEAR), crop)),
                     MEAN, STD)
    return {"resize": resize, "crop": crop, "output": floats(t)}


def bilinear_cases(img):
    """Bilinear without antialiasing, half-pixel centres (cv2.INTER_LINEAR, MABN's resize), as
    torch.nn.functional.interpolate(align_corners=False), rounded half to even."""
    t = torch.from_numpy(img).permute(2, 0, 1).unsqueeze(0).double()
    cases = []
    for top, left, edge, size in [(5, 7, 60, 24), (-6, 20, 110, 30), (30, 40, 9, 28)]:
        h, w = img.shape[:2]
        padded = torch.zeros(1, 3, edge, edge, dtype=torch.float64)
        ys, xs = max(top, 0), max(left, 0)
        ye, xe = min(top + edge, h), min(left + edge, w)
        padded[:, :, ys - top:ye - top, xs - left:xe - left] = t[:, :, ys:ye, xs:xe]
        out = F.interpolate(padded, size=(size, size), mode="bilinear", align_corners=False)
        out = torch.round(out).clamp(0, 255).to(torch.uint8)[0].permute(1, 2, 0).numpy()
        cases.append({"top": top, "left": left, "edge": edge, "size": size, "output": u8(out)})
    return cases


def lighting(img):
    """MABN's LighteningJitter with a given alpha (cls/utils.py), in numpy's dtypes."""
    eigvec = np.array([[-0.5836, -0.6948, 0.4203], [-0.5808, -0.0045, -0.8140], [-0.5675, 0.7192, 0.4009]])
    eigval = np.array([0.2175, 0.0188, 0.0045])
    vecs = np.array(eigvec[::-1, :], dtype=np.float32)
    vals = np.array(eigval, dtype=np.float32)
    cases = []
    for alpha in [[0.1, -0.05, 0.2], [-0.3, 0.25, -0.1]]:
        x = np.ascontiguousarray(np.asarray(img, dtype=np.float32) / 255)
        x += (vecs @ (vals * np.array(alpha))).reshape([1, 1, -1])
        x = np.ascontiguousarray(x * 255)
        x.clip(0, 255, out=x)
        cases.append({"alpha": alpha, "output": u8(np.uint8(x))})
    return cases


img = pattern(97, 131)
small = pattern(12, 10)
payload = {
    "height": 97, "width": 131,
    "pilResizedCrop": pil_cases(img),
    "ibnValidation": [ibn_val(img, 48, 40), ibn_val(pattern(131, 97), 40, 32)],
    "bilinear": bilinear_cases(img),
    "lighting": {"height": 12, "width": 10, "cases": lighting(small)},
}
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps(payload, separators=(",", ":")) + "\n")
print("wrote", OUT, OUT.stat().st_size, "bytes")
