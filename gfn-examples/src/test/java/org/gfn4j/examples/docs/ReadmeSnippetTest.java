package org.gfn4j.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example compiles as printed (its imports included) and trains to a small exact L1. */
class ReadmeSnippetTest {
  @Test
  void theLibraryExample_compilesAndTrains(@TempDir Path work) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("a java block in README.md").isTrue();
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.group(1).split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    Path source = work.resolve("Snippet.java");
    Files.writeString(source, imports + "public class Snippet {\n  public static void main(String[] args) "
        + "throws Exception {\n" + body + "  }\n}\n");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = compiler.run(null, null, errors, "-classpath", System.getProperty("java.class.path"),
        "-d", work.toString(), source.toString());
    assertThat(status).as("javac of the README example: %s", errors.toString(StandardCharsets.UTF_8)).isZero();

    PrintStream standardOut = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {work.toUri().toURL()},
        ReadmeSnippetTest.class.getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader.loadClass("Snippet").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(standardOut);
    }
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    double l1 = Double.parseDouble(lines.get(lines.size() - 1).trim());
    assertThat(l1).as("exact L1 after 1000 iterations of TB on HyperGrid 2x8").isBetween(0.0, 0.05);
  }
}
