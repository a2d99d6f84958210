package org.normlab.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {

  @TempDir
  Path checkout;

  @Test
  void theOptionWinsOverTheEnvironmentWhichWinsOverTheLocalStackFile() throws Exception {
    Files.createDirectories(checkout.resolve(".normlab/local"));
    Files.writeString(checkout.resolve(TokenSource.LOCAL_TOKEN_FILE), "from-file\n");
    Path nested = Files.createDirectories(checkout.resolve("docs/adr"));

    assertThat(TokenSource.resolve("from-option", Map.of("NORMLAB_TOKEN", "from-env"), nested)).contains("from-option");
    assertThat(TokenSource.resolve(null, Map.of("NORMLAB_TOKEN", "from-env"), nested)).contains("from-env");
    assertThat(TokenSource.resolve(null, Map.of(), nested)).contains("from-file");
  }

  @Test
  void noTokenAnywhereIsEmpty() {
    assertThat(TokenSource.resolve(" ", Map.of("NORMLAB_TOKEN", ""), checkout)).isEmpty();
  }
}
