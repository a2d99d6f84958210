package org.normlab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.norm.MabnFolding;
import org.normlab.ml.norm.NormPolicy;
import ai.djl.pytorch.jni.JniUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model zoo's cost on ImageNet-sized inputs (3x224x224), all in one run:
 *
 * <ul>
 *   <li>Train step (forward, loss, backward, SGD update) of resnet50, resnet50_ibn_a and
 *       resnet50_ibn_b, as images/s and ratios to resnet50;
 *   <li>inference images/s of resnet50 with each norm (bn, in, gn:32, ln, mabn folded into its
 *       convolutions), as ratios to bn beside the MABN paper's speed table;
 *   <li>the same resnet50 training step in PyTorch (Debian's python3-torch, torchvision's resnet50)
 *       with the same thread count, and DJL's throughput as a ratio to it.
 * </ul>
 */
final class ModelZooBenchmark implements Benchmark {

  static final ImageShape INPUT = new ImageShape(3, 224, 224);
  static final int TRAIN_BATCH = 16;
  static final int INFERENCE_BATCH = 32;
  static final int WARMUP_ROUNDS = 2;
  static final int ROUNDS = 7;
  static final List<String> TRAINED = List.of("resnet50", "resnet50_ibn_a", "resnet50_ibn_b");
  static final List<String> NORMS = List.of("bn", "in", "gn:32", "ln", "mabn");
  /**
   * The MABN paper's inference speed table (iterations/s, same network and batch for every norm):
   * BN and MABN 237.88, IN 105.60, GN 99.37, LN 125.44 (reference/seeds-spec.md section C.2).
   */
  static final Map<String, Double> PAPER_ITERATIONS_PER_SECOND =
      Map.of("bn", 237.88, "mabn", 237.88, "in", 105.60, "gn:32", 99.37, "ln", 125.44);

  static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final NetworkTimer TIMER = new NetworkTimer(WARMUP_ROUNDS, ROUNDS);

  @Override
  public String name() {
    return "zoo";
  }

  @Override
  public String description() {
    return "resnet50 / _ibn_a / _ibn_b train images/s, inference images/s per norm vs the MABN"
        + " paper's table, and the resnet50 train step against PyTorch with the same threads";
  }

  @Override
  public Map<String, Object> run() throws Exception {
    BackboneRegistry registry = BackboneRegistry.defaults();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("input", INPUT.toString());
    figures.put("device", DjlRuntime.describe(DjlRuntime.defaultDevice()));
    double resnet50Step = training(registry, figures);
    inference(registry, figures);
    torchBaseline(resnet50Step, figures);
    return figures;
  }

  /** Returns resnet50's median seconds per step. */
  private static double training(BackboneRegistry registry, Map<String, Object> figures) {
    List<Network> networks = new ArrayList<>();
    try {
      for (String backbone : TRAINED) {
        networks.add(build(registry, backbone, "bn", TRAIN_BATCH));
      }
      List<List<Double>> seconds =
          TIMER.time(networks, NetworkTimer.trainStep(INPUT, TRAIN_BATCH, 1000));
      double base = NetworkTimer.median(seconds.get(0));
      figures.put("train.batch", TRAIN_BATCH);
      for (int i = 0; i < TRAINED.size(); i++) {
        double step = NetworkTimer.median(seconds.get(i));
        String key = "train." + TRAINED.get(i);
        figures.put(key + ".imagesPerSecond", NetworkTimer.round(TRAIN_BATCH / step));
        figures.put(key + ".ratioToResnet50", NetworkTimer.round(base / step));
      }
      return base;
    } finally {
      networks.forEach(Network::close);
    }
  }

  private static void inference(BackboneRegistry registry, Map<String, Object> figures) {
    List<Network> networks = new ArrayList<>();
    try {
      for (String norm : NORMS) {
        Network network = build(registry, "resnet50", norm, INFERENCE_BATCH);
        if (norm.equals("mabn")) {
          MabnFolding.fold(network.block()); // what the evaluation job runs
        }
        networks.add(network);
      }
      List<List<Double>> seconds =
          TIMER.time(networks, NetworkTimer.inference(INPUT, INFERENCE_BATCH));
      double bnRate = INFERENCE_BATCH / NetworkTimer.median(seconds.get(0));
      figures.put("inference.batch", INFERENCE_BATCH);
      for (int i = 0; i < NORMS.size(); i++) {
        String norm = NORMS.get(i);
        double rate = INFERENCE_BATCH / NetworkTimer.median(seconds.get(i));
        String key = "inference.resnet50." + norm;
        figures.put(key + ".imagesPerSecond", NetworkTimer.round(rate));
        figures.put(key + ".ratioToBn", NetworkTimer.round(rate / bnRate));
        figures.put(
            key + ".paperRatioToBn",
            NetworkTimer.round(
                PAPER_ITERATIONS_PER_SECOND.get(norm) / PAPER_ITERATIONS_PER_SECOND.get("bn")));
      }
    } finally {
      networks.forEach(Network::close);
    }
  }

  /** Runs the PyTorch step in a child process after ours, so the two never share the cores. */
  private static void torchBaseline(double djlStep, Map<String, Object> figures)
      throws IOException, InterruptedException {
    int threads = JniUtils.getNumThreads();
    figures.put("torch.threads", threads);
    if (!Files.isExecutable(PYTHON)) {
      figures.put("torch.skipped", "no " + PYTHON + " (apt-get install python3-torch python3-torchvision)");
      return;
    }
    Path script = Files.createTempFile("torch_train_step", ".py");
    try (InputStream in = ModelZooBenchmark.class.getResourceAsStream("/python/torch_train_step.py")) {
      Files.write(script, in.readAllBytes());
    }
    try {
      Process process =
          new ProcessBuilder(
                  PYTHON.toString(), script.toString(),
                  "--batch", Integer.toString(TRAIN_BATCH),
                  "--threads", Integer.toString(threads),
                  "--warmup", Integer.toString(WARMUP_ROUNDS),
                  "--steps", Integer.toString(ROUNDS))
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        figures.put("torch.skipped", "python3 failed: " + output.strip());
        return;
      }
      String lastLine = output.strip().lines().reduce((a, b) -> b).orElse("{}");
      JsonNode result = JsonMapper.builder().build().readTree(lastLine);
      double torchStep = result.get("secondsPerStep").asDouble();
      figures.put("torch.version", result.get("torch").asString());
      figures.put("torch.resnet50.imagesPerSecond", NetworkTimer.round(TRAIN_BATCH / torchStep));
      figures.put("djlToTorchThroughputRatio", NetworkTimer.round(torchStep / djlStep));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static Network build(
      BackboneRegistry registry, String backbone, String norm, int batchSize) {
    NormPolicy policy = NormPolicy.uniform(NormSpec.parse(norm), batchSize, batchSize);
    return Network.create(registry, backbone, new BackboneConfig(policy, 64, 1000, INPUT), 1);
  }
}
