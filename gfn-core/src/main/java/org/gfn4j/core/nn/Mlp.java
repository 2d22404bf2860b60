package org.gfn4j.core.nn;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Blas;
import org.gfn4j.core.backend.FloatArrays;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.backend.SmallProducts;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A multi-layer perceptron on ND4J with a hand-written backward pass: linear layers with an activation between
 * them and a linear output. All weights and biases are views of one flat parameter buffer, and their gradients
 * of one flat gradient buffer, so an optimiser updates them in one pass over one buffer.
 *
 * <p>Initialisation follows PyTorch's {@code nn.Linear}: weights and biases uniform in
 * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]}.
 */
public final class Mlp implements Estimator, Recordable {
  private final int[] sizes;
  private final Activation activation;
  private final boolean activateOutput;
  private final INDArray parameters;
  private final INDArray gradients;
  private final INDArray[] weights;
  private final INDArray[] biases;
  private final INDArray[] weightGradients;
  private final INDArray[] biasGradients;
  private final long[] weightOffsets;
  private final ThreadLocal<InferenceBuffers> inferenceBuffers = ThreadLocal.withInitial(InferenceBuffers::new);
  /** The parameters' copy of a closed snapshot, which the next snapshot reuses. */
  private final AtomicReference<float[]> spareSnapshot = new AtomicReference<>();
  /** A recording whose pass was made, whose arrays the next recording reuses. */
  private final AtomicReference<MlpRecording> spareRecording = new AtomicReference<>();

  /**
   * @param sizes layer widths, input first and output last (at least two entries)
   * @param activation hidden-layer activation
   * @param dataType {@link DataType#FLOAT} for training; {@link DataType#DOUBLE} for gradient checks
   * @param random source of the initial weights
   */
  public Mlp(int[] sizes, Activation activation, DataType dataType, RandomGenerator random) {
    this(sizes, activation, false, Nd4j.create(dataType, parameterCount(sizes)),
        Nd4j.create(dataType, parameterCount(sizes)), 0, random);
  }

  /**
   * An MLP whose weights are views of a slice of shared buffers (for estimators that share a trunk).
   *
   * @param activateOutput whether the last layer is followed by the activation too (a trunk) or is linear
   * @param parameters the shared flat parameter buffer; this MLP initialises its slice
   * @param gradients the shared flat gradient buffer
   * @param offset where this MLP's slice starts
   */
  Mlp(int[] sizes, Activation activation, boolean activateOutput, INDArray parameters, INDArray gradients,
      long offset, RandomGenerator random) {
    Nd4jBackend.configure();
    if (parameters.dataType() == DataType.FLOAT) {
      SmallProducts.warmUp();
    }
    this.sizes = sizes.clone();
    this.activation = requireNonNull(activation, "activation is null");
    this.activateOutput = activateOutput;
    if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("MLP layer sizes must be at least two positive widths, got "
          + Arrays.toString(sizes));
    }
    this.parameters = parameters;
    this.gradients = gradients;
    int layers = sizes.length - 1;
    weights = new INDArray[layers];
    biases = new INDArray[layers];
    weightGradients = new INDArray[layers];
    biasGradients = new INDArray[layers];
    weightOffsets = new long[layers];
    long position = offset;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double bound = 1 / Math.sqrt(in);
      double[] initial = new double[in * out + out];
      for (int i = 0; i < initial.length; i++) {
        initial[i] = bound * (2 * random.nextDouble() - 1);
      }
      parameters.get(NDArrayIndex.interval(position, position + initial.length))
          .assign(Nd4j.createFromArray(initial).castTo(parameters.dataType()));
      weightOffsets[l] = position;
      weights[l] = view(parameters, position, in, out);
      weightGradients[l] = view(gradients, position, in, out);
      position += (long) in * out;
      biases[l] = view(parameters, position, 1, out);
      biasGradients[l] = view(gradients, position, 1, out);
      position += out;
    }
  }

  /** Number of weights and biases of an MLP with these layer widths. */
  static long parameterCount(int[] sizes) {
    long count = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      count += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    return count;
  }

  private static INDArray view(INDArray flat, long offset, int rows, int cols) {
    INDArray view = flat.get(NDArrayIndex.interval(offset, offset + (long) rows * cols)).reshape('c', rows, cols);
    if (!view.isView()) {
      throw new IllegalStateException("ND4J returned a copy instead of a view of the parameter buffer");
    }
    return view;
  }

  @Override
  public int inputDim() {
    return sizes[0];
  }

  @Override
  public int outputDim() {
    return sizes[sizes.length - 1];
  }

  /** Layer widths, input first. */
  public int[] sizes() {
    return sizes.clone();
  }

  /** The hidden-layer activation. */
  public Activation activation() {
    return activation;
  }

  /** Number of linear layers ({@code sizes().length - 1}). */
  public int layerCount() {
    return weights.length;
  }

  /** The weights of linear layer {@code layer}, {@code [in, out]}: a live view of the parameter buffer. */
  public INDArray weights(int layer) {
    return weights[layer];
  }

  /** The bias of linear layer {@code layer}, {@code [1, out]}: a live view of the parameter buffer. */
  public INDArray bias(int layer) {
    return biases[layer];
  }

  @Override
  public INDArray parameters() {
    return parameters;
  }

  @Override
  public INDArray gradients() {
    return gradients;
  }

  /** Zeroes the gradient buffer in place ({@link Nd4jBackend#zero}: no ND4J op where it is contiguous). */
  @Override
  public void zeroGradients() {
    Nd4jBackend.zero(gradients);
  }

  @Override
  public INDArray predict(INDArray input) {
    checkInput(input);
    return predictFrom(0, input);
  }

  /**
   * Inference on plain arrays with fewer ND4J ops: a sparse input's first layer (k-hot, one-hot encodings) is a
   * sum of weight rows computed in Java, and a narrow last layer on few rows is a small Java product; the layers
   * between run on ND4J. Intermediate values stay in float, like ND4J's (a float MLP; a double one runs every
   * layer on ND4J). The result equals {@link #predict(INDArray)} up to float rounding.
   */
  @Override
  public double[] predict(float[] features, int rows) {
    return infer(features, rows, null, null);
  }

  /**
   * {@link #predict(float[], int)} with the parameters as they are now, read once for every later call instead of
   * a layer at a time on each call (a rollout's steps each read the whole network): the same results to the bit,
   * valid while the parameters do not change. Safe to call from several threads at once; once {@link
   * Predictor#close() closed}, its copy goes to the next snapshot. A double MLP's is its {@code predict}.
   */
  public Predictor snapshot() {
    if (parameters.dataType() != DataType.FLOAT || parameters.length() > Integer.MAX_VALUE - 8) {
      return this::predict;
    }
    int length = (int) parameters.length();
    float[] spare = spareSnapshot.getAndSet(null);
    float[] frozen = spare != null ? spare : new float[length];
    Nd4jBackend.readFloats(parameters, 0, length, frozen);
    return new Snapshot(frozen);
  }

  /** {@link #snapshot()}'s predictor: inference from a copy of the parameters, handed on when closed. */
  private final class Snapshot implements Predictor {
    private final float[] frozen;
    private volatile boolean closed;

    Snapshot(float[] frozen) {
      this.frozen = frozen;
    }

    @Override
    public double[] predict(float[] features, int rows) {
      if (closed) {
        throw new IllegalStateException("snapshot of " + describe() + " used after it was closed");
      }
      return infer(features, rows, null, frozen);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        spareSnapshot.set(frozen);
      }
    }
  }

  /**
   * {@link #predict(float[], int)}, handing every hidden activation to {@code recording} if it is not null; the
   * Java layers read their weights from {@code frozen}, a copy of the parameters, where it is not null.
   */
  private double[] infer(float[] features, int rows, MlpRecording recording, float[] frozen) {
    int in = sizes[0];
    if (features.length < rows * in) {
      throw new IllegalArgumentException("MLP " + describe() + " expects " + rows + " x " + in + " features, got "
          + features.length);
    }
    if (recording != null) {
      recording.inputs[0].append(features, rows * in);
    }
    if (javaInference(features, rows)) {
      return Nd4jBackend.toDoubles(javaPass(features, rows, recording, frozen));
    }
    int last = weights.length - 1;
    long nonZeros = FloatArrays.nonZeros(features, rows * in);
    // a sparse input's first layer in Java: where it is small, or where the input is so sparse (one-hot encodings
    // of a wide grid) that a dense product would mostly multiply zeros
    boolean sparseFirst = parameters.dataType() == DataType.FLOAT && weights.length > 1
        && nonZeros * 4 <= (long) rows * in && (long) rows * sizes[1] <= JAVA_BUFFER_LIMIT
        && ((long) in * sizes[1] <= JAVA_LAYER_LIMIT && nonZeros * sizes[1] <= JAVA_LAYER_LIMIT
            || nonZeros * VERY_SPARSE <= (long) rows * in);
    if (!sparseFirst) {
      return Nd4jBackend.toDoubles(predictFrom(0, Nd4jBackend.matrix(features, rows, in, parameters.dataType()),
          weights.length, recording));
    }
    InferenceBuffers buffers = inferenceBuffers.get();
    float[] first = sparseLayer(features, rows, buffers, frozen);
    if (recording != null) {
      recording.inputs[1].append(first, rows * sizes[1]);
    }
    boolean javaLast = (long) rows * sizes[last] * sizes[last + 1] <= JAVA_PRODUCT_LIMIT;
    if (last == 1) {
      return javaLast ? denseLayer(first, rows, 1, buffers, frozen)
          : Nd4jBackend.toDoubles(predictFrom(1, Nd4jBackend.matrix(first, rows, sizes[1]), 2, recording));
    }
    INDArray input = Nd4jBackend.matrix(first, rows, sizes[1]);
    if (!javaLast) {
      return Nd4jBackend.toDoubles(predictFrom(1, input, weights.length, recording));
    }
    // the last hidden layer's product on ND4J, its bias and activation in Java as it is read (two ops fewer)
    INDArray product = product(predictFrom(1, input, last - 1, recording), last - 1);
    float[] values = buffers.hidden = InferenceBuffers.atLeast(buffers.hidden, rows * sizes[last]);
    Nd4jBackend.read(product, values);
    addBiasAndActivate(values, rows, last - 1, buffers, frozen);
    if (recording != null) {
      recording.inputs[last].append(values, rows * sizes[last]);
    }
    return denseLayer(values, rows, last, buffers, frozen);
  }

  /**
   * Whether {@link #javaPass} takes these rows: a float MLP, few rows, the vector API present, and every layer small
   * enough to copy (the first may be wider when its input is very sparse: it then reads only the rows it needs).
   */
  private boolean javaInference(float[] features, int rows) {
    if (parameters.dataType() != DataType.FLOAT || rows > SmallProducts.MAX_ROWS || !SmallProducts.available()) {
      return false;
    }
    for (int l = 0; l < weights.length; l++) {
      if ((long) sizes[l] * sizes[l + 1] > JAVA_LAYER_LIMIT
          && (l > 0 || FloatArrays.nonZeros(features, rows * sizes[0]) * VERY_SPARSE > (long) rows * sizes[0])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every layer in Java ({@link #javaLayer}); no ND4J op. Returns the output in a new array; each hidden activation
   * is appended to {@code recording} if it is not null.
   */
  private float[] javaPass(float[] features, int rows, MlpRecording recording, float[] frozen) {
    InferenceBuffers buffers = inferenceBuffers.get();
    float[] h = features;
    for (int l = 0; l < weights.length; l++) {
      int out = sizes[l + 1];
      float[] next;
      if (l == weights.length - 1) {
        next = new float[rows * out];
      } else if (l % 2 == 0) {
        next = buffers.first = InferenceBuffers.atLeast(buffers.first, rows * out);
      } else {
        next = buffers.hidden = InferenceBuffers.atLeast(buffers.hidden, rows * out);
      }
      javaLayer(h, rows, l, next, buffers, frozen);
      if (recording != null && l < weights.length - 1) {
        recording.inputs[l + 1].append(next, rows * out);
      }
      h = next;
    }
    return h;
  }

  /**
   * Starts recording this MLP's inference. Empty where a pass cannot be rebuilt from the recorded layer inputs
   * alone: a float64 MLP, an activation whose derivative needs its input (tanh, elu), an activated output (a
   * shared trunk).
   */
  @Override
  public Optional<Recording> startRecording() {
    return canRecord() ? Optional.of(new MlpRecording(true)) : Optional.empty();
  }

  /** Whether a pass can be rebuilt from the recorded layer inputs alone (see {@link #startRecording()}). */
  private boolean canRecord() {
    return parameters.dataType() == DataType.FLOAT && !activateOutput
        && (weights.length == 1 || activation.derivativeFromOutput());
  }

  /** The recording path without the staleness check, which a pass made at once does not need. */
  @Override
  public Optional<ForwardPass> trainablePass(float[] features, int rows) {
    if (!canRecord()) {
      return Optional.empty();
    }
    MlpRecording recording = new MlpRecording(false);
    recording.predict(features, rows);
    return Optional.of(recording.pass());
  }

  /** Adds the bias of layer {@code layer} to each of {@code rows} rows of {@code values}, then its activation. */
  private void addBiasAndActivate(float[] values, int rows, int layer, InferenceBuffers buffers, float[] frozen) {
    int out = sizes[layer + 1];
    long biasAt = biasOffset(layer);
    float[] b = frozen;
    int from = (int) biasAt;
    if (frozen == null) {
      b = buffers.weights = InferenceBuffers.atLeast(buffers.weights, out);
      Nd4jBackend.readFloats(parameters, biasAt, out, b);
      from = 0;
    }
    for (int r = 0; r < rows; r++) {
      FloatArrays.add(b, from, values, r * out, out);
      if (activated(layer)) {
        activation.applyInPlace(values, r * out, (r + 1) * out);
      }
    }
  }

  /**
   * The calling thread's arrays for {@link #predict(float[], int)}, reused from call to call, so that a sampling
   * step makes no garbage of the size of its batch (fresh memory is slow to touch, and garbage grows the heap).
   * The Java path's limits bound them: at most {@code JAVA_BUFFER_LIMIT} floats for the first layer, a layer's
   * parameters for the weights, {@code JAVA_PRODUCT_LIMIT} for the last hidden layer (a few MB per thread).
   */
  private static final class InferenceBuffers {
    float[] weights = new float[0];
    float[] first = new float[0];
    float[] hidden = new float[0];
    float[] scratch = new float[0];

    static float[] atLeast(float[] buffer, int length) {
      return buffer.length >= length ? buffer : new float[Math.max(length, buffer.length + buffer.length / 2)];
    }
  }

  /** Weights of a sparse first layer handled in Java, and its multiply-adds, at most this many. */
  private static final long JAVA_LAYER_LIMIT = 1 << 18;
  /**
   * Multiply-adds of a dense Java product at most this many: about where one ND4J product and bias addition
   * (two ops of ~20 µs each) become faster.
   */
  private static final long JAVA_PRODUCT_LIMIT = 1 << 16;
  /**
   * An input at most this dense (one non-zero in this many values, as a one-hot encoding of a grid of side 16 or
   * more) takes the Java first layer whatever its width.
   */
  private static final long VERY_SPARSE = 32;
  /** Outputs of a layer narrower than this are a plain Java loop in {@link #javaLayer}, not a vector product. */
  private static final int NARROW = 16;
  /**
   * The longest sum that OpenBLAS (as ND4J 1.0.0-M2.1 ships it, measured on AVX2) computes in one pass, from zero
   * and term by term: a product's inner dimension up to this long, where a Java sum in the same order gives the
   * same bits. Longer sums it splits into blocks, so the column sums of a training pass on more rows stay on ND4J.
   */
  private static final int SEQUENTIAL_SUM = 320;
  /** Floats of the first layer's output computed in Java (and kept in a per-thread buffer), at most this many. */
  private static final long JAVA_BUFFER_LIMIT = 1 << 20;

  /** Layers {@code from ..} of the network on ND4J. */
  private INDArray predictFrom(int from, INDArray input) {
    return predictFrom(from, input, weights.length, null);
  }

  /**
   * Layers {@code from .. to - 1} of the network on ND4J; each activated output that is the input of a later layer
   * is appended to {@code recording} if it is not null.
   */
  private INDArray predictFrom(int from, INDArray input, int to, MlpRecording recording) {
    INDArray h = input;
    for (int l = from; l < to; l++) {
      INDArray z;
      if (h.dataType() == DataType.FLOAT && parameters.dataType() == DataType.FLOAT
          && (activation == Activation.RELU || !activated(l))) {
        // the bias and ReLU in place in the product's memory: two ND4J ops fewer, the same values
        z = product(h, l);
        FloatArrays.addBiasAndRelu(z, (int) z.rows(), sizes[l + 1], biasCopy(l), 0, activated(l));
      } else {
        z = linear(h, l);
        z = activated(l) ? activation.function().getActivation(z, true) : z;
      }
      h = z;
      if (recording != null && l + 1 < weights.length) {
        recording.inputs[l + 1].append(h);
      }
    }
    return h;
  }

  /** The first layer (with its activation) on a sparse input, in Java, into the thread's first-layer buffer. */
  private float[] sparseLayer(float[] features, int rows, InferenceBuffers buffers, float[] frozen) {
    buffers.first = InferenceBuffers.atLeast(buffers.first, rows * sizes[1]);
    return javaLayer(features, rows, 0, buffers.first, buffers, frozen);
  }

  /**
   * Linear layer {@code layer} and its activation, in Java (float, like ND4J's), on {@code rows} rows of
   * {@code input}, into {@code out}: each row is the bias plus the weight rows of its non-zero inputs times those
   * inputs (a sum of a few rows for a sparse input); or, for a dense input to a layer of at least {@code NARROW}
   * outputs where the vector API is present, a {@link SmallProducts} product plus the bias. The weights come from
   * {@code frozen} where it is not null, else from the parameters.
   */
  private float[] javaLayer(float[] input, int rows, int layer, float[] out, InferenceBuffers buffers,
      float[] frozen) {
    int in = sizes[layer];
    int width = sizes[layer + 1];
    long start = weightOffsets[layer];
    // the whole layer read by one copy; or, too wide for that (a one-hot encoding of a large grid), its bias and
    // then the weight row of each non-zero input when it is needed; or nothing read, with a frozen copy
    boolean whole = (long) in * width <= JAVA_LAYER_LIMIT;
    float[] w = frozen;
    int weightsAt = (int) start; // where the weights start in w; -1: each row read when needed
    int biasAt = (int) biasOffset(layer);
    if (frozen == null) {
      int bias = whole ? in * width : 0;
      w = buffers.weights = InferenceBuffers.atLeast(buffers.weights, bias + width);
      Nd4jBackend.readFloats(parameters, whole ? start : biasOffset(layer), bias + width, w);
      weightsAt = whole ? 0 : -1;
      biasAt = bias;
    }
    if (whole && width < NARROW && rows > 1 && SmallProducts.available()) {
      // the rows loop below, to the bit, with the rows across the vector's lanes
      buffers.scratch = InferenceBuffers.atLeast(buffers.scratch, SmallProducts.narrowScratch(in));
      SmallProducts.narrowProduct(input, rows, in, w, weightsAt, width, w, biasAt, out, buffers.scratch);
      if (activated(layer)) {
        activation.applyInPlace(out, 0, rows * width);
      }
      return out;
    }
    boolean product = whole && width >= NARROW && SmallProducts.available()
        && FloatArrays.nonZeros(input, rows * in) * 4 > (long) rows * in;
    if (product) {
      SmallProducts.multiply(input, rows, in, w, weightsAt, width, out);
    }
    float[] row = weightsAt < 0 ? new float[width] : w;
    for (int r = 0; r < rows; r++) {
      int offset = r * width;
      if (product) {
        FloatArrays.add(w, biasAt, out, offset, width);
      } else {
        System.arraycopy(w, biasAt, out, offset, width);
        for (int j = 0; j < in; j++) {
          float x = input[r * in + j];
          if (x != 0) {
            if (weightsAt < 0) {
              Nd4jBackend.readFloats(parameters, start + (long) j * width, width, row);
            }
            FloatArrays.addScaled(x, row, weightsAt < 0 ? 0 : weightsAt + j * width, out, offset, width);
          }
        }
      }
      if (activated(layer)) {
        activation.applyInPlace(out, offset, offset + width);
      }
    }
    return out;
  }

  /** Linear layer {@code layer} (the output layer) in Java, as doubles. */
  private double[] denseLayer(float[] input, int rows, int layer, InferenceBuffers buffers, float[] frozen) {
    return Nd4jBackend.toDoubles(javaLayer(input, rows, layer, new float[rows * sizes[layer + 1]], buffers, frozen));
  }

  @Override
  public ForwardPass forward(INDArray input) {
    checkInput(input);
    if (parameters.dataType() == DataType.FLOAT && activation == Activation.RELU
        && input.dataType() == DataType.FLOAT) {
      return splitForward(input);
    }
    List<INDArray> layerInputs = new ArrayList<>(weights.length);
    List<INDArray> preActivations = new ArrayList<>(weights.length);
    INDArray h = input;
    for (int l = 0; l < weights.length; l++) {
      layerInputs.add(h);
      INDArray z = linear(h, l);
      if (!activated(l)) {
        preActivations.add(z);
        h = z;
      } else if (activation.derivativeFromOutput()) {
        h = activation.function().getActivation(z, true); // in place: the output determines the derivative
        preActivations.add(h);
      } else {
        preActivations.add(z);
        h = activation.function().getActivation(z.dup(), true);
      }
    }
    return new Pass(h, layerInputs, preActivations, false);
  }

  /**
   * A float ReLU MLP's forward pass with fewer ND4J ops: the products on ND4J, each bias addition and ReLU in
   * Java, in place in the product's native memory ({@link FloatArrays#addBiasAndRelu}), which round as ND4J's ops
   * do (an addition, a maximum), so every value is theirs to the bit.
   */
  private Pass splitForward(INDArray input) {
    int rows = (int) input.rows();
    List<INDArray> layerInputs = new ArrayList<>(weights.length);
    INDArray h = input;
    for (int l = 0; l < weights.length; l++) {
      layerInputs.add(h);
      INDArray next = product(h, l);
      FloatArrays.addBiasAndRelu(next, rows, sizes[l + 1], biasCopy(l), 0, activated(l));
      h = next;
    }
    return new Pass(h, layerInputs, null, true);
  }

  /**
   * {@code h W + b} for linear layer {@code layer}, into a new row-major array: a product into a preallocated
   * result is about 1.5x faster than {@code mmul} at 256 columns, 4x at 32 (measured on ND4J 1.0.0-M2.1 with
   * OpenBLAS), and {@link Blas#gemm} skips ND4J's op around OpenBLAS's.
   */
  private INDArray linear(INDArray h, int layer) {
    return product(h, layer).addiRowVector(biases[layer]);
  }

  /** {@code h W} for linear layer {@code layer} (no bias), into a new row-major array. */
  private INDArray product(INDArray h, int layer) {
    INDArray z = Nd4j.createUninitialized(h.dataType(), h.rows(), sizes[layer + 1]);
    Blas.gemm(h, weights[layer], z, false, false, 1.0, 0.0);
    return z;
  }

  /** A copy of layer {@code layer}'s bias (float parameters). */
  private float[] biasCopy(int layer) {
    float[] bias = new float[sizes[layer + 1]];
    Nd4jBackend.readFloats(parameters, biasOffset(layer), bias.length, bias);
    return bias;
  }

  /** Where layer {@code layer}'s bias starts in the flat buffers: right after its weights. */
  private long biasOffset(int layer) {
    return weightOffsets[layer] + (long) sizes[layer] * sizes[layer + 1];
  }

  private boolean activated(int layer) {
    return layer < weights.length - 1 || activateOutput;
  }

  /** Forward pass that can also return the gradient with respect to its input (for a shared trunk). */
  Pass forwardPass(INDArray input) {
    return (Pass) forward(input);
  }

  private void checkInput(INDArray input) {
    if (input.rank() != 2 || input.columns() != sizes[0]) {
      throw new IllegalArgumentException("MLP " + describe() + " expects input [rows, " + sizes[0] + "], got "
          + Arrays.toString(input.shape()));
    }
  }

  @Override
  public String describe() {
    StringBuilder text = new StringBuilder("mlp ");
    for (int i = 0; i < sizes.length; i++) {
      text.append(i == 0 ? "" : "-").append(sizes[i]);
    }
    return text.append(' ').append(activation.word()).toString();
  }

  /**
   * This MLP's recorded inference: the input of every layer (the features, then each hidden activation, which for
   * ReLU and leaky ReLU also gives its derivative) and the outputs, row by row, as floats in Java arrays.
   */
  private final class MlpRecording implements Recording {
    private final RowBuffer[] inputs;
    /** The parameters' sum when the recording started (NaN: not checked). */
    private final double checksum;
    private double[] outputs;
    private int rows;

    MlpRecording(boolean checked) {
      checksum = checked ? parameters.sumNumber().doubleValue() : Double.NaN;
      // the arrays of the last recording that made its pass, so that steady training allocates none
      MlpRecording previous = spareRecording.getAndSet(null);
      if (previous != null) {
        inputs = previous.inputs;
        outputs = previous.outputs;
        for (RowBuffer input : inputs) {
          input.clear();
        }
      } else {
        inputs = new RowBuffer[weights.length];
        outputs = new double[0];
        for (int l = 0; l < inputs.length; l++) {
          inputs[l] = new RowBuffer(sizes[l]);
        }
      }
    }

    @Override
    public double[] predict(float[] features, int count) {
      double[] out = infer(features, count, this, null);
      int width = outputDim();
      if (outputs.length < (rows + count) * width) {
        outputs = Arrays.copyOf(outputs, Math.max((rows + count) * width, outputs.length * 3 / 2));
      }
      System.arraycopy(out, 0, outputs, rows * width, count * width);
      rows += count;
      return out;
    }

    @Override
    public int rows() {
      return rows;
    }

    @Override
    public double[] outputs() {
      return outputs; // the first rows() * outputDim() values are the recorded ones
    }

    @Override
    public void checkCurrent() {
      if (!Double.isNaN(checksum) && parameters.sumNumber().doubleValue() != checksum) {
        throw new IllegalStateException("the recorded inference of " + describe() + " is stale: its parameters "
            + "changed since it was recorded; train on a batch before the next optimiser step");
      }
    }

    @Override
    public ForwardPass pass() {
      checkCurrent();
      List<INDArray> layerInputs = new ArrayList<>(inputs.length);
      for (int l = 0; l < inputs.length; l++) {
        if (inputs[l].rows() != rows) {
          throw new IllegalStateException("recording of " + describe() + " holds " + inputs[l].rows()
              + " rows of layer " + l + "'s input for " + rows + " outputs");
        }
        layerInputs.add(Nd4jBackend.matrix(inputs[l].values(), rows, sizes[l]));
      }
      // each hidden layer's output (the next layer's input) stands for its pre-activation: the derivative of
      // ReLU and leaky ReLU follows from the output
      List<INDArray> preActivations = new ArrayList<>(layerInputs.subList(1, layerInputs.size()));
      INDArray output = Nd4jBackend.matrix(outputs, rows, outputDim(), DataType.FLOAT); // its first rows only
      preActivations.add(output);
      spareRecording.set(this);
      return new Pass(output, layerInputs, preActivations, false);
    }
  }

  /** Rows of a fixed width appended to a growing float array. */
  private static final class RowBuffer {
    private final int width;
    private float[] values = new float[0];
    private int length;

    RowBuffer(int width) {
      this.width = width;
    }

    void append(float[] source, int count) {
      ensure(count);
      System.arraycopy(source, 0, values, length, count);
      length += count;
    }

    void append(INDArray rowsOf) {
      int count = (int) rowsOf.length();
      ensure(count);
      float[] read = Nd4jBackend.toFloats(rowsOf);
      System.arraycopy(read, 0, values, length, count);
      length += count;
    }

    void clear() {
      length = 0;
    }

    private void ensure(int count) {
      if (values.length < length + count) {
        values = Arrays.copyOf(values, Math.max(length + count, values.length * 3 / 2));
      }
    }

    int rows() {
      return length / width;
    }

    float[] values() {
      return values;
    }
  }

  final class Pass implements ForwardPass {
    private final INDArray output;
    private final List<INDArray> layerInputs;
    private final List<INDArray> preActivations;
    /** Whether {@link #splitForward} made the pass (each layer's activated output is the next one's input). */
    private final boolean split;
    private boolean used;

    Pass(INDArray output, List<INDArray> layerInputs, List<INDArray> preActivations, boolean split) {
      this.output = output;
      this.layerInputs = layerInputs;
      this.preActivations = preActivations;
      this.split = split;
    }

    @Override
    public INDArray output() {
      return output;
    }

    @Override
    public void backward(INDArray outputGradient) {
      backward(outputGradient, false);
    }

    /**
     * Adds the parameter gradients and, if asked, returns dLoss/dInput.
     */
    INDArray backward(INDArray outputGradient, boolean inputGradient) {
      if (used) {
        throw new IllegalStateException("backward already ran for this forward pass of " + describe());
      }
      used = true;
      if (!Arrays.equals(outputGradient.shape(), output.shape())) {
        throw new IllegalArgumentException("output gradient " + Arrays.toString(outputGradient.shape())
            + " does not match output " + Arrays.toString(output.shape()));
      }
      if (split) {
        return splitBackward(outputGradient, inputGradient);
      }
      int last = weights.length - 1;
      // backprop overwrites a stored pre-activation, which this pass no longer needs once dW of the layer above
      // is computed
      INDArray dz = activateOutput
          ? activation.backprop(preActivations.get(last), outputGradient.dup())
          : outputGradient;
      INDArray ones = Nd4j.ones(dz.dataType(), 1, dz.rows());
      INDArray dInput = null;
      for (int l = last; l >= 0; l--) {
        Blas.gemm(layerInputs.get(l), dz, weightGradients[l], true, false, 1.0, 1.0);
        // the bias gradient (column sums of dz) as a product with ones: 5x faster than sum(0) on ND4J
        Blas.gemm(ones, dz, biasGradients[l], false, false, 1.0, 1.0);
        if (l > 0 || inputGradient) {
          INDArray dh = Nd4j.createUninitialized(dz.dataType(), dz.rows(), sizes[l]);
          Blas.gemm(dz, weights[l], dh, false, true, 1.0, 0.0);
          if (l > 0) {
            dz = activation.backprop(preActivations.get(l - 1), dh);
          } else {
            dInput = dh;
          }
        }
      }
      return dInput;
    }

    /**
     * The backward pass of a {@link #splitForward} pass: the products on ND4J, ReLU's derivative (in place in
     * native memory, from the next layer's input, which is this layer's activated output) and the bias gradients
     * (column sums, on at most {@code SEQUENTIAL_SUM} rows) in Java, each to the bit what the ND4J ops give.
     */
    private INDArray splitBackward(INDArray outputGradient, boolean inputGradient) {
      int rows = (int) output.rows();
      int last = weights.length - 1;
      INDArray dzArray = outputGradient;
      boolean own = false; // whether dzArray is this pass's own array, which it may change
      if (!Nd4jBackend.isContiguous(outputGradient, DataType.FLOAT)) {
        dzArray = Nd4jBackend.matrix(Nd4jBackend.toFloats(outputGradient.castTo(DataType.FLOAT)), rows,
            sizes[last + 1]);
        own = true;
      }
      if (activateOutput) {
        dzArray = own ? dzArray : dzArray.dup('c'); // the caller's gradient stays as it is
        FloatArrays.reluDerivative(dzArray, output);
      }
      INDArray dInput = null;
      for (int l = last; l >= 0; l--) {
        int in = sizes[l];
        Blas.gemm(layerInputs.get(l), dzArray, weightGradients[l], true, false, 1.0, 1.0);
        addBiasGradient(l, dzArray, rows);
        if (l == 0 && !inputGradient) {
          break;
        }
        INDArray dh = Nd4j.createUninitialized(DataType.FLOAT, rows, in);
        Blas.gemm(dzArray, weights[l], dh, false, true, 1.0, 0.0);
        if (l > 0) {
          FloatArrays.reluDerivative(dh, layerInputs.get(l));
        }
        if (l == 0) {
          dInput = dh;
        }
        dzArray = dh;
      }
      return dInput;
    }

    /** Adds the column sums of {@code dzArray} (contiguous, not a view) to layer {@code layer}'s bias gradient. */
    private void addBiasGradient(int layer, INDArray dzArray, int rows) {
      int width = sizes[layer + 1];
      if (rows > SEQUENTIAL_SUM) {
        // the bias gradient as a product with ones: 5x faster than sum(0) on ND4J
        Blas.gemm(Nd4j.ones(DataType.FLOAT, 1, rows), dzArray, biasGradients[layer], false, false, 1.0, 1.0);
        return;
      }
      long at = biasOffset(layer);
      if (FloatArrays.addColumnSums(dzArray, rows, width, gradients, at)) {
        return;
      }
      float[] dz = new float[rows * width];
      Nd4jBackend.read(dzArray, dz);
      float[] sums = new float[width];
      FloatArrays.columnSums(dz, rows, width, sums);
      float[] gradient = new float[width];
      Nd4jBackend.readFloats(gradients, at, width, gradient);
      FloatArrays.add(sums, 0, gradient, 0, width);
      Nd4jBackend.writeFloats(gradient, width, gradients, at);
    }
  }
}
