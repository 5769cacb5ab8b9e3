"""Indexing: `x[...]`, `set_subtensor`, `inc_subtensor`, `take`.

Basic indexing (integers, slices with symbolic bounds such as `x[i * b:(i + 1) * b]`,
`None`, `...`) is `Subtensor`: one `tt.slice` in normalised form (offset, size, step per
dim, computed on the host with Python's clamping rules), then a `tt.reshape` dropping
the integer-indexed dims.  Advanced indexing by integer tensors on consecutive axes
(`x[v]`, `x[:, v]`, `log_p[T.arange(n), y]`) is `AdvancedSubtensor` (`tt.take`), after
any basic slicing of the other axes.  Out-of-range indices are a run-time error.
Slice steps must be constants (any sign, not 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import DYNAMIC_INDEX
from xdsl.dialects.builtin import TensorType as IRTensorType
from xdsl.ir import SSAValue

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
from arignote.tensor.basic import TensorOp, as_tensor_variable, cast, constant, constant_value
from arignote.tensor.shape import Alloc, MakeVector, Shape_i, addbroadcast, dimshuffle

#: the dtypes of integer indices (Theano's `integer_dtypes`, unsigned ones included)
_INDEX_DTYPES = (*INT_DTYPES, *UINT_DTYPES)

# A spec entry per indexed dim:
#   ("int", ref)                      integer index (the dim is dropped)
#   ("slice", start, stop, step)      start/stop: None | ref; step: a nonzero int
# ref: ("c", python int) or ("v", k) for node.inputs[k].
Ref = tuple[str, int]
Entry = tuple[Any, ...]


def spec_str(spec: Sequence[Entry], inputs: Sequence[str] | None = None) -> str:
    """The index expression of `spec`, e.g. `1:$2, ::-1`: a reference to the node's input
    k is `$k`, or `inputs[k - 1]` when the inputs' texts are given (`printing.pp`)."""

    def ref(r: Ref | None) -> str:
        if r is None:
            return ""
        if r[0] == "c":
            return str(r[1])
        return f"${r[1]}" if inputs is None else inputs[r[1] - 1]

    out = []
    for e in spec:
        if e[0] == "int":
            out.append(ref(e[1]))
        else:
            step = "" if e[3] == 1 else f":{e[3]}"
            out.append(f"{ref(e[1])}:{ref(e[2])}{step}")
    return ", ".join(out)


def _is_full(e: Entry) -> bool:
    return e[0] == "slice" and e[1] is None and e[2] is None and e[3] == 1


class _Indexed(TensorOp):
    """Shared by Subtensor and IncSubtensor: evaluates the spec on the host."""

    spec: tuple[Entry, ...]

    def slice_values(
        self, em: Any, node: Apply, x: SSAValue, first_ref: int
    ) -> tuple[list[Any], list[Any], list[int], list[bool]]:
        """(offsets, sizes, steps, dropped) for every dim of x; refs index node.inputs."""
        dims = em.shape_of(x)
        offs: list[Any] = []
        sizes: list[Any] = []
        steps: list[int] = []
        dropped: list[bool] = []

        def ref(r: Ref | None) -> SSAValue | None:
            if r is None:
                return None
            if r[0] == "c":
                return em.index(r[1])
            var = node.inputs[r[1] - 1 + first_ref]
            return em.index_of(var, em.value(var))

        for d, n in enumerate(dims):
            e = self.spec[d] if d < len(self.spec) else ("slice", None, None, 1)
            if e[0] == "int":
                i = ref(e[1])
                assert i is not None
                off = em.i_select(em.i_lt(i, em.index(0)), em.i_add(i, n), i)
                offs.append(off)
                sizes.append(em.index(1))
                steps.append(1)
                dropped.append(True)
                continue
            o, s = _normalize_slice(em, n, ref(e[1]), ref(e[2]), e[3])
            offs.append(o)
            sizes.append(s)
            steps.append(e[3])
            dropped.append(False)
        return offs, sizes, steps, dropped


def _normalize_slice(em: Any, n: SSAValue, start: Any, stop: Any, step: int) -> tuple[Any, Any]:
    """Python's slice(start, stop, step).indices(n) as (offset, size) index values."""
    zero = em.index(0)
    if step > 0:

        def clamp(v: SSAValue) -> SSAValue:
            neg = em.i_lt(v, zero)
            return em.i_select(neg, em.i_max(em.i_add(v, n), zero), em.i_min(v, n))

        lo = zero if start is None else clamp(start)
        hi = n if stop is None else clamp(stop)
        size = em.i_max(em.i_ceildiv(em.i_sub(hi, lo), em.index(step)), zero)
        return lo, size
    minus1 = em.index(-1)
    n1 = em.i_sub(n, em.index(1))

    def clampn(v: SSAValue) -> SSAValue:
        neg = em.i_lt(v, zero)
        return em.i_select(neg, em.i_max(em.i_add(v, n), minus1), em.i_min(v, n1))

    lo = n1 if start is None else clampn(start)
    hi = minus1 if stop is None else clampn(stop)
    size = em.i_max(em.i_ceildiv(em.i_sub(lo, hi), em.index(-step)), zero)
    return em.i_max(lo, zero), size


def _static(em: Any, v: Any) -> Any:
    c = em.const_index(v)
    return c if c is not None else v


class Subtensor(_Indexed):
    """Basic indexing: `x[spec]` (`tt.slice`, then `tt.reshape` for integer indices)."""

    def __init__(self, spec: Sequence[Entry]):
        self.spec = tuple(spec)

    def __str__(self) -> str:
        return f"Subtensor{{{spec_str(self.spec)}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        x = inputs[0]
        if len(self.spec) > x.ndim:
            raise self.fail(
                loc, f"too many indices ({len(self.spec)}) for {describe(x)}", AxisError
            )
        known = _known_x(x)
        pattern = []
        for d in range(x.ndim):
            e = self.spec[d] if d < len(self.spec) else ("slice", None, None, 1)
            if e[0] == "int":
                if known is not None and e[1][0] == "c" and not -known[d] <= e[1][1] < known[d]:
                    raise self.fail(
                        loc,
                        f"index {e[1][1]} is out of bounds for dim {d} of size {known[d]} "
                        f"of {describe(x)}",
                        AxisError,
                    )
                continue
            pattern.append(x.broadcastable[d] and _is_full(e))
        return [TensorType(x.dtype, tuple(pattern))]

    def static_length(self, node: Apply) -> int | None:
        """The length of a vector result sliced with constant bounds from a vector of known
        length (`x.shape[1:]`), else None."""
        e = self.spec[0] if self.spec else ("slice", None, None, 1)
        if e[0] != "slice" or any(r is not None and r[0] != "c" for r in e[1:3]):
            return None
        try:
            n = get_vector_length(node.inputs[0])
        except TypeError:
            return None
        bound = [None if r is None else r[1] for r in e[1:3]]
        return len(range(n)[slice(bound[0], bound[1], e[3])])

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        x = inputs[0]
        offs, sizes, steps, dropped = self.slice_values(em, node, x, 1)
        sliced = em.add(
            ttd.SliceOp(x, [_static(em, o) for o in offs], [_static(em, s) for s in sizes], steps)
        )
        sliced = em.same_sizes(sliced, None, sizes)
        if not any(dropped):
            return [sliced]
        out_t = node.outputs[0].type
        el = ttd.element_type_of_dtype(out_t.dtype)
        kept = [s for s, dr in zip(sizes, dropped) if not dr]
        shape = [1 if b else DYNAMIC_INDEX for b in out_t.broadcastable]
        dyn = [s for s, b in zip(kept, out_t.broadcastable) if not b]
        out = em.add(ttd.ReshapeOp(sliced, IRTensorType(el, shape), dyn))
        return [em.same_sizes(out, None, kept)]


def _known_x(x: Variable) -> tuple[int, ...] | None:
    from arignote.tensor.basic import known_shape

    return known_shape(x)


class AdvancedSubtensor(TensorOp):
    """`tt.take`: x indexed on axes axis, axis+1, ... by integer tensors of one shape."""

    def __init__(self, axis: int, of_slice: bool = False):
        self.axis = axis
        # made by x[a:b, idx] from its own slice x[a:b, :]: set/inc_subtensor writes the
        # slice back into x.  A user's own `s = x[a:b]; s[idx]` updates s (Theano's
        # inc_subtensor takes the subtensor's input as x, subtensor.py l.1102).
        self.of_slice = of_slice

    def __str__(self) -> str:
        return f"AdvancedSubtensor{{axis={self.axis}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        x, *idx = inputs
        if self.axis + len(idx) > x.ndim:
            raise self.fail(loc, f"too many indices for {describe(x)}", AxisError)
        for i in idx:
            if i.dtype not in _INDEX_DTYPES:
                raise self.fail(loc, f"indices must be integers, got {describe(i)}", DTypeError)
            if i.broadcastable != idx[0].broadcastable:
                raise self.fail(loc, "index tensors must have one shape (broadcast them first)")
        b = x.broadcastable
        pattern = b[: self.axis] + idx[0].broadcastable + b[self.axis + len(idx) :]
        return [TensorType(x.dtype, pattern)]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        x, *idx = inputs
        return [em.add(ttd.TakeOp(x, list(idx), self.axis))]


class IncSubtensor(_Indexed):
    """`set_subtensor` / `inc_subtensor` of a basic index: `tt.update_slice`.
    Inputs: x, y (already broadcast to x[spec]'s shape and cast), the spec's scalars."""

    def __init__(self, spec: Sequence[Entry], mode: str):
        self.spec = tuple(spec)
        self.mode = mode

    def __str__(self) -> str:
        return f"{'Set' if self.mode == 'set' else 'Inc'}Subtensor{{{spec_str(self.spec)}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        return [inputs[0].type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        x, y = inputs[0], inputs[1]
        offs, sizes, steps, dropped = self.slice_values(em, node, x, 2)
        el = ttd.element_type_of_dtype(node.inputs[0].dtype)
        static_sizes = [_static(em, s) for s in sizes]
        slice_t = IRTensorType(
            el, [s if isinstance(s, int) else DYNAMIC_INDEX for s in static_sizes]
        )
        dyn = [s for s in static_sizes if not isinstance(s, int)]
        y_sizes = [s for s, dr in zip(sizes, dropped) if not dr]
        y_t = node.inputs[1].type
        y_ir = IRTensorType(el, [1 if b else DYNAMIC_INDEX for b in y_t.broadcastable])
        what = "set_subtensor" if self.mode == "set" else "inc_subtensor"
        yv = em.broadcast_to(y, y_ir, y_sizes, what)
        yv = em.add(ttd.ReshapeOp(yv, slice_t, dyn))
        out = em.add(
            ttd.UpdateSliceOp(self.mode, x, yv, [_static(em, o) for o in offs], static_sizes, steps)
        )
        return [em.same_sizes(out, x)]


class AdvancedIncSubtensor(TensorOp):
    """`set_subtensor` / `inc_subtensor` of an advanced index: `tt.update_take`.
    Inputs: x, y (broadcast to the take's shape, cast), the index tensors."""

    def __init__(self, axis: int, mode: str):
        self.axis = axis
        self.mode = mode

    def __str__(self) -> str:
        return f"Advanced{'Set' if self.mode == 'set' else 'Inc'}Subtensor{{axis={self.axis}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        return [inputs[0].type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        x, y, *idx = inputs
        return [em.same_sizes(em.add(ttd.UpdateTakeOp(self.mode, x, y, list(idx), self.axis)), x)]


# --------------------------------------------------------------------------- x[key]


def _is_advanced(k: Any) -> bool:
    if isinstance(k, Variable):
        return k.ndim > 0
    if isinstance(k, list | np.ndarray):
        return True
    return False


def _as_index_tensor(k: Any) -> Variable:
    if isinstance(k, Variable):
        v = k
    else:
        arr = np.asarray(k)
        if arr.dtype == np.bool_:
            raise DTypeError(
                f"boolean mask indexing is not supported (at {_loc()}); use nonzero indices"
            )
        if arr.dtype.kind not in "iu":
            raise DTypeError(f"index {k!r} is not an integer array (at {_loc()})")
        v = constant(arr.astype(np.int64))
    if v.dtype == "bool":
        raise DTypeError(f"boolean mask indexing is not supported (at {_loc()}): {describe(v)}")
    if v.dtype not in _INDEX_DTYPES:
        raise DTypeError(f"index {describe(v)} is not an integer tensor (at {_loc()})")
    return v


def _index_dtype(i: Variable) -> Variable:
    """An index tensor as int64, or uint64 as it is: its values from 2^63 up are out of
    bounds (Theano's AdvancedSubtensor1.perform raises for values that do not fit intp),
    not negative indices as a cast to int64 would make them."""
    return i if i.dtype == "uint64" else cast(i, "int64")


def _loc() -> str:
    f, line = user_location()
    return f"{f}:{line}"


def _scalar_ref(v: Any, inputs: list[Variable], what: str) -> Ref:
    if isinstance(v, bool):
        raise TypeError(f"{what}: {v!r} is not an index (at {_loc()})")
    if isinstance(v, int | np.integer):
        return ("c", int(v))
    var = as_tensor_variable(v)
    c = constant_value(var)
    if c is not None and var.dtype in _INDEX_DTYPES:
        return ("c", int(c))
    if var.ndim != 0 or var.dtype not in _INDEX_DTYPES:
        raise DTypeError(f"{what} must be an integer scalar, got {describe(var)} (at {_loc()})")
    inputs.append(var)
    return ("v", len(inputs))  # node.inputs[0] is x


def _expand_key(x: Variable, key: Any) -> list[Any]:
    if isinstance(key, list) and any(isinstance(k, slice) for k in key):
        key = tuple(key)  # Theano (var.py l.486): a list holding a slice is a tuple of keys
    if not isinstance(key, tuple):
        key = (key,)
    n_real = sum(1 for k in key if k is not None and k is not Ellipsis)
    out: list[Any] = []
    seen_ellipsis = False
    for k in key:
        if k is Ellipsis:
            if seen_ellipsis:
                raise AxisError(f"an index can only have one ellipsis (at {_loc()})")
            seen_ellipsis = True
            out.extend([slice(None)] * (x.ndim - n_real))
        else:
            out.append(k)
    return out


def getitem(x: Variable, key: Any) -> Variable:
    """`x[key]` with NumPy's semantics for the supported index kinds."""
    if (
        x.owner is not None
        and isinstance(x.owner.op, MakeVector)
        and (isinstance(key, slice) or (
            isinstance(key, int | np.integer) and -len(x.owner.inputs) <= key < len(x.owner.inputs)
        ))
    ):  # fmt: skip
        # x.shape[i] and x.shape[a:b]: pick the scalars, no gather.  (An index out of range
        # builds an indexing node that fails when run, as in Theano, where the length of
        # x.shape is not known when the graph is built.)
        elems = x.owner.inputs
        if isinstance(key, slice):
            picked = elems[key]
            if not picked:
                return constant(np.zeros(0, x.dtype))
            return MakeVector(x.dtype)(*picked)
        return elems[key]
    keys = _expand_key(x, key)
    newaxes = [i for i, k in enumerate(keys) if k is None]
    real = [k for k in keys if k is not None]
    if len(real) > x.ndim:
        raise AxisError(f"too many indices ({len(real)}) for {describe(x)} (at {_loc()})")
    adv = [i for i, k in enumerate(real) if _is_advanced(k)]
    if adv:
        if newaxes:
            raise AxisError(
                f"None (newaxis) together with advanced indexing is not supported (at {_loc()})"
            )
        return _advanced(x, real, adv)
    out = _basic(x, real)
    if newaxes:
        # positions of the kept dims of `out` among keys
        order: list[Any] = []
        d = 0
        for k in keys:
            if k is None:
                order.append("x")
            elif isinstance(k, slice):
                order.append(d)
                d += 1
        order.extend(range(d, out.ndim))
        out = dimshuffle(out, *order)
    return out


def _basic_spec(x: Variable, keys: Sequence[Any], inputs: list[Variable]) -> list[Entry]:
    spec: list[Entry] = []
    for k in keys:
        if isinstance(k, slice):
            step = 1 if k.step is None else k.step
            if isinstance(step, Variable):
                c = constant_value(step)
                if c is None:
                    raise TypeError(
                        f"symbolic slice steps are not supported (at {_loc()}): {describe(step)}"
                    )
                step = c
            step = int(step)
            if step == 0:
                raise ValueError(f"slice step cannot be zero (at {_loc()})")
            start = None if k.start is None else _scalar_ref(k.start, inputs, "a slice start")
            stop = None if k.stop is None else _scalar_ref(k.stop, inputs, "a slice stop")
            spec.append(("slice", start, stop, step))
        else:
            spec.append(("int", _scalar_ref(k, inputs, "an index")))
    while spec and _is_full(spec[-1]):
        spec.pop()
    return spec


def _basic(x: Variable, keys: Sequence[Any]) -> Variable:
    inputs: list[Variable] = []
    spec = _basic_spec(x, keys, inputs)
    if not spec:
        return x
    return Subtensor(spec)(x, *inputs)


def _broadcast_indices(idx: list[Variable]) -> list[Variable]:
    nd = max(i.ndim for i in idx)
    idx = [dimshuffle(i, *(["x"] * (nd - i.ndim) + list(range(i.ndim)))) for i in idx]
    pattern = tuple(all(i.broadcastable[d] for i in idx) for d in range(nd))
    sizes: list[Variable] = []
    for d in range(nd):
        src = next((i for i in idx if not i.broadcastable[d]), idx[0])
        sizes.append(Shape_i(d)(src))
    return [i if i.broadcastable == pattern else Alloc()(i, *sizes) for i in idx]


def _advanced(x: Variable, keys: list[Any], adv: list[int]) -> Variable:
    # integer scalars next to index tensors are index tensors too (NumPy)
    lo, hi = adv[0], adv[-1]
    while lo > 0 and not isinstance(keys[lo - 1], slice):
        lo -= 1
    while hi + 1 < len(keys) and not isinstance(keys[hi + 1], slice):
        hi += 1
    block = list(range(lo, hi + 1))
    for i in block:
        if isinstance(keys[i], slice):
            raise AxisError(
                f"advanced indices must be on consecutive axes (at {_loc()}); "
                "index the slices first, then the arrays"
            )
    # basic slicing of the other axes first (keeping their dims)
    outer = [k if i not in block else slice(None) for i, k in enumerate(keys)]
    base = _basic(x, outer)
    idx = [_as_index_tensor(keys[i]) for i in block]
    idx = [_index_dtype(i) for i in idx]
    if len(idx) > 1:
        idx = _broadcast_indices(idx)
    return AdvancedSubtensor(lo, of_slice=base is not x)(base, *idx)


def get_vector_length(v: Any) -> int:
    """The length of vector `v` when the graph tells it (a constant, a broadcastable dim,
    `x.shape`, a stack of scalars, a slice of those with constant bounds); else TypeError
    (Theano's `get_vector_length`)."""
    v = as_tensor_variable(v)
    if v.ndim != 1:
        raise TypeError(f"length not known: {describe(v)} is not a vector")
    if isinstance(v, Constant):
        return int(v.data.shape[0])
    if v.broadcastable[0]:
        return 1
    node = v.owner
    if node is not None and isinstance(node.op, MakeVector):
        return len(node.inputs)
    if node is not None and isinstance(node.op, Subtensor):
        n = node.op.static_length(node)
        if n is not None:
            return n
    raise TypeError(f"the length of {describe(v)} is not known when the graph is built")



# --------------------------------------------------------------------------- updates


def _broadcast_value(y: Any, like: Variable, what: str) -> Variable:
    """y cast to like's dtype and broadcast to its shape."""
    yv = as_tensor_variable(y)
    if yv.ndim > like.ndim:
        f, line = user_location()
        raise ShapeError(
            f"{what} at {f}:{line}: {describe(yv)} has more dims than the subtensor "
            f"{describe(like)}"
        )
    yv = cast(yv, like.dtype)
    if yv.ndim < like.ndim:
        yv = dimshuffle(yv, *(["x"] * (like.ndim - yv.ndim) + list(range(yv.ndim))))
    # where the subtensor is broadcastable and y is not, y's size there must be 1: checked
    # at run time (Theano's inc_subtensor inserts addbroadcast(y, dim), subtensor.py l.1078)
    must_be_one = [
        d for d, (a, b) in enumerate(zip(yv.broadcastable, like.broadcastable)) if b and not a
    ]
    if must_be_one:
        yv = addbroadcast(yv, *must_be_one)
    if yv.broadcastable != like.broadcastable:
        yv = Alloc()(yv, *[Shape_i(d)(like) for d in range(like.ndim)])
    return yv


def _update(x_sub: Any, y: Any, mode: str, what: str) -> Variable:
    if (
        not isinstance(x_sub, Variable)
        or x_sub.owner is None
        or not isinstance(x_sub.owner.op, Subtensor | AdvancedSubtensor)
    ):
        raise TypeError(
            f"{what}: the first argument must be an indexed tensor x[...], got {x_sub!r} "
            f"(at {_loc()})"
        )
    node = x_sub.owner
    op = node.op
    base = node.inputs[0]
    yv = _broadcast_value(y, x_sub, what)
    if isinstance(op, Subtensor):
        return IncSubtensor(op.spec, mode)(base, yv, *node.inputs[1:])
    assert isinstance(op, AdvancedSubtensor)
    updated = AdvancedIncSubtensor(op.axis, mode)(base, yv, *node.inputs[1:])
    if op.of_slice:
        assert base.owner is not None and isinstance(base.owner.op, Subtensor)
        # x[a:b, idx]: the take ran on a slice of x; write the slice back
        return _update(base, updated, "set", what)
    return updated


def set_subtensor(
    x: Any, y: Any, inplace: bool = False, tolerate_inplace_aliasing: bool = False
) -> Variable:  # noqa: E501
    """A copy of the tensor x[...] is taken from, with x[...] replaced by y."""
    return _update(x, y, "set", "set_subtensor")


def inc_subtensor(
    x: Any,
    y: Any,
    inplace: bool = False,
    set_instead_of_inc: bool = False,
    tolerate_inplace_aliasing: bool = False,
) -> Variable:
    """A copy of the tensor x[...] is taken from, with y added to x[...] (repeated advanced
    indices accumulate)."""
    return _update(x, y, "set" if set_instead_of_inc else "add", "inc_subtensor")


def take(a: Any, indices: Any, axis: int | None = None, mode: str = "raise") -> Variable:
    from arignote.tensor.shape import flatten

    v = as_tensor_variable(a)
    if mode != "raise":
        raise ValueError(f"take: mode {mode!r} is not supported (only 'raise')")
    if axis is None:
        v, axis = flatten(v, 1), 0
    if axis < 0:
        axis += v.ndim
    idx = _as_index_tensor(indices)
    if idx.ndim == 0:
        return getitem(v, tuple([slice(None)] * axis + [idx]))
    return AdvancedSubtensor(axis)(v, _index_dtype(idx))


__all__ = [
    "get_vector_length",
    "Subtensor", "AdvancedSubtensor", "IncSubtensor", "AdvancedIncSubtensor", "getitem",
    "set_subtensor", "inc_subtensor", "take",
]  # fmt: skip
