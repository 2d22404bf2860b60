package org.gfn4j.envs.dag;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A data set for structure learning: samples of named variables and, for synthetic data, the DAG that generated
 * them.
 *
 * @param nodeNames one name per variable, in column order
 * @param samples {@code N} rows of {@code n} values (owned by this record; not copied)
 * @param trueGraph the generating DAG as rows ({@code trueGraph[i]}, bit {@code j} for the edge {@code i -> j}),
 *     empty for data read from a file
 * @param origin where the data came from, for messages ({@code "synthetic linear-Gaussian data, seed 0"})
 */
record DagData(List<String> nodeNames, double[][] samples, Optional<int[]> trueGraph, String origin) {
  DagData {
    nodeNames = List.copyOf(requireNonNull(nodeNames, "nodeNames is null"));
    requireNonNull(samples, "samples is null");
    requireNonNull(trueGraph, "trueGraph is null");
    requireNonNull(origin, "origin is null");
  }

  /** Number of variables. */
  int nodes() {
    return nodeNames.size();
  }
}
