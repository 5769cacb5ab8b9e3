"""`theano.tensor.nnet.abstract_conv`: 2-d convolution and its gradients.

`conv2d` (Theano 1.0's interface: border_mode 'valid' / 'full' / 'half' / int / pairs,
subsample, filter_flip, filter_dilation, input_shape / filter_shape hints), the two
gradients as functions (`conv2d_grad_wrt_inputs`, `conv2d_grad_wrt_weights`) and as
Theano's op classes (`AbstractConv2d`, `AbstractConv2d_gradInputs`,
`AbstractConv2d_gradWeights`, called as `op(kernel, topgrad, shape)`), and the shape
helpers (`get_conv_output_shape`, `get_conv_shape_1axis`).  Each is a `tt.conv2d*` op,
lowered to a `libcall` convolution.  3-d convolutions, grouped and unshared convolutions
are not here.
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
    as_tensor_variable,
    cast,
    is_float_dtype,
    known_shape,
    upcast,
)
from arignote.tensor.shape import Shape_i



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
    kshape = _kernel_shape(w, filter_shape)

    pad = border_padding(border_mode, kshape, dil, where)
    return Conv2d(strides, pad, dil, filter_flip)(x, w)  # type: ignore[arg-type]



def _kernel_shape(w: Variable, filter_shape: Any) -> tuple[int, ...] | None:
    """The filters' known shape, or the user's hint when its spatial sizes are given."""
    kshape = known_shape(w)
    if kshape is None and filter_shape is not None and None not in tuple(filter_shape)[2:]:
        kshape = tuple(int(k) for k in filter_shape)
    return kshape


def border_padding(
    border_mode: Any, kshape: Sequence[int] | None, dil: tuple[int, int], where: str
) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) padding of a border_mode; 'full' and 'half' need the
    filter size (`kshape`, OIHW)."""

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
    return pad  # type: ignore[return-value]


# --------------------------------------------------------------------------- gradients


def _size_vars(sizes: Sequence[Any], where: str, what: str) -> list[Variable]:
    out = []
    for s in sizes:
        if s is None:
            raise ShapeError(f"{where}: {what} {tuple(sizes)} must give every size")
        out.append(as_tensor_variable(s))
    return out


def _spatial(shape: Any, where: str, what: str) -> list[Any]:
    """Two spatial sizes from a list/tuple of ints or scalars, or a symbolic vector."""
    if isinstance(shape, Variable):
        if shape.ndim != 1:
            raise ShapeError(f"{where}: {what} must be a vector of 2 sizes, got {describe(shape)}")
        return [shape[0], shape[1]]
    shape = list(shape)
    if len(shape) != 2:
        raise ShapeError(f"{where}: {what} {tuple(shape)} must have 2 entries")
    return shape


def _int_pair_or_none(shape: Sequence[Any]) -> tuple[int, int] | None:
    if all(isinstance(s, int) for s in shape):
        return int(shape[0]), int(shape[1])
    return None


def conv2d_grad_wrt_inputs(
    output_grad: Any,
    filters: Any,
    input_shape: Any,
    filter_shape: Any = None,
    border_mode: Any = "valid",
    subsample: Any = (1, 1),
    filter_flip: bool = True,
    filter_dilation: Any = (1, 1),
    num_groups: int = 1,
) -> Variable:
    """The gradient of `conv2d(x, filters, ...)` w.r.t. x, given the gradient of its
    output; `input_shape` is x's shape (batch, channels, rows, cols; ints or scalars,
    None for the batch and channels to take them from the operands).  Also the
    transposed convolution ("deconvolution") of output_grad."""
    f, line = user_location()
    where = f"conv2d_grad_wrt_inputs at {f}:{line}"
    if num_groups != 1:
        raise ValueError(f"{where}: grouped convolutions are not supported")
    gy, w = _float_pair(output_grad, filters, where)
    input_shape = list(input_shape)
    if len(input_shape) != 4:
        raise ShapeError(f"{where}: input_shape {tuple(input_shape)} must have 4 entries")
    n = input_shape[0] if input_shape[0] is not None else Shape_i(0)(gy)
    c = input_shape[1] if input_shape[1] is not None else Shape_i(1)(w)
    h, wd = _size_vars(input_shape[2:], where, "input_shape")
    dil = _pair(filter_dilation, "filter_dilation")
    pad = border_padding(border_mode, _kernel_shape(w, filter_shape), dil, where)
    op = Conv2dGradInputs(_pair(subsample, "subsample"), pad, dil, filter_flip)
    return op(gy, w, as_tensor_variable(n), as_tensor_variable(c), h, wd)


def conv2d_grad_wrt_weights(
    input: Any,  # noqa: A002 - Theano's name
    output_grad: Any,
    filter_shape: Any,
    input_shape: Any = None,
    border_mode: Any = "valid",
    subsample: Any = (1, 1),
    filter_flip: bool = True,
    filter_dilation: Any = (1, 1),
    num_groups: int = 1,
) -> Variable:
    """The gradient of `conv2d(input, w, ...)` w.r.t. w, given the gradient of its output;
    `filter_shape` is w's shape (out channels, in channels, rows, cols; None for the
    channels to take them from the operands)."""
    f, line = user_location()
    where = f"conv2d_grad_wrt_weights at {f}:{line}"
    if num_groups != 1:
        raise ValueError(f"{where}: grouped convolutions are not supported")
    x, gy = _float_pair(input, output_grad, where)
    filter_shape = list(filter_shape)
    if len(filter_shape) != 4:
        raise ShapeError(f"{where}: filter_shape {tuple(filter_shape)} must have 4 entries")
    o = filter_shape[0] if filter_shape[0] is not None else Shape_i(1)(gy)
    c = filter_shape[1] if filter_shape[1] is not None else Shape_i(1)(x)
    kh, kw = _size_vars(filter_shape[2:], where, "filter_shape")
    dil = _pair(filter_dilation, "filter_dilation")
    spatial = _int_pair_or_none(filter_shape[2:])
    pad = border_padding(border_mode, (0, 0, *spatial) if spatial else None, dil, where)
    op = Conv2dGradWeights(_pair(subsample, "subsample"), pad, dil, filter_flip)
    return op(x, gy, as_tensor_variable(o), as_tensor_variable(c), kh, kw)


def _float_pair(a: Any, b: Any, where: str) -> tuple[Variable, Variable]:
    x, y = as_tensor_variable(a), as_tensor_variable(b)
    if x.ndim != 4 or y.ndim != 4:
        raise ShapeError(f"{where}: needs 4-d tensors, got {describe(x)}, {describe(y)}")
    dt = upcast(x.dtype, y.dtype)
    if not is_float_dtype(dt):
        raise DTypeError(f"{where}: needs float tensors, got {describe(x)}, {describe(y)}")
    return cast(x, dt), cast(y, dt)


def get_conv_shape_1axis(
    image_shape: Any, kernel_shape: Any, border_mode: Any, subsample: Any, dilation: Any = 1
) -> Any:
    """The output size of a convolution along one axis (None if any input is None);
    sizes may be ints or symbolic scalars."""
    if None in (image_shape, kernel_shape, border_mode, subsample, dilation):
        return None
    dil_k = (kernel_shape - 1) * dilation + 1
    if border_mode == "half":
        lo = hi = dil_k // 2
    elif border_mode == "full":
        lo = hi = dil_k - 1
    elif border_mode == "valid":
        lo = hi = 0
    else:
        lo, hi = border_mode if isinstance(border_mode, tuple) else (border_mode, border_mode)
        if lo < 0 or hi < 0:
            raise ValueError("border_mode must be >= 0")
    out = image_shape - dil_k
    if lo != 0:
        out += lo
    if hi != 0:
        out += hi
    if subsample != 1:
        out = out // subsample
    return out + 1


def get_conv_output_shape(
    image_shape: Sequence[Any],
    kernel_shape: Sequence[Any],
    border_mode: Any,
    subsample: Sequence[Any],
    filter_dilation: Sequence[Any] | None = None,
) -> tuple[Any, ...]:
    """(batch, out channels, *spatial) of a convolution, Theano's rule per axis."""
    bsize, imshp = image_shape[0], image_shape[2:]
    nkern, kshp = kernel_shape[0], kernel_shape[-len(imshp):]
    dil = filter_dilation if filter_dilation is not None else (1,) * len(imshp)
    if isinstance(border_mode, tuple):
        modes = border_mode
    else:
        modes = (border_mode,) * len(imshp)
    return (bsize, nkern) + tuple(
        get_conv_shape_1axis(i, k, m, s, d)
        for i, k, m, s, d in zip(imshp, kshp, modes, subsample, dil, strict=True)
    )


class BaseAbstractConv:
    """Theano's convolution op objects: the configuration, called on variables."""

    def __init__(
        self,
        imshp: Any = None,
        kshp: Any = None,
        border_mode: Any = "valid",
        subsample: Any = (1, 1),
        filter_flip: bool = True,
        filter_dilation: Any = (1, 1),
        num_groups: int = 1,
        unshared: bool = False,
    ):
        if num_groups != 1 or unshared:
            raise ValueError(
                f"{type(self).__name__}: grouped and unshared convolutions are not supported"
            )
        self.imshp = tuple(imshp) if imshp is not None else (None,) * 4
        self.kshp = tuple(kshp) if kshp is not None else (None,) * 4
        self.border_mode = border_mode
        self.subsample = tuple(subsample)
        self.filter_flip = filter_flip
        self.filter_dilation = tuple(filter_dilation)

    def _common(self) -> dict[str, Any]:
        return {
            "border_mode": self.border_mode, "subsample": self.subsample,
            "filter_flip": self.filter_flip, "filter_dilation": self.filter_dilation,
        }  # fmt: skip


class AbstractConv2d(BaseAbstractConv):
    """`AbstractConv2d(imshp, kshp, border_mode, ...)(img, kern)`: conv2d."""

    def __call__(self, img: Any, kern: Any) -> Variable:
        return conv2d(img, kern, input_shape=self.imshp, filter_shape=self.kshp, **self._common())


class AbstractConv2d_gradInputs(BaseAbstractConv):  # noqa: N801 - Theano's name
    """`AbstractConv2d_gradInputs(imshp, kshp, ...)(kern, topgrad, shape)`: the gradient
    w.r.t. the input of spatial size `shape` (a transposed convolution)."""

    def __call__(self, kern: Any, topgrad: Any, shape: Any) -> Variable:
        f, line = user_location()
        spatial = _spatial(shape, f"AbstractConv2d_gradInputs at {f}:{line}", "shape")
        return conv2d_grad_wrt_inputs(
            topgrad, kern, [None, None, *spatial], filter_shape=self.kshp, **self._common()
        )


class AbstractConv2d_gradWeights(BaseAbstractConv):  # noqa: N801 - Theano's name
    """`AbstractConv2d_gradWeights(imshp, kshp, ...)(img, topgrad, shape)`: the gradient
    w.r.t. filters of spatial size `shape`."""

    def __call__(self, img: Any, topgrad: Any, shape: Any) -> Variable:
        f, line = user_location()
        spatial = _spatial(shape, f"AbstractConv2d_gradWeights at {f}:{line}", "shape")
        return conv2d_grad_wrt_weights(
            img, topgrad, [None, None, *spatial], input_shape=self.imshp, **self._common()
        )


__all__ = [
    "Conv2d", "Conv2dGradInputs", "Conv2dGradWeights", "conv2d", "conv2d_grad_wrt_inputs",
    "conv2d_grad_wrt_weights", "get_conv_output_shape", "get_conv_shape_1axis",
    "border_padding", "BaseAbstractConv", "AbstractConv2d", "AbstractConv2d_gradInputs",
    "AbstractConv2d_gradWeights",
]  # fmt: skip
