"""`merge-slices`: a slice of a slice reads the original tensor (Theano's
`local_subtensor_merge`, tensor/opt.py l.2960-3120).

Input: tt-level functions (any region, loop bodies included).

Rewrite: `%b = tt.slice %a [o2] [s2] [t2]` whose input `%a = tt.slice %x [o1] [s1] [t1]`
becomes `%b = tt.slice %x [o1 + o2*t1] [s2] [t1*t2]` (per dim: `b[i] = a[o2 + i*t2] =
x[o1 + (o2 + i*t2)*t1]`), preceded by the bounds check the outer slice would have made
against `%a`'s sizes `s1` (the same `cf.assert`, naming the outer slice and the dim, so an
out-of-bounds index into `%a` is still an error and never reads past `%a` into `%x`; a
dim the outer slice takes whole needs none).  When `%a` goes away, its own check against
`%x` is made in its place, so an out-of-bounds `%a` is still an error.
Static offsets and steps fold to integers.  `%a` is erased when nothing else uses it.
Chains merge to one slice.  Each slice lowers to a copy (a gather), so every merge saves
a copy of the intermediate tensor: the gradient of a scan takes the last row of a slice
of its state buffer, which copied all `n` saved rows to keep one.

The pass emits no diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import tensor
from xdsl.dialects.builtin import DYNAMIC_INDEX, ModuleOp, TensorType
from xdsl.ir import SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from arignote.dialects import tt
from arignote.lowering.ir_builder import Emit, static_index
from arignote.lowering.tt_structural import emit_slice_bounds_check


def _values(op: tt.SliceOp) -> tuple[list[int | SSAValue], ...]:
    """Offsets, sizes and steps of a slice, static ints where static."""
    out = []
    for static, dyn in zip(op.slice_lists(), (op.offsets, op.sizes, op.steps)):
        it = iter(dyn)
        out.append([next(it) if v == DYNAMIC_INDEX else v for v in static])
    return tuple(out)


def _as_value(e: Emit, v: int | SSAValue) -> SSAValue:
    return e.index(v) if isinstance(v, int) else v


def _known(v: int | SSAValue) -> int | None:
    return v if isinstance(v, int) else static_index(v)


def _mul(e: Emit, a: int | SSAValue, b: int | SSAValue) -> int | SSAValue:
    ka, kb = _known(a), _known(b)
    if ka is not None and kb is not None:
        return ka * kb
    if ka == 1 or kb == 0:
        return b
    if kb == 1 or ka == 0:
        return a
    return e.muli(_as_value(e, a), _as_value(e, b))


def _add(e: Emit, a: int | SSAValue, b: int | SSAValue) -> int | SSAValue:
    ka, kb = _known(a), _known(b)
    if ka is not None and kb is not None:
        return ka + kb
    if ka == 0:
        return b
    if kb == 0:
        return a
    return e.addi(_as_value(e, a), _as_value(e, b))


def _dims(e: Emit, x: SSAValue) -> list[int | SSAValue]:
    t = x.type
    assert isinstance(t, TensorType)
    return [
        n if n != DYNAMIC_INDEX else e.add(tensor.DimOp(x, e.index(d)))
        for d, n in enumerate(t.get_shape())
    ]


def _is_dim(size: int | SSAValue, x: SSAValue, d: int) -> bool:
    """Whether `size` is dim d of x (statically, or as `tensor.dim %x, d`)."""
    n = x.type.get_shape()[d]  # type: ignore[attr-defined]
    if isinstance(size, int) or _known(size) is not None:
        return n != DYNAMIC_INDEX and _known(size) == n
    owner = size.owner
    return isinstance(owner, tensor.DimOp) and owner.source is x and static_index(owner.index) == d


def _whole(o: int | SSAValue, s: int | SSAValue, t: int | SSAValue, n: int | SSAValue) -> bool:
    """Whether a slice of a dim of size n takes it whole (offset 0, step 1, size n): such a
    dim needs no check."""
    same = s is n or (_known(s) is not None and _known(s) == _known(n))
    return _known(o) == 0 and _known(t) == 1 and same


def merge(outer: tt.SliceOp) -> bool:
    """Merge `outer` into the slice that produced its input; whether it did."""
    inner = outer.input.owner
    if not isinstance(inner, tt.SliceOp):
        return False
    e = Emit(before=outer)
    o1, s1, t1 = _values(inner)
    o2, s2, t2 = _values(outer)
    partial = [d for d in range(len(o2)) if not _whole(o2[d], s2[d], t2[d], s1[d])]
    if partial:
        emit_slice_bounds_check(
            outer,
            [_as_value(e, v) for v in s1],
            [_as_value(e, v) for v in o2],
            [_as_value(e, v) for v in s2],
            [_as_value(e, v) for v in t2],
            e,
            only=partial,
        )
    if len(list(inner.result.uses)) == 1:  # inner goes away: its own check stays
        x = inner.input
        partial = [
            d for d in range(len(o1))
            if not (_whole(o1[d], s1[d], t1[d], s1[d]) and _is_dim(s1[d], x, d))
        ]  # fmt: skip
        if partial:
            x_dims = _dims(e, x)
            emit_slice_bounds_check(
                inner,
                [_as_value(e, v) for v in x_dims],
                [_as_value(e, v) for v in o1],
                [_as_value(e, v) for v in s1],
                [_as_value(e, v) for v in t1],
                e,
                only=partial,
            )
    offs = [_add(e, a, _mul(e, b, t)) for a, b, t in zip(o1, o2, t1)]
    steps = [_mul(e, a, b) for a, b in zip(t1, t2)]
    new = tt.SliceOp(inner.input, offs, s2, steps)
    new.location = outer.location
    new.attributes.update(outer.attributes)
    Rewriter.replace_op(outer, new)
    if not inner.result.uses:
        Rewriter.erase_op(inner)
    return True


@dataclass(frozen=True)
class MergeSlicesPass(ModulePass):
    name = "merge-slices"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        changed = True
        while changed:
            changed = False
            for s in [o for o in op.walk() if isinstance(o, tt.SliceOp)]:
                if s.parent is not None and merge(s):
                    changed = True


__all__ = ["MergeSlicesPass", "merge"]
