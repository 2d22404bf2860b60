package org.gfn4j.core.terms;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.ActionBatch;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.States;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.core.backend.WorkspaceScope;
import org.gfn4j.core.concurrent.SideThread;
import org.gfn4j.core.sampling.Heads;

/**
 * {@code LOG_PB}: for each non-exit transition {@code t}, the backward head's log-probability at state {@code t + 1}
 * of the backward action that undoes action {@code t} (the environment's forward-to-backward mapping); 0 for exits.
 * On the side thread, PB's forward and backward passes run in a workspace of their own while the caller's thread
 * computes PF's; PB then has its own parameter buffer, so the results are those of the sequential computation.
 * Where the sampler recorded PB's inference, its pass is taken from the recording.
 */
final class LogPbPart implements TermPart {
  private static final String SIDE_WORKSPACE = "gfn4j-gradients-side";

  private final Passes inline;
  private final SideTask side;

  LogPbPart(TermContext context, boolean onSideThread) {
    if (onSideThread) {
      if (context.batch().states() instanceof DiscreteStates discrete) {
        // the masks both threads read are computed here first: DiscreteStates caches them unsynchronised
        discrete.forwardMasks();
        discrete.backwardMasks();
      }
      inline = null;
      side = new SideTask(context);
    } else {
      inline = new Passes(context);
      side = null;
    }
  }

  /** Whether PB's passes run on the side thread. */
  boolean onSideThread() {
    return side != null;
  }

  @Override
  public double[] values() {
    return side != null ? side.values() : inline.values();
  }

  @Override
  public void backward(double[] gradient) {
    if (side != null) {
      side.gradient.complete(gradient);
    } else {
      inline.backward(gradient);
    }
  }

  @Override
  public void await() {
    if (side != null) {
      SideThread.join(side.done);
    }
  }

  @Override
  public void cancel(Throwable reason) {
    if (side != null) {
      side.gradient.completeExceptionally(reason);
      SideThread.awaitQuietly(side.done);
    }
  }

  /** PB's pass over the states after every non-exit transition, and the backward head's log-probabilities. */
  private static final class Passes {
    private final int transitions;
    private final int[] transitionOfRow;
    private final EstimatorOutputs outputs;
    private final LogProbabilities logProbs;

    Passes(TermContext context) {
      Trajectories batch = context.batch();
      transitions = batch.transitionCount();
      int count = transitions - batch.count();
      transitionOfRow = new int[count];
      int[] nextRows = new int[count];
      nonExitTransitions(batch, transitionOfRow, nextRows); // a loop of its own: see Sampler.assemble
      var environment = context.model().environment();
      States states = batch.states();
      States next = states.select(nextRows);
      ActionBatch undone = Heads.backwardActions(environment, states.select(transitionOfRow),
          batch.actions().select(transitionOfRow), next);
      Estimator pb = context.model().backwardPolicy().orElseThrow();
      var recorded = context.recordedPasses().filter(passes -> passes.backward().isPresent());
      if (recorded.isPresent()) {
        int[] backwardRow = recorded.get().backwardRow();
        int[] recordedRows = new int[count];
        for (int k = 0; k < count; k++) {
          recordedRows[k] = backwardRow[nextRows[k]];
        }
        outputs = new EstimatorOutputs(recorded.get().backward().get(), pb.outputDim(), recordedRows);
      } else {
        outputs = new EstimatorOutputs(pb, next, true);
      }
      logProbs = Heads.backward(environment, next, outputs.outputs(), undone);
    }

    /** Fills each non-exit transition's index and the row of the state after it. */
    private static void nonExitTransitions(Trajectories batch, int[] transitionOfRow, int[] nextRows) {
      for (int t = 0, k = 0; t < batch.transitionCount(); t++) {
        if (!batch.isExit(t)) {
          transitionOfRow[k] = t;
          nextRows[k++] = t + 1;
        }
      }
    }

    double[] values() {
      double[] logPb = new double[transitions];
      double[] chosen = logProbs.values();
      for (int r = 0; r < transitionOfRow.length; r++) {
        logPb[transitionOfRow[r]] = chosen[r];
      }
      return logPb;
    }

    void backward(double[] gradient) {
      double[] upstream = new double[transitionOfRow.length];
      for (int r = 0; r < upstream.length; r++) {
        upstream[r] = gradient[transitionOfRow[r]];
      }
      logProbs.addGradient(upstream, outputs.outputGradient());
      outputs.backward();
    }
  }

  private static final class SideTask {
    private final CompletableFuture<double[]> values = new CompletableFuture<>();
    private final CompletableFuture<double[]> gradient = new CompletableFuture<>();
    private final Future<?> done;

    SideTask(TermContext context) {
      done = SideThread.submit(() -> {
        try (WorkspaceScope scope = WorkspaceScope.open(SIDE_WORKSPACE, context.batch().transitionCount())) {
          Passes passes = new Passes(context);
          values.complete(passes.values());
          passes.backward(gradient.join());
        } catch (RuntimeException | Error e) {
          values.completeExceptionally(e);
          throw e;
        }
        return null;
      });
    }

    double[] values() {
      try {
        return values.join();
      } catch (CompletionException e) {
        // the side task failed before producing the values: report its own exception
        SideThread.join(done);
        throw e;
      }
    }
  }
}
