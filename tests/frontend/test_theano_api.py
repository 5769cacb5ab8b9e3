"""Theano's names and module layout: gof, compile, Rop/Lop, specify_shape, nnet's
submodules.  Each test names the Theano source it follows."""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import ShapeError


def test_graph_objects_are_theano_s_names() -> None:
    x = T.matrix("x")
    assert isinstance(x, theano.Variable) and isinstance(x, T.TensorVariable)
    assert isinstance(T.constant(1.0), theano.Constant) and isinstance(T.constant(1.0), T.TensorConstant)
    assert isinstance((x + 1).owner, theano.Apply) and isinstance((x + 1).owner.op, theano.Op)
    assert theano.gof.Variable is theano.Variable and T.Variable is theano.Variable
    assert isinstance(theano.shared(np.zeros(2)), theano.compile.SharedVariable)


def test_gof_graph_inputs_keep_theano_s_order() -> None:
    # gof/graph.py inputs -> ancestors -> stack_search(deque(list), 'dfs'): the last
    # variable of the list is searched first, each node's inputs in order
    a, b, c = (theano.shared(0.0, name=n) for n in "abc")
    assert theano.gof.graph.inputs([a * b + c]) == [a, b, c]
    assert theano.gof.graph.inputs([a, b, c]) == [c, b, a]
    assert theano.gof.graph.inputs(reversed([a, b, c])) == [a, b, c]
    x = T.vector("x")
    y = T.exp(x) * 2
    assert theano.gof.graph.inputs([y], blockers=[T.exp(x)]) != []
    nodes = theano.gof.graph.io_toposort([x], [y])
    assert [str(n.op) for n in nodes][-1] == "mul" and len(nodes) == 2


def test_is_same_graph_and_equal_computations() -> None:
    # gof/graph.py is_same_graph; scan_module/scan_utils.py equal_computations
    x, y = T.vectors("x", "y")
    assert theano.gof.graph.is_same_graph(x * 2 + y, x * 2 + y)
    assert not theano.gof.graph.is_same_graph(x * 2 + y, x * 3 + y)
    assert not theano.gof.graph.is_same_graph(x + y, y + x)
    assert theano.gof.graph.is_same_graph(T.exp(x), T.exp(y), givens={x: y})
    from arignote.scan_module.scan_utils import equal_computations

    assert equal_computations([T.exp(x)], [T.exp(y)], [x], [y])
    assert not equal_computations([T.exp(x)], [T.exp(y)])


def test_modes_name_theano_s_choices() -> None:
    # compile/mode.py: Mode, get_mode, get_default_mode, including/excluding
    m = theano.compile.get_mode("FAST_RUN").excluding("inplace")
    assert isinstance(m, theano.compile.Mode) and ("excluding", "inplace") in m.tags
    assert theano.compile.get_default_mode() is theano.compile.mode.FAST_RUN
    with pytest.raises(ValueError, match="unknown mode"):
        theano.compile.get_mode("NO_SUCH_MODE")
    x = T.vector()
    f = theano.function([x], x * 2, mode=theano.compile.Mode(optimizer="fast_compile"))
    np.testing.assert_array_equal(f(np.ones(2, x.dtype)), [2, 2])


def test_lop_is_the_vector_jacobian_product(rng: np.random.Generator) -> None:
    # gradient.py Lop: grad of sum(f * v) w.r.t. wrt, via known_grads
    W, x, v = T.dmatrix("W"), T.dvector("x"), T.dvector("v")
    f = theano.function([W, x, v], T.Lop(T.tanh(T.dot(x, W)), W, v))
    w, xv, vv = rng.standard_normal((3, 2)), rng.standard_normal(3), rng.standard_normal(2)
    expected = np.outer(xv, (1 - np.tanh(xv @ w) ** 2) * vv)
    np.testing.assert_allclose(f(w, xv, vv), expected, rtol=1e-9, atol=1e-14)  # float64


def test_rop_is_the_jacobian_vector_product(rng: np.random.Generator) -> None:
    # gradient.py Rop: J(wrt) . eval_points, checked by central differences
    W, V, x = T.dmatrix("W"), T.dmatrix("V"), T.dvector("x")
    y = T.tanh(T.dot(x, W))
    f = theano.function([W, V, x], T.Rop(y, W, V))
    w, v, xv = rng.standard_normal((3, 2)), rng.standard_normal((3, 2)), rng.standard_normal(3)
    eps = 1e-6
    numeric = (np.tanh(xv @ (w + eps * v)) - np.tanh(xv @ (w - eps * v))) / (2 * eps)
    np.testing.assert_allclose(f(w, v, xv), numeric, rtol=1e-6)
    with pytest.raises(ValueError, match="rank"):
        T.Rop(y, W, T.dvector())


def test_specify_shape_checks_when_run_and_when_built() -> None:
    # tensor/basic.py SpecifyShape: the value must have exactly the given shape
    x, n = T.matrix("x"), T.lscalar("n")
    f = theano.function([x, n], T.specify_shape(x, (n, 3)).sum())
    assert float(f(np.ones((4, 3), x.dtype), 4)) == 12.0
    with pytest.raises(ShapeError, match=r"test_theano_api.py:\d+: specify_shape: dim 0"):
        f(np.ones((4, 3), x.dtype), 5)
    with pytest.raises(ShapeError, match="has 2 dims but the shape gives 1"):
        T.specify_shape(x, (2,))
    g = theano.grad(T.specify_shape(x, (2, 3)).sum(), x)
    np.testing.assert_array_equal(g.eval({x: np.zeros((2, 3), x.dtype)}), np.ones((2, 3)))


def test_nnet_submodules_are_reachable_as_in_theano() -> None:
    # theano/tensor/nnet/__init__.py imports nnet, sigm, bn, abstract_conv, conv
    for mod in ("abstract_conv", "nnet", "sigm", "bn", "conv"):
        assert hasattr(T.nnet, mod)
    ac = T.nnet.abstract_conv
    assert ac.get_conv_output_shape((8, 3, 32, 32), (16, 3, 5, 5), "half", (2, 2)) == (8, 16, 16, 16)
    assert ac.get_conv_shape_1axis(10, 3, "valid", 1) == 8


def test_abstract_conv_gradient_ops_match_grad(rng: np.random.Generator) -> None:
    # abstract_conv.py AbstractConv2d_gradInputs / _gradWeights(kern, topgrad, shape)
    x, w = T.dtensor4("x"), T.dtensor4("w")
    y = T.nnet.conv2d(x, w, border_mode="half", filter_shape=(4, 3, 3, 3))
    gy = T.dtensor4("gy")
    gx_ref, gw_ref = theano.grad((y * gy).sum(), [x, w])
    op_in = T.nnet.abstract_conv.AbstractConv2d_gradInputs(kshp=(4, 3, 3, 3), border_mode="half")
    op_w = T.nnet.abstract_conv.AbstractConv2d_gradWeights(kshp=(4, 3, 3, 3), border_mode="half")
    gx, gw = op_in(w, gy, x.shape[2:]), op_w(x, gy, (3, 3))
    f = theano.function([x, w, gy], [gx, gw, gx_ref, gw_ref])
    xv, wv = rng.standard_normal((2, 3, 7, 6)), rng.standard_normal((4, 3, 3, 3))
    a, b, c, d = f(xv, wv, rng.standard_normal((2, 4, 7, 6)))
    np.testing.assert_allclose(a, c, rtol=1e-10)
    np.testing.assert_allclose(b, d, rtol=1e-10)
