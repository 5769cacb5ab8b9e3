"""Shared variables on the GPU (here the PTX emulator): resident in device memory, updated
there without copies, downloaded only when asked for; the device profile shows only the
expected transfers."""

from __future__ import annotations

import pickle

import numpy as np

import arignote as theano
import arignote.tensor as T


def test_sgd_steps_copy_neither_weights_nor_dataset(emu, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
    data = rng.standard_normal((64, 5)).astype(np.float32)
    labels = rng.integers(0, 3, 64)
    w0 = rng.standard_normal((5, 3)).astype(np.float32) * 0.1
    dx, dy = theano.shared(data, "dx"), theano.shared(labels, "dy")
    w = theano.shared(w0.copy(), "w")
    i = T.lscalar("i")
    x, y = T.fmatrix("x"), T.lvector("y")
    p = T.nnet.softmax(T.dot(x, w))
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    step = theano.function(
        [i], cost, updates=[(w, w - np.float32(0.5) * T.grad(cost, w))],
        givens={x: dx[i * 16 : (i + 1) * 16], y: dy[i * 16 : (i + 1) * 16]},
    )  # fmt: skip
    losses = [float(step(0))]
    emu.profile.reset()
    for k in range(1, 4):
        losses.append(float(step(k)))
    prof = emu.profile
    # nothing of the weights (60 B) or the dataset (1.8 kB) crosses again: nothing goes
    # in (host scalars are kernel arguments, constants are on the device already), and
    # what comes back is scalars (the loss, the index checks' flags)
    assert prof.h2d_count == 0, vars(prof)
    assert prof.d2h_bytes <= 8 * prof.d2h_count, vars(prof)
    assert len(prof.launches) > 0
    # the same steps on the CPU
    theano.config.device = "cpu"
    w_cpu = theano.shared(w0.copy(), "w")
    p = T.nnet.softmax(T.dot(x, w_cpu))
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    step_cpu = theano.function(
        [i], cost, updates=[(w_cpu, w_cpu - np.float32(0.5) * T.grad(cost, w_cpu))],
        givens={x: dx[i * 16 : (i + 1) * 16], y: dy[i * 16 : (i + 1) * 16]},
    )  # fmt: skip
    expect = [float(step_cpu(k)) for k in range(4)]
    np.testing.assert_allclose(losses, expect, rtol=1e-5)
    np.testing.assert_allclose(w.get_value(), w_cpu.get_value(), rtol=1e-5, atol=1e-6)


def test_values_move_only_when_asked(emu, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
    v0 = rng.standard_normal(4).astype(np.float32)
    s = theano.shared(v0.copy(), "s")
    inc = theano.function([], updates=[(s, s + 1)])
    emu.profile.reset()
    inc()
    inc()
    assert emu.profile.h2d_count == 1 and emu.profile.d2h_count == 0  # uploaded once
    np.testing.assert_allclose(s.get_value(), v0 + 2, rtol=1e-6)
    assert emu.profile.d2h_count == 1
    s.set_value(np.zeros(4, np.float32))  # the device copy is stale now
    inc()
    np.testing.assert_array_equal(s.get_value(), np.ones(4))
    # a CPU function sees the value the device computed
    inc()
    theano.config.device = "cpu"
    double = theano.function([], s * 2)
    np.testing.assert_array_equal(double(), np.full(4, 4.0))
    theano.config.device = "emu"
    inc()
    s2 = pickle.loads(pickle.dumps(s))
    np.testing.assert_array_equal(s2.get_value(), np.full(4, 3.0))


def test_device_updates_never_share_buffers(emu) -> None:  # type: ignore[no-untyped-def]
    a = theano.shared(np.arange(3, dtype=np.float32), "a")
    b = theano.shared(np.arange(3, dtype=np.float32) + 10, "b")
    swap = theano.function([], updates=[(a, b), (b, a)])
    swap()
    np.testing.assert_array_equal(a.get_value(), [10, 11, 12])
    np.testing.assert_array_equal(b.get_value(), [0, 1, 2])
    same = a * 2
    twice = theano.function([], [same], updates=[(a, same), (b, same)])
    (out,) = twice()
    np.testing.assert_array_equal(out, [20, 22, 24])
    np.testing.assert_array_equal(a.get_value(), [20, 22, 24])
    np.testing.assert_array_equal(b.get_value(), [20, 22, 24])
    inc_a = theano.function([], updates=[(a, a + 1)])
    inc_a()  # a's buffer is replaced (and the old one freed); b keeps its own
    np.testing.assert_array_equal(b.get_value(), [20, 22, 24])
    np.testing.assert_array_equal(a.get_value(), [21, 23, 25])


def test_resident_arguments_in_the_ir(emu) -> None:  # type: ignore[no-untyped-def]
    w = theano.shared(np.ones(3, np.float32), "w")
    x = T.fvector("x")
    f = theano.function([x], (x * w).sum(), updates=[(w, w * 2)])
    tt_ir = f.ir("tt")
    assert "%w: tensor<?xf32> {arignote.resident}" in tt_ir
    assert "{arignote.resident})" in tt_ir  # the update's result
    placed = f.ir("placed")
    assert "%w: memref<?xf32, 1 : i64> {arignote.resident}" in placed


def test_constants_are_uploaded_once(emu) -> None:  # type: ignore[no-untyped-def]
    x = T.fvector("x")
    f = theano.function([x], x * T.constant(np.array([1.0, 2.0, 3.0], np.float32)))
    xv = np.ones(3, np.float32)
    np.testing.assert_array_equal(f(xv), [1, 2, 3])
    emu.profile.reset()
    np.testing.assert_array_equal(f(xv * 2), [2, 4, 6])
    assert emu.profile.h2d_count == 1 and emu.profile.h2d_bytes == 12  # x only


def test_rank0_shared_variables_stay_rank0(emu) -> None:  # type: ignore[no-untyped-def]
    s = theano.shared(np.float32(2.0), "s")
    x = T.fvector("x")
    f = theano.function([x], x * s, updates=[(s, s + 1)])
    np.testing.assert_array_equal(f(np.ones(2, np.float32)), [2.0, 2.0])
    np.testing.assert_array_equal(f(np.ones(2, np.float32)), [3.0, 3.0])
    assert s._device is not None and s._device.shape == ()
    v = s.get_value()
    assert v.shape == () and v == 4.0
