/**
 * Random generators that replay the draws of torchgfn's environments: PyTorch's CPU Mersenne Twister, shared by the
 * bit-sequence modes and the HyperGrid's compositional rewards.
 */
package org.gfn4j.envs.random;
