/**
 * Conformance checks any gfn4j plugin author can call from a JUnit test: the contract the built-in plugins pass.
 * {@link org.gfn4j.testkit.EnvironmentConformance} and {@link org.gfn4j.testkit.EnumerableConformance} check
 * environments; {@link org.gfn4j.testkit.ObjectiveConformance} checks an objective's gradients by finite
 * differences on batches built with {@link org.gfn4j.testkit.TrajectoryBatches}.
 */
package org.gfn4j.testkit;
