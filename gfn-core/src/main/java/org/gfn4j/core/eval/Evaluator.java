package org.gfn4j.core.eval;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.model.GFlowNet;

/** Measures how well a GFlowNet samples in proportion to its reward. */
public interface Evaluator {
  /** Evaluates the model as it is now. */
  Evaluation evaluate(GFlowNet model);

  /** Sees each training batch (to count the modes found so far). */
  default void observe(Trajectories batch) {}
}
