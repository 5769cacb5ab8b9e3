"""Front end: types, Theano broadcasting and dtype rules, graph-building errors."""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import ArgumentError, DTypeError, ShapeError
from arignote.frontend_ir import build_module
from arignote.ir import print_module, verify_module


def test_constructors_and_prefixed_forms() -> None:
    assert T.vector("x").dtype == theano.config.floatX
    assert T.ivector().dtype == "int32" and T.lscalar().dtype == "int64"
    assert T.dmatrix().dtype == "float64" and T.fmatrix().ndim == 2
    assert T.row().broadcastable == (True, False)
    assert T.col().broadcastable == (False, True)
    assert T.tensor4("t", dtype="float16").ndim == 4


@pytest.mark.parametrize(
    ("make", "want"),
    [
        (lambda: T.fvector() * 2, "float32"),  # Python scalars take the tensor's dtype
        (lambda: T.fvector() + 0.5, "float32"),
        (lambda: T.ivector() + 1.5, "float64"),
        (lambda: T.exp(T.ivector()), "float64"),  # float ops on ints upcast
        (lambda: T.exp(T.bvector()), "float32"),
        # TrueDiv.output_types (theano/scalar/basic.py l.1890): integers give floatX
        (lambda: T.ivector() / T.ivector(), "float32"),
        (lambda: T.ivector() // 2, "int32"),
        (lambda: T.fvector() < T.dvector(), "bool"),
        (lambda: T.fvector() + T.dvector(), "float64"),
        (lambda: T.switch(T.fvector() > 0, T.ivector(), T.fvector()), "float64"),
        (lambda: T.cast(T.fvector(), "int8"), "int8"),
    ],
)
def test_result_dtypes_follow_theano(make, want) -> None:  # type: ignore[no-untyped-def]
    assert make().dtype == want


def test_broadcastable_patterns() -> None:
    m, r, c, s = T.matrix(), T.row(), T.col(), T.scalar()
    assert (m + r).broadcastable == (False, False)
    assert (r + c).broadcastable == (False, False)
    assert (r * s).broadcastable == (True, False)
    assert (T.vector() + m).ndim == 2


def test_logical_op_on_floats_names_the_op_and_line() -> None:
    with pytest.raises(DTypeError, match=r"and_ at .*test_graph.py:\d+: needs integer or boolean operands"):
        T.fvector("a") & T.fvector("b")


def test_conflicting_constant_shapes() -> None:
    with pytest.raises(ShapeError, match=r"add at .*: operands cannot broadcast in dim 0 \(sizes \[2, 3\]\)"):
        T.add(T.constant(np.ones(2)), T.constant(np.ones(3)))


def test_emitted_ir_verifies_and_has_user_locations() -> None:
    x = T.vector("x")
    y = T.exp(x) + 1
    m = build_module("f", [x], [y])
    verify_module(m)
    text = print_module(m, debuginfo=True)
    assert "test_graph.py" in text and "tt.exp" in text


def test_function_input_checks() -> None:
    x, y = T.vector("x"), T.vector("y")
    with pytest.raises(ArgumentError, match="not used"):
        theano.function([x, y], x + 1)
    with pytest.raises(ArgumentError, match="not listed"):
        theano.function([x], x + y)
    with pytest.raises(ArgumentError, match="is a constant, not an input variable"):
        theano.function([T.constant(1.0)], x)  # type: ignore[list-item]


def test_type_filter_errors() -> None:
    t = T.fvector().type
    with pytest.raises(DTypeError, match="dtype float64, expected float32"):
        t.filter(np.zeros(3))
    np.testing.assert_array_equal(t.filter(np.zeros(3), allow_downcast=True), np.zeros(3, np.float32))
    with pytest.raises(DTypeError, match="2 dimension"):
        t.filter(np.zeros((2, 2), np.float32))
    with pytest.raises(ShapeError, match="broadcastable"):
        T.row().type.filter(np.zeros((2, 3), np.float32))
    assert t.filter([1, 2, 3]).dtype == np.float32  # lossless Python data converts


def test_shared_variables_copy_and_pickle() -> None:
    import pickle

    v = np.arange(4, dtype=np.float32)
    s = theano.shared(v, name="w")
    v[0] = 99
    assert s.get_value()[0] == 0  # copied on construction
    s.set_value(np.ones(4, np.float32))
    s2 = pickle.loads(pickle.dumps(s))
    np.testing.assert_array_equal(s2.get_value(), np.ones(4, np.float32))
    with pytest.raises(DTypeError):
        s.set_value(np.ones((2, 2), np.float32))
    assert theano.shared(2.0).dtype == theano.config.floatX


def test_eval_and_missing_theano_features(rng: np.random.Generator) -> None:
    x = T.dvector("x")
    y = (T.exp(x) * 2).sum()
    xv = rng.standard_normal(3)
    np.testing.assert_allclose(y.eval({x: xv}), 2 * np.exp(xv).sum(), rtol=1e-12)
    np.testing.assert_allclose(y.eval({x: xv[:2]}), 2 * np.exp(xv[:2]).sum(), rtol=1e-12)
    w = theano.shared(np.arange(3.0))
    np.testing.assert_array_equal((w * 3).eval(), [0.0, 3.0, 6.0])
    with pytest.raises(AttributeError, match="does not implement theano.OpFromGraph"):
        theano.OpFromGraph  # noqa: B018


def test_graphs_pickle_with_fresh_ids(rng: np.random.Generator) -> None:
    import pickle

    x = T.matrix("x")
    w = theano.shared(rng.standard_normal((5, 3)).astype(np.float32), name="W")
    y = T.argmax(T.nnet.softmax(T.dot(x, w)), axis=1)
    y.eval({x: np.zeros((2, 5), np.float32)})  # a cached compiled function is not pickled
    x2, y2 = pickle.loads(pickle.dumps((x, y)))
    assert x2.id != x.id and y2.id != y.id and x2.name == "x"
    f = theano.function([x, x2], [y, y2])
    a = rng.standard_normal((4, 5)).astype(np.float32)
    r1, r2 = f(a, a)
    np.testing.assert_array_equal(r1, np.argmax(a @ w.get_value(), axis=1))
    np.testing.assert_array_equal(r2, r1)
