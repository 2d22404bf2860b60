package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.OptionalDouble;
import org.gfn4j.core.train.TrainingConfig;

/**
 * Everything that defines a training run, by plugin name: with the seed inside {@code training}, a run is
 * reproducible from this value alone, which is why checkpoints and exports record it.
 *
 * @param environment the environment and its options
 * @param forwardPolicy the PF architecture (also used for the log-flow estimator when the objective needs one)
 * @param backwardPolicy the PB architecture ("uniform" for a fixed uniform PB)
 * @param objective the loss and its options
 * @param reward the reward ("env": the environment's own)
 * @param training iterations, batch size, optimiser, exploration, replay, seed
 * @param sampledL1Samples fresh samples for torchgfn's sampled L1 at each evaluation (0: exact metrics only)
 * @param tied whether PF, PB and log F share one MLP trunk (needs forward policy "mlp")
 * @param prior checkpoint folder of a trained run whose PF is the frozen prior ("rtb"), or null
 * @param evalConditions the condition values a conditional run is evaluated at (each a 1-wide condition); empty:
 *     {@link #DEFAULT_EVAL_CONDITIONS}
 * @param modeThreshold the reward from which a terminal object counts as a mode ({@code --mode-threshold}; its log
 *     is compared with the log-rewards, in place of the environment's threshold), or null for the environment's
 *     (left out of saved specs, so runs that give none keep their run ids)
 */
public record RunSpec(PluginChoice environment, PluginChoice forwardPolicy, PluginChoice backwardPolicy,
    PluginChoice objective, PluginChoice reward, TrainingConfig training, int sampledL1Samples, boolean tied,
    String prior, List<Double> evalConditions, @JsonInclude(JsonInclude.Include.NON_NULL) Double modeThreshold) {
  /** The conditions a conditional run is evaluated at unless others are given. */
  public static final List<Double> DEFAULT_EVAL_CONDITIONS = List.of(0.0, 0.25, 0.5, 0.75, 1.0);

  public RunSpec {
    requireNonNull(environment, "environment is null");
    requireNonNull(forwardPolicy, "forwardPolicy is null");
    requireNonNull(backwardPolicy, "backwardPolicy is null");
    requireNonNull(objective, "objective is null");
    requireNonNull(reward, "reward is null");
    requireNonNull(training, "training is null");
    if (sampledL1Samples < 0) {
      throw new IllegalArgumentException("sampled L1 samples must be >= 0, got " + sampledL1Samples);
    }
    evalConditions = evalConditions == null ? List.of() : List.copyOf(evalConditions);
    for (double c : evalConditions) {
      if (!Double.isFinite(c)) {
        throw new IllegalArgumentException("evaluation conditions must be finite, got " + evalConditions);
      }
    }
    if (modeThreshold != null && !(modeThreshold > 0 && modeThreshold < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("--mode-threshold must be a reward > 0 and finite (its log is compared with "
          + "the log-rewards), got " + modeThreshold);
    }
  }

  /** A run whose modes are counted by the environment's threshold. */
  public RunSpec(PluginChoice environment, PluginChoice forwardPolicy, PluginChoice backwardPolicy,
      PluginChoice objective, PluginChoice reward, TrainingConfig training, int sampledL1Samples, boolean tied,
      String prior, List<Double> evalConditions) {
    this(environment, forwardPolicy, backwardPolicy, objective, reward, training, sampledL1Samples, tied, prior,
        evalConditions, null);
  }

  /** A run evaluated, if conditional, at {@link #DEFAULT_EVAL_CONDITIONS}. */
  public RunSpec(PluginChoice environment, PluginChoice forwardPolicy, PluginChoice backwardPolicy,
      PluginChoice objective, PluginChoice reward, TrainingConfig training, int sampledL1Samples, boolean tied,
      String prior) {
    this(environment, forwardPolicy, backwardPolicy, objective, reward, training, sampledL1Samples, tied, prior,
        List.of());
  }

  /** The conditions a conditional run is evaluated at: the given ones, or the default. */
  public List<Double> effectiveEvalConditions() {
    return evalConditions.isEmpty() ? DEFAULT_EVAL_CONDITIONS : evalConditions;
  }

  /** The log of {@link #modeThreshold}, or empty when the run takes the environment's threshold. */
  public OptionalDouble modeLogRewardThreshold() {
    return modeThreshold == null ? OptionalDouble.empty() : OptionalDouble.of(Math.log(modeThreshold));
  }

  /** The same run with other training settings (to train a resumed run longer). */
  public RunSpec withTraining(TrainingConfig value) {
    return new RunSpec(environment, forwardPolicy, backwardPolicy, objective, reward, value, sampledL1Samples, tied,
        prior, evalConditions, modeThreshold);
  }

  /** The same run with modes counted from reward {@code value} (null: by the environment's threshold). */
  public RunSpec withModeThreshold(Double value) {
    return new RunSpec(environment, forwardPolicy, backwardPolicy, objective, reward, training, sampledL1Samples,
        tied, prior, evalConditions, value);
  }

  /** A run with separate estimators and no prior. */
  public RunSpec(PluginChoice environment, PluginChoice forwardPolicy, PluginChoice backwardPolicy,
      PluginChoice objective, PluginChoice reward, TrainingConfig training, int sampledL1Samples) {
    this(environment, forwardPolicy, backwardPolicy, objective, reward, training, sampledL1Samples, false, null);
  }
}
