"""grad through scan (backpropagation through time as a reverse scan), jacobian and
hessian, checked against central finite differences and hand-written NumPy BPTT, on cpu
and emu.  Theano's rule: scan_op.py:Scan.L_op (l.1940-2567); truncate_gradient
(l.1940-1964, research note §1.8); jacobian/hessian (gradient.py l.1842-1990).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T


@pytest.fixture(autouse=True, params=["cpu", "emu"])
def device(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    old = theano.config.floatX, theano.config.device
    theano.config.floatX = "float64"
    theano.config.device = request.param
    yield request.param
    theano.config.floatX, theano.config.device = old


def numeric_grads(f: Callable[..., object], vals: Sequence[np.ndarray], eps: float = 1e-6):
    """Central differences of the scalar f at vals, for each argument."""
    out = []
    for i, v in enumerate(vals):
        g = np.zeros_like(v)
        for idx in np.ndindex(v.shape):
            plus = [w.copy() for w in vals]
            minus = [w.copy() for w in vals]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            g[idx] = (float(f(*plus)) - float(f(*minus))) / (2 * eps)
        out.append(g)
    return out


def check_grads(inputs, cost, vals, rtol=1e-6, atol=1e-7) -> None:  # type: ignore[no-untyped-def]
    gs = theano.grad(cost, inputs)
    f = theano.function(inputs, [cost, *gs])
    c = theano.function(inputs, cost)
    got = f(*vals)[1:]
    for i, (g, n) in enumerate(zip(got, numeric_grads(c, vals))):
        np.testing.assert_allclose(g, n, rtol=rtol, atol=atol, err_msg=f"input {i}")


def test_bptt_elman(rng: np.random.Generator) -> None:
    """Gradients for the sequence, the initial state and the non-sequences of a
    sit_sot recurrence, every output step in the cost."""
    x, h0, W, U = T.matrix("x"), T.vector("h0"), T.matrix("W"), T.matrix("U")
    hs, _ = theano.scan(
        lambda x_t, h, W, U: T.tanh(T.dot(x_t, W) + T.dot(h, U)),
        sequences=x, outputs_info=h0, non_sequences=[W, U],
    )  # fmt: skip
    cost = (hs**2).sum() + hs[-1].sum()
    vals = [
        rng.standard_normal((5, 3)), rng.standard_normal(4),
        rng.standard_normal((3, 4)) * 0.5, rng.standard_normal((4, 4)) * 0.5,
    ]  # fmt: skip
    check_grads([x, h0, W, U], cost, vals)


def test_bptt_taps_and_outputs(rng: np.random.Generator) -> None:
    """Sequence taps [-1, 0], a state with taps [-2, -1] and a per-step output: the
    reverse scan carries a window of two rows of state gradient."""
    x, s0, a = T.vector("x"), T.vector("s0"), T.vector("a")

    def step(x_tm1, x_t, s_tm2, s_tm1, a):
        s = T.tanh(a[0] * s_tm1 + a[1] * s_tm2 + x_t * x_tm1)
        return s, s * x_t

    (ss, ys), _ = theano.scan(
        step, sequences=dict(input=x, taps=[-1, 0]),
        outputs_info=[dict(initial=s0, taps=[-2, -1]), None], non_sequences=a,
    )  # fmt: skip
    cost = (ss * np.arange(1.0, 7.0)).sum() + (ys**2).sum()
    vals = [rng.standard_normal(7), rng.standard_normal(2), rng.standard_normal(2) * 0.7]
    check_grads([x, s0, a], cost, vals)


def test_grad_of_shared_used_inside(rng: np.random.Generator) -> None:
    """A shared variable read by fn without being listed is an implicit non-sequence;
    its gradient is accumulated over the steps."""
    W = theano.shared(rng.standard_normal((3, 3)) * 0.5, name="W")
    x = T.matrix("x")
    hs, _ = theano.scan(lambda x_t, h: T.tanh(T.dot(h, W) + x_t), sequences=x,
                        outputs_info=T.zeros((3,)))  # fmt: skip
    cost = hs.sum()
    gW = theano.grad(cost, W)
    f = theano.function([x], gW)
    xv = rng.standard_normal((4, 3))
    W0 = W.get_value()

    def c(Wv: np.ndarray) -> float:
        h = np.zeros(3)
        total = 0.0
        for t in range(4):
            h = np.tanh(h @ Wv + xv[t])
            total += h.sum()
        return total

    (num,) = numeric_grads(c, [W0])
    np.testing.assert_allclose(f(xv), num, rtol=1e-6, atol=1e-7)


def test_truncate_gradient(rng: np.random.Generator) -> None:
    """truncate_gradient=3 of 8 steps: the sequence rows before the last 3 get zero
    gradient; the last row's gradient (inside the window) is the full one."""
    x = T.vector("x")

    def run(trunc: int):  # type: ignore[no-untyped-def]
        hs, _ = theano.scan(lambda x_t, h: T.tanh(0.9 * h + x_t), sequences=x,
                            outputs_info=T.constant(np.float64(0)), truncate_gradient=trunc)
        return theano.function([x], theano.grad(hs[-1], x))

    xv = rng.standard_normal(8)
    full, trunc = run(-1)(xv), run(3)(xv)
    np.testing.assert_array_equal(trunc[:5], 0)
    np.testing.assert_allclose(trunc[5:], full[5:], rtol=1e-12)
    assert np.all(full[:5] != 0)


def test_jacobian_and_hessian(rng: np.random.Generator) -> None:
    """gradient.jacobian / hessian: scans over the rows of a gradient."""
    x, A = T.vector("x"), T.matrix("A")
    J = theano.gradient.jacobian(T.tanh(T.dot(A, x)), x)
    H = theano.gradient.hessian(T.dot(x, T.dot(A, x)) + T.exp(x).sum(), x)
    f = theano.function([x, A], [J, H])
    xv, Av = rng.standard_normal(3), rng.standard_normal((3, 3))
    Jv, Hv = f(xv, Av)
    np.testing.assert_allclose(Jv, (1 - np.tanh(Av @ xv) ** 2)[:, None] * Av, rtol=1e-10)
    np.testing.assert_allclose(Hv, Av + Av.T + np.diag(np.exp(xv)), rtol=1e-10)


def test_elman_training_matches_numpy(rng: np.random.Generator) -> None:
    """An Elman RNN trained with SGD in Theano users' style (shared weights, grad,
    updates) for 20 steps, next to hand-written NumPy forward and BPTT from the same
    initial weights: the losses agree to 1e-4 relative at every step."""
    steps, B, nin, nh, nout, lr = 7, 4, 3, 6, 2, 0.1
    W0 = rng.standard_normal((nin, nh)) * 0.4
    U0 = rng.standard_normal((nh, nh)) * 0.4
    V0 = rng.standard_normal((nh, nout)) * 0.4
    b0 = np.zeros(nh)
    xv = rng.standard_normal((steps, B, nin))
    tv = rng.standard_normal((steps, B, nout))
    W, U, V, b = (theano.shared(v.copy()) for v in (W0, U0, V0, b0))
    x, t = T.tensor3("x"), T.tensor3("t")

    def step(x_t, h_tm1):
        h = T.tanh(T.dot(x_t, W) + T.dot(h_tm1, U) + b)
        return h, T.dot(h, V)

    (hs, ys), _ = theano.scan(step, sequences=x, outputs_info=[T.zeros((x.shape[1], nh)), None])
    loss = ((ys - t) ** 2).mean()
    params = [W, U, V, b]
    grads = theano.grad(loss, params)
    train = theano.function(
        [x, t], loss, updates=[(p, p - lr * g) for p, g in zip(params, grads)]
    )
    Wn, Un, Vn, bn = W0.copy(), U0.copy(), V0.copy(), b0.copy()
    for _ in range(20):
        hs_n, h = [], np.zeros((B, nh))
        for k in range(steps):
            h = np.tanh(xv[k] @ Wn + h @ Un + bn)
            hs_n.append(h)
        Hn = np.stack(hs_n)
        Y = Hn @ Vn
        want = ((Y - tv) ** 2).mean()
        dY = 2 * (Y - tv) / Y.size
        dV = np.einsum("tbh,tbo->ho", Hn, dY)
        dW, dU, db = np.zeros_like(Wn), np.zeros_like(Un), np.zeros_like(bn)
        dh_next = np.zeros((B, nh))
        for k in reversed(range(steps)):
            dh = dY[k] @ Vn.T + dh_next
            dz = dh * (1 - Hn[k] ** 2)
            h_prev = Hn[k - 1] if k else np.zeros((B, nh))
            dW += xv[k].T @ dz
            dU += h_prev.T @ dz
            db += dz.sum(0)
            dh_next = dz @ Un.T
        got = float(train(xv, tv))
        np.testing.assert_allclose(got, want, rtol=1e-4)
        Wn, Un, Vn, bn = Wn - lr * dW, Un - lr * dU, Vn - lr * dV, bn - lr * db
    np.testing.assert_allclose(W.get_value(), Wn, rtol=1e-4, atol=1e-8)
    np.testing.assert_allclose(U.get_value(), Un, rtol=1e-4, atol=1e-8)


def test_grad_clip_inside_scan(rng: np.random.Generator) -> None:
    """gradient.grad_clip: identity forward, the gradient clipped (Theano's
    gradient.py l.2176-2223, the docstring's example), also inside a scan's body as
    Lasagne's recurrent layers use it."""
    x = T.scalar("x")
    z = theano.grad(theano.gradient.grad_clip(x, -1, 1) ** 2, x)
    z2 = theano.grad(x**2, x)
    assert [float(v) for v in theano.function([x], [z, z2])(2.0)] == [1.0, 4.0]
    xs = T.vector("xs")
    hs, _ = theano.scan(
        lambda v, h: theano.gradient.grad_clip(h * v, -0.5, 0.5), sequences=xs,
        outputs_info=T.constant(np.float64(1.0)),
    )  # fmt: skip
    g = theano.function([xs], theano.grad(hs[-1] * 10, xs))
    xv = rng.uniform(1.5, 2.0, 3)
    got = g(xv)
    # d(10 h3)/d x3 = clip(10, +-0.5) * h2, and earlier rows get clipped products too
    np.testing.assert_allclose(got[-1], 0.5 * xv[0] * xv[1], rtol=1e-12)


def test_lstm_language_model_training_matches_numpy(rng: np.random.Generator) -> None:
    """An LSTM language-model step (two states h and c through scan, a softmax readout of
    every step, next-token cross-entropy) trained with SGD for 20 steps, next to a
    hand-written NumPy forward and BPTT from the same weights: losses within 1e-4."""
    steps, B, V, nh, lr = 5, 3, 7, 4, 0.5
    W0 = rng.standard_normal((V, 4 * nh)) * 0.3
    U0 = rng.standard_normal((nh, 4 * nh)) * 0.3
    b0 = np.zeros(4 * nh)
    Wy0 = rng.standard_normal((nh, V)) * 0.3
    by0 = np.zeros(V)
    tokens = rng.integers(0, V, size=(steps + 1, B))
    xv = np.eye(V)[tokens[:-1]]  # one-hot inputs (steps, B, V)
    yv = tokens[1:].reshape(-1).astype(np.int32)
    W, U, b, Wy, by = (theano.shared(v.copy()) for v in (W0, U0, b0, Wy0, by0))
    x, y = T.tensor3("x"), T.ivector("y")

    def step(x_t, h, c):
        a = T.dot(x_t, W) + T.dot(h, U) + b
        i, f = T.nnet.sigmoid(a[:, :nh]), T.nnet.sigmoid(a[:, nh : 2 * nh])
        o, g = T.nnet.sigmoid(a[:, 2 * nh : 3 * nh]), T.tanh(a[:, 3 * nh :])
        c2 = f * c + i * g
        return o * T.tanh(c2), c2

    zeros = T.zeros((x.shape[1], nh))
    (hs, _), _ = theano.scan(step, sequences=x, outputs_info=[zeros, zeros])
    logits = T.dot(hs.reshape((-1, nh)), Wy) + by
    loss = -T.nnet.log_softmax(logits)[T.arange(y.shape[0]), y].mean()
    params = [W, U, b, Wy, by]
    train = theano.function(
        [x, y], loss, updates=[(p, p - lr * g) for p, g in zip(params, theano.grad(loss, params))]
    )

    def sig(z):
        return 1 / (1 + np.exp(-z))

    P = [W0.copy(), U0.copy(), b0.copy(), Wy0.copy(), by0.copy()]
    for _ in range(20):
        Wn, Un, bn, Wyn, byn = P
        h, c = np.zeros((B, nh)), np.zeros((B, nh))
        cache = []
        for t in range(steps):
            a = xv[t] @ Wn + h @ Un + bn
            i, f, o = sig(a[:, :nh]), sig(a[:, nh : 2 * nh]), sig(a[:, 2 * nh : 3 * nh])
            g = np.tanh(a[:, 3 * nh :])
            c_new = f * c + i * g
            h_new = o * np.tanh(c_new)
            cache.append((h, c, i, f, o, g, c_new))
            h, c = h_new, c_new
        H = np.stack([cache[t + 1][0] if t + 1 < steps else h for t in range(steps)])
        z = H.reshape(-1, nh) @ Wyn + byn
        z = z - z.max(1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
        N = len(yv)
        want = -np.log(p[np.arange(N), yv]).mean()
        dz = p.copy()
        dz[np.arange(N), yv] -= 1
        dz /= N
        dWy, dby = H.reshape(-1, nh).T @ dz, dz.sum(0)
        dH = (dz @ Wyn.T).reshape(steps, B, nh)
        dW, dU, db = np.zeros_like(Wn), np.zeros_like(Un), np.zeros_like(bn)
        dh_next, dc_next = np.zeros((B, nh)), np.zeros((B, nh))
        for t in reversed(range(steps)):
            h_prev, c_prev, i, f, o, g, c_t = cache[t]
            dh = dH[t] + dh_next
            tc = np.tanh(c_t)
            do = dh * tc
            dc = dh * o * (1 - tc**2) + dc_next
            da = np.concatenate(
                [dc * g * i * (1 - i), dc * c_prev * f * (1 - f), do * o * (1 - o),
                 dc * i * (1 - g**2)], axis=1,
            )  # fmt: skip
            dW += xv[t].T @ da
            dU += h_prev.T @ da
            db += da.sum(0)
            dh_next, dc_next = da @ Un.T, dc * f
        got = float(train(xv, yv))
        np.testing.assert_allclose(got, want, rtol=1e-4)
        P = [q - lr * d for q, d in zip(P, (dW, dU, db, dWy, dby))]
    np.testing.assert_allclose(U.get_value(), P[1], rtol=1e-4, atol=1e-8)


def test_jacobian_and_hessian_through_scan(rng: np.random.Generator) -> None:
    """jacobian of an RNN's last state w.r.t. its initial state (a scan whose body holds
    the reverse scan of another), and the hessian of a loss through the loop (the
    gradient of a reverse scan): checked against central differences."""
    x, h0, W = T.matrix("x"), T.vector("h0"), T.matrix("W")
    hs, _ = theano.scan(lambda x_t, h: T.tanh(T.dot(h, W) + x_t), sequences=x, outputs_info=h0)
    cost = (hs**2).sum()
    f = theano.function(
        [x, h0, W],
        [theano.gradient.jacobian(hs[-1], h0), theano.gradient.hessian(cost, h0)],
    )
    last = theano.function([x, h0, W], hs[-1])
    g = theano.function([x, h0, W], theano.grad(cost, h0))
    xv, hv, Wv = rng.standard_normal((4, 3)), rng.standard_normal(3), rng.standard_normal((3, 3))
    Wv *= 0.5
    J, H = f(xv, hv, Wv)
    num_J, num_H = np.zeros((3, 3)), np.zeros((3, 3))
    for j in range(3):
        e = np.zeros(3)
        e[j] = 1e-6
        num_J[:, j] = (last(xv, hv + e, Wv) - last(xv, hv - e, Wv)) / 2e-6
        num_H[:, j] = (g(xv, hv + e, Wv) - g(xv, hv - e, Wv)) / 2e-6
    np.testing.assert_allclose(J, num_J, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(H, num_H, rtol=1e-6, atol=1e-8)


def test_bptt_go_backwards_and_short_n_steps(rng: np.random.Generator) -> None:
    """go_backwards with n_steps shorter than the sequence: the loop reads the last
    rows in reverse; the rows it never reads get zero gradient."""
    x, h0 = T.vector("x"), T.scalar("h0")
    hs, _ = theano.scan(lambda v, h: T.tanh(0.7 * h + v * v), sequences=x,
                        outputs_info=h0, go_backwards=True, n_steps=4)  # fmt: skip
    cost = (hs * np.arange(1.0, 5.0)).sum()
    vals = [rng.standard_normal(6), np.asarray(rng.standard_normal())]
    check_grads([x, h0], cost, vals)
    g = theano.function([x, h0], theano.grad(cost, x))(*vals)
    np.testing.assert_array_equal(g[:2], 0)


def test_grad_through_until(rng: np.random.Generator) -> None:
    """Theano differentiates a while-loop (scan_op.py:L_op l.1958: the reverse loop runs
    over the steps taken, `outs[0].shape[0]`; l.2557-2566: the sequence rows of steps not
    run get zero gradient).  The loop stops after the step where the state's norm sum passes
    3 (about step 4 of 9); finite differences do not cross the stopping step."""
    x, h0, w = T.matrix("x"), T.vector("h0"), T.vector("w")

    def step(x_t, h, w):  # type: ignore[no-untyped-def]
        hn = h * (1.0 + 0.1 * T.tanh(x_t * w)) + 0.3
        return [hn, hn.sum() * x_t], theano.scan_module.until(hn.sum() > 3.0)

    (hs, ys), _ = theano.scan(step, sequences=x, outputs_info=[h0, None], non_sequences=w)
    cost = (hs**2).sum() + (ys * ys).sum() + hs[-1].sum()
    vals = [rng.uniform(-0.5, 0.5, (9, 3)), rng.uniform(-0.5, 0.5, 3), rng.uniform(0.5, 1, 3)]
    steps = theano.function([x, h0, w], hs.shape[0])(*vals)
    assert 1 < steps < 9, steps  # the loop stopped early, after more than one step
    check_grads([x, h0, w], cost, vals)
    gx = theano.function([x, h0, w], theano.grad(cost, x))(*vals)
    assert gx.shape == (9, 3)
    assert np.all(gx[steps:] == 0) and np.any(gx[:steps] != 0)


def test_grad_through_until_truncated(rng: np.random.Generator) -> None:
    """`truncate_gradient` on a while-loop counts back from the last step taken."""
    x, h0 = T.vector("x"), T.scalar("h0")

    def step(x_t, h):  # type: ignore[no-untyped-def]
        hn = 0.9 * h + x_t
        return hn, theano.scan_module.until(hn > 2.5)

    hs, _ = theano.scan(step, sequences=x, outputs_info=h0, truncate_gradient=2)
    vals = [np.full(8, 0.6), np.array(0.1)]
    f = theano.function([x, h0], [hs, theano.grad(hs[-1], x)])
    h, gx = f(*vals)
    steps = len(h)
    assert 2 < steps < 8, steps
    want = np.zeros(8)
    want[steps - 1], want[steps - 2] = 1.0, 0.9  # d h_T / d x_t for the last two steps
    np.testing.assert_allclose(gx, want, rtol=1e-12)
