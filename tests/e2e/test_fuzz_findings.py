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


@pytest.mark.parametrize(("device", "size", "message"), [
    ("cpu", -5, r"test_fuzz_findings.py:\d+: a negative size in the buffer shape \(-5, 3\)"),
    ("cpu", 1 << 40, r"test_fuzz_findings.py:\d+: cannot allocate a buffer of shape \(1099511627776, 3\)"),
    # emu: the device buffer's gpu.alloc names the place (was: a 1-byte buffer for a
    # negative size, and the host copy of the result failing at `<unknown>`)
    ("emu", -5, r"gpu.alloc at .*test_fuzz_findings.py:\d+: a negative size in the buffer shape \(-5, 3\)"),
    ("emu", 1 << 40, r"gpu.alloc at .*test_fuzz_findings.py:\d+: buffer of shape \(1099511627776, 3\) float\d+: emu: out of memory"),
])  # fmt: skip
def test_bad_buffer_sizes_name_the_place_and_the_sizes(device: str, size: int, message: str) -> None:
    # was: a bare ValueError ("negative dimensions are not allowed") or MemoryError
    from arignote.errors import DeviceError, ShapeError

    old = theano.config.device
    theano.config.device = device
    try:
        n = T.lscalar("n")
        f = theano.function([n], T.zeros((n, 3)))
        with pytest.raises((ShapeError, DeviceError), match=message):
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


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_update_of_a_users_slice_updates_the_slice(device: str) -> None:
    """Theano's inc_subtensor takes the indexed tensor's own input as x (subtensor.py
    l.1099-1107): `s = x[0]; inc_subtensor(s[idx], y)` is s updated, of s's shape.  Found
    by the graph fuzzer (seed 404, cases 1814 and 1067): arignote wrote the updated slice
    back into x and returned x (shape (4, 3, 1) instead of (3, 1))."""
    old = theano.config.device
    theano.config.device = device
    try:
        x = T.TensorType("int8", (False, False, True))("x")
        s = x[0]
        idx = np.array([1, -2, -1], "int64")
        f = theano.function([x], T.inc_subtensor(s[idx], s[idx] * 2))
        xv = np.arange(12, dtype="int8").reshape(4, 3, 1)
        ref = xv[0].copy()
        np.add.at(ref, idx, xv[0][idx] * 2)
        out = f(xv)
        assert out.shape == (3, 1) and out.dtype == np.int8
        np.testing.assert_array_equal(out, ref)
        # x[a:b, idx] made by one getitem still updates x (the slice is written back)
        m = T.matrix("m")
        g = theano.function([m], T.set_subtensor(m[1:3, [0, 2]], 7.0))
        mv = np.zeros((4, 3), theano.config.floatX)
        want = mv.copy()
        want[1:3, [0, 2]] = 7
        np.testing.assert_array_equal(g(mv), want)
    finally:
        theano.config.device = old


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_alloc_and_set_subtensor_check_the_value_sizes(device: str) -> None:
    """Theano's Alloc.perform and IncSubtensor.perform assign with NumPy broadcasting: a
    value whose size differs from the target's (and is not 1) is an error.  arignote
    returned T.alloc(x, 2, 4) of a 3-vector as a (2, 3) matrix and set a (3, 2) value into
    a (2, 3) slot, silently."""
    from arignote.errors import ShapeError

    old = theano.config.device
    theano.config.device = device
    try:
        fx = theano.config.floatX
        x, n = T.vector("x"), T.lscalar("n")
        f = theano.function([x, n], T.alloc(x, n, 4))
        np.testing.assert_array_equal(f(np.ones(4, fx), 2), np.ones((2, 4)))
        with pytest.raises(ShapeError, match=r"alloc: dim 0 of the value has size 3 where "
                           r"the target's dim 1 has size 4"):  # fmt: skip
            f(np.ones(3, fx), 2)
        m, y = T.matrix("m"), T.matrix("y")
        g = theano.function([m, y], T.set_subtensor(m[:2, :3], y))
        with pytest.raises(ShapeError, match=r"test_fuzz_findings.py:\d+: set_subtensor: dim 0 "
                           r"of the value has size 3 where the target's dim 0 has size 2"):  # fmt: skip
            g(np.zeros((4, 4), fx), np.ones((3, 2), fx))
        h = theano.function([m, y], T.inc_subtensor(m[:2, :3], y))
        with pytest.raises(ShapeError, match="inc_subtensor: dim 1 of the value has size 2"):
            h(np.zeros((4, 4), fx), np.ones((2, 2), fx))
        np.testing.assert_array_equal(h(np.zeros((4, 4), fx), np.ones((2, 3), fx)).sum(), 6)
    finally:
        theano.config.device = old


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_index_errors_name_the_index_and_the_size(device: str) -> None:
    """Issue 12: a run-time error names the op, the user's line and the values: the index
    read and the dim's size (was: "the slice of dim 0 is out of bounds", "an index is out
    of bounds")."""
    from arignote.errors import ShapeError

    old = theano.config.device
    theano.config.device = device
    try:
        x, i, iv = T.vector("x"), T.lscalar("i"), T.lvector("iv")
        xv = np.zeros(3, theano.config.floatX)
        f = theano.function([x, i], x[i])
        with pytest.raises(ShapeError, match=r"tt.slice at .*test_fuzz_findings.py:\d+: the "
                           r"slice of dim 0 reads index 5, out of bounds for a dim of size 3"):  # fmt: skip
            f(xv, 5)
        g = theano.function([x, iv], x[iv])
        with pytest.raises(ShapeError, match=r"tt.take at .*test_fuzz_findings.py:\d+: index 7 "
                           r"is out of bounds for a dim of size 3"):  # fmt: skip
            g(xv, np.array([0, 7, 1]))
        with pytest.raises(ShapeError, match=r"index -4 is out of bounds \(the lowest index "
                           r"allowed is -3\)"):  # fmt: skip
            g(xv, np.array([-4, 2]))
        assert g(xv, np.array([], "int64")).shape == (0,)
        with pytest.raises(ShapeError, match=r"index -9223372036854775807 is out of bounds"):
            g(xv, np.array([-(2**63), 1]))  # (-2^63 is reported as -2^63 + 1)
        # uint64 indices from 2^63 up are out of bounds (Theano's AdvancedSubtensor1
        # raises); they were cast to int64 and read x[-1] silently
        u = T.vector("u", dtype="uint64")
        h = theano.function([x, u], x[u])
        with pytest.raises(ShapeError, match=r"an unsigned index >= 2\*\*63"):
            h(xv, np.array([2**64 - 1], np.uint64))
        np.testing.assert_array_equal(h(np.arange(3, dtype=xv.dtype), np.array([2, 0], np.uint64)), [2, 0])
        s = theano.function([x, i], x[i:i])  # an empty slice reads nothing: never refused
        assert s(xv[:0], 0).shape == (0,)
    finally:
        theano.config.device = old


def test_errors_name_the_line_of_the_function_compiled() -> None:
    """The compiled program is shared by identical graphs, but its error messages name the
    user's line: graphs built at different lines are different cache entries (was: the
    second function's error named the first one's file and line)."""
    from arignote.errors import ShapeError

    x, i = T.vector("x"), T.lscalar("i")
    line1 = _line() + 1
    f1 = theano.function([x, i], x[i])
    line2 = _line() + 1
    f2 = theano.function([x, i], x[i])
    xv = np.zeros(3, theano.config.floatX)
    for f, line in ((f1, line1), (f2, line2)):
        with pytest.raises(ShapeError, match=rf"test_fuzz_findings.py:{line}: the slice"):
            f(xv, 3)


def _line() -> int:
    import inspect

    return inspect.currentframe().f_back.f_lineno  # type: ignore[union-attr]


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_assert_op(device: str) -> None:
    """Theano's tensor.opt.Assert (opt.py l.2333): the value, checked when run; the
    gradient flows to the value only.  extra_ops' run-time checks use it (Theano's own
    bincount message: extra_ops.py, 'Input to bincount has negative values!')."""
    from arignote.errors import ShapeError
    from arignote.tensor.opt import Assert

    old = theano.config.device
    theano.config.device = device
    try:
        x = T.vector("x")
        y = Assert("x must be short")(x, T.lt(x.shape[0], 3), T.all(T.ge(x, 0)))
        f = theano.function([x], [y * 2, theano.grad(T.sum(y * y), x)])
        xv = np.array([1, 2], theano.config.floatX)
        out, g = f(xv)
        np.testing.assert_allclose(out, 2 * xv)
        np.testing.assert_allclose(g, 2 * xv)
        with pytest.raises(ShapeError, match=r"Assert at .*: x must be short \(condition 0\)"):
            f(np.ones(3, theano.config.floatX))
        with pytest.raises(ShapeError, match=r"x must be short \(condition 1\)"):
            f(np.array([1, -1], theano.config.floatX))
        v = T.lvector("v")
        with pytest.raises(ShapeError, match="Input to bincount has negative values!"):
            theano.function([v], T.bincount(v, assert_nonneg=True))(np.array([1, -1]))
    finally:
        theano.config.device = old
