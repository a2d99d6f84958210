package org.normlab.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.norm.MabnFolding;
import org.normlab.ml.norm.NormPolicy;

/**
 * MABN's cost against BN on resnet50,
 * ImageNet-sized 3x224x224 inputs, all networks built first and measured round-robin in one run so
 * that load from other processes hits every configuration alike; medians are reported.
 *
 * <ul>
 *   <li>Inference images/s: BN (running statistics), MABN folded into its convolutions (what the
 *       evaluation job runs), MABN unfolded.
 *   <li>Train step (forward, loss, backward with MABN's custom gradient, SGD update) at SGD batch
 *       {@value #TRAIN_BATCH}: BN over the whole batch (native BN), BN over groups of 2, MABN
 *       (groups of 2, CenConv) and mabn-plain; ratios to BN over the whole batch.
 * </ul>
 */
final class MabnBenchmark implements Benchmark {

  /** The network the MABN issue states its bars for. */
  static final String BACKBONE = "resnet50";
  static final int TRAIN_BATCH = 16;
  static final int INFERENCE_BATCH = 32;
  static final int NORM_BATCH = 2;
  static final int WARMUP_ROUNDS = 2;
  static final int ROUNDS = 7;
  static final ImageShape INPUT = new ImageShape(3, 224, 224);
  private static final NetworkTimer TIMER = new NetworkTimer(WARMUP_ROUNDS, ROUNDS);

  @Override
  public String name() {
    return "mabn";
  }

  @Override
  public String description() {
    return "MABN vs BN on resnet50 (224x224): inference images/s (folded) and train-step time ratio";
  }

  @Override
  public Map<String, Object> run() {
    BackboneRegistry registry = BackboneRegistry.defaults();
    String backbone = BACKBONE;
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("backbone", backbone);
    figures.put("input", INPUT.toString());
    figures.put("device", DjlRuntime.describe(DjlRuntime.defaultDevice()));
    inference(registry, backbone, figures);
    training(registry, backbone, figures);
    return figures;
  }

  private static void inference(
      BackboneRegistry registry, String backbone, Map<String, Object> figures) {
    try (Network bn = build(registry, backbone, "bn", INFERENCE_BATCH);
        Network folded = build(registry, backbone, "mabn", INFERENCE_BATCH);
        Network unfolded = build(registry, backbone, "mabn", INFERENCE_BATCH)) {
      int pairs = MabnFolding.fold(folded.block());
      List<Network> networks = List.of(bn, folded, unfolded);
      List<List<Double>> seconds =
          TIMER.time(networks, NetworkTimer.inference(INPUT, INFERENCE_BATCH));
      double bnRate = INFERENCE_BATCH / NetworkTimer.median(seconds.get(0));
      double foldedRate = INFERENCE_BATCH / NetworkTimer.median(seconds.get(1));
      double unfoldedRate = INFERENCE_BATCH / NetworkTimer.median(seconds.get(2));
      figures.put("inference.batch", INFERENCE_BATCH);
      figures.put("inference.foldedPairs", pairs);
      figures.put("inference.bn.imagesPerSecond", NetworkTimer.round(bnRate));
      figures.put("inference.mabnFolded.imagesPerSecond", NetworkTimer.round(foldedRate));
      figures.put("inference.mabnUnfolded.imagesPerSecond", NetworkTimer.round(unfoldedRate));
      figures.put("inference.mabnFolded.ratioToBn", NetworkTimer.round(foldedRate / bnRate));
      figures.put("inference.mabnUnfolded.ratioToBn", NetworkTimer.round(unfoldedRate / bnRate));
    }
  }

  private static void training(
      BackboneRegistry registry, String backbone, Map<String, Object> figures) {
    List<String> labels = List.of("bn@" + TRAIN_BATCH, "bn@2", "mabn@2", "mabn-plain@2");
    try (Network bnWhole = build(registry, backbone, "bn", TRAIN_BATCH, TRAIN_BATCH);
        Network bnGroups = build(registry, backbone, "bn", NORM_BATCH, TRAIN_BATCH);
        Network mabn = build(registry, backbone, "mabn", NORM_BATCH, TRAIN_BATCH);
        Network plain = build(registry, backbone, "mabn-plain", NORM_BATCH, TRAIN_BATCH)) {
      List<List<Double>> seconds =
          TIMER.time(
              List.of(bnWhole, bnGroups, mabn, plain),
              NetworkTimer.trainStep(INPUT, TRAIN_BATCH, 10));
      double base = NetworkTimer.median(seconds.get(0));
      figures.put("train.batch", TRAIN_BATCH);
      for (int i = 0; i < labels.size(); i++) {
        double step = NetworkTimer.median(seconds.get(i));
        figures.put("train." + labels.get(i) + ".secondsPerStep", NetworkTimer.round(step));
        figures.put("train." + labels.get(i) + ".ratioToBn", NetworkTimer.round(step / base));
      }
    }
  }

  private static Network build(
      BackboneRegistry registry, String backbone, String norm, int batchSize) {
    return build(registry, backbone, norm, batchSize, batchSize);
  }

  private static Network build(
      BackboneRegistry registry, String backbone, String norm, int normBatch, int batchSize) {
    NormPolicy policy = NormPolicy.uniform(NormSpec.parse(norm), normBatch, batchSize);
    return Network.create(registry, backbone, new BackboneConfig(policy, 64, 1000, INPUT), 1);
  }
}
