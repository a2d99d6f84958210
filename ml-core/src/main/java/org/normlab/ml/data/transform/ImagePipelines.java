package org.normlab.ml.data.transform;

import java.util.EnumMap;
import java.util.Map;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.ValidationTransform;

/**
 * The papers' image pipelines by the names specs use (seeds-spec F). {@code none} has no entry: such
 * datasets are fed as stored. The MXNet pipelines are not implemented yet and are refused.
 */
public final class ImagePipelines {

  private static final Map<Augmentation, ImagePipeline> TRAIN = new EnumMap<>(Augmentation.class);
  private static final Map<ValidationTransform, ImagePipeline> VALIDATION =
      new EnumMap<>(ValidationTransform.class);

  static {
    TRAIN.put(Augmentation.IBN_NET, ibnNetTrain(224));
    TRAIN.put(Augmentation.MABN, mabnTrain(224));
    VALIDATION.put(ValidationTransform.IBN_NET, ibnNetValidation(256, 224));
    VALIDATION.put(ValidationTransform.MABN, mabnValidation(256, 224));
  }

  private ImagePipelines() {}

  public static ImagePipeline train(Augmentation augmentation) {
    ImagePipeline pipeline = TRAIN.get(augmentation);
    if (pipeline == null) {
      throw new IllegalArgumentException(
          "No training pipeline for augmentation " + augmentation + "; implemented: " + TRAIN.keySet());
    }
    return pipeline;
  }

  public static ImagePipeline validation(ValidationTransform transform) {
    ImagePipeline pipeline = VALIDATION.get(transform);
    if (pipeline == null) {
      throw new IllegalArgumentException(
          "No validation pipeline for " + transform + "; implemented: " + VALIDATION.keySet());
    }
    return pipeline;
  }

  /** IBN-Net: RandomResizedCrop (area 0.08-1, ratio 3/4-4/3, PIL bilinear), flip 0.5, mean/std. */
  static ImagePipeline ibnNetTrain(int size) {
    return (image, random) -> {
      CropBox box = RandomResizedCrop.IMAGENET.sample(image.height(), image.width(), random);
      RgbImage out = PilBilinear.resize(image.crop(box), size, size);
      if (random.nextDouble() < 0.5) {
        out = out.flipHorizontal();
      }
      return ChwLayout.RGB_IMAGENET_STANDARDIZED.toChw(out);
    };
  }

  /** IBN-Net: shorter side to {@code resize} (PIL bilinear), center {@code crop}, mean/std. */
  static ImagePipeline ibnNetValidation(int resize, int crop) {
    return (image, random) -> {
      int[] size = shorterSideTo(image, resize, false);
      RgbImage out = PilBilinear.resize(image, size[0], size[1]).centerCrop(crop);
      return ChwLayout.RGB_IMAGENET_STANDARDIZED.toChw(out);
    };
  }

  /** MABN: square crop (zero pad), bilinear to size, PCA lighting 0.1, flip 0.5, BGR 0-255. */
  static ImagePipeline mabnTrain(int size) {
    PcaLighting lighting = new PcaLighting(0.1);
    return (image, random) -> {
      CropBox box = SquareRandomCrop.MABN.sample(image.height(), image.width(), random);
      RgbImage out = lighting.apply(Bilinear.resize(image.crop(box), size, size), random);
      if (random.nextDouble() < 0.5) {
        out = out.flipHorizontal();
      }
      return ChwLayout.BGR_0_255.toChw(out);
    };
  }

  /** MABN: shorter side to {@code resize} (cv2 bilinear, rounded sizes), center crop, BGR 0-255. */
  static ImagePipeline mabnValidation(int resize, int crop) {
    return (image, random) -> {
      int[] size = shorterSideTo(image, resize, true);
      return ChwLayout.BGR_0_255.toChw(Bilinear.resize(image, size[0], size[1]).centerCrop(crop));
    };
  }

  /**
   * {width, height} with the shorter side {@code target}: the longer side truncated as torchvision's
   * Resize ({@code int(target * long / short)}) or rounded as MABN's OpencvResize ({@code
   * int(target / short * long + 0.5)}).
   */
  static int[] shorterSideTo(RgbImage image, int target, boolean rounded) {
    int h = image.height();
    int w = image.width();
    if (h <= w) {
      int longer = rounded ? (int) ((double) target / h * w + 0.5) : (int) ((double) (target * w) / h);
      return new int[] {longer, target};
    }
    int longer = rounded ? (int) ((double) target / w * h + 0.5) : (int) ((double) (target * h) / w);
    return new int[] {target, longer};
  }
}
