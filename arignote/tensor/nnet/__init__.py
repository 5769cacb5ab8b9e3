"""`arignote.tensor.nnet`: Theano's neural-network ops.

conv2d (Theano 1.0's interface: border_mode 'valid' / 'full' / 'half' / int / pairs,
subsample, filter_flip, filter_dilation, input_shape / filter_shape hints), its two
gradients, softmax / log_softmax, sigmoid and friends, relu / elu, softplus, softsign,
binary and categorical cross-entropy.  conv2d and its gradients are `tt.conv2d*` ops,
lowered to `libcall` convolutions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.dialects.builtin import DYNAMIC_INDEX
from xdsl.dialects.builtin import TensorType as IRTensorType
from xdsl.ir import SSAValue

from arignote.dialects import tt as ttd
from arignote.errors import DTypeError, ShapeError
from arignote.graph import Apply, TensorType, Variable, describe, user_location
from arignote.tensor.basic import (
    TensorOp,
    abs_,
    add,
    as_tensor_variable,
    cast,
    clip,
    exp,
    gt,
    is_float_dtype,
    known_shape,
    log,
    maximum,
    mul,
    neg,
    sigmoid,
    softplus,
    sub,
    switch,
    true_div,
    upcast,
)
from arignote.tensor.reduction import sum as tsum
from arignote.tensor.shape import Shape_i, arange
from arignote.tensor.subtensor import getitem

# --------------------------------------------------------------------------- conv2d


class _ConvAttrs(TensorOp):
    def __init__(
        self,
        strides: tuple[int, int],
        padding: tuple[int, int, int, int],
        dilation: tuple[int, int],
        flip: bool,
    ):
        self.strides = tuple(int(s) for s in strides)
        self.padding = tuple(int(p) for p in padding)
        self.dilation = tuple(int(d) for d in dilation)
        self.flip = bool(flip)

    def attrs(self) -> dict[str, Any]:
        return {
            "strides": self.strides, "padding": self.padding, "dilation": self.dilation,
            "flip": self.flip,
        }  # fmt: skip

    def _attr_str(self) -> str:
        return (
            f"strides={list(self.strides)}, padding={list(self.padding)}, "
            f"dilation={list(self.dilation)}{', flip' if self.flip else ''}"
        )

    def _check4(self, loc: tuple[str, int], *vs: Variable) -> None:
        for v in vs:
            if v.ndim != 4:
                raise self.fail(loc, f"needs 4-d tensors (NCHW / OIHW), got {describe(v)}")
            if not is_float_dtype(v.dtype):
                raise self.fail(loc, f"needs float tensors, got {describe(v)}", DTypeError)
        if len({v.dtype for v in vs}) > 1:
            raise self.fail(
                loc,
                "operands must have one dtype: " + ", ".join(describe(v) for v in vs),
                DTypeError,
            )


class Conv2d(_ConvAttrs):
    """conv2d of an NCHW input with OIHW filters (`tt.conv2d`)."""

    def __str__(self) -> str:
        return f"Conv2d{{{self._attr_str()}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        x, w = inputs
        self._check4(loc, x, w)
        kx, kw = known_shape(x), known_shape(w)
        if kx is not None and kw is not None:
            if kx[1] != kw[1]:
                raise self.fail(
                    loc,
                    f"the input has {kx[1]} channels (shape {kx}) but the filters expect "
                    f"{kw[1]} (shape {kw})",
                )
            for i, (n, k) in enumerate(zip(kx[2:], kw[2:])):
                lo, hi = self.padding[2 * i], self.padding[2 * i + 1]
                if n + lo + hi < self.dilation[i] * (k - 1) + 1:
                    raise self.fail(loc, f"the filters {kw} are larger than the padded input {kx}")
        return [TensorType(x.dtype, (x.broadcastable[0], w.broadcastable[0], False, False))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        x, w = inputs
        return [em.add(ttd.Conv2dOp(x, w, self.strides, self.padding, self.dilation, self.flip))]


class Conv2dGradInputs(_ConvAttrs):
    """The gradient of conv2d w.r.t. its input: (gy, w, N, C, H, W) -> gx."""

    def __str__(self) -> str:
        return f"Conv2dGradInputs{{{self._attr_str()}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        gy, w = inputs[:2]
        self._check4(loc, gy, w)
        return [TensorType(gy.dtype, (gy.broadcastable[0], w.broadcastable[1], False, False))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        gy, w, *sizes = inputs
        return [_sized(em, node, sizes, lambda rt, dyn: ttd.Conv2dGradInputOp(
            gy, w, rt, dyn, self.strides, self.padding, self.dilation, self.flip))]  # fmt: skip


class Conv2dGradWeights(_ConvAttrs):
    """The gradient of conv2d w.r.t. its filters: (x, gy, O, C, KH, KW) -> gw."""

    def __str__(self) -> str:
        return f"Conv2dGradWeights{{{self._attr_str()}}}"

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[TensorType]:
        x, gy = inputs[:2]
        self._check4(loc, x, gy)
        return [TensorType(x.dtype, (gy.broadcastable[1], x.broadcastable[1], False, False))]

    def emit(self, em: Any, node: Apply, inputs: Sequence[SSAValue]) -> list[SSAValue]:
        x, gy, *sizes = inputs
        return [_sized(em, node, sizes, lambda rt, dyn: ttd.Conv2dGradFilterOp(
            x, gy, rt, dyn, self.strides, self.padding, self.dilation, self.flip))]  # fmt: skip


def _sized(em: Any, node: Apply, sizes: Sequence[SSAValue], make: Any) -> SSAValue:
    out_t = node.outputs[0].type
    idx = [em.index_of(v, s) for v, s in zip(node.inputs[2:], sizes)]
    el = ttd.element_type_of_dtype(out_t.dtype)
    rt = IRTensorType(el, [1 if b else DYNAMIC_INDEX for b in out_t.broadcastable])
    dyn = [i for i, b in zip(idx, out_t.broadcastable) if not b]
    return em.same_sizes(em.add(make(rt, dyn)), None, idx)


def _pair(v: Any, what: str) -> tuple[int, int]:
    if isinstance(v, int):
        return (v, v)
    t = tuple(v)
    if len(t) != 2 or not all(isinstance(i, int) for i in t):
        raise ValueError(f"conv2d: {what} must be an int or a pair of ints, got {v!r}")
    return (int(t[0]), int(t[1]))


def conv2d(
    input: Any,  # noqa: A002 - Theano's name
    filters: Any,
    input_shape: Any = None,
    filter_shape: Any = None,
    border_mode: Any = "valid",
    subsample: Any = (1, 1),
    filter_flip: bool = True,
    image_shape: Any = None,
    filter_dilation: Any = (1, 1),
    num_groups: int = 1,
    unshared: bool = False,
    **kwargs: Any,
) -> Variable:
    """2-d convolution of a (batch, channels, rows, cols) input with (out channels, in
    channels, rows, cols) filters; filter_flip=True is a true convolution."""
    f, line = user_location()
    where = f"conv2d at {f}:{line}"
    if num_groups != 1 or unshared:
        raise ValueError(f"{where}: grouped and unshared convolutions are not supported")
    x, w = as_tensor_variable(input), as_tensor_variable(filters)
    if x.ndim != 4 or w.ndim != 4:
        raise ShapeError(
            f"{where}: needs a 4-d input and 4-d filters, got {describe(x)}, {describe(w)}"
        )
    dt = upcast(x.dtype, w.dtype)
    if not is_float_dtype(dt):
        raise DTypeError(f"{where}: needs float tensors, got {describe(x)}, {describe(w)}")
    x, w = cast(x, dt), cast(w, dt)
    input_shape = input_shape if input_shape is not None else image_shape
    for name, hint, v in (("input_shape", input_shape, x), ("filter_shape", filter_shape, w)):
        if hint is None:
            continue
        if len(hint) != 4:
            raise ShapeError(f"{where}: {name} {hint} must have 4 entries")
        known = known_shape(v)
        if known is not None:
            if any(h is not None and h != k for h, k in zip(hint, known)):
                raise ShapeError(
                    f"{where}: {name} {tuple(hint)} disagrees with {describe(v)} of shape {known}"
                )
    strides = _pair(subsample, "subsample")
    dil = _pair(filter_dilation, "filter_dilation")
    kshape = known_shape(w)
    if kshape is None and filter_shape is not None and None not in tuple(filter_shape)[2:]:
        kshape = tuple(filter_shape)

    def kernel() -> tuple[int, int]:
        if kshape is None:
            raise ShapeError(
                f"{where}: border_mode={border_mode!r} needs the filter size; pass "
                "filter_shape=(...) or use a shared/constant filter"
            )
        return int(kshape[2]), int(kshape[3])

    if border_mode == "valid":
        pad = (0, 0, 0, 0)
    elif border_mode == "full":
        kh, kw = kernel()
        ph, pw = dil[0] * (kh - 1), dil[1] * (kw - 1)
        pad = (ph, ph, pw, pw)
    elif border_mode == "half":
        kh, kw = kernel()
        ph, pw = dil[0] * (kh // 2), dil[1] * (kw // 2)
        pad = (ph, ph, pw, pw)
    elif isinstance(border_mode, int):
        pad = (border_mode,) * 4
    elif isinstance(border_mode, tuple | list) and len(border_mode) == 2:
        parts = []
        for p in border_mode:
            lo, hi = _pair(p, "a border_mode entry")
            parts.extend([lo, hi] if not isinstance(p, int) else [p, p])
        pad = tuple(parts)  # type: ignore[assignment]
    else:
        raise ValueError(
            f"{where}: border_mode must be 'valid', 'full', 'half', an int or a pair, "
            f"got {border_mode!r}"
        )
    if min(pad) < 0:
        raise ValueError(f"{where}: negative padding {pad}")
    return Conv2d(strides, pad, dil, filter_flip)(x, w)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- softmax


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


def relu(x: Any, alpha: Any = 0) -> Variable:
    """max(x, 0), or x for x > 0 and alpha * x otherwise."""
    v = _floatify(x)
    if isinstance(alpha, int | float) and alpha == 0:
        return maximum(v, 0)
    return switch(gt(v, 0), v, mul(alpha, v))


def elu(x: Any, alpha: float = 1.0) -> Variable:
    v = _floatify(x)
    return switch(gt(v, 0), v, mul(alpha, sub(exp(v), 1)))


def softsign(x: Any) -> Variable:
    v = _floatify(x)
    return true_div(v, add(1, abs_(v)))


def hard_sigmoid(x: Any) -> Variable:
    v = _floatify(x)
    return clip(add(mul(v, 0.2), 0.5), 0, 1)


ultra_fast_sigmoid = sigmoid


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
    if t.ndim == p.ndim - 1 and p.ndim == 2 and t.dtype.startswith("int"):
        return neg(log(getitem(p, (arange(Shape_i(0)(t)), t))))
    raise ShapeError(
        f"categorical_crossentropy: targets {describe(t)} must be integer labels (one dim "
        f"fewer) or a distribution like the predictions {describe(p)}"
    )


def crossentropy_categorical_1hot(coding_dist: Any, true_one_of_n: Any) -> Variable:
    return categorical_crossentropy(coding_dist, true_one_of_n)


__all__ = [
    "Conv2d", "Conv2dGradInputs", "Conv2dGradWeights", "conv2d", "Softmax", "softmax",
    "log_softmax", "logsoftmax", "relu", "elu", "softsign", "hard_sigmoid", "ultra_fast_sigmoid",
    "sigmoid", "softplus", "binary_crossentropy", "sigmoid_binary_crossentropy",
    "categorical_crossentropy", "crossentropy_categorical_1hot",
]  # fmt: skip
