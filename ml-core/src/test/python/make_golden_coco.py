#!/usr/bin/python3
"""Golden values for org.normlab.ml.detection.coco from the official pycocotools.

Writes, under ml-core/src/test/resources/golden/coco/:
  instances_golden.json   seeded random ground truth: 30 images of several sizes, 13 categories
                          (one without annotations), polygons (some of two parts), uncompressed and
                          compressed RLE masks, crowd regions, small/medium/large objects, a file
                          'area' that is the polygon's (not the mask's) area as in real COCO files
  results_bbox.json       detections with boxes only (jittered matches, duplicates, category swaps,
                          false positives, tied scores, one image with 130 detections)
  results_segm.json       the same detections with compressed-RLE masks and no box
  results_segm_bbox.json  masks and boxes (detectron2's format: loadRes then takes area = w*h)
  eval_golden.json        COCOeval's 12 stats for bbox/results_bbox, segm/results_segm,
                          segm/results_segm_bbox and bbox/results_segm
  rle_golden.json         encode (compressed string), area, toBbox of random masks; frPyObjects of
                          polygons and boxes; merge; iou of masks and boxes with crowd flags

Regenerate (no install needed; Debian's python3 3.11 has numpy):
  /usr/bin/python3 -m pip download --no-deps --only-binary=:all: --python-version 3.11 \
      pycocotools==2.0.11 -d /tmp/coco && mkdir -p /tmp/coco/site && \
      python3 -m zipfile -e /tmp/coco/pycocotools-*.whl /tmp/coco/site
  PYTHONPATH=/tmp/coco/site /usr/bin/python3 ml-core/src/test/python/make_golden_coco.py
The Java tests read these files; they never run python.
"""
import contextlib
import io
import json
import math
import os
import sys

import numpy as np
import pycocotools
from pycocotools import mask as mask_utils
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "coco")
SEED = 20261123


def polygon(rng, cx, cy, radius, points):
    """A star-shaped polygon around (cx, cy): sorted angles, radii 0.6-1.0 of radius."""
    angles = np.sort(rng.uniform(0, 2 * math.pi, points))
    radii = radius * rng.uniform(0.6, 1.0, points)
    xy = []
    for a, r in zip(angles, radii):
        xy += [round(float(cx + r * math.cos(a)), 2), round(float(cy + r * math.sin(a)), 2)]
    return xy


def shoelace(xy):
    x, y = np.array(xy[0::2]), np.array(xy[1::2])
    return float(0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))


def rle_json(rle):
    return {"size": [int(v) for v in rle["size"]], "counts": rle["counts"].decode("ascii")}


def uncompressed(mask):
    """Column-major runs of a row-major mask, as COCO writes crowd RLEs."""
    flat = mask.flatten(order="F")
    counts, value, run = [], 0, 0
    for v in flat:
        if v != value:
            counts.append(run)
            value, run = v, 0
        run += 1
    counts.append(run)
    return {"size": list(mask.shape), "counts": counts}


def ground_truth(rng):
    # 12 categories with objects and one without: 13 x 101 x 10 precision entries, more than
    # numpy's 8192-element reduction chunk, so the mean's summation order is exercised.
    categories = [{"id": i, "name": f"c{i}", "supercategory": "shape"} for i in range(1, 13)]
    categories.append({"id": 15, "name": "absent", "supercategory": "shape"})
    images, annotations = [], []
    image_ids = [3, 4, 7, 10, 11, 12, 20, 21, 22, 30, 31, 40, 41, 42, 50, 51, 52, 60, 61, 70,
                 71, 72, 80, 81, 90, 91, 92, 100, 101, 102]
    for image_id in image_ids:
        h, w = int(rng.integers(60, 320)), int(rng.integers(60, 320))
        images.append({"id": image_id, "file_name": f"{image_id:06d}.png", "width": w, "height": h})
        for _ in range(int(rng.integers(0, 14))):
            category = int(rng.integers(1, 13))
            radius = float(rng.choice([rng.uniform(2, 10), rng.uniform(10, 45), rng.uniform(45, 160)]))
            cx, cy = rng.uniform(-10, w + 10), rng.uniform(-10, h + 10)
            ann = {"id": len(annotations) + 1, "image_id": image_id, "category_id": category,
                   "iscrowd": 0}
            kind = rng.uniform()
            if kind < 0.1:  # crowd: several blobs as one uncompressed RLE, as COCO stores crowds
                parts = [polygon(rng, cx + rng.uniform(-30, 30), cy + rng.uniform(-30, 30),
                                 rng.uniform(4, 20), 7) for _ in range(4)]
                rle = mask_utils.merge(mask_utils.frPyObjects(parts, h, w))
                ann["segmentation"] = uncompressed(mask_utils.decode(rle))
                ann["iscrowd"] = 1
                ann["area"] = float(mask_utils.area(rle))
            elif kind < 0.2:  # a compressed RLE of a decoded polygon
                rle = mask_utils.frPyObjects([polygon(rng, cx, cy, radius, 9)], h, w)[0]
                ann["segmentation"] = rle_json(rle)
                ann["area"] = float(mask_utils.area(rle))
            else:
                parts = [polygon(rng, cx, cy, radius, int(rng.integers(3, 12)))]
                if rng.uniform() < 0.2:
                    parts.append(polygon(rng, cx + radius, cy, radius / 2, 5))
                ann["segmentation"] = parts
                rle = mask_utils.merge(mask_utils.frPyObjects(parts, h, w))
                ann["area"] = sum(shoelace(p) for p in parts)  # as COCO: polygon area
            if mask_utils.area(rle) == 0:
                continue
            ann["bbox"] = [float(v) for v in mask_utils.toBbox(rle)]
            annotations.append(ann)
    return {"images": images, "categories": categories, "annotations": annotations}


def detections(rng, gt):
    sizes = {im["id"]: (im["height"], im["width"]) for im in gt["images"]}
    out = []

    def score():
        # Two decimals, so equal scores (ties) occur within and across images.
        return round(float(rng.uniform(0.01, 1.0)), 2)

    def add(image_id, category, xy):
        h, w = sizes[image_id]
        rle = mask_utils.frPyObjects([xy], h, w)[0]
        if mask_utils.area(rle) == 0:
            return
        out.append({"image_id": image_id, "category_id": category, "score": score(), "rle": rle})

    for ann in gt["annotations"]:
        if rng.uniform() < 0.15:
            continue
        x, y, bw, bh = ann["bbox"]
        cx, cy = x + bw / 2, y + bh / 2
        radius = max(bw, bh) / 2
        # a swap to 13 names a category the ground truth lacks: COCOeval drops those results
        category = ann["category_id"] if rng.uniform() < 0.85 else int(rng.integers(1, 14))
        jitter = radius * rng.uniform(0, 0.15)
        if isinstance(ann["segmentation"], list):  # the first part, vertices moved a little
            xy = [round(float(v + rng.normal(0, jitter)), 2) for v in ann["segmentation"][0]]
        else:
            xy = polygon(rng, cx + rng.normal(0, jitter), cy + rng.normal(0, jitter),
                         radius * rng.uniform(0.8, 1.2), 10)
        add(ann["image_id"], category, xy)
        if rng.uniform() < 0.25:  # a duplicate
            add(ann["image_id"], category, polygon(rng, cx, cy, radius, 10))
    for im in gt["images"]:
        for _ in range(int(rng.integers(0, 4))):  # false positives anywhere
            add(im["id"], int(rng.integers(1, 13)), polygon(rng, rng.uniform(0, im["width"]),
                                                          rng.uniform(0, im["height"]), rng.uniform(3, 80), 6))
    crowded = gt["images"][3]
    for _ in range(130):  # more than maxDets=100 on one image
        add(crowded["id"], int(rng.integers(1, 4)), polygon(rng, rng.uniform(0, crowded["width"]),
                                                           rng.uniform(0, crowded["height"]), rng.uniform(3, 40), 5))
    return out


def results(dets, with_box, with_mask):
    out = []
    for d in dets:
        r = {"image_id": d["image_id"], "category_id": d["category_id"]}
        if with_box:
            r["bbox"] = [float(v) for v in mask_utils.toBbox(d["rle"])]
        r["score"] = d["score"]
        if with_mask:
            r["segmentation"] = rle_json(d["rle"])
        out.append(r)
    return out


def evaluate(gt_file, res_file, iou_type):
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt = COCO(gt_file)
        coco_dt = coco_gt.loadRes(res_file)
        e = COCOeval(coco_gt, coco_dt, iou_type)
        e.evaluate()
        e.accumulate()
        e.summarize()
    return [float(v) for v in e.stats]


def rle_golden(rng):
    masks = []
    for shape in [(1, 1), (3, 5), (7, 4), (16, 16), (31, 17), (40, 64)]:
        for density in [0.0, 0.1, 0.5, 1.0]:
            m = (rng.uniform(size=shape) < density).astype(np.uint8)
            if density == 0.5 and shape[0] > 8:  # also blocky masks with long runs
                m = np.zeros(shape, np.uint8)
                m[shape[0] // 4: shape[0] // 2, shape[1] // 3:] = 1
                m[-1, 0] = 1
            rle = mask_utils.encode(np.asfortranarray(m))
            masks.append({"height": shape[0], "width": shape[1],
                          "rowMajor": "".join(str(int(v)) for v in m.flatten()),
                          "compressed": rle["counts"].decode("ascii"),
                          "area": int(mask_utils.area(rle)),
                          "bbox": [float(v) for v in mask_utils.toBbox(rle)]})
    polygons = []
    cases = [[1, 1, 5, 1, 5, 4], [0.5, 0.5, 10.5, 0.5, 10.5, 10.5, 0.5, 10.5],
             [-5.3, -2.2, 30.7, 4.1, 12.0, 40.9], [2.25, 3.75, 2.25, 3.75, 9.9, 3.1, 6.0, 12.2]]
    for _ in range(40):
        h, w = int(rng.integers(5, 60)), int(rng.integers(5, 60))
        cases.append(polygon(rng, rng.uniform(-5, w + 5), rng.uniform(-5, h + 5),
                             rng.uniform(0.5, 40), int(rng.integers(3, 14))))
    for i, xy in enumerate(cases):
        h, w = (20, 24) if i < 4 else (int(rng.integers(5, 60)), int(rng.integers(5, 60)))
        rle = mask_utils.frPyObjects([xy], h, w)[0]
        polygons.append({"height": h, "width": w, "polygon": xy,
                         "compressed": rle["counts"].decode("ascii")})
    boxes = []
    for _ in range(10):
        h, w = int(rng.integers(5, 50)), int(rng.integers(5, 50))
        box = [round(float(v), 2) for v in (rng.uniform(-5, w), rng.uniform(-5, h),
                                            rng.uniform(0, w), rng.uniform(0, h))]
        rle = mask_utils.frPyObjects(np.array([box]), h, w)[0]
        boxes.append({"height": h, "width": w, "box": box, "compressed": rle["counts"].decode("ascii")})
    h, w = 30, 40
    pool = [mask_utils.frPyObjects([polygon(rng, rng.uniform(5, 35), rng.uniform(5, 25),
                                            rng.uniform(2, 15), 7)], h, w)[0] for _ in range(8)]
    merges = []
    for idx in [[0], [0, 1], [2, 3, 4], [5, 6, 7, 0]]:
        merges.append({"height": h, "width": w, "masks": [pool[i]["counts"].decode("ascii") for i in idx],
                       "union": mask_utils.merge([pool[i] for i in idx])["counts"].decode("ascii"),
                       "intersection": mask_utils.merge([pool[i] for i in idx], intersect=True)["counts"].decode("ascii")})
    crowd = [0, 1, 0, 1]
    dts, gts = pool[:4], pool[4:]
    mask_iou = mask_utils.iou(dts, gts, crowd)
    box_dt = [[float(v) for v in rng.uniform(0, 30, 4)] for _ in range(5)]
    box_gt = [[float(v) for v in rng.uniform(0, 30, 4)] for _ in range(4)] + [box_dt[0]]
    box_iou = mask_utils.iou(box_dt, box_gt, [0, 1, 0, 1, 0])
    return {"pycocotools": pycocotools.__version__ if hasattr(pycocotools, "__version__") else "2.0.11",
            "masks": masks, "polygons": polygons, "boxes": boxes, "merges": merges,
            "maskIou": {"height": h, "width": w,
                        "detections": [d["counts"].decode("ascii") for d in dts],
                        "groundTruths": [g["counts"].decode("ascii") for g in gts], "crowd": crowd,
                        "iou": mask_iou.tolist()},
            "boxIou": {"detections": box_dt, "groundTruths": box_gt, "crowd": [0, 1, 0, 1, 0],
                       "iou": box_iou.tolist()}}


def write(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, indent=None, separators=(",", ":"))
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(SEED)
    gt = ground_truth(rng)
    dets = detections(rng, gt)
    write("instances_golden.json", gt)
    files = {"bbox": results(dets, True, False), "segm": results(dets, False, True),
             "segm_bbox": results(dets, True, True)}
    for name, res in files.items():
        write(f"results_{name}.json", res)
    p = lambda n: os.path.join(OUT, n)
    stats = {
        "bbox": evaluate(p("instances_golden.json"), p("results_bbox.json"), "bbox"),
        "segm": evaluate(p("instances_golden.json"), p("results_segm.json"), "segm"),
        "segm_bbox": evaluate(p("instances_golden.json"), p("results_segm_bbox.json"), "segm"),
        "bbox_from_segm": evaluate(p("instances_golden.json"), p("results_segm.json"), "bbox"),
    }
    write("eval_golden.json", {"seed": SEED, "annotations": len(gt["annotations"]),
                               "detections": len(dets), "stats": stats})
    write("rle_golden.json", rle_golden(rng))
    for k, v in stats.items():
        print(k, " ".join(f"{x:.4f}" for x in v), file=sys.stderr)
    print(len(gt["annotations"]), "annotations,", len(dets), "detections", file=sys.stderr)


if __name__ == "__main__":
    main()
