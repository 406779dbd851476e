#!/usr/bin/env python3
"""Writes small ONNX graphs that digits must refuse, each with a clear error, for the import test
(and, with a tiny graph it accepts, as seeds for the onnx fuzz target).

Usage: make-refused-graphs.py OUTDIR
Writes OUTDIR/NAME.onnx for each graph below (accepted.onnx and accepted-external.onnx are
read; every other one is refused), with the data files the external-data graphs name.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper


def weights(name, *shape):
    return numpy_helper.from_array(np.full(shape, 0.01, dtype=np.float32), name)


def dense_graph(nodes, initializers, input_shape=("N", 1, 28, 28), classes=10, output="logits"):
    """A graph from `input` through `nodes` to `output`."""
    return helper.make_graph(
        nodes, "test", [helper.make_tensor_value_info("input", TensorProto.FLOAT, list(input_shape))],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["N", classes])], initializers)


def flatten_gemm(source, inputs, classes=10):
    return [helper.make_node("Flatten", [source], ["flat"], name="flatten"),
            helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1)], \
           [weights("fc.weight", classes, inputs), weights("fc.bias", classes)]


def graphs():
    fc_nodes, fc_weights = flatten_gemm("input", 784)
    yield "accepted", dense_graph(fc_nodes, fc_weights)

    tanh_nodes, tanh_weights = flatten_gemm("hidden", 784)
    yield "unsupported-node", dense_graph([helper.make_node("Tanh", ["input"], ["hidden"], name="squash")] + tanh_nodes, tanh_weights)

    rgb_nodes, rgb_weights = flatten_gemm("input", 3 * 32 * 32)
    yield "color-input", dense_graph(rgb_nodes, rgb_weights, input_shape=("N", 3, 32, 32))

    five_nodes, five_weights = flatten_gemm("input", 784, classes=5)
    yield "five-classes", dense_graph(five_nodes, five_weights, classes=5)

    # Two branches joined again, as a residual block: not one chain.
    branch_nodes, branch_weights = flatten_gemm("joined", 784)
    yield "branches", dense_graph([
        helper.make_node("Relu", ["input"], ["left"], name="left"),
        helper.make_node("Relu", ["input"], ["right"], name="right"),
        helper.make_node("Add", ["left", "right"], ["joined"], name="join"),
    ] + branch_nodes, branch_weights)

    # The flattening's target shape is computed from itself: a cycle (onnx.checker refuses it too).
    yield "cycle", dense_graph([
        helper.make_node("Constant", [], ["rest"], name="rest", value=helper.make_tensor("rest", TensorProto.INT64, [1], [-1])),
        helper.make_node("Unsqueeze", ["target", "axes"], ["looped"], name="loop"),
        helper.make_node("Concat", ["looped", "rest"], ["target"], name="join", axis=0),
        helper.make_node("Reshape", ["input", "target"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1),
    ], [weights("fc.weight", 10, 784), weights("fc.bias", 10), numpy_helper.from_array(np.array([0], dtype=np.int64), "axes")])

    # Nodes off the chain: two Relus feeding each other beside it.
    stray_nodes, stray_weights = flatten_gemm("input", 784)
    yield "stray-nodes", dense_graph(stray_nodes + [
        helper.make_node("Relu", ["b"], ["a"], name="one"),
        helper.make_node("Relu", ["a"], ["b"], name="other"),
    ], stray_weights)

    grouped_nodes, grouped_weights = flatten_gemm("conv", 4 * 26 * 26)
    yield "grouped-conv", dense_graph([
        helper.make_node("Conv", ["input", "conv.weight"], ["wide"], name="widen", kernel_shape=[1, 1]),
        helper.make_node("Conv", ["wide", "conv2.weight"], ["conv"], name="grouped", kernel_shape=[3, 3], group=2),
    ] + grouped_nodes, grouped_weights + [weights("conv.weight", 4, 1, 1, 1), weights("conv2.weight", 4, 2, 3, 3)])

    # A weight tensor that declares 2^40 values and holds none.
    huge = TensorProto(name="fc.weight", data_type=TensorProto.FLOAT, dims=[1 << 20, 1 << 20])
    huge_nodes, huge_weights = flatten_gemm("input", 784)
    yield "huge-tensor", dense_graph(huge_nodes, [huge, huge_weights[1]])

    # The accepted graph's weights in a file beside it, as PyTorch's dynamo exporter writes them,
    # then a data file that is missing, one outside the graph's folder, and one too short.
    def external(location, offset=0, length=None):
        tensor = weights("fc.weight", 10, 784)
        tensor.ClearField("raw_data")
        tensor.data_location = TensorProto.EXTERNAL
        tensor.external_data.add(key="location", value=location)
        tensor.external_data.add(key="offset", value=str(offset))
        if length is not None:
            tensor.external_data.add(key="length", value=str(length))
        nodes, dense_weights = flatten_gemm("input", 784)
        return dense_graph(nodes, [tensor, dense_weights[1]])
    yield "accepted-external", external("accepted.data", 0, 31360)
    yield "external-missing", external("weights.bin")
    yield "external-escape", external("../../etc/passwd")
    yield "external-short", external("short.data", 8, 31360)


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "accepted.data"), "wb") as file:
        file.write(np.full((10, 784), 0.01, dtype="<f4").tobytes())
    with open(os.path.join(directory, "short.data"), "wb") as file:
        file.write(bytes(31360))
    for name, graph in graphs():
        model = helper.make_model(graph, producer_name="digits-tests", opset_imports=[helper.make_opsetid("", 13)])
        model.ir_version = 7
        with open(os.path.join(directory, name + ".onnx"), "wb") as file:
            file.write(model.SerializeToString())


if __name__ == "__main__":
    main()
