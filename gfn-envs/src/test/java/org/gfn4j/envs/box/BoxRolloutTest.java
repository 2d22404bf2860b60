package org.gfn4j.envs.box;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.env.SampledActions;
import org.junit.jupiter.api.Test;

class BoxRolloutTest {
  private static void assertInSquare(ContinuousStates states) {
    for (int row = 0; row < states.size(); row++) {
      assertThat(states.get(row, 0)).as("state %s", states.format(row)).isBetween(0.0, 1.0);
      assertThat(states.get(row, 1)).as("state %s", states.format(row)).isBetween(0.0, 1.0);
    }
  }

  @Test
  void randomRolloutsReachExitAndReturnToSource() {
    Box box = Box.of(Map.of("delta", "0.1", "n_components", "2"));
    SplittableRandom random = new SplittableRandom(5);
    int n = 256;
    int width = box.forwardHead().outputDim();
    double[] terminal = new double[2 * n];
    ContinuousStates current = box.initialStates(n);
    int remaining = n;
    int steps = 0;
    while (remaining > 0) {
      assertThat(steps++).as("forward steps").isLessThan(15);
      double[] outputs = new double[current.size() * width];
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] = random.nextGaussian();
      }
      SampledActions<VectorActions> sampled = box.forwardHead().sample(current, outputs, Exploration.NONE, random);
      int moving = 0;
      for (int row = 0; row < current.size(); row++) {
        assertThat(sampled.logProbabilities()[row]).isFinite();
        moving += sampled.actions().isExit(row) ? 0 : 1;
      }
      int[] movingRows = new int[moving];
      int at = 0;
      for (int row = 0; row < current.size(); row++) {
        if (sampled.actions().isExit(row)) {
          terminal[2 * (n - remaining)] = current.get(row, 0);
          terminal[2 * (n - remaining) + 1] = current.get(row, 1);
          remaining--;
        } else {
          movingRows[at++] = row;
        }
      }
      if (moving > 0) {
        current = box.step(current.select(movingRows), sampled.actions().select(movingRows));
        assertInSquare(current);
      }
    }
    ContinuousStates back = new ContinuousStates(box, n, terminal, new boolean[n], Conditions.none(n));
    for (double value : box.logReward(back)) {
      assertThat(value).isFinite();
    }
    steps = 0;
    while (back.size() > 0) {
      assertThat(steps++).as("backward steps").isLessThan(15);
      double[] outputs = new double[back.size() * width];
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] = random.nextGaussian();
      }
      SampledActions<VectorActions> sampled = box.backwardHead().sample(back, outputs, Exploration.NONE, random);
      ContinuousStates parents = box.backwardStep(back, sampled.actions());
      assertInSquare(parents);
      int open = 0;
      for (int row = 0; row < parents.size(); row++) {
        open += parents.isInitial(row) ? 0 : 1;
      }
      int[] openRows = new int[open];
      int at = 0;
      for (int row = 0; row < parents.size(); row++) {
        if (!parents.isInitial(row)) {
          openRows[at++] = row;
        } else {
          assertThat(parents.row(row)).containsExactly(0.0, 0.0);
        }
      }
      back = parents.select(openRows);
    }
  }
}
