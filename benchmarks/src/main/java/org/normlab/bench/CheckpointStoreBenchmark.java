package org.normlab.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;

/**
 * Atomic, checksummed checkpoint writes (temp file, sha256, fsync, rename) and verified reads,
 * against plain writes of the same bytes with the same fsync, and plain reads, as the baseline.
 */
final class CheckpointStoreBenchmark implements Benchmark {

  static final int SIZE_MB = 100;
  static final int REPEATS = 3;

  @Override
  public String name() {
    return "checkpoint-store";
  }

  @Override
  public String description() {
    return "write (sha256 + fsync + rename) and verified read MB/s of a " + SIZE_MB
        + " MB checkpoint vs plain fsynced write and plain read";
  }

  @Override
  public Map<String, Object> run() throws Exception {
    byte[] payload = new byte[SIZE_MB << 20];
    new Random(1).nextBytes(payload);
    Path root = Files.createTempDirectory("normlab-bench-ckpt");
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    double bestWrite = 0;
    double bestRead = 0;
    double bestPlainWrite = 0;
    double bestPlainRead = 0;
    for (int i = 0; i < REPEATS; i++) {
      long t0 = System.nanoTime();
      CheckpointRef ref = store.write("bench/ckpt-" + i, 0, i, out -> out.write(payload));
      double write = mbPerSecond(System.nanoTime() - t0);
      t0 = System.nanoTime();
      try (InputStream in = store.open(ref)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      double read = mbPerSecond(System.nanoTime() - t0);

      Path plain = root.resolve("plain-" + i);
      t0 = System.nanoTime();
      try (var channel = java.nio.channels.FileChannel.open(plain, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.WRITE)) {
        var buffer = java.nio.ByteBuffer.wrap(payload);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      double plainWrite = mbPerSecond(System.nanoTime() - t0);
      t0 = System.nanoTime();
      try (InputStream in = Files.newInputStream(plain)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      double plainRead = mbPerSecond(System.nanoTime() - t0);

      bestWrite = Math.max(bestWrite, write);
      bestRead = Math.max(bestRead, read);
      bestPlainWrite = Math.max(bestPlainWrite, plainWrite);
      bestPlainRead = Math.max(bestPlainRead, plainRead);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("sizeMB", SIZE_MB);
    figures.put("writeMBps", round(bestWrite));
    figures.put("verifiedReadMBps", round(bestRead));
    figures.put("plainFsyncedWriteMBps", round(bestPlainWrite));
    figures.put("plainReadMBps", round(bestPlainRead));
    figures.put("writeVsPlain", round(bestWrite / bestPlainWrite));
    figures.put("readVsPlain", round(bestRead / bestPlainRead));
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    return figures;
  }

  private static double mbPerSecond(long nanos) {
    return SIZE_MB / (nanos / 1e9);
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
