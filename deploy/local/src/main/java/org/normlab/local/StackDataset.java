package org.normlab.local;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset the local stack registers beyond Fashion-MNIST: on the API (its task and class count)
 * and on every worker (its format and files), through the services' {@code normlab.datasets}
 * configuration.
 *
 * @param format a worker dataset format ({@code coco-json}, {@code fashion-mnist-idx})
 * @param height the input height (for COCO-format data: the shorter side images are resized to)
 * @param width the input width (for COCO-format data: the longest side allowed)
 */
public record StackDataset(String name, String task, String format, Path location, int numClasses, int channels,
    int height, int width) {

  List<String> apiArgs() {
    String prefix = "--normlab.datasets." + name + ".";
    return List.of(prefix + "task=" + task, prefix + "num-classes=" + numClasses,
        prefix + "description=registered by the local stack");
  }

  List<String> workerArgs() {
    String prefix = "--normlab.datasets." + name + ".";
    return List.of(prefix + "format=" + format, prefix + "location=" + location, prefix + "num-classes=" + numClasses,
        prefix + "channels=" + channels, prefix + "height=" + height, prefix + "width=" + width);
  }
}
