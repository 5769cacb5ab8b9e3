"""Theano's tensor language through the front end, compiled for cpu, against NumPy.

Each case builds a graph with arignote.tensor (as a Theano user writes it), compiles it
and compares with an independent NumPy computation on fresh random float64 inputs:
1e-10 relative (+1e-12 absolute) for float results, exact for integers and booleans.
conv2d and pool_2d are checked against direct loops written from Theano's definitions
(border modes, true convolution by default, dilation, strides, padding, the four pooling
modes).  A few cases also run on the PTX emulator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.tensor.nnet import conv2d
from arignote.tensor.signal.pool import pool_2d

RTOL, ATOL = 1e-10, 1e-12


pytestmark = pytest.mark.usefixtures("cpu")


def check(inputs: list[Any], outputs: Any, args: list[Any], expect: Any) -> None:
    f = theano.function(inputs, outputs, on_unused_input="ignore")
    got = f(*args)
    if not isinstance(outputs, list):
        got, expect = [got], [expect]
    assert len(got) == len(expect)
    for g, e in zip(got, expect):
        e = np.asarray(e)
        assert g.shape == e.shape, (g.shape, e.shape)
        if e.dtype.kind in "biu":
            np.testing.assert_array_equal(g, e)
        else:
            np.testing.assert_allclose(g, e, rtol=RTOL, atol=ATOL)


# --------------------------------------------------------------------------- constructors


def test_constructors_dtypes_and_floatx() -> None:
    assert T.ivector().dtype == "int32" and T.lscalar().dtype == "int64"
    assert T.dmatrix().dtype == "float64" and T.fmatrix().dtype == "float32"
    assert T.bvector().dtype == "int8" and T.row().broadcastable == (True, False)
    assert T.col().broadcastable == (False, True) and T.tensor3().ndim == 3
    assert T.TensorType("float64", (False, True))("t").broadcastable == (False, True)
    old = theano.config.floatX
    try:
        theano.config.floatX = "float64"
        assert T.matrix().dtype == "float64" and T.scalar().dtype == "float64"
        assert theano.shared(1.5).dtype == "float64"
    finally:
        theano.config.floatX = old
    assert T.matrix().dtype == "float32" and theano.shared(1.5).dtype == "float32"
    x = T.dmatrix("x")
    assert x.T.ndim == 2 and x.flatten().ndim == 1 and x.astype("int32").dtype == "int32"
    assert T.as_tensor_variable(np.arange(3)).dtype == "int64"


# --------------------------------------------------------------------------- elementwise


UNARY: dict[str, tuple[Callable[..., Any], Callable[..., Any], str]] = {
    "floor": (T.floor, np.floor, "any"),
    "ceil": (T.ceil, np.ceil, "any"),
    # Theano 1.0.5's round(x) rounds half to even, as NumPy (basic.py l.2176-2180)
    "round": (T.round, np.round, "any"),
    "round_half_away_from_zero": (
        lambda a: T.round(a, "half_away_from_zero"),
        lambda a: np.sign(a) * np.floor(np.abs(a) + 0.5),
        "any",
    ),
    "round_half_to_even": (lambda a: T.round(a, "half_to_even"), np.round, "any"),
    "sqr": (T.sqr, np.square, "any"),
    "sgn": (T.sgn, np.sign, "any"),
    "erf": (T.erf, None, "any"),  # type: ignore[dict-item]
    "softplus": (T.nnet.softplus, lambda a: np.logaddexp(0, a), "any"),
    "relu": (T.nnet.relu, lambda a: np.maximum(a, 0), "any"),
    "expm1": (T.expm1, np.expm1, "any"),
    "log2": (T.log2, np.log2, "pos"),
    "log10": (T.log10, np.log10, "pos"),
    "exp2": (T.exp2, np.exp2, "any"),
    "inv": (T.inv, np.reciprocal, "pos"),
    "tan": (T.tan, np.tan, "any"),
    "cosh": (T.cosh, np.cosh, "any"),
    "sinh": (T.sinh, np.sinh, "any"),
    "sigmoid": (T.nnet.sigmoid, lambda a: 1 / (1 + np.exp(-a)), "any"),
    "softsign": (T.nnet.softsign, lambda a: a / (1 + np.abs(a)), "any"),
    "elu": (T.nnet.elu, lambda a: np.where(a > 0, a, np.expm1(a)), "any"),
}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary(name: str, rng: np.random.Generator) -> None:
    fn, ref, domain = UNARY[name]
    a = rng.standard_normal((5, 7)) * 3
    a[0, :4] = [0.5, 1.5, -2.5, 0.0]  # ties of round
    if domain == "pos":
        a = np.abs(a) + 0.1
    if ref is None:
        from math import erf

        ref = np.vectorize(erf)
    x = T.dmatrix("x")
    check([x], fn(x), [a], ref(a))


def test_broadcasting_rules(rng: np.random.Generator) -> None:
    m, r, c, s, v = T.dmatrix("m"), T.drow("r"), T.dcol("c"), T.dscalar("s"), T.dvector("v")
    mv, rv, cv = (
        rng.standard_normal((3, 4)),
        rng.standard_normal((1, 4)),
        rng.standard_normal((3, 1)),
    )
    sv, vv = rng.standard_normal(), rng.standard_normal(4)
    check(
        [m, r, c, s, v],
        [m + r, m * c, r + c, s - m, v / (1 + m**2), T.maximum(c, v), T.switch(m > 0, r, c)],
        [mv, rv, cv, sv, vv],
        [mv + rv, mv * cv, rv + cv, sv - mv, vv / (1 + mv**2), np.maximum(cv, vv),
         np.where(mv > 0, rv, cv)],
    )  # fmt: skip


def test_integer_ops_and_comparisons(rng: np.random.Generator) -> None:
    a, b = T.lvector("a"), T.lvector("b")
    av = rng.integers(-50, 50, 20)
    bv = rng.integers(1, 9, 20)
    check(
        [a, b],
        [a // b, a % b, a & b, a | b, a ^ b, ~a, T.shl(a, 2), T.shr(a, 1), T.eq(a, b),
         T.neq(a, b), a < b, a >= b, abs(a), -a, T.clip(a, -5, 5)],
        [av, bv],
        [av // bv, av % bv, av & bv, av | bv, av ^ bv, ~av, av << 2, av >> 1, av == bv,
         av != bv, av < bv, av >= bv, np.abs(av), -av, np.clip(av, -5, 5)],
    )  # fmt: skip


def test_isnan_isinf_and_mixed_dtypes(rng: np.random.Generator) -> None:
    x, k = T.dvector("x"), T.ivector("k")
    xv = np.array([0.0, np.nan, np.inf, -np.inf, 1.5])
    kv = np.arange(5, dtype=np.int32)
    f = theano.function([x, k], [T.isnan(x), T.isinf(x), x * k, k * 2, k / 2])
    r = f(xv, kv)
    np.testing.assert_array_equal(r[0], np.isnan(xv))
    np.testing.assert_array_equal(r[1], np.isinf(xv))
    # k / 2: true_div of integers is floatX (TrueDiv.output_types, theano/scalar/basic.py
    # l.1890; floatX is float32 here)
    assert r[2].dtype == np.float64 and r[3].dtype == np.int32 and r[4].dtype == np.float32
    np.testing.assert_array_equal(r[4], kv / 2)


# --------------------------------------------------------------------------- reductions

REDUCE = ["sum", "prod", "mean", "max", "min", "var", "std", "all", "any"]
AXES: list[Any] = [None, 0, 1, -1, (0, 2), (2, 0, 1)]


@pytest.mark.parametrize("kind", REDUCE)
def test_reductions(kind: str, rng: np.random.Generator) -> None:
    a = rng.standard_normal((3, 4, 5))
    if kind in ("all", "any"):
        a = a > 0.8 if kind == "any" else a > -1.5
    x = T.TensorType(a.dtype, (False,) * 3)("x")
    outs, refs = [], []
    for axis in AXES:
        for keepdims in (False, True):
            outs.append(getattr(T, kind)(x, axis=axis, keepdims=keepdims))
            refs.append(getattr(np, kind)(a, axis=axis, keepdims=keepdims))
    check([x], outs, [a], refs)


def test_argmax_argmin_and_max_and_argmax(rng: np.random.Generator) -> None:
    a = rng.standard_normal((4, 6))
    x = T.dmatrix("x")
    mx, am = T.max_and_argmax(x, axis=1)
    check(
        [x],
        [T.argmax(x, axis=0), T.argmin(x, axis=1), T.argmax(x), x.argmax(axis=-1, keepdims=True),
         mx, am],
        [a],
        [a.argmax(0), a.argmin(1), a.argmax(), a.argmax(-1)[:, None], a.max(1), a.argmax(1)],
    )  # fmt: skip


# --------------------------------------------------------------------------- shapes


def test_shape_ops(rng: np.random.Generator) -> None:
    a = rng.standard_normal((2, 3, 4))
    v = rng.standard_normal(6)
    x, y = T.dtensor3("x"), T.dvector("y")
    n = T.lscalar("n")
    check(
        [x, y, n],
        [
            x.reshape((6, 4)), x.reshape((-1, 2)), x.flatten(), x.flatten(2),
            x.dimshuffle(2, "x", 0, 1), x.transpose(1, 2, 0), x.T, x.shape, x.size,
            T.concatenate([x, x * 2], axis=1), T.stack([y, y + 1]), T.stack([y, y], axis=1),
            T.arange(n), T.arange(1, n, 2), T.arange(n, dtype="float64"),
            T.alloc(y, 2, 6), T.zeros_like(x), T.ones_like(y), T.fill(y, 7.0),
            T.zeros((n, 2)), T.ones((2, n)), y.reshape((2, n)),
            x.shape[0] * 10, T.squeeze(T.addbroadcast(x[:, :1], 1)), T.squeeze(x[:, :1]),
        ],
        [a, v, 3],
        [
            a.reshape(6, 4), a.reshape(-1, 2), a.reshape(-1), a.reshape(2, 12),
            a.transpose(2, 0, 1)[:, None], a.transpose(1, 2, 0), a.T, np.array(a.shape),
            np.array(a.size), np.concatenate([a, a * 2], 1), np.stack([v, v + 1]),
            np.stack([v, v], 1), np.arange(3), np.arange(1, 3, 2), np.arange(3.0),
            np.broadcast_to(v, (2, 6)), np.zeros_like(a), np.ones_like(v), np.full(6, 7.0),
            np.zeros((3, 2)), np.ones((2, 3)), v.reshape(2, 3), np.array(20),
            np.squeeze(a[:, :1]), a[:, :1],  # squeeze drops only broadcastable dims
        ],
    )  # fmt: skip


def test_a_broadcastable_view_is_not_overwritten_while_its_source_is_read(rng) -> None:  # type: ignore[no-untyped-def]
    """addbroadcast(y, 1) is a view of y's buffer (tensor.cast -> memref.cast): the op
    reading it may write in place only when nothing else reads y.  Here y is returned
    too; one-shot-bufferize used to write z + 1 into y's buffer (both outputs 2x + 1,
    a silent wrong number)."""
    x = T.matrix("x")
    y = x * 2
    z = T.addbroadcast(y, 1)
    xs = rng.standard_normal((5, 1)).astype("float32")
    check([x], [z + 1, y], [xs], [xs * 2 + 1, xs * 2])


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_a_flatten_is_a_view_and_its_outputs_never_share_memory(device: str, rng) -> None:  # type: ignore[no-untyped-def]
    """A reshape that merges consecutive dims (flatten, Lasagne's dense layers) is
    tensor.collapse_shape, a view of the input's buffer: no gather.  Returned next to its
    source, of an argument, of a constant, feeding a gemm or an in-place elementwise op,
    with a unit dim merged: NumPy's numbers, and no two outputs share memory (each may
    be written by the caller)."""
    from arignote.config import config

    old, config.device = config.device, device
    try:
        x = T.tensor4("x")
        y = x * 2
        c = theano.shared(rng.standard_normal((2, 3, 4, 5)).astype("float32"))
        w = rng.standard_normal((60, 3)).astype("float32")
        outs = [
            y.flatten(2), y, x.flatten(1), y.flatten(2) + 1, x.flatten(2) + c.flatten(2),
            T.dot(y.flatten(2), w), x[:, :1].flatten(2) * 3, y.reshape((x.shape[0], -1)),
        ]  # fmt: skip
        f = theano.function([x], outs)
        assert "tensor.collapse_shape" in f.ir("linalg"), f.ir("linalg")
        a = rng.standard_normal((2, 3, 4, 5)).astype("float32")
        cv = c.get_value()
        refs = [
            (a * 2).reshape(2, -1), a * 2, a.reshape(-1), (a * 2).reshape(2, -1) + 1,
            a.reshape(2, -1) + cv.reshape(2, -1), (a * 2).reshape(2, -1) @ w,
            a[:, :1].reshape(2, -1) * 3, (a * 2).reshape(2, -1),
        ]  # fmt: skip
        for _ in range(2):  # the second call reuses what the first left behind
            got = f(a)
            for g, r in zip(got, refs):
                np.testing.assert_allclose(g, r, rtol=1e-5, atol=1e-5)
            for i, g in enumerate(got):
                for h in got[i + 1 :]:
                    assert not np.shares_memory(g, h)
            assert not any(np.shares_memory(g, a) for g in got)
    finally:
        config.device = old


# --------------------------------------------------------------------------- indexing


def test_basic_indexing_with_symbolic_bounds(rng: np.random.Generator) -> None:
    a = rng.standard_normal((10, 5))
    x, i, b = T.dmatrix("x"), T.lscalar("i"), T.lscalar("b")
    outs = [x[i * b : (i + 1) * b], x[i], x[-1], x[::-2, 1:4], x[i:, -2], x[:, ::-1][2:-1]]
    for iv in (0, 1, 2):
        check(
            [x, i, b], outs, [a, iv, 4],
            [a[iv * 4 : (iv + 1) * 4], a[iv], a[-1], a[::-2, 1:4], a[iv:, -2],
             a[:, ::-1][2:-1]],
        )  # fmt: skip


def test_advanced_indexing_and_updates(rng: np.random.Generator) -> None:
    a = rng.standard_normal((4, 3))
    x, y, v = T.dmatrix("x"), T.lvector("y"), T.dvector("v")
    yv = np.array([2, 0, 2, 1])
    vv = rng.standard_normal(3)
    rows = np.array([0, 0, 3])
    inc = a.copy()
    np.add.at(inc, rows, vv)
    setrows = a.copy()
    setrows[rows] = vv
    pairs = a.copy()
    pairs[np.arange(4), yv] += 1.0
    inc1 = a.copy()
    inc1[1] += vv
    set0 = a.copy()
    set0[1:3, 0] = 9.0
    check(
        [x, y, v],
        [
            x[T.arange(y.shape[0]), y], x[rows], T.take(x, y, axis=1),
            T.set_subtensor(x[1:3, 0], 9.0), T.inc_subtensor(x[1], v),
            T.inc_subtensor(x[rows], v), T.set_subtensor(x[rows], v),
            T.inc_subtensor(x[T.arange(4), y], 1.0),
        ],
        [a, yv, vv],
        [
            a[np.arange(4), yv], a[rows], a[:, yv], set0, inc1, inc, setrows, pairs,
        ],
    )  # fmt: skip


def test_negative_log_likelihood_of_the_tutorials(rng: np.random.Generator) -> None:
    z = rng.standard_normal((6, 4))
    labels = rng.integers(0, 4, 6).astype(np.int32)
    x, y = T.dmatrix("x"), T.ivector("y")
    p = T.nnet.softmax(x)
    nll = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    errors = T.mean(T.neq(T.argmax(p, axis=1), y))
    e = np.exp(z - z.max(1, keepdims=True))
    pv = e / e.sum(1, keepdims=True)
    check(
        [x, y], [nll, errors, T.nnet.logsoftmax(x), T.nnet.categorical_crossentropy(p, y)],
        [z, labels],
        [-np.mean(np.log(pv)[np.arange(6), labels]), np.mean(pv.argmax(1) != labels),
         np.log(pv), -np.log(pv[np.arange(6), labels])],
    )  # fmt: skip


def test_crossentropies(rng: np.random.Generator) -> None:
    pv, tv, zv = rng.random((3, 4)) * 0.8 + 0.1, rng.random((3, 4)), rng.standard_normal((3, 4))
    p, t, z = T.dmatrix("p"), T.dmatrix("t"), T.dmatrix("z")
    check(
        [p, t, z],
        [T.nnet.binary_crossentropy(p, t), T.nnet.sigmoid_binary_crossentropy(z, t),
         T.nnet.categorical_crossentropy(p, t)],
        [pv, tv, zv],
        [-(tv * np.log(pv) + (1 - tv) * np.log(1 - pv)),
         -(tv * np.log(1 / (1 + np.exp(-zv))) + (1 - tv) * np.log(1 - 1 / (1 + np.exp(-zv)))),
         -(tv * np.log(pv)).sum(axis=1)],
    )  # fmt: skip


# --------------------------------------------------------------------------- products


def test_dot_family(rng: np.random.Generator) -> None:
    am, bm = rng.standard_normal((3, 4)), rng.standard_normal((4, 5))
    u, w = rng.standard_normal(4), rng.standard_normal(3)
    a3, b3 = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 4, 5))
    t1, t2 = rng.standard_normal((2, 3, 4)), rng.standard_normal((3, 4, 5))
    A, B, U, W = T.dmatrix("A"), T.dmatrix("B"), T.dvector("U"), T.dvector("W")
    A3, B3, T1, T2 = T.dtensor3("A3"), T.dtensor3("B3"), T.dtensor3("T1"), T.dtensor3("T2")
    check(
        [A, B, U, W, A3, B3, T1, T2],
        [T.dot(A, B), T.dot(A, U), T.dot(W, A), T.dot(U, U), A @ B, T.dot(A.T, W),
         T.batched_dot(A3, B3), T.tensordot(T1, T2, axes=2), T.tensordot(T1, T2, [[1], [0]]),
         T.outer(U, W), T.dot(A, B).T],
        [am, bm, u, w, a3, b3, t1, t2],
        [am @ bm, am @ u, w @ am, u @ u, am @ bm, am.T @ w, np.matmul(a3, b3),
         np.tensordot(t1, t2, 2), np.tensordot(t1, t2, [[1], [0]]), np.outer(u, w),
         (am @ bm).T],
    )  # fmt: skip


# --------------------------------------------------------------------------- conv2d


def np_conv2d(x, w, pad, stride, dilation, flip):  # type: ignore[no-untyped-def]
    """Direct loops: Theano's conv2d (true convolution when flip, else correlation)."""
    if flip:
        w = w[:, :, ::-1, ::-1]
    (pt, pl), (sh, sw), (dh, dw) = pad, stride, dilation
    xp = np.pad(x, ((0, 0), (0, 0), (pt, pt), (pl, pl)))
    n, c, h, wd = xp.shape
    o, _, kh, kw = w.shape
    ho = (h - dh * (kh - 1) - 1) // sh + 1
    wo = (wd - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((n, o, ho, wo))
    for i in range(ho):
        for j in range(wo):
            patch = xp[
                :,
                :,
                i * sh : i * sh + dh * (kh - 1) + 1 : dh,
                j * sw : j * sw + dw * (kw - 1) + 1 : dw,
            ]
            y[:, :, i, j] = np.einsum("nchw,ochw->no", patch, w)
    return y


CONV = [
    ("valid", {}, (0, 0)),
    ("full", {"border_mode": "full"}, (2, 1)),
    ("half", {"border_mode": "half"}, (1, 1)),  # (kh // 2, kw // 2)
    ("int", {"border_mode": 2}, (2, 2)),
    ("tuple", {"border_mode": (1, 0)}, (1, 0)),
    ("subsample", {"subsample": (2, 2)}, (0, 0)),
    ("no-flip", {"filter_flip": False, "border_mode": 1}, (1, 1)),
    ("dilation", {"filter_dilation": (2, 2)}, (0, 0)),
]


@pytest.mark.parametrize("name", [c[0] for c in CONV])
def test_conv2d(name: str, rng: np.random.Generator) -> None:
    _, kwargs, pad = next(c for c in CONV if c[0] == name)
    xv, wv = rng.standard_normal((2, 3, 9, 8)), rng.standard_normal((4, 3, 3, 2))
    x, w = T.dtensor4("x"), T.dtensor4("w")
    kwargs = dict(kwargs)
    if kwargs.get("border_mode") in ("full", "half"):
        kwargs["filter_shape"] = wv.shape
    ref = np_conv2d(
        xv, wv, pad, kwargs.get("subsample", (1, 1)), kwargs.get("filter_dilation", (1, 1)),
        kwargs.get("filter_flip", True),
    )  # fmt: skip
    check([x, w], conv2d(x, w, input_shape=xv.shape, **kwargs), [xv, wv], ref)


def test_conv2d_with_shared_filters_and_bias_relu(rng: np.random.Generator) -> None:
    wv, bv = rng.standard_normal((5, 2, 3, 3)), rng.standard_normal(5)
    w, b = theano.shared(wv, "w"), theano.shared(bv, "b")
    x = T.dtensor4("x")
    y = T.nnet.relu(conv2d(x, w, border_mode="half") + b.dimshuffle("x", 0, "x", "x"))
    xv = rng.standard_normal((3, 2, 6, 6))
    ref = np.maximum(np_conv2d(xv, wv, (1, 1), (1, 1), (1, 1), True) + bv[None, :, None, None], 0)
    check([x], y, [xv], ref)


# --------------------------------------------------------------------------- pooling


def np_pool(x, ws, ignore_border, stride, pad, mode):  # type: ignore[no-untyped-def]
    """Theano's pool_2d from its definition (windows clipped at the border when
    ignore_border=False; average_exc_pad divides by the in-image count)."""
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (ph, pw) = ws, stride, pad
    hp, wp = h + 2 * ph, w + 2 * pw

    def out(size: int, k: int, s: int) -> int:
        if ignore_border:
            return (size - k) // s + 1
        return max(0, (size - 1 - k) // s + 1) + 1 if size > k else 1

    ho, wo = out(hp, kh, sh), out(wp, kw, sw)
    fill = -np.inf if mode == "max" else 0.0
    xp = np.full((n, c, hp, wp), fill)
    xp[:, :, ph : ph + h, pw : pw + w] = x
    inside = np.zeros((hp, wp))
    inside[ph : ph + h, pw : pw + w] = 1
    y = np.zeros((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            r0, c0 = i * sh, j * sw
            r1, c1 = min(r0 + kh, hp), min(c0 + kw, wp)
            win = xp[:, :, r0:r1, c0:c1]
            if mode == "max":
                y[:, :, i, j] = win.max(axis=(2, 3))
            elif mode == "sum":
                y[:, :, i, j] = win.sum(axis=(2, 3))
            elif mode == "average_inc_pad":
                y[:, :, i, j] = win.sum(axis=(2, 3)) / ((r1 - r0) * (c1 - c0))
            else:
                y[:, :, i, j] = win.sum(axis=(2, 3)) / inside[r0:r1, c0:c1].sum()
    return y


POOL = [
    ((2, 2), True, None, (0, 0)),
    ((2, 2), False, None, (0, 0)),
    ((3, 2), True, (2, 1), (0, 0)),
    ((3, 3), False, (2, 2), (0, 0)),
    ((3, 3), True, (2, 2), (1, 1)),
]


@pytest.mark.parametrize("mode", ["max", "sum", "average_inc_pad", "average_exc_pad"])
@pytest.mark.parametrize("ws, ignore_border, stride, pad", POOL)
def test_pool_2d(mode, ws, ignore_border, stride, pad, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
    xv = rng.standard_normal((2, 3, 7, 6))
    x = T.dtensor4("x")
    y = pool_2d(x, ws, ignore_border=ignore_border, stride=stride, pad=pad, mode=mode)
    ref = np_pool(xv, ws, ignore_border, stride or ws, pad, mode)
    check([x], y, [xv], ref)


# --------------------------------------------------------------------------- random


@pytest.mark.parametrize("kind", ["RandomStreams", "MRG_RandomStreams"])
def test_random_streams_statistics(kind: str) -> None:
    from arignote.sandbox.rng_mrg import MRG_RandomStreams
    from arignote.tensor.shared_randomstreams import RandomStreams

    cls = RandomStreams if kind == "RandomStreams" else MRG_RandomStreams
    srng = cls(seed=1234)
    n = T.lscalar("n")
    u = srng.uniform((n, 100), low=-1.0, high=3.0)
    z = srng.normal((n, 100), avg=2.0, std=0.5)
    b = srng.binomial((n, 100), p=0.3)
    f = theano.function([n], [u, z, b])
    uv, zv, bv = f(200)
    assert uv.shape == zv.shape == bv.shape == (200, 100)
    assert uv.dtype == np.float32 and bv.dtype == np.int64
    assert -1 <= uv.min() and uv.max() < 3 and abs(uv.mean() - 1.0) < 0.03
    assert abs(zv.mean() - 2.0) < 0.01 and abs(zv.std() - 0.5) < 0.01
    assert abs(bv.mean() - 0.3) < 0.01 and set(np.unique(bv)) == {0, 1}
    u2 = f(200)[0]
    assert not np.array_equal(uv, u2)  # the state advanced
    again = cls(seed=1234)
    g = theano.function([n], again.uniform((n, 100), low=-1.0, high=3.0))
    np.testing.assert_array_equal(g(200), uv)  # same seed, same stream


# --------------------------------------------------------------------------- emulator


def test_a_training_graph_on_the_emulator(rng: np.random.Generator) -> None:
    # the same dense-layer step on emu as on cpu (float32 tolerance), with the tutorials'
    # negative log-likelihood: its gradient is a scatter-add into log(p) on the device
    X = rng.standard_normal((8, 5)).astype(np.float32)
    y = rng.integers(0, 3, 8)
    outs = []
    for device in ("cpu", "emu"):
        theano.config.device = device
        w = theano.shared(np.linspace(-1, 1, 15, dtype=np.float32).reshape(5, 3), "w")
        x, t = T.fmatrix("x"), T.lvector("t")
        p = T.nnet.softmax(T.dot(x, w))
        cost = -T.mean(T.log(p)[T.arange(t.shape[0]), t])
        step = theano.function([x, t], cost, updates=[(w, w - 0.1 * T.grad(cost, w))])
        losses = [step(X, y) for _ in range(3)]
        outs.append((np.array(losses), w.get_value()))
    np.testing.assert_allclose(outs[0][0], outs[1][0], rtol=1e-5)
    np.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("device", ["cpu", "emu"])
@pytest.mark.parametrize("mode", ["max", "sum", "average_inc_pad", "average_exc_pad"])
def test_pool_2d_with_a_symbolic_window_matches_the_static_one(device: str, mode: str, rng: np.random.Generator) -> None:
    """Theano's Pool takes ws/stride as inputs (signal/pool.py); Lasagne's spatial pyramid
    pooling computes them from the input size.  Same values and gradients as the static
    window, output size (n - ws) // stride + 1."""
    from arignote.tensor.signal.pool import pool_2d

    old = theano.config.device
    theano.config.device = device
    try:
        x, ws, st = T.tensor4("x"), T.ivector("ws"), T.ivector("st")
        dyn = pool_2d(x, ws=ws, stride=st, ignore_border=True, pad=None, mode=mode)
        fixed = pool_2d(x, ws=(3, 2), stride=(2, 1), ignore_border=True, mode=mode)
        g_dyn, g_fixed = theano.grad((dyn**2).sum(), x), theano.grad((fixed**2).sum(), x)
        f = theano.function([x, ws, st], [dyn, fixed, g_dyn, g_fixed])
        xv = rng.standard_normal((2, 3, 9, 6)).astype(theano.config.floatX)
        a, b, ga, gb = f(xv, np.array([3, 2], "int32"), np.array([2, 1], "int32"))
        assert a.shape == (2, 3, 4, 5)
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)  # float32 sums in another order
        np.testing.assert_allclose(ga, gb, rtol=1e-5, atol=1e-5)
    finally:
        theano.config.device = old
    with pytest.raises(ValueError, match="symbolic ws or stride needs ignore_border=True"):
        pool_2d(x, ws=ws, ignore_border=False)
