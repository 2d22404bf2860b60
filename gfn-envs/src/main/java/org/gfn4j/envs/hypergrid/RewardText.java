package org.gfn4j.envs.hypergrid;

import java.util.OptionalLong;
import org.gfn4j.api.param.Parameters;

/**
 * Parses the list-valued reward parameters, torchgfn's list kwargs written as text: comma-separated values,
 * {@code none} for a {@code None} entry, {@code lo:hi} for a pair, and an empty value for an absent key. Every error
 * names the key, the value and what is accepted.
 */
final class RewardText {
  /** The token of torchgfn's {@code None} inside a list. */
  static final String NONE = "none";

  private final Parameters parameters;

  RewardText(Parameters parameters) {
    this.parameters = parameters;
  }

  /** The owner named in messages. */
  String owner() {
    return parameters.owner();
  }

  /** The raw text of {@code key}, trimmed; empty when the key is absent. */
  String raw(String key) {
    return parameters.getString(key).trim();
  }

  /** Whether {@code key} was left empty (torchgfn's absent key or {@code None}). */
  boolean absent(String key) {
    return raw(key).isEmpty();
  }

  /** Comma-separated finite numbers {@code >= 0}, at least one ({@code tier_weights=1,10,100}). */
  double[] weights(String key) {
    String[] parts = parts(key, "finite numbers >= 0 separated by commas, such as 1,10,100");
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Double.parseDouble(parts[i]);
      } catch (NumberFormatException e) {
        values[i] = Double.NaN;
      }
      if (!Double.isFinite(values[i]) || values[i] < 0) {
        throw invalid(key, "finite numbers >= 0 separated by commas, such as 1,10,100");
      }
    }
    return values;
  }

  /** Comma-separated integers in {@code [min, max]}, at least one; {@code expected} describes them. */
  int[] integers(String key, long min, long max, String expected) {
    String[] parts = parts(key, expected);
    int[] values = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = (int) integer(key, parts[i], min, max, expected);
    }
    return values;
  }

  /**
   * Comma-separated integers in {@code [min, max]} or {@code none}, at least one; {@code none} is {@code null} in
   * the result.
   */
  Long[] optionalIntegers(String key, long min, long max, String expected) {
    String[] parts = parts(key, expected);
    Long[] values = new Long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = parts[i].equalsIgnoreCase(NONE) ? null : integer(key, parts[i], min, max, expected);
    }
    return values;
  }

  /** Comma-separated pairs {@code lo:hi} of integers {@code >= 0}, at least one ({@code bits_per_tier=0:5,0:7}). */
  int[][] pairs(String key, String expected) {
    String[] parts = parts(key, expected);
    int[][] values = new int[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      values[i] = pair(key, parts[i], expected);
    }
    return values;
  }

  /** One pair {@code lo:hi} of integers {@code >= 0}. */
  int[] pair(String key, String text, String expected) {
    String[] ends = text.split(":", -1);
    if (ends.length != 2) {
      throw invalid(key, expected);
    }
    return new int[] {(int) integer(key, ends[0].trim(), 0, Integer.MAX_VALUE, expected),
        (int) integer(key, ends[1].trim(), 0, Integer.MAX_VALUE, expected)};
  }

  /** An optional integer in Java's {@code long} range; empty when the key was left empty. */
  OptionalLong optionalLong(String key) {
    if (absent(key)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(integer(key, raw(key), Long.MIN_VALUE, Long.MAX_VALUE, "an integer, or nothing"));
  }

  /**
   * Distinct dimension indices in {@code [0, ndim)}, comma-separated; all dimensions {@code 0 .. ndim-1} when the
   * key was left empty.
   */
  int[] dimensions(String key, int ndim) {
    if (absent(key)) {
      int[] all = new int[ndim];
      for (int d = 0; d < ndim; d++) {
        all[d] = d;
      }
      return all;
    }
    String expected = "distinct dimensions in [0, " + (ndim - 1) + "] separated by commas, such as 0,1";
    int[] dims = integers(key, 0, ndim - 1, expected);
    boolean[] seen = new boolean[ndim];
    for (int d : dims) {
      if (seen[d]) {
        throw invalid(key, expected);
      }
      seen[d] = true;
    }
    return dims;
  }

  /** The error for a value of {@code key} that is not {@code expected}. */
  IllegalArgumentException invalid(String key, String expected) {
    return new IllegalArgumentException(owner() + ": " + key + "=" + raw(key) + " is invalid; expected " + expected);
  }

  /**
   * The error for a list of {@code key} whose length does not match: {@code "tier_weights has 3 tiers"}.
   */
  IllegalArgumentException wrongLength(String key, int length, String what, int expected, String because) {
    return new IllegalArgumentException(owner() + ": " + key + "=" + raw(key) + " has " + length + " entries; "
        + "expected " + expected + ", one per " + what + " (" + because + ")");
  }

  private String[] parts(String key, String expected) {
    String raw = raw(key);
    if (raw.isEmpty()) {
      throw invalid(key, expected);
    }
    String[] parts = raw.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].trim();
      if (parts[i].isEmpty()) {
        throw invalid(key, expected);
      }
    }
    return parts;
  }

  private long integer(String key, String text, long min, long max, String expected) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw invalid(key, expected);
    }
    if (value < min || value > max) {
      throw invalid(key, expected);
    }
    return value;
  }
}
