package org.gfn4j.examples.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.Trainer;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingListener;

/**
 * A throwaway training run (HyperGrid 2x8, TB, MLPs 256x2, batch 16) on a daemon thread while the launcher's
 * {@code train} starts. Once ND4J has loaded, the core it loaded on is idle until the command has parsed its
 * options and built its run (about half a second); this run spends that time getting the JIT compiler to compile
 * the training code (the sampler, the MLP passes, the objective, Adam) before the user's first iteration. The
 * command then {@link #handOver hands over}: it lets the run reach 40 iterations, while the compiler has
 * the second core, and stops it before its own training starts. It has its own model, seed and workspaces and
 * shares nothing the user's run computes with, so the user's results are the same with it and without it.
 */
final class TrainingWarmUp {
  /** The system property that turns it off: {@code -Dgfn4j.trainingWarmUp=false}. */
  static final String PROPERTY = "gfn4j.trainingWarmUp";
  /** At most this many iterations, should the command be slow to start. */
  private static final int MAX_ITERATIONS = 400;
  /** The warm-up iterations the user's run waits for (fewer left its first 100 iterations slower). */
  private static final int HAND_OVER_ITERATIONS = 40;
  /** The longest the user's run waits for them, on a slow machine. */
  private static final long HAND_OVER_WAIT_MILLIS = 1_000;

  private static final AtomicInteger ITERATIONS = new AtomicInteger();
  /** The run stops once it has made this many iterations: set by {@link #handOver}. */
  private static volatile int stopAfter = Integer.MAX_VALUE;
  private static volatile boolean enabled;
  private static volatile boolean stopping;
  private static Thread thread;

  private TrainingWarmUp() {}

  /** Lets {@link #start} run: the launcher's process, whose JIT compiler starts cold, calls this once. */
  static void enable() {
    enabled = "true".equals(System.getProperty(PROPERTY, "true"));
  }

  /** Starts the warm-up run on a daemon thread, once per process, if {@link #enable enabled}. */
  static synchronized void start(RunFactory factory) {
    if (!enabled || thread != null) {
      return;
    }
    thread = new Thread(() -> {
      try {
        Nd4jBackend.configure(); // waits for ND4J's loader
        TrainingConfig config = new TrainingConfig(MAX_ITERATIONS, 16, 1e-3, 0.1, 0, AdamSettings.DEFAULTS,
            Exploration.NONE, 0, 0);
        TrainingRun run = factory.create(new RunSpec(new PluginChoice("hypergrid", Map.of("ndim", "2", "height",
            "8")), BenchCommand.MLP, BenchCommand.MLP, PluginChoice.of("tb"), PluginChoice.of("env"), config, 0));
        TrainingListener counter = new TrainingListener() {
          @Override
          public void onIteration(IterationReport report) {
            ITERATIONS.incrementAndGet();
          }

          @Override
          public boolean stopRequested() {
            return stopping || ITERATIONS.get() >= stopAfter;
          }
        };
        if (!stopping && ITERATIONS.get() < stopAfter) {
          new Trainer(run.model(), run.objective(), config, Optional.empty(), Optional.empty(), List.of(counter))
              .run();
        }
      } catch (Throwable e) { // a warm-up only: the user's run reports its own failures
      }
    }, "gfn4j-training-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Hands the cores over to the user's run of {@code iterations} iterations: waits until the warm-up run has made
   * {@value #HAND_OVER_ITERATIONS} iterations (no more than the user's run will make, and one second at most),
   * then ends it and waits for it to end, which is at most the rest of one of its iterations. The wait costs the
   * process about what it saves: the user's first iterations, which would otherwise run on code still being
   * compiled, run at about steady speed (docs/performance.md). A no-op where no warm-up run was started.
   */
  static void handOver(int iterations) {
    Thread running;
    synchronized (TrainingWarmUp.class) {
      running = thread;
    }
    if (running == null) {
      return;
    }
    stopAfter = Math.min(HAND_OVER_ITERATIONS, Math.max(0, iterations));
    try {
      running.join(HAND_OVER_WAIT_MILLIS); // it ends itself once it has made them
      stopping = true;
      running.join();
    } catch (InterruptedException e) {
      stopping = true;
      Thread.currentThread().interrupt();
    }
  }

  /** Iterations the warm-up run has made so far. */
  static int iterations() {
    return ITERATIONS.get();
  }
}
