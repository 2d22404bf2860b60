/**
 * Flow matching (Bengio et al., NeurIPS 2021): the forward estimator's outputs are log edge flows, and at every
 * visited state the incoming flow must equal the outgoing flow, the exit edge carrying the reward. Registered as
 * objective {@code "fm"}.
 */
package org.gfn4j.losses.fm;
