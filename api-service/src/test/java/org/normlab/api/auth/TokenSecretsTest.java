package org.normlab.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {

  @Test
  void secretsCarry256RandomBitsBehindARecognisablePrefix() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String secret = TokenSecrets.newSecret();
      assertThat(secret).startsWith("nlt_").hasSize(4 + 43).matches("nlt_[A-Za-z0-9_-]{43}");
      seen.add(secret);
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void hashIsPlainSha256OfTheSecret() {
    assertThat(HexFormat.of().formatHex(TokenSecrets.sha256("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(TokenSecrets.sameHash(TokenSecrets.sha256("a"), TokenSecrets.sha256("a"))).isTrue();
    assertThat(TokenSecrets.sameHash(TokenSecrets.sha256("a"), TokenSecrets.sha256("b"))).isFalse();
  }
}
