package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.Term;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.sampling.MaskedSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes an objective's loss on a batch of trajectories and leaves its gradient in the model's gradient
 * buffers: one batched forward pass of PF over every transition and of PB over every non-initial state, the
 * objective on plain arrays, then the chain rule through the masked log-softmax and the estimators.
 *
 * <p>This is the "evaluate" part of a training step, separate from sampling and from the optimiser step, so
 * that gradients can be computed where the samples are and aggregated elsewhere.
 */
public final class GradientEvaluator {
  private static final String WORKSPACE = "gfn4j-gradients";

  private final GFlowNet model;
  private final Objective objective;
  private final Set<Term> terms;

  /** Evaluates {@code objective} for {@code model}. */
  public GradientEvaluator(GFlowNet model, Objective objective) {
    this.model = requireNonNull(model, "model is null");
    this.objective = requireNonNull(objective, "objective is null");
    this.terms = objective.inputs();
  }

  /**
   * Zeroes the gradients, then computes the loss on {@code batch} and accumulates its gradient.
   *
   * @return the loss
   * @throws IllegalStateException if the loss is NaN or infinite
   */
  public double lossAndGradients(Trajectories batch) {
    model.zeroGradients();
    try (MemoryWorkspace scope = Nd4jBackend.scope(WORKSPACE)) {
      return lossAndGradientsInScope(batch);
    }
  }

  private double lossAndGradientsInScope(Trajectories batch) {
    int transitions = batch.transitionCount();
    Map<Term, double[]> values = new EnumMap<>(Term.class);
    PolicyTerm forward = terms.contains(Term.LOG_PF) ? forwardTerm(batch) : null;
    PolicyTerm backward = terms.contains(Term.LOG_PB) ? backwardTerm(batch) : null;
    if (forward != null) {
      values.put(Term.LOG_PF, forward.logProbOfAction);
    }
    if (backward != null) {
      values.put(Term.LOG_PB, backward.logProbOfAction);
    }
    if (terms.contains(Term.LOG_Z)) {
      values.put(Term.LOG_Z, new double[] {model.logZ()});
    }
    ObjectiveResult result = objective.evaluate(new ObjectiveInput(batch, values));
    if (!Double.isFinite(result.loss())) {
      throw new IllegalStateException("loss is " + result.loss() + "; log Z = " + model.logZ()
          + " (a learning rate too high, or a log-reward of -inf without log_reward_clip_min?)");
    }
    if (forward != null) {
      forward.backward(result.gradient(Term.LOG_PF, transitions));
    }
    if (backward != null) {
      backward.backward(result.gradient(Term.LOG_PB, transitions));
    }
    if (terms.contains(Term.LOG_Z)) {
      model.logZGradient().putScalar(0, result.gradient(Term.LOG_Z, 1)[0]);
    }
    return result.loss();
  }

  private PolicyTerm forwardTerm(Trajectories batch) {
    int transitions = batch.transitionCount();
    int[] rows = new int[transitions];
    int[] actions = new int[transitions];
    for (int t = 0; t < transitions; t++) {
      rows[t] = t;
      actions[t] = batch.action(t);
    }
    DiscreteStates states = batch.states();
    return new PolicyTerm(model.forwardPolicy(), states, states.forwardMasks(), rows, actions, transitions);
  }

  private PolicyTerm backwardTerm(Trajectories batch) {
    int transitions = batch.transitionCount();
    int count = transitions - batch.count();
    int[] rows = new int[count];
    int[] nextRows = new int[count];
    int[] actions = new int[count];
    for (int t = 0, k = 0; t < transitions; t++) {
      if (!batch.isExit(t)) {
        rows[k] = t;
        nextRows[k] = t + 1;
        actions[k++] = batch.action(t);
      }
    }
    DiscreteStates next = batch.states().select(nextRows);
    return new PolicyTerm(model.backwardPolicy(), next, next.backwardMasks(), rows, actions, transitions);
  }

  /**
   * Log-probabilities of chosen actions under one policy at some transitions, with the forward pass kept for
   * the backward one. Transitions not listed get log-probability 0 and no gradient.
   */
  private static final class PolicyTerm {
    private final ForwardPass pass;
    private final Masks masks;
    private final int[] transitionOfRow;
    private final int[] actions;
    private final double[] logProbs;
    private final double[] logProbOfAction;
    private final int width;

    PolicyTerm(Estimator estimator, DiscreteStates states, Masks masks, int[] transitionOfRow, int[] actions,
        int transitions) {
      this.masks = masks;
      this.transitionOfRow = transitionOfRow;
      this.actions = actions;
      this.width = masks.width();
      this.logProbOfAction = new double[transitions];
      int rows = states.size();
      DiscreteEnvironment environment = states.environment();
      DataType dataType = estimator.parameters().length() == 0 ? DataType.FLOAT : estimator.parameters().dataType();
      if (rows == 0) {
        pass = null;
        logProbs = new double[0];
        return;
      }
      float[] features = new float[rows * environment.encodingDim()];
      environment.encode(states, features);
      pass = estimator.forward(Nd4jBackend.matrix(features, rows, environment.encodingDim(), dataType));
      double[] logits = Nd4jBackend.toDoubles(pass.output());
      logProbs = new double[rows * width];
      double[] row = new double[width];
      for (int r = 0; r < rows; r++) {
        MaskedSoftmax.logProbabilities(logits, masks, r, 1.0, row);
        System.arraycopy(row, 0, logProbs, r * width, width);
        logProbOfAction[transitionOfRow[r]] = row[actions[r]];
      }
    }

    void backward(double[] gradientPerTransition) {
      int rows = transitionOfRow.length;
      if (rows == 0) {
        return;
      }
      double[] logitGradient = new double[rows * width];
      double[] row = new double[width];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(logProbs, r * width, row, 0, width);
        MaskedSoftmax.addLogProbabilityGradient(row, masks, r, actions[r], gradientPerTransition[transitionOfRow[r]],
            logitGradient);
      }
      INDArray output = pass.output();
      pass.backward(Nd4jBackend.matrix(logitGradient, rows, width, output.dataType()));
    }
  }
}
