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

from typing import Any

import numpy as np

from arignote.errors import DTypeError
from arignote.graph import Variable, describe, user_location
from arignote.tensor.basic import (
    as_tensor_variable,
    cast,
    constant,
    constant_value,
    eq,
    lt,
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
    [0]*r[0] + [1]*r[1] + ... (a cumsum of marks at the start of each run)."""
    from arignote.tensor.subtensor import inc_subtensor, take

    n = Shape_i(axis)(v)
    counts = cast(r, "int64")
    counts = _add(counts, arange(n) * 0)  # a run-time check that len(repeats) == n
    ends = cumsum(counts, axis=0)
    total = _last_or_zero(ends)
    marks = alloc(constant(np.int64(0)), _add(total, 1))
    marks = inc_subtensor(marks[ends - counts], 1)
    index = cumsum(marks)[:-1] - 1
    return take(v, index, axis=axis)


def _last_or_zero(v: Variable) -> Variable:
    from arignote.tensor.reduction import sum as tsum

    return tsum(v[-1:])


def cumsum(x: Any, axis: int | None = None) -> Variable:
    """(temporary: a triangular sum, 1-D only)"""
    from arignote.tensor.reduction import sum as tsum

    v = as_tensor_variable(x)
    i = arange(Shape_i(0)(v))
    mask = cast(lt(dimshuffle(i, "x", 0), _add(dimshuffle(i, 0, "x"), 1)), v.dtype)
    return tsum(mask * dimshuffle(v, "x", 0), axis=1)


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


__all__ = ["repeat", "to_one_hot", "squeeze"]
