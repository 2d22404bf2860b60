package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.core.batch.MixedBatch;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.batch.OnPolicyBatch;
import org.gfn4j.core.batch.TrainingBatch;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.optim.Adam;
import org.gfn4j.core.optim.NonFiniteGradientException;
import org.gfn4j.core.random.RandomStream;
import org.gfn4j.core.random.Seeds;
import org.gfn4j.core.replay.ReplayBuffer;
import org.gfn4j.core.sampling.RewardChecks;
import org.gfn4j.core.sampling.Sampler;

/**
 * The training loop: each iteration samples a batch with {@link Sampler}, computes loss and gradients with
 * {@link GradientEvaluator} and updates the parameters with {@link Adam} (estimators at {@code learningRate},
 * log Z at {@code logZLearningRate}); with a replay buffer, each iteration also trains on as many replayed
 * trajectories; listeners observe, and an optional evaluator measures the learned
 * distribution every {@code evalEvery} iterations and at the end.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, objective, TrainingConfig.defaults(1), Optional.of(evaluator),
 *     Optional.empty(), listeners);
 * TrainingResult result = trainer.run();
 * }</pre>
 */
public final class Trainer {
  /** What a run stopped by a non-finite loss or gradient leaves behind; checkpoints during training come later. */
  static final String NO_CHECKPOINT = "no checkpoint yet";

  private final GFlowNet model;
  private final TrainingConfig config;
  private final Optional<Evaluator> evaluator;
  private final List<TrainingListener> listeners;
  private final Sampler<?, ?> sampler;
  private final GradientEvaluator gradients;
  private final Adam optimizer;
  private final Optional<ReplayBuffer> replayBuffer;
  private final RandomStream random;
  private final RandomStream replayRandom;

  /**
   * @param model the GFlowNet to train (updated in place)
   * @param objective the loss
   * @param config run settings
   * @param evaluator measures the learned sampler (exact evaluation for enumerable environments)
   * @param replayBuffer replays past samples: each iteration adds as many replayed trajectories as fresh ones
   * @param listeners observers, called in order
   */
  public Trainer(GFlowNet model, Objective objective, TrainingConfig config, Optional<Evaluator> evaluator,
      Optional<ReplayBuffer> replayBuffer, List<TrainingListener> listeners) {
    this.model = requireNonNull(model, "model is null");
    this.config = requireNonNull(config, "config is null");
    this.evaluator = requireNonNull(evaluator, "evaluator is null");
    this.listeners = List.copyOf(listeners);
    this.sampler = Sampler.of(model.environment(), model.forwardPolicy(), model.reward());
    this.gradients = new GradientEvaluator(model, objective);
    this.optimizer = new Adam(model.parameterGroups(config.learningRate(), config.effectiveLogZLearningRate(),
        config.weightDecay()), config.adam());
    this.replayBuffer = requireNonNull(replayBuffer, "replayBuffer is null");
    this.random = Seeds.stream(config.seed(), Seeds.SAMPLING);
    this.replayRandom = Seeds.stream(config.seed(), Seeds.REPLAY);
  }

  /**
   * Runs {@code config.iterations()} iterations (fewer if a listener asks to stop).
   *
   * @throws NonFiniteException naming the iteration and the loss or term when a loss or gradient is not finite
   * @throws RewardChecks.InvalidRewardException naming the iteration and the state when the reward is invalid
   */
  public TrainingResult run() {
    long trainingNanos = 0;
    double loss = Double.NaN;
    IterationReport report = null;
    Optional<Evaluation> evaluation = Optional.empty();
    int iteration = 0;
    while (iteration < config.iterations()) {
      iteration++;
      long start = System.nanoTime();
      TrainingBatch fresh;
      TrainingBatch batch;
      try {
        fresh = sampler.sampleBatch(config.batchSize(), config.exploration(), random);
        batch = withReplayed(fresh);
      } catch (RewardChecks.InvalidRewardException e) {
        throw e.atIteration(iteration);
      }
      long sampled = System.nanoTime();
      LossEvaluation evaluated;
      try {
        evaluated = gradients.evaluate(batch);
      } catch (NonFiniteException e) {
        throw e.atIteration(iteration, NO_CHECKPOINT);
      }
      long optimizing = System.nanoTime();
      try {
        optimizer.step();
      } catch (NonFiniteGradientException e) {
        throw new NonFiniteException("parameters of '" + e.group() + "'", e.getMessage() + "; log Z = "
            + model.logZ()).atIteration(iteration, NO_CHECKPOINT);
      }
      long end = System.nanoTime();
      loss = evaluated.loss();
      long nanos = end - start;
      trainingNanos += nanos;
      PhaseTimes phases = new PhaseTimes(sampled - start, evaluated.forwardNanos(), evaluated.objectiveNanos(),
          optimizing - sampled - evaluated.forwardNanos() - evaluated.objectiveNanos(), end - optimizing);
      Trajectories trained = batch.trajectories();
      report = new IterationReport(iteration, loss, model.logZ(), trained, nanos, trainingNanos, phases);
      for (TrainingListener listener : listeners) {
        listener.onIteration(report);
      }
      evaluator.ifPresent(e -> e.observe(fresh.trajectories()));
      boolean stop = listeners.stream().anyMatch(TrainingListener::stopRequested);
      boolean last = stop || iteration == config.iterations();
      if (evaluator.isPresent() && (last || config.evalEvery() > 0 && iteration % config.evalEvery() == 0)) {
        evaluation = Optional.of(evaluate(iteration, report));
      }
      if (stop) {
        break;
      }
    }
    return new TrainingResult(iteration, loss, model.logZ(), trainingNanos, evaluation);
  }

  /** The fresh batch plus as many replayed trajectories, once the buffer holds that many; then the fresh join it. */
  private TrainingBatch withReplayed(TrainingBatch fresh) {
    if (replayBuffer.isEmpty()) {
      return fresh;
    }
    ReplayBuffer buffer = replayBuffer.get();
    int n = fresh.trajectories().count();
    TrainingBatch batch = fresh;
    if (buffer.size() >= n) {
      OffPolicyBatch replayed = buffer.sample(n, replayRandom);
      batch = fresh instanceof OnPolicyBatch onPolicy
          ? new MixedBatch(onPolicy, replayed)
          : new OffPolicyBatch(Trajectories.concat(fresh.trajectories(), replayed.trajectories()));
    }
    buffer.add(fresh.trajectories());
    return batch;
  }

  private Evaluation evaluate(int iteration, IterationReport report) {
    Evaluation evaluation = evaluator.orElseThrow().evaluate(model);
    for (TrainingListener listener : listeners) {
      listener.onEvaluation(iteration, evaluation, report);
    }
    return evaluation;
  }
}
