package org.gfn4j.losses.subtb;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How {@link SubTrajectoryBalance} weights the sub-trajectories of a batch: torchgfn's {@code SubTBGFlowNet}
 * weightings. {@link SubTrajectoryBalance} documents what each computes.
 */
public enum Weighting {
  /** {@code lambda^(length-1)}, normalised within each trajectory; the paper's SubTB(lambda) (torchgfn's default). */
  GEOMETRIC_WITHIN("geometric_within"),
  /** Per-length means over the batch, mixed with weights proportional to {@code lambda^(length-1)}. */
  GEOMETRIC("geometric"),
  /** Every sub-trajectory of the batch alike. */
  EQUAL("equal"),
  /** Every sub-trajectory alike within its trajectory, then every trajectory alike. */
  EQUAL_WITHIN("equal_within"),
  /** Only whole trajectories, with {@code log F(s0)} as the log partition function. */
  TB("tb"),
  /** Only single transitions, every transition of the batch alike: detailed balance. */
  DB("db"),
  /** Only single transitions, alike within a trajectory, then every trajectory alike. */
  MODIFIED_DB("modifieddb");

  private final String text;

  Weighting(String text) {
    this.text = text;
  }

  /** The name users type ({@code "geometric_within"}, {@code "modifieddb"}). */
  public String text() {
    return text;
  }

  /** Every name users may type, in declaration order. */
  public static List<String> texts() {
    return Arrays.stream(values()).map(Weighting::text).toList();
  }

  /**
   * The weighting named {@code text}, ignoring case.
   *
   * @throws IllegalArgumentException listing the accepted names if there is none
   */
  public static Weighting fromText(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (Weighting weighting : values()) {
      if (weighting.text.equals(lower)) {
        return weighting;
      }
    }
    throw new IllegalArgumentException("unknown weighting '" + text + "'; expected one of "
        + String.join(", ", texts()));
  }
}
