"""`wrap-sequential-loops`: a top-level `scf.for` nest over device buffers becomes a
one-iteration `scf.parallel`, so that GPU kernel outlining makes it a (single-thread)
kernel.

Input invariant: loop-level IR of a GPU pipeline (after `buffer-placement{target=gpu}` and
`convert-linalg-to-parallel-loops`): host functions whose top-level ops are straight-line
host code, `scf.parallel` nests (kernels to be) and `scf.for` nests.  An `scf.for` nest
that loads or stores a buffer in device memory (memory space 1) is device code that must
run in order -- the scatter of `tt.update_take`, where repeated indices accumulate (`add`)
or the last write wins (`set`).

Output: each such `scf.for` (without results) is moved, unchanged, into

    scf.parallel (%u) = (%c0) to (%c1) step (%c1) { scf.for ... ; scf.reduce }

with fresh index constants before it; `gpu-map-loops-coalesced` and the outlining passes
then treat it like any other loop (one block of one thread runs the whole nest, in
order: correct for both modes, but serial).

A scatter-add is parallel instead: a perfect nest with loop-invariant bounds whose
innermost body reads one device element, adds a value to it and stores it back (`%o =
memref.load %m[I]; %s = arith.addf %o, %v; memref.store %s, %m[I]`, same indices, no
other access to %m; f32, f64, i32 or i64) becomes one `scf.parallel` over all the nest's
loops with `memref.atomic_rmw addf/addi %v, %m[I]` (repeated indices add up in some
order: float sums may round differently from the serial order, as with any atomics).
Option `atomics=false` keeps every nest serial.

Kept as they are: `scf.for` nests that touch only host memory, nests inside other
loops, functions marked `arignote.kernel`.  The pass emits no diagnostics.
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects import arith, memref, scf
from dataclasses import dataclass

from xdsl.dialects.builtin import Float32Type, Float64Type, IndexType, IntegerAttr, IntegerType
from xdsl.dialects.builtin import ModuleOp, i64
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.passes.buffer_placement import is_device
from arignote.passes.gpu_map_loops_coalesced import host_loops


def _touches_device(loop: scf.ForOp) -> bool:
    for o in loop.walk():
        if isinstance(o, memref.LoadOp | memref.StoreOp) and is_device(o.memref):
            return True
    return False


@dataclass(frozen=True)
class WrapSequentialLoopsPass(ModulePass):
    name = "wrap-sequential-loops"

    atomics: bool = True

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for loop in host_loops(op, scf.ForOp):
            if loop.results or not _touches_device(loop):
                continue
            if not (self.atomics and _parallel_scatter_add(loop)):
                _wrap(loop)


def _wrap(loop: scf.ForOp) -> None:
    c0 = arith.ConstantOp(IntegerAttr(0, IndexType()))
    c1 = arith.ConstantOp(IntegerAttr(1, IndexType()))
    c0.location = c1.location = loop.location
    body = Block(arg_types=[IndexType()])
    par = scf.ParallelOp([c0.result], [c1.result], [c1.result], Region(body))
    par.location = loop.location
    Rewriter.insert_op([c0, c1, par], InsertPoint.before(loop))
    loop.detach()
    body.add_ops([loop, scf.ReduceOp()])


def _nest(loop: scf.ForOp) -> list[scf.ForOp] | None:
    """The loops of a perfect nest with loop-invariant bounds, outermost first."""
    loops = [loop]
    while True:
        ops = list(loops[-1].body.block.ops)
        if len(ops) == 2 and isinstance(ops[0], scf.ForOp) and not ops[0].results:
            loops.append(ops[0])
            continue
        break
    for inner in loops[1:]:
        for bound in (inner.lb, inner.ub, inner.step):
            owner = bound.owner
            op = owner if isinstance(owner, Operation) else owner.parent_op()
            if op is not None and loop.is_ancestor(op):
                return None
    return loops


_ATOMIC_TYPES = (Float32Type, Float64Type)


def _atomic_kind(t: object) -> int | None:
    """memref.atomic_rmw's kind for an add of type t (addf 0, addi 1), or None."""
    if isinstance(t, _ATOMIC_TYPES):
        return 0
    if isinstance(t, IntegerType) and t.width.data in (32, 64):
        return 1
    return None


def _parallel_scatter_add(loop: scf.ForOp) -> bool:
    """Rewrite a scatter-add nest as an scf.parallel with an atomic add; False (nothing
    changed) when the nest does not have that form."""
    loops = _nest(loop)
    if loops is None:
        return False
    body = loops[-1].body.block
    stores = [o for o in body.ops if isinstance(o, memref.StoreOp)]
    if len(stores) != 1 or not is_device(stores[0].memref):
        return False
    store = stores[0]
    m = store.memref
    added = store.value.owner
    if not isinstance(added, arith.AddfOp | arith.AddiOp) or not store.value.has_one_use():
        return False
    kind = _atomic_kind(store.value.type)
    if kind is None or (kind == 0) != isinstance(added, arith.AddfOp):
        return False
    loads = [o for o in body.ops if isinstance(o, memref.LoadOp) and o.memref == m]
    if len(loads) != 1 or list(loads[0].indices) != list(store.indices):
        return False
    load = loads[0]
    operands = (added.lhs, added.rhs)
    if not load.res.has_one_use() or load.res not in operands or operands[0] == operands[1]:
        return False  # the add must read the loaded element once, plus another value
    value: SSAValue = added.rhs if added.lhs == load.res else added.lhs
    if any(u.operation not in (load, store) for u in m.uses if loop.is_ancestor(u.operation)):
        return False
    # the atomic add, then the loops become one scf.parallel over the same ranges
    rmw = memref.AtomicRMWOp(
        operands=[value, m, list(store.indices)],
        result_types=[store.value.type],
        properties={"kind": IntegerAttr(kind, i64)},
    )
    rmw.location = store.location
    Rewriter.insert_op(rmw, InsertPoint.before(store))
    for o in (store, added, load):
        Rewriter.erase_op(o)
    block = Block(arg_types=[IndexType()] * len(loops))
    for arg, lp in zip(block.args, loops):
        lp.body.block.args[0].replace_all_uses_with(arg)
    for o in list(body.ops):
        if isinstance(o, scf.YieldOp):
            continue
        o.detach()
        block.add_op(o)
    block.add_op(scf.ReduceOp())
    par = scf.ParallelOp(
        [lp.lb for lp in loops], [lp.ub for lp in loops], [lp.step for lp in loops],
        Region(block),
    )  # fmt: skip
    par.location = loop.location
    Rewriter.replace_op(loop, par)
    return True


__all__ = ["WrapSequentialLoopsPass"]
