#!/usr/bin/env python3
"""Compile time against program size (issue 14, item 5): chains of N elementwise ops.

The chain is the yardstick's W5a (`../shared/bench/peers.py`: mul, add, sub, sin and
tanh in turn on a float32 vector), N from 100 to 5,000.  Each size is compiled cold
(`config.compiledir = "off"`, the in-process caches of modules and graphs cleared) after one trivial
compile (the one-time start-up is not counted), `--repeats` times; the median of
`function()` plus the first call is printed, in seconds and in microseconds per op
(where the time goes by pass: `arignote-opt f.mlir -p tt-to-cpu --time-passes` on the
chain's IR, from `f.ir("tt")`).
Usage:
    python bench/compile_scaling.py [--sizes 100,500,1000,2000,5000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

OPS = ("mul", "add", "sub", "sin", "tanh")


def chain(x, n: int, T):  # type: ignore[no-untyped-def]
    y = x
    for i in range(n):
        op = OPS[i % len(OPS)]
        if op == "mul":
            y = y * np.float32(1.0001)
        elif op == "add":
            y = y + np.float32(0.001)
        elif op == "sub":
            y = y - np.float32(0.0005)
        elif op == "sin":
            y = T.sin(y)
        else:
            y = T.tanh(y)
    return y


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,500,1000,2000,5000")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    import arignote as theano
    import arignote.tensor as T
    from arignote import compiler
    from arignote.config import config

    config.device = "cpu"
    config.compiledir = "off"
    data = np.linspace(-1, 1, 1000, dtype="float32")
    x0 = T.vector("x")
    theano.function([x0], x0 + 1)(data)  # start-up: imports, LLVM, the pool

    print(f"{'ops':>6} {'seconds':>9} {'us/op':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        times = []
        for _ in range(args.repeats):
            x = T.vector("x")
            y = chain(x, n, T)
            compiler._cache.clear()  # the in-process caches: of compiled modules,
            compiler._graph_cache.clear()  # and of graphs (their digests) -> programs
            t0 = time.perf_counter()
            theano.function([x], y)(data)
            times.append(time.perf_counter() - t0)
        t = statistics.median(times)
        print(f"{n:>6} {t:>9.3f} {t / n * 1e6:>8.0f}", flush=True)


if __name__ == "__main__":
    main()
