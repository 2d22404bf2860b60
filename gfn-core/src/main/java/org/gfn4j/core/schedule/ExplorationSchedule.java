package org.gfn4j.core.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.gfn4j.api.policy.Exploration;

/**
 * How exploration's epsilon and temperature change over training, each from the run's {@link Exploration} value
 * (its start) by a {@link Schedule}; the exit bias stays fixed. A null schedule is constant, and is omitted from
 * saved run specifications, so a run without schedules is recorded as before they existed.
 *
 * @param epsilon epsilon's schedule, or null for constant
 * @param temperature the temperature's schedule, or null for constant
 */
public record ExplorationSchedule(@JsonInclude(JsonInclude.Include.NON_NULL) Schedule epsilon,
    @JsonInclude(JsonInclude.Include.NON_NULL) Schedule temperature) {
  public ExplorationSchedule {
    epsilon = epsilon == null || epsilon.isConstant() ? null : epsilon;
    temperature = temperature == null || temperature.isConstant() ? null : temperature;
  }

  /** Whether neither value changes. */
  public boolean isConstant() {
    return epsilon == null && temperature == null;
  }

  /**
   * The exploration of the iteration after {@code done} iterations (0 for the first), from {@code start}.
   *
   * @throws IllegalArgumentException if a scheduled value leaves its range (it cannot, between valid ends)
   */
  public Exploration at(Exploration start, int done) {
    if (isConstant()) {
      return start;
    }
    double e = epsilon == null ? start.epsilon() : epsilon.valueAt(start.epsilon(), done);
    double t = temperature == null ? start.temperature() : temperature.valueAt(start.temperature(), done);
    return new Exploration(Math.min(1, Math.max(0, e)), t, start.exitBias());
  }

  /**
   * Checks that both schedules can run from {@code start}: epsilon ends in [0, 1], the temperature ends positive,
   * and an exponential schedule starts positive.
   *
   * @throws IllegalArgumentException naming the option, the start and the end
   */
  public void validate(Exploration start) {
    if (epsilon != null) {
      if (!(epsilon.end() >= 0 && epsilon.end() <= 1)) {
        throw new IllegalArgumentException("--epsilon-schedule " + epsilon + ": epsilon must end in [0, 1], got "
            + epsilon.end());
      }
      if (epsilon.kind() == Schedule.Kind.EXPONENTIAL && !(start.epsilon() > 0)) {
        throw new IllegalArgumentException("--epsilon-schedule " + epsilon + " decays geometrically from --epsilon, "
            + "which must then be positive, got " + start.epsilon());
      }
    }
    if (temperature != null && !(temperature.end() > 0)) {
      throw new IllegalArgumentException("--temperature-schedule " + temperature + ": the temperature must end "
          + "positive, got " + temperature.end());
    }
  }
}
