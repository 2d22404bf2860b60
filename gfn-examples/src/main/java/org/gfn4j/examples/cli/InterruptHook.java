package org.gfn4j.examples.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gfn4j.core.train.Trainer;

/**
 * Saves a run stopped by SIGINT (Ctrl-C) or SIGTERM: the JVM's shutdown hook interrupts the trainer, which ends its
 * iteration and writes a checkpoint, and then waits until the command has written its outputs ({@link #close}), at
 * most {@link #WAIT}. SIGKILL cannot be caught: a run killed so resumes from its last periodic checkpoint.
 */
final class InterruptHook implements AutoCloseable {
  /** How long the hook waits for the command to save before letting the JVM stop. */
  static final Duration WAIT = Duration.ofMinutes(10);

  private final CountDownLatch saved = new CountDownLatch(1);
  private final Thread hook;

  InterruptHook(Trainer trainer) {
    hook = new Thread(() -> {
      trainer.interrupt();
      try {
        saved.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "gfn-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Tells the hook the outputs are written and removes it, unless the JVM is already stopping. */
  @Override
  public void close() {
    saved.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException stopping) {
      // the hook is running: it returns now that the outputs are saved
    }
  }
}
