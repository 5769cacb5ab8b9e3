"""Scatter-adds on the GPU run in parallel with atomic adds (wrap-sequential-loops):
`inc_subtensor` over advanced indices with many repeated indices, and the gradient of
indexing, on the emulator, against NumPy's `np.add.at` (float tolerances: the atomic adds
of repeated indices may sum in any order)."""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64"])
def test_inc_subtensor_with_repeated_indices(emu, rng, dtype: str) -> None:  # type: ignore[no-untyped-def]
    x = T.matrix("x", dtype=dtype)
    v = T.matrix("v", dtype=dtype)
    i = T.lvector("i")
    f = theano.function([x, i, v], T.inc_subtensor(x[i], v))
    xs = (rng.standard_normal((7, 5)) * 10).astype(dtype)
    idx = rng.integers(-7, 7, 300)  # every row many times, negative indices too
    vs = (rng.standard_normal((300, 5)) * 10).astype(dtype)
    want = xs.copy()
    np.add.at(want, idx, vs)
    got = f(xs, idx, vs)
    if dtype.startswith("int"):
        np.testing.assert_array_equal(got, want)
    else:
        tol = 1e-4 if dtype == "float32" else 1e-12
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol * 100)
    assert "atom.global.add" in f.compiled.ptx


def test_gradient_of_indexing_is_a_parallel_scatter(emu, rng) -> None:  # type: ignore[no-untyped-def]
    p = T.fmatrix("p")
    y = T.lvector("y")
    cost = -T.log(p)[T.arange(y.shape[0]), y].mean()
    g = theano.function([p, y], T.grad(cost, p))
    ps = rng.uniform(0.1, 1.0, (64, 10)).astype(np.float32)
    ys = rng.integers(0, 10, 64)
    want = np.zeros_like(ps)
    np.add.at(want, (np.arange(64), ys), -1.0 / ps[np.arange(64), ys] / 64)
    np.testing.assert_allclose(g(ps, ys), want, rtol=1e-5, atol=1e-7)
    assert "atom.global.add.f32" in g.compiled.ptx


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_update_of_the_wrong_size_is_refused_at_run_time(device: str, rng) -> None:  # type: ignore[no-untyped-def]
    """An update whose rows do not match the index count was read out of bounds before;
    now a ShapeError names the op and its location."""
    from arignote import compiler
    from arignote.errors import ShapeError
    from arignote.ir import parse_module

    text = """func.func @f(%x: tensor<?x3xf32>, %i: tensor<?xi64>, %v: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %r = "tt.update_take"(%x, %v, %i) <{axis = 0 : i64, mode = "add"}> : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?xi64>) -> tensor<?x3xf32>
  func.return %r : tensor<?x3xf32>
}"""
    c = compiler.compile_module(parse_module(text, "scatter.mlir"), "f", device)
    x = rng.standard_normal((5, 3)).astype(np.float32)
    idx = rng.integers(0, 5, 8)
    with pytest.raises(ShapeError, match=r"tt.update_take at scatter.mlir:2:3: the update's "
                       r"dim 0 differs from what the indices select"):  # fmt: skip
        c.run(x, idx, rng.standard_normal((6, 3)).astype(np.float32))
    (ok,) = c.run(x, idx, np.ones((8, 3), np.float32))
    want = x.copy()
    np.add.at(want, idx, 1.0)
    np.testing.assert_allclose(ok, want, rtol=1e-6)
