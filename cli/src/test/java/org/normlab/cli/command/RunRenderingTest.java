package org.normlab.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.normlab.cli.render.ProgressLine;
import org.normlab.contracts.codec.ContractCodec;
import tools.jackson.databind.JsonNode;

class RunRenderingTest {

  private static final JsonNode RUN = ContractCodec.mapper().readTree("""
      {"id": "5f0c2a9e-1111-4222-8333-444455556666", "name": "gn on fmnist", "status": "RUNNING",
       "origin": "TRAINED", "attempt": 2,
       "spec": {"dataset": "fashion-mnist", "backbone": "resnet18", "norm": "gn:8", "batchSize": 64,
                "epochs": 3},
       "progress": {"epoch": 2, "iteration": 1000, "totalIterations": 2812, "loss": 0.41234,
                    "lr": 0.05, "imagesPerSecond": 640.0},
       "failure": null, "createdAt": "2026-11-23T16:00:00Z"}
      """);

  @Test
  void followReadsProgressAndTheSpecsBatchSizeAndEpochs() {
    ProgressLine.Snapshot snapshot = FollowCommand.snapshot(RUN);

    assertThat(snapshot).isEqualTo(new ProgressLine.Snapshot("RUNNING", 2, 3, 1000L, 2812L, 0.41234, 640.0, 64));
    // 1812 iterations x 64 images / 640 images/s = 181.2 s
    assertThat(ProgressLine.render(snapshot)).endsWith("ETA 3:01");
  }

  @Test
  void aListIsOneRowPerRunWithItsProgress() {
    JsonNode page = ContractCodec.mapper().createObjectNode().set("content",
        ContractCodec.mapper().createArrayNode().add(RUN));

    String table = RunsCommand.ListRuns.table(page);

    assertThat(table.lines().toList()).hasSize(2);
    assertThat(table.lines().toList().get(1)).startsWith("5f0c2a9e-1111-4222-8333-444455556666  gn on fmnist  RUNNING")
        .contains("resnet18", "gn:8", "1000", "0.4123");
  }

  @Test
  void showPrintsTheFieldsThatAreSetAndSkipsNulls() {
    String shown = RunsCommand.Show.describe(RUN);

    assertThat(shown).contains("spec.norm", "gn:8", "progress.imagesPerSecond", "640.0")
        .doesNotContain("failure", "checkpointUri", "FIELD");
  }

  @Test
  void aSuiteReportIsAVerdictLineAndOneRowPerPaperFigure() {
    JsonNode report = ContractCodec.mapper().readTree("""
        {"suite": "fashion-mnist-norms", "launchId": "9d7e0000-0000-4000-8000-000000000001",
         "verdict": "IN_PROGRESS", "metric": "top1Error", "tolerance": 0.5, "rowsTotal": 2, "rowsChecked": 1,
         "rows": [
           {"id": "bn-32", "label": "BN, batch 32", "paper": 7.49, "ours": 7.6, "delta": 0.11,
            "status": "WITHIN_TOLERANCE", "experimentId": "9d7e0000-0000-4000-8000-000000000002"},
           {"id": "mabn-2", "label": "MABN, batch 2", "paper": 7.56, "ours": null, "delta": null,
            "status": "PENDING", "experimentId": "9d7e0000-0000-4000-8000-000000000003"}]}
        """);

    String rendered = SuiteCommand.Report.render(report);

    assertThat(rendered.lines().toList().get(0)).isEqualTo("fashion-mnist-norms launch 9d7e0000-0000-4000-8000-000000000001: "
        + "IN_PROGRESS (1 of 2 rows checked, top1Error within 0.5)");
    assertThat(rendered).contains("bn-32   BN, batch 32   7.4900  7.6000  0.1100  WITHIN_TOLERANCE")
        .contains("mabn-2  MABN, batch 2  7.5600                  PENDING");
  }
}
