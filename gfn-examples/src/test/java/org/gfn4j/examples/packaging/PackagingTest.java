package org.gfn4j.examples.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Packaging for a team, checked from the build's own files: the licence, the parent pom's project information,
 * the BOM, each jar's Automatic-Module-Name, the Maven wrapper and the scripts that use it, and the per-platform
 * ND4J native backend. Surefire runs before {@code package}, so the jar manifests are checked where a jar exists
 * (the sibling modules' jars, built earlier in the same reactor run) and the jar plugin's configuration always.
 */
class PackagingTest {
  /** The repository root: surefire runs each module's tests in that module's directory. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Every module that builds a jar, with the Automatic-Module-Name its manifest must carry. */
  private static final Map<String, String> MODULE_NAMES = new TreeMap<>(Map.of(
      "gfn-api", "org.gfn4j.api",
      "gfn-core", "org.gfn4j.core",
      "gfn-envs", "org.gfn4j.envs",
      "gfn-losses", "org.gfn4j.losses",
      "gfn-onnx", "org.gfn4j.onnx",
      "gfn-examples", "org.gfn4j.examples",
      "gfn-testkit", "org.gfn4j.testkit"));

  private static final Pattern JAVA_MODULE_NAME =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

  // ---- 1. licence and project information ----

  @Test
  void theLicenseIsTheFullApacheLicense2() throws IOException {
    Path license = ROOT.resolve("LICENSE");
    assertThat(license).isRegularFile();
    String text = Files.readString(license);
    assertThat(text).contains("Apache License", "Version 2.0, January 2004", "http://www.apache.org/licenses/",
        "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "END OF TERMS AND CONDITIONS",
        "APPENDIX: How to apply the Apache License to your work.");
    for (String section : List.of("1. Definitions.", "2. Grant of Copyright License.", "3. Grant of Patent License.",
        "4. Redistribution.", "5. Submission of Contributions.", "6. Trademarks.", "7. Disclaimer of Warranty.",
        "8. Limitation of Liability.", "9. Accepting Warranty or Additional Liability.")) {
      assertThat(text).as("section %s of the licence", section).contains(section);
    }
    assertThat(text.lines().count()).as("lines of the full text").isGreaterThanOrEqualTo(200);
  }

  @Test
  void theParentPomDeclaresLicenceScmAndUrl() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    assertThat(text(parent, "url")).startsWith("https://");
    List<Element> licenses = children(child(parent, "licenses"), "license");
    assertThat(licenses).hasSize(1);
    assertThat(text(licenses.get(0), "name")).isEqualTo("Apache-2.0");
    assertThat(text(licenses.get(0), "url")).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
    Element scm = child(parent, "scm");
    assertThat(text(scm, "url")).startsWith("https://");
    assertThat(text(scm, "connection")).startsWith("scm:git:");
    assertThat(text(scm, "developerConnection")).startsWith("scm:git:");
  }

  // ---- 2. the BOM ----

  @Test
  void theBomManagesEveryGfn4jArtifactAtTheProjectVersion() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    List<String> modules = texts(child(parent, "modules"), "module");
    assertThat(modules).contains("gfn-bom").containsAll(MODULE_NAMES.keySet());
    assertThat(new TreeSet<>(modules)).as("the reactor is the BOM plus the jar modules")
        .isEqualTo(union(MODULE_NAMES.keySet(), Set.of("gfn-bom")));

    Element bom = pom(ROOT.resolve("gfn-bom/pom.xml"));
    assertThat(text(bom, "packaging")).isEqualTo("pom");
    assertThat(text(bom, "groupId")).isEqualTo(text(parent, "groupId"));
    assertThat(text(bom, "version")).as("the BOM's version follows the parent's").isEqualTo(text(parent, "version"));
    assertThat(child(bom, "parent")).as("no parent: an imported BOM would bring gfn4j-parent's third-party pins")
        .isNull();
    List<Element> managed = children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency");
    Set<String> artifacts = new TreeSet<>();
    for (Element dependency : managed) {
      assertThat(text(dependency, "groupId")).isEqualTo("org.gfn4j");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      assertThat(child(dependency, "scope")).isNull();
      artifacts.add(text(dependency, "artifactId"));
    }
    assertThat(artifacts).isEqualTo(MODULE_NAMES.keySet());
    assertThat(managed).hasSameSizeAs(artifacts);
  }

  // ---- 3. Automatic-Module-Name ----

  @Test
  void everyJarModuleConfiguresItsAutomaticModuleName() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    Element jarPlugin = managedPlugin(parent, "maven-jar-plugin");
    assertThat(jarPlugin).as("maven-jar-plugin in the parent's pluginManagement").isNotNull();
    assertThat(text(jarPlugin, "version")).isNotBlank();
    Element entries = child(child(child(jarPlugin, "configuration"), "archive"), "manifestEntries");
    assertThat(text(entries, "Automatic-Module-Name")).isEqualTo("${gfn.module.name}");
    for (Map.Entry<String, String> module : MODULE_NAMES.entrySet()) {
      Element pom = pom(ROOT.resolve(module.getKey()).resolve("pom.xml"));
      String name = text(child(pom, "properties"), "gfn.module.name");
      assertThat(name).as("gfn.module.name of %s", module.getKey()).isEqualTo(module.getValue());
      assertThat(name).matches(JAVA_MODULE_NAME);
    }
  }

  @Test
  void theBuiltJarsCarryTheirAutomaticModuleName() throws Exception {
    String version = text(pom(ROOT.resolve("pom.xml")), "version");
    Map<String, String> checked = new LinkedHashMap<>();
    for (Map.Entry<String, String> module : MODULE_NAMES.entrySet()) {
      Path moduleDir = ROOT.resolve(module.getKey());
      Path jar = moduleDir.resolve("target").resolve(module.getKey() + "-" + version + ".jar");
      // a jar older than the poms was built before this configuration: nothing to learn from it
      if (!Files.isRegularFile(jar) || isOlderThan(jar, moduleDir.resolve("pom.xml"), ROOT.resolve("pom.xml"))) {
        continue;
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        Manifest manifest = file.getManifest();
        assertThat(manifest).as("manifest of %s", jar).isNotNull();
        checked.put(module.getKey(), manifest.getMainAttributes().getValue("Automatic-Module-Name"));
      }
    }
    assumeTrue(!checked.isEmpty(), "no jar built since the poms changed (surefire runs before package)");
    checked.forEach((module, name) -> assertThat(name).as("Automatic-Module-Name in %s's jar", module)
        .isEqualTo(MODULE_NAMES.get(module)));
  }

  // ---- 4. the Maven wrapper and the scripts ----

  @Test
  void theWrapperIsCommittedAndFetchesMavenFromCentral() throws Exception {
    Path mvnw = ROOT.resolve("mvnw");
    assertThat(mvnw).isRegularFile();
    assertThat(Files.isExecutable(mvnw)).as("mvnw is executable").isTrue();
    assertThat(ROOT.resolve("mvnw.cmd")).isRegularFile();
    Properties wrapper = new Properties();
    try (InputStream in = Files.newInputStream(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"))) {
      wrapper.load(in);
    }
    assertThat(wrapper.getProperty("wrapperVersion")).isEqualTo("3.3.4");
    assertThat(wrapper.getProperty("distributionUrl")).matches(
        "https://repo\\.maven\\.apache\\.org/maven2/org/apache/maven/apache-maven/(3\\.9\\.\\d+)/"
            + "apache-maven-\\1-bin\\.zip");
    Element wrapperPlugin = managedPlugin(pom(ROOT.resolve("pom.xml")), "maven-wrapper-plugin");
    assertThat(wrapperPlugin).as("maven-wrapper-plugin pinned in the parent").isNotNull();
    assertThat(text(wrapperPlugin, "version")).isEqualTo("3.3.4");
  }

  @Test
  void ciAndTheLauncherBuildThroughTheWrapperWithTheReadmeTestCommand() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher quickStart = Pattern.compile("## Quick start\n.*?```bash\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(quickStart.find()).as("a bash block in README's Quick start").isTrue();
    List<String> readmeCommands = commands(quickStart.group(1));
    assertThat(readmeCommands).contains("./mvnw -B verify");
    assertThat(readmeCommands).noneMatch(PackagingTest::runsBareMaven);

    List<String> ci = commands(Files.readString(ROOT.resolve(".ci/run")));
    assertThat(ci).isNotEmpty();
    assertThat(ci.get(ci.size() - 1)).as("the last command of .ci/run is README's test command")
        .isEqualTo("./mvnw -B verify");
    assertThat(ci).noneMatch(PackagingTest::runsBareMaven);
    assertThat(ci).anyMatch(line -> line.contains("openjdk-17-jdk-headless"));

    List<String> gfn = commands(Files.readString(ROOT.resolve("gfn")));
    assertThat(gfn).anyMatch(line -> line.contains("./mvnw "));
    assertThat(gfn).noneMatch(PackagingTest::runsBareMaven);
  }

  // ---- 5. javadoc ----

  @Test
  void theJavadocPluginIsPinned() throws Exception {
    Element javadoc = managedPlugin(pom(ROOT.resolve("pom.xml")), "maven-javadoc-plugin");
    assertThat(javadoc).isNotNull();
    assertThat(text(javadoc, "version")).matches("\\d+\\.\\d+\\.\\d+");
  }

  // ---- 6. the ND4J native backend per platform ----

  @Test
  void theNd4jClassifierProfilesCoverTheFivePlatforms() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    assertThat(text(child(parent, "properties"), "nd4j.classifier")).as("the default").isEqualTo("linux-x86_64");
    Map<String, String> byPlatform = new TreeMap<>();
    for (Element profile : children(child(parent, "profiles"), "profile")) {
      Element os = child(child(profile, "activation"), "os");
      String classifier = text(child(profile, "properties"), "nd4j.classifier");
      if (os == null || classifier == null) {
        continue;
      }
      String system = text(os, "name") != null ? text(os, "name") : text(os, "family");
      byPlatform.put(system + "/" + text(os, "arch"), classifier);
    }
    assertThat(byPlatform).isEqualTo(Map.of(
        "linux/amd64", "linux-x86_64",
        "linux/aarch64", "linux-arm64",
        "mac/x86_64", "macosx-x86_64",
        "mac/aarch64", "macosx-arm64",
        "windows/amd64", "windows-x86_64"));

    // the classifier is used by the managed nd4j-native and by gfn-core's dependency, and nowhere spelled out
    assertThat(nd4jNativeClassifiers(child(child(parent, "dependencyManagement"), "dependencies")))
        .containsExactly("${nd4j.classifier}");
    Element core = pom(ROOT.resolve("gfn-core/pom.xml"));
    assertThat(nd4jNativeClassifiers(child(core, "dependencies"))).containsExactly("${nd4j.classifier}");
    for (String module : MODULE_NAMES.keySet()) {
      assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml")))
          .as("%s names no platform itself", module).doesNotContain("<classifier>linux-x86_64</classifier>");
    }
  }

  @Test
  void thisPlatformsNativesAreOnTheTestClassPath() {
    String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch");
    String expected;
    if (os.startsWith("linux") && arch.equals("aarch64")) {
      expected = "linux-arm64";
    } else if (os.startsWith("mac") && arch.equals("aarch64")) {
      expected = "macosx-arm64";
    } else if (os.startsWith("mac") && arch.equals("x86_64")) {
      expected = "macosx-x86_64";
    } else if (os.startsWith("windows") && arch.equals("amd64")) {
      expected = "windows-x86_64";
    } else {
      expected = "linux-x86_64";
    }
    String classPath = System.getProperty("java.class.path", "");
    List<String> natives = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      String file = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
      if (file.startsWith("nd4j-native-1.") && !file.startsWith("nd4j-native-api")) {
        natives.add(file);
      }
    }
    assumeTrue(!natives.isEmpty(), "nd4j-native is not on this class path (a manifest-only class path?)");
    assumeTrue(System.getProperty("nd4j.classifier") == null, "-Dnd4j.classifier overrides the profiles");
    assertThat(natives).anyMatch(file -> file.endsWith("-" + expected + ".jar"));
  }

  // ---- helpers ----

  private static List<String> nd4jNativeClassifiers(Element dependencies) {
    return children(dependencies, "dependency").stream()
        .filter(d -> "org.nd4j".equals(text(d, "groupId")) && "nd4j-native".equals(text(d, "artifactId")))
        .map(d -> text(d, "classifier"))
        .filter(c -> c != null)
        .collect(Collectors.toList());
  }

  /** The lines of a shell script that run something: no comments, no blank lines, trimmed. */
  private static List<String> commands(String script) {
    return script.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .collect(Collectors.toList());
  }

  /** Runs {@code mvn} itself rather than the wrapper. */
  private static boolean runsBareMaven(String line) {
    return Pattern.compile("(^|[\\s;&|(])mvn(\\s|$)").matcher(line).find();
  }

  private static boolean isOlderThan(Path file, Path... others) throws IOException {
    for (Path other : others) {
      if (Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(other)) < 0) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static Element pom(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
  }

  private static Element managedPlugin(Element project, String artifactId) {
    Element plugins = child(child(child(project, "build"), "pluginManagement"), "plugins");
    return children(plugins, "plugin").stream().filter(p -> artifactId.equals(text(p, "artifactId")))
        .findFirst().orElse(null);
  }

  /** The first child element of that name, or null (also when {@code parent} is null). */
  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
        found.add((Element) node);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().trim();
  }

  private static List<String> texts(Element parent, String name) {
    return children(parent, name).stream().map(e -> e.getTextContent().trim()).collect(Collectors.toList());
  }
}
