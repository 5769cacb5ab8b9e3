"""`arignote.tensor.sort`: Theano 1.0's `sort` and `argsort` (theano/tensor/sort.py).

`argsort` is the `tt.argsort` op (ascending and stable: equal elements keep their order,
NaN sorts last); `sort` gathers x at those indices, so its gradient is the scatter of
the output gradient back to where each element came from.  `axis=None` sorts the
flattened x; the axis must be a constant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.errors import AxisError
from arignote.graph import Apply, TensorType, Variable, describe, user_location
from arignote.tensor.basic import TensorOp, as_tensor_variable, constant_value
from arignote.tensor.shape import Shape_i, arange, dimshuffle, flatten, patternbroadcast

KINDS = ("quicksort", "mergesort", "heapsort", "stable")


class ArgSortOp(TensorOp):
    """The int64 indices that sort x along `axis` (`tt.argsort`)."""

    def __init__(self, axis: int):
        self.axis = axis

    def __str__(self) -> str:
        return f"ArgSortOp{{{self.axis}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        (x,) = inputs
        if not 0 <= self.axis < x.ndim:
            raise self.fail(loc, f"axis {self.axis} is out of range for {describe(x)}", AxisError)
        return [TensorType("int64", x.broadcastable)]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        return [em.same_sizes(em.add(ttd.ArgsortOp(inputs[0], self.axis)), inputs[0])]


def _prepare(a: Any, axis: Any, kind: str, order: Any, what: str) -> tuple[Variable, int]:
    """x (flattened for axis None) and the axis as a dim of it."""
    f, line = user_location()
    v = as_tensor_variable(a)
    if order is not None:
        raise ValueError(f"{what} at {f}:{line}: order={order!r} is for structured arrays")
    if kind not in KINDS:
        raise ValueError(f"{what} at {f}:{line}: unknown kind {kind!r} (one of {KINDS})")
    if axis is None:
        return flatten(v, 1), 0
    if isinstance(axis, Variable):
        c = constant_value(axis)
        if c is None:
            raise TypeError(f"{what} at {f}:{line}: the axis must be a constant, got {axis}")
        axis = c
    if v.ndim == 0 or not -v.ndim <= int(axis) < v.ndim:
        raise AxisError(f"{what} at {f}:{line}: axis {axis} is out of range for {describe(v)}")
    return v, int(axis) % v.ndim


def argsort(a: Any, axis: Any = -1, kind: str = "quicksort", order: Any = None) -> Variable:
    """The int64 indices that sort a along axis (ascending; ties keep their order, NaN
    last; theano/tensor/sort.py l.217).  `kind` is accepted for NumPy's names."""
    v, ax = _prepare(a, axis, kind, order, "argsort")
    return ArgSortOp(ax)(v)


def sort(a: Any, axis: Any = -1, kind: str = "quicksort", order: Any = None) -> Variable:
    """a sorted along axis (ascending, NaN last; theano/tensor/sort.py l.124)."""
    v, ax = _prepare(a, axis, kind, order, "sort")
    idx = ArgSortOp(ax)(v)
    if v.ndim == 1:
        return v[idx]
    grids: list[Any] = []
    for d in range(v.ndim):
        if d == ax:
            grids.append(idx)
            continue
        pattern = ["x"] * v.ndim
        pattern[d] = 0
        grids.append(dimshuffle(arange(Shape_i(d)(v)), *pattern))
    out = v[tuple(grids)]
    return out if out.broadcastable == v.broadcastable else patternbroadcast(out, v.broadcastable)


__all__ = ["ArgSortOp", "argsort", "sort"]
