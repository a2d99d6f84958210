#!/usr/bin/python3
"""Reference outputs for ml-core's MXNet IBN-Net augmentation (HslJitter, OpencvHls,
MxnetAffineCrop), from OpenCV's Python bindings, written to
../resources/golden/transforms/mxnet_aug.json.

MXNet's ImageRecordIter (src/io/image_aug_default.cc) does, with scale/aspect and HSL set:
  M = [[hs, 0, tx], [0, ws, ty]] in float32 with hs = 2s/(1+r), ws = r*hs, output size
  (int)(s*W) x (int)(s*H), t = (output size - scaled size)/2; cv2.warpAffine bilinear, constant
  border fill_value; a crop at (top, left); cvtColor BGR2HLS, add (h, l, s) offsets clamped to
  [0,180] / [0,255] / [0,255], cvtColor back.
Here the same steps run with OpenCV for fixed parameters. The input is make_golden_transforms.py's
integer pattern. Besides fixed cases, the HLS conversion of all 2^24 colours is summarized (per
channel sums and the number of colours whose round trip is exact) so Java can check the whole cube.

Needs numpy and OpenCV (Debian python3-opencv, or pip opencv-python-headless in a venv):
  python ml-core/src/test/python/make_golden_mxnet_aug.py
"""
import json
import pathlib

import cv2
import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden" / "transforms" / "mxnet_aug.json"


def pattern(h, w):
    """uint8 HWC RGB: ((37x + 91y + 71c + 11((xy) mod 29)) xor (xy)) mod 256."""
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    return (((37 * x + 91 * y + 71 * c + 11 * ((x * y) % 29)) ^ (x * y)) & 255).astype(np.uint8)


def u8(a):
    return [int(v) for v in np.asarray(a, dtype=np.uint8).reshape(-1)]


def all_colours():
    v = np.arange(1 << 24, dtype=np.uint32)
    rgb = np.stack([(v >> 16) & 255, (v >> 8) & 255, v & 255], axis=-1).astype(np.uint8)
    return rgb.reshape(4096, 4096, 3)


def hls_summary():
    rgb = all_colours()
    hls = cv2.cvtColor(rgb, cv2.COLOR_RGB2HLS)
    back = cv2.cvtColor(hls, cv2.COLOR_HLS2RGB)
    exact = int(np.all(back == rgb, axis=-1).sum())
    return {"hueSum": int(hls[..., 0].astype(np.int64).sum()),
            "lightnessSum": int(hls[..., 1].astype(np.int64).sum()),
            "saturationSum": int(hls[..., 2].astype(np.int64).sum()),
            "hueMax": int(hls[..., 0].max()),
            "exactRoundTrips": exact}


def hls_samples():
    rng = np.random.default_rng(5)
    rgb = rng.integers(0, 256, size=(1, 3000, 3), dtype=np.uint8)
    hls = rng.integers(0, 256, size=(1, 3000, 3), dtype=np.uint8)
    hls[..., 0] = rng.integers(0, 181, size=(1, 3000), dtype=np.uint8)
    return {"rgb": u8(rgb), "hls": u8(cv2.cvtColor(rgb, cv2.COLOR_RGB2HLS)),
            "hlsIn": u8(hls), "rgbOut": u8(cv2.cvtColor(hls, cv2.COLOR_HLS2RGB))}


def jitter(img, h, s, l):
    hls = cv2.cvtColor(img, cv2.COLOR_RGB2HLS).astype(np.int32)
    hls[..., 0] = np.clip(hls[..., 0] + h, 0, 180)
    hls[..., 1] = np.clip(hls[..., 1] + l, 0, 255)
    hls[..., 2] = np.clip(hls[..., 2] + s, 0, 255)
    return cv2.cvtColor(hls.astype(np.uint8), cv2.COLOR_HLS2RGB)


def jitter_cases(img):
    return [{"hue": h, "saturation": s, "lightness": l, "output": u8(jitter(img, h, s, l))}
            for h, s, l in [(30, -40, 45), (-36, 50, -50), (36, 0, 0), (0, 0, 0)]]


def warp(img, scale, ratio, top, left, size, fill):
    f = np.float32
    scale, ratio = f(scale), f(ratio)
    hs = f(2) * scale / (f(1) + ratio)
    ws = ratio * hs
    rows, cols = img.shape[:2]
    new_w, new_h = scale * f(cols), scale * f(rows)
    m = np.array([[hs, 0, (new_w - hs * f(cols)) / f(2)], [0, ws, (new_h - ws * f(rows)) / f(2)]], dtype=np.float32)
    out = cv2.warpAffine(img, m, (int(new_w), int(new_h)), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=(fill, fill, fill))
    return out[top:top + size, left:left + size]


def warp_cases():
    cases = []
    # (height, width) stored at shorter side 69 = round(32 * 480 / 224): no virtual resize.
    for h, w, scale, ratio, top, left in [(69, 92, 0.667, 0.75, 7, 3), (69, 92, 0.8, 1.25, 0, 40),
                                          (92, 69, 1.0, 1.0, 60, 37), (69, 69, 0.7, 1.2, 14, 0),
                                          (69, 80, 0.95, 0.8, 33, 44)]:
        img = pattern(h, w)
        cases.append({"height": h, "width": w, "scale": scale, "ratio": ratio, "top": top, "left": left,
                      "size": 32, "fill": 127, "output": u8(warp(img, scale, ratio, top, left, 32, 127))})
    return cases


def main():
    golden = {"opencv": cv2.__version__, "hlsSummary": hls_summary(), "hlsSamples": hls_samples(),
              "jitter": jitter_cases(pattern(16, 20)), "warp": warp_cases()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(golden, separators=(",", ":")))
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
