package org.gfn4j.envs.dag;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link DagStructure}, torchgfn's {@code BayesianStructure} with the BGe score; registered as
 * {@code "dag-structure"}. The parameters and their defaults are those of torchgfn's
 * {@code tutorials/examples/train_bayesian_structure.py} ({@code num_nodes=5}, {@code num_edges=5},
 * {@code num_samples=100}, {@code prior=uniform}, {@code seed=0}).
 *
 * <p>By default the data are synthetic ({@link LinearGaussianData}): a seeded Erdos-Renyi DAG over
 * {@code num_nodes} nodes with {@code num_edges} expected edges (or edge probability {@code edge_prob}), edge
 * weights {@code Normal(0, 1)}, and {@code num_samples} linear-Gaussian samples with noise standard deviation 0.1.
 * With {@code data=path}, the samples are read from a CSV file (a header row of node names, one row of numbers per
 * sample), which sets the number of nodes; {@code num_nodes}, {@code num_edges}, {@code edge_prob},
 * {@code num_samples} and {@code seed} are then not used.
 */
public final class DagStructureProvider implements EnvironmentProvider {
  /** The provider name. */
  public static final String NAME = "dag-structure";
  /** Key of the number of nodes of synthetic data (torchgfn's {@code num_nodes}). */
  public static final String NUM_NODES = "num_nodes";
  /** Key of the expected number of edges of the generating DAG (torchgfn's {@code num_edges}). */
  public static final String NUM_EDGES = "num_edges";
  /** Key of the edge probability of the generating DAG (torchgfn's {@code p}); empty: from num_edges. */
  public static final String EDGE_PROB = "edge_prob";
  /** Key of the number of samples of synthetic data (torchgfn's {@code num_samples}). */
  public static final String NUM_SAMPLES = "num_samples";
  /** Key of the seed of synthetic data (torchgfn's {@code seed}). */
  public static final String SEED = "seed";
  /** Key of the graph prior (torchgfn's {@code prior_name}). */
  public static final String PRIOR = "prior";
  /** Key of the path of a CSV data file; empty for synthetic data. */
  public static final String DATA = "data";

  static final String OWNER = "environment '" + NAME + "'";

  private static final int MAX_EDGES = DagStructure.MAX_NODES * (DagStructure.MAX_NODES - 1) / 2;

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(NUM_NODES, 5, 1, DagStructure.MAX_NODES,
          "number of nodes of synthetic data: a state is a DAG over them, n*n adjacency entries (exact evaluation"
              + " up to 5 nodes)"),
      ParameterSpec.integer(NUM_EDGES, 5, 0, MAX_EDGES,
          "expected number of edges of the generating Erdos-Renyi DAG (at most n(n-1)/2): edge probability"
              + " num_edges / (n(n-1)/2)"),
      ParameterSpec.text(EDGE_PROB, "",
          "edge probability of the generating DAG in [0, 1], instead of num_edges (empty: from num_edges)"),
      ParameterSpec.integer(NUM_SAMPLES, 100, 1, 1_000_000, "number of synthetic linear-Gaussian samples"),
      ParameterSpec.integer(SEED, 0, 0, Integer.MAX_VALUE, "seed of the synthetic DAG, its weights and samples"),
      ParameterSpec.choice(PRIOR, "uniform",
          "prior over graphs added to the BGe score: uniform, erdos_renyi (one expected edge per node; needs 4+"
              + " nodes), fair (-log C(n, parents) per node)",
          "uniform", "erdos_renyi", "fair"),
      ParameterSpec.text(DATA, "",
          "CSV file of samples (header row of node names, one row of numbers per sample) instead of synthetic"
              + " data; empty: synthetic"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Bayesian structure learning: DAGs built edge by edge, reward the BGe score of linear-Gaussian data"
        + " (torchgfn's BayesianStructure, DAG-GFlowNet)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Builds the environment, generating or reading its data.
   *
   * @throws IllegalArgumentException for a malformed {@code edge_prob}, more expected edges than
   *     {@code n(n-1)/2}, an unreadable or malformed data file, or a prior that does not fit the number of nodes
   */
  @Override
  public DagStructure create(Parameters parameters) {
    requireNonNull(parameters, "parameters is null");
    String file = parameters.getString(DATA);
    DagData data = file.isEmpty() ? synthetic(parameters)
        : CsvData.load(Path.of(file), DagStructure.MAX_NODES);
    GraphPrior prior = GraphPrior.of(parameters.getString(PRIOR));
    try {
      prior.logPriorByParentCount(data.nodes());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(OWNER + ": " + e.getMessage(), e);
    }
    return new DagStructure(parameters, data, prior);
  }

  private static DagData synthetic(Parameters parameters) {
    int n = parameters.getInt(NUM_NODES);
    int pairs = n * (n - 1) / 2;
    String edgeProb = parameters.getString(EDGE_PROB);
    double p;
    if (edgeProb.isEmpty()) {
      int edges = parameters.getInt(NUM_EDGES);
      if (edges > pairs) {
        throw new IllegalArgumentException(OWNER + ": num_edges=" + edges + " exceeds the " + pairs + " edges a DAG"
            + " over num_nodes=" + n + " nodes can have; give num_edges <= " + pairs + " or edge_prob");
      }
      p = pairs == 0 ? 0 : edges / (double) pairs;
    } else {
      p = parseProbability(edgeProb);
    }
    return LinearGaussianData.sample(n, p, parameters.getInt(NUM_SAMPLES), parameters.getInt(SEED));
  }

  private static double parseProbability(String text) {
    double p;
    try {
      p = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(OWNER + ": edge_prob=" + text + " is invalid; expected a number in [0, 1]"
          + " or nothing", e);
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(OWNER + ": edge_prob=" + text + " is invalid; expected a number in [0, 1]"
          + " or nothing");
    }
    return p;
  }
}
