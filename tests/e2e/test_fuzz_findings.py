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


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_abs_of_bool_is_bool(device: str) -> None:
    """Theano's `abs_ = Abs(same_out)` (theano/scalar/basic.py l.2465): abs of a bool is
    the bool (np.abs too); `sqr = Sqr(same_out)` (l.3049) likewise.  Found by the graph
    fuzzer (seed 303, case 143): abs of a bool tensor was int8."""
    old = theano.config.device
    theano.config.device = device
    try:
        x = T.TensorType("bool", (False, True))("x")
        assert abs(x).dtype == "bool" and T.abs_(x).dtype == "bool" and T.sqr(x).dtype == "bool"
        # a Python constant autocasts as with integer tensors (theano/scalar/basic.py
        # NumpyAutocaster l.161-213): 3 is int8, 2.5 floatX, 300 int16
        assert (x * 3).dtype == "int8" and (x + 300).dtype == "int16"
        assert (x * 2.5).dtype == theano.config.floatX
        f = theano.function([x], [abs(x), T.sqr(x), abs(x) * 3])
        v = np.array([[True], [False], [True]])
        a, s, m = f(v)
        assert a.dtype == np.bool_ and s.dtype == np.bool_ and m.dtype == np.int8
        np.testing.assert_array_equal(a, np.abs(v))
        np.testing.assert_array_equal(s, v)
        np.testing.assert_array_equal(m, v * np.int8(3))
    finally:
        theano.config.device = old


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_kernel_writing_a_host_filled_buffer_in_place(device: str) -> None:
    """Found by the graph fuzzer (seed 303, case 292): on emu, `le(b, b / x)` with the bool
    b = (x >= x) computed on the host was always True: the kernel wrote its result in place
    into the device copy of b's host buffer and the function returned the host buffer
    (buffer-placement).  Theano's ge/le give bool, true_div of discrete operands floatX
    (theano/scalar/basic.py `LogicalComparison.output_types`, `TrueDiv.output_types`)."""
    old = theano.config.device
    theano.config.device = device
    try:
        x = T.TensorType("int16", ())("x")
        b = T.ge(x, x)
        f = theano.function([x], T.le(b, b / x))
        for k in (5, 1, -2, 0, 3):
            with np.errstate(divide="ignore"):
                want = np.float32(1) <= np.float32(1) / np.float32(k)
            assert f(np.int16(k)) == want, k
    finally:
        theano.config.device = old
