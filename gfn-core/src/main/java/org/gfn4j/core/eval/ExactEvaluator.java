package org.gfn4j.core.eval;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.env.MaskedCategorical;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.math.LogSumExp;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Predictor;
import org.gfn4j.core.sampling.PolicyOutputs;
import org.gfn4j.core.sampling.RewardChecks;
import org.gfn4j.core.sampling.Sampler;

/**
 * Exact evaluation for enumerable environments: the terminal distribution of a forward policy computed by
 * dynamic programming over the state graph ({@code u(s0) = 1}, {@code u(s') += u(s) PF(s'|s)} in topological
 * order, {@code p(x) = u(x) PF(exit|x)}), compared with the normalised reward without sampling noise.
 *
 * <p>Its modes are the target's most probable terminal states or, given a mode log-reward threshold, the terminal
 * states whose log-reward reaches it. Its state ({@link #writeState}) is the set of modes found and, when it
 * computes the sampled L1, the position of its random stream, which must then be a
 * {@link org.gfn4j.core.random.RandomStream}. The evaluators derived from it ({@link #towards},
 * {@link #atCondition}) draw from the same stream and count modes the same way.
 */
public final class ExactEvaluator implements Evaluator {
  /** Largest state space enumerated. */
  public static final int MAX_STATES = 2_000_000;
  private static final int CHUNK = 8192;

  private final DiscreteEnvironment environment;
  private final Enumerable enumerable;
  private final RewardFunction reward;
  private final DiscreteStates allStates;
  /** The condition every state is evaluated at (a conditional environment), or null. */
  private final double[] condition;
  private final int[] order;
  private final int[] childStart;
  private final int[] childIndex;
  private final int[] childAction;
  private final int initialIndex;
  private final int[] terminalRows;
  private final double[] terminalLogRewards;
  private final double[] target;
  private final double logZTrue;
  private final BitSet modes = new BitSet();
  private final BitSet modesFound = new BitSet();
  private final int sampledL1Samples;
  private final RandomGenerator random;
  /** The log-reward from which a terminal state is a mode; empty: the target's most probable states are. */
  private final OptionalDouble modeLogRewardThreshold;

  /**
   * @param environment an environment that implements {@link Enumerable}
   * @param reward the reward in force
   * @param sampledL1Samples fresh samples for torchgfn's sampled L1 at each evaluation (0: skip it)
   * @param random source of those samples; a {@link org.gfn4j.core.random.RandomStream} (as {@code Seeds.stream}
   *     returns) for {@link #writeState} to save its position when {@code sampledL1Samples > 0}
   * @throws IllegalArgumentException if the environment is not enumerable or too large
   */
  public ExactEvaluator(DiscreteEnvironment environment, RewardFunction reward, int sampledL1Samples,
      RandomGenerator random) {
    this(environment, reward, sampledL1Samples, OptionalDouble.empty(), random);
  }

  /**
   * An evaluator whose modes are the terminal states whose log-reward (the reward in force, whatever the target of
   * {@link #towards}) reaches {@code modeLogRewardThreshold}, when one is given.
   *
   * @param modeLogRewardThreshold the threshold; empty: the modes are the target's most probable states
   * @throws IllegalArgumentException if the environment is not enumerable or too large, or the threshold is NaN
   */
  public ExactEvaluator(DiscreteEnvironment environment, RewardFunction reward, int sampledL1Samples,
      OptionalDouble modeLogRewardThreshold, RandomGenerator random) {
    this.modeLogRewardThreshold = requireNonNull(modeLogRewardThreshold, "modeLogRewardThreshold is null");
    if (modeLogRewardThreshold.isPresent() && Double.isNaN(modeLogRewardThreshold.getAsDouble())) {
      throw new IllegalArgumentException("exact evaluation: the mode log-reward threshold must not be NaN");
    }
    this.environment = requireNonNull(environment, "environment is null");
    this.reward = requireNonNull(reward, "reward is null");
    this.random = requireNonNull(random, "random is null");
    if (!(environment instanceof Enumerable e)) {
      throw new IllegalArgumentException("environment '" + environment.name() + "' is not enumerable: exact "
          + "evaluation needs an environment implementing Enumerable");
    }
    this.enumerable = e;
    if (e.stateCount() > MAX_STATES) {
      throw new IllegalArgumentException("environment '" + environment.name() + "' has " + e.stateCount()
          + " states; exact evaluation enumerates at most " + MAX_STATES);
    }
    this.sampledL1Samples = sampledL1Samples;
    Nd4jBackend.configure();
    allStates = e.allStates();
    int n = allStates.size();
    Masks masks = allStates.forwardMasks();
    int exit = environment.exitAction();
    childStart = new int[n + 1];
    for (int s = 0; s < n; s++) {
      int children = 0;
      for (int a = 0; a < exit; a++) {
        children += masks.isAllowed(s, a) ? 1 : 0;
      }
      childStart[s + 1] = childStart[s] + children;
    }
    int[] parentRows = new int[childStart[n]];
    childAction = new int[childStart[n]];
    for (int s = 0, k = 0; s < n; s++) {
      for (int a = 0; a < exit; a++) {
        if (masks.isAllowed(s, a)) {
          parentRows[k] = s;
          childAction[k++] = a;
        }
      }
    }
    DiscreteStates children = environment.step(allStates.select(parentRows), new Actions(childAction));
    childIndex = new int[children.size()];
    for (int k = 0; k < childIndex.length; k++) {
      childIndex[k] = e.indexOf(children, k);
    }
    order = topologicalOrder(n);
    initialIndex = e.indexOf(environment.initialStates(1), 0);
    terminalRows = terminalRows(masks);
    condition = null;
    target = new double[n];
    if (environment.conditionDim() > 0) { // the state graph only: the target depends on the condition
      terminalLogRewards = null;
      logZTrue = Double.NaN;
      return;
    }
    DiscreteStates terminals = allStates.select(terminalRows);
    terminalLogRewards = reward.logReward(terminals);
    RewardChecks.check(terminalLogRewards, terminals, reward);
    logZTrue = setTarget(terminalLogRewards, "reward '" + reward.describe() + "'");
  }

  /** The same enumeration as {@code base}, against the target with these log-weights of its terminal states. */
  private ExactEvaluator(ExactEvaluator base, double[] terminalLogWeights, String what) {
    this(base, base.allStates, base.condition, base.terminalLogRewards, terminalLogWeights, what);
  }

  /** The same state graph as {@code base}, its states at {@code condition}, with these terminal log-weights. */
  private ExactEvaluator(ExactEvaluator base, DiscreteStates allStates, double[] condition,
      double[] terminalLogRewards, double[] terminalLogWeights, String what) {
    environment = base.environment;
    enumerable = base.enumerable;
    reward = base.reward;
    this.allStates = allStates;
    this.condition = condition;
    order = base.order;
    childStart = base.childStart;
    childIndex = base.childIndex;
    childAction = base.childAction;
    initialIndex = base.initialIndex;
    terminalRows = base.terminalRows;
    this.terminalLogRewards = terminalLogRewards;
    sampledL1Samples = base.sampledL1Samples;
    random = base.random;
    modeLogRewardThreshold = base.modeLogRewardThreshold;
    target = new double[allStates.size()];
    logZTrue = setTarget(terminalLogWeights, what);
  }

  /**
   * An evaluator of the same environment against the target {@code p_prior(x) R(x)^rewardExponent}, normalised,
   * where {@code p_prior} is {@code prior}'s exact terminal distribution (1 without a prior): the target of
   * relative trajectory balance, or of an objective that tempers the reward. Its true log Z is that target's
   * ({@code log Σ p_prior(x) R(x)^rewardExponent}), its modes the target's most probable states.
   */
  public ExactEvaluator towards(Optional<Estimator> prior, double rewardExponent) {
    requireTarget();
    if (!(rewardExponent > 0) || Double.isInfinite(rewardExponent)) {
      throw new IllegalArgumentException("reward exponent must be positive and finite, got " + rewardExponent);
    }
    double[] priorDistribution = prior.map(this::terminalDistribution).orElse(null);
    double[] logWeights = new double[terminalRows.length];
    for (int i = 0; i < terminalRows.length; i++) {
      logWeights[i] = rewardExponent * terminalLogRewards[i]
          + (priorDistribution == null ? 0 : Math.log(priorDistribution[terminalRows[i]]));
    }
    String what = "reward '" + reward.describe() + "'^" + rewardExponent;
    return new ExactEvaluator(this, logWeights,
        prior.map(p -> "prior " + p.describe() + " x " + what).orElse(what));
  }

  /**
   * The evaluator of a conditional environment at condition {@code c}: every state carries {@code c}, the target is
   * the reward at {@code c}, and the policies read it.
   *
   * @throws IllegalArgumentException if the condition's width is not the environment's
   */
  public ExactEvaluator atCondition(double... c) {
    if (c.length != environment.conditionDim() || c.length == 0) {
      throw new IllegalArgumentException("environment '" + environment.name() + "' takes conditions of width "
          + environment.conditionDim() + ", got " + Arrays.toString(c));
    }
    DiscreteStates conditioned = allStates.withConditions(Conditions.constant(allStates.size(), c));
    DiscreteStates terminals = conditioned.select(terminalRows);
    double[] logRewards = reward.logReward(terminals);
    RewardChecks.check(logRewards, terminals, reward);
    return new ExactEvaluator(this, conditioned, c.clone(), logRewards, logRewards,
        "reward '" + reward.describe() + "' at c=" + Arrays.toString(c));
  }

  private void requireTarget() {
    if (terminalLogRewards == null) {
      throw new IllegalStateException("environment '" + environment.name() + "' is conditional: evaluate at a "
          + "condition (atCondition)");
    }
  }

  private int[] topologicalOrder(int n) {
    int[] inDegree = new int[n];
    for (int child : childIndex) {
      inDegree[child]++;
    }
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int s = 0; s < n; s++) {
      if (inDegree[s] == 0) {
        queue[tail++] = s;
      }
    }
    while (head < tail) {
      int s = queue[head++];
      for (int k = childStart[s]; k < childStart[s + 1]; k++) {
        if (--inDegree[childIndex[k]] == 0) {
          queue[tail++] = childIndex[k];
        }
      }
    }
    if (tail != n) {
      throw new IllegalStateException("environment '" + environment.name() + "': the state graph has a cycle");
    }
    return queue;
  }

  private int[] terminalRows(Masks masks) {
    int n = allStates.size();
    int exit = environment.exitAction();
    int count = 0;
    int[] rows = new int[n];
    for (int s = 0; s < n; s++) {
      if (masks.isAllowed(s, exit)) {
        rows[count++] = s;
      }
    }
    return Arrays.copyOf(rows, count);
  }

  /** Fills the target distribution and its modes from log-weights of the terminal states; returns its log Z. */
  private double setTarget(double[] logWeights, String what) {
    double max = Arrays.stream(logWeights).max().orElse(Double.NEGATIVE_INFINITY);
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(what + " is 0 for every terminal state of '" + environment.name() + "'");
    }
    double logZ = LogSumExp.of(logWeights);
    for (int i = 0; i < terminalRows.length; i++) {
      target[terminalRows[i]] = Math.exp(logWeights[i] - logZ);
      boolean mode = modeLogRewardThreshold.isPresent()
          ? terminalLogRewards[i] >= modeLogRewardThreshold.getAsDouble() - 1e-9
          : logWeights[i] >= max - 1e-9;
      if (mode) {
        modes.set(terminalRows[i]);
      }
    }
    return logZ;
  }

  /**
   * The target distribution, indexed by state index (0 for states that cannot be terminal): the normalised reward,
   * or for {@link #towards} the normalised (prior times) tempered reward.
   */
  public double[] targetDistribution() {
    return target.clone();
  }

  /** The true log partition function of the target (the reward in force, or prior times reward). */
  public double logZTrue() {
    return logZTrue;
  }

  /**
   * Number of modes: terminal states of maximal target probability or, with a mode threshold, terminal states whose
   * log-reward reaches it.
   */
  public int modeCount() {
    return modes.cardinality();
  }

  /** The exact terminal distribution of {@code forwardPolicy}, indexed by state index. */
  public double[] terminalDistribution(Estimator forwardPolicy) {
    int n = allStates.size();
    int width = environment.actionCount();
    double[] logProbs = policyLogProbabilities(forwardPolicy);
    double[] flow = new double[n];
    double[] distribution = new double[n];
    flow[initialIndex] = 1;
    int exit = environment.exitAction();
    for (int s : order) {
      if (flow[s] == 0) {
        continue;
      }
      int offset = s * width;
      for (int k = childStart[s]; k < childStart[s + 1]; k++) {
        flow[childIndex[k]] += flow[s] * Math.exp(logProbs[offset + childAction[k]]);
      }
      double exitLogProb = logProbs[offset + exit];
      if (exitLogProb > Double.NEGATIVE_INFINITY) {
        distribution[s] = flow[s] * Math.exp(exitLogProb);
      }
    }
    return distribution;
  }

  private double[] policyLogProbabilities(Estimator policy) {
    int n = allStates.size();
    int width = environment.actionCount();
    double[] logProbs = new double[n * width];
    double[] row = new double[width];
    try (Predictor inference = Predictor.whileUnchanged(policy)) {
      for (int from = 0; from < n; from += CHUNK) {
        int rows = Math.min(CHUNK, n - from);
        int[] selected = new int[rows];
        for (int i = 0; i < rows; i++) {
          selected[i] = from + i;
        }
        DiscreteStates chunk = allStates.select(selected);
        double[] logits = PolicyOutputs.of(inference, chunk, "gfn4j-exact-evaluation");
        Masks masks = chunk.forwardMasks();
        for (int r = 0; r < rows; r++) {
          MaskedCategorical.logProbabilities(logits, masks, r, 1.0, row);
          System.arraycopy(row, 0, logProbs, (from + r) * width, width);
        }
      }
    }
    return logProbs;
  }

  /**
   * torchgfn's L1: {@code Σ|p̂ - p|} with {@code p̂} the histogram of {@code samples} fresh trajectories from
   * the model's forward policy.
   */
  public double sampledL1(GFlowNet model, int samples, RandomGenerator random) {
    requireTarget();
    Sampler<DiscreteStates, Actions> sampler = new Sampler<>(environment, model.forwardPolicy(), model.reward());
    double[] histogram = new double[allStates.size()];
    for (int done = 0; done < samples; done += CHUNK) {
      int n = Math.min(CHUNK, samples - done);
      Trajectories batch = condition == null ? sampler.sample(n, Exploration.NONE, random)
          : sampler.sample(Conditions.constant(n, condition), Exploration.NONE, random);
      DiscreteStates terminals = (DiscreteStates) batch.terminalStates();
      for (int i = 0; i < n; i++) {
        histogram[enumerable.indexOf(terminals, i)] += 1.0 / samples;
      }
    }
    return Divergences.l1(histogram, target);
  }

  @Override
  public void observe(Trajectories batch) {
    DiscreteStates terminals = (DiscreteStates) batch.terminalStates();
    for (int i = 0; i < terminals.size(); i++) {
      int index = enumerable.indexOf(terminals, i);
      if (modes.get(index)) {
        modesFound.set(index);
      }
    }
  }

  /**
   * Writes the modes found, then the random stream's position.
   *
   * @throws IllegalStateException if it computes the sampled L1 from a generator that is not a RandomStream
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    writeModesFound(out);
    writeStream(out);
  }

  /**
   * Restores a state {@link #writeState} wrote; changes nothing unless the whole state is read and fits.
   *
   * @throws IllegalArgumentException naming what differs when the checkpoint's state graph or modes are not this
   *     evaluator's
   */
  @Override
  public void readState(DataInput in) throws IOException {
    Runnable modesFound = readModesFound(in);
    Runnable stream = readStream(in);
    modesFound.run();
    stream.run();
  }

  /** Writes the number of states and of modes, then the index of each mode found. */
  void writeModesFound(DataOutput out) throws IOException {
    out.writeInt(allStates.size());
    out.writeInt(modes.cardinality());
    out.writeInt(modesFound.cardinality());
    for (int index = modesFound.nextSetBit(0); index >= 0; index = modesFound.nextSetBit(index + 1)) {
      out.writeInt(index);
    }
  }

  /** Reads and checks what {@link #writeModesFound} wrote; returns the change that restores it. */
  Runnable readModesFound(DataInput in) throws IOException {
    String owner = owner();
    checkCount(owner, "states", in.readInt(), allStates.size());
    checkCount(owner, "modes", in.readInt(), modes.cardinality());
    int found = in.readInt();
    if (found < 0 || found > modes.cardinality()) {
      throw new IllegalArgumentException(owner + " state: " + found + " modes found in the checkpoint, of "
          + modes.cardinality() + " modes in the run");
    }
    BitSet saved = new BitSet();
    for (int i = 0; i < found; i++) {
      int index = in.readInt();
      if (index < 0 || index >= allStates.size() || !modes.get(index)) {
        throw new IllegalArgumentException(owner + " state: state " + index + " is a mode found in the checkpoint "
            + "but not a mode of the run's target");
      }
      saved.set(index);
    }
    return () -> {
      modesFound.clear();
      modesFound.or(saved);
    };
  }

  /** Writes the position of the random stream (shared with the evaluators derived from this one). */
  void writeStream(DataOutput out) throws IOException {
    StreamState.write(random, sampledL1Samples > 0, owner(), out);
  }

  /** Reads what {@link #writeStream} wrote; returns the change that restores it. */
  Runnable readStream(DataInput in) throws IOException {
    return StreamState.read(random, sampledL1Samples > 0, owner(), in);
  }

  private String owner() {
    return "exact evaluator" + (condition == null ? "" : " at c=" + Arrays.toString(condition));
  }

  private static void checkCount(String owner, String what, int saved, int run) {
    if (saved != run) {
      throw new IllegalArgumentException(owner + " state: " + saved + " " + what + " in the checkpoint, " + run
          + " in the run");
    }
  }

  /** The exact metrics, then torchgfn's sampled L1 (empty unless asked for). */
  public static final List<String> METRICS = List.of(Evaluation.L1_EXACT, Evaluation.JSD_EXACT, Evaluation.KL_EXACT,
      Evaluation.LOGZ_ERROR, Evaluation.MODES_FOUND, Evaluation.L1_SAMPLED);

  /** {@link #METRICS}, then the environment's own metrics of the learned distribution. */
  @Override
  public List<String> metricNames() {
    List<String> names = enumerable.distributionMetricNames();
    if (names.isEmpty()) {
      return METRICS;
    }
    List<String> all = new ArrayList<>(METRICS);
    all.addAll(names);
    return List.copyOf(all);
  }

  @Override
  public Evaluation evaluate(GFlowNet model) {
    requireTarget();
    double logZ = condition == null ? model.logZ()
        : model.logZ(Conditions.constant(1, condition))[0];
    double[] learned = terminalDistribution(model.forwardPolicy());
    double l1Sampled = sampledL1Samples > 0 ? sampledL1(model, sampledL1Samples, random) : Double.NaN;
    Evaluation exact = Evaluation.exact(Divergences.l1(learned, target), Divergences.jsd(learned, target),
        Divergences.kl(target, learned), logZ, logZTrue, modesFound.cardinality(), modes.cardinality(),
        l1Sampled);
    if (enumerable.distributionMetricNames().isEmpty()) {
      return exact;
    }
    Map<String, Double> metrics = new LinkedHashMap<>(exact.metrics());
    Map<String, Double> own = enumerable.distributionMetrics(learned);
    for (String name : enumerable.distributionMetricNames()) {
      metrics.put(name, own.getOrDefault(name, Double.NaN));
    }
    return new Evaluation(metrics);
  }
}
