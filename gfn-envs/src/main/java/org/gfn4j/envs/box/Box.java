package org.gfn4j.envs.box;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.ContinuousTarget;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.env.PolicyHead;

/**
 * torchgfn's {@code Box} = {@code BoxCartesian} (src/gfn/gym/box_cartesian.py on src/gfn/gym/box.py): the unit
 * square with Cartesian increments, after Lahlou et al., "A Theory of Continuous Generative Flow Networks"
 * (ICML 2023).
 *
 * <p>States are points of {@code [0, 1]^2}; the initial state s0 is the origin, flagged initial (the origin
 * reached otherwise is not). Forward actions are increments {@code a}, added to the state:
 * <ul>
 *   <li>from s0, any {@code a} in {@code [0, 1]^2} (the first step reaches the whole square); exiting from s0
 *       is forbidden;</li>
 *   <li>from another state {@code s}, {@code a_d} in {@code [delta, 1 - s_d]} for both coordinates, or the exit;
 *       when some {@code s_d >= 1 - delta} no move fits and the exit is forced (torchgfn forces it from
 *       {@code 1 - delta - 1e-6} on; here the rule is exact).</li>
 * </ul>
 * Backward actions are vectors too: back-to-source (BTS), the action equal to the state, returns to s0 (and is
 * the only parent when some {@code s_d <= delta}); any other action {@code b} with {@code b_d} in
 * {@code [delta, s_d]} leads to {@code s - b}, which must be a state a forward move leaves ({@code s_d - b_d <
 * 1 - delta}). {@link #backwardActions} maps the first step to BTS and every later step to its own increment.
 * The checks accept values {@code epsilon} beyond a bound; results are clamped into the square. torchgfn also
 * requires the parent of a non-BTS step to have a coordinate of at least {@code delta}, which its own forward
 * steps violate; that rule is not reproduced. (A forward step from the non-initial origin, a null set of
 * trajectories, is undone by BTS to s0.)
 *
 * <p>Reward {@code R0 + R1 [both |x_d - 0.5| > 0.25] + R2 [both 0.3 < |x_d - 0.5| < 0.4]}, log-partition
 * {@code log(R0 + 0.25 R1 + 0.04 R2)}. Encoding {@code "centered"}: {@code 2 x - 1} per coordinate, what
 * torchgfn's box MLPs feed their first layer. Heads: {@link BoxForwardHead} and {@link BoxBackwardHead}.
 * Unconditional, immutable and thread-safe.
 */
public final class Box implements ContinuousEnvironment, ContinuousTarget {
  private static final int DIM = 2;

  private final Parameters parameters;
  private final double delta;
  private final double r0;
  private final double r1;
  private final double r2;
  private final double epsilon;
  private final BoxForwardHead forwardHead;
  private final BoxBackwardHead backwardHead;

  Box(Parameters parameters) {
    this.parameters = parameters;
    this.delta = parameters.getDouble(BoxProvider.DELTA);
    this.r0 = parameters.getDouble(BoxProvider.R0);
    this.r1 = parameters.getDouble(BoxProvider.R1);
    this.r2 = parameters.getDouble(BoxProvider.R2);
    this.epsilon = parameters.getDouble(BoxProvider.EPSILON);
    double minConcentration = parameters.getDouble(BoxProvider.MIN_CONCENTRATION);
    double maxConcentration = parameters.getDouble(BoxProvider.MAX_CONCENTRATION);
    if (!Double.isFinite(r0 + r1 + r2)) {
      throw new IllegalArgumentException(BoxProvider.OWNER + ": r0=" + r0 + ", r1=" + r1 + ", r2=" + r2
          + " must be finite");
    }
    if (r0 + 0.25 * r1 + 0.04 * r2 <= 0) {
      throw new IllegalArgumentException(BoxProvider.OWNER + ": r0, r1 and r2 are all zero; the reward must be "
          + "positive somewhere");
    }
    if (minConcentration > maxConcentration) {
      throw new IllegalArgumentException(BoxProvider.OWNER + ": min_concentration=" + minConcentration
          + " exceeds max_concentration=" + maxConcentration);
    }
    BetaMixtureKernel kernel = new BetaMixtureKernel(parameters.getInt(BoxProvider.N_COMPONENTS),
        minConcentration, maxConcentration);
    this.forwardHead = new BoxForwardHead(this, kernel);
    this.backwardHead = new BoxBackwardHead(this, kernel);
  }

  /**
   * A box from raw {@code key=value} settings (those of {@link BoxProvider}; absent keys take their defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, or an invalid
   *     combination
   */
  public static Box of(Map<String, String> settings) {
    BoxProvider provider = new BoxProvider();
    return provider.create(Parameters.parse(BoxProvider.OWNER, provider.parameters(), settings));
  }

  @Override
  public String name() {
    return BoxProvider.NAME;
  }

  @Override
  public Parameters parameters() {
    return parameters;
  }

  @Override
  public int encodingDim() {
    return DIM;
  }

  @Override
  public String encoding() {
    return "centered";
  }

  @Override
  public int stateDim() {
    return DIM;
  }

  @Override
  public int actionDim() {
    return DIM;
  }

  /** The minimum increment of a forward step after the first. */
  public double delta() {
    return delta;
  }

  /** The tolerance of the range checks. */
  public double epsilon() {
    return epsilon;
  }

  /** The log of the normaliser {@code R0 + 0.25 R1 + 0.04 R2} of the reward over the square. */
  @Override
  public double logPartition() {
    return Math.log(r0 + 0.25 * r1 + 0.04 * r2);
  }

  /** The reward of the point {@code (x, y)}. */
  public double reward(double x, double y) {
    double ax = Math.abs(x - 0.5);
    double ay = Math.abs(y - 0.5);
    double reward = r0;
    if (ax > 0.25 && ay > 0.25) {
      reward += r1;
    }
    if (ax > 0.3 && ax < 0.4 && ay > 0.3 && ay < 0.4) {
      reward += r2;
    }
    return reward;
  }

  @Override
  public ContinuousStates initialStates(int n, Conditions conditions) {
    requireNonNull(conditions, "conditions is null");
    boolean[] initial = new boolean[n];
    Arrays.fill(initial, true);
    return new ContinuousStates(this, n, new double[n * DIM], initial, conditions);
  }

  /** Whether no forward move fits at {@code row} (some coordinate at least {@code 1 - delta}), so it must exit. */
  boolean exitForced(ContinuousStates states, int row) {
    if (states.isInitial(row)) {
      return false;
    }
    for (int d = 0; d < DIM; d++) {
      if (states.get(row, d) >= 1 - delta) {
        return true;
      }
    }
    return false;
  }

  /** Whether back-to-source is the only backward action at {@code row} (some coordinate at most delta). */
  boolean backToSourceForced(ContinuousStates states, int row) {
    for (int d = 0; d < DIM; d++) {
      if (states.get(row, d) <= delta) {
        return true;
      }
    }
    return false;
  }

  /** Whether backward action {@code row} is back-to-source: equal to the state on every coordinate. */
  static boolean isBackToSource(ContinuousStates states, VectorActions actions, int row) {
    for (int d = 0; d < DIM; d++) {
      if (actions.get(row, d) != states.get(row, d)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ContinuousStates step(ContinuousStates states, VectorActions actions) {
    checkBatch(states, actions);
    int rows = states.size();
    double[] next = new double[rows * DIM];
    for (int row = 0; row < rows; row++) {
      if (actions.isExit(row)) {
        throw invalid(states, actions, row, "is the exit, which step does not apply");
      }
      boolean initial = states.isInitial(row);
      if (!initial && exitForced(states, row)) {
        throw invalid(states, actions, row, "is a move, but a coordinate is at least 1 - delta = " + (1 - delta)
            + " so the exit is forced");
      }
      for (int d = 0; d < DIM; d++) {
        double a = actions.get(row, d);
        double s = states.get(row, d);
        double low = initial ? 0 : delta;
        if (!(a >= low - epsilon)) {
          throw invalid(states, actions, row, "steps below " + (initial ? "0" : "delta " + delta)
              + " at coordinate " + d);
        }
        if (!(s + a <= 1 + epsilon)) {
          throw invalid(states, actions, row, "steps past 1 at coordinate " + d);
        }
        next[row * DIM + d] = Math.min(Math.max(s + a, 0), 1);
      }
    }
    return new ContinuousStates(this, rows, next, new boolean[rows], states.conditions());
  }

  @Override
  public ContinuousStates backwardStep(ContinuousStates states, VectorActions actions) {
    checkBatch(states, actions);
    int rows = states.size();
    double[] parents = new double[rows * DIM];
    boolean[] initial = new boolean[rows];
    for (int row = 0; row < rows; row++) {
      if (actions.isExit(row)) {
        throw invalid(states, actions, row, "is flagged exit, which is no backward action");
      }
      if (states.isInitial(row)) {
        throw invalid(states, actions, row, "is taken at s0, which has no parent");
      }
      if (isBackToSource(states, actions, row)) {
        initial[row] = true;
        continue;
      }
      for (int d = 0; d < DIM; d++) {
        double b = actions.get(row, d);
        double s = states.get(row, d);
        if (!(b >= delta - epsilon)) {
          throw invalid(states, actions, row, "steps back less than delta " + delta + " at coordinate " + d
              + " and is not back-to-source (the action equal to the state)");
        }
        if (!(s - b >= -epsilon)) {
          throw invalid(states, actions, row, "steps back below 0 at coordinate " + d);
        }
        double parent = Math.min(Math.max(s - b, 0), 1);
        if (parent >= 1 - delta) {
          throw invalid(states, actions, row, "leads to a parent whose coordinate " + d + " is at least 1 - delta"
              + ", where the exit is forced");
        }
        parents[row * DIM + d] = parent;
      }
    }
    return new ContinuousStates(this, rows, parents, initial, states.conditions());
  }

  /** Back-to-source (the values of {@code next}) for steps from s0, the forward increments otherwise. */
  @Override
  public VectorActions backwardActions(ContinuousStates states, VectorActions forward, ContinuousStates next) {
    checkBatch(states, forward);
    if (next.size() != states.size()) {
      throw new IllegalArgumentException("environment 'box': " + next.size() + " next states for "
          + states.size() + " states");
    }
    double[] values = forward.values().clone();
    for (int row = 0; row < states.size(); row++) {
      if (forward.isExit(row)) {
        throw invalid(states, forward, row, "is the exit, which has no backward action");
      }
      if (states.isInitial(row)) {
        values[row * DIM] = next.get(row, 0);
        values[row * DIM + 1] = next.get(row, 1);
      }
    }
    return new VectorActions(DIM, values, new boolean[states.size()]);
  }

  @Override
  public double[] logReward(ContinuousStates terminalStates) {
    double[] out = new double[terminalStates.size()];
    for (int row = 0; row < out.length; row++) {
      out[row] = Math.log(reward(terminalStates.get(row, 0), terminalStates.get(row, 1)));
    }
    return out;
  }

  @Override
  public void encode(ContinuousStates states, float[] out) {
    requireNonNull(out, "out is null");
    if (out.length != states.size() * DIM) {
      throw new IllegalArgumentException("environment 'box': encoding buffer of " + out.length + " floats for "
          + states.size() + " states of " + DIM + " features");
    }
    for (int row = 0; row < states.size(); row++) {
      for (int d = 0; d < DIM; d++) {
        out[row * DIM + d] = (float) (2 * states.get(row, d) - 1);
      }
    }
  }

  @Override
  public PolicyHead<ContinuousStates, VectorActions> forwardHead() {
    return forwardHead;
  }

  @Override
  public PolicyHead<ContinuousStates, VectorActions> backwardHead() {
    return backwardHead;
  }

  @Override
  public int pointDim() {
    return DIM;
  }

  @Override
  public void points(ContinuousStates terminalStates, double[] out) {
    requireNonNull(out, "out is null");
    if (out.length != terminalStates.size() * DIM) {
      throw new IllegalArgumentException("environment 'box': point buffer of " + out.length + " values for "
          + terminalStates.size() + " points of " + DIM);
    }
    for (int row = 0; row < terminalStates.size(); row++) {
      out[row * DIM] = terminalStates.get(row, 0);
      out[row * DIM + 1] = terminalStates.get(row, 1);
    }
  }

  /** Draws exactly from {@code R / Z} by rejection from the uniform square, with the bound {@code R0 + R1 + R2}. */
  @Override
  public double[] sampleTarget(int n, RandomGenerator random) {
    requireNonNull(random, "random is null");
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    double bound = r0 + r1 + r2;
    double[] out = new double[n * DIM];
    int filled = 0;
    while (filled < n) {
      double x = random.nextDouble();
      double y = random.nextDouble();
      if (random.nextDouble() * bound < reward(x, y)) {
        out[filled * DIM] = x;
        out[filled * DIM + 1] = y;
        filled++;
      }
    }
    return out;
  }

  @Override
  public double[] domainLow() {
    return new double[] {0, 0};
  }

  @Override
  public double[] domainHigh() {
    return new double[] {1, 1};
  }

  private void checkBatch(ContinuousStates states, VectorActions actions) {
    requireNonNull(states, "states is null");
    requireNonNull(actions, "actions is null");
    own(states);
    if (actions.size() != states.size() || actions.dim() != DIM) {
      throw new IllegalArgumentException("environment 'box': " + actions.size() + " actions of width "
          + actions.dim() + " for " + states.size() + " states of dimension " + DIM);
    }
  }

  private IllegalArgumentException invalid(ContinuousStates states, VectorActions actions, int row, String why) {
    return new IllegalArgumentException("action " + actions.format(row) + " " + why + " for state "
        + states.format(row) + " in environment 'box' (row " + row + " of " + states.size() + ")");
  }

  @Override
  public String toString() {
    return "Box" + parameters.asStrings();
  }
}
