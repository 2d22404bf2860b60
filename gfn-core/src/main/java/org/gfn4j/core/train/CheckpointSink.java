package org.gfn4j.core.train;

/**
 * Where a {@link Trainer} saves its state while it trains: at the end of every {@code every}-th iteration and when
 * it is interrupted.
 */
@FunctionalInterface
public interface CheckpointSink {
  /**
   * Saves the model and the trainer's state ({@link Trainer#writeState}) after {@code iteration} iterations.
   *
   * @return where the checkpoint was written, for messages
   */
  String save(Trainer trainer, int iteration);
}
