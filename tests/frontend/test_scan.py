"""theano.scan compiled as a loop (tt.scan -> loop.scan), on cpu and emu.

The examples of Theano's scan reference page (doc/library/scan.txt) give its documented
results; the rules of Theano 1.0.5 that each test follows are cited in its docstring
(theano/scan_module/scan.py unless said otherwise).
"""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.errors import ShapeError
from arignote.scan_module import ScanError


@pytest.fixture(autouse=True, params=["cpu", "emu"])
def device(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    old = theano.config.floatX, theano.config.device
    theano.config.floatX = "float64"
    theano.config.device = request.param
    yield request.param
    theano.config.floatX, theano.config.device = old


def test_power_example(rng: np.random.Generator) -> None:
    """scan.txt 'A**k': the prior result comes first, then the non-sequences
    (scan.py l.486-575); a state with taps [-1] returns n_steps rows (l.1110)."""
    k = T.iscalar("k")
    A = T.vector("A")
    result, updates = theano.scan(
        fn=lambda prior_result, A: prior_result * A,
        outputs_info=T.ones_like(A), non_sequences=A, n_steps=k,
    )  # fmt: skip
    power = theano.function(inputs=[A, k], outputs=result[-1], updates=updates)
    np.testing.assert_allclose(power(range(10), 2), np.arange(10.0) ** 2)
    np.testing.assert_allclose(power(range(10), 4), np.arange(10.0) ** 4)
    a = rng.standard_normal(7)
    full = theano.function([A, k], result)(a, 5)
    assert full.shape == (5, 7)
    np.testing.assert_allclose(full, np.stack([a ** (i + 1) for i in range(5)]), rtol=1e-12)


def test_polynomial_example(rng: np.random.Generator) -> None:
    """scan.txt 'polynomial': sequences of uneven lengths truncate to the shortest
    (scan.py l.579-582: the minimum of the lengths); outputs_info=None is a per-step output."""
    coefficients = T.vector("coefficients")
    x = T.scalar("x")
    components, updates = theano.scan(
        fn=lambda coefficient, power, free_variable: coefficient * (free_variable**power),
        outputs_info=None,
        sequences=[coefficients, T.arange(10000)],
        non_sequences=x,
    )
    f = theano.function([coefficients, x], components.sum())
    assert float(f(np.asarray([1, 0, 2], np.float64), 3)) == 19.0
    c = rng.standard_normal(6)
    xv = rng.uniform(0.5, 1.5)
    np.testing.assert_allclose(f(c, xv), sum(c[i] * xv**i for i in range(6)), rtol=1e-12)


def test_accumulate_example() -> None:
    """scan.txt 'simple accumulation': an int64 state over an arange sequence."""
    up_to = T.iscalar("up_to")
    seq = T.arange(up_to)
    out, _ = theano.scan(
        fn=lambda arange_val, sum_to_date: sum_to_date + arange_val,
        outputs_info=T.as_tensor_variable(np.asarray(0, seq.dtype)), sequences=seq,
    )  # fmt: skip
    f = theano.function([up_to], out)
    np.testing.assert_array_equal(f(15), [n * (n + 1) // 2 for n in range(15)])


def test_set_value_at_position_example() -> None:
    """scan.txt 'another simple example': set_subtensor inside the body, two sequences."""
    location = T.imatrix("location")
    values = T.vector("values")
    output_model = T.matrix("output_model")

    def set_value_at_position(a_location, a_value, output_model):
        zeros = T.zeros_like(output_model)
        return T.set_subtensor(zeros[a_location[0], a_location[1]], a_value)

    result, _ = theano.scan(
        fn=set_value_at_position, outputs_info=None, sequences=[location, values],
        non_sequences=output_model,
    )  # fmt: skip
    f = theano.function([location, values, output_model], result)
    got = f(np.asarray([[1, 1], [2, 3]], np.int32), np.asarray([42, 50.0]), np.zeros((5, 5)))
    want = np.zeros((2, 5, 5))
    want[0, 1, 1], want[1, 2, 3] = 42, 50
    np.testing.assert_array_equal(got, want)


def test_shared_variable_updates_example() -> None:
    """scan.txt 'shared variables': fn returning {a: a + 1} makes `a` a hidden state
    whose value after the last step is updates[a] (scan.py l.1146)."""
    a = theano.shared(1)
    values, updates = theano.scan(lambda: {a: a + 1}, n_steps=10)
    b = a + 1
    c = updates[a] + 1
    f = theano.function([], [b, c], updates=updates)
    assert [int(v) for v in f()] == [2, 12]
    assert int(a.get_value()) == 11
    assert [int(v) for v in f()] == [12, 22]
    assert int(a.get_value()) == 21


def test_rnn_taps_example(rng: np.random.Generator) -> None:
    """scan.txt 'multiple outputs, several taps': sequence taps [-4, 0], a state with taps
    [-3, -1] fed from a matrix of initial rows, one with the default [-1]; fn's
    arguments are the sequence taps, then each state's taps, then the non-sequences
    (scan.py l.486-575); only the first m rows of a mit_sot initial value are used and
    the output drops them (l.684-686, 1103)."""

    def one_step(u_tm4, u_t, x_tm3, x_tm1, y_tm1, W, W_in_1, W_in_2, W_feedback, W_out):
        x_t = T.tanh(
            T.dot(x_tm1, W) + T.dot(u_t, W_in_1) + T.dot(u_tm4, W_in_2)
            + T.dot(y_tm1, W_feedback)
        )  # fmt: skip
        y_t = T.dot(x_tm3, W_out)
        return [x_t, y_t]

    Ws = [T.matrix() for _ in range(5)]
    u, x0, y0 = T.matrix(), T.matrix(), T.vector()
    (x_vals, y_vals), _ = theano.scan(
        fn=one_step, sequences=dict(input=u, taps=[-4, -0]),
        outputs_info=[dict(initial=x0, taps=[-3, -1]), y0], non_sequences=Ws, strict=True,
    )  # fmt: skip
    f = theano.function([u, x0, y0, *Ws], [x_vals, y_vals])
    nx, ny, nu, steps = 3, 2, 4, 9
    W, W1, W2 = (rng.standard_normal(s) * 0.5 for s in [(nx, nx), (nu, nx), (nu, nx)])
    Wf, Wo = rng.standard_normal((ny, nx)) * 0.5, rng.standard_normal((nx, ny)) * 0.5
    uv = rng.standard_normal((steps, nu))
    x0v, y0v = rng.standard_normal((4, nx)), rng.standard_normal(ny)  # one extra row
    xs, ys = f(uv, x0v, y0v, W, W1, W2, Wf, Wo)
    xb, yb = list(x0v[:3]), [y0v]
    for t in range(steps - 4):
        xt = np.tanh(xb[-1] @ W + uv[t + 4] @ W1 + uv[t] @ W2 + yb[-1] @ Wf)
        yb.append(xb[-3] @ Wo)
        xb.append(xt)
    np.testing.assert_allclose(xs, np.stack(xb[3:]), rtol=1e-10)
    np.testing.assert_allclose(ys, np.stack(yb[1:]), rtol=1e-10)


def test_fibonacci_taps() -> None:
    """A state with taps [-2, -1] from two initial rows (Fibonacci)."""
    f0 = T.lvector("f0")
    fib, _ = theano.scan(
        lambda a, b: a + b, outputs_info=dict(initial=f0, taps=[-2, -1]), n_steps=10
    )
    f = theano.function([f0], fib)
    np.testing.assert_array_equal(f(np.asarray([0, 1])), [1, 2, 3, 5, 8, 13, 21, 34, 55, 89])


def test_until_example() -> None:
    """scan.txt 'conditional ending': the step whose condition becomes true is kept
    (scan_op.py l.1222-1358, research note §1.7)."""

    def power_of_2(previous_power, max_value):
        return previous_power * 2, theano.scan_module.until(previous_power * 2 > max_value)

    max_value = T.scalar()
    values, _ = theano.scan(
        power_of_2, outputs_info=T.constant(1.0), non_sequences=max_value, n_steps=1024
    )
    f = theano.function([max_value], values)
    np.testing.assert_array_equal(f(45), [2.0, 4.0, 8.0, 16.0, 32.0, 64.0])
    np.testing.assert_array_equal(f(1000), 2.0 ** np.arange(1, 11))


def test_go_backwards_and_n_steps(rng: np.random.Generator) -> None:
    """go_backwards reverses each slice before the truncation to n_steps: the last
    n_steps rows, in reverse order (scan.py l.549, 586)."""
    x = T.vector("x")
    n = T.iscalar("n")
    ys, _ = theano.scan(lambda v: v * 2, sequences=x, go_backwards=True, n_steps=n)
    f = theano.function([x, n], ys)
    xv = rng.standard_normal(7)
    np.testing.assert_allclose(f(xv, 3), 2 * xv[::-1][:3], rtol=1e-12)
    with pytest.raises(ShapeError, match="shorter than the 9 steps"):
        f(xv, 9)


def test_elman_rnn_forward(rng: np.random.Generator) -> None:
    """An Elman RNN over a minibatch sequence vs NumPy: h_t = tanh(x_t W + h_{t-1} U + b)."""
    T_, B, nin, nh = 6, 4, 5, 8
    W = theano.shared(rng.standard_normal((nin, nh)) * 0.3, name="W")
    U = theano.shared(rng.standard_normal((nh, nh)) * 0.3, name="U")
    b = theano.shared(rng.standard_normal(nh) * 0.1, name="b")
    x = T.tensor3("x")
    h0 = T.zeros((x.shape[1], nh))

    def step(x_t, h_tm1):
        return T.tanh(T.dot(x_t, W) + T.dot(h_tm1, U) + b)

    hs, updates = theano.scan(step, sequences=x, outputs_info=h0)
    assert not updates
    f = theano.function([x], hs)
    xv = rng.standard_normal((T_, B, nin))
    h = np.zeros((B, nh))
    want = []
    for t in range(T_):
        h = np.tanh(xv[t] @ W.get_value() + h @ U.get_value() + b.get_value())
        want.append(h)
    np.testing.assert_allclose(f(xv), np.stack(want), rtol=1e-10, atol=1e-12)


def test_map_reduce_foldl_foldr(rng: np.random.Generator) -> None:
    """scan_views.py: map is a scan of per-step outputs; reduce returns the last step;
    foldr goes backwards (l.31-200)."""
    x = T.vector("x")
    sq, _ = theano.map(lambda v: v * v, x)
    total, _ = theano.reduce(lambda v, acc: acc + v, x, T.constant(np.float64(0)))
    left, _ = theano.foldl(lambda v, acc: acc * 2 + v, x, T.constant(np.float64(0)))
    right, _ = theano.foldr(lambda v, acc: acc * 2 + v, x, T.constant(np.float64(0)))
    f = theano.function([x], [sq, total, left, right])
    xv = rng.standard_normal(5)
    got = f(xv)
    np.testing.assert_allclose(got[0], xv * xv, rtol=1e-12)
    np.testing.assert_allclose(got[1], xv.sum(), rtol=1e-12)
    lv = rv = 0.0
    for v in xv:
        lv = lv * 2 + v
    for v in xv[::-1]:
        rv = rv * 2 + v
    np.testing.assert_allclose([got[2], got[3]], [lv, rv], rtol=1e-12)


def test_return_conventions() -> None:
    """One output comes back bare, unless return_list=True (scan.py l.1148-1151)."""
    x = T.vector("x")
    one, _ = theano.scan(lambda v: v + 1, sequences=x)
    assert isinstance(one, T.Variable)
    lst, _ = theano.scan(lambda v: v + 1, sequences=x, return_list=True)
    assert isinstance(lst, list) and len(lst) == 1


def test_errors_name_scan_and_line() -> None:
    """Bad input: wrong number of outputs for outputs_info (scan.py l.865), a state
    whose dtype changes (scan_op.py l.353-360), taps that are not negative (l.461),
    n_steps <= 0 (scan_op.py l.1150-1158)."""
    x = T.vector("x")
    with pytest.raises(ScanError, match=r"scan at .*test_scan.py:\d+: fn returned 2 outputs"):
        theano.scan(lambda v, acc: [v, v], sequences=x, outputs_info=[x[0]])
    with pytest.raises(ScanError, match="may not change dtype"):
        theano.scan(lambda acc: T.cast(acc, "float32"), outputs_info=x, n_steps=3)
    with pytest.raises(ScanError, match="must be negative"):
        theano.scan(lambda a: a, outputs_info=dict(initial=x, taps=[1]), n_steps=3)
    with pytest.raises(ScanError, match="n_steps is 0"):
        theano.scan(lambda a: a, outputs_info=x, n_steps=0)
    n = T.iscalar("n")
    out, _ = theano.scan(lambda a: a * 2, outputs_info=x, n_steps=n)
    f = theano.function([x, n], out)
    with pytest.raises(ShapeError, match=r"scan at .*test_scan.py:\d+.*n_steps is -1"):
        f(np.ones(3), -1)


def test_state_shape_change_is_an_error() -> None:
    """A state whose shape changes between steps is refused at run time, naming scan
    and the line (Theano's inner function raises on the mismatched buffer)."""
    x = T.vector("x")
    out, _ = theano.scan(lambda a: T.concatenate([a, a]), outputs_info=x, n_steps=3)
    f = theano.function([x], out)
    with pytest.raises(ShapeError, match=r"scan at .*test_scan.py:\d+.*state 0"):
        f(np.ones(2))


def test_strict_requires_shared_variables_in_non_sequences(rng: np.random.Generator) -> None:
    """scan.txt 'the strict flag': with strict=True a shared variable fn reads must be
    a non-sequence (scan.py l.958-969); listed, the scan builds and runs."""
    W = theano.shared(rng.standard_normal((2, 2)))
    v = T.vector("v")
    with pytest.raises(ScanError, match="strict=True"):
        theano.scan(lambda s: T.dot(s, W), outputs_info=v, n_steps=3, strict=True)
    out, _ = theano.scan(
        lambda s, W: T.dot(s, W), outputs_info=v, non_sequences=[W], n_steps=3, strict=True
    )
    f = theano.function([v], out[-1])
    vv = rng.standard_normal(2)
    Wv = W.get_value()
    np.testing.assert_allclose(f(vv), vv @ Wv @ Wv @ Wv, rtol=1e-12)


def test_states_stay_on_the_device(device: str, rng: np.random.Generator) -> None:
    """On a GPU (here the PTX emulator) a loop and its gradient move nothing per step
    across the bus: the device profile of a training step shows the same transfers
    (the input sequence in, the loss out) for 3 steps and for 12."""
    if device != "emu":
        pytest.skip("a device profile needs a GPU device")
    from arignote.runtime.devices import get_gpu_device

    emu = get_gpu_device("emu")
    W = theano.shared(rng.standard_normal((8, 8)) * 0.3, "W")
    x = T.tensor3("x")
    hs, _ = theano.scan(
        lambda x_t, h: T.tanh(T.dot(x_t, W) + h), sequences=x,
        outputs_info=T.zeros((x.shape[1], 8)),
    )  # fmt: skip
    cost = hs[-1].sum()
    f = theano.function([x], cost, updates=[(W, W - 0.1 * theano.grad(cost, W))])
    seen = []
    for n in (3, 12):
        xv = rng.standard_normal((n, 4, 8))
        f(xv)
        emu.profile.reset()
        f(xv)
        p = emu.profile
        seen.append((p.h2d_count, p.h2d_bytes // n, p.d2h_count, p.d2h_bytes))
    assert seen[0] == seen[1] == (1, 4 * 8 * 8, 1, 8), seen


def test_one_fixed_step_skips_the_loop(rng: np.random.Generator) -> None:
    """A constant n_steps of 1 (or -1) applies fn once to the first rows, ignoring
    go_backwards, and gives each output a leading dim of 1 (scan.py l.386-396,
    783-806; research note §1.3)."""
    x = T.vector("x")
    h0 = T.scalar("h0")
    out, updates = theano.scan(
        lambda v, h: h + v, sequences=x, outputs_info=h0, n_steps=1, go_backwards=True
    )
    assert not updates
    f = theano.function([x, h0], out)
    xv = rng.standard_normal(4)
    got = f(xv, 0.5)
    assert got.shape == (1,)
    np.testing.assert_allclose(got, [xv[0] + 0.5], rtol=1e-12)  # the first row, not the last
    back, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=-1)
    np.testing.assert_allclose(theano.function([x], back)(xv), [2 * xv[0]], rtol=1e-12)


def test_unused_per_step_outputs_are_left_out(rng: np.random.Generator) -> None:
    """A per-step output nobody reads is not computed: the loop yields only what the
    function uses (here the gradient of the sequence, which grad builds but the
    function does not ask for, is dropped from the reverse loop)."""
    x = T.matrix("x")
    W = theano.shared(rng.standard_normal((3, 3)) * 0.5, "W")
    (a, b), _ = theano.scan(lambda v: [T.tanh(T.dot(v, W)), v * 2], sequences=x)
    f = theano.function([x], a)
    ir = f.ir("tt")
    assert ir.count("tt.scan") == 1
    assert "-> (tensor<?x?xf64>) {" in ir  # one result: `a`; `b` left out
    xv = rng.standard_normal((4, 3))
    np.testing.assert_allclose(f(xv), np.tanh(xv @ W.get_value()), rtol=1e-12)
    g = theano.function([x], theano.grad(a.sum(), W))
    scans = [line for line in g.ir("tt").splitlines() if "tt.scan" in line]
    assert len(scans) == 2 and "-> (tensor<?x?x?xf64>)" in scans[1]  # only dW accumulates


def test_taps_that_do_not_fit_the_sequence() -> None:
    """Taps spanning more rows than the sequence has leave no step (scan.py l.540-582):
    a run-time error naming scan, the line and the taps."""
    x = T.vector("x")
    out, _ = theano.scan(lambda a, b: a + b, sequences=dict(input=x, taps=[-3, 0]))
    f = theano.function([x], out)
    np.testing.assert_array_equal(f(np.arange(5.0)), [3.0, 5.0])
    with pytest.raises(ShapeError, match=r"scan at .*test_scan.py:\d+: a sequence is too short"):
        f(np.arange(3.0))


def test_cpu_loop_is_one_native_kernel(device: str, rng: np.random.Generator) -> None:
    """On cpu a loop whose body is kernels and gemms compiles to one native kernel
    (convert-loop-to-scf): no loop op is left for the host, the state is written in place
    into its row, and the results are Theano's (an Elman step, 200 steps, float64)."""
    if device != "cpu":
        pytest.skip("the native loop is the cpu pipeline's")
    W = theano.shared(rng.standard_normal((6, 6)) * 0.3, "W")
    x = T.tensor3("x")
    h0 = T.matrix("h0")
    hs, _ = theano.scan(lambda x_t, h: T.tanh(T.dot(x_t, W) + T.dot(h, W)), sequences=x,
                        outputs_info=h0)  # fmt: skip
    f = theano.function([x, h0], hs)
    kernels = f.ir("kernels")
    assert "loop.scan" not in kernels and "loop.row" in kernels
    assert "libcall.gemm" in kernels.split("attributes {arignote.kernel}", 1)[1]
    xv, hv = rng.standard_normal((200, 3, 6)), rng.standard_normal((3, 6))
    ref, h = [], hv
    for t in range(200):
        h = np.tanh(xv[t] @ W.get_value() + h @ W.get_value())
        ref.append(h)
    np.testing.assert_allclose(f(xv, hv), np.array(ref), rtol=1e-10, atol=1e-12)


def test_cpu_rnn_training_step_runs_both_loops_natively(device: str, rng: np.random.Generator) -> None:
    """The gradient's loop of an RNN trained through scan is native too: its body holds
    views (`memref.collapse_shape`: the reshapes dropping the unit dim of the gradient's
    rows, one of them returned as the state) that convert-loop-to-scf makes once before
    the loop, copying the returned one into its row each step.  Loss and gradients
    against NumPy backpropagation through time (float64, rtol 1e-9)."""
    if device != "cpu":
        pytest.skip("the native loop is the cpu pipeline's")
    Wx = theano.shared(rng.standard_normal((4, 5)) * 0.4, "Wx")
    Wh = theano.shared(rng.standard_normal((5, 5)) * 0.4, "Wh")
    xs = T.tensor3("xs")
    h0 = T.zeros((xs.shape[1], 5))
    hs, _ = theano.scan(lambda x, h: T.tanh(T.dot(x, Wx) + T.dot(h, Wh)), sequences=xs,
                        outputs_info=h0)  # fmt: skip
    loss = (hs[-1] ** 2).sum()
    f = theano.function([xs], [loss, *theano.grad(loss, [Wx, Wh])])
    loops = f.ir("loops")
    assert "loop.scan" not in loops and loops.count("scf.for") >= 2
    xv = rng.standard_normal((7, 3, 4))
    wx, wh = Wx.get_value(), Wh.get_value()
    hs_ref = [np.zeros((3, 5))]
    for x in xv:
        hs_ref.append(np.tanh(x @ wx + hs_ref[-1] @ wh))
    gx, gh, dh = np.zeros_like(wx), np.zeros_like(wh), 2 * hs_ref[-1]
    for t in range(len(xv), 0, -1):
        da = dh * (1 - hs_ref[t] ** 2)
        gx += xv[t - 1].T @ da
        gh += hs_ref[t - 1].T @ da
        dh = da @ wh.T
    got = f(xv)
    for a, b in zip(got, [(hs_ref[-1] ** 2).sum(), gx, gh], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_cpu_loop_checks_name_the_values(device: str) -> None:
    """The native loop makes the runner's checks before it starts, with the values:
    a sequence shorter than n_steps, n_steps of 0 (Theano raises for both)."""
    x = T.vector("x")
    n = T.iscalar("n")
    ys, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=n)
    f = theano.function([x, n], ys)
    with pytest.raises(ShapeError, match=r"scan at .*test_scan.py:\d+: sequence 0 has 4 steps, "
                       "shorter than the 5 steps required"):  # fmt: skip
        f(np.ones(4), 5)
    with pytest.raises(ShapeError, match=r"scan at .*test_scan.py:\d+: n_steps is 0"):
        f(np.ones(4), 0)
