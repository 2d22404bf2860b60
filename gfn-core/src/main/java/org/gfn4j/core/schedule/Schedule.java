package org.gfn4j.core.schedule;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * How a value moves from a start value (given elsewhere, e.g. {@code --epsilon}) to {@code end} over the first
 * {@code iterations} iterations, then stays at {@code end}. With {@code k} the number of iterations done before the
 * current one (0 for the first) and {@code p = min(k, iterations) / iterations}:
 * <ul>
 *   <li>{@link Kind#CONSTANT}: {@code start} throughout;</li>
 *   <li>{@link Kind#LINEAR}: {@code start + (end - start) p};</li>
 *   <li>{@link Kind#EXPONENTIAL}: {@code start (end / start)^p}, a geometric decay by the constant factor
 *       {@code (end / start)^(1 / iterations)} per iteration (start and end positive).</li>
 * </ul>
 * Written as {@code KIND:END:N} ({@code linear:0:1000}, {@code exponential:0.01:500}) or {@code constant}.
 *
 * @param kind how the value moves
 * @param end the value reached after {@code iterations} iterations (ignored, 0, when constant)
 * @param iterations iterations the move takes (0 when constant, else positive)
 */
public record Schedule(Kind kind, double end, int iterations) {
  /** The value never changes. */
  public static final Schedule CONSTANT = new Schedule(Kind.CONSTANT, 0, 0);

  /** The shapes of a schedule. */
  public enum Kind {
    /** The start value throughout. */
    CONSTANT,
    /** Straight from start to end. */
    LINEAR,
    /** Geometric from start to end. */
    EXPONENTIAL;

    /** The lower-case name used in option values. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Schedule {
    requireNonNull(kind, "kind is null");
    if (kind == Kind.CONSTANT) {
      if (end != 0 || iterations != 0) {
        throw new IllegalArgumentException("a constant schedule takes no end value or iterations, got end " + end
            + " over " + iterations);
      }
    } else {
      if (!Double.isFinite(end)) {
        throw new IllegalArgumentException(kind.label() + " schedule: end value must be finite, got " + end);
      }
      if (iterations < 1) {
        throw new IllegalArgumentException(kind.label() + " schedule: iterations must be >= 1, got " + iterations);
      }
      if (kind == Kind.EXPONENTIAL && !(end > 0)) {
        throw new IllegalArgumentException("exponential schedule: end value must be positive, got " + end
            + "; use a linear schedule to reach 0");
      }
    }
  }

  /**
   * Parses {@code constant} or {@code KIND:END:N}.
   *
   * @param what the option, for messages ({@code "--epsilon-schedule"})
   * @throws IllegalArgumentException naming the option, the value and the accepted forms
   */
  public static Schedule parse(String what, String text) {
    requireNonNull(text, "text is null");
    String[] parts = text.trim().split(":", -1);
    String form = "; expected constant, linear:END:N or exponential:END:N (e.g. linear:0:1000)";
    Kind kind;
    try {
      kind = Kind.valueOf(parts[0].trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " '" + text + "' has unknown kind '" + parts[0] + "'" + form, e);
    }
    if (kind == Kind.CONSTANT) {
      if (parts.length != 1) {
        throw new IllegalArgumentException(what + " '" + text + "': constant takes no end value or iterations"
            + form);
      }
      return CONSTANT;
    }
    if (parts.length != 3) {
      throw new IllegalArgumentException(what + " '" + text + "' has " + parts.length + " parts" + form);
    }
    try {
      return new Schedule(kind, Double.parseDouble(parts[1].trim()), Integer.parseInt(parts[2].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "': " + e.getMessage() + form, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " '" + text + "': " + e.getMessage(), e);
    }
  }

  /** Whether the value never changes. */
  public boolean isConstant() {
    return kind == Kind.CONSTANT;
  }

  /**
   * The value after {@code done} iterations (0 for the first iteration), starting from {@code start}.
   *
   * @throws IllegalArgumentException if {@code done} is negative, or an exponential start is not positive
   */
  public double valueAt(double start, int done) {
    if (done < 0) {
      throw new IllegalArgumentException("iterations done must be >= 0, got " + done);
    }
    if (kind == Kind.CONSTANT) {
      return start;
    }
    if (done >= iterations) {
      return end;
    }
    double progress = (double) done / iterations;
    return switch (kind) {
      case LINEAR -> start + (end - start) * progress;
      case EXPONENTIAL -> {
        if (!(start > 0)) {
          throw new IllegalArgumentException("exponential schedule: start value must be positive, got " + start);
        }
        yield start * Math.pow(end / start, progress);
      }
      case CONSTANT -> start;
    };
  }

  /** The option form of this schedule ({@code linear:0.0:1000}). */
  @Override
  public String toString() {
    return kind == Kind.CONSTANT ? "constant" : kind.label() + ":" + end + ":" + iterations;
  }
}
