package org.gfn4j.core.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.optim.ParameterGroup;
import org.gfn4j.core.sampling.Features;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GFlowNet's parts for one environment: the forward policy PF and, as its objective needs them, the backward
 * policy PB, the state flow log F, the learned log partition function log Z (a scalar, or an estimator of the
 * condition for a conditional environment), a frozen prior policy and extra named estimator outputs, with the
 * reward they are trained against. Policies and flows read {@code [encoding, condition]}
 * ({@link Features#width}); their output widths are those of the environment's heads. Estimators may share one
 * parameter buffer (a tied trunk); every buffer is then optimised, zeroed and saved once.
 */
public final class GFlowNet {
  private final StepEnvironment<?, ?> environment;
  private final RewardFunction reward;
  private final Estimator forwardPolicy;
  private final Optional<Estimator> backwardPolicy;
  private final Optional<Estimator> logFlow;
  private final Optional<Estimator> prior;
  private final Optional<Estimator> logZEstimator;
  private final Map<String, Estimator> extraOutputs;
  private final boolean learnsLogZ;
  private final INDArray logZ;
  private final INDArray logZGradient;

  private GFlowNet(Builder builder) {
    this.environment = builder.environment;
    this.reward = builder.reward;
    this.forwardPolicy = builder.forwardPolicy;
    this.backwardPolicy = builder.backwardPolicy;
    this.logFlow = builder.logFlow;
    this.prior = builder.prior;
    this.logZEstimator = builder.logZEstimator;
    this.extraOutputs = Map.copyOf(builder.extraOutputs);
    this.learnsLogZ = builder.learnsLogZ || logZEstimator.isPresent();
    this.logZ = Nd4j.zeros(builder.logZType, 1);
    this.logZGradient = Nd4j.zeros(builder.logZType, 1);
    int inputs = Features.width(environment);
    checkShape(forwardPolicy, "forward policy", inputs, environment.forwardHead().outputDim());
    backwardPolicy.ifPresent(pb -> checkShape(pb, "backward policy", inputs, environment.backwardHead().outputDim()));
    logFlow.ifPresent(f -> checkShape(f, "state flow", inputs, 1));
    prior.ifPresent(p -> checkShape(p, "prior policy", inputs, environment.forwardHead().outputDim()));
    logZEstimator.ifPresent(z -> checkShape(z, "log Z estimator", environment.conditionDim(), 1));
    extraOutputs.forEach((key, estimator) -> checkShape(estimator, "output '" + key + "'", inputs,
        estimator.outputDim()));
    if (logZEstimator.isPresent() && environment.conditionDim() == 0) {
      throw new IllegalArgumentException("a log Z estimator reads the condition, but environment '"
          + environment.name() + "' is unconditional");
    }
    logZ.putScalar(0, builder.initialLogZ);
  }

  /** A model over {@code environment} with PF only; add the other parts with the builder. */
  public static Builder builder(StepEnvironment<?, ?> environment, RewardFunction reward, Estimator forwardPolicy) {
    return new Builder(environment, reward, forwardPolicy);
  }

  /**
   * @param environment the environment
   * @param reward the reward in force (the environment's own or a replacement)
   * @param forwardPolicy features to the forward head's outputs
   * @param backwardPolicy features to the backward head's outputs, if the objective uses PB
   * @param logFlow features to one log state flow, if the objective uses log F
   * @param prior a frozen forward policy, if the objective compares with one
   * @param learnsLogZ whether log Z is a trained parameter
   * @param initialLogZ starting value of log Z
   */
  public GFlowNet(StepEnvironment<?, ?> environment, RewardFunction reward, Estimator forwardPolicy,
      Optional<Estimator> backwardPolicy, Optional<Estimator> logFlow, Optional<Estimator> prior, boolean learnsLogZ,
      double initialLogZ) {
    this(builder(environment, reward, forwardPolicy).backwardPolicy(backwardPolicy).logFlow(logFlow).prior(prior)
        .learnsLogZ(learnsLogZ).initialLogZ(initialLogZ));
  }

  /** A trajectory-balance style model: PF, PB and a learned log Z. */
  public GFlowNet(StepEnvironment<?, ?> environment, RewardFunction reward, Estimator forwardPolicy,
      Estimator backwardPolicy, double initialLogZ) {
    this(environment, reward, forwardPolicy, Optional.of(backwardPolicy), Optional.empty(), Optional.empty(), true,
        initialLogZ);
  }

  private void checkShape(Estimator estimator, String role, int inputs, int outputs) {
    if (estimator.inputDim() != inputs || estimator.outputDim() != outputs) {
      throw new IllegalArgumentException(role + " " + estimator.describe() + " maps " + estimator.inputDim()
          + " -> " + estimator.outputDim() + " but environment '" + environment.name() + "' needs " + inputs
          + " -> " + outputs);
    }
  }

  /** The environment. */
  public StepEnvironment<?, ?> environment() {
    return environment;
  }

  /** The reward in force. */
  public RewardFunction reward() {
    return reward;
  }

  /** PF. */
  public Estimator forwardPolicy() {
    return forwardPolicy;
  }

  /** PB, when the objective uses one. */
  public Optional<Estimator> backwardPolicy() {
    return backwardPolicy;
  }

  /** The log state flow estimator, when the objective uses one. */
  public Optional<Estimator> logFlow() {
    return logFlow;
  }

  /** The frozen prior policy, when the objective uses one. */
  public Optional<Estimator> prior() {
    return prior;
  }

  /** The estimator of log Z(c) from the condition, for a conditional run; empty for a scalar log Z. */
  public Optional<Estimator> logZEstimator() {
    return logZEstimator;
  }

  /** Extra estimator outputs an objective asked for, by term key. */
  public Map<String, Estimator> extraOutputs() {
    return extraOutputs;
  }

  /** Whether log Z is trained (as a scalar or as an estimator). */
  public boolean learnsLogZ() {
    return learnsLogZ;
  }

  /** The current scalar log Z estimate (0 when it is not learned, or learned by an estimator of the condition). */
  public double logZ() {
    return logZ.getDouble(0);
  }

  /**
   * The learned log Z at each row of {@code conditions}: the log Z estimator's output, or the scalar log Z
   * repeated for an unconditional model.
   */
  public double[] logZ(Conditions conditions) {
    if (logZEstimator.isEmpty()) {
      double[] values = new double[conditions.rows()];
      java.util.Arrays.fill(values, logZ());
      return values;
    }
    return logZEstimator.get().predict(Features.of(conditions), conditions.rows());
  }

  /** Sets the scalar log Z (when loading a checkpoint). */
  public void setLogZ(double value) {
    logZ.putScalar(0, value);
  }

  /** The scalar log Z as a one-element parameter buffer. */
  public INDArray logZParameter() {
    return logZ;
  }

  /** The gradient buffer of {@link #logZParameter()}. */
  public INDArray logZGradient() {
    return logZGradient;
  }

  /**
   * The trained estimators by role ("pf", "pb", "log_f", "log_z" for an estimator of the condition, then each extra
   * output's key), each distinct parameter buffer once.
   */
  public Map<String, Estimator> trainedEstimators() {
    Map<String, Estimator> byRole = new LinkedHashMap<>();
    Map<INDArray, Boolean> seen = new IdentityHashMap<>();
    seen.put(forwardPolicy.parameters(), true);
    byRole.put("pf", forwardPolicy);
    backwardPolicy.filter(pb -> seen.put(pb.parameters(), true) == null).ifPresent(pb -> byRole.put("pb", pb));
    logFlow.filter(f -> seen.put(f.parameters(), true) == null).ifPresent(f -> byRole.put("log_f", f));
    logZEstimator.ifPresent(z -> byRole.put("log_z", z));
    extraOutputs.keySet().stream().sorted().forEach(key -> byRole.put(key, extraOutputs.get(key)));
    return byRole;
  }

  /**
   * The optimiser's parameter groups: each trained buffer at {@code learningRate}, log Z (scalar or estimator) at
   * its own rate.
   */
  public List<ParameterGroup> parameterGroups(double learningRate, double logZLearningRate, double weightDecay) {
    List<ParameterGroup> groups = new ArrayList<>();
    trainedEstimators().forEach((role, estimator) -> {
      boolean logZRole = role.equals("log_z");
      groups.add(new ParameterGroup(role, estimator.parameters(), estimator.gradients(),
          logZRole ? logZLearningRate : learningRate, logZRole ? 0 : weightDecay));
    });
    if (learnsLogZ && logZEstimator.isEmpty()) {
      groups.add(new ParameterGroup("log_z", logZ, logZGradient, logZLearningRate, 0));
    }
    return groups;
  }

  /** Named parameter buffers to save: every trained buffer once, and the scalar log Z unless an estimator has it. */
  public Map<String, INDArray> parameterBlocks() {
    Map<String, INDArray> blocks = new LinkedHashMap<>();
    trainedEstimators().forEach((role, estimator) -> blocks.put(role, estimator.parameters()));
    blocks.putIfAbsent("log_z", logZ);
    return blocks;
  }

  /** Zeroes every gradient buffer (each shared buffer once). */
  public void zeroGradients() {
    trainedEstimators().values().forEach(Estimator::zeroGradients);
    Nd4jBackend.zero(logZGradient);
  }

  /** Builds a {@link GFlowNet}: PF is required, every other part optional. */
  public static final class Builder {
    private final StepEnvironment<?, ?> environment;
    private final RewardFunction reward;
    private final Estimator forwardPolicy;
    private Optional<Estimator> backwardPolicy = Optional.empty();
    private Optional<Estimator> logFlow = Optional.empty();
    private Optional<Estimator> prior = Optional.empty();
    private Optional<Estimator> logZEstimator = Optional.empty();
    private final Map<String, Estimator> extraOutputs = new LinkedHashMap<>();
    private boolean learnsLogZ;
    private double initialLogZ;
    private DataType logZType = DataType.FLOAT;

    private Builder(StepEnvironment<?, ?> environment, RewardFunction reward, Estimator forwardPolicy) {
      this.environment = requireNonNull(environment, "environment is null");
      this.reward = requireNonNull(reward, "reward is null");
      this.forwardPolicy = requireNonNull(forwardPolicy, "forwardPolicy is null");
    }

    /** PB, if the objective uses one. */
    public Builder backwardPolicy(Optional<Estimator> value) {
      this.backwardPolicy = requireNonNull(value, "backwardPolicy is null");
      return this;
    }

    /** The state flow, if the objective uses one. */
    public Builder logFlow(Optional<Estimator> value) {
      this.logFlow = requireNonNull(value, "logFlow is null");
      return this;
    }

    /** A frozen prior PF, if the objective compares with one. */
    public Builder prior(Optional<Estimator> value) {
      this.prior = requireNonNull(value, "prior is null");
      return this;
    }

    /** Whether a scalar log Z is trained. */
    public Builder learnsLogZ(boolean value) {
      this.learnsLogZ = value;
      return this;
    }

    /** The scalar log Z's starting value. */
    public Builder initialLogZ(double value) {
      this.initialLogZ = value;
      return this;
    }

    /** The scalar log Z's numeric type ({@code FLOAT} by default). */
    public Builder logZType(DataType value) {
      this.logZType = requireNonNull(value, "logZType is null");
      return this;
    }

    /** An estimator of log Z(c) from the condition (conditional runs), instead of a scalar. */
    public Builder logZEstimator(Optional<Estimator> value) {
      this.logZEstimator = requireNonNull(value, "logZEstimator is null");
      return this;
    }

    /** An extra estimator output an objective asked for under {@code key}. */
    public Builder extraOutput(String key, Estimator estimator) {
      extraOutputs.put(requireNonNull(key, "key is null"), requireNonNull(estimator, "estimator is null"));
      return this;
    }

    /** The model. */
    public GFlowNet build() {
      return new GFlowNet(this);
    }
  }
}
