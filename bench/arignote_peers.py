"""arignote as a system of the team's yardstick, ../shared/bench/peers.py.

    python ../shared/bench/peers.py --plugin bench/arignote_peers.py \
        --systems numpy,pytensor-c,jax,torch,arignote

Every workload is written the way a Theano user writes it (symbolic graph, shared
parameters, `grad`, `updates`) and compiled for device=cpu.  For W5 (compile time) the
probe uses an arignote compile cache beside the other systems' caches, so "cold" and
"cached" mean what they mean for them.  A fresh CPU program starts on unoptimised code
while its O3 code is compiled in the background (`config.cpu_tiers`): the timed
workloads wait for the O3 code after preparing (their steady state, what the warm-up
calls of the other JITs reach); the W5 probes do not wait (their first call may run the
quick code).
"""

from __future__ import annotations

import os
import time

import numpy as np
from peers import (  # type: ignore[import-not-found]
    LR, MLP_PARAMS, RNN_PARAMS, Prepared, System, chain_expr, register,
)

F32 = np.float32


def _cache_dir() -> str | None:
    """The probe's cache directory: beside the other systems' (peers.py sets theirs)."""
    inductor = os.environ.get("TORCHINDUCTOR_CACHE_DIR")
    return os.path.join(os.path.dirname(inductor), "arignote") if inductor else None


@register
class Arignote(System):
    name = "arignote"
    description = "arignote (tt -> linalg -> loops -> LLVM, device=cpu)"

    def setup(self):  # type: ignore[no-untyped-def]
        import arignote
        import arignote.tensor as T
        from arignote import function, grad, shared  # noqa: F401 - the front end loads on
        # first use of its names: here, as a script's `from theano import function` does

        arignote.config.device = "cpu"
        arignote.config.floatX = "float32"
        cache = _cache_dir()
        if cache:
            arignote.config.compiledir = cache
        self.theano, self.T = arignote, T

    def prepare(self, case, d):  # type: ignore[no-untyped-def]
        from arignote.runtime.cpu import tiers

        prepared = super().prepare(case, d)
        tiers.wait()  # the O3 code of what was compiled is in
        return prepared

    def info(self):  # type: ignore[no-untyped-def]
        return {
            "arignote": self.theano.__version__,
            "device": self.theano.config.device,
            "compiledir": self.theano.config.compiledir,
        }

    # ------------------------------------------------------------------ workloads
    def prep_W1(self, d):  # type: ignore[no-untyped-def]
        T = self.T
        x = T.vector("x")
        y = T.exp(-x * x) * T.sin(3 * x) + 0.5 * T.tanh(x) - x / (1 + x * x)
        f = self.theano.function([x], y)
        xv = d["x"]
        return Prepared(lambda: f(xv), note="one fused kernel, polynomial exp/sin/tanh")

    def prep_W2a(self, d):  # type: ignore[no-untyped-def]
        T = self.T
        a, b = T.matrix("a"), T.matrix("b")
        f = self.theano.function([a, b], T.dot(a, b))
        av, bv = d["a"], d["b"]
        return Prepared(lambda: f(av, bv), note="libcall.gemm -> OpenBLAS sgemm")

    def prep_W2b(self, d):  # type: ignore[no-untyped-def]
        T = self.T
        x, s = T.vector("x"), T.scalar("s")
        f = self.theano.function([x, s], x + s * x)
        xv, sv = d["x"], np.float32(d["s"])
        return Prepared(lambda: f(xv, sv))

    def prep_W2c(self, d):  # type: ignore[no-untyped-def]
        from arignote.tensor.nnet import conv2d

        x = self.T.tensor4("x")
        w = self.theano.shared(d["w"], name="w")
        f = self.theano.function([x], conv2d(x, w))  # Theano's default: true convolution
        xv = d["x"]
        return Prepared(lambda: f(xv), note="libcall.conv2d (im2col + sgemm)")

    def _mlp_step(self, d):  # type: ignore[no-untyped-def]
        T, theano = self.T, self.theano
        shared = {k: theano.shared(d[k].copy(), name=k) for k in MLP_PARAMS}
        X = T.matrix("X")
        y = T.lvector("y")
        s = shared
        h = T.maximum(T.dot(X, s["W1"]) + s["b1"], 0)
        h = T.maximum(T.dot(h, s["W2"]) + s["b2"], 0)
        z = T.dot(h, s["W3"]) + s["b3"]
        logp = T.nnet.logsoftmax(z)
        loss = -logp[T.arange(y.shape[0]), y].mean()
        params = [s[k] for k in MLP_PARAMS]
        grads = theano.grad(loss, params)
        updates = [(p, p - F32(LR) * g) for p, g in zip(params, grads)]
        return shared, X, y, loss, updates

    def prep_W3(self, d):  # type: ignore[no-untyped-def]
        shared, X, y, loss, updates = self._mlp_step(d)
        f = self.theano.function([X, y], loss, updates=updates)
        Xv, yv = d["X"], d["y"]
        return Prepared(
            lambda: f(Xv, yv),
            lambda loss: dict({k: v.get_value() for k, v in shared.items()}, loss=loss),
        )

    def prep_W4(self, d):  # type: ignore[no-untyped-def]
        from arignote.tensor.nnet import conv2d
        from arignote.tensor.signal.pool import pool_2d

        T, theano = self.T, self.theano
        x = T.tensor4("x")
        ps = {
            k: T.TensorType("float32", (False,) * d[k].ndim)(k)
            for k in ("w1", "b1", "w2", "b2", "wd", "bd")
        }
        h = conv2d(
            x, ps["w1"], border_mode="half", filter_flip=False, filter_shape=d["w1"].shape
        )
        relu1 = T.maximum(h + ps["b1"].dimshuffle("x", 0, "x", "x"), 0)
        h = pool_2d(relu1, (2, 2), ignore_border=True)
        h = conv2d(
            h, ps["w2"], border_mode="half", filter_flip=False, filter_shape=d["w2"].shape
        )
        relu2 = T.maximum(h + ps["b2"].dimshuffle("x", 0, "x", "x"), 0)
        h = pool_2d(relu2, (2, 2), ignore_border=True)
        out = T.dot(h.flatten(2), ps["wd"]) + ps["bd"]
        names = ["x", "w1", "b1", "w2", "b2", "wd", "bd"]
        f = theano.function([x] + [ps[k] for k in names[1:]], out)
        args = [d[k] for k in names]
        return Prepared(lambda: f(*args), note="libcall.conv2d/pool2d + fused bias/relu")

    def prep_W7(self, d):  # type: ignore[no-untyped-def]
        T, theano = self.T, self.theano
        s = {k: theano.shared(d[k].copy(), name=k) for k in RNN_PARAMS}
        xs = T.tensor3("xs")
        y = T.matrix("y")
        h0 = T.zeros((xs.shape[1], s["Wh"].shape[0]), dtype="float32")
        hs, _ = theano.scan(
            lambda x, h: T.tanh(T.dot(x, s["Wx"]) + T.dot(h, s["Wh"]) + s["b"]),
            sequences=xs, outputs_info=h0,
        )  # fmt: skip
        r = T.dot(hs[-1], s["Wo"]) - y
        loss = (r * r).mean()
        params = [s[k] for k in RNN_PARAMS]
        updates = [(q, q - F32(LR) * g) for q, g in zip(params, theano.grad(loss, params))]
        f = theano.function([xs, y], loss, updates=updates)
        xv, yv = d["xs"], d["y"]
        return Prepared(
            lambda: f(xv, yv),
            lambda loss: dict({k: v.get_value() for k, v in s.items()}, loss=loss),
            note="scan + BPTT (each loop one native kernel)",
        )

    def prep_W6(self, d):  # type: ignore[no-untyped-def]
        x = self.T.vector("x")
        f = self.theano.function([x], x + 1)
        g = self.theano.function([x], x + 1)
        g.trust_input = True  # Theano's: no argument checks
        xv = d["x"]
        return Prepared(lambda: f(xv), extras={"trust_input=True": lambda: g(xv)})

    # ------------------------------------------------------------------ W5
    def init_probe(self):  # type: ignore[no-untyped-def]
        x = self.T.dvector("x")
        self.theano.function([x], x * 2.0 + 1.0)(np.ones(3))

    def compile_probe(self, case, d):  # type: ignore[no-untyped-def]
        T, theano = self.T, self.theano
        t0 = time.perf_counter()
        if case == "W5a":
            x = T.vector("x")
            y = chain_expr(x, T.sin, T.tanh)
            t1 = time.perf_counter()
            out = theano.function([x], y)(d["x"])
        else:
            shared, X, y, loss, updates = self._mlp_step(d)
            t1 = time.perf_counter()
            loss_v = theano.function([X, y], loss, updates=updates)(d["X"], d["y"])
            out = dict({k: v.get_value() for k, v in shared.items()}, loss=loss_v)
        t2 = time.perf_counter()
        return {"build_s": t1 - t0, "compile_first_s": t2 - t1, "out": out}
