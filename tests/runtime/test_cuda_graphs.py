"""CUDA graphs of repeated kernel segments (arignote.runtime.cuda.graphs).

Without a GPU: the decision logic -- eager the first time, captured the second, replayed
after; short segments always eager; a failed capture or an evicted graph never captured
again; bounded memory.  With a GPU (`gpu`): a compiled function called repeatedly gives
the same results with graphs on and off, and its segments are replayed from graphs.
"""

from __future__ import annotations

import gc

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.runtime.cuda import graphs
from arignote.runtime.cuda.graphs import SegmentGraphs


def test_eager_then_capture_then_replay() -> None:
    g = SegmentGraphs()
    seg = ("k0", "k1", "k2")
    assert g.decide(seg) == "eager"
    assert g.decide(seg) == "capture"
    assert g.keep(seg, "exec-1") == []
    assert g.decide(seg) == "replay" and g.decide(seg) == "replay"
    assert g.decide(("k0", "k1", "k3")) == "eager"  # another argument: another segment


def test_single_launches_and_failed_captures_stay_eager() -> None:
    g = SegmentGraphs()
    assert [g.decide(("k0",)) for _ in range(4)] == ["eager"] * 4
    seg = ("a", "b")
    g.decide(seg)
    assert g.decide(seg) == "capture"
    g.forget(seg)
    assert [g.decide(seg) for _ in range(3)] == ["eager"] * 3


def test_evicted_graphs_are_not_captured_again() -> None:
    g = SegmentGraphs(max_graphs=2)
    segs = [(f"k{i}", "x") for i in range(3)]
    for s in segs:
        g.decide(s)
    evicted = []
    for i, s in enumerate(segs):
        assert g.decide(s) == "capture"
        evicted += g.keep(s, f"exec-{i}")
    assert evicted == ["exec-0"]  # the least recently used
    assert g.decide(segs[0]) == "eager"  # never re-captured (it would thrash)
    assert g.decide(segs[2]) == "replay"
    assert sorted(g.clear()) == ["exec-1", "exec-2"] and not g.execs


def test_seen_segments_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graphs, "MAX_SEEN", 8)
    g = SegmentGraphs()
    for i in range(100):
        g.decide((i, "x"))
    assert len(g.seen) == 8
    assert g.decide((99, "x")) == "capture"  # the recent ones are remembered


def test_config_flag() -> None:
    from arignote.config import Config, apply_flags

    cfg = Config()
    assert cfg.cuda_graphs is True
    apply_flags(cfg, {"cuda_graphs": "False"}, "ARIGNOTE_FLAGS")
    assert cfg.cuda_graphs is False
    with pytest.raises(ValueError, match="cuda_graphs must be True or False"):
        apply_flags(cfg, {"cuda_graphs": "sometimes"}, "ARIGNOTE_FLAGS")


@pytest.mark.gpu
def test_repeated_calls_replay_graphs_with_the_same_results(rng) -> None:  # type: ignore[no-untyped-def]
    from arignote.runtime.devices import get_gpu_device

    old = theano.config.device, theano.config.cuda_graphs
    theano.config.device = "cuda"
    try:
        dev = get_gpu_device("cuda")
        w = theano.shared(rng.standard_normal((64, 32)).astype(np.float32), "w")
        x = T.fmatrix("x")
        h = T.tanh(T.dot(x, w))
        cost = (h**2).sum() + T.exp(x).mean()
        step = theano.function([x], cost, updates=[(w, w - 0.01 * T.grad(cost, w))])
        xs = rng.standard_normal((16, 64)).astype(np.float32)
        w0 = w.get_value()
        theano.config.cuda_graphs = True
        with_graphs = [float(step(xs)) for _ in range(5)]
        assert dev._graphs.execs, "no segment was captured"
        w.set_value(w0)
        theano.config.cuda_graphs = False
        without = [float(step(xs)) for _ in range(5)]
        np.testing.assert_allclose(with_graphs, without, rtol=1e-6)
    finally:
        theano.config.device, theano.config.cuda_graphs = old


def test_more_distinct_segments_than_64_are_replayed() -> None:
    """A step of 100 distinct repeating segments: with 64 graphs kept, each was evicted
    before its next sight and nothing was ever replayed."""
    g = SegmentGraphs()
    keys = [tuple(("k", i, j) for j in range(3)) for i in range(100)]
    assert [g.decide(k) for k in keys] == ["eager"] * 100
    for k in keys:
        assert g.decide(k) == "capture"
        assert g.keep(k, object()) == []  # nothing evicted
    assert [g.decide(k) for k in keys] == ["replay"] * 100
    assert g.decisions == {"eager": 100, "capture": 100, "replay": 100}


def _mlp(rng, device: str, steps: int):  # type: ignore[no-untyped-def]
    """A 2-layer MLP trained by SGD for `steps` calls on `device`: costs, final weights
    and the per-call (h2d bytes, d2h bytes, graph decisions, d2h copies) of the cuda device."""
    from arignote.runtime.devices import get_gpu_device

    theano.config.device = device
    init = np.random.default_rng(rng)
    xs = init.standard_normal((64, 20)).astype(np.float32)
    ys = (init.random(64) * 3).astype(np.int32)
    X, Y = theano.shared(xs, "X"), theano.shared(ys, "Y")
    W1 = theano.shared((init.standard_normal((20, 32)) * 0.3).astype(np.float32), "W1")
    b1 = theano.shared(np.zeros(32, np.float32), "b1")
    W2 = theano.shared((init.standard_normal((32, 3)) * 0.3).astype(np.float32), "W2")
    b2 = theano.shared(np.zeros(3, np.float32), "b2")
    h = T.tanh(T.dot(X, W1) + b1)
    p = T.nnet.softmax(T.dot(h, W2) + b2)
    cost = T.nnet.categorical_crossentropy(p, Y).mean()
    params = [W1, b1, W2, b2]
    updates = [(v, v - 0.5 * g) for v, g in zip(params, T.grad(cost, params))]
    step = theano.function([], cost, updates=updates)
    # the compile's cyclic garbage is freed now, not by a collection between two steps
    # (the compile pauses the collector; a device block freed then changes the next
    # step's buffers, hence its segments' keys: one re-capture, counted against replay)
    gc.collect()
    per_call = []
    dev = get_gpu_device(device) if device != "cpu" else None
    costs = []
    for _ in range(steps):
        if dev is not None:
            prof, dec = dev.profile, dict(dev._graphs.decisions)
            before = (prof.h2d_bytes, prof.d2h_bytes, prof.d2h_count)
        costs.append(float(step()))
        if dev is not None:
            after = dev._graphs.decisions
            per_call.append((prof.h2d_bytes - before[0], prof.d2h_bytes - before[1],
                             {k: after[k] - dec[k] for k in after},
                             prof.d2h_count - before[2]))
    return costs, [v.get_value() for v in params], per_call


@pytest.mark.gpu
def test_mlp_training_on_cuda_matches_cpu_and_replays_a_graph_from_the_third_call() -> None:
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    old = theano.config.device, theano.config.cuda_graphs
    theano.config.cuda_graphs = True
    try:
        want_costs, want_params, _ = _mlp(seed, "cpu", 20)
        costs, params, per_call = _mlp(seed, "cuda", 20)
    finally:
        theano.config.device, theano.config.cuda_graphs = old
    np.testing.assert_allclose(costs, want_costs, rtol=1e-4, atol=1e-5)
    for got, want in zip(params, want_params):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert costs[-1] < costs[0]
    for k, (h2d, d2h, dec, d2h_count) in enumerate(per_call):
        if k >= 1:  # the data and weights were uploaded by the first call
            assert h2d <= 8, (k, h2d)  # scalars only
        # scalars only: the cost, and one i64 per check of the labels as indices (the
        # largest label out of bounds, if any: crossentropy's take and its gradient's)
        assert d2h_count <= 5 and d2h <= 8 * d2h_count, (k, d2h, d2h_count)
        if k >= 2:  # from the 3rd call on, every segment of 2+ launches is a graph replay
            assert dec["eager"] == 0 and dec["capture"] == 0 and dec["replay"] >= 1, (k, dec)
