/**
 * ONNX Runtime sessions as gfn4j uses them: one {@link ai.onnxruntime.OrtEnvironment} per process, sessions
 * opened from a model file with ONNX Runtime's errors translated into messages that name the model, and tensor
 * descriptions for validation messages. Shared by {@code org.gfn4j.onnx.reward} and {@code org.gfn4j.onnx.policy}.
 */
package org.gfn4j.onnx.runtime;
