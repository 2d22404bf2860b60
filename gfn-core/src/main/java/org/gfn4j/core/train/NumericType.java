package org.gfn4j.core.train;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/** The numeric type estimators, log Z and the optimiser state compute in: float32 (the default) or float64. */
public enum NumericType {
  /** Single precision, the fast default. */
  FLOAT32(DataType.FLOAT),
  /** Double precision, for numerics studies and checks against references to 1e-12. */
  FLOAT64(DataType.DOUBLE);

  private final DataType dataType;

  NumericType(DataType dataType) {
    this.dataType = dataType;
  }

  /** The ND4J type. */
  public DataType dataType() {
    return dataType;
  }

  /** The type named {@code "float32"} or {@code "float64"}. */
  public static NumericType of(String name) {
    for (NumericType type : values()) {
      if (type.name().toLowerCase(Locale.ROOT).equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown dtype '" + name + "'; accepted: float32, float64");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
