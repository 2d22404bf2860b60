/**
 * ONNX integration (planned): proxy rewards scored by an ONNX Runtime model ({@code org.gfn4j.onnx.reward}) and
 * export of trained policies as ONNX graphs ({@code org.gfn4j.onnx.export}). This module is the only one that
 * depends on ONNX Runtime; so far it holds no code.
 */
package org.gfn4j.onnx;
