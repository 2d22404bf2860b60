package org.gfn4j.envs;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.envs.box.BoxProvider;
import org.gfn4j.envs.line.LineProvider;
import org.gfn4j.testkit.ContinuousConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The continuous conformance kit passes box and line and catches a broken forward head, naming the problem. */
class ContinuousConformanceTest {
  private static final long SEED = 20240611L;

  @Test
  void box_defaults_passes() {
    BoxProvider provider = new BoxProvider();
    ContinuousConformance.check(provider.create(Parameters.defaults("environment 'box'", provider.parameters())),
        SEED);
  }

  @Test
  void box_delta025_passes() {
    BoxProvider provider = new BoxProvider();
    ContinuousConformance.check(provider.create(
        Parameters.parse("environment 'box'", provider.parameters(), Map.of("delta", "0.25"))), SEED);
  }

  @Test
  void line_defaults_passes() {
    LineProvider provider = new LineProvider();
    ContinuousConformance.check(provider.create(Parameters.defaults("environment 'line'", provider.parameters())),
        SEED);
  }

  /** One deliberate defect of the forward head of a wrapped line, and a fragment of the message it must cause. */
  enum Flaw {
    NONE(null),
    LOG_PROBABILITY_OFFSET("make 1.10"),
    GRADIENT_SCALED("by central differences"),
    SAMPLE_DISAGREES("but logProbabilities gives"),
    NAN_OUTPUTS_IGNORED("with NaN in every output of row 1 of 3 copies of the state did not throw");

    final String message;

    Flaw(String message) {
      this.message = message;
    }
  }

  @ParameterizedTest
  @EnumSource(Flaw.class)
  void kit_catchesABrokenForwardHead(Flaw flaw) {
    LineProvider provider = new LineProvider();
    ContinuousEnvironment line = provider.create(Parameters.defaults("environment 'line'", provider.parameters()));
    ContinuousEnvironment env = new Wrapped(line, flaw);
    if (flaw.message == null) {
      assertThatCode(() -> ContinuousConformance.check(env, SEED)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> ContinuousConformance.check(env, SEED)).isInstanceOf(AssertionError.class)
          .hasMessageContaining("environment 'line'").hasMessageContaining(flaw.message);
    }
  }

  /** A continuous environment delegating to another, its states re-owned, with a flaw in its forward head. */
  static final class Wrapped implements ContinuousEnvironment {
    private final ContinuousEnvironment inner;
    private final Flaw flaw;
    private final PolicyHead<ContinuousStates, VectorActions> forward;
    private final PolicyHead<ContinuousStates, VectorActions> backward;

    Wrapped(ContinuousEnvironment inner, Flaw flaw) {
      this.inner = requireNonNull(inner, "inner is null");
      this.flaw = flaw;
      this.forward = new Head(inner.forwardHead(), true);
      this.backward = new Head(inner.backwardHead(), false);
    }

    ContinuousStates in(ContinuousStates states) {
      own(states);
      return new ContinuousStates(inner, states.size(), states.toArray(), initialFlags(states), states.conditions());
    }

    ContinuousStates out(ContinuousStates states) {
      return new ContinuousStates(this, states.size(), states.toArray(), initialFlags(states), states.conditions());
    }

    private static boolean[] initialFlags(ContinuousStates states) {
      boolean[] initial = new boolean[states.size()];
      for (int row = 0; row < initial.length; row++) {
        initial[row] = states.isInitial(row);
      }
      return initial;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public Parameters parameters() {
      return inner.parameters();
    }

    @Override
    public int encodingDim() {
      return inner.encodingDim();
    }

    @Override
    public String encoding() {
      return inner.encoding();
    }

    @Override
    public int stateDim() {
      return inner.stateDim();
    }

    @Override
    public int actionDim() {
      return inner.actionDim();
    }

    @Override
    public ContinuousStates initialStates(int n, Conditions conditions) {
      return out(inner.initialStates(n, conditions));
    }

    @Override
    public ContinuousStates step(ContinuousStates states, VectorActions actions) {
      return out(inner.step(in(states), actions));
    }

    @Override
    public ContinuousStates backwardStep(ContinuousStates states, VectorActions actions) {
      return out(inner.backwardStep(in(states), actions));
    }

    @Override
    public VectorActions backwardActions(ContinuousStates states, VectorActions forwardActions,
        ContinuousStates next) {
      return inner.backwardActions(in(states), forwardActions, in(next));
    }

    @Override
    public double[] logReward(ContinuousStates terminalStates) {
      return inner.logReward(in(terminalStates));
    }

    @Override
    public void encode(ContinuousStates states, float[] features) {
      inner.encode(in(states), features);
    }

    @Override
    public PolicyHead<ContinuousStates, VectorActions> forwardHead() {
      return forward;
    }

    @Override
    public PolicyHead<ContinuousStates, VectorActions> backwardHead() {
      return backward;
    }

    /** The inner head on re-owned states; the forward one carries the flaw. */
    final class Head implements PolicyHead<ContinuousStates, VectorActions> {
      private final PolicyHead<ContinuousStates, VectorActions> head;
      private final boolean flawed;

      Head(PolicyHead<ContinuousStates, VectorActions> head, boolean flawed) {
        this.head = head;
        this.flawed = flawed;
      }

      /** The outputs, with NaN replaced by 0 where the flaw hides NaN outputs. */
      private double[] clean(double[] outputs) {
        if (!flawed || flaw != Flaw.NAN_OUTPUTS_IGNORED) {
          return outputs;
        }
        double[] cleaned = outputs.clone();
        for (int i = 0; i < cleaned.length; i++) {
          cleaned[i] = Double.isNaN(cleaned[i]) ? 0 : cleaned[i];
        }
        return cleaned;
      }

      @Override
      public String name() {
        return head.name();
      }

      @Override
      public int outputDim() {
        return head.outputDim();
      }

      @Override
      public SampledActions<VectorActions> sample(ContinuousStates states, double[] outputs,
          Exploration exploration, RandomGenerator random) {
        SampledActions<VectorActions> sampled = head.sample(in(states), clean(outputs), exploration, random);
        double[] logp = sampled.logProbabilities().clone();
        for (int row = 0; row < logp.length; row++) {
          if (flawed && (flaw == Flaw.LOG_PROBABILITY_OFFSET || flaw == Flaw.SAMPLE_DISAGREES)
              && !sampled.actions().isExit(row)) {
            logp[row] += 0.1;
          }
        }
        return new SampledActions<>(sampled.actions(), logp);
      }

      @Override
      public LogProbabilities logProbabilities(ContinuousStates states, double[] outputs, VectorActions actions) {
        LogProbabilities logp = head.logProbabilities(in(states), clean(outputs), actions);
        double[] values = logp.values().clone();
        if (flawed && flaw == Flaw.LOG_PROBABILITY_OFFSET) {
          for (int row = 0; row < values.length; row++) {
            values[row] += actions.isExit(row) ? 0 : 0.1;
          }
        }
        double scale = flawed && flaw == Flaw.GRADIENT_SCALED ? 1.01 : 1;
        return new LogProbabilities() {
          @Override
          public double[] values() {
            return values;
          }

          @Override
          public void addGradient(double[] upstream, double[] outputGradient) {
            double[] scaled = upstream.clone();
            for (int row = 0; row < scaled.length; row++) {
              scaled[row] *= scale;
            }
            logp.addGradient(scaled, outputGradient);
          }
        };
      }
    }
  }
}
