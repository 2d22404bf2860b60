package org.gfn4j.examples.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingListener;

/** Keeps what {@code training.png} shows: the loss of every iteration and every evaluation with its iteration. */
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
