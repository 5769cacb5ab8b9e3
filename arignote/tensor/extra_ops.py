"""`arignote.tensor.extra_ops`: Theano 1.0's `theano.tensor.extra_ops`.

`repeat`, `to_one_hot`, `cumsum`/`cumprod`, `diff`, `bincount`, `squeeze`, `compress`,
`searchsorted`, `Unique`, `fill_diagonal`, `fill_diagonal_offset`,
`ravel_multi_index`/`unravel_index`, `bartlett`, and Theano's op names for them.  Most
are compositions of the front end's ops (alloc, reshape, comparisons with `arange`,
integer indexing, `argsort`), so they lower like any other graph and their gradients
come from the rules of the ops they are made of; `cumsum`/`cumprod` are the
`tt.cumsum`/`tt.cumprod` ops.  Argument checks and dtypes follow
theano/tensor/extra_ops.py; errors name the function and the caller's file:line, and
where NumPy (or Theano's perform) refuses values, a check fails when the function runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.errors import AxisError, DTypeError
from arignote.graph import Apply, Constant, TensorType, Variable, describe, user_location
from arignote.tensor.basic import (
    TensorOp,
    and_,
    as_tensor_variable,
    cast,
    constant,
    constant_value,
    eq,
    ge,
    invert,
    isnan,
    le,
    lt,
    maximum,
    minimum,
    neq,
    or_,
    sub,
    switch,
)
from arignote.tensor.basic import add as _add
from arignote.tensor.opt import check_false
from arignote.tensor.shape import (
    Shape_i,
    alloc,
    arange,
    dimshuffle,
    flatten,
    patternbroadcast,
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
    # Theano's type: x's broadcastable dims stay broadcastable, except the repeated axis
    pattern = [b and d != axis for d, b in enumerate(v.broadcastable)]
    return patternbroadcast(reshape(tiled, sizes), pattern)


def _repeat_each(v: Variable, r: Variable, axis: int) -> Variable:
    """x repeated r[i] times for element i along axis: a gather with the index vector
    [0]*r[0] + [1]*r[1] + ..., the running sum of marks put where each run starts.
    Host checks when it runs: len(r) must be x's size along the axis (the add), and no
    count may be negative (np.repeat refuses both)."""
    from arignote.tensor.reduction import sum as tsum
    from arignote.tensor.subtensor import inc_subtensor, take

    counts = _add(cast(r, "int64"), arange(Shape_i(axis)(v)) * 0)
    counts = check_false(counts, lt(counts, 0), "repeat: a count is negative")
    total = tsum(counts)
    zeros = alloc(constant(np.int64(0)), _add(total, 1))
    marks = inc_subtensor(zeros[cumsum(counts) - counts], 1)
    return take(v, cumsum(marks)[:-1] - 1, axis=axis)


# --------------------------------------------------------------------------- cumsum, cumprod


class CumOp(TensorOp):
    """Theano's CumOp: a running sum (mode "add") or product ("mul") along `axis`, in
    x's dtype (`tt.cumsum` / `tt.cumprod`; bools run as int8 and come back as bools)."""

    def __init__(self, axis: int | None = None, mode: str = "add"):
        if mode not in ("add", "mul"):
            raise ValueError(f'CumOp: Unknown mode "{mode}"')
        self.axis = axis
        self.mode = mode

    def __call__(self, x: Any) -> Any:  # type: ignore[override]
        """As Theano's CumOp: axis None runs over the flattened x, a negative axis counts
        from the end (the node's op has the normalised axis)."""
        if self.axis is None or self.axis < 0:
            return _cumulative(x, self.axis, self.mode, "CumOp")
        return super().__call__(x)

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


# --------------------------------------------------------------------------- searchsorted


def searchsorted(x: Any, v: Any, side: str = "left", sorter: Any = None) -> Variable:
    """np.searchsorted: for each element of v, the int64 index where it would go in the
    sorted vector x (x[sorter] when given) to keep it sorted, before equal elements
    (side "left") or after them ("right"); NaN sorts last (extra_ops.py l.189).  Counts
    the elements of x before each v: O(len(x)) work per element, all parallel."""
    from arignote.tensor.reduction import sum as tsum

    if side not in ("left", "right"):
        raise _fail("searchsorted", f"'{side}' is an invalid value for keyword 'side'")
    xv, vv = as_tensor_variable(x), as_tensor_variable(v)
    if xv.ndim != 1:
        raise _fail("searchsorted", f"x must be a vector, got {describe(xv)}", TypeError)
    if sorter is not None:
        sv = as_tensor_variable(sorter)
        if sv.ndim != 1 or sv.dtype not in _INTS:
            raise _fail("searchsorted", f"sorter must be an integer vector, got {describe(sv)}",
                        TypeError)  # fmt: skip
        xv = xv[sv]
    xs = dimshuffle(xv, *["x"] * vv.ndim, 0)
    vs = dimshuffle(vv, *range(vv.ndim), "x")
    if side == "left":
        before = _sorts_before(xs, vs)
    else:
        before = invert(_sorts_before(vs, xs))
    return tsum(cast(before, "int64"), axis=-1)


def _sorts_before(a: Variable, b: Variable) -> Variable:
    """a < b in NumPy's sort order (NaN after every number)."""
    if a.dtype.startswith("float") or b.dtype.startswith("float"):
        return and_(or_(lt(a, b), isnan(b)), invert(isnan(a)))
    return lt(a, b)


# --------------------------------------------------------------------------- unique


class Unique:
    """Theano's Unique(return_index, return_inverse, return_counts) (extra_ops.py l.1109):
    calling it on x gives np.unique of the flattened x -- the sorted distinct values, and
    as asked the int64 index of each one's first occurrence, the index of each element's
    value among them (flattened), and the counts; one variable, or a list.  NaNs count as
    one value (NumPy's equal_nan).  Made of argsort, a running sum and gathers; the
    `axis` form is not supported."""

    def __init__(
        self,
        return_index: bool = False,
        return_inverse: bool = False,
        return_counts: bool = False,
        axis: int | None = None,
    ):
        if axis is not None:
            raise _fail("Unique", "the axis form is not supported (axis=None only)",
                        NotImplementedError)  # fmt: skip
        self.return_index = return_index
        self.return_inverse = return_inverse
        self.return_counts = return_counts

    def __call__(self, x: Any) -> Any:
        from arignote.tensor.shape import concatenate
        from arignote.tensor.sort import argsort
        from arignote.tensor.subtensor import set_subtensor

        v = flatten(as_tensor_variable(x), 1)
        n = Shape_i(0)(v)
        order = argsort(v)
        s = v[order]
        before = concatenate([s[:1], s[:-1]])
        differs = neq(s, before)
        if v.dtype.startswith("float"):
            differs = and_(differs, invert(and_(isnan(s), isnan(before))))
        keep = or_(eq(arange(n), 0), differs)
        starts = flatnonzero(keep)
        outs = [s[starts]]
        if self.return_index:
            outs.append(order[starts])
        if self.return_inverse:
            group = cumsum(cast(keep, "int64")) - 1
            outs.append(set_subtensor(alloc(constant(np.int64(0)), n)[order], group))
        if self.return_counts:
            ends = concatenate([starts, dimshuffle(n, "x")])[1:]
            outs.append(ends - starts)
        return outs[0] if len(outs) == 1 else outs


# --------------------------------------------------------------------------- one-hot


def to_one_hot(y: Any, nb_class: Any, dtype: Any = None) -> Variable:
    """A (len(y), nb_class) matrix whose row i is the one-hot encoding of y[i], of dtype
    floatX by default (theano/tensor/extra_ops.py l.1081).  As Theano's set_subtensor, a
    negative label counts from the end and one outside [-nb_class, nb_class) is an error
    when the function runs."""
    from arignote.tensor.shape import _dtype

    yv = as_tensor_variable(y)
    if yv.ndim != 1 or yv.dtype not in _INTS:
        raise _fail("to_one_hot", f"y must be an integer vector, got {describe(yv)}", DTypeError)
    k = nb_class if isinstance(nb_class, Variable) else as_tensor_variable(nb_class)
    if isinstance(nb_class, bool) or k.ndim != 0 or k.dtype not in _INTS:
        raise _fail("to_one_hot", f"nb_class must be an integer scalar, got {nb_class!r}",
                    DTypeError)  # fmt: skip
    yv = check_false(
        yv, or_(lt(yv, -k), ge(yv, k)), "to_one_hot: a label is out of range for nb_class"
    )
    label = switch(lt(yv, 0), _add(yv, k), yv)
    hit = eq(dimshuffle(label, 0, "x"), dimshuffle(arange(k), "x", 0))
    return cast(hit, _dtype(dtype))


# --------------------------------------------------------------------------- diff


def diff(x: Any, n: int = 1, axis: int = -1) -> Variable:
    """np.diff: the n-th order difference out[i] = x[i + 1] - x[i] along axis, applied n
    times (bools: x[i + 1] != x[i]); extra_ops.py l.481."""
    v = as_tensor_variable(x)
    if not isinstance(n, int | np.integer) or isinstance(n, bool) or n < 0:
        raise _fail("diff", f"n must be a non-negative integer, got {n!r}")
    if not -v.ndim <= axis < v.ndim:
        raise _fail("diff", f"axis {axis} is out of range for {describe(v)}", AxisError)
    axis %= v.ndim
    head = tuple(slice(None) for _ in range(axis))
    for _ in range(int(n)):
        later, earlier = v[(*head, slice(1, None))], v[(*head, slice(None, -1))]
        v = neq(later, earlier) if v.dtype == "bool" else sub(later, earlier)
    return v


class DiffOp:
    """Theano's DiffOp(n, axis): calling it on x gives diff(x, n, axis)."""

    def __init__(self, n: int = 1, axis: int = -1):
        self.n = n
        self.axis = axis

    def __call__(self, x: Any) -> Variable:
        return diff(x, self.n, self.axis)


# --------------------------------------------------------------------------- bincount


def bincount(
    x: Any, weights: Any = None, minlength: Any = None, assert_nonneg: bool = False
) -> Variable:
    """The number of occurrences (or the sum of `weights`) of each value 0..max(x) in the
    integer vector x, at least `minlength` bins; of x's dtype, or the weights' (extra_ops.py
    l.506).  A negative value counts from the end (Theano's advanced_inc_subtensor1), or,
    with assert_nonneg, fails when the function runs."""
    from arignote.tensor.reduction import max as tmax
    from arignote.tensor.subtensor import inc_subtensor

    v = as_tensor_variable(x)
    if v.ndim != 1:
        raise _fail("bincount", f"inputs must be of dimension 1, got {describe(v)}", TypeError)
    if v.dtype not in _INTS:
        raise _fail("bincount", f"x must be integers, got {describe(v)}", DTypeError)
    if assert_nonneg:
        v = check_false(v, lt(v, 0), "Input to bincount has negative values!")
    size = cast(_add(tmax(v), 1), "int64")
    if minlength is not None:
        size = maximum(size, minlength)
    if weights is None:
        return inc_subtensor(alloc(constant(np.zeros((), v.dtype)), size)[v], 1)
    w = as_tensor_variable(weights)
    if w.ndim != 1:
        raise _fail("bincount", f"weights must be a vector like x, got {describe(w)}")
    return inc_subtensor(alloc(constant(np.zeros((), w.dtype)), size)[v], w)


# --------------------------------------------------------------------------- compress


def flatnonzero(a: Any) -> Variable:
    """The int64 indices of the nonzero elements of a, flattened (np.flatnonzero;
    theano/tensor/basic.py l.2672)."""
    v = as_tensor_variable(a)
    if v.ndim == 0:
        raise _fail("flatnonzero", "Nonzero only supports non-scalar arrays.")
    v = flatten(v, 1)
    nonzero = neq(v, 0) if v.dtype != "bool" else v
    return repeat(arange(Shape_i(0)(v)), cast(nonzero, "int64"))


def compress(condition: Any, x: Any, axis: int | None = None) -> Variable:
    """np.compress: the slices of x along axis (x flattened when axis is None) where
    condition is nonzero (extra_ops.py l.582: x.take(flatnonzero(condition)))."""
    from arignote.tensor.subtensor import take

    return take(x, flatnonzero(condition), axis=axis)


# --------------------------------------------------------------------------- diagonals


def _diagonal_value(a: Variable, val: Any, what: str) -> Variable:
    """val as a scalar of a's dtype: Python numbers as in elementwise ops (an int fits
    any a, a float a float a), tensors only where upcast(a, val) is a's dtype."""
    if isinstance(val, bool | int | float | np.number) and not isinstance(val, np.ndarray):
        if isinstance(val, float | np.floating) and not a.dtype.startswith("float"):
            raise _fail(what, "type of second parameter must be the same as the first's",
                        TypeError)  # fmt: skip
        return constant(np.asarray(val, a.dtype))
    v = as_tensor_variable(val)
    if v.ndim != 0:
        raise _fail(what, f"second parameter must be a scalar, got {describe(v)}", TypeError)
    if np.result_type(a.dtype, v.dtype) != np.dtype(a.dtype):
        raise _fail(
            what,
            f"type of second parameter must be the same as the first's ({describe(v)} "
            f"does not fit {a.dtype})",
            TypeError,
        )
    return cast(v, a.dtype)


def fill_diagonal(a: Any, val: Any) -> Variable:
    """A copy of a with its main diagonal a[i, i, ..., i] set to the scalar val (a matrix
    of any shape; more dims must all have one size, checked when run); extra_ops.py
    l.914."""
    v = as_tensor_variable(a)
    if v.ndim < 2:
        raise _fail("fill_diagonal", "first parameter must have at least two dimensions, "
                    f"got {describe(v)}", TypeError)  # fmt: skip
    value = _diagonal_value(v, val, "fill_diagonal")
    first = arange(Shape_i(0)(v))
    on = None
    for d in range(1, v.ndim):
        other = arange(Shape_i(d)(v))
        if v.ndim > 2:
            other = _add(other, first * 0)  # np.fill_diagonal: all dims of one size
        hit = eq(_along(first, 0, v.ndim), _along(other, d, v.ndim))
        on = hit if on is None else and_(on, hit)
    return patternbroadcast(switch(on, value, v), v.broadcastable)  # Theano: a.type()


def _along(vec: Variable, d: int, ndim: int) -> Variable:
    """vec as dim d of an ndim tensor (broadcastable elsewhere)."""
    return dimshuffle(vec, *[0 if k == d else "x" for k in range(ndim)])


def fill_diagonal_offset(a: Any, val: Any, offset: Any) -> Variable:
    """A copy of the matrix a with the diagonal `offset` (above the main one when > 0)
    set to the scalar val, unwrapped (extra_ops.py l.1054)."""
    from arignote.tensor.shape import _grid

    v = as_tensor_variable(a)
    if v.ndim != 2:
        raise _fail("fill_diagonal_offset", "first parameter must have exactly two "
                    f"dimensions, got {describe(v)}", TypeError)  # fmt: skip
    value = _diagonal_value(v, val, "fill_diagonal_offset")
    off = offset if isinstance(offset, int | np.integer) else as_tensor_variable(offset)
    if isinstance(off, Variable) and (off.ndim != 0 or off.dtype not in _INTS):
        raise _fail("fill_diagonal_offset", "type of third parameter must be as integer "
                    f"(a scalar), got {describe(off)}", TypeError)  # fmt: skip
    rows, cols = _grid(Shape_i(0)(v), Shape_i(1)(v), off, "fill_diagonal_offset")
    return patternbroadcast(switch(eq(rows, cols), value, v), v.broadcastable)


# --------------------------------------------------------------------------- indices


def _dims(dims: Any, ndim: int | None, what: str) -> list[Variable]:
    """The sizes of `dims` (a tuple/list of ints or int scalars, or an int vector) as int64
    scalars; ndim is needed when the vector's length is not known."""
    from arignote.tensor.shape import MakeVector

    if isinstance(dims, list | tuple):
        vs = [as_tensor_variable(d) for d in dims]
        for d in vs:
            if d.ndim != 0 or d.dtype not in _INTS:
                raise _fail(what, f"'{d.dtype}' object cannot be interpreted as an index",
                            TypeError)  # fmt: skip
        return [cast(d, "int64") for d in vs]
    dv = as_tensor_variable(dims)
    if dv.dtype not in _INTS:
        raise _fail(what, f"'{dv.dtype}' object cannot be interpreted as an index", TypeError)
    if dv.ndim != 1:
        raise _fail(what, f"dims must be a 1D array, got {describe(dv)}", TypeError)
    if dv.owner is not None and isinstance(dv.owner.op, MakeVector):
        n = len(dv.owner.inputs)
    elif isinstance(dv, Constant):
        n = len(dv.data)
    elif ndim is None:
        raise _fail(what, f"the length of the provided dimension list ({describe(dv)}) cannot "
                    "be automatically determined; pass ndim=")  # fmt: skip
    else:
        n = ndim
    return [cast(dv[i], "int64") for i in range(n)]


def _index(x: Any, what: str) -> Variable:
    v = as_tensor_variable(x)
    if v.dtype not in _INTS:
        raise _fail(what, f"'{v.dtype}' object cannot be interpreted as an index", TypeError)
    return cast(v, "int64")


def unravel_index(indices: Any, dims: Any, order: str = "C", ndim: int | None = None) -> tuple:
    """np.unravel_index: the coordinates (int64 tensors of indices' shape) of flat indices
    into an array of shape dims, row-major ("C") or column-major ("F"); an index outside
    [0, prod(dims)) fails when run (extra_ops.py l.1270; Theano ignored order)."""
    if order not in ("C", "F"):
        raise _fail("unravel_index", f"order must be 'C' or 'F', got {order!r}")
    if ndim is not None and (not isinstance(ndim, int) or ndim < 1):
        raise _fail("unravel_index", "ndim must be an integer greater than 0")
    idx = _index(indices, "unravel_index")
    sizes = _dims(dims, ndim, "unravel_index")
    total = sizes[0]
    for n in sizes[1:]:
        total = total * n
    rest = check_false(
        idx,
        or_(lt(idx, 0), ge(idx, total)),
        "unravel_index: an index is out of bounds for the shape",
    )
    coords: list[Variable] = []
    for n in reversed(sizes) if order == "C" else sizes:
        coords.append(rest % n)
        rest = rest // n
    return tuple(reversed(coords)) if order == "C" else tuple(coords)


def ravel_multi_index(
    multi_index: Any, dims: Any, mode: Any = "raise", order: str = "C"
) -> Variable:
    """np.ravel_multi_index: the flat int64 indices of the coordinates in multi_index (a
    tuple of integer tensors) into an array of shape dims; out-of-range coordinates fail
    when run ("raise"), wrap around ("wrap") or are clipped ("clip"); one mode, or one
    per dim (extra_ops.py l.1358)."""
    if not isinstance(multi_index, tuple | list):
        raise _fail("ravel_multi_index", "multi_index must be a tuple or a list", TypeError)
    if order not in ("C", "F"):
        raise _fail("ravel_multi_index", f"order must be 'C' or 'F', got {order!r}")
    coords = [_index(c, "ravel_multi_index") for c in multi_index]
    sizes = _dims(dims, len(coords), "ravel_multi_index")
    if len(sizes) != len(coords):
        raise _fail("ravel_multi_index", f"{len(coords)} coordinate arrays for {len(sizes)} dims")
    modes = list(mode) if isinstance(mode, tuple | list) else [mode] * len(coords)
    if len(modes) != len(coords) or any(m not in ("raise", "wrap", "clip") for m in modes):
        raise _fail("ravel_multi_index", f"mode must be raise, wrap or clip (one or one per "
                    f"dim), got {mode!r}")  # fmt: skip
    fixed = [_bounded(c, n, m) for c, n, m in zip(coords, sizes, modes)]
    pairs = list(zip(fixed, sizes))
    if order == "F":
        pairs.reverse()
    flat = pairs[0][0]
    for c, n in pairs[1:]:
        flat = _add(flat * n, c)
    return flat


def _bounded(c: Variable, n: Variable, mode: str) -> Variable:
    if mode == "wrap":
        return c % n
    if mode == "clip":
        return minimum(maximum(c, 0), n - 1)
    return check_false(
        c, or_(lt(c, 0), ge(c, n)), "ravel_multi_index: invalid entry in coordinates array"
    )


# --------------------------------------------------------------------------- bartlett


def bartlett(M: Any) -> Variable:  # noqa: N803 - Theano's name
    """np.bartlett: the float64 triangular window of M points, zero at both ends (empty for
    M <= 0); extra_ops.py l.826."""
    m = as_tensor_variable(M)
    if m.ndim != 0:
        raise _fail("bartlett", f"Bartlett only works on scalar input, got {describe(m)}",
                    TypeError)  # fmt: skip
    if m.dtype not in _INTS:
        raise _fail("bartlett", f"Bartlett only works on integer input, got {describe(m)}",
                    TypeError)  # fmt: skip
    m = cast(m, "int64")
    n = cast(arange(1 - m, m, 2), "float64")
    ratio = n / cast(maximum(m - 1, 1), "float64")
    return switch(le(n, 0), 1 + ratio, 1 - ratio)


# --------------------------------------------------------------------------- Theano's op names


def cpu_contiguous(x: Any) -> Variable:
    """x itself: arignote's arrays are always C-contiguous (Theano's CpuContiguous)."""
    return as_tensor_variable(x)


class _Call:
    """A Theano op class of extra_ops whose instances call one of the functions above
    (for code that builds the ops directly, e.g. `RepeatOp(axis=1)(x, r)`)."""

    def __init__(self, **props: Any):
        self.props = props

    def __call__(self, *inputs: Any) -> Any:
        raise NotImplementedError


class RepeatOp(_Call):
    def __init__(self, axis: int | None = None):
        super().__init__(axis=axis)

    def __call__(self, x: Any, repeats: Any) -> Variable:  # type: ignore[override]
        return repeat(x, repeats, self.props["axis"])


class SearchsortedOp(_Call):
    def __init__(self, side: str = "left"):
        super().__init__(side=side)

    def __call__(self, x: Any, v: Any, sorter: Any = None) -> Variable:  # type: ignore[override]
        return searchsorted(x, v, self.props["side"], sorter)


class UnravelIndex(_Call):
    def __init__(self, ndim: int, order: str = "C"):
        super().__init__(ndim=ndim, order=order)

    def __call__(self, indices: Any, dims: Any) -> Any:  # type: ignore[override]
        out = unravel_index(indices, dims, self.props["order"], self.props["ndim"])
        return out[0] if len(out) == 1 else list(out)


class RavelMultiIndex(_Call):
    def __init__(self, mode: str = "raise", order: str = "C"):
        super().__init__(mode=mode, order=order)

    def __call__(self, *inputs: Any) -> Variable:  # type: ignore[override]
        return ravel_multi_index(list(inputs[:-1]), inputs[-1], **self.props)


class Bartlett(_Call):
    def __call__(self, M: Any) -> Variable:  # type: ignore[override]  # noqa: N803
        return bartlett(M)


class FillDiagonal(_Call):
    def __call__(self, a: Any, val: Any) -> Variable:  # type: ignore[override]
        return fill_diagonal(a, val)


class FillDiagonalOffset(_Call):
    def __call__(self, a: Any, val: Any, offset: Any) -> Variable:  # type: ignore[override]
        return fill_diagonal_offset(a, val, offset)


class CumsumOp(_Call):  # Theano's old names (kept for unpickling)
    def __init__(self, axis: int | None = None):
        super().__init__(axis=axis)

    def __call__(self, x: Any) -> Variable:  # type: ignore[override]
        return cumsum(x, self.props["axis"])


class CumprodOp(_Call):
    def __init__(self, axis: int | None = None):
        super().__init__(axis=axis)

    def __call__(self, x: Any) -> Variable:  # type: ignore[override]
        return cumprod(x, self.props["axis"])


bartlett_ = Bartlett()
fill_diagonal_ = FillDiagonal()
fill_diagonal_offset_ = FillDiagonalOffset()


__all__ = [
    "repeat", "to_one_hot", "squeeze", "CumOp", "cumsum", "cumprod", "diff", "DiffOp",
    "bincount", "flatnonzero", "compress", "fill_diagonal", "fill_diagonal_offset",
    "unravel_index", "ravel_multi_index", "bartlett", "searchsorted", "Unique",
    "cpu_contiguous", "CumsumOp", "CumprodOp", "RepeatOp", "SearchsortedOp", "UnravelIndex",
    "RavelMultiIndex", "Bartlett", "FillDiagonal", "FillDiagonalOffset", "bartlett_",
    "fill_diagonal_", "fill_diagonal_offset_",
]  # fmt: skip
