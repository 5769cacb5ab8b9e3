#!/usr/bin/env python3
"""Per-step cost of a loop: a scan of N steps of a scalar `h + 1` (issue 11, item 5).

Runs each available system (arignote on cpu, PyTensor's scan (C VM), JAX's lax.scan,
a Python loop over NumPy) in this process and prints the median time of one call
divided by N, in nanoseconds per step.  Usage:
    python bench/scan_overhead.py [--steps 10000] [--repeats 30]
Run it with an environment that has the peers installed (the yardstick's).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np


def arignote_fn(n: int) -> Callable[[], object]:
    import arignote as theano
    import arignote.tensor as T

    theano.config.device = "cpu"
    h0 = T.dscalar("h0")
    hs, _ = theano.scan(lambda h: h + 1, outputs_info=h0, n_steps=n)
    f = theano.function([h0], hs[-1])
    return lambda: f(0.0)


def pytensor_fn(n: int) -> Callable[[], object]:
    import pytensor
    import pytensor.tensor as pt

    h0 = pt.dscalar("h0")
    hs, _ = pytensor.scan(lambda h: h + 1, outputs_info=h0, n_steps=n)
    f = pytensor.function([h0], hs[-1], mode="CVM")
    return lambda: f(0.0)


def jax_fn(n: int) -> Callable[[], object]:
    import jax
    from jax import lax

    jax.config.update("jax_enable_x64", True)

    @jax.jit
    def f(h0):  # type: ignore[no-untyped-def]
        return lax.scan(lambda h, _: (h + 1, None), h0, None, length=n)[0]

    h = np.float64(0.0)
    return lambda: f(h).block_until_ready()


def numpy_fn(n: int) -> Callable[[], object]:
    def f() -> object:
        h = np.float64(0.0)
        for _ in range(n):
            h = h + 1
        return h

    return f


SYSTEMS = {"arignote": arignote_fn, "pytensor": pytensor_fn, "jax": jax_fn, "numpy-loop": numpy_fn}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=30)
    a = ap.parse_args()
    print(f"scan of {a.steps} steps of a scalar h + 1: time per step (median of {a.repeats})")
    for name, make in SYSTEMS.items():
        try:
            f = make(a.steps)
        except ImportError as e:
            print(f"  {name:12s} n/a ({e})")
            continue
        out = float(np.asarray(f()))
        assert out == a.steps, (name, out)
        ts = []
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            f()
            ts.append(time.perf_counter() - t0)
        print(f"  {name:12s} {1e9 * statistics.median(ts) / a.steps:10.1f} ns/step")


if __name__ == "__main__":
    main()
