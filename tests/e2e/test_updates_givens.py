"""theano.function's updates, givens, In/Out, default updates and clone, on cpu."""

from __future__ import annotations

import pickle
from collections import OrderedDict

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import ArgumentError, ArignoteError, DTypeError, ShapeError
from arignote.graph_rewrite import GivensError


pytestmark = pytest.mark.usefixtures("cpu")


def test_accumulator_updates_after_outputs(rng: np.random.Generator) -> None:
    state = theano.shared(np.float64(0), name="state")
    inc = T.dscalar("inc")
    f = theano.function([inc], state, updates=[(state, state + inc)])
    assert f(1.0) == 0 and f(2.5) == 1.0
    assert state.get_value() == 3.5
    # the returned value is not the shared storage
    v = f(0.0)
    v[...] = 100
    assert state.get_value() == 3.5


@pytest.mark.parametrize("kind", ["list", "dict", "ordered", "tuple"])
def test_updates_are_simultaneous(kind: str, rng: np.random.Generator) -> None:
    av, bv = rng.standard_normal(4), rng.standard_normal(4)
    a, b = theano.shared(av.copy(), "a"), theano.shared(bv.copy(), "b")
    pairs = [(a, b * 2), (b, a + 1)]
    updates = {
        "list": pairs, "dict": dict(pairs), "ordered": OrderedDict(pairs), "tuple": tuple(pairs)
    }[kind]  # fmt: skip
    f = theano.function([], [a + b], updates=updates)
    (out,) = f()
    np.testing.assert_allclose(out, av + bv, rtol=1e-12)
    np.testing.assert_allclose(a.get_value(), bv * 2, rtol=1e-12)
    np.testing.assert_allclose(b.get_value(), av + 1, rtol=1e-12)


def test_swap_and_copy_updates_do_not_alias() -> None:
    a = theano.shared(np.arange(3.0), "a")
    b = theano.shared(np.arange(3.0) + 10, "b")
    f = theano.function([], updates=[(a, b), (b, a)])
    assert f() == []
    np.testing.assert_array_equal(a.get_value(), [10, 11, 12])
    np.testing.assert_array_equal(b.get_value(), [0, 1, 2])
    assert not np.shares_memory(a.get_value(borrow=True), b.get_value(borrow=True))


def test_update_from_an_input_and_a_constant(rng: np.random.Generator) -> None:
    w = theano.shared(np.zeros(3), "w")
    c = theano.shared(np.zeros(2), "c")
    x = T.dvector("x")
    f = theano.function([x], updates=[(w, x), (c, T.constant(np.array([1.0, 2.0])))])
    xv = rng.standard_normal(3)
    f(xv)
    np.testing.assert_array_equal(w.get_value(), xv)
    xv[0] = 99.0  # the shared variable holds a copy of the argument
    assert w.get_value()[0] != 99.0
    np.testing.assert_array_equal(c.get_value(), [1.0, 2.0])


def test_sgd_on_a_quadratic_converges(rng: np.random.Generator) -> None:
    target = rng.standard_normal(5)
    w = theano.shared(np.zeros(5), "w")
    cost = T.sum((w - target) ** 2)
    step = theano.function([], cost, updates=[(w, w - 0.25 * theano.grad(cost, w))])
    for _ in range(30):
        step()
    np.testing.assert_allclose(w.get_value(), target, rtol=1e-6)


def test_update_type_errors() -> None:
    w = theano.shared(np.zeros(3, np.float32), "w")
    x = T.dvector("x")
    with pytest.raises(DTypeError, match=r"new value of w .*float32.* has type .*float64"):
        theano.function([x], updates=[(w, w + x)])
    with pytest.raises(DTypeError, match="number of\ndimensions|dimensions"):
        theano.function([], updates=[(w, T.sum(w))])
    with pytest.raises(ArgumentError, match="x is not a shared variable"):
        theano.function([x], updates=[(x, x + 1)])
    with pytest.raises(ArgumentError, match="w is updated twice"):
        theano.function([], updates=[(w, w * 2), (w, w * 3)])
    with pytest.raises(ArignoteError, match="list of .shared variable, new value. pairs"):
        theano.function([], updates=(w, w * 2))


def test_givens_minibatch_slice_of_a_shared_dataset(rng: np.random.Generator) -> None:
    data = rng.standard_normal((10, 3))
    labels = rng.integers(0, 3, 10).astype(np.int32)
    data_x, data_y = theano.shared(data, "data_x"), theano.shared(labels, "data_y")
    x, y, index = T.dmatrix("x"), T.ivector("y"), T.lscalar("index")
    b = 4
    f = theano.function(
        [index],
        [x.sum(axis=1), y * 2],
        givens={x: data_x[index * b : (index + 1) * b], y: data_y[index * b : (index + 1) * b]},
    )
    for i in range(3):  # the last batch is short, as NumPy slicing gives
        s, yy = f(i)
        np.testing.assert_allclose(s, data[i * b : (i + 1) * b].sum(axis=1), rtol=1e-12)
        np.testing.assert_array_equal(yy, labels[i * b : (i + 1) * b] * 2)


def test_givens_replace_a_shared_variable_and_reach_updates(rng: np.random.Generator) -> None:
    w = theano.shared(np.ones(3), "w")
    acc = theano.shared(np.zeros(3), "acc")
    v = T.dvector("v")
    f = theano.function([v], w * 2, updates=[(acc, acc + w)], givens=[(w, v)])
    vv = rng.standard_normal(3)
    np.testing.assert_allclose(f(vv), vv * 2, rtol=1e-12)
    np.testing.assert_allclose(acc.get_value(), vv, rtol=1e-12)
    assert f.shared == [acc]  # w is not read any more


def test_givens_errors() -> None:
    x, y = T.dvector("x"), T.fvector("y")
    m = T.dmatrix("m")
    with pytest.raises(
        GivensError, match=r"x has type .*float64.* replacement y has type .*float32"
    ):
        theano.function([y], x * 2, givens={x: y})
    with pytest.raises(GivensError, match="replacement m"):
        theano.function([m], x * 2, givens={x: m})
    r = T.drow("r")
    with pytest.raises(GivensError, match="broadcastable in dim 0"):
        theano.function([m], r * 2, givens={r: m})
    with pytest.raises(GivensError, match="constant"):
        theano.function([x], x * 2, givens={T.constant(1.0): x})


def test_givens_keep_checking_shapes_at_graph_building() -> None:
    # rebuilding applies the ops again, so a replacement with a conflicting static shape
    # is refused when the function is built, naming the op
    a = T.dvector("a")
    c = T.constant(np.ones(3))
    with pytest.raises(ShapeError, match="add"):
        theano.function([], a + c, givens={a: T.constant(np.ones(4))})


def test_missing_and_unused_inputs() -> None:
    x, y = T.dvector("x"), T.dvector("y")
    with pytest.raises(ArgumentError, match=r"not listed .*: y \(used by .*test_updates_givens"):
        theano.function([x], x + y)
    with pytest.raises(ArgumentError, match="y of function f is not used"):
        theano.function([x, y], x * 2)
    with pytest.warns(UserWarning, match="not used"):
        f = theano.function([x, y], x * 2, on_unused_input="warn")
    np.testing.assert_array_equal(f([1.0], [5.0, 6.0]), [2.0])
    f = theano.function([x, y], x * 2, on_unused_input="ignore")
    np.testing.assert_array_equal(f([1.0], [5.0]), [2.0])
    # a computed variable as an input is cloned without its owner (Theano's pfunc
    # clone_inputs), so here it is an unused input, reported first as in Theano
    with pytest.raises(ArgumentError, match="of function f is not used"):
        theano.function([x * 2], x)
    with pytest.raises(ArgumentError, match="shared variable"):
        theano.function([theano.shared(np.zeros(2))], x, on_unused_input="ignore")


def test_in_out_keywords_and_defaults(rng: np.random.Generator) -> None:
    x, y = T.dvector("x"), T.dscalar("y")
    f = theano.function([x, theano.In(y, value=2.0)], x * y)
    xv = rng.standard_normal(3)
    np.testing.assert_allclose(f(xv), xv * 2, rtol=1e-12)
    np.testing.assert_allclose(f(xv, 3.0), xv * 3, rtol=1e-12)
    np.testing.assert_allclose(f(x=xv, y=4.0), xv * 4, rtol=1e-12)
    np.testing.assert_allclose(f(xv, y=5.0), xv * 5, rtol=1e-12)
    with pytest.raises(ArgumentError, match="no input named 'z'"):
        f(xv, z=1.0)
    with pytest.raises(ArgumentError, match="'y' given twice"):
        f(xv, 1.0, y=2.0)
    with pytest.raises(ArgumentError, match="x is missing"):
        f(y=1.0)
    g = theano.function([theano.In(x, name="data")], x + 1)
    np.testing.assert_allclose(g(data=xv), xv + 1, rtol=1e-12)
    # Out(borrow=True) may hand back the argument itself; the default never does
    h = theano.function([x], [x, theano.Out(x, borrow=True)])
    a, b = h(xv)
    assert not np.shares_memory(a, xv) and b is xv


def test_outputs_of_every_kind() -> None:
    s = theano.shared(np.arange(3.0), "s")
    x = T.dvector("x")
    f = theano.function([x], [x, s, T.constant(np.array([7.0])), x.reshape((1, -1)), s.T])
    xv = np.arange(3.0) + 1
    a, b, c, d, e = f(xv)
    np.testing.assert_array_equal(a, xv)
    np.testing.assert_array_equal(b, s.get_value())
    np.testing.assert_array_equal(c, [7.0])
    np.testing.assert_array_equal(d, xv[None])
    np.testing.assert_array_equal(e, s.get_value())
    for r in (a, b, c, d, e):
        r[...] = -1  # writable, and not the storage of anything else
    np.testing.assert_array_equal(xv, np.arange(3.0) + 1)
    np.testing.assert_array_equal(s.get_value(), np.arange(3.0))
    np.testing.assert_array_equal(f(xv)[2], [7.0])


def test_random_streams_advance_through_default_updates() -> None:
    srng = T.shared_randomstreams.RandomStreams(seed=234)
    u = srng.uniform((1000,))
    f = theano.function([], u)
    g = theano.function([], u, no_default_updates=True)
    a, b = f(), f()
    assert a.shape == (1000,) and not np.array_equal(a, b)
    assert 0.0 <= a.min() and a.max() < 1.0 and abs(a.mean() - 0.5) < 0.05
    c, d = g(), g()
    np.testing.assert_array_equal(c, d)  # no update: the same draw again
    srng.seed(234)
    np.testing.assert_array_equal(f(), a)  # reseeding restarts the stream
    # an explicit update wins over the default one
    ((state, _),) = srng.updates()
    h = theano.function([], u, updates=[(state, state)])
    np.testing.assert_array_equal(h(), h())


def test_random_draw_sized_by_a_given_input() -> None:
    srng = T.shared_randomstreams.RandomStreams(seed=3)
    n = T.lscalar("n")
    m = T.lscalar("m")
    z = srng.normal((n,))
    f = theano.function([m], z, givens={n: m * 2})
    assert f(3).shape == (6,) and f(5).shape == (10,)


def test_profile_and_maker() -> None:
    x = T.dvector("x")
    f = theano.function([x], T.exp(x) + 1, profile=True, name="expplus")
    for _ in range(3):
        f([0.0])
    assert f.profile.calls == 3 and f.profile.call_time > 0
    assert "calls: 3" in f.profile.summary()
    ops = [str(node.op) for node in f.maker.fgraph.toposort()]
    assert len(ops) == 2 and f.maker.fgraph.inputs == [x]


def test_clone_replace_rebuilds_only_what_changes(rng: np.random.Generator) -> None:
    x, y = T.dvector("x"), T.dvector("y")
    h = T.exp(x) * 2
    out = h + T.sum(x)
    y_out = theano.clone(out, replace={x: y})
    assert y_out is not out
    f = theano.function([y], y_out)
    yv = rng.standard_normal(4)
    np.testing.assert_allclose(f(yv), np.exp(yv) * 2 + yv.sum(), rtol=1e-12)
    unchanged = theano.clone([h], replace={y: x})
    assert unchanged[0] is h
    fresh = theano.clone(h, share_inputs=False)
    assert fresh is not h


def test_shared_variables_pickle_with_their_values(rng: np.random.Generator) -> None:
    w = theano.shared(rng.standard_normal((2, 3)), name="W")
    w2 = pickle.loads(pickle.dumps(w))
    np.testing.assert_array_equal(w2.get_value(), w.get_value())
    assert w2.name == "W" and w2.type == w.type
    x = T.dvector("x")
    f = theano.function([x], T.dot(w2, x), updates=[(w2, w2 * 2)])
    xv = rng.standard_normal(3)
    np.testing.assert_allclose(f(xv), w.get_value() @ xv, rtol=1e-12)
    np.testing.assert_allclose(w2.get_value(), w.get_value() * 2, rtol=1e-12)


def test_fast_path_still_checks_arguments() -> None:
    x = T.frow("x")
    f = theano.function([x], x * 2)
    np.testing.assert_array_equal(f(np.ones((1, 3), np.float32)), 2 * np.ones((1, 3)))
    with pytest.raises(ShapeError, match="broadcastable"):
        f(np.ones((2, 3), np.float32))
    nc = np.ones((3, 2), np.float32).T[:1]
    np.testing.assert_array_equal(f(nc), 2 * np.ones((1, 3)))  # copied to contiguous


def test_random_state_counter_carries_into_the_high_word() -> None:
    from arignote.tensor.philox_randomstreams import PhiloxRandomStreams

    srng = PhiloxRandomStreams(seed=5)
    u = srng.uniform((10,), dtype="float32")  # 4 numbers per Philox block: 3 blocks
    ((state, _),) = srng.updates()
    key = state.get_value()[:2]
    state.set_value(np.array([*key, -2, 7], np.int32))  # counter 7 * 2**32 + 2**32 - 2
    f = theano.function([], u)
    f()
    np.testing.assert_array_equal(state.get_value(), [*key, 1, 8])


def test_givens_cannot_replace_an_input_and_trust_input(rng: np.random.Generator) -> None:
    x, y = T.dvector("x"), T.dvector("y")
    with pytest.raises(ArgumentError, match="x is an input of function f"):
        theano.function([x, y], x + y, givens={x: y * 2})
    f = theano.function([x], x * 2)
    f.trust_input = True  # no checks: the caller passes exact, contiguous arrays
    xv = rng.standard_normal(4)
    np.testing.assert_allclose(f(xv), xv * 2, rtol=1e-12)
