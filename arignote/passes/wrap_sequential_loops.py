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

with fresh index constants before it; `gpu-map-parallel-loops` and the outlining passes
then treat it like any other loop (one block of one thread runs the whole nest, in
order: correct for both modes, but serial -- a parallel scatter with atomics is the
faster form).  Kept as they are: `scf.for` nests that touch only host memory, nests
inside other loops, functions marked `arignote.kernel`.  The pass emits no diagnostics.
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects import arith, func, memref, scf
from xdsl.dialects.builtin import IndexType, IntegerAttr, ModuleOp
from xdsl.ir import Block, Region
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.passes.buffer_placement import is_device


def _touches_device(loop: scf.ForOp) -> bool:
    for o in loop.walk():
        if isinstance(o, memref.LoadOp | memref.StoreOp) and is_device(o.memref):
            return True
    return False


class WrapSequentialLoopsPass(ModulePass):
    name = "wrap-sequential-loops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for f in list(op.walk()):
            if not isinstance(f, func.FuncOp) or not f.body.blocks:
                continue
            if "arignote.kernel" in f.attributes:
                continue
            for block in f.body.blocks:
                for loop in [o for o in block.ops if isinstance(o, scf.ForOp)]:
                    if loop.results or not _touches_device(loop):
                        continue
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


__all__ = ["WrapSequentialLoopsPass"]
