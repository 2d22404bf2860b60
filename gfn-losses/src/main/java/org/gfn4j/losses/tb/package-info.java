/**
 * Trajectory balance (Malkin et al., NeurIPS 2022): a learned log partition function plus the forward log-flow of
 * a whole trajectory must equal its log-reward plus its backward log-flow. Registered as objective {@code "tb"}.
 */
package org.gfn4j.losses.tb;
