"""`interchange-reduction-loops`: put a reduction loop outside its parallel loop (CPU).

Input invariant: loop-level IR (docs/internals.md, level 4) as
`convert-linalg-to-parallel-loops` emits it for a reduction: an `scf.parallel` whose body
is exactly

    %a_k = memref.load %out_k[%j...]            (one per accumulator)
    %r... = scf.for %i = %lb to %ub step %s iter_args(%acc_k = %a_k) { body; scf.yield }
    memref.store %r_k, %out_k[%j...]            (one per accumulator, same indices)
    scf.reduce

where each index `%j` of an accumulator is an induction variable of the parallel loop or
a value defined outside it (the constant 0 of a size-1 dim).  Each
output element is then a sequential fold over `%i`; when the inputs are laid out with a
parallel dim innermost (e.g. a sum over axis 0 of a row-major matrix), the inner `%i`
loop strides through memory.

Rewrite, when the `scf.for` body is straight-line (no regions), touches memory only by
`memref.load`s of buffers other than the outputs, its bounds do not depend on the
parallel loop, and some load's last index is the parallel loop's last induction variable
while `%i` indexes an outer dim (so the interchange makes the inner accesses contiguous):

    scf.for %i = %lb to %ub step %s {
      scf.parallel (%p...) { %acc_k = memref.load %out_k[%p...]; body;
                             memref.store %new_k, %out_k[%p...]; scf.reduce }
    }

Every output element still folds its terms in the same order (`%i` ascending, from the
value the output held), so results are bitwise the same; only the traversal changes.
This is for CPU kernels, which run parallel loops sequentially and want contiguous
inner loops; GPU pipelines keep one thread per output and must not run it (a serial
outer loop would serialise the grid).  Anything else is kept as it is; the pass emits no
diagnostics.
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects import memref, scf
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)


class InterchangeReductionLoop(RewritePattern):
    """scf.parallel { load acc; scf.for { fold }; store } -> scf.for { scf.parallel { ... } }."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: scf.ParallelOp, rewriter: PatternRewriter) -> None:
        if op.initVals or len(op.body.blocks) != 1:
            return
        block = op.body.block
        ivs = list(block.args)
        ops = list(block.ops)
        loops = [o for o in ops if isinstance(o, scf.ForOp)]
        if len(loops) != 1 or not isinstance(ops[-1], scf.ReduceOp) or ops[-1].operands:
            return
        loop = loops[0]
        k = ops.index(loop)
        loads, stores = ops[:k], ops[k + 1 : -1]
        n = len(loop.iter_args)
        if n == 0 or len(loads) != n or len(stores) != n:
            return
        for j, (ld, st) in enumerate(zip(loads, stores)):
            if not isinstance(ld, memref.LoadOp) or not isinstance(st, memref.StoreOp):
                return
            idx = list(ld.indices)
            if list(st.indices) != idx or not all(
                i in ivs or not op.is_ancestor(i.owner) for i in idx
            ):
                return
            if ld.memref != st.memref or loop.iter_args[j] != ld.res:
                return
            if st.value != loop.results[j] or not ld.res.has_one_use():
                return
        outs = {ld.memref for ld in loads}
        for v in (loop.lb, loop.ub, loop.step):
            if op.is_ancestor(v.owner):
                return
        body = loop.body.block
        strided = False
        for inner in body.ops:
            if inner.regions:
                return
            if isinstance(inner, memref.StoreOp):
                return
            if isinstance(inner, memref.LoadOp):
                if inner.memref in outs:
                    return
                idx = list(inner.indices)
                if idx and idx[-1] == ivs[-1] and body.args[0] in idx[:-1]:
                    strided = True
            elif inner.name.startswith("memref.") or inner.name.startswith("func."):
                return
        if not strided:
            return
        # outer: the sequential loop (no iter_args); inner: the parallel loop, whose body
        # loads each accumulator, folds one term and stores it back
        new_par_block = Block(arg_types=[iv.type for iv in ivs])
        new_for_block = Block(arg_types=[body.args[0].type])
        mapping: dict[SSAValue, SSAValue] = dict(zip(ivs, new_par_block.args))
        mapping[body.args[0]] = new_for_block.args[0]
        for j, ld in enumerate(loads):
            new_ld = memref.LoadOp.get(ld.memref, [mapping.get(i, i) for i in ld.indices])
            new_ld.location = ld.location
            new_par_block.add_op(new_ld)
            mapping[body.args[1 + j]] = new_ld.res
        yielded: list[SSAValue] = []
        for inner in body.ops:
            if isinstance(inner, scf.YieldOp):
                yielded = [mapping.get(v, v) for v in inner.operands]
                continue
            clone = inner.clone(value_mapper=mapping)
            new_par_block.add_op(clone)
            for old, new in zip(inner.results, clone.results):
                mapping[old] = new
        for st, v in zip(stores, yielded):
            new_st = memref.StoreOp.get(v, st.memref, [mapping.get(i, i) for i in st.indices])
            new_st.location = st.location
            new_par_block.add_op(new_st)
        new_par_block.add_op(scf.ReduceOp())
        new_par = scf.ParallelOp(
            list(op.lowerBound), list(op.upperBound), list(op.step), Region(new_par_block)
        )
        new_par.attributes.update(op.attributes)
        new_par.location = op.location
        new_for_block.add_ops([new_par, scf.YieldOp()])
        new_for = scf.ForOp(loop.lb, loop.ub, loop.step, [], Region(new_for_block))
        new_for.location = loop.location
        rewriter.replace(op, new_for, [])


class InterchangeReductionLoopsPass(ModulePass):
    name = "interchange-reduction-loops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(InterchangeReductionLoop(), apply_recursively=False).rewrite_module(op)
