#!/usr/bin/env python3
"""Exports a PyTorch network with torch.onnx.export, as a user would, for the import test that runs
when torch is installed (it is too large for CI).

Usage: torch-export.py OUT.onnx example|batchnorm [legacy|dynamo]
  example    PyTorch's MNIST example network (conv 32, conv 64, max pool, dropout, dense 128,
             dense 10, log-softmax), flattened with torch.flatten
  batchnorm  batch norm after every convolution (folded into them by the exporter in eval mode),
             strided 5×5 convolutions, x.view(x.size(0), -1), and batch norm after a dense layer
  legacy     the TorchScript exporter (the default here; PyTorch's own default before 2.9)
  dynamo     the torch.export-based exporter, PyTorch's default from 2.9 (needs onnxscript): opset
             18, batch norm folded into the dense layer too, weights in OUT.onnx.data
The weights are PyTorch's initialization from seed 1, with batch norm statistics moved away from
their start; the graph has a dynamic batch and takes (x/255 − 0.1307)/0.3081.
"""
import sys

import torch
from torch import nn


class Example(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        x = self.dropout1(torch.max_pool2d(x, 2))
        x = torch.flatten(x, 1)
        x = self.dropout2(torch.relu(self.fc1(x)))
        return torch.log_softmax(self.fc2(x), dim=1)


class BatchNormNet(nn.Module):
    def __init__(self):
        super().__init__()
        def block(inputs, outputs, kernel, stride, padding):
            return nn.Sequential(nn.Conv2d(inputs, outputs, kernel, stride, padding), nn.BatchNorm2d(outputs), nn.ReLU())
        self.features = nn.Sequential(
            block(1, 16, 3, 1, 1), block(16, 16, 5, 2, 2), nn.Dropout(0.4), block(16, 32, 3, 1, 1), block(32, 32, 5, 2, 2))
        self.fc1 = nn.Linear(32 * 7 * 7, 64)
        self.norm = nn.BatchNorm1d(64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.fc2(torch.relu(self.norm(self.fc1(x))))


def main():
    path, variant = sys.argv[1], sys.argv[2]
    dynamo = len(sys.argv) > 3 and sys.argv[3] == "dynamo"
    torch.manual_seed(1)
    model = {"example": Example, "batchnorm": BatchNormNet}[variant]()
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.2, 0.2)
    model.eval()
    torch.onnx.export(model, torch.zeros(2, 1, 28, 28), path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=18 if dynamo else 13, dynamo=dynamo)


if __name__ == "__main__":
    main()
