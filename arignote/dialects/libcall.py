"""The `libcall` dialect: calls into vendor libraries, in destination-passing style.

Ops work on tensors (value semantics: the one result is a new tensor of the destination's
type) or on memrefs (the destination buffer is overwritten; no result).  Which library
runs an op (cuBLAS, cuDNN, a CPU BLAS, NumPy) is chosen by `select-libcall-providers`
from where the buffers live and recorded in the discardable attribute `provider`; it is
never part of the semantics.  Each op states its semantics exactly, so that every
provider computes the same thing; `reference` is that semantics in NumPy.

Conventions shared by every op:

- All operands are tensors, or all are memrefs (identity layout: row-major, contiguous).
  Element types are f16, f32 or f64, the same for every operand.
- Exactly one operand is the destination (`outs(...)`); `destination_operands()` gives
  its index in `op.operands` (a list, for bufferization), `reads_destination()` says
  whether its incoming contents are read (only `gemm`/`batched_gemm` with beta != 0).
  On tensors the op's one result corresponds to that destination.
- `reference(*arrays)` takes NumPy arrays in operand order (the destination included,
  which gives the output's shape) and returns the destination's new value, computed in
  float64 and rounded once to the element type.  Shape mismatches that the types could
  not rule out raise `ShapeError`.
- Where a result size is determined by the others, the verifier checks it when the sizes
  are static; providers check the same at run time.
- On memrefs the destination may be (or overlap) an input buffer: the semantics are those
  of computing from the inputs' incoming values (host providers then compute into a
  temporary).  Providers may compute f16 in float32 and round once.

## gemm, batched_gemm (all matrices row-major)

    D = epilogue(alpha * op_a(A) @ op_b(B) + beta * C + bias)

- gemm: A is (M, K), or (K, M) with `transpose_a`; B is (K, N), or (N, K) with
  `transpose_b`; C and D are (M, N).  op_x is the identity or the transpose.
  batched_gemm: the same with one leading batch dim on A, B and C (equal sizes, no
  broadcasting): D[i] = epilogue(alpha * op_a(A[i]) @ op_b(B[i]) + beta * C[i] + bias).
- `beta` scales the destination's incoming contents; with beta = 0 they are not read
  (NaN in C does not propagate).
- `bias`, optional, is a vector of N values added to every row.
- `epilogue` is `none` or `relu` (max(x, 0), applied last).
- alpha and beta are f64 attributes applied in the element type.

    %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>)
                      outs(%c : tensor<4x16xf32>) alpha = 1.0 beta = 0.0 -> tensor<4x16xf32>
    libcall.gemm ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
                 bias(%v : memref<?xf32>) transpose_b alpha = 1.0 beta = 0.0 epilogue = relu
    libcall.batched_gemm ins(%a, %b : memref<?x?x?xf32>, memref<?x?x?xf32>)
                 outs(%c : memref<?x?x?xf32>) transpose_a alpha = 1.0 beta = 0.0

## conv2d, conv2d_backward_data, conv2d_backward_filter

Layouts: input X is NCHW (N, C, H, W); filters W are OIHW (O, C, kh, kw); output Y is
NCHW (N, O, Ho, Wo).  Attributes: `strides [sh, sw]` (>= 1), `padding [pt, pb, pl, pr]`
(zero padding: top, bottom, left, right; >= 0), `dilation [dh, dw]` (>= 1), `flip`.
Let Xp be X zero-padded (Xp[n, c, r, s] = X[n, c, r - pt, s - pl] inside, 0 outside;
Xp is (H + pt + pb) x (W + pl + pr)) and Wf = W rotated by 180 degrees in (kh, kw)
(Wf[o, c, u, v] = W[o, c, kh-1-u, kw-1-v]) with `flip` (true convolution, Theano's
default `filter_flip=True`), else Wf = W (cross-correlation, cuDNN's
CUDNN_CROSS_CORRELATION; with flip it is CUDNN_CONVOLUTION).

    conv2d:   Y[n, o, i, j] = epilogue(bias[o] +
                  sum_{c, u, v} Xp[n, c, i*sh + u*dh, j*sw + v*dw] * Wf[o, c, u, v])
    Ho = (H + pt + pb - dh*(kh-1) - 1) // sh + 1,  Wo = (W + pl + pr - dw*(kw-1) - 1) // sw + 1

(floor division; the dilated filter must fit in the padded input: Ho, Wo >= 1).
`bias` (optional, a vector of O) and `epilogue` (`none` | `relu`) as for gemm.

conv2d_backward_data takes dY (N, O, Ho, Wo) and W and writes dX (N, C, H, W), the
gradient of sum(conv2d(X, W) * dY) with respect to X (bias and epilogue absent):

    dX[n, c, h, w] = sum over (o, i, j, u, v) with i*sh + u*dh - pt = h and
                     j*sw + v*dw - pl = w of dY[n, o, i, j] * Wf[o, c, u, v]

(0 where no window reaches).  H and W come from the destination (with stride > 1
several input sizes give the same Ho); Ho must equal the formula above for them.

conv2d_backward_filter takes X and dY and writes dW (O, C, kh, kw), the gradient of
sum(conv2d(X, W) * dY) with respect to W:

    G[o, c, u, v] = sum_{n, i, j} dY[n, o, i, j] * Xp[n, c, i*sh + u*dh, j*sw + v*dw]
    dW = G rotated by 180 degrees with `flip`, else G.

Theano's `border_mode` maps onto padding with `conv_padding` ('valid' -> 0, 'full' ->
dh*(kh-1) on both sides, 'half' -> (dh*(kh-1)+1) // 2 on both sides, int or (int, int)).

    %y = libcall.conv2d ins(%x, %w : tensor<8x3x32x32xf32>, tensor<16x3x5x5xf32>)
             outs(%e : tensor<8x16x28x28xf32>) strides [1, 1] padding [0, 0, 0, 0]
             dilation [1, 1] flip -> tensor<8x16x28x28xf32>
    libcall.conv2d_backward_data ins(%dy, %w : ...) outs(%dx : ...) strides [...] ...
    libcall.conv2d_backward_filter ins(%x, %dy : ...) outs(%dw : ...) strides [...] ...

## pool2d, pool2d_backward (Theano's pool_2d)

Pooling over the last two dims of an input of any rank >= 2 (leading dims are batch);
the output has the input's leading dims.  Attributes: mode (`max`, `sum`,
`average_inc_pad`, `average_exc_pad`), `window [wh, ww]` (>= 1), `strides [sh, sw]`
(>= 1), `padding [ph, pw]` (the same on both sides of a dim, 0 <= p < window).
Output window (i, j) covers input rows i*sh - ph .. i*sh - ph + wh - 1 and columns
j*sw - pw .. j*sw - pw + ww - 1; positions outside the input are padding:

- max: the maximum of the window's input elements (padding excluded; NaN propagates;
  -inf for a window without input elements);
- sum: the sum of its input elements;
- average_exc_pad: the sum divided by the number of its input elements (0 if none);
- average_inc_pad: the sum divided by the number of its positions inside the padded
  extent (rows -ph .. H+ph-1, columns -pw .. W+pw-1): wh*ww for every full window.

The output size is the destination's (Ho, Wo); it must be one of Theano's
`Pool.out_shape` sizes for the input, per dim (n = H, w = wh, s = sh, p = ph):

- ignore_border=True:  max(0, (n + 2p - w) // s + 1)
- ignore_border=False (requires p = 0): (n - 1) // s + 1 if s >= w, else
  max(0, (n - 1 - w + s) // s) + 1; the last windows may then extend past the input,
  and average_inc_pad divides them by their in-input count, as Theano does.

pool2d_backward writes dX (the input's shape) from dY (the output's shape):

- max: ins(X, Y, dY) with Y the forward output: every input element of window (i, j)
  equal to Y[i, j] receives dY[i, j] (ties: each tied maximum receives the full
  gradient; Theano's MaxPoolGrad); contributions of overlapping windows add up;
- sum / averages: ins(dY): each input element of window (i, j) receives dY[i, j]
  (sum) or dY[i, j] divided by the window's divisor above.

    %y = libcall.pool2d max ins(%x : tensor<8x16x28x28xf32>) outs(%e : tensor<8x16x14x14xf32>)
             window [2, 2] strides [2, 2] padding [0, 0] -> tensor<8x16x14x14xf32>
    libcall.pool2d_backward max ins(%x, %y, %dy : ...) outs(%dx : ...) window [2, 2] ...
    libcall.pool2d_backward average_exc_pad ins(%dy : ...) outs(%dx : ...) window [3, 3] ...

## softmax, log_softmax

Over one axis of an input of any rank >= 1; Y has X's type.
softmax: Y = exp(X - m) / sum_axis(exp(X - m)); log_softmax: Y = X - m - log(sum_axis(
exp(X - m))), with m = max_axis(X) (NaN propagates; a slice of all -inf gives NaN).

    %y = libcall.softmax ins(%x : tensor<?x10xf32>) outs(%e : tensor<?x10xf32>) axis 1
             -> tensor<?x10xf32>
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    BoolAttr,
    DenseArrayBase,
    FloatAttr,
    IntegerAttr,
    MemRefType,
    NoneAttr,
    StringAttr,
    TensorType,
    f64,
    i64,
)
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_result_def,
    prop_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from arignote.dialects import tt
from arignote.errors import ShapeError

EPILOGUES = ("none", "relu")
POOL_MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")

ShapedType = TensorType | MemRefType


# --------------------------------------------------------------------------- helpers


HOST, DEVICE = "host", "device"


def memory_side(space: Attribute) -> str | None:
    """Where a buffer of memory space `space` lives: `host` for the default space (or 0),
    `device` for space 1 (NVPTX global), else None (no provider serves it)."""
    if isinstance(space, NoneAttr):
        return HOST
    if isinstance(space, IntegerAttr):
        return {0: HOST, 1: DEVICE}.get(space.value.data)
    return None


def _shape_str(shape: Sequence[int]) -> str:
    return "x".join("?" if d == DYNAMIC_INDEX else str(d) for d in shape)


def _compatible(a: int, b: int) -> bool:
    return a == DYNAMIC_INDEX or b == DYNAMIC_INDEX or a == b


def _known(*sizes: int) -> bool:
    return all(s != DYNAMIC_INDEX for s in sizes)


def _int_list(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _i64_array(values: Sequence[int]) -> DenseArrayBase:
    return DenseArrayBase.from_list(i64, [int(v) for v in values])


def _values(arr: DenseArrayBase) -> tuple[int, ...]:
    return tuple(int(v) for v in arr.get_values())


def _parse_group(parser: Parser, keyword: str) -> list[SSAValue]:
    """`keyword(%a, %b : T1, T2)`."""
    parser.parse_keyword(keyword)
    parser.parse_punctuation("(")
    names = parser.parse_comma_separated_list(
        Parser.Delimiter.NONE, parser.parse_unresolved_operand
    )
    parser.parse_punctuation(":")
    types = parser.parse_comma_separated_list(Parser.Delimiter.NONE, parser.parse_type)
    if len(types) != len(names):
        parser.raise_error(f"expected {len(names)} types, got {len(types)}")
    parser.parse_punctuation(")")
    return [parser.resolve_operand(n, t) for n, t in zip(names, types)]


def _print_group(printer: Printer, keyword: str, values: Sequence[SSAValue]) -> None:
    printer.print_string(f" {keyword}(")
    printer.print_list(values, printer.print_operand)
    printer.print_string(" : ")
    printer.print_list([v.type for v in values], printer.print_attribute)
    printer.print_string(")")


def _parse_int_list_kw(parser: Parser, keyword: str) -> list[int]:
    parser.parse_keyword(keyword)
    return parser.parse_comma_separated_list(Parser.Delimiter.SQUARE, parser.parse_integer)


def _parse_result_tail(parser: Parser, name: str, dest: SSAValue) -> None:
    """`-> T` (tensors only): T must be the destination's type."""
    if parser.parse_optional_punctuation("->"):
        pos = parser.pos
        rt = parser.parse_type()
        if rt != dest.type:
            parser.raise_error(
                f"{name}: the result type must be the destination's type {dest.type}, got {rt}",
                pos,
                parser.pos,
            )


def _expect_count(parser: Parser, name: str, values: Sequence[SSAValue], n: int, form: str) -> None:
    if len(values) != n:
        parser.raise_error(f"{name} takes {n} input(s): ins({form})")


# --------------------------------------------------------------------------- geometry


def conv_output_size(n: int, k: int, stride: int, pad_lo: int, pad_hi: int, dilation: int) -> int:
    """Output size of a convolution along one dim: (n + lo + hi - d*(k-1) - 1) // s + 1."""
    return (n + pad_lo + pad_hi - dilation * (k - 1) - 1) // stride + 1


def conv_padding(
    border_mode: str | int | tuple[int, int],
    kernel_hw: Sequence[int],
    dilation: Sequence[int] = (1, 1),
) -> tuple[int, int, int, int]:
    """Theano's conv2d `border_mode` as libcall padding [pt, pb, pl, pr].

    'valid' -> no padding; 'full' -> d*(k-1) on both sides; 'half' -> (d*(k-1)+1) // 2
    on both sides (the output keeps the input's size for odd dilated kernels); an int p
    -> p everywhere; (ph, pw) -> ph top and bottom, pw left and right.
    """
    dil = [d * (k - 1) + 1 for k, d in zip(kernel_hw, dilation)]
    if border_mode == "valid":
        return (0, 0, 0, 0)
    if border_mode == "full":
        return (dil[0] - 1, dil[0] - 1, dil[1] - 1, dil[1] - 1)
    if border_mode == "half":
        return (dil[0] // 2, dil[0] // 2, dil[1] // 2, dil[1] // 2)
    if isinstance(border_mode, int):
        if border_mode < 0:
            raise ValueError(f"border_mode must be >= 0, got {border_mode}")
        return (border_mode,) * 4
    if isinstance(border_mode, tuple) and len(border_mode) == 2:
        ph, pw = border_mode
        if min(ph, pw) < 0:
            raise ValueError(f"border_mode must be >= 0, got {border_mode}")
        return (ph, ph, pw, pw)
    raise ValueError(
        f"border_mode must be 'valid', 'full', 'half', an int or (int, int), got {border_mode!r}"
    )


def pool_output_size(n: int, window: int, stride: int, pad: int, ignore_border: bool) -> int:
    """Theano's `Pool.out_shape` along one dim."""
    if ignore_border:
        return max(0, (n + 2 * pad - window) // stride + 1)
    if pad:
        raise ValueError("pooling with padding needs ignore_border=True (as in Theano)")
    if stride >= window:
        return (n - 1) // stride + 1
    return max(0, (n - 1 - window + stride) // stride) + 1


def pool_output_sizes(n: int, window: int, stride: int, pad: int) -> tuple[int, ...]:
    """The output sizes libcall.pool2d accepts along one dim: ignore_border True/False."""
    sizes = [pool_output_size(n, window, stride, pad, True)]
    if pad == 0:
        sizes.append(pool_output_size(n, window, stride, 0, False))
    return tuple(sorted(set(sizes)))


def pool_divisors(n: int, out: int, window: int, stride: int, pad: int, mode: str) -> np.ndarray:
    """Per output index along one dim, the count of positions average modes divide by.

    average_exc_pad: positions inside the input [0, n); average_inc_pad: positions
    inside the padded extent [-pad, n + pad).  (2-D divisors are outer products.)
    """
    start = np.arange(out, dtype=np.int64) * stride - pad
    stop = start + window
    lo, hi = (0, n) if mode == "average_exc_pad" else (-pad, n + pad)
    return np.maximum(np.minimum(stop, hi) - np.maximum(start, lo), 0)


def check_conv2d_shapes(
    where: str,
    x: Sequence[int],
    w: Sequence[int],
    y: Sequence[int],
    strides: Sequence[int],
    padding: Sequence[int],
    dilation: Sequence[int],
) -> None:
    """Raise `ShapeError` unless input x, filters w and output y fit (run-time check)."""
    n, c, h, wd = x
    o, ci, kh, kw = w
    ho = conv_output_size(h, kh, strides[0], padding[0], padding[1], dilation[0])
    wo = conv_output_size(wd, kw, strides[1], padding[2], padding[3], dilation[1])
    if ci != c or tuple(y) != (n, o, ho, wo) or ho < 1 or wo < 1:
        raise ShapeError(
            f"{where}: input {tuple(x)} (NCHW), filters {tuple(w)} (OIHW) and output "
            f"{tuple(y)} do not fit (strides {list(strides)}, padding {list(padding)}, "
            f"dilation {list(dilation)}: expected output {(n, o, ho, wo)} and "
            f"{c} filter channels)"
        )


def check_pool2d_shapes(
    where: str,
    x: Sequence[int],
    y: Sequence[int],
    window: Sequence[int],
    strides: Sequence[int],
    padding: Sequence[int],
) -> None:
    """Raise `ShapeError` unless y is a pooled size of x (run-time check)."""
    ok = len(x) == len(y) and tuple(x[:-2]) == tuple(y[:-2])
    if ok:
        for k in (0, 1):
            n, m = x[len(x) - 2 + k], y[len(y) - 2 + k]
            if m not in pool_output_sizes(n, window[k], strides[k], padding[k]):
                ok = False
    if not ok:
        raise ShapeError(
            f"{where}: output {tuple(y)} is not a pooled size of input {tuple(x)} (window "
            f"{list(window)}, strides {list(strides)}, padding {list(padding)})"
        )


# --------------------------------------------------------------------------- base


class LibcallOp(IRDLOperation):
    """Shared by every libcall op: destination passing on tensors or memrefs.

    Subclasses name their destination operand field in `DESTINATION` and their operand
    roles (for diagnostics) in `ROLES` (field name -> role).
    """

    DESTINATION: ClassVar[str]
    ROLES: ClassVar[dict[str, str]]

    result = opt_result_def(TensorType)

    # ------------------------------------------------------------ destination passing
    @property
    def destination(self) -> SSAValue:
        """The destination operand."""
        return getattr(self, self.DESTINATION)

    def destination_operands(self) -> list[int]:
        """Indices in `self.operands` of the destination operands (one for every op;
        on tensors, result k corresponds to destination k)."""
        names = [name for name, _ in type(self).get_irdl_definition().operands]
        pos = names.index(self.DESTINATION)
        seg = self.properties.get("operandSegmentSizes")
        sizes = list(seg.get_values()) if isinstance(seg, DenseArrayBase) else [1] * len(names)
        return [int(sum(sizes[:pos]))]

    def reads_destination(self) -> bool:
        """Whether the destination's incoming contents are read (else only written)."""
        return False

    @property
    def on_tensors(self) -> bool:
        return isinstance(self.destination.type, TensorType)

    def role_of(self, index: int) -> str:
        """The role name of operand `index` (for diagnostics)."""
        names = [name for name, _ in type(self).get_irdl_definition().operands]
        seg = self.properties.get("operandSegmentSizes")
        sizes = list(seg.get_values()) if isinstance(seg, DenseArrayBase) else [1] * len(names)
        k = 0
        for name, size in zip(names, sizes):
            if index < k + size:
                return self.ROLES.get(name, name)
            k += size
        return f"operand #{index}"

    # ------------------------------------------------------------ verification
    def _shaped(self, field: str) -> TensorType | MemRefType:
        t = getattr(self, field).type
        assert isinstance(t, TensorType | MemRefType)
        return t

    def verify_common(self) -> None:
        """Operand kinds, element types, layouts and the result, for every libcall op."""
        kinds = {type(v.type) for v in self.operands}
        if len(kinds) != 1 or not kinds <= {TensorType, MemRefType}:
            raise VerifyException(
                f"{self.name}: operands must be all tensors or all memrefs, got "
                + ", ".join(str(v.type) for v in self.operands)
            )
        dest_t = self.destination.type
        assert isinstance(dest_t, TensorType | MemRefType)
        el = dest_t.element_type
        if not tt.is_float(el):
            raise VerifyException(
                f"{self.name}: element type must be f16, f32 or f64, got {dest_t}"
            )
        for i, v in enumerate(self.operands):
            t = v.type
            assert isinstance(t, TensorType | MemRefType)
            if isinstance(t, MemRefType) and not isinstance(t.layout, NoneAttr):
                raise VerifyException(
                    f"{self.name}: {self.role_of(i)} must be an identity-layout (row-major, "
                    f"contiguous) buffer, got {t}"
                )
        if self.on_tensors:
            if self.result is None or self.result.type != dest_t:
                raise VerifyException(
                    f"{self.name}: on tensors the result type must be "
                    f"{self.ROLES[self.DESTINATION]}'s type {dest_t}"
                )
        elif self.result is not None:
            raise VerifyException(
                f"{self.name}: on memrefs the op has no result "
                f"({self.ROLES[self.DESTINATION]} is overwritten)"
            )

    def verify_element_types(self, fields: Sequence[str]) -> None:
        dest_t = self._shaped(self.DESTINATION)
        el = dest_t.element_type
        for f in fields:
            if getattr(self, f) is None:
                continue
            t = self._shaped(f)
            if t.element_type != el:
                raise VerifyException(
                    f"{self.name}: {self.ROLES[f]} has element type {t.element_type}, "
                    f"expected {el} like {self.ROLES[self.DESTINATION]}"
                )

    def verify_rank(self, field: str, rank: int, what: str = "") -> tuple[int, ...]:
        t = self._shaped(field)
        if t.get_num_dims() != rank:
            raise VerifyException(
                f"{self.name}: {self.ROLES[field]} must have rank {rank}{what}, got {t}"
            )
        return tuple(t.get_shape())

    def verify_epilogue(self, epilogue: StringAttr) -> None:
        if epilogue.data not in EPILOGUES:
            raise VerifyException(
                f"{self.name}: unknown epilogue '{epilogue.data}' (expected one of "
                f"{', '.join(EPILOGUES)})"
            )

    def verify_bias(self, bias: SSAValue | None, n: int, what: str) -> None:
        if bias is None:
            return
        bt = bias.type
        assert isinstance(bt, TensorType | MemRefType)
        el = self._shaped(self.DESTINATION).element_type
        if bt.get_num_dims() != 1 or bt.element_type != el or not _compatible(bt.get_shape()[0], n):
            raise VerifyException(
                f"{self.name}: bias must be a vector of {_shape_str((n,))} {el} ({what}), got {bt}"
            )

    def print_result_tail(self, printer: Printer) -> None:
        if self.result is not None:
            printer.print_string(" -> ")
            printer.print_attribute(self.result.type)

    @staticmethod
    def result_types_for(dest: SSAValue) -> list[Attribute]:
        return [dest.type] if isinstance(dest.type, TensorType) else []

    def location_name(self) -> str:
        """`libcall.x at file:line:col`, for run-time messages."""
        from arignote.ir import location_str

        return f"{self.name} at {location_str(self)}"


# --------------------------------------------------------------------------- gemm


class GemmBase(LibcallOp):
    """Shared by libcall.gemm (BATCH = 0) and libcall.batched_gemm (BATCH = 1)."""

    BATCH: ClassVar[int] = 0
    DESTINATION: ClassVar[str] = "c"
    ROLES: ClassVar[dict[str, str]] = {"a": "A", "b": "B", "c": "C", "bias": "bias"}

    a = operand_def(ShapedType)
    b = operand_def(ShapedType)
    c = operand_def(ShapedType)
    bias = opt_operand_def(ShapedType)
    alpha = prop_def(FloatAttr, default_value=FloatAttr(1.0, f64))
    beta = prop_def(FloatAttr, default_value=FloatAttr(0.0, f64))
    transpose_a = prop_def(BoolAttr, default_value=BoolAttr.from_bool(False))
    transpose_b = prop_def(BoolAttr, default_value=BoolAttr.from_bool(False))
    epilogue = prop_def(StringAttr, default_value=StringAttr("none"))
    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def __init__(
        self,
        a: SSAValue | Operation,
        b: SSAValue | Operation,
        c: SSAValue | Operation,
        *,
        bias: SSAValue | Operation | None = None,
        alpha: float = 1.0,
        beta: float = 0.0,
        transpose_a: bool = False,
        transpose_b: bool = False,
        epilogue: str = "none",
    ):
        c = SSAValue.get(c)
        super().__init__(
            operands=[a, b, c, [bias] if bias is not None else []],
            result_types=[self.result_types_for(c)],
            properties={
                "alpha": FloatAttr(alpha, f64),
                "beta": FloatAttr(beta, f64),
                "transpose_a": BoolAttr.from_bool(transpose_a),
                "transpose_b": BoolAttr.from_bool(transpose_b),
                "epilogue": StringAttr(epilogue),
            },
        )

    def reads_destination(self) -> bool:
        return self.beta.value.data != 0.0

    def verify_(self) -> None:
        self.verify_common()
        rank = 2 + self.BATCH
        what = "a matrix (rank 2)" if not self.BATCH else "a batch of matrices (rank 3)"
        for f in ("a", "b", "c"):
            t = self._shaped(f)
            if t.get_num_dims() != rank:
                raise VerifyException(f"{self.name}: {self.ROLES[f]} must be {what}, got {t}")
        self.verify_element_types(("a", "b"))
        a_t, b_t, c_t = self._shaped("a"), self._shaped("b"), self._shaped("c")
        a_s, b_s, c_s = a_t.get_shape(), b_t.get_shape(), c_t.get_shape()
        if self.BATCH and not (_compatible(a_s[0], c_s[0]) and _compatible(b_s[0], c_s[0])
                               and _compatible(a_s[0], b_s[0])):  # fmt: skip
            raise VerifyException(f"{self.name}: batch sizes differ: A {a_t}, B {b_t}, C {c_t}")
        a_s, b_s, c_s = a_s[self.BATCH :], b_s[self.BATCH :], c_s[self.BATCH :]
        m, ka = (a_s[1], a_s[0]) if self.transpose_a.value.data else (a_s[0], a_s[1])
        kb, n = (b_s[1], b_s[0]) if self.transpose_b.value.data else (b_s[0], b_s[1])
        if not _compatible(ka, kb):
            raise VerifyException(
                f"{self.name}: inner dimensions differ: op(A) is {_shape_str((m, ka))}, "
                f"op(B) is {_shape_str((kb, n))} (A {a_t}, B {b_t})"
            )
        if not (_compatible(m, c_s[0]) and _compatible(n, c_s[1])):
            raise VerifyException(
                f"{self.name}: C is {_shape_str(c_s)}, expected {_shape_str((m, n))} for "
                f"op(A) {_shape_str((m, ka))} times op(B) {_shape_str((kb, n))}"
            )
        self.verify_bias(self.bias, n, "one per column of C")
        self.verify_epilogue(self.epilogue)

    # ------------------------------------------------------------------ syntax
    def print(self, printer: Printer) -> None:
        _print_group(printer, "ins", [self.a, self.b])
        _print_group(printer, "outs", [self.c])
        if self.bias is not None:
            _print_group(printer, "bias", [self.bias])
        if self.transpose_a.value.data:
            printer.print_string(" transpose_a")
        if self.transpose_b.value.data:
            printer.print_string(" transpose_b")
        printer.print_string(f" alpha = {self.alpha.value.data!r} beta = {self.beta.value.data!r}")
        if self.epilogue.data != "none":
            printer.print_string(f" epilogue = {self.epilogue.data}")
        printer.print_op_attributes(self.attributes)
        self.print_result_tail(printer)

    @classmethod
    def parse(cls, parser: Parser) -> GemmBase:
        ab = _parse_group(parser, "ins")
        _expect_count(parser, cls.name, ab, 2, "%a, %b : ...")
        (c,) = _parse_group(parser, "outs")
        bias = None
        if parser.parse_optional_keyword("bias"):
            parser.parse_punctuation("(")
            names = parser.parse_unresolved_operand()
            parser.parse_punctuation(":")
            bias = parser.resolve_operand(names, parser.parse_type())
            parser.parse_punctuation(")")
        ta = parser.parse_optional_keyword("transpose_a") is not None
        tb = parser.parse_optional_keyword("transpose_b") is not None
        alpha, beta, epilogue = 1.0, 0.0, "none"
        if parser.parse_optional_keyword("alpha"):
            parser.parse_punctuation("=")
            alpha = float(parser.parse_number())
        if parser.parse_optional_keyword("beta"):
            parser.parse_punctuation("=")
            beta = float(parser.parse_number())
        if parser.parse_optional_keyword("epilogue"):
            parser.parse_punctuation("=")
            epilogue = parser.parse_identifier()
        attrs = parser.parse_optional_attr_dict()
        if parser.parse_optional_punctuation("->"):
            pos = parser.pos
            rt = parser.parse_type()
            if rt != c.type:
                parser.raise_error(
                    f"{cls.name}: the result type must be C's type {c.type}, got {rt}",
                    pos,
                    parser.pos,
                )
        op = cls(
            ab[0], ab[1], c, bias=bias, alpha=alpha, beta=beta,
            transpose_a=ta, transpose_b=tb, epilogue=epilogue,
        )  # fmt: skip
        op.attributes.update(attrs)
        return op

    # ------------------------------------------------------------------ semantics
    def reference(
        self, a: np.ndarray, b: np.ndarray, c: np.ndarray, bias: np.ndarray | None = None
    ) -> np.ndarray:
        """The value of D (NumPy, accumulated in float64, rounded to the element type)."""
        dtype = c.dtype
        opa = np.swapaxes(a, -1, -2) if self.transpose_a.value.data else a
        opb = np.swapaxes(b, -1, -2) if self.transpose_b.value.data else b
        if (
            opa.shape[-1] != opb.shape[-2]
            or c.shape != (*opa.shape[:-1], opb.shape[-1])
            or opa.shape[:-2] != opb.shape[:-2]
        ):
            raise ShapeError(
                f"{self.name}: A {a.shape}, B {b.shape} and C {c.shape} do not fit"
                f"{' (transpose_a)' if self.transpose_a.value.data else ''}"
                f"{' (transpose_b)' if self.transpose_b.value.data else ''}"
            )
        acc = self.alpha.value.data * np.matmul(opa.astype(np.float64), opb.astype(np.float64))
        beta = self.beta.value.data
        if beta != 0.0:
            acc = acc + beta * c.astype(np.float64)
        if bias is not None:
            acc = acc + bias.astype(np.float64)
        if self.epilogue.data == "relu":
            acc = np.maximum(acc, 0.0)
        return acc.astype(dtype)


@irdl_op_definition
class GemmOp(GemmBase):
    """`libcall.gemm`: D = epilogue(alpha * op_a(A) @ op_b(B) + beta * C + bias)."""

    name = "libcall.gemm"
    BATCH: ClassVar[int] = 0


@irdl_op_definition
class BatchedGemmOp(GemmBase):
    """`libcall.batched_gemm`: gemm on each of B matrices (rank-3 A, B, C, no broadcasting)."""

    name = "libcall.batched_gemm"
    BATCH: ClassVar[int] = 1


# --------------------------------------------------------------------------- convolution


class ConvBase(LibcallOp):
    """Shared by the three convolution ops: strides, padding, dilation, flip."""

    strides = prop_def(DenseArrayBase.constr(i64))
    padding = prop_def(DenseArrayBase.constr(i64))
    dilation = prop_def(DenseArrayBase.constr(i64))
    flip = prop_def(BoolAttr)

    #: fields (input X, filters W, output Y) in the forward convolution's roles
    GEOMETRY: ClassVar[tuple[str, str, str]]

    @staticmethod
    def conv_props(
        strides: Sequence[int], padding: Sequence[int], dilation: Sequence[int], flip: bool
    ) -> dict[str, Attribute]:
        return {
            "strides": _i64_array(strides),
            "padding": _i64_array(padding),
            "dilation": _i64_array(dilation),
            "flip": BoolAttr.from_bool(flip),
        }

    def conv_attrs(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bool]:
        """(strides, padding, dilation, flip)."""
        return (
            _values(self.strides),
            _values(self.padding),
            _values(self.dilation),
            bool(self.flip.value.data),
        )

    def verify_conv(self) -> None:
        self.verify_common()
        s, p, d, _ = self.conv_attrs()
        if len(s) != 2 or len(d) != 2 or len(p) != 4:
            raise VerifyException(
                f"{self.name}: strides and dilation take 2 values, padding 4 "
                f"(top, bottom, left, right); got strides {list(s)}, padding {list(p)}, "
                f"dilation {list(d)}"
            )
        if min(s) < 1 or min(d) < 1 or min(p) < 0:
            raise VerifyException(
                f"{self.name}: strides and dilation must be >= 1 and padding >= 0; got "
                f"strides {list(s)}, padding {list(p)}, dilation {list(d)}"
            )
        xf, wf, yf = self.GEOMETRY
        x = self.verify_rank(xf, 4, " (NCHW)")
        w = self.verify_rank(wf, 4, " (OIHW)")
        y = self.verify_rank(yf, 4, " (NCHW)")
        self.verify_element_types([f for f in self.GEOMETRY if f != self.DESTINATION])
        xr, wr, yr = self.ROLES[xf], self.ROLES[wf], self.ROLES[yf]
        xt, wt, yt = self._shaped(xf), self._shaped(wf), self._shaped(yf)
        if not _compatible(x[0], y[0]):
            raise VerifyException(f"{self.name}: batch sizes differ: {xr} {xt}, {yr} {yt}")
        if not _compatible(x[1], w[1]):
            raise VerifyException(
                f"{self.name}: {xr} has {_shape_str(x[1:2])} channels, {wr} expect "
                f"{_shape_str(w[1:2])} ({xr} {xt}, {wr} {wt})"
            )
        if not _compatible(w[0], y[1]):
            raise VerifyException(
                f"{self.name}: {wr} have {_shape_str(w[0:1])} output channels, {yr} has "
                f"{_shape_str(y[1:2])} ({wr} {wt}, {yr} {yt})"
            )
        for k, dim in ((0, "height"), (1, "width")):
            n, kk, out = x[2 + k], w[2 + k], y[2 + k]
            if not _known(n, kk):
                continue
            want = conv_output_size(n, kk, s[k], p[2 * k], p[2 * k + 1], d[k])
            if want < 1:
                raise VerifyException(
                    f"{self.name}: the dilated filter {dim} {d[k] * (kk - 1) + 1} exceeds the "
                    f"padded {xr} {dim} {n + p[2 * k] + p[2 * k + 1]} ({xr} {xt}, {wr} {wt})"
                )
            if out != DYNAMIC_INDEX and out != want:
                raise VerifyException(
                    f"{self.name}: {yr} {dim} is {out}, expected "
                    f"({n} + {p[2 * k]} + {p[2 * k + 1]} - {d[k]}*({kk}-1) - 1) // {s[k]} + 1 "
                    f"= {want} ({xr} {xt}, {wr} {wt}, {yr} {yt})"
                )

    def print_conv_attrs(self, printer: Printer) -> None:
        s, p, d, f = self.conv_attrs()
        printer.print_string(
            f" strides {_int_list(s)} padding {_int_list(p)} dilation {_int_list(d)}"
        )
        if f:
            printer.print_string(" flip")

    @staticmethod
    def parse_conv_attrs(parser: Parser) -> dict[str, object]:
        s = _parse_int_list_kw(parser, "strides")
        p = _parse_int_list_kw(parser, "padding")
        d = _parse_int_list_kw(parser, "dilation")
        flip = parser.parse_optional_keyword("flip") is not None
        return {"strides": s, "padding": p, "dilation": d, "flip": flip}


def _conv_parse_common(
    parser: Parser, name: str, first: str, second: str
) -> tuple[SSAValue, SSAValue, SSAValue, SSAValue | None, dict[str, object], str]:
    ins = _parse_group(parser, "ins")
    _expect_count(parser, name, ins, 2, f"%{first}, %{second} : ...")
    (dest,) = _parse_group(parser, "outs")
    bias = None
    if parser.parse_optional_keyword("bias") is not None:
        parser.parse_punctuation("(")
        b = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        bias = parser.resolve_operand(b, parser.parse_type())
        parser.parse_punctuation(")")
    attrs = ConvBase.parse_conv_attrs(parser)
    epilogue = "none"
    if parser.parse_optional_keyword("epilogue"):
        parser.parse_punctuation("=")
        epilogue = parser.parse_identifier()
    return ins[0], ins[1], dest, bias, attrs, epilogue


def _padded(x: np.ndarray, padding: Sequence[int]) -> np.ndarray:
    pt, pb, pl, pr = padding
    out = np.zeros((*x.shape[:2], x.shape[2] + pt + pb, x.shape[3] + pl + pr))
    out[:, :, pt : pt + x.shape[2], pl : pl + x.shape[3]] = x
    return out


def _window_slices(
    u: int, v: int, out_hw: Sequence[int], strides: Sequence[int], dilation: Sequence[int]
) -> tuple[slice, slice]:
    """Rows/cols of the padded input that kernel tap (u, v) reads for every output."""
    (ho, wo), (sh, sw), (dh, dw) = out_hw, strides, dilation
    return (
        slice(u * dh, u * dh + sh * (ho - 1) + 1, sh) if ho else slice(0, 0),
        slice(v * dw, v * dw + sw * (wo - 1) + 1, sw) if wo else slice(0, 0),
    )


@irdl_op_definition
class Conv2dOp(ConvBase):
    """`libcall.conv2d`: Y = epilogue(conv(X, W) + bias), NCHW / OIHW / NCHW."""

    name = "libcall.conv2d"
    DESTINATION: ClassVar[str] = "output"
    GEOMETRY: ClassVar[tuple[str, str, str]] = ("input", "filters", "output")
    ROLES: ClassVar[dict[str, str]] = {
        "input": "input", "filters": "filters", "output": "output", "bias": "bias",
    }  # fmt: skip

    input = operand_def(ShapedType)
    filters = operand_def(ShapedType)
    output = operand_def(ShapedType)
    bias = opt_operand_def(ShapedType)
    epilogue = prop_def(StringAttr, default_value=StringAttr("none"))
    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def __init__(
        self,
        x: SSAValue | Operation,
        w: SSAValue | Operation,
        y: SSAValue | Operation,
        *,
        strides: Sequence[int] = (1, 1),
        padding: Sequence[int] = (0, 0, 0, 0),
        dilation: Sequence[int] = (1, 1),
        flip: bool,
        bias: SSAValue | Operation | None = None,
        epilogue: str = "none",
    ):
        y = SSAValue.get(y)
        super().__init__(
            operands=[x, w, y, [bias] if bias is not None else []],
            result_types=[self.result_types_for(y)],
            properties={
                **self.conv_props(strides, padding, dilation, flip),
                "epilogue": StringAttr(epilogue),
            },
        )

    def verify_(self) -> None:
        self.verify_conv()
        o = self._shaped("filters").get_shape()[0]
        self.verify_bias(self.bias, o, "one per output channel")
        self.verify_epilogue(self.epilogue)

    def print(self, printer: Printer) -> None:
        _print_group(printer, "ins", [self.input, self.filters])
        _print_group(printer, "outs", [self.output])
        if self.bias is not None:
            _print_group(printer, "bias", [self.bias])
        self.print_conv_attrs(printer)
        if self.epilogue.data != "none":
            printer.print_string(f" epilogue = {self.epilogue.data}")
        printer.print_op_attributes(self.attributes)
        self.print_result_tail(printer)

    @classmethod
    def parse(cls, parser: Parser) -> Conv2dOp:
        x, w, y, bias, a, epilogue = _conv_parse_common(parser, cls.name, "x", "w")
        attrs = parser.parse_optional_attr_dict()
        _parse_result_tail(parser, cls.name, y)
        op = cls(x, w, y, bias=bias, epilogue=epilogue, **a)  # type: ignore[arg-type]
        op.attributes.update(attrs)
        return op

    def reference(
        self, x: np.ndarray, w: np.ndarray, y: np.ndarray, bias: np.ndarray | None = None
    ) -> np.ndarray:
        """Y's new value (y gives its shape only)."""
        s, p, d, f = self.conv_attrs()
        check_conv2d_shapes(self.name, x.shape, w.shape, y.shape, s, p, d)
        xp = _padded(x.astype(np.float64), p)
        wf = w.astype(np.float64)
        if f:
            wf = wf[:, :, ::-1, ::-1]
        out = np.zeros(y.shape)
        for u in range(w.shape[2]):
            for v in range(w.shape[3]):
                rows, cols = _window_slices(u, v, y.shape[2:], s, d)
                out += np.einsum("nchw,oc->nohw", xp[:, :, rows, cols], wf[:, :, u, v])
        if bias is not None:
            out += bias.astype(np.float64)[None, :, None, None]
        if self.epilogue.data == "relu":
            out = np.maximum(out, 0.0)
        return out.astype(y.dtype)


@irdl_op_definition
class Conv2dBackwardDataOp(ConvBase):
    """`libcall.conv2d_backward_data`: dX = d/dX sum(conv2d(X, W) * dY)."""

    name = "libcall.conv2d_backward_data"
    DESTINATION: ClassVar[str] = "input_grad"
    GEOMETRY: ClassVar[tuple[str, str, str]] = ("input_grad", "filters", "output_grad")
    ROLES: ClassVar[dict[str, str]] = {
        "output_grad": "output gradient", "filters": "filters", "input_grad": "input gradient",
    }  # fmt: skip

    output_grad = operand_def(ShapedType)
    filters = operand_def(ShapedType)
    input_grad = operand_def(ShapedType)

    def __init__(
        self,
        dy: SSAValue | Operation,
        w: SSAValue | Operation,
        dx: SSAValue | Operation,
        *,
        strides: Sequence[int] = (1, 1),
        padding: Sequence[int] = (0, 0, 0, 0),
        dilation: Sequence[int] = (1, 1),
        flip: bool,
    ):
        dx = SSAValue.get(dx)
        super().__init__(
            operands=[dy, w, dx],
            result_types=[self.result_types_for(dx)],
            properties=self.conv_props(strides, padding, dilation, flip),
        )

    def verify_(self) -> None:
        self.verify_conv()

    def print(self, printer: Printer) -> None:
        _print_group(printer, "ins", [self.output_grad, self.filters])
        _print_group(printer, "outs", [self.input_grad])
        self.print_conv_attrs(printer)
        printer.print_op_attributes(self.attributes)
        self.print_result_tail(printer)

    @classmethod
    def parse(cls, parser: Parser) -> Conv2dBackwardDataOp:
        dy, w, dx, bias, a, epilogue = _conv_parse_common(parser, cls.name, "dy", "w")
        if bias is not None or epilogue != "none":
            parser.raise_error(f"{cls.name} takes no bias and no epilogue")
        attrs = parser.parse_optional_attr_dict()
        _parse_result_tail(parser, cls.name, dx)
        op = cls(dy, w, dx, **a)  # type: ignore[arg-type]
        op.attributes.update(attrs)
        return op

    def reference(self, dy: np.ndarray, w: np.ndarray, dx: np.ndarray) -> np.ndarray:
        """dX's new value (dx gives its shape only)."""
        s, p, d, f = self.conv_attrs()
        check_conv2d_shapes(self.name, dx.shape, w.shape, dy.shape, s, p, d)
        n, c, h, wd = dx.shape
        pt, pb, pl, pr = p
        gxp = np.zeros((n, c, h + pt + pb, wd + pl + pr))
        wf = w.astype(np.float64)
        if f:
            wf = wf[:, :, ::-1, ::-1]
        g = dy.astype(np.float64)
        for u in range(w.shape[2]):
            for v in range(w.shape[3]):
                rows, cols = _window_slices(u, v, dy.shape[2:], s, d)
                gxp[:, :, rows, cols] += np.einsum("nohw,oc->nchw", g, wf[:, :, u, v])
        return gxp[:, :, pt : pt + h, pl : pl + wd].astype(dx.dtype)


@irdl_op_definition
class Conv2dBackwardFilterOp(ConvBase):
    """`libcall.conv2d_backward_filter`: dW = d/dW sum(conv2d(X, W) * dY)."""

    name = "libcall.conv2d_backward_filter"
    DESTINATION: ClassVar[str] = "filters_grad"
    GEOMETRY: ClassVar[tuple[str, str, str]] = ("input", "filters_grad", "output_grad")
    ROLES: ClassVar[dict[str, str]] = {
        "input": "input", "output_grad": "output gradient", "filters_grad": "filter gradient",
    }  # fmt: skip

    input = operand_def(ShapedType)
    output_grad = operand_def(ShapedType)
    filters_grad = operand_def(ShapedType)

    def __init__(
        self,
        x: SSAValue | Operation,
        dy: SSAValue | Operation,
        dw: SSAValue | Operation,
        *,
        strides: Sequence[int] = (1, 1),
        padding: Sequence[int] = (0, 0, 0, 0),
        dilation: Sequence[int] = (1, 1),
        flip: bool,
    ):
        dw = SSAValue.get(dw)
        super().__init__(
            operands=[x, dy, dw],
            result_types=[self.result_types_for(dw)],
            properties=self.conv_props(strides, padding, dilation, flip),
        )

    def verify_(self) -> None:
        self.verify_conv()

    def print(self, printer: Printer) -> None:
        _print_group(printer, "ins", [self.input, self.output_grad])
        _print_group(printer, "outs", [self.filters_grad])
        self.print_conv_attrs(printer)
        printer.print_op_attributes(self.attributes)
        self.print_result_tail(printer)

    @classmethod
    def parse(cls, parser: Parser) -> Conv2dBackwardFilterOp:
        x, dy, dw, bias, a, epilogue = _conv_parse_common(parser, cls.name, "x", "dy")
        if bias is not None or epilogue != "none":
            parser.raise_error(f"{cls.name} takes no bias and no epilogue")
        attrs = parser.parse_optional_attr_dict()
        _parse_result_tail(parser, cls.name, dw)
        op = cls(x, dy, dw, **a)  # type: ignore[arg-type]
        op.attributes.update(attrs)
        return op

    def reference(self, x: np.ndarray, dy: np.ndarray, dw: np.ndarray) -> np.ndarray:
        """dW's new value (dw gives its shape only)."""
        s, p, d, f = self.conv_attrs()
        check_conv2d_shapes(self.name, x.shape, dw.shape, dy.shape, s, p, d)
        xp = _padded(x.astype(np.float64), p)
        g = dy.astype(np.float64)
        gw = np.zeros(dw.shape)
        for u in range(dw.shape[2]):
            for v in range(dw.shape[3]):
                rows, cols = _window_slices(u, v, dy.shape[2:], s, d)
                gw[:, :, u, v] = np.einsum("nchw,nohw->oc", xp[:, :, rows, cols], g)
        if f:
            gw = gw[:, :, ::-1, ::-1]
        return gw.astype(dw.dtype)


# --------------------------------------------------------------------------- pooling


class PoolBase(LibcallOp):
    """Shared by libcall.pool2d and libcall.pool2d_backward."""

    mode = prop_def(StringAttr)
    window = prop_def(DenseArrayBase.constr(i64))
    strides = prop_def(DenseArrayBase.constr(i64))
    padding = prop_def(DenseArrayBase.constr(i64))

    #: fields (input-shaped, output-shaped) of the pooling geometry
    GEOMETRY: ClassVar[tuple[str, str]]

    @staticmethod
    def pool_props(
        mode: str, window: Sequence[int], strides: Sequence[int], padding: Sequence[int]
    ) -> dict[str, Attribute]:
        return {
            "mode": StringAttr(mode),
            "window": _i64_array(window),
            "strides": _i64_array(strides),
            "padding": _i64_array(padding),
        }

    def pool_attrs(self) -> tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """(mode, window, strides, padding)."""
        return (self.mode.data, _values(self.window), _values(self.strides), _values(self.padding))

    def verify_pool(self) -> None:
        self.verify_common()
        mode, w, s, p = self.pool_attrs()
        if mode not in POOL_MODES:
            raise VerifyException(
                f"{self.name}: unknown mode '{mode}' (expected one of {', '.join(POOL_MODES)})"
            )
        if len(w) != 2 or len(s) != 2 or len(p) != 2:
            raise VerifyException(
                f"{self.name}: window, strides and padding take 2 values each; got window "
                f"{list(w)}, strides {list(s)}, padding {list(p)}"
            )
        if min(w) < 1 or min(s) < 1 or min(p) < 0:
            raise VerifyException(
                f"{self.name}: window and strides must be >= 1, padding >= 0; got window "
                f"{list(w)}, strides {list(s)}, padding {list(p)}"
            )
        if p[0] >= w[0] or p[1] >= w[1]:
            raise VerifyException(
                f"{self.name}: padding {list(p)} must be smaller than the window {list(w)}"
            )
        xf, yf = self.GEOMETRY
        xt, yt = self._shaped(xf), self._shaped(yf)
        xr, yr = self.ROLES[xf], self.ROLES[yf]
        if xt.get_num_dims() < 2:
            raise VerifyException(f"{self.name}: {xr} needs at least 2 dims, got {xt}")
        if yt.get_num_dims() != xt.get_num_dims():
            raise VerifyException(
                f"{self.name}: {yr} must have the rank of {xr}: {xr} {xt}, {yr} {yt}"
            )
        xs, ys = xt.get_shape(), yt.get_shape()
        for k in range(len(xs) - 2):
            if not _compatible(xs[k], ys[k]):
                raise VerifyException(
                    f"{self.name}: {yr} differs from {xr} in leading dim {k}: {xr} {xt}, {yr} {yt}"
                )
        for k, dim in ((0, "height"), (1, "width")):
            n, m = xs[len(xs) - 2 + k], ys[len(ys) - 2 + k]
            if not _known(n, m):
                continue
            allowed = pool_output_sizes(n, w[k], s[k], p[k])
            if m not in allowed:
                floor = pool_output_size(n, w[k], s[k], p[k], True)
                msg = f"(n + 2p - w) // s + 1 = {floor} (ignore_border)"
                if p[k] == 0:
                    ceil = pool_output_size(n, w[k], s[k], 0, False)
                    msg += f" or {ceil} (not ignore_border)"
                raise VerifyException(
                    f"{self.name}: {yr} {dim} is {m}, expected {msg} for {xr} {dim} {n}, window "
                    f"{w[k]}, stride {s[k]}, padding {p[k]} ({xr} {xt}, {yr} {yt})"
                )

    def print_pool_attrs(self, printer: Printer) -> None:
        _m, w, s, p = self.pool_attrs()
        printer.print_string(
            f" window {_int_list(w)} strides {_int_list(s)} padding {_int_list(p)}"
        )

    @staticmethod
    def parse_pool_attrs(parser: Parser) -> dict[str, list[int]]:
        w = _parse_int_list_kw(parser, "window")
        s = _parse_int_list_kw(parser, "strides")
        p = _parse_int_list_kw(parser, "padding")
        return {"window": w, "strides": s, "padding": p}


def _pool_pad(
    x: np.ndarray, out_hw: Sequence[int], window: Sequence[int], strides: Sequence[int],
    padding: Sequence[int], fill: float,
) -> np.ndarray:  # fmt: skip
    """x (float64) padded by `padding` on both sides and, at the end, as far as the last
    window reaches, with `fill`."""
    h, w = x.shape[-2:]
    need = [(out_hw[k] - 1) * strides[k] + window[k] if out_hw[k] else 0 for k in (0, 1)]
    hp = max(h + 2 * padding[0], need[0])
    wp = max(w + 2 * padding[1], need[1])
    out = np.full((*x.shape[:-2], hp, wp), fill)
    out[..., padding[0] : padding[0] + h, padding[1] : padding[1] + w] = x
    return out


def _pool_taps(out_hw: Sequence[int], window: Sequence[int], strides: Sequence[int]):  # type: ignore[no-untyped-def]
    """For every window offset (u, v): the padded-input slices it reads for every output."""
    (ho, wo), (sh, sw) = out_hw, strides
    for u in range(window[0]):
        for v in range(window[1]):
            yield (slice(u, u + sh * (ho - 1) + 1, sh), slice(v, v + sw * (wo - 1) + 1, sw))


@irdl_op_definition
class Pool2dOp(PoolBase):
    """`libcall.pool2d <mode>`: Theano's pool_2d over the last two dims, sized by Y."""

    name = "libcall.pool2d"
    DESTINATION: ClassVar[str] = "output"
    GEOMETRY: ClassVar[tuple[str, str]] = ("input", "output")
    ROLES: ClassVar[dict[str, str]] = {"input": "input", "output": "output"}

    input = operand_def(ShapedType)
    output = operand_def(ShapedType)

    def __init__(
        self,
        x: SSAValue | Operation,
        y: SSAValue | Operation,
        *,
        mode: str,
        window: Sequence[int],
        strides: Sequence[int],
        padding: Sequence[int] = (0, 0),
    ):
        y = SSAValue.get(y)
        super().__init__(
            operands=[x, y],
            result_types=[self.result_types_for(y)],
            properties=self.pool_props(mode, window, strides, padding),
        )

    def verify_(self) -> None:
        self.verify_pool()
        self.verify_element_types(["input"])

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.mode.data}")
        _print_group(printer, "ins", [self.input])
        _print_group(printer, "outs", [self.output])
        self.print_pool_attrs(printer)
        printer.print_op_attributes(self.attributes)
        self.print_result_tail(printer)

    @classmethod
    def parse(cls, parser: Parser) -> Pool2dOp:
        mode = parser.parse_identifier()
        ins = _parse_group(parser, "ins")
        _expect_count(parser, cls.name, ins, 1, "%x : ...")
        (y,) = _parse_group(parser, "outs")
        a = cls.parse_pool_attrs(parser)
        attrs = parser.parse_optional_attr_dict()
        _parse_result_tail(parser, cls.name, y)
        op = cls(ins[0], y, mode=mode, **a)
        op.attributes.update(attrs)
        return op

    def reference(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Y's new value (y gives its shape only)."""
        mode, w, s, p = self.pool_attrs()
        check_pool2d_shapes(self.name, x.shape, y.shape, w, s, p)
        out_hw = y.shape[-2:]
        xp = _pool_pad(x.astype(np.float64), out_hw, w, s, p, -np.inf if mode == "max" else 0.0)
        acc = np.full(y.shape, -np.inf if mode == "max" else 0.0)
        for rows, cols in _pool_taps(out_hw, w, s):
            tap = xp[..., rows, cols]
            acc = np.maximum(acc, tap) if mode == "max" else acc + tap
        if mode.startswith("average"):
            h, wd = x.shape[-2:]
            dh = pool_divisors(h, out_hw[0], w[0], s[0], p[0], mode)
            dw = pool_divisors(wd, out_hw[1], w[1], s[1], p[1], mode)
            acc = acc / np.maximum(np.outer(dh, dw), 1)
        return acc.astype(y.dtype)


@irdl_op_definition
class Pool2dBackwardOp(PoolBase):
    """`libcall.pool2d_backward <mode>`: dX of libcall.pool2d from dY (and X, Y for max)."""

    name = "libcall.pool2d_backward"
    DESTINATION: ClassVar[str] = "input_grad"
    GEOMETRY: ClassVar[tuple[str, str]] = ("input_grad", "output_grad")
    ROLES: ClassVar[dict[str, str]] = {
        "input": "input", "output": "output", "output_grad": "output gradient",
        "input_grad": "input gradient",
    }  # fmt: skip

    input = opt_operand_def(ShapedType)
    output = opt_operand_def(ShapedType)
    output_grad = operand_def(ShapedType)
    input_grad = operand_def(ShapedType)
    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def __init__(
        self,
        dy: SSAValue | Operation,
        dx: SSAValue | Operation,
        *,
        mode: str,
        window: Sequence[int],
        strides: Sequence[int],
        padding: Sequence[int] = (0, 0),
        x: SSAValue | Operation | None = None,
        y: SSAValue | Operation | None = None,
    ):
        dx = SSAValue.get(dx)
        super().__init__(
            operands=[[x] if x is not None else [], [y] if y is not None else [], dy, dx],
            result_types=[self.result_types_for(dx)],
            properties=self.pool_props(mode, window, strides, padding),
        )

    def verify_(self) -> None:
        self.verify_pool()
        mode = self.mode.data
        has = (self.input is not None, self.output is not None)
        if mode == "max" and has != (True, True):
            raise VerifyException(
                f"{self.name}: mode max needs the input and the forward output: "
                "ins(%x, %y, %dy : ...)"
            )
        if mode != "max" and has != (False, False):
            raise VerifyException(
                f"{self.name}: mode {mode} takes only the output gradient: ins(%dy : ...)"
            )
        self.verify_element_types(["input", "output", "output_grad"])
        for f, like in (("input", "input_grad"), ("output", "output_grad")):
            if getattr(self, f) is None:
                continue
            t, lt = self._shaped(f), self._shaped(like)
            if t.get_num_dims() != lt.get_num_dims() or not all(
                _compatible(a, b) for a, b in zip(t.get_shape(), lt.get_shape())
            ):
                raise VerifyException(
                    f"{self.name}: {self.ROLES[f]} {t} must have the shape of the "
                    f"{self.ROLES[like]} {lt}"
                )

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.mode.data}")
        ins = [v for v in (self.input, self.output) if v is not None]
        _print_group(printer, "ins", [*ins, self.output_grad])
        _print_group(printer, "outs", [self.input_grad])
        self.print_pool_attrs(printer)
        printer.print_op_attributes(self.attributes)
        self.print_result_tail(printer)

    @classmethod
    def parse(cls, parser: Parser) -> Pool2dBackwardOp:
        mode = parser.parse_identifier()
        ins = _parse_group(parser, "ins")
        if mode == "max":
            _expect_count(parser, f"{cls.name} max", ins, 3, "%x, %y, %dy : ...")
            x, y, dy = ins
        else:
            _expect_count(parser, f"{cls.name} {mode}", ins, 1, "%dy : ...")
            x, y, dy = None, None, ins[0]
        (dx,) = _parse_group(parser, "outs")
        a = cls.parse_pool_attrs(parser)
        attrs = parser.parse_optional_attr_dict()
        _parse_result_tail(parser, cls.name, dx)
        op = cls(dy, dx, mode=mode, x=x, y=y, **a)
        op.attributes.update(attrs)
        return op

    def reference(self, *arrays: np.ndarray) -> np.ndarray:
        """dX's new value: arrays are (x, y, dy, dx) for max, else (dy, dx); dx gives
        the shape only."""
        mode, w, s, p = self.pool_attrs()
        if mode == "max":
            x, y, dy, dx = arrays
        else:
            dy, dx = arrays
            x = y = None
        check_pool2d_shapes(self.name, dx.shape, dy.shape, w, s, p)
        if x is not None and (x.shape != dx.shape or y is None or y.shape != dy.shape):
            raise ShapeError(
                f"{self.name}: input {x.shape} and output {None if y is None else y.shape} "
                f"must have the shapes of the input gradient {dx.shape} and the output "
                f"gradient {dy.shape}"
            )
        out_hw = dy.shape[-2:]
        h, wd = dx.shape[-2:]
        g = dy.astype(np.float64)
        if mode.startswith("average"):
            dh = pool_divisors(h, out_hw[0], w[0], s[0], p[0], mode)
            dw = pool_divisors(wd, out_hw[1], w[1], s[1], p[1], mode)
            g = g / np.maximum(np.outer(dh, dw), 1)
        shape = _pool_pad(np.zeros(dx.shape), out_hw, w, s, p, 0.0).shape
        gxp = np.zeros(shape)
        xp = None
        if mode == "max":
            assert x is not None and y is not None
            xp = _pool_pad(x.astype(np.float64), out_hw, w, s, p, -np.inf)
            yv = y.astype(np.float64)
        for rows, cols in _pool_taps(out_hw, w, s):
            if xp is not None:
                gxp[..., rows, cols] += np.where(xp[..., rows, cols] == yv, g, 0.0)
            else:
                gxp[..., rows, cols] += g
        return gxp[..., p[0] : p[0] + h, p[1] : p[1] + wd].astype(dx.dtype)


# --------------------------------------------------------------------------- softmax


class SoftmaxBase(LibcallOp):
    """Shared by libcall.softmax and libcall.log_softmax."""

    DESTINATION: ClassVar[str] = "output"
    ROLES: ClassVar[dict[str, str]] = {"input": "input", "output": "output"}
    LOG: ClassVar[bool] = False

    input = operand_def(ShapedType)
    output = operand_def(ShapedType)
    axis = prop_def(IntegerAttr)

    def __init__(self, x: SSAValue | Operation, y: SSAValue | Operation, *, axis: int):
        y = SSAValue.get(y)
        super().__init__(
            operands=[x, y],
            result_types=[self.result_types_for(y)],
            properties={"axis": IntegerAttr(axis, i64)},
        )

    def verify_(self) -> None:
        self.verify_common()
        self.verify_element_types(["input"])
        xt, yt = self._shaped("input"), self._shaped("output")
        a = self.axis.value.data
        if not 0 <= a < xt.get_num_dims():
            raise VerifyException(f"{self.name}: axis {a} is out of range for input {xt}")
        if xt.get_num_dims() != yt.get_num_dims() or not all(
            _compatible(p, q) for p, q in zip(xt.get_shape(), yt.get_shape())
        ):
            raise VerifyException(f"{self.name}: output {yt} must have the shape of the input {xt}")

    def print(self, printer: Printer) -> None:
        _print_group(printer, "ins", [self.input])
        _print_group(printer, "outs", [self.output])
        printer.print_string(f" axis {self.axis.value.data}")
        printer.print_op_attributes(self.attributes)
        self.print_result_tail(printer)

    @classmethod
    def parse(cls, parser: Parser) -> SoftmaxBase:
        ins = _parse_group(parser, "ins")
        _expect_count(parser, cls.name, ins, 1, "%x : ...")
        (y,) = _parse_group(parser, "outs")
        parser.parse_keyword("axis")
        axis = parser.parse_integer()
        attrs = parser.parse_optional_attr_dict()
        _parse_result_tail(parser, cls.name, y)
        op = cls(ins[0], y, axis=axis)
        op.attributes.update(attrs)
        return op

    def reference(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Y's new value (y gives its shape only)."""
        if x.shape != y.shape:
            raise ShapeError(f"{self.name}: input {x.shape} and output {y.shape} differ")
        a = self.axis.value.data
        xf = x.astype(np.float64)
        with np.errstate(invalid="ignore"):
            z = xf - np.max(xf, axis=a, keepdims=True) if x.shape[a] else xf
            e = np.exp(z)
            s = np.sum(e, axis=a, keepdims=True)
            out = z - np.log(s) if self.LOG else e / s
        return out.astype(y.dtype)


@irdl_op_definition
class SoftmaxOp(SoftmaxBase):
    """`libcall.softmax`: exp(x - max) / sum(exp(x - max)) along `axis`."""

    name = "libcall.softmax"
    LOG: ClassVar[bool] = False


@irdl_op_definition
class LogSoftmaxOp(SoftmaxBase):
    """`libcall.log_softmax`: x - max - log(sum(exp(x - max))) along `axis`."""

    name = "libcall.log_softmax"
    LOG: ClassVar[bool] = True


LIBCALL_OPS: tuple[type[LibcallOp], ...] = (
    GemmOp,
    BatchedGemmOp,
    Conv2dOp,
    Conv2dBackwardDataOp,
    Conv2dBackwardFilterOp,
    Pool2dOp,
    Pool2dBackwardOp,
    SoftmaxOp,
    LogSoftmaxOp,
)

LIBCALL = Dialect("libcall", list(LIBCALL_OPS), [])


__all__ = [
    "LIBCALL",
    "LIBCALL_OPS",
    "EPILOGUES",
    "POOL_MODES",
    "LibcallOp",
    "GemmBase",
    "GemmOp",
    "BatchedGemmOp",
    "ConvBase",
    "Conv2dOp",
    "Conv2dBackwardDataOp",
    "Conv2dBackwardFilterOp",
    "PoolBase",
    "Pool2dOp",
    "Pool2dBackwardOp",
    "SoftmaxBase",
    "SoftmaxOp",
    "LogSoftmaxOp",
    "conv_output_size",
    "conv_padding",
    "pool_output_size",
    "pool_output_sizes",
    "pool_divisors",
    "check_conv2d_shapes",
    "check_pool2d_shapes",
]
