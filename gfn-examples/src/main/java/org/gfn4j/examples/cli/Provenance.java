package org.gfn4j.examples.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.RunSpec;

/**
 * Where a run comes from: its id (the seed and a short hash of its specification), the JVM, operating system,
 * libraries and thread counts it ran with, the build's commit where recorded, and hashes of the files it read.
 */
final class Provenance {
  private Provenance() {}

  /** The run's id ({@link CheckpointStore#runId}): two runs with the same id were specified identically. */
  static String runId(RunSpec spec) {
    return CheckpointStore.runId(requireNonNull(spec, "spec is null"));
  }

  /** The SHA-256 of a file's bytes as 64 hex digits. */
  static String sha256(Path file) {
    requireNonNull(file, "file is null");
    MessageDigest digest = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to hash it: " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The provenance of a run of {@code spec} in this process: JVM, OS, architecture, ND4J and ONNX Runtime versions,
   * thread counts, the build's commit (null when the build recorded none), and the SHA-256 of the reward's model
   * file ({@code model} option) and of the prior's {@code parameters.bin} (null when there is none).
   */
  static Map<String, Object> of(RunSpec spec) {
    requireNonNull(spec, "spec is null");
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("java_version", System.getProperty("java.version"));
    provenance.put("java_vendor", System.getProperty("java.vendor"));
    provenance.put("os_name", System.getProperty("os.name"));
    provenance.put("os_version", System.getProperty("os.version"));
    provenance.put("os_arch", System.getProperty("os.arch"));
    provenance.put("nd4j_version", pomVersion("META-INF/maven/org.nd4j/nd4j-api/pom.properties"));
    provenance.put("onnxruntime_version", implementationVersion("ai.onnxruntime.OrtEnvironment"));
    provenance.put("available_processors", Runtime.getRuntime().availableProcessors());
    provenance.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
    provenance.put("gfn4j_version", CheckpointStore.gfn4jVersion());
    provenance.put("commit", commit());
    String model = spec.reward().options().get("model");
    provenance.put("reward_model_sha256", model != null && Files.isRegularFile(Path.of(model))
        ? sha256(Path.of(model)) : null);
    Path priorParameters = spec.prior() == null ? null : Path.of(spec.prior()).resolve(CheckpointStore.PARAMETERS);
    provenance.put("prior_parameters_sha256", priorParameters != null && Files.isRegularFile(priorParameters)
        ? sha256(priorParameters) : null);
    return provenance;
  }

  /** The commit the build recorded ({@code commit} in gfn4j's version.properties, or a git.properties), or null. */
  static String commit() {
    String recorded = property("org/gfn4j/core/run/version.properties", "commit");
    if (recorded == null) {
      recorded = property("git.properties", "git.commit.id.full");
    }
    if (recorded == null) {
      recorded = property("git.properties", "git.commit.id");
    }
    return recorded == null || recorded.isBlank() || recorded.startsWith("${") ? null : recorded;
  }

  private static String pomVersion(String resource) {
    return property(resource, "version");
  }

  private static String property(String resource, String key) {
    try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty(key);
    } catch (IOException e) {
      return null;
    }
  }

  /** The implementation version of the jar holding {@code className}, without initialising it; null if absent. */
  private static String implementationVersion(String className) {
    try {
      Package p = Class.forName(className, false, Provenance.class.getClassLoader()).getPackage();
      return p == null ? null : p.getImplementationVersion();
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
