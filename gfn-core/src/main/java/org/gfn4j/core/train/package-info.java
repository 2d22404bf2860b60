/** The training loop and its separable pieces: model, gradient evaluation, listeners, configuration. */
package org.gfn4j.core.train;
