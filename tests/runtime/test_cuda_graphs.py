"""CUDA graphs of repeated kernel segments (arignote.runtime.cuda.graphs).

Without a GPU: the decision logic -- eager the first time, captured the second, replayed
after; short segments always eager; a failed capture or an evicted graph never captured
again; bounded memory.  With a GPU (`gpu`): a compiled function called repeatedly gives
the same results with graphs on and off, and its segments are replayed from graphs.
"""

from __future__ import annotations

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
