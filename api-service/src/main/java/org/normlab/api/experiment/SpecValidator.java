package org.normlab.api.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.normlab.api.dataset.DatasetRegistry;
import org.normlab.api.recipe.Recipe;
import org.normlab.api.recipe.RecipeCatalog;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.normlab.contracts.model.ClosestNames;
import org.normlab.contracts.model.ModelVocabulary;
import org.normlab.contracts.model.NormSpec;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.RecipeSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.contracts.run.ValidationTransform;
import org.springframework.stereotype.Component;

/**
 * Turns a request into a spec, or reports every bad field with the values it may take. A named
 * recipe fills what the request leaves out (the request's own fields win); defaults fill the rest:
 * the papers' SGD (lr 0.1, momentum 0.9, weight decay 1e-4), base width 64, normalization batch =
 * SGD batch, seed 0, plain cross-entropy without dropout or augmentation, replicas left to the
 * worker (one per device).
 */
@Component
class SpecValidator {

  static final int MAX_NAME_LENGTH = 200;
  static final int MAX_BATCH = 4096;
  static final int MAX_BASE_WIDTH = 512;
  static final int MAX_EPOCHS = 1000;
  static final int MAX_ITERATIONS = 10_000_000;
  static final int MAX_REPLICAS = 64;

  private static final List<String> TASKS =
      Arrays.stream(Task.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
  private static final List<String> SCHEDULES =
      Arrays.stream(ScheduleSpec.ScheduleType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();

  private static final List<String> AUGMENTATIONS =
      Arrays.stream(Augmentation.values()).map(a -> a.name().toLowerCase(Locale.ROOT)).toList();
  private static final List<String> VALIDATIONS =
      Arrays.stream(ValidationTransform.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();

  private final DatasetRegistry datasets;
  private final RecipeCatalog recipes;

  SpecValidator(DatasetRegistry datasets, RecipeCatalog recipes) {
    this.datasets = datasets;
    this.recipes = recipes;
  }

  /** A request that passed validation: what to train and how to schedule it. */
  record Submission(ExperimentSpec spec, Scheduling scheduling) {}

  /** What a model entry is, trained or pretrained: checked name, canonical norm, base width. */
  record Model(String name, String norm, int baseWidth) {}

  Submission validate(CreateExperimentRequest request) {
    return validate(request, Scheduling.DEFAULT_OWNER);
  }

  /** {@link #validate(CreateExperimentRequest)}; a request that names no owner counts against {@code defaultOwner}. */
  Submission validate(CreateExperimentRequest request, String defaultOwner) {
    List<FieldViolation> errors = new ArrayList<>();
    Recipe recipe = null;
    if (request.recipe() != null) {
      recipe = recipes.find(request.recipe()).orElse(null);
      if (recipe == null) {
        errors.add(FieldViolation.oneOf("recipe", request.recipe(), recipes.names(),
            ClosestNames.closest(request.recipe(), recipes.names(), 3)));
      }
    }
    CreateExperimentRequest r = recipe == null ? request : request.over(recipe.settings());

    String taskText = r.task() == null ? "classification" : r.task().toLowerCase(Locale.ROOT);
    if (!TASKS.contains(taskText)) {
      errors.add(FieldViolation.oneOf("task", r.task(), TASKS));
    }
    Model model = model(errors, r.name(), r.dataset(), r.backbone(), r.norm(), r.baseWidth());
    if (TASKS.contains(taskText)) {
      taskFits(errors, taskText, r.dataset(), r.backbone());
    }
    if (taskText.equals("detection")) {
      detectionSettings(errors, r);
    }
    String norm = model.norm();
    int baseWidth = model.baseWidth();
    Integer batch = r.batchSize();
    if (batch == null) {
      errors.add(FieldViolation.of("batchSize", "is required", null));
    } else {
      positive(errors, "batchSize", batch, 1, MAX_BATCH);
    }
    Integer normBatch = r.normBatchSize() == null ? batch : r.normBatchSize();
    if (r.normBatchSize() != null) {
      positive(errors, "normBatchSize", normBatch, 1, MAX_BATCH);
    }
    if (batch != null && normBatch != null && batch > 0 && normBatch > 0 && batch % normBatch != 0) {
      errors.add(FieldViolation.of(
          "normBatchSize", "must divide batchSize (" + batch + "); allowed: " + divisors(batch), normBatch));
    }

    replicas(errors, r.replicas(), norm, batch, normBatch);

    if ((r.epochs() == null) == (r.iterations() == null)) {
      errors.add(FieldViolation.of("epochs", "exactly one of epochs and iterations must be set", r.epochs()));
    } else if (r.epochs() != null) {
      positive(errors, "epochs", r.epochs(), 1, MAX_EPOCHS);
    } else {
      positive(errors, "iterations", r.iterations(), 1, MAX_ITERATIONS);
    }

    OptimizerSpec optimizer = optimizer(errors, r.optimizer());
    RecipeSpec training = training(errors, r, recipe);
    Scheduling scheduling = scheduling(errors, r, defaultOwner);
    List<String> tags = tags(errors, r.tags());

    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Submission(new ExperimentSpec(
        model.name(),
        Task.valueOf(taskText.toUpperCase(Locale.ROOT)),
        r.dataset(),
        r.backbone(),
        norm,
        baseWidth,
        normBatch,
        batch,
        r.epochs(),
        r.iterations(),
        optimizer,
        r.seed() == null ? 0L : r.seed(),
        training, null, r.replicas(), tags), scheduling);
  }

  /**
   * The dataset must be one of the task's (a detection spec on a classification set, or the reverse,
   * cannot train), and a detector needs a backbone with ResNet stages for its FPN.
   */
  private void taskFits(List<FieldViolation> errors, String task, String dataset,
      String backbone) {
    datasets.findActive(dataset).filter(d -> !d.task().equals(task)).ifPresent(d -> errors.add(new FieldViolation(
        "dataset", "is a " + d.task() + " dataset; task " + task + " needs one of its own datasets", dataset,
        datasets.all().stream().filter(o -> o.task().equals(task) && !o.retired()).map(o -> o.name()).toList())));
    if (task.equals("detection") && ModelVocabulary.isBackbone(backbone)
        && !ModelVocabulary.isDetectionBackbone(backbone)) {
      errors.add(new FieldViolation("backbone", "task detection (Mask R-CNN with FPN) needs a backbone of the"
          + " ResNet family (ResNet, ResNeXt, SE-ResNet, plain or IBN); " + backbone + " has no ResNet stages",
          backbone, ModelVocabulary.DETECTION_BACKBONES));
    }
  }

  /**
   * What the detection trainer has no use for, refused rather than ignored: it trains on one replica
   * (its norms see the whole batch) and has no label smoothing, dropout or classification
   * augmentation (its images are resized and flipped).
   */
  private static void detectionSettings(List<FieldViolation> errors, CreateExperimentRequest r) {
    if (r.replicas() != null && r.replicas() != 1) {
      errors.add(new FieldViolation("replicas", "task detection trains on one replica", r.replicas(), List.of("1")));
    }
    if (r.labelSmoothing() != null && r.labelSmoothing() != 0) {
      errors.add(new FieldViolation("labelSmoothing", "task detection has no label smoothing", r.labelSmoothing(),
          List.of("0")));
    }
    if (r.dropout() != null && r.dropout() != 0) {
      errors.add(new FieldViolation("dropout", "task detection has no dropout", r.dropout(), List.of("0")));
    }
    if (r.augmentation() != null && !r.augmentation().equalsIgnoreCase("none")) {
      errors.add(new FieldViolation("augmentation",
          "task detection resizes and flips its images itself; classification augmentations do not apply",
          r.augmentation(), List.of("none")));
    }
  }

  /**
   * Data-parallel replicas split every batch evenly. With per-replica batch statistics (bn, brn)
   * each replica's share must hold whole normalization groups; syncbn normalizes over the whole
   * batch, so its normalization batch is the batch; MABN's moving averages span all groups of a
   * batch, so it trains on one replica.
   */
  private static void replicas(List<FieldViolation> errors, Integer replicas, String norm, Integer batch,
      Integer normBatch) {
    NormSpec spec = norm == null ? null : NormSpec.parse(norm);
    if (spec instanceof NormSpec.SyncBatch && batch != null && normBatch != null && !normBatch.equals(batch)) {
      errors.add(new FieldViolation("normBatchSize",
          "syncbn normalizes over the whole batch of all replicas: must equal batchSize (" + batch + ")", normBatch,
          List.of(Integer.toString(batch))));
    }
    if (replicas == null) {
      return;
    }
    if (spec instanceof NormSpec.MovingAverageBatch && replicas != 1) {
      errors.add(new FieldViolation("replicas",
          norm + " averages statistics over every normalization group of a batch and trains on one replica",
          replicas, List.of("1")));
      return;
    }
    if (replicas < 1 || replicas > MAX_REPLICAS || (batch != null && batch > 0 && batch % replicas != 0)) {
      List<String> allowed = batch == null || batch < 1
          ? List.of("1.." + MAX_REPLICAS)
          : divisors(batch).stream().filter(d -> Integer.parseInt(d) <= MAX_REPLICAS).toList();
      errors.add(new FieldViolation("replicas",
          "must be between 1 and " + MAX_REPLICAS + " and divide batchSize" + (batch == null ? "" : " (" + batch + ")"),
          replicas, allowed));
      return;
    }
    boolean perReplicaStatistics = spec != null && spec.usesBatchStatistics() && !(spec instanceof NormSpec.SyncBatch);
    if (perReplicaStatistics && batch != null && normBatch != null && normBatch > 0 && batch % normBatch == 0) {
      int share = batch / replicas;
      if (share % normBatch != 0) {
        errors.add(new FieldViolation("normBatchSize",
            "must divide each replica's share of the batch (batchSize " + batch + " / replicas " + replicas + " = "
                + share + ") for " + norm + ", whose statistics are per replica; use syncbn for statistics across"
                + " replicas", normBatch, divisors(share)));
      }
    }
  }

  /**
   * Checks the fields that describe the model (name, dataset, backbone, norm, baseWidth), adding a
   * violation per bad field; the result's values are meaningful only if none was added.
   */
  Model model(List<FieldViolation> errors, String name, String dataset, String backbone, String norm,
      Integer baseWidth) {
    if (name == null || name.isBlank()) {
      errors.add(FieldViolation.of("name", "is required", name));
    } else if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
      errors.add(FieldViolation.of(
          "name", "must be at most " + MAX_NAME_LENGTH + " characters without control characters", name));
    }
    if (datasets.findActive(dataset).isEmpty()) {
      errors.add(datasets.find(dataset).isPresent()
          ? new FieldViolation("dataset", "is retired: new runs may not use it", dataset, datasets.activeNames())
          : FieldViolation.oneOf("dataset", dataset, datasets.activeNames()));
    }
    if (!ModelVocabulary.isBackbone(backbone)) {
      errors.add(FieldViolation.oneOf("backbone", backbone, ModelVocabulary.BACKBONES,
          ClosestNames.closest(backbone, ModelVocabulary.BACKBONES, 3)));
    }
    String canonicalNorm = null;
    try {
      canonicalNorm = NormSpec.parse(norm).canonical();
    } catch (IllegalArgumentException e) {
      errors.add(FieldViolation.oneOf("norm", norm, NormSpec.FORMS));
    }
    int width = positive(errors, "baseWidth", baseWidth, ModelVocabulary.DEFAULT_BASE_WIDTH, MAX_BASE_WIDTH);
    return new Model(name == null ? null : name.strip(), canonicalNorm, width);
  }

  /** Label smoothing, dropout and the image pipelines, under the name of the recipe if any. */
  private static RecipeSpec training(List<FieldViolation> errors, CreateExperimentRequest r, Recipe recipe) {
    int before = errors.size();
    double labelSmoothing = r.labelSmoothing() == null ? 0 : r.labelSmoothing();
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      errors.add(FieldViolation.of("labelSmoothing", "must be in [0, 1)", r.labelSmoothing()));
    }
    double dropout = r.dropout() == null ? 0 : r.dropout();
    if (!(dropout >= 0 && dropout < 1)) {
      errors.add(FieldViolation.of("dropout", "must be in [0, 1)", r.dropout()));
    }
    String augmentation = r.augmentation() == null ? "none" : r.augmentation().toLowerCase(Locale.ROOT);
    if (!AUGMENTATIONS.contains(augmentation)) {
      errors.add(FieldViolation.oneOf("augmentation", r.augmentation(), AUGMENTATIONS));
    }
    String validation = r.validation() == null ? "none" : r.validation().toLowerCase(Locale.ROOT);
    if (!VALIDATIONS.contains(validation)) {
      errors.add(FieldViolation.oneOf("validation", r.validation(), VALIDATIONS));
    }
    if (errors.size() > before) {
      return null;
    }
    return new RecipeSpec(recipe == null ? null : recipe.name(), labelSmoothing, dropout,
        Augmentation.valueOf(augmentation.toUpperCase(Locale.ROOT)),
        ValidationTransform.valueOf(validation.toUpperCase(Locale.ROOT)));
  }

  /** Tags as given (lowercase, so that a leaderboard filter matches exactly), each checked. */
  static List<String> tags(List<FieldViolation> errors, List<String> tags) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > ExperimentSpec.MAX_TAGS) {
      errors.add(FieldViolation.of("tags", "at most " + ExperimentSpec.MAX_TAGS + " tags", tags.size()));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      if (tag == null || !ExperimentSpec.TAG.matcher(tag).matches()) {
        errors.add(FieldViolation.of("tags[" + i + "]",
            "must be 1-40 characters of a-z 0-9 . _ : - starting with a letter or digit", tag));
      } else if (!seen.add(tag)) {
        errors.add(FieldViolation.of("tags[" + i + "]", "repeats an earlier tag", tag));
      }
    }
    return List.copyOf(seen.size() == tags.size() ? tags : List.of());
  }

  private static Scheduling scheduling(List<FieldViolation> errors, CreateExperimentRequest r, String defaultOwner) {
    String priorityText = r.priority() == null ? "normal" : r.priority().toLowerCase(Locale.ROOT);
    Priority priority = Priority.NORMAL;
    if (Priority.NAMES.contains(priorityText)) {
      priority = Priority.valueOf(priorityText.toUpperCase(Locale.ROOT));
    } else {
      errors.add(FieldViolation.oneOf("priority", r.priority(), Priority.NAMES));
    }
    String owner = r.owner() == null ? defaultOwner : r.owner().strip();
    if (!owner.matches("[A-Za-z0-9._@-]{1,100}")) {
      errors.add(FieldViolation.of("owner", "must be 1-100 letters, digits or . _ @ -", r.owner()));
    }
    int maxRestarts = r.maxRestarts() == null ? Scheduling.DEFAULT_MAX_RESTARTS : r.maxRestarts();
    if (maxRestarts < 0 || maxRestarts > Scheduling.MAX_RESTARTS_LIMIT) {
      errors.add(FieldViolation.of("maxRestarts", "must be between 0 and " + Scheduling.MAX_RESTARTS_LIMIT,
          r.maxRestarts()));
    }
    return new Scheduling(priority, owner, maxRestarts);
  }

  /** The optimizer a request that names none gets. */
  static OptimizerSpec defaultOptimizer() {
    return optimizer(new ArrayList<>(), null);
  }

  private static OptimizerSpec optimizer(List<FieldViolation> errors, CreateExperimentRequest.OptimizerRequest o) {
    var opt = o == null ? new CreateExperimentRequest.OptimizerRequest(null, null, null, null, null) : o;
    double lr = opt.lr() == null ? 0.1 : opt.lr();
    double momentum = opt.momentum() == null ? 0.9 : opt.momentum();
    double weightDecay = opt.weightDecay() == null ? 1e-4 : opt.weightDecay();
    int before = errors.size();
    if (!(lr > 0 && lr <= 10)) {
      errors.add(FieldViolation.of("optimizer.lr", "must be in (0, 10]", opt.lr()));
    }
    if (!(momentum >= 0 && momentum < 1)) {
      errors.add(FieldViolation.of("optimizer.momentum", "must be in [0, 1)", opt.momentum()));
    }
    if (!(weightDecay >= 0 && weightDecay <= 1)) {
      errors.add(FieldViolation.of("optimizer.weightDecay", "must be in [0, 1]", opt.weightDecay()));
    }
    ScheduleSpec schedule = schedule(errors, opt.schedule());
    if (errors.size() > before) {
      return null;
    }
    return new OptimizerSpec(lr, momentum, weightDecay, Boolean.TRUE.equals(opt.nesterov()), schedule);
  }

  private static ScheduleSpec schedule(List<FieldViolation> errors, CreateExperimentRequest.ScheduleRequest s) {
    if (s == null) {
      return ScheduleSpec.constant();
    }
    int before = errors.size();
    String type = s.type() == null ? "constant" : s.type().toLowerCase(Locale.ROOT);
    if (!SCHEDULES.contains(type)) {
      errors.add(FieldViolation.oneOf("optimizer.schedule.type", s.type(), SCHEDULES));
      return null;
    }
    List<Integer> milestones = s.milestones() == null ? List.of() : s.milestones();
    for (int i = 0; i < milestones.size(); i++) {
      Integer m = milestones.get(i);
      boolean increasing = i == 0 || (m != null && milestones.get(i - 1) != null && m > milestones.get(i - 1));
      if (m == null || m < 1 || !increasing) {
        errors.add(FieldViolation.of(
            "optimizer.schedule.milestones[" + i + "]", "milestones must be increasing positive epochs", m));
      }
    }
    double gamma = s.gamma() == null ? 0.1 : s.gamma();
    if (!(gamma > 0 && gamma <= 1)) {
      errors.add(FieldViolation.of("optimizer.schedule.gamma", "must be in (0, 1]", s.gamma()));
    }
    int warmup = s.warmupIterations() == null ? 0 : s.warmupIterations();
    if (warmup < 0) {
      errors.add(FieldViolation.of("optimizer.schedule.warmupIterations", "must be >= 0", warmup));
    }
    double warmupFactor = s.warmupFactor() == null ? ScheduleSpec.DEFAULT_WARMUP_FACTOR : s.warmupFactor();
    if (!(warmupFactor > 0 && warmupFactor <= 1)) {
      errors.add(FieldViolation.of("optimizer.schedule.warmupFactor", "must be in (0, 1]", s.warmupFactor()));
    }
    if (errors.size() > before) {
      return null;
    }
    return new ScheduleSpec(ScheduleSpec.ScheduleType.valueOf(type.toUpperCase(Locale.ROOT)), milestones, gamma,
        Math.max(0, warmup), warmupFactor);
  }

  private static int positive(List<FieldViolation> errors, String field, Integer value, int fallback, int max) {
    if (value == null) {
      return fallback;
    }
    if (value < 1 || value > max) {
      errors.add(FieldViolation.of(field, "must be between 1 and " + max, value));
      return fallback;
    }
    return value;
  }

  private static List<String> divisors(int n) {
    List<String> result = new ArrayList<>();
    for (int d = 1; d <= n; d++) {
      if (n % d == 0) {
        result.add(Integer.toString(d));
      }
    }
    return result;
  }
}
