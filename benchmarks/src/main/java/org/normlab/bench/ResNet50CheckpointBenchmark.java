package org.normlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.normlab.contracts.model.NormSpec;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.checkpoint.CheckpointContent;
import org.normlab.ml.checkpoint.CheckpointFormat;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.checkpoint.TrainingCounters;
import org.normlab.ml.data.SamplerPosition;
import org.normlab.ml.model.Network;
import org.normlab.ml.norm.NormPolicy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real ResNet-50 training checkpoint (every parameter and BN buffer, plus one momentum buffer per
 * trainable parameter, as SGD with momentum keeps) written through the platform's store (safetensors
 * encoding, sha256 while writing, fsync, atomic rename), read back with verification, and loaded
 * into a fresh network: resume latency. Baseline in the same run: torch.save / torch.load of the same
 * content for torchvision's resnet50 (Debian's python3-torch), fsynced the same way.
 */
final class ResNet50CheckpointBenchmark implements Benchmark {

  static final int REPEATS = 3;
  private static final ImageShape INPUT = new ImageShape(3, 224, 224);

  @Override
  public String name() {
    return "checkpoint-resnet50";
  }

  @Override
  public String description() {
    return "ResNet-50 + momentum checkpoint: write and verified read MB/s, resume latency (read + load"
        + " into a fresh network), vs torch.save/torch.load of the same content";
  }

  @Override
  public Map<String, Object> run() throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    Path root = Files.createTempDirectory("normlab-bench-ckpt50");
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    BackboneRegistry registry = BackboneRegistry.defaults();
    double bestWrite = Double.MAX_VALUE;
    double bestRead = Double.MAX_VALUE;
    double bestResume = Double.MAX_VALUE;
    long bytes = 0;
    try (Network source = build(registry);
        NDManager momentumScope = source.manager().newSubManager()) {
      Map<String, NDArray> momentum = new LinkedHashMap<>();
      source.trainable().forEach((key, parameter) -> momentum.put(key, parameter.getArray().duplicate()));
      momentum.values().forEach(array -> array.attach(momentumScope));
      TrainingCounters counters = new TrainingCounters(1, 5000, new SamplerPosition(1, 0), 32, 1, 0.5);
      for (int i = 0; i < REPEATS; i++) {
        long t0 = System.nanoTime();
        CheckpointRef ref;
        try (NDManager scratch = source.manager().newSubManager()) {
          ref = store.write("bench/iter-" + i + ".ckpt", 1, 5000,
              out -> CheckpointFormat.write(out, source.stateArrays(), momentum, counters, scratch));
        }
        bestWrite = Math.min(bestWrite, seconds(t0));
        bytes = Files.size(root.resolve(ref.uri()));
        try (Network fresh = build(registry)) {
          t0 = System.nanoTime();
          try (InputStream in = store.open(ref); NDManager scratch = fresh.manager().newSubManager()) {
            CheckpointContent content = CheckpointFormat.read(in, scratch);
            bestRead = Math.min(bestRead, seconds(t0));
            fresh.loadState(content.model());
          }
          bestResume = Math.min(bestResume, seconds(t0));
        }
        store.delete(ref.uri());
      }
    }
    double mb = bytes / 1e6;
    figures.put("checkpoint.megabytes", round(mb));
    figures.put("write.megabytesPerSecond", round(mb / bestWrite));
    figures.put("read.megabytesPerSecond", round(mb / bestRead));
    figures.put("resume.seconds", round(bestResume));
    torchBaseline(mb / bestWrite, mb / bestRead, bestResume, figures);
    return figures;
  }

  private static void torchBaseline(double writeRate, double readRate, double resume, Map<String, Object> figures)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(ModelZooBenchmark.PYTHON)) {
      figures.put("torch.skipped", "no " + ModelZooBenchmark.PYTHON + " (apt-get install python3-torch python3-torchvision)");
      return;
    }
    Path script = Files.createTempFile("torch_checkpoint", ".py");
    try (InputStream in = ResNet50CheckpointBenchmark.class.getResourceAsStream("/python/torch_checkpoint.py")) {
      Files.write(script, in.readAllBytes());
    }
    try {
      Process process = new ProcessBuilder(ModelZooBenchmark.PYTHON.toString(), script.toString(),
              "--repeats", Integer.toString(REPEATS))
          .redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        figures.put("torch.skipped", "python3 failed: " + output.strip());
        return;
      }
      JsonNode result = JsonMapper.builder().build().readTree(output.strip().lines().reduce((a, b) -> b).orElse("{}"));
      double mb = result.get("bytes").asLong() / 1e6;
      double torchWrite = mb / result.get("writeSeconds").asDouble();
      double torchRead = mb / result.get("readSeconds").asDouble();
      double torchResume = result.get("resumeSeconds").asDouble();
      figures.put("torch.version", result.get("torch").asString());
      figures.put("torch.checkpoint.megabytes", round(mb));
      figures.put("torch.write.megabytesPerSecond", round(torchWrite));
      figures.put("torch.read.megabytesPerSecond", round(torchRead));
      figures.put("torch.resume.seconds", round(torchResume));
      figures.put("writeRatioToTorch", round(writeRate / torchWrite));
      figures.put("readRatioToTorch", round(readRate / torchRead));
      figures.put("resumeSpeedRatioToTorch", round(torchResume / resume));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static Network build(BackboneRegistry registry) {
    NormPolicy policy = NormPolicy.uniform(NormSpec.parse("bn"), 32, 32);
    return Network.create(registry, "resnet50", new BackboneConfig(policy, 64, 1000, INPUT), 1);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
