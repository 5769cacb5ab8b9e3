"""NumPy-style array functions of Theano 1.0's `theano.tensor` (basic.py), built from the
front end's ops so that they lower like any graph and take their gradients from the ops
they are made of: `diagonal`, `diag`, `nonzero`, `flatnonzero`, `nonzero_values`,
`swapaxes`, `roll`, `ptp`, `inverse_permutation`, `stacklists`, `split`.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from arignote.errors import AxisError
from arignote.graph import Variable, describe, user_location
from arignote.tensor.basic import (
    as_tensor_variable,
    cast,
    constant,
    lt,
    maximum,
    minimum,
    neq,
    sub,
)
from arignote.tensor.extra_ops import flatnonzero, unravel_index
from arignote.tensor.shape import (
    Shape_i,
    alloc,
    arange,
    concatenate,
    dimshuffle,
    flatten,
    reshape,
    shape,
    stack,
)


def _fail(what: str, message: str, error: type[Exception] = ValueError) -> Exception:
    f, line = user_location()
    return error(f"{what} at {f}:{line}: {message}")


def _axis(v: Variable, axis: int, what: str) -> int:
    if not -v.ndim <= axis < v.ndim:
        raise _fail(what, f"axis {axis} is out of range for {describe(v)}", AxisError)
    return axis % v.ndim


def diagonal(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Variable:
    """np.diagonal: the elements a[..., i, i + offset] of the 2-D planes on axis1, axis2,
    along a new last axis (basic.py l.6514, ExtractDiag)."""
    v = as_tensor_variable(a)
    if v.ndim < 2:
        raise _fail("diagonal", f"needs an input with 2 or more dimensions, got {describe(v)}")
    d1, d2 = _axis(v, axis1, "diagonal"), _axis(v, axis2, "diagonal")
    if d1 == d2:
        raise _fail("diagonal", f"axis1 and axis2 are the same axis ({d1})")
    offset = int(offset)
    rest = [d for d in range(v.ndim) if d not in (d1, d2)]
    planes = dimshuffle(v, *rest, d1, d2)
    skip1, skip2 = builtins.max(-offset, 0), builtins.max(offset, 0)
    length = maximum(minimum(sub(Shape_i(d1)(v), skip1), sub(Shape_i(d2)(v), skip2)), 0)
    i = arange(length)
    rows = i if skip1 == 0 else i + skip1
    cols = i if skip2 == 0 else i + skip2
    return planes[(*[slice(None)] * len(rest), rows, cols)]


def diag(v: Any, k: int = 0) -> Variable:
    """np.diag: a vector makes a square matrix with v on diagonal k (zeros elsewhere); a
    matrix (or more dims) gives its diagonal k (basic.py l.6657)."""
    from arignote.tensor.subtensor import set_subtensor

    x = as_tensor_variable(v)
    if x.ndim == 0:
        raise _fail("diag", "Input must has v.ndim >= 1.")
    if x.ndim >= 2:
        return diagonal(x, offset=k)
    k = int(k)
    n = Shape_i(0)(x)
    size = n + abs(k) if k else n
    i = arange(n)
    rows = i + builtins.max(-k, 0) if k < 0 else i
    cols = i + k if k > 0 else i
    zeros = alloc(constant(np.zeros((), x.dtype)), size, size)
    return set_subtensor(zeros[rows, cols], x)


def nonzero(a: Any, return_matrix: bool = False) -> Any:
    """np.nonzero: a tuple of int64 vectors, one per dim of a, of the coordinates of its
    nonzero elements in row-major order; with return_matrix, one (ndim, count) matrix
    (basic.py l.2628)."""
    v = as_tensor_variable(a)
    if v.ndim == 0:
        raise _fail("nonzero", "Nonzero only supports non-scalar arrays.")
    flat = flatnonzero(v)
    coords = (flat,) if v.ndim == 1 else unravel_index(flat, shape(v), ndim=v.ndim)
    return stack(list(coords)) if return_matrix else tuple(coords)


def nonzero_values(a: Any) -> Variable:
    """The nonzero elements of a, flattened (a.flatten()[flatnonzero(a)])."""
    v = as_tensor_variable(a)
    return flatten(v, 1)[flatnonzero(v)]


def swapaxes(y: Any, axis1: int, axis2: int) -> Variable:
    """y with axes axis1 and axis2 exchanged (basic.py l.6753)."""
    v = as_tensor_variable(y)
    order = list(range(v.ndim))
    a, b = _axis(v, axis1, "swapaxes"), _axis(v, axis2, "swapaxes")
    order[a], order[b] = order[b], order[a]
    return dimshuffle(v, *order)


def roll(x: Any, shift: Any, axis: int | None = None) -> Variable:
    """np.roll: elements shifted by `shift` (an int or int scalar) along axis, wrapping
    around; axis None rolls the flattened x (basic.py l.4505: two slices joined)."""
    v = as_tensor_variable(x)
    if axis is None:
        if v.ndim > 1:
            return reshape(roll(flatten(v, 1), shift, 0), shape(v), ndim=v.ndim)
        axis = 0
    axis = _axis(v, axis, "roll")
    s = as_tensor_variable(shift) % Shape_i(axis)(v)
    head = [slice(None)] * axis
    front = v[(*head, slice(-s, None))]
    back = v[(*head, slice(0, -s))]
    return concatenate([front, back], axis)


def ptp(a: Any, axis: Any = None) -> Variable:
    """max(a, axis) - min(a, axis) (basic.py l.6722)."""
    from arignote.tensor.reduction import max as tmax
    from arignote.tensor.reduction import min as tmin

    v = as_tensor_variable(a)
    return sub(tmax(v, axis), tmin(v, axis))


def inverse_permutation(perm: Any) -> Variable:
    """The inverse of a permutation of 0..n-1 (along the last axis): out[perm[i]] = i
    (basic.py l.5892), of perm's dtype."""
    from arignote.tensor.sort import argsort

    p = as_tensor_variable(perm)
    if p.dtype not in ("int8", "int16", "int32", "int64") or p.ndim == 0:
        raise _fail("inverse_permutation", f"perm must be an integer tensor, got {describe(p)}",
                    TypeError)  # fmt: skip
    return cast(argsort(p, axis=-1), p.dtype)


def split(x: Any, splits_size: Any, n_splits: int, axis: int = 0) -> Any:
    """x cut along axis into n_splits pieces of the sizes in the int vector splits_size
    (basic.py l.3794, Split): a list, or the one piece when n_splits is 1.  When run, the
    sizes must number n_splits, be non-negative and add up to x's size along axis."""
    from arignote.tensor.extra_ops import cumsum
    from arignote.tensor.opt import check_false
    from arignote.tensor.reduction import sum as tsum

    v = as_tensor_variable(x)
    sizes = as_tensor_variable(splits_size)
    if sizes.ndim != 1 or sizes.dtype not in ("int8", "int16", "int32", "int64"):
        raise _fail("split", f"splits must be an integer vector, got {describe(sizes)}", TypeError)
    if not isinstance(n_splits, int) or n_splits < 1:
        raise _fail("split", f"n_splits must be a positive int, got {n_splits!r}")
    ax = _axis(v, axis, "split")
    n = Shape_i(ax)(v)
    sizes = cast(sizes, "int64") + arange(n_splits) * 0  # len(splits) == n_splits
    sizes = check_false(sizes, lt(sizes, 0), "split: a split size is negative")
    ends = cumsum(
        check_false(sizes, neq(tsum(sizes), n), "split: the split sizes do not add up to the size")
    )
    head = [slice(None)] * ax
    pieces = [v[(*head, slice(ends[i] - sizes[i], ends[i]))] for i in range(n_splits)]
    return pieces[0] if n_splits == 1 else pieces


def stacklists(arg: Any) -> Any:
    """Nested lists of tensors stacked into one tensor of the same nesting (basic.py l.6687)."""
    if isinstance(arg, tuple | list):
        return stack(list(map(stacklists, arg)))
    return arg


__all__ = [
    "diagonal", "diag", "nonzero", "flatnonzero", "nonzero_values", "swapaxes", "roll", "ptp",
    "inverse_permutation", "stacklists", "split",
]  # fmt: skip
