package org.gfn4j.core.eval;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.ContinuousTarget;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.sampling.Sampler;

/**
 * Evaluation of a continuous environment whose target can be sampled exactly ({@link ContinuousTarget}): fresh
 * samples of the learned sampler against exact target samples drawn once. For 2-D points the JSD between kernel
 * density estimates on a grid ({@link KernelDensityJsd}, torchgfn's Box measure); for 1-D points the samples' mean
 * and variance beside the target's. Both report the learned log Z against the target's when it is known.
 *
 * <p>Its state ({@link #writeState}) is the position of its random stream, a
 * {@link org.gfn4j.core.random.RandomStream}. The target samples are drawn when it is built, so an evaluator built
 * the same way from the same seed has the same target density, which {@link #readState} checks.
 */
public final class SampleEvaluator implements Evaluator {
  /** torchgfn's number of validation samples. */
  public static final int DEFAULT_SAMPLES = 10_000;
  private static final int CHUNK = 2048;
  private static final String OWNER = "sample evaluator";

  private final ContinuousEnvironment environment;
  private final ContinuousTarget target;
  private final RewardFunction reward;
  private final int samples;
  private final RandomGenerator random;
  private final KernelDensityJsd kde;
  private final double[] targetDensity;

  /**
   * @param environment a continuous environment that implements {@link ContinuousTarget}, with its own reward
   * @param reward the reward in force (the environment's own: the target is the environment's)
   * @param samples fresh samples per evaluation, and exact target samples (drawn once)
   * @param random the source of both; a {@link org.gfn4j.core.random.RandomStream} (as {@code Seeds.stream}
   *     returns) for {@link #writeState} to save its position
   * @throws IllegalArgumentException if the environment's target cannot be sampled or its points are not 1-D or 2-D
   */
  public SampleEvaluator(ContinuousEnvironment environment, RewardFunction reward, int samples,
      RandomGenerator random) {
    this.environment = requireNonNull(environment, "environment is null");
    this.reward = requireNonNull(reward, "reward is null");
    this.random = requireNonNull(random, "random is null");
    if (!(environment instanceof ContinuousTarget sampleable)) {
      throw new IllegalArgumentException("environment '" + environment.name() + "' cannot sample its target: "
          + "sample-based evaluation needs an environment implementing ContinuousTarget");
    }
    this.target = sampleable;
    if (samples < 2) {
      throw new IllegalArgumentException("sample-based evaluation needs at least 2 samples, got " + samples);
    }
    this.samples = samples;
    if (target.pointDim() == 2) {
      kde = KernelDensityJsd.torchgfn(target.domainLow(), target.domainHigh());
      targetDensity = kde.density(target.sampleTarget(samples, random));
    } else if (target.pointDim() == 1) {
      kde = null;
      targetDensity = null;
    } else {
      throw new IllegalArgumentException("environment '" + environment.name() + "': sample-based evaluation compares "
          + "1-D or 2-D points, not " + target.pointDim() + "-D");
    }
  }

  @Override
  public List<String> metricNames() {
    return kde != null ? List.of(Evaluation.JSD_KDE, Evaluation.LOGZ_ERROR)
        : List.of(Evaluation.SAMPLE_MEAN, Evaluation.SAMPLE_VARIANCE, Evaluation.TARGET_MEAN,
            Evaluation.TARGET_VARIANCE, Evaluation.LOGZ_ERROR);
  }

  /** The points of {@code samples} fresh terminal states of {@code model}'s forward policy. */
  public double[] samplePoints(GFlowNet model) {
    Sampler<ContinuousStates, ?> sampler = new Sampler<>(environment, model.forwardPolicy(), reward);
    int width = target.pointDim();
    double[] points = new double[samples * width];
    for (int done = 0; done < samples; done += CHUNK) {
      int n = Math.min(CHUNK, samples - done);
      Trajectories batch = sampler.sample(n, Exploration.NONE, random);
      double[] chunk = new double[n * width];
      target.points((ContinuousStates) batch.terminalStates(), chunk);
      System.arraycopy(chunk, 0, points, done * width, chunk.length);
    }
    return points;
  }

  @Override
  public Evaluation evaluate(GFlowNet model) {
    double[] points = samplePoints(model);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (kde != null) {
      metrics.put(Evaluation.JSD_KDE, Divergences.jsd(kde.density(points), targetDensity));
    } else {
      double[] moments = ContinuousTarget.meanAndVariance(points);
      metrics.put(Evaluation.SAMPLE_MEAN, moments[0]);
      metrics.put(Evaluation.SAMPLE_VARIANCE, moments[1]);
      metrics.put(Evaluation.TARGET_MEAN, target.targetMean());
      metrics.put(Evaluation.TARGET_VARIANCE, target.targetVariance());
    }
    double logZTrue = target.logPartition();
    metrics.put(Evaluation.LOGZ, model.logZ());
    metrics.put(Evaluation.LOGZ_TRUE, logZTrue);
    metrics.put(Evaluation.LOGZ_ERROR, model.learnsLogZ() ? Math.abs(model.logZ() - logZTrue) : Double.NaN);
    return new Evaluation(metrics);
  }

  /**
   * Writes the number of samples, the point width, a hash of the target density, then the stream's position.
   *
   * @throws IllegalStateException if its random source is not a RandomStream
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(samples);
    out.writeInt(target.pointDim());
    out.writeInt(Arrays.hashCode(targetDensity));
    StreamState.write(random, true, OWNER, out);
  }

  /**
   * Restores a state {@link #writeState} wrote; changes nothing unless the whole state is read and fits.
   *
   * @throws IllegalArgumentException naming what differs when the checkpoint's samples, point width or target
   *     density are not this evaluator's
   */
  @Override
  public void readState(DataInput in) throws IOException {
    check("samples per evaluation", in.readInt(), samples);
    check("point width", in.readInt(), target.pointDim());
    if (in.readInt() != Arrays.hashCode(targetDensity)) {
      throw new IllegalArgumentException(OWNER + " state: the target density differs from the checkpoint's (target "
          + "samples drawn from another seed?)");
    }
    StreamState.read(random, true, OWNER, in).run();
  }

  private static void check(String what, int saved, int run) {
    if (saved != run) {
      throw new IllegalArgumentException(OWNER + " state: " + what + " " + saved + " in the checkpoint, " + run
          + " in the run");
    }
  }
}
