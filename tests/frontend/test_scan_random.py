"""Random streams inside scan: a draw's state is a shared variable with a default
update, which scan makes a hidden state advancing every step; its value after the last
step comes back in scan's `updates` (Theano's scan.py l.809-1000, research note §1.6).
On cpu and emu."""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.sandbox.rng_mrg import MRG_RandomStreams
from arignote.tensor.shared_randomstreams import RandomStreams


@pytest.fixture(autouse=True, params=["cpu", "emu"])
def device(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    old = theano.config.floatX, theano.config.device
    theano.config.floatX = "float64"
    theano.config.device = request.param
    yield request.param
    theano.config.floatX, theano.config.device = old


@pytest.mark.parametrize("streams", [RandomStreams, MRG_RandomStreams])
def test_gibbs_example(streams: type, rng: np.random.Generator) -> None:
    """scan.txt 'Gibbs sampling': the streams' states come back in updates; with them
    applied each call draws new numbers."""
    W = theano.shared(rng.random((2, 2)))
    bvis, bhid = theano.shared(rng.random(2)), theano.shared(rng.random(2))
    trng = streams(1234)

    def one_step(vsample):
        hmean = T.nnet.sigmoid(theano.dot(vsample, W) + bhid)
        hsample = trng.binomial(size=hmean.shape, n=1, p=hmean, dtype="float64")
        vmean = T.nnet.sigmoid(theano.dot(hsample, W.T) + bvis)
        return trng.binomial(size=vsample.shape, n=1, p=vmean, dtype="float64")

    sample = T.vector()
    values, updates = theano.scan(one_step, outputs_info=sample, n_steps=10)
    assert len(updates) == 2
    states = list(updates)
    before = [_state(s) for s in states]
    gibbs10 = theano.function([sample], values, updates=updates)
    chains = np.stack([gibbs10(np.ones(2)) for _ in range(4)])
    assert set(np.unique(chains)) <= {0.0, 1.0}
    assert all((_state(s) != b).any() for s, b in zip(states, before))
    assert len({c.tobytes() for c in chains}) > 1  # new draws per call


def test_rbm_pcd_step(rng: np.random.Generator) -> None:
    """An RBM's persistent contrastive-divergence step with a 3-step Gibbs chain drawn
    with MRG_RandomStreams inside scan: the updates (weights, the persistent chain, the
    random state) are applied; the weight update equals the PCD gradient computed in
    NumPy from the chain's end the function returns."""
    nv, nh, B, k, lr = 6, 4, 5, 3, 0.1
    W = theano.shared(rng.standard_normal((nv, nh)) * 0.1, name="W")
    hb, vb = theano.shared(np.zeros(nh), name="hb"), theano.shared(np.zeros(nv), name="vb")
    persistent = theano.shared(np.zeros((B, nh)), name="persistent")
    srng = MRG_RandomStreams(42)

    def free_energy(v):
        return -T.dot(v, vb) - T.sum(T.nnet.softplus(T.dot(v, W) + hb), axis=1)

    def gibbs_hvh(h):
        v_mean = T.nnet.sigmoid(T.dot(h, W.T) + vb)
        v = srng.binomial(size=v_mean.shape, n=1, p=v_mean, dtype="float64")
        h_mean = T.nnet.sigmoid(T.dot(v, W) + hb)
        h2 = srng.binomial(size=h_mean.shape, n=1, p=h_mean, dtype="float64")
        return v, h2

    x = T.matrix("x")
    (vs, hs), updates = theano.scan(gibbs_hvh, outputs_info=[None, persistent], n_steps=k)
    chain_end = vs[-1]
    cost = T.mean(free_energy(x)) - T.mean(free_energy(chain_end))
    params = [W, hb, vb]
    grads = theano.grad(cost, params, consider_constant=[chain_end])
    for p, g in zip(params, grads):
        updates[p] = p - lr * g
    updates[persistent] = hs[-1]
    step = theano.function([x], chain_end, updates=updates)
    xv = (rng.random((B, nv)) < 0.5).astype(np.float64)
    for _ in range(3):
        W0, hb0 = W.get_value().copy(), hb.get_value().copy()
        pers0 = persistent.get_value().copy()
        end = step(xv)
        assert set(np.unique(end)) <= {0.0, 1.0}

        def sig(z):
            return 1 / (1 + np.exp(-z))

        dW = (xv.T @ sig(xv @ W0 + hb0) - end.T @ sig(end @ W0 + hb0)) / B
        np.testing.assert_allclose(W.get_value(), W0 + lr * dW, rtol=1e-10, atol=1e-12)
        assert not np.array_equal(persistent.get_value(), pers0) or pers0.any()


def _state(shared):  # type: ignore[no-untyped-def]
    """A stream's state as an array: MRG's int32 rows, or the words of a RandomState."""
    value = shared.get_value()
    if isinstance(value, np.random.RandomState):
        return np.array(value.get_state()[1])
    return np.array(value, copy=True)
