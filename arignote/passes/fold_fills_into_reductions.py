"""`fold-fills-into-reductions`: reductions start from their identity, not a filled buffer (CPU).

Input invariant: loop-level IR (docs/internals.md, level 4) as
`convert-linalg-to-parallel-loops` emits a reduction into a fresh buffer: a fill nest

    %buf = memref.alloc(...)
    scf.parallel (%d...) = (0...) to (%n...) step (1...) {
      %c = arith.constant <identity>
      memref.store %c, %buf[%d...]               (every induction variable, in order)
      scf.reduce
    }

followed in the same block, with nothing between them that uses `%buf` but
`memref.dim`, by the reduction nest

    scf.parallel (%j...) = (0...) to (%m...) step (1...) {
      %a = memref.load %buf[%idx...]
      ... (folds into %r, starting from %a)
      memref.store %r, %buf[%idx...]             (the same indices)
      scf.reduce
    }

where the load and the store are the only uses of `%buf` in the reduction nest, each
index is one of its induction variables (each once; one it leaves out runs once) or a
constant 0 where the fill's extent is the constant 1, and each induction variable's
extent is the fill's extent in that dim (the same value or equal constants, after
following `memref.dim`s of allocations to the sizes they were allocated with).

Rewrite: the load becomes the fill's constant (cloned in its place) and the fill nest is
erased: the reduction nest writes every element the fill wrote, each from a fold that
now starts at the same identity, so results are bitwise the same and one loop nest (one
kernel, one pass over the buffer) is gone.  `interchange-reduction-loops` runs first:
the reductions it turns around keep their accumulators in the buffer and their fill.
Anything else is kept as it is; the pass emits no diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, memref, scf
from xdsl.dialects.builtin import DYNAMIC_INDEX, IntegerAttr, ModuleOp
from xdsl.ir import Block, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter


def _constant(value: SSAValue) -> int | None:
    """The integer a value is, when an `arith.constant` defines it."""
    op = value.owner
    if isinstance(op, arith.ConstantOp) and isinstance(op.value, IntegerAttr):
        return op.value.value.data
    return None


def _size(value: SSAValue) -> SSAValue | int:
    """What an index value is by construction: a `memref.dim` of an allocation is the
    size it was allocated with (followed through), a constant its integer."""
    while isinstance(dim := value.owner, memref.DimOp) and isinstance(
        alloc := dim.source.owner, memref.AllocOp
    ):
        index = _constant(dim.index)
        shape = alloc.memref.type.get_shape()
        if index is None or not 0 <= index < len(shape):
            break
        if shape[index] != DYNAMIC_INDEX:
            return shape[index]
        value = alloc.dynamic_sizes[sum(1 for d in shape[:index] if d == DYNAMIC_INDEX)]
    constant = _constant(value)
    return value if constant is None else constant


def _same(a: SSAValue, b: SSAValue) -> bool:
    """Whether two index values are equal by construction."""
    sa, sb = _size(a), _size(b)
    return sa == sb if isinstance(sa, int) else sa is sb


def _unit_bounds(loop: scf.ParallelOp) -> bool:
    """Lower bounds 0 and steps 1, no reductions, one block."""
    return (
        not loop.initVals
        and len(loop.body.blocks) == 1
        and all(_constant(v) == 0 for v in loop.lowerBound)
        and all(_constant(v) == 1 for v in loop.step)
    )


@dataclass
class _Fill:
    loop: scf.ParallelOp
    constant: arith.ConstantOp
    buffer: SSAValue


def _as_fill(loop: scf.ParallelOp) -> _Fill | None:
    """The fill nest's parts, when `loop` is one (see the module docstring)."""
    if not _unit_bounds(loop):
        return None
    ops = list(loop.body.block.ops)
    if len(ops) != 3:
        return None
    const, store, end = ops
    if not (
        isinstance(const, arith.ConstantOp)
        and isinstance(store, memref.StoreOp)
        and isinstance(end, scf.ReduceOp)
        and not end.operands
        and store.value is const.result
        and _writes_all(loop, list(store.indices))
        and isinstance(store.memref.owner, memref.AllocOp)
        and store.memref.owner.parent_block() is loop.parent_block()
    ):
        return None
    return _Fill(loop, const, store.memref)


def _writes_all(loop: scf.ParallelOp, indices: list[SSAValue]) -> bool:
    """Whether a store at `indices` in the fill's body writes its whole iteration space
    once: the induction variables in order, or no indices (a rank-0 buffer) in a single
    iteration."""
    ivs = list(loop.body.block.args)
    if indices == ivs:
        return True
    return not indices and all(_constant(n) == 1 for n in loop.upperBound)


def _top_level(op: Operation, block: Block) -> Operation | None:
    """The ancestor of `op` (or `op`) directly in `block`, None when it is not inside it."""
    while op.parent_block() is not block:
        parent = op.parent_op()
        if parent is None:
            return None
        op = parent
    return op


def _reduction_after(fill: _Fill) -> scf.ParallelOp | None:
    """The first user of the fill's buffer after the fill (memref.dim aside), when it is
    an scf.parallel and nothing but the fill uses the buffer from its allocation on."""
    block = fill.loop.parent_block()
    assert block is not None
    users: set[Operation] = set()
    for use in fill.buffer.uses:
        top = _top_level(use.operation, block)
        if top is None:
            return None
        if top is not fill.loop and not isinstance(use.operation, memref.DimOp):
            users.add(top)
    op = fill.buffer.owner.next_op  # (the allocation is in the fill's block)
    filled = False
    while op is not None and op not in users:
        filled = filled or op is fill.loop
        op = op.next_op
    return op if filled and isinstance(op, scf.ParallelOp) else None


def _load_to_fold(fill: _Fill, loop: scf.ParallelOp) -> memref.LoadOp | None:
    """The reduction nest's load of the accumulator, when the nest matches (see the
    module docstring) and writes every element the fill wrote."""
    if not _unit_bounds(loop):
        return None
    body = loop.body.block
    uses = [u.operation for u in fill.buffer.uses if _top_level(u.operation, body) is not None]
    loads = [o for o in uses if isinstance(o, memref.LoadOp)]
    stores = [o for o in uses if isinstance(o, memref.StoreOp)]
    if len(uses) != 2 or len(loads) != 1 or len(stores) != 1:
        return None
    load, store = loads[0], stores[0]
    if not (
        load.parent_block() is body
        and store.parent_block() is body
        and store.memref is fill.buffer
        and list(load.indices) == list(store.indices)
    ):
        return None
    ordered = list(body.ops)
    if ordered.index(load) > ordered.index(store):
        return None
    ivs = list(body.args)
    # the fill's extent per dim of the buffer (a rank-0 buffer: none)
    extents = list(fill.loop.upperBound) if load.indices else []
    seen: list[SSAValue] = []
    for index, fill_extent in zip(load.indices, extents, strict=True):
        if index in ivs:
            if index in seen or not _same(loop.upperBound[ivs.index(index)], fill_extent):
                return None
            seen.append(index)
        elif not (_constant(index) == 0 and _constant(fill_extent) == 1):
            return None
    # an induction variable the indices leave out must run once (else several
    # iterations would fold into one element)
    if any(iv not in seen and _constant(n) != 1 for iv, n in zip(ivs, loop.upperBound)):
        return None
    return load


def fold_fills(module: Operation) -> int:
    """Fold every matching fill into its reduction; returns how many were folded."""
    fills = [f for op in module.walk() if isinstance(op, scf.ParallelOp) if (f := _as_fill(op))]
    folded = 0
    for fill in fills:
        reduction = _reduction_after(fill)
        load = _load_to_fold(fill, reduction) if reduction is not None else None
        if load is None:
            continue
        start = fill.constant.clone()
        Rewriter.insert_op(start, InsertPoint.before(load))
        load.res.replace_all_uses_with(start.result)
        Rewriter.erase_op(load)
        Rewriter.erase_op(fill.loop)
        folded += 1
    return folded


@dataclass(frozen=True)
class FoldFillsIntoReductionsPass(ModulePass):
    """Reductions into fresh buffers start from their identity; their fill nests go."""

    name = "fold-fills-into-reductions"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        fold_fills(op)
