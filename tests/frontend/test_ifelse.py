"""theano.ifelse.ifelse: lazy (only the branch taken runs), compiled as tt.if ->
loop.if, on cpu and emu.  Theano's rules: theano/ifelse.py (cited per test)."""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import ShapeError
from arignote.ifelse import ifelse


@pytest.fixture(autouse=True, params=["cpu", "emu"])
def device(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    old = theano.config.floatX, theano.config.device
    theano.config.floatX = "float64"
    theano.config.device = request.param
    yield request.param
    theano.config.floatX, theano.config.device = old


def test_ifelse_picks_the_branch(rng: np.random.Generator) -> None:
    """ifelse(T.lt(a, b), T.mean(x), T.mean(y)) (research note §2's example); any
    nonzero condition is true (ifelse.py l.239-287)."""
    a, b = T.scalars("a", "b")
    x, y = T.vectors("x", "y")
    f = theano.function([a, b, x, y], ifelse(T.lt(a, b), T.mean(x), T.mean(y)))
    xv, yv = rng.standard_normal(4), rng.standard_normal(5)
    np.testing.assert_allclose(f(1, 2, xv, yv), xv.mean(), rtol=1e-12)
    np.testing.assert_allclose(f(2, 1, xv, yv), yv.mean(), rtol=1e-12)
    g = theano.function([a, x, y], ifelse(a, x.sum(), y.sum()))  # a float condition
    np.testing.assert_allclose(g(-0.5, xv, yv), xv.sum(), rtol=1e-12)
    np.testing.assert_allclose(g(0.0, xv, yv), yv.sum(), rtol=1e-12)


def test_only_the_branch_taken_runs() -> None:
    """Laziness (ifelse.py l.239-287): the else branch reads y[5] of a 2-element y,
    which raises when it runs; with the condition true it does not run."""
    a, b = T.scalars("a", "b")
    x, y = T.vectors("x", "y")
    f = theano.function([a, b, x, y], ifelse(T.lt(a, b), x.sum(), y[5]))
    assert float(f(1, 2, np.ones(3), np.zeros(2))) == 3.0
    with pytest.raises(ShapeError, match="out of bounds"):
        f(2, 1, np.ones(3), np.zeros(2))


def test_multiple_outputs_follow_then_branch(rng: np.random.Generator) -> None:
    """A list (or tuple) then_branch gives a list (tuple) of outputs (l.329-401)."""
    c = T.iscalar("c")
    x = T.vector("x")
    outs = ifelse(c, [x * 2, x.sum()], [x * 3, x.max()])
    assert isinstance(outs, list)
    assert isinstance(ifelse(c, (x,), (x,)), tuple)
    f = theano.function([c, x], outs)
    xv = rng.standard_normal(4)
    r1, r0 = f(1, xv), f(0, xv)
    np.testing.assert_allclose(r1[0], xv * 2, rtol=1e-12)
    np.testing.assert_allclose(r0[1], xv.max(), rtol=1e-12)


def test_gradient_flows_to_the_branch_taken(rng: np.random.Generator) -> None:
    """IfElse.grad (l.198-237): the taken branch's inputs get the gradient, the other's
    zeros."""
    c = T.iscalar("c")
    x, y = T.vectors("x", "y")
    z = ifelse(c, (x**2).sum(), (3 * y).sum())
    f = theano.function([c, x, y], theano.grad(z, [x, y]))
    xv, yv = rng.standard_normal(3), rng.standard_normal(3)
    gx, gy = f(1, xv, yv)
    np.testing.assert_allclose(gx, 2 * xv, rtol=1e-12)
    np.testing.assert_array_equal(gy, 0)
    gx, gy = f(0, xv, yv)
    np.testing.assert_array_equal(gx, 0)
    np.testing.assert_allclose(gy, 3, rtol=1e-12)


def test_bad_input() -> None:
    """A non-scalar condition (l.189-192), branches of different types (l.352-376) or
    lengths: errors naming ifelse and the line."""
    x = T.vector("x")
    with pytest.raises(TypeError, match=r"ifelse at .*test_ifelse.py:\d+: the condition"):
        ifelse(x, x, x)
    with pytest.raises(TypeError, match="same types"):
        ifelse(x[0], x, T.cast(x, "float32"))
    with pytest.raises(ValueError, match="then_branch has 2 outputs"):
        ifelse(x[0], [x, x], [x])
