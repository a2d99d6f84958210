package org.normlab.ml.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.normlab.ml.data.IdxReader.IdxArray;

/** Loads a registered dataset's split into memory, dispatching on its format. */
public final class DatasetLoader {

  private DatasetLoader() {}

  /**
   * Reads one split.
   *
   * @throws DatasetNotFoundException when a file of the split is missing
   * @throws IllegalStateException when the files do not match the definition (shape, counts,
   *     labels)
   */
  public static ImageDataset load(DatasetDefinition definition, Split split) {
    if (definition.format() == DatasetFormat.COCO_JSON) {
      throw new IllegalArgumentException(
          "dataset '"
              + definition.name()
              + "' holds COCO detection data (boxes and masks, no image labels); it trains with"
              + " task detection (DetectionJob), not as a classification set");
    }
    List<Path> files =
        definition.format().files(split).stream().map(definition.location()::resolve).toList();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new DatasetNotFoundException(definition, file);
      }
    }
    switch (definition.format()) {
      case FASHION_MNIST_IDX:
        return readIdxPair(definition, split, files.get(0), files.get(1));
      default:
        throw new IllegalStateException("No loader for format " + definition.format());
    }
  }

  private static ImageDataset readIdxPair(
      DatasetDefinition definition, Split split, Path imagesFile, Path labelsFile) {
    if (definition.channels() != 1) {
      throw new IllegalStateException(
          "IDX images are single-channel but dataset '"
              + definition.name()
              + "' declares "
              + definition.channels()
              + " channels");
    }
    IdxArray images = IdxReader.read(imagesFile, 3);
    IdxArray labels = IdxReader.read(labelsFile, 1);
    int[] dims = images.dimensions();
    if (dims[1] != definition.height() || dims[2] != definition.width()) {
      throw new IllegalStateException(
          imagesFile
              + " holds "
              + dims[1]
              + "x"
              + dims[2]
              + " images but dataset '"
              + definition.name()
              + "' declares "
              + definition.height()
              + "x"
              + definition.width());
    }
    if (labels.dimensions()[0] != dims[0]) {
      throw new IllegalStateException(
          labelsFile
              + " holds "
              + labels.dimensions()[0]
              + " labels for "
              + dims[0]
              + " images in "
              + imagesFile);
    }
    try {
      return new ImageDataset(
          definition.name(),
          split,
          1,
          dims[1],
          dims[2],
          definition.numClasses(),
          images.data(),
          labels.data(),
          definition.format().statistics());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
