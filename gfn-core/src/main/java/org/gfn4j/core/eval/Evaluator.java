package org.gfn4j.core.eval;

import java.util.List;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.model.GFlowNet;

/** Measures how well a GFlowNet samples in proportion to its reward. */
public interface Evaluator {
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
}
