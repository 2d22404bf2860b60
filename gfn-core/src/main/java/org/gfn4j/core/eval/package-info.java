/** Evaluation of learned samplers: exact distributions for enumerable environments, divergences, sampled L1. */
package org.gfn4j.core.eval;
