"""Device profiles stay small on long runs: per-kernel totals and a bounded window of the
latest launches (once they kept one record per launch forever: +6 KB per training step,
and calls slowed down as they accumulated)."""

from __future__ import annotations

import numpy as np

import arignote as theano
import arignote.tensor as T
from arignote.runtime.device import RECENT_LAUNCHES, KernelStats, Profile


def test_a_profile_keeps_totals_and_a_bounded_window() -> None:
    p = Profile()
    for i in range(10 * RECENT_LAUNCHES):
        p.record(KernelStats("k" if i % 2 else "j", (1, 1, 1), (32, 1, 1), instructions=3, seconds=1e-6))
    assert p.launch_count == 10 * RECENT_LAUNCHES and len(p.launches) == RECENT_LAUNCHES
    assert p.calls == {"j": 5 * RECENT_LAUNCHES, "k": 5 * RECENT_LAUNCHES}
    assert p.kernels["k"].instructions == 3 * 5 * RECENT_LAUNCHES
    snap = p.snapshot()
    for _ in range(3):
        p.record(KernelStats("k", (1, 1, 1), (32, 1, 1), instructions=3))
    d = p.since(snap)
    assert d.launch_count == 3 and d.calls == {"k": 3} and d.kernels["k"].instructions == 9
    assert [k.kernel for k in d.launches] == ["k"] * 3
    assert "k  " in p.report() and f"{10 * RECENT_LAUNCHES + 3} launches" in p.report()


def test_many_calls_on_the_emulator_keep_the_profile_bounded(emu) -> None:  # type: ignore[no-untyped-def]
    x = T.vector("x")
    w = theano.shared(np.zeros(8, np.float32), name="w")
    step = theano.function([x], (w * x).sum(), updates=[(w, w + 0.5 * x)], profile=True)
    calls = RECENT_LAUNCHES + 200
    before = emu.profile.launch_count
    for _ in range(calls):
        step(np.ones(8, np.float32))
    np.testing.assert_allclose(w.get_value(), np.full(8, 0.5 * calls))
    per_call = (emu.profile.launch_count - before) // calls
    assert per_call >= 1 and len(emu.profile.launches) <= RECENT_LAUNCHES
    assert step.profile.device.launch_count == per_call * calls
    assert len(step.profile.device.launches) <= RECENT_LAUNCHES
    assert sum(step.profile.device.calls.values()) == per_call * calls
