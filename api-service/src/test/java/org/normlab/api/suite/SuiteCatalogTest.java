package org.normlab.api.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.api.leaderboard.PaperTables;
import org.springframework.mock.env.MockEnvironment;

/** Suites are data: each loads, refers to existing paper rows, and is scheduled by configuration. */
class SuiteCatalogTest {

  private final PaperTables papers = new PaperTables();

  @Test
  void theFourSuitesLoadWithTheirRows() {
    SuiteCatalog catalog = new SuiteCatalog(papers, new MockEnvironment());

    assertThat(catalog.names()).containsExactly("coco-shapes", "fashion-mnist-norms", "ibn-net-imagenet",
        "mabn-coco", "mabn-imagenet");
    assertThat(catalog.get("coco-shapes").rows()).extracting(Suite.Row::id).containsExactly("bn", "gn", "mabn");
    assertThat(catalog.get("coco-shapes").experimentOf(catalog.get("coco-shapes").rows().get(1)))
        .containsEntry("task", "detection").containsEntry("recipe", "coco-shapes-cpu").containsEntry("norm", "gn:4");
    assertThat(catalog.get("ibn-net-imagenet").rows()).hasSize(16);
    assertThat(catalog.get("mabn-imagenet").rows()).extracting(Suite.Row::id)
        .containsExactly("bn-nbs32", "bn-nbs2", "brn-nbs2", "mabn-nbs2");
    assertThat(catalog.get("mabn-coco").rows()).filteredOn(Suite.Row::runnable).extracting(Suite.Row::id)
        .containsExactly("scratch-bn", "scratch-brn", "scratch-syncbn", "scratch-mabn");
    assertThat(catalog.get("mabn-coco").rows()).filteredOn(r -> !r.runnable())
        .allSatisfy(r -> assertThat(r.notRunnableReason()).contains("pretrained"));
    assertThat(catalog.schedule("fashion-mnist-norms")).isEmpty();
  }

  @Test
  void aRowsExperimentIsTheDefaultsOverlaidWithTheRowAndTaggedWithTheSuite() {
    Suite cpu = new SuiteCatalog(papers, new MockEnvironment()).get("fashion-mnist-norms");

    var body = cpu.experimentOf(cpu.rows().get(1));

    assertThat(body).containsEntry("norm", "mabn").containsEntry("normBatchSize", 2)
        .containsEntry("batchSize", 32).containsEntry("backbone", "resnet10")
        .containsEntry("name", "suite fashion-mnist-norms / mabn-nbs2")
        .containsEntry("tags", List.of("suite:fashion-mnist-norms"));
  }

  @Test
  void configurationSchedulesASuiteAndRejectsBadCronOrUnknownSuites() {
    var env = new MockEnvironment().withProperty("normlab.suites.schedules.fashion-mnist-norms", "0 0 3 * * SUN");
    assertThat(new SuiteCatalog(papers, env).schedule("fashion-mnist-norms")).contains("0 0 3 * * SUN");

    assertThatThrownBy(() -> new SuiteCatalog(papers,
        new MockEnvironment().withProperty("normlab.suites.schedules.fashion-mnist-norms", "every sunday")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SuiteCatalog(papers,
        new MockEnvironment().withProperty("normlab.suites.schedules.cifar-norms", "0 0 3 * * *")))
        .hasMessageContaining("cifar-norms");
  }

  @Test
  void anUnknownSuiteNamesTheKnownOnes() {
    assertThatThrownBy(() -> new SuiteCatalog(papers, new MockEnvironment()).get("mabn-cifar"))
        .isInstanceOf(SuiteNotFoundException.class).hasMessageContaining("fashion-mnist-norms");
  }
}
