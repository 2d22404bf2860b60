package org.gfn4j.losses.common;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Term;

/**
 * The log state flows an objective balances: {@link Term#LOG_F} of each transition's state, plus, when
 * forward-looking (Pan et al., "Better training of GFlowNets with local credit and incomplete trajectories", ICML
 * 2023), that state's clipped log-reward from {@link Term#STATE_LOG_REWARD}, as torchgfn's {@code DBGFlowNet} and
 * {@code SubTBGFlowNet} do with {@code forward_looking=True}. The learned part always has gradient 1.
 */
public final class StateFlows {
  private final String objective;
  private final Trajectories trajectories;
  private final double[] logF;
  private final double[] stateLogRewards;
  private final LogRewardClip clip;

  /**
   * @param objective the objective's name, for messages
   * @param logF the learned log flows, one per transition
   * @param stateLogRewards the states' log-rewards to add (forward-looking), or {@code null} for plain flows
   * @param clip lower clip of the added log-rewards
   */
  public StateFlows(String objective, Trajectories trajectories, double[] logF, double[] stateLogRewards,
      LogRewardClip clip) {
    this.objective = requireNonNull(objective, "objective is null");
    this.trajectories = requireNonNull(trajectories, "trajectories is null");
    this.logF = requireNonNull(logF, "logF is null");
    this.stateLogRewards = stateLogRewards;
    this.clip = requireNonNull(clip, "clip is null");
  }

  /**
   * The terms an objective with state flows reads: {@link Term#LOG_PF}, {@link Term#LOG_PB}, {@link Term#LOG_F}, and
   * {@link Term#STATE_LOG_REWARD} too if forward-looking.
   */
  public static Set<Term> inputs(boolean forwardLooking) {
    return forwardLooking
        ? Set.of(Term.LOG_PF, Term.LOG_PB, Term.LOG_F, Term.STATE_LOG_REWARD)
        : Set.of(Term.LOG_PF, Term.LOG_PB, Term.LOG_F);
  }

  /**
   * The flow of the state of row {@code row}.
   *
   * @throws IllegalArgumentException if forward-looking and that state's clipped log-reward is not finite
   */
  public double at(int row) {
    if (stateLogRewards == null) {
      return logF[row];
    }
    return logF[row] + LogRewards.state(objective, trajectories, stateLogRewards, row, clip);
  }
}
