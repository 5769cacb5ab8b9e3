"""The `cpu-direct` schedule of `libcall.conv2d`: a register-blocked direct convolution.

Used by `convert-libcall-to-loops` for conv2d ops whose provider is `cpu-direct` (host
buffers, f32 or f64, unit stride along the width: `arignote.runtime.libcall.unserved`).
The schedule, for Y = conv2d(X, W) with X (N, C, H, Wd), W (O, C, KH, KW), Y (N, O, HO, WO):

    Xp = X with its padding written out (a host buffer; skipped without padding)
    scf.parallel (n, i) over (N, HO):                   one output row per iteration
      scf.if WO >= B:                                   B = NV vectors of VL lanes
        scf.for ob over O / OB:                         OB output channels at a time,
          block(o0 = ob * OB, OB)
        scf.for o over [OB * (O / OB), O):              then the channels left, one
          block(o0 = o, 1)                              at a time
      else: the same with NV = 1 for rows of at least VL outputs; narrower rows:
        scf.for o, j: a scalar fold over the taps, as the `kernel` provider

    block(o0, nb):
      scf.for jb over ceil(WO / B):                     B output columns at a time,
        j0 = min(jb * B, WO - B)                        the last block overlapping
        acc[nb][NV] = 0 (vectors)                       nb x NV registers
        scf.for c, u, v over (C, KH, KW):               every tap
          x[k] = vector.load Xp[n, c, i*sh + u*dh, j0 + v*dw + k*VL]   k < NV
          w[o] = vector.broadcast W[o0 + o, c, u', v']                 o < nb
          acc[o][k] = vector.fma(w[o], x[k], acc[o][k])
        (+ bias, relu) vector.store acc[o][k] -> Y[n, o0 + o, i, j0 + k*VL]

(u', v' are the flipped tap indices when the op has `flip`.)  For a 3x3 filter
(`UNROLLED_FILTERS`; a run-time test of KH and KW unless they are static) the wide
blocks loop over c only, the nine taps unrolled.  Static sizes drop the tests they
decide.  Each tap costs NV vector
loads, OB broadcasts and OB*NV fused multiply-adds on values held in registers: with
OB = 4 and NV = 2 the fused multiply-adds, not the loads, bound the loop.  A block's
accumulation order is the taps' (c, u, v) order, like the `kernel` provider's, with one
rounding per tap (fma) instead of two.  The last column block may overlap the one before
it; the overlapped outputs are computed twice (the same ops on the same values) and
stored by the same iteration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xdsl.dialects import arith, memref, vector
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseIntOrFPElementsAttr,
    MemRefType,
    VectorType,
)
from xdsl.ir import SSAValue

from arignote.dialects import libcall
from arignote.lowering.ir_builder import static_index

#: output channels per register block
OUT_BLOCK = 4
#: vectors of output columns per register block
VECTORS = 2
#: square filter sizes whose taps the widest blocks unroll (behind a run-time test unless
#: the filter's type is static).  3x3 only: unrolled, W4's 3x3 convolutions run 1.3-1.7x
#: faster (their 3-trip tap loops cost more than the taps); each unrolled size costs
#: ~0.4 s of cold compile time (docs/internals.md), and 5x5 (W2c) gains little.
UNROLLED_FILTERS = (3,)
#: 256-bit vectors: lanes per element type
LANES = {"f32": 8, "f64": 4}


#: the emitter of convert-libcall-to-loops (index arithmetic that folds constants,
#: load/store, fold/loop/when/parallel builders)
Emitter = Any


def _padded(e: Emitter, op: libcall.Conv2dOp, xs: list[SSAValue]) -> SSAValue | None:
    """A new host buffer holding X with the op's padding written out as zeros (rows
    copied in parallel), or None when the op has no padding."""
    _, p, _, _ = op.conv_attrs()
    if not any(p):
        return None
    x = op.input
    t = x.type
    assert isinstance(t, MemRefType)
    n, c, h, w = xs
    hp = e.addi(h, e.index(p[0] + p[1]))
    wp = e.addi(w, e.index(p[2] + p[3]))
    xp = e.add(memref.AllocOp.get(t.element_type, 64, [DYNAMIC_INDEX] * 4,
                                  dynamic_sizes=[n, c, hp, wp]))  # fmt: skip
    zero = e.fconst(0.0, t.element_type)

    def row(pe: Emitter, idx: list[SSAValue]) -> None:
        b, ch, r = idx
        r_in = pe.subi(r, pe.index(p[0]))
        left, right = pe.index(p[2]), pe.addi(w, pe.index(p[2]))

        def copy(g: Emitter) -> None:
            g.loop(left, lambda f, q: f.store(zero, xp, [b, ch, r, q]))
            g.loop(w, lambda f, q: f.store(
                f.load(x, [b, ch, r_in, q]), xp, [b, ch, r, f.addi(q, left)]))  # fmt: skip
            g.loop(g.index(p[3]), lambda f, q: f.store(zero, xp, [b, ch, r, f.addi(q, right)]))

        def clear(g: Emitter) -> None:
            g.loop(wp, lambda f, q: f.store(zero, xp, [b, ch, r, q]))

        pe.when(pe.in_range(r_in, h), copy, clear)

    e.parallel([n, c, hp], row)
    return xp


def lower(e: Emitter, op: libcall.Conv2dOp, xs: list[SSAValue], ws: list[SSAValue],
          ys: list[SSAValue]) -> None:  # fmt: skip
    """Emit the schedule above before `op` (its sizes `xs`, `ws`, `ys` already checked)."""
    s, _, d, flip = op.conv_attrs()
    w, y = op.filters, op.output
    el = y.type.element_type  # type: ignore[attr-defined]
    lanes = LANES[el.name]
    vt = VectorType(el, [lanes])
    padded = _padded(e, op, xs)
    src = padded if padded is not None else op.input
    o_total, kh, kw = ws[0], ws[2], ws[3]

    def tap(f: Emitter, t: SSAValue, k: SSAValue) -> SSAValue:
        return f.subi(f.subi(k, f.index(1)), t) if flip else t

    def finish(f: Emitter, vs: list[SSAValue], o: SSAValue, zero: SSAValue) -> list[SSAValue]:
        """The epilogue of output channel o's values: + bias[o], relu."""
        if op.bias is not None:
            b = f.load(op.bias, [o])
            b = b if vs[0].type == el else f.add(vector.BroadcastOp(b, vt))
            vs = [f.addf(v, b) for v in vs]
        return [f.maxf(v, zero) for v in vs] if op.epilogue.data == "relu" else vs

    # block counts before the nest: cpu-parallel-kernels sees the work of a row
    full = e.floordiv(o_total, e.index(OUT_BLOCK))
    rest = e.muli(full, e.index(OUT_BLOCK))
    n_jb = {nv: e.floordiv(e.addi(ys[3], e.index(lanes * nv - 1)), e.index(lanes * nv))
            for nv in (1, VECTORS)}  # fmt: skip

    def row(pe: Emitter, idx: list[SSAValue]) -> None:
        n, i = idx
        top = pe.muli(i, pe.index(s[0]))

        def src_at(f: Emitter, c: SSAValue, u: SSAValue, v: SSAValue, j: SSAValue) -> list:
            return [n, c, f.addi(top, f.muli(u, f.index(d[0]))),
                    f.addi(j, f.muli(v, f.index(d[1])))]  # fmt: skip

        def block(f: Emitter, o0: SSAValue, nch: int, nv: int, square: int | None,
                  zero: SSAValue) -> None:  # fmt: skip
            """Output channels o0 .. o0+nch-1 x every block of nv vectors of row i; the
            taps of a `square` x `square` filter unrolled (any filter when None)."""
            chans = [f.addi(o0, f.index(o)) for o in range(nch)]
            cols = lanes * nv

            def columns(g: Emitter, jb: SSAValue) -> None:
                j0 = g.minsi(g.muli(jb, g.index(cols)), g.subi(ys[3], g.index(cols)))

                def one_tap(t: Emitter, c: SSAValue, u: SSAValue, v: SSAValue,
                            accs: list[SSAValue]) -> list[SSAValue]:  # fmt: skip
                    at = src_at(t, c, u, v, j0)
                    xv = [
                        t.add(vector.LoadOp(src, [*at[:3], t.addi(at[3], t.index(k * lanes))], vt))
                        for k in range(nv)
                    ]
                    uu, vv = tap(t, u, kh), tap(t, v, kw)
                    out = list(accs)
                    for o in range(nch):
                        wb = t.add(vector.BroadcastOp(t.load(w, [chans[o], c, uu, vv]), vt))
                        for k in range(nv):
                            out[o * nv + k] = t.add(vector.FMAOp(wb, xv[k], out[o * nv + k]))
                    return out

                def step(t: Emitter, red: list[SSAValue], accs: list[SSAValue]) -> list:
                    if square is None:
                        return one_tap(t, *red, accs)
                    for u in range(square):
                        for v in range(square):
                            accs = one_tap(t, red[0], t.index(u), t.index(v), accs)
                    return accs

                loops = [xs[1]] if square is not None else [xs[1], kh, kw]
                accs = g.fold(loops, [zero] * (nch * nv), step)
                for o in range(nch):
                    for k, v in enumerate(finish(g, accs[o * nv : (o + 1) * nv], chans[o], zero)):
                        col = g.addi(j0, g.index(k * lanes))
                        g.add(vector.StoreOp(v, y, [n, chans[o], i, col]))

            f.loop(n_jb[nv], columns)

        def blocked(nv: int, square: int | None) -> Callable[[Emitter], None]:
            def emit(g: Emitter) -> None:
                zeros = DenseIntOrFPElementsAttr.from_list(vt, [0.0] * lanes)
                zero = g.add(arith.ConstantOp(zeros))
                g.loop(full, lambda h, ob: block(h, h.muli(ob, h.index(OUT_BLOCK)), OUT_BLOCK,
                                                   nv, square, zero))  # fmt: skip
                g.loop(o_total, lambda h, o: block(h, o, 1, nv, square, zero), start=rest)

            return emit

        def by_filter(sizes: tuple[int, ...]) -> Callable[[Emitter], None]:
            """The widest blocks, with the taps unrolled for each square filter size of
            `sizes` (a run-time test of KH and KW), then for any filter."""
            if not sizes:
                return blocked(VECTORS, None)

            known = static_index(kh), static_index(kw)
            if None not in known:  # static filter sizes: no test
                if known == (sizes[0], sizes[0]):
                    return blocked(VECTORS, sizes[0])
                return by_filter(sizes[1:])

            def emit(g: Emitter) -> None:
                k = g.index(sizes[0])
                is_k = g.andi(g.cmpi(kh, k, "eq"), g.cmpi(kw, k, "eq"))
                g.when(is_k, blocked(VECTORS, sizes[0]), by_filter(sizes[1:]))

            return emit

        def narrow(g: Emitter) -> None:
            zero = g.fconst(0.0, el)

            def one(f: Emitter, o: SSAValue, j: SSAValue) -> None:
                def step(t: Emitter, red: list[SSAValue], accs: list[SSAValue]) -> list:
                    c, u, v = red
                    xv = t.load(src, src_at(t, c, u, v, j))
                    wv = t.load(w, [o, c, tap(t, u, kh), tap(t, v, kw)])
                    return [t.addf(accs[0], t.mulf(xv, wv))]

                (acc,) = f.fold([xs[1], kh, kw], [zero], step)
                f.store(finish(f, [acc], o, zero)[0], y, [n, o, i, j])

            g.loop(o_total, lambda h, o: h.loop(ys[3], lambda f, j: one(f, o, j)))

        def at_least(width: int, then: Callable[[Emitter], None],
                     other: Callable[[Emitter], None]) -> Callable[[Emitter], None]:  # fmt: skip
            """`then` for rows of at least `width` outputs, else `other` (no test when
            the output width is static)."""
            wo = static_index(ys[3])
            if wo is not None:
                return then if wo >= width else other
            return lambda g: g.when(g.cmpi(ys[3], g.index(width), "sge"), then, other)

        at_least(lanes * VECTORS, by_filter(UNROLLED_FILTERS),
                 at_least(lanes, blocked(1, None), narrow))(pe)  # fmt: skip

    e.parallel([ys[0], ys[2]], row)
    if padded is not None:
        e.add(memref.DeallocOp.get(padded))


__all__ = ["LANES", "OUT_BLOCK", "UNROLLED_FILTERS", "VECTORS", "lower"]
