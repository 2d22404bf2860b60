package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.localsearch.LocalSearchConfig;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.schedule.ExplorationSchedule;

/**
 * Settings of a training run.
 *
 * @param iterations number of training iterations (one batch each)
 * @param batchSize fresh trajectories per iteration
 * @param learningRate Adam step size for the estimators
 * @param logZLearningRate Adam step size for log Z, or null for the default {@value #DEFAULT_LOG_Z_LEARNING_RATE}
 *     (must stay null when the objective learns no log Z)
 * @param weightDecay weight decay of the estimators (log Z is never decayed)
 * @param adam betas, epsilon, AdamW or Adam, gradient-norm clipping
 * @param exploration how training samples depart from PF
 * @param replay replay buffer settings
 * @param evalEvery evaluate every this many iterations (and at the end); 0 evaluates only at the end
 * @param seed the seed every random draw of the run derives from
 * @param numericType what estimators, log Z and the optimiser state compute in (null: float32)
 * @param explorationSchedule how epsilon and temperature move from {@code exploration}'s values over the run, or
 *     null when they stay fixed (a constant schedule is stored as null, and null is left out of saved specs, so
 *     runs without schedules keep their run ids)
 * @param localSearch back-and-forth local search on each fresh batch, or null for none (left out of saved specs)
 */
public record TrainingConfig(int iterations, int batchSize, double learningRate, Double logZLearningRate,
    double weightDecay, AdamSettings adam, Exploration exploration, ReplayConfig replay, int evalEvery, long seed,
    NumericType numericType, @JsonInclude(JsonInclude.Include.NON_NULL) ExplorationSchedule explorationSchedule,
    @JsonInclude(JsonInclude.Include.NON_NULL) LocalSearchConfig localSearch) {
  /** log Z step size when none is given (torchgfn's recommendation). */
  public static final double DEFAULT_LOG_Z_LEARNING_RATE = 0.1;

  /** torchgfn's recommended defaults: 1000 iterations of 16 trajectories, lr 1e-3, lr_Z 0.1, no exploration. */
  public static TrainingConfig defaults(long seed) {
    return new TrainingConfig(1000, 16, 1e-3, null, 0, AdamSettings.DEFAULTS, Exploration.NONE, ReplayConfig.NONE,
        100, seed);
  }

  /** Settings with fixed exploration and no local search. */
  public TrainingConfig(int iterations, int batchSize, double learningRate, Double logZLearningRate,
      double weightDecay, AdamSettings adam, Exploration exploration, ReplayConfig replay, int evalEvery, long seed,
      NumericType numericType) {
    this(iterations, batchSize, learningRate, logZLearningRate, weightDecay, adam, exploration, replay, evalEvery,
        seed, numericType, null, null);
  }

  /** float32 settings. */
  public TrainingConfig(int iterations, int batchSize, double learningRate, Double logZLearningRate,
      double weightDecay, AdamSettings adam, Exploration exploration, ReplayConfig replay, int evalEvery, long seed) {
    this(iterations, batchSize, learningRate, logZLearningRate, weightDecay, adam, exploration, replay, evalEvery,
        seed, NumericType.FLOAT32);
  }

  /** Settings without replay. */
  public TrainingConfig(int iterations, int batchSize, double learningRate, double logZLearningRate,
      double weightDecay, AdamSettings adam, Exploration exploration, int evalEvery, long seed) {
    this(iterations, batchSize, learningRate, Double.valueOf(logZLearningRate), weightDecay, adam, exploration,
        ReplayConfig.NONE, evalEvery, seed);
  }

  public TrainingConfig {
    numericType = numericType == null ? NumericType.FLOAT32 : numericType;
    requireNonNull(adam, "adam is null");
    requireNonNull(exploration, "exploration is null");
    requireNonNull(replay, "replay is null");
    explorationSchedule = explorationSchedule == null || explorationSchedule.isConstant() ? null
        : explorationSchedule;
    if (explorationSchedule != null) {
      explorationSchedule.validate(exploration);
    }
    localSearch = localSearch == null || !localSearch.enabled() ? null : localSearch;
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
    }
    if (logZLearningRate != null && (!(logZLearningRate >= 0) || logZLearningRate.isInfinite())) {
      throw new IllegalArgumentException("log Z learning rate must be finite and >= 0, got " + logZLearningRate);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }
    if (evalEvery < 0) {
      throw new IllegalArgumentException("evalEvery must be >= 0, got " + evalEvery);
    }
  }

  /** The log Z step size in force. */
  public double effectiveLogZLearningRate() {
    return logZLearningRate == null ? DEFAULT_LOG_Z_LEARNING_RATE : logZLearningRate;
  }

  /** The exploration of the iteration after {@code done} iterations (0 for the first). */
  public Exploration explorationAt(int done) {
    return explorationSchedule == null ? exploration : explorationSchedule.at(exploration, done);
  }

  /** A copy with epsilon and temperature moving by {@code value} (null: fixed). */
  public TrainingConfig withExplorationSchedule(ExplorationSchedule value) {
    return new TrainingConfig(iterations, batchSize, learningRate, logZLearningRate, weightDecay, adam, exploration,
        replay, evalEvery, seed, numericType, value, localSearch);
  }

  /** A copy with local search {@code value} (null: none). */
  public TrainingConfig withLocalSearch(LocalSearchConfig value) {
    return new TrainingConfig(iterations, batchSize, learningRate, logZLearningRate, weightDecay, adam, exploration,
        replay, evalEvery, seed, numericType, explorationSchedule, value);
  }

  /** A copy with another iteration count. */
  public TrainingConfig withIterations(int value) {
    return new TrainingConfig(value, batchSize, learningRate, logZLearningRate, weightDecay, adam, exploration, replay,
        evalEvery, seed, numericType, explorationSchedule, localSearch);
  }

  /** A copy with another batch size. */
  public TrainingConfig withBatchSize(int value) {
    return new TrainingConfig(iterations, value, learningRate, logZLearningRate, weightDecay, adam, exploration,
        replay, evalEvery, seed, numericType, explorationSchedule, localSearch);
  }

  /** A copy with another evaluation interval. */
  public TrainingConfig withEvalEvery(int value) {
    return new TrainingConfig(iterations, batchSize, learningRate, logZLearningRate, weightDecay, adam, exploration,
        replay, value, seed, numericType, explorationSchedule, localSearch);
  }

  /** A copy computing in {@code value}. */
  public TrainingConfig withNumericType(NumericType value) {
    return new TrainingConfig(iterations, batchSize, learningRate, logZLearningRate, weightDecay, adam, exploration,
        replay, evalEvery, seed, value, explorationSchedule, localSearch);
  }
}
