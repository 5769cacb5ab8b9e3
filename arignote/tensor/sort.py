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
from arignote.tensor.basic import (
    TensorOp,
    as_tensor_variable,
    cast,
    constant_value,
    eq,
    gt,
    lt,
    or_,
    switch,
)
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


def _take_along(v: Variable, idx: Variable, ax: int) -> Variable:
    """v[..., idx, ...]: v gathered along ax at the indices idx (np.take_along_axis)."""
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
    return v[tuple(grids)]


def sort(a: Any, axis: Any = -1, kind: str = "quicksort", order: Any = None) -> Variable:
    """a sorted along axis (ascending, NaN last; theano/tensor/sort.py l.124)."""
    v, ax = _prepare(a, axis, kind, order, "sort")
    out = _take_along(v, ArgSortOp(ax)(v), ax)
    return out if out.broadcastable == v.broadcastable else patternbroadcast(out, v.broadcastable)


# --------------------------------------------------------------------------- top k


def _top_indices(x: Any, kth: Any, axis: Any, sorted: bool, idx_dtype: str, what: str):  # type: ignore[no-untyped-def]
    """(x prepared, axis, the int64 indices of its k largest (k > 0) or -k smallest
    elements along axis, in ascending order of their values)."""
    from arignote.tensor.opt import check_false

    f, line = user_location()
    if sorted:
        raise NotImplementedError(
            f"{what} at {f}:{line}: The sorted parameter is not yet implemented. "
            "Use sorted=False for now."
        )
    if idx_dtype not in ("int8", "int16", "int32", "int64"):
        raise TypeError(
            f'{what} at {f}:{line}: "idx_dtype" parameter must be an integer dtype, got '
            f'"{idx_dtype}"'
        )
    v, ax = _prepare(x, axis, "quicksort", None, what)
    k = as_tensor_variable(kth)
    if k.ndim != 0 or k.dtype not in ("int8", "int16", "int32", "int64"):
        raise TypeError(f"{what} at {f}:{line}: kth must be an integer scalar, got {describe(k)}")
    n = Shape_i(ax)(v)
    c = constant_value(k)
    if c == 0:
        raise ValueError(f"{what} at {f}:{line}: kth cannot be zero")
    if c is None:  # a symbolic k is checked when the function runs
        k = check_false(
            k, or_(eq(k, 0), or_(gt(k, n), lt(k, -n))), f"{what}: kth must be in [-n, n] and not 0"
        )
    order = ArgSortOp(ax)(v)
    head = [slice(None)] * ax
    if c is not None:
        window = slice(n - k, None) if c > 0 else slice(None, -k)
    else:
        positive = gt(k, 0)
        window = slice(switch(positive, n - k, 0), switch(positive, n, -k))
    return v, ax, order[(*head, window)]


def argtopk(
    x: Any, kth: Any, axis: Any = -1, sorted: bool = True, idx_dtype: str = "int64"
) -> Variable:
    """The indices of the kth largest elements along axis (the -kth smallest for kth < 0),
    in no promised order (ascending values here); axis None flattens (sort.py l.499).
    As Theano 1.0, sorted=True is not implemented."""
    _, _, idx = _top_indices(x, kth, axis, sorted, idx_dtype, "argtopk")
    return cast(idx, idx_dtype)


def topk(
    x: Any, kth: Any, axis: Any = -1, sorted: bool = True, idx_dtype: str = "int64"
) -> Variable:
    """The kth largest elements along axis (the -kth smallest for kth < 0), in no promised
    order (ascending here); sort.py l.455."""
    v, ax, idx = _top_indices(x, kth, axis, sorted, idx_dtype, "topk")
    return _take_along(v, idx, ax)


def topk_and_argtopk(
    x: Any, kth: Any, axis: Any = -1, sorted: bool = True, idx_dtype: str = "int64"
) -> tuple[Variable, Variable]:
    """(topk, argtopk) in one (sort.py l.546)."""
    v, ax, idx = _top_indices(x, kth, axis, sorted, idx_dtype, "topk_and_argtopk")
    return _take_along(v, idx, ax), cast(idx, idx_dtype)


__all__ = ["ArgSortOp", "argsort", "sort", "topk", "argtopk", "topk_and_argtopk"]
