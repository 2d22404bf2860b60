package org.gfn4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
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

  /**
   * The GFLOP/s of {@code threads} threads each computing its own float 512x512x512 ND4J product at the same time
   * (the rate both cores reach together, which the estimators' passes on the side thread share): all the threads'
   * products over the wall time of a round, best of five rounds.
   */
  static double sgemmGflops(int threads) {
    if (threads <= 1) {
      return sgemmGflops();
    }
    int n = 512;
    CyclicBarrier barrier = new CyclicBarrier(threads + 1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        for (int round = 0; round < ROUNDS; round++) {
          await(barrier);
          for (int rep = 0; rep < PRODUCTS_PER_ROUND; rep++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
          }
          await(barrier);
        }
      }, "gfn4j-bench-sgemm-" + t);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    double best = 0;
    for (int round = 0; round < ROUNDS; round++) {
      await(barrier);
      long start = System.nanoTime();
      await(barrier);
      double seconds = (System.nanoTime() - start) / 1e9;
      best = Math.max(best, threads * PRODUCTS_PER_ROUND * 2.0 * n * n * n / seconds / 1e9);
    }
    return best;
  }

  private static final int ROUNDS = 5;
  private static final int PRODUCTS_PER_ROUND = 3;

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the sgemm rate", e);
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException("a thread measuring the sgemm rate failed", e);
    }
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
