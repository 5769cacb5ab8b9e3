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
    with pytest.raises(ShapeError, match=r"at .*test_extra_ops.py:\d+: an index is out of bounds"):
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
    """to_one_hot needs an integer vector of labels and a scalar class count."""
    with pytest.raises(DTypeError, match=r"to_one_hot at .*test_extra_ops.py:\d+: y must be"):
        extra_ops.to_one_hot(T.dvector(), 3)
    with pytest.raises(DTypeError, match="y must be an integer vector"):
        extra_ops.to_one_hot(T.imatrix(), 3)
    with pytest.raises(ValueError, match="nb_class must be an integer scalar"):
        extra_ops.to_one_hot(T.ivector(), T.lvector())


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
    """basic.py l.5416-5451: the messages of Theano's argument checks."""
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
