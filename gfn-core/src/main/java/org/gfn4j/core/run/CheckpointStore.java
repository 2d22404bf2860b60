package org.gfn4j.core.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.model.GFlowNet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads trained models: {@code checkpoint.json} (the {@link Checkpoint} metadata, readable by people
 * and tools, with a checksum of itself) and {@code parameters.bin} (named float32 or float64 blocks with a CRC-32),
 * both written atomically. Loading rebuilds the run from its recorded spec and checks the metadata's checksum and
 * every block's name, length and checksum, failing with a message that names the file and what was expected.
 * {@link TrainingCheckpoints} adds the trainer's state, from which a run resumes.
 */
public final class CheckpointStore {
  /** Metadata file name. */
  public static final String METADATA = "checkpoint.json";
  /** Parameter file name. */
  public static final String PARAMETERS = "parameters.bin";

  /** Hex digits of the spec's hash in a run id. */
  static final int RUN_ID_HASH_DIGITS = 12;
  private static final Pattern CHECKSUM = Pattern.compile("(\"checksum\"\\s*:\\s*)(-?\\d+|null)");

  private static final long MAGIC = 0x47464E34_4A504152L; // "GFN4JPAR"
  private static final ObjectMapper JSON = new ObjectMapper()
      .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
      .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** Version of the parameter file: 2 records each block's value width (4 or 8 bytes); 1 had floats only. */
  private static final int PARAMETER_FORMAT = 2;

  private CheckpointStore() {}

  /** The version of gfn4j on the class path. */
  public static String gfn4jVersion() {
    try (InputStream in = CheckpointStore.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The run specification as one line of JSON, in the form {@code checkpoint.json} records it: the provenance
   * that exports (such as ONNX files) carry.
   */
  public static String runSpecToJson(RunSpec spec) {
    try {
      return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the run specification: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a run specification written by {@link #runSpecToJson}.
   *
   * @param source where the text comes from, for the message ({@code "ONNX model policy.onnx"})
   * @throws IllegalArgumentException naming {@code source} if the text is not a run specification
   */
  public static RunSpec runSpecFromJson(String json, String source) {
    try {
      return JSON.readValue(json, RunSpec.class);
    } catch (JsonProcessingException | NullPointerException e) {
      throw new IllegalArgumentException(source + " holds no valid run specification: " + e.getMessage(), e);
    }
  }

  /**
   * The run's id, {@code <seed>-<hash>}: the seed and the first {@value #RUN_ID_HASH_DIGITS} hex digits of the
   * SHA-256 of its spec, the iteration count left out, so that a run resumed to train longer keeps its id.
   */
  public static String runId(RunSpec spec) {
    RunSpec anyLength = spec.withTraining(spec.training().withIterations(0));
    try {
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
          runSpecToJson(anyLength).getBytes(StandardCharsets.UTF_8)));
      return spec.training().seed() + "-" + hash.substring(0, RUN_ID_HASH_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /**
   * Writes the run's model into {@code folder} (created if needed), replacing an earlier checkpoint: first
   * {@code parameters.bin}, then {@code checkpoint.json} with the parameter file's CRC, each atomically; a crash
   * between the two leaves a pair that {@link #load} rejects rather than mixes.
   */
  public static void save(Path folder, TrainingRun run, int iterations) {
    byte[] parameters = parameterFile(run.model());
    AtomicFiles.write(folder.resolve(PARAMETERS), out -> out.write(parameters));
    AtomicFiles.writeString(folder.resolve(METADATA), metadata(run, iterations, parameters, null, 0));
  }

  /** The text of {@code checkpoint.json} for these files, its own checksum included. */
  static String metadata(TrainingRun run, int iterations, byte[] parameters, byte[] state, int checkpointEvery) {
    Checkpoint checkpoint = new Checkpoint(Checkpoint.FORMAT, gfn4jVersion(), runId(run.spec()), run.spec(),
        iterations, run.model().logZ(), crc(parameters), state == null ? null : crc(state), checkpointEvery, 0L);
    String text = toJson(checkpoint);
    long checksum = crc(text.getBytes(StandardCharsets.UTF_8));
    return CHECKSUM.matcher(text).replaceFirst("$1" + checksum);
  }

  /** The CRC-32 of {@code bytes}. */
  static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  /** The parameter file of the model's blocks. */
  static byte[] parameterFile(GFlowNet model) {
    Map<String, INDArray> blocks = model.parameterBlocks();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(bytes);
      data.writeLong(MAGIC);
      data.writeInt(PARAMETER_FORMAT);
      data.writeInt(blocks.size());
      for (Map.Entry<String, INDArray> block : blocks.entrySet()) {
        INDArray array = block.getValue();
        boolean wide = array.dataType() == DataType.DOUBLE;
        data.writeUTF(block.getKey());
        data.writeInt((int) array.length());
        data.writeByte(wide ? Double.BYTES : Float.BYTES);
        ByteBuffer buffer = ByteBuffer.allocate((int) array.length() * (wide ? Double.BYTES : Float.BYTES));
        if (array.length() > 0 && wide) {
          buffer.asDoubleBuffer().put(array.dup().data().asDouble());
        } else if (array.length() > 0) {
          buffer.asFloatBuffer().put(array.castTo(DataType.FLOAT).data().asFloat());
        }
        data.write(buffer.array());
      }
      data.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      data.writeLong(crc.getValue());
      data.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise parameters: " + e.getMessage(), e);
    }
  }

  /** Reads the metadata of the checkpoint in {@code folder}. */
  public static Checkpoint read(Path folder) {
    Path file = folder.resolve(METADATA);
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Checkpoint checkpoint = JSON.readValue(text, Checkpoint.class);
      if (checkpoint.format() != 1 && checkpoint.format() != Checkpoint.FORMAT) {
        throw new IllegalArgumentException("checkpoint " + file + " has format " + checkpoint.format()
            + "; this gfn4j reads formats 1 and " + Checkpoint.FORMAT);
      }
      if (checkpoint.format() > 1) {
        verifyChecksum(file, text, checkpoint.checksum());
      }
      return checkpoint;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no checkpoint in " + folder + ": " + METADATA + " is missing", e);
    } catch (JsonProcessingException | NullPointerException e) {
      throw new IllegalArgumentException("corrupt checkpoint " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void verifyChecksum(Path file, String text, Long stored) {
    Matcher matcher = CHECKSUM.matcher(text);
    if (stored == null || !matcher.find()) {
      throw corrupt(file, "it has no checksum, which format " + Checkpoint.FORMAT + " requires");
    }
    long computed = crc(matcher.replaceFirst("$10").getBytes(StandardCharsets.UTF_8)); // group 1, then "0"
    if (computed != stored) {
      throw corrupt(file, "its checksum does not match its text (stored " + Long.toHexString(stored) + ", computed "
          + Long.toHexString(computed) + "); was it edited or cut short?");
    }
  }

  /**
   * Rebuilds the run recorded in {@code folder} with {@code factory} and loads its parameters.
   *
   * @throws IllegalArgumentException if a file is missing, corrupt, or does not match the rebuilt model
   */
  public static TrainingRun load(Path folder, RunFactory factory) {
    Checkpoint checkpoint = read(folder);
    TrainingRun run = factory.create(checkpoint.spec());
    loadParameters(folder, checkpoint, run.model());
    return run;
  }

  /**
   * Loads {@code folder}'s parameter file into {@code model}, checking it against {@code checkpoint} and the
   * model's blocks.
   */
  static void loadParameters(Path folder, Checkpoint checkpoint, GFlowNet model) {
    Map<String, INDArray> blocks = model.parameterBlocks();
    Path file = folder.resolve(PARAMETERS);
    byte[] bytes = readFile(folder, PARAMETERS);
    if (bytes.length < Long.BYTES * 2 + Integer.BYTES * 2) {
      throw corrupt(file, "it is " + bytes.length + " bytes long, too short for a parameter file");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - Long.BYTES);
    long stored = ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES).getLong();
    if (stored != crc.getValue()) {
      throw corrupt(file, "checksum mismatch (stored " + Long.toHexString(stored) + ", computed "
          + Long.toHexString(crc.getValue()) + ")");
    }
    long whole = crc(bytes);
    if (whole != checkpoint.parametersCrc()) {
      throw corrupt(file, "it is not the parameter file saved with " + METADATA + " (CRC "
          + Long.toHexString(whole) + ", expected " + Long.toHexString(checkpoint.parametersCrc())
          + "); was the save interrupted?");
    }
    try (DataInputStream data = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      if (data.readLong() != MAGIC) {
        throw corrupt(file, "it is not a gfn4j parameter file");
      }
      int format = data.readInt();
      if (format != 1 && format != PARAMETER_FORMAT) {
        throw corrupt(file, "format " + format + ", expected 1 or " + PARAMETER_FORMAT);
      }
      int count = data.readInt();
      if (count != blocks.size()) {
        throw corrupt(file, count + " parameter blocks, the model has " + blocks.size() + " " + blocks.keySet());
      }
      for (Map.Entry<String, INDArray> block : blocks.entrySet()) {
        String name = data.readUTF();
        int length = data.readInt();
        if (!name.equals(block.getKey()) || length != block.getValue().length()) {
          throw corrupt(file, "block '" + name + "' of " + length + " values where the model has '"
              + block.getKey() + "' of " + block.getValue().length());
        }
        int width = format == 1 ? Float.BYTES : data.readByte();
        if (width != Float.BYTES && width != Double.BYTES) {
          throw corrupt(file, "block '" + name + "' has values of " + width + " bytes, expected 4 or 8");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length * width);
        data.readFully(buffer.array());
        if (length > 0) {
          INDArray values;
          if (width == Double.BYTES) {
            double[] doubles = new double[length];
            buffer.asDoubleBuffer().get(doubles);
            values = Nd4j.createFromArray(doubles);
          } else {
            float[] floats = new float[length];
            buffer.asFloatBuffer().get(floats);
            values = Nd4j.createFromArray(floats);
          }
          block.getValue().assign(values.castTo(block.getValue().dataType()).reshape(block.getValue().shape()));
        }
      }
    } catch (IOException e) {
      throw corrupt(file, "it ends early (" + e.getMessage() + ")");
    }
  }

  /** The contents of {@code file}, which must exist. */
  static byte[] readFile(Path folder, String name) {
    Path file = folder.resolve(name);
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("checkpoint " + folder + " has no " + name, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static IllegalArgumentException corrupt(Path file, String problem) {
    return new IllegalArgumentException("corrupt checkpoint " + file + ": " + problem);
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getMessage(),
          e);
    }
  }
}
