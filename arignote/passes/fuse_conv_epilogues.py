"""`fuse-conv-epilogues`: a per-channel bias and a relu after a convolution become the
convolution's own epilogue.

Input invariant: linalg on tensors (after `convert-tt-to-linalg` and `fuse-elementwise`),
where `tt.conv2d` became `libcall.conv2d ins(%x, %w) outs(%y)` and the elementwise math
after it one all-parallel `linalg.generic`.

Rewrite: a `libcall.conv2d` without bias or epilogue whose result has exactly one use,
the only input of a rank-4 all-parallel `linalg.generic` G read through the identity map
(G writes through the identity map, has one result of the convolution's type, and never
reads its output), where G's body computes exactly one of

    conv + bias[c]        max(conv + bias[c], 0)        max(conv, 0)

(`arith.addf` in either operand order; `arith.maximumf` with the constant +0.0 in either
order; bias[c] is `tensor.extract %b[linalg.index 1]` of a rank-1 tensor %b defined
outside G, or G's second input read through `(d0, d1, d2, d3) -> (d1)`), becomes one
`libcall.conv2d ins(%x, %w) outs(%y) bias(%b) [epilogue = relu]` that replaces G's result.

The numbers are those of the two ops: every provider adds the bias to the finished sum of
products and applies max(., +0.0) last (`libcall.conv2d`'s definition).  Any other body --
another input, a different constant, a cast, more math -- is left as it is.  The size of
%b is not checked here: G's producer (`tt.add`'s broadcast) asserted it equals the
channel count.  The pass emits no diagnostics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, tensor
from xdsl.dialects.builtin import FloatAttr, ModuleOp, TensorType
from xdsl.dialects.linalg import ops as linalg
from xdsl.ir import Operation, SSAValue
from xdsl.ir.affine import AffineDimExpr, AffineMap
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, PatternRewriteWalker, RewritePattern

from arignote.dialects import libcall

_IDENTITY = AffineMap.identity(4)
_CHANNEL = AffineMap(4, 0, (AffineDimExpr(1),))


@dataclass(frozen=True)
class _Term:
    """What a value of G's body means: `conv` (the convolution's element), `bias` (an
    element of the bias vector %b at the channel), `channel` (linalg.index 1), `zero`
    (+0.0), `constant` (any other), `sum` (conv + bias), `relu` (max(conv, 0)) or
    `relu_sum`."""

    kind: str
    bias: SSAValue | None = None


def _is_positive_zero(op: Operation) -> bool:
    if not isinstance(op, arith.ConstantOp) or not isinstance(op.value, FloatAttr):
        return False
    v = op.value.value.data
    return v == 0.0 and math.copysign(1.0, v) > 0


def _outside(v: SSAValue, g: linalg.GenericOp) -> bool:
    """Whether `v` is defined outside G (so one value for every element)."""
    owner = v.owner
    op = owner.parent_op() if not isinstance(owner, Operation) else owner
    while op is not None:
        if op is g:
            return False
        op = op.parent_op()
    return True


class _Body:
    """The meaning of G's body values, from its block arguments forward."""

    def __init__(self, g: linalg.GenericOp, el: object):
        self.g, self.el = g, el
        self.terms: dict[SSAValue, _Term] = {}

    def term(self, v: SSAValue) -> _Term | None:
        if v in self.terms:
            return self.terms[v]
        if isinstance(v.owner, Operation) and _outside(v, self.g) and _is_positive_zero(v.owner):
            return _Term("zero")
        return None

    def step(self, op: Operation) -> bool:
        """Give op's result a meaning; False when it has none we fuse."""
        t: _Term | None = None
        if isinstance(op, linalg.IndexOp):
            t = _Term("channel") if op.dim.value.data == 1 else None
        elif isinstance(op, arith.ConstantOp):  # (unused ones too: cse runs after)
            t = _Term("zero" if _is_positive_zero(op) else "constant")
        elif isinstance(op, tensor.ExtractOp):
            t = self._extract(op)
        elif isinstance(op, arith.AddfOp):
            a, b = self.term(op.lhs), self.term(op.rhs)
            if a and b and {a.kind, b.kind} == {"conv", "bias"}:
                t = _Term("sum", a.bias or b.bias)
        elif isinstance(op, arith.MaximumfOp):
            a, b = self.term(op.lhs), self.term(op.rhs)
            if a and b and {a.kind, b.kind} in ({"conv", "zero"}, {"sum", "zero"}):
                x = a if a.kind != "zero" else b
                t = _Term("relu" if x.kind == "conv" else "relu_sum", x.bias)
        if t is None or len(op.results) != 1:
            return False
        self.terms[op.results[0]] = t
        return True

    def _extract(self, op: tensor.ExtractOp) -> _Term | None:
        b = op.tensor
        bt = b.type
        if not isinstance(bt, TensorType) or bt.get_num_dims() != 1 or not _outside(b, self.g):
            return None
        if bt.element_type != self.el or len(op.indices) != 1:
            return None
        i = self.term(op.indices[0])
        return _Term("bias", b) if i is not None and i.kind == "channel" else None


def _epilogue(g: linalg.GenericOp, conv: libcall.Conv2dOp) -> _Term | None:
    """The bias and relu G applies to the convolution's result (None: not that shape)."""
    rt = conv.results[0].type
    if len(g.res) != 1 or len(g.outputs) != 1 or g.res[0].type != rt:
        return None
    if any(it.data != linalg.IteratorType.PARALLEL for it in g.iterator_types.data):
        return None
    maps = [m.data for m in g.indexing_maps.data]
    if len(maps) != len(g.inputs) + 1 or maps[0] != _IDENTITY or maps[-1] != _IDENTITY:
        return None
    if g.inputs[0] is not conv.results[0] or len(g.inputs) > 2:
        return None
    assert isinstance(rt, TensorType)
    body = _Body(g, rt.element_type)
    args = g.body.block.args
    if args[-1].uses:
        return None
    body.terms[args[0]] = _Term("conv")
    if len(g.inputs) == 2:
        bt = g.inputs[1].type
        if (
            maps[1] != _CHANNEL
            or not isinstance(bt, TensorType)
            or bt.element_type != rt.element_type
        ):
            return None
        body.terms[args[1]] = _Term("bias", g.inputs[1])
    *ops, last = g.body.block.ops
    if not isinstance(last, linalg.YieldOp) or len(last.operands) != 1:
        return None
    if not all(body.step(o) for o in ops):
        return None
    t = body.term(last.operands[0])
    return t if t is not None and t.kind in ("sum", "relu", "relu_sum") else None


class FuseConvEpilogue(RewritePattern):
    """generic(bias, relu) of libcall.conv2d -> libcall.conv2d with bias and epilogue."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, libcall.Conv2dOp) or op.bias is not None:
            return
        if op.epilogue.data != "none" or not op.results or not op.results[0].has_one_use():
            return
        g = next(iter(op.results[0].uses)).operation
        if not isinstance(g, linalg.GenericOp):
            return
        t = _epilogue(g, op)
        if t is None:
            return
        strides, padding, dilation, flip = op.conv_attrs()
        fused = libcall.Conv2dOp(
            op.input, op.filters, op.output, strides=strides, padding=padding,
            dilation=dilation, flip=flip, bias=t.bias,
            epilogue="relu" if t.kind.startswith("relu") else "none",
        )  # fmt: skip
        fused.attributes.update(op.attributes)
        fused.location = op.location
        rewriter.replace(g, fused)  # at G's place: %b is defined before G
        rewriter.erase(op)


class FuseConvEpiloguesPass(ModulePass):
    name = "fuse-conv-epilogues"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(FuseConvEpilogue(), apply_recursively=False).rewrite_module(op)
