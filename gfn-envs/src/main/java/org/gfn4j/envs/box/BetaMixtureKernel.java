package org.gfn4j.envs.box;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;
import org.gfn4j.api.math.LogSumExp;
import org.gfn4j.api.policy.Exploration;

/**
 * The distribution both box heads share, after torchgfn's {@code BoxCartesianDistribution} and
 * {@code BoxCartesianPBDistribution} (src/gfn/gym/helpers/box_cartesian_utils.py): a stop option (the exit
 * forwards, back-to-source backwards) chosen with probability {@code sigmoid(z)}, else a move whose coordinate
 * {@code d} is {@code lo[d] + r[d] * range[d]} with {@code r[d]} drawn from a mixture of {@code K} Betas.
 *
 * <p>Output layout of a row ({@code 1 + 6K} reals, torchgfn's order): index 0 the stop logit {@code z}; index
 * {@code 1 + d*K + k} the mixture logit of component {@code k} of coordinate {@code d}; {@code 1 + 2K + d*K + k}
 * the raw alpha and {@code 1 + 4K + d*K + k} the raw beta, mapped to concentrations
 * {@code min + (max - min) * sigmoid(raw)}. The move density is with respect to Lebesgue measure on the action
 * box, {@code prod_d mixture_d(r_d) / range_d}; {@code r} is clamped to {@code [1e-10, 1 - 1e-10]} before the
 * Beta densities are evaluated (torchgfn clamps to {@code [1e-6, 1 - 1e-6]}).
 *
 * <p>Exploration: the stop logit becomes {@code (z - exitBias) / temperature} and the mixture logits are divided
 * by {@code temperature} (torchgfn's temperature; the concentrations are unchanged); then, with weight
 * {@code epsilon}, the whole action is drawn instead from the uniform policy, which stops with probability 1/2
 * where stopping is optional and moves uniformly over the action box.
 */
final class BetaMixtureKernel {
  /** Whether the stop option is forbidden, a choice or the only possibility at a row's state. */
  enum Stop {
    FORBIDDEN, OPTIONAL, FORCED
  }

  /** The clamp applied to the relative increments {@code r} before the Beta densities are evaluated. */
  static final double R_EPSILON = 1e-10;

  private static final int DIM = 2;

  private final int components;
  private final double minConcentration;
  private final double maxConcentration;

  BetaMixtureKernel(int components, double minConcentration, double maxConcentration) {
    this.components = components;
    this.minConcentration = minConcentration;
    this.maxConcentration = maxConcentration;
  }

  /** Number of outputs one row reads. */
  int outputDim() {
    return 1 + 3 * DIM * components;
  }

  /** The parameters of one row under an exploration. */
  private final class Decoded {
    final double z;
    final double[][] logWeights = new double[DIM][components];
    final double[][] alpha = new double[DIM][components];
    final double[][] beta = new double[DIM][components];
    final double[][] alphaSlope = new double[DIM][components];
    final double[][] betaSlope = new double[DIM][components];
    final double temperature;

    Decoded(double[] outputs, int offset, Exploration exploration, Supplier<String> where) {
      int width = outputDim();
      for (int j = 0; j < width; j++) {
        if (!Double.isFinite(outputs[offset + j])) {
          throw new IllegalArgumentException("output " + j + " (" + describe(j) + ") is " + outputs[offset + j]
              + ", expected a finite value, " + where.get());
        }
      }
      temperature = exploration.temperature();
      z = (outputs[offset] - exploration.exitBias()) / temperature;
      double spread = maxConcentration - minConcentration;
      for (int d = 0; d < DIM; d++) {
        for (int k = 0; k < components; k++) {
          logWeights[d][k] = outputs[offset + 1 + d * components + k] / temperature;
        }
        double logNorm = LogSumExp.of(logWeights[d]);
        for (int k = 0; k < components; k++) {
          logWeights[d][k] -= logNorm;
          double sa = sigmoid(outputs[offset + 1 + DIM * components + d * components + k]);
          double sb = sigmoid(outputs[offset + 1 + 2 * DIM * components + d * components + k]);
          alpha[d][k] = minConcentration + spread * sa;
          beta[d][k] = minConcentration + spread * sb;
          alphaSlope[d][k] = spread * sa * (1 - sa);
          betaSlope[d][k] = spread * sb * (1 - sb);
          if (!(alpha[d][k] > 0) || !(beta[d][k] > 0) || Double.isInfinite(alpha[d][k] + beta[d][k])) {
            throw new IllegalArgumentException("component " + k + " of coordinate " + d + " has concentrations "
                + alpha[d][k] + " and " + beta[d][k] + ", expected positive finite values, " + where.get());
          }
        }
      }
    }
  }

  private String describe(int j) {
    int block = DIM * components;
    if (j == 0) {
      return "stop logit";
    }
    String[] kinds = {"mixture logit", "raw alpha", "raw beta"};
    int inBlock = (j - 1) % block;
    return kinds[(j - 1) / block] + " of component " + inBlock % components + " of coordinate "
        + inBlock / components;
  }

  /**
   * The log-probability of one row's action under the explored distribution, optionally adding its gradient with
   * respect to the row's outputs to {@code gradient} (only for {@code epsilon == 0}).
   *
   * @param stopChosen whether the action is the stop option
   * @param action the move (ignored when {@code stopChosen})
   * @param gradient {@code null}, or the array to add the gradient into, at {@code offset}
   */
  double logProbability(double[] outputs, int offset, Exploration exploration, Stop stop, boolean stopChosen,
      double[] lo, double[] range, double[] action, double[] gradient, Supplier<String> where) {
    Decoded p = new Decoded(outputs, offset, exploration, where);
    double epsilon = exploration.epsilon();
    if (gradient != null && epsilon != 0) {
      throw new IllegalStateException("gradients are only computed without epsilon-mixing");
    }
    if (stopChosen) {
      return switch (stop) {
        case FORCED -> 0.0;
        case FORBIDDEN -> throw new IllegalArgumentException("stopping is forbidden, " + where.get());
        case OPTIONAL -> {
          if (gradient != null) {
            gradient[offset] += (1 - sigmoid(p.z)) / p.temperature;
          }
          yield epsilon == 0 ? logSigmoid(p.z)
              : Math.log((1 - epsilon) * Math.exp(logSigmoid(p.z)) + epsilon / 2);
        }
      };
    }
    if (stop == Stop.FORCED) {
      throw new IllegalArgumentException("only the stop option is possible, " + where.get());
    }
    double logVolume = 0;
    double logMove = 0;
    for (int d = 0; d < DIM; d++) {
      logVolume += Math.log(range[d]);
      double r = Math.min(Math.max((action[d] - lo[d]) / range[d], R_EPSILON), 1 - R_EPSILON);
      logMove += mixtureLogDensity(p, d, r, gradient, offset);
    }
    logMove -= logVolume;
    double logUniform = -logVolume;
    if (stop == Stop.OPTIONAL) {
      logMove += logSigmoid(-p.z);
      logUniform += Math.log(0.5);
      if (gradient != null) {
        gradient[offset] -= sigmoid(p.z) / p.temperature;
      }
    }
    if (epsilon == 0) {
      return logMove;
    }
    return logAddExp(Math.log1p(-epsilon) + logMove, Math.log(epsilon) + logUniform);
  }

  /** Coordinate {@code d}'s mixture log-density at {@code r}, adding its gradient when asked. */
  private double mixtureLogDensity(Decoded p, int d, double r, double[] gradient, int offset) {
    double logR = Math.log(r);
    double log1mR = Math.log1p(-r);
    double[] terms = new double[components];
    for (int k = 0; k < components; k++) {
      double a = p.alpha[d][k];
      double b = p.beta[d][k];
      double logBeta = Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b);
      terms[k] = p.logWeights[d][k] + (a - 1) * logR + (b - 1) * log1mR - logBeta;
    }
    double value = LogSumExp.of(terms);
    if (gradient != null) {
      for (int k = 0; k < components; k++) {
        double a = p.alpha[d][k];
        double b = p.beta[d][k];
        double responsibility = Math.exp(terms[k] - value);
        double weight = Math.exp(p.logWeights[d][k]);
        double digammaSum = Gamma.digamma(a + b);
        int at = offset + 1 + d * components + k;
        gradient[at] += (responsibility - weight) / p.temperature;
        gradient[at + DIM * components] += responsibility * (logR - Gamma.digamma(a) + digammaSum)
            * p.alphaSlope[d][k];
        gradient[at + 2 * DIM * components] += responsibility * (log1mR - Gamma.digamma(b) + digammaSum)
            * p.betaSlope[d][k];
      }
    }
    return value;
  }

  /**
   * Draws one row's action from the explored distribution: returns whether it is the stop option, and otherwise
   * writes the move into {@code action}.
   */
  boolean sample(double[] outputs, int offset, Exploration exploration, Stop stop, double[] lo, double[] range,
      RandomGenerator random, double[] action, Supplier<String> where) {
    Decoded p = new Decoded(outputs, offset, exploration, where);
    if (stop == Stop.FORCED) {
      return true;
    }
    boolean uniform = exploration.epsilon() > 0 && random.nextDouble() < exploration.epsilon();
    if (stop == Stop.OPTIONAL) {
      double stopProbability = uniform ? 0.5 : sigmoid(p.z);
      if (random.nextDouble() < stopProbability) {
        return true;
      }
    }
    for (int d = 0; d < DIM; d++) {
      double r;
      if (uniform) {
        r = random.nextDouble();
      } else {
        double u = random.nextDouble();
        int chosen = components - 1;
        double cumulative = 0;
        for (int k = 0; k < components; k++) {
          cumulative += Math.exp(p.logWeights[d][k]);
          if (u < cumulative) {
            chosen = k;
            break;
          }
        }
        r = RandomVariates.beta(p.alpha[d][chosen], p.beta[d][chosen], random);
      }
      r = Math.min(Math.max(r, R_EPSILON), 1 - R_EPSILON);
      action[d] = Math.min(lo[d] + r * range[d], lo[d] + range[d]);
    }
    return false;
  }

  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  static double logSigmoid(double x) {
    return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
  }

  private static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double max = Math.max(a, b);
    return max + Math.log1p(Math.exp(-Math.abs(a - b)));
  }
}
