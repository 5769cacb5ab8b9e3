"""fold-fills-into-reductions in compiled functions (device=cpu): the reductions that
linalg starts from a filled buffer (max, sum, argmax, keepdims and rank-0 results) give
NumPy's numbers on fresh random inputs, and their fill nests are gone from the kernels.

Tolerances: max/argmax exact; sums rtol=1e-5 (float32, the fold's order differs from
NumPy's pairwise sum)."""

from __future__ import annotations

import numpy as np
import pytest

import arignote
import arignote.tensor as T


@pytest.fixture(autouse=True)
def _cpu():  # type: ignore[no-untyped-def]
    old = arignote.config.device, arignote.config.floatX
    arignote.config.device, arignote.config.floatX = "cpu", "float32"
    yield
    arignote.config.device, arignote.config.floatX = old


def _fills(f) -> int:  # type: ignore[no-untyped-def]
    """How many nests of the loops stage only store a constant."""
    text = f.ir("loops")
    nests = text.split('"scf.parallel"')[1:]
    return sum(
        1 for n in nests
        if "memref.store" in n.split("scf.reduce")[0] and "memref.load" not in n.split("scf.reduce")[0]
        and "scf.for" not in n.split("scf.reduce")[0]
    )  # fmt: skip


def test_row_reductions_start_from_their_identity() -> None:
    rng = np.random.default_rng()
    x = T.matrix("x")
    f = arignote.function(
        [x], [T.max(x, axis=1, keepdims=True), T.sum(x, axis=1), T.argmax(x, axis=1), T.sum(x)]
    )
    xv = rng.standard_normal((37, 23)).astype(np.float32)
    mx, s, am, total = f(xv)
    np.testing.assert_array_equal(mx, xv.max(axis=1, keepdims=True))
    np.testing.assert_allclose(s, xv.sum(axis=1), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(am, xv.argmax(axis=1))
    np.testing.assert_allclose(total, xv.sum(), rtol=1e-5, atol=1e-4)
    assert _fills(f) == 0


def test_a_column_reduction_keeps_its_fill() -> None:
    # interchange-reduction-loops turns it around: its accumulators live in the buffer
    rng = np.random.default_rng()
    x = T.matrix("x")
    f = arignote.function([x], T.sum(x, axis=0))
    xv = rng.standard_normal((41, 19)).astype(np.float32)
    np.testing.assert_allclose(f(xv), xv.sum(axis=0), rtol=1e-5, atol=1e-5)
    assert _fills(f) == 1
