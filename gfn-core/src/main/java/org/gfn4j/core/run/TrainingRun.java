package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.core.eval.CombinedEvaluator;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.eval.ExactEvaluator;
import org.gfn4j.core.eval.SampledMetricsEvaluator;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.replay.ReplayBuffer;
import org.gfn4j.core.train.Trainer;
import org.gfn4j.core.train.TrainingListener;

/**
 * A run built from a {@link RunSpec}: the model, the objective, the replay buffer if any and its evaluator (exact
 * for enumerable environments, by samples for continuous targets). {@link #trainer} starts training it.
 *
 * @param spec what the run was built from
 * @param model the GFlowNet (trained in place)
 * @param objective the loss
 * @param evaluator the evaluation, when the environment allows one
 * @param replayBuffer the replay buffer, when replay is on
 */
public record TrainingRun(RunSpec spec, GFlowNet model, Objective objective, Optional<Evaluator> evaluator,
    Optional<ReplayBuffer> replayBuffer) {
  public TrainingRun {
    requireNonNull(spec, "spec is null");
    requireNonNull(model, "model is null");
    requireNonNull(objective, "objective is null");
    requireNonNull(evaluator, "evaluator is null");
    requireNonNull(replayBuffer, "replayBuffer is null");
  }

  /**
   * The evaluation against the target, without the sampled metrics every run also reports: exact for an
   * enumerable environment, one exact evaluation per condition for a conditional one, by samples for a continuous
   * target; empty when the target cannot be computed.
   */
  public Optional<Evaluator> targetEvaluator() {
    return evaluator.flatMap(e -> e instanceof CombinedEvaluator combined ? Optional.of(combined.first())
        : e instanceof SampledMetricsEvaluator ? Optional.empty() : Optional.of(e));
  }

  /** The evaluator when it is exact (an enumerable environment). */
  public Optional<ExactEvaluator> exactEvaluator() {
    return targetEvaluator().filter(ExactEvaluator.class::isInstance).map(ExactEvaluator.class::cast);
  }

  /** A trainer for this run with the given listeners. */
  public Trainer trainer(List<TrainingListener> listeners) {
    return new Trainer(model, objective, spec.training(), evaluator, replayBuffer,
        listeners);
  }
}
