package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.reward.RewardFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GFlowNet's learnable parts for one environment: the forward policy PF, the backward policy PB and the log
 * partition function log Z, with the reward they are trained against.
 */
public final class GFlowNet {
  private final DiscreteEnvironment environment;
  private final RewardFunction reward;
  private final Estimator forwardPolicy;
  private final Estimator backwardPolicy;
  private final INDArray logZ = Nd4j.zeros(DataType.FLOAT, 1);
  private final INDArray logZGradient = Nd4j.zeros(DataType.FLOAT, 1);

  /**
   * @param environment the environment
   * @param reward the reward in force (the environment's own or a replacement)
   * @param forwardPolicy encoded states to {@code actionCount()} logits
   * @param backwardPolicy encoded states to {@code actionCount() - 1} logits
   * @param initialLogZ starting value of log Z
   */
  public GFlowNet(DiscreteEnvironment environment, RewardFunction reward, Estimator forwardPolicy,
      Estimator backwardPolicy, double initialLogZ) {
    this.environment = requireNonNull(environment, "environment is null");
    this.reward = requireNonNull(reward, "reward is null");
    this.forwardPolicy = requireNonNull(forwardPolicy, "forwardPolicy is null");
    this.backwardPolicy = requireNonNull(backwardPolicy, "backwardPolicy is null");
    checkShape(forwardPolicy, "forward policy", environment.actionCount());
    checkShape(backwardPolicy, "backward policy", environment.actionCount() - 1);
    logZ.putScalar(0, initialLogZ);
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

  /** PB. */
  public Estimator backwardPolicy() {
    return backwardPolicy;
  }

  /** The current log Z estimate. */
  public double logZ() {
    return logZ.getDouble(0);
  }

  /** Sets log Z (when loading a checkpoint). */
  public void setLogZ(double value) {
    logZ.putScalar(0, value);
  }

  /** log Z as a one-element parameter buffer, for the optimiser. */
  public INDArray logZParameter() {
    return logZ;
  }

  /** The gradient buffer of {@link #logZParameter()}. */
  public INDArray logZGradient() {
    return logZGradient;
  }

  /** Zeroes every gradient buffer. */
  public void zeroGradients() {
    forwardPolicy.zeroGradients();
    backwardPolicy.zeroGradients();
    logZGradient.assign(0);
  }
}
