package org.gfn4j.core.eval;

/**
 * The Jensen-Shannon divergence between kernel density estimates of two samples of 2-D points, torchgfn's measure
 * for the Box environment ({@code train_box.py}): each sample's density with the exponential kernel
 * {@code exp(-|x - x_i| / h)} (Euclidean distance, bandwidth {@code h}) evaluated on an {@code n x n} grid spanning
 * the domain ({@code linspace(low + 0.001 (high - low), high, n)} per axis, as torchgfn's {@code get_test_states}),
 * normalised to sum to one over the grid, then {@code (KL(p || m) + KL(q || m)) / 2} with {@code m = (p + q) / 2}
 * in nats. The kernel's normalising constant cancels in the normalisation.
 */
public final class KernelDensityJsd {
  /** torchgfn's bandwidth. */
  public static final double BANDWIDTH = 0.1;
  /** torchgfn's grid size per axis. */
  public static final int GRID = 100;

  private final double[] low;
  private final double[] high;
  private final double bandwidth;
  private final int grid;

  /**
   * @param low lower corner of the domain (2 values)
   * @param high upper corner (2 values)
   * @param bandwidth kernel bandwidth (positive)
   * @param grid points per axis (at least 2)
   */
  public KernelDensityJsd(double[] low, double[] high, double bandwidth, int grid) {
    if (low.length != 2 || high.length != 2 || !(high[0] > low[0]) || !(high[1] > low[1])) {
      throw new IllegalArgumentException("a 2-D density estimate needs a domain low < high in 2 coordinates, got "
          + java.util.Arrays.toString(low) + " to " + java.util.Arrays.toString(high));
    }
    if (!(bandwidth > 0) || grid < 2) {
      throw new IllegalArgumentException("bandwidth must be positive and the grid at least 2, got " + bandwidth
          + " and " + grid);
    }
    this.low = low.clone();
    this.high = high.clone();
    this.bandwidth = bandwidth;
    this.grid = grid;
  }

  /** torchgfn's settings over the given domain. */
  public static KernelDensityJsd torchgfn(double[] low, double[] high) {
    return new KernelDensityJsd(low, high, BANDWIDTH, GRID);
  }

  /**
   * The density estimate of {@code points} ({@code n * 2} values, row-major) on the grid, normalised to sum to 1
   * ({@code grid * grid} values, the first axis slowest).
   */
  public double[] density(double[] points) {
    int n = points.length / 2;
    if (n == 0 || points.length % 2 != 0) {
      throw new IllegalArgumentException("a density estimate needs a non-empty list of 2-D points, got "
          + points.length + " values");
    }
    double[] xs = axis(0);
    double[] ys = axis(1);
    double[] density = new double[grid * grid];
    double inverse = 1 / bandwidth;
    double total = 0;
    for (int i = 0; i < grid; i++) {
      for (int j = 0; j < grid; j++) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
          double dx = xs[i] - points[2 * k];
          double dy = ys[j] - points[2 * k + 1];
          sum += Math.exp(-Math.sqrt(dx * dx + dy * dy) * inverse);
        }
        density[i * grid + j] = sum;
        total += sum;
      }
    }
    for (int c = 0; c < density.length; c++) {
      density[c] /= total;
    }
    return density;
  }

  /** The JSD (nats) between the density estimates of two samples. */
  public double between(double[] points, double[] otherPoints) {
    return Divergences.jsd(density(points), density(otherPoints));
  }

  private double[] axis(int d) {
    double[] values = new double[grid];
    double start = low[d] + 0.001 * (high[d] - low[d]);
    for (int i = 0; i < grid; i++) {
      values[i] = start + (high[d] - start) * i / (grid - 1);
    }
    return values;
  }
}
