/**
 * Export of trained GFlowNet policies as ONNX graphs: the forward policy (and, when trained, the backward policy
 * and log Z) with masked log-probabilities, and metadata (environment, parameters, encoding, action count,
 * provenance) sufficient to sample from the file alone. Graphs are written with the ONNX protobuf classes.
 */
package org.gfn4j.onnx.export;
