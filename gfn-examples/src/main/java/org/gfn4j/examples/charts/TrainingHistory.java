package org.gfn4j.examples.charts;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingListener;

/**
 * Keeps what {@code training.png} shows: the loss of every iteration and every evaluation with its iteration; a
 * checkpoint saves it all, so that a resumed run draws its whole history.
 */
public final class TrainingHistory implements TrainingListener {
  private int[] iterations = new int[1024];
  private double[] losses = new double[1024];
  private int count;
  private final List<Row> rows = new ArrayList<>();

  /**
   * One evaluation.
   *
   * @param iteration the iteration it followed
   * @param logZ the scalar log Z after that iteration (NaN when the model learns none)
   * @param evaluation the evaluator's metrics
   */
  public record Row(int iteration, double logZ, Evaluation evaluation) {}

  @Override
  public void onIteration(IterationReport report) {
    if (count == losses.length) {
      iterations = Arrays.copyOf(iterations, count * 2);
      losses = Arrays.copyOf(losses, count * 2);
    }
    iterations[count] = report.iteration();
    losses[count] = report.loss();
    count++;
  }

  @Override
  public void onEvaluation(int iteration, Evaluation evaluation, IterationReport last) {
    rows.add(new Row(iteration, last == null ? Double.NaN : last.logZ(), evaluation));
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeInt(iterations[i]);
      out.writeDouble(losses[i]);
    }
    out.writeInt(rows.size());
    for (Row row : rows) {
      out.writeInt(row.iteration());
      out.writeDouble(row.logZ());
      writeEvaluation(out, row.evaluation());
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    int n = in.readInt();
    int[] savedIterations = new int[Math.max(n, 1024)];
    double[] savedLosses = new double[savedIterations.length];
    for (int i = 0; i < n; i++) {
      savedIterations[i] = in.readInt();
      savedLosses[i] = in.readDouble();
    }
    List<Row> savedRows = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      savedRows.add(new Row(in.readInt(), in.readDouble(), readEvaluation(in)));
    }
    iterations = savedIterations;
    losses = savedLosses;
    count = n;
    rows.clear();
    rows.addAll(savedRows);
  }

  private static void writeEvaluation(DataOutput out, Evaluation evaluation) throws IOException {
    out.writeInt(evaluation.metrics().size());
    for (Map.Entry<String, Double> metric : evaluation.metrics().entrySet()) {
      out.writeUTF(metric.getKey());
      out.writeDouble(metric.getValue());
    }
    out.writeInt(evaluation.byCondition().size());
    for (Map.Entry<String, Evaluation> condition : evaluation.byCondition().entrySet()) {
      out.writeUTF(condition.getKey());
      writeEvaluation(out, condition.getValue());
    }
  }

  private static Evaluation readEvaluation(DataInput in) throws IOException {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      metrics.put(in.readUTF(), in.readDouble());
    }
    Map<String, Evaluation> byCondition = new LinkedHashMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      byCondition.put(in.readUTF(), readEvaluation(in));
    }
    return new Evaluation(metrics, byCondition);
  }

  /** The iteration numbers of the recorded losses, in order. */
  public int[] iterations() {
    return Arrays.copyOf(iterations, count);
  }

  /** The loss of each recorded iteration, in order. */
  public double[] losses() {
    return Arrays.copyOf(losses, count);
  }

  /** The evaluations, in order. */
  public List<Row> rows() {
    return Collections.unmodifiableList(rows);
  }
}
