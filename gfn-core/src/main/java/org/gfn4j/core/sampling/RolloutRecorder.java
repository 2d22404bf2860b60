package org.gfn4j.core.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.gfn4j.core.backend.WorkspaceScope;
import org.gfn4j.core.batch.RecordedPasses;
import org.gfn4j.core.concurrent.SideThread;
import org.gfn4j.core.nn.Recording;

/**
 * Records a rollout's inference for training: PF's at every step, and PB's at the states each step reaches, on
 * the side thread where it is on, so that PB's pass overlaps with the rollout instead of following it. The
 * recordings hold the same values whichever thread made them.
 */
final class RolloutRecorder {
  private static final String SIDE_WORKSPACE = "gfn4j-sampler-side";

  private final Recording forward;
  private final Optional<Recording> backward;
  private final boolean onSideThread;
  private final List<Future<?>> pending = new ArrayList<>();

  RolloutRecorder(Recording forward, Optional<Recording> backward) {
    this.forward = forward;
    this.backward = backward;
    this.onSideThread = backward.isPresent() && SideThread.enabled();
  }

  /** PF's outputs at a step's states, recorded. */
  double[] forward(float[] features, int rows, String workspace) {
    try (WorkspaceScope scope = WorkspaceScope.open(workspace, rows)) {
      return forward.predict(features, rows);
    }
  }

  /** Records PB at the states a step reached ({@code features}: theirs, not modified afterwards). */
  void backward(float[] features, int rows) {
    if (backward.isEmpty()) {
      return;
    }
    Recording recording = backward.get();
    if (!onSideThread) {
      record(recording, features, rows);
      return;
    }
    pending.add(SideThread.submit(() -> {
      record(recording, features, rows);
      return null;
    }));
  }

  private static void record(Recording recording, float[] features, int rows) {
    try (WorkspaceScope scope = WorkspaceScope.open(SIDE_WORKSPACE, rows)) {
      recording.predict(features, rows);
    }
  }

  /**
   * Waits for PB's recording and maps the batch's transitions to the recorded rows.
   *
   * @param order the recorded row (steps in order, rows within a step) of each transition, in the batch's order
   * @param initialRows rows of the first step (the trajectories' first states, where PB is not evaluated)
   */
  RecordedPasses finish(int[] order, int initialRows) {
    awaitPending(true);
    int[] backwardRow = new int[order.length];
    for (int t = 0; t < order.length; t++) {
      backwardRow[t] = order[t] >= initialRows ? order[t] - initialRows : -1;
    }
    return new RecordedPasses(forward, order.clone(), backward, backwardRow);
  }

  /** Lets PB's pending recording end after a failure of the rollout. */
  void cancel() {
    awaitPending(false);
  }

  private void awaitPending(boolean rethrow) {
    for (Future<?> future : pending) {
      if (rethrow) {
        SideThread.join(future);
      } else {
        SideThread.awaitQuietly(future);
      }
    }
    pending.clear();
  }
}
