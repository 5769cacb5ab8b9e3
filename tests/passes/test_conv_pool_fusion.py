"""A 2x2 max pooling fused into the `cpu-direct` convolution's output loop
(convert-libcall-to-loops: `_fusable_pool`, `direct_conv.lower_pooled`), run.

Each case is a Theano-style convolution (`conv2d`, bias, relu) followed by `pool_2d`
with a 2x2 window and stride, compiled for the CPU on fresh random inputs, against a
NumPy float64 reference (rtol = atol = 1e-4 for float32, 1e-10 for float64: the host
providers' tolerances; the schedule rounds once per tap).  The geometries cover the
fused schedule's paths: rows of at least two vectors (3x3 filters with their taps
unrolled, and other filters), the partial window of an odd size with ignore_border=False
(Theano's rule: the last window keeps the rows and columns that exist), rows too narrow
for the vectors (scalar), padding, a stride along the height, flipped filters.

Against the same graph with the convolution's output also returned (so the pooling is
not fused: the buffer has another reader), the pooled values agree bit for bit where
the unfused convolution computes with fused multiply-adds (rows of at least one vector).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.tensor.nnet import conv2d
from arignote.tensor.signal.pool import pool_2d

TOL = {"float32": 1e-4, "float64": 1e-10}


@pytest.fixture
def cpu():  # type: ignore[no-untyped-def]
    old = (theano.config.device, theano.config.compiledir)
    theano.config.device, theano.config.compiledir = "cpu", "off"
    yield
    theano.config.device, theano.config.compiledir = old


def _has_op(ir: str, name: str) -> bool:
    """Whether an op `name` is in the printed IR (not just named by a message)."""
    return re.search(rf"^\s*(%\S+ = )?{re.escape(name)}\b", ir, re.M) is not None


def _reference(x, w, b, pad, sh, flip, relu, ignore_border):  # type: ignore[no-untyped-def]
    """conv2d (cross-correlation, or convolution with `flip`) + bias + relu + 2x2 max
    pooling, in float64."""
    x, w, b = (a.astype(np.float64) for a in (x, w, b))
    if flip:
        w = w[:, :, ::-1, ::-1]
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    kh, kw = w.shape[2:]
    win = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh]
    y = np.einsum("nchwij,ocij->nohw", win, w) + b[None, :, None, None]
    if relu:
        y = np.maximum(y, 0)
    ho, wo = y.shape[2:]
    hp, wp = (ho // 2, wo // 2) if ignore_border else (-(-ho // 2), -(-wo // 2))
    out = np.full(y.shape[:2] + (hp, wp), -np.inf)
    for i in range(hp):
        for j in range(wp):
            out[:, :, i, j] = y[:, :, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2].max(axis=(2, 3))
    return out


# (x shape, w shape, padding, stride along the height, ignore_border)
GEOMETRIES = [
    ((2, 3, 16, 32), (5, 3, 3, 3), (1, 1), 1, True),  # W4-like: unrolled 3x3, O = 2*2 + 1
    ((2, 4, 17, 35), (4, 4, 3, 3), (1, 1), 1, False),  # odd sizes: the partial windows
    ((1, 3, 14, 21), (3, 3, 2, 4), (0, 1), 1, True),  # any filter, odd width, overlapping
    ((2, 2, 21, 20), (6, 2, 3, 3), (1, 1), 2, False),  # stride 2 along the height
    ((1, 2, 9, 11), (3, 2, 3, 3), (1, 1), 1, False),  # rows too narrow: scalar
    ((1, 1, 2, 16), (1, 1, 1, 1), (0, 0), 1, True),  # one pooled row, one channel
]


def _functions(geometry, dtype: str, flip: bool, relu: bool):  # type: ignore[no-untyped-def]
    xs, ws, pad, sh, ib = geometry
    x = T.TensorType(dtype, (False,) * 4)("x")
    w = T.TensorType(dtype, (False,) * 4)("w")
    b = T.TensorType(dtype, (False,))("b")
    y = conv2d(x, w, border_mode=pad, subsample=(sh, 1), filter_flip=flip, filter_shape=ws)
    y = y + b.dimshuffle("x", 0, "x", "x")
    if relu:
        y = T.maximum(y, 0)
    p = pool_2d(y, (2, 2), ignore_border=ib)
    fused = theano.function([x, w, b], p)
    apart = theano.function([x, w, b], [p, y])  # (y read twice: no fusion)
    return fused, apart


def _inputs(geometry, dtype: str, rng: np.random.Generator):  # type: ignore[no-untyped-def]
    xs, ws = geometry[:2]
    return [rng.standard_normal(s).astype(dtype) for s in (xs, ws, (ws[0],))]


@pytest.mark.parametrize("k", range(len(GEOMETRIES)))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_matches_reference_and_the_unfused_graph(cpu, k: int, dtype: str, rng) -> None:  # type: ignore[no-untyped-def]
    geometry = GEOMETRIES[k]
    flip, relu = k % 2 == 0, k % 3 != 2
    fused, apart = _functions(geometry, dtype, flip, relu)
    args = _inputs(geometry, dtype, rng)
    got = fused(*args)
    want = _reference(*args, geometry[2], geometry[3], flip, relu, geometry[4])
    tol = TOL[dtype]
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol)
    assert got.dtype == dtype
    unfused, _ = apart(*args)
    wo = want.shape[3] * 2  # (at least the convolution's width, less one)
    if wo - 1 >= 8 // (2 if dtype == "float64" else 1):  # the unfused rows use fmas too
        np.testing.assert_array_equal(got, unfused)
    loops = fused.ir("loops")
    assert not _has_op(loops, "libcall.pool2d") and not _has_op(loops, "libcall.conv2d")
    assert _has_op(loops, "vector.shuffle") and _has_op(apart.ir("loops"), "vector.fma")
    assert not _has_op(apart.ir("loops"), "vector.shuffle")


def test_w4_network_fuses_both_poolings(cpu, rng) -> None:  # type: ignore[no-untyped-def]
    """The yardstick's convnet: both convolutions take their pooling; the convolutions'
    outputs are never allocated."""
    x = T.tensor4("x")
    w1, w2 = T.tensor4("w1"), T.tensor4("w2")
    b1, b2 = T.vector("b1"), T.vector("b2")
    h = T.maximum(conv2d(x, w1, border_mode="half", filter_flip=False, filter_shape=(8, 3, 3, 3))
                  + b1.dimshuffle("x", 0, "x", "x"), 0)  # fmt: skip
    h = pool_2d(h, (2, 2), ignore_border=True)
    h = T.maximum(conv2d(h, w2, border_mode="half", filter_flip=False, filter_shape=(16, 8, 3, 3))
                  + b2.dimshuffle("x", 0, "x", "x"), 0)  # fmt: skip
    h = pool_2d(h, (2, 2), ignore_border=True)
    f = theano.function([x, w1, b1, w2, b2], h)
    args = [rng.standard_normal(s).astype("float32") for s in
            ((4, 3, 32, 32), (8, 3, 3, 3), (8,), (16, 8, 3, 3), (16,))]  # fmt: skip
    h1 = _reference(args[0], args[1], args[2], (1, 1), 1, False, True, True)
    want = _reference(h1, args[3], args[4], (1, 1), 1, False, True, True)
    np.testing.assert_allclose(f(*args), want, rtol=1e-4, atol=1e-4)
    loops = f.ir("loops")
    assert loops.count("vector.shuffle") >= 4 and not _has_op(loops, "libcall.pool2d")


@pytest.mark.parametrize("window,stride,mode", [((3, 3), (3, 3), "max"), ((2, 2), (1, 1), "max"),
                                                 ((2, 2), (2, 2), "average_exc_pad")])  # fmt: skip
def test_other_poolings_stay_apart(cpu, window, stride, mode, rng) -> None:  # type: ignore[no-untyped-def]
    x, w = T.tensor4("x"), T.tensor4("w")
    y = conv2d(x, w, border_mode="half", filter_shape=(4, 2, 3, 3))
    f = theano.function([x, w], pool_2d(y, window, ignore_border=True, stride=stride, mode=mode))
    loops = f.ir("loops")
    assert not _has_op(loops, "vector.shuffle") and _has_op(f.ir("placed"), "libcall.pool2d")
