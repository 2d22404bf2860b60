/**
 * Policy "onnx": an estimator that runs a policy exported by {@code gfn export} with ONNX Runtime, so a trained
 * sampler ships as one file without the training stack; and reading an export's metadata.
 */
package org.gfn4j.onnx.policy;
