#!/usr/bin/env python3
"""Benchmark: the elementwise chain of issue 2 on 10 million float32 elements.

    y = exp(-x*x) * sin(3*x) + 0.5*tanh(x) - x/(1+x*x)

arignote (device=cpu) against NumPy, numexpr, and JAX / torch.compile when installed,
in one run on one machine, printed as times and ratios to arignote; plus the machine's
memory-bandwidth floor for the same traffic (read 40 MB + write 40 MB, a plain copy).
Each result is checked against a float64 NumPy reference before it is timed.

    .venv/bin/python bench/elementwise_chain.py [--n 10000000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable

import numpy as np


def chain_np(x: np.ndarray) -> np.ndarray:
    return np.exp(-x * x) * np.sin(3 * x) + np.float32(0.5) * np.tanh(x) - x / (1 + x * x)


def timeit(fn: Callable[[], object], repeat: int) -> float:
    for _ in range(3):
        fn()
    gc.disable()
    try:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    finally:
        gc.enable()
    return statistics.median(times)


def systems(x: np.ndarray) -> dict[str, Callable[[], np.ndarray]]:
    out: dict[str, Callable[[], np.ndarray]] = {}

    import arignote
    import arignote.tensor as T

    arignote.config.device = "cpu"
    xs = T.vector("x")
    f = arignote.function(
        [xs], T.exp(-xs * xs) * T.sin(3 * xs) + 0.5 * T.tanh(xs) - xs / (1 + xs * xs)
    )
    out["arignote"] = lambda: f(x)
    out["numpy"] = lambda: chain_np(x)
    try:
        import numexpr as ne

        half = np.float32(0.5)
        expr = "exp(-x*x) * sin(3*x) + half*tanh(x) - x/(1+x*x)"
        out["numexpr"] = lambda: ne.evaluate(expr, local_dict={"x": x, "half": half})
    except ImportError:
        pass
    try:
        import jax
        import jax.numpy as jnp

        jf = jax.jit(
            lambda v: jnp.exp(-v * v) * jnp.sin(3 * v) + 0.5 * jnp.tanh(v) - v / (1 + v * v)
        )
        jx = jnp.asarray(x)
        out["jax"] = lambda: np.asarray(jf(jx).block_until_ready())
    except ImportError:
        pass
    try:
        import torch

        tf = torch.compile(
            lambda v: torch.exp(-v * v) * torch.sin(3 * v) + 0.5 * torch.tanh(v) - v / (1 + v * v)
        )
        tx = torch.from_numpy(x)
        out["torch.compile"] = lambda: tf(tx).numpy()
    except ImportError:
        pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    x = np.random.default_rng(0).standard_normal(args.n).astype(np.float32)
    ref = chain_np(x.astype(np.float64))
    scale = float(np.max(np.abs(ref)))
    results: dict[str, float] = {}
    for name, fn in systems(x).items():
        err = float(np.max(np.abs(fn().astype(np.float64) - ref))) / scale
        if err > 1e-4:
            print(f"{name:14s} WRONG: max error {err:.2e} relative to max|ref|")
            continue
        results[name] = timeit(fn, args.repeat)
    dst = np.empty_like(x)
    floor = timeit(lambda: np.copyto(dst, x), args.repeat)
    base = results["arignote"]
    print(f"elementwise chain, n = {args.n} float32 (median of {args.repeat})")
    print(f"{'system':14s} {'ms':>9s} {'time / arignote':>16s}")
    for name, t in sorted(results.items(), key=lambda kv: kv[1]):
        print(f"{name:14s} {t * 1e3:9.2f} {t / base:16.2f}")
    print(
        f"{'copy floor':14s} {floor * 1e3:9.2f} {floor / base:16.2f}   (read 40 MB + write 40 MB)"
    )


if __name__ == "__main__":
    main()
