package org.normlab.contracts.model;

import java.util.List;
import java.util.Locale;

/**
 * What to normalize with, as written in an experiment spec ({@code bn}, {@code gn:32}, ...). Where a
 * norm goes (uniform, IBN-a, IBN-b) is a separate concern owned by ml-core's placement policies.
 *
 * <p>The text form is the wire vocabulary: the API validates it, the workers build layers from it.
 */
public sealed interface NormSpec {

  /** The accepted text forms, in the order error messages list them. */
  List<String> FORMS = List.of(
      "bn", "brn", "gn", "gn:<groups>", "in", "ln", "mabn", "mabn:<window>", "mabn-plain", "mabn-plain:<window>",
      "none", "syncbn");

  int DEFAULT_GROUPS = 32;

  /** The normalized text form; {@code parse(spec.canonical())} returns an equal spec. */
  String canonical();

  /** Whether statistics are computed across samples, so that {@code normBatchSize} matters. */
  default boolean usesBatchStatistics() {
    return false;
  }

  /** Batch normalization; statistics over groups of {@code normBatchSize} samples. */
  record Batch() implements NormSpec {
    @Override
    public String canonical() {
      return "bn";
    }

    @Override
    public boolean usesBatchStatistics() {
      return true;
    }
  }

  /**
   * Synchronized batch normalization: statistics (and their backward terms) over the whole SGD
   * batch, across every data-parallel replica of a step, so that N replicas of b samples normalize
   * as one of N*b. Its normalization batch is therefore the SGD batch: {@code normBatchSize} must
   * equal {@code batchSize}.
   */
  record SyncBatch() implements NormSpec {
    @Override
    public String canonical() {
      return "syncbn";
    }

    @Override
    public boolean usesBatchStatistics() {
      return true;
    }
  }

  /**
   * Batch Renormalization (Ioffe 2017): batch statistics corrected toward the running ones by the
   * clipped factors r and d; its r_max/d_max schedule is ml-core's, documented there.
   */
  record BatchRenorm() implements NormSpec {
    @Override
    public String canonical() {
      return "brn";
    }

    @Override
    public boolean usesBatchStatistics() {
      return true;
    }
  }

  /**
   * Moving Average Batch Normalization (Yan et al., ICLR 2020): un-centred normalization by a
   * simple moving average of E[x²] over {@code window} iterations, in forward and backward.
   *
   * @param window SMA window in iterations; 0 means batchSize / normBatchSize, as in the paper
   * @param centeredConv whether convolutions are weight-centred (CenConv), as published
   */
  record MovingAverageBatch(int window, boolean centeredConv) implements NormSpec {
    public static final int AUTO_WINDOW = 0;

    public MovingAverageBatch {
      if (window < 0) {
        throw new IllegalArgumentException("mabn window must be >= 1, got " + window);
      }
    }

    /** The SMA window for a run: explicit, or batchSize / normBatchSize. */
    public int windowFor(int batchSize, int normBatchSize) {
      return window == AUTO_WINDOW ? Math.max(1, batchSize / normBatchSize) : window;
    }

    @Override
    public String canonical() {
      return (centeredConv ? "mabn" : "mabn-plain") + (window == AUTO_WINDOW ? "" : ":" + window);
    }

    @Override
    public boolean usesBatchStatistics() {
      return true;
    }
  }

  /** Group normalization over {@code groups} channel groups of each sample. */
  record Group(int groups) implements NormSpec {
    public Group {
      if (groups < 1) {
        throw new IllegalArgumentException("gn groups must be >= 1, got " + groups);
      }
    }

    @Override
    public String canonical() {
      return "gn:" + groups;
    }
  }

  /** Affine instance normalization: per-sample, per-channel statistics in training and evaluation. */
  record Instance() implements NormSpec {
    @Override
    public String canonical() {
      return "in";
    }
  }

  /** Layer normalization over (C, H, W) of each sample. */
  record Layer() implements NormSpec {
    @Override
    public String canonical() {
      return "ln";
    }
  }

  /** No normalization: the layer is the identity. */
  record None() implements NormSpec {
    @Override
    public String canonical() {
      return "none";
    }
  }

  /**
   * Parses a norm's text form.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  static NormSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text);
    }
    String normalized = text.trim().toLowerCase(Locale.ROOT);
    int colon = normalized.indexOf(':');
    String kind = colon < 0 ? normalized : normalized.substring(0, colon);
    String argument = colon < 0 ? null : normalized.substring(colon + 1);
    switch (kind) {
      case "gn":
        return new Group(argument == null ? DEFAULT_GROUPS : parsePositive(text, argument));
      case "mabn":
      case "mabn-plain":
        return new MovingAverageBatch(
            argument == null ? MovingAverageBatch.AUTO_WINDOW : parsePositive(text, argument), kind.equals("mabn"));
      case "brn":
        if (argument != null) {
          throw invalid(text);
        }
        return new BatchRenorm();
      case "syncbn":
        if (argument != null) {
          throw invalid(text);
        }
        return new SyncBatch();
      case "bn":
      case "in":
      case "ln":
      case "none":
        if (argument != null) {
          throw invalid(text);
        }
        return kind.equals("bn")
            ? new Batch()
            : kind.equals("in") ? new Instance() : kind.equals("ln") ? new Layer() : new None();
      default:
        throw invalid(text);
    }
  }

  private static int parsePositive(String text, String argument) {
    try {
      int groups = Integer.parseInt(argument);
      if (groups < 1) {
        throw invalid(text);
      }
      return groups;
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "Unknown norm '" + text + "'; allowed: " + String.join(", ", FORMS));
  }
}
