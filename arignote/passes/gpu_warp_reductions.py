"""`gpu-warp-reductions{min-extent=64}`: a warp or a block per output for large reductions.

Input: loop-level IR of a GPU pipeline (after `convert-linalg-to-parallel-loops` and
`wrap-sequential-loops`, before `gpu-map-loops-coalesced`).  A reduction there is one
GPU thread per output element:

    scf.parallel (%i...) {
      %init = memref.load %out[I]
      %r = scf.for %k = %lb to %ub step %s iter_args(%acc = %init) -> T {
        ... %v ...                      (possibly a nest of scf.for threading %acc)
        %n = <combine> %acc, %v : T     (addf, mulf, maximumf, minimumf, addi, muli,
        scf.yield %n                     maxsi, minsi, maxui, minui, andi, ori, xori)
      }
      memref.store %r, %out[I]
    }

so a long reduced extent runs serially in one thread, and when the reduced dim is the
contiguous one, a warp's loads hit 32 different rows (one sector each).

Output, for each such loop whose reduced extent is dynamic or at least `min-extent`
elements (the product of the nest's static trip counts), whose T is f32, f64 or an
integer of 1 to 64 bits (the any/all flags of index checks too), and which either reads
along the contiguous dim (the outer reduction index is the last index of every load that
uses it) or has at most 32 outputs (statically; e.g. a reduction to a scalar): the loop
with a last dim `%lane` in [0, 32) (`gpu-map-loops-coalesced` maps it to `thread_x`, and
a static extent of 32 makes 32-thread blocks, one warp per output):

    scf.parallel (%i..., %lane) = (..., 0) to (..., 32) {
      %p = scf.for %k = %lb + %lane * %s to %ub step 32 * %s iter_args(%acc = <identity>)
      %r = butterfly all-reduce of %p over the warp: 5 x (nvvm.shfl.sync.bfly, combine)
      scf.if %lane == 0 { memref.store (combine (memref.load %out[I]), %r), %out[I] }
    }

Consecutive lanes read consecutive elements of the reduced dim (coalesced when it is
the contiguous one).  64-bit values shuffle as two 32-bit halves, narrower integers
zero-extended to 32 bits.  The combine must be
associative and commutative (all of the above are); float sums and products are then
computed in a different order than the serial loop (rounding differs in the last bits).
With at most 32 outputs (static sizes) and a reduced extent of at least 1024 (or
dynamic), one block of 256 threads per output instead (a block-wide tree reduction), as a
`gpu.launch` with one block per output:

    gpu.launch blocks(<outputs>, 1, 1) threads(256, 1, 1) {
      %slots = memref.alloca() : memref<8xT, 3>          (shared memory, one per warp)
      %p = the reduction loop from the identity, thread t taking every 256th step
      %w = warp all-reduce of %p;  lane 0: %slots[warp] = %w;  gpu.barrier
      warp 0: %v = lane < 8 ? %slots[lane] : identity; %r = warp all-reduce of %v;
              lane 0: out[I] = combine(out[I], %r)
    }

Kept: every other loop, and a loop with no outputs (a static extent of 0).  Option
`min-extent` (default 64; 0 makes every match a warp reduction).  The pass emits no
diagnostics.
"""

from __future__ import annotations

import math

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, gpu, memref, scf
from xdsl.dialects.builtin import (
    Float32Type,
    Float64Type,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    i32,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.dialects import memref as amemref
from arignote.dialects.nvvm import ShflBflyOp
from arignote.lowering.ir_builder import static_index
from arignote.passes.gpu_map_loops_coalesced import (
    MAPPING_ATTR,
    WARP_SIZE,
    host_loops,
    replace_with_launch,
)

INF = float("inf")
#: at most this many outputs: a warp each even when the reads do not coalesce
FEW_OUTPUTS = 32
#: ... and a block of BLOCK threads each when the reduced extent is at least this (or
#: dynamic)
BLOCK_EXTENT = 1024
BLOCK = 256


#: combine op -> its identity (floats as Python floats, integers as a function of width)
_IDENTITY: dict[type[Operation], object] = {
    arith.AddfOp: 0.0,
    arith.MulfOp: 1.0,
    arith.MaximumfOp: -INF,
    arith.MinimumfOp: INF,
    arith.AddiOp: lambda w: 0,
    arith.MuliOp: lambda w: 1,
    arith.MaxSIOp: lambda w: -(1 << (w - 1)),
    arith.MinSIOp: lambda w: (1 << (w - 1)) - 1,
    arith.MaxUIOp: lambda w: 0,
    arith.MinUIOp: lambda w: -1,
    arith.AndIOp: lambda w: -1,
    arith.OrIOp: lambda w: 0,
    arith.XOrIOp: lambda w: 0,
}


def _supported(t: Attribute) -> bool:
    if isinstance(t, Float32Type | Float64Type):
        return True
    return isinstance(t, IntegerType) and t.width.data in (1, 8, 16, 32, 64)


def _identity(combine: Operation, t: Attribute) -> arith.ConstantOp:
    ident = _IDENTITY[type(combine)]
    if isinstance(t, IntegerType):
        assert callable(ident)
        return arith.ConstantOp(IntegerAttr(ident(t.width.data), t))
    assert isinstance(ident, float)
    return arith.ConstantOp(FloatAttr(ident, t))  # type: ignore[arg-type]


@dataclass
class _Match:
    par: scf.ParallelOp
    init: memref.LoadOp
    loop: scf.ForOp  # the outermost reduction loop
    store: memref.StoreOp
    combine: Operation


def _static_trips(loop: scf.ForOp) -> int | None:
    lb, ub, st = (static_index(v) for v in (loop.lb, loop.ub, loop.step))
    if lb is None or ub is None or st is None or st <= 0:
        return None
    return max(0, -(-(ub - lb) // st))


def _match(par: scf.ParallelOp) -> _Match | None:
    if par.initVals or MAPPING_ATTR in par.attributes:
        return None
    ops = list(par.body.block.ops)
    loops = [o for o in ops if isinstance(o, scf.ForOp)]
    if len(loops) != 1 or len(loops[0].results) != 1:
        return None
    loop = loops[0]
    init = loop.iter_args[0].owner
    if not isinstance(init, memref.LoadOp) or not init.res.has_one_use():
        return None
    res = loop.results[0]
    if not res.has_one_use():
        return None
    store = res.first_use.operation  # type: ignore[union-attr]
    if not isinstance(store, memref.StoreOp) or store.value != res:
        return None
    if store.memref != init.memref or list(store.indices) != list(init.indices):
        return None
    if not _supported(res.type):
        return None
    # follow the carried value down the nest to the combine
    cur = loop
    while True:
        acc = cur.body.block.args[1]
        yielded = cur.body.block.last_op
        assert isinstance(yielded, scf.YieldOp)
        owner = yielded.operands[0].owner
        if isinstance(owner, scf.ForOp) and owner.iter_args[0] == acc and acc.has_one_use():
            cur = owner
            continue
        if type(owner) not in _IDENTITY or not acc.has_one_use():
            return None
        assert isinstance(owner, Operation)
        if acc not in owner.operands:
            return None
        combine = owner
        break
    # the output must not be accessed inside the reduction
    for o in loop.walk():
        if isinstance(o, memref.LoadOp | memref.StoreOp) and o.memref == store.memref:
            return None
    return _Match(par, init, loop, store, combine)


def _extent(loop: scf.ForOp) -> int | None:
    """The product of the static trip counts of the nest (None if any is dynamic)."""
    total = 1
    cur: Operation | None = loop
    while isinstance(cur, scf.ForOp):
        trips = _static_trips(cur)
        if trips is None:
            return None
        total *= trips
        first = next(iter(cur.body.block.ops))
        cur = first if isinstance(first, scf.ForOp) else None
    return total


def _reads_contiguously(loop: scf.ForOp) -> bool:
    """Whether the loop's index is the last index of every load that uses it directly
    (consecutive lanes then read consecutive elements), and some load does."""
    iv = loop.body.block.args[0]
    found = False
    for o in loop.walk():
        if isinstance(o, memref.LoadOp) and iv in o.indices:
            if o.indices[-1] != iv:
                return False
            found = True
    return found


def _shuffle_all(b: list[Operation], v: SSAValue, offset: SSAValue, consts: dict[str, SSAValue]
                 ) -> SSAValue:  # fmt: skip
    """v of lane (lane ^ offset): 32-bit values in one shuffle, 64-bit ones in two."""
    t = v.type

    def shfl(x: SSAValue) -> SSAValue:
        op = ShflBflyOp(consts["mask"], x, offset, consts["clamp"])
        b.append(op)
        return op.result

    if isinstance(t, Float32Type) or (isinstance(t, IntegerType) and t.width.data == 32):
        return shfl(v)
    if isinstance(t, IntegerType) and t.width.data < 32:  # flags and narrow integers
        wide = arith.ExtUIOp(v, i32)
        b.append(wide)
        narrow = arith.TruncIOp(shfl(wide.result), t)
        b.append(narrow)
        return narrow.result
    bits = v
    if isinstance(t, Float64Type):
        cast = arith.BitcastOp(v, i64)
        b.append(cast)
        bits = cast.result
    lo = arith.TruncIOp(bits, i32)
    sh = arith.ShRUIOp(bits, consts["32"])
    hi = arith.TruncIOp(sh.result, i32)
    b += [lo, sh, hi]
    lo2, hi2 = shfl(lo.result), shfl(hi.result)
    elo, ehi = arith.ExtUIOp(lo2, i64), arith.ExtUIOp(hi2, i64)
    up = arith.ShLIOp(ehi.result, consts["32"])
    both = arith.OrIOp(up.result, elo.result)
    b += [elo, ehi, up, both]
    if isinstance(t, Float64Type):
        back = arith.BitcastOp(both.result, t)
        b.append(back)
        return back.result
    return both.result


def _stride_loop(m: _Match, thread: SSAValue, threads: SSAValue) -> None:
    """The reduction loop of thread `thread` of `threads`: from the identity, every
    `threads`-th step (inserted before the loop, which is modified in place)."""
    loop = m.loop
    ident = _identity(m.combine, loop.results[0].type)
    off = arith.MuliOp(thread, loop.step)
    lb = arith.AddiOp(loop.lb, off.result)
    step = arith.MuliOp(loop.step, threads)
    for o in (ident, off, lb, step):
        o.location = loop.location
    Rewriter.insert_op([ident, off, lb, step], InsertPoint.before(loop))
    loop.operands[0] = lb.result
    loop.operands[2] = step.result
    loop.operands[3] = ident.result


def _warp_allreduce(ops: list[Operation], v: SSAValue, combine: Operation) -> SSAValue:
    """A butterfly all-reduce of `v` over the 32 lanes (ops appended to `ops`)."""
    consts: dict[str, SSAValue] = {}
    for name, value, ty in (("mask", -1, i32), ("clamp", 31, i32), ("32", 32, i64)):
        c = arith.ConstantOp(IntegerAttr(value, ty))
        ops.append(c)
        consts[name] = c.result
    for k in (16, 8, 4, 2, 1):
        off = arith.ConstantOp(IntegerAttr(k, i32))
        ops.append(off)
        other = _shuffle_all(ops, v, off.result, consts)
        comb = type(combine)(v, other)
        ops.append(comb)
        v = comb.results[0]
    return v


def _store_once(m: _Match, cond: SSAValue, r: SSAValue) -> scf.IfOp:
    """`scf.if cond { out[I] = combine(out[I], r) }` (the match's load and store)."""
    then = Block()
    m.init.detach()
    m.store.detach()
    then.add_op(m.init)
    total = type(m.combine)(m.init.res, r)
    then.add_op(total)
    m.store.operands[0] = total.results[0]
    then.add_op(m.store)
    then.add_op(scf.YieldOp())
    return scf.IfOp(cond, [], Region(then))


def _rewrite(m: _Match) -> None:
    """One warp per output: the loop gets a lane dim [0, 32)."""
    par, loop = m.par, m.loop
    idx = IndexType()
    zero = arith.ConstantOp(IntegerAttr(0, idx))
    one = arith.ConstantOp(IntegerAttr(1, idx))
    warp = arith.ConstantOp(IntegerAttr(WARP_SIZE, idx))
    for c in (zero, one, warp):
        c.location = par.location
    Rewriter.insert_op([zero, one, warp], InsertPoint.before(par))
    old = par.body.block
    block = Block(arg_types=[idx] * (len(old.args) + 1))
    for a, b in zip(old.args, block.args):
        a.replace_all_uses_with(b)
    lane = block.args[-1]
    for o in list(old.ops):
        o.detach()
        block.add_op(o)
    reduce_op = block.last_op
    assert isinstance(reduce_op, scf.ReduceOp)
    _stride_loop(m, lane, warp.result)
    after: list[Operation] = []
    r = _warp_allreduce(after, loop.results[0], m.combine)
    is0 = arith.CmpiOp(lane, zero.result, "eq")
    after += [is0, _store_once(m, is0.result, r)]
    for o in after:
        o.location = loop.location
    Rewriter.insert_op(after, InsertPoint.before(reduce_op))
    new = scf.ParallelOp(
        [*par.lowerBound, zero.result], [*par.upperBound, warp.result],
        [*par.step, one.result], Region(block),
    )  # fmt: skip
    new.location = par.location
    Rewriter.replace_op(par, new)


def _static_ubs(par: scf.ParallelOp) -> list[int] | None:
    """The loop's upper bounds when all are static, lower bounds 0 and steps 1."""
    out = []
    for lb, ub, st in zip(par.lowerBound, par.upperBound, par.step):
        u = static_index(ub)
        if static_index(lb) != 0 or static_index(st) != 1 or u is None:
            return None
        out.append(u)
    return out


def _rewrite_block(m: _Match, ubs: list[int]) -> None:
    """One block of BLOCK threads per output (few outputs, a long reduction): a
    `gpu.launch` with one block per output; each warp all-reduces its threads' partial
    results, lane 0 of each warp writes it to a shared-memory slot, and after a barrier
    the first warp all-reduces the slots; thread 0 combines with the output and stores."""
    par, loop = m.par, m.loop
    t = loop.results[0].type
    idx = IndexType()
    host = [arith.ConstantOp(IntegerAttr(v, idx)) for v in (math.prod(ubs), 1, BLOCK)]
    for o in host:
        o.location = par.location
    Rewriter.insert_op(host, InsertPoint.before(par))
    entry = Block(arg_types=[idx] * 12)
    bid, tid = entry.args[0], entry.args[3]
    dev: list[Operation] = []

    def c(v: int) -> SSAValue:
        op = arith.ConstantOp(IntegerAttr(v, idx))
        dev.append(op)
        return op.result

    n_warps = BLOCK // WARP_SIZE
    slots = amemref.AllocaOp.get(t, shape=[n_warps], memory_space=IntegerAttr(3, i64))
    dev.append(slots)
    # the output index of this block: bid delinearized over the static sizes
    ivs: list[SSAValue] = []
    rest = bid
    for k in range(len(ubs)):
        stride = math.prod(ubs[k + 1 :])
        q = arith.DivUIOp(rest, c(stride))
        r = arith.RemUIOp(rest, c(stride))
        dev += [q, r]
        ivs.append(q.result)
        rest = r.result
    c32 = c(WARP_SIZE)
    lane_op, warp_op = arith.RemUIOp(tid, c32), arith.DivUIOp(tid, c32)
    dev += [lane_op, warp_op]
    lane, warp_id = lane_op.result, warp_op.result
    old = par.body.block
    for a, v in zip(old.args, ivs):
        a.replace_all_uses_with(v)
    reduce_op = old.last_op
    body_ops = [o for o in old.ops if o is not reduce_op]
    for o in body_ops:
        o.detach()
    dev += body_ops
    entry.add_ops(dev)
    _stride_loop(m, tid, host[2].result)
    after: list[Operation] = []
    r1 = _warp_allreduce(after, loop.results[0], m.combine)
    zero = arith.ConstantOp(IntegerAttr(0, idx))
    is_lane0 = arith.CmpiOp(lane, zero.result, "eq")
    wb = Block()
    wb.add_ops([memref.StoreOp.get(r1, slots.memref, [warp_id]), scf.YieldOp()])
    after += [zero, is_lane0, scf.IfOp(is_lane0.result, [], Region(wb)), gpu.BarrierOp()]
    # the first warp reduces the slots (lanes beyond them read the identity)
    first = arith.CmpiOp(warp_id, zero.result, "eq")
    fb = Block()
    n_slots = arith.ConstantOp(IntegerAttr(BLOCK // WARP_SIZE, idx))
    has = arith.CmpiOp(lane, n_slots.result, "slt")
    lb_ = Block()
    ld = memref.LoadOp.get(slots.memref, [lane])
    lb_.add_ops([ld, scf.YieldOp(ld.res)])
    eb = Block()
    ident = _identity(m.combine, t)
    eb.add_ops([ident, scf.YieldOp(ident.result)])
    slot = scf.IfOp(has.result, [t], Region(lb_), Region(eb))
    inner: list[Operation] = [n_slots, has, slot]
    r2 = _warp_allreduce(inner, slot.results[0], m.combine)
    inner.append(_store_once(m, is_lane0.result, r2))
    fb.add_ops([*inner, scf.YieldOp()])
    after += [first, scf.IfOp(first.result, [], Region(fb))]
    entry.add_ops([*after, gpu.TerminatorOp()])
    one = host[1].result
    replace_with_launch(par, entry, [host[0].result, one, one], [host[2].result, one, one],
                        loop.location)  # fmt: skip


@dataclass(frozen=True)
class GpuWarpReductionsPass(ModulePass):
    name = "gpu-warp-reductions"

    min_extent: int = 64

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for par in host_loops(op, scf.ParallelOp):
            m = _match(par)
            if m is None:
                continue
            extent = _extent(m.loop)
            if extent is not None and extent < self.min_extent:
                continue
            # a warp per output pays when it reads along the contiguous dim (one thread
            # per output would read 32 rows at once) or when there are too few outputs
            # to fill a warp; otherwise one thread per output already coalesces across
            # outputs
            ubs = _static_ubs(par)
            if ubs is not None and math.prod(ubs) == 0:
                continue  # no outputs: the loop runs no iteration, a launch would run one
            few = ubs is not None and math.prod(ubs) <= FEW_OUTPUTS
            if few and (extent is None or extent >= BLOCK_EXTENT):
                assert ubs is not None
                _rewrite_block(m, ubs)
                continue
            if not (_reads_contiguously(m.loop) or few):
                continue
            _rewrite(m)


__all__ = ["GpuWarpReductionsPass"]
