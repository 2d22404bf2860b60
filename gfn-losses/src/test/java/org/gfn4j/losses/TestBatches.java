package org.gfn4j.losses;

import static org.gfn4j.testkit.fixtures.ChainEnvironment.PLUS_ONE;
import static org.gfn4j.testkit.fixtures.ChainEnvironment.PLUS_TWO;

import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.objective.Term;
import org.gfn4j.testkit.TrajectoryBatches;
import org.gfn4j.testkit.fixtures.ChainEnvironment;

/** Batches and inputs shared by the objective tests. */
public final class TestBatches {
  /** The chain {@code [0] .. [3]}. */
  public static final ChainEnvironment CHAIN = new ChainEnvironment();

  private TestBatches() {}

  /**
   * Three trajectories of lengths 2, 1 and 3: {@code [0] -> [1] -> exit} (transitions 0, 1), {@code [0] -> exit}
   * (transition 2) and {@code [0] -> [2] -> [3] -> exit} (transitions 3, 4, 5), with the given log-rewards.
   */
  public static Trajectories threeTrajectories(double logR0, double logR1, double logR2) {
    return TrajectoryBatches.replay(CHAIN, new double[] {logR0, logR1, logR2},
        new int[] {PLUS_ONE}, new int[] {}, new int[] {PLUS_TWO, PLUS_ONE});
  }

  /**
   * Five trajectories of lengths 1 to 7 on the chain {@code [0] .. [6]}, with log-rewards {@link #logReward} of
   * their terminal states.
   */
  public static Trajectories longerTrajectories() {
    ChainEnvironment chain = new ChainEnvironment(6);
    int[][] sequences = {{PLUS_ONE, PLUS_ONE, PLUS_ONE, PLUS_ONE, PLUS_ONE, PLUS_ONE}, {}, {PLUS_TWO, PLUS_ONE},
        {PLUS_ONE, PLUS_TWO, PLUS_TWO}, {PLUS_TWO}};
    Trajectories shape = TrajectoryBatches.replay(chain, new double[sequences.length], sequences);
    double[] logRewards = new double[sequences.length];
    for (int i = 0; i < logRewards.length; i++) {
      logRewards[i] = logReward(shape.discreteStates().get(shape.terminalRow(i), 0));
    }
    return TrajectoryBatches.replay(chain, logRewards, sequences);
  }

  /** A finite log-reward for chain state {@code [x]}, used wherever a test needs consistent state rewards. */
  public static double logReward(int x) {
    return 0.3 * x - 0.5;
  }

  /** One penalty of each kind. */
  public static Stream<ResidualPenalty> penalties() {
    return Stream.of(ResidualPenalty.SQUARED, new ResidualPenalty(Kind.HALF_SQUARED, 1),
        new ResidualPenalty(Kind.SHIFTED_COSH, 1), new ResidualPenalty(Kind.LINEX, 0.5));
  }

  /**
   * Random but well-formed values for each of {@code terms} on {@code batch}, following the layouts of
   * {@link Term}: log PB 0 at exits, {@code -inf} log-probabilities and NaN parent flows at masked actions, state
   * log-rewards from {@link #logReward}.
   */
  public static ObjectiveInput plausibleInput(Set<Term> terms, Trajectories batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    DiscreteStates states = batch.discreteStates();
    int count = batch.transitionCount();
    int actions = states.environment().actionCount();
    Map<Term, double[]> values = new java.util.HashMap<>();
    for (Term term : terms) {
      double[] value = new double[term.length(count, batch.count(), actions)];
      for (int k = 0; k < value.length; k++) {
        value[k] = random.nextDouble(-2, 0.5);
      }
      switch (term.key()) {
        case "log_pb" -> {
          for (int t = 0; t < count; t++) {
            value[t] = batch.isExit(t) ? 0 : Math.min(0, value[t]);
          }
        }
        case "pf_log_probs" -> {
          for (int t = 0; t < count; t++) {
            for (int a = 0; a < actions; a++) {
              value[t * actions + a] = states.forwardMasks().isAllowed(t, a) ? Math.min(-0.05, value[t * actions + a])
                  : Double.NEGATIVE_INFINITY;
            }
          }
        }
        case "pf_parent_logits" -> {
          for (int t = 0; t < count; t++) {
            for (int b = 0; b < actions - 1; b++) {
              if (!states.backwardMasks().isAllowed(t, b)) {
                value[t * (actions - 1) + b] = Double.NaN;
              }
            }
          }
        }
        case "state_log_reward" -> {
          for (int t = 0; t < count; t++) {
            value[t] = logReward(states.get(t, 0));
          }
        }
        default -> {
        }
      }
      values.put(term, value);
    }
    return new ObjectiveInput(batch, values);
  }
}
