package org.gfn4j.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingListener;

/**
 * Writes {@code metrics.csv}: one row per evaluation with the mean loss since the previous row, log Z and the
 * exact metrics. The file is rewritten atomically at each evaluation, so it is always complete.
 */
final class MetricsListener implements TrainingListener {
  static final String HEADER =
      "iteration,loss,logz,l1_exact,jsd_exact,elapsed_s,kl_exact,logz_error,modes_found,l1_sampled\n";

  private final Path file;
  private final long start = System.nanoTime();
  private final StringBuilder rows = new StringBuilder(HEADER);
  private double lossSum;
  private int lossCount;

  MetricsListener(Path file) {
    this.file = file;
  }

  @Override
  public void onIteration(IterationReport report) {
    lossSum += report.loss();
    lossCount++;
  }

  @Override
  public void onEvaluation(int iteration, Evaluation e, IterationReport last) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    rows.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6g,%.3f,%.6g,%.6f,%d,%s%n", iteration,
        lossSum / lossCount, last.logZ(), e.l1(), e.jsd(), elapsed, e.kl(), e.logZError(), e.modesFound(),
        Double.isNaN(e.l1Sampled()) ? "" : String.format(Locale.ROOT, "%.6f", e.l1Sampled())));
    lossSum = 0;
    lossCount = 0;
    AtomicFiles.writeString(file, rows.toString());
  }
}
