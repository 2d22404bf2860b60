/**
 * torchgfn's discrete energy-based model environment ({@code DiscreteEBM}, Zhang et al. 2022) with an Ising energy:
 * "discrete-ebm" (all-ones couplings) and "ising" (a periodic square lattice, as torchgfn's
 * {@code train_ising.py}), and their providers.
 */
package org.gfn4j.envs.ebm;
