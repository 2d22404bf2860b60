package org.gfn4j.core.localsearch;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;

/**
 * Settings of back-and-forth local search (torchgfn's {@code LocalSearchSampler}).
 *
 * @param loops search rounds per iteration, each proposing one new trajectory per fresh one (0: off)
 * @param backSteps PB steps walked back from each terminal object before PF rebuilds (at most the trajectory's
 *     length: a shorter trajectory is rebuilt from the initial state)
 * @param acceptance how a proposal replaces the trajectory it came from
 * @param trainedOn which trajectories each round adds to the batch trained on
 */
public record LocalSearchConfig(int loops, int backSteps, Acceptance acceptance, TrainedOn trainedOn) {
  /** No local search. */
  public static final LocalSearchConfig NONE = new LocalSearchConfig(0, 1, Acceptance.METROPOLIS_HASTINGS,
      TrainedOn.ACCEPTED);

  /** How a proposal x' replaces the current x. */
  public enum Acceptance {
    /**
     * Metropolis-Hastings, as torchgfn: accepted with probability
     * {@code min(1, R(x') PB(τ | x) PF(τ') / (R(x) PB(τ' | x') PF(τ)))}, τ being the current trajectory as PB
     * resampled it from x and τ' the proposal.
     */
    METROPOLIS_HASTINGS("mh"),
    /** Accepted when {@code R(x') >= R(x)} (torchgfn's choice without Metropolis-Hastings). */
    GREEDY("greedy");

    private final String label;

    Acceptance(String label) {
      this.label = label;
    }

    /** The option value ({@code mh}, {@code greedy}). */
    public String label() {
      return label;
    }

    /** The acceptance named {@code label}, naming the accepted values otherwise. */
    public static Acceptance of(String label) {
      return Arrays.stream(values()).filter(a -> a.label.equals(label.toLowerCase(Locale.ROOT))).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("local search acceptance '" + label
              + "' is not one of mh, greedy"));
    }
  }

  /** Which trajectories a search round adds to the training batch. */
  public enum TrainedOn {
    /** After each round, the trajectory each search chain holds: the proposal if accepted, else the one before. */
    ACCEPTED,
    /** Every proposal, accepted or not (what torchgfn's {@code LocalSearchSampler.sample_trajectories} returns). */
    PROPOSED;

    /** The option value ({@code accepted}, {@code proposed}). */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The choice named {@code label}, naming the accepted values otherwise. */
    public static TrainedOn of(String label) {
      return Arrays.stream(values()).filter(t -> t.label().equals(label.toLowerCase(Locale.ROOT))).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("local search training set '" + label
              + "' is not one of accepted, proposed"));
    }
  }

  public LocalSearchConfig {
    requireNonNull(acceptance, "acceptance is null");
    requireNonNull(trainedOn, "trainedOn is null");
    if (loops < 0) {
      throw new IllegalArgumentException("local search loops must be >= 0, got " + loops);
    }
    if (backSteps < 1) {
      throw new IllegalArgumentException("local search back steps must be >= 1, got " + backSteps);
    }
  }

  /** Whether local search runs. */
  public boolean enabled() {
    return loops > 0;
  }
}
