package org.gfn4j.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.core.fixtures.ConditionalLine;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.fixtures.UnitCube;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.random.RandomStream;
import org.gfn4j.core.sampling.BackwardSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A buffer restored from its state continues, add for add and draw for draw, as the buffer that wrote it. */
class ReplayStateTest {
  private static final int CAPACITY = 6;

  private static final TinyGrid GRID = new TinyGrid(4);
  private static final ConditionalLine LINE = new ConditionalLine(1);
  private static final UnitCube PLANE = new UnitCube(2, 1);

  static Stream<Arguments> trajectoryBuffers() {
    List<Arguments> cases = new ArrayList<>();
    for (StepEnvironment<?, ?> environment : List.of(GRID, LINE, PLANE)) {
      for (boolean keepHighest : new boolean[] {false, true}) {
        for (boolean proportional : new boolean[] {false, true}) {
          cases.add(Arguments.of(environment.name(), environment, keepHighest, proportional));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, keepHighestReward {2}, proportionalToReward {3}")
  @MethodSource("trajectoryBuffers")
  void trajectoryBuffer_restoredFromItsState_continuesBitForBit(String name, StepEnvironment<?, ?> environment,
      boolean keepHighest, boolean proportional) throws IOException {
    assertContinuesBitForBit(() -> new TrajectoryReplayBuffer(CAPACITY, environment, keepHighest, proportional),
        environment);
  }

  @Test
  void terminalStateBuffer_restoredFromItsState_continuesBitForBit() throws IOException {
    assertContinuesBitForBit(this::terminalBuffer, GRID);
  }

  @Test
  void emptyBuffers_roundTrip() throws IOException {
    TrajectoryReplayBuffer trajectories = new TrajectoryReplayBuffer(CAPACITY, PLANE, true, true);
    TrajectoryReplayBuffer restored = new TrajectoryReplayBuffer(CAPACITY, PLANE, true, true);
    restored.add(batch(PLANE, 3, new SplittableRandom(1)));
    restore(restored, state(trajectories));
    assertThat(restored.size()).isZero();
    TerminalStateBuffer terminal = terminalBuffer();
    terminal.add(batch(GRID, 3, new SplittableRandom(2)));
    restore(terminal, state(terminalBuffer()));
    assertThat(terminal.size()).isZero();
  }

  @Test
  void trajectoryBuffer_rejectsOtherSettings_namingBothValues() throws IOException {
    TrajectoryReplayBuffer saved = new TrajectoryReplayBuffer(CAPACITY, GRID, false, true);
    saved.add(batch(GRID, 3, new SplittableRandom(3)));
    byte[] state = state(saved);
    assertThatThrownBy(() -> restore(new TrajectoryReplayBuffer(4, GRID, false, true), state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: capacity 6 in the checkpoint, 4 in the run");
    assertThatThrownBy(() -> restore(new TrajectoryReplayBuffer(CAPACITY, GRID, true, true), state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: keepHighestReward false in the checkpoint, true in the run");
    assertThatThrownBy(() -> restore(new TrajectoryReplayBuffer(CAPACITY, GRID, false, false), state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: proportionalToReward true in the checkpoint, false in the run");
  }

  @Test
  void trajectoryBuffer_rejectsAnotherKindDimensionOrConditionWidth() throws IOException {
    TrajectoryReplayBuffer grid = new TrajectoryReplayBuffer(CAPACITY, GRID, false, false);
    grid.add(batch(GRID, 2, new SplittableRandom(4)));
    assertThatThrownBy(() -> restore(new TrajectoryReplayBuffer(CAPACITY, PLANE, false, false), state(grid)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: discrete states in the checkpoint, but environment 'unit-cube' of the run is "
            + "not discrete");
    assertThatThrownBy(() -> restore(new TrajectoryReplayBuffer(CAPACITY, LINE, false, false), state(grid)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: state dimension 2 in the checkpoint, 1 in environment 'line' of the run");
    TrajectoryReplayBuffer line = new TrajectoryReplayBuffer(CAPACITY, LINE, false, false);
    line.add(batch(LINE, 2, new SplittableRandom(5)));
    ConditionalLine wider = new ConditionalLine(3);
    assertThatThrownBy(() -> restore(new TrajectoryReplayBuffer(CAPACITY, wider, false, false), state(line)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: condition width 1 in the checkpoint, 3 in environment 'line' of the run");
    TrajectoryReplayBuffer plane = new TrajectoryReplayBuffer(CAPACITY, PLANE, false, false);
    plane.add(batch(PLANE, 2, new SplittableRandom(6)));
    assertThatThrownBy(() -> restore(new TrajectoryReplayBuffer(CAPACITY, GRID, false, false), state(plane)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: continuous states in the checkpoint, but environment 'tiny-grid' of the run is "
            + "not continuous");
  }

  @Test
  void terminalStateBuffer_rejectsAnotherCapacityOrDimension_namingBothValues() throws IOException {
    TerminalStateBuffer saved = terminalBuffer();
    saved.add(batch(GRID, 3, new SplittableRandom(7)));
    byte[] state = state(saved);
    BackwardSampler backward = new BackwardSampler(GRID, new UniformEstimator(8, 2));
    assertThatThrownBy(() -> restore(new TerminalStateBuffer(10, GRID, backward), state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: capacity 6 in the checkpoint, 10 in the run");
    BackwardSampler lineBackward = new BackwardSampler(LINE, new UniformEstimator(1, 1));
    assertThatThrownBy(() -> restore(new TerminalStateBuffer(CAPACITY, LINE, lineBackward), state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay buffer: state dimension 2 in the checkpoint, 1 in the run");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truncatables")
  void truncatedState_failsWithAnIoException_andLeavesTheBufferUnchanged(String name,
      Supplier<ReplayBuffer> build, StepEnvironment<?, ?> environment) throws IOException {
    ReplayBuffer saved = build.get();
    saved.add(batch(environment, 2 * CAPACITY, new SplittableRandom(8)));
    byte[] state = state(saved);
    ReplayBuffer target = build.get();
    target.add(batch(environment, 3, new SplittableRandom(9)));
    byte[] before = state(target);
    for (int length : new int[] {0, 3, state.length / 2, state.length - 1}) {
      byte[] truncated = Arrays.copyOf(state, length);
      assertThatThrownBy(() -> restore(target, truncated)).isInstanceOf(EOFException.class);
      assertThat(state(target)).isEqualTo(before);
    }
    assertThat(target.size()).isEqualTo(3);
  }

  static Stream<Arguments> truncatables() {
    Supplier<ReplayBuffer> terminal = () -> new TerminalStateBuffer(CAPACITY, GRID,
        new BackwardSampler(GRID, new UniformEstimator(8, 2)));
    return Stream.of(Arguments.of("terminal", terminal, GRID),
        Arguments.of("grid", (Supplier<ReplayBuffer>) () -> new TrajectoryReplayBuffer(CAPACITY, GRID, false, false),
            GRID),
        Arguments.of("line", (Supplier<ReplayBuffer>) () -> new TrajectoryReplayBuffer(CAPACITY, LINE, true, false),
            LINE),
        Arguments.of("plane", (Supplier<ReplayBuffer>) () -> new TrajectoryReplayBuffer(CAPACITY, PLANE, false, true),
            PLANE));
  }

  /**
   * Fills a buffer past its capacity, saves it, restores the state into a fresh buffer, then continues both
   * (draws and adds alternately, with generators at the same position): every draw must be identical.
   */
  private static void assertContinuesBitForBit(Supplier<ReplayBuffer> build, StepEnvironment<?, ?> environment)
      throws IOException {
    SplittableRandom data = new SplittableRandom(42);
    ReplayBuffer original = build.get();
    original.add(batch(environment, 7, data));
    original.add(batch(environment, 9, data));
    byte[] state = state(original);
    ReplayBuffer restored = build.get();
    restore(restored, state);
    assertThat(restored.size()).isEqualTo(CAPACITY);
    assertThat(state(restored)).isEqualTo(state);
    RandomStream originalRandom = new RandomStream(17);
    RandomStream restoredRandom = new RandomStream(17);
    for (int round = 0; round < 3; round++) {
      assertSame(original.sample(10, originalRandom).trajectories(),
          restored.sample(10, restoredRandom).trajectories());
      Trajectories more = batch(environment, 4, data);
      original.add(more);
      restored.add(more);
    }
    assertThat(state(restored)).isEqualTo(state(original));
  }

  private static void assertSame(Trajectories expected, Trajectories actual) {
    States a = expected.states();
    States b = actual.states();
    assertThat(b.getClass()).isEqualTo(a.getClass());
    assertThat(b.environment()).isSameAs(a.environment());
    if (a instanceof DiscreteStates discrete) {
      assertThat(((DiscreteStates) b).toArray()).containsExactly(discrete.toArray());
    } else {
      assertThat(((ContinuousStates) b).toArray()).containsExactly(((ContinuousStates) a).toArray());
    }
    for (int row = 0; row < a.size(); row++) {
      assertThat(b.isInitial(row)).as("initial flag of row %d", row).isEqualTo(a.isInitial(row));
    }
    assertThat(b.conditions().width()).isEqualTo(a.conditions().width());
    assertThat(b.conditions().toArray()).containsExactly(a.conditions().toArray());
    assertThat(actual.actions()).isEqualTo(expected.actions());
    assertThat(actual.count()).isEqualTo(expected.count());
    for (int i = 0; i < expected.count(); i++) {
      assertThat(actual.start(i)).isEqualTo(expected.start(i));
    }
    assertThat(actual.transitionCount()).isEqualTo(expected.transitionCount());
    assertThat(actual.logRewards()).containsExactly(expected.logRewards());
  }

  private TerminalStateBuffer terminalBuffer() {
    return new TerminalStateBuffer(CAPACITY, GRID, new BackwardSampler(GRID, new UniformEstimator(8, 2)));
  }

  /** {@code n} random trajectories of {@code environment}, with random log-rewards (ties unlikely). */
  private static Trajectories batch(StepEnvironment<?, ?> environment, int n, SplittableRandom random) {
    List<Trajectories> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double logReward = -3 * random.nextDouble();
      parts.add(environment instanceof DiscreteEnvironment discrete ? discrete(discrete, logReward, random)
          : continuous((ContinuousEnvironment) environment, logReward, random));
    }
    return Trajectories.concat(parts);
  }

  /** Up along every coordinate in turn to a random state, then exit; a random condition if conditional. */
  private static Trajectories discrete(DiscreteEnvironment environment, double logReward, SplittableRandom random) {
    int dim = environment.stateDim();
    int[] target = new int[dim];
    int steps = 0;
    for (int d = 0; d < dim; d++) {
      target[d] = random.nextInt(4);
      steps += target[d];
    }
    int[] values = new int[(steps + 1) * dim];
    int[] actions = new int[steps + 1];
    int[] current = new int[dim];
    int t = 0;
    for (int d = 0; d < dim; d++) {
      for (; current[d] < target[d]; current[d]++, t++) {
        System.arraycopy(current, 0, values, t * dim, dim);
        actions[t] = d;
      }
    }
    System.arraycopy(current, 0, values, t * dim, dim);
    actions[t] = environment.exitAction();
    DiscreteStates states = new DiscreteStates(environment, steps + 1, values,
        conditions(environment, steps + 1, random));
    return new Trajectories(states, actions, new int[] {0, steps + 1}, new double[] {logReward});
  }

  /** The initial state, then one to three random real steps, then exit; a random condition. */
  private static Trajectories continuous(ContinuousEnvironment environment, double logReward,
      SplittableRandom random) {
    int dim = environment.stateDim();
    int rows = 1 + random.nextInt(1, 4);
    double[] values = new double[rows * dim];
    boolean[] initial = new boolean[rows];
    initial[0] = true;
    double[] actions = new double[rows * environment.actionDim()];
    boolean[] exits = new boolean[rows];
    exits[rows - 1] = true;
    for (int row = 0; row < rows - 1; row++) {
      for (int d = 0; d < dim; d++) {
        actions[row * dim + d] = random.nextDouble();
        values[(row + 1) * dim + d] = values[row * dim + d] + actions[row * dim + d];
      }
    }
    ContinuousStates states = new ContinuousStates(environment, rows, values, initial,
        conditions(environment, rows, random));
    return new Trajectories(states, new VectorActions(environment.actionDim(), actions, exits), new int[] {0, rows},
        new double[] {logReward});
  }

  private static Conditions conditions(StepEnvironment<?, ?> environment, int rows, SplittableRandom random) {
    double[] condition = new double[environment.conditionDim()];
    for (int d = 0; d < condition.length; d++) {
      condition[d] = random.nextDouble();
    }
    return Conditions.constant(rows, condition);
  }

  private static byte[] state(ReplayBuffer buffer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      buffer.writeState(out);
    }
    return bytes.toByteArray();
  }

  private static void restore(ReplayBuffer buffer, byte[] state) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      buffer.readState(in);
    }
  }
}
