"""Theano 1.0's theano.tensor functions beyond extra_ops that libraries use, against NumPy.

Constructors (plural forms, 5-7 dims, class and dtype-list names), the array functions of
basic.py (`diagonal diag nonzero flatnonzero nonzero_values swapaxes roll ptp
inverse_permutation stacklists`) and elementwise ones (`power divmod trunc iround
deg2rad rad2deg isclose allclose`), compiled on `cpu` and `emu` and compared with NumPy on
fresh random inputs: exact for integer and moved values, 1e-12 relative for float64
arithmetic.  Gradients with `verify_grad` (float64, 1e-4).  Each docstring cites the
Theano 1.0.5 source it follows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import AxisError
from arignote.gradient import verify_grad


@pytest.fixture(params=["cpu", "emu"])
def device(request):  # type: ignore[no-untyped-def]
    old = theano.config.device
    theano.config.device = request.param
    yield request.param
    theano.config.device = old


def check(inputs: list[Any], outputs: list[Any], args: list[Any], want: list[Any]) -> None:
    got = theano.function(inputs, outputs, on_unused_input="ignore")(*args)
    for k, (g, w) in enumerate(zip(got, want, strict=True)):
        w = np.asarray(w)
        assert g.dtype == w.dtype and g.shape == w.shape, (k, g.dtype, w.dtype, g.shape, w.shape)
        if w.dtype.kind == "f":
            np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-300, equal_nan=True, err_msg=k)
        else:
            np.testing.assert_array_equal(g, w, err_msg=str(k))


# --------------------------------------------------------------------------- constructors


def test_plural_constructors_and_names() -> None:
    """basic.py l.644 (_multi): matrices("x", "y") and matrices("xy") give a list, one
    name gives one variable, an int n gives n unnamed ones; f/d/i/l prefixes; tensor5-7;
    TensorVariable/TensorConstant and the dtype lists (l.55-63) for isinstance and
    membership checks (Lasagne's layers/shape.py, layers/base.py)."""
    x, y = T.matrices("x", "y")
    assert (x.name, y.name, x.ndim) == ("x", "y", 2)
    a, b = T.fvectors("ab")
    assert (a.name, b.name, a.dtype) == ("a", "b", "float32")
    one = T.dmatrices("m")
    assert isinstance(one, T.TensorVariable) and one.dtype == "float64"
    assert len(T.lscalars(3)) == 3 and T.lscalars(3)[0].dtype == "int64"
    assert [r.broadcastable for r in T.rows("pq")] == [(True, False)] * 2
    assert T.itensor4s("z").ndim == 4 and T.tensor3s("t").ndim == 3 and T.icols("c").ndim == 2
    assert T.tensor5().ndim == 5 and T.ftensor6().dtype == "float32" and T.ltensor7().ndim == 7
    assert isinstance(T.constant(1.0), T.TensorConstant) and issubclass(T.TensorVariable, T.Variable)
    assert "int32" in T.discrete_dtypes and "float16" in T.continuous_dtypes
    assert T.as_tensor(2).dtype == "int64"


# --------------------------------------------------------------------------- diagonals


def test_diagonal_and_diag(device: str, rng: np.random.Generator) -> None:
    """basic.py l.6514 (diagonal: ExtractDiag, the diagonal on a new last axis) and
    l.6657 (diag: a vector on diagonal k of a square matrix, or a matrix's diagonal)."""
    m, t, v = T.dmatrix("m"), T.dtensor3("t"), T.ivector("v")
    a, b = rng.standard_normal((4, 6)), rng.standard_normal((3, 4, 5))
    iv = rng.integers(-9, 9, 5).astype(np.int32)
    outs = [T.diagonal(m), T.diagonal(m, 2), T.diagonal(m, -3), T.diagonal(t, 1, 0, 2),
            T.diagonal(t, 0, 2, 1), T.diag(v), T.diag(v, 2), T.diag(v, -1), T.diag(m, -1),
            m.T.dot(m)[T.arange(6), T.arange(6)]]  # fmt: skip
    want = [np.diagonal(a), np.diagonal(a, 2), np.diagonal(a, -3), np.diagonal(b, 1, 0, 2),
            np.diagonal(b, 0, 2, 1), np.diag(iv), np.diag(iv, 2), np.diag(iv, -1),
            np.diag(a, -1), np.diagonal(a.T @ a)]  # fmt: skip
    check([m, t, v], outs, [a, b, iv], want)


@pytest.mark.usefixtures("cpu")
def test_diagonal_gradients(rng: np.random.Generator) -> None:
    """ExtractDiag.grad / AllocDiag.grad: the diagonal of the gradient, or the gradient
    written on the diagonal."""
    verify_grad(lambda x: T.diagonal(x, 1), [rng.standard_normal((3, 4))], rng=rng)
    verify_grad(lambda x: T.diag(x, -1), [rng.standard_normal(3)], rng=rng)


def test_diagonal_errors() -> None:
    with pytest.raises(ValueError, match=r"diagonal at .*test_tensor_more.py:\d+: needs"):
        T.diagonal(T.dvector())
    with pytest.raises(ValueError, match="axis1 and axis2 are the same"):
        T.diagonal(T.dtensor3(), 0, 1, -2)
    with pytest.raises(ValueError, match="Input must has v.ndim >= 1"):
        T.diag(T.dscalar())


# --------------------------------------------------------------------------- nonzero


def test_nonzero(device: str, rng: np.random.Generator) -> None:
    """basic.py l.2628 (nonzero: a tuple of coordinate vectors in row-major order, or
    the (ndim, count) matrix), l.2672 (flatnonzero), nonzero_values."""
    m, t = T.dmatrix("m"), T.itensor3("t")
    a = rng.standard_normal((4, 5))
    a[a < 0.3] = 0
    b = rng.integers(-1, 2, (3, 4, 2)).astype(np.int32)
    outs = [*T.nonzero(m), T.nonzero(t, return_matrix=True), T.flatnonzero(t),
            T.nonzero_values(m), *T.nonzero(m[0])]  # fmt: skip
    want = [*np.nonzero(a), np.array(np.nonzero(b)), np.flatnonzero(b), a[np.nonzero(a)],
            *np.nonzero(a[0])]  # fmt: skip
    check([m, t], outs, [a, b], want)
    with pytest.raises(ValueError, match="Nonzero only supports non-scalar arrays"):
        T.flatnonzero(T.dscalar())


# --------------------------------------------------------------------------- axes, roll


def test_swapaxes_roll_ptp_stacklists(device: str, rng: np.random.Generator) -> None:
    """basic.py l.6753 (swapaxes), l.4505 (roll: shift modulo the size, two slices
    joined; axis None rolls the flattened x), l.6722 (ptp), l.6687 (stacklists)."""
    t, m, s, v = T.dtensor3("t"), T.dmatrix("m"), T.lscalar("s"), T.dvector("v")
    b, a = rng.standard_normal((2, 3, 4)), rng.standard_normal((3, 5))
    vv = rng.standard_normal(4)
    k = int(rng.integers(-12, 12))
    outs = [T.swapaxes(t, 0, 2), T.swapaxes(t, -1, 1), T.roll(m, s), T.roll(t, s, 2),
            T.roll(m, -2, 0), T.roll(v, 0), T.ptp(m), T.ptp(t, 1), T.ptp(m, [0, 1]),
            T.stacklists([[v, 2 * v], [v, v]])]  # fmt: skip
    want = [np.swapaxes(b, 0, 2), np.swapaxes(b, -1, 1), np.roll(a, k), np.roll(b, k, 2),
            np.roll(a, -2, 0), vv, np.ptp(a), np.ptp(b, 1), np.ptp(a, (0, 1)),
            np.array([[vv, 2 * vv], [vv, vv]])]  # fmt: skip
    check([t, m, s, v], outs, [b, a, k, vv], want)
    with pytest.raises(AxisError, match=r"swapaxes at .*test_tensor_more.py:\d+: axis 3"):
        T.swapaxes(t, 0, 3)


@pytest.mark.usefixtures("cpu")
def test_roll_gradient(rng: np.random.Generator) -> None:
    """roll moves values: the gradient rolls back."""
    verify_grad(lambda x: T.roll(x, 2, 1), [rng.standard_normal((2, 5))], rng=rng)
    verify_grad(lambda x: T.roll(x, -1), [rng.standard_normal((2, 3))], rng=rng)


def test_inverse_permutation(device: str, rng: np.random.Generator) -> None:
    """basic.py l.5892: out[perm[i]] = i along the last axis, in perm's dtype."""
    p, q = T.ivector("p"), T.lmatrix("q")
    pv = rng.permutation(9).astype(np.int32)
    qv = np.stack([rng.permutation(5) for _ in range(3)])
    inv_p = np.empty_like(pv)
    inv_p[pv] = np.arange(9)
    inv_q = np.argsort(qv, axis=-1)
    check([p, q], [T.inverse_permutation(p), T.inverse_permutation(q)], [pv, qv],
          [inv_p, inv_q])  # fmt: skip


# --------------------------------------------------------------------------- elementwise


def test_elementwise_extras(device: str, rng: np.random.Generator) -> None:
    """power (l.6749), divmod (l.3562: floor_div and mod), trunc (Theano's Trunc: x >= 0
    ? floor(x) : -floor(-x), ints upgraded to float), iround (l.2170: round, which Theano
    1.0 does half to even by default, then int64), deg2rad / rad2deg, isclose / allclose
    (l.1942: np.isclose with infinities equal to equal ones, NaN only with equal_nan)."""
    m, i = T.dmatrix("m"), T.ivector("i")
    a = rng.standard_normal((4, 5)) * 3
    a[0, :4] = [0.5, 1.5, -2.5, -0.0]
    iv = rng.integers(-200, 200, 6).astype(np.int32)
    b = a + rng.standard_normal((4, 5)) * 1e-7
    b[1, :3] = [np.inf, np.nan, -np.inf]
    a2 = a.copy()
    a2[1, :3] = [np.inf, np.nan, np.inf]
    q, r = T.divmod(m, 0.7)
    outs = [T.power(m, 2), q, r, T.trunc(m), T.trunc(i), T.iround(m), T.iround(m, "half_away_from_zero"),
            T.deg2rad(m), T.rad2deg(i), T.isclose(m, b), T.isclose(T.constant(a2), b, equal_nan=True),
            T.allclose(m, m + 1e-9), T.allclose(m, b)]  # fmt: skip
    want = [a**2, a // 0.7, a % 0.7, np.trunc(a), np.trunc(iv.astype(np.float64)),
            np.round(a).astype(np.int64), (np.sign(a) * np.floor(np.abs(a) + 0.5)).astype(np.int64),
            np.deg2rad(a), np.rad2deg(iv.astype(np.float64)), np.isclose(a, b),
            np.isclose(a2, b, equal_nan=True), np.allclose(a, a + 1e-9), np.allclose(a, b)]  # fmt: skip
    check([m, i], outs, [a, iv], want)
    assert T.trunc(T.bvector()).dtype == "float32" and T.deg2rad(T.fvector()).dtype == "float32"


# --------------------------------------------------------------------------- split, batched


def test_split(device: str, rng: np.random.Generator) -> None:
    """basic.py l.3794 (Split): pieces of the given sizes along axis (a size may be 0); a
    list, or the piece itself for n_splits=1; Split.perform's errors (sizes not adding up
    to the axis, negative sizes, not n_splits sizes) when the function runs."""
    from arignote.errors import ShapeError

    x, s = T.dmatrix("x"), T.lvector("s")
    a = rng.standard_normal((3, 7))
    sizes = np.array([2, 0, 5])
    pieces = T.split(x, s, 3, axis=1)
    one = T.split(x, s[:1], 1, axis=0)
    assert isinstance(pieces, list) and len(pieces) == 3 and not isinstance(one, list)
    check([x, s], [*pieces], [a, sizes], np.split(a, [2, 2], axis=1))
    check([x, s], [one], [a, np.array([3])], [a])
    f = theano.function([x, s], pieces)
    for bad in ([2, 0, 4], [2, 6, -1], [3, 4]):
        with pytest.raises(ShapeError, match=r"at .*test_tensor_more.py:\d+"):
            f(a, np.array(bad))


@pytest.mark.usefixtures("cpu")
def test_split_gradient(rng: np.random.Generator) -> None:
    """Each piece is a slice: the gradients land in their parts of x."""
    sizes = T.constant(np.array([1, 3]))
    def swapped(v: Any) -> Any:
        first, second = T.split(v, sizes, 2, axis=1)
        return T.concatenate([second * 2, first], axis=1)

    verify_grad(swapped, [rng.standard_normal((2, 4))], rng=rng)


def test_batched_tensordot(device: str, rng: np.random.Generator) -> None:
    """basic.py l.3762 (batched_tensordot, via _tensordot_as_dot l.6112): tensordot per
    batch; an int sums the last axes of x with the first (after the batch) of y; a pair of
    lists names them."""
    a, b, c = T.dtensor3("a"), T.dtensor3("b"), T.dtensor4("c")
    A, B, C = rng.random((2, 3, 4)), rng.random((2, 4, 5)), rng.random((2, 6, 3, 4))
    outs = [T.batched_tensordot(a, b, 1), T.batched_tensordot(a, b, [[2], [1]]),
            T.batched_tensordot(a, c, [[1, 2], [2, 3]]), T.batched_tensordot(c, a, [[3], [2]])]  # fmt: skip
    want = [np.einsum("bij,bjk->bik", A, B), np.einsum("bij,bjk->bik", A, B),
            np.einsum("bij,bxij->bx", A, C),
            np.stack([np.tensordot(C[i], A[i], [[2], [1]]) for i in range(2)])]  # fmt: skip
    got = theano.function([a, b, c], outs)(A, B, C)
    for g, w in zip(got, want, strict=True):
        assert g.shape == w.shape
        np.testing.assert_allclose(g, w, rtol=1e-12)
    with pytest.raises(ValueError, match="must not include the batch axis"):
        T.batched_tensordot(a, b, 3)
    with pytest.raises(ValueError, match="Axes elements must have the same length"):
        T.batched_tensordot(a, c, [[1], [2, 3]])


@pytest.mark.usefixtures("cpu")
def test_batched_tensordot_gradient(rng: np.random.Generator) -> None:
    verify_grad(lambda x, y: T.batched_tensordot(x, y, [[1], [2]]),
                [rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 4, 3))], rng=rng)  # fmt: skip


@pytest.mark.usefixtures("cpu")
def test_variable_methods(rng: np.random.Generator) -> None:
    """var.py: x.ravel(), x.diagonal(), x.trace() (nlinalg.trace: the diagonal's sum),
    x.nonzero(), x.nonzero_values(), x.ptp(), x.swapaxes(), x.searchsorted()."""
    m, v = T.dmatrix("m"), T.dvector("v")
    a = rng.standard_normal((3, 4))
    a[a < 0] = 0
    vs = np.sort(rng.standard_normal(5))
    outs = [m.ravel(), m.diagonal(1), m.trace(), *m.nonzero(), m.nonzero_values(), m.ptp(0),
            m.swapaxes(0, 1), v.searchsorted(m)]  # fmt: skip
    want = [a.ravel(), a.diagonal(1), np.trace(a), *np.nonzero(a), a[np.nonzero(a)],
            np.ptp(a, 0), a.swapaxes(0, 1), np.searchsorted(vs, a)]  # fmt: skip
    check([m, v], outs, [a, vs], want)


# --------------------------------------------------------------------------- inverse trig


def test_inverse_trigonometric(device: str, rng: np.random.Generator) -> None:
    """theano/tensor/basic.py arcsin ... arctanh, arctan2 (elementwise, upgrade_to_float:
    int8/int16 run in float32, wider ints in float64), against NumPy; out of the domain NaN."""
    x, f, i, y = T.dvector("x"), T.fvector("f"), T.bvector("i"), T.dvector("y")
    a = rng.uniform(-0.99, 0.99, 9)
    a[0] = 1.5  # outside arcsin's domain: NaN
    fa = rng.uniform(-3, 3, 9).astype(np.float32)
    iv = rng.integers(-3, 4, 9).astype(np.int8)
    b = rng.standard_normal(9)
    outs = [T.arcsin(x), T.arccos(x), T.arctan(f), T.arcsinh(f), T.arccosh(abs(y) + 1),
            T.arctanh(x), T.arctan2(x, y), T.arctan(i), T.arctan2(i, 2)]  # fmt: skip
    assert outs[2].dtype == "float32" and outs[7].dtype == "float32"
    with np.errstate(invalid="ignore"):
        want = [np.arcsin(a), np.arccos(a), np.arctan(fa), np.arcsinh(fa),
                np.arccosh(np.abs(b) + 1), np.arctanh(a), np.arctan2(a, b),
                np.arctan(iv.astype(np.float32)),
                np.arctan2(iv.astype(np.float32), np.float32(2))]  # fmt: skip
    got = theano.function([x, f, i, y], outs)(a, fa, iv, b)
    for k, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g.dtype == w.dtype and g.shape == w.shape, k
        tol = 1e-6 if w.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(g, w, rtol=tol, atol=0, equal_nan=True, err_msg=str(k))


@pytest.mark.usefixtures("cpu")
def test_inverse_trigonometric_gradients(rng: np.random.Generator) -> None:
    """ArcSin.grad and the rest (theano/scalar/basic.py): 1/sqrt(1 - x^2), -1/sqrt(1 - x^2),
    1/(1 + x^2), 1/sqrt(x^2 + 1), 1/sqrt(x^2 - 1), 1/(1 - x^2), and atan2's
    (x, -y)/(x^2 + y^2)."""
    inside = rng.uniform(-0.8, 0.8, 5)
    for fn in (T.arcsin, T.arccos, T.arctanh):
        verify_grad(fn, [inside], rng=rng)
    for fn in (T.arctan, T.arcsinh):
        verify_grad(fn, [rng.standard_normal(5)], rng=rng)
    verify_grad(T.arccosh, [rng.uniform(1.5, 3, 5)], rng=rng)
    verify_grad(T.arctan2, [rng.standard_normal(5), rng.uniform(0.5, 2, 5)], rng=rng)
