package org.gfn4j.core.optim;

import static java.util.Objects.requireNonNull;

/** A parameter group's gradient holds a NaN or an infinite value, so {@link Adam} refused to step. */
public final class NonFiniteGradientException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String group;

  /** @param group the name of the parameter group ({@code "pf"}, {@code "log_z"}) */
  public NonFiniteGradientException(String group) {
    super("the gradient of the parameters of '" + requireNonNull(group, "group is null")
        + "' is not finite after back-propagation (overflow in the estimator?); no parameter was changed");
    this.group = group;
  }

  /** The name of the parameter group. */
  public String group() {
    return group;
  }
}
