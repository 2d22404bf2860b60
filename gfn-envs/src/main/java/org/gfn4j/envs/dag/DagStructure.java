package org.gfn4j.envs.dag;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.param.Parameters;

/**
 * Bayesian structure learning with a GFlowNet (DAG-GFlowNet: Deleu et al., "Bayesian Structure Learning with
 * Generative Flow Networks", UAI 2022), torchgfn's {@code BayesianStructure}: a state is a DAG over {@code n} nodes,
 * its adjacency matrix written row-major as {@code n * n} 0/1 entries (entry {@code i * n + j} for the edge
 * {@code i -> j}), starting from the empty graph.
 *
 * <p>Forward action {@code i * n + j} adds the edge {@code i -> j}; it is masked for a self loop, an existing edge,
 * and an edge that would close a cycle (a path {@code j ~> i} exists, read from the transitive closure of the
 * state, computed from its adjacency bits). Action {@code n * n} exits and is allowed at every state, so every
 * DAG is a terminal object. Backward action {@code b} removes the edge that forward action {@code b} adds, and is
 * allowed where that edge exists. The log-reward is the BGe score of the data ({@link BgeScore}, with the graph
 * prior) relative to the empty graph, which scores 0, as in torchgfn; the reward is thus the unnormalised
 * posterior {@code p(G | D)}. The data are described in {@link DagStructureProvider}. The encoding is the
 * adjacency entries as floats ({@code adjacency}, {@code n * n} features).
 *
 * <p>For {@code n <= }{@value #MAX_ENUMERABLE_NODES} every DAG is enumerated (1, 3, 25, 543 and 29,281 of them for
 * {@code n = 1 .. 5}), ascending by the number whose bit {@code i * n + j} is the edge {@code i -> j}; the index is
 * a binary search (the list is built on first use). Larger graphs make {@link #stateCount}, {@link #allStates}
 * and {@link #indexOf} throw {@link IllegalStateException}. Instances are immutable (apart from a cache of local scores) and thread-safe:
 *
 * <pre>{@code
 * DagStructure env = DagStructure.of(Map.of("num_nodes", "4", "num_edges", "3"));
 * DagPosterior exact = DagPosterior.exact(env);
 * double[] marginals = exact.edgeMarginals();
 * }</pre>
 */
public final class DagStructure extends AbstractDiscreteEnvironment implements Enumerable {
  /** The largest difference between the learned and the exact edge marginals, over all ordered pairs. */
  public static final String EDGE_MARGINAL_MAX_ERROR = "edge_marginal_max_error";
  /** The mean of those differences. */
  public static final String EDGE_MARGINAL_MEAN_ERROR = "edge_marginal_mean_error";
  /** The learned sampler's expected structural Hamming distance to the true graph (NaN without one). */
  public static final String EXPECTED_SHD = "expected_shd";
  /** The learned sampler's expected number of edges. */
  public static final String EXPECTED_EDGES = "expected_edges";
  private static final List<String> DISTRIBUTION_METRICS = List.of(EDGE_MARGINAL_MAX_ERROR,
      EDGE_MARGINAL_MEAN_ERROR, EXPECTED_SHD, EXPECTED_EDGES);

  /** The most nodes accepted. */
  public static final int MAX_NODES = 20;

  /** The most nodes whose DAGs are enumerated. */
  public static final int MAX_ENUMERABLE_NODES = 5;

  private final int n;
  private final DagData data;
  private final BgeScore score;
  private final GraphPrior prior;
  private volatile DagPosterior exactPosterior;
  /** Every DAG in index order, listed on first use (null until then). */
  private volatile long[] dags;

  DagStructure(Parameters parameters, DagData data, GraphPrior prior) {
    super(DagStructureProvider.NAME, parameters, data.nodes() * data.nodes(), data.nodes() * data.nodes() + 1);
    this.n = data.nodes();
    if (n > MAX_NODES) {
      throw new IllegalArgumentException(DagStructureProvider.OWNER + ": " + data.origin() + " has " + n
          + " variables, at most " + MAX_NODES + " are supported");
    }
    this.data = data;
    this.prior = prior;
    this.score = new BgeScore(data.samples(), prior);
  }

  /**
   * An environment from raw {@code key=value} settings (those of {@link DagStructureProvider}; absent keys take
   * their defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, an unreadable or
   *     malformed data file, or more expected edges than a DAG over {@code num_nodes} nodes can have
   */
  public static DagStructure of(Map<String, String> settings) {
    DagStructureProvider provider = new DagStructureProvider();
    return provider.create(Parameters.parse(DagStructureProvider.OWNER, provider.parameters(), settings));
  }

  /** Number of nodes {@code n}. */
  public int numNodes() {
    return n;
  }

  /** The variables' names, in node order (A, B, ... for synthetic data; the header of a data file). */
  public List<String> nodeNames() {
    return data.nodeNames();
  }

  /** Where the data came from, in words. */
  public String dataOrigin() {
    return data.origin();
  }

  /** The data set, {@code N} rows of {@code n} values (a copy). */
  public double[][] samples() {
    return Arrays.stream(data.samples()).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public List<String> distributionMetricNames() {
    return DISTRIBUTION_METRICS;
  }

  /** The edge-marginal errors against the exact posterior, the expected SHD to the true graph and the edges. */
  @Override
  public Map<String, Double> distributionMetrics(double[] distribution) {
    DagPosterior learned = DagPosterior.of(this, distribution);
    DagPosterior exact = exactPosterior;
    if (exact == null) {
      exact = DagPosterior.exact(this);
      exactPosterior = exact; // the same value whichever thread computes it first
    }
    DagPosterior target = exact;
    return Map.of(EDGE_MARGINAL_MAX_ERROR, learned.maxEdgeMarginalDifference(target),
        EDGE_MARGINAL_MEAN_ERROR, learned.meanEdgeMarginalDifference(target),
        EXPECTED_SHD, trueGraph().map(learned::expectedShd).orElse(Double.NaN),
        EXPECTED_EDGES, learned.expectedEdges());
  }

  /**
   * The DAG that generated synthetic data, as a state vector ({@code n * n} 0/1 entries); empty for data read
   * from a file.
   */
  public Optional<int[]> trueGraph() {
    return data.trueGraph().map(this::toValues);
  }

  /** The score, whose cache of local scores this environment shares. */
  public BgeScore score() {
    return score;
  }

  /** The graph prior. */
  public GraphPrior prior() {
    return prior;
  }

  /** The forward action adding the edge {@code from -> to}, {@code from * n + to}. */
  public int edgeAction(int from, int to) {
    if (from < 0 || from >= n || to < 0 || to >= n) {
      throw new IllegalArgumentException("environment '" + name() + "': no edge " + from + " -> " + to + " over " + n
          + " nodes");
    }
    return from * n + to;
  }

  /** Whether the DAGs are enumerated ({@code n <= }{@value #MAX_ENUMERABLE_NODES}). */
  public boolean isEnumerable() {
    return n <= MAX_ENUMERABLE_NODES;
  }

  @Override
  public int encodingDim() {
    return n * n;
  }

  @Override
  public String encoding() {
    return "adjacency";
  }

  /** The log-reward from which a graph counts as a mode: that of the generating DAG, for synthetic data. */
  @Override
  public OptionalDouble modeLogRewardThreshold() {
    return data.trueGraph().map(g -> OptionalDouble.of(score.relativeScore(Dags.parents(g))))
        .orElse(OptionalDouble.empty());
  }

  // ---- per-state rules, on plain arrays --------------------------------------------------------------------

  @Override
  protected void initialState(int[] values, int offset) {
    Arrays.fill(values, offset, offset + n * n, 0);
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    int[] children = children(values, offset);
    int[] reach = Dags.closure(children);
    checkAcyclic(values, offset, reach);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[outOffset + i * n + j] = Dags.canAdd(children, reach, i, j);
      }
    }
    out[outOffset + n * n] = true;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    checkAcyclic(values, offset, Dags.closure(children(values, offset)));
    for (int k = 0; k < n * n; k++) {
      out[outOffset + k] = values[offset + k] == 1;
    }
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset + action] = 1;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset + action] = 0;
  }

  // ---- rewards and features --------------------------------------------------------------------------------

  /** The BGe score (with the prior) of each DAG relative to the empty graph, whose log-reward is 0. */
  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    checkOwn(terminalStates);
    int[] values = terminalStates.toArray();
    double[] out = new double[terminalStates.size()];
    for (int row = 0; row < out.length; row++) {
      out[row] = score.relativeScore(Dags.parents(dag(values, row * n * n)));
    }
    return out;
  }

  /** Writes each adjacency vector as floats into {@code out[0 .. rows * n * n)}, overwriting that region. */
  @Override
  public void encode(DiscreteStates states, float[] out) {
    checkOwn(states);
    int rows = states.size();
    int dim = n * n;
    if (out.length < (long) rows * dim) {
      throw new IllegalArgumentException("environment '" + name() + "': encoding " + rows + " states needs "
          + (long) rows * dim + " floats (adjacency, " + dim + " per state), got " + out.length);
    }
    int[] values = states.toArray();
    for (int row = 0; row < rows; row++) {
      dag(values, row * dim);
    }
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /**
   * The number of DAGs over {@code n} nodes.
   *
   * @throws IllegalStateException above {@value #MAX_ENUMERABLE_NODES} nodes
   */
  @Override
  public int stateCount() {
    return enumerated("stateCount").length;
  }

  /**
   * Every DAG, ascending by its bit number (bit {@code i * n + j} for {@code i -> j}), the empty graph first.
   *
   * @throws IllegalStateException above {@value #MAX_ENUMERABLE_NODES} nodes
   */
  @Override
  public DiscreteStates allStates() {
    long[] all = enumerated("allStates");
    int dim = n * n;
    int[] values = new int[all.length * dim];
    for (int k = 0; k < all.length; k++) {
      for (int e = 0; e < dim; e++) {
        values[k * dim + e] = (int) (all[k] >>> e) & 1;
      }
    }
    return states(all.length, values);
  }

  /**
   * The DAG's position in {@link #allStates()}.
   *
   * @throws IllegalStateException above {@value #MAX_ENUMERABLE_NODES} nodes
   */
  @Override
  public int indexOf(DiscreteStates states, int row) {
    long[] all = enumerated("indexOf");
    checkOwn(states);
    int index = Arrays.binarySearch(all, Dags.toMask(dag(states.row(row), 0)));
    if (index < 0) {
      throw new AssertionError("DAG " + states.format(row) + " is missing from the enumeration of " + this);
    }
    return index;
  }

  @Override
  public String toString() {
    return "DagStructure[num_nodes=" + n + ", prior=" + prior + ", " + data.origin() + "]";
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** The rows of the DAG at {@code values[offset]}, after checking it is a state of this environment. */
  private int[] dag(int[] values, int offset) {
    int[] children = children(values, offset);
    checkAcyclic(values, offset, Dags.closure(children));
    return children;
  }

  /** The rows of the graph at {@code values[offset]}, after checking its entries are 0/1 without self loops. */
  private int[] children(int[] values, int offset) {
    int[] children = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int v = values[offset + i * n + j];
        if (v != 0 && v != 1) {
          throw outside(values, offset, "entry " + (i * n + j) + " (edge " + i + " -> " + j + ") is " + v
              + ", but adjacency entries are 0 or 1");
        }
        if (v == 1) {
          if (i == j) {
            throw outside(values, offset, "entry " + (i * n + j) + " is a self loop at node " + i);
          }
          children[i] |= 1 << j;
        }
      }
    }
    return children;
  }

  private void checkAcyclic(int[] values, int offset, int[] reach) {
    int node = Dags.nodeOnCycle(reach);
    if (node >= 0) {
      throw outside(values, offset, "it has a cycle through node " + node + ", so it is not a DAG");
    }
  }

  private int[] toValues(int[] children) {
    int[] values = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        values[i * n + j] = (children[i] >>> j) & 1;
      }
    }
    return values;
  }

  private IllegalArgumentException outside(int[] values, int offset, String why) {
    return new IllegalArgumentException("state " + Arrays.toString(Arrays.copyOfRange(values, offset, offset + n * n))
        + " is outside environment '" + name() + "': " + why);
  }

  private void checkOwn(DiscreteStates states) {
    if (states.environment() != this) {
      throw new IllegalArgumentException(
          "states of environment '" + states.environment().name() + "' passed to " + this);
    }
  }

  private long[] enumerated(String method) {
    if (!isEnumerable()) {
      throw new IllegalStateException("environment '" + name() + "': " + method + " enumerates the DAGs of at most "
          + MAX_ENUMERABLE_NODES + " nodes (29,281 DAGs), but num_nodes=" + n + " (3,781,503 DAGs over 6 nodes, and"
          + " the count grows super-exponentially)");
    }
    long[] all = dags;
    if (all == null) {
      synchronized (this) {
        all = dags;
        if (all == null) {
          all = Dags.allDags(n);
          dags = all;
        }
      }
    }
    return all;
  }
}
