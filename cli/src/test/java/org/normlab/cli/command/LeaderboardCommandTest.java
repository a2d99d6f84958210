package org.normlab.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.normlab.contracts.codec.ContractCodec;
import tools.jackson.databind.JsonNode;

class LeaderboardCommandTest {

  @Test
  void rowsPrintAsAnAlignedTableWithOnlyTheColumnsTheApiSent() {
    JsonNode board = ContractCodec.mapper().readTree("""
        {"dataset": "fashion-mnist", "total": 2, "rows": [
          {"rank": 1, "runId": "0b6a5a52-0000-4000-8000-000000000001", "name": "bn@32", "origin": "TRAINED",
           "backbone": "resnet10", "norm": "bn", "normBatchSize": 32, "batchSize": 32, "top1Error": 0.0749,
           "top5Error": 0.001},
          {"rank": 2, "runId": "0b6a5a52-0000-4000-8000-000000000002", "name": "mabn@2", "origin": "TRAINED",
           "backbone": "resnet10", "norm": "mabn:16", "normBatchSize": 2, "batchSize": 2, "top1Error": 0.0756,
           "top5Error": 0.0012}]}
        """);

    assertThat(LeaderboardCommand.render(board)).isEqualTo("""
        fashion-mnist, 2 run(s)
        RANK  NAME    ORIGIN   BACKBONE  NORM     NORM-BATCH  BATCH  TOP1-ERR  TOP5-ERR  RUN
           1  bn@32   TRAINED  resnet10  bn               32     32    0.0749    0.0010  0b6a5a52-0000-4000-8000-000000000001
           2  mabn@2  TRAINED  resnet10  mabn:16           2      2    0.0756    0.0012  0b6a5a52-0000-4000-8000-000000000002
        """);
  }

  @Test
  void anEmptyBoardSaysSo() {
    JsonNode board = ContractCodec.mapper().readTree("{\"dataset\": \"fashion-mnist\", \"metric\": \"top1Error\", "
        + "\"total\": 0, \"rows\": []}");

    assertThat(LeaderboardCommand.render(board)).isEqualTo("fashion-mnist by top1Error, 0 run(s)\n");
  }
}
