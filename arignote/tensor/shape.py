"""Shapes and shape manipulation: `x.shape`, reshape, flatten, dimshuffle, transpose,
concatenate / join / stack, arange, alloc, zeros / ones (_like), fill.

`x.shape` is an int64 vector whose elements are `Shape_i` scalars (so `x.shape[0]` is
`Shape_i{0}(x)`, the `tt.dim` of x, with no gather).  Sizes given to reshape / alloc are
int scalars (Python ints, `x.shape[i]`, arithmetic on them, or lscalar inputs): they
become `index` operands of the tt ops, computed on the host.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import DYNAMIC_INDEX
from xdsl.dialects.builtin import TensorType as IRTensorType
from xdsl.ir import SSAValue

from arignote.config import config
from arignote.dialects import tt as ttd
from arignote.errors import AxisError, DTypeError, ShapeError
from arignote.graph import (
    INT_DTYPES,
    UINT_DTYPES,
    Apply,
    Constant,
    TensorType,
    Variable,
    describe,
    user_location,
)
from arignote.tensor.basic import (
    TensorOp,
    add,
    as_int_scalar,
    as_tensor_variable,
    cast,
    constant,
    constant_value,
    eq,
    int_div,
    is_float_dtype,
    known_shape,
    le,
    lt,
    mul,
    sub,
    switch,
    upcast,
)

# --------------------------------------------------------------------------- x.shape


class Shape_i(TensorOp):  # noqa: N801 - Theano's name
    """`x.shape[axis]`: an int64 scalar (`tt.dim`)."""

    def __init__(self, axis: int):
        self.axis = int(axis)

    def __str__(self) -> str:
        return f"Shape_i{{{self.axis}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        (x,) = inputs
        if not 0 <= self.axis < x.ndim:
            raise self.fail(loc, f"axis {self.axis} is out of range for {describe(x)}")
        return [TensorType("int64", ())]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        return [em.add(ttd.DimOp(inputs[0], self.axis))]


class MakeVector(TensorOp):
    """A vector of scalars of one dtype (`x.shape`, `stack` of scalars)."""

    def __init__(self, dtype: str = "int64"):
        self.dtype = dtype

    def __str__(self) -> str:
        return "MakeVector"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        for v in inputs:
            if v.ndim != 0:
                raise self.fail(loc, f"elements must be scalars, got {describe(v)}")
        return [TensorType(self.dtype, (len(inputs) == 1,))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        el = ttd.element_type_of_dtype(self.dtype)
        parts = [
            em.add(ttd.ReshapeOp(em.cast_value(v, self.dtype), IRTensorType(el, [1])))
            for v in inputs
        ]
        if len(parts) == 1:
            return parts
        if not parts:
            return [em.add(ttd.ConstantOp.from_numpy(np.zeros(0, self.dtype)))]
        return [em.add(ttd.ConcatenateOp(parts, 0))]


def shape(x: Any) -> Variable:
    """`x.shape`: an int64 vector of x's sizes."""
    v = as_tensor_variable(x)
    dims = [Shape_i(d)(v) for d in range(v.ndim)]
    if not dims:
        return constant(np.zeros(0, np.int64))
    return MakeVector("int64")(*dims)


class SpecifyShape(TensorOp):
    """`specify_shape(x, shape)`: x, checked at run time to have exactly `shape`."""

    def __str__(self) -> str:
        return "SpecifyShape"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        x, *sizes = inputs
        if len(sizes) != x.ndim:
            raise self.fail(
                loc, f"{describe(x)} has {x.ndim} dims but the shape gives {len(sizes)}"
            )
        known = known_shape(x)
        for d, n in enumerate(sizes):
            c = constant_value(n)
            if c is not None and (c < 0 or (known is not None and known[d] != c)):
                raise self.fail(loc, f"dim {d} of {describe(x)} cannot have size {c}", ShapeError)
        return [x.type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        x = inputs[0]
        for d, (var, value) in enumerate(zip(node.inputs[1:], inputs[1:])):
            em.assert_equal(
                em.size(x, d),
                em.index_of(var, value),
                f"specify_shape: dim {d} of {node.inputs[0]!r} does not have the specified size",
            )
        return [x]


def specify_shape(x: Any, shape: Any) -> Variable:
    """x, with its shape asserted to be `shape` (ints or scalars; checked when the function
    runs, and when the graph is built where both are known)."""
    v = as_tensor_variable(x)
    return SpecifyShape()(v, *shape_elements(shape, "specify_shape", v.ndim))


def shape_elements(s: Any, what: str, ndim: int | None = None) -> list[Variable]:
    """The int scalars of a shape given as a tuple/list, a `MakeVector` (e.g. `x.shape`),
    a constant vector, or an int vector variable of static length `ndim`."""
    if isinstance(s, Variable):
        if s.ndim == 0:
            return [as_int_scalar(s, what)]
        if s.owner is not None and isinstance(s.owner.op, MakeVector):
            return list(s.owner.inputs)
        if isinstance(s, Constant):
            return [constant(np.int64(n)) for n in s.data.reshape(-1)]
        if s.ndim != 1 or s.dtype not in (*INT_DTYPES, *UINT_DTYPES):
            raise DTypeError(f"{what} must be an integer vector, got {describe(s)}")
        if ndim is None:
            raise ShapeError(
                f"{what}: {describe(s)} has no static length; pass ndim= (as Theano's reshape)"
            )
        return [s[i] for i in range(ndim)]  # type: ignore[index]
    if isinstance(s, int | np.integer):
        return [as_int_scalar(s, what)]
    return [as_int_scalar(n, what) for n in s]


# --------------------------------------------------------------------------- dimshuffle


class DimShuffle(TensorOp):
    """Theano's dimshuffle: permute dims, insert broadcastable dims ('x'), drop
    broadcastable dims.  `tt.transpose` followed by `tt.reshape` when dims change."""

    def __init__(self, new_order: Sequence[Any]):
        self.new_order = tuple(new_order)

    def __str__(self) -> str:
        return "DimShuffle{" + ",".join(str(d) for d in self.new_order) + "}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        (x,) = inputs
        kept = [d for d in self.new_order if d != "x"]
        for d in kept:
            if not isinstance(d, int | np.integer) or not 0 <= d < x.ndim:
                raise self.fail(loc, f"dim {d!r} is not a dim of {describe(x)}", AxisError)
        if len(set(kept)) != len(kept):
            raise self.fail(loc, f"a dim appears twice in {self.new_order}")
        for d in range(x.ndim):
            if d not in kept and not x.broadcastable[d]:
                raise self.fail(
                    loc,
                    f"cannot drop dim {d} of {describe(x)}: it is not broadcastable "
                    "(only size-1 broadcastable dims can be dropped)",
                )
        pattern = tuple(True if d == "x" else x.broadcastable[d] for d in self.new_order)
        return [TensorType(x.dtype, pattern)]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        (x,) = inputs
        xv = node.inputs[0]
        kept = [int(d) for d in self.new_order if d != "x"]
        perm = kept + [d for d in range(xv.ndim) if d not in kept]
        sizes = em.shape_of(x)
        val = x
        if perm != list(range(xv.ndim)):
            val = em.same_sizes(em.add(ttd.TransposeOp(x, perm)), None, [sizes[p] for p in perm])
        out_t = node.outputs[0].type
        if len(kept) == xv.ndim and "x" not in self.new_order:
            return [val]
        el = ttd.element_type_of_dtype(out_t.dtype)
        shape = [1 if b else DYNAMIC_INDEX for b in out_t.broadcastable]
        dyn = [sizes[d] for d, b in zip(self.new_order, out_t.broadcastable) if not b]
        rt = IRTensorType(el, shape)
        out_sizes = [None if d == "x" else sizes[int(d)] for d in self.new_order]
        return [em.same_sizes(em.add(ttd.ReshapeOp(val, rt, dyn)), None, out_sizes)]


def dimshuffle(x: Any, *pattern: Any) -> Variable:
    if len(pattern) == 1 and isinstance(pattern[0], list | tuple):
        pattern = tuple(pattern[0])
    v = as_tensor_variable(x)
    if tuple(pattern) == tuple(range(v.ndim)):
        return v
    return DimShuffle(pattern)(v)


def transpose(x: Any, axes: Sequence[int] | None = None) -> Variable:
    v = as_tensor_variable(x)
    if axes is None:
        axes = list(range(v.ndim))[::-1]
    return dimshuffle(v, *[a % v.ndim if v.ndim else a for a in axes])


def shape_padleft(t: Any, n_ones: int = 1) -> Variable:
    v = as_tensor_variable(t)
    return dimshuffle(v, *(["x"] * n_ones + list(range(v.ndim))))


def shape_padright(t: Any, n_ones: int = 1) -> Variable:
    v = as_tensor_variable(t)
    return dimshuffle(v, *(list(range(v.ndim)) + ["x"] * n_ones))


def shape_padaxis(t: Any, axis: int) -> Variable:
    v = as_tensor_variable(t)
    if not -v.ndim - 1 <= axis <= v.ndim:
        raise AxisError(f"shape_padaxis: axis {axis} is out of range for {describe(v)}")
    if axis < 0:
        axis += v.ndim + 1
    order: list[Any] = list(range(v.ndim))
    order.insert(axis, "x")
    return dimshuffle(v, *order)


def squeeze(t: Any) -> Variable:
    """Drop the broadcastable dims."""
    v = as_tensor_variable(t)
    return dimshuffle(v, *[d for d in range(v.ndim) if not v.broadcastable[d]])


class Rebroadcast(TensorOp):
    """Change which dims are declared broadcastable (size 1, checked on the host)."""

    def __init__(self, pattern: tuple[bool, ...]):
        self.pattern = pattern

    def __str__(self) -> str:
        return "Rebroadcast{" + "".join("1" if b else "?" for b in self.pattern) + "}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        (x,) = inputs
        known = known_shape(x)
        for d, b in enumerate(self.pattern):
            if b and known is not None and known[d] != 1:
                raise self.fail(loc, f"dim {d} of {describe(x)} has size {known[d]}, not 1")
        return [TensorType(x.dtype, self.pattern)]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        return [inputs[0]]  # the builder's tensor.cast to the new type checks the sizes


def patternbroadcast(x: Any, broadcastable: Sequence[bool]) -> Variable:
    v = as_tensor_variable(x)
    pattern = tuple(bool(b) for b in broadcastable)
    if len(pattern) != v.ndim:
        raise ShapeError(f"patternbroadcast: {describe(v)} has {v.ndim} dims, got {pattern}")
    return v if pattern == v.broadcastable else Rebroadcast(pattern)(v)


def addbroadcast(x: Any, *axes: int) -> Variable:
    v = as_tensor_variable(x)
    return patternbroadcast(v, [b or d in axes for d, b in enumerate(v.broadcastable)])


def unbroadcast(x: Any, *axes: int) -> Variable:
    v = as_tensor_variable(x)
    return patternbroadcast(v, [b and d not in axes for d, b in enumerate(v.broadcastable)])


# --------------------------------------------------------------------------- reshape


class Reshape(TensorOp):
    """`tt.reshape` to `ndim` dims whose sizes are the scalar inputs after x."""

    def __init__(self, ndim: int):
        self.ndim = ndim

    def __str__(self) -> str:
        return f"Reshape{{{self.ndim}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        x, *sizes = inputs
        consts = [constant_value(s) for s in sizes]
        known = known_shape(x)
        if known is not None and all(c is not None for c in consts):
            if int(np.prod(known)) != int(np.prod(consts)):
                raise self.fail(
                    loc, f"cannot reshape {describe(x)} of shape {known} to {tuple(consts)}"
                )
        return [TensorType(x.dtype, tuple(c == 1 for c in consts))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        x, *sizes = inputs
        out_t = node.outputs[0].type
        idx = [em.index_of(v, s) for v, s in zip(node.inputs[1:], sizes)]
        el = ttd.element_type_of_dtype(out_t.dtype)
        shape = [1 if b else DYNAMIC_INDEX for b in out_t.broadcastable]
        dyn = [i for i, b in zip(idx, out_t.broadcastable) if not b]
        out = em.add(ttd.ReshapeOp(x, IRTensorType(el, shape), dyn))
        return [em.same_sizes(out, None, idx)]


def _prod(scalars: Sequence[Variable]) -> Variable:
    out: Variable = constant(np.int64(1))
    for s in scalars:
        out = s if constant_value(out) == 1 else mul(out, s)
    return out


def reshape(x: Any, newshape: Any, ndim: int | None = None) -> Variable:
    """Row-major reshape; one size may be -1 (inferred)."""
    v = as_tensor_variable(x)
    sizes = shape_elements(newshape, "reshape: the new shape", ndim)
    if ndim is not None and len(sizes) != ndim:
        f, line = user_location()
        raise ShapeError(f"reshape at {f}:{line}: newshape has {len(sizes)} sizes but ndim={ndim}")
    minus = [i for i, s in enumerate(sizes) if constant_value(s) == -1]
    if len(minus) > 1:
        f, line = user_location()
        raise ShapeError(f"reshape at {f}:{line}: only one size can be -1, got {newshape}")
    if minus:
        others = [s for i, s in enumerate(sizes) if i != minus[0]]
        total = _prod([Shape_i(d)(v) for d in range(v.ndim)])
        sizes[minus[0]] = int_div(total, _prod(others)) if others else total
    return Reshape(len(sizes))(v, *sizes)


def flatten(x: Any, ndim: int = 1, outdim: int | None = None) -> Variable:
    """Keep the first ndim-1 dims, merge the rest."""
    if outdim is not None:
        ndim = outdim
    v = as_tensor_variable(x)
    if not 1 <= ndim <= max(v.ndim, 1):
        file, line = user_location()
        raise ShapeError(f"flatten at {file}:{line}: ndim={ndim} for {describe(v)}")
    if v.ndim == ndim:
        return v
    head = [Shape_i(d)(v) for d in range(ndim - 1)]
    tail = _prod([Shape_i(d)(v) for d in range(ndim - 1, v.ndim)])
    return Reshape(ndim)(v, *head, tail)


# --------------------------------------------------------------------------- join


class Join(TensorOp):
    """`tt.concatenate` along `axis` of tensors of one rank and dtype."""

    def __init__(self, axis: int):
        self.axis = int(axis)

    def __str__(self) -> str:
        return f"Join{{{self.axis}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        if not inputs:
            raise self.fail(loc, "needs at least one tensor", ValueError)
        nd = inputs[0].ndim
        if nd == 0:
            raise self.fail(loc, "cannot join scalars (use stack)")
        for v in inputs:
            if v.ndim != nd:
                raise self.fail(
                    loc,
                    "tensors must have the same rank: " + ", ".join(describe(u) for u in inputs),
                )
        if not 0 <= self.axis < nd:
            raise self.fail(loc, f"axis {self.axis} is out of range for rank {nd}", AxisError)
        known = [known_shape(v) for v in inputs]
        full = [k for k in known if k is not None]
        for d in range(nd):
            if d != self.axis and len({k[d] for k in full}) > 1:
                raise self.fail(
                    loc,
                    f"sizes differ in dim {d}: " + ", ".join(str(k) for k in full),
                )
        pattern = tuple(
            False if d == self.axis and len(inputs) > 1 else all(v.broadcastable[d] for v in inputs)
            for d in range(nd)
        )
        return [TensorType(inputs[0].dtype, pattern)]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        if len(inputs) == 1:
            return [inputs[0]]
        return [em.add(ttd.ConcatenateOp(list(inputs), self.axis))]


def _same_dtype(tensors: Sequence[Any]) -> list[Variable]:
    vs = [as_tensor_variable(t) for t in tensors]
    dt = upcast(*[v.dtype for v in vs])
    return [cast(v, dt) for v in vs]


def concatenate(tensor_list: Sequence[Any], axis: int = 0) -> Variable:
    vs = _same_dtype(tensor_list)
    if vs and axis < 0:
        axis += vs[0].ndim
    return Join(axis)(*vs)


def join(axis: int, *tensors: Any) -> Variable:
    return concatenate(tensors, axis)


def stack(*tensors: Any, axis: int = 0) -> Variable:
    """Stack tensors of one shape along a new axis (Theano 1.0: a list, or varargs)."""
    if len(tensors) == 1 and isinstance(tensors[0], list | tuple):
        tensors = tuple(tensors[0])
    vs = _same_dtype(tensors)
    if not vs:
        raise ValueError("stack: needs at least one tensor")
    if all(v.ndim == 0 for v in vs) and axis == 0:
        return MakeVector(vs[0].dtype)(*vs)
    return concatenate([shape_padaxis(v, axis) for v in vs], axis)


def horizontal_stack(*args: Any) -> Variable:
    return concatenate(args, axis=1)


def vertical_stack(*args: Any) -> Variable:
    return concatenate(args, axis=0)


# --------------------------------------------------------------------------- arange


class ARange(TensorOp):
    """`tt.arange` of three scalars of one dtype."""

    def __init__(self, dtype: str):
        self.dtype = dtype

    def __str__(self) -> str:
        return f"ARange{{{self.dtype}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        for v in inputs:
            if v.ndim != 0:
                raise self.fail(loc, f"start, stop and step must be scalars, got {describe(v)}")
        step = constant_value(inputs[2])
        if step == 0:
            raise self.fail(loc, "step is 0", ValueError)
        return [TensorType(self.dtype, (False,))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        return [em.add(ttd.ArangeOp(*inputs))]


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> Variable:
    """np.arange on scalars: ints give int64 (as Theano), floats their upcast."""
    if stop is None:
        start, stop = 0, start
    vs = [as_tensor_variable(x) for x in (start, stop, step)]
    if dtype is None:
        dts = [v.dtype for v in vs]
        if all(d in ("int8", "int16", "int32", "int64") for d in dts):
            dtype = "int64"
        elif all(d in (*INT_DTYPES, *UINT_DTYPES) for d in dts):
            # Theano's arange (tensor/basic.py l.5584-5590): the upcast, widened to
            # int64 or uint64 (uint64 with a signed int is float64)
            dtype = upcast(*dts)
            dtype = "uint64" if dtype in UINT_DTYPES else dtype if dtype == "float64" else "int64"
        else:
            dtype = upcast(*[d if is_float_dtype(d) else "int8" for d in dts])
            if not is_float_dtype(dtype):
                dtype = config.floatX
    else:
        dtype = np.dtype(dtype).name
    return ARange(dtype)(*[cast(v, dtype) for v in vs])


# --------------------------------------------------------------------------- alloc


class Alloc(TensorOp):
    """`value` broadcast to the shape given by the scalar inputs (`tt.broadcast`)."""

    def __str__(self) -> str:
        return "Alloc"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        value, *sizes = inputs
        if value.ndim > len(sizes):
            raise self.fail(
                loc, f"the value {describe(value)} has more dims than the shape ({len(sizes)})"
            )
        consts = [constant_value(s) for s in sizes]
        off = len(sizes) - value.ndim
        pattern = []
        for d, c in enumerate(consts):
            if d >= off and not value.broadcastable[d - off] and c is not None and c != 1:
                known = known_shape(value)
                if known is not None and known[d - off] not in (1, c):
                    raise self.fail(
                        loc, f"{describe(value)} cannot broadcast to size {c} in dim {d}"
                    )
            pattern.append(c == 1)
        return [TensorType(value.dtype, tuple(pattern))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        value, *sizes = inputs
        out_t = node.outputs[0].type
        idx = [em.index_of(v, s) for v, s in zip(node.inputs[1:], sizes)]
        el = ttd.element_type_of_dtype(out_t.dtype)
        rt = IRTensorType(el, [1 if b else DYNAMIC_INDEX for b in out_t.broadcastable])
        return [
            em.broadcast_to(
                value, rt, [None if b else i for i, b in zip(idx, out_t.broadcastable)], "alloc"
            )
        ]


def alloc(value: Any, *shape: Any) -> Variable:
    v = as_tensor_variable(value)
    if (
        len(shape) == 1
        and not isinstance(shape[0], int | np.integer)
        and not (isinstance(shape[0], Variable) and shape[0].ndim == 0)
    ):
        sizes = shape_elements(shape[0], "alloc: the shape")
    else:
        sizes = [as_int_scalar(s, "alloc: a size") for s in shape]
    return Alloc()(v, *sizes)


def _filled(value: float, shape: Any, dtype: Any) -> Variable:
    dt = np.dtype(dtype or config.floatX)
    if isinstance(shape, int | np.integer):
        shape = (shape,)
    what = f"{'zeros' if value == 0 else 'ones'}: the shape"
    return alloc(constant(np.asarray(value, dt)), *shape_elements(shape, what))


def zeros(shape: Any, dtype: Any = None) -> Variable:
    return _filled(0, shape, dtype)


def ones(shape: Any, dtype: Any = None) -> Variable:
    return _filled(1, shape, dtype)


def _like(model: Any, value: Any, dtype: Any) -> Variable:
    m = as_tensor_variable(model)
    dt = np.dtype(dtype or m.dtype)
    out = alloc(constant(np.asarray(value, dt)), *[Shape_i(d)(m) for d in range(m.ndim)])
    return patternbroadcast(out, m.broadcastable) if out.broadcastable != m.broadcastable else out


def zeros_like(model: Any, dtype: Any = None) -> Variable:
    return _like(model, 0, dtype)


def ones_like(model: Any, dtype: Any = None) -> Variable:
    return _like(model, 1, dtype)


def fill(model: Any, value: Any) -> Variable:
    """`value` broadcast to the shape of `model` (Theano's fill / second)."""
    m = as_tensor_variable(model)
    v = as_tensor_variable(value)
    if v.ndim > m.ndim:
        raise ShapeError(f"fill: {describe(v)} has more dims than {describe(m)}")
    out = alloc(v, *[Shape_i(d)(m) for d in range(m.ndim)])
    pattern = tuple(
        b and (d < m.ndim - v.ndim or v.broadcastable[d - (m.ndim - v.ndim)])
        for d, b in enumerate(m.broadcastable)
    )
    return patternbroadcast(out, pattern)


second = fill


# --------------------------------------------------------------------------- tile, eye, tri


def _int_scalar(v: Any, what: str) -> Any:
    """A Python int as is, else a rank-0 integer variable (bool refused)."""
    if isinstance(v, int | np.integer) and not isinstance(v, bool):
        return int(v)
    return as_int_scalar(v, what)


def _tile_reps(reps: Any, ndim: int | None) -> list[Any]:
    """tile's reps as a list of Python ints / int scalars (theano/tensor/basic.py l.5424)."""
    f, line = user_location()
    if not isinstance(reps, list | tuple):
        r = as_tensor_variable(reps)
        if r.dtype not in ("bool", "int8", "int16", "int32", "int64"):
            raise ValueError(f"tile at {f}:{line}: elements of reps must be integer dtype")
        if r.ndim == 0:
            return [reps if isinstance(reps, int | np.integer) else r]
        if r.ndim > 1:
            raise ValueError(f"tile at {f}:{line}: the dimension of reps should not exceed 1")
        if ndim is None:
            raise ValueError(
                f"tile at {f}:{line}: if reps is tensor.vector, you should specify the ndim"
            )
        n = known_shape(r)
        if n is not None and n[0] > ndim:
            raise ValueError(f"tile at {f}:{line}: reps has {n[0]} elements, more than ndim={ndim}")
        from arignote.tensor.opt import check_false

        offset = sub(ndim, Shape_i(0)(r))  # reps are right-aligned with the ndim dims
        offset = check_false(  # Theano: assert_(offset >= 0) when run
            offset, lt(offset, 0), "tile: reps has more elements than ndim"
        )
        return [switch(lt(i, offset), 1, r[sub(i, offset)]) for i in range(ndim)]
    if ndim is not None and len(reps) > ndim:
        raise ValueError(f"tile at {f}:{line}: len(reps) should be equal or less than ndim")
    ok = all(
        (isinstance(r, int | np.integer) and not isinstance(r, bool))
        or (isinstance(r, Variable) and r.ndim == 0 and r.dtype.startswith("int"))
        for r in reps
    )
    if not ok:
        raise ValueError(f"tile at {f}:{line}: elements of reps must be scalars of integer dtype")
    return list(reps)


def _times(a: Any, b: Any) -> Any:
    if isinstance(a, int) and isinstance(b, int | np.integer):
        return a * int(b)
    if isinstance(a, int) and a == 1:
        return b
    if isinstance(b, int | np.integer) and int(b) == 1:
        return a
    return mul(a, b)


def tile(x: Any, reps: Any, ndim: int | None = None) -> Variable:
    """np.tile: x repeated reps[d] times along each dim d (reps padded with leading 1s to
    ndim = max(x.ndim, len(reps)) dims).  reps: an int, an int scalar, a list of them, or
    an int vector (then ndim is required).  Theano's alloc, dimshuffle, reshape."""
    v = as_tensor_variable(x)
    if ndim is not None and ndim < v.ndim:
        f, line = user_location()
        raise ValueError(f"tile at {f}:{line}: ndim should be equal or larger than x.ndim")
    rs = _tile_reps(reps, ndim)
    if ndim is None:
        ndim = max(len(rs), v.ndim)
    rs = [1] * (ndim - len(rs)) + rs
    sizes: list[Any] = [1] * (ndim - v.ndim) + [Shape_i(d)(v) for d in range(v.ndim)]
    y = alloc(v, *rs, *sizes)
    y = dimshuffle(y, *[k for d in range(ndim) for k in (d, ndim + d)])
    out = reshape(y, [_times(s, r) for s, r in zip(sizes, rs)])
    # Theano's type: a dim stays broadcastable where x's is (or it is a new leading dim)
    # and its count is the constant 1
    lead = ndim - v.ndim
    pattern = [
        (d < lead or v.broadcastable[d - lead]) and isinstance(r, int | np.integer) and r == 1
        for d, r in enumerate(rs)
    ]
    return patternbroadcast(out, pattern)


def _grid(n: Any, m: Any, k: Any, what: str) -> tuple[Variable, Variable]:
    """(row index + k as a column, column index as a row): int64 index grids of (n, m)."""
    rows = arange(_int_scalar(n, f"{what}: n"))
    cols = arange(_int_scalar(m, f"{what}: m"))
    kk = _int_scalar(k, f"{what}: k")
    rows = rows if isinstance(kk, int) and kk == 0 else add(rows, kk)
    return dimshuffle(rows, 0, "x"), dimshuffle(cols, "x", 0)


def _dtype(dtype: Any) -> str:
    d = np.dtype(config.floatX if dtype is None or dtype == "floatX" else dtype)
    return "bool" if d == np.bool_ else d.name


def eye(n: Any, m: Any = None, k: Any = 0, dtype: Any = None) -> Variable:
    """np.eye: an (n, m) matrix (m defaults to n), ones on diagonal k, dtype floatX by
    default (theano/tensor/basic.py l.2880); n, m, k may be symbolic int scalars."""
    rows, cols = _grid(n, n if m is None else m, k, "eye")
    return cast(eq(rows, cols), _dtype(dtype))


def identity_like(x: Any) -> Variable:
    """eye(x.shape[0], x.shape[1]) of x's dtype."""
    v = as_tensor_variable(x)
    if v.ndim != 2:
        f, line = user_location()
        raise ShapeError(f"identity_like at {f}:{line}: needs a matrix, got {describe(v)}")
    return eye(Shape_i(0)(v), Shape_i(1)(v), 0, v.dtype)


def tri(N: Any, M: Any = None, k: Any = 0, dtype: Any = None) -> Variable:  # noqa: N803
    """np.tri: T[i, j] = 1 where j <= i + k, else 0; an (N, M) matrix, floatX by default."""
    rows, cols = _grid(N, N if M is None else M, k, "tri")
    return cast(le(cols, rows), _dtype(dtype))


def _triangle(m: Any, k: Any, what: str, lower: bool) -> Variable:
    v = as_tensor_variable(m)
    if v.ndim != 2:
        f, line = user_location()
        raise ShapeError(f"{what} at {f}:{line}: needs a matrix, got {describe(v)}")
    rows, cols = _grid(Shape_i(0)(v), Shape_i(1)(v), k, what)
    keep = le(cols, rows) if lower else le(rows, cols)
    return switch(keep, v, constant(np.zeros((), v.dtype)))


def tril(m: Any, k: Any = 0) -> Variable:
    """np.tril: m with the elements above diagonal k zeroed."""
    return _triangle(m, k, "tril", True)


def triu(m: Any, k: Any = 0) -> Variable:
    """np.triu: m with the elements below diagonal k zeroed."""
    return _triangle(m, k, "triu", False)


__all__ = [
    "SpecifyShape", "specify_shape",
    "Shape_i", "MakeVector", "shape", "DimShuffle", "dimshuffle", "transpose", "shape_padleft",
    "shape_padright", "shape_padaxis", "squeeze", "Rebroadcast", "patternbroadcast",
    "addbroadcast", "unbroadcast", "Reshape", "reshape", "flatten", "Join", "concatenate", "join",
    "stack", "horizontal_stack", "vertical_stack", "ARange", "arange", "Alloc", "alloc", "zeros",
    "ones", "zeros_like", "ones_like", "fill", "second", "tile", "eye", "identity_like", "tri",
    "tril", "triu",
]  # fmt: skip
