"""f32 math in CPU kernels through math-polynomial-approximation{functions=true}: a few
calls are inlined; a kernel with many (VECTOR_CALLS_MIN or more) calls the expansions'
vector variants, which LLVM's loop vectoriser picks by the vector-function ABI.  Both
give NumPy's float64 results within the expansions' accuracy (a few ulp per op, here a
chain of them: |out - ref| <= 1e-5 * |ref| + 1e-5), for lengths that leave a scalar tail
(the tail calls the scalar function)."""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.passes.math_polynomial_approximation import VECTOR_CALLS_MIN


def _chain(x, n: int, lib):  # type: ignore[no-untyped-def]
    y = x
    for i in range(n):
        f = (lib.sin, lib.tanh, lib.exp, lib.cos)[i % 4]
        y = f(y) * 0.5 + 0.1 * i / n
    return y


@pytest.mark.parametrize("n_ops", [3, VECTOR_CALLS_MIN + 4])
def test_chains_of_math_ops(n_ops: int, rng: np.random.Generator) -> None:
    old = (theano.config.device, theano.config.floatX)
    theano.config.device, theano.config.floatX = "cpu", "float32"
    try:
        x = T.vector("x")
        f = theano.function([x], _chain(x, n_ops, T))
        ir = f.ir("llvm-ir")
        vectorised = n_ops >= VECTOR_CALLS_MIN
        assert ("vector-function-abi-variant" in ir) == vectorised
        assert ("alwaysinline" in ir) != vectorised
        for n in (0, 1, 3, 17, 1000, 4099):
            xv = rng.uniform(-3, 3, n).astype(np.float32)
            ref = _chain(xv.astype(np.float64), n_ops, np)
            out = f(xv)
            assert out.dtype == np.float32 and out.shape == (n,)
            np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)
    finally:
        theano.config.device, theano.config.floatX = old
