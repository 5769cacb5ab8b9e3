"""Theano 1.0.5's behaviours that real Theano code relies on, written the way such code
uses them.  Each test names the Theano source it follows."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.config import config
from arignote.errors import ShapeError


def run_theano(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `code` as an unmodified Theano script (`python -m arignote.compat.theano -c`)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("THEANO_FLAGS", "ARIGNOTE_FLAGS")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "arignote.compat.theano", "-c", textwrap.dedent(code)],
        capture_output=True, text=True, env=environ, timeout=300,
    )  # fmt: skip


@pytest.fixture
def test_values():  # type: ignore[no-untyped-def]
    old = config.compute_test_value
    yield config
    config.compute_test_value = old


# --------------------------------------------------------------------------- defaults, flags


def test_floatx_is_float64_under_the_alias_unless_flags_say_otherwise() -> None:
    # configdefaults.py: floatX defaults to 'float64'; `import arignote` keeps float32
    code = """
        import numpy as np, theano, theano.tensor as T
        x = T.matrix('x')
        W = theano.shared(np.random.rand(3, 2))    # float64 data, as the tutorials make it
        f = theano.function([x], T.dot(x, W))
        print(theano.config.floatX, x.dtype, f(np.ones((1, 3))).dtype)
    """
    p = run_theano(code)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["float64", "float64", "float64"]
    p = run_theano(code.replace("np.ones((1, 3))", "np.ones((1, 3), 'float32')"), THEANO_FLAGS="floatX=float32")
    assert p.returncode == 0, p.stderr
    assert p.stdout.split()[:2] == ["float32", "float32"]


def test_theano_flags_without_meaning_here_are_accepted_with_a_notice() -> None:
    # THEANO_FLAGS as old scripts set them; Theano only warns about flags it does not know
    p = run_theano(
        "import theano; print(theano.config.floatX, theano.config.compute_test_value)",
        THEANO_FLAGS="floatX=float32,device=cpu,mode=FAST_RUN,optimizer=fast_compile,"
        "warn.round=False,dnn.enabled=False,compute_test_value=warn,nonsense_flag=1",
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["float32", "warn"]
    notices = [line for line in p.stderr.splitlines() if line.startswith("arignote: THEANO_FLAGS")]
    assert len(notices) == 5  # mode, optimizer, warn.round, dnn.enabled, nonsense_flag
    assert any("nonsense_flag=1 is not a Theano flag" in n for n in notices)
    assert all(len(n) < 200 for n in notices)


def test_arignote_flags_still_refuse_unknown_names() -> None:
    p = run_theano("import theano", ARIGNOTE_FLAGS="nonsense_flag=1")
    assert p.returncode != 0 and "unknown flag 'nonsense_flag' in ARIGNOTE_FLAGS" in p.stderr


# --------------------------------------------------------------------------- variables


def test_variables_are_truthy_except_comparison_results() -> None:
    # tensor/var.py __bool__: only the results of < <= > >= raise
    W = theano.shared(np.zeros(3), name="W")
    b = None
    if not W:  # the classic "if not W: W = ..." initialisation test
        raise AssertionError("a shared variable is truthy")
    if not T.vector() * 2 or b:
        raise AssertionError("an expression is truthy")
    x, y = T.scalars("x", "y")
    with pytest.raises(TypeError, match="comparison has no truth value"):
        if x < y:
            pass
    with pytest.raises(TypeError, match="comparison has no truth value"):
        x < y < 1  # noqa: B015 - the chained comparison Theano refuses
    assert bool(T.eq(x, y))  # T.eq is a function, not the operator: truthy


def test_numpy_arrays_defer_to_variables() -> None:
    # var.py: __array_priority__ = 1000, so ndarray + variable is a variable
    x = T.vector("x")
    for expr in (np.ones(3) + x, np.float64(2) * x, np.arange(3) - x, np.ones(3) > x):
        assert isinstance(expr, theano.Variable)
    f = theano.function([x], np.arange(3, dtype=x.dtype) + x)
    np.testing.assert_array_equal(f(np.ones(3, x.dtype)), [1, 2, 3])


def test_shapes_of_known_rank_unpack_and_have_a_length() -> None:
    x = T.tensor3("x")
    a, b, c = x.shape  # var.py __iter__ over get_vector_length
    assert len(x.shape) == 3 and len(x.shape[1:]) == 2 and len(T.stack([a, b])) == 2
    f = theano.function([x], [a * 100 + b * 10 + c, T.prod(x.shape[1:])])
    out = f(np.zeros((2, 3, 4), x.dtype))
    assert int(out[0]) == 234 and int(out[1]) == 12
    with pytest.raises(TypeError, match="cannot be iterated"):
        sum(T.vector())  # builtin sum over a vector of unknown length
    with pytest.raises(TypeError, match="not known"):
        len(T.vector())


def test_nested_lists_of_symbolic_values_become_tensors() -> None:
    # basic.py as_tensor_variable: a list holding variables is stack()ed
    x, y = T.scalars("x", "y")
    m = T.as_tensor_variable([[x, y], [y, 2 * x]])
    assert m.ndim == 2
    f = theano.function([x, y], m)
    np.testing.assert_array_equal(f(1, 3), [[1, 3], [3, 2]])
    assert T.as_tensor_variable((x, 5.0)).ndim == 1


def test_set_subtensor_checks_broadcast_dims_at_run_time() -> None:
    # subtensor.py inc_subtensor l.1078: where x's subtensor is broadcastable and y is not,
    # y is addbroadcast: its size there must be 1, checked when the function runs
    x = T.TensorType(config.floatX, (True, False))("x")
    y = T.matrix("y")
    f = theano.function([x, y], T.set_subtensor(x[:, :2], y))
    xv = np.zeros((1, 3), config.floatX)
    np.testing.assert_array_equal(f(xv, np.ones((1, 2), config.floatX)), [[1, 1, 0]])
    with pytest.raises(ShapeError):
        f(xv, np.ones((2, 2), config.floatX))


def test_tensor_types_print_as_theano() -> None:
    # tensor/type.py TensorType.__str__ and gof/graph.py Variable.__str__
    assert str(T.matrix().type) == f"TensorType({config.floatX}, matrix)"
    assert str(T.TensorType("int8", (True, False, False))) == "TensorType(int8, (True, False, False))"
    assert str(T.TensorType("float64", (False,) * 3)) == "TensorType(float64, 3D)"
    named = T.TensorType("float32", (False, False), name="image")
    assert str(named) == "image" and named == T.TensorType("float32", (False, False))
    assert str(named("img")) == "img"
    assert str(T.col()) == f"<TensorType({config.floatX}, col)>"


# --------------------------------------------------------------------------- test values


def test_test_values_report_a_shape_error_where_the_graph_is_built(test_values) -> None:  # type: ignore[no-untyped-def]
    # gof/op.py PureOp.__call__: with compute_test_value on, each node computes its value
    test_values.compute_test_value = "raise"
    x = T.matrix("x")
    x.tag.test_value = np.random.rand(3, 4).astype(config.floatX)
    W = theano.shared(np.random.rand(4, 5).astype(config.floatX))
    h = T.tanh(T.dot(x, W))
    np.testing.assert_allclose(h.tag.test_value, np.tanh(x.tag.test_value @ W.get_value()), rtol=1e-5)
    V = theano.shared(np.random.rand(6, 2).astype(config.floatX))
    with pytest.raises(ShapeError, match=r"test_theano_behaviours.py:\d+: computing the test value"):
        T.dot(h, V)


def test_missing_test_values_raise_warn_or_are_ignored(test_values) -> None:  # type: ignore[no-untyped-def]
    test_values.compute_test_value = "raise"
    with pytest.raises(ValueError, match="input 0 .* has no test value"):
        T.vector("v") * 2
    test_values.compute_test_value = "warn"
    with pytest.warns(UserWarning, match="has no test value"):
        T.vector("v") * 2
    test_values.compute_test_value = "off"
    T.vector("v") * 2


def test_test_values_are_filtered_by_the_type() -> None:
    x = T.matrix("x")
    with pytest.raises(Exception, match="dimension"):
        x.tag.test_value = np.zeros(3)


# --------------------------------------------------------------------------- functions


def test_compiled_functions_pickle_with_their_shared_variables() -> None:
    # compile/function_module.py: a Function pickles its graph and shared values; loading
    # compiles it again
    x = T.vector("x")
    W = theano.shared(np.arange(3, dtype=config.floatX), name="W")
    f = theano.function([x], (x * W).sum(), updates=[(W, W + x)])
    f(np.ones(3, config.floatX))
    g, W2 = pickle.loads(pickle.dumps((f, W)))
    np.testing.assert_array_equal(W2.get_value(), [1, 2, 3])
    assert float(g(np.ones(3, config.floatX))) == 6.0
    np.testing.assert_array_equal(W2.get_value(), [2, 3, 4])  # the copy's own W advanced
    np.testing.assert_array_equal(W.get_value(), [1, 2, 3])  # the original did not


def test_a_pickled_function_runs_in_a_new_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    x = T.vector("x")
    f = theano.function([x], T.exp(x).sum())
    path = tmp_path / "f.pkl"
    path.write_bytes(pickle.dumps(f))
    p = run_theano(f"import pickle, numpy as np\nf = pickle.load(open({str(path)!r}, 'rb'))\nprint(f(np.zeros(4, f.input_specs[0].variable.dtype)))")
    assert p.returncode == 0, p.stderr
    assert float(p.stdout) == 4.0


def test_function_copy_swaps_shared_variables_and_drops_updates() -> None:
    # function_module.py Function.copy(share_memory, swap, delete_updates, name)
    x = T.vector("x")
    W = theano.shared(np.ones(2, config.floatX), name="W")
    f = theano.function([x], (x * W).sum(), updates=[(W, W * 2)], name="f")
    V = theano.shared(np.full(2, 10, config.floatX), name="V")
    g = f.copy(swap={W: V})
    assert g.name == "f copy"
    assert float(g(np.ones(2, config.floatX))) == 20.0
    np.testing.assert_array_equal(V.get_value(), [20, 20])
    np.testing.assert_array_equal(W.get_value(), [1, 1])
    h = f.copy(delete_updates=True)
    h(np.ones(2, config.floatX))
    np.testing.assert_array_equal(W.get_value(), [1, 1])
    with pytest.raises(TypeError, match="cannot swap"):
        f.copy(swap={W: theano.shared(np.ones((2, 2), config.floatX))})


def test_an_integer_cost_has_zero_gradients() -> None:
    # gradient.py grad l.527: the seed is floatX ones; discrete ops pass no gradient
    x = T.dvector("x")
    g = theano.grad(T.cast(x, "int64").sum(), x)
    np.testing.assert_array_equal(g.eval({x: np.ones(3)}), np.zeros(3))


def test_a_computed_variable_given_as_an_input_cuts_the_graph() -> None:
    # Theano lets a computed variable be an input: its value is the argument and what
    # computes it is not run (Lasagne's test_recurrent_bck evaluates `out.eval({out: v})`)
    x = T.vector("x")
    h = T.exp(x)
    y = h * 2 + x
    f = theano.function([h, x], y)
    np.testing.assert_array_equal(f(np.full(2, 3, x.dtype), np.ones(2, x.dtype)), [7, 7])
    assert list(y.eval({y: np.arange(3, dtype=x.dtype)})) == [0, 1, 2]
