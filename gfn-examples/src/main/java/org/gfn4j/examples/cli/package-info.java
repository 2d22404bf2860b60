/** The {@code gfn} command line (picocli): list, train, evaluate, bench. */
package org.gfn4j.examples.cli;
