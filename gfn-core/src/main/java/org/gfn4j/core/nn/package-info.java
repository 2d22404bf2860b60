/** Estimators on ND4J: the MLP with its hand-written backward pass, and the uniform estimator. */
package org.gfn4j.core.nn;
