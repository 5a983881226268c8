#!/usr/bin/env python3
"""Checks ONNX files with the reference checker (python3-onnx): structure, operator schemas, types and
shape inference. Used by OnnxGraphTest when /usr/bin/python3 has onnx; never needed to build.

    /usr/bin/python3 tools/check_onnx.py FILE.onnx [FILE.onnx ...]

Prints one line per file: IR version, opsets, inputs and outputs with their (symbolic) dimensions.
"""
import sys

import onnx


def dims(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def main(paths):
    for path in paths:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        print('%s: ok (onnx %s) ir %d opset %s inputs %s outputs %s nodes %d' % (
            path, onnx.__version__, model.ir_version,
            ','.join('%s:%d' % (o.domain or 'ai.onnx', o.version) for o in model.opset_import),
            [(i.name, dims(i)) for i in model.graph.input],
            [(o.name, dims(o)) for o in inferred.graph.output], len(model.graph.node)))


if __name__ == '__main__':
    main(sys.argv[1:])
