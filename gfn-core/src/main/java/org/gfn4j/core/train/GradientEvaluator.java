package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.Term;
import org.gfn4j.core.backend.WorkspaceScope;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.batch.RecordedPasses;
import org.gfn4j.core.batch.TrainingBatch;
import org.gfn4j.core.concurrent.SideThread;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.terms.TermContext;
import org.gfn4j.core.terms.TermParts;

/**
 * Computes an objective's loss on a batch and leaves its gradient in the model's gradient buffers: one part per
 * {@link Term} the objective declares ({@link TermParts}: batched estimator passes, the policy heads'
 * log-probabilities), the objective on plain arrays, then each part's chain rule into the estimators.
 *
 * <p>This is the "evaluate" part of a training step, separate from sampling and from the optimiser step, so
 * that gradients can be computed where the samples are and aggregated elsewhere.
 */
public final class GradientEvaluator {
  private static final String WORKSPACE = "gfn4j-gradients";
  /**
   * Transitions from which PB's passes run on the side thread. Below, its passes are too short to pay for the two
   * hand-offs: HyperGrid 2x8 at batch 16 (about 140 transitions) ran 14% faster on one thread on a 2-core Intel
   * Xeon; 4x8 at batch 16 (about 235) and 2x8 at batch 32 (about 230) were even on it and 4x8 10% faster with the
   * side thread on an AMD machine; from about 1,000 transitions the side thread gains 6-25% (docs/performance.md).
   */
  static final int SIDE_THREAD_MIN_ROWS = 192;

  private final GFlowNet model;
  private final Objective objective;
  private final Set<Term> terms;
  /** Whether PB has parameters of its own, so that its passes can run beside PF's on the side thread. */
  private final boolean backwardPolicyApart;

  /**
   * Evaluates {@code objective} for {@code model}; the model must have every part the objective reads.
   *
   * @throws IllegalArgumentException naming the term and what it needs if the model lacks a part, or if a
   *     discrete-only term is asked of another kind of environment
   */
  public GradientEvaluator(GFlowNet model, Objective objective) {
    this.model = requireNonNull(model, "model is null");
    this.objective = requireNonNull(objective, "objective is null");
    this.terms = Set.copyOf(objective.inputs());
    require(!terms.contains(Term.LOG_PB) || model.backwardPolicy().isPresent(), Term.LOG_PB, "a backward policy");
    require(!terms.contains(Term.LOG_F) || model.logFlow().isPresent(), Term.LOG_F, "a state-flow estimator");
    require(!terms.contains(Term.PRIOR_LOG_PF) || model.prior().isPresent(), Term.PRIOR_LOG_PF, "a prior policy");
    require(!terms.contains(Term.LOG_Z) || model.learnsLogZ(), Term.LOG_Z, "a learned log Z");
    for (Term term : terms) {
      require(!term.isDiscreteOnly() || model.environment() instanceof DiscreteEnvironment, term,
          "a discrete environment ('" + model.environment().name() + "' is not)");
      require(term.isBuiltIn() || model.extraOutputs().containsKey(term.key()), term,
          "an estimator for output '" + term.key() + "'");
    }
    this.backwardPolicyApart = model.backwardPolicy().filter(pb -> pb.parameters().length() > 0
        && model.trainedEstimators().containsKey("pb")).isPresent();
  }

  /** Whether the objective reads {@code LOG_PB} (so that PB's inference is worth recording while sampling). */
  public boolean readsLogPb() {
    return terms.contains(Term.LOG_PB);
  }

  /** Fails naming the term, the first row and the value when the objective's gradient for it is not finite. */
  private void requireFinite(Term term, double[] gradient) {
    for (int row = 0; row < gradient.length; row++) {
      if (!Double.isFinite(gradient[row])) {
        throw new NonFiniteException(term.toString(), "the gradient of objective " + objective.getClass()
            .getSimpleName() + " with respect to " + term + " is " + gradient[row] + " (row " + row + " of "
            + gradient.length + "); log Z = " + model.logZ() + "; a learning rate too high, or a reward too sharp?");
      }
    }
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
   * @throws NonFiniteException if the loss or a gradient is NaN or infinite
   * @throws IllegalStateException if an on-policy batch is stale
   */
  public double lossAndGradients(TrainingBatch batch) {
    return evaluate(batch).loss();
  }

  /** Like {@link #lossAndGradients(TrainingBatch)}, also reporting the time of each phase. */
  public LossEvaluation evaluate(TrainingBatch batch) {
    model.zeroGradients();
    try (WorkspaceScope scope = WorkspaceScope.open(WORKSPACE, batch.trajectories().transitionCount())) {
      return evaluate(batch.trajectories(), batch.recordedLogPf(), batch.recordedPasses());
    }
  }

  private LossEvaluation evaluate(Trajectories batch, double[] recordedLogPf,
      Optional<RecordedPasses> recordedPasses) {
    long start = System.nanoTime();
    TermParts parts = new TermParts(new TermContext(model, batch, recordedLogPf, recordedPasses), terms,
        backwardPolicyApart && batch.transitionCount() >= SIDE_THREAD_MIN_ROWS && SideThread.enabled());
    try {
      Map<Term, double[]> values = parts.values();
      long forwardDone = System.nanoTime();
      ObjectiveResult result = objective.evaluate(new ObjectiveInput(batch, values));
      if (!Double.isFinite(result.loss())) {
        throw new NonFiniteException("loss", "loss is " + result.loss() + "; log Z = " + model.logZ()
            + " (a learning rate too high, or a log-reward of -inf without log_reward_clip_min?)");
      }
      long objectiveDone = System.nanoTime();
      Map<Term, double[]> gradients = new LinkedHashMap<>();
      values.forEach((term, value) -> gradients.put(term, result.gradient(term, value.length)));
      gradients.forEach(this::requireFinite);
      parts.backward(gradients);
      return new LossEvaluation(result.loss(), forwardDone - start, objectiveDone - forwardDone,
          System.nanoTime() - objectiveDone);
    } catch (RuntimeException | Error e) {
      parts.cancel(e);
      throw e;
    }
  }
}
