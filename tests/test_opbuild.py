"""`arignote.opbuild` makes the same ops as the op classes' constructors: the same name,
operands, result types, properties (defaults filled) and attributes, printed alike in
the generic form (which shows every property) and verified."""

from __future__ import annotations

import pytest
from xdsl.dialects import arith, llvm, math, tensor
from xdsl.dialects.builtin import (
    AffineMapAttr,
    DenseIntOrFPElementsAttr,
    FloatAttr,
    IndexType,
    IntegerAttr,
    SymbolRefAttr,
    TensorType,
    f32,
    i64,
)
from xdsl.dialects.linalg import ops as linalg
from xdsl.ir import Block, Operation, Region
from xdsl.ir.affine import AffineMap
from xdsl.printer import Printer

from arignote.dialects import tt
from arignote.dialects import llvm as allvm
from arignote.opbuild import INDEX, generic, identity_map, int_attr, llvm_call, make, parallel

T = TensorType(f32, [-1, 4])


def _generic_text(op: Operation) -> str:
    import io

    out = io.StringIO()
    Printer(stream=out, print_generic_format=True).print_op(op)
    return out.getvalue()


def _same(a: Operation, b: Operation) -> None:
    assert type(a) is type(b)
    assert list(a.operands) == list(b.operands)
    assert [r.type for r in a.results] == [r.type for r in b.results]
    assert a.properties == b.properties
    assert a.attributes == b.attributes
    # the printed forms name the same values
    text_a = _generic_text(a)
    text_b = _generic_text(b)
    assert text_a.split("=", 1)[-1] == text_b.split("=", 1)[-1]


def _args(*types):  # type: ignore[no-untyped-def]
    return Block(arg_types=list(types)).args


@pytest.mark.parametrize(
    "cls", [arith.AddfOp, arith.SubfOp, arith.MulfOp, arith.DivfOp, arith.MaximumfOp]
)
def test_arith_binary(cls) -> None:  # type: ignore[no-untyped-def]
    x, y = _args(f32, f32)
    _same(make(cls, (x, y), (f32,)), cls(x, y))


@pytest.mark.parametrize("cls", [math.SinOp, math.TanhOp, math.ExpOp, math.SqrtOp])
def test_math_unary(cls) -> None:  # type: ignore[no-untyped-def]
    (x,) = _args(f32)
    _same(make(cls, (x,), (f32,)), cls(x))


def test_constants_dims_and_empty() -> None:
    (t,) = _args(T)
    c = arith.ConstantOp(IntegerAttr(0, IndexType()))
    _same(make(arith.ConstantOp, (), (IndexType(),), {"value": int_attr(0, INDEX)}), c)
    _same(make(tensor.DimOp, (t, c.result), (IndexType(),)), tensor.DimOp(t, c.result))
    (n,) = _args(IndexType())
    _same(make(tensor.EmptyOp, (n,), (T,)), tensor.EmptyOp([n], T))
    fc = FloatAttr(2.0, f32)
    _same(make(llvm.ConstantOp, (), (f32,), {"value": fc}), llvm.ConstantOp(fc, f32))


def test_generic() -> None:
    a, b, out = _args(T, T, T)

    def body() -> Region:
        blk = Block(arg_types=[f32, f32, f32])
        blk.add_op(linalg.YieldOp(blk.args[0]))
        return Region(blk)

    maps = [AffineMapAttr(AffineMap.identity(2))] * 3
    iters = [linalg.IteratorTypeAttr.parallel()] * 2
    fast = generic([a, b], [out], body(), [identity_map(2)] * 3, parallel(2), [T])
    slow = linalg.GenericOp([a, b], [out], body(), maps, iters, [T])
    fast.verify()
    assert list(fast.operands) == list(slow.operands)
    assert fast.properties == slow.properties
    assert _generic_text(fast).split("=", 1)[-1] == _generic_text(slow).split("=", 1)[-1]


def test_llvm_call() -> None:
    x, y = _args(f32, f32)
    callee = SymbolRefAttr("__arignote_sin_f32")
    _same(llvm_call(callee, [x, y], f32), llvm.CallOp(callee, x, y, return_type=f32))


def test_llvm_float_binary() -> None:
    x, y = _args(f32, f32)
    fm = llvm.FastMathAttr(None)
    for cls in (allvm.FAddOp, allvm.FMulOp, allvm.MaximumOp):
        _same(make(cls, (x, y), (f32,), {"fastmathFlags": fm}), cls(x, y, fm))


def test_tt_ops_keep_their_definitions() -> None:
    """The tt elementwise ops build through `opbuild.init`: still verified, printed and
    parsed as before."""
    a, b = _args(T, T)
    ops = [
        tt.AddOp(a, b),
        tt.SinOp(a),
        tt.CastOp(a, TensorType(i64, [-1, 4])),
        tt.ConstantOp(DenseIntOrFPElementsAttr.from_list(TensorType(f32, [2]), [1.0, 2.0])),
        tt.BroadcastOp(a, [0, 1], TensorType(f32, [-1, 4])),
    ]
    for op in ops:
        op.verify()
    assert tt.AddOp(a, b).properties == {}
    assert list(tt.BroadcastOp(a, [0, 1], T).operands) == [a]
    with pytest.raises(Exception, match="same type"):
        tt.AddOp(a, _args(TensorType(f32, [3]))[0]).verify()
