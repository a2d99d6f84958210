package org.normlab.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SweepGridTest {

  private static final JsonNode BASE = SpecFiles.parseObject("""
      name: norms
      dataset: fashion-mnist
      backbone: resnet10
      norm: bn
      batchSize: 32
      optimizer: {lr: 0.1}
      """, "base.yaml");

  @Test
  void everyCombinationInFileOrderWithTheLastFieldVaryingFastest() {
    SweepGrid grid = SweepGrid.of(SpecFiles.parseObject("""
        norm: [bn, "gn:8"]
        batchSize: [2, 32, 64]
        """, "grid.yaml"));

    List<ObjectNode> variants = grid.expand(BASE);

    assertThat(variants).hasSize(6);
    assertThat(variants).extracting(v -> v.get("norm").asString() + "/" + v.get("batchSize").asInt())
        .containsExactly("bn/2", "bn/32", "bn/64", "gn:8/2", "gn:8/32", "gn:8/64");
    assertThat(variants.get(4).get("name").asString()).isEqualTo("norms [norm=gn:8 batchSize=32]");
  }

  @Test
  void dottedFieldsSetNestedValuesAndLeaveTheBaseUntouched() {
    SweepGrid grid = SweepGrid.of(SpecFiles.parseObject("{\"optimizer.lr\": [0.05, 0.2], "
        + "\"optimizer.schedule.type\": [\"cosine\"]}", "grid.json"));

    List<ObjectNode> variants = grid.expand(BASE);

    assertThat(variants).extracting(v -> v.at("/optimizer/lr").asDouble()).containsExactly(0.05, 0.2);
    assertThat(variants.get(0).at("/optimizer/schedule/type").asString()).isEqualTo("cosine");
    assertThat(BASE.at("/optimizer/lr").asDouble()).isEqualTo(0.1);
    assertThat(BASE.at("/optimizer/schedule").isMissingNode()).isTrue();
  }

  @Test
  void aFieldWithoutAListOfValuesIsRefusedByName() {
    assertThatThrownBy(() -> SweepGrid.of(SpecFiles.parseObject("norm: bn\nseed: []\n", "grid.yaml")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCodes.INVALID);
          assertThat(e.details()).containsExactly("norm: must be a non-empty list of values",
              "seed: must be a non-empty list of values");
        });
  }

  @Test
  void aGridOverTheVariantLimitIsRefused() {
    StringBuilder grid = new StringBuilder();
    for (String field : List.of("a", "b", "c", "d")) {
      grid.append(field).append(": [1, 2, 3, 4, 5, 6]\n"); // 6^4 = 1296 combinations
    }
    assertThatThrownBy(() -> SweepGrid.of(SpecFiles.parseObject(grid.toString(), "grid.yaml")))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.details()).containsExactly("(grid): 1296 combinations; at most 1000"));
  }
}
