package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.core.plugin.PluginJars;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --plugins} and {@code GFN_PLUGINS}: plugin jars compiled at test time from sources outside the reactor,
 * against gfn-api alone, then listed, trained, evaluated, exported and sampled through the command line; and
 * broken jars, each reported in one line naming the jar and the class, that do not stop {@code --help}.
 */
class PluginJarsCliTest {
  private static final String SERVICES = "META-INF/services/org.gfn4j.api.env.EnvironmentProvider";
  private static final String PACKAGE = "com.example.chain";

  private static final String CHAIN = """
      package com.example.chain;

      import java.util.Arrays;
      import java.util.OptionalDouble;
      import org.gfn4j.api.env.AbstractDiscreteEnvironment;
      import org.gfn4j.api.env.DiscreteStates;
      import org.gfn4j.api.env.Enumerable;
      import org.gfn4j.api.param.Parameters;

      /** Positions 0..length; step right (action 0) or exit (action 1) from any position but the start. */
      public final class Chain extends AbstractDiscreteEnvironment implements Enumerable {
        private final int length;

        Chain(Parameters parameters) {
          super("plugin-chain", parameters, 1, 2);
          this.length = parameters.getInt("length");
        }

        @Override protected void initialState(int[] values, int offset) { values[offset] = 0; }

        @Override
        protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
          out[outOffset] = values[offset] < length;
          out[outOffset + 1] = values[offset] > 0;
        }

        @Override
        protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
          out[outOffset] = values[offset] > 0;
        }

        @Override protected void applyForward(int[] values, int offset, int action) { values[offset]++; }
        @Override protected void applyBackward(int[] values, int offset, int action) { values[offset]--; }

        @Override
        public double[] logReward(DiscreteStates terminalStates) {
          double[] out = new double[terminalStates.size()];
          for (int row = 0; row < out.length; row++) {
            out[row] = Math.log(terminalStates.get(row, 0));
          }
          return out;
        }

        @Override public int encodingDim() { return length + 1; }
        @Override public String encoding() { return "onehot"; }

        @Override
        public void encode(DiscreteStates states, float[] out) {
          Arrays.fill(out, 0, states.size() * (length + 1), 0f);
          for (int row = 0; row < states.size(); row++) {
            out[row * (length + 1) + states.get(row, 0)] = 1f;
          }
        }

        @Override public int stateCount() { return length + 1; }

        @Override
        public DiscreteStates allStates() {
          int[] values = new int[length + 1];
          for (int i = 0; i <= length; i++) {
            values[i] = i;
          }
          return states(length + 1, values);
        }

        @Override public int indexOf(DiscreteStates states, int row) { return states.get(row, 0); }

        @Override
        public OptionalDouble closedFormLogPartition() {
          return OptionalDouble.of(Math.log(length * (length + 1) / 2.0));
        }
      }
      """;

  private static final String PROVIDER = """
      package com.example.chain;

      import java.util.List;
      import org.gfn4j.api.env.Environment;
      import org.gfn4j.api.env.EnvironmentProvider;
      import org.gfn4j.api.param.ParameterSpec;
      import org.gfn4j.api.param.Parameters;

      public final class ChainProvider implements EnvironmentProvider {
        @Override public String name() { return "plugin-chain"; }
        @Override public String description() { return "a chain from a plugin jar built at test time"; }

        @Override
        public List<ParameterSpec> parameters() {
          return List.of(ParameterSpec.integer("length", 5, 1, 100, "number of positions after the start"));
        }

        @Override public Environment create(Parameters parameters) { return new Chain(parameters); }
      }
      """;

  @TempDir
  static Path folder;
  private static Path chainJar;

  @BeforeAll
  static void buildThePluginJar() throws IOException {
    Path classes = compile(folder.resolve("chain-classes"), Map.of("Chain", CHAIN, "ChainProvider", PROVIDER));
    chainJar = jar(folder.resolve("jars/plugin-chain.jar"), classes, name -> true,
        Map.of(SERVICES, PACKAGE + ".ChainProvider\n"));
  }

  @Test
  void list_showsThePluginOfAJar_andOfAFolderOfJars() {
    CliRunner byJar = CliRunner.run("list", "--plugins", chainJar.toString());
    assertThat(byJar.exitCode()).as(byJar.err()).isZero();
    assertThat(byJar.out()).contains("plugin-chain", "a chain from a plugin jar built at test time", "length",
        "hypergrid");
    CliRunner byFolder = CliRunner.run("--plugins=" + chainJar.getParent(), "list");
    assertThat(byFolder.exitCode()).as(byFolder.err()).isZero();
    assertThat(byFolder.out()).contains("plugin-chain");
    assertThat(CliRunner.run("list").out()).doesNotContain("plugin-chain");
  }

  @Test
  void thePluginOfTheJar_passesTheConformanceKit_whenLoadedThroughPluginJars() {
    try (PluginJars jars = PluginJars.open(List.of(chainJar.toString()), getClass().getClassLoader())) {
      PluginRegistry registry = PluginRegistry.discover(jars);
      assertThat(registry.problems()).isEmpty();
      EnvironmentProvider provider = registry.environment("plugin-chain");
      assertThat(provider.getClass().getClassLoader()).isSameAs(jars.classLoader());
      EnvironmentConformance.check((DiscreteEnvironment) provider.create(Parameters.defaults(
          "environment 'plugin-chain'", provider.parameters())), 17);
    }
  }

  @Test
  void gfnPlugins_environmentVariable_combinesWithTheOption() {
    Result result = execute("/does/not/exist" + java.io.File.pathSeparator + chainJar, "list");
    assertThat(result.out()).contains("plugin-chain");
    assertThat(result.err()).isEqualTo("gfn: error: plugin path /does/not/exist does not exist; expected a jar or a "
        + "folder of jars\n");
    Result combined = execute(chainJar.toString(), "--plugins", chainJar.toString(), "list");
    assertThat(combined.code()).as(combined.err()).isZero();
    assertThat(combined.out()).contains("plugin-chain");
  }

  @Test
  void trainEvaluateExportAndSample_runAPluginEnvironmentFromAJar(@TempDir Path out) throws IOException {
    Path run = out.resolve("run");
    CliRunner trained = CliRunner.run("train", "--plugins", chainJar.toString(), "--env", "plugin-chain",
        "--env-opt", "length=4", "--loss", "tb", "--iterations", "20", "--batch-size", "8", "--eval-every", "10",
        "--hidden", "16", "--layers", "1", "--seed", "2", "--no-progress", "--out", run.toString());
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    assertThat(trained.out()).contains("20 iterations", "exact L1");
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(3);
    assertThat(run.resolve("checkpoint.json")).exists();

    CliRunner withoutJar = CliRunner.run("evaluate", "--checkpoint", run.toString());
    assertThat(withoutJar.exitCode()).isEqualTo(1);
    assertThat(withoutJar.err()).contains("unknown environment 'plugin-chain'; available: ",
        "is a plugin jar missing? (--plugins PATH or GFN_PLUGINS)");

    CliRunner evaluated = CliRunner.run("evaluate", "--checkpoint", run.toString(), "--plugins", chainJar.toString());
    assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
    assertThat(evaluated.out()).contains("l1_exact");

    Path policy = out.resolve("chain.onnx");
    CliRunner exported = CliRunner.run("export", "--plugins", chainJar.toString(), "--checkpoint", run.toString(),
        "--out", policy.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("'plugin-chain'");

    Path samples = out.resolve("samples.csv");
    CliRunner sampled = CliRunner.run("sample", "--plugins", chainJar.toString(), "--onnx", policy.toString(),
        "-n", "50", "--out", samples.toString());
    assertThat(sampled.exitCode()).as(sampled.err()).isZero();
    List<String> lines = Files.readAllLines(samples);
    assertThat(lines).hasSize(51);
    assertThat(lines.get(0)).isEqualTo("s0,log_reward");
    for (String line : lines.subList(1, lines.size())) {
      int position = Integer.parseInt(line.split(",")[0]);
      assertThat(position).isBetween(1, 4);
    }
  }

  @Test
  void unknownEnvironment_hintsThatAPluginJarMayBeMissing(@TempDir Path out) {
    CliRunner result = CliRunner.run("train", "--env", "foo", "--iterations", "1", "--no-progress", "--out",
        out.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("gfn: error: unknown environment 'foo'; available: ")
        .contains("hypergrid").endsWith("; is a plugin jar missing? (--plugins PATH or GFN_PLUGINS)\n");
  }

  @Test
  void pluginsWithoutAValue_isAUsageError() {
    CliRunner result = CliRunner.run("list", "--plugins");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("gfn: error: --plugins needs a value: PATH[:PATH...]");
  }

  @Test
  void help_documentsThePluginsOption() {
    assertThat(CliRunner.run("--help").out()).contains("--plugins=PATH[:PATH...]", "GFN_PLUGINS");
    assertThat(CliRunner.run("train", "--help").out()).contains("--plugins=PATH[:PATH...]");
  }

  @Test
  void classCompiledForANewerJava_isOneLineNamingTheJarAndTheClass() throws IOException {
    Path classes = compile(folder.resolve("newer-classes"), Map.of("Chain", CHAIN, "ChainProvider", PROVIDER));
    Path provider = classes.resolve("com/example/chain/ChainProvider.class");
    byte[] bytes = Files.readAllBytes(provider);
    bytes[6] = 0;
    bytes[7] = 99;
    Files.write(provider, bytes);
    Path jar = jar(folder.resolve("broken/newer.jar"), classes, name -> true,
        Map.of(SERVICES, PACKAGE + ".ChainProvider\n"));
    assertBrokenJar(jar, "gfn: error: plugin jar " + jar + ": class com.example.chain.ChainProvider: cannot be "
        + "loaded: UnsupportedClassVersionError: ", "class file version 99.0", "UnsupportedClassVersionError");
  }

  @Test
  void missingDependency_isOneLineNamingTheJarTheClassAndTheMissingOne() throws IOException {
    String helper = "package com.example.chain;\npublic final class Helper { public String text() { return \"h\"; } "
        + "}\n";
    String provider = PROVIDER.replace("public final class ChainProvider implements EnvironmentProvider {",
        "public final class ChainProvider implements EnvironmentProvider {\n"
            + "  private final String helper = new Helper().text();");
    Path classes = compile(folder.resolve("missing-classes"),
        Map.of("Chain", CHAIN, "ChainProvider", provider, "Helper", helper));
    Path jar = jar(folder.resolve("broken/missing.jar"), classes, name -> !name.endsWith("Helper.class"),
        Map.of(SERVICES, PACKAGE + ".ChainProvider\n"));
    assertBrokenJar(jar, "gfn: error: plugin jar " + jar + ": class com.example.chain.ChainProvider: ",
        "NoClassDefFoundError: com/example/chain/Helper", "NoClassDefFoundError");
  }

  @Test
  void throwingConstructor_isOneLineNamingTheJarTheClassAndTheCause() throws IOException {
    String provider = PROVIDER.replace("public final class ChainProvider implements EnvironmentProvider {",
        "public final class ChainProvider implements EnvironmentProvider {\n"
            + "  public ChainProvider() { throw new IllegalStateException(\"no licence file found\"); }");
    Path classes = compile(folder.resolve("throwing-classes"), Map.of("Chain", CHAIN, "ChainProvider", provider));
    Path jar = jar(folder.resolve("broken/throwing.jar"), classes, name -> true,
        Map.of(SERVICES, PACKAGE + ".ChainProvider\n"));
    assertBrokenJar(jar, "gfn: error: plugin jar " + jar + ": class com.example.chain.ChainProvider: its "
        + "constructor failed: IllegalStateException: no licence file found", "", "no licence file found");
  }

  @Test
  void duplicateOfABuiltInName_isOneLineNamingBothClasses() throws IOException {
    String provider = PROVIDER.replace("return \"plugin-chain\";", "return \"hypergrid\";");
    Path classes = compile(folder.resolve("duplicate-classes"), Map.of("Chain", CHAIN, "ChainProvider", provider));
    Path jar = jar(folder.resolve("broken/duplicate.jar"), classes, name -> true,
        Map.of(SERVICES, PACKAGE + ".ChainProvider\n"));
    assertBrokenJar(jar, "gfn: error: plugin jar " + jar + ": class com.example.chain.ChainProvider: two "
        + "environment plugins are named 'hypergrid': org.gfn4j.envs.hypergrid.HyperGridProvider (",
        "and com.example.chain.ChainProvider; the second is left out", "two environment plugins");
    // the built-in one is kept: list shows the built-in description
    CliRunner list = CliRunner.run("list", "--plugins", jar.toString());
    assertThat(list.out()).doesNotContain("a chain from a plugin jar");
  }

  @Test
  void aBrokenJar_doesNotHideTheGoodOnes() throws IOException {
    Path classes = compile(folder.resolve("mixed-classes"), Map.of("Chain", CHAIN, "ChainProvider", PROVIDER));
    Path jar = jar(folder.resolve("broken/mixed.jar"), classes, name -> true,
        Map.of(SERVICES, "com.example.chain.Absent # not in the jar\n" + PACKAGE + ".ChainProvider\n"));
    CliRunner list = CliRunner.run("list", "--plugins", jar.toString());
    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.out()).contains("plugin-chain", "hypergrid");
    assertThat(list.err()).isEqualTo("gfn: error: plugin jar " + jar + ": class com.example.chain.Absent: is listed "
        + "in " + SERVICES + " but is not in the jar\n");
  }

  /** The broken jar gives one line on list and train, its cause with train --verbose, and does not stop --help. */
  private static void assertBrokenJar(Path jar, String start, String contains, String verboseCause) {
    for (String[] help : List.of(new String[] {"--help"}, new String[] {"--version"}, new String[] {"list", "--help"},
        new String[] {"train", "--help"}, new String[0])) {
      List<String> args = new ArrayList<>(List.of("--plugins", jar.toString()));
      args.addAll(List.of(help));
      CliRunner result = CliRunner.run(args.toArray(String[]::new));
      assertThat(result.exitCode()).as(String.join(" ", help) + ": " + result.err()).isZero();
      assertThat(result.err()).as(String.join(" ", help)).isEmpty();
      assertThat(result.out()).as(String.join(" ", help)).isNotEmpty();
    }
    CliRunner list = CliRunner.run("list", "--plugins", jar.toString());
    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.out()).contains("hypergrid", "binary-tree");
    assertThat(list.err()).startsWith(start).contains(contains).doesNotContain("\tat ");
    assertThat(list.err().lines()).hasSize(1);

    CliRunner train = CliRunner.run("train", "--plugins", jar.toString(), "--env", "hypergrid", "--iterations", "1",
        "--no-progress", "--out", folder.resolve("never").toString());
    assertThat(train.exitCode()).isEqualTo(1);
    assertThat(train.err()).isEqualTo(list.err());
    assertThat(folder.resolve("never")).doesNotExist();

    CliRunner verbose = CliRunner.run("train", "--verbose", "--plugins", jar.toString(), "--env", "hypergrid",
        "--iterations", "1", "--no-progress", "--out", folder.resolve("never").toString());
    assertThat(verbose.err()).startsWith(start).contains(verboseCause).contains("\tat ");
    CliRunner listVerbose = CliRunner.run("list", "--verbose", "--plugins", jar.toString());
    assertThat(listVerbose.exitCode()).isEqualTo(1);
    assertThat(listVerbose.out()).contains("hypergrid");
    assertThat(listVerbose.err()).startsWith(start).contains(verboseCause).contains("\tat ");
  }

  private record Result(int code, String out, String err) {}

  private static Result execute(String gfnPlugins, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = GfnCli.execute(args, gfnPlugins, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString().replace(System.lineSeparator(), "\n"));
  }

  /** Compiles {@code sources} (simple class name to source, package {@value #PACKAGE}) against gfn-api alone. */
  private static Path compile(Path classes, Map<String, String> sources) throws IOException {
    Path src = Files.createDirectories(classes.resolveSibling(classes.getFileName() + "-src"));
    List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-classpath", gfnApi().toString(),
        "-d", Files.createDirectories(classes).toString()));
    for (Map.Entry<String, String> source : new LinkedHashMap<>(sources).entrySet()) {
      Path file = Files.createDirectories(src.resolve(PACKAGE.replace('.', '/'))).resolve(source.getKey() + ".java");
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK's compiler").isNotNull();
    int code = compiler.run(null, null, null, args.toArray(String[]::new));
    assertThat(code).as("javac " + args).isZero();
    return classes;
  }

  /** Where the gfn-api classes are: a folder or a jar. */
  private static Path gfnApi() {
    try {
      return Path.of(AbstractDiscreteEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Jars the class files of {@code classes} that {@code include} accepts, with extra text entries. */
  private static Path jar(Path jar, Path classes, Predicate<String> include, Map<String, String> entries)
      throws IOException {
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = classes.relativize(path).toString().replace('\\', '/');
        if (include.test(name)) {
          out.putNextEntry(new JarEntry(name));
          out.write(Files.readAllBytes(path));
          out.closeEntry();
        }
      }
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return jar;
  }
}
