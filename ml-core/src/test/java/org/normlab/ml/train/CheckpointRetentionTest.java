package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;

class CheckpointRetentionTest {

  @TempDir Path root;

  @Test
  void keepsTheNewestCheckpointsByIteration() {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    CheckpointRetention retention = new CheckpointRetention(store, "runs/r/attempt-1", 2);
    for (long iteration : new long[] {5, 10, 100, 1000}) {
      String uri = retention.uriFor(iteration);
      store.write(uri, 1, iteration, out -> out.write(1));
      retention.prune(uri);
    }
    store.write("runs/r/attempt-1/notes.txt", 0, 0, out -> out.write(1));
    retention.prune(retention.uriFor(1000));
    assertThat(store.list("runs/r/attempt-1"))
        .containsExactly(
            "runs/r/attempt-1/iter-000000100.ckpt",
            "runs/r/attempt-1/iter-000001000.ckpt",
            "runs/r/attempt-1/notes.txt");
  }

  @Test
  void neverDeletesTheCheckpointJustWritten() {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    CheckpointRetention retention = new CheckpointRetention(store, "p", 1);
    store.write(retention.uriFor(50), 1, 50, out -> out.write(1)); // newer, e.g. a dead attempt's
    String written = retention.uriFor(20);
    store.write(written, 1, 20, out -> out.write(1));
    retention.prune(written);
    assertThat(store.list("p")).containsExactly("p/iter-000000020.ckpt", "p/iter-000000050.ckpt");
  }

  @Test
  void sparesTheBestCheckpointBesideTheNewestK() {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    CheckpointRetention retention = new CheckpointRetention(store, "b", 1);
    String best = retention.uriFor(10);
    for (long iteration : new long[] {10, 20, 30}) {
      String uri = retention.uriFor(iteration);
      store.write(uri, 1, iteration, out -> out.write(1));
      retention.prune(uri, best);
    }
    assertThat(store.list("b")).containsExactly("b/iter-000000010.ckpt", "b/iter-000000030.ckpt");
  }
}
