/**
 * Sub-trajectory balance, SubTB(lambda) (Madan et al., ICML 2023): the balance of every sub-trajectory between two
 * learned state flows, with torchgfn's weightings ({@link org.gfn4j.losses.subtb.Weighting}). Registered as
 * objective {@code "subtb"}.
 */
package org.gfn4j.losses.subtb;
