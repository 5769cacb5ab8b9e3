"""convert-tt-to-linalg, part 2: the structural tt ops (see docs/tt-ops.md).

Each pattern rewrites one tt op into `linalg.generic`s on tensors (affine maps where the
access is affine; a "gather" body that computes indices from `linalg.index` and reads
other tensors with `tensor.extract` where it is not), `libcall` ops for the library
calls, or host-side scalar code (index arithmetic and `cf.assert` checks, inserted
before the op).  `Lowering` carries the state the patterns share: the dynamic sizes of
tensors (`ShapeTracker`) and the host-side scalar of each rank-0 tensor computed on the
host (`scalars`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects import arith, cf, math, scf, tensor
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseIntOrFPElementsAttr,
    Float32Type,
    Float64Type,
    IntegerType,
    TensorType,
    i1,
    i32,
    i64,
)
from xdsl.dialects.linalg import ops as linalg
from xdsl.ir import Attribute, Block, Operation, OpResult, Region, SSAValue
from xdsl.ir.affine import AffineConstantExpr, AffineDimExpr, AffineExpr, AffineMap
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern

from arignote.dialects import libcall, tt
from arignote.dialects.tensor import CollapseShapeOp as AtensorCollapse
from arignote.ir import location_str
from arignote.lowering.ir_builder import (
    INDEX,
    Emit,
    element,
    linalg_index,
    make_generic,
    static_index,
)

Kind = str


@dataclass
class Lowering:
    """State shared by the structural patterns of one function."""

    shapes: object  # convert_tt_to_linalg.ShapeTracker
    scalars: dict[SSAValue, SSAValue] = field(default_factory=dict)

    # ------------------------------------------------------------------ sizes
    def sizes(self, v: SSAValue, e: Emit) -> list[SSAValue]:
        """Every dim of tensor `v` as an index value (host side, before the op)."""
        t = v.type
        assert isinstance(t, TensorType)
        return [
            self.shapes.size(v, i) if s == DYNAMIC_INDEX else e.index(s)  # type: ignore[attr-defined]
            for i, s in enumerate(t.get_shape())
        ]

    def empty(self, t: TensorType, sizes: Sequence[SSAValue], e: Emit) -> SSAValue:
        dyn = [s for s, d in zip(sizes, t.get_shape()) if d == DYNAMIC_INDEX]
        return e.add(tensor.EmptyOp(dyn, t))

    def record_sizes(self, v: SSAValue, sizes: Sequence[SSAValue]) -> None:
        t = v.type
        assert isinstance(t, TensorType)
        for i, (d, s) in enumerate(zip(t.get_shape(), sizes)):
            if d == DYNAMIC_INDEX:
                self.shapes.record(v, i, s)  # type: ignore[attr-defined]

    def check(self, cond: SSAValue, op: Operation, what: str, e: Emit) -> None:
        """A run-time check naming `op` and its place; when `cond` is one arith.cmpi the
        runtime adds the two values compared (or puts them where `what` says `{lhs}`,
        `{rhs}`)."""
        e.add(cf.AssertOp(cond, f"{op.name} at {location_str(op)}: {what}"))

    # ------------------------------------------------------------------ host scalars
    def scalar(self, v: SSAValue, e: Emit) -> SSAValue:
        """The element of rank-0 tensor `v` as a host scalar."""
        if v in self.scalars:
            return self.scalars[v]
        owner = v.owner if isinstance(v, OpResult) else None
        if isinstance(owner, tt.ConstantOp | arith.ConstantOp) and isinstance(
            owner.value, DenseIntOrFPElementsAttr
        ):
            value = list(owner.value.get_values())[0]
            s = e.const(value, element(v))  # type: ignore[arg-type]
        else:
            s = e.extract(v, [])
        self.scalars[v] = s
        return s

    def from_scalar(self, s: SSAValue, t: TensorType, e: Emit) -> SSAValue:
        out = e.add(tensor.FromElementsOp(s, result_type=t))
        self.scalars[out] = s
        return out


# --------------------------------------------------------------------------- patterns


class StructuralPattern(RewritePattern):
    def __init__(self, low: Lowering):
        self.low = low


def _affine(rank: int, exprs: Sequence[AffineExpr]) -> AffineMap:
    return AffineMap(rank, 0, tuple(exprs))


def _dims(rank: int) -> list[AffineExpr]:
    return [AffineDimExpr(i) for i in range(rank)]


class LowerDim(StructuralPattern):
    """tt.dim %x axis N -> tensor.from_elements (index_cast (size of dim N))."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.DimOp):
            return
        e = Emit(before=op)
        size = self.low.sizes(op.input, e)[op.axis.value.data]
        out = self.low.from_scalar(e.index_cast(size, i64), TensorType(i64, []), e)
        rewriter.replace(op, [], [out])


class LowerToIndex(StructuralPattern):
    """tt.to_index %n -> the host scalar of %n as an index."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.ToIndexOp):
            return
        e = Emit(before=op)
        s = self.low.scalar(op.input, e)
        rewriter.replace(op, [], [e.to_index(s)])


# --------------------------------------------------------------------------- reductions

_IDENTITY = {
    "sum": lambda t: 0,
    "prod": lambda t: 1,
    "all": lambda t: True,
    "any": lambda t: False,
}


def _extreme(t: Attribute, high: bool) -> float | int:
    if tt.is_float(t):
        return float("-inf") if high else float("inf")
    assert isinstance(t, IntegerType)
    bits = t.width.data
    if tt.is_unsigned(t):
        return 0 if high else 2**bits - 1
    return -(2 ** (bits - 1)) if high else 2 ** (bits - 1) - 1


class LowerReduce(StructuralPattern):
    """tt.reduce <kind> %x axes [...] -> linalg.generic with reduction iterators."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.ReduceOp):
            return
        low = self.low
        e = Emit(before=op)
        x = op.input
        xt = x.type
        rt = op.result.type
        assert isinstance(xt, TensorType) and isinstance(rt, TensorType)
        kind = op.kind.data
        axes = op.axis_list
        keep = op.keepdims is not None
        rank = xt.get_num_dims()
        sizes = low.sizes(x, e)
        if kind in ("max", "min", "argmax", "argmin"):
            nonempty = e.cmpi(e.product([sizes[a] for a in axes]), e.index(0), "sgt")
            low.check(nonempty, op, f"{kind} of an empty extent", e)
        out_sizes = (
            [e.index(1) if i in axes else s for i, s in enumerate(sizes)]
            if keep
            else [s for i, s in enumerate(sizes) if i not in axes]
        )
        out_exprs: list[AffineExpr] = [
            AffineConstantExpr(0) if (keep and i in axes) else AffineDimExpr(i)
            for i in range(rank)
            if keep or i not in axes
        ]
        out_map = _affine(rank, out_exprs)
        kinds = ["reduction" if i in axes else "parallel" for i in range(rank)]
        el = xt.element_type
        if kind in ("argmax", "argmin"):
            generic = self._arg(op, kind, x, el, rt, out_sizes, out_map, kinds, axes[0], e)
            rewriter.replace(op, [generic], [generic.results[1]])
            low.record_sizes(generic.results[1], out_sizes)
            return
        if kind in ("max", "min"):
            init_value: float | int | bool = _extreme(el, kind == "max")
        else:
            init_value = _IDENTITY[kind](el)
        init = self._filled(TensorType(el, rt.get_shape()), out_sizes, init_value, e)

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            v, acc = args
            fl, un = tt.is_float(el), tt.is_unsigned(el)
            ops = {
                "sum": arith.AddfOp if fl else arith.AddiOp,
                "prod": arith.MulfOp if fl else arith.MuliOp,
                "max": arith.MaximumfOp if fl else arith.MaxUIOp if un else arith.MaxSIOp,
                "min": arith.MinimumfOp if fl else arith.MinUIOp if un else arith.MinSIOp,
                "all": arith.AndIOp,
                "any": arith.OrIOp,
            }
            return [b.add(ops[kind](acc, v))]

        generic = make_generic([x], [AffineMap.identity(rank)], [init], [out_map], kinds, body)
        generic.location = op.location
        rewriter.replace(op, [generic])
        low.record_sizes(generic.results[0], out_sizes)

    def _filled(
        self, t: TensorType, sizes: Sequence[SSAValue], value: float | int | bool, e: Emit
    ) -> SSAValue:
        empty = self.low.empty(t, sizes, e)
        rank = t.get_num_dims()

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            return [b.const(value, t.element_type)]

        g = make_generic([], [], [empty], [AffineMap.identity(rank)], ["parallel"] * rank, body)
        return e.add(g)

    def _arg(self, op, kind, x, el, rt, out_sizes, out_map, kinds, axis, e):  # type: ignore[no-untyped-def]
        high = kind == "argmax"
        vals = self._filled(TensorType(el, rt.get_shape()), out_sizes, _extreme(el, high), e)
        idxs = self._filled(TensorType(i64, rt.get_shape()), out_sizes, 0, e)
        rank = len(kinds)

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            v, best, best_i = args
            i = b.index_cast(linalg_index(b, axis), i64)
            if tt.is_float(el):
                cmp = b.cmpf(v, best, "ogt" if high else "olt")
                nan_new = b.andi(b.cmpf(v, v, "uno"), b.cmpf(best, best, "ord"))
                better = b.ori(cmp, nan_new)
            else:
                pred = "gt" if high else "lt"
                better = b.cmpi(v, best, ("u" if tt.is_unsigned(el) else "s") + pred)
            # the first element always counts (the init is only a placeholder)
            first = b.cmpi(i, b.const(0, i64), "eq")
            better = b.ori(better, first)
            return [b.select(better, v, best), b.select(better, i, best_i)]

        g = make_generic(
            [x], [AffineMap.identity(rank)], [vals, idxs], [out_map, out_map], kinds, body
        )
        g.location = op.location
        return g


# --------------------------------------------------------------------------- shape ops


class LowerTranspose(StructuralPattern):
    """tt.transpose %x perm p -> copy generic with the permuted input map."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.TransposeOp):
            return
        e = Emit(before=op)
        perm = op.permutation
        rank = len(perm)
        in_sizes = self.low.sizes(op.input, e)
        out_sizes = [in_sizes[p] for p in perm]
        rt = op.result.type
        assert isinstance(rt, TensorType)
        init = self.low.empty(rt, out_sizes, e)
        inv = [perm.index(j) for j in range(rank)]
        in_map = _affine(rank, [AffineDimExpr(inv[j]) for j in range(rank)])
        g = make_generic(
            [op.input], [in_map], [init], [AffineMap.identity(rank)], ["parallel"] * rank,
            lambda b, args: [args[0]],
        )  # fmt: skip
        g.location = op.location
        rewriter.replace(op, [g])
        self.low.record_sizes(g.results[0], out_sizes)


def _gather(
    low: Lowering,
    op: Operation,
    result_type: TensorType,
    out_sizes: Sequence[SSAValue],
    inputs: Sequence[SSAValue],
    input_maps: Sequence[AffineMap],
    body,  # type: ignore[no-untyped-def]
    e: Emit,
) -> linalg.GenericOp:
    """An all-parallel generic over the result whose body reads freely (a gather)."""
    rank = result_type.get_num_dims()
    init = low.empty(result_type, out_sizes, e)
    g = make_generic(
        inputs, input_maps, [init], [AffineMap.identity(rank)], ["parallel"] * rank, body
    )
    g.location = op.location
    return g


class LowerReshape(StructuralPattern):
    """tt.reshape -> `tensor.collapse_shape` when it merges consecutive dims (a flatten:
    the same elements in the same order, a view of the input's buffer after
    bufferization; `collapse_groups`), else a gather: the output's linear index
    delinearised in the input.

    Only the dims that change are linearised: static unit dims are dropped (index 0 in
    the input), and leading and trailing dims whose sizes are the same value on both
    sides (the same SSA value or the same constant) map index to index.  A reshape that
    inserts or removes unit dims, or changes only the leading dim, is then a plain copy
    with no division per element (`reshape_index_map`).  Both forms keep the run-time
    check that the element counts agree."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.ReshapeOp):
            return
        low = self.low
        e = Emit(before=op)
        x = op.input
        rt = op.result.type
        assert isinstance(rt, TensorType)
        in_sizes = low.sizes(x, e)
        it = iter(op.sizes)
        out_sizes = [next(it) if d == DYNAMIC_INDEX else e.index(d) for d in rt.get_shape()]
        same = e.cmpi(e.product(in_sizes), e.product(out_sizes), "eq")
        low.check(same, op, "the element counts of the input and the new shape differ", e)
        groups = collapse_groups(in_sizes, out_sizes)
        if groups is not None:
            new: list[Operation] = [AtensorCollapse(x, groups)]
            if new[0].results[0].type != rt:  # a size known on one side only
                new.append(tensor.CastOp(new[0].results[0], rt))
            for o in new:
                o.location = op.location
            rewriter.replace(op, new)
            low.record_sizes(new[-1].results[0], out_sizes)
            return

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            idx = [linalg_index(b, d) for d in range(rt.get_num_dims())]
            return [b.extract(x, reshape_index_map(b, idx, in_sizes, out_sizes))]

        g = _gather(low, op, rt, out_sizes, [], [], body, e)
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], out_sizes)


def _same_size(a: SSAValue, b: SSAValue) -> bool:
    if a is b:
        return True
    ka, kb = static_index(a), static_index(b)
    return ka is not None and ka == kb


def collapse_groups(
    in_sizes: Sequence[SSAValue], out_sizes: Sequence[SSAValue]
) -> list[list[int]] | None:
    """The input dims each output dim merges, when a row-major reshape `in_sizes` ->
    `out_sizes` (equal element counts, checked by the caller) merges runs of consecutive
    dims and nothing else: the dims of a common prefix and suffix of equal sizes map one
    to one, the dims between them merge into one output dim, and static unit dims of
    the input join a neighbouring group.  None for anything else (a split, a unit dim
    inserted, no smaller rank)."""
    if not out_sizes or len(out_sizes) >= len(in_sizes):
        return None
    if any(static_index(n) == 1 for n in out_sizes):
        return None
    ins = [d for d, n in enumerate(in_sizes) if static_index(n) != 1]
    head = 0
    while head < min(len(ins), len(out_sizes)) and _same_size(in_sizes[ins[head]], out_sizes[head]):
        head += 1
    tail = 0
    while tail < min(len(ins), len(out_sizes)) - head and _same_size(
        in_sizes[ins[-1 - tail]], out_sizes[-1 - tail]
    ):
        tail += 1
    mid_in, mid_out = len(ins) - head - tail, len(out_sizes) - head - tail
    if mid_out > 1 or (mid_out == 1) != (mid_in > 0):
        return None
    # the output dim of each non-unit input dim, then unit dims join the next group
    owner = {ins[i]: i for i in range(head)}
    owner.update({ins[len(ins) - tail + i]: len(out_sizes) - tail + i for i in range(tail)})
    owner.update({d: head for d in ins[head : len(ins) - tail]})
    groups: list[list[int]] = [[] for _ in out_sizes]
    pending: list[int] = []
    for d in range(len(in_sizes)):
        if d not in owner:
            pending.append(d)
            continue
        groups[owner[d]] += [*pending, d]
        pending = []
    groups[-1] += pending
    return groups if all(groups) else None


def reshape_index_map(
    b: Emit, idx: Sequence[SSAValue], in_sizes: Sequence[SSAValue], out_sizes: Sequence[SSAValue]
) -> list[SSAValue]:
    """The input index of output index `idx` of a row-major reshape `in_sizes` ->
    `out_sizes` (equal element counts, checked by the caller).  Static unit dims take
    index 0; a common prefix and suffix of equal sizes map directly; only the dims
    between them are linearised and delinearised."""
    ins = [d for d, n in enumerate(in_sizes) if static_index(n) != 1]
    outs = [d for d, n in enumerate(out_sizes) if static_index(n) != 1]
    head = 0
    while head < min(len(ins), len(outs)) and _same_size(
        in_sizes[ins[head]], out_sizes[outs[head]]
    ):
        head += 1
    tail = 0
    while tail < min(len(ins), len(outs)) - head and _same_size(
        in_sizes[ins[-1 - tail]], out_sizes[outs[-1 - tail]]
    ):
        tail += 1
    result = [b.index(0)] * len(in_sizes)
    pairs = [*zip(ins[:head], outs[:head]), *zip(ins[len(ins) - tail :], outs[len(outs) - tail :])]
    for i, o in pairs:
        result[i] = idx[o]
    mid_in, mid_out = ins[head : len(ins) - tail], outs[head : len(outs) - tail]
    if mid_in:
        lin = b.linearize([idx[d] for d in mid_out], [out_sizes[d] for d in mid_out])
        for d, i in zip(mid_in, b.delinearize(lin, [in_sizes[d] for d in mid_in])):
            result[d] = i
    return result


class LowerConcatenate(StructuralPattern):
    """tt.concatenate -> a gather choosing the operand by position along the axis."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.ConcatenateOp):
            return
        low = self.low
        e = Emit(before=op)
        axis = op.axis.value.data
        xs = list(op.inputs)
        all_sizes = [low.sizes(x, e) for x in xs]
        rt = op.result.type
        assert isinstance(rt, TensorType)
        rank = rt.get_num_dims()
        for k, sizes in enumerate(all_sizes[1:], 1):
            for d in range(rank):
                if d != axis and sizes[d] is not all_sizes[0][d]:
                    low.check(
                        e.cmpi(sizes[d], all_sizes[0][d], "eq"),
                        op,
                        f"operand {k} differs from operand 0 in dim {d}",
                        e,
                    )
        starts = [e.index(0)]
        for sizes in all_sizes:
            starts.append(e.addi(starts[-1], sizes[axis]))
        out_sizes = [starts[-1] if d == axis else all_sizes[0][d] for d in range(rank)]
        el = rt.element_type

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            idx = [linalg_index(b, d) for d in range(rank)]
            return [self._choose(b, xs, starts, idx, axis, el, 0)]

        g = _gather(low, op, rt, out_sizes, [], [], body, e)
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], out_sizes)

    def _choose(self, b: Emit, xs, starts, idx, axis, el, k):  # type: ignore[no-untyped-def]
        local = list(idx)
        local[axis] = b.subi(idx[axis], starts[k])
        if k == len(xs) - 1:
            return b.extract(xs[k], local)
        inside = b.cmpi(idx[axis], starts[k + 1], "slt")
        then_block = Block()
        then_emit = Emit(block=then_block)
        then_block.add_op(scf.YieldOp(then_emit.extract(xs[k], local)))
        else_block = Block()
        else_emit = Emit(block=else_block)
        else_block.add_op(scf.YieldOp(self._choose(else_emit, xs, starts, idx, axis, el, k + 1)))
        return b.add(scf.IfOp(inside, [el], Region(then_block), Region(else_block)))


class LowerArange(StructuralPattern):
    """tt.arange -> host-computed length, then a generic writing start + i * step."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.ArangeOp):
            return
        low = self.low
        e = Emit(before=op)
        start, stop, step = (low.scalar(v, e) for v in (op.start, op.stop, op.step))
        el = element(op.result)
        if tt.is_float(el):
            zero = e.const(0.0, el)
            low.check(e.cmpf(step, zero, "une"), op, "step is 0", e)
            span = e.add(arith.DivfOp(e.add(arith.SubfOp(stop, start)), step))
            n = e.add(arith.FPToSIOp(e.add(math.CeilOp(span)), i64))
            n = e.to_index(n)
        else:
            zero = e.const(0, el)
            low.check(e.cmpi(step, zero, "ne"), op, "step is 0", e)
            a, b, s = (e.to_index(v) for v in (start, stop, step))
            one = e.index(1)
            pos = e.cmpi(s, e.index(0), "sgt")
            adj = e.select(pos, e.subi(s, one), e.addi(s, one))
            n = e.divsi(e.addi(e.subi(b, a), adj), s)
        n = e.maxsi(n, e.index(0))
        rt = op.result.type
        assert isinstance(rt, TensorType)

        def body(bb: Emit, args: list[SSAValue]) -> list[SSAValue]:
            i = linalg_index(bb, 0)
            if tt.is_float(el):
                fi = bb.add(arith.SIToFPOp(bb.index_cast(i, i64), el))
                return [bb.add(arith.AddfOp(start, bb.add(arith.MulfOp(fi, step))))]
            ii = bb.index_cast(i, el)
            return [bb.addi(start, bb.muli(ii, step))]

        g = _gather(low, op, rt, [n], [], [], body, e)
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], [n])


# --------------------------------------------------------------------------- indexing


def _slice_values(
    op: tt.SliceOp | tt.UpdateSliceOp, e: Emit
) -> tuple[list[SSAValue], list[SSAValue], list[SSAValue]]:
    so, ss, st = op.slice_lists()
    lists = []
    for static, dyn in ((so, op.offsets), (ss, op.sizes), (st, op.steps)):
        it = iter(dyn)
        lists.append([next(it) if v == DYNAMIC_INDEX else e.index(v) for v in static])
    return lists[0], lists[1], lists[2]


def _check_slice(low: Lowering, op: Operation, dims, offs, sizes, steps, e: Emit) -> None:  # type: ignore[no-untyped-def]
    """Host check: every index offset + i*step (i < size) lies in [0, dim)."""
    emit_slice_bounds_check(op, dims, offs, sizes, steps, e)


def emit_slice_bounds_check(
    op: Operation,
    dims: Sequence[SSAValue],
    offs: Sequence[SSAValue],
    sizes: Sequence[SSAValue],
    steps: Sequence[SSAValue],
    e: Emit,
    only: Sequence[int] | None = None,
) -> None:
    """`cf.assert`s that every index offset + i*step (i < size) of `op`'s slice lies in
    [0, dim), per dim (of the dims `only`, when given): the size is not negative, the
    lowest index read is not below 0, the highest is below the dim's size.  Each is one
    comparison, so the failure names `op`, the dim and the two values compared."""
    zero, one = e.index(0), e.index(1)
    where = f"{op.name} at {location_str(op)}"
    for d, (n, o, s, t) in enumerate(zip(dims, offs, sizes, steps)):
        if only is not None and d not in only:
            continue
        last = e.addi(o, e.muli(e.subi(s, one), t))
        empty = e.cmpi(s, zero, "sle")  # an empty slice reads nothing: 0 and -1 pass
        lo = e.select(empty, zero, e.minsi(o, last))
        hi = e.select(empty, e.index(-1), e.maxsi(o, last))
        e.add(cf.AssertOp(
            e.cmpi(s, zero, "sge"), f"{where}: the slice of dim {d} has a negative size {{lhs}}"
        ))  # fmt: skip
        e.add(cf.AssertOp(
            e.cmpi(lo, zero, "sge"),
            f"{where}: the slice of dim {d} reads index {{lhs}}, out of bounds (below 0)",
        ))  # fmt: skip
        e.add(cf.AssertOp(
            e.cmpi(hi, n, "slt"),
            f"{where}: the slice of dim {d} reads index {{lhs}}, out of bounds for a dim of "
            "size {rhs}",
        ))  # fmt: skip


class LowerSlice(StructuralPattern):
    """tt.slice -> a gather reading x[o + i*t]."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.SliceOp):
            return
        low = self.low
        e = Emit(before=op)
        x = op.input
        dims = low.sizes(x, e)
        offs, sizes, steps = _slice_values(op, e)
        _check_slice(low, op, dims, offs, sizes, steps, e)
        rt = op.result.type
        assert isinstance(rt, TensorType)

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            idx = [
                b.addi(o, b.muli(linalg_index(b, d), t))
                for d, (o, t) in enumerate(zip(offs, steps))
            ]
            return [b.extract(x, idx)]

        g = _gather(low, op, rt, sizes, [], [], body, e)
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], sizes)


class LowerUpdateSlice(StructuralPattern):
    """tt.update_slice -> a generic over x choosing y (set) or x + y (add) in the slice."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.UpdateSliceOp):
            return
        low = self.low
        e = Emit(before=op)
        x, y = op.input, op.update
        dims = low.sizes(x, e)
        offs, sizes, steps = _slice_values(op, e)
        _check_slice(low, op, dims, offs, sizes, steps, e)
        y_sizes = low.sizes(y, e)
        for d, (a, b) in enumerate(zip(sizes, y_sizes)):
            if a is not b:
                low.check(
                    e.cmpi(a, b, "eq"), op, f"the update differs from the slice in dim {d}", e
                )
        rt = op.result.type
        assert isinstance(rt, TensorType)
        rank = rt.get_num_dims()
        el = rt.element_type
        add = op.mode.data == "add"

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            xv = args[0]
            zero = b.index(0)
            conds, local = [], []
            for d in range(rank):
                rel = b.subi(linalg_index(b, d), offs[d])
                q = b.divsi(rel, steps[d])
                exact = b.cmpi(b.remsi(rel, steps[d]), zero, "eq")
                inside = b.andi(b.cmpi(q, zero, "sge"), b.cmpi(q, sizes[d], "slt"))
                conds.append(b.andi(exact, inside))
                local.append(q)
            hit = b.all_of(conds)
            safe = [b.select(hit, q, zero) for q in local]
            then_block = Block()
            te = Emit(block=then_block)
            yv = te.extract(y, safe)
            if add:
                yv = te.add((arith.AddfOp if tt.is_float(el) else arith.AddiOp)(xv, yv))
            then_block.add_op(scf.YieldOp(yv))
            else_block = Block([scf.YieldOp(xv)])
            return [b.add(scf.IfOp(hit, [el], Region(then_block), Region(else_block)))]

        g = _gather(low, op, rt, dims, [x], [AffineMap.identity(rank)], body, e)
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], dims)


def _normalize_index(b: Emit, i: SSAValue, dim: SSAValue) -> SSAValue:
    """Negative indices count from the end; clamped into [0, dim) so reads stay in
    bounds (out-of-range indices are reported by the host check)."""
    ii = b.to_index(i)
    neg = b.cmpi(ii, b.index(0), "slt")
    ii = b.select(neg, b.addi(ii, dim), ii)
    return b.clamp(ii, b.index(0), b.subi(dim, b.index(1)))


class LowerTake(StructuralPattern):
    """tt.take -> a host check that all indices are in range, and a gather."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.TakeOp):
            return
        low = self.low
        e = Emit(before=op)
        x = op.input
        xt, rt = x.type, op.result.type
        assert isinstance(xt, TensorType) and isinstance(rt, TensorType)
        a = op.axis.value.data
        idx_vals = list(op.indices)
        k = len(idx_vals)
        it = idx_vals[0].type
        assert isinstance(it, TensorType)
        s_rank = it.get_num_dims()
        dims = low.sizes(x, e)
        i_sizes = low.sizes(idx_vals[0], e)
        for j, v in enumerate(idx_vals[1:], 1):
            for d, (p, q) in enumerate(zip(low.sizes(v, e), i_sizes)):
                if p is not q:
                    low.check(
                        e.cmpi(p, q, "eq"), op, f"index {j} differs from index 0 in dim {d}", e
                    )
        _check_indices(low, op, idx_vals, [dims[a + j] for j in range(k)], i_sizes, e)
        out_sizes = [*dims[:a], *i_sizes, *dims[a + k :]]
        rank = rt.get_num_dims()
        i_map = _affine(rank, [AffineDimExpr(a + d) for d in range(s_rank)])

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            idx = [linalg_index(b, d) for d in range(rank)]
            src = [
                *idx[:a],
                *[_normalize_index(b, args[j], dims[a + j]) for j in range(k)],
                *idx[a + s_rank :],
            ]
            return [b.extract(x, src)]

        g = _gather(low, op, rt, out_sizes, idx_vals, [i_map] * k, body, e)
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], out_sizes)


def _check_indices(low: Lowering, op: Operation, idx_vals, bounds, i_sizes, e: Emit) -> None:  # type: ignore[no-untyped-def]
    """Host check that every index lies in [-n, n) ([0, n) when unsigned), naming an
    index out of bounds and the size.  A small reduction kernel gives, per index tensor,
    one i64 (one scalar to read back, as a flag would be): the largest index out of
    bounds, or INT64_MIN when there is none (an index of -2^63 is reported as -2^63 + 1).
    The host then checks it is below n (else: that index and n), and, with INT64_MIN
    read as 0, not below -n (else: that index and -n; unsigned: not negative as an i64,
    i.e. not 2^63 or more)."""
    it = idx_vals[0].type
    assert isinstance(it, TensorType)
    s_rank = it.get_num_dims()
    none = -(1 << 63)
    inits = []
    for _ in idx_vals:
        empty = e.add(tensor.EmptyOp([], TensorType(i64, [])))
        inits.append(e.add(make_generic(
            [], [], [empty], [AffineMap(0, 0, ())], [], lambda b, a: [b.const(none, i64)]
        )))  # fmt: skip
    maps = [AffineMap.identity(s_rank)] * len(idx_vals)

    def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
        k = len(idx_vals)
        out = []
        for j, v in enumerate(args[:k]):
            # compared as indices (sign- or zero-extended): the size may not fit the
            # index type (a dim of 200 indexed by i8)
            vi, n = b.to_index(v), bounds[j]
            if tt.is_unsigned(element(idx_vals[j])):
                bad = b.cmpi(vi, n, "uge")
            else:
                bad = b.ori(b.cmpi(vi, b.subi(b.index(0), n), "slt"), b.cmpi(vi, n, "sge"))
            v64 = b.maxsi(b.index_cast(vi, i64), b.const(none + 1, i64))
            out.append(b.maxsi(args[k + j], b.select(bad, v64, b.const(none, i64))))
        return out

    g = make_generic(
        idx_vals, maps, inits, [AffineMap(s_rank, 0, ())] * len(inits), ["reduction"] * s_rank,
        body,
    )  # fmt: skip
    e.add(g)
    which = (lambda j: f"index {j} ") if len(idx_vals) > 1 else (lambda j: "index ")
    for j, n in enumerate(bounds):
        worst = e.index_cast(e.extract(g.results[j], []), INDEX)
        what = f"{which(j)}{{lhs}} is out of bounds for a dim of size {{rhs}}"
        low.check(e.cmpi(worst, n, "slt"), op, what, e)
        found = e.cmpi(worst, e.index(none), "ne")
        worst = e.select(found, worst, e.index(0))
        if tt.is_unsigned(element(idx_vals[j])):
            # an unsigned index of 2^63 or more is negative as an i64
            what = f"{which(j)}{{lhs}} is out of bounds (an unsigned index >= 2**63, as int64)"
            low.check(e.cmpi(worst, e.index(0), "sge"), op, what, e)
            continue
        what = f"{which(j)}{{lhs}} is out of bounds (the lowest index allowed is {{rhs}})"
        low.check(e.cmpi(worst, e.subi(e.index(0), n), "sge"), op, what, e)


class LowerUpdateTake(StructuralPattern):
    """tt.update_take -> a copy of x, then a sequential scatter loop (tensor.insert) over
    the index elements: repeated indices accumulate (add) or the last write wins (set)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.UpdateTakeOp):
            return
        low = self.low
        e = Emit(before=op)
        x, y = op.input, op.update
        xt = x.type
        assert isinstance(xt, TensorType)
        a = op.axis.value.data
        idx_vals = list(op.indices)
        k = len(idx_vals)
        dims = low.sizes(x, e)
        i_sizes = low.sizes(idx_vals[0], e)
        _check_indices(low, op, idx_vals, [dims[a + j] for j in range(k)], i_sizes, e)
        rank = xt.get_num_dims()
        copy = _gather(
            low, op, xt, dims, [x], [AffineMap.identity(rank)], lambda b, args: [args[0]], e
        )
        cur = e.add(copy)
        # loop over (leading dims of x, index elements, trailing dims of x)
        ranges = [*dims[:a], *i_sizes, *dims[a + k :]]
        # the update must have exactly those sizes (what tt.take of x would read)
        for d, (have, want) in enumerate(zip(low.sizes(y, e), ranges)):
            if have is want or (static_index(have) is not None
                                and static_index(have) == static_index(want)):  # fmt: skip
                continue
            same = e.add(arith.CmpiOp(have, want, "eq"))
            low.check(same, op, f"the update's dim {d} differs from what the indices select", e)
        s_rank = len(i_sizes)
        el = xt.element_type
        add = op.mode.data == "add"
        zero, one = e.index(0), e.index(1)

        def nest(level: int, ivs: list[SSAValue], carried: SSAValue, emit: Emit) -> SSAValue:
            if level == len(ranges):
                src_idx = ivs
                i_pos = ivs[a : a + s_rank]
                dst = [
                    *ivs[:a],
                    *[
                        _normalize_index(emit, emit.extract(v, i_pos), dims[a + j])
                        for j, v in enumerate(idx_vals)
                    ],
                    *ivs[a + s_rank :],
                ]
                yv = emit.extract(y, src_idx)
                if add:
                    xv = emit.extract(carried, dst)
                    yv = emit.add((arith.AddfOp if tt.is_float(el) else arith.AddiOp)(xv, yv))
                return emit.add(tensor.InsertOp(yv, carried, dst))
            body = Block(arg_types=[INDEX, carried.type])
            be = Emit(block=body)
            res = nest(level + 1, [*ivs, body.args[0]], body.args[1], be)
            body.add_op(scf.YieldOp(res))
            loop = scf.ForOp(zero, ranges[level], one, [carried], body)
            return emit.add(loop)

        out = nest(0, [], cur, e)
        rewriter.replace(op, [], [out])
        low.record_sizes(out, dims)


# --------------------------------------------------------------------------- linear algebra


class LowerMatmul(StructuralPattern):
    """tt.matmul / tt.batched_matmul -> libcall.gemm / libcall.batched_gemm into an empty."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.MatmulBase):
            return
        low = self.low
        e = Emit(before=op)
        a, b = op.lhs, op.rhs
        sa, sb = low.sizes(a, e), low.sizes(b, e)
        if sa[-1] is not sb[-2]:
            low.check(e.cmpi(sa[-1], sb[-2], "eq"), op, "the inner dimensions differ", e)
        batch = op.BATCH
        for d in range(batch):
            if sa[d] is not sb[d]:
                low.check(e.cmpi(sa[d], sb[d], "eq"), op, f"the batch dims differ in dim {d}", e)
        out_sizes = [*sa[:batch], sa[-2], sb[-1]]
        rt = op.result.type
        assert isinstance(rt, TensorType)
        init = low.empty(rt, out_sizes, e)
        if batch:
            call = libcall.BatchedGemmOp(a, b, init)  # type: ignore[attr-defined]
        else:
            call = libcall.GemmOp(a, b, init)
        call.location = op.location
        rewriter.replace(op, [call])
        low.record_sizes(call.results[0], out_sizes)


# --------------------------------------------------------------------------- softmax


class LowerSoftmax(StructuralPattern):
    """tt.softmax / tt.log_softmax -> max, exp-sum and normalise generics (stable)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.SoftmaxBase):
            return
        low = self.low
        e = Emit(before=op)
        x = op.input
        xt = x.type
        assert isinstance(xt, TensorType)
        rank = xt.get_num_dims()
        axis = op.axis.value.data
        el = xt.element_type
        sizes = low.sizes(x, e)
        red_sizes = [e.index(1) if d == axis else s for d, s in enumerate(sizes)]
        red_t = TensorType(el, [1 if d == axis else s for d, s in enumerate(xt.get_shape())])
        red_map = _affine(
            rank, [AffineConstantExpr(0) if d == axis else AffineDimExpr(d) for d in range(rank)]
        )
        kinds = ["reduction" if d == axis else "parallel" for d in range(rank)]
        ident = AffineMap.identity(rank)

        def filled(value: float) -> SSAValue:
            empty = low.empty(red_t, red_sizes, e)
            return e.add(
                make_generic(
                    [], [], [empty], [ident], ["parallel"] * rank, lambda b, a: [b.const(value, el)]
                )
            )

        mx = e.add(make_generic([x], [ident], [filled(float("-inf"))], [red_map], kinds,
                                lambda b, a: [b.add(arith.MaximumfOp(a[1], a[0]))]))  # fmt: skip

        def exp_sum(b: Emit, a: list[SSAValue]) -> list[SSAValue]:
            ex = b.add(math.ExpOp(b.add(arith.SubfOp(a[0], a[1]))))
            return [b.add(arith.AddfOp(a[2], ex))]

        sm = e.add(
            make_generic([x, mx], [ident, red_map], [filled(0.0)], [red_map], kinds, exp_sum)
        )
        log = isinstance(op, tt.LogSoftmaxOp)

        def normalise(b: Emit, a: list[SSAValue]) -> list[SSAValue]:
            shifted = b.add(arith.SubfOp(a[0], a[1]))
            if log:
                return [b.add(arith.SubfOp(shifted, b.add(math.LogOp(a[2]))))]
            return [b.add(arith.DivfOp(b.add(math.ExpOp(shifted)), a[2]))]

        g = _gather(low, op, xt, sizes, [x, mx, sm], [ident, red_map, red_map], normalise, e)
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], sizes)


# --------------------------------------------------------------------------- random

_PHILOX_M0, _PHILOX_M1 = 0xD2511F53, 0xCD9E8D57
_PHILOX_W0, _PHILOX_W1 = 0x9E3779B9, 0xBB67AE85


def _u32(v: int) -> int:
    """An unsigned 32-bit constant as the signed value i32 stores."""
    return v - (1 << 32) if v >= 1 << 31 else v


def _mulhilo(b: Emit, a: SSAValue, m: int) -> tuple[SSAValue, SSAValue]:
    wide = b.add(arith.ExtUIOp(a, i64))
    p = b.muli(wide, b.const(m, i64))
    hi = b.add(arith.TruncIOp(b.add(arith.ShRUIOp(p, b.const(32, i64))), i32))
    lo = b.add(arith.TruncIOp(p, i32))
    return hi, lo


def philox(b: Emit, ctr: list[SSAValue], key: list[SSAValue]) -> list[SSAValue]:
    """Philox4x32-10 on four i32 words under a two-word key (wrapping arithmetic)."""
    k0, k1 = key
    c = list(ctr)
    for r in range(10):
        if r:
            k0 = b.addi(k0, b.const(_u32(_PHILOX_W0), i32))
            k1 = b.addi(k1, b.const(_u32(_PHILOX_W1), i32))
        hi0, lo0 = _mulhilo(b, c[0], _PHILOX_M0)
        hi1, lo1 = _mulhilo(b, c[2], _PHILOX_M1)
        c = [
            b.add(arith.XOrIOp(b.add(arith.XOrIOp(hi1, c[1])), k0)),
            lo1,
            b.add(arith.XOrIOp(b.add(arith.XOrIOp(hi0, c[3])), k1)),
            lo0,
        ]
    return c


def _uniform_word(b: Emit, w: SSAValue, el: Attribute) -> SSAValue:
    bits = b.add(arith.ShRUIOp(w, b.const(8, i32)))
    f = b.add(arith.UIToFPOp(bits, Float32Type() if not isinstance(el, Float64Type) else el))
    scaled = b.add(arith.MulfOp(f, b.const(2.0**-24, f.type)))
    if scaled.type != el:
        scaled = b.add(arith.TruncFOp(scaled, el))
    return scaled


def _uniform_pair(b: Emit, w0: SSAValue, w1: SSAValue) -> SSAValue:
    f64 = Float64Type()
    a = b.add(arith.UIToFPOp(b.add(arith.ShRUIOp(w0, b.const(5, i32))), f64))
    c = b.add(arith.UIToFPOp(b.add(arith.ShRUIOp(w1, b.const(6, i32))), f64))
    s = b.add(arith.AddfOp(b.add(arith.MulfOp(a, b.const(67108864.0, f64))), c))
    return b.add(arith.MulfOp(s, b.const(1.0 / 9007199254740992.0, f64)))


class LowerRandom(StructuralPattern):
    """tt.random -> a generic computing Philox blocks from the linear index."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.RandomOp):
            return
        low = self.low
        e = Emit(before=op)
        rt = op.result.type
        assert isinstance(rt, TensorType)
        it = iter(op.sizes)
        sizes = [next(it) if d == DYNAMIC_INDEX else e.index(d) for d in rt.get_shape()]
        el = rt.element_type
        wide = isinstance(el, Float64Type)
        normal = op.distribution.data == "normal"
        state = op.state
        rank = rt.get_num_dims()

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            words_in = [b.extract(state, [b.index(i)]) for i in range(4)]
            lin = b.linearize([linalg_index(b, d) for d in range(rank)], sizes)
            per = 1 if normal else (2 if wide else 4)
            block = b.index_cast(b.divsi(lin, b.index(per)), i64)
            word = b.remsi(lin, b.index(per))
            base = b.add(arith.OrIOp(
                b.add(arith.ExtUIOp(words_in[2], i64)),
                b.add(arith.ShLIOp(b.add(arith.ExtUIOp(words_in[3], i64)), b.const(32, i64))),
            ))  # fmt: skip
            ctr = b.addi(base, block)
            c0 = b.add(arith.TruncIOp(ctr, i32))
            c1 = b.add(arith.TruncIOp(b.add(arith.ShRUIOp(ctr, b.const(32, i64))), i32))
            zero32 = b.const(0, i32)
            out = philox(b, [c0, c1, zero32, zero32], [words_in[0], words_in[1]])
            if normal:
                if wide:
                    u1, u2 = _uniform_pair(b, out[0], out[1]), _uniform_pair(b, out[2], out[3])
                else:
                    u1, u2 = _uniform_word(b, out[0], el), _uniform_word(b, out[1], el)
                one = b.const(1.0, el)
                r = b.add(
                    math.SqrtOp(
                        b.add(
                            arith.MulfOp(
                                b.const(-2.0, el), b.add(math.LogOp(b.add(arith.SubfOp(one, u1))))
                            )
                        )
                    )
                )
                angle = b.add(arith.MulfOp(b.const(6.283185307179586, el), u2))
                return [b.add(arith.MulfOp(r, b.add(math.CosOp(angle))))]
            if wide:
                first = b.cmpi(word, b.index(0), "eq")
                w0 = b.select(first, out[0], out[2])
                w1 = b.select(first, out[1], out[3])
                return [_uniform_pair(b, w0, w1)]
            w = b.select(b.cmpi(word, b.index(0), "eq"), out[0], out[3])
            w = b.select(b.cmpi(word, b.index(1), "eq"), out[1], w)
            w = b.select(b.cmpi(word, b.index(2), "eq"), out[2], w)
            return [_uniform_word(b, w, el)]

        g = _gather(low, op, rt, sizes, [], [], body, e)
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], sizes)


# --------------------------------------------------------------------------- MRG31k3p

_MRG_M1, _MRG_M2 = 2147483647, 2147462579
_MRG_NORM32 = float.fromhex("0x1.fffffep-32")  # 4.6566126e-10f


def _mrg_reduce(b: Emit, y: SSAValue, m: int) -> SSAValue:
    """`if (y < 0 || y >= m) y -= m;` on i32 (wrapping)."""
    big = b.ori(b.cmpi(y, b.const(0, i32), "slt"), b.cmpi(y, b.const(m, i32), "sge"))
    return b.select(big, b.subi(y, b.const(m, i32)), y)


def _mrg_mul(b: Emit, x: SSAValue, mask: int, left: int, right: int) -> SSAValue:
    """((x & mask) << left) + (x >> right) -- the MRG31k3p multiply by shifts."""
    lo = b.add(arith.ShLIOp(b.andi(x, b.const(mask, i32)), b.const(left, i32)))
    return b.addi(lo, b.add(arith.ShRSIOp(x, b.const(right, i32))))


def _mrg_mult2(b: Emit, x: SSAValue) -> SSAValue:
    """((x & 65535) << 15) + 21069 * (x >> 16), reduced mod M2."""
    lo = b.add(arith.ShLIOp(b.andi(x, b.const(65535, i32)), b.const(15, i32)))
    hi = b.muli(b.const(21069, i32), b.add(arith.ShRSIOp(x, b.const(16, i32))))
    return _mrg_reduce(b, b.addi(lo, hi), _MRG_M2)


def mrg_step(b: Emit, w: Sequence[SSAValue]) -> tuple[list[SSAValue], SSAValue]:
    """One MRG31k3p step of the six i32 words `w`: (the new words, z in [1, M1]), the same
    int32 operations as Theano's C code (rng_mrg.py l.443-479), wrap-around included."""
    x11, x12, x13, x21, x22, x23 = w
    y1 = b.addi(_mrg_mul(b, x12, 511, 22, 9), _mrg_mul(b, x13, 16777215, 7, 24))
    y1 = _mrg_reduce(b, b.addi(_mrg_reduce(b, y1, _MRG_M1), x13), _MRG_M1)
    t1 = _mrg_mult2(b, x21)
    y2 = _mrg_reduce(b, b.addi(_mrg_mult2(b, x23), x23), _MRG_M2)
    y2 = _mrg_reduce(b, b.addi(y2, t1), _MRG_M2)
    diff = b.subi(y1, y2)
    le = b.cmpi(y1, y2, "sle")
    z = b.select(le, b.addi(diff, b.const(_MRG_M1, i32)), diff)
    return [y1, x11, x12, y2, x21, x22], z


def mrg_float(b: Emit, z: SSAValue, el: Attribute) -> SSAValue:
    """z as Theano's sample of element type `el` (tt.mrg_uniform's conversion)."""
    f32 = Float32Type()
    if isinstance(el, Float64Type):
        return b.add(arith.MulfOp(b.add(arith.SIToFPOp(z, el)), b.const(2.0**-31, el)))
    if isinstance(el, Float32Type):
        return b.add(arith.MulfOp(b.add(arith.SIToFPOp(z, el)), b.const(_MRG_NORM32, el)))
    # f16: ((z & 0x7fff) + 1) * (511 * 2^-24): the product is exact in f32, rounded once
    t = b.addi(b.andi(z, b.const(0x7FFF, i32)), b.const(1, i32))
    exact = b.add(arith.SIToFPOp(b.muli(t, b.const(511, i32)), f32))
    return b.add(arith.TruncFOp(b.add(arith.MulfOp(exact, b.const(2.0**-24, f32))), el))


class LowerMrgUniform(StructuralPattern):
    """tt.mrg_uniform -> four generics: the state's columns copied into six [n] words;
    one generic over (stream s: parallel, draw k: reduction) carrying the words (a
    sequential loop per stream) and writing draw k of stream s to a [K, n] buffer, K =
    ceil(count / n) (a step past the count leaves the words unchanged); the samples
    gathered from it in row-major order (element i = draw i // n of stream i % n); the
    words stacked into the new state."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.MrgUniformOp):
            return
        low = self.low
        e = Emit(before=op)
        st, rt = op.state.type, op.samples.type
        assert isinstance(st, TensorType) and isinstance(rt, TensorType)
        sizes = _result_sizes_of(rt, op.sizes, e)
        n = low.sizes(op.state, e)[0]
        count = e.product(sizes) if sizes else e.index(1)
        if static_index(n) is None:
            low.check(e.cmpi(n, e.index(0), "sgt"), op, "the state has no streams", e)
        low.check(
            e.cmpi(count, e.index(_MRG_M1), "sle"), op, "more than 2**31 - 1 samples", e
        )  # fmt: skip
        draws = e.floordiv(e.addi(count, e.subi(n, e.index(1))), n)
        words = self._initial_words(op.state, n, e)
        wide = TensorType(rt.element_type, [DYNAMIC_INDEX, DYNAMIC_INDEX])
        table = low.empty(wide, [draws, n], e)
        main = self._draws(words, table, n, count, rt.element_type)
        main.location = op.location
        e.add(main)
        samples = self._gather_samples(op, main.results[6], rt, sizes, n, e)
        six = e.index(6)
        new_state = self._stack(op, main.results[:6], st, n, six, e)
        rewriter.replace(op, [], [new_state, samples])
        low.record_sizes(samples, sizes)
        low.record_sizes(new_state, [n, six])

    def _initial_words(self, state: SSAValue, n: SSAValue, e: Emit) -> list[SSAValue]:
        vec = TensorType(i32, [DYNAMIC_INDEX])
        inits = [self.low.empty(vec, [n], e) for _ in range(6)]
        maps = [_affine(1, [AffineDimExpr(0), AffineConstantExpr(j)]) for j in range(6)]
        g = make_generic(
            [state] * 6, maps, inits, [AffineMap.identity(1)] * 6, ["parallel"],
            lambda b, args: list(args[:6]),
        )  # fmt: skip
        e.add(g)
        return list(g.results)

    @staticmethod
    def _draws(
        words: list[SSAValue], table: SSAValue, n: SSAValue, count: SSAValue, el: Attribute
    ) -> linalg.GenericOp:
        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            s, k = linalg_index(b, 0), linalg_index(b, 1)
            live = b.cmpi(b.addi(b.muli(k, n), s), count, "slt")
            new, z = mrg_step(b, args[:6])
            return [*(b.select(live, v, old) for v, old in zip(new, args[:6])), mrg_float(b, z, el)]

        acc = _affine(2, [AffineDimExpr(0)])
        out = _affine(2, [AffineDimExpr(1), AffineDimExpr(0)])
        return make_generic(
            [], [], [*words, table], [acc] * 6 + [out], ["parallel", "reduction"], body
        )

    def _gather_samples(self, op, table, rt, sizes, n, e):  # type: ignore[no-untyped-def]
        rank = rt.get_num_dims()

        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            lin = (
                b.linearize([linalg_index(b, d) for d in range(rank)], sizes)
                if rank
                else b.index(0)
            )
            return [b.extract(table, [b.divsi(lin, n), b.remsi(lin, n)])]

        g = _gather(self.low, op, rt, sizes, [], [], body, e)
        return e.add(g)

    def _stack(self, op, words, st, n, six, e):  # type: ignore[no-untyped-def]
        def body(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            j = linalg_index(b, 1)
            v = args[5]
            for c in range(4, -1, -1):
                v = b.select(b.cmpi(j, b.index(c), "eq"), args[c], v)
            return [v]

        word_map = _affine(2, [AffineDimExpr(0)])
        g = _gather(self.low, op, st, [n, six], list(words), [word_map] * 6, body, e)
        return e.add(g)


def _result_sizes_of(t: TensorType, dynamic: Sequence[SSAValue], e: Emit) -> list[SSAValue]:
    it = iter(dynamic)
    return [next(it) if d == DYNAMIC_INDEX else e.index(d) for d in t.get_shape()]


# --------------------------------------------------------------------------- convolution, pooling


def _result_sizes(low: Lowering, op: Operation, e: Emit) -> list[SSAValue]:
    """The result's sizes: static ones as constants, dynamic ones from `op.sizes`."""
    rt = op.results[0].type
    assert isinstance(rt, TensorType)
    it = iter(op.sizes)  # type: ignore[attr-defined]
    return [next(it) if d == DYNAMIC_INDEX else e.index(d) for d in rt.get_shape()]


def _conv_out(e: Emit, n: SSAValue, k: SSAValue, s: int, lo: int, hi: int, d: int) -> SSAValue:
    """(n + lo + hi - d*(k-1) - 1) // s + 1 in index arithmetic."""
    span = e.addi(n, e.index(lo + hi - 1))
    span = e.subi(span, e.muli(e.index(d), e.subi(k, e.index(1))))
    return e.addi(e.floordiv(span, e.index(s)), e.index(1))


class LowerConv2d(StructuralPattern):
    """tt.conv2d / its gradients -> libcall.conv2d / conv2d_backward_data / _filter."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.Conv2dOp | tt.Conv2dGradInputOp | tt.Conv2dGradFilterOp):
            return
        low = self.low
        e = Emit(before=op)
        strides, padding, dilation, flip = op.conv_attrs()
        kw = dict(strides=strides, padding=padding, dilation=dilation, flip=flip)
        rt = op.results[0].type
        assert isinstance(rt, TensorType)
        if isinstance(op, tt.Conv2dOp):
            xs, ws = low.sizes(op.input, e), low.sizes(op.filters, e)
            if xs[1] is not ws[1]:
                low.check(
                    e.cmpi(xs[1], ws[1], "eq"), op, "input channels differ from the filters'", e
                )
            ho = _conv_out(e, xs[2], ws[2], strides[0], padding[0], padding[1], dilation[0])
            wo = _conv_out(e, xs[3], ws[3], strides[1], padding[2], padding[3], dilation[1])
            for name, size in (("height", ho), ("width", wo)):
                low.check(
                    e.cmpi(size, e.index(0), "sgt"),
                    op,
                    f"the filters are larger than the padded input: the output {name} would "
                    "be {lhs}",
                    e,
                )
            sizes = [xs[0], ws[0], ho, wo]
            dest = low.empty(rt, sizes, e)
            call = libcall.Conv2dOp(op.input, op.filters, dest, **kw)  # type: ignore[arg-type]
        elif isinstance(op, tt.Conv2dGradInputOp):
            sizes = _result_sizes(low, op, e)
            dest = low.empty(rt, sizes, e)
            call = libcall.Conv2dBackwardDataOp(op.output_grad, op.filters, dest, **kw)  # type: ignore[arg-type]
        else:
            sizes = _result_sizes(low, op, e)
            dest = low.empty(rt, sizes, e)
            call = libcall.Conv2dBackwardFilterOp(op.input, op.output_grad, dest, **kw)  # type: ignore[arg-type]
        call.location = op.location
        rewriter.replace(op, [call])
        low.record_sizes(call.results[0], sizes)


def _pool_out(e: Emit, n: SSAValue, w: int, s: int, p: int, ignore_border: bool) -> SSAValue:
    """Theano's pool output size (tt_reference.pool_out_size) in index arithmetic."""
    if ignore_border:
        return e.addi(e.floordiv(e.addi(n, e.index(2 * p - w)), e.index(s)), e.index(1))
    if s >= w:
        return e.addi(e.floordiv(e.subi(n, e.index(1)), e.index(s)), e.index(1))
    q = e.floordiv(e.addi(n, e.index(s - 1 - w)), e.index(s))
    return e.addi(e.maxsi(q, e.index(0)), e.index(1))


class LowerPool2d(StructuralPattern):
    """tt.pool2d -> libcall.pool2d; tt.pool2d_grad -> (forward for max) +
    libcall.pool2d_backward."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.Pool2dOp | tt.Pool2dGradOp):
            return
        low = self.low
        e = Emit(before=op)
        mode, window, strides, padding, ib = op.pool_attrs()
        kw = dict(mode=mode, window=window, strides=strides, padding=padding)
        x = op.input
        xt = x.type
        assert isinstance(xt, TensorType)
        xs = low.sizes(x, e)
        out_sizes = [
            *xs[:-2],
            _pool_out(e, xs[-2], window[0], strides[0], padding[0], ib),
            _pool_out(e, xs[-1], window[1], strides[1], padding[1], ib),
        ]
        y_t = tt.pool2d_type(xt, window, strides, padding, ib)
        if isinstance(op, tt.Pool2dOp):
            dest = low.empty(y_t, out_sizes, e)
            call = libcall.Pool2dOp(x, dest, **kw)  # type: ignore[arg-type]
            call.location = op.location
            rewriter.replace(op, [call])
            low.record_sizes(call.results[0], out_sizes)
            return
        fwd = None
        if mode == "max":
            fwd = libcall.Pool2dOp(x, low.empty(y_t, out_sizes, e), **kw)  # type: ignore[arg-type]
            fwd.location = op.location
            e.add(fwd)
        dest = low.empty(xt, xs, e)
        call = libcall.Pool2dBackwardOp(
            op.output_grad,
            dest,
            x=x if mode == "max" else None,
            y=fwd.results[0] if fwd else None,
            **kw,  # type: ignore[arg-type]
        )
        call.location = op.location
        rewriter.replace(op, [call])
        low.record_sizes(call.results[0], xs)


# --------------------------------------------------------------------------- scans, sorting


class LowerCumulative(StructuralPattern):
    """tt.cumsum / tt.cumprod -> a copy of x, then a sequential loop nest over its
    elements (tensor.insert) combining each with the previous one along the axis, in
    order (the same rounding as np.cumsum); on a GPU the nest runs as one thread."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.CumulativeBase):
            return
        low = self.low
        e = Emit(before=op)
        x = op.input
        xt = x.type
        assert isinstance(xt, TensorType)
        a = op.axis.value.data
        dims = low.sizes(x, e)
        rank = xt.get_num_dims()
        copy = _gather(
            low, op, xt, dims, [x], [AffineMap.identity(rank)], lambda b, args: [args[0]], e
        )
        cur = e.add(copy)
        fl = tt.is_float(xt.element_type)
        if isinstance(op, tt.CumsumOp):
            combine: type[Operation] = arith.AddfOp if fl else arith.AddiOp
        else:
            combine = arith.MulfOp if fl else arith.MuliOp
        one = e.index(1)
        starts = [one if d == a else e.index(0) for d in range(rank)]

        def nest(level: int, ivs: list[SSAValue], carried: SSAValue, emit: Emit) -> SSAValue:
            if level == rank:
                prev = [emit.subi(v, one) if d == a else v for d, v in enumerate(ivs)]
                acc = emit.add(combine(emit.extract(carried, prev), emit.extract(carried, ivs)))
                return emit.add(tensor.InsertOp(acc, carried, ivs))
            body = Block(arg_types=[INDEX, carried.type])
            be = Emit(block=body)
            res = nest(level + 1, [*ivs, body.args[0]], body.args[1], be)
            body.add_op(scf.YieldOp(res))
            return emit.add(scf.ForOp(starts[level], dims[level], one, [carried], body))

        out = nest(0, [], cur, e)
        rewriter.replace(op, [], [out])
        low.record_sizes(out, dims)


def _sorts_before(b: Emit, u: SSAValue, v: SSAValue, earlier: SSAValue) -> SSAValue:
    """Whether u (at an index `earlier` than v's, or not) sorts before v in NumPy's
    stable order: smaller, NaN after every number (NaNs equal), ties by index.  Floats:
    less(u, v) = ult(u, v) and u is not NaN; before = less(u, v) or (not less(v, u) and
    earlier) -- few live predicates, so that the GPU kernel does not spill."""
    t = u.type
    if tt.is_float(t):
        less_uv = b.andi(b.cmpf(u, v, "ult"), b.cmpf(u, u, "ord"))
        less_vu = b.andi(b.cmpf(v, u, "ult"), b.cmpf(v, v, "ord"))
    else:
        pred = "ult" if tt.is_bool(t) or tt.is_unsigned(t) else "slt"
        less_uv, less_vu = b.cmpi(u, v, pred), b.cmpi(v, u, pred)
    not_after = b.add(arith.XOrIOp(less_vu, b.const(True, i1)))
    return b.ori(less_uv, b.andi(not_after, earlier))


class LowerArgsort(StructuralPattern):
    """tt.argsort -> two generics with a reduction over the sorted axis (O(n^2) work along
    it, parallel over every element): the stable rank of each element (how many elements
    sort before it), then for each rank r the index of the element whose rank is r."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.ArgsortOp):
            return
        low = self.low
        e = Emit(before=op)
        x = op.input
        xt, rt = x.type, op.result.type
        assert isinstance(xt, TensorType) and isinstance(rt, TensorType)
        a = op.axis.value.data
        rank = xt.get_num_dims()
        dims = low.sizes(x, e)
        own = _affine(rank + 1, _dims(rank))
        other = _affine(rank + 1, [AffineDimExpr(rank) if d == a else AffineDimExpr(d)
                                   for d in range(rank)])  # fmt: skip
        kinds = ["parallel"] * rank + ["reduction"]

        def count(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            mine, theirs, acc = args
            earlier = b.cmpi(linalg_index(b, rank), linalg_index(b, a), "ult")
            before = _sorts_before(b, theirs, mine, earlier)
            return [b.addi(acc, b.select(before, b.const(1, i64), b.const(0, i64)))]

        ranks = e.add(make_generic([x, x], [own, other], [self._zeros(rt, dims, e)], [own],
                                   kinds, count))  # fmt: skip

        def pick(b: Emit, args: list[SSAValue]) -> list[SSAValue]:
            r, acc = args
            i = b.index_cast(linalg_index(b, rank), i64)
            hit = b.cmpi(r, b.index_cast(linalg_index(b, a), i64), "eq")
            return [b.addi(acc, b.select(hit, i, b.const(0, i64)))]

        g = make_generic([ranks], [other], [self._zeros(rt, dims, e)], [own], kinds, pick)
        g.location = op.location
        rewriter.replace(op, [g])
        low.record_sizes(g.results[0], dims)

    def _zeros(self, t: TensorType, sizes: Sequence[SSAValue], e: Emit) -> SSAValue:
        rank = t.get_num_dims()
        g = make_generic([], [], [self.low.empty(t, sizes, e)], [AffineMap.identity(rank)],
                         ["parallel"] * rank, lambda b, args: [b.const(0, i64)])  # fmt: skip
        return e.add(g)


def structural_patterns(low: Lowering) -> list[RewritePattern]:
    return [
        LowerDim(low), LowerToIndex(low), LowerReduce(low), LowerTranspose(low),
        LowerReshape(low), LowerConcatenate(low), LowerArange(low), LowerSlice(low),
        LowerUpdateSlice(low), LowerTake(low), LowerUpdateTake(low), LowerMatmul(low),
        LowerSoftmax(low), LowerRandom(low), LowerConv2d(low), LowerPool2d(low),
        LowerMrgUniform(low),
        LowerCumulative(low), LowerArgsort(low),
    ]  # fmt: skip


__all__ = ["Lowering", "structural_patterns", "philox", "i1", "DenseIntOrFPElementsAttr", "Kind"]
