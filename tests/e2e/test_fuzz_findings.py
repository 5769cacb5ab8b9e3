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
