package org.gfn4j.core.batch;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.gfn4j.api.data.Trajectories;

/**
 * Trajectories not sampled from the current forward policy (replayed, explored, backward-sampled): they carry
 * no log-probabilities, and the trainer computes every one it needs.
 *
 * @param trajectories the trajectories
 */
public record OffPolicyBatch(Trajectories trajectories) implements TrainingBatch {
  public OffPolicyBatch {
    requireNonNull(trajectories, "trajectories is null");
  }

  @Override
  public double[] recordedLogPf() {
    double[] none = new double[trajectories.transitionCount()];
    Arrays.fill(none, Double.NaN);
    return none;
  }
}
