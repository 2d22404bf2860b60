package org.gfn4j.core.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The second core: one shared daemon thread ("gfn4j-side") on which the trainer runs work that is independent of
 * the caller's (the backward policy's forward and backward passes) while the caller does the rest. Results never
 * depend on whether it is used; where it is off (one core, or {@code -Dgfn4j.sideThread=false}) the same work runs
 * on the caller's thread.
 *
 * <p>Splitting a rollout into two halves on the two cores was measured and rejected: sampling got 15-40% slower
 * (concurrent small ND4J products contend), while PB's large products overlap well with PF's.
 */
public final class SideThread {
  /** System property that turns the side thread off ({@code -Dgfn4j.sideThread=false}). */
  public static final String PROPERTY = "gfn4j.sideThread";

  private static volatile Thread thread;
  private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(task -> {
    Thread created = new Thread(task, "gfn4j-side");
    created.setDaemon(true);
    thread = created;
    return created;
  });

  private SideThread() {}

  /**
   * Whether work is handed to the side thread: more than one core, not turned off by {@link #PROPERTY}, and the
   * caller is not the side thread itself (whose work would wait for itself).
   */
  public static boolean enabled() {
    return Runtime.getRuntime().availableProcessors() > 1
        && Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
        && Thread.currentThread() != thread;
  }

  /**
   * Runs {@code task} on the side thread. The caller checks {@link #enabled()} first: a task that waits for the
   * caller (as the backward policy's backward pass waits for the objective's gradient) cannot run on its thread.
   */
  public static <T> Future<T> submit(Callable<T> task) {
    return EXECUTOR.submit(task);
  }

  /** Waits for {@code future} and returns its result, rethrowing the task's own exception or error. */
  public static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the side thread", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("work on the side thread failed: " + cause, cause);
    }
  }

  /** Waits for {@code future} to finish, ignoring its outcome (used when the caller is already failing). */
  public static void awaitQuietly(Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException ignored) {
      // the caller reports its own failure
    }
  }
}
