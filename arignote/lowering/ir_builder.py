"""A small op builder for lowerings: constants, index arithmetic, generics on tensors.

`Emit` appends ops either to the end of a block (a generic's body) or before an op (host
code); its methods return the result values, so lowerings read like the arithmetic they
write.  `make_generic` assembles a `linalg.generic` on tensors from inputs, maps and a
body-building callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.dialects import arith, tensor
from xdsl.dialects.builtin import (
    AffineMapAttr,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    TensorType,
    i1,
    i64,
)
from xdsl.dialects.linalg import ops as linalg
from xdsl.ir import Attribute, Block, Operation, OpResult, Region, SSAValue
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.ir.affine import AffineMap
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.dialects import tt

INDEX = IndexType()


def static_index(value: SSAValue) -> int | None:
    """The integer of an `arith.constant`, else None."""
    owner = value.owner
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None


class Emit:
    """Creates ops at one place: the end of `block`, or just before `before`."""

    def __init__(self, block: Block | None = None, before: Operation | None = None):
        assert (block is None) != (before is None)
        self.block = block
        self.before = before
        self.location = before.location if before is not None else None

    def add(self, op: Operation) -> SSAValue:
        if self.location is not None:
            op.location = self.location
        if self.block is not None:
            self.block.add_op(op)
        else:
            assert self.before is not None
            Rewriter.insert_op(op, InsertPoint.before(self.before))
        return op.results[0] if op.results else None  # type: ignore[return-value]

    # constants ---------------------------------------------------------------
    def index(self, v: int) -> SSAValue:
        return self.add(arith.ConstantOp(IntegerAttr(v, INDEX)))

    def const(self, v: float | int | bool, t: Attribute) -> SSAValue:
        if tt.is_float(t):
            return self.add(arith.ConstantOp(FloatAttr(float(v), t)))  # type: ignore[arg-type]
        if isinstance(t, IndexType):
            return self.index(int(v))
        assert isinstance(t, IntegerType)
        iv = int(v)
        if t.width.data == 1:
            iv = -1 if iv else 0
        elif tt.is_unsigned(t):
            iv %= 1 << t.width.data  # ui8 -1 is 255
        return self.add(arith.ConstantOp(IntegerAttr(iv, t)))

    # index arithmetic --------------------------------------------------------
    def addi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.AddiOp(a, b))

    def subi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.SubiOp(a, b))

    def muli(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.MuliOp(a, b))

    def floordiv(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.FloorDivSIOp(a, b))

    def divsi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.DivSIOp(a, b))

    def remsi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.RemSIOp(a, b))

    def maxsi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.MaxSIOp(a, b))

    def minsi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.MinSIOp(a, b))

    def cmpi(self, a: SSAValue, b: SSAValue, pred: str) -> SSAValue:
        return self.add(arith.CmpiOp(a, b, pred))

    def cmpf(self, a: SSAValue, b: SSAValue, pred: str) -> SSAValue:
        return self.add(arith.CmpfOp(a, b, pred))

    def andi(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.AndIOp(a, b))

    def ori(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.OrIOp(a, b))

    def select(self, c: SSAValue, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.add(arith.SelectOp(c, a, b))

    def clamp(self, v: SSAValue, lo: SSAValue, hi: SSAValue) -> SSAValue:
        return self.minsi(self.maxsi(v, lo), hi)

    def index_cast(self, v: SSAValue, t: Attribute) -> SSAValue:
        if v.type == t:
            return v
        return self.add(arith.IndexCastOp(v, t))

    def to_index(self, v: SSAValue) -> SSAValue:
        """An integer as an index: sign-extended, or zero-extended when unsigned."""
        t = v.type
        if tt.is_unsigned(t) and isinstance(t, IntegerType) and t.width.data < 64:
            v = self.add(arith.ExtUIOp(v, i64))  # (xDSL has no arith.index_castui)
        return self.index_cast(v, INDEX)

    def extract(self, t: SSAValue, indices: Sequence[SSAValue]) -> SSAValue:
        tt_type = t.type
        assert isinstance(tt_type, TensorType)
        return self.add(tensor.ExtractOp(t, list(indices), tt_type.element_type))

    def all_of(self, conds: Sequence[SSAValue]) -> SSAValue:
        out = self.const(True, i1)
        for c in conds:
            out = self.andi(out, c)
        return out

    def product(self, values: Sequence[SSAValue]) -> SSAValue:
        out = self.index(1)
        for v in values:
            out = self.muli(out, v)
        return out

    def linearize(self, idx: Sequence[SSAValue], sizes: Sequence[SSAValue]) -> SSAValue:
        """Row-major linear index of `idx` in a tensor of `sizes`."""
        out = self.index(0)
        for i, n in zip(idx, sizes):
            out = self.addi(self.muli(out, n), i)
        return out

    def delinearize(self, lin: SSAValue, sizes: Sequence[SSAValue]) -> list[SSAValue]:
        """The multi-index of row-major linear index `lin` in a tensor of `sizes`."""
        if not sizes:
            return []
        out: list[SSAValue] = []
        rest = lin
        for n in reversed(sizes[1:]):
            out.append(self.remsi(rest, n))
            rest = self.divsi(rest, n)
        out.append(rest)
        return list(reversed(out))


def identity_map(rank: int) -> AffineMapAttr:
    return AffineMapAttr(AffineMap.identity(rank))


def iterators(kinds: Sequence[str]) -> list[linalg.IteratorTypeAttr]:
    return [
        linalg.IteratorTypeAttr.parallel()
        if k == "parallel"
        else linalg.IteratorTypeAttr.reduction()
        for k in kinds
    ]


def element(v: SSAValue) -> Attribute:
    t = v.type
    assert isinstance(t, TensorType)
    return t.element_type


BodyFn = Callable[[Emit, list[SSAValue]], list[SSAValue]]


def erase_with_init(generic: linalg.GenericOp, rewriter: PatternRewriter) -> None:
    """Erase a generic on tensors nothing reads any more, and its `tensor.empty` init
    when that has no other user."""
    init = generic.outputs[0]
    rewriter.erase(generic)
    if isinstance(init, OpResult) and isinstance(init.op, tensor.EmptyOp) and not init.uses:
        rewriter.erase(init.op)


def make_generic(
    inputs: Sequence[SSAValue],
    input_maps: Sequence[AffineMap],
    inits: Sequence[SSAValue],
    output_maps: Sequence[AffineMap],
    kinds: Sequence[str],
    body: BodyFn,
) -> linalg.GenericOp:
    """A linalg.generic on tensors; `body(emit, block_args)` returns the yielded values."""
    block = Block(arg_types=[element(v) for v in inputs] + [element(v) for v in inits])
    e = Emit(block=block)
    yielded = body(e, list(block.args))
    block.add_op(linalg.YieldOp(*yielded))
    return linalg.GenericOp(
        list(inputs),
        list(inits),
        Region(block),
        [AffineMapAttr(m) for m in [*input_maps, *output_maps]],
        iterators(kinds),
        [v.type for v in inits],
    )


def linalg_index(e: Emit, dim: int) -> SSAValue:
    return e.add(linalg.IndexOp(dim))


__all__ = ["Emit", "make_generic", "identity_map", "iterators", "element", "linalg_index", "i64"]
