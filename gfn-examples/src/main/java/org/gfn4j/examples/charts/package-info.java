/**
 * The pictures a training run writes beside its metrics: {@code training.png} (loss, log Z and the main metric over
 * iterations) and {@code distribution.png} (the learned distribution beside the target), drawn headless with
 * JFreeChart.
 */
package org.gfn4j.examples.charts;
