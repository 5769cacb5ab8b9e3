"""`fuse-conv-epilogues` through the front end: relu(conv2d(x, w) + b[c]) written as in
Theano (`T.maximum(h + b.dimshuffle('x', 0, 'x', 'x'), 0)`) becomes one convolution with
a bias and a relu epilogue, on the CPU (`cpu-direct`) and on the PTX emulator (a
generated kernel), and computes the unfused numbers.

References: NumPy in float64 on fresh random inputs (sliding windows, einsum).
Tolerances: f32 2e-5 relative to the largest |value| of the output (each output is a
27-term sum plus a bias); the gradient case 1e-4 (sums over 2*8*8 positions).
"""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.tensor.nnet import conv2d

SHAPE_X, SHAPE_W = (2, 3, 10, 10), (5, 3, 3, 3)


def _windows(x: np.ndarray) -> np.ndarray:
    """(n, c, ho, wo, kh, kw) windows of x padded by 1 (border_mode='half' for 3x3)."""
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    return np.lib.stride_tricks.sliding_window_view(xp, SHAPE_W[2:], axis=(2, 3))


def _pre(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """conv2d(x, w) (cross-correlation: filter_flip=False) + b[c], in float64."""
    return (
        np.einsum("nchwij,ocij->nohw", _windows(x), w.astype(np.float64)) + b[None, :, None, None]
    )


def _inputs(rng: np.random.Generator) -> list[np.ndarray]:
    return [
        rng.standard_normal(SHAPE_X).astype("float32"),
        rng.standard_normal(SHAPE_W).astype("float32"),
        rng.standard_normal(SHAPE_W[0]).astype("float32"),
    ]


def _layer(relu: bool):  # type: ignore[no-untyped-def]
    x, w, b = T.tensor4("x"), T.tensor4("w"), T.vector("b")
    h = conv2d(x, w, border_mode="half", filter_flip=False, filter_shape=SHAPE_W)
    h = h + b.dimshuffle("x", 0, "x", "x")
    return [x, w, b], (T.maximum(h, 0) if relu else h)


@pytest.mark.parametrize("device", ["cpu", "emu"])
@pytest.mark.parametrize("relu", [True, False])
def test_bias_and_relu_become_the_epilogue(device: str, relu: bool, rng) -> None:  # type: ignore[no-untyped-def]
    from arignote.config import config

    old, config.device = config.device, device
    try:
        ins, out = _layer(relu)
        f = theano.function(ins, out)
        fused = f.ir("fused")
        assert "libcall.conv2d" in fused and "bias(%b" in fused, fused
        assert ("epilogue = relu" in fused) == relu, fused
        assert "linalg.generic" not in fused, fused  # the bias/relu pass over memory is gone
        xs = _inputs(rng)
        ref = _pre(*xs)
        if relu:
            ref = np.maximum(ref, 0)
        got = f(*xs)
    finally:
        config.device = old
    np.testing.assert_allclose(got, ref, rtol=0, atol=2e-5 * np.abs(ref).max())


def test_training_keeps_the_preactivation(cpu, rng) -> None:  # type: ignore[no-untyped-def]
    """The gradient of sum(relu(conv + b)) reads the conv's result twice (the relu's mask):
    the conv is not fused there, and the gradients are NumPy's."""
    (x, w, b), out = _layer(True)
    gw, gb = T.grad(out.sum(), [w, b])
    f = theano.function([x, w, b], [out, gw, gb])
    xs = _inputs(rng)
    y, dw, db = f(*xs)
    pre = _pre(*xs)
    mask = (pre > 0).astype(np.float64)
    np.testing.assert_allclose(y, np.maximum(pre, 0), rtol=0, atol=2e-5 * np.abs(pre).max())
    ref_dw = np.einsum("nohw,nchwij->ocij", mask, _windows(xs[0]))
    np.testing.assert_allclose(dw, ref_dw, rtol=0, atol=1e-4 * np.abs(ref_dw).max())
    np.testing.assert_allclose(db, mask.sum(axis=(0, 2, 3)), rtol=1e-6)
