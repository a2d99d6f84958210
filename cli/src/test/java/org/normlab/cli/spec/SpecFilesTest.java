package org.normlab.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiException;
import tools.jackson.databind.JsonNode;

class SpecFilesTest {

  @TempDir
  Path dir;

  @Test
  void yamlAndJsonOfTheSameSpecReadAlike() throws Exception {
    Path yaml = Files.writeString(dir.resolve("spec.yaml"), """
        name: gn on fmnist
        norm: "gn:8"
        batchSize: 64
        optimizer:
          lr: 0.1
          schedule: {type: cosine}
        """);
    Path json = Files.writeString(dir.resolve("spec.json"), """
        {"name": "gn on fmnist", "norm": "gn:8", "batchSize": 64,
         "optimizer": {"lr": 0.1, "schedule": {"type": "cosine"}}}
        """);

    JsonNode fromYaml = SpecFiles.readObject(yaml);

    assertThat(fromYaml).isEqualTo(SpecFiles.readObject(json));
    assertThat(fromYaml.get("batchSize").isInt()).isTrue();
  }

  @Test
  void aMissingFileIsAUsageError() {
    assertThatThrownBy(() -> SpecFiles.readObject(dir.resolve("nope.yaml")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void malformedJsonOrAListInsteadOfAnObjectIsAnInvalidSpec() {
    assertThatThrownBy(() -> SpecFiles.parseObject("{\"name\": ", "spec.json"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCodes.INVALID);
          assertThat(e.getMessage()).startsWith("spec.json is not valid JSON");
        });
    assertThatThrownBy(() -> SpecFiles.parseObject("- a\n- b\n", "spec.yaml"))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getMessage()).isEqualTo("spec.yaml must hold one object (field: value), got array"));
  }
}
