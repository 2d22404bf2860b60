package org.gfn4j.examples.cli;

import java.util.Locale;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.PhaseTimes;
import org.gfn4j.core.train.TrainingListener;

/** Adds up where training iterations spend their time and formats it as a table ({@code --timing}). */
final class TimingListener implements TrainingListener {
  private final int skip;
  private PhaseTimes total = PhaseTimes.ZERO;
  private long iterationNanos;
  private int iterations;

  /** @param skip warm-up iterations left out of the totals */
  TimingListener(int skip) {
    this.skip = skip;
  }

  @Override
  public void onIteration(IterationReport report) {
    if (report.iteration() > skip) {
      total = total.plus(report.phases());
      iterationNanos += report.iterationNanos();
      iterations++;
    }
  }

  /** Mean milliseconds per iteration of each phase, and its share of the iteration. */
  String table() {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "| phase | ms/iter | share |%n|---|---|---|%n"));
    long[] values = total.values();
    for (int p = 0; p < values.length; p++) {
      text.append(String.format(Locale.ROOT, "| %s | %.3f | %.1f%% |%n", PhaseTimes.NAMES[p],
          values[p] / 1e6 / Math.max(1, iterations), 100.0 * values[p] / Math.max(1, iterationNanos)));
    }
    text.append(String.format(Locale.ROOT, "| total | %.3f | (%d iterations) |%n",
        iterationNanos / 1e6 / Math.max(1, iterations), iterations));
    return text.toString();
  }

  /** The phase split as one line, for a benchmark table cell. */
  String shares() {
    long[] values = total.values();
    StringBuilder text = new StringBuilder();
    for (int p = 0; p < values.length; p++) {
      text.append(p == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.0f",
          100.0 * values[p] / Math.max(1, iterationNanos)));
    }
    return text.toString();
  }
}
