package org.gfn4j.api.env;

import java.util.SplittableRandom;

/** Mean and variance of a 1-D {@link ContinuousTarget} estimated from its exact sampler with a fixed seed. */
final class TargetMoments {
  private static final int SAMPLES = 200_000;
  private static final long SEED = 20_261_201L;

  private TargetMoments() {}

  static double[] of(ContinuousTarget target) {
    if (target.pointDim() != 1) {
      throw new IllegalStateException("a mean and a variance describe 1-D points, but the target's points have "
          + target.pointDim() + " coordinates");
    }
    return ContinuousTarget.meanAndVariance(target.sampleTarget(SAMPLES, new SplittableRandom(SEED)));
  }
}
