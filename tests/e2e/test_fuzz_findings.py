"""Findings of the fuzzers (issue 12), each fixed at its root: a test that failed before."""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T


@pytest.mark.parametrize("device", ["cpu", "emu"])
@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "float32", "float64"])
def test_abs_of_a_scalar_runs_on_the_host(device: str, dtype: str) -> None:
    # was: InternalError "the host runtime cannot run 'math.absi'"
    old = theano.config.device
    theano.config.device = device
    try:
        i = T.scalar("i", dtype=dtype)
        f = theano.function([i], [abs(i), abs(i - 7)])
        a, b = f(np.array(-3, dtype))
        assert a == 3 and b == 10 and a.dtype == dtype
    finally:
        theano.config.device = old


@pytest.mark.parametrize(("size", "message"), [
    (-5, r"test_fuzz_findings.py:\d+: a negative size in the buffer shape \(-5, 3\)"),
    (1 << 40, r"test_fuzz_findings.py:\d+: cannot allocate a buffer of shape \(1099511627776, 3\)"),
])  # fmt: skip
def test_bad_buffer_sizes_name_the_place_and_the_sizes(size: int, message: str) -> None:
    # was: a bare ValueError ("negative dimensions are not allowed") or MemoryError
    from arignote.errors import ShapeError

    old = theano.config.device
    theano.config.device = "cpu"
    try:
        n = T.lscalar("n")
        f = theano.function([n], T.zeros((n, 3)))
        with pytest.raises(ShapeError, match=message):
            f(size)
        assert f(2).shape == (2, 3)
    finally:
        theano.config.device = old
