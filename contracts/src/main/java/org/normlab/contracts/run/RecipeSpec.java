package org.normlab.contracts.run;

/**
 * The parts of a training recipe that are not elsewhere in an {@link ExperimentSpec} (optimizer,
 * schedule, batch and length are), and the name of the recipe the spec was resolved from.
 *
 * @param name the recipe the API resolved the spec from, or null when the request named none
 * @param labelSmoothing epsilon of label-smoothing cross-entropy, in [0, 1); 0 is plain cross-entropy
 * @param dropout probability of zeroing a pooled feature before the classifier, in [0, 1)
 * @param augmentation the training-image pipeline
 * @param validation the validation-image pipeline
 */
public record RecipeSpec(
    String name,
    double labelSmoothing,
    double dropout,
    Augmentation augmentation,
    ValidationTransform validation) {

  /** What a spec without a recipe trains with: plain cross-entropy, no dropout, no augmentation. */
  public static final RecipeSpec PLAIN =
      new RecipeSpec(null, 0, 0, Augmentation.NONE, ValidationTransform.NONE);

  public RecipeSpec {
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException("labelSmoothing must be in [0, 1), got " + labelSmoothing);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    augmentation = augmentation == null ? Augmentation.NONE : augmentation;
    validation = validation == null ? ValidationTransform.NONE : validation;
  }
}
