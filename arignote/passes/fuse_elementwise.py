"""fuse-elementwise: producer-consumer fusion of elementwise `linalg.generic` on tensors.

Input: `linalg.generic` ops on tensors (any other ops are left alone).
A producer P is fused into a consumer C through C's input operand(s) that P defines when
- both are all-parallel generics on tensors in the same block, P has one result whose
  indexing map is the identity and whose init is not read by P's body;
- every use of P is an input of C, or P is cheap to recompute (a copy/broadcast or a
  single arithmetic op that is not a division), in which case P stays for its other
  users.  A value used twice is therefore not recomputed unless it is cheap.
Each input map of P is composed with C's map for the fused operand, so broadcasts
(`tt.broadcast` copies) fold into the consumer's indexing maps.  P's body is cloned once
per distinct map C reads it through.  Inputs of the fused op that are the same value
read through the same map are merged; unused inputs are dropped.

Output: fewer generics; the dead producers and their `tensor.empty` inits are erased.
Fusion repeats until nothing more fuses.
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects import arith, math
from xdsl.dialects.linalg import ops as linalg
from xdsl.dialects.builtin import AffineMapAttr, IndexType, IntegerAttr, ModuleOp, TensorType
from xdsl.ir import Block, BlockArgument, Operation, OpResult, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
)
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

from arignote.lowering.ir_builder import erase_with_init
from arignote.opbuild import generic

_EXPENSIVE = (arith.DivfOp, arith.DivSIOp, arith.DivUIOp, arith.FloorDivSIOp, arith.RemSIOp)


def _is_elementwise_tensor_generic(op: Operation | None) -> bool:
    if not isinstance(op, linalg.GenericOp):
        return False
    if not op.res or not all(isinstance(r.type, TensorType) for r in op.res):
        return False
    return all(it.data == linalg.IteratorType.PARALLEL for it in op.iterator_types.data)


def _is_tensor_generic(op: Operation | None) -> bool:
    """A generic on tensors (any iterators: a reduction may consume a fused producer)."""
    return (
        isinstance(op, linalg.GenericOp)
        and bool(op.res)
        and all(isinstance(r.type, TensorType) for r in op.res)
    )


def _index_ops(op: linalg.GenericOp) -> list[linalg.IndexOp]:
    return [o for o in op.body.walk() if isinstance(o, linalg.IndexOp)]


def _remappable(m: AffineMap) -> bool:
    """linalg.index of the producer can be rewritten through consumer map m."""
    return all(isinstance(e, AffineDimExpr | AffineConstantExpr) for e in m.results)


def _maps(op: linalg.GenericOp) -> list[AffineMap]:
    return [m.data for m in op.indexing_maps.data]


def _body_ops(op: linalg.GenericOp) -> list[Operation]:
    return [o for o in op.body.block.ops if not isinstance(o, linalg.YieldOp)]


def is_cheap(op: linalg.GenericOp) -> bool:
    """A copy/broadcast, or one arithmetic op that is neither a division nor math."""
    body = [o for o in _body_ops(op) if not isinstance(o, arith.ConstantOp)]
    if not body:
        return True
    if len(body) > 1:
        return False
    o = body[0]
    return o.dialect_name() == "arith" and not isinstance(o, _EXPENSIVE)


def _fusable_producer(consumer: linalg.GenericOp, value: SSAValue) -> linalg.GenericOp | None:
    if not isinstance(value, OpResult):
        return None
    p = value.op
    if not _is_elementwise_tensor_generic(p) or len(p.res) != 1:
        return None
    assert isinstance(p, linalg.GenericOp)
    if p.parent_block() is not consumer.parent_block():
        return None
    out_map = _maps(p)[-1]
    if out_map != AffineMap.identity(out_map.num_dims):
        return None
    if p.body.block.args[-1].uses:  # the body reads its init
        return None
    if _index_ops(p):
        c_maps = _maps(consumer)
        reads = [c_maps[i] for i, v in enumerate(consumer.inputs) if v is value]
        if not all(_remappable(m) for m in reads):
            return None
    if not _keeps_loop_ranges(p, consumer, value):
        return None
    users = {u.operation for u in value.uses}
    n_in = len(consumer.inputs)
    only_consumer_inputs = users == {consumer} and all(u.index < n_in for u in value.uses)
    if only_consumer_inputs or is_cheap(p):
        return p
    return None


def _dims_of(e: AffineExpr) -> set[int]:
    if isinstance(e, AffineDimExpr):
        return {e.position}
    if isinstance(e, AffineBinaryOpExpr):
        return _dims_of(e.lhs) | _dims_of(e.rhs)
    return set()


def _keeps_loop_ranges(p: linalg.GenericOp, consumer: linalg.GenericOp, value: SSAValue) -> bool:
    """After fusion every loop dim of the consumer is still a result of some operand's
    map (else its range is unknown: e.g. a gather producer, which has no inputs, feeding
    a reduction whose only ranged operand it was)."""
    c_maps = _maps(consumer)
    ins = tuple(consumer.inputs)  # (each access decodes the operand segments)
    n_in = len(ins)
    covered: set[int] = set()
    for i, m in enumerate(c_maps):
        if i < n_in and ins[i] is value:
            continue
        for e in m.results:
            covered |= _dims_of(e)
    p_maps = _maps(p)[: len(p.inputs)]
    for i, v in enumerate(ins):
        if v is not value:
            continue
        read = c_maps[i]
        for pm in p_maps:
            for e in pm.results:
                for d in _dims_of(e):
                    covered |= _dims_of(read.results[d])
    return covered >= set(range(c_maps[0].num_dims))


class FuseProducerIntoConsumer(RewritePattern):
    """generic C(ins(P(...))) -> generic C'(ins(P's inputs)) with P's body inlined."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: linalg.GenericOp, rewriter: PatternRewriter) -> None:
        if not _is_tensor_generic(op):
            return
        for value in op.inputs:
            producer = _fusable_producer(op, value)
            if producer is not None:
                fused = _fuse(producer, op)
                rewriter.replace(op, fused)
                if not producer.res[0].uses:
                    erase_with_init(producer, rewriter)
                return


def _fuse(producer: linalg.GenericOp, consumer: linalg.GenericOp) -> linalg.GenericOp:
    """The consumer with `producer` inlined, built on the consumer's own region.

    The consumer's body block is reused in place (new block arguments for the producer's
    inputs, the fused arguments replaced by the producer's computation placed at the
    start of the block), so fusing a long chain costs time proportional to the chain,
    not to its square.
    """
    p_value = producer.res[0]
    p_maps = _maps(producer)
    c_maps = _maps(consumer)
    n_in = len(consumer.inputs)
    reads = [c_maps[i] for i, v in enumerate(consumer.inputs) if v is p_value]
    move = all(u.operation is consumer for u in p_value.uses) and len(set(reads)) == 1
    region = consumer.detach_region(consumer.body)
    block = region.block
    first = block.first_op
    assert first is not None
    args: list[BlockArgument] = list(block.args[:n_in])
    info: list[tuple[SSAValue, AffineMap]] = [(v, c_maps[i]) for i, v in enumerate(consumer.inputs)]

    def arg_for(value: SSAValue, m: AffineMap) -> BlockArgument:
        for a, (v, mm) in zip(args, info):
            if v is value and mm == m:
                return a
        a = block.insert_arg(_element(value), len(args))
        args.append(a)
        info.append((value, m))
        return a

    computed: dict[AffineMap, SSAValue] = {}
    for a, (v, m) in list(zip(args, info)):
        if v is not p_value:
            continue
        if m not in computed:
            pmap: dict[SSAValue, SSAValue] = {
                producer.body.block.args[j]: arg_for(pv, p_maps[j].compose(m))
                for j, pv in enumerate(producer.inputs)
            }
            computed[m] = _inline_body(producer.body.block, first, pmap, m, move=move)
        a.replace_all_uses_with(computed[m])

    kept_info: list[tuple[SSAValue, AffineMap]] = []
    kept_args: list[BlockArgument] = []
    for a, (v, m) in zip(args, info):
        if v is p_value:
            block.erase_arg(a)
            continue
        dup = next((b for b, (vv, mm) in zip(kept_args, kept_info) if vv is v and mm == m), None)
        if dup is not None:
            a.replace_all_uses_with(dup)
        if dup is not None or not a.uses:
            block.erase_arg(a)
            continue
        kept_args.append(a)
        kept_info.append((v, m))

    fused = generic(
        [v for v, _ in kept_info],
        list(consumer.outputs),
        region,
        [AffineMapAttr(m) for _, m in kept_info] + [AffineMapAttr(m) for m in c_maps[n_in:]],
        consumer.iterator_types,
        [r.type for r in consumer.res],
    )
    fused.location = consumer.location
    return fused  # type: ignore[return-value]


def _inline_body(
    src: Block,
    before: Operation,
    mapping: dict[SSAValue, SSAValue],
    index_map: AffineMap,
    *,
    move: bool,
) -> SSAValue:
    """Put `src`'s ops (a producer body) before `before`, its block arguments replaced per
    `mapping` and its `linalg.index d` by what `index_map` gives for d; returns the value
    it yields.  With `move` the ops are moved (the producer dies), else cloned."""
    block = before.parent_block()
    assert block is not None
    yielded: SSAValue | None = None
    for o in list(src.ops):
        if isinstance(o, linalg.YieldOp):
            yielded = mapping.get(o.operands[0], o.operands[0])
            continue
        if isinstance(o, linalg.IndexOp):
            expr = index_map.results[o.dim.value.data]
            if isinstance(expr, AffineDimExpr):
                c: Operation = linalg.IndexOp(expr.position)
            else:
                assert isinstance(expr, AffineConstantExpr)
                c = arith.ConstantOp(IntegerAttr(expr.value, IndexType()))
            block.insert_op_before(c, before)
            mapping[o.result] = c.results[0]
            continue
        if move:
            for k, operand in enumerate(o.operands):
                if operand in mapping:
                    o.operands[k] = mapping[operand]
            for inner in o.walk():
                if inner is o:
                    continue
                for k, operand in enumerate(inner.operands):
                    if operand in mapping:
                        inner.operands[k] = mapping[operand]
            o.detach()
            block.insert_op_before(o, before)
        else:
            c = o.clone(value_mapper=mapping)
            block.insert_op_before(c, before)
            for old, new in zip(o.results, c.results):
                mapping[old] = new
    assert yielded is not None
    return yielded


def _element(v: SSAValue):
    t = v.type
    assert isinstance(t, TensorType)
    return t.element_type


class FuseElementwisePass(ModulePass):
    name = "fuse-elementwise"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        # consumers last to first: each absorbs small producers, never a long fused body
        PatternRewriteWalker(
            FuseProducerIntoConsumer(), apply_recursively=True, walk_reverse=True
        ).rewrite_module(op)


__all__ = ["FuseElementwisePass", "FuseProducerIntoConsumer", "is_cheap", "BlockArgument", "math"]
