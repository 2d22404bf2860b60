package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.eval.ExactEvaluator;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.replay.ReplayBuffer;
import org.gfn4j.core.train.Trainer;
import org.gfn4j.core.train.TrainingListener;

/**
 * A run built from a {@link RunSpec}: the model, the objective, the replay buffer if any and, for enumerable
 * environments, the exact evaluator. {@link #trainer} starts training it.
 *
 * @param spec what the run was built from
 * @param model the GFlowNet (trained in place)
 * @param objective the loss
 * @param evaluator exact evaluation, when the environment is enumerable
 * @param replayBuffer the replay buffer, when replay is on
 */
public record TrainingRun(RunSpec spec, GFlowNet model, Objective objective, Optional<ExactEvaluator> evaluator,
    Optional<ReplayBuffer> replayBuffer) {
  public TrainingRun {
    requireNonNull(spec, "spec is null");
    requireNonNull(model, "model is null");
    requireNonNull(objective, "objective is null");
    requireNonNull(evaluator, "evaluator is null");
    requireNonNull(replayBuffer, "replayBuffer is null");
  }

  /** A trainer for this run with the given listeners. */
  public Trainer trainer(List<TrainingListener> listeners) {
    return new Trainer(model, objective, spec.training(), evaluator.map(Evaluator.class::cast), replayBuffer,
        listeners);
  }
}
