"""CPU kernels called through their Python call stubs (arignote/runtime/cpu/pystub.py):
the same results as through ctypes, for arrays of every rank and dtype, dynamic sizes,
offsets and steps passed as Python ints; the GIL released while a kernel runs."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import arignote as theano
import arignote.compiler as compiler
import arignote.tensor as T
from arignote.runtime.cpu import pystub


@pytest.fixture
def cpu():  # type: ignore[no-untyped-def]
    old = (theano.config.device, theano.config.floatX, theano.config.compiledir)
    theano.config.device, theano.config.floatX, theano.config.compiledir = "cpu", "float32", "off"
    yield
    theano.config.device, theano.config.floatX, theano.config.compiledir = old


def _graphs():  # type: ignore[no-untyped-def]
    x, m = T.matrix("x"), T.matrix("m")
    i, j = T.lscalar("i"), T.lscalar("j")
    b = T.TensorType("int16", (False, False, False))("b")
    v = T.dvector("v")
    return [
        ([x, m], [T.dot(x, m.T) + 1, (x * 2).sum(axis=0)]),
        ([x, i, j], [x[i:j:2, ::-1] * 3]),
        ([b], [b.max(axis=2) - b.sum(axis=2).astype("int16")]),
        ([v, i], [T.tanh(v[i:]) ** 2]),
    ]


def _inputs(rng):  # type: ignore[no-untyped-def]
    return [
        [rng.standard_normal((5, 3)).astype(np.float32), rng.standard_normal((4, 3)).astype(np.float32)],
        [rng.standard_normal((9, 4)).astype(np.float32), 1, 8],
        [rng.integers(-50, 50, (2, 3, 4)).astype(np.int16)],
        [rng.standard_normal(7), 2],
    ]


def test_stubs_match_ctypes(cpu, rng, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert pystub.layout_ok()
    with_stubs = [theano.function(ins, outs) for ins, outs in _graphs()]
    for f in with_stubs:
        src = f.compiled.host.source
        assert "_ptr(" not in src and "# @" in src, src  # every kernel through its stub
    compiler._cache.clear()
    compiler._graph_cache.clear()
    monkeypatch.setattr(pystub, "layout_ok", lambda: False)
    with_ctypes = [theano.function(ins, outs) for ins, outs in _graphs()]
    for f in with_ctypes:
        assert "_ptr(" in f.compiled.host.source
    compiler._cache.clear()
    for f, g, args in zip(with_stubs, with_ctypes, _inputs(rng), strict=True):
        for a, b in zip(f(*args), g(*args), strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


def test_the_gil_is_released_while_a_kernel_runs(cpu) -> None:  # type: ignore[no-untyped-def]
    x = T.vector("x")
    f = theano.function([x], T.sum(T.sin(x) * T.cos(x)))
    big = np.ones(40_000_000, np.float32)
    f(big[:10])
    ticks: list[float] = []
    stop = threading.Event()

    def count() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.01)
    t0 = time.perf_counter()
    f(big)  # the other thread runs meanwhile, unless the GIL is held
    t1 = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if t0 + 0.2 * (t1 - t0) < x < t0 + 0.8 * (t1 - t0)]
    assert len(during) > 100, (len(during), t1 - t0)
