package org.normlab.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local stack's bootstrap admin token: 256 random bits, new at every start, handed to the API
 * as {@code NORMLAB_BOOTSTRAP_TOKEN} and written to {@code <workDir>/admin-token}, readable by its
 * owner only, for the CLI and scripts.
 */
final class AdminToken {

  static final String FILE = "admin-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminToken() {}

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "nlt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Writes the token to {@code dir/admin-token} with mode 0600 (created so, never world-readable). */
  static Path write(Path dir, String token) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    return file;
  }
}
