#!/usr/bin/python3
"""Reference values for org.normlab.ml.detection.ops, written to
../resources/golden/detection/ops.json and computed with Debian's torchvision 0.14 (python3-torchvision,
torch 1.13). The pyenv python3 on PATH has no torch: run

    /usr/bin/python3 ml-core/src/test/python/make_golden_detection_ops.py

Everything here calls torchvision's own implementations (torchvision.ops.roi_align, nms,
batched_nms, box_iou, clip_boxes_to_image, remove_small_boxes, MultiScaleRoIAlign,
models.detection.anchor_utils.AnchorGenerator, models.detection._utils.BoxCoder and Matcher), so the
Java code is checked against values it did not compute. Inputs are float32 on a 1/64 grid (exact in
JSON); deterministic (fixed seeds).
"""
import json
import math
import pathlib
from collections import OrderedDict

import torch
import torchvision
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.ops import boxes as box_ops

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "golden" / "detection" / "ops.json"


def grid(t, step=64):
    return (torch.round(t * step) / step).float()


def flat(t):
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def ints(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def random_boxes(gen, n, extent, min_size=0.0, max_size=None):
    max_size = max_size or extent
    xy = torch.rand(n, 2, generator=gen) * extent
    wh = min_size + torch.rand(n, 2, generator=gen) * (max_size - min_size)
    return grid(torch.cat([xy, xy + wh], dim=1))


def box_cases(gen):
    a = random_boxes(gen, 7, 40.0, 1.0, 25.0)
    b = random_boxes(gen, 5, 40.0, 1.0, 25.0)
    # identical, disjoint, contained and zero-area boxes
    b = torch.cat([b, a[:1], torch.tensor([[100.0, 100.0, 110.0, 120.0], [2.0, 2.0, 2.0, 9.0]])])
    raw = grid(torch.randn(9, 4, generator=gen) * 30 + 20)
    raw = torch.cat([raw[:, :2], raw[:, :2] + grid(torch.rand(9, 2, generator=gen) * 50)], dim=1)
    small = torch.tensor([[0, 0, 1.5, 3], [0, 0, 3, 1.5], [1, 1, 3, 3], [0, 0, 2, 2.5], [5, 5, 5, 9]], dtype=torch.float32)
    return {
        "a": flat(a), "b": flat(b),
        "iou": flat(box_ops.box_iou(a, b)),
        "areaA": flat(box_ops.box_area(a)),
        "raw": flat(raw), "clipHeight": 30, "clipWidth": 45,
        "clipped": flat(box_ops.clip_boxes_to_image(raw, (30, 45))),
        "small": flat(small), "minSize": 2.0,
        "smallKept": ints(box_ops.remove_small_boxes(small, 2.0)),
    }


def coder_cases(gen):
    cases = []
    for weights in [(10.0, 10.0, 5.0, 5.0), (1.0, 1.0, 1.0, 1.0)]:
        coder = det_utils.BoxCoder(weights, bbox_xform_clip=math.log(1000.0 / 16))
        proposals = random_boxes(gen, 6, 50.0, 2.0, 30.0)
        gt = random_boxes(gen, 6, 50.0, 2.0, 30.0)
        targets = coder.encode_single(gt, proposals)
        # codes for 3 classes per box; some dw/dh far above the clamp
        codes = grid(torch.randn(6, 12, generator=gen) * 2)
        codes[0, 2] = 40.0
        codes[1, 7] = 60.0
        decoded = coder.decode_single(codes, proposals)
        cases.append({
            "weights": list(weights), "proposals": flat(proposals), "gt": flat(gt),
            "targets": flat(targets), "codes": flat(codes), "decoded": flat(decoded),
        })
    return cases


def roi_align_cases(gen):
    feats = grid(torch.randn(2, 3, 10, 13, generator=gen))
    # image coordinates; spatial_scale 0.5 below maps them onto the 10x13 map
    rois = torch.tensor([
        [0, 2.0, 3.0, 14.0, 11.0],
        [1, 0.0, 0.0, 26.0, 20.0],        # whole map
        [0, -6.0, -4.0, 31.0, 27.0],      # beyond every edge
        [1, 5.0, 5.0, 5.0, 5.0],          # degenerate
        [0, 3.3125, 2.125, 3.90625, 2.5],  # far smaller than a bin
        [1, 20.0, 16.0, 26.0, 20.0],      # touching the far corner
        [0, -3.0, 17.5, 4.0, 23.0],       # partly outside
        [1, 1.5, 0.25, 25.0, 6.0],        # wide, adaptive grid > 2 in x
    ], dtype=torch.float32)
    rand = random_boxes(gen, 4, 24.0, 0.5, 14.0)
    ids = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    rois = torch.cat([rois, torch.cat([ids, rand], dim=1)])
    cases = []
    for aligned in (False, True):
        for sampling in (2, 0):
            for out_h, out_w, scale in ((3, 4, 0.5), (7, 7, 0.5)):
                x = feats.clone().requires_grad_(True)
                out = torchvision.ops.roi_align(x, rois, (out_h, out_w), spatial_scale=scale,
                                                sampling_ratio=sampling, aligned=aligned)
                upstream = grid(torch.randn(out.shape, generator=gen))
                (out * upstream).sum().backward()
                cases.append({
                    "aligned": aligned, "samplingRatio": sampling, "outputHeight": out_h,
                    "outputWidth": out_w, "spatialScale": scale, "output": flat(out),
                    "upstream": flat(upstream), "inputGrad": flat(x.grad),
                })
    return {"features": flat(feats), "featureShape": list(feats.shape), "rois": flat(rois), "cases": cases}


def roi_align_edge_cases(gen):
    """Sample points exactly on torchvision's borders: y == -1 and y == height are still read (from
    the first / last row), just beyond them nothing is; the same for x."""
    feats = grid(torch.randn(1, 2, 6, 7, generator=gen))
    rois = torch.tensor([
        [0, 0.0, 5.0, 7.0, 7.0],      # 1x1 output, one sample: centre y == 6 == height
        [0, 0.0, 5.5, 7.0, 7.5],      # centre y == 6.5: beyond
        [0, -3.0, -2.0, -1.0, 0.0],   # centre (-2, -1): x beyond, y == -1 on the border
        [0, -2.0, -2.0, 0.0, 0.0],    # centre (-1, -1): both on the border
        [0, 6.0, 0.0, 8.0, 2.0],      # centre x == 7 == width
        [0, 6.5, 1.0, 8.5, 3.0],      # centre x == 7.5: beyond
        [0, 1.0, 1.0, 3.0, 3.0],      # centre on pixel (2, 2)
        [0, 4.0, 2.0, 8.0, 8.0],      # samples on and past the far edges at ratio 2
    ], dtype=torch.float32)
    cases = []
    for aligned in (False, True):
        for sampling, out in ((1, 1), (2, 2), (0, 2)):
            x = feats.clone().requires_grad_(True)
            y = torchvision.ops.roi_align(x, rois, (out, out), spatial_scale=1.0,
                                          sampling_ratio=sampling, aligned=aligned)
            upstream = grid(torch.randn(y.shape, generator=gen))
            (y * upstream).sum().backward()
            cases.append({"aligned": aligned, "samplingRatio": sampling, "outputHeight": out,
                          "outputWidth": out, "spatialScale": 1.0, "output": flat(y),
                          "upstream": flat(upstream), "inputGrad": flat(x.grad)})
    return {"features": flat(feats), "featureShape": list(feats.shape), "rois": flat(rois), "cases": cases}


def multiscale_case(gen):
    image_h, image_w = 64, 96
    channels = 2
    names = ["p2", "p3", "p4", "p5"]
    shapes = [(image_h // s, image_w // s) for s in (4, 8, 16, 32)]
    feats = OrderedDict((n, grid(torch.randn(2, channels, h, w, generator=gen)).requires_grad_(True))
                        for n, (h, w) in zip(names, shapes))
    # sizes spread over all four levels (sqrt(area) from 8 to ~700), some beyond the image
    per_image = []
    for count in (9, 7):
        sizes = torch.exp(torch.rand(count, 1, generator=gen) * math.log(700 / 8)) * 8
        aspect = torch.exp((torch.rand(count, 1, generator=gen) - 0.5))
        w, h = sizes * aspect.sqrt(), sizes / aspect.sqrt()
        cx, cy = torch.rand(count, 1, generator=gen) * image_w, torch.rand(count, 1, generator=gen) * image_h
        per_image.append(grid(torch.cat([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], dim=1)))
    # exactly canonical (224x224 -> level 4) and exactly half (112x112 -> level 3)
    per_image[0][0] = torch.tensor([0.0, 0.0, 224.0, 224.0])
    per_image[0][1] = torch.tensor([10.0, 5.0, 122.0, 117.0])
    pooler = torchvision.ops.MultiScaleRoIAlign(names, output_size=(3, 3), sampling_ratio=2)
    out = pooler(feats, per_image, [(image_h, image_w)] * 2)
    upstream = grid(torch.randn(out.shape, generator=gen))
    (out * upstream).sum().backward()
    levels = pooler.map_levels(per_image) + 2
    return {
        "imageHeight": image_h, "imageWidth": image_w,
        "featureShapes": [list(f.shape) for f in feats.values()],
        "features": [flat(f) for f in feats.values()],
        "boxesPerImage": [flat(b) for b in per_image],
        "levels": ints(levels), "output": flat(out), "upstream": flat(upstream),
        "inputGrads": [flat(f.grad) for f in feats.values()],
    }


def nms_cases(gen):
    cases = []
    for n, threshold, tie_levels in ((40, 0.5, None), (60, 0.3, 5), (30, 0.7, 1)):
        boxes = random_boxes(gen, n, 60.0, 1.0, 30.0)
        if tie_levels is None:
            scores = torch.rand(n, generator=gen)
        else:
            # only tie_levels distinct scores: order among equal scores decides what is kept
            scores = (torch.randint(0, tie_levels, (n,), generator=gen).float() + 1) / (tie_levels + 1)
        # identical boxes (duplicates of 0 at 3 and 7, one with an equal score)
        boxes[3] = boxes[0]
        boxes[7] = boxes[0]
        scores[7] = scores[0]
        keep = torchvision.ops.nms(boxes, scores, threshold)
        cases.append({"boxes": flat(boxes), "scores": flat(scores), "threshold": threshold, "keep": ints(keep)})
    boxes = random_boxes(gen, 50, 60.0, 1.0, 30.0)
    scores = torch.rand(50, generator=gen)
    classes = torch.randint(0, 4, (50,), generator=gen)
    boxes[5] = boxes[4]  # identical boxes in different classes: both may survive
    classes[5] = (classes[4] + 1) % 4
    batched = torchvision.ops.batched_nms(boxes, scores, classes, 0.5)
    return {"single": cases, "batched": {"boxes": flat(boxes), "scores": flat(scores), "classes": ints(classes),
                                          "threshold": 0.5, "keep": ints(batched)}}


def anchor_case():
    sizes = ((32,), (64,), (128,), (256,), (512,))
    ratios = ((0.5, 1.0, 2.0),) * len(sizes)
    generator = AnchorGenerator(sizes, ratios)
    image_h, image_w = 100, 132
    grids = [(25, 33), (13, 17), (7, 9), (4, 5), (2, 3)]  # ceil(size / stride), as a padded FPN gives
    images = ImageList(torch.zeros(1, 3, image_h, image_w), [(image_h, image_w)])
    maps = [torch.zeros(1, 1, h, w) for h, w in grids]
    anchors = generator(images, maps)[0]
    counts = [h * w * 3 for h, w in grids]
    return {"sizes": [s[0] for s in sizes], "aspectRatios": list(ratios[0]), "imageHeight": image_h,
            "imageWidth": image_w, "grids": [list(g) for g in grids], "countsPerLevel": counts,
            "cellAnchors": [flat(c) for c in generator.cell_anchors], "anchors": flat(anchors)}


def matcher_cases(gen):
    cases = []
    for high, low, allow in ((0.7, 0.3, True), (0.7, 0.3, False), (0.5, 0.5, False)):
        gt = random_boxes(gen, 4, 50.0, 5.0, 30.0)
        preds = torch.cat([random_boxes(gen, 30, 50.0, 5.0, 30.0), gt[2:3]])
        quality = box_ops.box_iou(gt, preds)
        quality[:3, 11] = 0.7  # exactly the high threshold: a match (to gt 0, the first of equals)
        quality[:, 12] = 0.3  # exactly the low threshold: between
        # a gt whose best IoU (below low) is shared by two predictions: both get their best gt back
        quality[3] = 0.0
        quality[3, 5] = 0.1
        quality[3, 9] = 0.1
        matches = det_utils.Matcher(high, low, allow_low_quality_matches=allow)(quality)
        cases.append({"high": high, "low": low, "allowLowQuality": allow, "gts": 4, "preds": quality.shape[1],
                      "quality": flat(quality), "matches": ints(matches)})
    return cases


def main():
    gen = torch.Generator().manual_seed(20261123)
    payload = {
        "torch": torch.__version__, "torchvision": torchvision.__version__,
        "boxes": box_cases(gen), "coder": coder_cases(gen), "roiAlign": roi_align_cases(gen),
        "multiScale": multiscale_case(gen), "roiAlignEdges": roi_align_edge_cases(gen), "nms": nms_cases(gen), "anchors": anchor_case(),
        "matcher": matcher_cases(gen),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
