package org.gfn4j.examples.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingListener;

/** A progress bar on stderr with the live loss, log Z and the last exact L1. Close it when training ends. */
final class ProgressListener implements TrainingListener, AutoCloseable {
  private final ProgressBar bar;
  private double lastL1 = Double.NaN;

  /** A bar to {@code iterations}, standing at {@code done} (a resumed run's iterations). */
  ProgressListener(int iterations, int done, PrintStream stream) {
    bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(iterations).setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(stream)).hideEta().startsFrom(done, java.time.Duration.ZERO)
        .build();
  }

  @Override
  public void onIteration(IterationReport report) {
    bar.step();
    bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f  logZ %.4f%s", report.loss(), report.logZ(),
        Double.isNaN(lastL1) ? "" : String.format(Locale.ROOT, "  L1 %.4f", lastL1)));
  }

  @Override
  public void onEvaluation(int iteration, Evaluation evaluation, IterationReport last) {
    lastL1 = evaluation.l1();
  }

  @Override
  public void close() {
    bar.close();
  }
}
