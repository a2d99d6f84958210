package org.normlab.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Making and hashing token secrets. A secret is 32 bytes from {@link SecureRandom} (256 bits), so a
 * single unsalted SHA-256 is enough to store it: slow, salted hashes such as bcrypt exist to stop
 * dictionary attacks on low-entropy passwords, which a random 256-bit secret does not allow, and
 * they would cost tens of milliseconds on every request, where SHA-256 costs about a microsecond
 * and lets the store look a token up by its hash.
 */
final class TokenSecrets {

  /** Marks NormLab secrets, so that scanners and people recognise a leaked one. */
  static final String PREFIX = "nlt_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** Compares two hashes in time independent of where they differ. */
  static boolean sameHash(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
