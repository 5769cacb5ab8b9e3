"""theano.grad: every differentiable op against central finite differences (float64,
fresh random inputs; verify_grad's tolerances: 1e-4 absolute and relative), and the
API's semantics (wrt forms, consider_constant, disconnected inputs, known_grads)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.gradient import (
    DisconnectedInputError,
    GradientError,
    NullTypeGradError,
    verify_grad,
)
from arignote.tensor.nnet import conv2d
from arignote.tensor.signal.pool import pool_2d

# domains of the random inputs: "any" standard normal, "pos" in [0.5, 1.5),
# "frac" away from integers and half-integers (for floor/ceil/round/sign), "unit" in (0.1, 0.9)
Case = tuple[Callable[..., Any], list[tuple[tuple[int, ...], str]]]


def _input(rng: np.random.Generator, shape: tuple[int, ...], domain: str) -> np.ndarray:
    if domain == "pos":
        return rng.random(shape) + 0.5
    if domain == "unit":
        return rng.random(shape) * 0.8 + 0.1
    if domain == "frac":
        return rng.integers(-3, 3, shape) + 0.2 + rng.random(shape) * 0.2
    return rng.standard_normal(shape)


M = (3, 4)
P = [(M, "pos")]
A = [(M, "any")]
LABELS = np.array([1, 0, 3])

ELEMENTWISE: dict[str, Case] = {
    "neg": (lambda a: -a, A),
    "abs": (lambda a: abs(a), P),
    "exp": (T.exp, A),
    "log": (T.log, P),
    "log1p": (T.log1p, P),
    "sqrt": (T.sqrt, P),
    "sin": (T.sin, A),
    "cos": (T.cos, A),
    "tan": (T.tan, [(M, "unit")]),
    "tanh": (T.tanh, A),
    "cosh": (T.cosh, A),
    "sinh": (T.sinh, A),
    "sigmoid": (T.nnet.sigmoid, A),
    "expm1": (T.expm1, A),
    "erf": (T.erf, A),
    "erfc": (T.erfc, A),
    "softplus": (T.nnet.softplus, A),
    "sqr": (T.sqr, A),
    "inv": (T.inv, P),
    "log2": (T.log2, P),
    "log10": (T.log10, P),
    "exp2": (T.exp2, A),
    "floor": (lambda a: T.floor(a) * a, [(M, "frac")]),
    "ceil": (lambda a: T.ceil(a) * a, [(M, "frac")]),
    "round": (lambda a: T.round(a) * a, [(M, "frac")]),
    "sign": (lambda a: T.sgn(a) * a, [(M, "frac")]),
    "add-bcast": (lambda a, v: a + v, [(M, "any"), ((4,), "any")]),
    "sub-row": (lambda a, r: a - r, [(M, "any"), ((1, 4), "any")]),
    "mul-col": (lambda a, c: a * c, [(M, "any"), ((3, 1), "any")]),
    "true_div": (lambda a, b: a / b, [(M, "any"), (M, "pos")]),
    "pow": (lambda a, b: a**b, [(M, "pos"), (M, "any")]),
    "pow-const": (lambda a: a**2.5, P),
    "maximum": (T.maximum, [(M, "any"), (M, "any")]),
    "minimum": (T.minimum, [(M, "any"), (M, "any")]),
    "switch": (lambda a, b: T.switch(a > 0, a * b, b), [(M, "any"), (M, "any")]),
    "clip": (lambda a: T.clip(a, -0.5, 0.5), A),
    "scalar-times-vector": (lambda s, v: s * v + s, [((), "any"), ((5,), "any")]),
    "mod": (lambda a, b: a % b, [(M, "frac"), (M, "pos")]),
    "int_div": (lambda a, b: (a // b) * a, [(M, "frac"), (M, "pos")]),
    "cast-float": (lambda a: T.cast(a, "float64") * 2, A),
}

REDUCTIONS: dict[str, Case] = {
    "sum-all": (lambda a: a.sum(), A),
    "sum-axis0": (lambda a: a.sum(axis=0), A),
    "sum-keepdims": (lambda a: a.sum(axis=-1, keepdims=True), A),
    "sum-tuple-3d": (lambda a: a.sum(axis=(0, 2)), [((2, 3, 4), "any")]),
    "prod": (lambda a: T.prod(a, axis=1), P),
    "mean": (lambda a: a.mean(axis=0), A),
    "max": (lambda a: T.max(a, axis=1), A),
    "min-all": (lambda a: T.min(a), A),
    "var": (lambda a: a.var(axis=1), A),
    "std": (lambda a: a.std(axis=0, keepdims=True), A),
    "norm-l2": (lambda a: a.norm(2, axis=1), A),
    "norm-l1": (lambda a: a.norm(1), A),
}

SHAPES: dict[str, Case] = {
    "reshape": (lambda a: a.reshape((2, 6)) * np.arange(12.0).reshape(2, 6), A),
    "reshape-minus1": (lambda a: a.reshape((-1,)) * np.arange(12.0), A),
    "flatten": (lambda a: a.flatten(2), [((2, 3, 2), "any")]),
    "transpose": (lambda a: a.T * np.arange(12.0).reshape(4, 3), A),
    "dimshuffle-x": (lambda v: v.dimshuffle("x", 0, "x") * np.ones((2, 4, 3)), [((4,), "any")]),
    "dimshuffle-perm": (lambda a: a.dimshuffle(2, 0, 1), [((2, 3, 4), "any")]),
    "concatenate": (lambda a, b: T.concatenate([a, b * 2], axis=1), [(M, "any"), ((3, 2), "any")]),
    "stack": (lambda a, b: T.stack([a, b], axis=0), [(M, "any"), (M, "any")]),
    "alloc": (lambda v: T.alloc(v, 3, 4), [((4,), "any")]),
    "stack-scalars": (lambda a, b: T.stack([a, b * 2, a * b]), [((), "any"), ((), "any")]),
    "fill": (lambda a, s: T.fill(a, s) * a, [(M, "any"), ((), "any")]),
    "squeeze": (lambda a: T.squeeze(a) * 2, [((3, 1), "any")]),
    "patternbroadcast": (lambda a: T.addbroadcast(a, 1) * np.ones((3, 4)), [((3, 1), "any")]),
}

INDEXING: dict[str, Case] = {
    "slice": (lambda a: a[1:, ::-2] * 3, A),
    "int-index": (lambda a: a[1] * a[:, 2].sum(), A),
    "advanced-rows": (lambda a: a[[0, 2, 2]], A),
    "advanced-pairs": (lambda a: a[T.arange(3), LABELS], A),
    "take": (lambda a: T.take(a, np.array([3, 0, 3]), axis=1), A),
    "set_subtensor": (lambda a, v: T.set_subtensor(a[1], v), [(M, "any"), ((4,), "any")]),
    "inc_subtensor": (
        lambda a, v: T.inc_subtensor(a[1:, 1:3], v[:2]),
        [(M, "any"), ((4,), "any")],
    ),
    "inc_subtensor-repeated": (
        lambda a, v: T.inc_subtensor(a[[0, 0, 2]], v),
        [(M, "any"), ((4,), "any")],
    ),
    "set_subtensor-advanced": (
        lambda a, v: T.set_subtensor(a[T.arange(3), LABELS], v),
        [(M, "any"), ((3,), "any")],
    ),
}

PRODUCTS: dict[str, Case] = {
    "dot-mm": (T.dot, [(M, "any"), ((4, 2), "any")]),
    "dot-mv": (T.dot, [(M, "any"), ((4,), "any")]),
    "dot-vm": (T.dot, [((3,), "any"), (M, "any")]),
    "dot-vv": (T.dot, [((4,), "any"), ((4,), "any")]),
    "dot-transposed": (lambda a, b: T.dot(a.T, b), [(M, "any"), ((3, 2), "any")]),
    "batched_dot": (T.batched_dot, [((2, 3, 4), "any"), ((2, 4, 2), "any")]),
    "tensordot": (
        lambda a, b: T.tensordot(a, b, axes=[[1, 2], [0, 1]]),
        [((2, 3, 4), "any"), ((3, 4, 2), "any")],
    ),
    "outer": (T.outer, [((3,), "any"), ((4,), "any")]),
}

X4, W4 = ((2, 2, 5, 5), "any"), ((3, 2, 3, 3), "any")
NNET: dict[str, Case] = {
    "conv-valid": (lambda x, w: conv2d(x, w), [X4, W4]),
    "conv-full": (
        lambda x, w: conv2d(x, w, border_mode="full", filter_shape=(3, 2, 3, 3)),
        [X4, W4],
    ),
    "conv-half": (
        lambda x, w: conv2d(x, w, border_mode="half", filter_shape=(3, 2, 3, 3)),
        [X4, W4],
    ),
    "conv-pad-tuple": (lambda x, w: conv2d(x, w, border_mode=(1, 2)), [X4, W4]),
    "conv-subsample": (lambda x, w: conv2d(x, w, subsample=(2, 2)), [((2, 2, 6, 6), "any"), W4]),
    "conv-dilation": (
        lambda x, w: conv2d(x, w, filter_dilation=(2, 1)),
        [((1, 2, 7, 5), "any"), W4],
    ),
    "conv-no-flip": (lambda x, w: conv2d(x, w, filter_flip=False, border_mode=1), [X4, W4]),
    "pool-max": (lambda x: pool_2d(x, (2, 2), ignore_border=True), [((2, 2, 4, 4), "any")]),
    "pool-max-stride-pad": (
        lambda x: pool_2d(x, (3, 3), ignore_border=True, stride=(2, 2), pad=(1, 1)),
        [((1, 2, 5, 5), "any")],
    ),
    "pool-sum": (
        lambda x: pool_2d(x, (2, 2), ignore_border=False, mode="sum"),
        [((1, 2, 5, 5), "any")],
    ),
    "pool-avg-inc": (
        lambda x: pool_2d(x, (2, 2), ignore_border=True, pad=(1, 1), mode="average_inc_pad"),
        [((1, 2, 4, 4), "any")],
    ),
    "pool-avg-exc": (
        lambda x: pool_2d(x, (2, 2), ignore_border=False, mode="average_exc_pad"),
        [((2, 2, 5, 5), "any")],
    ),
    "softmax": (T.nnet.softmax, A),
    "log_softmax": (T.nnet.logsoftmax, A),
    "relu": (T.nnet.relu, [(M, "frac")]),
    "relu-leaky": (lambda a: T.nnet.relu(a, 0.1), [(M, "frac")]),
    "elu": (T.nnet.elu, [(M, "frac")]),
    "softsign": (T.nnet.softsign, A),
    "binary_crossentropy": (
        lambda p, t: T.nnet.binary_crossentropy(p, t),
        [(M, "unit"), (M, "unit")],
    ),
    "sigmoid_binary_crossentropy": (
        lambda z, t: T.nnet.sigmoid_binary_crossentropy(z, t),
        [(M, "any"), (M, "unit")],
    ),
    "categorical_crossentropy-labels": (
        lambda z: T.nnet.categorical_crossentropy(T.nnet.softmax(z), LABELS),
        A,
    ),
    "categorical_crossentropy-dist": (
        lambda z, t: T.nnet.categorical_crossentropy(T.nnet.softmax(z), t),
        [(M, "any"), (M, "unit")],
    ),
    "nll-as-theano-tutorials": (
        lambda z: -T.mean(T.log(T.nnet.softmax(z))[T.arange(3), LABELS]),
        A,
    ),
}

ALL = {**ELEMENTWISE, **REDUCTIONS, **SHAPES, **INDEXING, **PRODUCTS, **NNET}


pytestmark = pytest.mark.usefixtures("cpu")


@pytest.mark.parametrize("name", list(ALL))
def test_gradient_matches_finite_differences(name: str, rng: np.random.Generator) -> None:
    fn, specs = ALL[name]
    pt = [_input(rng, shape, domain) for shape, domain in specs]
    verify_grad(fn, pt, rng=rng, n_tests=1)


def test_verify_grad_catches_a_wrong_gradient(rng: np.random.Generator) -> None:
    # a cost whose gradient is cut (consider_constant) is not its derivative
    def fn(a: Any) -> Any:
        return theano.gradient.consider_constant(a) * a

    with pytest.raises(GradientError):
        verify_grad(fn, [rng.standard_normal(M)], rng=rng, n_tests=1)


# --------------------------------------------------------------------------- API


def test_wrt_single_list_and_values(rng: np.random.Generator) -> None:
    x, y = T.dvector("x"), T.dvector("y")
    cost = (x * y).sum() + (x**2).sum()
    gx = theano.grad(cost, x)
    gx2, gy = theano.grad(cost, [x, y])
    f = theano.function([x, y], [gx, gx2, gy])
    xv, yv = rng.standard_normal(4), rng.standard_normal(4)
    a, b, c = f(xv, yv)
    np.testing.assert_allclose(a, yv + 2 * xv, rtol=1e-12)
    np.testing.assert_allclose(b, a, rtol=0)
    np.testing.assert_allclose(c, xv, rtol=1e-12)
    assert isinstance(theano.grad(cost, (x, y)), list)


def test_consider_constant(rng: np.random.Generator) -> None:
    x = T.dvector("x")
    h = T.exp(x)
    cost = (h * x).sum()
    g = theano.grad(cost, x, consider_constant=[h])
    xv = rng.standard_normal(3)
    np.testing.assert_allclose(theano.function([x], g)(xv), np.exp(xv), rtol=1e-12)


def test_disconnected_inputs() -> None:
    x, y = T.dvector("x"), T.dvector("y")
    cost = (x**2).sum()
    with pytest.raises(DisconnectedInputError, match="y"):
        theano.grad(cost, y)
    with pytest.warns(UserWarning, match="y"):
        gy = theano.grad(cost, y, disconnected_inputs="warn")
    np.testing.assert_array_equal(theano.function([y], gy)(np.ones(3)), np.zeros(3))
    gy = theano.grad(cost, y, disconnected_inputs="ignore")
    np.testing.assert_array_equal(theano.function([y], gy)(np.ones(2)), np.zeros(2))
    with pytest.raises(ValueError, match="disconnected_inputs"):
        theano.grad(cost, y, disconnected_inputs="maybe")


def test_cost_must_be_a_scalar() -> None:
    x = T.dvector("x")
    with pytest.raises(TypeError, match="scalar"):
        theano.grad(x * 2, x)


def test_integer_inputs_have_zero_gradient(rng: np.random.Generator) -> None:
    x, k = T.dvector("x"), T.lvector("k")
    cost = (x * k).sum()
    gk = theano.grad(cost, k, disconnected_inputs="ignore")
    gx = theano.grad(cost, x)
    f = theano.function([x, k], [gx, gk])
    a, b = f(rng.standard_normal(3), np.array([1, 2, 3]))
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.0])
    assert b.shape == (3,) and not b.any()


def test_known_grads(rng: np.random.Generator) -> None:
    x = T.dvector("x")
    h = T.tanh(x)
    g_h = T.dvector("g_h")
    gx = theano.grad(None, x, known_grads={h: g_h})
    xv, gv = rng.standard_normal(3), rng.standard_normal(3)
    got = theano.function([x, g_h], gx)(xv, gv)
    np.testing.assert_allclose(got, gv * (1 - np.tanh(xv) ** 2), rtol=1e-12)


def test_second_derivative(rng: np.random.Generator) -> None:
    x = T.dscalar("x")
    y = T.sin(x) * x**3
    d1 = theano.grad(y, x)
    d2 = theano.grad(d1, x)
    f = theano.function([x], [d1, d2])
    xv = 0.7
    a, b = f(xv)
    np.testing.assert_allclose(a, np.cos(xv) * xv**3 + 3 * xv**2 * np.sin(xv), rtol=1e-12)
    np.testing.assert_allclose(
        b, -np.sin(xv) * xv**3 + 6 * xv**2 * np.cos(xv) + 6 * xv * np.sin(xv), rtol=1e-12
    )


def test_hessian_vector_of_a_dense_layer(rng: np.random.Generator) -> None:
    x, v = T.dvector("x"), T.dvector("v")
    w = theano.shared(rng.standard_normal((4, 4)), "w")
    cost = T.tanh(T.dot(w, x)).sum()
    g = theano.grad(cost, x)
    hv = theano.grad((g * v).sum(), x)
    f = theano.function([x, v], hv)
    xv, vv = rng.standard_normal(4), rng.standard_normal(4)
    eps = 1e-6
    gf = theano.function([x], g)
    fd = (gf(xv + eps * vv) - gf(xv - eps * vv)) / (2 * eps)
    np.testing.assert_allclose(f(xv, vv), fd, rtol=1e-6, atol=1e-8)


SECOND: dict[str, Case] = {
    # the gradient ops themselves: d/dx of (a projection of) d cost/d w, and so on
    "conv-grad-weights": (
        lambda x, w: theano.grad((conv2d(x, w, subsample=(2, 1), border_mode=1) ** 2).sum(), w),
        [((2, 2, 5, 5), "any"), W4],
    ),
    "conv-grad-inputs": (
        lambda x, w: theano.grad(
            (conv2d(x, w, filter_dilation=(1, 2), filter_flip=False) ** 2).sum(), x
        ),
        [((1, 2, 5, 7), "any"), W4],
    ),
    "pool-max-grad": (
        lambda x: theano.grad((pool_2d(x, (2, 2), ignore_border=False) ** 3).sum(), x),
        [((1, 2, 5, 5), "any")],
    ),
    "pool-max-grad-padded": (
        lambda x: theano.grad(
            (pool_2d(x, (3, 2), ignore_border=True, pad=(1, 1), stride=(3, 2)) ** 3).sum(), x
        ),
        [((2, 1, 5, 4), "any")],
    ),
    "pool-avg-grad": (
        lambda x: theano.grad(
            (pool_2d(x, (2, 2), ignore_border=False, mode="average_exc_pad") ** 2).sum(), x
        ),
        [((1, 2, 5, 5), "any")],
    ),
}


@pytest.mark.parametrize("name", list(SECOND))
def test_gradients_of_gradient_ops(name: str, rng: np.random.Generator) -> None:
    fn, specs = SECOND[name]
    pt = [_input(rng, shape, domain) for shape, domain in specs]
    verify_grad(fn, pt, rng=rng, n_tests=1)


def test_second_derivative_of_overlapping_max_pooling_is_refused() -> None:
    x = T.dtensor4("x")
    g = theano.grad((pool_2d(x, (3, 3), ignore_border=True, stride=(2, 2)) ** 2).sum(), x)
    with pytest.raises(NullTypeGradError, match="windows that do not overlap"):
        theano.grad((g**2).sum(), x)


def test_zero_and_disconnected_grad(rng: np.random.Generator) -> None:
    x = T.dvector("x")
    y = theano.gradient.zero_grad(x * 3) + x
    f = theano.function([x], [y, theano.grad(y.sum(), x)])
    xv = rng.standard_normal(3)
    a, b = f(xv)
    np.testing.assert_allclose(a, 4 * xv, rtol=1e-12)
    np.testing.assert_array_equal(b, np.ones(3))
    z = theano.gradient.disconnected_grad(x).sum()
    with pytest.raises(DisconnectedInputError):
        theano.grad(z, x)
