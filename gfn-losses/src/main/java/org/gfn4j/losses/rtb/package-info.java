/**
 * Relative trajectory balance (Venkatraman et al., NeurIPS 2024): trajectory balance between a learned posterior
 * policy and a frozen prior policy times {@code R^beta}, for fine-tuning a pretrained sampler. Registered as
 * objective {@code "rtb"}.
 */
package org.gfn4j.losses.rtb;
