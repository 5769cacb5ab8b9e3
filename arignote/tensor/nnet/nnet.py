"""`theano.tensor.nnet.nnet`: softmax / log_softmax, relu, elu, softsign and the
cross-entropies.  softmax is a `tt.softmax` op; the rest are elementwise compositions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.errors import DTypeError, ShapeError
from arignote.graph import Apply, TensorType, Variable, describe
from arignote.tensor.basic import (
    TensorOp,
    abs_,
    add,
    as_tensor_variable,
    cast,
    exp,
    gt,
    is_float_dtype,
    log,
    mul,
    neg,
    softplus,
    sub,
    switch,
    true_div,
)
from arignote.tensor.reduction import sum as tsum
from arignote.tensor.shape import Shape_i, arange
from arignote.tensor.subtensor import getitem

class Softmax(TensorOp):
    """Softmax (or log-softmax) over the last axis (`tt.softmax` / `tt.log_softmax`)."""

    def __init__(self, log: bool = False):
        self.log = log

    def __str__(self) -> str:
        return "LogSoftmax" if self.log else "Softmax"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        (x,) = inputs
        if x.ndim < 1:
            raise self.fail(loc, f"needs at least one dim, got {describe(x)}")
        if not is_float_dtype(x.dtype):
            raise self.fail(loc, f"needs a float tensor, got {describe(x)}", DTypeError)
        return [x.type]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        axis = node.inputs[0].ndim - 1
        cls = ttd.LogSoftmaxOp if self.log else ttd.SoftmaxOp
        return [em.same_sizes(em.add(cls(inputs[0], axis)), inputs[0])]


def _floatify(x: Any) -> Variable:
    v = as_tensor_variable(x)
    if not is_float_dtype(v.dtype):
        from arignote.config import config

        v = cast(v, config.floatX)
    return v


def softmax(c: Any, axis: int = -1) -> Variable:
    v = _floatify(c)
    if axis not in (-1, v.ndim - 1):
        raise ValueError("softmax: only the last axis is supported (as Theano)")
    return Softmax()(v)


def log_softmax(c: Any, axis: int = -1) -> Variable:
    v = _floatify(c)
    if axis not in (-1, v.ndim - 1):
        raise ValueError("log_softmax: only the last axis is supported (as Theano)")
    return Softmax(log=True)(v)


logsoftmax = log_softmax
softmax_op = softmax
softmax_graph = softmax


def relu(x: Any, alpha: Any = 0) -> Any:
    """Theano's formula (nnet/nnet.py `relu`): 0.5 * (x + |x|), or with a leak
    0.5 * (1 + alpha) * x + 0.5 * (1 - alpha) * |x| -- so its gradient at 0 is 0.5 (or
    (1 + alpha) / 2), and a NumPy array gives a NumPy array, as with Theano (Lasagne's
    tests compute their references with it)."""
    if isinstance(alpha, int | float) and alpha == 0:
        return 0.5 * (x + abs(x))
    a = as_tensor_variable(alpha)
    return 0.5 * (1 + a) * x + 0.5 * (1 - a) * abs(x)


def elu(x: Any, alpha: float = 1.0) -> Variable:
    v = _floatify(x)
    return switch(gt(v, 0), v, mul(alpha, sub(exp(v), 1)))


def softsign(x: Any) -> Variable:
    v = _floatify(x)
    return true_div(v, add(1, abs_(v)))


def binary_crossentropy(output: Any, target: Any) -> Variable:
    """-(target * log(output) + (1 - target) * log(1 - output))."""
    return neg(add(mul(target, log(output)), mul(sub(1, target), log(sub(1, output)))))


def sigmoid_binary_crossentropy(output: Any, target: Any) -> Variable:
    """binary_crossentropy(sigmoid(output), target), computed stably from the logits."""
    return sub(softplus(output), mul(target, output))


def categorical_crossentropy(coding_dist: Any, true_dist: Any) -> Variable:
    """-log(coding_dist[i, true_dist[i]]) for integer targets, else
    -sum(true_dist * log(coding_dist), axis=-1)."""
    p = as_tensor_variable(coding_dist)
    t = as_tensor_variable(true_dist)
    if t.ndim == p.ndim:
        return neg(tsum(mul(t, log(p)), axis=p.ndim - 1))
    if t.ndim == p.ndim - 1 and p.ndim == 2 and t.dtype.startswith(("int", "uint")):
        return neg(log(getitem(p, (arange(Shape_i(0)(t)), t))))
    raise ShapeError(
        f"categorical_crossentropy: targets {describe(t)} must be integer labels (one dim "
        f"fewer) or a distribution like the predictions {describe(p)}"
    )


def crossentropy_categorical_1hot(coding_dist: Any, true_one_of_n: Any) -> Variable:
    return categorical_crossentropy(coding_dist, true_one_of_n)


__all__ = [
    "Softmax", "softmax", "log_softmax", "logsoftmax", "relu", "elu", "softsign",
    "binary_crossentropy", "sigmoid_binary_crossentropy",
    "categorical_crossentropy", "crossentropy_categorical_1hot",
]  # fmt: skip
