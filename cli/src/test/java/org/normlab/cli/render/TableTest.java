package org.normlab.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsArePaddedToTheWidestCellAndNumbersAlignRight() {
    String table = new Table(List.of("RANK", "NORM", "TOP1-ERR"))
        .row(List.of("1", "gn:32", "7.4900"))
        .row(List.of("10", "bn", "12.0000"))
        .render();

    assertThat(table).isEqualTo("""
        RANK  NORM   TOP1-ERR
           1  gn:32    7.4900
          10  bn      12.0000
        """);
  }

  @Test
  void aRowOfTheWrongWidthIsABug() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Table(List.of("A", "B")).row(List.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
