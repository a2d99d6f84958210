package org.normlab.ml.detection.coco;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code coco-shapes}: the small synthetic COCO-format set the local stack registers for CPU
 * detection runs ({@link SyntheticCoco}, fixed seed): 64 train and 16 val images of 64-128 px, up
 * to 4 shapes each and a crowd region now and then; trained at shorter side 96, longer at most 128.
 * Free of DJL, so the local launcher can generate it before starting the workers.
 */
public final class CocoShapes {

  public static final String NAME = "coco-shapes";
  public static final int CATEGORIES = 3;
  /** The training resize: shorter side, and the most the longer side may reach. */
  public static final int MIN_SIZE = 96;
  public static final int MAX_SIZE = 128;

  static final long SEED = 20261123;
  static final SyntheticCoco.Options TRAIN = new SyntheticCoco.Options(64, 64, 128, 4, 0.2);
  static final SyntheticCoco.Options VAL = new SyntheticCoco.Options(16, 64, 128, 4, 0.2);

  /**
   * {@code coco-shapes-one}: one 80-96 px image with two shapes and no crowd, and the same image as
   * its val split. A detector that learns it must find what it learned: the platform's end-to-end
   * overfit check (trained at shorter side 64, longer at most 96).
   */
  public static final String ONE_IMAGE_NAME = "coco-shapes-one";
  public static final int ONE_IMAGE_MIN_SIZE = 64;
  public static final int ONE_IMAGE_MAX_SIZE = 96;
  static final long ONE_IMAGE_SEED = 3;
  static final SyntheticCoco.Options ONE_IMAGE = new SyntheticCoco.Options(1, 80, 96, 2, 0.0);

  private CocoShapes() {}

  /**
   * Writes the set under {@code location} unless it is there already ({@code
   * annotations/instances_val.json}, written last, marks a complete set). Generated in a sibling
   * directory and moved into place, so concurrent callers never see half a set.
   *
   * @return true when this call generated it
   */
  public static boolean ensure(Path location) {
    return ensure(location, NAME, SEED, TRAIN, SEED + 1, VAL);
  }

  /** As {@link #ensure(Path)}, for {@code coco-shapes-one} (val = the train image, same seed). */
  public static boolean ensureOneImage(Path location) {
    return ensure(location, ONE_IMAGE_NAME, ONE_IMAGE_SEED, ONE_IMAGE, ONE_IMAGE_SEED, ONE_IMAGE);
  }

  private static boolean ensure(Path location, String name, long trainSeed, SyntheticCoco.Options train,
      long valSeed, SyntheticCoco.Options val) {
    if (Files.isRegularFile(location.resolve("annotations").resolve("instances_val.json"))) {
      return false;
    }
    try {
      Path parent = location.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path staging = Files.createTempDirectory(parent, location.getFileName() + ".tmp-");
      SyntheticCoco.write(staging, "train", trainSeed, train);
      SyntheticCoco.write(staging, "val", valSeed, val);
      try {
        Files.move(staging, location, StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (FileSystemException e) {
        deleteTree(staging);
        if (Files.isRegularFile(location.resolve("annotations").resolve("instances_val.json"))) {
          return false; // another process won the race
        }
        throw new IllegalStateException(
            location + " exists but holds no complete " + name + " set; remove it and start again", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot generate " + name + " under " + location, e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
