package org.normlab.ml.norm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.ConvFactory;

/** Where IBN-a and IBN-b put IN (seeds-spec A.2), on top of whatever the base policy places. */
class IbnPolicyTest {

  private static final NormPolicy BASE = NormPolicy.uniform(new NormSpec.Group(2), 1);

  @Test
  void ibnASplitsTheFirstNormOfEveryBlockInStagesOneToThree() {
    NormPolicy ibnA = NormPlacement.IBN_A.apply(BASE);
    for (int stage = 1; stage <= 3; stage++) {
      for (int index = 0; index < 3; index++) {
        Block norm = create(ibnA, NormSite.CONV1, new BlockPosition(stage, index, 3), 8);
        assertThat(norm).isInstanceOf(InstanceBatchNorm.class);
        InstanceBatchNorm ibn = (InstanceBatchNorm) norm;
        assertThat(ibn.instanceChannels()).isEqualTo(4);
        assertThat(ibn.order()).isEqualTo(InstanceBatchNorm.Order.INSTANCE_FIRST);
        // The BN half is the base policy's norm (here GroupNorm standing in for BN).
        assertThat(ibn.getChildren().get(1).getValue()).isInstanceOf(GroupNorm2d.class);
      }
    }
    assertThat(create(ibnA, NormSite.CONV1, new BlockPosition(4, 0, 3), 8))
        .isInstanceOf(GroupNorm2d.class);
    assertThat(create(ibnA, NormSite.STEM, BlockPosition.STEM, 8)).isInstanceOf(GroupNorm2d.class);
    for (NormSite site : new NormSite[] {NormSite.CONV2, NormSite.CONV3, NormSite.DOWNSAMPLE}) {
      assertThat(create(ibnA, site, new BlockPosition(1, 0, 3), 8)).isInstanceOf(GroupNorm2d.class);
    }
    assertThat(ibnA.at(NormSite.POST_ADD, new BlockPosition(1, 2, 3))).isEmpty();
  }

  @Test
  void ibnBPutsInstanceNormInTheStemAndAfterTheLastSumOfStagesOneAndTwo() {
    NormPolicy ibnB = NormPlacement.IBN_B.apply(BASE);
    assertThat(create(ibnB, NormSite.STEM, BlockPosition.STEM, 8))
        .isInstanceOf(InstanceNorm2d.class);
    assertThat(ibnB.at(NormSite.POST_ADD, new BlockPosition(1, 2, 3))).isPresent();
    assertThat(ibnB.at(NormSite.POST_ADD, new BlockPosition(2, 3, 4))).isPresent();
    assertThat(create(ibnB, NormSite.POST_ADD, new BlockPosition(2, 3, 4), 8))
        .isInstanceOf(InstanceNorm2d.class);
    assertThat(ibnB.at(NormSite.POST_ADD, new BlockPosition(1, 1, 3))).isEmpty();
    assertThat(ibnB.at(NormSite.POST_ADD, new BlockPosition(3, 5, 6))).isEmpty();
    // The seed's _make_layer never gives a stage's first block IN, even a stage of one block.
    assertThat(ibnB.at(NormSite.POST_ADD, new BlockPosition(1, 0, 1))).isEmpty();
    assertThat(create(ibnB, NormSite.CONV1, new BlockPosition(1, 2, 3), 8))
        .isInstanceOf(GroupNorm2d.class);
  }

  @Test
  void placementsKeepTheBaseConvolutions() {
    NormPolicy mabn = NormPolicy.uniform(NormSpec.parse("mabn:4"), 2);
    assertThat(NormPolicy.ibnA(mabn).convolutions()).isSameAs(ConvFactory.CENTERED);
    assertThat(NormPolicy.ibnB(mabn).convolutions()).isSameAs(ConvFactory.CENTERED);
    assertThat(NormPlacement.UNIFORM.apply(mabn)).isSameAs(mabn);
  }

  private static Block create(NormPolicy policy, NormSite site, BlockPosition position, int c) {
    Optional<NormFactory> factory = policy.at(site, position);
    assertThat(factory).as(site + " at " + position).isPresent();
    return factory.get().create(c);
  }
}
