package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.normlab.ml.Seeds;
import org.normlab.ml.detection.ops.BalancedPositiveNegativeSampler;
import org.normlab.ml.detection.ops.BoxCoder;
import org.normlab.ml.detection.ops.BoxOps;
import org.normlab.ml.detection.ops.Matcher;
import org.normlab.ml.detection.ops.MultiScaleRoiAlign;
import org.normlab.ml.detection.ops.Nms;
import org.normlab.ml.nn.Scalars;

/**
 * The box and mask heads around {@link BoxHead} and {@link MaskHead}, as torchvision's {@code
 * RoIHeads} with maskrcnn-benchmark's box-loss beta:
 *
 * <ul>
 *   <li>training: the ground-truth boxes join the proposals; proposals matched at IoU 0.5 take the
 *       gt's label (else background); 512 sampled per image, a quarter foreground at most; loss =
 *       softmax cross-entropy (mean over the sampled) + smooth-L1 (beta 1) of the gt class's deltas
 *       (weights 10, 10, 5, 5) of the foreground, summed and divided by the number sampled; the mask
 *       head sees the foreground proposals, its loss is the binary cross-entropy (mean) of the gt
 *       class's 28x28 logits against the matched gt mask projected onto the proposal ({@link
 *       MaskTargets});
 *   <li>inference: softmax, class-specific boxes decoded and clipped, scores above the threshold,
 *       boxes under 0.01 px dropped, NMS 0.5 per class, the best 100; then the mask head on those
 *       boxes, the label's sigmoid mask pasted into the image ({@link MaskPaster}).
 * </ul>
 *
 * RoIs are pooled from P2..P5 with {@link MultiScaleRoiAlign} (sampling ratio 2, not aligned).
 */
final class RoiHeads {

  private static final double MIN_SIZE = 1e-2;

  private final BoxHead boxHead;
  private final MaskHead maskHead;
  private final RoiSettings settings;
  private final int numClasses;
  private final MultiScaleRoiAlign boxPooler;
  private final MultiScaleRoiAlign maskPooler;
  private final Matcher matcher;
  private final BalancedPositiveNegativeSampler sampler;

  RoiHeads(BoxHead boxHead, MaskHead maskHead, RoiSettings settings, int numClasses) {
    this.boxHead = boxHead;
    this.maskHead = maskHead;
    this.settings = settings;
    this.numClasses = numClasses;
    int pool = settings.boxPool();
    int maskPool = settings.maskPool();
    this.boxPooler = new MultiScaleRoiAlign(2, 5, pool, pool, settings.samplingRatio(), false);
    this.maskPooler =
        new MultiScaleRoiAlign(2, 5, maskPool, maskPool, settings.samplingRatio(), false);
    this.matcher = new Matcher(settings.foregroundIou(), settings.foregroundIou(), false);
    this.sampler =
        new BalancedPositiveNegativeSampler(
            settings.batchSizePerImage(), settings.positiveFraction());
  }

  /** The sampled RoIs of one image with their training targets. */
  private record Sampled(
      float[] boxes, int[] labels, float[] regression, int[] matchedGt, int foreground) {}

  /** The three RoI losses of a training step: classifier, box regression, mask. */
  NDArray[] losses(
      ParameterStore store,
      NDList levels,
      List<float[]> proposals,
      List<ImageTarget> targets,
      long stepSeed) {
    NDManager scope = levels.get(0).getManager();
    List<NDArray> features = levels.subList(0, 4);
    long seed = Seeds.derive(stepSeed, "roi-sampler", 0);
    List<Sampled> sampled = new ArrayList<>();
    for (int image = 0; image < targets.size(); image++) {
      sampled.add(sample(scope, proposals.get(image), targets.get(image), seed, image));
    }
    List<NDArray> boxesPerImage = new ArrayList<>();
    int rows = 0;
    for (Sampled s : sampled) {
      boxesPerImage.add(scope.create(s.boxes(), new Shape(s.labels().length, 4)));
      rows += s.labels().length;
    }
    NDList out =
        boxHead.forward(store, new NDList(boxPooler.forward(features, boxesPerImage)), true);
    NDArray logits = out.get(0);
    NDArray deltas = out.get(1);

    float[] oneHot = new float[rows * numClasses];
    List<Long> foregroundRows = new ArrayList<>();
    List<float[]> regression = new ArrayList<>();
    int row = 0;
    for (Sampled s : sampled) {
      for (int i = 0; i < s.labels().length; i++, row++) {
        int label = s.labels()[i];
        oneHot[row * numClasses + label] = 1;
        if (label > 0) {
          // The gt class's four deltas in the flattened (rows * K, 4) view.
          foregroundRows.add((long) row * numClasses + label);
          regression.add(java.util.Arrays.copyOfRange(s.regression(), 4 * i, 4 * i + 4));
        }
      }
    }
    NDArray classifierLoss =
        Losses.crossEntropy(logits, scope.create(oneHot, new Shape(rows, numClasses)));
    NDArray boxLoss;
    if (foregroundRows.isEmpty()) {
      boxLoss = deltas.sum().mul(Scalars.like(deltas, 0));
    } else {
      NDArray picked =
          deltas
              .reshape(-1, 4)
              .get(new NDIndex("{}", scope.create(toLongs(foregroundRows))));
      NDArray wanted =
          scope.create(HostBoxes.concat(regression), new Shape(foregroundRows.size(), 4));
      boxLoss =
          Losses.smoothL1Sum(picked, wanted, RoiSettings.SMOOTH_L1_BETA)
              .mul(Scalars.like(picked, 1.0 / rows));
    }
    NDArray maskLoss = maskLoss(store, features, sampled, targets, logits);
    return new NDArray[] {classifierLoss, boxLoss, maskLoss};
  }

  private Sampled sample(
      NDManager scope, float[] proposals, ImageTarget target, long seed, int image) {
    // torchvision's add_gt_proposals: the gt boxes are proposals too.
    float[] candidates = HostBoxes.concat(List.of(proposals, target.boxes()));
    int count = candidates.length / 4;
    NDArray gt = scope.create(target.boxes(), new Shape(target.count(), 4));
    NDArray boxes = scope.create(candidates, new Shape(count, 4));
    long[] matches = matcher.match(BoxOps.iou(gt, boxes).toFloatArray(), target.count(), count);
    long[] labels = new long[count];
    for (int i = 0; i < count; i++) {
      labels[i] =
          matches[i] >= 0
              ? target.labels()[(int) matches[i]]
              : matches[i] == Matcher.BELOW_LOW_THRESHOLD ? 0 : -1;
    }
    BalancedPositiveNegativeSampler.Selection selection = sampler.sample(labels, seed, image);
    int foreground = selection.positives().length;
    int total = foreground + selection.negatives().length;
    int[] picked = new int[total];
    for (int i = 0; i < foreground; i++) {
      picked[i] = (int) selection.positives()[i];
    }
    for (int i = 0; i < selection.negatives().length; i++) {
      picked[foreground + i] = (int) selection.negatives()[i];
    }
    float[] chosen = HostBoxes.select(candidates, picked);
    int[] chosenLabels = new int[total];
    int[] matchedGt = new int[total];
    float[] matchedBoxes = new float[4 * total];
    for (int i = 0; i < total; i++) {
      chosenLabels[i] = (int) labels[picked[i]];
      // Background rows regress towards gt 0; their deltas never enter the loss.
      matchedGt[i] = (int) Math.max(0, matches[picked[i]]);
      System.arraycopy(target.boxes(), 4 * matchedGt[i], matchedBoxes, 4 * i, 4);
    }
    float[] regression =
        BoxCoder.BOX_HEAD
            .encode(
                scope.create(matchedBoxes, new Shape(total, 4)),
                scope.create(chosen, new Shape(total, 4)))
            .toType(DataType.FLOAT32, false)
            .toFloatArray();
    return new Sampled(chosen, chosenLabels, regression, matchedGt, foreground);
  }

  private NDArray maskLoss(
      ParameterStore store,
      List<NDArray> features,
      List<Sampled> sampled,
      List<ImageTarget> targets,
      NDArray anyLogits) {
    NDManager scope = anyLogits.getManager();
    int resolution = settings.maskResolution();
    List<NDArray> boxesPerImage = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<float[]> wanted = new ArrayList<>();
    for (int image = 0; image < sampled.size(); image++) {
      Sampled s = sampled.get(image);
      float[] boxes = java.util.Arrays.copyOf(s.boxes(), 4 * s.foreground());
      boxesPerImage.add(scope.create(boxes, new Shape(s.foreground(), 4)));
      for (int i = 0; i < s.foreground(); i++) {
        labels.add(s.labels()[i]);
        BinaryMask mask = targets.get(image).masks().get(s.matchedGt()[i]);
        wanted.add(MaskTargets.project(mask, boxes, i, resolution));
      }
    }
    if (labels.isEmpty()) {
      return anyLogits.sum().mul(Scalars.like(anyLogits, 0));
    }
    int count = labels.size();
    NDArray logits =
        maskHead
            .forward(store, new NDList(maskPooler.forward(features, boxesPerImage)), true)
            .singletonOrThrow();
    float[] oneHot = new float[count * numClasses];
    for (int i = 0; i < count; i++) {
      oneHot[i * numClasses + labels.get(i)] = 1;
    }
    NDArray selector = scope.create(oneHot, new Shape(count, numClasses, 1, 1));
    NDArray classLogits = logits.mul(selector).sum(new int[] {1});
    NDArray targetMasks =
        scope.create(HostBoxes.concat(wanted), new Shape(count, resolution, resolution));
    return Losses.binaryCrossEntropyWithLogits(classLogits, targetMasks);
  }

  /** Detections of every image from its proposals. */
  List<Detections> detect(
      ParameterStore store, NDList levels, List<float[]> proposals, List<ImageSize> sizes) {
    NDManager scope = levels.get(0).getManager();
    List<NDArray> features = levels.subList(0, 4);
    List<NDArray> boxesPerImage = new ArrayList<>();
    for (float[] p : proposals) {
      boxesPerImage.add(scope.create(p, new Shape(p.length / 4, 4)));
    }
    int total = proposals.stream().mapToInt(p -> p.length / 4).sum();
    List<Detections> result = new ArrayList<>();
    if (total == 0) {
      sizes.forEach(size -> result.add(empty()));
      return result;
    }
    NDList out =
        boxHead.forward(store, new NDList(boxPooler.forward(features, boxesPerImage)), false);
    float[] probabilities = out.get(0).softmax(1).toFloatArray();
    NDArray allProposals = NDArrays.concat(new NDList(boxesPerImage), 0);
    NDArray decoded = BoxCoder.BOX_HEAD.decode(out.get(1), allProposals);
    List<float[]> kept = new ArrayList<>();
    List<int[]> keptLabels = new ArrayList<>();
    List<float[]> keptScores = new ArrayList<>();
    int offset = 0;
    for (int image = 0; image < sizes.size(); image++) {
      int count = proposals.get(image).length / 4;
      ImageSize size = sizes.get(image);
      float[] boxes =
          BoxOps.clip(
                  decoded.get(new NDIndex("{}:{}", offset, offset + count)).reshape(-1, 4),
                  size.height(),
                  size.width())
              .toFloatArray();
      selectDetections(probabilities, offset, count, boxes, kept, keptLabels, keptScores);
      offset += count;
    }
    List<List<BinaryMask>> masks = masks(store, features, kept, keptLabels, sizes);
    for (int image = 0; image < sizes.size(); image++) {
      result.add(
          new Detections(
              kept.get(image), keptLabels.get(image), keptScores.get(image), masks.get(image)));
    }
    return result;
  }

  /** Score threshold, size filter, per-class NMS and the top detectionsPerImage of one image. */
  private void selectDetections(
      float[] probabilities,
      int offset,
      int count,
      float[] boxes,
      List<float[]> kept,
      List<int[]> keptLabels,
      List<float[]> keptScores) {
    List<Integer> candidates = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      for (int k = 1; k < numClasses; k++) {
        int box = r * numClasses + k;
        float score = probabilities[(offset + r) * numClasses + k];
        if (score > settings.scoreThreshold()
            && boxes[4 * box + 2] - boxes[4 * box] >= MIN_SIZE
            && boxes[4 * box + 3] - boxes[4 * box + 1] >= MIN_SIZE) {
          candidates.add(box);
        }
      }
    }
    int[] indices = candidates.stream().mapToInt(Integer::intValue).toArray();
    float[] scores = new float[indices.length];
    long[] classes = new long[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int r = indices[i] / numClasses;
      classes[i] = indices[i] % numClasses;
      scores[i] = probabilities[(offset + r) * numClasses + (int) classes[i]];
    }
    float[] candidateBoxes = HostBoxes.select(boxes, indices);
    int[] order = Nms.batchedNms(candidateBoxes, scores, classes, settings.nmsThreshold());
    int keep = Math.min(order.length, settings.detectionsPerImage());
    int[] top = java.util.Arrays.copyOf(order, keep);
    kept.add(HostBoxes.select(candidateBoxes, top));
    int[] labels = new int[keep];
    for (int i = 0; i < keep; i++) {
      labels[i] = (int) classes[top[i]];
    }
    keptLabels.add(labels);
    keptScores.add(HostBoxes.select1(scores, top));
  }

  private List<List<BinaryMask>> masks(
      ParameterStore store,
      List<NDArray> features,
      List<float[]> boxes,
      List<int[]> labels,
      List<ImageSize> sizes) {
    NDManager scope = features.get(0).getManager();
    List<List<BinaryMask>> result = new ArrayList<>();
    int total = labels.stream().mapToInt(l -> l.length).sum();
    if (total == 0) {
      sizes.forEach(size -> result.add(List.of()));
      return result;
    }
    List<NDArray> boxesPerImage = new ArrayList<>();
    for (float[] b : boxes) {
      boxesPerImage.add(scope.create(b, new Shape(b.length / 4, 4)));
    }
    NDArray probabilities =
        maskHead
            .forward(store, new NDList(maskPooler.forward(features, boxesPerImage)), false)
            .singletonOrThrow();
    probabilities = Activation.sigmoid(probabilities);
    int resolution = settings.maskResolution();
    float[] values = probabilities.toFloatArray();
    int row = 0;
    for (int image = 0; image < sizes.size(); image++) {
      List<BinaryMask> imageMasks = new ArrayList<>();
      for (int i = 0; i < labels.get(image).length; i++, row++) {
        int start = (row * numClasses + labels.get(image)[i]) * resolution * resolution;
        float[] mask = java.util.Arrays.copyOfRange(values, start, start + resolution * resolution);
        imageMasks.add(
            MaskPaster.paste(
                mask, resolution, boxes.get(image), i, sizes.get(image), settings.maskThreshold()));
      }
      result.add(imageMasks);
    }
    return result;
  }

  private static Detections empty() {
    return new Detections(new float[0], new int[0], new float[0], List.of());
  }

  private static long[] toLongs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
