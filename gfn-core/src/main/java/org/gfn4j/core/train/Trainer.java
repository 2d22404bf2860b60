package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.batch.MixedBatch;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.batch.OnPolicyBatch;
import org.gfn4j.core.batch.TrainingBatch;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.localsearch.LocalSearch;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.optim.Adam;
import org.gfn4j.core.optim.NonFiniteGradientException;
import org.gfn4j.core.random.RandomStream;
import org.gfn4j.core.random.Seeds;
import org.gfn4j.core.replay.ReplayBuffer;
import org.gfn4j.core.sampling.RewardChecks;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.core.state.Stateful;

/**
 * The training loop: each iteration samples a batch with {@link Sampler}, computes loss and gradients with
 * {@link GradientEvaluator} and updates the parameters with {@link Adam} (estimators at {@code learningRate},
 * log Z at {@code logZLearningRate}); iteration {@code t} (from 1) samples with
 * {@link TrainingConfig#explorationAt}{@code (t - 1)}, its exploration scheduled; with local search, the fresh batch
 * is followed by what each search round adds ({@link LocalSearch}); with a replay buffer, each iteration also
 * trains on as many replayed trajectories; listeners observe, and an optional evaluator measures the learned
 * distribution every {@code evalEvery} iterations and at the end.
 *
 * <p>Its state between iterations (the iteration count, the random streams, the optimiser's moments, the replay
 * buffer, the evaluator's and the listeners' accumulations) is {@link Stateful}: a trainer built the same way and
 * given that state, with the model's parameters, continues bit for bit as this one would have. With
 * {@link #checkpointEvery} it saves itself as it goes, and {@link #interrupt} (from any thread) stops it at the end
 * of the current iteration, after a last checkpoint.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, objective, TrainingConfig.defaults(1), Optional.of(evaluator),
 *     Optional.empty(), listeners);
 * TrainingResult result = trainer.run();
 * }</pre>
 */
public final class Trainer implements Stateful {
  /** What a run stopped by a non-finite loss or gradient leaves behind when it saved no checkpoint. */
  static final String NO_CHECKPOINT = "no checkpoint yet";

  private static final int STATE_FORMAT = 1;
  /**
   * Whether training reuses the sampler's recorded PF passes where it can ({@code -Dgfn4j.reusePasses=true}): off,
   * because keeping the rollout's activations cost about what the saved pass did (PB's pass, on the side thread,
   * is as long as PF's), measured at batch 16 and 256 (docs/performance.md); the results differ only by float
   * rounding, the sampler's inference computing some layers in Java.
   */
  static final boolean REUSE_PASSES = Boolean.getBoolean("gfn4j.reusePasses");
  /**
   * Whether PB's inference is recorded too while sampling, on the side thread ({@code -Dgfn4j.recordBackward=true}):
   * off, because step-sized PB passes beside the rollout's slowed the rollout more than they saved (measured at
   * batch 16 and 256; see docs/performance.md).
   */
  static final boolean RECORD_BACKWARD = Boolean.getBoolean("gfn4j.recordBackward");

  private final GFlowNet model;
  private final TrainingConfig config;
  private final Optional<Evaluator> evaluator;
  private final List<TrainingListener> listeners;
  private final Sampler<?, ?> sampler;
  private final GradientEvaluator gradients;
  private final Adam optimizer;
  private final Optional<ReplayBuffer> replayBuffer;
  private final RandomStream random;
  private final RandomStream replayRandom;
  private final Optional<LocalSearch> localSearch;
  private final RandomStream localSearchRandom;
  private int iteration;
  private long trainingNanos;
  private double loss = Double.NaN;
  private int checkpointEvery;
  private CheckpointSink checkpoints;
  private String lastCheckpoint = NO_CHECKPOINT;
  private volatile boolean interruptRequested;

  /**
   * @param model the GFlowNet to train (updated in place)
   * @param objective the loss
   * @param config run settings
   * @param evaluator measures the learned sampler (exact evaluation for enumerable environments)
   * @param replayBuffer replays past samples: each iteration adds as many replayed trajectories as fresh ones
   * @param listeners observers, called in order
   */
  public Trainer(GFlowNet model, Objective objective, TrainingConfig config, Optional<Evaluator> evaluator,
      Optional<ReplayBuffer> replayBuffer, List<TrainingListener> listeners) {
    this.model = requireNonNull(model, "model is null");
    this.config = requireNonNull(config, "config is null");
    this.evaluator = requireNonNull(evaluator, "evaluator is null");
    this.listeners = List.copyOf(listeners);
    this.sampler = Sampler.of(model.environment(), model.forwardPolicy(), model.reward());
    this.gradients = new GradientEvaluator(model, objective);
    this.optimizer = new Adam(model.parameterGroups(config.learningRate(), config.effectiveLogZLearningRate(),
        config.weightDecay()), config.adam());
    this.replayBuffer = requireNonNull(replayBuffer, "replayBuffer is null");
    this.random = Seeds.stream(config.seed(), Seeds.SAMPLING);
    this.replayRandom = Seeds.stream(config.seed(), Seeds.REPLAY);
    this.localSearch = Optional.ofNullable(config.localSearch()).map(search -> new LocalSearch(model, search));
    this.localSearchRandom = Seeds.stream(config.seed(), Seeds.LOCAL_SEARCH);
  }

  /** The model being trained. */
  public GFlowNet model() {
    return model;
  }

  /** Iterations done so far (those before a resume included). */
  public int iteration() {
    return iteration;
  }

  /**
   * Saves a checkpoint into {@code sink} at the end of every {@code every}-th iteration, of the last one, and of the
   * one during which the run was interrupted ({@code every} 0: those two only).
   */
  public void checkpointEvery(int every, CheckpointSink sink) {
    if (every < 0) {
      throw new IllegalArgumentException("checkpoint interval must be >= 0, got " + every);
    }
    this.checkpointEvery = every;
    this.checkpoints = requireNonNull(sink, "sink is null");
  }

  /**
   * Asks the run to stop at the end of the current iteration, after a checkpoint when a sink is set; safe to call
   * from another thread (a signal handler). The interrupted run is not evaluated: resumed, it continues as if never
   * stopped.
   */
  public void interrupt() {
    interruptRequested = true;
  }

  /**
   * Runs up to {@code config.iterations()} iterations in all, from where the trainer stands (fewer if a listener
   * asks to stop or the run is interrupted).
   *
   * @throws NonFiniteException naming the iteration, the loss or term, and the last checkpoint when a loss or
   *     gradient is not finite
   * @throws RewardChecks.InvalidRewardException naming the iteration and the state when the reward is invalid
   */
  public TrainingResult run() {
    Optional<Evaluation> evaluation = Optional.empty();
    while (iteration < config.iterations()) {
      IterationReport report = step();
      boolean stop = listeners.stream().anyMatch(TrainingListener::stopRequested);
      boolean last = stop || iteration == config.iterations();
      boolean interrupted = interruptRequested && !last; // read once: a signal may arrive at any moment
      boolean scheduled = config.evalEvery() > 0 && iteration % config.evalEvery() == 0;
      if (evaluator.isPresent() && (scheduled || last)) {
        evaluation = Optional.of(evaluate(report));
      }
      if (checkpoints != null && (interrupted || last || checkpointEvery > 0 && iteration % checkpointEvery == 0)) {
        lastCheckpoint = checkpoints.save(this, iteration);
      }
      if (interrupted) {
        return new TrainingResult(iteration, loss, model.logZ(), trainingNanos, Optional.empty(), true);
      }
      if (stop) {
        break;
      }
    }
    return new TrainingResult(iteration, loss, model.logZ(), trainingNanos, evaluation, false);
  }

  /** One iteration: sample, evaluate the loss and its gradients, update, tell the listeners. */
  private IterationReport step() {
    iteration++;
    long start = System.nanoTime();
    TrainingBatch fresh;
    TrainingBatch batch;
    Exploration exploration = config.explorationAt(iteration - 1);
    try {
      fresh = searched(sampleFresh(exploration), exploration);
      batch = withReplayed(fresh);
    } catch (RewardChecks.InvalidRewardException e) {
      throw e.atIteration(iteration);
    }
    long sampled = System.nanoTime();
    LossEvaluation evaluated;
    try {
      evaluated = gradients.evaluate(batch);
    } catch (NonFiniteException e) {
      throw e.atIteration(iteration, lastCheckpoint);
    }
    long optimizing = System.nanoTime();
    try {
      optimizer.step();
    } catch (NonFiniteGradientException e) {
      throw new NonFiniteException("parameters of '" + e.group() + "'", e.getMessage() + "; log Z = "
          + model.logZ()).atIteration(iteration, lastCheckpoint);
    }
    long end = System.nanoTime();
    loss = evaluated.loss();
    long nanos = end - start;
    trainingNanos += nanos;
    PhaseTimes phases = new PhaseTimes(sampled - start, evaluated.forwardNanos(), evaluated.objectiveNanos(),
        optimizing - sampled - evaluated.forwardNanos() - evaluated.objectiveNanos(), end - optimizing);
    IterationReport report = new IterationReport(iteration, loss, model.logZ(), batch.trajectories(), nanos,
        trainingNanos, phases, exploration);
    for (TrainingListener listener : listeners) {
      listener.onIteration(report);
    }
    evaluator.ifPresent(e -> e.observe(fresh.trajectories()));
    return report;
  }

  /** The fresh batch followed by what local search adds to it, when it is on. */
  private TrainingBatch searched(TrainingBatch fresh, Exploration exploration) {
    return localSearch.map(search -> search.extend(fresh, exploration, localSearchRandom)).orElse(fresh);
  }

  /**
   * A fresh batch; recorded ({@link Sampler#sampleRecordedBatch}) where it is trained on as sampled (no local
   * search, no replay), so that training reuses the sampler's PF (and PB) passes. The trajectories are the same
   * either way.
   */
  private TrainingBatch sampleFresh(Exploration exploration) {
    if (REUSE_PASSES && localSearch.isEmpty() && replayBuffer.isEmpty()) {
      return sampler.sampleRecordedBatch(config.batchSize(), exploration, random,
          RECORD_BACKWARD && gradients.readsLogPb() ? model.backwardPolicy() : Optional.empty());
    }
    return sampler.sampleBatch(config.batchSize(), exploration, random);
  }

  /** The fresh batch plus as many replayed trajectories, once the buffer holds that many; then the fresh join it. */
  private TrainingBatch withReplayed(TrainingBatch fresh) {
    if (replayBuffer.isEmpty()) {
      return fresh;
    }
    ReplayBuffer buffer = replayBuffer.get();
    int n = fresh.trajectories().count();
    TrainingBatch batch = fresh;
    if (buffer.size() >= n) {
      OffPolicyBatch replayed = buffer.sample(n, replayRandom);
      batch = fresh instanceof OnPolicyBatch onPolicy
          ? new MixedBatch(onPolicy, replayed)
          : new OffPolicyBatch(Trajectories.concat(fresh.trajectories(), replayed.trajectories()));
    }
    buffer.add(fresh.trajectories());
    return batch;
  }

  private Evaluation evaluate(IterationReport report) {
    Evaluation evaluation = evaluator.orElseThrow().evaluate(model);
    for (TrainingListener listener : listeners) {
      listener.onEvaluation(iteration, evaluation, report);
    }
    return evaluation;
  }

  /**
   * Writes the trainer's state between iterations: the iteration count, the time trained, the last loss, the
   * random streams (the local search one only with local search), the optimiser's moments, the replay buffer, the
   * evaluator's and each listener's state (by the listener's class). The model's parameters are not part of it:
   * they are saved with the model.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(STATE_FORMAT);
    out.writeInt(iteration);
    out.writeLong(trainingNanos);
    out.writeDouble(loss);
    writeBlock(out, "sampling stream", random);
    writeBlock(out, "replay stream", replayRandom);
    writeBlock(out, "optimiser", optimizer);
    if (localSearch.isPresent()) {
      writeBlock(out, "local search stream", localSearchRandom); // absent otherwise: such states read as before
    }
    out.writeBoolean(replayBuffer.isPresent());
    if (replayBuffer.isPresent()) {
      writeBlock(out, "replay buffer", replayBuffer.get());
    }
    out.writeBoolean(evaluator.isPresent());
    if (evaluator.isPresent()) {
      writeBlock(out, "evaluator", evaluator.get());
    }
    Map<String, TrainingListener> keyed = keyed(listeners);
    out.writeInt(keyed.size());
    for (Map.Entry<String, TrainingListener> listener : keyed.entrySet()) {
      writeBlock(out, listener.getKey(), listener.getValue());
    }
  }

  /**
   * Restores a state {@link #writeState} wrote from a trainer of the same run. Listeners are matched by class:
   * one whose class saved nothing starts afresh (a progress bar), a saved one with no listener now is skipped.
   *
   * @throws IllegalArgumentException naming the part whose state does not fit this trainer (the trainer is then
   *     partly restored: discard it)
   */
  @Override
  public void readState(DataInput in) throws IOException {
    int format = in.readInt();
    if (format != STATE_FORMAT) {
      throw new IllegalArgumentException("trainer state has format " + format + "; this gfn4j reads format "
          + STATE_FORMAT);
    }
    int savedIteration = in.readInt();
    if (savedIteration < 0) {
      throw new IllegalArgumentException("trainer state holds iteration " + savedIteration);
    }
    long savedNanos = in.readLong();
    double savedLoss = in.readDouble();
    readBlock(in, "sampling stream", random);
    readBlock(in, "replay stream", replayRandom);
    readBlock(in, "optimiser", optimizer);
    if (localSearch.isPresent()) {
      readBlock(in, "local search stream", localSearchRandom);
    }
    readOptional(in, "replay buffer", replayBuffer);
    readOptional(in, "evaluator", evaluator);
    Map<String, TrainingListener> keyed = keyed(listeners);
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      String key = in.readUTF();
      byte[] block = new byte[in.readInt()];
      in.readFully(block);
      TrainingListener listener = keyed.get(key);
      if (listener != null) {
        listener.readState(new DataInputStream(new ByteArrayInputStream(block)));
      }
    }
    iteration = savedIteration;
    trainingNanos = savedNanos;
    loss = savedLoss;
  }

  private static void readOptional(DataInput in, String name, Optional<? extends Stateful> part) throws IOException {
    boolean saved = in.readBoolean();
    if (saved != part.isPresent()) {
      throw new IllegalArgumentException("trainer state " + (saved ? "has" : "has no") + " " + name + " but the run "
          + (part.isPresent() ? "has one" : "has none"));
    }
    if (saved) {
      readBlock(in, name, part.get());
    }
  }

  /** Listeners by class name, numbered from the second of a class on ({@code Foo}, {@code Foo#2}). */
  private static Map<String, TrainingListener> keyed(List<TrainingListener> listeners) {
    Map<String, TrainingListener> keyed = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (TrainingListener listener : listeners) {
      String name = listener.getClass().getName();
      int n = seen.merge(name, 1, Integer::sum);
      keyed.put(n == 1 ? name : name + "#" + n, listener);
    }
    return keyed;
  }

  /** A part's state as a named, length-prefixed block, so that a reader can tell which part does not fit. */
  private static void writeBlock(DataOutput out, String name, Stateful part) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    part.writeState(new DataOutputStream(bytes));
    out.writeUTF(name);
    out.writeInt(bytes.size());
    out.write(bytes.toByteArray());
  }

  private static void readBlock(DataInput in, String name, Stateful part) throws IOException {
    String saved = in.readUTF();
    if (!saved.equals(name)) {
      throw new IllegalArgumentException("trainer state holds '" + saved + "' where '" + name + "' was expected");
    }
    byte[] block = new byte[in.readInt()];
    in.readFully(block);
    DataInputStream data = new DataInputStream(new ByteArrayInputStream(block));
    part.readState(data);
    if (data.available() > 0) {
      throw new IllegalArgumentException("trainer state: the " + name + " saved " + block.length + " bytes, "
          + data.available() + " more than this run's " + name + " reads");
    }
  }
}
