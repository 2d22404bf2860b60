package org.gfn4j.core.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.state.Stateful;

/**
 * Measures how well a GFlowNet samples in proportion to its reward. What changes while training (the modes found,
 * a random stream's position) is its {@link Stateful} state; a stateless evaluator writes nothing.
 */
public interface Evaluator extends Stateful {
  /** Evaluates the model as it is now. */
  Evaluation evaluate(GFlowNet model);

  /** The metrics {@link #evaluate} reports, in order (the columns of a metrics table). */
  List<String> metricNames();

  /** The labels of the conditions each evaluation also reports on its own ({@code "0.5"}); empty by default. */
  default List<String> conditionLabels() {
    return List.of();
  }

  /** Sees each training batch (to count the modes found so far). */
  default void observe(Trajectories batch) {}

  /** Writes nothing: the default evaluator has no state. */
  @Override
  default void writeState(DataOutput out) throws IOException {}

  /** Reads nothing: the default evaluator has no state. */
  @Override
  default void readState(DataInput in) throws IOException {}
}
