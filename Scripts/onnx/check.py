#!/usr/bin/env python3
"""Checks an ONNX file against digits: onnx.checker with full checking, then ONNX Runtime on the
images, its logits compared with the ones digits computed.

Usage: check.py MODEL.onnx IMAGES LOGITS [--scale RANGE OFFSET] [--log-softmax]
  IMAGES  N×784 bytes, 0 (background) … 255 (ink), row-major 28×28
  LOGITS  N×10 little-endian float32: what digits computed for the graph's first output
  --scale feeds the graph byte / RANGE + OFFSET instead of the raw bytes (for graphs that do not
          take pixels)
  --log-softmax compares log-softmax of both sides, for a graph whose first output is
          log-probabilities (PyTorch's MNIST example ends in log_softmax)
Prints one JSON object: the number of images, the largest absolute logit difference, how many
images' argmax differ, and the ONNX Runtime version.
"""
import argparse
import json

import numpy as np
import onnx
import onnxruntime


def log_softmax(rows):
    shifted = rows - rows.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("images")
    parser.add_argument("logits")
    parser.add_argument("--scale", nargs=2, type=float, metavar=("RANGE", "OFFSET"))
    parser.add_argument("--log-softmax", action="store_true")
    arguments = parser.parse_args()

    onnx.checker.check_model(onnx.load(arguments.model), full_check=True)
    images = np.fromfile(arguments.images, dtype=np.uint8).reshape(-1, 1, 28, 28).astype(np.float32)
    if arguments.scale:
        images = images / np.float32(arguments.scale[0]) + np.float32(arguments.scale[1])
    expected = np.fromfile(arguments.logits, dtype="<f4").reshape(len(images), -1)

    session = onnxruntime.InferenceSession(arguments.model, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    logits = session.run(None, {name: images})[0]
    if arguments.log_softmax:
        logits, expected = log_softmax(logits), log_softmax(expected)
    print(json.dumps({
        "images": len(images),
        "max_difference": float(np.abs(logits - expected).max()),
        "argmax_differences": int((logits.argmax(axis=1) != expected.argmax(axis=1)).sum()),
        "outputs": [output.name for output in session.get_outputs()],
        "onnxruntime": onnxruntime.__version__,
    }))


if __name__ == "__main__":
    main()
