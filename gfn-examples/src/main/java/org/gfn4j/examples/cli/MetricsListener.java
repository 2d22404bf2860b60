package org.gfn4j.examples.cli;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingListener;

/**
 * Writes {@code metrics.csv}: one row per evaluation with the mean loss since the previous row, log Z, the elapsed
 * time and the evaluator's metrics (for a conditional run, each metric again per evaluated condition, as
 * {@code l1_exact@c=0.5}), and last the run's id. Metrics not computed, not finite or meaningless for the run (log Z
 * of an objective that learns none) are empty. The file is rewritten atomically at each evaluation, so it is always
 * complete. It also keeps the mean loss of the last evaluation interval ({@link #finalLoss}). A checkpoint saves its
 * rows and running sums; restored, it rewrites the file as it stood at the checkpoint, and its elapsed time goes on
 * from the checkpoint's.
 */
final class MetricsListener implements TrainingListener {
  /** The columns every metrics file starts with. */
  static final String PREFIX = "iteration,loss,logz,elapsed_s";

  /** The last column: the run's id, the same in every row. */
  static final String RUN_ID = "run_id";

  private final Path file;
  private final List<String> metrics;
  private final List<String> conditions;
  private final List<String> conditionMetrics;
  private final String runId;
  private final boolean scalarLogZ;
  private final Set<String> blank;
  private final int evalEvery;
  private long start = System.nanoTime();
  private final StringBuilder rows;
  private double lossSum;
  private int lossCount;
  private double windowSum;
  private int windowCount;

  /**
   * @param metrics the evaluator's metric names, in order
   * @param conditions the labels of the evaluated conditions (empty for an unconditional run)
   * @param conditionMetrics the metrics reported again per condition
   * @param runId the run's id, written in the last column
   * @param scalarLogZ whether the run learns a scalar log Z (else the {@code logz} column is empty)
   * @param blank metrics left empty because they mean nothing for this run (such as {@code logz_error})
   * @param evalEvery the evaluation interval (0: the end only), over which {@link #finalLoss} is averaged
   */
  MetricsListener(Path file, List<String> metrics, List<String> conditions, List<String> conditionMetrics,
      String runId, boolean scalarLogZ, Set<String> blank, int evalEvery) {
    this.file = requireNonNull(file, "file is null");
    this.metrics = List.copyOf(metrics);
    this.conditions = List.copyOf(conditions);
    this.conditionMetrics = List.copyOf(conditionMetrics);
    this.runId = requireNonNull(runId, "runId is null");
    this.scalarLogZ = scalarLogZ;
    this.blank = Set.copyOf(blank);
    this.evalEvery = evalEvery;
    List<String> columns = new ArrayList<>(List.of(PREFIX));
    columns.addAll(metrics);
    for (String condition : conditions) {
      conditionMetrics.forEach(metric -> columns.add(metric + "@c=" + condition));
    }
    columns.add(RUN_ID);
    rows = new StringBuilder(String.join(",", columns)).append('\n');
  }

  @Override
  public void onIteration(IterationReport report) {
    lossSum += report.loss();
    lossCount++;
    if (evalEvery > 0 && (report.iteration() - 1) % evalEvery == 0) {
      windowSum = 0;
      windowCount = 0;
    }
    windowSum += report.loss();
    windowCount++;
  }

  /** The mean loss of the last evaluation interval (the iterations since the last multiple of evalEvery), or NaN. */
  double finalLoss() {
    return windowCount == 0 ? Double.NaN : windowSum / windowCount;
  }

  @Override
  public void onEvaluation(int iteration, Evaluation e, IterationReport last) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    rows.append(iteration).append(',').append(format("loss", lossSum / lossCount)).append(',')
        .append(scalarLogZ && Double.isFinite(last.logZ()) ? String.format(Locale.ROOT, "%.6f", last.logZ()) : "")
        .append(String.format(Locale.ROOT, ",%.3f", elapsed));
    appendMetrics(e, metrics);
    for (String condition : conditions) {
      appendMetrics(e.byCondition().getOrDefault(condition, new Evaluation(Map.of())), conditionMetrics);
    }
    rows.append(',').append(runId).append('\n');
    lossSum = 0;
    lossCount = 0;
    AtomicFiles.writeString(file, rows.toString());
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeLong(System.nanoTime() - start);
    out.writeDouble(lossSum);
    out.writeInt(lossCount);
    out.writeDouble(windowSum);
    out.writeInt(windowCount);
    byte[] text = rows.toString().getBytes(StandardCharsets.UTF_8);
    out.writeInt(text.length);
    out.write(text);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    long elapsed = in.readLong();
    double savedLossSum = in.readDouble();
    int savedLossCount = in.readInt();
    double savedWindowSum = in.readDouble();
    int savedWindowCount = in.readInt();
    byte[] text = new byte[in.readInt()];
    in.readFully(text);
    String savedRows = new String(text, StandardCharsets.UTF_8);
    String header = rows.substring(0, rows.indexOf("\n") + 1);
    if (!savedRows.startsWith(header)) {
      throw new IllegalArgumentException("metrics.csv: the checkpoint's columns are not this run's ("
          + savedRows.lines().findFirst().orElse("") + ")");
    }
    start = System.nanoTime() - elapsed;
    lossSum = savedLossSum;
    lossCount = savedLossCount;
    windowSum = savedWindowSum;
    windowCount = savedWindowCount;
    rows.setLength(0);
    rows.append(savedRows);
    AtomicFiles.writeString(file, rows.toString());
  }

  private void appendMetrics(Evaluation e, List<String> names) {
    for (String metric : names) {
      rows.append(',').append(blank.contains(metric) ? "" : format(metric, e.get(metric)));
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
