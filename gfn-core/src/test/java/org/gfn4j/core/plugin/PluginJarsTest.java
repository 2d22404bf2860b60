package org.gfn4j.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PluginJars} paths and {@link PluginRegistry#discover(PluginJars)} isolating broken providers. */
class PluginJarsTest {
  private static final String SERVICES = "META-INF/services/org.gfn4j.api.policy.PolicyProvider";

  @Test
  void noPaths_usesTheParentLoader() {
    ClassLoader parent = getClass().getClassLoader();
    try (PluginJars jars = PluginJars.open(List.of("", " "), parent)) {
      assertThat(jars.classLoader()).isSameAs(parent);
      assertThat(jars.jars()).isEmpty();
      assertThat(jars.problems()).isEmpty();
    }
  }

  @Test
  void missingPathsAndEmptyFolders_areProblems_notExceptions(@TempDir Path folder) {
    Path missing = folder.resolve("missing.jar");
    try (PluginJars jars = PluginJars.open(List.of(missing + java.io.File.pathSeparator + folder),
        getClass().getClassLoader())) {
      assertThat(jars.problems()).extracting(PluginProblem::message).containsExactly(
          "plugin path " + missing + " does not exist; expected a jar or a folder of jars",
          "plugin path " + folder + " is a folder without .jar files; expected a jar or a folder of jars");
      PluginRegistry registry = PluginRegistry.discover(jars);
      assertThat(registry.problems()).hasSize(2);
      assertThat(registry.policies()).containsKeys("mlp", "uniform");
    }
  }

  @Test
  void aFolderOfJars_opensEachJar_andBrokenProvidersAreReportedOneLineEach(@TempDir Path folder) throws IOException {
    Path jar = folder.resolve("b-broken.jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(SERVICES));
      out.write(("# comment\ncom.example.Absent\njava.lang.String\norg.gfn4j.core.nn.MlpProvider\n")
          .getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    Files.copy(jar, folder.resolve("a-copy.jar"));
    Files.writeString(folder.resolve("notes.txt"), "not a jar");
    try (PluginJars jars = PluginJars.open(List.of(folder.toString()), getClass().getClassLoader())) {
      assertThat(jars.jars()).containsExactly(folder.resolve("a-copy.jar"), jar);
      PluginRegistry registry = PluginRegistry.discover(jars);
      assertThat(registry.policies()).containsKeys("mlp", "uniform");
      String where = "plugin jar " + folder.resolve("a-copy.jar") + ": class ";
      assertThat(registry.problems()).extracting(PluginProblem::message).containsExactly(
          where + "com.example.Absent: is listed in " + SERVICES + " but is not in the jar",
          where + "java.lang.String: is listed in " + SERVICES + " but does not implement PolicyProvider");
      assertThat(registry.problems().get(0).cause()).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void problemMessages_areFoldedOntoOneLine() {
    assertThat(new PluginProblem("a\n  b\r\nc", null).message()).isEqualTo("a b c");
  }
}
