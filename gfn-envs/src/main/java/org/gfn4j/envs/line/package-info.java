/** The continuous {@code line} environment (torchgfn's Gaussian-mixture Line) and its Gaussian step heads. */
package org.gfn4j.envs.line;
