"""`arignote.tensor.extra_ops`: Theano 1.0's `theano.tensor.extra_ops`.

`repeat`, `to_one_hot`, `cumsum`/`cumprod`, `diff`, `bincount`, `squeeze`, `compress`,
`fill_diagonal`, `fill_diagonal_offset`, `ravel_multi_index`/`unravel_index`,
`bartlett`.  Most are compositions of the front end's ops (alloc, reshape, comparisons
with `arange`, integer indexing), so they lower like any other graph and their gradients
come from the rules of the ops they are made of; `cumsum`/`cumprod` are the
`tt.cumsum`/`tt.cumprod` ops.  Argument checks and dtypes follow
theano/tensor/extra_ops.py; errors name the function and the caller's file:line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.errors import AxisError, DTypeError
from arignote.graph import Apply, TensorType, Variable, describe, user_location
from arignote.tensor.basic import (
    TensorOp,
    as_tensor_variable,
    cast,
    constant,
    constant_value,
    eq,
    lt,
    maximum,
    switch,
)
from arignote.tensor.basic import add as _add
from arignote.tensor.shape import (
    Shape_i,
    alloc,
    arange,
    dimshuffle,
    flatten,
    reshape,
    squeeze,
)

_INTS = ("int8", "int16", "int32", "int64")


def _fail(what: str, message: str, error: type[Exception] = ValueError) -> Exception:
    f, line = user_location()
    return error(f"{what} at {f}:{line}: {message}")


# --------------------------------------------------------------------------- repeat


def _repeat_axis(v: Variable, axis: int) -> int:
    if not -v.ndim <= axis < v.ndim:
        raise _fail("repeat", f"axis {axis} is out of range for {describe(v)}")
    return axis % v.ndim


def repeat(x: Any, repeats: Any, axis: int | None = None) -> Variable:
    """np.repeat: each element of x (flattened when axis is None) repeated `repeats`
    times along `axis`; repeats is an int or int scalar, or an int vector with one count
    per element along the axis (theano/tensor/extra_ops.py l.720)."""
    v = as_tensor_variable(x)
    r = as_tensor_variable(repeats)
    if r.ndim > 1:
        raise _fail("repeat", f"the dimension of repeats should not exceed 1, got {describe(r)}")
    if r.dtype not in _INTS:
        raise _fail("repeat", f"repeats must be integers, got {describe(r)}", DTypeError)
    if axis is None:
        v, axis = flatten(v, 1), 0
    else:
        axis = _repeat_axis(v, int(axis))
    if r.ndim == 1 and not r.broadcastable[0]:
        return _repeat_each(v, r, axis)
    if r.ndim == 1:
        r = r[0]
    if constant_value(r) == 1:
        return v
    sizes: list[Any] = [Shape_i(d)(v) for d in range(v.ndim)]
    spread = dimshuffle(v, *range(axis + 1), "x", *range(axis + 1, v.ndim))
    tiled = alloc(spread, *sizes[: axis + 1], r, *sizes[axis + 1 :])
    sizes[axis] = sizes[axis] * r
    return reshape(tiled, sizes)


def _repeat_each(v: Variable, r: Variable, axis: int) -> Variable:
    """x repeated r[i] times for element i along axis: a gather with the index vector
    [0]*r[0] + [1]*r[1] + ..., the running sum of marks put where each run starts.
    Host checks when it runs: len(r) must be x's size along the axis (the add), and a
    negative count makes its mark's index out of bounds (np.repeat refuses both)."""
    from arignote.tensor.reduction import sum as tsum
    from arignote.tensor.subtensor import inc_subtensor, take

    counts = _add(cast(r, "int64"), arange(Shape_i(axis)(v)) * 0)
    total = tsum(maximum(counts, 0))
    starts = switch(lt(counts, 0), -2 - total, cumsum(counts) - counts)
    marks = inc_subtensor(alloc(constant(np.int64(0)), _add(total, 1))[starts], 1)
    return take(v, cumsum(marks)[:-1] - 1, axis=axis)


# --------------------------------------------------------------------------- cumsum, cumprod


class CumOp(TensorOp):
    """Theano's CumOp: a running sum (mode "add") or product ("mul") along `axis`, in
    x's dtype (`tt.cumsum` / `tt.cumprod`; bools run as int8 and come back as bools)."""

    def __init__(self, axis: int, mode: str = "add"):
        if mode not in ("add", "mul"):
            raise ValueError(f'CumOp: Unknown mode "{mode}"')
        self.axis = axis
        self.mode = mode

    def __str__(self) -> str:
        return f"CumOp{{{self.axis}, {self.mode}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        (x,) = inputs
        if not 0 <= self.axis < x.ndim:
            raise self.fail(loc, f"axis {self.axis} is out of range for {describe(x)}", AxisError)
        return [x.type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        (x,) = inputs
        dtype = node.inputs[0].dtype
        cls = ttd.CumsumOp if self.mode == "add" else ttd.CumprodOp
        run = em.cast_value(x, "int8") if dtype == "bool" else x
        out = em.same_sizes(em.add(cls(run, self.axis)), x)
        return [em.cast_value(out, "bool") if dtype == "bool" else out]


def _cumulative(x: Any, axis: int | None, mode: str, what: str) -> Variable:
    v = as_tensor_variable(x)
    if axis is None:
        return CumOp(0, mode)(flatten(v, 1))
    if not -v.ndim <= axis < v.ndim:
        raise _fail(what, f"axis(={axis}) out of bounds for {describe(v)}", AxisError)
    return CumOp(int(axis) % v.ndim, mode)(v)


def cumsum(x: Any, axis: int | None = None) -> Variable:
    """np.cumsum in x's dtype; axis None runs over the flattened x (extra_ops.py l.373)."""
    return _cumulative(x, axis, "add", "cumsum")


def cumprod(x: Any, axis: int | None = None) -> Variable:
    """np.cumprod in x's dtype; axis None runs over the flattened x (extra_ops.py l.393)."""
    return _cumulative(x, axis, "mul", "cumprod")


# --------------------------------------------------------------------------- one-hot


def to_one_hot(y: Any, nb_class: Any, dtype: Any = None) -> Variable:
    """A (len(y), nb_class) matrix whose row i is the one-hot encoding of y[i], of dtype
    floatX by default (theano/tensor/extra_ops.py l.1081).  Negative labels count from
    the end as in Theano's set_subtensor; a label outside [-nb_class, nb_class) gives a
    row of zeros (Theano raised IndexError)."""
    from arignote.tensor.shape import _dtype

    yv = as_tensor_variable(y)
    if yv.ndim != 1 or yv.dtype not in _INTS:
        raise _fail("to_one_hot", f"y must be an integer vector, got {describe(yv)}", DTypeError)
    if isinstance(nb_class, bool) or (
        not isinstance(nb_class, int | np.integer) and as_tensor_variable(nb_class).ndim != 0
    ):
        raise _fail("to_one_hot", f"nb_class must be an integer scalar, got {nb_class!r}")
    classes = arange(nb_class)
    label = switch(lt(yv, 0), _add(yv, nb_class), yv)
    hit = eq(dimshuffle(label, 0, "x"), dimshuffle(classes, "x", 0))
    return cast(hit, _dtype(dtype))


__all__ = ["repeat", "to_one_hot", "squeeze", "CumOp", "cumsum", "cumprod"]
