package org.normlab.cli.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell, numbers right-aligned, two spaces apart.
 * No borders, so {@code awk '{print $1}'} and {@code column} work on it.
 */
public final class Table {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] numeric;

  public Table(List<String> headers) {
    this.headers = List.copyOf(headers);
    this.numeric = new boolean[headers.size()];
    java.util.Arrays.fill(numeric, true);
  }

  public Table row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, table " + headers.size() + " columns");
    }
    List<String> copy = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i) == null ? "" : cells.get(i);
      copy.add(cell);
      numeric[i] &= cell.isEmpty() || isNumber(cell);
    }
    rows.add(copy);
    return this;
  }

  public String render() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append("  ");
      }
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      line.append(numeric[i] && !rows.isEmpty() ? pad + cell : cell + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static boolean isNumber(String cell) {
    return cell.matches("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?%?");
  }
}
