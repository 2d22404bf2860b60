package org.gfn4j.core.sampling;

import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.States;

/**
 * The estimator input of a batch of states: the environment's encoding of each state followed by its condition,
 * {@code [encoding, condition]} ({@code rows * width(environment)} floats, row-major).
 */
public final class Features {
  private Features() {}

  /** Input width of estimators over the states of {@code environment}: encoding plus condition. */
  public static int width(org.gfn4j.api.env.Environment environment) {
    return environment.encodingDim() + environment.conditionDim();
  }

  /** The features of every state. */
  public static float[] of(States states) {
    var environment = states.environment();
    int rows = states.size();
    int encoding = environment.encodingDim();
    Conditions conditions = states.conditions().require(environment.name(), environment.conditionDim());
    if (conditions.isEmpty()) {
      float[] features = new float[rows * encoding];
      environment.encodeOf(states, features);
      return features;
    }
    float[] encoded = new float[rows * encoding];
    environment.encodeOf(states, encoded);
    int condition = conditions.width();
    int width = encoding + condition;
    float[] features = new float[rows * width];
    for (int row = 0; row < rows; row++) {
      System.arraycopy(encoded, row * encoding, features, row * width, encoding);
      for (int d = 0; d < condition; d++) {
        features[row * width + encoding + d] = (float) conditions.get(row, d);
      }
    }
    return features;
  }

  /** The conditions alone as features ({@code rows * width}), the input of a conditional log Z estimator. */
  public static float[] of(Conditions conditions) {
    float[] features = new float[conditions.rows() * conditions.width()];
    for (int row = 0; row < conditions.rows(); row++) {
      for (int d = 0; d < conditions.width(); d++) {
        features[row * conditions.width() + d] = (float) conditions.get(row, d);
      }
    }
    return features;
  }
}
