"""convert-tt-to-linalg: tt ops to `linalg.generic` on tensors.

Input: functions of `tt` ops (plus `arith` on scalars/index, `tensor.dim`).
Output: no `tt` op remains.
- Each elementwise op becomes an all-parallel `linalg.generic` with identity maps whose
  body is the op's scalar semantics (`tt_scalar.emit_scalar`) and whose init is a
  `tensor.empty` of the result's sizes.
- With `fuse-chains=true` (the pipelines' setting), an elementwise op whose operand is
  the result of an elementwise op converted before it, read by nothing else, takes that
  op's body into its own (and its inputs, each value once): a chain of elementwise ops
  becomes one generic as it is converted, what fuse-elementwise would make of the
  generics one by one (a 500-op chain: the two passes and the cse between them took
  0.32 s; 0.15 s with the option).  Without it, one generic per op.
- `tt.broadcast` becomes a copy `linalg.generic` whose input map drops or zeroes the
  broadcast dims (fuse-elementwise folds it into its consumers).
- An operand that is a splat constant (a splat `tt.constant`, possibly broadcast) is not
  an input: its scalar is materialised inside the body (`arith.constant`).
- `tt.constant` becomes `arith.constant dense<...>` (bufferized to a global).
- `tt.host_call` becomes `host.call` with the same callback, operands and results.
- A `tt.reshape` of a `tt.transpose` that only moves unit dims (the other dims keep their
  order, so the elements keep their row-major order) reshapes the transpose's input
  instead (the transpose, a copy, is then dead unless something else reads it).
- Where two operands of one op have dynamic sizes that come from different values, a
  host-side check is emitted before the op:
  `cf.assert %eq, "<op> at <file:line>: operand shapes differ in dim <i>"`.
  The dynamic sizes of every tensor are tracked through the conversion, so sizes that
  are the same value (the common case) need no check.

Locations of the tt ops are kept on the ops that replace them.

Unsigned element types (ui8 ... ui64) live only at the tt level: the scalar bodies and
the structural lowerings choose the unsigned arith ops while the values still have
their ui types, then `make_signless` rewrites every type and attribute of the module
(function signatures, tensors, block arguments, constants) to the signless integer of
the same width, so that no later pass sees a signed or unsigned type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects import arith, cf, func, tensor
from xdsl.dialects.linalg import ops as linalg
from xdsl.dialects.builtin import (
    ArrayAttr,
    DYNAMIC_INDEX,
    AffineMapAttr,
    DenseIntOrFPElementsAttr,
    FunctionType,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    TensorType,
)
from xdsl.ir import Attribute, Block, BlockArgument, Operation, OpResult, Region, SSAValue
from xdsl.ir.affine import AffineConstantExpr, AffineDimExpr, AffineExpr, AffineMap
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import InsertPoint, Rewriter

from arignote.dialects import tt
from arignote.errors import InternalError
from arignote.ir import diagnostic, location_str
from arignote.lowering.ir_builder import Emit, erase_with_init
from arignote.lowering.tt_scalar import emit_scalar
from arignote.lowering.tt_structural import Lowering, structural_patterns
from arignote.opbuild import INDEX, generic, identity_map, int_attr, make, parallel, segments

PASS_NAME = "convert-tt-to-linalg"


@dataclass
class ShapeTracker:
    """The SSA values holding the dynamic sizes of tensors, created on demand."""

    sizes: dict[tuple[SSAValue, int], SSAValue] = field(default_factory=dict)
    consts: dict[tuple[Block, int], SSAValue] = field(default_factory=dict)

    def index_const(self, block: Block, i: int) -> SSAValue:
        key = (block, i)
        if key not in self.consts:
            c = make(arith.ConstantOp, (), (INDEX,), {"value": int_attr(i, INDEX)})
            Rewriter.insert_op(c, InsertPoint.at_start(block))
            self.consts[key] = c.result
        return self.consts[key]

    def record(self, value: SSAValue, dim: int, size: SSAValue) -> None:
        self.sizes[(value, dim)] = size

    def lookup(self, value: SSAValue, dim: int) -> SSAValue | None:
        """The known size of dim `dim` of `value`, derived without creating ops."""
        key = (value, dim)
        if key in self.sizes:
            return self.sizes[key]
        owner = value.owner if isinstance(value, OpResult) else None
        if isinstance(owner, linalg.GenericOp):
            return self.lookup(owner.outputs[value.index], dim)
        if isinstance(owner, tensor.EmptyOp):
            t = owner.tensor.type
            assert isinstance(t, TensorType)
            shape = t.get_shape()
            if shape[dim] != DYNAMIC_INDEX:
                return None
            pos = [i for i, s in enumerate(shape) if s == DYNAMIC_INDEX].index(dim)
            return owner.dynamic_sizes[pos]
        if owner is not None and owner.dialect_name() == "libcall" and owner.results:
            # destination passing: the result has the destination's sizes
            dest = owner.operands[owner.destination_operands()[value.index]]  # type: ignore[attr-defined]
            return self.lookup(dest, dim)
        if isinstance(owner, tt.BroadcastOp):
            from_sizes = dict(zip(owner.size_operand_dims(), owner.sizes))
            if dim in from_sizes:
                return from_sizes[dim]
            if dim in owner.dim_map:
                return self.lookup(owner.input, owner.dim_map.index(dim))
        return None

    def size(self, value: SSAValue, dim: int) -> SSAValue:
        """The index value of dynamic dim `dim` of tensor `value` (made if unknown)."""
        known = self.lookup(value, dim)
        if known is not None:
            self.sizes[(value, dim)] = known
            return known
        key = (value, dim)
        if isinstance(value, BlockArgument):
            block = value.block
            c = self.index_const(block, dim)
            d = make(tensor.DimOp, (value, c), (INDEX,))
            assert isinstance(c, OpResult)
            Rewriter.insert_op(d, InsertPoint.after(c.op))
        else:
            assert isinstance(value, OpResult)
            owner = value.op
            block = owner.parent_block()
            assert block is not None
            c = self.index_const(block, dim)
            d = make(tensor.DimOp, (value, c), (INDEX,))
            Rewriter.insert_op(d, InsertPoint.after(owner))
        self.sizes[key] = d.result
        return d.result

    def dynamic_sizes(self, like: SSAValue) -> list[SSAValue]:
        t = like.type
        assert isinstance(t, TensorType)
        return [self.size(like, i) for i, s in enumerate(t.get_shape()) if s == DYNAMIC_INDEX]


def splat_scalar(value: SSAValue) -> tuple[DenseIntOrFPElementsAttr, object] | None:
    """If `value` is a splat tt.constant (possibly broadcast), its attr and scalar."""
    owner = value.owner if isinstance(value, OpResult) else None
    if isinstance(owner, tt.BroadcastOp):
        return splat_scalar(owner.input)
    if isinstance(owner, tt.ConstantOp):
        attr = owner.value
        values = list(attr.get_values())
        if len(values) >= 1 and all(v == values[0] for v in values):
            return attr, values[0]
    return None


class _Body:
    """The body block of an elementwise generic being made: its inputs' arguments, and
    the bodies of the generics it takes in (the first one's region is reused)."""

    def __init__(self, base: Operation | None, *, merge: bool):
        self.merge = merge  # one argument per input value (else one per operand)
        self.inputs: list[SSAValue] = []
        self.args: dict[SSAValue, SSAValue] = {}
        self.taken: list[Operation] = []
        self.values: dict[Operation, SSAValue] = {}
        if base is None:
            self.region = Region(Block())
            self.block = self.region.block
            return
        assert isinstance(base, linalg.GenericOp)
        self.region = base.detach_region(base.body)
        self.block = self.region.block
        self.inputs = list(base.inputs)
        for v, a in zip(self.inputs, self.block.args):
            self.args.setdefault(v, a)
        self._close(base)

    def arg_for(self, value: SSAValue) -> SSAValue:
        if value in self.args and self.merge:
            return self.args[value]
        arg = self.block.insert_arg(_element(value), len(self.inputs))
        self.args.setdefault(value, arg)
        self.inputs.append(value)
        return arg

    def take(self, producer: Operation) -> SSAValue:
        """The value `producer` (a generic taken in) yields, computed in this body."""
        if producer in self.values:
            return self.values[producer]
        assert isinstance(producer, linalg.GenericOp)
        src = producer.body.block
        mapping = {a: self.arg_for(v) for a, v in zip(src.args, producer.inputs)}
        for o in list(src.ops):
            if isinstance(o, linalg.YieldOp):
                self.values[producer] = mapping.get(o.operands[0], o.operands[0])
                continue
            for k, operand in enumerate(o.operands):
                if operand in mapping:
                    o.operands[k] = mapping[operand]
            o.detach()
            self.block.add_op(o)
        self.taken.append(producer)
        return self.values[producer]

    def _close(self, base: linalg.GenericOp) -> None:
        """Take the reused body's yield out (its value is the base's result)."""
        last = self.block.last_op
        assert isinstance(last, linalg.YieldOp)
        self.values[base] = last.operands[0]
        last.detach()
        last.erase()
        self.taken.append(base)

    def finish(self, out_element: Attribute) -> None:
        """Give the block its init argument (the reused one's init is never read)."""
        if len(self.block.args) > len(self.inputs):
            self.block.erase_arg(self.block.args[len(self.inputs)])
        self.block.insert_arg(out_element, len(self.inputs))


class ConvertElementwise(RewritePattern):
    """tt.<elementwise>(a, b, ...) -> linalg.generic ins(a, b, ...) outs(tensor.empty).

    With `fuse_chains`, an operand made by a generic this pattern made, used by nothing
    else, is not an input: that generic's body becomes the start of the new one (its
    region is taken over, or its ops are moved in) and its inputs become the new one's.
    A chain of elementwise ops whose intermediate values have one use each thus becomes
    one generic as it is converted, in time proportional to its length."""

    def __init__(self, shapes: ShapeTracker, *, fuse_chains: bool = False):
        self.shapes = shapes
        self.fuse_chains = fuse_chains
        #: the generics made here that later ops may take in (fuse_chains)
        self.made: set[Operation] = set()

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.ElementwiseOp):
            return
        result = op.results[0]
        rt = result.type
        assert isinstance(rt, TensorType)
        rank = rt.get_num_dims()

        operands = list(op.operands)
        # every operand, the folded splats too: their sizes must agree with the others'
        self._check_sizes(op, operands, rewriter)
        splats = [splat_scalar(v) for v in operands]
        taken = [self._taken(v, op) if c is None else None for v, c in zip(operands, splats)]
        producers = {id(p): p for p in taken if p is not None}
        if len(producers) == 1:
            (base,) = producers.values()
            if base.results[0].type == rt:
                self._grow(op, base, operands, splats, taken, rewriter)
                return
        # sizes come from the first real input, or from the (broadcast) constant operand
        like = next((v for v, c in zip(operands, splats) if c is None), operands[0])
        dyn = self.shapes.dynamic_sizes(like)
        empty = make(tensor.EmptyOp, dyn, (rt,))

        body = _Body(next((p for p in taken if p is not None), None), merge=self.fuse_chains)
        args: list[SSAValue] = []
        for v, splat, producer in zip(operands, splats, taken):
            if splat is not None:
                c = _splat_constant(splat[0])
                body.block.add_op(c)
                args.append(c.result)
            elif producer is not None:
                args.append(body.take(producer))
            else:
                args.append(body.arg_for(v))
        out = emit_scalar(op, args, body.block)
        body.block.add_op(make(linalg.YieldOp, (out,)))
        body.finish(rt.element_type)

        op_ = generic(
            body.inputs,
            [empty.tensor],
            body.region,
            [identity_map(rank)] * (len(body.inputs) + 1),
            parallel(rank),
            [rt],
        )
        op_.location = op.location
        empty.location = op.location
        rewriter.replace(op, [empty, op_])
        for producer in body.taken:
            erase_with_init(producer, rewriter)  # type: ignore[arg-type]
            self.made.discard(producer)
        if self.fuse_chains:
            self.made.add(op_)
        for i, s in zip([i for i, d in enumerate(rt.get_shape()) if d == DYNAMIC_INDEX], dyn):
            self.shapes.record(op_.results[0], i, s)

    def _grow(
        self,
        op: Operation,
        base: Operation,
        operands: list[SSAValue],
        splats: list[tuple[DenseIntOrFPElementsAttr, object] | None],
        taken: list[Operation | None],
        rewriter: PatternRewriter,
    ) -> None:
        """`op` computed at the end of the body of `base`, the one generic it takes in,
        whose result has op's type: `base` gains op's other inputs and takes op's place
        (the generic and its init are kept, not made again: a chain grows one generic)."""
        assert isinstance(base, linalg.GenericOp)
        block = base.body.block
        inputs = list(base.inputs)
        (init,) = base.outputs
        done = block.last_op
        assert isinstance(done, linalg.YieldOp)
        args_of: dict[SSAValue, SSAValue] = {}
        for v, a in zip(inputs, block.args):
            args_of.setdefault(v, a)
        args: list[SSAValue] = []
        for v, splat, producer in zip(operands, splats, taken):
            if splat is not None:
                c = _splat_constant(splat[0])
                block.insert_op_before(c, done)
                args.append(c.result)
            elif producer is not None:
                args.append(done.operands[0])
            else:
                if v not in args_of:
                    args_of[v] = block.insert_arg(_element(v), len(inputs))
                    inputs.append(v)
                args.append(args_of[v])
        out = emit_scalar(op, args, block)  # (appended after the old yield, then moved up)
        done.operands = [out]
        done.detach()
        block.add_op(done)
        rank = len(op.results[0].type.get_shape())  # type: ignore[attr-defined]
        base.operands = [*inputs, init]
        base.properties["operandSegmentSizes"] = segments(len(inputs), 1)
        base.properties["indexing_maps"] = ArrayAttr([identity_map(rank)] * (len(inputs) + 1))
        base.location = op.location
        base.detach()  # (an input may be defined after it: it goes where op is)
        rewriter.insert(base, InsertPoint.before(op))
        rewriter.replace(op, [], [base.results[0]])

    def _taken(self, value: SSAValue, op: Operation) -> Operation | None:
        """The generic made here that defines `value`, when only `op` uses it."""
        owner = value.owner
        if owner not in self.made or owner.parent_block() is not op.parent_block():
            return None
        if any(u.operation is not op for u in value.uses):
            return None
        return owner  # type: ignore[return-value]

    def _check_sizes(
        self, op: Operation, inputs: list[SSAValue], rewriter: PatternRewriter
    ) -> None:
        """Emit cf.assert where two operands' dynamic sizes are different values."""
        if len(inputs) < 2:
            return
        t = inputs[0].type
        assert isinstance(t, TensorType)
        for dim, s in enumerate(t.get_shape()):
            if s != DYNAMIC_INDEX:
                continue
            first = self.shapes.size(inputs[0], dim)
            for other in inputs[1:]:
                size = self.shapes.size(other, dim)
                if size is first:
                    continue
                eq = arith.CmpiOp(first, size, "eq")
                msg = (
                    f"{op.name} at {location_str(op)}: operand shapes differ in dim {dim} "
                    "(input dimension mismatch)"
                )
                check = cf.AssertOp(eq.result, msg)
                eq.location = check.location = op.location
                rewriter.insert([eq, check], InsertPoint.before(op))


def _element(v: SSAValue):
    t = v.type
    assert isinstance(t, TensorType)
    return t.element_type


def _splat_constant(attr: DenseIntOrFPElementsAttr) -> Operation:
    """The scalar `arith.constant` of a splat tensor constant's element."""
    el = attr.get_element_type()
    return make(arith.ConstantOp, (), (el,), {"value": _scalar_attr(attr)})


def _scalar_attr(attr: DenseIntOrFPElementsAttr):
    el = attr.get_element_type()
    v = list(attr.get_values())[0]
    if tt.is_float(el):
        from xdsl.dialects.builtin import FloatAttr

        return FloatAttr(float(v), el)  # type: ignore[arg-type]
    iv = int(v)
    if tt.is_bool(el):
        iv = -1 if iv else 0
    return IntegerAttr(iv, el)  # type: ignore[arg-type]


class ScalarizeHostIntegers(RewritePattern):
    """A rank-0 integer/boolean elementwise op -> scalar arith on the host.

    Shape arithmetic (`x[i*b:(i+1)*b]`, `arange(y.shape[0])`) is computed where the
    sizes are needed, before any kernel; the tensor result is `tensor.from_elements` of
    the scalar for the users that need a tensor.
    """

    def __init__(self, low: Lowering):
        self.low = low

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, tt.ElementwiseOp):
            return
        rt = op.results[0].type
        assert isinstance(rt, TensorType)
        if rt.get_num_dims() != 0 or not _host_int(rt):
            return
        if not all(_host_int(v.type) for v in op.operands):
            return
        e = Emit(before=op)
        args = [self.low.scalar(v, e) for v in op.operands]
        s = emit_scalar(op, args, e)
        out = self.low.from_scalar(s, rt, e)
        rewriter.replace(op, [], [out])


def _host_int(t: object) -> bool:
    """A type the host computes on: signed (signless) integers and bools; unsigned
    scalars become kernels like any tensor op."""
    return (
        isinstance(t, TensorType)
        and tt.is_int(t.element_type)
        and not tt.is_unsigned(t.element_type)
    )


class ConvertBroadcast(RewritePattern):
    """tt.broadcast x -> linalg.generic copy with a broadcasting input map."""

    def __init__(self, shapes: ShapeTracker):
        self.shapes = shapes

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: tt.BroadcastOp, rewriter: PatternRewriter) -> None:
        t_in, t_out = op.input.type, op.result.type
        assert isinstance(t_in, TensorType) and isinstance(t_out, TensorType)
        out_shape = t_out.get_shape()
        in_shape = t_in.get_shape()
        dims = op.dim_map
        exprs: list[AffineExpr] = []
        for i, r in enumerate(dims):
            if in_shape[i] == 1 and out_shape[r] != 1:
                exprs.append(AffineConstantExpr(0))
            else:
                exprs.append(AffineDimExpr(r))
        in_map = AffineMap(len(out_shape), 0, tuple(exprs))

        from_sizes = dict(zip(op.size_operand_dims(), op.sizes))
        dyn: list[SSAValue] = []
        for r, s in enumerate(out_shape):
            if s != DYNAMIC_INDEX:
                continue
            if r in from_sizes:
                dyn.append(from_sizes[r])
            else:
                dyn.append(self.shapes.size(op.input, dims.index(r)))
        empty = tensor.EmptyOp(dyn, t_out)
        body = Block(arg_types=[t_in.element_type, t_out.element_type])
        body.add_op(linalg.YieldOp(body.args[0]))
        generic = linalg.GenericOp(
            [op.input],
            [empty.tensor],
            Region(body),
            [AffineMapAttr(in_map), identity_map(len(out_shape))],
            parallel(len(out_shape)),
            [t_out],
        )
        generic.location = empty.location = op.location
        rewriter.replace(op, [empty, generic])
        dyn_dims = [r for r, s in enumerate(out_shape) if s == DYNAMIC_INDEX]
        for r, s in zip(dyn_dims, dyn):
            self.shapes.record(generic.results[0], r, s)


class ConvertHostCall(RewritePattern):
    # tt.host_call "f"(...) -> host.call "f"(...) on the same tensors
    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: tt.HostCallOp, rewriter: PatternRewriter) -> None:
        from arignote.dialects.host import CallOp

        call = CallOp(op.callee.data, list(op.operands), [r.type for r in op.results])
        call.attributes.update(op.attributes)
        call.location = op.location
        rewriter.replace(op, call)


class ConvertConstant(RewritePattern):
    """tt.constant dense<...> -> arith.constant dense<...> (splats used only inline vanish)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: tt.ConstantOp, rewriter: PatternRewriter) -> None:
        c = arith.ConstantOp(op.value, op.result.type)
        c.location = op.location
        rewriter.replace(op, c)


def _erase_dead(module: ModuleOp) -> None:
    """Erase side-effect-free ops left without uses (folded splats, their broadcasts)."""
    dead_kinds = (
        linalg.GenericOp, tensor.EmptyOp, tensor.DimOp, arith.ConstantOp,
        tt.ConstantOp, tt.BroadcastOp,
    )  # fmt: skip
    changed = True
    while changed:
        changed = False
        for op in list(module.walk(reverse=True)):
            if op.parent is None:
                continue  # inside an op erased in this sweep
            if isinstance(op, dead_kinds) and all(not r.uses for r in op.results):
                if isinstance(op, linalg.GenericOp) and not op.res:
                    continue  # a generic on buffers has effects
                op.detach()
                op.erase()
                changed = True


@dataclass(frozen=True)
class ConvertTtToLinalgPass(ModulePass):
    """tt ops to `linalg.generic` on tensors (the module docstring says how).

    `fuse-chains=true` converts chains of elementwise ops whose intermediate values have
    one use each into one generic (`ConvertElementwise`): what fuse-elementwise would
    make of them, without making the generics it fuses."""

    name = "convert-tt-to-linalg"

    fuse_chains: bool = False

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for f in op.walk():
            if not isinstance(f, func.FuncOp) or not f.body.blocks:
                continue
            _skip_unit_transposes(f)
            shapes = ShapeTracker()
            _reuse_arg_dims(f, shapes)
            PatternRewriteWalker(
                _Dispatch(shapes, fuse_chains=self.fuse_chains),
                apply_recursively=False,
                walk_reverse=False,
            ).rewrite_region(f.body)
        _erase_dead(op)
        for o in op.walk():
            if o.dialect_name() == "tt":
                raise InternalError(diagnostic(o, PASS_NAME, "was left unconverted"))
        make_signless(op)


def _moves_only_unit_dims(op: tt.TransposeOp) -> bool:
    """Whether the transpose keeps the order of every dim whose size is not a static 1."""
    in_type = op.input.type
    assert isinstance(in_type, TensorType)
    shape = in_type.get_shape()
    kept = [d for d in range(len(shape)) if shape[d] != 1]
    return [p for p in op.permutation if shape[p] != 1] == kept


def _skip_unit_transposes(f: func.FuncOp) -> None:
    """Point each tt.reshape of a unit-dims-only tt.transpose at the transpose's input."""
    for op in f.walk():
        if not isinstance(op, tt.ReshapeOp):
            continue
        src = op.input.owner
        if isinstance(src, tt.TransposeOp) and _moves_only_unit_dims(src):
            op.operands[0] = src.input


def _signless_attr(a: Attribute) -> Attribute | None:
    """The signless form of a type or constant attribute (None: unchanged)."""
    if isinstance(a, IntegerType):
        el = tt.signless(a)
        return None if el == a else el
    if isinstance(a, TensorType):
        el = tt.signless(a.element_type)
        return None if el == a.element_type else tt.with_element_type(a, el)
    if isinstance(a, IntegerAttr) and isinstance(a.type, IntegerType):
        el = tt.signless(a.type)
        return None if el == a.type else IntegerAttr(a.value.data, el)
    if isinstance(a, DenseIntOrFPElementsAttr):
        t = _signless_attr(a.type)
        return None if t is None else DenseIntOrFPElementsAttr(t, a.data)  # the same bytes
    if isinstance(a, FunctionType):
        ins = [_signless_attr(t) or t for t in a.inputs]
        outs = [_signless_attr(t) or t for t in a.outputs]
        new = FunctionType.from_lists(ins, outs)
        return None if new == a else new
    return None


def make_signless(module: ModuleOp) -> None:
    """Rewrite every unsigned integer type of `module` (results, block arguments,
    properties and attributes: constants, function types) to the signless one."""
    if not any(_mentions_unsigned(o) for o in module.walk()):
        return
    for op in list(module.walk()):
        for r in list(op.results):
            new = _signless_attr(r.type)
            if new is not None:
                Rewriter.replace_value_with_new_type(r, new)
        for region in op.regions:
            for block in region.blocks:
                for arg in list(block.args):
                    new = _signless_attr(arg.type)
                    if new is not None:
                        Rewriter.replace_value_with_new_type(arg, new)
        for attrs in (op.properties, op.attributes):
            for name, value in list(attrs.items()):
                new = _signless_attr(value)
                if new is not None:
                    attrs[name] = new


def _mentions_unsigned(op: Operation) -> bool:
    types = [r.type for r in op.results] + [
        a.type for reg in op.regions for b in reg.blocks for a in b.args
    ]
    if isinstance(op, func.FuncOp):
        types += [*op.function_type.inputs, *op.function_type.outputs]
    return any(tt.is_unsigned(t.element_type if isinstance(t, TensorType) else t) for t in types)


class _Dispatch(RewritePattern):
    """Apply the conversion of each tt op (walked in program order)."""

    def __init__(self, shapes: ShapeTracker, *, fuse_chains: bool = False):
        self.shapes = shapes
        self.low = Lowering(shapes)
        self.patterns: list[RewritePattern] = [
            ConvertConstant(),
            ConvertHostCall(),
            ConvertBroadcast(shapes),
            ScalarizeHostIntegers(self.low),
            ConvertElementwise(shapes, fuse_chains=fuse_chains),
            *structural_patterns(self.low),
        ]

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if isinstance(op, tensor.DimOp):
            self._fold_dim(op, rewriter)
            return
        if (
            isinstance(op, tt.ConstantOp | tt.BroadcastOp)
            and splat_scalar(op.results[0]) is not None
        ):
            # splat constants consumed only inline disappear with their users' conversion
            if all(_folds_inline(u.operation) for u in op.results[0].uses):
                return
        for p in self.patterns:
            p.match_and_rewrite(op, rewriter)
            if rewriter.has_done_action:
                return

    def _fold_dim(self, op: tensor.DimOp, rewriter: PatternRewriter) -> None:
        """tensor.dim %v, i -> the tracked size of %v's dim i, when one is known."""
        idx = op.index.owner if isinstance(op.index, OpResult) else None
        if not (isinstance(idx, arith.ConstantOp) and isinstance(idx.value, IntegerAttr)):
            return
        i = idx.value.value.data
        known = self.shapes.lookup(op.source, i)
        if known is None:
            self.shapes.record(op.source, i, op.result)
        elif known is not op.result:
            rewriter.replace(op, [], [known])


def _folds_inline(user: Operation) -> bool:
    """The user takes a splat operand inline: an elementwise op, or a splat broadcast whose
    own users all do."""
    if isinstance(user, tt.ElementwiseOp):
        return True
    return (
        isinstance(user, tt.BroadcastOp)
        and splat_scalar(user.result) is not None
        and all(_folds_inline(u.operation) for u in user.result.uses)
    )


def _insert_at_start(block: Block, op: Operation) -> None:
    first = block.first_op
    if first is None:
        block.add_op(op)
    else:
        block.insert_op_before(op, first)


def _reuse_arg_dims(f: func.FuncOp, shapes: ShapeTracker) -> None:
    """Record existing `tensor.dim %arg, <const>` of the entry block as the arg sizes."""
    entry = f.body.blocks[0]
    for o in list(entry.ops):
        if not isinstance(o, tensor.DimOp) or not isinstance(o.source, BlockArgument):
            continue
        idx = o.index.owner if isinstance(o.index, OpResult) else None
        if isinstance(idx, arith.ConstantOp) and isinstance(idx.value, IntegerAttr):
            key = (o.source, idx.value.value.data)
            if key not in shapes.sizes:
                # hoist the dim (and its constant) to the top: later uses of the size
                # may be placed before its original position
                o.detach()
                if idx.parent_block() is entry:
                    idx.detach()
                    _insert_at_start(entry, idx)
                    entry.insert_op_after(o, idx)
                else:
                    _insert_at_start(entry, o)
                shapes.record(o.source, idx.value.value.data, o.result)
