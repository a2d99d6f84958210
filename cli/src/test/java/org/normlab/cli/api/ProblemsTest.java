package org.normlab.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.normlab.cli.ExitCodes;
import org.normlab.contracts.codec.ContractCodec;
import tools.jackson.databind.JsonNode;

class ProblemsTest {

  @Test
  void anInvalidRequestPrintsEachFieldWithWhatWasRejectedAndWhatIsAllowed() {
    JsonNode problem = ContractCodec.mapper().readTree("""
        {"status": 400, "code": "invalid-request", "detail": "Invalid field(s): backbone, normBatchSize",
         "errors": [
           {"field": "backbone", "message": "must be one of the allowed values", "rejected": "resnet5O",
            "allowed": ["resnet50", "resnet18"]},
           {"field": "normBatchSize", "message": "must divide batchSize (32)", "rejected": 5}]}
        """);

    ApiException e = Problems.toException(400, problem);

    assertThat(e.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(e.getMessage()).isEqualTo("HTTP 400 invalid-request: Invalid field(s): backbone, normBatchSize");
    assertThat(e.details()).containsExactly(
        "backbone: must be one of the allowed values (rejected: resnet5O); allowed: resnet50, resnet18",
        "normBatchSize: must divide batchSize (32) (rejected: 5)");
  }

  @Test
  void statusesMapToTheDocumentedExitCodes() {
    assertThat(Problems.toException(401, null).exitCode()).isEqualTo(ExitCodes.AUTH);
    assertThat(Problems.toException(403, null).exitCode()).isEqualTo(ExitCodes.AUTH);
    assertThat(Problems.toException(404, null).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(Problems.toException(409, null).exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(Problems.toException(422, null).exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(Problems.toException(429, null).exitCode()).isEqualTo(ExitCodes.SERVER);
    assertThat(Problems.toException(503, null).exitCode()).isEqualTo(ExitCodes.SERVER);
    assertThat(Problems.toException(502, null).getMessage()).isEqualTo("HTTP 502");
  }
}
