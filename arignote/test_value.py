"""Theano's test values: `config.compute_test_value` and `var.tag.test_value`.

While `compute_test_value` is not 'off', every new node computes the test values of its
outputs from its inputs' (`tag.test_value` of inputs, the value of shared variables and
constants), so a shape or dtype error surfaces at the line that builds the node, as in
Theano (gof/op.py, `PureOp.__call__`).  The value comes from the `tt` ops' NumPy references
(`arignote.reference`) run on a one-node copy of the node.  An input without a test value:
'raise' (and 'pdb') raises a ValueError naming it, 'warn' warns, 'ignore' skips.
"""

from __future__ import annotations

import threading
import warnings
from typing import Any

import numpy as np

from arignote.config import config
from arignote.graph import Apply, Constant, Variable, apply_hooks, describe

_inside = threading.local()


def get_test_value(v: Variable) -> Any:
    """The test value of v: a constant's data, a shared variable's value, or tag.test_value
    (AttributeError if it has none)."""
    if isinstance(v, Constant):
        return v.data
    get_value = getattr(v, "get_value", None)
    if get_value is not None:
        return get_value(borrow=True)
    if v._tag is not None and hasattr(v._tag, "test_value"):
        return v._tag.test_value
    raise AttributeError(f"{describe(v)} has no test value")


def _compute(node: Apply) -> None:
    mode = config.compute_test_value
    if mode == "off" or getattr(_inside, "active", False):
        return
    values = []
    for i, v in enumerate(node.inputs):
        try:
            values.append(get_test_value(v))
        except AttributeError:
            f, line = node.location
            msg = (
                f"{node.op}: cannot compute test value: input {i} ({describe(v)}) has no "
                f"test value (set its tag.test_value, or config.compute_test_value='off')"
            )
            if mode in ("raise", "pdb"):
                raise ValueError(msg) from None
            if mode == "warn":
                warnings.warn(msg, stacklevel=4)
            return
    try:
        results = _evaluate(node, values)
    except (ValueError, TypeError, IndexError) as e:
        f, line = node.location
        shapes = ", ".join(str(np.shape(v)) for v in values)
        raise type(e)(
            f"{node.op} at {f}:{line}: computing the test value (inputs of shapes {shapes}): {e}"
        ) from None
    for out, value in zip(node.outputs, results, strict=True):
        out.tag.test_value = value


def _evaluate(node: Apply, values: list[Any]) -> list[np.ndarray]:
    from arignote.frontend_ir import build_module
    from arignote.reference import evaluate

    _inside.active = True
    try:
        holders = [v if isinstance(v, Constant) else v.type.make_variable() for v in node.inputs]
        copy = node.op.make_node(*holders)
        copy.location = node.location
        args = [h for h in holders if not isinstance(h, Constant)]
        module = build_module("test_value", args, copy.outputs)
    finally:
        _inside.active = False
    fn = module.body.block.first_op
    arg_values = [val for h, val in zip(holders, values) if not isinstance(h, Constant)]
    return evaluate(fn, arg_values)  # type: ignore[arg-type]


apply_hooks.append(_compute)

__all__ = ["get_test_value"]
