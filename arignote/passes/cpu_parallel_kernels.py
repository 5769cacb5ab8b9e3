"""`cpu-parallel-kernels{min-work=N min-cost=C}`: CPU kernels whose nest is one
`scf.parallel` run their first parallel dim in chunks on the thread pool.

Input invariant: CPU kernels as `cpu-kernel-outlining` makes them (level 5a): `func.func`s
marked `arignote.kernel`.

Output: each kernel `@k` whose body is `arith.constant`s, one `scf.parallel` and
`func.return`, whose nest calls nothing (a gemm inside runs on OpenBLAS's own threads),
whose body costs at least `min-cost` (`cost` below: fills and copies, which only move
memory, stay on one thread), whose first dim is not statically a single iteration, and
whose static work (when all bounds are constants) is at least `2 * min-work`
(iterations times `cost`), becomes two kernels:

- `@k_chunk(%lo: index, %hi: index, <k's arguments>)` (placed after `@k`; the name is made
  unique) holds the nest, its first dim running over the iterations [lo, hi) of the
  original: lower bound `lb + lo * step`, upper bound `lb + hi * step`;
- `@k` keeps its signature and runs, with `trips = ceildiv(ub - lb, step)` of the first
  dim, `work` the iterations one step of the first dim runs (the other dims' trip
  counts times, summed over sibling loops, the trip counts of the loops nested in the
  body whose bounds are known before the nest, the loops of both branches of an `scf.if`
  counted as if both ran; at least 1) and `cost` the ops of the
  nest's body (a `math` op counts MATH_OP_COST, a constant, loop or terminator nothing,
  any other op 1; at least 1),

      %g = ceildiv(ceildiv(min-work, cost), work)
      loop.parallel_for @k_chunk(%trips) grain(%g) args(<k's arguments>)

Every output is computed by the same ops in the same order whichever thread runs its
chunk: results do not depend on the number of threads.  `min-work` is the cost (ops
times iterations) a chunk must hold to be worth a thread (MIN_WORK_DEFAULT, measured);
the pool runs a region on one thread when it has fewer than two grains.  Other
kernels, and everything outside kernels, are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, func, scf
from xdsl.dialects.builtin import IndexType, IntegerAttr, ModuleOp
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.traits import IsTerminator

from arignote.dialects.loop import ParallelForOp
from arignote.lowering.kernel_abi import KERNEL_ATTR
from arignote.passes.cpu_kernel_outlining import taken_symbols

PASS_NAME = "cpu-parallel-kernels"

#: the cost per chunk below which a thread is not worth it.  Measured on this 2-core
#: machine (docs/internals.md, "Every core"): two threads beat one from 16k elements of
#: x + 1 (cost 3: load, add, store) and from under 4k of tanh(x) (cost 12); a region
#: runs in parallel from two chunks, 2 * 2^15 / 3 = 22k elements of x + 1.
MIN_WORK_DEFAULT = 1 << 15

#: the cost of one `math` op (an expansion of tens of ops, or a libm call)
MATH_OP_COST = 10

#: nests cheaper than this per iteration stay on one thread: a fill (cost 1) or a copy
#: (2) only moves memory, which two threads do no faster than one on this machine
#: (copy bandwidth 25.4 GB/s with one thread, 24.5 with two: the yardstick's line), and
#: each split kernel costs compile time (a chunk function, a trampoline: W5b has 16
#: such nests of 40)
MIN_COST_DEFAULT = 3


def parallel_nest(kernel: func.FuncOp) -> scf.ParallelOp | None:
    """The kernel's one `scf.parallel` when the body is constants, it and a return."""
    if not kernel.body.blocks or len(kernel.body.blocks) != 1:
        return None
    loops = []
    for op in kernel.body.block.ops:
        if isinstance(op, scf.ParallelOp):
            loops.append(op)
        elif not isinstance(op, arith.ConstantOp | func.ReturnOp):
            return None
    if len(loops) != 1:
        return None
    loop = loops[0]
    if any(_is_call(op) for op in loop.walk()):
        return None
    return loop


def _is_call(op: Operation) -> bool:
    return "call" in op.name.split(".", 1)[-1] or op.dialect_name() == "libcall"


def body_cost(loop: scf.ParallelOp) -> int:
    """The weighted op count of a nest's body (see the module docstring)."""
    cost = 0
    for op in loop.body.walk():
        if isinstance(op, arith.ConstantOp | scf.ForOp | scf.ParallelOp) or op.has_trait(
            IsTerminator
        ):
            continue
        cost += MATH_OP_COST if op.dialect_name() == "math" else 1
    return max(cost, 1)


def _constant(value: SSAValue) -> int | None:
    owner = value.owner
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None


def _static_trips(lb: SSAValue, ub: SSAValue, step: SSAValue) -> int | None:
    a, b, s = _constant(lb), _constant(ub), _constant(step)
    if a is None or b is None or s is None or s <= 0:
        return None
    return max(0, -(-(b - a) // s))


def _static_work(loop: scf.ParallelOp) -> int | None:
    """The nest's iterations when every bound is a constant, else None."""
    total = 1
    for lb, ub, step in zip(loop.lowerBound, loop.upperBound, loop.step, strict=True):
        trips = _static_trips(lb, ub, step)
        if trips is None:
            return None
        total *= trips
    inner = _static_body_work(loop.body.block)
    return None if inner is None else total * inner


def _static_body_work(block: Block) -> int | None:
    total = 0
    for op in block.ops:
        if isinstance(op, scf.ForOp | scf.ParallelOp):
            bounds = (
                [(op.lb, op.ub, op.step)]
                if isinstance(op, scf.ForOp)
                else zip(op.lowerBound, op.upperBound, op.step)
            )
            trips = 1
            for lb, ub, step in bounds:
                t = _static_trips(lb, ub, step)
                if t is None:
                    return None
                trips *= t
            inner = _static_body_work(op.body.block)
            if inner is None:
                return None
            total += trips * inner
    return max(total, 1)


class _Builder:
    """Index arithmetic inserted before one op, folding the trivial cases."""

    def __init__(self, before: Operation):
        self.point = InsertPoint.before(before)

    def emit(self, op: Operation) -> SSAValue:
        Rewriter.insert_op(op, self.point)
        return op.results[0]

    def const(self, v: int) -> SSAValue:
        return self.emit(arith.ConstantOp(IntegerAttr(v, IndexType())))

    def add(self, a: SSAValue, b: SSAValue) -> SSAValue:
        if _constant(b) == 0:
            return a
        if _constant(a) == 0:
            return b
        return self.emit(arith.AddiOp(a, b))

    def mul(self, a: SSAValue, b: SSAValue) -> SSAValue:
        if _constant(b) == 1:
            return a
        if _constant(a) == 1:
            return b
        return self.emit(arith.MuliOp(a, b))

    def trips(self, lb: SSAValue, ub: SSAValue, step: SSAValue) -> SSAValue:
        if _constant(lb) == 0 and _constant(step) == 1:
            return ub
        span = ub if _constant(lb) == 0 else self.emit(arith.SubiOp(ub, lb))
        if _constant(step) == 1:
            return span
        return self.emit(arith.CeilDivSIOp(span, step))

    def at_least_one(self, v: SSAValue) -> SSAValue:
        c = _constant(v)
        if c is not None:
            return self.const(max(c, 1))
        return self.emit(arith.MaxSIOp(v, self.const(1)))


def _outside(value: SSAValue, loop: Operation) -> bool:
    owner = value.owner
    op = owner if isinstance(owner, Operation) else owner.parent_op()
    while op is not None:
        if op is loop:
            return False
        op = op.parent_op()
    return True


def _body_work(b: _Builder, block: Block, top: Operation) -> SSAValue | None:
    """Iterations of `block`'s loops per run of it (None: no loop with known bounds)."""
    total: SSAValue | None = None
    for op in block.ops:
        if isinstance(op, scf.IfOp):
            for region in op.regions:
                if region.blocks and (inner := _body_work(b, region.block, top)) is not None:
                    total = inner if total is None else b.add(total, inner)
            continue
        if isinstance(op, scf.ForOp):
            bounds: Sequence[tuple[SSAValue, SSAValue, SSAValue]] = [(op.lb, op.ub, op.step)]
        elif isinstance(op, scf.ParallelOp):
            bounds = list(zip(op.lowerBound, op.upperBound, op.step))
        else:
            continue
        trips: SSAValue | None = None
        for lb, ub, step in bounds:
            if all(_outside(v, top) for v in (lb, ub, step)):
                t = b.trips(lb, ub, step)
                trips = t if trips is None else b.mul(trips, t)
        inner = _body_work(b, op.body.block, top)
        if inner is not None:
            trips = inner if trips is None else b.mul(trips, inner)
        if trips is not None:
            total = trips if total is None else b.add(total, trips)
    return total


def _unique(name: str, taken: set[str]) -> str:
    k, candidate = 0, name
    while candidate in taken:
        k += 1
        candidate = f"{name}{k}"
    taken.add(candidate)
    return candidate


def _dispatch(kernel: func.FuncOp, loop: scf.ParallelOp, chunk: str, min_work: int) -> None:
    """Put `loop.parallel_for @chunk` with its trips and grain before the kernel's nest
    (which `_move_into_chunk` then takes away)."""
    b = _Builder(loop)
    trips = b.trips(loop.lowerBound[0], loop.upperBound[0], loop.step[0])
    work: SSAValue | None = None
    for lb, ub, step in list(zip(loop.lowerBound, loop.upperBound, loop.step))[1:]:
        t = b.trips(lb, ub, step)
        work = t if work is None else b.mul(work, t)
    inner = _body_work(b, loop.body.block, loop)
    if inner is not None:
        work = inner if work is None else b.mul(work, inner)
    per_chunk = -(-min_work // body_cost(loop))
    if work is None:
        grain = b.const(per_chunk)
    else:
        # ceildiv of positive numbers: (per_chunk - 1 + w) / w, w = max(work, 1)
        w = b.at_least_one(work)
        grain = b.emit(arith.DivUIOp(b.add(b.const(per_chunk - 1), w), w))
    Rewriter.insert_op(
        ParallelForOp(chunk, trips, grain, list(kernel.body.block.args)), b.point
    )


def _move_into_chunk(kernel: func.FuncOp, loop: scf.ParallelOp, name: str) -> func.FuncOp:
    """`@name(%lo, %hi, <kernel's arguments>)`: the kernel's constants (cloned) and its
    nest (moved, not copied), dim 0 over [lo, hi); the kernel keeps the constants it
    still uses."""
    old = kernel.body.block
    block = Block(arg_types=[IndexType(), IndexType(), *(a.type for a in old.args)])
    lo, hi = block.args[0], block.args[1]
    lo.name_hint, hi.name_hint = "lo", "hi"
    mapper: dict[SSAValue, SSAValue] = {}
    for a, new in zip(old.args, block.args[2:], strict=True):
        new.name_hint = a.name_hint
        mapper[a] = new
    for op in old.ops:
        if isinstance(op, arith.ConstantOp):
            clone = op.clone()
            block.add_op(clone)
            mapper[op.result] = clone.result
    loop.detach()
    block.add_op(loop)
    block.add_op(func.ReturnOp())
    for op in loop.walk():
        if any(v in mapper for v in op.operands):
            op.operands = [mapper.get(v, v) for v in op.operands]
    chunk = func.FuncOp(name, ([a.type for a in block.args], []), Region(block))
    chunk.attributes[KERNEL_ATTR] = kernel.attributes[KERNEL_ATTR]
    b = _Builder(loop)
    lb, step = loop.lowerBound[0], loop.step[0]
    operands = list(loop.operands)
    operands[0] = b.add(lb, b.mul(lo, step))
    operands[len(loop.lowerBound)] = b.add(lb, b.mul(hi, step))
    loop.operands = operands
    for op in list(old.ops):
        if isinstance(op, arith.ConstantOp) and not op.result.uses:
            Rewriter.erase_op(op)
    for op in list(block.ops):
        if isinstance(op, arith.ConstantOp) and not op.result.uses:
            Rewriter.erase_op(op)
    return chunk


def worth_parallel(loop: scf.ParallelOp, min_work: int) -> bool:
    """Whether a nest may hold two chunks of `min_work` (unknown sizes may)."""
    if _static_trips(loop.lowerBound[0], loop.upperBound[0], loop.step[0]) in (0, 1):
        return False
    work = _static_work(loop)
    return work is None or work * body_cost(loop) >= 2 * min_work


@dataclass(frozen=True)
class CpuParallelKernelsPass(ModulePass):
    """Run each CPU kernel's parallel loop in chunks on the thread pool."""

    name = PASS_NAME

    min_work: int = MIN_WORK_DEFAULT
    min_cost: int = MIN_COST_DEFAULT

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        kernels = [
            k
            for k in op.body.block.ops
            if isinstance(k, func.FuncOp) and KERNEL_ATTR in k.attributes
        ]
        taken = taken_symbols(op)
        for kernel in kernels:
            loop = parallel_nest(kernel)
            if loop is None or body_cost(loop) < self.min_cost:
                continue
            if not worth_parallel(loop, max(self.min_work, 1)):
                continue
            name = _unique(f"{kernel.sym_name.data}_chunk", taken)
            _dispatch(kernel, loop, name, max(self.min_work, 1))
            Rewriter.insert_op(_move_into_chunk(kernel, loop, name), InsertPoint.after(kernel))


__all__ = [
    "CpuParallelKernelsPass", "MATH_OP_COST", "MIN_COST_DEFAULT", "MIN_WORK_DEFAULT",
    "PASS_NAME", "body_cost", "parallel_nest",
]  # fmt: skip
