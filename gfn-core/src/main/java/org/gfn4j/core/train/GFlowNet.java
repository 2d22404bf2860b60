package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.optim.ParameterGroup;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GFlowNet's parts for one environment: the forward policy PF and, as its objective needs them, the backward
 * policy PB, the state flow log F, the learned log partition function log Z and a frozen prior policy, with the
 * reward they are trained against. Estimators may share one parameter buffer (a tied trunk); every buffer is
 * then optimised, zeroed and saved once.
 */
public final class GFlowNet {
  private final DiscreteEnvironment environment;
  private final RewardFunction reward;
  private final Estimator forwardPolicy;
  private final Optional<Estimator> backwardPolicy;
  private final Optional<Estimator> logFlow;
  private final Optional<Estimator> prior;
  private final boolean learnsLogZ;
  private final INDArray logZ = Nd4j.zeros(DataType.FLOAT, 1);
  private final INDArray logZGradient = Nd4j.zeros(DataType.FLOAT, 1);

  /**
   * @param environment the environment
   * @param reward the reward in force (the environment's own or a replacement)
   * @param forwardPolicy encoded states to {@code actionCount()} logits
   * @param backwardPolicy encoded states to {@code actionCount() - 1} logits, if the objective uses PB
   * @param logFlow encoded states to one log state flow, if the objective uses log F
   * @param prior a frozen forward policy, if the objective compares with one
   * @param learnsLogZ whether log Z is a trained parameter
   * @param initialLogZ starting value of log Z
   */
  public GFlowNet(DiscreteEnvironment environment, RewardFunction reward, Estimator forwardPolicy,
      Optional<Estimator> backwardPolicy, Optional<Estimator> logFlow, Optional<Estimator> prior, boolean learnsLogZ,
      double initialLogZ) {
    this.environment = requireNonNull(environment, "environment is null");
    this.reward = requireNonNull(reward, "reward is null");
    this.forwardPolicy = requireNonNull(forwardPolicy, "forwardPolicy is null");
    this.backwardPolicy = requireNonNull(backwardPolicy, "backwardPolicy is null");
    this.logFlow = requireNonNull(logFlow, "logFlow is null");
    this.prior = requireNonNull(prior, "prior is null");
    this.learnsLogZ = learnsLogZ;
    checkShape(forwardPolicy, "forward policy", environment.actionCount());
    backwardPolicy.ifPresent(pb -> checkShape(pb, "backward policy", environment.actionCount() - 1));
    logFlow.ifPresent(f -> checkShape(f, "state flow", 1));
    prior.ifPresent(p -> checkShape(p, "prior policy", environment.actionCount()));
    logZ.putScalar(0, initialLogZ);
  }

  /** A trajectory-balance style model: PF, PB and a learned log Z. */
  public GFlowNet(DiscreteEnvironment environment, RewardFunction reward, Estimator forwardPolicy,
      Estimator backwardPolicy, double initialLogZ) {
    this(environment, reward, forwardPolicy, Optional.of(backwardPolicy), Optional.empty(), Optional.empty(), true,
        initialLogZ);
  }

  private void checkShape(Estimator estimator, String role, int outputs) {
    if (estimator.inputDim() != environment.encodingDim() || estimator.outputDim() != outputs) {
      throw new IllegalArgumentException(role + " " + estimator.describe() + " maps " + estimator.inputDim()
          + " -> " + estimator.outputDim() + " but environment '" + environment.name() + "' needs "
          + environment.encodingDim() + " -> " + outputs);
    }
  }

  /** The environment. */
  public DiscreteEnvironment environment() {
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

  /** Whether log Z is trained. */
  public boolean learnsLogZ() {
    return learnsLogZ;
  }

  /** The current log Z estimate (0 when it is not learned). */
  public double logZ() {
    return logZ.getDouble(0);
  }

  /** Sets log Z (when loading a checkpoint). */
  public void setLogZ(double value) {
    logZ.putScalar(0, value);
  }

  /** log Z as a one-element parameter buffer. */
  public INDArray logZParameter() {
    return logZ;
  }

  /** The gradient buffer of {@link #logZParameter()}. */
  public INDArray logZGradient() {
    return logZGradient;
  }

  /** The trained estimators by role ("pf", "pb", "log_f"), each distinct parameter buffer once. */
  public Map<String, Estimator> trainedEstimators() {
    Map<String, Estimator> byRole = new LinkedHashMap<>();
    Map<INDArray, Boolean> seen = new IdentityHashMap<>();
    seen.put(forwardPolicy.parameters(), true);
    byRole.put("pf", forwardPolicy);
    backwardPolicy.filter(pb -> seen.put(pb.parameters(), true) == null).ifPresent(pb -> byRole.put("pb", pb));
    logFlow.filter(f -> seen.put(f.parameters(), true) == null).ifPresent(f -> byRole.put("log_f", f));
    return byRole;
  }

  /** The optimiser's parameter groups: each trained buffer at {@code learningRate}, log Z at its own rate. */
  public List<ParameterGroup> parameterGroups(double learningRate, double logZLearningRate, double weightDecay) {
    List<ParameterGroup> groups = new ArrayList<>();
    trainedEstimators().forEach((role, estimator) -> groups.add(new ParameterGroup(role, estimator.parameters(),
        estimator.gradients(), learningRate, weightDecay)));
    if (learnsLogZ) {
      groups.add(new ParameterGroup("log_z", logZ, logZGradient, logZLearningRate, 0));
    }
    return groups;
  }

  /** Named parameter buffers to save: every trained buffer once, and log Z. */
  public Map<String, INDArray> parameterBlocks() {
    Map<String, INDArray> blocks = new LinkedHashMap<>();
    trainedEstimators().forEach((role, estimator) -> blocks.put(role, estimator.parameters()));
    blocks.put("log_z", logZ);
    return blocks;
  }

  /** Zeroes every gradient buffer (each shared buffer once). */
  public void zeroGradients() {
    trainedEstimators().values().forEach(Estimator::zeroGradients);
    logZGradient.assign(0);
  }
}
