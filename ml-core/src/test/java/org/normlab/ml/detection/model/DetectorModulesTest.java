package org.normlab.ml.detection.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.FoldableConv2d;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.norm.BatchNorm2d;
import org.normlab.ml.norm.GroupNorm2d;
import org.normlab.ml.norm.InstanceBatchNorm;
import org.normlab.ml.norm.MovingAverageBatchNorm2d;

class DetectorModulesTest {

  @Test
  void pyramidHasFiveLevelsOfStrides4To64AndTheHeadsTheirShapes() {
    try (MaskRcnn model = TinyDetectors.create("resnet10", "bn", 3);
        NDManager scope = model.manager().newSubManager()) {
      NDArray images = scope.randomNormal(new Shape(2, 3, 128, 96));
      NDList levels = model.features(images, false);

      assertThat(levels.stream().map(NDArray::getShape).toList())
          .containsExactly(
              new Shape(2, 16, 32, 24),
              new Shape(2, 16, 16, 12),
              new Shape(2, 16, 8, 6),
              new Shape(2, 16, 4, 3),
              new Shape(2, 16, 2, 2));
      NDList rpn = model.modules().rpnHead().forward(model.store(), levels, false);
      assertThat(rpn).hasSize(10);
      assertThat(rpn.get(0).getShape()).isEqualTo(new Shape(2, 3, 32, 24));
      assertThat(rpn.get(5).getShape()).isEqualTo(new Shape(2, 12, 32, 24));

      NDList box =
          model
              .modules()
              .boxHead()
              .forward(model.store(), new NDList(scope.randomNormal(new Shape(5, 16, 7, 7))), false);
      assertThat(box.get(0).getShape()).isEqualTo(new Shape(5, 4));
      assertThat(box.get(1).getShape()).isEqualTo(new Shape(5, 16));
      NDList mask =
          model
              .modules()
              .maskHead()
              .forward(
                  model.store(), new NDList(scope.randomNormal(new Shape(5, 16, 14, 14))), false);
      assertThat(mask.singletonOrThrow().getShape()).isEqualTo(new Shape(5, 4, 28, 28));
    }
  }

  @Test
  void stateKeysFollowMaskrcnnBenchmarkModulesAndTheBackboneHasNoClassifier() {
    try (MaskRcnn model = TinyDetectors.create("resnet10", "bn", 3)) {
      Map<String, ?> state = model.state();

      assertThat(state)
          .containsKeys(
              "backbone.body.conv1.weight",
              "backbone.body.bn1.running_var",
              "backbone.body.layer4.0.downsample.0.weight",
              "backbone.fpn.fpn_inner1.0.weight",
              "backbone.fpn.fpn_inner4.1.running_mean",
              "backbone.fpn.fpn_layer4.0.weight",
              "rpn.head.conv.weight",
              "rpn.head.conv.bias",
              "rpn.head.cls_logits.weight",
              "rpn.head.bbox_pred.bias",
              "roi_heads.box.xconvs.0.0.weight",
              "roi_heads.box.xconvs.3.1.weight",
              "roi_heads.box.fc6.weight",
              "roi_heads.box.cls_score.weight",
              "roi_heads.box.bbox_pred.weight",
              "roi_heads.mask.mask_fcn1.0.weight",
              "roi_heads.mask.mask_fcn4.1.bias",
              "roi_heads.mask.conv5_mask.weight",
              "roi_heads.mask.mask_fcn_logits.weight");
      assertThat(state.keySet()).noneMatch(key -> key.startsWith("backbone.body.fc"));
      assertThat(state.get("backbone.fpn.fpn_inner1.0.weight"))
          .extracting(p -> ((ai.djl.nn.Parameter) p).getArray().getShape())
          .isEqualTo(new Shape(16, 8, 1, 1));
      // The normed convolutions have no bias, as conv_with_norm makes them.
      assertThat(state).doesNotContainKeys("backbone.fpn.fpn_inner1.0.bias");
    }
  }

  @Test
  void mabnReachesBackboneFpnAndBothHeadsWithCenteredConvolutions() {
    try (MaskRcnn model = TinyDetectors.create("resnet10", "mabn", 3)) {
      Map<String, Block> modules = StateNames.modules(model.block());

      for (String norm :
          List.of(
              "backbone.body.bn1",
              "backbone.body.layer1.0.bn2",
              "backbone.fpn.fpn_inner2.1",
              "backbone.fpn.fpn_layer3.1",
              "roi_heads.box.xconvs.2.1",
              "roi_heads.mask.mask_fcn4.1")) {
        assertThat(modules.get(norm)).as(norm).isInstanceOf(MovingAverageBatchNorm2d.class);
      }
      for (String conv :
          List.of(
              "backbone.body.conv1",
              "backbone.fpn.fpn_layer1.0",
              "roi_heads.box.xconvs.0.0",
              "roi_heads.mask.mask_fcn1.0")) {
        assertThat(modules.get(conv)).as(conv).isInstanceOf(FoldableConv2d.class);
        assertThat(((FoldableConv2d) modules.get(conv)).centered()).as(conv).isTrue();
      }
      // The heads' MABN sees all RoIs of a step as one group: one group per iteration, window
      // batchSize / normBatchSize (here 2 / 2 = 1) like the backbone's.
      MovingAverageBatchNorm2d head = (MovingAverageBatchNorm2d) modules.get("roi_heads.box.xconvs.0.1");
      assertThat(head.normBatchSize()).isEqualTo(1);
      assertThat(head.settings().window()).isEqualTo(1);
    }
  }

  @Test
  void groupNormAndIbnPlacementsReachTheirParts() {
    try (MaskRcnn gn = TinyDetectors.create("resnet10", "gn:4", 3);
        MaskRcnn ibn = TinyDetectors.create("resnet18_ibn_a", "bn", 3)) {
      Map<String, Block> gnModules = StateNames.modules(gn.block());
      assertThat(gnModules.get("backbone.body.layer2.0.bn1")).isInstanceOf(GroupNorm2d.class);
      assertThat(gnModules.get("backbone.fpn.fpn_layer1.1")).isInstanceOf(GroupNorm2d.class);
      assertThat(gnModules.get("roi_heads.box.xconvs.0.1")).isInstanceOf(GroupNorm2d.class);
      assertThat(gnModules.get("roi_heads.mask.mask_fcn2.1")).isInstanceOf(GroupNorm2d.class);

      Map<String, Block> ibnModules = StateNames.modules(ibn.block());
      // IBN-a is a backbone placement: IN+BN in stages 1-3, the base norm in FPN and heads.
      assertThat(ibnModules.get("backbone.body.layer1.0.bn1")).isInstanceOf(InstanceBatchNorm.class);
      assertThat(ibnModules.get("backbone.fpn.fpn_inner1.1")).isInstanceOf(BatchNorm2d.class);
      assertThat(ibnModules.get("roi_heads.box.xconvs.0.1")).isInstanceOf(BatchNorm2d.class);
    }
  }

  @Test
  void headBatchNormNormalizesOverAllRoisOfTheStep() {
    DetectionNorms norms = DetectionNorms.of(NormSpec.parse("bn"), 2, 2);
    ConvNorm layer = new ConvNorm(norms.convolutions(), norms.heads(), 3, 4, 1, true, false);
    try (NDManager manager = NDManager.newBaseManager()) {
      layer.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, 5, 5));
      // 7 RoIs: not a multiple of the backbone's normalization groups of 2 images.
      NDArray rois = manager.randomNormal(new Shape(7, 3, 5, 5)).mul(3).add(1);
      NDArray y;
      try (Autograd recording = Autograd.record()) {
        y = layer.forward(new ai.djl.training.ParameterStore(manager, false), new NDList(rois), true)
            .singletonOrThrow();
      }
      NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(4, -1);
      float[] means = perChannel.mean(new int[] {1}).toFloatArray();
      float[] variances =
          perChannel.sub(perChannel.mean(new int[] {1}, true)).square().mean(new int[] {1})
              .toFloatArray();
      for (int c = 0; c < 4; c++) {
        assertThat(means[c]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(variances[c]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-3f));
      }
    }
  }

  @Test
  void smallImagesThatSelectTheUndownsampledStemAreRejected() {
    MaskRcnnConfig config = TinyDetectors.config("resnet10", 2);
    MaskRcnnConfig small =
        new MaskRcnnConfig(
            config.backbone(),
            config.baseWidth(),
            config.numCategories(),
            new ImageShape(3, 64, 64),
            config.fpnChannels(),
            config.headChannels(),
            config.representation(),
            config.rpn(),
            config.roi());
    assertThatThrownBy(
            () -> MaskRcnn.create(small, DetectionNorms.of(NormSpec.parse("bn"), 2, 2), 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strides 4..32");
    assertThatThrownBy(
            () -> MaskRcnn.create(
                TinyDetectors.config("densenet121", 2),
                DetectionNorms.of(NormSpec.parse("bn"), 2, 2),
                1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ResNet family");
  }
}
