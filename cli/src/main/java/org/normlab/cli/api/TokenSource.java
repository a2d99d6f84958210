package org.normlab.cli.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the bearer token comes from, first match wins: {@code --token}, env {@code NORMLAB_TOKEN},
 * then the bootstrap admin token that {@code bin/local-stack} writes, looked for in the working
 * directory and its parents (so the CLI works from anywhere inside the checkout).
 */
public final class TokenSource {

  public static final String LOCAL_TOKEN_FILE = ".normlab/local/admin-token";

  private TokenSource() {}

  public static Optional<String> resolve(String option, Map<String, String> env, Path workingDir) {
    if (option != null && !option.isBlank()) {
      return Optional.of(option.strip());
    }
    String fromEnv = env.get("NORMLAB_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(fromEnv.strip());
    }
    for (Path dir = workingDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(LOCAL_TOKEN_FILE);
      if (Files.isRegularFile(file)) {
        return Optional.of(read(file)).filter(token -> !token.isEmpty());
      }
    }
    return Optional.empty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
