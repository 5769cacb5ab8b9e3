"""arignote as a system of the team's yardstick, ../shared/bench/peers.py.

    python ../shared/bench/peers.py --plugin bench/arignote_peers.py --only W1,W2b,W6 \
        --systems numpy,numexpr,arignote

Workloads arignote can run today are implemented; the others are reported n/a.
"""

from __future__ import annotations

import numpy as np
from peers import Prepared, System, register  # type: ignore[import-not-found]


@register
class Arignote(System):
    name = "arignote"
    description = "arignote (tt -> linalg -> loops -> LLVM, device=cpu)"

    def setup(self):  # type: ignore[no-untyped-def]
        import arignote
        import arignote.tensor as T

        arignote.config.device = "cpu"
        arignote.config.floatX = "float32"
        self.theano, self.T = arignote, T

    def info(self):  # type: ignore[no-untyped-def]
        return {"arignote": self.theano.__version__, "device": self.theano.config.device}

    def prep_W1(self, d):  # type: ignore[no-untyped-def]
        T = self.T
        x = T.vector("x")
        y = T.exp(-x * x) * T.sin(3 * x) + 0.5 * T.tanh(x) - x / (1 + x * x)
        f = self.theano.function([x], y)
        xv = d["x"]
        return Prepared(lambda: f(xv), note="one fused kernel, polynomial exp/sin/tanh")

    def prep_W2b(self, d):  # type: ignore[no-untyped-def]
        T = self.T
        x, s = T.vector("x"), T.scalar("s")
        f = self.theano.function([x, s], x + s * x)
        xv, sv = d["x"], np.float32(d["s"])
        return Prepared(lambda: f(xv, sv))

    def prep_W6(self, d):  # type: ignore[no-untyped-def]
        T = self.T
        x = T.vector("x")
        f = self.theano.function([x], x + 1)
        xv = d["x"]
        return Prepared(lambda: f(xv))
