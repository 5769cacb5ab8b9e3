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

`lower_pooled` is the same schedule with a 2x2 max pooling in its output loop (two rows
per iteration, the pairs of columns taken with `vector.shuffle`), for the fusion of
convert-libcall-to-loops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xdsl.dialects import arith, math, memref, vector
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    MemRefType,
    VectorType,
    i64,
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


def _tap(f: Emitter, t: SSAValue, k: SSAValue, flip: bool) -> SSAValue:
    """Filter index t of an extent k, flipped (k - 1 - t) when the op has `flip`."""
    return f.subi(f.subi(k, f.index(1)), t) if flip else t


def _finish(f: Emitter, op: libcall.Conv2dOp, vs: list[SSAValue], o: SSAValue,
            zero: SSAValue) -> list[SSAValue]:  # fmt: skip
    """The epilogue of output channel o's values (scalars or vectors): + bias[o], relu."""
    if op.bias is not None:
        b = f.load(op.bias, [o])
        if isinstance(vs[0].type, VectorType):
            b = f.add(vector.BroadcastOp(b, vs[0].type))
        vs = [f.addf(v, b) for v in vs]
    return [f.maxf(v, zero) for v in vs] if op.epilogue.data == "relu" else vs


def _fold_taps(g: Emitter, c: SSAValue, kh: SSAValue, kw: SSAValue, square: int | None,
               init: list[SSAValue], one_tap: Callable[..., list[SSAValue]]
               ) -> list[SSAValue]:  # fmt: skip
    """`one_tap(t, c, u, v, accs)` folded over every tap: loops over (C, KH, KW), or over C
    with the taps of a `square` x `square` filter unrolled."""

    def step(t: Emitter, red: list[SSAValue], accs: list[SSAValue]) -> list[SSAValue]:
        if square is None:
            return one_tap(t, *red, accs)
        for u in range(square):
            for v in range(square):
                accs = one_tap(t, red[0], t.index(u), t.index(v), accs)
        return accs

    loops = [c] if square is not None else [c, kh, kw]
    return g.fold(loops, init, step)  # type: ignore[no-any-return]


def _by_filter(kh: SSAValue, kw: SSAValue, sizes: tuple[int, ...],
               blocked: Callable[[int | None], Callable[[Emitter], None]]
               ) -> Callable[[Emitter], None]:  # fmt: skip
    """`blocked(k)` with the taps of a k x k filter unrolled for the first square size k
    of `sizes` the filter has (a run-time test of KH and KW, none when they are static),
    else `blocked(None)` (any filter)."""
    if not sizes:
        return blocked(None)
    known = static_index(kh), static_index(kw)
    if None not in known:  # static filter sizes: no test
        if known == (sizes[0], sizes[0]):
            return blocked(sizes[0])
        return _by_filter(kh, kw, sizes[1:], blocked)

    def emit(g: Emitter) -> None:
        k = g.index(sizes[0])
        is_k = g.andi(g.cmpi(kh, k, "eq"), g.cmpi(kw, k, "eq"))
        g.when(is_k, blocked(sizes[0]), _by_filter(kh, kw, sizes[1:], blocked))

    return emit


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
        return _tap(f, t, k, flip)

    def finish(f: Emitter, vs: list[SSAValue], o: SSAValue, zero: SSAValue) -> list[SSAValue]:
        return _finish(f, op, vs, o, zero)

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

                accs = _fold_taps(g, xs[1], kh, kw, square, [zero] * (nch * nv), one_tap)
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

        wide = _by_filter(kh, kw, UNROLLED_FILTERS, lambda sq: blocked(VECTORS, sq))
        at_least(lanes * VECTORS, wide, at_least(lanes, blocked(1, None), narrow))(pe)

    e.parallel([ys[0], ys[2]], row)
    if padded is not None:
        e.add(memref.DeallocOp.get(padded))


#: output channels per register block of the pooled schedule: its blocks hold two
#: output rows, so 2 rows x 2 channels x VECTORS accumulators (8, as the plain blocks)
POOL_BLOCK = 2


def lower_pooled(e: Emitter, op: libcall.Conv2dOp, xs: list[SSAValue], ws: list[SSAValue],
                 ys: list[SSAValue], out: SSAValue, ps: list[SSAValue]) -> None:  # fmt: skip
    """The schedule with a 2x2 max pool (stride 2, no padding) fused into its output
    loop: `out` (sizes `ps`) receives max over each 2x2 window of the convolution's
    output (with its bias and relu), which is never written.  `ps[2:]` are the pooled
    rows and columns: the whole windows (HO // 2, WO // 2), or one more holding a partial
    window (Theano's ignore_border=False on an odd size).

        scf.parallel (n, p) over (N, HP):               one pooled row: rows 2p, 2p+1
          scf.if 2p + 1 < HO and 2 * (WO // 2) >= B:
            blocks of POOL_BLOCK channels (then single channels) x B columns
            (B = VECTORS * VL, the last block overlapping the one before), over the
            first 2 * (WO // 2) columns: both rows' accumulators fed by the same
            broadcast weights, the epilogue applied to each row, their maximum, then the
            maximum of each pair of columns (two `vector.shuffle`s of the even and the
            odd lanes) stored as VL pooled outputs;
            the partial window (if any): scalar
          else: every pooled output of the row scalar
        scalar pooled output: the max over its window's outputs inside the convolution,
          each a fold of fused multiply-adds over the taps, as the blocks compute them

    Every convolution output is computed as `lower`'s vector blocks compute it (the taps
    in (c, u, v) order, one fma each), and max is exact: the pooled values equal those of
    the convolution followed by the pooling wherever `lower` uses its vector blocks (rows
    of at least VL outputs; its narrower rows multiply and add, rounding twice).
    """
    assert VECTORS == 2, "the column pairs are the lanes of two vectors"
    s, _, d, flip = op.conv_attrs()
    w = op.filters
    el = out.type.element_type  # type: ignore[attr-defined]
    lanes = LANES[el.name]
    vt = VectorType(el, [lanes])
    cols = lanes * VECTORS
    padded = _padded(e, op, xs)
    src = padded if padded is not None else op.input
    o_total, kh, kw = ws[0], ws[2], ws[3]
    ho, wo = ys[2], ys[3]
    half = e.floordiv(wo, e.index(2))  # pooled columns over whole windows
    even = e.muli(half, e.index(2))  # the convolution columns they read
    # block counts before the nest: cpu-parallel-kernels sees the work of a row
    full = e.floordiv(o_total, e.index(POOL_BLOCK))
    rest = e.muli(full, e.index(POOL_BLOCK))
    n_jb = e.floordiv(e.addi(even, e.index(cols - 1)), e.index(cols))
    evens = DenseArrayBase.from_list(i64, list(range(0, cols, 2)))
    odds = DenseArrayBase.from_list(i64, list(range(1, cols, 2)))

    def row(pe: Emitter, idx: list[SSAValue]) -> None:
        n, p = idx
        rows = [pe.muli(p, pe.index(2)), pe.addi(pe.muli(p, pe.index(2)), pe.index(1))]

        def src_at(f: Emitter, r: SSAValue, c: SSAValue, u: SSAValue, v: SSAValue,
                   j: SSAValue) -> list[SSAValue]:  # fmt: skip
            top = f.addi(f.muli(r, f.index(s[0])), f.muli(u, f.index(d[0])))
            return [n, c, top, f.addi(j, f.muli(v, f.index(d[1])))]

        def block(f: Emitter, o0: SSAValue, nch: int, square: int | None,
                  zero: SSAValue) -> None:  # fmt: skip
            chans = [f.addi(o0, f.index(o)) for o in range(nch)]

            def at(ri: int, o: int, k: int) -> int:
                return (ri * nch + o) * VECTORS + k

            def columns(g: Emitter, jb: SSAValue) -> None:
                j0 = g.minsi(g.muli(jb, g.index(cols)), g.subi(even, g.index(cols)))

                def one_tap(t: Emitter, c: SSAValue, u: SSAValue, v: SSAValue,
                            accs: list[SSAValue]) -> list[SSAValue]:  # fmt: skip
                    xv = []
                    for r in rows:
                        base = src_at(t, r, c, u, v, j0)
                        at_k = [
                            [*base[:3], t.addi(base[3], t.index(k * lanes))] for k in range(VECTORS)
                        ]
                        xv.append([t.add(vector.LoadOp(src, a, vt)) for a in at_k])
                    uu, vv = _tap(t, u, kh, flip), _tap(t, v, kw, flip)
                    res = list(accs)
                    for o in range(nch):
                        wb = t.add(vector.BroadcastOp(t.load(w, [chans[o], c, uu, vv]), vt))
                        for ri in range(2):
                            for k in range(VECTORS):
                                res[at(ri, o, k)] = t.add(
                                    vector.FMAOp(wb, xv[ri][k], res[at(ri, o, k)])
                                )
                    return res

                init = [zero] * (2 * nch * VECTORS)
                accs = _fold_taps(g, xs[1], kh, kw, square, init, one_tap)
                jp = g.floordiv(j0, g.index(2))
                for o in range(nch):
                    done = [
                        _finish(g, op, [accs[at(ri, o, k)] for k in range(VECTORS)], chans[o], zero)
                        for ri in range(2)
                    ]
                    m = [g.maxf(done[0][k], done[1][k]) for k in range(VECTORS)]
                    pair = [g.add(vector.ShuffleOp(m[0], m[1], sel, result_type=vt))
                            for sel in (evens, odds)]  # fmt: skip
                    g.add(vector.StoreOp(g.maxf(pair[0], pair[1]), out, [n, chans[o], p, jp]))

            f.loop(n_jb, columns)

        def blocked(square: int | None) -> Callable[[Emitter], None]:
            def emit(g: Emitter) -> None:
                zeros = DenseIntOrFPElementsAttr.from_list(vt, [0.0] * lanes)
                zero = g.add(arith.ConstantOp(zeros))
                g.loop(full, lambda h, ob: block(h, h.muli(ob, h.index(POOL_BLOCK)), POOL_BLOCK,
                                                   square, zero))  # fmt: skip
                g.loop(o_total, lambda h, o: block(h, o, 1, square, zero), start=rest)
                scalar_columns(g, half)

            return emit

        def pooled_one(f: Emitter, o: SSAValue, q: SSAValue) -> None:
            """Pooled output (o, q) from the convolution outputs of its window."""
            zero = f.fconst(0.0, el)

            def value(g: Emitter, r: SSAValue, j: SSAValue) -> SSAValue:
                def step(t: Emitter, red: list[SSAValue], accs: list[SSAValue]) -> list:
                    c, u, v = red
                    xv = t.load(src, src_at(t, r, c, u, v, j))
                    wv = t.load(w, [o, c, _tap(t, u, kh, flip), _tap(t, v, kw, flip)])
                    return [t.add(math.FmaOp(wv, xv, accs[0]))]

                (acc,) = g.fold([xs[1], kh, kw], [zero], step)
                return _finish(g, op, [acc], o, zero)[0]

            best = f.fconst(float("-inf"), el)
            for r in rows:
                for dj in range(2):
                    j = f.addi(f.muli(q, f.index(2)), f.index(dj))
                    inside = f.andi(f.cmpi(r, ho, "slt"), f.cmpi(j, wo, "slt"))
                    best = f.guarded(
                        inside, el, lambda g, r=r, j=j, b=best: g.maxf(b, value(g, r, j)), best
                    )
            f.store(best, out, [n, o, p, q])

        def scalar_columns(g: Emitter, start: SSAValue) -> None:
            g.loop(
                o_total, lambda h, o: h.loop(ps[3], lambda f, q: pooled_one(f, o, q), start=start)
            )

        fused = _by_filter(kh, kw, UNROLLED_FILTERS, blocked)
        both = pe.andi(pe.cmpi(rows[1], ho, "slt"), pe.cmpi(even, pe.index(cols), "sge"))
        pe.when(both, fused, lambda g: scalar_columns(g, g.index(0)))

    e.parallel([ps[0], ps[2]], row)
    if padded is not None:
        e.add(memref.DeallocOp.get(padded))


__all__ = [
    "LANES",
    "OUT_BLOCK",
    "POOL_BLOCK",
    "UNROLLED_FILTERS",
    "VECTORS",
    "lower",
    "lower_pooled",
]
