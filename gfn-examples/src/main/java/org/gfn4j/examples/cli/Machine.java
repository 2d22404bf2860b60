package org.gfn4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the benchmark measures about the machine itself: its sgemm rate and the process's memory. */
final class Machine {
  private Machine() {}

  /** Best-of-five GFLOP/s of a float 512x512x512 ND4J product on the current OpenMP thread count. */
  static double sgemmGflops() {
    int n = 512;
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    double best = 0;
    for (int rep = 0; rep < 8; rep++) {
      long start = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      double seconds = (System.nanoTime() - start) / 1e9;
      best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
    }
    return best;
  }

  /** The process's peak resident set size in MiB (VmHWM), or NaN where /proc is not available. */
  static double peakRssMib() {
    return procStatus("VmHWM:");
  }

  /** The process's current resident set size in MiB (VmRSS), or NaN. */
  static double rssMib() {
    return procStatus("VmRSS:");
  }

  private static double procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Double.parseDouble(line.substring(key.length()).trim().split("\\s+")[0]) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
