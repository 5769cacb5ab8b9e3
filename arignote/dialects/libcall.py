"""The `libcall` dialect: calls into vendor libraries, in destination-passing style.

Ops work on tensors (value semantics: the result is a new tensor of the destination's
type) or on memrefs (the destination buffer is overwritten; no result).  Which library
runs an op (cuBLAS, a CPU BLAS, generated loops) is chosen by a later pass from where the
buffers live, never written here.  Each op states its semantics exactly, so that every
provider computes the same thing; `reference` is that semantics in NumPy.

`libcall.gemm`, all matrices row-major:

    D = epilogue(alpha * op_a(A) @ op_b(B) + beta * C + bias)

- A is (M, K), or (K, M) with `transpose_a`; B is (K, N), or (N, K) with `transpose_b`;
  C and D are (M, N).  op_x is the identity or the transpose.
- `beta` scales the destination's incoming contents; with beta = 0 they are not read
  (NaN in C does not propagate).
- `bias`, optional, is a vector of N values added to every row.
- `epilogue` is `none` or `relu` (max(x, 0), applied last).
- Element types: f16, f32 or f64, the same for every operand; alpha and beta are f64
  attributes applied in the element type.

    %d = libcall.gemm ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>)
                      outs(%c : tensor<4x16xf32>) alpha = 1.0 beta = 0.0 -> tensor<4x16xf32>
    libcall.gemm ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
                 transpose_b bias(%v : memref<?xf32>) epilogue = relu
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    BoolAttr,
    FloatAttr,
    MemRefType,
    StringAttr,
    TensorType,
    f64,
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

EPILOGUES = ("none", "relu")


def _shape_str(shape: Sequence[int]) -> str:
    return "x".join("?" if d == DYNAMIC_INDEX else str(d) for d in shape)


def _compatible(a: int, b: int) -> bool:
    return a == DYNAMIC_INDEX or b == DYNAMIC_INDEX or a == b


@irdl_op_definition
class GemmOp(IRDLOperation):
    """`libcall.gemm`: D = epilogue(alpha * op_a(A) @ op_b(B) + beta * C + bias)."""

    name = "libcall.gemm"
    a = operand_def(TensorType | MemRefType)
    b = operand_def(TensorType | MemRefType)
    c = operand_def(TensorType | MemRefType)
    bias = opt_operand_def(TensorType | MemRefType)
    result = opt_result_def(TensorType)
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
        result_types = [c.type] if isinstance(c.type, TensorType) else []
        super().__init__(
            operands=[a, b, c, [bias] if bias is not None else []],
            result_types=[result_types],
            properties={
                "alpha": FloatAttr(alpha, f64),
                "beta": FloatAttr(beta, f64),
                "transpose_a": BoolAttr.from_bool(transpose_a),
                "transpose_b": BoolAttr.from_bool(transpose_b),
                "epilogue": StringAttr(epilogue),
            },
        )

    @property
    def on_tensors(self) -> bool:
        return isinstance(self.c.type, TensorType)

    def verify_(self) -> None:
        kinds = {type(v.type) for v in self.operands}
        if len(kinds) != 1:
            raise VerifyException(
                f"{self.name}: operands must be all tensors or all memrefs, got "
                + ", ".join(str(v.type) for v in self.operands)
            )
        a_t, b_t, c_t = self.a.type, self.b.type, self.c.type
        assert isinstance(a_t, TensorType | MemRefType)
        assert isinstance(b_t, TensorType | MemRefType)
        assert isinstance(c_t, TensorType | MemRefType)
        el = c_t.element_type
        if not tt.is_float(el):
            raise VerifyException(f"{self.name}: element type must be f16, f32 or f64, got {c_t}")
        for role, t in (("A", a_t), ("B", b_t), ("C", c_t)):
            if t.get_num_dims() != 2:
                raise VerifyException(f"{self.name}: {role} must be a matrix (rank 2), got {t}")
            if t.element_type != el:
                raise VerifyException(
                    f"{self.name}: {role} has element type {t.element_type}, expected {el} like C"
                )
        a_s, b_s, c_s = a_t.get_shape(), b_t.get_shape(), c_t.get_shape()
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
        if self.bias is not None:
            bt = self.bias.type
            assert isinstance(bt, TensorType | MemRefType)
            if (
                bt.get_num_dims() != 1
                or bt.element_type != el
                or not _compatible(bt.get_shape()[0], n)
            ):
                raise VerifyException(
                    f"{self.name}: bias must be a vector of {_shape_str((n,))} {el}, got {bt}"
                )
        if self.epilogue.data not in EPILOGUES:
            raise VerifyException(
                f"{self.name}: unknown epilogue '{self.epilogue.data}' (expected one of "
                f"{', '.join(EPILOGUES)})"
            )
        if self.on_tensors:
            if self.result is None or self.result.type != c_t:
                raise VerifyException(
                    f"{self.name}: on tensors the result type must be C's type {c_t}"
                )
        elif self.result is not None:
            raise VerifyException(
                f"{self.name}: on memrefs the op has no result (C is overwritten)"
            )

    # ------------------------------------------------------------------ syntax
    def print(self, printer: Printer) -> None:
        printer.print_string(" ins(")
        printer.print_list([self.a, self.b], printer.print_operand)
        printer.print_string(" : ")
        printer.print_list([self.a.type, self.b.type], printer.print_attribute)
        printer.print_string(") outs(")
        printer.print_operand(self.c)
        printer.print_string(" : ")
        printer.print_attribute(self.c.type)
        printer.print_string(")")
        if self.bias is not None:
            printer.print_string(" bias(")
            printer.print_operand(self.bias)
            printer.print_string(" : ")
            printer.print_attribute(self.bias.type)
            printer.print_string(")")
        if self.transpose_a.value.data:
            printer.print_string(" transpose_a")
        if self.transpose_b.value.data:
            printer.print_string(" transpose_b")
        printer.print_string(f" alpha = {self.alpha.value.data!r} beta = {self.beta.value.data!r}")
        if self.epilogue.data != "none":
            printer.print_string(f" epilogue = {self.epilogue.data}")
        printer.print_op_attributes(self.attributes)
        if self.result is not None:
            printer.print_string(" -> ")
            printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> GemmOp:
        def operands_with_types() -> list[SSAValue]:
            names = parser.parse_comma_separated_list(
                Parser.Delimiter.NONE, parser.parse_unresolved_operand
            )
            parser.parse_punctuation(":")
            types = parser.parse_comma_separated_list(Parser.Delimiter.NONE, parser.parse_type)
            if len(types) != len(names):
                parser.raise_error(f"expected {len(names)} types, got {len(types)}")
            return [parser.resolve_operand(n, t) for n, t in zip(names, types)]

        parser.parse_keyword("ins")
        parser.parse_punctuation("(")
        ab = operands_with_types()
        parser.parse_punctuation(")")
        if len(ab) != 2:
            parser.raise_error("libcall.gemm takes two inputs: ins(%a, %b : ...)")
        parser.parse_keyword("outs")
        parser.parse_punctuation("(")
        (c,) = operands_with_types()
        parser.parse_punctuation(")")
        bias = None
        if parser.parse_optional_keyword("bias"):
            parser.parse_punctuation("(")
            (bias,) = operands_with_types()
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
                    f"libcall.gemm: the result type must be C's type {c.type}, got {rt}",
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
        opa = a.T if self.transpose_a.value.data else a
        opb = b.T if self.transpose_b.value.data else b
        acc = self.alpha.value.data * (opa.astype(np.float64) @ opb.astype(np.float64))
        beta = self.beta.value.data
        if beta != 0.0:
            acc = acc + beta * c.astype(np.float64)
        if bias is not None:
            acc = acc + bias.astype(np.float64)[None, :]
        if self.epilogue.data == "relu":
            acc = np.maximum(acc, 0.0)
        return acc.astype(dtype)


LIBCALL = Dialect("libcall", [GemmOp], [])

__all__ = ["LIBCALL", "GemmOp", "EPILOGUES", "Attribute"]
