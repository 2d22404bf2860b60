/**
 * The bit-sequence environments of torchgfn: {@code bitseq}, sequences built a word at a time left to right (a
 * tree), and {@code bitseq-nonauto}, words placed at any free position (a DAG); both rewarded by the Hamming
 * distance to modes tiled from 8-bit motifs, drawn as torchgfn draws them.
 */
package org.gfn4j.envs.bitseq;
