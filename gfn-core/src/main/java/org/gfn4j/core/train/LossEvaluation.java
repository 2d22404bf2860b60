package org.gfn4j.core.train;

/**
 * A loss computed by {@link GradientEvaluator}, with the time its phases took (nanoseconds).
 *
 * @param loss the objective's loss
 * @param forwardNanos estimator forward passes and log-softmax
 * @param objectiveNanos the objective itself
 * @param backwardNanos back-propagation into the gradient buffers
 */
public record LossEvaluation(double loss, long forwardNanos, long objectiveNanos, long backwardNanos) {}
