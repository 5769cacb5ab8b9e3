"""`fold-gemm-transposes`: let `libcall.gemm` read transposed operands in place.

Input invariant: linalg on tensors (after `convert-tt-to-linalg` and `fuse-elementwise`),
where `tt.matmul` became `libcall.gemm ins(%a, %b) outs(%c)` and a `tt.transpose` of a
gemm operand became a 2-d all-parallel `linalg.generic` whose maps read its inputs
transposed, `(d0, d1) -> (d1, d0)` (possibly fused with elementwise math: the gradient of
a dense layer multiplies by `relu(h).T` or `W.T`).

Rewrite, for each operand X (A or B) of a `libcall.gemm` (not batched) defined by such a
generic G whose only use is that operand, whose result is written through the identity
map, whose body neither reads its output nor uses `linalg.index`:

* G is a plain transpose (one input read through `(d1, d0)`, the body yields it): the
  gemm reads G's input directly and its `transpose_a`/`transpose_b` flag is flipped;
* otherwise, when more of G's 2-d inputs are read transposed than straight: G is
  replaced by the same computation on swapped loop dims (`d0 <-> d1` in every input map,
  an init `tensor.empty` of the swapped sizes), which produces `X^T` and reads those
  inputs contiguously, and the flag is flipped.

`op(A)` and `op(B)` are unchanged, so the gemm computes the same numbers; the transposed
copies that disappear are strided loops over whole matrices.  Anything else is kept as it
is; the pass emits no diagnostics.
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects import tensor
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    AffineMapAttr,
    ArrayAttr,
    BoolAttr,
    ModuleOp,
    TensorType,
)
from xdsl.dialects.linalg import ops as linalg
from xdsl.ir import Operation, SSAValue
from xdsl.ir.affine import AffineDimExpr, AffineMap
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)

from arignote.dialects import libcall

_IDENTITY = AffineMap(2, 0, (AffineDimExpr(0), AffineDimExpr(1)))
_TRANSPOSED = AffineMap(2, 0, (AffineDimExpr(1), AffineDimExpr(0)))
_SWAP = AffineMap(2, 0, (AffineDimExpr(1), AffineDimExpr(0)))


def _transposing_generic(v: SSAValue) -> linalg.GenericOp | None:
    g = v.owner
    if not isinstance(g, linalg.GenericOp) or len(g.res) != 1 or len(g.outputs) != 1:
        return None
    if not v.has_one_use() or len(g.iterator_types.data) != 2:
        return None
    if any(it.data != linalg.IteratorType.PARALLEL for it in g.iterator_types.data):
        return None
    maps = [m.data for m in g.indexing_maps.data]
    if maps[-1] != _IDENTITY or not isinstance(g.res[0].type, TensorType):
        return None
    body = g.body.block
    if body.args[-1].uses or any(isinstance(o, linalg.IndexOp) for o in body.ops):
        return None
    if not isinstance(g.outputs[0].owner, tensor.EmptyOp):
        return None
    return g


def _is_plain_transpose(g: linalg.GenericOp) -> SSAValue | None:
    maps = [m.data for m in g.indexing_maps.data]
    if len(g.inputs) != 1 or maps[0] != _TRANSPOSED:
        return None
    ops = list(g.body.block.ops)
    if len(ops) == 1 and isinstance(ops[0], linalg.YieldOp):
        if ops[0].operands[0] is g.body.block.args[0]:
            return g.inputs[0]
    return None


class FoldTransposeIntoGemm(RewritePattern):
    """libcall.gemm of a transposing generic -> gemm with the transpose flag flipped."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, libcall.GemmOp):
            return
        for field, flag in (("a", "transpose_a"), ("b", "transpose_b")):
            operand: SSAValue = getattr(op, field)
            g = _transposing_generic(operand)
            if g is None:
                continue
            src = _is_plain_transpose(g)
            if src is None:
                src = self._swapped(g, rewriter)
                if src is None:
                    continue
            operands = list(op.operands)
            operands[operands.index(operand)] = src
            op.operands = operands
            old = getattr(op, flag).value.data
            op.properties[flag] = BoolAttr.from_bool(not old)
            rewriter.handle_operation_modification(op)
            if not g.res[0].uses:
                empty = g.outputs[0].owner
                rewriter.erase(g)
                if isinstance(empty, tensor.EmptyOp) and not empty.tensor.uses:
                    rewriter.erase(empty)

    @staticmethod
    def _swapped(g: linalg.GenericOp, rewriter: PatternRewriter) -> SSAValue | None:
        maps = [m.data for m in g.indexing_maps.data]
        ins = maps[:-1]
        t = sum(1 for m in ins if m == _TRANSPOSED)
        s = sum(1 for m in ins if m == _IDENTITY)
        if t <= s:
            return None
        empty = g.outputs[0].owner
        assert isinstance(empty, tensor.EmptyOp)
        rt = g.res[0].type
        assert isinstance(rt, TensorType)
        shape = list(rt.get_shape())
        new_t = TensorType(rt.element_type, shape[::-1])
        dyn = list(empty.dynamic_sizes)
        # the dynamic sizes in dim order, swapped with the dims
        sizes: list[SSAValue | int] = []
        it = iter(dyn)
        for s_ in shape:
            sizes.append(next(it) if s_ == DYNAMIC_INDEX else s_)
        sizes = sizes[::-1]
        new_dyn = [x for x in sizes if isinstance(x, SSAValue)]
        new_empty = tensor.EmptyOp(new_dyn, new_t)
        new_maps = [AffineMapAttr(m.compose(_SWAP)) for m in ins] + [AffineMapAttr(_IDENTITY)]
        body = g.body.clone()
        new_g = linalg.GenericOp(
            list(g.inputs),
            [new_empty.tensor],
            body,
            new_maps,
            ArrayAttr(list(g.iterator_types.data)),
            [new_t],
        )
        new_empty.location = empty.location
        new_g.location = g.location
        rewriter.insert([new_empty, new_g], _before(g))
        return new_g.res[0]


def _before(op: Operation):  # type: ignore[no-untyped-def]
    from xdsl.rewriter import InsertPoint

    return InsertPoint.before(op)


class FoldGemmTransposesPass(ModulePass):
    name = "fold-gemm-transposes"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(FoldTransposeIntoGemm(), apply_recursively=False).rewrite_module(op)
