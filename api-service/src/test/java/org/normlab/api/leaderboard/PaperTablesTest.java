package org.normlab.api.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The paper tables are data: every file loads strictly, with the figures seeds-spec §C gives. */
class PaperTablesTest {

  private final PaperTables tables = new PaperTables();

  @Test
  void everyTableLoadsWithItsRows() {
    assertThat(tables.all()).extracting(PaperTable::id).containsExactly("ibn-net-imagenet", "mabn-coco",
        "mabn-imagenet", "mabn-inference-speed", "normlab-coco-shapes", "normlab-fashion-mnist");
    assertThat(tables.find("ibn-net-imagenet").orElseThrow().rows()).hasSize(16);
    assertThat(tables.find("mabn-coco").orElseThrow().rows()).hasSize(6);
  }

  @Test
  void rowsAreFoundByTableSlashRowAndCarryThePapersFigures() {
    assertThat(tables.row("ibn-net-imagenet/resnet50_ibn_a").orElseThrow().metrics())
        .containsEntry("top1Error", 22.54).containsEntry("top5Error", 6.32);
    assertThat(tables.row("mabn-imagenet/brn-nbs2").orElseThrow().metrics()).containsEntry("top1Error", 30.29);
    assertThat(tables.row("mabn-coco/finetune-mabn").orElseThrow().metrics()).containsEntry("boxAp", 38.42);
    assertThat(tables.row("mabn-inference-speed/in").orElseThrow().metrics())
        .containsEntry("iterationsPerSecond", 105.60);
    assertThat(tables.row("mabn-imagenet/nothing")).isEmpty();
  }

  @Test
  void aRowDescribesRunsOfItsModelWhateverTheBatchItLeavesOpen() {
    PaperTable.Row mabn = tables.row("mabn-imagenet/mabn-nbs2").orElseThrow();
    assertThat(mabn.describes("resnet50", "mabn", 2, 256)).isTrue();
    assertThat(mabn.describes("resnet50", "mabn", 2, 32)).isTrue();
    assertThat(mabn.describes("resnet50", "mabn", 4, 256)).isFalse();
    assertThat(mabn.describes("resnet50", "bn", 2, 256)).isFalse();
  }
}
