/**
 * Pieces the built-in objectives share: validated and clipped log-rewards, state flows (with the forward-looking
 * variant), sums of penalised residuals, per-trajectory sums and their gradients, and the shared options. These
 * are implementation helpers of {@code gfn-losses}, not part of the plugin API.
 */
package org.gfn4j.losses.common;
