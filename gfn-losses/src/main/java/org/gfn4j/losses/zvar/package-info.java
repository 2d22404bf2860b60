/**
 * Log-partition variance, "ZVar" (Zhang et al., ICLR 2023; VarGrad): trajectory balance with log Z replaced by the
 * batch's own estimate, penalising the spread of per-trajectory estimates. Registered as objective {@code "zvar"}.
 */
package org.gfn4j.losses.zvar;
