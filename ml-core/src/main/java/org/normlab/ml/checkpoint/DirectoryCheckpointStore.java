package org.normlab.ml.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.normlab.contracts.run.CheckpointRef;

/**
 * Checkpoints as files under a root directory. Writes go to a hidden temporary file in the target
 * directory, are fsync'd, renamed into place atomically, and the directory is fsync'd, so a crash
 * leaves either the old state or the complete new file. URIs that would leave the root are
 * rejected.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {

  private static final String TEMP_PREFIX = ".tmp-";
  private static final int BUFFER = 1 << 20;

  private final Path root;

  public DirectoryCheckpointStore(Path root) {
    try {
      Files.createDirectories(root);
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create checkpoint root " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public CheckpointRef write(String uri, int epoch, long iteration, CheckpointWriter writer) {
    Objects.requireNonNull(writer, "writer");
    Path target = resolve(uri);
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
      MessageDigest digest = sha256();
      long size;
      try (FileChannel channel =
              FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          CountingOutputStream counter =
              new CountingOutputStream(Channels.newOutputStream(channel));
          OutputStream out =
              new java.io.BufferedOutputStream(new DigestOutputStream(counter, digest), BUFFER)) {
        writer.writeTo(new NonClosingOutputStream(out));
        out.flush();
        channel.force(true);
        size = counter.count();
      }
      moveAtomically(temp, target);
      temp = null;
      syncDirectory(target.getParent());
      return new CheckpointRef(
          uri, HexFormat.of().formatHex(digest.digest()), epoch, iteration, size);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint " + uri, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The write already failed; the temporary file is hidden and never listed.
        }
      }
    }
  }

  @Override
  public InputStream open(CheckpointRef ref) {
    Path file = resolve(ref.uri());
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      long size = channel.size();
      if (size != ref.sizeBytes()) {
        throw new CorruptCheckpointException(
            ref.uri(), "size " + size + " bytes, expected " + ref.sizeBytes());
      }
      String actual = hash(channel);
      if (!actual.equals(ref.sha256())) {
        throw new CorruptCheckpointException(
            ref.uri(), "sha256 " + actual + ", expected " + ref.sha256());
      }
      // Same open channel, so what the caller reads is the file just verified, even if the URI is
      // deleted or replaced meanwhile (store files are never modified in place).
      channel.position(0);
      return new java.io.BufferedInputStream(Channels.newInputStream(channel), BUFFER);
    } catch (NoSuchFileException e) {
      throw new CorruptCheckpointException(ref.uri(), "file not found", e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Cannot read checkpoint " + ref.uri(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public boolean exists(String uri) {
    return Files.isRegularFile(resolve(uri));
  }

  @Override
  public List<String> list(String prefix) {
    Path directory = resolveDirectory(prefix);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX))
          .map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoints under " + prefix, e);
    }
  }

  @Override
  public void delete(String uri) {
    try {
      Files.deleteIfExists(resolve(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete checkpoint " + uri, e);
    }
  }

  /** The file for {@code uri}; rejects anything that could resolve outside the root. */
  Path resolve(String uri) {
    String checked = StoreUris.check(uri);
    Path path = root.resolve(checked).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("Checkpoint URI '" + uri + "' escapes the store root");
    }
    // Symbolic links inside the root must not lead out of it: check the nearest existing ancestor
    // (before any directory is created through it).
    Path existing = path.getParent();
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    resolveExisting(existing, uri);
    return path;
  }

  private Path resolveDirectory(String prefix) {
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (trimmed.isEmpty()) {
      return root;
    }
    Path directory = resolve(trimmed);
    if (Files.exists(directory)) {
      resolveExisting(directory, prefix);
    }
    return directory;
  }

  private void resolveExisting(Path existing, String uri) {
    try {
      if (!existing.toRealPath().startsWith(root)) {
        throw new IllegalArgumentException("Checkpoint URI '" + uri + "' escapes the store root");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + existing, e);
    }
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("The checkpoint file system cannot rename atomically", e);
    }
  }

  /**
   * Makes the rename durable: the new directory entry is only on disk after the directory syncs.
   */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot open directories for sync; the file itself is already durable.
    }
  }

  private static String hash(FileChannel channel) throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    channel.position(0);
    while (channel.read(buffer) >= 0) {
      buffer.flip();
      digest.update(buffer);
      buffer.clear();
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform provides SHA-256", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already failing with a more useful exception.
      }
    }
  }
}
