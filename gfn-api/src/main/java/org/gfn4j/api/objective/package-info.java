/** Training objectives as differentiable functions of estimator outputs, and the objective SPI. */
package org.gfn4j.api.objective;
