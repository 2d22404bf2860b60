package org.gfn4j.losses.subtb;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.math.LogSumExp;

/**
 * The weight of each sub-trajectory of one batch under a {@link Weighting}, as {@link SubTrajectoryBalance}
 * documents it. Call {@link #startTrajectory} before asking for the weights of a trajectory's sub-trajectories.
 * Geometric weights are computed in log space, so any positive lambda works (lambda = 1 is the uniform limit).
 */
final class SubTrajectoryWeights {
  private final Weighting weighting;
  private final double logLambda;
  private final int trajectories;
  private final int transitions;
  private final double subTrajectories;
  /** GEOMETRIC: the weight of one sub-trajectory of each length (index: length), already divided by its count. */
  private final double[] geometric;
  private int length;
  private double logNormaliser;

  SubTrajectoryWeights(Weighting weighting, double lambda, Trajectories batch) {
    this.weighting = weighting;
    this.logLambda = Math.log(lambda);
    this.trajectories = batch.count();
    this.transitions = batch.transitionCount();
    int maxLength = 0;
    double subs = 0;
    for (int i = 0; i < trajectories; i++) {
      int n = batch.length(i);
      maxLength = Math.max(maxLength, n);
      subs += n * (n + 1.0) / 2;
    }
    this.subTrajectories = subs;
    this.geometric = weighting == Weighting.GEOMETRIC ? geometricWeights(batch, maxLength) : null;
  }

  /** Prepares for the sub-trajectories of a trajectory of {@code n} transitions (the exit included). */
  void startTrajectory(int n) {
    length = n;
    if (weighting == Weighting.GEOMETRIC_WITHIN) {
      // log of sum over sub-trajectories of lambda^(l-1): n - l + 1 of them have length l
      double[] terms = new double[n];
      for (int l = 1; l <= n; l++) {
        terms[l - 1] = Math.log(n - l + 1) + (l - 1) * logLambda;
      }
      logNormaliser = LogSumExp.of(terms);
    }
  }

  /** The weight of one sub-trajectory of {@code l} transitions in the current trajectory. */
  double weight(int l) {
    return switch (weighting) {
      case GEOMETRIC_WITHIN -> Math.exp((l - 1) * logLambda - logNormaliser) / trajectories;
      case GEOMETRIC -> geometric[l];
      case EQUAL -> 1 / subTrajectories;
      case EQUAL_WITHIN -> 2.0 / ((double) length * (length + 1)) / trajectories;
      case TB -> l == length ? 1.0 / trajectories : 0;
      case DB -> l == 1 ? 1.0 / transitions : 0;
      case MODIFIED_DB -> l == 1 ? 1.0 / length / trajectories : 0;
    };
  }

  private double[] geometricWeights(Trajectories batch, int maxLength) {
    double[] weights = new double[maxLength + 1];
    for (int i = 0; i < batch.count(); i++) {
      for (int l = 1; l <= batch.length(i); l++) {
        weights[l] += batch.length(i) - l + 1;
      }
    }
    double[] logLambdas = new double[maxLength];
    for (int l = 1; l <= maxLength; l++) {
      logLambdas[l - 1] = (l - 1) * logLambda;
    }
    double logTotal = LogSumExp.of(logLambdas);
    for (int l = 1; l <= maxLength; l++) {
      weights[l] = Math.exp((l - 1) * logLambda - logTotal) / weights[l];
    }
    return weights;
  }
}
