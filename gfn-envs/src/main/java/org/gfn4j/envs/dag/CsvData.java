package org.gfn4j.envs.dag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a data set from a comma-separated file: a header row of node names (unique, non-empty, optionally in
 * double quotes), then one row of finite numbers per sample, with as many fields as the header. Blank lines are
 * skipped. Every error names the file, the line and, where it applies, the column.
 */
final class CsvData {
  private CsvData() {}

  /**
   * The data set in {@code file}.
   *
   * @param maxNodes the most columns accepted
   * @throws IllegalArgumentException if the file cannot be read or is malformed
   */
  static DagData load(Path file, int maxNodes) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("data file '" + file + "' cannot be read: " + e, e);
    }
    int headerLine = firstNonBlank(lines, 0);
    if (headerLine < 0) {
      throw new IllegalArgumentException("data file '" + file + "' is empty; expected a header row of node names"
          + " and one row of numbers per sample");
    }
    List<String> names = header(file, headerLine + 1, lines.get(headerLine), maxNodes);
    List<double[]> rows = new ArrayList<>();
    for (int i = headerLine + 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        rows.add(row(file, i + 1, lines.get(i), names));
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("data file '" + file + "', line " + (headerLine + 1) + ": the header has no"
          + " data rows after it; expected one row of " + names.size() + " numbers per sample");
    }
    return new DagData(names, rows.toArray(double[][]::new), Optional.empty(), "data file '" + file + "'");
  }

  private static List<String> header(Path file, int line, String text, int maxNodes) {
    String[] fields = text.replace("\uFEFF", "").split(",", -1);
    if (fields.length > maxNodes) {
      throw new IllegalArgumentException(where(file, line) + ": the header names " + fields.length + " nodes, at most "
          + maxNodes + " are supported");
    }
    List<String> names = new ArrayList<>(fields.length);
    Map<String, Integer> columns = new HashMap<>();
    for (int c = 0; c < fields.length; c++) {
      String name = unquote(fields[c].strip());
      if (name.isEmpty()) {
        throw new IllegalArgumentException(where(file, line) + ", column " + (c + 1) + ": empty node name; the first"
            + " row must name every column");
      }
      Integer before = columns.putIfAbsent(name, c + 1);
      if (before != null) {
        throw new IllegalArgumentException(where(file, line) + ", column " + (c + 1) + ": node name '" + name
            + "' repeats column " + before);
      }
      names.add(name);
    }
    return names;
  }

  private static double[] row(Path file, int line, String text, List<String> names) {
    String[] fields = text.split(",", -1);
    if (fields.length != names.size()) {
      throw new IllegalArgumentException(where(file, line) + ": " + fields.length + " fields, expected "
          + names.size() + " (one per node of the header: " + String.join(", ", names) + ")");
    }
    double[] values = new double[fields.length];
    for (int c = 0; c < fields.length; c++) {
      String field = fields[c].strip();
      double value;
      try {
        value = Double.parseDouble(field);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where(file, line) + ", column " + (c + 1) + " ('" + names.get(c) + "'): '"
            + field + "' is not a number", e);
      }
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(where(file, line) + ", column " + (c + 1) + " ('" + names.get(c) + "'): '"
            + field + "' is not a finite number");
      }
      values[c] = value;
    }
    return values;
  }

  private static String unquote(String name) {
    return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
        ? name.substring(1, name.length() - 1).strip() : name;
  }

  private static int firstNonBlank(List<String> lines, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        return i;
      }
    }
    return -1;
  }

  private static String where(Path file, int line) {
    return "data file '" + file + "', line " + line;
  }
}
