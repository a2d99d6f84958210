package org.normlab.ml.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.run.CheckpointRef;

class DirectoryCheckpointStoreTest {

  private static final byte[] CONTENT = "weights and momentum, pretend".getBytes(UTF_8);

  @TempDir Path root;

  @Test
  void roundTripsBytesWithTheirDigestAndSize() throws Exception {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    CheckpointRef ref =
        store.write("runs/r1/attempt-1/iter-000000010.ckpt", 2, 10, out -> out.write(CONTENT));

    assertThat(ref.uri()).isEqualTo("runs/r1/attempt-1/iter-000000010.ckpt");
    assertThat(ref.epoch()).isEqualTo(2);
    assertThat(ref.iteration()).isEqualTo(10);
    assertThat(ref.sizeBytes()).isEqualTo(CONTENT.length);
    assertThat(ref.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT)));
    assertThat(store.exists(ref.uri())).isTrue();
    try (InputStream in = store.open(ref)) {
      assertThat(in.readAllBytes()).isEqualTo(CONTENT);
    }
  }

  @Test
  void flippedByteIsRejected() throws IOException {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    CheckpointRef ref = store.write("a/c.ckpt", 1, 1, out -> out.write(CONTENT));
    Path file = root.resolve("a/c.ckpt");
    byte[] bytes = Files.readAllBytes(file);
    bytes[7] ^= 0x01;
    Files.write(file, bytes);
    assertThatThrownBy(() -> store.open(ref))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("a/c.ckpt")
        .hasMessageContaining("sha256");
  }

  @Test
  void truncatedFileIsRejected() throws IOException {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    CheckpointRef ref = store.write("a/c.ckpt", 1, 1, out -> out.write(CONTENT));
    Path file = root.resolve("a/c.ckpt");
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), CONTENT.length - 3));
    assertThatThrownBy(() -> store.open(ref))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("size " + (CONTENT.length - 3));
  }

  @Test
  void missingFileIsRejected() {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    CheckpointRef ref = new CheckpointRef("gone/c.ckpt", "0".repeat(64), 1, 1, 10);
    assertThatThrownBy(() -> store.open(ref))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("not found");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../escape.ckpt",
        "runs/../../escape.ckpt",
        "/etc/passwd",
        "runs//x",
        "runs/./x",
        "a\\..\\b",
        "c:/x",
        ""
      })
  void urisThatCouldLeaveTheRootAreRejected(String uri) {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root.resolve("store"));
    assertThatThrownBy(() -> store.write(uri, 0, 0, out -> out.write(CONTENT)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.exists(uri)).isInstanceOf(IllegalArgumentException.class);
    assertThat(root.resolve("escape.ckpt")).doesNotExist();
  }

  @Test
  void symbolicLinksOutOfTheRootAreRejected() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path storeRoot = Files.createDirectories(root.resolve("store"));
    Files.createSymbolicLink(storeRoot.resolve("link"), outside);
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(storeRoot);
    assertThatThrownBy(() -> store.write("link/new/c.ckpt", 0, 0, out -> out.write(CONTENT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("escapes the store root");
    assertThat(outside.resolve("new")).doesNotExist();
  }

  @Test
  void failedWriteLeavesNothingBehind() throws IOException {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    assertThatThrownBy(
            () ->
                store.write(
                    "runs/c.ckpt",
                    0,
                    0,
                    out -> {
                      out.write(CONTENT);
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("disk full");
    assertThat(store.exists("runs/c.ckpt")).isFalse();
    try (var files = Files.list(root.resolve("runs"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void listsAndDeletesCheckpointsUnderAPrefix() {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    store.write("runs/r/iter-2.ckpt", 0, 2, out -> out.write(CONTENT));
    store.write("runs/r/iter-1.ckpt", 0, 1, out -> out.write(CONTENT));
    store.write("runs/other/iter-1.ckpt", 0, 1, out -> out.write(CONTENT));
    assertThat(store.list("runs/r/")).containsExactly("runs/r/iter-1.ckpt", "runs/r/iter-2.ckpt");
    assertThat(store.list("runs/none/")).isEmpty();
    store.delete("runs/r/iter-1.ckpt");
    store.delete("runs/r/iter-1.ckpt");
    assertThat(store.list("runs/r")).containsExactly("runs/r/iter-2.ckpt");
  }

  @Test
  void rewritingAUriReplacesItAtomically() throws IOException {
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
    store.write("x.ckpt", 0, 1, out -> out.write(CONTENT));
    CheckpointRef second = store.write("x.ckpt", 0, 1, out -> out.write("new".getBytes(UTF_8)));
    try (InputStream in = store.open(second)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("new");
    }
  }
}
