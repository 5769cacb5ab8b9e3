"""`convert-parallel-loops-to-gpu{block-size=256}`: mapped `scf.parallel` -> `gpu.launch`.

Input: host functions whose top-level `scf.parallel` loops (not nested in another
`scf.parallel`, not in device code) carry the `mapping` of `gpu-map-loops-coalesced`:
exactly one dim mapped to `thread_x`, at most one to `block_y` and one to `block_z`, the
others `sequential`, every map and bound the identity; loops nested in them are mapped
`sequential` in every dim.  Loops have no reductions (no init values/results).  Any
lower bound and (positive) step.

Output, per top-level loop, in place of it:

* on the host, in `index` arithmetic before the launch: the trip count `n_d` of each
  dim mapped to a processor (`max(0, ceildiv(ub - lb, step))`, simply `ub` for
  `lb = 0, step = 1` when `ub` cannot be negative, a constant when static), the block
  size `B` (`block-size`, or when `n_thread_x` is static and smaller, `n_thread_x`
  rounded up to a multiple of 32), `gridX = ceildiv(n_thread_x, B)`, `gridY =
  min(n_block_y, 65535)` and `gridZ = min(n_block_z, 65535)` (1 for a missing dim);
* `gpu.launch blocks(gridX, gridY, gridZ) threads(B, 1, 1)` whose body computes
  `i = block_id.x * block_dim.x + thread_id.x`, guards it with `scf.if i < n_thread_x`
  (so sizes that are not a multiple of `B` work), walks the `block_y`/`block_z` dims with
  grid-stride `scf.for %j = block_id.y to n_block_y step grid_dim.y` (just `block_id.y`
  when the extent is static and fits the grid), runs `sequential` dims as `scf.for`
  loops (in dim order, nested loops included), maps each normalized index back to the
  loop's `lb + j * step` and holds the loop body.

The launch's body refers to host values (bounds, buffers, scalars) directly; it uses the
launch's block arguments for the ids and sizes (block ids, thread ids, grid size, block
size; upstream's order).  Everything else is kept.  Diagnostics: a top-level or nested
`scf.parallel` without `mapping`, a `mapping` that does not fit the loop or this scheme,
a loop with reductions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects import arith, gpu, memref, scf
from xdsl.dialects.builtin import ArrayAttr, IndexType, IntegerAttr, ModuleOp
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.ir.affine import AffineMap
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import InsertPoint

from arignote.errors import PassError
from arignote.lowering.ir_builder import static_index
from arignote.ir import diagnostic
from arignote.passes.gpu_map_loops_coalesced import (
    MAPPING_ATTR,
    WARP_SIZE,
    check_block_size,
    enclosing_parallel,
    is_device_code,
)

PASS_NAME = "convert-parallel-loops-to-gpu"
#: largest gridDim.y / gridDim.z a launch may use
MAX_GRID_YZ = 65535

#: name hints of the 12 block arguments of a gpu.launch body, in upstream's order
LAUNCH_ARG_NAMES = tuple(
    f"{what}_{axis}" for what in ("bid", "tid", "gdim", "bdim") for axis in "xyz"
)

Proc = gpu.ProcessorEnum
_SUPPORTED = (Proc.Thread_X, Proc.Block_Y, Proc.Block_Z, Proc.Sequential)


def _fail(op: Operation, message: str) -> PassError:
    return PassError(diagnostic(op, PASS_NAME, message))


def _nonnegative(value: SSAValue) -> bool:
    """Whether `value` is known not to be negative (a constant >= 0 or a memref.dim)."""
    known = static_index(value)
    return (known is not None and known >= 0) or isinstance(value.owner, memref.DimOp)


@dataclass
class IndexBuilder:
    """Builds `index` arithmetic into a list of ops, folding constants."""

    ops: list[Operation] = field(default_factory=list[Operation])

    def emit(self, op: Operation, name: str | None = None) -> SSAValue:
        self.ops.append(op)
        result = op.results[0]
        if name is not None:
            result.name_hint = name
        return result

    def const(self, v: int, name: str | None = None) -> SSAValue:
        return self.emit(arith.ConstantOp(IntegerAttr.from_index_int_value(v)), name)

    def add(self, a: SSAValue, b: SSAValue, name: str | None = None) -> SSAValue:
        if static_index(b) == 0:
            return a
        return self.emit(arith.AddiOp(a, b), name)

    def mul(self, a: SSAValue, b: SSAValue, name: str | None = None) -> SSAValue:
        if static_index(b) == 1:
            return a
        return self.emit(arith.MuliOp(a, b), name)


@dataclass(frozen=True)
class DimPlan:
    """One dim of a mapped loop: its position, processor and bounds."""

    index: int
    processor: Proc
    lb: SSAValue
    ub: SSAValue
    step: SSAValue


def check_mapping(loop: scf.ParallelOp, *, nested: bool) -> list[Proc]:
    """The processors of `loop`'s dims; a diagnostic when the mapping does not fit."""
    rank = len(loop.lowerBound)
    where = "nested in a mapped loop " if nested else ""
    if loop.initVals or loop.res:
        raise _fail(loop, f"{where}has {len(loop.res)} reduction(s); only loops without "
                          "reductions become a gpu.launch")
    mapping = loop.attributes.get(MAPPING_ATTR)
    if mapping is None:
        raise _fail(loop, f"{where}has no 'mapping' attribute: run gpu-map-loops-coalesced "
                          "before convert-parallel-loops-to-gpu")
    if not isinstance(mapping, ArrayAttr) or len(mapping.data) != rank or not all(
        isinstance(m, gpu.LoopDimMapAttr) for m in mapping.data
    ):
        raise _fail(loop, f"has a 'mapping' that does not fit: expected {rank} "
                          f"#gpu.loop_dim_map entries (one per loop dim), got {mapping}")
    procs: list[Proc] = []
    identity = AffineMap.identity(1)
    for k, m in enumerate(mapping.data):
        assert isinstance(m, gpu.LoopDimMapAttr)
        if m.map.data != identity or m.bound.data != identity:
            raise _fail(loop, f"has a 'mapping' that does not fit: dim {k} has map = "
                              f"{m.map.data}, bound = {m.bound.data}; only the identity "
                              "(d0) -> (d0) is supported")
        proc = m.processor.data
        if proc not in _SUPPORTED:
            raise _fail(loop, f"has a 'mapping' that does not fit: dim {k} is mapped to "
                              f"{proc}; supported are thread_x (1-D blocks, blocks along "
                              "x), block_y, block_z and sequential")
        procs.append(proc)
    if nested:
        if any(p != Proc.Sequential for p in procs):
            raise _fail(loop, "nested in a mapped loop has a 'mapping' that does not fit: "
                              "a nested loop must be sequential in every dim")
        return procs
    for proc in (Proc.Thread_X, Proc.Block_Y, Proc.Block_Z):
        count = procs.count(proc)
        if count > 1 or (proc == Proc.Thread_X and count == 0):
            raise _fail(loop, f"has a 'mapping' that does not fit: {count} dims are "
                              f"mapped to {proc}; expected "
                              f"{'exactly one' if proc == Proc.Thread_X else 'at most one'}")
    return procs


def trip_count(b: IndexBuilder, dim: DimPlan) -> SSAValue:
    """Host value of the number of iterations of `dim` (never negative)."""
    lb, ub, step = static_index(dim.lb), static_index(dim.ub), static_index(dim.step)
    name = f"n{dim.index}"
    if lb is not None and ub is not None and step is not None:
        return b.const(max(0, -((lb - ub) // step)), name)
    if lb == 0 and step == 1 and _nonnegative(dim.ub):
        return dim.ub
    span = dim.ub if lb == 0 else b.emit(arith.SubiOp(dim.ub, dim.lb))
    if step != 1:
        span = b.emit(arith.AddiOp(span, b.emit(arith.SubiOp(dim.step, b.const(1)))))
        span = b.emit(arith.DivSIOp(span, dim.step))
    return b.emit(arith.MaxSIOp(span, b.const(0)), name)


def block_size_for(n_static: int | None, block_size: int) -> int:
    """`block_size`, or a static extent below it rounded up to a whole warp."""
    if n_static is not None and n_static < block_size:
        return max(WARP_SIZE, -(-n_static // WARP_SIZE) * WARP_SIZE)
    return block_size


def _from_normalized(b: IndexBuilder, j: SSAValue, dim: DimPlan) -> SSAValue:
    """`lb + j * step`."""
    return b.add(b.mul(j, dim.step), dim.lb, name=f"i{dim.index}")


def _for_loop(lb: SSAValue, ub: SSAValue, step: SSAValue) -> tuple[scf.ForOp, Block]:
    body = Block(arg_types=[IndexType()])
    body.add_op(scf.YieldOp())
    return scf.ForOp(lb, ub, step, [], body), body


def sequentialize(loop: scf.ParallelOp, rewriter: PatternRewriter) -> None:
    """scf.parallel (sequential in every dim) -> a nest of scf.for, one per dim."""
    ivs: list[SSAValue] = []
    insert = InsertPoint.before(loop)
    outer: scf.ForOp | None = None
    for lb, ub, step in zip(loop.lowerBound, loop.upperBound, loop.step, strict=True):
        for_op, body = _for_loop(lb, ub, step)
        if outer is None:
            outer = for_op
        else:
            rewriter.insert(for_op, insert)
        ivs.append(body.args[0])
        insert = InsertPoint.before(body.last_op)  # type: ignore[arg-type]
    assert outer is not None
    rewriter.insert(outer, InsertPoint.before(loop))
    body_block = loop.body.block
    reduce = body_block.last_op
    rewriter.inline_block(body_block, insert, ivs)
    assert reduce is not None
    rewriter.erase(reduce)
    rewriter.erase(loop)


@dataclass
class ParallelLoopToGpuLaunch(RewritePattern):
    """scf.parallel {mapping} -> host grid arithmetic + gpu.launch {guard, grid-stride loops}."""

    block_size: int = 256

    @op_type_rewrite_pattern
    def match_and_rewrite(self, loop: scf.ParallelOp, rewriter: PatternRewriter, /) -> None:
        if is_device_code(loop) or enclosing_parallel(loop) is not None:
            return
        procs = check_mapping(loop, nested=False)
        nested = [op for op in loop.body.walk() if isinstance(op, scf.ParallelOp)]
        for inner in nested:
            check_mapping(inner, nested=True)

        dims = [
            DimPlan(k, p, lb, ub, st)
            for k, (p, lb, ub, st) in enumerate(
                zip(procs, loop.lowerBound, loop.upperBound, loop.step, strict=True)
            )
        ]
        host = IndexBuilder()
        counts: dict[int, SSAValue] = {
            d.index: trip_count(host, d) for d in dims if d.processor != Proc.Sequential
        }
        by_proc = {d.processor: d for d in dims if d.processor != Proc.Sequential}

        tx = by_proc[Proc.Thread_X]
        n_x = counts[tx.index]
        bx = block_size_for(static_index(n_x), self.block_size)
        one = host.const(1)
        block_x = host.const(bx, "block_x")
        grid = [self._grid_x(host, n_x, block_x)]
        for proc in (Proc.Block_Y, Proc.Block_Z):
            d = by_proc.get(proc)
            grid.append(one if d is None else self._grid_yz(host, counts[d.index]))
        rewriter.insert(host.ops, InsertPoint.before(loop))

        # the kernel body: block ids, thread ids, grid size, block size (upstream's order)
        entry = Block(arg_types=[IndexType()] * 12)
        for arg, name in zip(entry.args, LAUNCH_ARG_NAMES, strict=True):
            arg.name_hint = name
        bid, tid, gdim, bdim = (entry.args[k : k + 3] for k in range(0, 12, 3))
        dev = IndexBuilder()
        i_x = dev.add(dev.mul(bid[0], bdim[0]), tid[0], "ix")
        in_range = dev.emit(arith.CmpiOp(i_x, n_x, "slt"), "in_range")
        then_block = Block([scf.YieldOp()])
        dev.ops.append(scf.IfOp(in_range, [], Region(then_block)))
        entry.add_ops([*dev.ops, gpu.TerminatorOp()])

        # dims in order: sequential dims and y/z dims beyond the grid become loops, nested
        # in dim order inside the guard; `cursor` is the innermost block so far
        ivs: list[SSAValue] = []
        cursor = then_block
        for d in dims:
            if d.processor == Proc.Sequential:
                cursor = _nest(cursor, d.lb, d.ub, d.step)
                ivs.append(cursor.args[0])
                continue
            if d.processor == Proc.Thread_X:
                j = i_x
            else:
                axis = 1 if d.processor == Proc.Block_Y else 2
                n = counts[d.index]
                n_static = static_index(n)
                if n_static is not None and n_static <= MAX_GRID_YZ:
                    j = bid[axis]
                else:  # grid-stride: for j = block_id to n step grid_dim
                    cursor = _nest(cursor, bid[axis], n, gdim[axis])
                    j = cursor.args[0]
            b = IndexBuilder()
            ivs.append(_from_normalized(b, j, d))
            _insert_before_terminator(cursor, b.ops)

        launch = gpu.LaunchOp(Region(entry), grid, [block_x, one, one])
        rewriter.insert(launch, InsertPoint.before(loop))
        body = loop.body.block
        reduce = body.last_op
        assert cursor.last_op is not None and reduce is not None
        rewriter.inline_block(body, InsertPoint.before(cursor.last_op), ivs)
        rewriter.erase(reduce)
        rewriter.erase(loop)
        for inner in nested:
            sequentialize(inner, rewriter)

    @staticmethod
    def _grid_x(host: IndexBuilder, n: SSAValue, block_x: SSAValue) -> SSAValue:
        """`ceildiv(n, block_x)` (`n` is never negative)."""
        bx = static_index(block_x)
        assert bx is not None
        n_static = static_index(n)
        if n_static is not None:
            return host.const(-(-n_static // bx), "grid_x")
        padded = host.emit(arith.AddiOp(n, host.const(bx - 1)))
        return host.emit(arith.DivUIOp(padded, block_x), "grid_x")

    @staticmethod
    def _grid_yz(host: IndexBuilder, n: SSAValue) -> SSAValue:
        n_static = static_index(n)
        if n_static is not None:
            return host.const(min(n_static, MAX_GRID_YZ))
        return host.emit(arith.MinSIOp(n, host.const(MAX_GRID_YZ)))


def _nest(block: Block, lb: SSAValue, ub: SSAValue, step: SSAValue) -> Block:
    """Put a new `scf.for lb to ub step step` at the end of freshly built `block`; its body."""
    for_op, body = _for_loop(lb, ub, step)
    _insert_before_terminator(block, [for_op])
    return body


def _insert_before_terminator(block: Block, ops: Sequence[Operation]) -> None:
    """Add freshly built ops to a freshly built (not yet attached) block."""
    terminator = block.last_op
    assert terminator is not None
    block.insert_ops_before(list(ops), terminator)


@dataclass(frozen=True)
class ConvertParallelLoopsToGpuPass(ModulePass):
    """Turn each mapped top-level scf.parallel into a guarded, grid-strided gpu.launch."""

    name = "convert-parallel-loops-to-gpu"

    block_size: int = 256

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        check_block_size(self.block_size, self.name)
        PatternRewriteWalker(
            ParallelLoopToGpuLaunch(self.block_size), apply_recursively=False
        ).rewrite_module(op)
