#!/usr/bin/env python3
"""Writes an ONNX graph built with the ONNX helper API, shaped as PyTorch exports a small MNIST
network in eval mode, for the import test: convolutions with biases (batch norm folded in) and one
batch norm left (with its own epsilon), strided and padded convolutions, max and average pooling,
the Shape → Gather → Unsqueeze → Concat → Reshape flattening of `x.view(x.size(0), -1)`, Gemm with
transposed weights, Dropout with its ratio as an input, MatMul + Add, and a Softmax. The weights
are drawn from the seed. The graph takes (x/255 − 0.1307)/0.3081, PyTorch's MNIST normalization.

Usage: make-test-graph.py OUT.onnx [SEED]
Outputs "logits" (first) and "probabilities".
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    path = sys.argv[1]
    generator = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 1)

    def weights(name, *shape):
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
        values = generator.normal(0, np.sqrt(2 / fan_in), shape).astype(np.float32)
        return numpy_helper.from_array(values, name)

    def vector(name, size, low=-0.2, high=0.2):
        return numpy_helper.from_array(generator.uniform(low, high, size).astype(np.float32), name)

    initializers = [
        weights("conv1.weight", 16, 1, 5, 5), vector("conv1.bias", 16),
        weights("conv2.weight", 32, 16, 3, 3), vector("conv2.bias", 32),
        vector("bn.weight", 32, 0.5, 1.5), vector("bn.bias", 32), vector("bn.running_mean", 32),
        vector("bn.running_var", 32, 0.5, 2.0),
        weights("fc1.weight", 64, 288), vector("fc1.bias", 64),
        numpy_helper.from_array(np.array(0.25, dtype=np.float32), "dropout.ratio"),
        numpy_helper.from_array(generator.normal(0, 0.2, (64, 10)).astype(np.float32), "fc2.weight"),
        vector("fc2.bias", 10),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "conv1.weight", "conv1.bias"], ["conv1"], name="/conv1/Conv",
                         kernel_shape=[5, 5], strides=[2, 2], pads=[2, 2, 2, 2]),
        helper.make_node("Relu", ["conv1"], ["relu1"], name="/Relu"),
        helper.make_node("Conv", ["relu1", "conv2.weight", "conv2.bias"], ["conv2"], name="/conv2/Conv",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], dilations=[1, 1], group=1),
        helper.make_node("BatchNormalization", ["conv2", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"],
                         ["bn"], name="/bn/BatchNormalization", epsilon=1e-3),
        helper.make_node("Relu", ["bn"], ["relu2"], name="/Relu_1"),
        helper.make_node("MaxPool", ["relu2"], ["pool1"], name="/MaxPool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("AveragePool", ["pool1"], ["pool2"], name="/AveragePool", kernel_shape=[3, 3], strides=[2, 2]),
        helper.make_node("Shape", ["pool2"], ["shape"], name="/Shape"),
        helper.make_node("Constant", [], ["zero"], name="/Constant", value=helper.make_tensor("zero", TensorProto.INT64, [], [0])),
        helper.make_node("Gather", ["shape", "zero"], ["batch"], name="/Gather", axis=0),
        helper.make_node("Constant", [], ["axes"], name="/Constant_1", value=helper.make_tensor("axes", TensorProto.INT64, [1], [0])),
        helper.make_node("Unsqueeze", ["batch", "axes"], ["batch_1d"], name="/Unsqueeze"),
        helper.make_node("Constant", [], ["rest"], name="/Constant_2", value=helper.make_tensor("rest", TensorProto.INT64, [1], [-1])),
        helper.make_node("Concat", ["batch_1d", "rest"], ["target"], name="/Concat", axis=0),
        helper.make_node("Reshape", ["pool2", "target"], ["flat"], name="/Reshape"),
        helper.make_node("Gemm", ["flat", "fc1.weight", "fc1.bias"], ["fc1"], name="/fc1/Gemm", alpha=1.0, beta=1.0, transB=1),
        helper.make_node("Relu", ["fc1"], ["relu3"], name="/Relu_2"),
        helper.make_node("Dropout", ["relu3", "dropout.ratio"], ["dropped"], name="/dropout/Dropout"),
        helper.make_node("MatMul", ["dropped", "fc2.weight"], ["product"], name="/fc2/MatMul"),
        helper.make_node("Add", ["product", "fc2.bias"], ["logits"], name="/fc2/Add"),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="/Softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "torch-like-mnist",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 1, 28, 28])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 10]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 10])],
        initializers,
    )
    model = helper.make_model(graph, producer_name="onnx-helper", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)


if __name__ == "__main__":
    main()
