package org.gfn4j.envs.box;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;

/**
 * The forward policy of {@link Box}, after torchgfn's {@code BoxCartesianPFEstimator} and
 * {@code BoxCartesianDistribution} (src/gfn/gym/helpers/box_cartesian_utils.py); {@code 1 + 6K} outputs: index 0
 * the exit logit {@code z}, {@code 1 + d*K + k} the mixture logit, {@code 1 + 2K + d*K + k} the raw alpha and
 * {@code 1 + 4K + d*K + k} the raw beta of component {@code k} of coordinate {@code d}, concentrations being
 * {@code min + (max - min) * sigmoid(raw)}.
 *
 * <p>At s0 the exit is impossible (no exit term) and the increment is {@code r} itself ({@code lo = 0},
 * {@code range = 1}); at a state where some coordinate is at least {@code 1 - delta} the exit is forced
 * (log-probability 0; torchgfn scores it {@code log sigmoid(z)}, which its sampler does not follow); elsewhere
 * the exit has probability {@code sigmoid(z)} and a move {@code a_d = delta + r_d (1 - s_d - delta)} has
 * log-density {@code log sigmoid(-z) + sum_d [log mixture_d(r_d) - log(1 - s_d - delta)]}. Exploration: the
 * exit logit becomes {@code (z - exitBias) / temperature}, the mixture logits are divided by the temperature,
 * and with weight {@code epsilon} the action is drawn from the uniform policy (stop with probability 1/2 where
 * optional, else uniform over the box).
 */
public final class BoxForwardHead implements PolicyHead<ContinuousStates, VectorActions> {
  private final Box box;
  private final BetaMixtureKernel kernel;

  BoxForwardHead(Box box, BetaMixtureKernel kernel) {
    this.box = box;
    this.kernel = kernel;
  }

  @Override
  public String name() {
    return "box-forward-beta-mixture";
  }

  @Override
  public int outputDim() {
    return kernel.outputDim();
  }

  /** The stop regime of a row, filling its increment box. */
  private BetaMixtureKernel.Stop regime(ContinuousStates states, int row, double[] lo, double[] range) {
    if (states.isInitial(row)) {
      lo[0] = 0;
      lo[1] = 0;
      range[0] = 1;
      range[1] = 1;
      return BetaMixtureKernel.Stop.FORBIDDEN;
    }
    if (box.exitForced(states, row)) {
      return BetaMixtureKernel.Stop.FORCED;
    }
    for (int d = 0; d < 2; d++) {
      lo[d] = box.delta();
      range[d] = 1 - states.get(row, d) - box.delta();
    }
    return BetaMixtureKernel.Stop.OPTIONAL;
  }

  @Override
  public SampledActions<VectorActions> sample(ContinuousStates states, double[] outputs, Exploration exploration,
      RandomGenerator random) {
    requireNonNull(exploration, "exploration is null");
    requireNonNull(random, "random is null");
    checkOutputs(states, outputs);
    int rows = states.size();
    double[] values = new double[rows * 2];
    boolean[] exits = new boolean[rows];
    double[] logProbabilities = new double[rows];
    double[] lo = new double[2];
    double[] range = new double[2];
    double[] action = new double[2];
    for (int row = 0; row < rows; row++) {
      BetaMixtureKernel.Stop stop = regime(states, row, lo, range);
      Supplier<String> where = where(states, row);
      int offset = row * outputDim();
      exits[row] = kernel.sample(outputs, offset, exploration, stop, lo, range, random, action, where);
      if (!exits[row]) {
        values[row * 2] = action[0];
        values[row * 2 + 1] = action[1];
      }
      logProbabilities[row] = kernel.logProbability(outputs, offset, exploration, stop, exits[row], lo, range,
          action, null, where);
    }
    return new SampledActions<>(new VectorActions(2, values, exits), logProbabilities);
  }

  @Override
  public LogProbabilities logProbabilities(ContinuousStates states, double[] outputs, VectorActions actions) {
    requireNonNull(actions, "actions is null");
    checkOutputs(states, outputs);
    int rows = states.size();
    if (actions.size() != rows || actions.dim() != 2) {
      throw new IllegalArgumentException("head '" + name() + "': " + actions.size() + " actions of width "
          + actions.dim() + " for " + rows + " states");
    }
    double[] values = new double[rows];
    double[] gradients = new double[rows * outputDim()];
    double[] lo = new double[2];
    double[] range = new double[2];
    for (int row = 0; row < rows; row++) {
      BetaMixtureKernel.Stop stop = regime(states, row, lo, range);
      Supplier<String> where = where(states, row);
      boolean exit = actions.isExit(row);
      double[] action = actions.row(row);
      if (!exit && stop != BetaMixtureKernel.Stop.FORCED) {
        for (int d = 0; d < 2; d++) {
          if (!(action[d] >= lo[d] - box.epsilon() && action[d] <= lo[d] + range[d] + box.epsilon())) {
            throw new IllegalArgumentException("action " + actions.format(row) + " is outside the support ["
                + lo[d] + ", " + (lo[d] + range[d]) + "] at coordinate " + d + ", " + where.get());
          }
        }
      }
      values[row] = kernel.logProbability(outputs, row * outputDim(), Exploration.NONE, stop, exit, lo, range,
          action, gradients, where);
    }
    return new RowLogProbabilities(values, gradients, outputDim());
  }

  private void checkOutputs(ContinuousStates states, double[] outputs) {
    requireNonNull(states, "states is null");
    requireNonNull(outputs, "outputs is null");
    box.own(states);
    if (outputs.length != states.size() * outputDim()) {
      throw new IllegalArgumentException("head '" + name() + "': " + outputs.length + " outputs for "
          + states.size() + " states of " + outputDim() + " outputs each");
    }
  }

  private Supplier<String> where(ContinuousStates states, int row) {
    return () -> "at row " + row + " of " + states.size() + ", state " + states.format(row) + ", head '" + name()
        + "' of environment 'box'";
  }
}
