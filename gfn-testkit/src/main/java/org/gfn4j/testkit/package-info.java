/**
 * Conformance checks any gfn4j plugin author can call from a JUnit test: the contract the built-in plugins pass.
 */
package org.gfn4j.testkit;
