package org.gfn4j.core.replay;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.ActionBatch;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.env.VectorActions;

/**
 * Writes a batch of trajectories of one environment and reads it back against the environment of the run: the
 * state kind, the states (ints, or reals and initial flags), the conditions, the actions (indices or vectors, with
 * exit flags), the offsets and the log-rewards. Reading rebuilds every object through its public constructor, so
 * derived data (masks) comes from the run's environment.
 */
final class TrajectoryCodec {
  private static final byte DISCRETE = 0;
  private static final byte CONTINUOUS = 1;

  private final StepEnvironment<?, ?> environment;

  TrajectoryCodec(StepEnvironment<?, ?> environment) {
    this.environment = requireNonNull(environment, "environment is null");
  }

  void write(Trajectories trajectories, DataOutput out) throws IOException {
    States states = trajectories.states();
    boolean discrete = states instanceof DiscreteStates;
    out.writeByte(discrete ? DISCRETE : CONTINUOUS);
    out.writeInt(trajectories.count());
    out.writeInt(states.size());
    writeStates(states, out);
    writeConditions(states.conditions(), out);
    writeActions(trajectories.actions(), out);
    BinaryArrays.writeInts(out, offsets(trajectories));
    BinaryArrays.writeDoubles(out, trajectories.logRewards());
  }

  /**
   * Reads trajectories that {@link #write} wrote, as trajectories of this codec's environment.
   *
   * @throws IllegalArgumentException if their kind, dimensions or condition width do not fit the environment
   * @throws IOException if the input ends early
   */
  Trajectories read(DataInput in) throws IOException {
    byte kind = in.readByte();
    int count = in.readInt();
    int rows = in.readInt();
    BinaryArrays.length("trajectories", count, 1);
    if (kind != DISCRETE && kind != CONTINUOUS) {
      throw new IllegalArgumentException("replay buffer: corrupt checkpoint, unknown state kind " + kind);
    }
    States states = kind == DISCRETE ? readDiscrete(in, rows) : readContinuous(in, rows);
    ActionBatch actions = readActions(in, rows, kind == DISCRETE);
    int[] offsets = BinaryArrays.readInts(in, count + 1);
    double[] logRewards = BinaryArrays.readDoubles(in, count);
    return new Trajectories(states, actions, offsets, logRewards);
  }

  private static void writeStates(States states, DataOutput out) throws IOException {
    if (states instanceof DiscreteStates discrete) {
      out.writeInt(discrete.dim());
      BinaryArrays.writeInts(out, discrete.toArray());
      return;
    }
    ContinuousStates continuous = (ContinuousStates) states;
    out.writeInt(continuous.dim());
    BinaryArrays.writeDoubles(out, continuous.toArray());
    boolean[] initial = new boolean[continuous.size()];
    for (int row = 0; row < initial.length; row++) {
      initial[row] = continuous.isInitial(row);
    }
    BinaryArrays.writeBooleans(out, initial);
  }

  private DiscreteStates readDiscrete(DataInput in, int rows) throws IOException {
    if (!(environment instanceof DiscreteEnvironment discrete)) {
      throw kindMismatch("discrete");
    }
    int dim = readStateDim(in, discrete.stateDim());
    int[] values = BinaryArrays.readInts(in, BinaryArrays.length("state values", rows, dim));
    return new DiscreteStates(discrete, rows, values, readConditions(in, rows));
  }

  private ContinuousStates readContinuous(DataInput in, int rows) throws IOException {
    if (!(environment instanceof ContinuousEnvironment continuous)) {
      throw kindMismatch("continuous");
    }
    int dim = readStateDim(in, continuous.stateDim());
    double[] values = BinaryArrays.readDoubles(in, BinaryArrays.length("state values", rows, dim));
    boolean[] initial = BinaryArrays.readBooleans(in, rows);
    return new ContinuousStates(continuous, rows, values, initial, readConditions(in, rows));
  }

  private IllegalArgumentException kindMismatch(String saved) {
    return new IllegalArgumentException("replay buffer: " + saved + " states in the checkpoint, but environment '"
        + environment.name() + "' of the run is " + (saved.equals("discrete") ? "not discrete" : "not continuous"));
  }

  private int readStateDim(DataInput in, int expected) throws IOException {
    int dim = in.readInt();
    if (dim != expected) {
      throw new IllegalArgumentException("replay buffer: state dimension " + dim + " in the checkpoint, " + expected
          + " in environment '" + environment.name() + "' of the run");
    }
    return dim;
  }

  private static void writeConditions(Conditions conditions, DataOutput out) throws IOException {
    out.writeInt(conditions.rows());
    out.writeInt(conditions.width());
    BinaryArrays.writeDoubles(out, conditions.toArray());
  }

  /** Conditions of width 0 (bare states) are accepted for a conditional environment, as its states accept them. */
  private Conditions readConditions(DataInput in, int rows) throws IOException {
    int conditionRows = in.readInt();
    int width = in.readInt();
    if (conditionRows != rows) {
      throw new IllegalArgumentException("replay buffer: corrupt checkpoint, " + conditionRows + " conditions for "
          + rows + " states");
    }
    if (width != 0 && width != environment.conditionDim()) {
      throw new IllegalArgumentException("replay buffer: condition width " + width + " in the checkpoint, "
          + environment.conditionDim() + " in environment '" + environment.name() + "' of the run");
    }
    return Conditions.of(rows, width, BinaryArrays.readDoubles(in, BinaryArrays.length("conditions", rows, width)));
  }

  private static void writeActions(ActionBatch actions, DataOutput out) throws IOException {
    if (actions instanceof Actions indices) {
      out.writeByte(DISCRETE);
      BinaryArrays.writeInts(out, indices.indices());
      BinaryArrays.writeBooleans(out, indices.exits());
      return;
    }
    VectorActions vectors = (VectorActions) actions;
    out.writeByte(CONTINUOUS);
    out.writeInt(vectors.dim());
    BinaryArrays.writeDoubles(out, vectors.values());
    BinaryArrays.writeBooleans(out, vectors.exits());
  }

  private ActionBatch readActions(DataInput in, int rows, boolean discrete) throws IOException {
    byte kind = in.readByte();
    if (kind != (discrete ? DISCRETE : CONTINUOUS)) {
      throw new IllegalArgumentException("replay buffer: corrupt checkpoint, " + (discrete ? "discrete" : "continuous")
          + " states with actions of kind " + kind);
    }
    if (discrete) {
      int[] indices = BinaryArrays.readInts(in, rows);
      return new Actions(indices, BinaryArrays.readBooleans(in, rows));
    }
    int dim = in.readInt();
    int expected = ((ContinuousEnvironment) environment).actionDim();
    if (dim != expected) {
      throw new IllegalArgumentException("replay buffer: action dimension " + dim + " in the checkpoint, " + expected
          + " in environment '" + environment.name() + "' of the run");
    }
    double[] values = BinaryArrays.readDoubles(in, BinaryArrays.length("action values", rows, dim));
    return new VectorActions(dim, values, BinaryArrays.readBooleans(in, rows));
  }

  private static int[] offsets(Trajectories trajectories) {
    int[] offsets = new int[trajectories.count() + 1];
    for (int i = 0; i < trajectories.count(); i++) {
      offsets[i] = trajectories.start(i);
    }
    offsets[trajectories.count()] = trajectories.transitionCount();
    return offsets;
  }
}
