package org.normlab.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.normlab.contracts.run.Augmentation;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.image.DecodedBatch;
import org.normlab.ml.data.image.ImageBatchStream;
import org.normlab.ml.data.image.ImageDecoders;
import org.normlab.ml.data.image.ImageFolderImages;
import org.normlab.ml.data.image.SampleLoader;
import org.normlab.ml.data.transform.ImagePipelines;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The training input pipeline on ImageNet-size JPEGs (500x375, quality 90, written here): read +
 * decode + IBN-Net's RandomResizedCrop 224 + flip + mean/std + batch assembly on {@code threads}
 * decoder threads, against torchvision 0.14's ImageFolder + the same transforms in a DataLoader with
 * as many workers (Debian's python3-torchvision, Pillow on libjpeg-turbo), measured in the same run,
 * alternating so that both see the same machine load. Also decode-only rates per decoder on one
 * thread: the JDK's ImageIO (ours), TwelveMonkeys, OpenCV (libjpeg-turbo, bundled natives) full and
 * with DCT-domain downscale by 2.
 *
 * <p>{@code -Dnormlab.bench.data.threads=N} (default: available processors), {@code
 * -Dnormlab.bench.data.images=N} (default 512).
 */
final class DataPipelineBenchmark implements Benchmark {

  static final int WIDTH = 500;
  static final int HEIGHT = 375;
  static final int CLASSES = 8;
  static final int BATCH = 32;
  static final int EPOCHS = 3;
  static final int ROUNDS = 2;

  @Override
  public String name() {
    return "data-pipeline";
  }

  @Override
  public String description() {
    return "images/s per core of JPEG decode + RandomResizedCrop 224 + flip + normalize vs torchvision + PIL"
        + " (same files, same run), and decode-only rates of ImageIO, TwelveMonkeys and OpenCV";
  }

  @Override
  public Map<String, Object> run() throws Exception {
    int threads = Integer.getInteger("normlab.bench.data.threads", Runtime.getRuntime().availableProcessors());
    int count = Integer.getInteger("normlab.bench.data.images", 512);
    Path root = Files.createTempDirectory("normlab-bench-jpeg");
    Map<String, Object> figures = new LinkedHashMap<>();
    try {
      List<byte[]> jpegs = writeImageFolder(root.resolve("train"), count);
      figures.put("images", count);
      figures.put("imageSize", WIDTH + "x" + HEIGHT + " q90");
      figures.put("meanJpegKB", round(jpegs.stream().mapToInt(b -> b.length).average().orElse(0) / 1024));
      figures.put("threads", threads);
      figures.put("loadAverageBefore", loadAverage());
      DecoderComparison.measure(jpegs, figures);

      List<Double> java = new ArrayList<>();
      List<Double> torch = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        java.add(javaPipeline(root, threads));
        Double baseline = torchvisionPipeline(root.resolve("train"), threads, figures);
        if (baseline != null) {
          torch.add(baseline);
        }
      }
      double bestJava = java.stream().max(Double::compare).orElseThrow();
      figures.put("normlab.imagesPerSecond.rounds", java.stream().map(DataPipelineBenchmark::round).toList());
      figures.put("normlab.imagesPerSecond", round(bestJava));
      figures.put("normlab.imagesPerSecondPerCore", round(bestJava / threads));
      if (!torch.isEmpty()) {
        double bestTorch = torch.stream().max(Double::compare).orElseThrow();
        figures.put("torchvision.imagesPerSecond.rounds", torch.stream().map(DataPipelineBenchmark::round).toList());
        figures.put("torchvision.imagesPerSecond", round(bestTorch));
        figures.put("torchvision.imagesPerSecondPerCore", round(bestTorch / threads));
        figures.put("normlabToTorchvisionRatio", round(bestJava / bestTorch));
      }
      figures.put("loadAverageAfter", loadAverage());
    } finally {
      try (var files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return figures;
  }

  /** One warm-up epoch, then {@link #EPOCHS} timed epochs of shuffled batches. */
  private static double javaPipeline(Path root, int threads) throws IOException {
    try (ImageFolderImages images = ImageFolderImages.open(root, "train", CLASSES)) {
      EpochSampler sampler = new EpochSampler(images.size(), BATCH, 1);
      int perEpoch = sampler.batchesPerEpoch();
      SampleLoader samples =
          new SampleLoader(images, ImageDecoders.defaultDecoder(),
              ImagePipelines.train(Augmentation.IBN_NET, 224), 1, 3 * 224 * 224, true);
      ImageBatchStream.Plan plan =
          new ImageBatchStream.Plan() {
            @Override
            public long batches() {
              return (long) perEpoch * (EPOCHS + 1);
            }

            @Override
            public int[] indices(long batch) {
              return sampler.batchAt(sampler.positionOf(batch));
            }

            @Override
            public int epoch(long batch) {
              return sampler.positionOf(batch).epoch();
            }
          };
      try (ImageBatchStream stream = new ImageBatchStream(samples, plan, threads, 4)) {
        long b = 0;
        for (; b < perEpoch; b++) {
          stream.take(b);
        }
        long started = System.nanoTime();
        long decoded = 0;
        for (; b < plan.batches(); b++) {
          DecodedBatch batch = stream.take(b);
          decoded += batch.count();
        }
        return decoded / ((System.nanoTime() - started) / 1e9);
      }
    }
  }

  /** images/s of the torchvision baseline, or null (with the reason in the figures) when it cannot run. */
  private static Double torchvisionPipeline(Path train, int workers, Map<String, Object> figures)
      throws IOException, InterruptedException {
    Path python = ModelZooBenchmark.PYTHON;
    if (!Files.isExecutable(python)) {
      figures.put("torchvision.skipped", "no " + python + " (apt-get install python3-torchvision)");
      return null;
    }
    Path script = Files.createTempFile("torchvision_data_pipeline", ".py");
    try (InputStream in = DataPipelineBenchmark.class.getResourceAsStream("/python/torchvision_data_pipeline.py")) {
      Files.write(script, in.readAllBytes());
    }
    try {
      Process process =
          new ProcessBuilder(python.toString(), script.toString(), train.toString(),
                  "--workers", Integer.toString(workers), "--batch", Integer.toString(BATCH),
                  "--epochs", Integer.toString(EPOCHS))
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
        figures.put("torchvision.skipped", "python3 failed: " + output.strip());
        return null;
      }
      JsonNode result = JsonMapper.builder().build().readTree(output.strip().lines().reduce((a, b) -> b).orElse("{}"));
      figures.put("torchvision.version", result.get("torchvision").asString());
      return result.get("imagesPerSecond").asDouble();
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /**
   * {@code count} photo-like JPEGs (smooth gradients, a few discs, mild noise) spread over
   * {@link #CLASSES} class directories; returns their bytes.
   */
  static List<byte[]> writeImageFolder(Path train, int count) throws IOException {
    Random random = new Random(42);
    List<byte[]> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] jpeg = photoLike(random);
      Path dir = Files.createDirectories(train.resolve(String.format("n%08d", i % CLASSES)));
      Files.write(dir.resolve(String.format("img_%05d.JPEG", i)), jpeg);
      all.add(jpeg);
    }
    return all;
  }

  private static byte[] photoLike(Random random) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
    double[] base = {random.nextDouble() * 200, random.nextDouble() * 200, random.nextDouble() * 200};
    double fx = 0.005 + random.nextDouble() * 0.03;
    double fy = 0.005 + random.nextDouble() * 0.03;
    int discs = 3 + random.nextInt(5);
    int[][] disc = new int[discs][];
    for (int d = 0; d < discs; d++) {
      disc[d] = new int[] {random.nextInt(WIDTH), random.nextInt(HEIGHT), 20 + random.nextInt(80),
          random.nextInt(0x1000000)};
    }
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int rgb = -1;
        for (int[] d : disc) {
          int dx = x - d[0];
          int dy = y - d[1];
          if (dx * dx + dy * dy < d[2] * d[2]) {
            rgb = d[3];
          }
        }
        int r;
        int g;
        int b;
        if (rgb >= 0) {
          r = (rgb >> 16) & 0xff;
          g = (rgb >> 8) & 0xff;
          b = rgb & 0xff;
        } else {
          r = (int) (base[0] + 50 * Math.sin(x * fx));
          g = (int) (base[1] + 50 * Math.cos(y * fy));
          b = (int) (base[2] + 40 * Math.sin((x + y) * fx));
        }
        int noise = random.nextInt(17) - 8;
        image.setRGB(x, y, clip(r + noise) << 16 | clip(g + noise) << 8 | clip(b + noise));
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.9f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static int clip(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

}
