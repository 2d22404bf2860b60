package org.gfn4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.fixtures.ConditionalTinyGrid;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.fixtures.UnitCube;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.random.RandomStream;
import org.gfn4j.core.random.Seeds;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.core.state.Stateful;
import org.junit.jupiter.api.Test;

class EvaluatorStateTest {
  private static final long SEED = 7;

  private final TinyGrid grid = new TinyGrid(3);
  private final RewardFunction reward = new EnvironmentRewardProvider().create(null, grid);
  private final GFlowNet model = new GFlowNet(grid, reward, new UniformEstimator(6, 3), new UniformEstimator(6, 2),
      0.5);

  private static byte[] state(Stateful part) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    part.writeState(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static void restore(Stateful part, byte[] state) throws IOException {
    part.readState(new DataInputStream(new ByteArrayInputStream(state)));
  }

  private static List<Trajectories> batches(DiscreteEnvironment environment, GFlowNet model, int count) {
    Sampler<?, ?> sampler = new Sampler<>(environment, model.forwardPolicy(), model.reward());
    RandomStream random = new RandomStream(11);
    return IntStream.range(0, count).mapToObj(i -> sampler.sample(24, Exploration.NONE, random))
        .toList();
  }

  /**
   * Observes two batches and evaluates after each, saves the state, then evaluates, observes a third batch and
   * evaluates again; a fresh evaluator built from the same seed and restored from the state must give the same
   * two evaluations, and one not restored must not.
   */
  private static void assertResumesExactly(LongFunction<Evaluator> build, List<Trajectories> batches,
      GFlowNet model) throws IOException {
    Evaluator original = build.apply(SEED);
    for (int i = 0; i < 2; i++) {
      if (!batches.isEmpty()) {
        original.observe(batches.get(i));
      }
      original.evaluate(model);
    }
    byte[] saved = state(original);
    Evaluation first = original.evaluate(model);
    if (!batches.isEmpty()) {
      original.observe(batches.get(2));
    }
    Evaluation second = original.evaluate(model);

    Evaluator restored = build.apply(SEED);
    restore(restored, saved);
    assertThat(restored.evaluate(model)).isEqualTo(first);
    if (!batches.isEmpty()) {
      restored.observe(batches.get(2));
    }
    assertThat(restored.evaluate(model)).isEqualTo(second);
    assertThat(state(restored)).isEqualTo(state(original));
    assertThat(build.apply(SEED).evaluate(model)).as("an evaluator not restored").isNotEqualTo(first);
  }

  private ExactEvaluator exact(long seed) {
    return new ExactEvaluator(grid, reward, 64, Seeds.stream(seed, Seeds.EVALUATION));
  }

  @Test
  void exactEvaluator_restored_continuesWithTheSameModesAndSampledL1() throws IOException {
    List<Trajectories> batches = batches(grid, model, 3);
    ExactEvaluator probe = exact(SEED);
    batches.subList(0, 2).forEach(probe::observe);
    Evaluation atSave = probe.evaluate(model);
    assertThat(atSave.get(Evaluation.MODES_FOUND)).as("modes found before the save").isEqualTo(1);
    assertThat(atSave.get(Evaluation.L1_SAMPLED)).isFinite();
    assertResumesExactly(this::exact, batches, model);
  }

  @Test
  void derivedExactEvaluator_savesTheStreamItSharesWithItsBase() throws IOException {
    assertResumesExactly(seed -> exact(seed).towards(Optional.empty(), 2.0), batches(grid, model, 3), model);
  }

  @Test
  void exactEvaluator_rejectsAnotherStateGraph_andAStateThatIsNotAMode() throws IOException {
    ExactEvaluator evaluator = exact(SEED);
    batches(grid, model, 2).forEach(evaluator::observe);
    byte[] saved = state(evaluator);
    TinyGrid grid4 = new TinyGrid(4);
    ExactEvaluator other = new ExactEvaluator(grid4, new EnvironmentRewardProvider().create(null, grid4), 64,
        Seeds.stream(SEED, Seeds.EVALUATION));
    assertThatThrownBy(() -> restore(other, saved)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exact evaluator state: 9 states in the checkpoint, 16 in the run");
    byte[] notAMode = saved.clone();
    notAMode[15] = 3; // the index of the one mode found, [2, 2] = 8, becomes 3
    assertThatThrownBy(() -> restore(exact(SEED), notAMode)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exact evaluator state: state 3 is a mode found in the checkpoint but not a mode of the run's "
            + "target");
  }

  @Test
  void exactEvaluator_truncatedState_failsWithEof_andChangesNothing() throws IOException {
    ExactEvaluator evaluator = exact(SEED);
    batches(grid, model, 2).forEach(evaluator::observe);
    evaluator.evaluate(model);
    byte[] saved = state(evaluator);
    ExactEvaluator fresh = exact(SEED);
    byte[] before = state(fresh);
    for (int cut : new int[] {saved.length - 1, 12, 2}) {
      assertThatThrownBy(() -> restore(fresh, Arrays.copyOf(saved, cut))).isInstanceOf(EOFException.class);
      assertThat(state(fresh)).as("state after a checkpoint cut at %d bytes", cut).isEqualTo(before);
    }
  }

  @Test
  void exactEvaluator_drawingFromAGeneratorWithoutPosition_cannotSave_unlessItNeverDraws() throws IOException {
    assertThatThrownBy(() -> state(new ExactEvaluator(grid, reward, 64, new SplittableRandom(1))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot save its position");
    ExactEvaluator exactOnly = new ExactEvaluator(grid, reward, 0, new SplittableRandom(1));
    batches(grid, model, 1).forEach(exactOnly::observe);
    ExactEvaluator restored = new ExactEvaluator(grid, reward, 0, new SplittableRandom(1));
    restore(restored, state(exactOnly));
    assertThat(restored.evaluate(model)).isEqualTo(exactOnly.evaluate(model));
  }

  @Test
  void conditionalEvaluator_restored_continuesWithEachConditionsModesAndTheSharedStream() throws IOException {
    ConditionalTinyGrid conditional = new ConditionalTinyGrid(3);
    RewardFunction conditionalReward = new EnvironmentRewardProvider().create(null, conditional);
    GFlowNet conditionalModel = new GFlowNet(conditional, conditionalReward, new UniformEstimator(7, 3),
        new UniformEstimator(7, 2), 0.5);
    LongFunction<Evaluator> build = seed -> new ConditionalEvaluator(new ExactEvaluator(conditional,
        conditionalReward, 32, Seeds.stream(seed, Seeds.EVALUATION)), List.of(0.0, 0.5, 1.0));
    List<Trajectories> batches = batches(conditional, conditionalModel, 3);
    Evaluator probe = build.apply(SEED);
    batches.subList(0, 2).forEach(probe::observe);
    Evaluation atSave = probe.evaluate(conditionalModel);
    assertThat(atSave.byCondition().get("0").get(Evaluation.MODES_FOUND)).isPositive();
    assertThat(atSave.byCondition().get("1").get(Evaluation.MODES_FOUND)).isPositive();
    assertResumesExactly(build, batches, conditionalModel);

    byte[] saved = state(probe);
    ExactEvaluator graph = new ExactEvaluator(conditional, conditionalReward, 32, Seeds.stream(SEED,
        Seeds.EVALUATION));
    assertThatThrownBy(() -> restore(new ConditionalEvaluator(graph, List.of(0.0, 1.0)), saved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conditional evaluator state: 3 conditions in the checkpoint, 2 in the run [0, 1]");
    assertThatThrownBy(() -> restore(new ConditionalEvaluator(graph, List.of(0.0, 0.25, 1.0)), saved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conditional evaluator state: condition 1 is 0.5 in the checkpoint, 0.25 in the run");
    Evaluator fresh = build.apply(SEED);
    byte[] before = state(fresh);
    assertThatThrownBy(() -> restore(fresh, Arrays.copyOf(saved, saved.length - 3)))
        .isInstanceOf(EOFException.class);
    assertThat(state(fresh)).isEqualTo(before);
  }

  private static SampleEvaluator sampleEvaluator(UnitCube cube, int samples, long seed) {
    return new SampleEvaluator(cube, new EnvironmentRewardProvider().create(null, cube), samples,
        Seeds.stream(seed, Seeds.EVALUATION));
  }

  private static GFlowNet cubeModel(UnitCube cube) {
    return new GFlowNet(cube, new EnvironmentRewardProvider().create(null, cube),
        new UniformEstimator(cube.encodingDim(), 1), new UniformEstimator(cube.encodingDim(), 1), 0.25);
  }

  @Test
  void sampleEvaluator_restored_drawsTheSameSamples_againstTheSameTargetDensity() throws IOException {
    for (int dim : new int[] {1, 2}) {
      UnitCube cube = new UnitCube(dim);
      assertResumesExactly(seed -> sampleEvaluator(cube, 300, seed), List.of(), cubeModel(cube));
    }
  }

  @Test
  void sampleEvaluator_rejectsAnotherSampleCount_orATargetDrawnFromAnotherSeed() throws IOException {
    UnitCube cube = new UnitCube(2);
    SampleEvaluator evaluator = sampleEvaluator(cube, 300, SEED);
    evaluator.evaluate(cubeModel(cube));
    byte[] saved = state(evaluator);
    assertThatThrownBy(() -> restore(sampleEvaluator(cube, 200, SEED), saved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample evaluator state: samples per evaluation 300 in the checkpoint, 200 in the run");
    assertThatThrownBy(() -> restore(sampleEvaluator(cube, 300, SEED + 1), saved))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target density differs");
    SampleEvaluator fresh = sampleEvaluator(cube, 300, SEED);
    byte[] before = state(fresh);
    assertThatThrownBy(() -> restore(fresh, Arrays.copyOf(saved, saved.length - 1)))
        .isInstanceOf(EOFException.class);
    assertThat(state(fresh)).isEqualTo(before);
  }

  @Test
  void aStatelessEvaluator_writesNothing() throws IOException {
    Evaluator stateless = new Evaluator() {
      @Override
      public Evaluation evaluate(GFlowNet model) {
        return new Evaluation(Map.of());
      }

      @Override
      public List<String> metricNames() {
        return List.of();
      }
    };
    assertThat(state(stateless)).isEmpty();
    restore(stateless, new byte[0]);
  }
}
