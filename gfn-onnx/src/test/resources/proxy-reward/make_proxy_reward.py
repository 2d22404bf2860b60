#!/usr/bin/env python3
"""Builds proxy_reward.onnx, a small hand-weighted reward model for HyperGrid 2x8 (k-hot encoding), with the
ONNX Python package (Debian: apt-get install python3-onnx; tested with onnx 1.12), and
proxy_reward_expected.csv, the rewards numpy computes for all 64 states.

gfn4j's tests use both: the model is a proxy reward made outside gfn4j's Java code, and the CSV checks that ONNX
Runtime in Java computes what this script meant.

Model: input "x" float [N, 16] (coordinate d of the state is one-hot in x[:, 8d : 8d + 8]),
    h = tanh(x @ W1 + b1)            (4 hidden units)
    reward = softplus(h @ W2 + b2) + 0.05   output "reward" float [N, 1], always > 0.
Run from this folder: /usr/bin/python3 make_proxy_reward.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HEIGHT, NDIM, HIDDEN = 8, 2, 4
WIDTH = HEIGHT * NDIM

i = np.arange(WIDTH)[:, None]
j = np.arange(HIDDEN)[None, :]
W1 = (1.5 * np.sin(1.3 * (i + 1) * (j + 1) + 0.5 * j)).astype(np.float32)
B1 = np.array([0.2, -0.3, 0.1, 0.0], np.float32)
W2 = np.array([[1.2], [-0.9], [0.8], [1.1]], np.float32)
B2 = np.array([-0.5], np.float32)
FLOOR = np.array(0.05, np.float32)

nodes = [
    helper.make_node("Gemm", ["x", "w1", "b1"], ["z1"]),
    helper.make_node("Tanh", ["z1"], ["h"]),
    helper.make_node("Gemm", ["h", "w2", "b2"], ["z2"]),
    helper.make_node("Softplus", ["z2"], ["soft"]),
    helper.make_node("Add", ["soft", "floor"], ["reward"]),
]
graph = helper.make_graph(
    nodes, "hypergrid_2x8_proxy_reward",
    inputs=[helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", WIDTH])],
    outputs=[helper.make_tensor_value_info("reward", TensorProto.FLOAT, ["N", 1])],
    initializer=[numpy_helper.from_array(W1, "w1"), numpy_helper.from_array(B1, "b1"),
                 numpy_helper.from_array(W2, "w2"), numpy_helper.from_array(B2, "b2"),
                 numpy_helper.from_array(FLOOR, "floor")])
model = helper.make_model(graph, producer_name="make_proxy_reward.py",
                          opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.checker.check_model(model, full_check=True)
onnx.save(model, "proxy_reward.onnx")

# The rewards of all states in float64 from the float32 weights, canonical order (last coordinate fastest).
with open("proxy_reward_expected.csv", "w") as out:
    out.write("s0,s1,reward\n")
    for s0 in range(HEIGHT):
        for s1 in range(HEIGHT):
            x = np.zeros(WIDTH)
            x[s0] = 1
            x[HEIGHT + s1] = 1
            h = np.tanh(x @ W1.astype(np.float64) + B1)
            z = (h @ W2.astype(np.float64) + B2)[0]
            out.write("%d,%d,%.9f\n" % (s0, s1, np.log1p(np.exp(z)) + 0.05))
print("wrote proxy_reward.onnx (onnx %s) and proxy_reward_expected.csv" % onnx.__version__)
