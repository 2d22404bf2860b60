/**
 * Proxy rewards: reward "onnx" scores terminal states with an ONNX model trained in any framework, fed the
 * environment's state encoding, through ONNX Runtime.
 */
package org.gfn4j.onnx.reward;
