package org.gfn4j.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of docs/architecture.md, checked on the compiled classes of every module: no package cycles;
 * gfn-core names no concrete environment, objective, reward or policy head (those come as plugins); the plugin
 * modules and gfn-api depend on no implementation module; gfn-api sets no ND4J execution state.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.gfn4j", "com.example.gfn4j");

  @Test
  void noPackageCycles() {
    slices().matching("org.gfn4j.(*).(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void core_namesNoConcretePlugin() {
    noClasses().that().resideInAPackage("org.gfn4j.core..")
        .should().dependOnClassesThat().resideInAnyPackage("org.gfn4j.envs..", "org.gfn4j.losses..",
            "org.gfn4j.onnx..", "org.gfn4j.examples..", "com.example..")
        .check(CLASSES);
  }

  @Test
  void api_andPluginModules_dependOnNoImplementationModule() {
    noClasses().that().resideInAnyPackage("org.gfn4j.api..", "org.gfn4j.envs..", "org.gfn4j.losses..",
            "com.example..")
        .should().dependOnClassesThat().resideInAnyPackage("org.gfn4j.core..", "org.gfn4j.onnx..",
            "org.gfn4j.examples..", "com.google.inject..")
        .check(CLASSES);
  }

  @Test
  void api_setsNoNd4jExecutionState() {
    noClasses().that().resideInAPackage("org.gfn4j.api..")
        .should().callMethod(org.nd4j.linalg.factory.Nd4j.class, "getExecutioner")
        .orShould().callMethod(org.nd4j.linalg.factory.Nd4j.class, "getEnvironment")
        .orShould().callMethod(org.nd4j.linalg.factory.Nd4j.class, "getWorkspaceManager")
        .orShould().callMethod(org.nd4j.linalg.factory.Nd4j.class, "setDefaultDataTypes",
            org.nd4j.linalg.api.buffer.DataType.class, org.nd4j.linalg.api.buffer.DataType.class)
        .orShould().callMethod(org.nd4j.linalg.factory.Nd4j.class, "getRandom")
        .orShould().dependOnClassesThat().resideInAnyPackage("org.nd4j.linalg.api.ops.executioner..",
            "org.nd4j.nativeblas..", "org.nd4j.linalg.api.memory..")
        .check(CLASSES);
  }
}
