"""theano.tensor.extra_ops and the tensor-level tile/eye/tri/tril/triu, against NumPy.

Each case compiles a graph on `cpu` and on `emu` (the PTX emulator) and compares it with
NumPy on fresh random inputs: exact for integers and for results that only move values
(repeat, tile, tril, sort), 1e-12 relative for float64 arithmetic.  Gradients are checked
with `verify_grad` (float64: 1e-4 absolute and relative) where Theano defines them.  The
Theano rule each test follows is cited in its docstring (Theano 1.0.5's source).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import DTypeError, ShapeError
from arignote.gradient import verify_grad
from arignote.tensor import extra_ops

DEVICES = ["cpu", "emu"]


@pytest.fixture(params=DEVICES)
def device(request):  # type: ignore[no-untyped-def]
    old = theano.config.device
    theano.config.device = request.param
    yield request.param
    theano.config.device = old


def run(inputs: list[Any], outputs: list[Any], *args: Any) -> list[np.ndarray]:
    return theano.function(inputs, outputs, on_unused_input="ignore")(*args)


def same(got: np.ndarray, want: np.ndarray) -> None:
    """Exact: same dtype, shape and values."""
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_array_equal(got, want)


# --------------------------------------------------------------------------- repeat


def test_repeat_scalar_counts(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.720 (repeat): a scalar count (int, int scalar or a length-1
    broadcastable vector) repeats every element along axis, or the flattened x when axis
    is None; negative axes count from the end.  T.repeat and x.repeat are the same."""
    x, n = T.dtensor3("x"), T.iscalar("n")
    one = T.TensorType("int64", (True,))("one")
    outs = [
        extra_ops.repeat(x, 3),
        T.repeat(x, n, axis=0),
        x.repeat(2, axis=1),
        T.repeat(x, one, axis=-1),
        T.repeat(x, n, axis=-2),
    ]
    a = rng.standard_normal((2, 3, 4))
    k = int(rng.integers(0, 4))
    got = run([x, n, one], outs, a, k, np.array([k + 1]))
    want = [
        np.repeat(a, 3), np.repeat(a, k, axis=0), np.repeat(a, 2, axis=1),
        np.repeat(a, k + 1, axis=-1), np.repeat(a, k, axis=-2),
    ]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        same(g, w)


def test_repeat_per_element_counts(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.610 (RepeatOp): a vector of counts gives element i repeats[i]
    copies along the axis (zeros drop the element); axis None flattens first."""
    x, r = T.imatrix("x"), T.lvector("r")
    a = rng.integers(-50, 50, (4, 3)).astype(np.int32)
    counts0 = rng.integers(0, 4, 4)
    counts0[1] = 0
    counts1 = rng.integers(0, 4, 3)
    flat = rng.integers(0, 3, 12)
    f = theano.function([x, r], T.repeat(x, r, axis=0))
    same(f(a, counts0), np.repeat(a, counts0, axis=0))
    same(theano.function([x, r], T.repeat(x, r, axis=1))(a, counts1), np.repeat(a, counts1, 1))
    same(theano.function([x, r], T.repeat(x, r))(a, flat), np.repeat(a, flat))


def test_repeat_count_length_is_checked_when_run(device: str) -> None:
    """np.repeat refuses a counts vector whose length is not the axis' size, and negative
    counts (host checks when the function runs: arignote has no graph-level assertion)."""
    x, r = T.dvector("x"), T.lvector("r")
    f = theano.function([x, r], T.repeat(x, r))
    with pytest.raises(ShapeError, match="differ"):
        f(np.zeros(3), np.array([1, 2]))
    # a negative count: its run's start is made an out-of-bounds index
    with pytest.raises(ShapeError, match=r"Assert at .*test_extra_ops.py:\d+: repeat: a count is negative"):
        f(np.zeros(3), np.array([1, -1, 2]))


@pytest.mark.usefixtures("cpu")
def test_repeat_gradient(rng: np.random.Generator) -> None:
    """RepeatOp.grad (extra_ops.py l.667): the gradient of x sums the copies.  Theano
    defines it for a scalar count; here the per-element counts have one too."""
    verify_grad(lambda v: T.repeat(v, 3, axis=1), [rng.standard_normal((2, 3))], rng=rng)
    verify_grad(lambda v: T.repeat(v, 2), [rng.standard_normal((2, 3))], rng=rng)
    counts = T.constant(np.array([2, 0, 1]))
    verify_grad(lambda v: T.repeat(v, counts, axis=0), [rng.standard_normal((3, 2))], rng=rng)


def test_repeat_errors() -> None:
    """extra_ops.py l.745-768: repeats of rank > 1 (ValueError), non-integer repeats
    (TypeError), an axis beyond x.ndim - 1 (ValueError); each names repeat and the line."""
    x = T.dmatrix("x")
    with pytest.raises(ValueError, match=r"repeat at .*test_extra_ops.py:\d+: the dimension"):
        T.repeat(x, T.lmatrix())
    with pytest.raises(TypeError, match=r"repeat at .*test_extra_ops.py:\d+: repeats must be"):
        T.repeat(x, T.dscalar())
    with pytest.raises(ValueError, match=r"repeat at .*test_extra_ops.py:\d+: axis 2"):
        T.repeat(x, 2, axis=2)
    with pytest.raises(ValueError, match=r"axis -3"):
        T.repeat(x, 2, axis=-3)


# --------------------------------------------------------------------------- to_one_hot


def test_to_one_hot(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.1081 (to_one_hot): a (len(y), nb_class) matrix, floatX by default,
    with a 1 at column y[i] of row i (set_subtensor: a negative label counts from the
    end)."""
    y, k = T.ivector("y"), T.lscalar("k")
    labels = rng.integers(0, 6, 9).astype(np.int32)
    labels[0] = -1
    o1, o2 = extra_ops.to_one_hot(y, 6), extra_ops.to_one_hot(y, k, dtype="int32")
    assert o1.dtype == theano.config.floatX and o2.dtype == "int32"
    got = run([y, k], [o1, o2], labels, 6)
    want = np.zeros((9, 6), theano.config.floatX)
    want[np.arange(9), labels] = 1
    same(got[0], want)
    same(got[1], want.astype(np.int32))


def test_to_one_hot_errors() -> None:
    """to_one_hot needs an integer vector of labels and an integer scalar class count; a
    label out of range fails when run."""
    with pytest.raises(DTypeError, match=r"to_one_hot at .*test_extra_ops.py:\d+: y must be"):
        extra_ops.to_one_hot(T.dvector(), 3)
    with pytest.raises(DTypeError, match="y must be an integer vector"):
        extra_ops.to_one_hot(T.imatrix(), 3)
    with pytest.raises(DTypeError, match="nb_class must be an integer scalar"):
        extra_ops.to_one_hot(T.ivector(), T.lvector())
    with pytest.raises(DTypeError, match="nb_class must be an integer scalar"):
        extra_ops.to_one_hot(T.ivector(), 2.5)
    y = T.ivector("y")
    f = theano.function([y], extra_ops.to_one_hot(y, 3))
    for bad in ([0, 3], [-4, 1]):  # Theano's set_subtensor: IndexError
        with pytest.raises(ShapeError, match=r"at .*test_extra_ops.py:\d+: to_one_hot: a label is out of range for nb_class"):
            f(np.array(bad, np.int32))


# --------------------------------------------------------------------------- tile


def test_tile(device: str, rng: np.random.Generator) -> None:
    """basic.py l.5400 (tile): np.tile with reps an int, an int scalar, a list of ints
    and scalars (padded with 1s in front), or an int vector with ndim given."""
    x, n, v = T.dmatrix("x"), T.lscalar("n"), T.lvector("v")
    a = rng.standard_normal((2, 3))
    outs = [T.tile(x, 2), T.tile(x, (2, 3)), T.tile(x, [n, 1, 2]), T.tile(x, v, ndim=3),
            T.tile(x, n, ndim=3)]  # fmt: skip
    got = run([x, n, v], outs, a, 3, np.array([2, 2]))
    want = [np.tile(a, 2), np.tile(a, (2, 3)), np.tile(a, (3, 1, 2)), np.tile(a, (1, 2, 2)),
            np.tile(a, (1, 1, 3))]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        same(g, w)


@pytest.mark.usefixtures("cpu")
def test_tile_gradient(rng: np.random.Generator) -> None:
    """Theano's tile is alloc + dimshuffle + reshape: the gradient sums the tiles."""
    verify_grad(lambda v: T.tile(v, (2, 1, 3)), [rng.standard_normal((2, 3))], rng=rng)


def test_tile_errors() -> None:
    """basic.py l.5416-5451: the messages of Theano's argument checks, and its assert that a
    reps vector is not longer than ndim (when the function runs)."""
    x = T.dmatrix("x")
    with pytest.raises(ValueError, match=r"tile at .*: ndim should be equal or larger"):
        T.tile(x, 2, ndim=1)
    with pytest.raises(ValueError, match="elements of reps must be integer dtype"):
        T.tile(x, T.dscalar())
    with pytest.raises(ValueError, match="you should specify the ndim"):
        T.tile(x, T.lvector())
    with pytest.raises(ValueError, match="should not exceed 1"):
        T.tile(x, T.lmatrix(), ndim=2)
    with pytest.raises(ValueError, match="len\\(reps\\) should be equal or less than ndim"):
        T.tile(x, (1, 2, 3), ndim=2)
    with pytest.raises(ValueError, match="scalars of integer dtype"):
        T.tile(x, (1, 2.0))
    v = T.lvector("v")
    f = theano.function([x, v], T.tile(x, v, ndim=2))
    with pytest.raises(ShapeError, match="tile: reps has more elements than ndim"):  # assert_
        f(np.zeros((2, 2)), np.array([1, 2, 3]))


# --------------------------------------------------------------------------- eye, tri


def test_eye_tri_tril_triu(device: str, rng: np.random.Generator) -> None:
    """basic.py l.2880 (eye), l.2769 (tri): floatX by default, symbolic sizes and
    diagonal; identity_like (l.2911) takes x's dtype; tril/triu (l.2802, l.2829) keep
    m's dtype and zero the other triangle (as np.tril/np.triu: Theano multiplied by tri,
    which turns an inf in the zeroed part into nan)."""
    n, m, k = T.lscalar("n"), T.lscalar("m"), T.lscalar("k")
    x, xi = T.dmatrix("x"), T.imatrix("xi")
    a = rng.standard_normal((4, 5))
    a[0, 3] = np.inf
    ai = rng.integers(-9, 9, (3, 3)).astype(np.int32)
    outs = [T.eye(n), T.eye(n, m, k), T.eye(3, 2, -1, dtype="int8"), T.identity_like(xi),
            T.tri(n, m, k), T.tril(x), T.triu(x, k), T.tril(xi, -1), T.triu(x, -2)]  # fmt: skip
    assert outs[0].dtype == theano.config.floatX and outs[3].dtype == "int32"
    kk = int(rng.integers(-2, 3))
    got = run([n, m, k, x, xi], outs, 4, 6, kk, a, ai)
    fx = theano.config.floatX
    want = [np.eye(4, dtype=fx), np.eye(4, 6, kk, dtype=fx), np.eye(3, 2, -1, dtype=np.int8),
            np.eye(3, dtype=np.int32), np.tri(4, 6, kk, dtype=fx), np.tril(a), np.triu(a, kk),
            np.tril(ai, -1), np.triu(a, -2)]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        same(g, w)


@pytest.mark.usefixtures("cpu")
def test_tril_gradient(rng: np.random.Generator) -> None:
    """tril/triu are linear: the gradient is the same triangle of the output gradient."""
    verify_grad(lambda v: T.tril(v, 1), [rng.standard_normal((3, 4))], rng=rng)
    verify_grad(lambda v: T.triu(v), [rng.standard_normal((4, 3))], rng=rng)


def test_eye_errors() -> None:
    """Sizes and diagonal must be integer scalars; tril/triu/identity_like need matrices."""
    with pytest.raises(DTypeError, match=r"eye at .*test_extra_ops.py:\d+: n must be"):
        T.eye(2.5)
    with pytest.raises(DTypeError, match=r"eye at .*: k must be"):
        T.eye(3, k=T.dscalar())
    with pytest.raises(ShapeError, match=r"tril at .*test_extra_ops.py:\d+: needs a matrix"):
        T.tril(T.dvector())
    with pytest.raises(ShapeError, match="identity_like at .*: needs a matrix"):
        T.identity_like(T.dtensor3())


# --------------------------------------------------------------------------- module layout


def test_module_layout() -> None:
    """theano/tensor/__init__.py l.43-46: extra_ops is a submodule of tensor, and repeat,
    bincount, squeeze, ... are also tensor-level names; under the compatibility alias,
    theano.tensor.extra_ops is this module (a fresh process: the alias sets Theano's
    defaults)."""
    import subprocess
    import sys

    assert T.extra_ops is extra_ops and T.repeat is extra_ops.repeat
    assert T.squeeze is extra_ops.squeeze
    code = (
        "import arignote.compat.theano, arignote.tensor.extra_ops as mine\n"
        "import theano.tensor.extra_ops as te, theano.tensor as T\n"
        "print(te is mine, T.extra_ops is mine)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["True", "True"]


# --------------------------------------------------------------------------- tt ops from IR

SCAN_IR = """
func.func @f(%x: tensor<?x?x{el}>) -> tensor<?x?x{el}> {{
  %r = tt.{op} %x axis {axis} : tensor<?x?x{el}>
  func.return %r : tensor<?x?x{el}>
}}
"""
ARGSORT_IR = """
func.func @f(%x: tensor<?x?x{el}>) -> tensor<?x?xi64> {{
  %r = tt.argsort %x axis {axis} : tensor<?x?x{el}> -> tensor<?x?xi64>
  func.return %r : tensor<?x?xi64>
}}
"""
EL = {"float16": "f16", "float32": "f32", "float64": "f64", "int8": "i8", "int32": "i32",
      "int64": "i64", "bool": "i1"}  # fmt: skip


def _compile_and_reference(src: str, x: np.ndarray, device: str) -> tuple[np.ndarray, np.ndarray]:
    from arignote.compiler import compile_module
    from arignote.ir import parse_module
    from arignote.reference import evaluate, find_function

    module = parse_module(src, "scan.mlir")
    (want,) = evaluate(find_function(module), [x])
    (got,) = compile_module(module, "f", device).run(x)
    return got, want


def _sample(rng: np.random.Generator, dtype: str, shape: tuple[int, int]) -> np.ndarray:
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype.startswith("int"):
        return rng.integers(-9, 9, shape).astype(dtype)  # ties, and int8 sums that wrap
    x = rng.uniform(0.5, 1.5, shape).astype(dtype)
    x[0, :2] = [np.nan, x[0, 2]]  # a NaN and a tie
    return x


@pytest.mark.parametrize("op", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int8", "int32"])
def test_cumulative_ops_match_their_reference(
    op: str, dtype: str, device: str, rng: np.random.Generator
) -> None:
    """tt.cumsum / tt.cumprod along either axis, in the element type (np.cumsum with
    dtype=x.dtype, as Theano's CumOp C code: PyArray_CumSum(x, axis, PyArray_TYPE(x)));
    summed in order, so the float results are NumPy's bit for bit."""
    x = _sample(rng, dtype, (7, 13))
    for axis in (0, 1):
        got, want = _compile_and_reference(
            SCAN_IR.format(el=EL[dtype], op=op, axis=axis), x, device
        )
        ref = getattr(np, op)(x, axis=axis, dtype=x.dtype)
        np.testing.assert_array_equal(want, ref)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int64", "bool"])
def test_argsort_op_matches_its_reference(dtype: str, device: str, rng: np.random.Generator) -> None:
    """tt.argsort along either axis: NumPy's stable argsort (ties in index order, NaN
    after every number)."""
    x = _sample(rng, dtype, (6, 11))
    for axis in (0, 1):
        got, want = _compile_and_reference(ARGSORT_IR.format(el=EL[dtype], axis=axis), x, device)
        np.testing.assert_array_equal(want, np.argsort(x, axis=axis, kind="stable"))
        same(got, want)


# --------------------------------------------------------------------------- cumsum, cumprod


def test_cumsum_cumprod(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.373/l.393 (CumOp): axis None runs over the flattened x, an axis
    (negative counts from the end) keeps x's shape; the result has x's dtype (bools:
    a running or / and).  T.cumsum, extra_ops.cumsum and x.cumsum are the same."""
    x, b = T.dtensor3("x"), T.TensorType("bool", (False, False))("b")
    a = rng.standard_normal((3, 4, 5))
    bv = rng.random((4, 6)) < 0.3
    outs = [T.cumsum(x), extra_ops.cumsum(x, axis=1), x.cumsum(-1), T.cumprod(x),
            extra_ops.cumprod(x, 0), x.cumprod(axis=-2), T.cumsum(b, 1), T.cumprod(b, 0)]  # fmt: skip
    assert outs[0].ndim == 1 and outs[6].dtype == "bool"
    got = run([x, b], outs, a, bv)
    want = [np.cumsum(a), np.cumsum(a, 1), np.cumsum(a, -1), np.cumprod(a),
            np.cumprod(a, 0), np.cumprod(a, -2), np.cumsum(bv, 1, dtype=bool),
            np.cumprod(bv, 0, dtype=bool)]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        same(g, w)


@pytest.mark.usefixtures("cpu")
def test_cumsum_cumprod_gradients(rng: np.random.Generator) -> None:
    """CumOp.grad (extra_ops.py l.280): the reversed running sum of the reversed output
    gradient (for cumprod: of fx * gz, divided by x)."""
    verify_grad(lambda v: T.cumsum(v, axis=0), [rng.standard_normal((3, 4))], rng=rng)
    verify_grad(lambda v: T.cumsum(v), [rng.standard_normal((3, 4))], rng=rng)
    pos = rng.uniform(0.5, 1.5, (3, 4))
    verify_grad(lambda v: T.cumprod(v, axis=1), [pos], rng=rng)
    verify_grad(lambda v: T.cumprod(v), [pos], rng=rng)


def test_cumsum_errors() -> None:
    """CumOp.make_node: 'axis(=k) out of bounds' (ValueError; here an AxisError, which is
    both a ValueError and an IndexError), naming the function and the line."""
    with pytest.raises(ValueError, match=r"cumsum at .*test_extra_ops.py:\d+: axis\(=2\) out"):
        T.cumsum(T.dmatrix(), axis=2)
    with pytest.raises(ValueError, match=r"cumprod at .*: axis\(=-3\) out of bounds"):
        T.cumprod(T.dmatrix(), axis=-3)


# --------------------------------------------------------------------------- sort, argsort


def test_sort_argsort(device: str, rng: np.random.Generator) -> None:
    """sort.py l.124/l.217: along axis -1 by default, any axis, or the flattened input
    with axis=None; argsort gives int64.  Ties keep their order (NumPy's stable kind;
    Theano passed kind='quicksort' to NumPy, whose order of ties is unspecified); NaN
    sorts last."""
    x, i = T.dtensor3("x"), T.imatrix("i")
    a = rng.standard_normal((3, 4, 5))
    a[0, 1, 2] = np.nan
    a[1, 2, :2] = a[1, 2, 3]
    iv = rng.integers(-3, 3, (5, 6)).astype(np.int32)
    outs = [T.sort(x), T.argsort(x), x.sort(axis=0), x.argsort(axis=1), T.sort(x, None),
            T.argsort(x, None), T.sort(i, 0), T.argsort(i, kind="mergesort")]  # fmt: skip
    assert outs[1].dtype == "int64" and outs[4].ndim == 1
    got = run([x, i], outs, a, iv)
    st = dict(kind="stable")
    want = [np.sort(a), np.argsort(a, **st), np.sort(a, 0), np.argsort(a, 1, **st),
            np.sort(a, None), np.argsort(a, None, **st), np.sort(iv, 0),
            np.argsort(iv, **st)]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        same(g, w)


@pytest.mark.usefixtures("cpu")
def test_sort_gradient(rng: np.random.Generator) -> None:
    """SortOp.grad (sort.py l.67): the output gradient goes back to where each element
    came from."""
    verify_grad(lambda v: T.sort(v), [rng.standard_normal((3, 5))], rng=rng)
    verify_grad(lambda v: T.sort(v, axis=0), [rng.standard_normal((4, 3))], rng=rng)
    verify_grad(lambda v: T.sort(v, axis=None), [rng.standard_normal((2, 3))], rng=rng)


def test_sort_errors() -> None:
    """sort/argsort: an axis out of range, a symbolic axis, a structured-array order."""
    with pytest.raises(IndexError, match=r"sort at .*test_extra_ops.py:\d+: axis 2 is out"):
        T.sort(T.dmatrix(), axis=2)
    with pytest.raises(TypeError, match=r"argsort at .*: the axis must be a constant"):
        T.argsort(T.dmatrix(), axis=T.lscalar())
    with pytest.raises(ValueError, match="order='f' is for structured arrays"):
        T.sort(T.dvector(), order="f")


# --------------------------------------------------------------------------- diff, bincount


def test_diff(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.481 (DiffOp): np.diff of order n along axis (default the last);
    n=0 is x itself; bools give x[i+1] != x[i]; T.DiffOp(n, axis)(x) is the same."""
    x, i, b = T.dtensor3("x"), T.bmatrix("i"), T.TensorType("bool", (False,))("b")
    a = rng.standard_normal((3, 5, 6))
    ai = rng.integers(-100, 100, (4, 5)).astype(np.int8)  # int8 differences wrap
    bv = rng.random(7) < 0.5
    outs = [extra_ops.diff(x), extra_ops.diff(x, 2, axis=0), T.DiffOp(3, 1)(x),
            extra_ops.diff(x, 0), extra_ops.diff(i, axis=0), extra_ops.diff(b)]  # fmt: skip
    got = run([x, i, b], outs, a, ai, bv)
    want = [np.diff(a), np.diff(a, 2, 0), np.diff(a, 3, 1), a, np.diff(ai, axis=0), np.diff(bv)]
    for g, w in zip(got, want, strict=True):
        if w.dtype.kind == "f":
            np.testing.assert_allclose(g, w, rtol=1e-12, atol=0)
            assert g.shape == w.shape
        else:
            same(g, w)


@pytest.mark.usefixtures("cpu")
def test_diff_gradient(rng: np.random.Generator) -> None:
    """DiffOp.grad (extra_ops.py l.456; Theano had it for vectors only)."""
    verify_grad(lambda v: extra_ops.diff(v, 2), [rng.standard_normal(6)], rng=rng)
    verify_grad(lambda v: extra_ops.diff(v, axis=0), [rng.standard_normal((4, 3))], rng=rng)


def test_bincount(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.506: max(x) + 1 bins (at least minlength), of x's dtype, or of the
    weights' dtype when weighted; a negative value counts into the bins from the end
    (Theano's advanced_inc_subtensor1, where np.bincount refuses it)."""
    x, w, m = T.ivector("x"), T.dvector("w"), T.lscalar("m")
    v = rng.integers(0, 7, 20).astype(np.int32)
    wv = rng.standard_normal(20)
    outs = [T.bincount(x), extra_ops.bincount(x, w), T.bincount(x, minlength=m),
            T.bincount(x, w, minlength=3)]  # fmt: skip
    assert outs[0].dtype == "int32" and outs[1].dtype == "float64"
    got = run([x, w, m], outs, v, wv, 12)
    same(got[0], np.bincount(v).astype(np.int32))
    np.testing.assert_allclose(got[1], np.bincount(v, wv), rtol=1e-12)
    same(got[2], np.bincount(v, minlength=12).astype(np.int32))
    np.testing.assert_allclose(got[3], np.bincount(v, wv, minlength=3), rtol=1e-12)
    neg = theano.function([x], T.bincount(x))(np.array([0, 3, -1], np.int32))
    same(neg, np.array([1, 0, 0, 2], np.int32))


def test_bincount_checks() -> None:
    """bincount: 'Inputs must be of dimension 1.' (TypeError); assert_nonneg makes a
    negative value an error when the function runs (Theano's Assert)."""
    with pytest.raises(TypeError, match=r"bincount at .*test_extra_ops.py:\d+: inputs must"):
        T.bincount(T.imatrix())
    with pytest.raises(DTypeError, match="x must be integers"):
        T.bincount(T.dvector())
    x = T.ivector("x")
    f = theano.function([x], T.bincount(x, assert_nonneg=True))
    same(f(np.array([2, 0], np.int32)), np.array([1, 0, 1], np.int32))
    with pytest.raises(ShapeError, match=r"at .*test_extra_ops.py:\d+: Input to bincount has negative values!"):
        f(np.array([2, -1], np.int32))


@pytest.mark.usefixtures("cpu")
def test_bincount_gradient(rng: np.random.Generator) -> None:
    """The weighted counts are linear in the weights (an inc_subtensor)."""
    x = T.constant(np.array([0, 2, 2, 1, 2]))
    verify_grad(lambda w: T.bincount(x, w), [rng.standard_normal(5)], rng=rng)


# --------------------------------------------------------------------------- compress


def test_compress(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.582: x.take(flatnonzero(condition), axis): the slices where the
    condition is nonzero; x flattened when axis is None; a condition shorter than the
    axis selects among the first slices (np.compress)."""
    c, x = T.bvector("c"), T.dmatrix("x")
    a = rng.standard_normal((5, 4))
    cv = (rng.random(5) < 0.5).astype(np.int8) * rng.integers(1, 5, 5).astype(np.int8)
    outs = [extra_ops.compress(c, x, axis=0), extra_ops.compress(c[:4], x, axis=1),
            extra_ops.compress(c, x), extra_ops.compress(c[:0], x, axis=0)]  # fmt: skip
    got = run([c, x], outs, cv, a)
    want = [np.compress(cv, a, 0), np.compress(cv[:4], a, 1), np.compress(cv, a),
            np.compress(cv[:0], a, 0)]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        same(g, w)


@pytest.mark.usefixtures("cpu")
def test_compress_gradient(rng: np.random.Generator) -> None:
    """compress is a take: the gradient scatters back to the kept slices."""
    cond = T.constant(np.array([1, 0, 1, 1], np.int8))
    verify_grad(lambda v: extra_ops.compress(cond, v, axis=1), [rng.standard_normal((2, 4))],
                rng=rng)  # fmt: skip


# --------------------------------------------------------------------------- fill_diagonal


def _filled(a: np.ndarray, val: Any, offset: int = 0) -> np.ndarray:
    a = a.copy()
    if a.ndim > 2:
        np.fill_diagonal(a, val)
        return a
    r, c = np.indices(a.shape)
    a[c == r + offset] = val
    return a


def test_fill_diagonal(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.914 and l.1054: a copy with the main diagonal (a[i, i, ..., i]) or
    the offset diagonal of a matrix set to val; tall and wide matrices unwrapped."""
    x, x3, v, k = T.dmatrix("x"), T.dtensor3("x3"), T.dscalar("v"), T.iscalar("k")
    xi = T.imatrix("xi")
    tall, wide = rng.standard_normal((6, 3)), rng.standard_normal((3, 5))
    cube = rng.standard_normal((3, 3, 3))
    ints = rng.integers(-9, 9, (4, 4)).astype(np.int32)
    kk = int(rng.integers(-3, 4))
    for a in (tall, wide):
        outs = [T.fill_diagonal(x, v), T.fill_diagonal(x3, 2.5), T.fill_diagonal(xi, 7),
                T.fill_diagonal_offset(x, v, k), T.fill_diagonal_offset(xi, -1, 2)]  # fmt: skip
        got = run([x, x3, v, k, xi], outs, a, cube, 9.5, kk, ints)
        want = [_filled(a, 9.5), _filled(cube, 2.5), _filled(ints, 7), _filled(a, 9.5, kk),
                _filled(ints, -1, 2)]  # fmt: skip
        for g, w in zip(got, want, strict=True):
            same(g, w)


def test_fill_diagonal_of_unequal_dims_fails_when_run() -> None:
    """np.fill_diagonal: beyond two dims, all dims must have one length."""
    x3 = T.dtensor3("x3")
    f = theano.function([x3], T.fill_diagonal(x3, 0.0))
    with pytest.raises(ShapeError, match="differ"):
        f(np.zeros((3, 3, 4)))


@pytest.mark.usefixtures("cpu")
def test_fill_diagonal_gradients(rng: np.random.Generator) -> None:
    """FillDiagonal.grad (l.891): a's gradient with the diagonal zeroed, val's the sum
    of the diagonal of the output gradient; FillDiagonalOffset.grad (l.1009) the same
    for the offset diagonal."""
    verify_grad(lambda a, v: T.fill_diagonal(a, v), [rng.standard_normal((4, 3)),
                rng.standard_normal(())], rng=rng)  # fmt: skip
    verify_grad(lambda a, v: T.fill_diagonal_offset(a, v, -1),
                [rng.standard_normal((3, 4)), rng.standard_normal(())], rng=rng)  # fmt: skip


def test_fill_diagonal_errors() -> None:
    """The argument checks of FillDiagonal(Offset).make_node (TypeError each)."""
    x = T.fmatrix("x")
    with pytest.raises(TypeError, match=r"fill_diagonal at .*test_extra_ops.py:\d+: first"):
        T.fill_diagonal(T.fvector(), 1.0)
    with pytest.raises(TypeError, match="second parameter must be a scalar"):
        T.fill_diagonal(x, T.fvector())
    with pytest.raises(TypeError, match="type of second parameter must be the same"):
        T.fill_diagonal(x, T.dscalar())
    with pytest.raises(TypeError, match="type of second parameter must be the same"):
        T.fill_diagonal(T.imatrix(), 0.5)
    with pytest.raises(TypeError, match="must have exactly two dimensions"):
        T.fill_diagonal_offset(T.ftensor3(), 1.0, 0)
    with pytest.raises(TypeError, match="type of third parameter must be as integer"):
        T.fill_diagonal_offset(x, 1.0, T.fscalar())
    assert T.fill_diagonal(x, 1.0).dtype == "float32"  # a Python float fits float32


# --------------------------------------------------------------------------- indices


def test_ravel_unravel(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.1270 and l.1358: np.unravel_index / np.ravel_multi_index, int64
    results, orders C and F (Theano's unravel_index ignored order; this follows its
    docstring and NumPy), modes raise, wrap, clip (one or one per dim), symbolic dims."""
    i, j, d = T.lvector("i"), T.ivector("j"), T.lvector("d")
    flat = rng.integers(0, 60, 8)
    rows = rng.integers(-7, 12, 8).astype(np.int32)
    outs = [*extra_ops.unravel_index(i, (3, 4, 5)), *T.unravel_index(i, d, order="F", ndim=3),
            T.ravel_multi_index((i % 5, j % 6), (5, 6)),
            T.ravel_multi_index([i, j], (7, 6), mode="wrap", order="F"),
            T.ravel_multi_index((i, j), d[:2], mode=("clip", "wrap"))]  # fmt: skip
    got = run([i, j, d], outs, flat, rows, np.array([3, 4, 5]))
    want = [*np.unravel_index(flat, (3, 4, 5)), *np.unravel_index(flat, (3, 4, 5), order="F"),
            np.ravel_multi_index((flat % 5, rows % 6), (5, 6)),
            np.ravel_multi_index((flat, rows), (7, 6), mode="wrap", order="F"),
            np.ravel_multi_index((flat, rows), (3, 4), mode=("clip", "wrap"))]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        same(g, np.asarray(w, np.int64))


def test_ravel_unravel_checks() -> None:
    """Theano's messages ("'float64' object cannot be interpreted as an index", "dims must
    be a 1D array", "multi_index must be a tuple or a list", unknown dims length), and
    out-of-range indices in mode raise fail when run, as NumPy's do."""
    i = T.lvector("i")
    with pytest.raises(TypeError, match=r"unravel_index at .*: 'float64' object cannot be"):
        T.unravel_index(T.dvector(), (2, 3))
    with pytest.raises(TypeError, match="dims must be a 1D array"):
        T.unravel_index(i, T.lmatrix())
    with pytest.raises(ValueError, match="cannot be automatically determined"):
        T.unravel_index(i, T.lvector())
    with pytest.raises(TypeError, match="multi_index must be a tuple or a list"):
        T.ravel_multi_index(i, (2, 3))
    with pytest.raises(ValueError, match="mode must be raise, wrap or clip"):
        T.ravel_multi_index((i, i), (2, 3), mode="bogus")
    f = theano.function([i], T.unravel_index(i, (2, 3)))
    with pytest.raises(ShapeError, match="unravel_index: an index is out of bounds for the shape"):
        f(np.array([0, 6]))
    g = theano.function([i], T.ravel_multi_index((i, i), (2, 3)))
    same(g(np.array([0, 1])), np.array([0, 4]))
    with pytest.raises(ShapeError, match="ravel_multi_index: invalid entry in coordinates array"):
        g(np.array([0, 2]))


# --------------------------------------------------------------------------- bartlett


def test_bartlett(device: str) -> None:
    """extra_ops.py l.793 (Bartlett): np.bartlett(M) as a float64 vector; empty for M <= 0,
    [1.] for M = 1."""
    m = T.iscalar("m")
    f = theano.function([m], T.bartlett(m))
    for n in (-2, 0, 1, 2, 5, 8):
        got, want = f(n), np.bartlett(n)
        assert got.dtype == np.float64 and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-15, atol=1e-15)


def test_bartlett_errors() -> None:
    with pytest.raises(TypeError, match=r"bartlett at .*: Bartlett only works on scalar"):
        T.bartlett(T.ivector())
    with pytest.raises(TypeError, match="Bartlett only works on integer input"):
        T.bartlett(T.dscalar())


# --------------------------------------------------------------------------- as libraries use them


def test_lasagne_top_k_accuracy_and_one_hot(device: str, rng: np.random.Generator) -> None:
    """Lasagne's objectives.categorical_accuracy(top_k=3) (argsort along the last axis,
    then a list of slices as the key, which Theano's __getitem__ (var.py l.486) treats as
    a tuple) and categorical_crossentropy's to_one_hot of integer targets."""
    p, t = T.dmatrix("p"), T.ivector("t")
    top = T.argsort(p, axis=-1)
    top = top[[slice(None) for _ in range(top.ndim - 1)] + [slice(-3, None)]]
    acc = T.any(T.eq(top, T.shape_padaxis(t, axis=-1)), axis=-1)
    hot = T.extra_ops.to_one_hot(t, 10)
    pv = rng.random((8, 10))
    tv = rng.integers(0, 10, 8).astype(np.int32)
    got = run([p, t], [acc, hot], pv, tv)
    want_top = np.argsort(pv, axis=-1)[:, -3:]
    same(got[0], np.any(want_top == tv[:, None], axis=-1))
    same(got[1], np.eye(10, dtype=theano.config.floatX)[tv])


def test_lasagne_upscale_and_transformer_grid(device: str, rng: np.random.Generator) -> None:
    """Lasagne's Upscale2DLayer(mode='repeat') (T.extra_ops.repeat along axes 2 and 3),
    the transformer's T.repeat(T.arange(n) * dim, count) and T.tile(grid, (n, 1, 1)),
    and utils.one_hot's T.eye(m)[T.cast(x, 'int32')]."""
    x, n = T.dtensor4("x"), T.lscalar("n")
    a = rng.standard_normal((2, 3, 4, 5))
    up = T.extra_ops.repeat(T.extra_ops.repeat(x, 2, 3), 3, 2)
    base = T.repeat(T.arange(n, dtype="int64") * 7, 6)
    grid = T.tile(x[0, 0].dimshuffle("x", 0, 1), (n, 1, 1))
    eye = T.eye(5)[T.cast(x[0, 0, 0] > 0, "int32")]
    got = run([x, n], [up, base, grid, eye], a, 3)
    same(got[0], np.repeat(np.repeat(a, 2, 3), 3, 2))
    same(got[1], np.repeat(np.arange(3) * 7, 6))
    same(got[2], np.tile(a[0, 0][None], (3, 1, 1)))
    same(got[3], np.eye(5, dtype=theano.config.floatX)[(a[0, 0, 0] > 0).astype(np.int32)])


# --------------------------------------------------------------------------- top k


def test_topk_argtopk(device: str, rng: np.random.Generator) -> None:
    """sort.py l.455-560 (TopKOp): the k largest (k > 0) or -k smallest elements along
    axis and their indices, in an order Theano does not promise (compared as sets, per
    line), idx_dtype for the indices; a symbolic k too."""
    x, k = T.dmatrix("x"), T.lscalar("k")
    a = rng.standard_normal((4, 7))
    outs = [T.topk(x, 3, sorted=False), T.argtopk(x, -2, axis=0, sorted=False),
            *T.topk_and_argtopk(x, k, sorted=False, idx_dtype="int32"),
            T.argtopk(x, k, axis=None, sorted=False)]  # fmt: skip
    assert outs[3].dtype == "int32" and outs[1].dtype == "int64"
    kk = int(rng.integers(1, 7)) * (1 if rng.random() < 0.5 else -1)
    got = run([x, k], outs, a, kk)
    part = np.sort(a, axis=1)
    same(np.sort(got[0], axis=1), part[:, -3:])
    same(np.sort(got[1], axis=0), np.sort(np.argsort(a, axis=0)[:2], axis=0))
    want_v = part[:, -kk:] if kk > 0 else part[:, :-kk]
    same(np.sort(got[2], axis=1), want_v)
    np.testing.assert_array_equal(np.take_along_axis(a, got[3].astype(np.int64), 1), got[2])
    flat = np.argsort(a, axis=None)
    same(np.sort(got[4]), np.sort(flat[-kk:] if kk > 0 else flat[:-kk]))


@pytest.mark.usefixtures("cpu")
def test_topk_gradient(rng: np.random.Generator) -> None:
    """TopKOp.grad: the output gradient goes back to the chosen elements."""
    verify_grad(lambda v: T.topk(v, 2, sorted=False), [rng.standard_normal((3, 5))], rng=rng)


def test_topk_errors() -> None:
    """TopKOp: sorted=True is not implemented in Theano 1.0 (NotImplementedError), kth
    must not be 0 (ValueError, also when a symbolic kth is 0 or too large at run time),
    idx_dtype must be an integer dtype (TypeError)."""
    x = T.dmatrix("x")
    with pytest.raises(NotImplementedError, match=r"topk at .*test_extra_ops.py:\d+: The sorted"):
        T.topk(x, 2)
    with pytest.raises(ValueError, match="kth cannot be zero"):
        T.argtopk(x, 0, sorted=False)
    with pytest.raises(TypeError, match="idx_dtype"):
        T.argtopk(x, 1, sorted=False, idx_dtype="float32")
    k = T.lscalar("k")
    f = theano.function([x, k], T.topk(x, k, sorted=False))
    for bad in (0, 6, -6):
        with pytest.raises(ShapeError, match=r"topk: kth must be in \[-n, n\] and not 0"):
            f(np.zeros((2, 5)), bad)


# --------------------------------------------------------------------------- searchsorted


def test_searchsorted(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.189 (SearchsortedOp): np.searchsorted of any-shaped v into the
    sorted vector x (or x[sorter]), sides left and right, int64; NaN sorts last."""
    x, v, m, s = T.dvector("x"), T.dvector("v"), T.dmatrix("m"), T.lvector("s")
    xs = np.sort(rng.integers(0, 6, 9).astype(np.float64))
    xs[-1] = np.nan
    vv = np.concatenate([rng.integers(-1, 7, 6).astype(np.float64), [np.nan, 2.5]])
    mv = rng.integers(0, 6, (2, 3)).astype(np.float64)
    perm = rng.permutation(9)
    shuffled = np.empty_like(xs)
    shuffled[perm] = xs
    outs = [extra_ops.searchsorted(x, v), x.searchsorted(v, side="right"),
            extra_ops.searchsorted(x, m, "right"), extra_ops.searchsorted(x, v, sorter=s)]  # fmt: skip
    got = run([x, v, m, s], outs, xs, vv, mv, perm)
    # x is shuffled for the sorter case: x[perm] is the sorted xs
    got[3] = run([x, v, m, s], [outs[3]], shuffled, vv, mv, perm)[0]
    want = [np.searchsorted(xs, vv), np.searchsorted(xs, vv, "right"),
            np.searchsorted(xs, mv, "right"), np.searchsorted(shuffled, vv, sorter=perm)]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        same(g, w.astype(np.int64))


def test_searchsorted_errors() -> None:
    with pytest.raises(ValueError, match=r"searchsorted at .*: 'middle' is an invalid value"):
        extra_ops.searchsorted(T.dvector(), T.dvector(), side="middle")
    with pytest.raises(TypeError, match="x must be a vector"):
        extra_ops.searchsorted(T.dmatrix(), T.dvector())
    with pytest.raises(TypeError, match="sorter must be an integer vector"):
        extra_ops.searchsorted(T.dvector(), T.dvector(), sorter=T.dvector())


# --------------------------------------------------------------------------- unique


def test_unique(device: str, rng: np.random.Generator) -> None:
    """extra_ops.py l.1109 (Unique wraps np.unique of the flattened x): the sorted
    distinct values, the first occurrences, the inverse (flattened, as Theano's
    infer_shape) and the counts, as asked; NaNs are one value (NumPy's equal_nan); an
    empty input gives empty outputs."""
    x, i = T.dmatrix("x"), T.ivector("i")
    a = rng.integers(0, 4, (3, 4)).astype(np.float64)
    a[0, 0] = a[1, 1] = np.nan
    iv = rng.integers(-3, 3, 10).astype(np.int32)
    outs = [*extra_ops.Unique(True, True, True)(x), extra_ops.Unique()(i),
            *extra_ops.Unique(False, True)(i)]  # fmt: skip
    got = run([x, i], outs, a, iv)
    u, first, inv, counts = np.unique(a, return_index=True, return_inverse=True,
                                      return_counts=True)  # fmt: skip
    ui, invi = np.unique(iv, return_inverse=True)
    want = [u, first, inv.reshape(-1), counts, ui, ui, invi.reshape(-1)]
    for g, w in zip(got, want, strict=True):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_array_equal(g, w)
    empty = run([i], extra_ops.Unique(True, True, True)(i), np.zeros(0, np.int32))
    assert [e.shape for e in empty] == [(0,)] * 4
    with pytest.raises(NotImplementedError, match="axis form is not supported"):
        extra_ops.Unique(axis=0)


# --------------------------------------------------------------------------- result types


def test_result_types_keep_broadcastable_dims(device: str, rng: np.random.Generator) -> None:
    """Theano's result types: repeat keeps x's broadcastable dims except the repeated axis
    (RepeatOp.make_node; the alloc/reshape path infers the same), tile those whose count
    is the constant 1, fill_diagonal(_offset), cumsum, sort keep x's type -- so a
    repeated row still broadcasts against a matrix."""
    r, m, n = T.drow("r"), T.dmatrix("m"), T.lscalar("n")
    rep, til = T.repeat(r, n, axis=1), T.tile(r, (1, 2))
    assert rep.broadcastable == (True, False) and til.broadcastable == (True, False)
    assert T.tile(r, (2, 1)).broadcastable == (False, False)
    assert T.tile(r, (1, 1, 2)).broadcastable == (True, True, False)
    assert T.fill_diagonal(r, 1.0).broadcastable == (True, False)
    assert T.cumsum(r, 1).broadcastable == T.sort(r).broadcastable == (True, False)
    a, b = rng.standard_normal((1, 3)), rng.standard_normal((4, 6))
    got = run([r, m, n], [m + rep, m * til], a, b, 2)
    same(got[0], b + np.repeat(a, 2, axis=1))
    same(got[1], b * np.tile(a, (1, 2)))


# --------------------------------------------------------------------------- op names


@pytest.mark.usefixtures("cpu")
def test_theano_op_names(rng: np.random.Generator) -> None:
    """Code that builds extra_ops' Ops directly (RepeatOp(axis)(x, r), CumOp(axis, mode),
    CumsumOp, SearchsortedOp(side), UnravelIndex(ndim), RavelMultiIndex(mode), Bartlett,
    FillDiagonal(Offset), cpu_contiguous) gets the same results as the functions."""
    E = extra_ops
    x, r, v = T.dmatrix("x"), T.lvector("r"), T.dvector("v")
    a, vv = rng.standard_normal((3, 4)), np.sort(rng.standard_normal(5))
    outs = [E.RepeatOp(axis=0)(x, r), E.CumOp(None, "mul")(x), E.CumOp(-1)(x),
            E.CumsumOp(0)(x), E.CumprodOp()(x), E.SearchsortedOp("right")(v, x),
            E.UnravelIndex(2)(r, (2, 2))[1], E.RavelMultiIndex("wrap")(r, r, (2, 3)),
            E.bartlett_(5), E.fill_diagonal_(x, 0.0), E.FillDiagonalOffset()(x, 1.0, -1),
            E.cpu_contiguous(x)]  # fmt: skip
    got = run([x, r, v], outs, a, np.array([1, 0, 2]), vv)
    filled = a.copy()
    np.fill_diagonal(filled, 0.0)
    off = a.copy()
    off[[1, 2], [0, 1]] = 1.0
    want = [np.repeat(a, [1, 0, 2], 0), np.cumprod(a), np.cumsum(a, -1), np.cumsum(a, 0),
            np.cumprod(a), np.searchsorted(vv, a, "right"),
            np.unravel_index([1, 0, 2], (2, 2))[1], np.ravel_multi_index(([1, 0, 2],) * 2,
            (2, 3), mode="wrap"), np.bartlett(5), filled, off, a]  # fmt: skip
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-12)
        assert g.shape == np.shape(w)
