/** The {@code gfn} command line (picocli): list, train, evaluate, export, sample, bench. */
package org.gfn4j.examples.cli;
