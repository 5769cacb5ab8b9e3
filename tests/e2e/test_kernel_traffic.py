"""What the emulator measures for the kernels the compiler emits (issue 4's traffic claims).

A fused elementwise kernel over contiguous float32 data reads each input once and writes
each output once (minimum traffic), with 4 32-byte sectors per warp request (32 lanes x
4 bytes: perfectly coalesced).  For the transpose and the reductions the function's
profile report states both figures (bytes and sectors per request) for every kernel;
the values are recorded in the closing note of issue 4, not asserted as targets.
"""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T


def test_fused_elementwise_has_minimum_traffic_and_coalesces(emu, rng) -> None:  # type: ignore[no-untyped-def]
    n = 8192  # whole warps
    a, b, c = T.fvector("a"), T.fvector("b"), T.fvector("c")
    # (one output: two outputs are two kernels today -- no sibling fusion)
    f = theano.function([a, b, c], T.exp(a * b + c) - a * T.tanh(c), profile=True)
    xs = [rng.standard_normal(n).astype(np.float32) for _ in range(3)]
    out = f(*xs)
    want = np.exp(xs[0] * xs[1] + xs[2]) - xs[0] * np.tanh(xs[2])
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)  # cancellation near 0
    kernels = f.profile.device.launches
    assert len(kernels) == 1, [k.kernel for k in kernels]  # one fused kernel
    k = kernels[0]
    assert k.global_load_bytes == 3 * 4 * n  # each input read once
    assert k.global_store_bytes == 4 * n  # the output written once
    assert k.global_load_requests == 3 * n // 32 and k.global_store_requests == n // 32
    assert k.sectors_per_load_request == 4.0 and k.sectors_per_store_request == 4.0
    report = f.profile.summary()
    assert "sect/ld" in report and f"{3 * 4 * n}" in report


@pytest.mark.parametrize(
    "what,build",
    [
        ("transpose", lambda x: x.T + 1),
        ("sum over rows", lambda x: x.sum(axis=0)),
        ("sum over columns", lambda x: x.sum(axis=1)),
        ("max over all", lambda x: x.max()),
    ],
)
def test_transpose_and_reductions_report_traffic_and_sectors(emu, rng, what, build) -> None:  # type: ignore[no-untyped-def]
    x = T.fmatrix("x")
    f = theano.function([x], build(x), profile=True)
    v = rng.standard_normal((96, 64)).astype(np.float32)
    got = f(v)
    want = build(v) if what != "max over all" else v.max()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)  # float32 sums of 96 terms
    kernels = f.profile.device.launches
    assert kernels
    main = max(kernels, key=lambda k: k.global_load_bytes)
    assert main.global_load_bytes >= v.nbytes  # the input is read (at least) once
    assert main.sectors_per_load_request > 0 and main.sectors_per_store_request > 0
    report = f.profile.summary()
    row = next(line.split() for line in report.splitlines() if line.strip().startswith(main.kernel))
    assert row[3] == str(main.global_load_bytes)
    assert row[5] == f"{main.sectors_per_load_request:.2f}"


def test_tiled_transpose_and_warp_row_sums_coalesce(emu, rng) -> None:  # type: ignore[no-untyped-def]
    """gpu-tile-transposes: both sides of `x.T + y` coalesce through a shared tile with no
    bank conflicts; gpu-warp-reductions: a row sum reads rows with whole warps.  (One
    thread per element / per row read 32 rows per request: 32 sectors.)"""
    x, y = T.fmatrix("x"), T.fmatrix("y")
    f = theano.function([x, y], [x.T + y, y.sum(axis=1)], profile=True)
    xs = rng.standard_normal((96, 128)).astype(np.float32)
    ys = rng.standard_normal((128, 96)).astype(np.float32)
    t, s = f(xs, ys)
    np.testing.assert_allclose(t, xs.T + ys, rtol=1e-6)
    np.testing.assert_allclose(s, ys.sum(axis=1), rtol=1e-4, atol=1e-4)
    by_load = sorted(f.profile.device.launches, key=lambda k: -k.global_load_bytes)
    tr = next(k for k in by_load if k.block == (32, 8, 1))
    assert tr.global_load_bytes == xs.nbytes + ys.nbytes and tr.global_store_bytes == t.nbytes
    assert tr.sectors_per_load_request == 4.0 and tr.sectors_per_store_request == 4.0
    assert tr.shared_bank_conflicts == 0
    rows = next(k for k in by_load if k.block == (32, 1, 1))
    assert rows.sectors_per_load_request <= 4.5


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_reduction_to_a_scalar_is_block_wide(emu, rng, dtype: str) -> None:  # type: ignore[no-untyped-def]
    """A large reduction to one value runs on a block of 256 threads (warp shuffles, one
    shared-memory slot per warp, a barrier), not on one thread."""
    x = T.matrix("x", dtype=dtype)
    f = theano.function([x], [x.sum(), x.max()], profile=True)
    xs = (rng.standard_normal((70, 50)) * 100).astype(dtype)
    s, m = f(xs)
    if dtype == "int32":
        assert s == xs.sum() and m == xs.max()
    else:
        # A sum's rounding error is bounded by its depth (each thread folds ceil(n/256)
        # elements, then log2(256) = 8 levels of the tree) times eps times sum(|x|), not by
        # eps relative to the result: with cancellation the result is small (seed
        # 2498491740 gave -152.97 of a sum(|x|) near 2.8e5, off by 1.1e-5 relative).
        depth = -(-xs.size // 256) + 8
        bound = depth * np.finfo(dtype).eps * np.abs(xs).astype(np.float64).sum()
        np.testing.assert_allclose(s, xs.sum(dtype=np.float64), rtol=0, atol=bound)
        assert m == xs.max()
    blocks = [k for k in f.profile.device.launches if k.block == (256, 1, 1)]
    assert len(blocks) == 2 and all(k.grid == (1, 1, 1) for k in blocks), f.profile.summary()
