package org.normlab.ml.data.transform;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.ValidationTransform;

/**
 * The papers' image pipelines by the names specs use (seeds-spec F), at the papers' 224 or at any
 * square input size (CPU tests train at 32). {@code none} on a decoded dataset means no
 * augmentation: the validation path of IBN-Net (shorter side, center crop, RGB mean/std).
 */
public final class ImagePipelines {

  /** The papers' crop; validation resizes the shorter side to 256 for it. */
  public static final int PAPER_SIZE = 224;

  private static final Map<Augmentation, IntFunction<ImagePipeline>> TRAIN =
      new EnumMap<>(Augmentation.class);
  private static final Map<ValidationTransform, IntFunction<ImagePipeline>> VALIDATION =
      new EnumMap<>(ValidationTransform.class);

  static {
    TRAIN.put(Augmentation.NONE, size -> ibnNetValidation(resizeFor(size), size));
    TRAIN.put(Augmentation.IBN_NET, ImagePipelines::ibnNetTrain);
    TRAIN.put(Augmentation.MABN, ImagePipelines::mabnTrain);
    TRAIN.put(Augmentation.MXNET, ImagePipelines::mxnetTrain);
    VALIDATION.put(ValidationTransform.NONE, size -> ibnNetValidation(resizeFor(size), size));
    VALIDATION.put(ValidationTransform.IBN_NET, size -> ibnNetValidation(resizeFor(size), size));
    VALIDATION.put(ValidationTransform.MABN, size -> mabnValidation(resizeFor(size), size));
    VALIDATION.put(ValidationTransform.MXNET, size -> mxnetValidation(resizeFor(size), size));
  }

  private ImagePipelines() {}

  /** The training pipeline at the papers' 224. */
  public static ImagePipeline train(Augmentation augmentation) {
    return train(augmentation, PAPER_SIZE);
  }

  /** The validation pipeline at the papers' 256 / 224. */
  public static ImagePipeline validation(ValidationTransform transform) {
    return validation(transform, PAPER_SIZE);
  }

  /**
   * The training pipeline producing (3, size, size).
   *
   * @throws IllegalArgumentException for an augmentation without an implementation, naming those
   *     that have one
   */
  public static ImagePipeline train(Augmentation augmentation, int size) {
    IntFunction<ImagePipeline> pipeline = TRAIN.get(augmentation);
    if (pipeline == null) {
      throw new IllegalArgumentException(
          "No training pipeline for augmentation " + augmentation + "; implemented: " + TRAIN.keySet());
    }
    return pipeline.apply(size);
  }

  /**
   * The validation pipeline producing (3, size, size).
   *
   * @throws IllegalArgumentException for a transform without an implementation
   */
  public static ImagePipeline validation(ValidationTransform transform, int size) {
    IntFunction<ImagePipeline> pipeline = VALIDATION.get(transform);
    if (pipeline == null) {
      throw new IllegalArgumentException(
          "No validation pipeline for " + transform + "; implemented: " + VALIDATION.keySet());
    }
    return pipeline.apply(size);
  }

  /** The shorter side validation resizes to before the center crop: 256 for 224, in proportion otherwise. */
  public static int resizeFor(int crop) {
    return (int) Math.round(crop * 256.0 / PAPER_SIZE);
  }

  /** IBN-Net: RandomResizedCrop (area 0.08-1, ratio 3/4-4/3, PIL bilinear), flip 0.5, mean/std. */
  static ImagePipeline ibnNetTrain(int size) {
    return new CropFirst(RandomResizedCrop.IMAGENET::sample) {
      @Override
      float[] finish(RgbImage crop, RandomGenerator random) {
        RgbImage out = PilBilinear.resize(crop, size, size);
        if (random.nextDouble() < 0.5) {
          out = out.flipHorizontal();
        }
        return ChwLayout.RGB_IMAGENET_STANDARDIZED.toChw(out);
      }
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
    return new CropFirst(SquareRandomCrop.MABN::sample) {
      @Override
      float[] finish(RgbImage crop, RandomGenerator random) {
        RgbImage out = lighting.apply(Bilinear.resize(crop, size, size), random);
        if (random.nextDouble() < 0.5) {
          out = out.flipHorizontal();
        }
        return ChwLayout.BGR_0_255.toChw(out);
      }
    };
  }

  /**
   * IBN-Net.mxnet (--aug-level 2): scale 0.667-1 and aspect 0.75-1.25 affine of the image at
   * shorter side 480 (fill 127), random crop, HSL jitter (36, 50, 50), mirror 0.5, RGB 0-255.
   */
  static ImagePipeline mxnetTrain(int size) {
    MxnetAffineCrop affine = MxnetAffineCrop.ibnNet(size);
    HslJitter jitter = HslJitter.IBN_NET_MXNET;
    return new ImagePipeline() {
      @Override
      public float[] apply(RgbImage image, RandomGenerator random) {
        return apply((ImageSource) image, random);
      }

      @Override
      public float[] apply(ImageSource source, RandomGenerator random) {
        RgbImage out = jitter.apply(affine.apply(source, random), random);
        if (random.nextDouble() < 0.5) {
          out = out.flipHorizontal();
        }
        return ChwLayout.RGB_0_255.toChw(out);
      }
    };
  }

  /**
   * IBN-Net.mxnet's validation: the image at shorter side {@code resize} (val_256_q90.rec: im2rec's
   * cv2 bilinear, floored sizes), center crop with floored offsets (MXNet's {@code y /= 2}), RGB
   * 0-255.
   */
  static ImagePipeline mxnetValidation(int resize, int crop) {
    return (image, random) -> {
      int[] size = shorterSideTo(image, resize, false);
      RgbImage resized = Bilinear.resize(image, size[0], size[1]);
      CropBox center =
          new CropBox((resized.height() - crop) / 2, (resized.width() - crop) / 2, crop, crop);
      return ChwLayout.RGB_0_255.toChw(resized.crop(center));
    };
  }

  /** Where a cropping pipeline takes its crop, from the image's size alone. */
  @FunctionalInterface
  interface BoxSampler {
    CropBox sample(int height, int width, RandomGenerator random);
  }

  /**
   * A pipeline whose first step is a random crop: the box is drawn from the image's size, then only
   * that region is decoded, then the rest runs on the crop. The draws come in the same order either
   * way, so a decoded image and a lazily decoded one give the same output.
   */
  abstract static class CropFirst implements ImagePipeline {

    private final BoxSampler sampler;

    CropFirst(BoxSampler sampler) {
      this.sampler = sampler;
    }

    abstract float[] finish(RgbImage crop, RandomGenerator random);

    @Override
    public float[] apply(RgbImage image, RandomGenerator random) {
      return apply((ImageSource) image, random);
    }

    @Override
    public float[] apply(ImageSource source, RandomGenerator random) {
      CropBox box = sampler.sample(source.height(), source.width(), random);
      return finish(source.region(box), random);
    }
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
