package org.gfn4j.api.param;

/** The value type of a declared plugin parameter. */
public enum ParameterType {
  /** A 32-bit integer within the declared range. */
  INTEGER,
  /** A double within the declared range, never NaN (infinite only where that bound is infinite). */
  REAL,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** One of a fixed list of words. */
  CHOICE,
  /** Free text (a path, a name). */
  TEXT
}
