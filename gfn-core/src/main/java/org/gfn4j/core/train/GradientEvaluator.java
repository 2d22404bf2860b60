package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.Term;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.core.backend.WorkspaceScope;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.batch.TrainingBatch;
import org.gfn4j.core.concurrent.SideThread;
import org.gfn4j.core.sampling.RewardChecks;

/**
 * Computes an objective's loss on a batch and leaves its gradient in the model's gradient buffers: batched
 * forward passes for exactly the {@link Term}s the objective declares (PF over every transition's state, PF over
 * the parents of every state, PB over every non-initial state, log F over every state, the frozen prior), the
 * objective on plain arrays, then the chain rule through the masked log-softmax and the estimators.
 *
 * <p>This is the "evaluate" part of a training step, separate from sampling and from the optimiser step, so
 * that gradients can be computed where the samples are and aggregated elsewhere.
 */
public final class GradientEvaluator {
  /** Largest difference tolerated between a sampler's log PF and the recomputed one (float32 arithmetic). */
  static final double ON_POLICY_TOLERANCE = 1e-3;
  private static final String WORKSPACE = "gfn4j-gradients";

  private static final String SIDE_WORKSPACE = "gfn4j-gradients-side";

  private final GFlowNet model;
  private final Objective objective;
  private final Set<Term> terms;
  /** Whether PB has parameters of its own, so that its passes can run beside PF's on the side thread. */
  private final boolean backwardPolicyApart;

  /** Evaluates {@code objective} for {@code model}; the model must have every part the objective reads. */
  public GradientEvaluator(GFlowNet model, Objective objective) {
    this.model = requireNonNull(model, "model is null");
    this.objective = requireNonNull(objective, "objective is null");
    this.terms = Set.copyOf(objective.inputs());
    require(!terms.contains(Term.LOG_PB) || model.backwardPolicy().isPresent(), Term.LOG_PB, "a backward policy");
    require(!terms.contains(Term.LOG_F) || model.logFlow().isPresent(), Term.LOG_F, "a state-flow estimator");
    require(!terms.contains(Term.PRIOR_LOG_PF) || model.prior().isPresent(), Term.PRIOR_LOG_PF, "a prior policy");
    require(!terms.contains(Term.LOG_Z) || model.learnsLogZ(), Term.LOG_Z, "a learned log Z");
    this.backwardPolicyApart = model.backwardPolicy().filter(pb -> pb.parameters().length() > 0
        && model.trainedEstimators().containsKey("pb")).isPresent();
  }

  private void require(boolean present, Term term, String what) {
    if (!present) {
      throw new IllegalArgumentException("objective " + objective.getClass().getSimpleName() + " reads " + term
          + ", which needs " + what + ", but the model has none");
    }
  }

  /** Zeroes the gradients, then computes the loss on off-policy trajectories and accumulates its gradient. */
  public double lossAndGradients(Trajectories batch) {
    return lossAndGradients(new OffPolicyBatch(batch));
  }

  /**
   * Zeroes the gradients, then computes the loss on {@code batch} and accumulates its gradient. For on-policy
   * transitions the objective gets the sampler's log PF (checked against the recomputed value, which catches a
   * batch trained on after the parameters changed); for off-policy ones the recomputed log PF.
   *
   * @return the loss
   * @throws IllegalStateException if the loss is NaN or infinite, or an on-policy batch is stale
   */
  public double lossAndGradients(TrainingBatch batch) {
    return evaluate(batch).loss();
  }

  /** Like {@link #lossAndGradients(TrainingBatch)}, also reporting the time of each phase. */
  public LossEvaluation evaluate(TrainingBatch batch) {
    model.zeroGradients();
    try (WorkspaceScope scope = WorkspaceScope.open(WORKSPACE, batch.trajectories().transitionCount())) {
      return evaluate(batch.trajectories(), batch.recordedLogPf());
    }
  }

  private LossEvaluation evaluate(Trajectories batch, double[] recordedLogPf) {
    long start = System.nanoTime();
    SideTask side = null;
    if (terms.contains(Term.LOG_PB) && backwardPolicyApart && SideThread.enabled()) {
      // the masks both threads read are computed here first: DiscreteStates caches them unsynchronised
      batch.states().forwardMasks();
      batch.states().backwardMasks();
      side = new SideTask(batch);
    }
    try {
      return evaluate(batch, recordedLogPf, side, start);
    } catch (RuntimeException | Error e) {
      if (side != null) {
        side.cancel(e);
      }
      throw e;
    }
  }

  private LossEvaluation evaluate(Trajectories batch, double[] recordedLogPf, SideTask side, long start) {
    int transitions = batch.transitionCount();
    DiscreteStates states = batch.states();
    Map<Term, double[]> values = new EnumMap<>(Term.class);
    boolean needsForward = terms.contains(Term.LOG_PF) || terms.contains(Term.PF_LOG_PROBS)
        || terms.contains(Term.PF_LOGITS);
    EstimatorOutputs forward = needsForward
        ? new EstimatorOutputs(model.forwardPolicy(), states, states.forwardMasks(), true)
        : null;
    if (terms.contains(Term.LOG_PF)) {
      values.put(Term.LOG_PF, chosenLogProbs(forward, batch, recordedLogPf));
    }
    if (terms.contains(Term.PF_LOG_PROBS)) {
      values.put(Term.PF_LOG_PROBS, forward.logProbs());
    }
    if (terms.contains(Term.PF_LOGITS)) {
      values.put(Term.PF_LOGITS, forward.outputs());
    }
    ParentOutputs parents = terms.contains(Term.PF_PARENT_LOGITS) ? new ParentOutputs(batch) : null;
    if (parents != null) {
      values.put(Term.PF_PARENT_LOGITS, parents.values());
    }
    BackwardOutputs backward = null;
    if (side != null) {
      values.put(Term.LOG_PB, side.values());
    } else if (terms.contains(Term.LOG_PB)) {
      backward = new BackwardOutputs(batch);
      values.put(Term.LOG_PB, backward.values());
    }
    EstimatorOutputs flows = terms.contains(Term.LOG_F)
        ? new EstimatorOutputs(model.logFlow().orElseThrow(), states, null, true)
        : null;
    if (flows != null) {
      values.put(Term.LOG_F, flows.outputs());
    }
    if (terms.contains(Term.LOG_Z)) {
      values.put(Term.LOG_Z, new double[] {model.logZ()});
    }
    if (terms.contains(Term.STATE_LOG_REWARD)) {
      double[] logRewards = model.reward().logReward(states);
      RewardChecks.check(logRewards, states, model.reward());
      values.put(Term.STATE_LOG_REWARD, logRewards);
    }
    if (terms.contains(Term.PRIOR_LOG_PF)) {
      EstimatorOutputs prior = new EstimatorOutputs(model.prior().orElseThrow(), states, states.forwardMasks(), false);
      double[] logPrior = new double[transitions];
      for (int t = 0; t < transitions; t++) {
        logPrior[t] = prior.logProb(t, batch.action(t));
      }
      values.put(Term.PRIOR_LOG_PF, logPrior);
    }

    long forwardDone = System.nanoTime();
    ObjectiveResult result = objective.evaluate(new ObjectiveInput(batch, values));
    if (!Double.isFinite(result.loss())) {
      throw new IllegalStateException("loss is " + result.loss() + "; log Z = " + model.logZ()
          + " (a learning rate too high, or a log-reward of -inf without log_reward_clip_min?)");
    }
    long objectiveDone = System.nanoTime();
    if (side != null) {
      side.backward(result.gradient(Term.LOG_PB, transitions));
    }
    int actions = model.environment().actionCount();
    if (forward != null) {
      backPropagateForward(forward, result, batch, actions);
    }
    if (parents != null) {
      parents.backward(result.gradient(Term.PF_PARENT_LOGITS, transitions * (actions - 1)));
    }
    if (backward != null) {
      backward.backward(result.gradient(Term.LOG_PB, transitions));
    }
    if (flows != null) {
      double[] gradient = result.gradient(Term.LOG_F, transitions);
      for (int t = 0; t < transitions; t++) {
        flows.addOutputGradient(t, 0, gradient[t]);
      }
      flows.backward();
    }
    if (terms.contains(Term.LOG_Z)) {
      model.logZGradient().putScalar(0, result.gradient(Term.LOG_Z, 1)[0]);
    }
    if (side != null) {
      side.await();
    }
    return new LossEvaluation(result.loss(), forwardDone - start, objectiveDone - forwardDone,
        System.nanoTime() - objectiveDone);
  }

  private static double[] chosenLogProbs(EstimatorOutputs forward, Trajectories batch, double[] recordedLogPf) {
    double[] logPf = new double[batch.transitionCount()];
    for (int t = 0; t < logPf.length; t++) {
      double recomputed = forward.logProb(t, batch.action(t));
      double recorded = recordedLogPf[t];
      if (Double.isNaN(recorded)) {
        logPf[t] = recomputed;
      } else if (Math.abs(recorded - recomputed) > ON_POLICY_TOLERANCE) {
        throw new IllegalStateException("on-policy batch is stale: transition " + t + " was sampled with log PF "
            + recorded + " but the policy now gives " + recomputed + "; train on a batch before the next "
            + "optimiser step, or pass it as an OffPolicyBatch");
      } else {
        logPf[t] = recorded;
      }
    }
    return logPf;
  }

  private void backPropagateForward(EstimatorOutputs forward, ObjectiveResult result, Trajectories batch,
      int actions) {
    int transitions = batch.transitionCount();
    if (terms.contains(Term.LOG_PF)) {
      double[] gradient = result.gradient(Term.LOG_PF, transitions);
      for (int t = 0; t < transitions; t++) {
        forward.addLogProbGradient(t, batch.action(t), gradient[t]);
      }
    }
    if (terms.contains(Term.PF_LOG_PROBS)) {
      double[] gradient = result.gradient(Term.PF_LOG_PROBS, transitions * actions);
      Masks masks = batch.states().forwardMasks();
      for (int t = 0; t < transitions; t++) {
        for (int a = 0; a < actions; a++) {
          if (masks.isAllowed(t, a)) {
            forward.addLogProbGradient(t, a, gradient[t * actions + a]);
          }
        }
      }
    }
    if (terms.contains(Term.PF_LOGITS)) {
      double[] gradient = result.gradient(Term.PF_LOGITS, transitions * actions);
      for (int t = 0; t < transitions; t++) {
        for (int a = 0; a < actions; a++) {
          forward.addOutputGradient(t, a, gradient[t * actions + a]);
        }
      }
    }
    forward.backward();
  }

  /** log PB of every non-exit transition: PB at state t+1 undoing action(t). */
  private final class BackwardOutputs {
    private final int[] transitionOfRow;
    private final int[] actionOfRow;
    private final EstimatorOutputs outputs;
    private final int transitions;

    BackwardOutputs(Trajectories batch) {
      transitions = batch.transitionCount();
      int count = transitions - batch.count();
      transitionOfRow = new int[count];
      actionOfRow = new int[count];
      int[] nextRows = new int[count];
      for (int t = 0, k = 0; t < transitions; t++) {
        if (!batch.isExit(t)) {
          transitionOfRow[k] = t;
          nextRows[k] = t + 1;
          actionOfRow[k++] = batch.action(t);
        }
      }
      DiscreteStates next = batch.states().select(nextRows);
      Estimator pb = model.backwardPolicy().orElseThrow();
      outputs = new EstimatorOutputs(pb, next, next.backwardMasks(), true);
    }

    double[] values() {
      double[] logPb = new double[transitions];
      for (int r = 0; r < transitionOfRow.length; r++) {
        logPb[transitionOfRow[r]] = outputs.logProb(r, actionOfRow[r]);
      }
      return logPb;
    }

    void backward(double[] gradient) {
      for (int r = 0; r < transitionOfRow.length; r++) {
        outputs.addLogProbGradient(r, actionOfRow[r], gradient[transitionOfRow[r]]);
      }
      outputs.backward();
    }
  }

  /** PF's raw output at every parent of every state, at the action leading to that state. */
  private final class ParentOutputs {
    private final int transitions;
    private final int width;
    private final int[] transitionOfRow;
    private final int[] actionOfRow;
    private final EstimatorOutputs outputs;

    ParentOutputs(Trajectories batch) {
      transitions = batch.transitionCount();
      width = model.environment().actionCount() - 1;
      DiscreteStates states = batch.states();
      Masks masks = states.backwardMasks();
      int count = 0;
      for (int t = 0; t < transitions; t++) {
        count += masks.countAllowed(t);
      }
      transitionOfRow = new int[count];
      actionOfRow = new int[count];
      for (int t = 0, k = 0; t < transitions; t++) {
        for (int b = 0; b < width; b++) {
          if (masks.isAllowed(t, b)) {
            transitionOfRow[k] = t;
            actionOfRow[k++] = b;
          }
        }
      }
      DiscreteStates parents = model.environment().backwardStep(states.select(transitionOfRow),
          new Actions(actionOfRow));
      outputs = new EstimatorOutputs(model.forwardPolicy(), parents, null, true);
    }

    double[] values() {
      double[] values = new double[transitions * width];
      java.util.Arrays.fill(values, Double.NaN);
      for (int r = 0; r < transitionOfRow.length; r++) {
        values[transitionOfRow[r] * width + actionOfRow[r]] = outputs.output(r, actionOfRow[r]);
      }
      return values;
    }

    void backward(double[] gradient) {
      for (int r = 0; r < transitionOfRow.length; r++) {
        outputs.addOutputGradient(r, actionOfRow[r], gradient[transitionOfRow[r] * width + actionOfRow[r]]);
      }
      outputs.backward();
    }
  }

  /**
   * PB's forward pass, then (once the objective's gradient is known) its backward pass, on the side thread in a
   * workspace of its own, while the caller's thread computes PF's. PB has its own parameter buffer (it is not
   * tied to PF), so the two backward passes write to different gradients; the results are those of the
   * sequential computation.
   */
  private final class SideTask {
    private final CompletableFuture<double[]> values = new CompletableFuture<>();
    private final CompletableFuture<double[]> gradient = new CompletableFuture<>();
    private final Future<?> done;

    SideTask(Trajectories batch) {
      done = SideThread.submit(() -> {
        try (WorkspaceScope scope = WorkspaceScope.open(SIDE_WORKSPACE, batch.transitionCount())) {
          BackwardOutputs outputs = new BackwardOutputs(batch);
          values.complete(outputs.values());
          outputs.backward(gradient.join());
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

    void backward(double[] logPbGradient) {
      gradient.complete(logPbGradient);
    }

    /** Releases the side thread after a failure on the caller's side (no-op once the backward pass ran). */
    void cancel(Throwable reason) {
      gradient.completeExceptionally(reason);
      SideThread.awaitQuietly(done);
    }

    void await() {
      SideThread.join(done);
    }
  }
}
