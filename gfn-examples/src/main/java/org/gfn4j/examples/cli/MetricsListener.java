package org.gfn4j.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingListener;

/**
 * Writes {@code metrics.csv}: one row per evaluation with the mean loss since the previous row, log Z, the elapsed
 * time and the evaluator's metrics (for a conditional run, each metric again per evaluated condition, as
 * {@code l1_exact@c=0.5}). Metrics not computed are empty. The file is rewritten atomically at each evaluation, so
 * it is always complete.
 */
final class MetricsListener implements TrainingListener {
  /** The columns every metrics file starts with. */
  static final String PREFIX = "iteration,loss,logz,elapsed_s";

  private final Path file;
  private final List<String> metrics;
  private final List<String> conditions;
  private final long start = System.nanoTime();
  private final StringBuilder rows;
  private double lossSum;
  private int lossCount;

  /**
   * @param metrics the evaluator's metric names, in order
   * @param conditions the labels of the evaluated conditions (empty for an unconditional run)
   */
  MetricsListener(Path file, List<String> metrics, List<String> conditions) {
    this.file = file;
    this.metrics = List.copyOf(metrics);
    this.conditions = List.copyOf(conditions);
    List<String> columns = new ArrayList<>(List.of(PREFIX));
    columns.addAll(metrics);
    for (String condition : conditions) {
      metrics.forEach(metric -> columns.add(metric + "@c=" + condition));
    }
    rows = new StringBuilder(String.join(",", columns)).append('\n');
  }

  @Override
  public void onIteration(IterationReport report) {
    lossSum += report.loss();
    lossCount++;
  }

  @Override
  public void onEvaluation(int iteration, Evaluation e, IterationReport last) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    rows.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.3f", iteration, lossSum / lossCount, last.logZ(),
        elapsed));
    appendMetrics(e);
    for (String condition : conditions) {
      appendMetrics(e.byCondition().getOrDefault(condition, new Evaluation(Map.of())));
    }
    rows.append('\n');
    lossSum = 0;
    lossCount = 0;
    AtomicFiles.writeString(file, rows.toString());
  }

  private void appendMetrics(Evaluation e) {
    for (String metric : metrics) {
      rows.append(',').append(format(metric, e.get(metric)));
    }
  }

  /** A metric as a CSV cell: empty when not finite, an integer for counts. */
  static String format(String metric, double value) {
    if (!Double.isFinite(value)) {
      return "";
    }
    if (metric.equals(Evaluation.MODES_FOUND) || metric.equals(Evaluation.MODES_TOTAL)) {
      return Long.toString(Math.round(value));
    }
    return String.format(Locale.ROOT, "%.6g", value);
  }
}
