package org.normlab.ml.data.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A split in ImageNet's folder layout: {@code <split>/<class>/<image>}. Classes are the sorted
 * class directory names, or the lines of {@code classes.txt} beside the split directories when it
 * exists (so train and val agree even if a class is missing from one). Samples are ordered by class
 * index, then file name; only files with an image extension count, as torchvision's ImageFolder.
 */
public final class ImageFolderImages implements EncodedImages {

  /** Extensions read as images, compared case-insensitively. */
  static final Set<String> EXTENSIONS = Set.of("jpeg", "jpg", "png");

  private final Path root;
  private final List<String> classes;
  private final Path[] files;
  private final int[] labels;

  private ImageFolderImages(Path root, List<String> classes, Path[] files, int[] labels) {
    this.root = root;
    this.classes = classes;
    this.files = files;
    this.labels = labels;
  }

  /**
   * Lists {@code location/splitDirectory}.
   *
   * @throws IllegalStateException when the class list does not have {@code numClasses} entries, or
   *     a class directory is not in {@code classes.txt}
   */
  public static ImageFolderImages open(Path location, String splitDirectory, int numClasses) {
    Path root = location.resolve(splitDirectory);
    try {
      List<String> directories;
      try (Stream<Path> entries = Files.list(root)) {
        directories =
            entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      }
      Path classFile = location.resolve("classes.txt");
      List<String> classes = Files.isRegularFile(classFile) ? readClasses(classFile) : directories;
      if (classes.size() != numClasses) {
        throw new IllegalStateException(
            (Files.isRegularFile(classFile) ? classFile : root)
                + " lists "
                + classes.size()
                + " classes but the dataset is registered with "
                + numClasses);
      }
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < classes.size(); i++) {
        index.put(classes.get(i), i);
      }
      List<Path> files = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      for (String directory : classes) {
        Path classDir = root.resolve(directory);
        if (!Files.isDirectory(classDir)) {
          continue; // a class without images in this split
        }
        try (Stream<Path> entries = Files.list(classDir)) {
          for (Path file : entries.filter(ImageFolderImages::isImageFile).sorted().toList()) {
            files.add(file);
            labels.add(index.get(directory));
          }
        }
      }
      for (String directory : directories) {
        if (!index.containsKey(directory)) {
          throw new IllegalStateException(
              root.resolve(directory) + " is not a class listed in " + classFile);
        }
      }
      return new ImageFolderImages(
          root,
          List.copyOf(classes),
          files.toArray(Path[]::new),
          labels.stream().mapToInt(Integer::intValue).toArray());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list image folder " + root, e);
    }
  }

  private static List<String> readClasses(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::trim)
        .filter(line -> !line.isEmpty())
        .toList();
  }

  private static boolean isImageFile(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return !name.startsWith(".")
        && dot > 0
        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
        && Files.isRegularFile(path);
  }

  /** Class names by index. */
  public List<String> classes() {
    return classes;
  }

  public int label(int index) {
    return labels[index];
  }

  @Override
  public int size() {
    return files.length;
  }

  @Override
  public int numClasses() {
    return classes.size();
  }

  @Override
  public EncodedImage read(int index) throws IOException {
    return new EncodedImage(Files.readAllBytes(files[index]), labels[index]);
  }

  @Override
  public String describe(int index) {
    return files[index].toString();
  }

  @Override
  public String toString() {
    return "image folder " + root + " (" + files.length + " images, " + classes.size() + " classes)";
  }
}
