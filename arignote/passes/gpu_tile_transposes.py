"""`gpu-tile-transposes`: a transposing loop reads and writes through a shared-memory tile.

Input: loop-level IR of a GPU pipeline, before `gpu-map-loops-coalesced`.  One thread per
element of a row-major output `B[i, j]` that reads an input transposed (`A[j, i]`):

    scf.parallel (%i, %j) = (0, 0) to (%M, %N) step (1, 1) {
      %a = memref.load %A[%j, %i]          (exactly one such load)
      ... loads at [%i, %j], arithmetic ...
      memref.store %v, %B[%i, %j]          (every store at [%i, %j])
    }

Mapped as usual (consecutive threads along %j), the stores coalesce but the transposed
loads touch 32 rows per warp request (one sector each).  Output, in place of the loop, a
`gpu.launch` with 32 x 8 threads per 32 x 32 tile and a `memref<32x33xT, 3>` tile in
shared memory (one padding column: conflict-free columns):

    blocks (ceildiv(N, 32), min(ceildiv(M, 32), 65535), 1), threads (32, 8, 1)
      for tile row tr = block_id.y to ceildiv(M, 32) step grid_dim.y:
        for r = tid.y to 32 step 8:       tile[r][tid.x] = A[j0 + r, i0 + tid.x]   (if in range)
        gpu.barrier
        for r = tid.y to 32 step 8:       i = i0 + r, j = j0 + tid.x (if in range):
                                          the body with %a = tile[tid.x][r]
        gpu.barrier

so both the reads of A (consecutive threads along A's last dim) and the writes of B
coalesce.  The body must be straight-line (loads, stores, arithmetic); A must not be
stored to in it.  Kept: every other loop.  The pass emits no diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, gpu, memref, scf
from xdsl.dialects.builtin import IndexType, IntegerAttr, MemRefType, ModuleOp, i64
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.dialects import memref as amemref
from arignote.lowering.convert_parallel_loops_to_gpu import MAX_GRID_YZ
from arignote.lowering.ir_builder import static_index
from arignote.passes.gpu_map_loops_coalesced import MAPPING_ATTR, host_loops, replace_with_launch

TILE = 32
ROWS = 8  # thread rows per block: each thread moves TILE / ROWS elements per phase
_ALLOWED = (memref.LoadOp, memref.StoreOp, arith.ConstantOp, scf.ReduceOp)


def _const(v: int) -> arith.ConstantOp:
    return arith.ConstantOp(IntegerAttr(v, IndexType()))


def _match(par: scf.ParallelOp) -> memref.LoadOp | None:
    if par.initVals or MAPPING_ATTR in par.attributes or len(par.lowerBound) != 2:
        return None
    if any(static_index(v) != 0 for v in par.lowerBound) or any(
        static_index(v) != 1 for v in par.step
    ):
        return None
    i, j = par.body.block.args
    transposed: list[memref.LoadOp] = []
    stored: set[SSAValue] = set()
    for o in par.body.block.ops:
        if o.regions or not (isinstance(o, _ALLOWED) or o.dialect_name() in ("arith", "math")):
            return None
        if isinstance(o, memref.LoadOp):
            idx = list(o.indices)
            if idx == [j, i]:
                transposed.append(o)
            elif i in idx or j in idx:
                if idx[-2:] != [i, j]:
                    return None
        elif isinstance(o, memref.StoreOp):
            if list(o.indices) != [i, j]:
                return None
            stored.add(o.memref)
    if len(transposed) != 1 or not stored:
        return None
    load = transposed[0]
    t = load.memref.type
    if not isinstance(t, MemRefType) or t.get_num_dims() != 2 or load.memref in stored:
        return None
    return load


def _for(lb: SSAValue, ub: SSAValue, step: SSAValue) -> tuple[scf.ForOp, Block]:
    body = Block(arg_types=[IndexType()])
    body.add_op(scf.YieldOp())
    return scf.ForOp(lb, ub, step, [], Region(body)), body


def _add(block: Block, ops: list[Operation]) -> None:
    """Insert ops before the block's terminator."""
    term = block.last_op
    assert term is not None
    for o in ops:
        block.insert_op_before(o, term)


def _both_below(a: SSAValue, na: SSAValue, b: SSAValue, nb: SSAValue) -> list[Operation]:
    """Ops computing a < na and b < nb (the last one's result)."""
    ca, cb = arith.CmpiOp(a, na, "slt"), arith.CmpiOp(b, nb, "slt")
    return [ca, cb, arith.AndIOp(ca.result, cb.result)]


def _rewrite(par: scf.ParallelOp, load: memref.LoadOp) -> None:
    el = load.res.type
    m_ub, n_ub = par.upperBound
    idx = IndexType()
    # host: grid sizes
    c_tile, c_tm1, c1, c_rows = _const(TILE), _const(TILE - 1), _const(1), _const(ROWS)
    c_max = _const(MAX_GRID_YZ)
    tx_sum = arith.AddiOp(n_ub, c_tm1.result)
    tiles_x = arith.DivUIOp(tx_sum.result, c_tile.result)
    ty_sum = arith.AddiOp(m_ub, c_tm1.result)
    tiles_y = arith.DivUIOp(ty_sum.result, c_tile.result)
    gy = arith.MinSIOp(tiles_y.result, c_max.result)
    host: list[Operation] = [c_tile, c_tm1, c1, c_rows, c_max, tx_sum, tiles_x, ty_sum,
                             tiles_y, gy]  # fmt: skip
    for o in host:
        o.location = par.location
    Rewriter.insert_op(host, InsertPoint.before(par))
    # device: the launch body
    entry = Block(arg_types=[idx] * 12)
    bid, tid, gdim = entry.args[0:3], entry.args[3:6], entry.args[6:9]
    tile = amemref.AllocaOp.get(el, shape=[TILE, TILE + 1], memory_space=IntegerAttr(3, i64))
    d_tile, d_rows, d0 = _const(TILE), _const(ROWS), _const(0)
    entry.add_ops([tile, d_tile, d_rows, d0])
    outer, ob = _for(bid[1], tiles_y.result, gdim[1])
    entry.add_ops([outer, gpu.TerminatorOp()])
    i0 = arith.MuliOp(ob.args[0], d_tile.result)
    j0 = arith.MuliOp(bid[0], d_tile.result)
    # phase 1: tile[r][tx] = A[j0 + r, i0 + tx]
    p1, b1 = _for(tid[1], d_tile.result, d_rows.result)
    ja = arith.AddiOp(j0.result, b1.args[0])
    ia = arith.AddiOp(i0.result, tid[0])
    ok1 = _both_below(ja.result, n_ub, ia.result, m_ub)
    then1 = Block()
    a_val = memref.LoadOp.get(load.memref, [ja.result, ia.result])
    then1.add_ops([a_val, memref.StoreOp.get(a_val.res, tile.memref, [b1.args[0], tid[0]]),
                   scf.YieldOp()])  # fmt: skip
    _add(b1, [ja, ia, *ok1, scf.IfOp(ok1[-1].results[0], [], Region(then1))])
    # phase 2: (i, j) = (i0 + r, j0 + tx), the body with the load from tile[tx][r]
    p2, b2 = _for(tid[1], d_tile.result, d_rows.result)
    ib = arith.AddiOp(i0.result, b2.args[0])
    jb = arith.AddiOp(j0.result, tid[0])
    ok2 = _both_below(ib.result, m_ub, jb.result, n_ub)
    then2 = Block()
    then2.add_op(scf.YieldOp())
    _add(b2, [ib, jb, *ok2, scf.IfOp(ok2[-1].results[0], [], Region(then2))])
    _add(ob, [i0, j0, p1, gpu.BarrierOp(), p2, gpu.BarrierOp()])
    body = par.body.block
    i, j = body.args
    i.replace_all_uses_with(ib.result)
    j.replace_all_uses_with(jb.result)
    from_tile = memref.LoadOp.get(tile.memref, [tid[0], b2.args[0]])
    term = then2.last_op
    assert term is not None
    then2.insert_op_before(from_tile, term)
    load.res.replace_all_uses_with(from_tile.res)
    Rewriter.erase_op(load)
    for o in list(body.ops):
        if isinstance(o, scf.ReduceOp):
            continue
        o.detach()
        then2.insert_op_before(o, term)
    replace_with_launch(par, entry, [tiles_x.result, gy.result, c1.result],
                        [c_tile.result, c_rows.result, c1.result], par.location)  # fmt: skip


@dataclass(frozen=True)
class GpuTileTransposesPass(ModulePass):
    name = "gpu-tile-transposes"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for par in host_loops(op, scf.ParallelOp):
            load = _match(par)
            if load is not None:
                _rewrite(par, load)


__all__ = ["GpuTileTransposesPass"]
