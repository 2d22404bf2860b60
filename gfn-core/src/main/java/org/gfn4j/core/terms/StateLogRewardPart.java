package org.gfn4j.core.terms;

import org.gfn4j.api.env.States;
import org.gfn4j.core.sampling.RewardChecks;

/** {@code STATE_LOG_REWARD}: the reward in force of every transition's state taken as a terminal object. */
final class StateLogRewardPart implements TermPart {
  private final double[] values;

  StateLogRewardPart(TermContext context) {
    States states = context.batch().states();
    values = context.model().reward().logReward(states);
    RewardChecks.check(values, states, context.model().reward());
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public void backward(double[] gradient) {
    // no gradient: a reward is data
  }
}
