"""`theano.tensor.nnet.sigm`: sigmoid, softplus and their approximations.

`ultra_fast_sigmoid` is the exact sigmoid here (Theano's was a piecewise approximation
chosen for speed; the compiled sigmoid is already fast); `hard_sigmoid` is Theano's
`clip(0.2 x + 0.5, 0, 1)`.
"""

from __future__ import annotations

from typing import Any

from arignote.graph import Variable
from arignote.tensor.basic import add, clip, mul, sigmoid, softplus
from arignote.tensor.nnet.nnet import _floatify

ultra_fast_sigmoid = sigmoid
scalar_sigmoid = sigmoid


def hard_sigmoid(x: Any) -> Variable:
    v = _floatify(x)
    return clip(add(mul(v, 0.2), 0.5), 0, 1)


__all__ = ["sigmoid", "softplus", "ultra_fast_sigmoid", "scalar_sigmoid", "hard_sigmoid"]
