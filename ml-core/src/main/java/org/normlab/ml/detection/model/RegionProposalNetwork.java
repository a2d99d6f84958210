package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.normlab.ml.Seeds;
import org.normlab.ml.detection.ops.AnchorGenerator;
import org.normlab.ml.detection.ops.BalancedPositiveNegativeSampler;
import org.normlab.ml.detection.ops.BoxCoder;
import org.normlab.ml.detection.ops.BoxOps;
import org.normlab.ml.detection.ops.Matcher;
import org.normlab.ml.detection.ops.Nms;
import org.normlab.ml.nn.Scalars;

/**
 * The region proposal network around {@link RpnHead}, as torchvision's {@code
 * RegionProposalNetwork} (whose box conventions the detection ops follow):
 *
 * <ul>
 *   <li>anchors from {@link AnchorGenerator} for the padded batch, one set per pyramid level;
 *   <li>proposals per image: the {@code preNmsTopN} best anchors of each level, decoded (weights
 *       1, 1, 1, 1), clipped to the image, boxes under 1e-3 px dropped, NMS 0.7 within each level,
 *       then the {@code postNmsTopN} best over all levels; no gradient flows into them;
 *   <li>loss: anchors matched to ground truth at IoU 0.7 / 0.3 with low-quality matches, 256
 *       sampled per image (half positive at most); binary cross-entropy of the objectness logits
 *       over the sampled anchors (mean) and smooth-L1 (beta 1/9) of the positives' deltas, summed
 *       and divided by the number of sampled anchors.
 * </ul>
 */
final class RegionProposalNetwork {

  private static final double MIN_SIZE = 1e-3;

  private final RpnHead head;
  private final RpnSettings settings;
  private final AnchorGenerator anchors;
  private final Matcher matcher;
  private final BalancedPositiveNegativeSampler sampler;

  RegionProposalNetwork(RpnHead head, RpnSettings settings) {
    this.head = head;
    this.settings = settings;
    float[] ratios = new float[settings.aspectRatios().size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = settings.aspectRatios().get(i).floatValue();
    }
    this.anchors =
        new AnchorGenerator(
            settings.anchorSizes().stream().map(size -> new float[] {size}).toList(), ratios);
    this.matcher = new Matcher(settings.foregroundIou(), settings.backgroundIou(), true);
    this.sampler =
        new BalancedPositiveNegativeSampler(
            settings.batchSizePerImage(), settings.positiveFraction());
  }

  /** Proposals per image and, with targets, the two RPN losses. */
  record Output(List<float[]> proposals, NDArray objectnessLoss, NDArray boxLoss) {}

  /**
   * @param targets null at inference
   * @param stepSeed seeds the anchor sampling of this step
   */
  Output forward(
      ParameterStore store,
      NDList levels,
      ImageBatch batch,
      List<ImageTarget> targets,
      boolean training,
      long stepSeed) {
    NDList out = head.forward(store, levels, training);
    int count = levels.size();
    NDManager scope = batch.images().getManager();
    int n = batch.count();
    NDList objectness = new NDList(count);
    NDList deltas = new NDList(count);
    List<long[]> grids = new ArrayList<>();
    int[] perLevel = new int[count];
    for (int k = 0; k < count; k++) {
      NDArray logits = out.get(k);
      Shape s = logits.getShape();
      grids.add(new long[] {s.get(2), s.get(3)});
      perLevel[k] = Math.toIntExact(s.get(1) * s.get(2) * s.get(3));
      // (N, A, H, W) -> (N, H W A): location-major, then anchor, as the anchors are ordered.
      objectness.add(logits.transpose(0, 2, 3, 1).reshape(n, -1));
      long a = s.get(1);
      deltas.add(
          out.get(count + k)
              .reshape(n, a, 4, s.get(2), s.get(3))
              .transpose(0, 3, 4, 1, 2)
              .reshape(n, -1, 4));
    }
    NDArray allObjectness = NDArrays.concat(objectness, 1);
    NDArray allDeltas = NDArrays.concat(deltas, 1);
    Shape padded = batch.images().getShape();
    NDArray anchorBoxes = anchors.anchors(scope, padded.get(2), padded.get(3), grids);

    boolean train = targets != null;
    List<float[]> proposals =
        propose(allObjectness.stopGradient(), allDeltas.stopGradient(), anchorBoxes, batch,
            perLevel, train);
    if (!train) {
      return new Output(proposals, null, null);
    }
    NDArray[] losses = loss(allObjectness, allDeltas, anchorBoxes, targets, stepSeed);
    return new Output(proposals, losses[0], losses[1]);
  }

  private List<float[]> propose(
      NDArray objectness,
      NDArray deltas,
      NDArray anchorBoxes,
      ImageBatch batch,
      int[] perLevel,
      boolean training) {
    int preNms = training ? settings.preNmsTopNTrain() : settings.preNmsTopNTest();
    int postNms = training ? settings.postNmsTopNTrain() : settings.postNmsTopNTest();
    float[] scores = objectness.toType(DataType.FLOAT32, false).toFloatArray();
    int total = Math.toIntExact(anchorBoxes.getShape().get(0));
    List<float[]> result = new ArrayList<>();
    for (int image = 0; image < batch.count(); image++) {
      // Candidates: the best preNms anchors of each level.
      List<Integer> picked = new ArrayList<>();
      List<Integer> levelOf = new ArrayList<>();
      int start = 0;
      for (int k = 0; k < perLevel.length; k++) {
        for (int index : HostBoxes.topK(scores, image * total + start, perLevel[k], preNms)) {
          picked.add(start + index);
          levelOf.add(k);
        }
        start += perLevel[k];
      }
      long[] indices = picked.stream().mapToLong(Integer::longValue).toArray();
      NDArray chosen = anchorBoxes.getManager().create(indices);
      NDArray imageDeltas = deltas.get(image).get(new NDIndex("{}", chosen));
      NDArray decoded = BoxCoder.RPN.decode(imageDeltas, anchorBoxes.get(new NDIndex("{}", chosen)));
      ImageSize size = batch.sizes().get(image);
      float[] boxes =
          BoxOps.clip(decoded, size.height(), size.width()).toType(DataType.FLOAT32, false)
              .toFloatArray();
      float[] candidateScores = new float[indices.length];
      long[] levels = new long[indices.length];
      for (int c = 0; c < indices.length; c++) {
        candidateScores[c] = sigmoid(scores[image * total + picked.get(c)]);
        levels[c] = levelOf.get(c);
      }
      int[] large = HostBoxes.atLeast(boxes, MIN_SIZE);
      int[] kept =
          Nms.batchedNms(
              HostBoxes.select(boxes, large),
              HostBoxes.select1(candidateScores, large),
              HostBoxes.select1(levels, large),
              settings.nmsThreshold());
      int keep = Math.min(postNms, kept.length);
      float[] out = new float[4 * keep];
      for (int i = 0; i < keep; i++) {
        System.arraycopy(boxes, 4 * large[kept[i]], out, 4 * i, 4);
      }
      result.add(out);
    }
    return result;
  }

  private NDArray[] loss(
      NDArray objectness,
      NDArray deltas,
      NDArray anchorBoxes,
      List<ImageTarget> targets,
      long stepSeed) {
    NDManager scope = objectness.getManager();
    int total = Math.toIntExact(anchorBoxes.getShape().get(0));
    List<Long> sampledIndex = new ArrayList<>();
    List<Float> sampledLabel = new ArrayList<>();
    List<Long> positiveIndex = new ArrayList<>();
    List<float[]> positiveTargets = new ArrayList<>();
    long seed = Seeds.derive(stepSeed, "rpn-sampler", 0);
    for (int image = 0; image < targets.size(); image++) {
      ImageTarget target = targets.get(image);
      NDArray gt = scope.create(target.boxes(), new Shape(target.count(), 4));
      float[] quality = BoxOps.iou(gt, anchorBoxes).toFloatArray();
      long[] matches = matcher.match(quality, target.count(), total);
      long[] labels = new long[total];
      for (int i = 0; i < total; i++) {
        labels[i] =
            matches[i] >= 0 ? 1 : matches[i] == Matcher.BELOW_LOW_THRESHOLD ? 0 : -1;
      }
      BalancedPositiveNegativeSampler.Selection selection = sampler.sample(labels, seed, image);
      long offset = (long) image * total;
      for (long p : selection.positives()) {
        sampledIndex.add(offset + p);
        sampledLabel.add(1f);
        positiveIndex.add(offset + p);
      }
      for (long q : selection.negatives()) {
        sampledIndex.add(offset + q);
        sampledLabel.add(0f);
      }
      if (selection.positives().length > 0) {
        NDArray positives = scope.create(selection.positives());
        long[] matched = new long[selection.positives().length];
        for (int i = 0; i < matched.length; i++) {
          matched[i] = matches[(int) selection.positives()[i]];
        }
        NDArray encoded =
            BoxCoder.RPN.encode(
                gt.get(new NDIndex("{}", scope.create(matched))),
                anchorBoxes.get(new NDIndex("{}", positives)));
        positiveTargets.add(encoded.toFloatArray());
      }
    }
    NDArray sampled = scope.create(sampledIndex.stream().mapToLong(Long::longValue).toArray());
    float[] labelValues = new float[sampledLabel.size()];
    for (int i = 0; i < labelValues.length; i++) {
      labelValues[i] = sampledLabel.get(i);
    }
    NDArray logits = objectness.reshape(-1).get(new NDIndex("{}", sampled));
    NDArray objectnessLoss =
        Losses.binaryCrossEntropyWithLogits(logits, scope.create(labelValues));
    NDArray boxLoss;
    if (positiveIndex.isEmpty()) {
      boxLoss = deltas.sum().mul(Scalars.like(deltas, 0));
    } else {
      NDArray positives =
          scope.create(positiveIndex.stream().mapToLong(Long::longValue).toArray());
      NDArray predicted = deltas.reshape(-1, 4).get(new NDIndex("{}", positives));
      NDArray wanted =
          scope.create(HostBoxes.concat(positiveTargets), new Shape(positiveIndex.size(), 4));
      boxLoss =
          Losses.smoothL1Sum(predicted, wanted, RpnSettings.SMOOTH_L1_BETA)
              .mul(Scalars.like(predicted, 1.0 / sampledIndex.size()));
    }
    return new NDArray[] {objectnessLoss, boxLoss};
  }

  private static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }
}
