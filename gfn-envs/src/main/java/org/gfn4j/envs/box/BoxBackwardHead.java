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
 * The backward policy of {@link Box}, after torchgfn's {@code BoxCartesianPBEstimator} and
 * {@code BoxCartesianPBDistribution} (src/gfn/gym/helpers/box_cartesian_utils.py); {@code 1 + 6K} outputs laid
 * out as in {@link BoxForwardHead}, output 0 being the back-to-source (BTS) logit {@code z}.
 *
 * <p>BTS is the action equal to the state (exactly; torchgfn matches within {@code delta / 2}). Where some
 * coordinate is at most {@code delta} it is the only action, with log-probability 0; elsewhere it has
 * probability {@code sigmoid(z)}, and a move {@code b_d = delta + r_d (s_d - delta)} has log-density
 * {@code log sigmoid(-z) + sum_d [log mixture_d(r_d) - log(s_d - delta)]}. s0 has no backward action.
 * Exploration:
 * the stop logit becomes {@code (z - exitBias) / temperature}, the mixture logits are divided by the
 * temperature, and with weight {@code epsilon} the action is drawn from the uniform policy (BTS with
 * probability 1/2 where optional, else uniform over the box), with {@code exitBias} lowering the BTS logit.
 */
public final class BoxBackwardHead implements PolicyHead<ContinuousStates, VectorActions> {
  private final Box box;
  private final BetaMixtureKernel kernel;

  BoxBackwardHead(Box box, BetaMixtureKernel kernel) {
    this.box = box;
    this.kernel = kernel;
  }

  @Override
  public String name() {
    return "box-backward-beta-mixture";
  }

  @Override
  public int outputDim() {
    return kernel.outputDim();
  }

  /** The BTS regime of a row, filling its decrement box. */
  private BetaMixtureKernel.Stop regime(ContinuousStates states, int row, double[] lo, double[] range) {
    if (states.isInitial(row)) {
      throw new IllegalArgumentException("s0 has no backward action, " + where(states, row).get());
    }
    if (box.backToSourceForced(states, row)) {
      return BetaMixtureKernel.Stop.FORCED;
    }
    for (int d = 0; d < 2; d++) {
      lo[d] = box.delta();
      range[d] = states.get(row, d) - box.delta();
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
    double[] logProbabilities = new double[rows];
    double[] lo = new double[2];
    double[] range = new double[2];
    double[] action = new double[2];
    for (int row = 0; row < rows; row++) {
      BetaMixtureKernel.Stop stop = regime(states, row, lo, range);
      Supplier<String> where = where(states, row);
      int offset = row * outputDim();
      boolean backToSource = kernel.sample(outputs, offset, exploration, stop, lo, range, random, action, where);
      if (backToSource) {
        action[0] = states.get(row, 0);
        action[1] = states.get(row, 1);
      }
      values[row * 2] = action[0];
      values[row * 2 + 1] = action[1];
      // classify as backwardStep and logProbabilities do (a move equal to the state counts as BTS)
      boolean asBts = action[0] == states.get(row, 0) && action[1] == states.get(row, 1);
      logProbabilities[row] = kernel.logProbability(outputs, offset, exploration, stop, asBts, lo, range, action,
          null, where);
    }
    return new SampledActions<>(new VectorActions(2, values, new boolean[rows]), logProbabilities);
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
      if (actions.isExit(row)) {
        throw new IllegalArgumentException("action is flagged exit, which is no backward action, " + where.get());
      }
      double[] action = actions.row(row);
      boolean backToSource = Box.isBackToSource(states, actions, row);
      if (!backToSource) {
        if (stop == BetaMixtureKernel.Stop.FORCED) {
          throw new IllegalArgumentException("action " + actions.format(row) + " is not back-to-source (the action"
              + " equal to the state), the only backward action where a coordinate is at most delta "
              + box.delta() + ", " + where.get());
        }
        for (int d = 0; d < 2; d++) {
          if (!(action[d] >= lo[d] - box.epsilon() && action[d] <= lo[d] + range[d] + box.epsilon())) {
            throw new IllegalArgumentException("action " + actions.format(row) + " is outside the support ["
                + lo[d] + ", " + (lo[d] + range[d]) + "] at coordinate " + d + ", " + where.get());
          }
        }
      }
      values[row] = kernel.logProbability(outputs, row * outputDim(), Exploration.NONE, stop, backToSource, lo,
          range, action, gradients, where);
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
