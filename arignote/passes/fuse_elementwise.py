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
from xdsl.dialects import arith, math, tensor
from xdsl.dialects.linalg import ops as linalg
from xdsl.dialects.builtin import AffineMapAttr, IndexType, IntegerAttr, ModuleOp, TensorType
from xdsl.ir import Block, BlockArgument, Operation, OpResult, Region, SSAValue
from xdsl.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

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
    users = {u.operation for u in value.uses}
    only_consumer_inputs = users == {consumer} and all(
        u.index < len(consumer.inputs) for u in value.uses
    )
    if only_consumer_inputs or is_cheap(p):
        return p
    return None


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
                    _erase_with_init(producer, rewriter)
                return


def _erase_with_init(producer: linalg.GenericOp, rewriter: PatternRewriter) -> None:
    init = producer.outputs[0]
    rewriter.erase(producer)
    if isinstance(init, OpResult) and isinstance(init.op, tensor.EmptyOp) and not init.uses:
        rewriter.erase(init.op)


def _fuse(producer: linalg.GenericOp, consumer: linalg.GenericOp) -> linalg.GenericOp:
    p_value = producer.res[0]
    p_maps = _maps(producer)
    c_maps = _maps(consumer)
    n_c_in = len(consumer.inputs)

    # The fused op's inputs as (value, map), before merging.
    entries: list[tuple[SSAValue, AffineMap]] = []
    # For consumer input i: ("keep", entry index) or ("fused", map key)
    c_plan: list[tuple[str, object]] = []
    fused_maps: dict[AffineMap, list[int]] = {}  # consumer map -> entry idx of P's inputs
    for i, v in enumerate(consumer.inputs):
        m = c_maps[i]
        if v is p_value:
            if m not in fused_maps:
                idxs = []
                for j, pv in enumerate(producer.inputs):
                    idxs.append(len(entries))
                    entries.append((pv, p_maps[j].compose(m)))
                fused_maps[m] = idxs
            c_plan.append(("fused", m))
        else:
            c_plan.append(("keep", len(entries)))
            entries.append((v, m))

    # Merge duplicate (value, map) inputs.
    unique: list[tuple[SSAValue, AffineMap]] = []
    slot_of_entry: list[int] = []
    for v, m in entries:
        for k, (uv, um) in enumerate(unique):
            if uv is v and um == m:
                slot_of_entry.append(k)
                break
        else:
            slot_of_entry.append(len(unique))
            unique.append((v, m))

    out_t = consumer.body.block.args[-1].type
    body = Block(arg_types=[_element(v) for v, _ in unique] + [out_t])
    mapping: dict[SSAValue, SSAValue] = {}

    # One clone of the producer's body per distinct consumer map.
    fused_value: dict[AffineMap, SSAValue] = {}
    for m, idxs in fused_maps.items():
        pmap: dict[SSAValue, SSAValue] = {}
        for j, e in enumerate(idxs):
            pmap[producer.body.block.args[j]] = body.args[slot_of_entry[e]]
        fused_value[m] = _clone_body_into(producer.body.block, body, pmap, index_map=m)

    for i, (kind, what) in enumerate(c_plan):
        arg = consumer.body.block.args[i]
        if kind == "fused":
            mapping[arg] = fused_value[what]  # type: ignore[index]
        else:
            mapping[arg] = body.args[slot_of_entry[what]]  # type: ignore[index]
    mapping[consumer.body.block.args[n_c_in]] = body.args[-1]
    result = _clone_body_into(consumer.body.block, body, mapping, keep_yield=True)
    del result

    # Drop inputs whose block argument is unused.
    keep = [k for k in range(len(unique)) if body.args[k].uses]
    for k in reversed(range(len(unique))):
        if k not in keep:
            body.erase_arg(body.args[k])
    inputs = [unique[k][0] for k in keep]
    maps = [AffineMapAttr(unique[k][1]) for k in keep] + [AffineMapAttr(c_maps[n_c_in])]

    fused = linalg.GenericOp(
        inputs,
        list(consumer.outputs),
        Region(body),
        maps,
        list(consumer.iterator_types.data),
        [r.type for r in consumer.res],
    )
    fused.location = consumer.location
    return fused


def _element(v: SSAValue):
    t = v.type
    assert isinstance(t, TensorType)
    return t.element_type


def _clone_body_into(
    src: Block,
    dst: Block,
    mapping: dict[SSAValue, SSAValue],
    *,
    keep_yield: bool = False,
    index_map: AffineMap | None = None,
) -> SSAValue:
    """Clone `src`'s ops into `dst` with `mapping`; returns the yielded value
    (or appends the yield itself when `keep_yield`).  With `index_map` (the consumer's
    map of the fused operand), the producer's `linalg.index d` becomes the consumer's
    index (or constant) that `index_map` gives for d."""
    yielded: SSAValue | None = None
    for o in src.ops:
        if index_map is not None and isinstance(o, linalg.IndexOp):
            expr = index_map.results[o.dim.value.data]
            if isinstance(expr, AffineDimExpr):
                c = linalg.IndexOp(expr.position)
            else:
                assert isinstance(expr, AffineConstantExpr)
                c = arith.ConstantOp(IntegerAttr(expr.value, IndexType()))
            dst.add_op(c)
            mapping[o.result] = c.results[0]
            continue
        if isinstance(o, linalg.YieldOp):
            if keep_yield:
                dst.add_op(linalg.YieldOp(*[mapping.get(v, v) for v in o.operands]))
            else:
                yielded = mapping.get(o.operands[0], o.operands[0])
            continue
        c = o.clone(value_mapper=mapping)
        dst.add_op(c)
        for old, new in zip(o.results, c.results):
            mapping[old] = new
    if keep_yield:
        return dst.args[-1]
    assert yielded is not None
    return yielded


class FuseElementwisePass(ModulePass):
    name = "fuse-elementwise"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(FuseProducerIntoConsumer(), apply_recursively=True).rewrite_module(op)


__all__ = ["FuseElementwisePass", "FuseProducerIntoConsumer", "is_cheap", "BlockArgument", "math"]
