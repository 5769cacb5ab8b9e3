"""convert-arith-to-llvm: every `arith` op in device code becomes llvm-dialect ops.

Input: device code (bodies of `gpu.module`s, of `func.func`s marked `arignote.kernel` and
of top-level `llvm.func`s) using `arith` on scalars or 1-D vectors of integers, `index`
and floats.  Host functions are left alone.

Output: the same computation in the llvm dialect.  `index` is `i64`; operands that are
not yet LLVM values arrive through `builtin.unrealized_conversion_cast` and results that
other unconverted ops use are cast back (see `llvm_abi`), so the pass composes with the
other `*-to-llvm` conversions in any order; `reconcile-unrealized-casts` folds the pairs.

    arith.constant          -> llvm.mlir.constant (scalars, dense vectors)
    addi/subi/muli/shli     -> llvm.add/sub/mul/shl (nsw/nuw flags kept)
    divsi/divui/remsi/remui -> llvm.sdiv/udiv/srem/urem;  andi/ori/xori, shrsi/shrui
    floordivsi, ceildivsi   -> sdiv with a correction (select) when the quotient is inexact
    ceildivui               -> a == 0 ? 0 : (a - 1) / b + 1
    maxsi/minsi/maxui/minui -> llvm.intr.smax/smin/umax/umin
    addf/subf/mulf/divf/remf, negf -> llvm.fadd/.../frem, llvm.fneg (fastmath flags kept)
    maximumf/minimumf       -> llvm.intr.maximum/minimum (NaN-propagating)
    maxnumf/minnumf         -> llvm.intr.maxnum/minnum
    cmpi/cmpf (all predicates), select -> llvm.icmp/fcmp, llvm.select
    index_cast              -> llvm.trunc/sext or nothing (index is i64)
    extsi/extui/trunci, extf/truncf, sitofp/uitofp/fptosi/fptoui, bitcast -> the llvm casts

Anything else (`arith.addui_extended`, vector `cmpf`/`select` conditions, ...) fails with
a diagnostic naming the op.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from xdsl.context import Context
from xdsl.dialects import arith
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    VectorType,
    i1,
    i64,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern

from arignote.dialects import arith as aarith
from arignote.dialects import llvm as allvm
from arignote.lowering.kernel_abi import convert_scalar_type
from arignote.lowering.llvm_abi import apply_to_device_code, check_device_code, from_llvm, to_llvm
from arignote.opbuild import int_attr, llvm_int_binary, make

PASS = "convert-arith-to-llvm"


def _fastmath(op: Operation) -> xllvm.FastMathAttr:
    fm = op.properties.get("fastmath")
    return _llvm_fastmath(fm.data if isinstance(fm, arith.FastMathFlagsAttr) else None)


@lru_cache(maxsize=64)
def _llvm_fastmath(flags: frozenset[object] | None) -> xllvm.FastMathAttr:
    return xllvm.FastMathAttr(flags)  # type: ignore[arg-type]


def _overflow(op: Operation) -> xllvm.OverflowAttr:
    flags = op.properties.get("overflowFlags")
    return _llvm_overflow(flags.data if isinstance(flags, arith.IntegerOverflowAttr) else ())


@lru_cache(maxsize=16)
def _llvm_overflow(flags: tuple[object, ...] | frozenset[object]) -> xllvm.OverflowAttr:
    return xllvm.OverflowAttr(tuple(xllvm.OverflowFlag(str(f.value)) for f in flags) or None)  # type: ignore[attr-defined]


def _scalar(t: Attribute) -> Attribute:
    return t.element_type if isinstance(t, VectorType) else t


def _convertible(t: Attribute) -> bool:
    """Scalars and 1-D vectors of integers, index and floats."""
    if isinstance(t, VectorType):
        if t.get_num_dims() != 1:
            return False
        t = t.element_type
    return isinstance(t, IntegerType | IndexType) or xllvm.is_compatible_type(t)


def _all_convertible(op: Operation) -> bool:
    return all(_convertible(v.type) for v in (*op.operands, *op.results))


def _finish(
    rewriter: PatternRewriter, op: Operation, new_ops: list[Operation], value: SSAValue
) -> None:
    """Insert `new_ops`, cast `value` back to the type of op's result, replace op."""
    rewriter.insert(new_ops)
    rewriter.replace(op, [], [from_llvm(rewriter, value, op.results[0].type)])


# ----------------------------------------------------------------------------------------
# patterns


class ConstantToLlvm(RewritePattern):
    """arith.constant -> llvm.mlir.constant (index values as i64)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, arith.ConstantOp) or not _all_convertible(op):
            return
        t = convert_scalar_type(op.result.type)
        value = op.value
        if isinstance(value, IntegerAttr):
            width = t.width.data if isinstance(t, IntegerType) else 64
            v = value.value.data
            if width == 1:
                v = 1 if v else 0
            new_value: Attribute = int_attr(v, IntegerType(width))
        elif isinstance(value, FloatAttr):
            new_value = value
        elif isinstance(value, DenseIntOrFPElementsAttr) and isinstance(t, VectorType):
            new_value = DenseIntOrFPElementsAttr.from_list(t, list(value.get_values()))
        else:
            return
        c = make(xllvm.ConstantOp, (), (t,), {"value": new_value})
        _finish(rewriter, op, [c], c.result)


_INT_OVERFLOW: dict[type[Operation], type[Operation]] = {
    arith.AddiOp: xllvm.AddOp,
    arith.SubiOp: xllvm.SubOp,
    arith.MuliOp: xllvm.MulOp,
    arith.ShLIOp: xllvm.ShlOp,
}
_INT_PLAIN: dict[type[Operation], type[Operation]] = {
    arith.DivSIOp: xllvm.SDivOp,
    arith.DivUIOp: xllvm.UDivOp,
    arith.RemSIOp: xllvm.SRemOp,
    arith.RemUIOp: xllvm.URemOp,
    arith.AndIOp: xllvm.AndOp,
    arith.OrIOp: xllvm.OrOp,
    arith.XOrIOp: xllvm.XOrOp,
    arith.ShRSIOp: xllvm.AShrOp,
    arith.ShRUIOp: xllvm.LShrOp,
    arith.MaxSIOp: allvm.SMaxOp,
    arith.MinSIOp: allvm.SMinOp,
    arith.MaxUIOp: allvm.UMaxOp,
    arith.MinUIOp: allvm.UMinOp,
}
_FLOAT_BINARY: dict[type[Operation], type[Operation]] = {
    arith.AddfOp: allvm.FAddOp,
    arith.SubfOp: allvm.FSubOp,
    arith.MulfOp: allvm.FMulOp,
    arith.DivfOp: allvm.FDivOp,
    aarith.RemFOp: allvm.FRemOp,
    arith.MaximumfOp: allvm.MaximumOp,
    arith.MinimumfOp: allvm.MinimumOp,
    arith.MaxnumfOp: xllvm.VectorFMaxOp,
    arith.MinnumfOp: xllvm.VectorFMinOp,
}


class IntegerBinaryToLlvm(RewritePattern):
    """arith.addi/subi/muli/... %a, %b -> llvm.add/sub/mul/... %a, %b."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        t = type(op)
        if (t not in _INT_OVERFLOW and t not in _INT_PLAIN) or not _all_convertible(op):
            return
        lhs, rhs = (to_llvm(rewriter, v) for v in op.operands)
        if t in _INT_OVERFLOW:
            new = llvm_int_binary(_INT_OVERFLOW[t], lhs, rhs, _overflow(op))
        else:
            new = _INT_PLAIN[t](lhs, rhs)  # type: ignore[call-arg]
        _finish(rewriter, op, [new], new.results[0])


class FloatBinaryToLlvm(RewritePattern):
    """arith.addf/.../maximumf %a, %b -> llvm.fadd/.../llvm.intr.maximum %a, %b (fastmath kept)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        new_cls = _FLOAT_BINARY.get(type(op))
        if new_cls is None or not _all_convertible(op):
            return
        lhs, rhs = op.operands
        new = make(new_cls, (lhs, rhs), (lhs.type,), {"fastmathFlags": _fastmath(op)})
        _finish(rewriter, op, [new], new.results[0])


class NegfToLlvm(RewritePattern):
    """arith.negf %a -> llvm.fneg %a."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, arith.NegfOp) or not _all_convertible(op):
            return
        new = allvm.FNegOp(op.operand, _fastmath(op))
        _finish(rewriter, op, [new], new.res)


def _const_like(rewriter: PatternRewriter, t: Attribute, v: int) -> SSAValue:
    """An llvm constant `v` of integer (vector) type t."""
    if isinstance(t, VectorType):
        attr: Attribute = DenseIntOrFPElementsAttr.from_list(t, [v] * t.element_count())
    else:
        attr = int_attr(v, t)
    c = xllvm.ConstantOp(attr, t)
    rewriter.insert(c)
    return c.result


def _icmp(rewriter: PatternRewriter, a: SSAValue, b: SSAValue, pred: str) -> SSAValue:
    op = xllvm.ICmpOp(a, b, int_attr(xllvm.ICmpPredicateFlag(pred).to_int(), i64))
    rewriter.insert(op)
    return op.res


def _ins(rewriter: PatternRewriter, op: Operation) -> SSAValue:
    rewriter.insert(op)
    return op.results[0]


class IntegerDivisionToLlvm(RewritePattern):
    """arith.floordivsi/ceildivsi/ceildivui -> llvm.sdiv/udiv and an exact correction."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, arith.FloorDivSIOp | arith.CeilDivSIOp | arith.CeilDivUIOp):
            return
        if not _all_convertible(op) or isinstance(op.results[0].type, VectorType):
            return
        a, b = (to_llvm(rewriter, v) for v in op.operands)
        t = a.type
        one = _const_like(rewriter, t, 1)
        zero = _const_like(rewriter, t, 0)
        if isinstance(op, arith.CeilDivUIOp):
            # a == 0 ? 0 : (a - 1) / b + 1
            is_zero = _icmp(rewriter, a, zero, "eq")
            am1 = _ins(rewriter, xllvm.SubOp(a, one))
            q = _ins(rewriter, xllvm.UDivOp(am1, b))
            q1 = _ins(rewriter, xllvm.AddOp(q, one))
            res = _ins(rewriter, xllvm.SelectOp(is_zero, zero, q1))
        else:
            q = _ins(rewriter, xllvm.SDivOp(a, b))
            prod = _ins(rewriter, xllvm.MulOp(q, b))
            inexact = _icmp(rewriter, prod, a, "ne")
            a_neg = _icmp(rewriter, a, zero, "slt")
            b_neg = _icmp(rewriter, b, zero, "slt")
            if isinstance(op, arith.FloorDivSIOp):
                # signs differ and inexact: the truncated quotient is one too large
                signs = _ins(rewriter, xllvm.XOrOp(a_neg, b_neg))
                fix = _ins(rewriter, xllvm.AndOp(inexact, signs))
                adj = _ins(rewriter, xllvm.SubOp(q, one))
            else:
                # signs agree and inexact: the truncated quotient is one too small
                signs = _ins(rewriter, xllvm.ICmpOp(a_neg, b_neg, IntegerAttr(0, i64)))
                fix = _ins(rewriter, xllvm.AndOp(inexact, signs))
                adj = _ins(rewriter, xllvm.AddOp(q, one))
            res = _ins(rewriter, xllvm.SelectOp(fix, adj, q))
        rewriter.replace(op, [], [from_llvm(rewriter, res, op.results[0].type)])


class CmpiToLlvm(RewritePattern):
    """arith.cmpi <pred>, %a, %b -> llvm.icmp "<pred>" %a, %b (same predicate numbering)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, arith.CmpiOp) or not _all_convertible(op):
            return
        lhs, rhs = (to_llvm(rewriter, v) for v in op.operands)
        new = xllvm.ICmpOp(lhs, rhs, int_attr(op.predicate.value.data, i64))
        _finish(rewriter, op, [new], new.res)


class CmpfToLlvm(RewritePattern):
    """arith.cmpf <pred>, %a, %b -> llvm.fcmp "<pred>" %a, %b (scalars)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, arith.CmpfOp) or isinstance(op.lhs.type, VectorType):
            return
        new = allvm.FCmpOp(op.lhs, op.rhs, int_attr(op.predicate.value.data, i64))
        new.properties["fastmathFlags"] = _fastmath(op)
        _finish(rewriter, op, [new], new.res)


class SelectToLlvm(RewritePattern):
    """arith.select %c, %a, %b -> llvm.select %c, %a, %b (scalar condition)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, arith.SelectOp) or not _all_convertible(op):
            return
        if op.cond.type != i1:
            return
        new = xllvm.SelectOp(op.cond, to_llvm(rewriter, op.lhs), to_llvm(rewriter, op.rhs))
        _finish(rewriter, op, [new], new.res)


def _width(t: Attribute) -> int:
    s = _scalar(convert_scalar_type(t))
    assert isinstance(s, IntegerType)
    return s.width.data


_SIMPLE_CASTS: dict[type[Operation], Callable[[SSAValue, Attribute], Operation]] = {
    arith.ExtFOp: xllvm.FPExtOp,
    arith.TruncFOp: xllvm.FPTruncOp,
    arith.SIToFPOp: xllvm.SIToFPOp,
    arith.UIToFPOp: allvm.UIToFPOp,
    arith.FPToSIOp: allvm.FPToSIOp,
    arith.FPToUIOp: allvm.FPToUIOp,
    arith.ExtSIOp: xllvm.SExtOp,
    arith.ExtUIOp: xllvm.ZExtOp,
    arith.TruncIOp: xllvm.TruncOp,
    arith.BitcastOp: xllvm.BitcastOp,
}
_SIMPLE_CASTS = aarith.with_replacements(_SIMPLE_CASTS)  # (our extsi/extui/trunci too)


class CastToLlvm(RewritePattern):
    """arith casts -> llvm.fpext/fptrunc/sitofp/uitofp/fptosi/fptoui/sext/zext/trunc/bitcast."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        make = _SIMPLE_CASTS.get(type(op))
        if make is None or not _all_convertible(op):
            return
        src = to_llvm(rewriter, op.operands[0])
        dst_t = convert_scalar_type(op.results[0].type)
        if src.type == dst_t:  # e.g. bitcast index <-> i64
            rewriter.replace(op, [], [from_llvm(rewriter, src, op.results[0].type)])
            return
        new = make(src, dst_t)
        _finish(rewriter, op, [new], new.results[0])


class IndexCastToLlvm(RewritePattern):
    """arith.index_cast -> llvm.trunc / llvm.sext / nothing (index is i64, the cast is signed)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, arith.IndexCastOp) or not _all_convertible(op):
            return
        src = to_llvm(rewriter, op.input)
        dst_t = convert_scalar_type(op.result.type)
        ws, wd = _width(op.input.type), _width(op.result.type)
        if ws == wd:
            value = src
        else:
            new = xllvm.TruncOp(src, dst_t) if ws > wd else xllvm.SExtOp(src, dst_t)
            rewriter.insert(new)
            value = new.results[0]
        rewriter.replace(op, [], [from_llvm(rewriter, value, op.result.type)])


def populate_arith_to_llvm_patterns() -> list[RewritePattern]:
    """The patterns of convert-arith-to-llvm."""
    return [
        ConstantToLlvm(),
        IntegerBinaryToLlvm(),
        FloatBinaryToLlvm(),
        NegfToLlvm(),
        IntegerDivisionToLlvm(),
        CmpiToLlvm(),
        CmpfToLlvm(),
        SelectToLlvm(),
        CastToLlvm(),
        IndexCastToLlvm(),
    ]


def unsupported_reason(op: Operation) -> str:
    """Why an arith op was left in device code."""
    types = [v.type for v in (*op.operands, *op.results)]
    if not all(_convertible(t) for t in types):
        bad = next(t for t in types if not _convertible(t))
        return f"has type {bad}, which cannot be converted to the llvm dialect"
    if isinstance(op, arith.CmpfOp | arith.SelectOp):
        return "on vectors is not supported"
    return "cannot be converted to the llvm dialect"


def check_arith_converted(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic if an arith op is left in device code."""
    check_device_code(module, pass_name, lambda o: o.dialect_name() == "arith", unsupported_reason)


@dataclass(frozen=True)
class ConvertArithToLlvmPass(ModulePass):
    """arith -> llvm in device code."""

    name = "convert-arith-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        apply_to_device_code(op, populate_arith_to_llvm_patterns())
        check_arith_converted(op)
