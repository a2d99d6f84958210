package org.normlab.api.dataset;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The datasets this service knows, active and retired, from the {@code datasets} table. Every
 * submission asks it, so it answers from a copy of the table that is read again when older than
 * {@code normlab.dataset-refresh} and at once after a change made through this instance. The first
 * read seeds the table from the configuration ({@link DatasetStore#seed}).
 */
@Component
public class DatasetRegistry {

  private record Snapshot(TreeMap<String, Dataset> byName, long loadedAt) {}

  private final DatasetStore store;
  private final DatasetProperties properties;
  private final long refreshNanos;
  private volatile Snapshot snapshot;
  private boolean seeded;

  DatasetRegistry(DatasetStore store, DatasetProperties properties) {
    this.store = store;
    this.properties = properties;
    this.refreshNanos = properties.datasetRefresh().toNanos();
    properties.datasets().forEach((name, info) -> {
      var violations = DatasetRules.violations(name,
          new DatasetRequest(name, info.task(), info.numClasses(), info.description()));
      if (!violations.isEmpty()) {
        throw new IllegalStateException("normlab.datasets." + name + " is invalid: " + violations);
      }
    });
  }

  /** The dataset of that name, retired or not. */
  public Optional<Dataset> find(String name) {
    return Optional.ofNullable(name == null ? null : current().byName().get(name));
  }

  /** The dataset of that name if new runs may use it. */
  public Optional<Dataset> findActive(String name) {
    return find(name).filter(d -> !d.retired());
  }

  /** Every known name, retired ones included (their runs and leaderboards remain). */
  public List<String> names() {
    return List.copyOf(current().byName().keySet());
  }

  /** The names new runs may use. */
  public List<String> activeNames() {
    return current().byName().values().stream().filter(d -> !d.retired()).map(Dataset::name).toList();
  }

  public List<Dataset> all() {
    return List.copyOf(current().byName().values());
  }

  /** Seeds the table at start, so that it lists the configured datasets before any request. */
  @EventListener(ApplicationReadyEvent.class)
  void seedAtStart() {
    load(true);
  }

  /** Reads the table again now: after a change through this instance. */
  void refresh() {
    load(true);
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    return fresh(s) ? s : load(false);
  }

  private boolean fresh(Snapshot s) {
    return s != null && System.nanoTime() - s.loadedAt() <= refreshNanos;
  }

  private synchronized Snapshot load(boolean force) {
    if (!force && fresh(snapshot)) {
      return snapshot; // another thread read it while this one waited
    }
    if (!seeded) {
      properties.datasets().forEach((name, info) -> store.seed(name, info.task().toLowerCase(Locale.ROOT),
          info.numClasses(), info.description() == null ? "" : info.description()));
      seeded = true;
    }
    TreeMap<String, Dataset> byName = new TreeMap<>();
    store.all().forEach(d -> byName.put(d.name(), d));
    Snapshot fresh = new Snapshot(byName, System.nanoTime());
    snapshot = fresh;
    return fresh;
  }
}
