"""Long runs keep memory flat (issue 12): a training step called thousands of times on
cpu and on the emulator does not grow the process (device profiles keep totals and a
bounded window, compiled code and buffers are reused)."""

from __future__ import annotations

import gc
import os

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T


def _rss_bytes() -> int:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _train_step():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    x, y = T.matrix("x"), T.ivector("y")
    W = theano.shared(np.zeros((8, 3), np.float32), name="W")
    b = theano.shared(np.zeros(3, np.float32), name="b")
    p = T.nnet.softmax(T.dot(x, W) + b)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    gW, gb = theano.grad(cost, [W, b])
    step = theano.function([x, y], cost, updates=[(W, W - 0.1 * gW), (b, b - 0.1 * gb)])
    data = rng.standard_normal((16, 8)).astype(np.float32)
    labels = rng.integers(0, 3, 16).astype(np.int32)
    return step, data, labels


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc to read RSS")
@pytest.mark.parametrize(("device", "steps"), [("cpu", 10_000), ("emu", 2_000)])
def test_thousands_of_training_steps_keep_rss_flat(device: str, steps: int) -> None:
    old = theano.config.device
    theano.config.device = device
    try:
        step, data, labels = _train_step()
        warm = steps // 10
        first = [float(step(data, labels)) for _ in range(warm)]
        gc.collect()
        before = _rss_bytes()
        last = [float(step(data, labels)) for _ in range(steps - warm)]
        gc.collect()
        grown = _rss_bytes() - before
        assert last[-1] < first[0]  # it trained
        assert grown < 8 << 20, f"RSS grew by {grown / 2**20:.1f} MiB over {steps - warm} steps"
    finally:
        theano.config.device = old
