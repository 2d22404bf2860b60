package org.gfn4j.core.eval;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.math.LogSumExp;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.random.RandomStream;
import org.gfn4j.core.sampling.BackwardSampler;
import org.gfn4j.core.sampling.Features;
import org.gfn4j.core.sampling.RewardChecks;
import org.gfn4j.core.sampling.Sampler;

/**
 * Metrics that need no enumeration, so that a run on any environment, however large, reports how it learns:
 *
 * <ul>
 *   <li>from {@code samples} fresh trajectories of the forward policy (no exploration): the mean reward
 *       ({@code reward_mean}), the mean reward of the {@code topK} best ({@code reward_topk}), and two estimates of
 *       log Z: the ELBO, the mean of {@code log R(x) + log PB(τ | x) - log PF(τ)} ({@code elbo}; at most log Z in
 *       expectation), and the EUBO, the same quantity's mean under the target, estimated by self-normalised
 *       importance weights {@code R PB / PF} over the same samples ({@code eubo}; at least log Z when the samples
 *       cover the target, an underestimate of that bound when they miss its modes);</li>
 *   <li>the distinct modes found so far in training and evaluation samples ({@code modes_found}: terminal objects
 *       whose log-reward reaches a threshold, the one given or else the environment's
 *       {@link org.gfn4j.api.env.Environment#modeLogRewardThreshold}; discrete environments, where there is
 *       one);</li>
 *   <li>the Pearson correlation between {@code log R(x)} and the learned {@code log p(x)} over a held-out set of
 *       {@code heldOut} terminal objects drawn once, uniformly by
 *       {@link DiscreteEnvironment#sampleTerminalStates} where the environment can, otherwise as the terminal
 *       objects of a uniform forward policy ({@code logp_logr_corr}), with {@code log p(x)} estimated by importance
 *       sampling over {@code backwardSamples} trajectories drawn backwards by PB:
 *       {@code p(x) ≈ mean_k PF(τ_k) / PB(τ_k | x)} (unconditional discrete environments).</li>
 * </ul>
 *
 * <p>Metrics that do not apply are NaN. Its state is the modes found and its random stream's position (the
 * held-out set is drawn again, the same from the same seed, when an evaluator is built to restore it).
 */
public final class SampledMetricsEvaluator implements Evaluator {
  /** Mean reward of fresh samples. */
  public static final String REWARD_MEAN = "reward_mean";
  /** Mean reward of the best {@code topK} fresh samples. */
  public static final String REWARD_TOPK = "reward_topk";
  /** Pearson correlation of log R and the estimated log p over the held-out set. */
  public static final String LOGP_LOGR_CORR = "logp_logr_corr";
  /** Evidence lower bound estimate of log Z. */
  public static final String ELBO = "elbo";
  /** Evidence upper bound estimate of log Z. */
  public static final String EUBO = "eubo";
  /** The metrics, in order. */
  public static final List<String> METRICS = List.of(REWARD_MEAN, REWARD_TOPK, Evaluation.MODES_FOUND,
      LOGP_LOGR_CORR, ELBO, EUBO);

  /** Fresh samples per evaluation unless told. */
  public static final int DEFAULT_SAMPLES = 256;
  /** How many of the best fresh samples {@code reward_topk} averages. */
  public static final int DEFAULT_TOP_K = 10;
  /** Held-out terminal objects for the correlation. */
  public static final int DEFAULT_HELD_OUT = 64;
  /** Backward trajectories per held-out object. */
  public static final int DEFAULT_BACKWARD_SAMPLES = 8;
  /**
   * Feature values per backward step (held-out objects x backward samples x feature width) at most this many: fewer
   * objects, then fewer samples, where the features are wide (at least {@link #MIN_HELD_OUT} objects, one sample).
   */
  static final long FEATURE_BUDGET = 1 << 17;
  /** The fewest held-out objects the feature budget leaves. */
  static final int MIN_HELD_OUT = 16;
  private static final long MIN_BACKWARD_ROWS = 16;

  private final StepEnvironment<?, ?> environment;
  private final int samples;
  private final int topK;
  private final int backwardSamples;
  private final RandomStream random;
  private final OptionalDouble modeThreshold;
  private final Set<List<Integer>> modesFound = new HashSet<>();
  private final DiscreteStates heldOut;
  private final double[] heldOutLogRewards;

  /**
   * @param environment the run's environment
   * @param model the run's model (its reward scores the held-out set)
   * @param samples fresh trajectories per evaluation
   * @param random the source of every draw (the held-out set is drawn from it at once)
   */
  public SampledMetricsEvaluator(StepEnvironment<?, ?> environment, GFlowNet model, int samples,
      RandomStream random) {
    this(environment, model, samples, OptionalDouble.empty(), random);
  }

  /**
   * @param modeLogRewardThreshold the log-reward from which a terminal object counts as a mode, overriding the
   *     environment's; empty: the environment's, if it declares one
   * @throws IllegalArgumentException if a threshold is given for an environment that is not discrete, or is NaN
   */
  public SampledMetricsEvaluator(StepEnvironment<?, ?> environment, GFlowNet model, int samples,
      OptionalDouble modeLogRewardThreshold, RandomStream random) {
    this(environment, model, samples, DEFAULT_TOP_K, DEFAULT_HELD_OUT, DEFAULT_BACKWARD_SAMPLES,
        modeLogRewardThreshold, random);
  }

  /**
   * @param topK how many of the best fresh samples {@code reward_topk} averages
   * @param heldOut size of the held-out set (0: no correlation); fewer, down to {@link #MIN_HELD_OUT}, where the
   *     features are too wide for {@link #FEATURE_BUDGET}
   * @param backwardSamples backward trajectories per held-out object; fewer, down to one, where the features are
   *     too wide
   */
  public SampledMetricsEvaluator(StepEnvironment<?, ?> environment, GFlowNet model, int samples, int topK,
      int heldOut, int backwardSamples, RandomStream random) {
    this(environment, model, samples, topK, heldOut, backwardSamples, OptionalDouble.empty(), random);
  }

  /** The evaluator with every setting given. */
  public SampledMetricsEvaluator(StepEnvironment<?, ?> environment, GFlowNet model, int samples, int topK,
      int heldOut, int backwardSamples, OptionalDouble modeLogRewardThreshold, RandomStream random) {
    this.environment = requireNonNull(environment, "environment is null");
    requireNonNull(model, "model is null");
    requireNonNull(modeLogRewardThreshold, "modeLogRewardThreshold is null");
    this.random = requireNonNull(random, "random is null");
    if (samples < 1 || topK < 1 || heldOut < 0 || backwardSamples < 1) {
      throw new IllegalArgumentException("sampled metrics need samples >= 1, top k >= 1, held-out >= 0 and backward"
          + " samples >= 1, got " + samples + ", " + topK + ", " + heldOut + ", " + backwardSamples);
    }
    boolean discrete = environment instanceof DiscreteEnvironment;
    if (modeLogRewardThreshold.isPresent() && (!discrete || Double.isNaN(modeLogRewardThreshold.getAsDouble()))) {
      throw new IllegalArgumentException("sampled metrics: a mode log-reward threshold applies to a discrete "
          + "environment and must not be NaN, got " + modeLogRewardThreshold.getAsDouble() + " for environment '"
          + environment.name() + "'");
    }
    this.samples = samples;
    this.topK = topK;
    // on an environment of wide features (a one-hot encoding of a huge grid) the backward trajectories are long
    // and every step encodes every row: fewer held-out objects and backward samples keep an evaluation bounded
    long rows = Math.min((long) heldOut * backwardSamples,
        Math.max(MIN_BACKWARD_ROWS, FEATURE_BUDGET / Math.max(1, Features.width(environment))));
    this.backwardSamples = heldOut == 0 ? backwardSamples : (int) Math.max(1, Math.min(backwardSamples, rows / heldOut));
    int objects = (int) Math.min(heldOut, Math.max(Math.min(heldOut, MIN_HELD_OUT), rows / this.backwardSamples));
    this.modeThreshold = !discrete ? OptionalDouble.empty()
        : modeLogRewardThreshold.isPresent() ? modeLogRewardThreshold : environment.modeLogRewardThreshold();
    if (discrete && environment.conditionDim() == 0 && objects > 0) {
      DiscreteEnvironment discreteEnvironment = (DiscreteEnvironment) environment;
      Optional<DiscreteStates> uniform = discreteEnvironment.sampleTerminalStates(objects, random);
      if (uniform.isPresent()) {
        this.heldOut = requireTerminal(discreteEnvironment, uniform.get(), objects);
        this.heldOutLogRewards = model.reward().logReward(this.heldOut);
        RewardChecks.check(heldOutLogRewards, this.heldOut, model.reward());
      } else {
        Sampler<?, ?> rollout = Sampler.of(environment, new UniformEstimator(Features.width(environment),
            environment.forwardHead().outputDim()), model.reward());
        Trajectories drawn = rollout.sample(objects, Exploration.NONE, random);
        this.heldOut = (DiscreteStates) drawn.terminalStates();
        this.heldOutLogRewards = drawn.logRewards();
      }
    } else {
      this.heldOut = null;
      this.heldOutLogRewards = null;
    }
  }

  /**
   * The states an environment's {@link DiscreteEnvironment#sampleTerminalStates} drew, checked.
   *
   * @throws IllegalStateException naming the environment if they are not {@code n} of its terminal states
   */
  private static DiscreteStates requireTerminal(DiscreteEnvironment environment, DiscreteStates states, int n) {
    String where = "environment '" + environment.name() + "': sampleTerminalStates(" + n + ", random) returned ";
    if (states.environment() != environment || states.size() != n) {
      throw new IllegalStateException(where + states.size() + " states of environment '"
          + states.environment().name() + "'; expected " + n + " of its own");
    }
    for (int row = 0; row < n; row++) {
      if (!states.forwardMasks().isAllowed(row, environment.exitAction())) {
        throw new IllegalStateException(where + "state " + states.format(row) + " (row " + row + "), which does "
            + "not allow the exit action, so it is not terminal");
      }
    }
    return states;
  }

  /** The log-reward from which a terminal object counts as a mode, if any (then {@code modes_found} is counted). */
  OptionalDouble modeLogRewardThreshold() {
    return modeThreshold;
  }

  /** Size of the held-out set (0 where the correlation does not apply). */
  int heldOutSize() {
    return heldOut == null ? 0 : heldOut.size();
  }

  /**
   * The held-out terminal objects the correlation is computed over, drawn once at construction; empty where the
   * correlation does not apply.
   */
  public Optional<DiscreteStates> heldOut() {
    return Optional.ofNullable(heldOut);
  }

  /** Their log-rewards under the model's reward (empty where the correlation does not apply). */
  double[] heldOutLogRewards() {
    return heldOutLogRewards == null ? new double[0] : heldOutLogRewards.clone();
  }

  @Override
  public List<String> metricNames() {
    return METRICS;
  }

  @Override
  public void observe(Trajectories batch) {
    if (modeThreshold.isEmpty()) {
      return;
    }
    DiscreteStates terminals = (DiscreteStates) batch.terminalStates();
    for (int i = 0; i < batch.count(); i++) {
      if (batch.logReward(i) >= modeThreshold.getAsDouble() - 1e-9) {
        modesFound.add(key(terminals.row(i)));
      }
    }
  }

  @Override
  public Evaluation evaluate(GFlowNet model) {
    Trajectories fresh = Sampler.of(environment, model.forwardPolicy(), model.reward())
        .sample(samples, Exploration.NONE, random);
    observe(fresh);
    double[] logRewards = fresh.logRewards();
    TrajectoryLogProbabilities logProbs = TrajectoryLogProbabilities.of(model, fresh);
    double[] logWeights = new double[samples];
    for (int i = 0; i < samples; i++) {
      logWeights[i] = logRewards[i] + logProbs.logPb()[i] - logProbs.logPf()[i];
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(REWARD_MEAN, Arrays.stream(logRewards).map(Math::exp).average().orElse(Double.NaN));
    metrics.put(REWARD_TOPK, topMean(logRewards, Math.min(topK, samples)));
    metrics.put(Evaluation.MODES_FOUND, modeThreshold.isPresent() ? (double) modesFound.size() : Double.NaN);
    metrics.put(LOGP_LOGR_CORR, heldOut == null ? Double.NaN : correlation(model));
    metrics.put(ELBO, Arrays.stream(logWeights).average().orElse(Double.NaN));
    metrics.put(EUBO, selfNormalisedMean(logWeights));
    return new Evaluation(metrics);
  }

  /** The Pearson correlation of the held-out set's log-rewards and the importance-sampled estimates of log p. */
  private double correlation(GFlowNet model) {
    int n = heldOut.size();
    int[] repeated = new int[n * backwardSamples];
    double[] repeatedLogRewards = new double[repeated.length];
    for (int i = 0; i < repeated.length; i++) {
      repeated[i] = i / backwardSamples;
      repeatedLogRewards[i] = heldOutLogRewards[i / backwardSamples];
    }
    Estimator pb = model.backwardPolicy().orElseGet(() -> new UniformEstimator(Features.width(environment),
        environment.backwardHead().outputDim()));
    DiscreteEnvironment discrete = (DiscreteEnvironment) environment;
    Trajectories backward = new BackwardSampler(discrete, pb).sample(heldOut.select(repeated), repeatedLogRewards,
        random);
    TrajectoryLogProbabilities logProbs = TrajectoryLogProbabilities.of(model, backward);
    double[] logP = new double[n];
    double[] ratios = new double[backwardSamples];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < backwardSamples; k++) {
        int j = i * backwardSamples + k;
        ratios[k] = logProbs.logPf()[j] - logProbs.logPb()[j];
      }
      logP[i] = LogSumExp.mean(ratios);
    }
    return pearson(heldOutLogRewards, logP);
  }

  private static double topMean(double[] logRewards, int k) {
    double[] sorted = logRewards.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (int i = sorted.length - k; i < sorted.length; i++) {
      sum += Math.exp(sorted[i]);
    }
    return sum / k;
  }

  /** {@code Σ w_i f_i / Σ w_i} with {@code w_i = exp(f_i)}: the mean of f under the weights, computed stably. */
  static double selfNormalisedMean(double[] logWeights) {
    double max = Arrays.stream(logWeights).max().orElse(Double.NaN);
    if (!Double.isFinite(max)) {
      return Double.NaN;
    }
    double total = 0;
    double weighted = 0;
    for (double f : logWeights) {
      double w = Math.exp(f - max);
      total += w;
      weighted += w * f;
    }
    return weighted / total;
  }

  /** Pearson's correlation coefficient; NaN when either side is constant. */
  static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(Double.NaN);
    double my = Arrays.stream(y).average().orElse(Double.NaN);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  private static List<Integer> key(int[] state) {
    return Arrays.stream(state).boxed().toList();
  }

  /** Writes the modes found (each state's values), then the random stream's position. */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(modesFound.size());
    for (List<Integer> mode : modesFound.stream().sorted(SampledMetricsEvaluator::compare).toList()) {
      out.writeInt(mode.size());
      for (int value : mode) {
        out.writeInt(value);
      }
    }
    random.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    int count = in.readInt();
    if (count < 0) {
      throw new IllegalArgumentException("sampled metrics: " + count + " modes found in the checkpoint");
    }
    Set<List<Integer>> modes = new HashSet<>();
    for (int i = 0; i < count; i++) {
      int[] state = new int[in.readInt()];
      for (int d = 0; d < state.length; d++) {
        state[d] = in.readInt();
      }
      modes.add(key(state));
    }
    long position = in.readLong();
    modesFound.clear();
    modesFound.addAll(modes);
    random.setPosition(position);
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
