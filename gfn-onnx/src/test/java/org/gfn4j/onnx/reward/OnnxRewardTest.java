package org.gfn4j.onnx.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.envs.hypergrid.HyperGrid;
import org.gfn4j.onnx.export.OnnxGraphBuilder.Dim;
import org.gfn4j.onnx.reward.OnnxReward.Output;
import org.gfn4j.onnx.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "onnx" proxy reward: values, checks of the model at load, checks of its outputs, threads, lifecycle. */
class OnnxRewardTest {
  private static final HyperGrid GRID = HyperGrid.of(Map.of("ndim", "2", "height", "8"));

  @TempDir
  Path folder;

  static Path proxyModel() {
    try {
      return Path.of(OnnxRewardTest.class.getResource("/proxy-reward/proxy_reward.onnx").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rewards make_proxy_reward.py computed with numpy, by state. */
  static Map<List<Integer>, Double> expectedProxyRewards() throws IOException, URISyntaxException {
    Path csv = Path.of(OnnxRewardTest.class.getResource("/proxy-reward/proxy_reward_expected.csv").toURI());
    Map<List<Integer>, Double> rewards = new java.util.HashMap<>();
    for (String line : Files.readAllLines(csv).subList(1, 65)) {
      String[] cells = line.split(",");
      rewards.put(List.of(Integer.parseInt(cells[0]), Integer.parseInt(cells[1])), Double.parseDouble(cells[2]));
    }
    return rewards;
  }

  @Test
  void pythonMadeProxy_scoresEveryStateAsNumpyDid() throws Exception {
    Map<List<Integer>, Double> expected = expectedProxyRewards();
    DiscreteStates states = GRID.allStates();
    try (OnnxReward reward = OnnxReward.open(proxyModel(), GRID, Output.REWARD, "", "", 4096)) {
      assertThat(reward.inputName()).isEqualTo("x");
      assertThat(reward.outputName()).isEqualTo("reward");
      double[] logRewards = reward.logReward(states);
      assertThat(logRewards).hasSize(64);
      double maxError = 0;
      for (int row = 0; row < 64; row++) {
        double want = Math.log(expected.get(List.of(states.get(row, 0), states.get(row, 1))));
        maxError = Math.max(maxError, Math.abs(logRewards[row] - want));
      }
      assertThat(maxError).isLessThan(1e-6);
    }
  }

  @Test
  void smallBatches_giveTheSameValuesAsOneBatch() {
    DiscreteStates states = GRID.allStates();
    try (OnnxReward whole = OnnxReward.open(proxyModel(), GRID, Output.REWARD, "x", "reward", 4096);
        OnnxReward chunked = OnnxReward.open(proxyModel(), GRID, Output.REWARD, "", "", 5)) {
      // the same values up to float rounding (ONNX Runtime's matrix kernels block differently by batch size)
      assertThat(chunked.logReward(states)).containsExactly(whole.logReward(states), within(1e-6));
    }
  }

  @Test
  void logRewardOutput_isUsedAsIs_andAFlatOutputIsAccepted() {
    float[] w = new float[16];
    for (int i = 0; i < 16; i++) {
      w[i] = 0.25f * (i % 8) - 1;
    }
    Path model = TestModels.affine(folder.resolve("affine.onnx"), 16, w, 0.5f, true);
    DiscreteStates states = GRID.allStates();
    try (OnnxReward reward = OnnxReward.open(model, GRID, Output.LOG_REWARD, "", "", 7)) {
      double[] logRewards = reward.logReward(states);
      for (int row = 0; row < states.size(); row++) {
        double want = w[states.get(row, 0)] + w[8 + states.get(row, 1)] + 0.5;
        assertThat(logRewards[row]).as("row %d", row).isCloseTo(want, within(1e-6));
      }
      assertThat(logRewards).contains(-1.5, 2.0); // [0, 0] and [7, 7]: log-rewards may be negative
    }
  }

  @Test
  void fixedBatchDimension_isPaddedAndGivesTheSameValues() {
    float[] w = new float[16];
    for (int i = 0; i < 16; i++) {
      w[i] = 0.1f * i;
    }
    Path dynamic = TestModels.affine(folder.resolve("dynamic.onnx"), Dim.named("N"), 16, w, 1f);
    Path fixed = TestModels.affine(folder.resolve("fixed.onnx"), Dim.of(6), 16, w, 1f);
    DiscreteStates states = GRID.allStates(); // 64 = 10 batches of 6 and 4 padded rows
    try (OnnxReward a = OnnxReward.open(dynamic, GRID, Output.REWARD, "", "", 4096);
        OnnxReward b = OnnxReward.open(fixed, GRID, Output.REWARD, "", "", 4096)) {
      assertThat(b.logReward(states)).containsExactly(a.logReward(states), within(1e-6));
    }
  }

  @Test
  void severalThreads_getIdenticalResults() throws Exception {
    DiscreteStates states = GRID.allStates();
    try (OnnxReward reward = OnnxReward.open(proxyModel(), GRID, Output.REWARD, "", "", 16)) {
      double[] reference = reward.logReward(states);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<double[]>> results = new ArrayList<>();
        for (int task = 0; task < 200; task++) {
          // each task scores its own copy of the states (DiscreteStates caches masks and is not thread-safe)
          results.add(pool.submit(() -> reward.logReward(GRID.states(64, states.toArray()))));
        }
        for (Future<double[]> result : results) {
          assertThat(result.get()).containsExactly(reference);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closedReward_failsClearly_andCloseIsIdempotent() {
    OnnxReward reward = OnnxReward.open(proxyModel(), GRID, Output.REWARD, "", "", 16);
    reward.close();
    reward.close();
    assertThatThrownBy(() -> reward.logReward(GRID.initialStates(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ONNX proxy reward " + proxyModel() + " is closed");
  }

  // ---- bad models: each fails at load or when scoring with a message naming the model and the tensor --------

  @Test
  void missingFile() {
    Path missing = folder.resolve("none.onnx");
    assertThatThrownBy(() -> OnnxReward.open(missing, GRID, Output.REWARD, "", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + missing + " does not exist");
  }

  @Test
  void fileThatIsNotOnnx() throws IOException {
    Path text = Files.writeString(folder.resolve("reward.onnx"), "this is not a model\n");
    assertThatThrownBy(() -> OnnxReward.open(text, GRID, Output.REWARD, "", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ONNX model " + text + " cannot be loaded: it is not a valid ONNX model for ONNX "
            + "Runtime (")
        .hasMessageNotContaining("\n");
  }

  @Test
  void inputOfTheWrongWidth() {
    Path model = TestModels.withInput(folder.resolve("w.onnx"), TensorProto.DataType.FLOAT, Dim.named("N"),
        Dim.of(10));
    assertThatThrownBy(() -> OnnxReward.open(model, GRID, Output.REWARD, "", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + model + ": input 'x' has shape [-1, 10] but environment 'hypergrid' encodes "
            + "states as [N, 16] (khot)");
  }

  @Test
  void inputOfTheWrongRank() {
    Path model = TestModels.withInput(folder.resolve("r.onnx"), TensorProto.DataType.FLOAT, Dim.named("N"));
    assertThatThrownBy(() -> OnnxReward.open(model, GRID, Output.REWARD, "", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + model + ": input 'x' has shape [-1] but environment 'hypergrid' encodes "
            + "states as [N, 16] (khot)");
  }

  @Test
  void inputOfTheWrongElementType() {
    Path model = TestModels.withInput(folder.resolve("t.onnx"), TensorProto.DataType.INT64, Dim.named("N"),
        Dim.of(16));
    assertThatThrownBy(() -> OnnxReward.open(model, GRID, Output.REWARD, "", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + model + ": input 'x' has element type int64 but environment 'hypergrid' "
            + "encodes states as float [N, 16] (khot)");
  }

  @Test
  void severalInputs() {
    Path model = TestModels.twoInputs(folder.resolve("i.onnx"), 16);
    assertThatThrownBy(() -> OnnxReward.open(model, GRID, Output.REWARD, "", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + model + " has 2 inputs [x, z] but a proxy reward expects exactly one input, "
            + "the encoded states [N, 16] (khot)");
  }

  @Test
  void namedInputThatDoesNotExist() {
    assertThatThrownBy(() -> OnnxReward.open(proxyModel(), GRID, Output.REWARD, "states", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + proxyModel() + " has no input 'states' (input_name); its inputs are [x]");
  }

  @Test
  void outputWithSeveralValuesPerState() {
    Path model = TestModels.withOutputWidth(folder.resolve("o.onnx"), 16, 3);
    assertThatThrownBy(() -> OnnxReward.open(model, GRID, Output.REWARD, "", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + model + ": output 'y' has shape [-1, 3] but a proxy reward reads one reward per "
            + "state, [N] or [N, 1]");
  }

  @Test
  void severalOutputs_needAName_andTheNamedOneIsRead() {
    Path model = TestModels.twoOutputs(folder.resolve("two.onnx"), 16);
    assertThatThrownBy(() -> OnnxReward.open(model, GRID, Output.REWARD, "", "", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + model + " has 2 outputs [a, b] but a proxy reward expects one output, the reward "
            + "of each state; choose one with output_name=NAME");
    assertThatThrownBy(() -> OnnxReward.open(model, GRID, Output.REWARD, "", "c", 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + model + " has no output 'c' (output_name); its outputs are [a, b]");
    DiscreteStates states = GRID.states(1, new int[] {3, 4});
    try (OnnxReward a = OnnxReward.open(model, GRID, Output.LOG_REWARD, "", "a", 16);
        OnnxReward b = OnnxReward.open(model, GRID, Output.LOG_REWARD, "", "b", 16)) {
      assertThat(a.logReward(states)).containsExactly(2.0); // two ones in the k-hot encoding
      assertThat(b.logReward(states)).containsExactly(4.0);
    }
  }

  @Test
  void outputThatIsNaN() {
    Path model = TestModels.affine(folder.resolve("nan.onnx"), 16, new float[16], Float.NaN, false);
    try (OnnxReward reward = OnnxReward.open(model, GRID, Output.REWARD, "", "", 16)) {
      assertThatThrownBy(() -> reward.logReward(GRID.states(2, new int[] {0, 0, 3, 1})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ONNX model " + model + ": output 'y' is NaN for state [0, 0] (row 0) of environment "
              + "'hypergrid'; expected a finite reward >= 0 (output=reward)");
    }
    try (OnnxReward reward = OnnxReward.open(model, GRID, Output.LOG_REWARD, "", "", 16)) {
      assertThatThrownBy(() -> reward.logReward(GRID.states(1, new int[] {3, 1})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ONNX model " + model + ": output 'y' is NaN for state [3, 1] (row 0) of environment "
              + "'hypergrid'; expected a finite log-reward or -inf (output=log_reward)");
    }
  }

  @Test
  void outputThatIsInfinite() {
    Path model = TestModels.affine(folder.resolve("inf.onnx"), 16, new float[16], Float.POSITIVE_INFINITY, false);
    for (Output output : Output.values()) {
      try (OnnxReward reward = OnnxReward.open(model, GRID, output, "", "", 16)) {
        assertThatThrownBy(() -> reward.logReward(GRID.states(2, new int[] {1, 2, 3, 1})))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("ONNX model " + model + ": output 'y' is Infinity for state [1, 2] (row 0)");
      }
    }
  }

  @Test
  void negativeReward_failsNamingTheState_butZeroIsLogRewardMinusInfinity() {
    float[] w = new float[16];
    w[8 + 5] = -1; // reward 0 everywhere except -1 where the second coordinate is 5
    Path model = TestModels.affine(folder.resolve("negative.onnx"), 16, w, 0f, false);
    try (OnnxReward reward = OnnxReward.open(model, GRID, Output.REWARD, "", "", 16)) {
      assertThat(reward.logReward(GRID.states(1, new int[] {2, 4}))).containsExactly(Double.NEGATIVE_INFINITY);
      assertThatThrownBy(() -> reward.logReward(GRID.states(3, new int[] {0, 0, 6, 6, 2, 5})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ONNX model " + model + ": output 'y' is -1.0 for state [2, 5] (row 2) of environment "
              + "'hypergrid'; expected a finite reward >= 0 (output=reward)");
    }
  }
}
