"""Reductions: sum, prod, mean, max, min, argmax, argmin, all, any, var, std, norm.

Each takes `axis` (None = all axes, an int, or a list; negative counts from the end) and
`keepdims`.  Dtypes follow Theano: sum/prod of integers and bools accumulate in int64
(unsigned integers in uint64: `CAReduceDtype._output_dtype`, theano/tensor/elemwise.py
l.1721-1744), mean of integers is float64, max/min keep the dtype, argmax/argmin give int64, all/any
give bool.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.errors import AxisError
from arignote.graph import Apply, TensorType, Variable, describe
from arignote.tensor.basic import (
    TensorOp,
    abs_,
    as_tensor_variable,
    cast,
    is_float_dtype,
    is_int_dtype,
    is_unsigned_dtype,
    mul,
    neq,
    sqr,
    sqrt,
    sub,
    true_div,
    user_location,
)
from arignote.tensor.shape import Shape_i, dimshuffle, flatten

KINDS = ("sum", "prod", "max", "min", "all", "any", "argmax", "argmin")


def normalize_axes(x: Variable, axis: Any, what: str) -> list[int]:
    """axis (None, int or sequence) as sorted non-negative dims of x."""
    if axis is None:
        return list(range(x.ndim))
    if isinstance(axis, Variable):
        from arignote.tensor.basic import constant_value

        c = constant_value(axis)
        if c is None:
            file, line = user_location()
            raise TypeError(
                f"{what} at {file}:{line}: the axis must be a constant, got {describe(axis)}"
            )
        axis = c
    axes = [axis] if isinstance(axis, int) or hasattr(axis, "__index__") else list(axis)
    out = []
    for a in axes:
        a = int(a)
        if not -x.ndim <= a < builtins.max(x.ndim, 1) or (x.ndim == 0 and a not in (0, -1)):
            file, line = user_location()
            raise AxisError(f"{what} at {file}:{line}: axis {a} is out of range for {describe(x)}")
        out.append(a % x.ndim if x.ndim else 0)
    if len(set(out)) != len(out):
        file, line = user_location()
        raise AxisError(f"{what} at {file}:{line}: repeated axis in {axis}")
    return sorted(out) if x.ndim else []


class Reduce(TensorOp):
    """`tt.reduce <kind>` over `axes` (with keepdims)."""

    def __init__(self, kind: str, axes: Sequence[int], keepdims: bool = False):
        assert kind in KINDS
        self.kind = kind
        self.axes = tuple(axes)
        self.keepdims = keepdims

    def __str__(self) -> str:
        kd = ", keepdims" if self.keepdims else ""
        return f"{self.kind}{{axes={list(self.axes)}{kd}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        (x,) = inputs
        if self.kind in ("all", "any") and x.dtype != "bool":
            raise self.fail(loc, f"needs a bool operand, got {describe(x)}", TypeError)
        if self.kind in ("argmax", "argmin") and len(self.axes) != 1:
            raise self.fail(loc, "takes exactly one axis")
        if self.kind in ("sum", "prod", "max", "min", "argmax", "argmin") and x.dtype == "bool":
            raise self.fail(loc, f"needs a numeric operand, got {describe(x)}", TypeError)
        pattern = tuple(
            True if d in self.axes else b
            for d, b in enumerate(x.broadcastable)
            if self.keepdims or d not in self.axes
        )
        dtype = "int64" if self.kind in ("argmax", "argmin") else x.dtype
        return [TensorType(dtype, pattern)]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        return [em.add(ttd.ReduceOp(inputs[0], self.kind, self.axes, self.keepdims))]


def _reduce(x: Any, kind: str, axis: Any, keepdims: bool, dtype: Any = None) -> Variable:
    v = as_tensor_variable(x)
    axes = normalize_axes(v, axis, kind)
    if dtype is not None:
        v = cast(v, dtype)
    if not axes:
        return v
    return Reduce(kind, axes, keepdims)(v)


def _acc_dtype(x: Variable, dtype: Any) -> str:
    if dtype is not None:
        return str(dtype)
    if is_unsigned_dtype(x.dtype):
        return "uint64"
    return "int64" if is_int_dtype(x.dtype) else x.dtype


def sum(
    x: Any, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None
) -> Variable:  # noqa: A001, E501 - Theano's name
    v = as_tensor_variable(x)
    return _reduce(v, "sum", axis, keepdims, _acc_dtype(v, dtype))


def prod(
    x: Any,
    axis: Any = None,
    dtype: Any = None,
    keepdims: bool = False,
    acc_dtype: Any = None,
    no_zeros_in_input: bool = False,
) -> Variable:  # noqa: E501
    v = as_tensor_variable(x)
    return _reduce(v, "prod", axis, keepdims, _acc_dtype(v, dtype))


def _count(v: Variable, axes: list[int], dtype: str) -> Variable:
    n: Any = 1
    for a in axes:
        s = Shape_i(a)(v)
        n = s if n == 1 else mul(n, s)
    return cast(n, dtype) if isinstance(n, Variable) else n


def mean(
    x: Any, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None
) -> Variable:  # noqa: E501
    v = as_tensor_variable(x)
    out_dt = str(dtype) if dtype is not None else v.dtype if is_float_dtype(v.dtype) else "float64"
    axes = normalize_axes(v, axis, "mean")
    s = _reduce(cast(v, out_dt), "sum", axes, keepdims) if axes else cast(v, out_dt)
    if not axes:
        return s
    return cast(true_div(s, _count(v, axes, out_dt)), out_dt)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: A001 - Theano's name
    """The max keeps the dtype; of bools it is bool (any), as in Theano."""
    v = as_tensor_variable(x)
    return _reduce(v, "any" if v.dtype == "bool" else "max", axis, keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: A001 - Theano's name
    """The min keeps the dtype; of bools it is bool (all), as in Theano (`~max(~x)`)."""
    v = as_tensor_variable(x)
    return _reduce(v, "all" if v.dtype == "bool" else "min", axis, keepdims)


def _arg(x: Any, kind: str, axis: Any, keepdims: bool) -> Variable:
    v = as_tensor_variable(x)
    if v.dtype == "bool":  # Theano: argmax of bools is int64 (False < True)
        v = cast(v, "int8")
    if axis is None and v.ndim > 1:
        out = Reduce(kind, [0])(flatten(v, 1))
        return dimshuffle(out, *(["x"] * v.ndim)) if keepdims else out
    if v.ndim == 0:
        return cast(0, "int64")  # type: ignore[arg-type]
    axes = normalize_axes(v, axis, kind)
    return Reduce(kind, axes, keepdims)(v)


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Variable:
    return _arg(x, "argmax", axis, keepdims)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Variable:
    return _arg(x, "argmin", axis, keepdims)


def max_and_argmax(x: Any, axis: Any = None, keepdims: bool = False) -> tuple[Variable, Variable]:
    return max(x, axis, keepdims), argmax(x, axis, keepdims)


def _as_bool(x: Any) -> Variable:
    v = as_tensor_variable(x)
    return v if v.dtype == "bool" else neq(v, 0)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: A001 - Theano's name
    return _reduce(_as_bool(x), "all", axis, keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: A001 - Theano's name
    return _reduce(_as_bool(x), "any", axis, keepdims)


def var(
    x: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False, corrected: bool = False
) -> Variable:  # noqa: E501
    """Variance (divided by N - ddof)."""
    v = as_tensor_variable(x)
    axes = normalize_axes(v, axis, "var")
    centered = sub(v, mean(v, axes, keepdims=True))
    ss = sum(sqr(centered), axes, keepdims=keepdims)
    n = _count(v, axes, ss.dtype)
    return true_div(ss, sub(n, ddof) if ddof else n)


def std(
    x: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False, corrected: bool = False
) -> Variable:  # noqa: E501
    return sqrt(var(x, axis, ddof, keepdims))


def norm(x: Any, L: int = 2, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: N803 - Theano's name
    """The L1 or L2 norm (or Lp: sum(|x|^p)^(1/p))."""
    if L == 1:
        return sum(abs_(x), axis, keepdims=keepdims)
    if L == 2:
        return sqrt(sum(sqr(x), axis, keepdims=keepdims))
    from arignote.tensor.basic import pow as tpow

    return tpow(sum(tpow(abs_(x), L), axis, keepdims=keepdims), 1.0 / L)


__all__ = [
    "Reduce", "sum", "prod", "mean", "max", "min", "argmax", "argmin", "max_and_argmax", "all",
    "any", "var", "std", "norm", "normalize_axes",
]  # fmt: skip
