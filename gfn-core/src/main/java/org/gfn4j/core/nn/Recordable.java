package org.gfn4j.core.nn;

import java.util.Optional;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;

/** An estimator whose inference can be recorded for training ({@link Recording}). */
public interface Recordable {
  /** A new, empty recording; empty where this estimator's configuration cannot rebuild a pass from one. */
  Optional<Recording> startRecording();

  /**
   * A trainable pass over {@code rows} feature rows made by this estimator's inference path (which may compute
   * parts in Java, as a sparse first layer), equal to {@link Estimator#forward} up to float rounding; empty where
   * it cannot record.
   */
  default Optional<ForwardPass> trainablePass(float[] features, int rows) {
    return startRecording().map(recording -> {
      recording.predict(features, rows);
      return recording.pass();
    });
  }

  /** {@code estimator}'s recording, if it is {@link Recordable} and can record. */
  static Optional<Recording> start(Estimator estimator) {
    return estimator instanceof Recordable recordable ? recordable.startRecording() : Optional.empty();
  }
}
