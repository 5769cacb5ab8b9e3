"""Training in the style Theano users wrote it (deeplearning.net's tutorials): shared
datasets, a minibatch index with givens, SGD updates from `grad`.  Each model is trained
for 20 steps in float64 next to a NumPy implementation of the same model (forward and
hand-written backward pass) from the same initial weights; the losses must agree to
1e-4 relative at every step, and the final weights too.  On `cpu` and on `emu` (the PTX
kernels on the emulator, shared variables and minibatch slices on the device), and on
`emu` without device libraries (`gpu_libraries=none`: matrix products, convolutions,
pooling and softmax as generated kernels -- what a GPU user without cuBLAS/cuDNN runs),
and on `cuda` (`gpu`: a GPU, or the emulated CUDA driver of the tests).
"""

from __future__ import annotations

import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote.tensor.nnet import conv2d
from arignote.tensor.signal.pool import pool_2d

STEPS = 20
RTOL = 1e-4


@pytest.fixture(autouse=True, params=["cpu", "emu", "emu-kernels", pytest.param("cuda", marks=pytest.mark.gpu)])
def float64(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """float64 on each device: native CPU code, and the PTX kernels on the emulator."""
    old = theano.config.floatX, theano.config.device, theano.config.gpu_libraries
    theano.config.floatX = "float64"
    theano.config.device = request.param.split("-")[0]
    if request.param == "emu-kernels":
        theano.config.gpu_libraries = "none"
    yield
    theano.config.floatX, theano.config.device, theano.config.gpu_libraries = old


def shared_dataset(x: np.ndarray, y: np.ndarray):
    """As the tutorials: float data in shared variables, labels cast to int32."""
    shared_x = theano.shared(np.asarray(x, dtype=theano.config.floatX), borrow=True)
    shared_y = theano.shared(np.asarray(y, dtype=theano.config.floatX), borrow=True)
    return shared_x, T.cast(shared_y, "int32")


def make_data(rng, n, d, classes):
    # labels a linear model can learn: y = argmax(x @ w) for a random w
    x = rng.standard_normal((n, d))
    y = np.argmax(x.reshape(n, -1) @ rng.standard_normal((x[0].size, classes)), axis=1)
    return x, y


class LogisticRegression:
    def __init__(self, input, W, b):  # noqa: A002 - the tutorial's names
        self.W = theano.shared(W, name="W", borrow=False)
        self.b = theano.shared(b, name="b", borrow=False)
        self.p_y_given_x = T.nnet.softmax(T.dot(input, self.W) + self.b)
        self.y_pred = T.argmax(self.p_y_given_x, axis=1)
        self.params = [self.W, self.b]

    def negative_log_likelihood(self, y):
        return -T.mean(T.log(self.p_y_given_x)[T.arange(y.shape[0]), y])

    def errors(self, y):
        return T.mean(T.neq(self.y_pred, y))


class HiddenLayer:
    def __init__(self, input, W, b, activation=T.tanh):  # noqa: A002
        self.W = theano.shared(W, name="W", borrow=False)
        self.b = theano.shared(b, name="b", borrow=False)
        lin = T.dot(input, self.W) + self.b
        self.output = lin if activation is None else activation(lin)
        self.params = [self.W, self.b]


class LeNetConvPoolLayer:
    def __init__(self, input, W, b, filter_shape, image_shape, poolsize=(2, 2)):  # noqa: A002
        self.W = theano.shared(W, borrow=False)
        self.b = theano.shared(b, borrow=False)
        conv_out = conv2d(
            input=input, filters=self.W, filter_shape=filter_shape, input_shape=image_shape
        )
        pooled_out = pool_2d(input=conv_out, ws=poolsize, ignore_border=True)
        self.output = T.tanh(pooled_out + self.b.dimshuffle("x", 0, "x", "x"))
        self.params = [self.W, self.b]


def sgd_updates(cost, params, learning_rate):
    gparams = [T.grad(cost, param) for param in params]
    return [(param, param - learning_rate * gparam) for param, gparam in zip(params, gparams)]


# --------------------------------------------------------------------------- NumPy models


def np_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def np_nll_and_grad(z, y):
    """mean negative log-likelihood of softmax(z) and its gradient w.r.t. z."""
    p = np_softmax(z)
    n = len(y)
    loss = -np.mean(np.log(p[np.arange(n), y]))
    gz = p.copy()
    gz[np.arange(n), y] -= 1
    return loss, gz / n


def np_conv_flip(x, w):
    """valid 2-d convolution (filters flipped) of NCHW x with OIHW w."""
    kh, kw = w.shape[2:]
    wf = w[:, :, ::-1, ::-1]
    oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
    out = np.zeros((x.shape[0], w.shape[0], oh, ow))
    for i in range(kh):
        for j in range(kw):
            out += np.einsum("nchw,oc->nohw", x[:, :, i : i + oh, j : j + ow], wf[:, :, i, j])
    return out


def np_conv_flip_grads(x, w, gy):
    kh, kw = w.shape[2:]
    oh, ow = gy.shape[2:]
    wf = w[:, :, ::-1, ::-1]
    gx = np.zeros_like(x)
    gwf = np.zeros_like(w)
    for i in range(kh):
        for j in range(kw):
            gx[:, :, i : i + oh, j : j + ow] += np.einsum("nohw,oc->nchw", gy, wf[:, :, i, j])
            gwf[:, :, i, j] = np.einsum("nohw,nchw->oc", gy, x[:, :, i : i + oh, j : j + ow])
    return gx, gwf[:, :, ::-1, ::-1]


def np_maxpool2(x):
    n, c, h, w = x.shape
    blocks = x[:, :, : h // 2 * 2, : w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2)
    out = blocks.max(axis=(3, 5))
    return out, blocks


def np_maxpool2_grad(x, blocks, out, gy):
    # gradient to every cell equal to its window's max (as Theano's max pool grad)
    mask = blocks == out[:, :, :, None, :, None]
    g = mask * gy[:, :, :, None, :, None]
    gx = np.zeros_like(x)
    n, c, h, w = x.shape
    gx[:, :, : h // 2 * 2, : w // 2 * 2] = g.reshape(n, c, h // 2 * 2, w // 2 * 2)
    return gx


def assert_losses(got, expect):
    np.testing.assert_allclose(got, expect, rtol=RTOL)


# --------------------------------------------------------------------------- tests


def test_logistic_regression_sgd(rng):
    n, d, k, batch = 120, 10, 3, 20
    data_x, data_y = make_data(rng, n, d, k)
    train_x, train_y = shared_dataset(data_x, data_y)
    W0 = rng.standard_normal((d, k)) * 0.1
    b0 = rng.standard_normal(k) * 0.1
    lr = 0.13

    index = T.lscalar()
    x = T.matrix("x")
    y = T.ivector("y")
    classifier = LogisticRegression(x, W0.copy(), b0.copy())
    cost = classifier.negative_log_likelihood(y)
    train_model = theano.function(
        inputs=[index],
        outputs=cost,
        updates=sgd_updates(cost, classifier.params, lr),
        givens={
            x: train_x[index * batch : (index + 1) * batch],
            y: train_y[index * batch : (index + 1) * batch],
        },
    )
    W, b = W0.copy(), b0.copy()
    got, expect = [], []
    for step in range(STEPS):
        i = step % (n // batch)
        got.append(float(train_model(i)))
        xb, yb = data_x[i * batch : (i + 1) * batch], data_y[i * batch : (i + 1) * batch]
        loss, gz = np_nll_and_grad(xb @ W + b, yb)
        expect.append(loss)
        W, b = W - lr * (xb.T @ gz), b - lr * gz.sum(axis=0)
    assert_losses(got, expect)
    np.testing.assert_allclose(classifier.W.get_value(), W, rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(classifier.b.get_value(), b, rtol=RTOL, atol=1e-12)
    assert expect[3 * (n // batch)] < expect[0]  # the same minibatch, three epochs later


def test_tanh_mlp_with_l1_l2(rng):
    n, d, h, k, batch = 96, 12, 16, 4, 16
    data_x, data_y = make_data(rng, n, d, k)
    train_x, train_y = shared_dataset(data_x, data_y)
    bound = np.sqrt(6.0 / (d + h))
    W1 = rng.uniform(-bound, bound, (d, h))
    b1 = np.zeros(h)
    W2 = rng.standard_normal((h, k)) * 0.1
    b2 = np.zeros(k)
    lr, l1_reg, l2_reg = 0.05, 0.001, 0.0001

    index = T.lscalar()
    x = T.matrix("x")
    y = T.ivector("y")
    hidden = HiddenLayer(x, W1.copy(), b1.copy(), activation=T.tanh)
    output = LogisticRegression(hidden.output, W2.copy(), b2.copy())
    L1 = abs(hidden.W).sum() + abs(output.W).sum()
    L2_sqr = (hidden.W**2).sum() + (output.W**2).sum()
    cost = output.negative_log_likelihood(y) + l1_reg * L1 + l2_reg * L2_sqr
    params = hidden.params + output.params
    train_model = theano.function(
        inputs=[index],
        outputs=cost,
        updates=sgd_updates(cost, params, lr),
        givens={
            x: train_x[index * batch : (index + 1) * batch],
            y: train_y[index * batch : (index + 1) * batch],
        },
    )
    got, expect = [], []
    for step in range(STEPS):
        i = step % (n // batch)
        got.append(float(train_model(i)))
        xb, yb = data_x[i * batch : (i + 1) * batch], data_y[i * batch : (i + 1) * batch]
        a1 = np.tanh(xb @ W1 + b1)
        nll, gz = np_nll_and_grad(a1 @ W2 + b2, yb)
        l1 = np.abs(W1).sum() + np.abs(W2).sum()
        l2 = (W1**2).sum() + (W2**2).sum()
        expect.append(nll + l1_reg * l1 + l2_reg * l2)
        gW2 = a1.T @ gz + l1_reg * np.sign(W2) + 2 * l2_reg * W2
        gb2 = gz.sum(axis=0)
        ga1 = gz @ W2.T * (1 - a1**2)
        gW1 = xb.T @ ga1 + l1_reg * np.sign(W1) + 2 * l2_reg * W1
        gb1 = ga1.sum(axis=0)
        W1, b1, W2, b2 = W1 - lr * gW1, b1 - lr * gb1, W2 - lr * gW2, b2 - lr * gb2
    assert_losses(got, expect)
    np.testing.assert_allclose(hidden.W.get_value(), W1, rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(output.W.get_value(), W2, rtol=RTOL, atol=1e-12)


def test_lenet(rng):
    """Two conv2d + max-pool layers, then a tanh hidden layer and softmax regression."""
    batch, n, k = 8, 32, 3
    img = 12
    data_x = rng.standard_normal((n, img * img))
    data_y = rng.integers(0, k, n)
    train_x, train_y = shared_dataset(data_x, data_y)
    f0, f1, hid = 4, 6, 16
    W0 = rng.uniform(-0.3, 0.3, (f0, 1, 3, 3))
    b0 = np.zeros(f0)
    W1 = rng.uniform(-0.2, 0.2, (f1, f0, 2, 2))
    b1 = np.zeros(f1)
    Wh = rng.uniform(-0.2, 0.2, (f1 * 2 * 2, hid))
    bh = np.zeros(hid)
    Wo = rng.standard_normal((hid, k)) * 0.1
    bo = np.zeros(k)
    lr = 0.1

    index = T.lscalar()
    x = T.matrix("x")
    y = T.ivector("y")
    layer0_input = x.reshape((batch, 1, img, img))
    layer0 = LeNetConvPoolLayer(
        layer0_input, W0.copy(), b0.copy(), (f0, 1, 3, 3), (batch, 1, img, img)
    )  # 12 -> 10 -> 5
    layer1 = LeNetConvPoolLayer(
        layer0.output, W1.copy(), b1.copy(), (f1, f0, 2, 2), (batch, f0, 5, 5)
    )  # 5 -> 4 -> 2
    layer2 = HiddenLayer(layer1.output.flatten(2), Wh.copy(), bh.copy(), activation=T.tanh)
    layer3 = LogisticRegression(layer2.output, Wo.copy(), bo.copy())
    cost = layer3.negative_log_likelihood(y)
    params = layer3.params + layer2.params + layer1.params + layer0.params
    train_model = theano.function(
        [index],
        cost,
        updates=sgd_updates(cost, params, lr),
        givens={
            x: train_x[index * batch : (index + 1) * batch],
            y: train_y[index * batch : (index + 1) * batch],
        },
    )
    got, expect = [], []
    for step in range(STEPS):
        i = step % (n // batch)
        got.append(float(train_model(i)))
        xb = data_x[i * batch : (i + 1) * batch].reshape(batch, 1, img, img)
        yb = data_y[i * batch : (i + 1) * batch]
        c0 = np_conv_flip(xb, W0)
        p0, blocks0 = np_maxpool2(c0)
        a0 = np.tanh(p0 + b0[None, :, None, None])
        c1 = np_conv_flip(a0, W1)
        p1, blocks1 = np_maxpool2(c1)
        a1 = np.tanh(p1 + b1[None, :, None, None])
        flat = a1.reshape(batch, -1)
        ah = np.tanh(flat @ Wh + bh)
        loss, gz = np_nll_and_grad(ah @ Wo + bo, yb)
        expect.append(loss)
        gWo, gbo = ah.T @ gz, gz.sum(0)
        gah = gz @ Wo.T * (1 - ah**2)
        gWh, gbh = flat.T @ gah, gah.sum(0)
        ga1 = (gah @ Wh.T).reshape(a1.shape) * (1 - a1**2)
        gb1 = ga1.sum(axis=(0, 2, 3))
        gc1 = np_maxpool2_grad(c1, blocks1, p1, ga1)
        ga0, gW1 = np_conv_flip_grads(a0, W1, gc1)
        ga0 = ga0 * (1 - a0**2)
        gb0 = ga0.sum(axis=(0, 2, 3))
        gc0 = np_maxpool2_grad(c0, blocks0, p0, ga0)
        _, gW0 = np_conv_flip_grads(xb, W0, gc0)
        Wo, bo, Wh, bh = Wo - lr * gWo, bo - lr * gbo, Wh - lr * gWh, bh - lr * gbh
        W1, b1, W0, b0 = W1 - lr * gW1, b1 - lr * gb1, W0 - lr * gW0, b0 - lr * gb0
    assert_losses(got, expect)
    np.testing.assert_allclose(layer0.W.get_value(), W0, rtol=RTOL, atol=1e-10)
    np.testing.assert_allclose(layer1.W.get_value(), W1, rtol=RTOL, atol=1e-10)
