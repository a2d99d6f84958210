package org.normlab.ml.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A dataset registered on the server: specs name it, never a path.
 *
 * @param location directory holding the format's files
 * @param numClasses number of labels; labels are 0 .. numClasses-1
 * @param channels channels of one image as the model sees it
 * @param height rows of one image
 * @param width columns of one image
 */
public record DatasetDefinition(
    String name,
    DatasetFormat format,
    Path location,
    int numClasses,
    int channels,
    int height,
    int width) {

  public DatasetDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(location, "location");
    if (name.isBlank()) {
      throw new IllegalArgumentException("dataset name must not be blank");
    }
    if (numClasses < 2 || channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "dataset '"
              + name
              + "': numClasses must be >= 2 and channels, height, width >= 1, got "
              + numClasses
              + ", "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    if (format.statistics().channels() != channels) {
      throw new IllegalArgumentException(
          "dataset '"
              + name
              + "' has "
              + channels
              + " channels but format "
              + format
              + " standardizes "
              + format.statistics().channels());
    }
  }
}
