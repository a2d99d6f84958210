package org.normlab.ml.detection.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.train.Sgd.ParameterGroup;

class DetectionParameterGroupsTest {

  private final Function<String, ParameterGroup> groups =
      DetectionParameterGroups.of(new OptimizerSpec(0.02, 0.9, 1e-4, false, ScheduleSpec.constant()));

  @Test
  void biasesTrainAtTwiceTheRateWithoutWeightDecay() {
    for (String key :
        new String[] {
          "backbone.body.layer1.0.bn1.bias", "roi_heads.box.fc6.bias", "rpn.head.conv.bias"
        }) {
      assertThat(groups.apply(key)).as(key).isEqualTo(new ParameterGroup(2, 0));
    }
  }

  @Test
  void weightsAndNormScalesKeepTheRateAndTheSpecsWeightDecay() {
    for (String key :
        new String[] {
          "backbone.body.conv1.weight", "backbone.body.layer1.0.bn1.weight", "roi_heads.box.fc6.weight"
        }) {
      assertThat(groups.apply(key)).as(key).isEqualTo(new ParameterGroup(1, 1e-4));
    }
  }
}
