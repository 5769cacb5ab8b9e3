"""convert-libcall-to-loops: libcall ops whose provider is `kernel` become loop nests.

This is the generated-kernel fallback of the library calls: where no library serves an
op (`select-libcall-providers` chose `kernel` because cuBLAS or cuDNN is not installed,
or the provider was set by hand), the op is replaced by loops over the same buffers,
in the form `convert-linalg-to-parallel-loops` produces for reductions: an `scf.parallel`
over the destination's elements (one GPU thread, or one CPU iteration, per output) whose
body folds the reduced extent with `scf.for ... iter_args` and stores the result once.
The later passes (`gpu-map-loops-coalesced` ... or `cpu-kernel-outlining`) treat the
nests like any other.

Input: libcall ops on memrefs (after `one-shot-bufferize`), each with a `provider`.
Output: every op whose provider is `kernel` or `cpu-direct` is gone; the others are kept
unchanged.  A `cpu-direct` conv2d (host buffers) becomes the register-blocked schedule of
`arignote.lowering.direct_conv` instead: 1-D `vector` loads, broadcasts and fused
multiply-adds over blocks of output channels and columns, the padding written out first.
When the convolution writes a buffer of its own (`memref.alloc`) that only a 2x2 max
`pool2d` with stride 2 and no padding reads into another (and a dealloc frees), later in
the same block with only side-effect-free ops, allocations, sizes and assertions
between, the pooling runs inside the convolution's output loop
(`direct_conv.lower_pooled`, emitted where the pooling was): the convolution's output is
never allocated, written or read.

| op                             | one output element is ...                              |
|--------------------------------|--------------------------------------------------------|
| gemm, batched_gemm             | a dot product over K, then alpha, beta*C, bias, relu   |
| conv2d                         | a sum over (C, KH, KW) of the padded input's taps      |
| conv2d_backward_data           | a sum over (O, KH, KW) of the output gradients that    |
|                                | read this input position (a gather: no atomics)        |
| conv2d_backward_filter         | a sum over (N, HO, WO)                                 |
| pool2d                         | a max / sum / average over the window (host buffers:   |
|                                | one iteration per output row, interior columns without |
|                                | tap checks)                                            |
| pool2d_backward                | a sum over the windows that contain this position      |
| softmax, log_softmax           | three passes over the axis: max, sum of exp, write     |

f16 data is accumulated in f32 and rounded once, like the host providers; f32 and f64
accumulate in their own type.  Taps that fall into padding are never loaded (`scf.if`),
so an empty or small buffer is never read out of bounds.  Sizes are read with `memref.dim`
before the op; where two operands' dynamic sizes must agree (gemm's K, conv's channels, a
bias's length) a `cf.assert` naming the op and its location checks them at run time.

Diagnostics: a `kernel` op on tensors (run after one-shot-bufferize); a `cpu-direct` op
the schedule cannot run (set by hand: f16, a stride along the width, device buffers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, cf, math, memref, scf
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    Float16Type,
    FloatAttr,
    IndexType,
    MemRefType,
    ModuleOp,
    StringAttr,
    f32,
    i64,
)
from xdsl.ir import Attribute, Block, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter
from xdsl.traits import is_side_effect_free

from arignote.dialects import libcall
from arignote.dialects.libcall import HOST, memory_side
from arignote.errors import PassError
from arignote.ir import diagnostic, location_str
from arignote.lowering.ir_builder import Emit, static_index
from arignote.runtime.libcall import GENERATED, unserved

PASS_NAME = "convert-libcall-to-loops"
KERNEL = "kernel"
DIRECT = "cpu-direct"
INDEX = IndexType()


class _E(Emit):
    """Emit plus float arithmetic, loads/stores and loop builders."""

    def child(self, block: Block) -> _E:
        e = _E(block=block)
        e.location = self.location
        return e

    # index arithmetic folds constants, so static shapes give static bounds and checks
    def addi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        ca, cb = static_index(a), static_index(b)
        if ca is not None and cb is not None:
            return self.index(ca + cb)
        if cb == 0 or ca == 0:
            return a if cb == 0 else b
        return super().addi(a, b)

    def subi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        ca, cb = static_index(a), static_index(b)
        if ca is not None and cb is not None:
            return self.index(ca - cb)
        return a if cb == 0 else super().subi(a, b)

    def muli(self, a: SSAValue, b: SSAValue) -> SSAValue:
        ca, cb = static_index(a), static_index(b)
        if ca is not None and cb is not None:
            return self.index(ca * cb)
        if cb == 1 or ca == 1:
            return a if cb == 1 else b
        return super().muli(a, b)

    def floordiv(self, a: SSAValue, b: SSAValue) -> SSAValue:
        ca, cb = static_index(a), static_index(b)
        if ca is not None and cb is not None:
            return self.index(ca // cb)
        return a if cb == 1 else super().floordiv(a, b)

    def maxsi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        ca, cb = static_index(a), static_index(b)
        if ca is not None and cb is not None:
            return self.index(max(ca, cb))
        return super().maxsi(a, b)

    def minsi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        ca, cb = static_index(a), static_index(b)
        if ca is not None and cb is not None:
            return self.index(min(ca, cb))
        return super().minsi(a, b)

    def dim(self, buf: SSAValue, i: int) -> SSAValue:
        t = buf.type
        assert isinstance(t, MemRefType)
        size = t.get_shape()[i]
        if size != DYNAMIC_INDEX:
            return self.index(size)
        return self.add(memref.DimOp(buf, self.index(i)))

    def load(self, buf: SSAValue, idx: Sequence[SSAValue]) -> SSAValue:
        return self.add(memref.LoadOp.get(buf, list(idx)))

    def store(self, v: SSAValue, buf: SSAValue, idx: Sequence[SSAValue]) -> None:
        self.add(memref.StoreOp.get(v, buf, list(idx)))

    def fconst(self, v: float, t: Attribute) -> SSAValue:
        return self.add(arith.ConstantOp(FloatAttr(v, t)))  # type: ignore[arg-type]

    def addf(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.AddfOp(a, b))

    def subf(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.SubfOp(a, b))

    def mulf(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.MulfOp(a, b))

    def divf(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.DivfOp(a, b))

    def maxf(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.MaximumfOp(a, b))

    def widen(self, v: SSAValue, acc: Attribute) -> SSAValue:
        return v if v.type == acc else self.add(arith.ExtFOp(v, acc))

    def narrow(self, v: SSAValue, el: Attribute) -> SSAValue:
        return v if v.type == el else self.add(arith.TruncFOp(v, el))

    def in_range(self, v: SSAValue, n: SSAValue) -> SSAValue:
        """0 <= v < n."""
        return self.andi(self.cmpi(v, self.index(0), "sge"), self.cmpi(v, n, "slt"))

    def guarded(
        self, cond: SSAValue, t: Attribute, then: Callable[[_E], SSAValue], other: SSAValue
    ) -> SSAValue:
        """`scf.if cond -> t { then } else { other }`."""
        tb, eb = Block(), Block()
        tb.add_op(scf.YieldOp(then(self.child(tb))))
        eb.add_op(scf.YieldOp(other))
        return self.add(scf.IfOp(cond, [t], Region(tb), Region(eb)))

    def when(self, cond: SSAValue, then: Callable[[_E], None],
             other: Callable[[_E], None] | None = None) -> None:  # fmt: skip
        """`scf.if cond { then } [else { other }]` with no results."""
        regions = []
        for fill in (then, other):
            if fill is None:
                regions.append(Region())
                continue
            block = Block()
            fill(self.child(block))
            block.add_op(scf.YieldOp())
            regions.append(Region(block))
        self.add(scf.IfOp(cond, [], *regions))

    def loop(self, ub: SSAValue, body: Callable[[_E, SSAValue], None],
             start: SSAValue | None = None) -> None:  # fmt: skip
        """`scf.for %k = start (0) to ub` with no carried values; body(inner emitter, %k)."""
        block = Block(arg_types=[INDEX])
        body(self.child(block), block.args[0])
        block.add_op(scf.YieldOp())
        lb = start if start is not None else self.index(0)
        self.add(scf.ForOp(lb, ub, self.index(1), [], Region(block)))

    def parallel(self, ubs: Sequence[SSAValue], body: Callable[[_E, list[SSAValue]], None]) -> None:
        """scf.parallel over [0, ub) for every ub; an empty list runs the body once."""
        ubs = list(ubs) or [self.index(1)]
        zero, one = self.index(0), self.index(1)
        block = Block(arg_types=[INDEX] * len(ubs))
        body(self.child(block), list(block.args))
        block.add_op(scf.ReduceOp())
        self.add(scf.ParallelOp([zero] * len(ubs), ubs, [one] * len(ubs), Region(block)))

    def fold(
        self,
        ubs: Sequence[SSAValue],
        init: Sequence[SSAValue],
        body: Callable[[_E, list[SSAValue], list[SSAValue]], list[SSAValue]],
    ) -> list[SSAValue]:
        """Nested scf.for over [0, ub) for every ub, carrying `init`; returns the finals."""
        zero, one = self.index(0), self.index(1)

        def rec(e: _E, k: int, idx: list[SSAValue], accs: list[SSAValue]) -> list[SSAValue]:
            if k == len(ubs):
                return body(e, idx, accs)
            block = Block(arg_types=[INDEX, *(a.type for a in accs)])
            inner = e.child(block)
            res = rec(inner, k + 1, [*idx, block.args[0]], list(block.args[1:]))
            block.add_op(scf.YieldOp(*res))
            loop = scf.ForOp(zero, ubs[k], one, accs, Region(block))
            e.add(loop)
            return list(loop.results)

        return rec(self, 0, [], list(init))

    def assert_equal(self, a: SSAValue, b: SSAValue, message: str) -> None:
        ca, cb = static_index(a), static_index(b)
        if ca is not None and cb is not None and ca == cb:
            return
        self.add(cf.AssertOp(self.cmpi(a, b, "eq"), message))


def _element(buf: SSAValue) -> Attribute:
    t = buf.type
    assert isinstance(t, MemRefType)
    return t.element_type


def _accumulator(el: Attribute) -> Attribute:
    return f32 if isinstance(el, Float16Type) else el


def _rank(buf: SSAValue) -> int:
    t = buf.type
    assert isinstance(t, MemRefType)
    return t.get_num_dims()


def _message(op: libcall.LibcallOp, what: str) -> str:
    return f"{op.name} at {location_str(op)}: {what}"


# ------------------------------------------------------------------------------- gemm


def _gemm(e: _E, op: libcall.GemmBase) -> None:
    nb = op.BATCH
    ta, tb = op.transpose_a.value.data, op.transpose_b.value.data
    a, b, c = op.a, op.b, op.c
    el = _element(c)
    acc_t = _accumulator(el)
    c_dims = [e.dim(c, i) for i in range(2 + nb)]
    k = e.dim(a, nb + (0 if ta else 1))
    e.assert_equal(k, e.dim(b, nb + (1 if tb else 0)), _message(op, "inner dimensions differ"))
    e.assert_equal(
        c_dims[nb], e.dim(a, nb + (1 if ta else 0)), _message(op, "C's rows differ from op(A)'s")
    )
    e.assert_equal(
        c_dims[nb + 1],
        e.dim(b, nb + (0 if tb else 1)),
        _message(op, "C's columns differ from op(B)'s"),
    )
    if nb:
        for buf, role in ((a, "A"), (b, "B")):
            e.assert_equal(c_dims[0], e.dim(buf, 0), _message(op, f"{role}'s batch size differs"))
    if op.bias is not None:
        e.assert_equal(
            c_dims[nb + 1], e.dim(op.bias, 0), _message(op, "bias length differs from C's columns")
        )
    alpha, beta = op.alpha.value.data, op.beta.value.data

    def body(p: _E, idx: list[SSAValue]) -> None:
        batch, (i, j) = idx[:nb], idx[nb:]

        def step(f: _E, kk: list[SSAValue], accs: list[SSAValue]) -> list[SSAValue]:
            av = f.load(a, [*batch, *((kk[0], i) if ta else (i, kk[0]))])
            bv = f.load(b, [*batch, *((j, kk[0]) if tb else (kk[0], j))])
            return [f.addf(accs[0], f.mulf(f.widen(av, acc_t), f.widen(bv, acc_t)))]

        (v,) = p.fold([k], [p.fconst(0.0, acc_t)], step)
        if alpha != 1.0:
            v = p.mulf(p.fconst(alpha, acc_t), v)
        if beta != 0.0:
            v = p.addf(v, p.mulf(p.fconst(beta, acc_t), p.widen(p.load(c, idx), acc_t)))
        if op.bias is not None:
            v = p.addf(v, p.widen(p.load(op.bias, [j]), acc_t))
        if op.epilogue.data == "relu":
            v = p.maxf(v, p.fconst(0.0, acc_t))
        p.store(p.narrow(v, el), c, idx)

    e.parallel(c_dims, body)


# ------------------------------------------------------------------------ convolution


Sizes = list[SSAValue]


def _conv_dims(e: _E, op: libcall.ConvBase) -> tuple[Sizes, Sizes, Sizes]:
    """Sizes of (X, W, Y) in the forward convolution's roles, with their agreements and the
    output size checked."""
    xf, wf, yf = op.GEOMETRY
    x, w, y = (getattr(op, f) for f in (xf, wf, yf))
    xs, ws, ys = ([e.dim(v, i) for i in range(4)] for v in (x, w, y))
    e.assert_equal(xs[0], ys[0], _message(op, "batch sizes differ"))
    e.assert_equal(xs[1], ws[1], _message(op, "input channels differ from the filters'"))
    e.assert_equal(ws[0], ys[1], _message(op, "output channels differ from the filters'"))
    _check_conv_output(e, op, xs, ws, ys)
    return xs, ws, ys


def _check_conv_output(e: _E, op: libcall.ConvBase, xs: list[SSAValue], ws: list[SSAValue],
                       ys: list[SSAValue]) -> None:  # fmt: skip
    """Y's height/width = (n + pads - dilation*(k-1) - 1) // stride + 1."""
    s, p, d, _ = op.conv_attrs()
    for k in (0, 1):
        n, kk = xs[2 + k], ws[2 + k]
        span = e.addi(e.muli(e.index(d[k]), e.subi(kk, e.index(1))), e.index(1))
        room = e.subi(e.addi(n, e.index(p[2 * k] + p[2 * k + 1])), span)
        want = e.addi(e.floordiv(room, e.index(s[k])), e.index(1))
        e.assert_equal(
            ys[2 + k], want, _message(op, f"output {('height', 'width')[k]} does not fit")
        )


def _tap(e: _E, out: SSAValue, tap: SSAValue, stride: int, pad: int, dil: int) -> SSAValue:
    """Input position out * stride - pad + tap * dilation."""
    pos = e.muli(out, e.index(stride))
    pos = e.addi(pos, e.muli(tap, e.index(dil)))
    return e.subi(pos, e.index(pad)) if pad else pos


def _flipped(e: _E, flip: bool, u: SSAValue, n: SSAValue) -> SSAValue:
    return e.subi(e.subi(n, e.index(1)), u) if flip else u


def _conv2d(e: _E, op: libcall.Conv2dOp) -> None:
    s, p, d, flip = op.conv_attrs()
    x, w, y = op.input, op.filters, op.output
    el = _element(y)
    acc_t = _accumulator(el)
    xs, ws, ys = _conv_dims(e, op)
    if op.bias is not None:
        e.assert_equal(ws[0], e.dim(op.bias, 0), _message(op, "bias length differs from O"))

    def body(pe: _E, idx: list[SSAValue]) -> None:
        n, o, i, j = idx

        def step(f: _E, red: list[SSAValue], accs: list[SSAValue]) -> list[SSAValue]:
            c, u, v = red
            r = _tap(f, i, u, s[0], p[0], d[0])
            q = _tap(f, j, v, s[1], p[2], d[1])
            ok = f.andi(f.in_range(r, xs[2]), f.in_range(q, xs[3]))
            zero = f.fconst(0.0, acc_t)
            xv = f.guarded(ok, acc_t, lambda g: g.widen(g.load(x, [n, c, r, q]), acc_t), zero)
            wv = f.load(w, [o, c, _flipped(f, flip, u, ws[2]), _flipped(f, flip, v, ws[3])])
            return [f.addf(accs[0], f.mulf(xv, f.widen(wv, acc_t)))]

        (acc,) = pe.fold([xs[1], ws[2], ws[3]], [pe.fconst(0.0, acc_t)], step)
        if op.bias is not None:
            acc = pe.addf(acc, pe.widen(pe.load(op.bias, [o]), acc_t))
        if op.epilogue.data == "relu":
            acc = pe.maxf(acc, pe.fconst(0.0, acc_t))
        pe.store(pe.narrow(acc, el), y, idx)

    e.parallel(ys, body)


def _source(f: _E, pos: SSAValue, tap: SSAValue, stride: int, pad: int, dil: int,
            n_out: SSAValue) -> tuple[SSAValue, SSAValue]:  # fmt: skip
    """The output index whose window puts `tap` on input position `pos`, and whether it
    exists: t = pos + pad - tap * dil must be a multiple of stride in [0, stride*n_out)."""
    t = f.subi(f.addi(pos, f.index(pad)) if pad else pos, f.muli(tap, f.index(dil)))
    ok = f.cmpi(t, f.index(0), "sge")
    if stride != 1:
        ok = f.andi(ok, f.cmpi(f.remsi(t, f.index(stride)), f.index(0), "eq"))
        t = f.divsi(t, f.index(stride))
    return t, f.andi(ok, f.cmpi(t, n_out, "slt"))


def _conv2d_backward_data(e: _E, op: libcall.Conv2dBackwardDataOp) -> None:
    s, p, d, flip = op.conv_attrs()
    dy, w, dx = op.output_grad, op.filters, op.input_grad
    el = _element(dx)
    acc_t = _accumulator(el)
    xs, ws, ys = _conv_dims(e, op)

    def body(pe: _E, idx: list[SSAValue]) -> None:
        n, c, r, q = idx

        def step(f: _E, red: list[SSAValue], accs: list[SSAValue]) -> list[SSAValue]:
            o, u, v = red
            i, ok_i = _source(f, r, u, s[0], p[0], d[0], ys[2])
            j, ok_j = _source(f, q, v, s[1], p[2], d[1], ys[3])

            def hit(g: _E) -> SSAValue:
                gv = g.widen(g.load(dy, [n, o, i, j]), acc_t)
                wv = g.load(w, [o, c, _flipped(g, flip, u, ws[2]), _flipped(g, flip, v, ws[3])])
                return g.addf(accs[0], g.mulf(gv, g.widen(wv, acc_t)))

            return [f.guarded(f.andi(ok_i, ok_j), acc_t, hit, accs[0])]

        (acc,) = pe.fold([ws[0], ws[2], ws[3]], [pe.fconst(0.0, acc_t)], step)
        pe.store(pe.narrow(acc, el), dx, idx)

    e.parallel(xs, body)


def _conv2d_backward_filter(e: _E, op: libcall.Conv2dBackwardFilterOp) -> None:
    s, p, d, flip = op.conv_attrs()
    x, dy, dw = op.input, op.output_grad, op.filters_grad
    el = _element(dw)
    acc_t = _accumulator(el)
    xs, ws, ys = _conv_dims(e, op)

    def body(pe: _E, idx: list[SSAValue]) -> None:
        o, c, a, b = idx
        u, v = _flipped(pe, flip, a, ws[2]), _flipped(pe, flip, b, ws[3])

        def step(f: _E, red: list[SSAValue], accs: list[SSAValue]) -> list[SSAValue]:
            n, i, j = red
            r = _tap(f, i, u, s[0], p[0], d[0])
            q = _tap(f, j, v, s[1], p[2], d[1])
            ok = f.andi(f.in_range(r, xs[2]), f.in_range(q, xs[3]))

            def hit(g: _E) -> SSAValue:
                xv = g.widen(g.load(x, [n, c, r, q]), acc_t)
                gv = g.widen(g.load(dy, [n, o, i, j]), acc_t)
                return g.addf(accs[0], g.mulf(xv, gv))

            return [f.guarded(ok, acc_t, hit, accs[0])]

        (acc,) = pe.fold([xs[0], ys[2], ys[3]], [pe.fconst(0.0, acc_t)], step)
        pe.store(pe.narrow(acc, el), dw, idx)

    e.parallel(ws, body)


# ---------------------------------------------------------------------------- pooling


def _pool_count(
    e: _E, out: SSAValue, n: SSAValue, window: int, stride: int, pad: int, mode: str
) -> SSAValue:
    """How many window positions along one dim an average divides by (pool_divisors)."""
    start = e.subi(e.muli(out, e.index(stride)), e.index(pad))
    stop = e.addi(start, e.index(window))
    if mode == "average_exc_pad":
        lo, hi = e.index(0), n
    else:
        lo, hi = e.index(-pad), e.addi(n, e.index(pad))
    return e.maxsi(e.subi(e.minsi(stop, hi), e.maxsi(start, lo)), e.index(0))


def _divisor(e: _E, idx: Sequence[SSAValue], hw: Sequence[SSAValue], op: libcall.PoolBase,
             acc_t: Attribute) -> SSAValue:  # fmt: skip
    mode, win, st, pad = op.pool_attrs()
    ch = _pool_count(e, idx[0], hw[0], win[0], st[0], pad[0], mode)
    cw = _pool_count(e, idx[1], hw[1], win[1], st[1], pad[1], mode)
    count = e.maxsi(e.muli(ch, cw), e.index(1))
    as_int = e.add(arith.IndexCastOp(count, i64))
    return e.add(arith.SIToFPOp(as_int, acc_t))


def _check_pool_output(e: _E, op: libcall.PoolBase, xs: list[SSAValue],
                       ys: list[SSAValue]) -> None:  # fmt: skip
    rank = len(xs)
    for k in range(rank - 2):
        e.assert_equal(xs[k], ys[k], _message(op, f"input and output differ in dim {k}"))
    _, win, st, pad = op.pool_attrs()
    for k in (0, 1):
        n, m = xs[rank - 2 + k], ys[rank - 2 + k]
        # ignore_border=True: (n + 2p - w) // s + 1 (at least 0); False (p = 0): partial
        # windows at the end count too.  Either size is accepted, as by the host providers.
        room = e.subi(e.addi(n, e.index(2 * pad[k])), e.index(win[k]))
        full = e.maxsi(e.addi(e.floordiv(room, e.index(st[k])), e.index(1)), e.index(0))
        ok = e.cmpi(m, full, "eq")
        if pad[k] == 0:
            if st[k] >= win[k]:
                part = e.addi(e.floordiv(e.subi(n, e.index(1)), e.index(st[k])), e.index(1))
            else:
                t = e.subi(e.addi(e.subi(n, e.index(1)), e.index(st[k])), e.index(win[k]))
                part = e.addi(e.maxsi(e.floordiv(t, e.index(st[k])), e.index(0)), e.index(1))
            ok = e.ori(ok, e.cmpi(m, part, "eq"))
        e.add(cf.AssertOp(ok, _message(op, f"output {('height', 'width')[k]} is not a pooled "
                                           "size of the input")))  # fmt: skip


def _pool2d(e: _E, op: libcall.Pool2dOp) -> None:
    mode, win, st, pad = op.pool_attrs()
    x, y = op.input, op.output
    el = _element(y)
    acc_t = _accumulator(el)
    rank = _rank(x)
    xs = [e.dim(x, i) for i in range(rank)]
    ys = [e.dim(y, i) for i in range(rank)]
    _check_pool_output(e, op, xs, ys)
    hw = xs[-2:]

    def one(pe: _E, lead: list[SSAValue], i: SSAValue, j: SSAValue, guard: bool) -> None:
        """Output (lead, i, j); taps outside the input skipped (`guard`) or known inside."""
        init = pe.fconst(float("-inf") if mode == "max" else 0.0, acc_t)

        def step(f: _E, red: list[SSAValue], accs: list[SSAValue]) -> list[SSAValue]:
            r = _tap(f, i, red[0], st[0], pad[0], 1)
            q = _tap(f, j, red[1], st[1], pad[1], 1)

            def hit(g: _E) -> SSAValue:
                xv = g.widen(g.load(x, [*lead, r, q]), acc_t)
                return g.maxf(accs[0], xv) if mode == "max" else g.addf(accs[0], xv)

            if not guard:
                return [hit(f)]
            ok = f.andi(f.in_range(r, hw[0]), f.in_range(q, hw[1]))
            return [f.guarded(ok, acc_t, hit, accs[0])]

        (acc,) = pe.fold([pe.index(win[0]), pe.index(win[1])], [init], step)
        if mode.startswith("average"):
            acc = pe.divf(acc, _divisor(pe, (i, j), hw, op, acc_t))
        pe.store(pe.narrow(acc, el), y, [*lead, i, j])

    if not _on_host(y):  # device buffers: one thread per output
        e.parallel(ys, lambda pe, idx: one(pe, idx[:-2], idx[-2], idx[-1], True))
        return
    _pool2d_rows(e, op, ys, hw, one)


def _on_host(buf: SSAValue) -> bool:
    t = buf.type
    assert isinstance(t, MemRefType)
    return memory_side(t.memory_space) == HOST


#: emits output (lead, i, j) of a pooling, with or without the taps' bounds checks
_PoolOutput = Callable[[_E, list[SSAValue], SSAValue, SSAValue, bool], None]


def _pool2d_rows(e: _E, op: libcall.Pool2dOp, ys: list[SSAValue], hw: list[SSAValue],
                 one: _PoolOutput) -> None:  # fmt: skip
    """Host buffers: one iteration per output row; the columns whose windows lie inside
    the input (j in [j_lo, j_hi)) skip the tap checks, so LLVM vectorises them."""
    _, win, st, pad = op.pool_attrs()
    j_lo = -(-pad[1] // st[1])
    past = e.addi(e.floordiv(e.subi(e.addi(hw[1], e.index(pad[1])), e.index(win[1])),
                             e.index(st[1])), e.index(1))  # fmt: skip
    lo = e.minsi(e.index(j_lo), ys[-1])
    hi = e.minsi(ys[-1], e.maxsi(e.index(j_lo), past))

    def row(pe: _E, idx: list[SSAValue]) -> None:
        lead, i = idx[:-1], idx[-1]
        top = pe.subi(pe.muli(i, pe.index(st[0])), pe.index(pad[0]))
        inside = pe.andi(pe.cmpi(top, pe.index(0), "sge"),
                         pe.cmpi(pe.addi(top, pe.index(win[0])), hw[0], "sle"))  # fmt: skip

        def columns(f: _E, start: SSAValue, stop: SSAValue, guard: bool) -> None:
            f.loop(stop, lambda g, j: one(g, lead, i, j, guard), start=start)

        def split(f: _E) -> None:
            columns(f, f.index(0), lo, True)
            columns(f, lo, hi, False)
            columns(f, hi, ys[-1], True)

        pe.when(inside, split, lambda f: columns(f, f.index(0), ys[-1], True))

    e.parallel(ys[:-1], row)


def _pool2d_backward(e: _E, op: libcall.Pool2dBackwardOp) -> None:
    mode, win, st, pad = op.pool_attrs()
    dy, dx = op.output_grad, op.input_grad
    el = _element(dx)
    acc_t = _accumulator(el)
    rank = _rank(dx)
    xs = [e.dim(dx, i) for i in range(rank)]
    ys = [e.dim(dy, i) for i in range(rank)]
    _check_pool_output(e, op, xs, ys)
    if mode == "max":
        assert op.input is not None and op.output is not None
        for k in range(rank):
            e.assert_equal(xs[k], e.dim(op.input, k), _message(op, "input differs from dX"))
            e.assert_equal(ys[k], e.dim(op.output, k), _message(op, "output differs from dY"))
    hw = xs[-2:]

    def body(pe: _E, idx: list[SSAValue]) -> None:
        lead, (r, q) = idx[:-2], idx[-2:]
        xv = pe.load(op.input, idx) if mode == "max" else None  # type: ignore[arg-type]

        def step(f: _E, red: list[SSAValue], accs: list[SSAValue]) -> list[SSAValue]:
            i, ok_i = _source(f, r, red[0], st[0], pad[0], 1, ys[-2])
            j, ok_j = _source(f, q, red[1], st[1], pad[1], 1, ys[-1])

            def hit(g: _E) -> SSAValue:
                gv = g.widen(g.load(dy, [*lead, i, j]), acc_t)
                if mode == "max":
                    assert xv is not None
                    yv = g.load(op.output, [*lead, i, j])  # type: ignore[arg-type]
                    gv = g.select(g.cmpf(xv, yv, "oeq"), gv, g.fconst(0.0, acc_t))
                elif mode.startswith("average"):
                    gv = g.divf(gv, _divisor(g, (i, j), hw, op, acc_t))
                return g.addf(accs[0], gv)

            return [f.guarded(f.andi(ok_i, ok_j), acc_t, hit, accs[0])]

        (acc,) = pe.fold([pe.index(win[0]), pe.index(win[1])], [pe.fconst(0.0, acc_t)], step)
        pe.store(pe.narrow(acc, el), dx, idx)

    e.parallel(xs, body)


# ---------------------------------------------------------------------------- softmax


def _softmax(e: _E, op: libcall.SoftmaxBase) -> None:
    x, y = op.input, op.output
    el = _element(y)
    acc_t = _accumulator(el)
    rank = _rank(x)
    axis = op.axis.value.data
    xs = [e.dim(x, i) for i in range(rank)]
    for k in range(rank):
        e.assert_equal(xs[k], e.dim(y, k), _message(op, f"input and output differ in dim {k}"))
    rows = [s for k, s in enumerate(xs) if k != axis]

    def body(pe: _E, idx: list[SSAValue]) -> None:
        outer = idx[: len(rows)]

        def at(k: SSAValue) -> list[SSAValue]:
            return [*outer[:axis], k, *outer[axis:]]

        def read(f: _E, k: SSAValue) -> SSAValue:
            return f.widen(f.load(x, at(k)), acc_t)

        (m,) = pe.fold(
            [xs[axis]],
            [pe.fconst(float("-inf"), acc_t)],
            lambda f, k, a: [f.maxf(a[0], read(f, k[0]))],
        )
        (total,) = pe.fold(
            [xs[axis]],
            [pe.fconst(0.0, acc_t)],
            lambda f, k, a: [f.addf(a[0], f.add(math.ExpOp(f.subf(read(f, k[0]), m))))],
        )
        log_total = pe.add(math.LogOp(total)) if op.LOG else None

        def write(f: _E, k: list[SSAValue], _a: list[SSAValue]) -> list[SSAValue]:
            z = f.subf(read(f, k[0]), m)
            if log_total is not None:
                v = f.subf(z, log_total)
            else:
                v = f.divf(f.add(math.ExpOp(z)), total)
            f.store(f.narrow(v, el), y, at(k[0]))
            return []

        pe.fold([xs[axis]], [], write)

    e.parallel(rows, body)


# ------------------------------------------------------------------------------- pass

_LOWER: dict[str, Callable[[_E, libcall.LibcallOp], None]] = {
    "libcall.gemm": _gemm,  # type: ignore[dict-item]
    "libcall.batched_gemm": _gemm,  # type: ignore[dict-item]
    "libcall.conv2d": _conv2d,  # type: ignore[dict-item]
    "libcall.conv2d_backward_data": _conv2d_backward_data,  # type: ignore[dict-item]
    "libcall.conv2d_backward_filter": _conv2d_backward_filter,  # type: ignore[dict-item]
    "libcall.pool2d": _pool2d,  # type: ignore[dict-item]
    "libcall.pool2d_backward": _pool2d_backward,  # type: ignore[dict-item]
    "libcall.softmax": _softmax,  # type: ignore[dict-item]
    "libcall.log_softmax": _softmax,  # type: ignore[dict-item]
}


def _direct_conv2d(e: _E, op: libcall.Conv2dOp) -> None:
    from arignote.lowering import direct_conv  # (xDSL's vector dialect only when used)

    _check_direct(op)
    xs, ws, ys = _conv_dims(e, op)
    if op.bias is not None:
        e.assert_equal(ws[0], e.dim(op.bias, 0), _message(op, "bias length differs from O"))
    direct_conv.lower(e, op, xs, ws, ys)


def _check_direct(op: libcall.Conv2dOp) -> None:
    """A diagnostic for a `cpu-direct` op the schedule cannot run (set by hand)."""
    why = unserved(DIRECT, op)
    if why is not None or not _on_host(op.output):
        raise PassError(
            diagnostic(
                op,
                PASS_NAME,
                f"has provider '{DIRECT}', which cannot run it: "
                + (why or "its buffers are not in host memory"),
            )
        )


def _fusable_pool(conv: libcall.Conv2dOp) -> libcall.Pool2dOp | None:
    """The max pooling a `cpu-direct` convolution's output feeds, when it can run in the
    convolution's output loop (`direct_conv.lower_pooled`): the output is a buffer of
    its own (`memref.alloc`) that only the convolution writes, one `libcall.pool2d` reads
    (window 2x2, stride 2, no padding, max, host buffers, later in the same block, into a
    buffer of its own) and a dealloc frees; every op between the two touches no memory
    (index arithmetic, allocations, sizes, assertions), so the fused nest may run where
    the pooling was."""
    y = conv.output
    if not isinstance(y.owner, memref.AllocOp) or not _on_host(y):
        return None
    pools = []
    for use in y.uses:
        user = use.operation
        if isinstance(user, libcall.Pool2dOp) and user.input is y and use.index == 0:
            pools.append(user)
        elif user is not conv and not isinstance(user, memref.DeallocOp):
            return None
    if len(pools) != 1:
        return None
    pool = pools[0]
    mode, win, st, pad = pool.pool_attrs()
    if (mode, tuple(win), tuple(st), tuple(pad)) != ("max", (2, 2), (2, 2), (0, 0)):
        return None
    out = pool.output
    if (
        pool.parent_block() is not conv.parent_block()
        or not isinstance(out.owner, memref.AllocOp)  # (fresh: no input aliases it)
        or not _on_host(out)
        or out.type.element_type != y.type.element_type  # type: ignore[attr-defined]
        or _rank(out) != 4
        or out in conv.operands
    ):
        return None
    between = conv.next_op
    while between is not None and between is not pool:
        if not (between.name in _HARMLESS or is_side_effect_free(between)):
            return None
        between = between.next_op
    return pool if between is pool else None


#: ops that may stand between a convolution and the pooling fused into it
_HARMLESS = ("memref.alloc", "memref.dim", "cf.assert")


def _direct_conv2d_pooled(conv: libcall.Conv2dOp, pool: libcall.Pool2dOp) -> None:
    """The convolution and the pooling of `_fusable_pool` as one nest where the pooling
    was; the convolution's output buffer (its alloc and dealloc) goes."""
    from arignote.lowering import direct_conv

    _check_direct(conv)
    e = _E(before=pool)
    xs, ws, ys = _conv_dims(e, conv)
    if conv.bias is not None:
        e.assert_equal(ws[0], e.dim(conv.bias, 0), _message(conv, "bias length differs from O"))
    ps = [e.dim(pool.output, i) for i in range(4)]
    _check_pool_output(e, pool, ys, ps)
    direct_conv.lower_pooled(e, conv, xs, ws, ys, pool.output, ps)
    y = conv.output
    alloc = y.owner
    assert isinstance(alloc, memref.AllocOp)
    sizes = iter(alloc.dynamic_sizes)
    size_of = [next(sizes) if n == DYNAMIC_INDEX else None for n in y.type.get_shape()]  # type: ignore[attr-defined]
    for use in list(y.uses):  # the sizes read from the buffer are the allocation's
        user = use.operation
        if isinstance(user, memref.DimOp):
            k = static_index(user.index)
            size = size_of[k] if k is not None else None
            assert size is not None, "only dynamic sizes are read (static ones are constants)"
            user.result.replace_all_uses_with(size)
            Rewriter.erase_op(user)
    Rewriter.erase_op(pool)
    Rewriter.erase_op(conv)
    for use in list(y.uses):  # its deallocs
        Rewriter.erase_op(use.operation)
    Rewriter.erase_op(alloc)


def _provider(op: libcall.LibcallOp) -> str | None:
    p = op.attributes.get("provider")
    return p.data if isinstance(p, StringAttr) else None


def is_kernel(op: libcall.LibcallOp) -> bool:
    """Whether `op`'s provider is one this pass generates (`kernel`, `cpu-direct`)."""
    p = op.attributes.get("provider")
    return isinstance(p, StringAttr) and p.data in GENERATED


@dataclass(frozen=True)
class ConvertLibcallToLoopsPass(ModulePass):
    name = "convert-libcall-to-loops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        fused: set[libcall.LibcallOp] = set()  # poolings run inside a convolution
        for o in list(op.walk()):
            if not isinstance(o, libcall.LibcallOp) or not is_kernel(o):
                continue
            if o.on_tensors:
                raise PassError(
                    diagnostic(
                        o,
                        PASS_NAME,
                        "works on tensors; the generated kernel is a loop nest over buffers "
                        "(run convert-libcall-to-loops after one-shot-bufferize)",
                    )
                )
            if isinstance(o, libcall.Conv2dOp) and _provider(o) == DIRECT:
                pool = _fusable_pool(o)
                if pool is not None:
                    _direct_conv2d_pooled(o, pool)
                    fused.add(pool)
                    continue
            if o in fused:
                continue
            lower = _direct_conv2d if _provider(o) == DIRECT else _LOWER[o.name]
            lower(_E(before=o), o)  # type: ignore[arg-type]
            Rewriter.erase_op(o)


__all__ = ["ConvertLibcallToLoopsPass", "KERNEL", "is_kernel"]
