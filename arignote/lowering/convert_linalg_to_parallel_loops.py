"""`convert-linalg-to-parallel-loops`: linalg ops on buffers -> `scf.parallel` / `scf.for`.

Input invariant: linalg ops on memrefs (after `one-shot-bufferize`): `linalg.generic`
and the named structured ops xDSL knows (`linalg.fill`, `linalg.copy`, `linalg.matmul`,
`linalg.transpose`, the elementwise ones, ...), plus `linalg.reduce` and
`linalg.broadcast`.  Indexing-map results must be loop dims or constants (projected
permutations, broadcasts that drop dims, `0` for a size-1 dim); iterators are `parallel`
or `reduction` (`window` is treated like `reduction`: a sequential loop).

Output IR (docs/internals.md, level 4), per linalg op, in place of the op:

* index constants and loop bounds first: lower bound `0`, step `1`, the upper bound of
  loop dim `d` is an `arith.constant` when some operand has a static size where `d` is
  one of its indexing-map results on its own, else `memref.dim` of such an operand
  (outputs are preferred over inputs);
* one `scf.parallel` over the parallel dims (in loop-dim order), whose body ends with an
  empty `scf.reduce`;
* inside it, one `scf.for` per reduction dim (in loop-dim order).  An output indexed only
  by parallel dims (or constants) is an accumulator: it is loaded once before the
  reduction loops, carried through their `iter_args` and stored once after them.  Other
  outputs are loaded (when the body reads them) and stored inside the innermost loop;
* in the innermost loop: `memref.load` of each input whose body argument is used (a
  scalar input is used directly), the body inlined, `linalg.index d` replaced by the
  induction variable of dim `d`, and `memref.store` of each yielded value;
* with no parallel dim (a full reduction), the `scf.for` nest stands alone and loads and
  stores its outputs inside the innermost loop, so the nest has no results and
  `cpu-kernel-outlining` can move it into a kernel; with no loop at all (rank 0) the op
  becomes straight-line loads, body and stores.  Option `unit-parallel-loop=true` (off by
  default, an extension of upstream's pass) instead puts such ops in a one-iteration
  `scf.parallel` (0 to 1), where reductions carry their accumulators as above, so that
  every lowered op is inside an `scf.parallel` (what kernel outlining and GPU mapping
  look for) and no memory access is left in straight-line host code.

No linalg op remains.  Diagnostics (`PassError`), checked for every linalg op before
anything is rewritten: a linalg op on tensors ("expects buffers; run one-shot-bufferize
first"), a shaped operand that is not a memref (a vector), an indexing-map result that
is neither a loop dim nor a constant, a loop dim whose range no operand gives (only
reachable with verification off), a body that does not yield one value per output or
yields a value whose type differs from the output's element type (casting
`linalg.copy`/`linalg.fill`), and any other linalg op (e.g. an unregistered
`linalg.softmax`).

The rest of the module is kept as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, memref, scf
from xdsl.dialects.builtin import (
    AffineMapAttr,
    IndexType,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    ShapedType,
    TensorType,
    UnregisteredOp,
)
from xdsl.dialects.linalg.abstract_ops import LinalgStructuredOperation
from xdsl.dialects.linalg.ops import BroadcastOp, IndexOp, ReduceOp, YieldOp
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.ir.affine import AffineConstantExpr, AffineDimExpr, AffineExpr, AffineMap
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)
from xdsl.rewriter import InsertPoint

from arignote.errors import PassError
from arignote.ir import diagnostic

PASS_NAME = "convert-linalg-to-parallel-loops"

#: linalg ops that only appear inside the bodies of the ops this pass lowers
_BODY_OPS = ("linalg.yield", "linalg.index")


@dataclass(frozen=True)
class LinalgStructure:
    """What the lowering needs to know of a linalg op, whatever its kind."""

    op: Operation
    inputs: tuple[SSAValue, ...]
    outputs: tuple[SSAValue, ...]
    maps: tuple[AffineMap, ...]
    """one indexing map per operand, inputs then outputs"""
    parallel: tuple[bool, ...]
    """per loop dim: True for a parallel iterator, False for a sequential one"""
    block: Block
    """the body: one argument per operand, ends with `linalg.yield`"""

    @property
    def operands(self) -> tuple[SSAValue, ...]:
        return self.inputs + self.outputs

    @property
    def num_loops(self) -> int:
        return len(self.parallel)


def _identity_without(rank: int, dropped: Sequence[int]) -> AffineMap:
    return AffineMap(
        rank, 0, tuple(AffineExpr.dimension(d) for d in range(rank) if d not in dropped)
    )


def structure_of(op: Operation) -> LinalgStructure | None:
    """The loop structure of a linalg op, or None for an op this pass does not know."""
    if isinstance(op, LinalgStructuredOperation):
        maps = tuple(m.data for m in op.get_indexing_maps().data)
        iterators = tuple(str(it.data) for it in op.get_iterator_types().data)
        return LinalgStructure(
            op,
            tuple(op.inputs),
            tuple(op.outputs),
            maps,
            tuple(it == "parallel" for it in iterators),
            op.body.block,
        )
    if isinstance(op, ReduceOp):
        in_type = op.input.type
        assert isinstance(in_type, ShapedType)  # a memref or tensor by op definition
        rank = len(in_type.get_shape())
        dims = tuple(op.dimensions.get_values())
        return LinalgStructure(
            op,
            (op.input,),
            (op.init,),
            (AffineMap.identity(rank), _identity_without(rank, dims)),
            tuple(d not in dims for d in range(rank)),
            op.region.block,
        )
    if isinstance(op, BroadcastOp):
        out_type = op.init.type
        assert isinstance(out_type, ShapedType)  # a memref or tensor by op definition
        rank = len(out_type.get_shape())
        dims = tuple(op.dimensions.get_values())
        return LinalgStructure(
            op,
            (op.input,),
            (op.init,),
            (_identity_without(rank, dims), AffineMap.identity(rank)),
            (True,) * rank,
            op.hidden_region.block,
        )
    return None


def _map_str(m: AffineMap) -> str:
    return str(AffineMapAttr(m))


def check_lowerable(op: Operation) -> str | None:
    """Why `op` (a linalg op) cannot be lowered by this pass, or None when it can."""
    if any(isinstance(v.type, TensorType) for v in (*op.operands, *op.results)):
        return "expects buffers; run one-shot-bufferize first"
    s = structure_of(op)
    if s is None:
        return "is not supported by this pass"
    for k, (operand, m) in enumerate(zip(s.operands, s.maps, strict=True)):
        if isinstance(operand.type, ShapedType) and not isinstance(operand.type, MemRefType):
            return f"operand #{k} of type {operand.type} is not a memref"
        for expr in m.results:
            if not isinstance(expr, AffineDimExpr | AffineConstantExpr):
                return (
                    f"indexing map #{k} {_map_str(m)} has result '{expr}': only loop "
                    f"dims and constants are supported"
                )
    for d in range(s.num_loops):
        if _bound_source(s, d) is None:
            return f"loop dim d{d} is no indexing-map result of any operand; its range is unknown"
    yield_op = s.block.last_op
    if not isinstance(yield_op, YieldOp) or len(yield_op.operands) != len(s.outputs):
        return "body must end with a linalg.yield of one value per output"
    for k, (value, out) in enumerate(zip(yield_op.operands, s.outputs, strict=True)):
        assert isinstance(out.type, MemRefType)
        elem = out.type.get_element_type()
        if value.type != elem:
            return (
                f"yields {value.type} into output #{k} of element type {elem} "
                f"(element type conversion is not supported)"
            )
    return None


def _bound_source(s: LinalgStructure, dim: int) -> tuple[SSAValue, int, int] | None:
    """(operand, its dim index, its static size or -1) giving loop dim `dim`'s range.

    Operands whose map has `dim` as a result on its own qualify; outputs come first,
    and a static size is preferred over a dynamic one.
    """
    candidates: list[tuple[SSAValue, int, int]] = []
    for operand, m in (*zip(s.outputs, s.maps[len(s.inputs):]), *zip(s.inputs, s.maps)):
        if not isinstance(operand.type, MemRefType):
            continue
        shape = operand.type.get_shape()
        for j, expr in enumerate(m.results):
            if isinstance(expr, AffineDimExpr) and expr.position == dim:
                candidates.append((operand, j, shape[j]))
    for c in candidates:
        if c[2] >= 0:
            return c
    return candidates[0] if candidates else None


class _IndexConstants:
    """`arith.constant N : index` ops made on demand at one insertion point, once per N."""

    def __init__(self, rewriter: PatternRewriter, where: InsertPoint) -> None:
        self.rewriter = rewriter
        self.where = where
        self.values: dict[int, SSAValue] = {}

    def get(self, value: int) -> SSAValue:
        if value not in self.values:
            c = arith.ConstantOp(IntegerAttr.from_index_int_value(value))
            self.rewriter.insert(c, self.where)
            self.values[value] = c.result
        return self.values[value]


class _Lowering:
    """Builds the loops of one linalg op (see the module docstring)."""

    def __init__(
        self, s: LinalgStructure, rewriter: PatternRewriter, *, unit_parallel_loop: bool
    ) -> None:
        self.s = s
        self.rewriter = rewriter
        self.unit_parallel_loop = unit_parallel_loop
        self.consts = _IndexConstants(rewriter, InsertPoint.before(s.op))
        self.ivs: dict[int, SSAValue] = {}
        # everything loop-invariant is made before the first loop
        self.upper = [self._upper_bound(d) for d in range(s.num_loops)]
        for m in s.maps:
            for expr in m.results:
                if isinstance(expr, AffineConstantExpr):
                    self.consts.get(expr.value)
        if s.num_loops or unit_parallel_loop:
            self.consts.get(0)
            self.consts.get(1)

    def _upper_bound(self, dim: int) -> SSAValue:
        source = _bound_source(self.s, dim)
        assert source is not None  # checked by check_lowerable
        operand, j, size = source
        if size >= 0:
            return self.consts.get(size)
        dim_op = memref.DimOp(operand, self.consts.get(j))
        self.rewriter.insert(dim_op, InsertPoint.before(self.s.op))
        return dim_op.result

    def _indices(self, m: AffineMap) -> list[SSAValue]:
        out: list[SSAValue] = []
        for expr in m.results:
            if isinstance(expr, AffineDimExpr):
                out.append(self.ivs[expr.position])
            else:
                assert isinstance(expr, AffineConstantExpr)
                out.append(self.consts.get(expr.value))
        return out

    def _load(self, k: int, where: InsertPoint) -> SSAValue:
        operand = self.s.operands[k]
        if not isinstance(operand.type, MemRefType):
            return operand  # a scalar operand is its own element
        load = memref.LoadOp.get(operand, self._indices(self.s.maps[k]))
        self.rewriter.insert(load, where)
        return load.res

    def _store(self, out_index: int, value: SSAValue, where: InsertPoint) -> None:
        k = len(self.s.inputs) + out_index
        store = memref.StoreOp.get(value, self.s.operands[k], self._indices(self.s.maps[k]))
        self.rewriter.insert(store, where)

    def _uses_only_parallel_dims(self, k: int) -> bool:
        return all(
            not isinstance(e, AffineDimExpr) or self.s.parallel[e.position]
            for e in self.s.maps[k].results
        )

    def _inline_body(
        self, where: InsertPoint, carried: dict[int, SSAValue]
    ) -> list[SSAValue]:
        """Loads, the inlined body and the replaced `linalg.index` ops at `where`.

        `carried` maps output indices to the values their body arguments take instead
        of a load.  Returns the yielded values.
        """
        s = self.s
        block = s.block
        n_in = len(s.inputs)
        args: list[SSAValue] = []
        for k, arg in enumerate(block.args):
            if k >= n_in and (k - n_in) in carried:
                args.append(carried[k - n_in])
            elif arg.uses:
                args.append(self._load(k, where))
            else:
                args.append(arg)  # unused: stays unused, erased with the block
        index_ops = [op for op in block.ops if isinstance(op, IndexOp)]
        yield_op = block.last_op
        assert isinstance(yield_op, YieldOp)
        for arg, value in zip(block.args, args, strict=True):
            if value is not arg:
                self.rewriter.replace_all_uses_with(arg, value)
        self.rewriter.inline_block(block, where)
        yielded = list(yield_op.operands)
        self.rewriter.erase(yield_op)
        for index_op in index_ops:
            self.rewriter.replace_all_uses_with(
                index_op.result, self.ivs[index_op.dim.value.data]
            )
            self.rewriter.erase(index_op)
        return yielded

    def _for_nest(
        self,
        dims: Sequence[int],
        where: InsertPoint,
        inits: Sequence[SSAValue],
        carried_outputs: Sequence[int],
    ) -> list[SSAValue]:
        """`scf.for` loops over `dims` at `where`; the innermost holds the body.

        `inits` (one per output index in `carried_outputs`) are carried through the
        loops' iter_args; the other outputs are stored in the innermost loop.
        Returns the results of the outermost loop (or the yielded values when
        `dims` is empty).
        """
        if not dims:
            carried = dict(zip(carried_outputs, inits, strict=True))
            yielded = self._inline_body(where, carried)
            for i, value in enumerate(yielded):
                if i not in carried:
                    self._store(i, value, where)
            return [yielded[i] for i in carried_outputs]
        d = dims[0]
        types: list[Attribute] = [v.type for v in inits]
        body = Block(arg_types=(IndexType(), *types))
        loop = scf.ForOp(self.consts.get(0), self.upper[d], self.consts.get(1), inits, body)
        self.rewriter.insert(loop, where)
        self.ivs[d] = body.args[0]
        inner = InsertPoint.at_end(body)
        results = self._for_nest(dims[1:], inner, body.args[1:], carried_outputs)
        self.rewriter.insert(scf.YieldOp(*results), inner)
        return list(loop.results)

    def build(self) -> None:
        s = self.s
        where = InsertPoint.before(s.op)
        par_dims = [d for d in range(s.num_loops) if s.parallel[d]]
        seq_dims = [d for d in range(s.num_loops) if not s.parallel[d]]
        if not par_dims and not self.unit_parallel_loop:
            # straight-line code, or a self-contained loop nest (nothing carried)
            self._for_nest(seq_dims, where, (), ())
        else:
            zero, one = self.consts.get(0), self.consts.get(1)
            # no parallel dim: one iteration (0 to 1) whose index nothing uses
            uppers = [self.upper[d] for d in par_dims] or [one]
            body = Block(arg_types=[IndexType()] * len(uppers))
            loop = scf.ParallelOp(
                [zero] * len(uppers), uppers, [one] * len(uppers), Region(body)
            )
            self.rewriter.insert(loop, where)
            for d, iv in zip(par_dims, body.args):
                self.ivs[d] = iv
            terminator = scf.ReduceOp()
            self.rewriter.insert(terminator, InsertPoint.at_end(body))
            inner = InsertPoint.before(terminator)
            n_in = len(s.inputs)
            carried = (
                [i for i in range(len(s.outputs)) if self._uses_only_parallel_dims(n_in + i)]
                if seq_dims
                else []
            )
            inits = [self._load(n_in + i, inner) for i in carried]
            results = self._for_nest(seq_dims, inner, inits, carried)
            if seq_dims:
                for i, value in zip(carried, results, strict=True):
                    self._store(i, value, inner)
        self.rewriter.erase(s.op)


class LinalgOpToParallelLoops(RewritePattern):
    """linalg op on memrefs -> scf.parallel over its parallel dims + scf.for reductions."""

    def __init__(self, *, unit_parallel_loop: bool = False) -> None:
        self.unit_parallel_loop = unit_parallel_loop

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not op.name.startswith("linalg.") or op.name in _BODY_OPS:
            return
        if check_lowerable(op) is not None:
            return
        s = structure_of(op)
        assert s is not None
        _Lowering(s, rewriter, unit_parallel_loop=self.unit_parallel_loop).build()


def populate_linalg_to_parallel_loops_patterns(
    *, unit_parallel_loop: bool = False
) -> list[RewritePattern]:
    """The patterns of this conversion, for pipelines that compose conversions."""
    return [LinalgOpToParallelLoops(unit_parallel_loop=unit_parallel_loop)]


@dataclass(frozen=True)
class ConvertLinalgToParallelLoopsPass(ModulePass):
    """Lower every linalg op on buffers to scf.parallel/scf.for loops over memrefs."""

    name = PASS_NAME

    unit_parallel_loop: bool = False
    """put ops without parallel dims in a one-iteration scf.parallel (see the docstring)"""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for inner in op.walk():
            if isinstance(inner, UnregisteredOp) and inner.op_name.data.startswith("linalg."):
                raise PassError(
                    diagnostic(
                        inner,
                        self.name,
                        "is not supported by this pass",
                    )
                )
            if not inner.name.startswith("linalg."):
                continue
            if inner.name in _BODY_OPS:
                continue  # lowered with the op whose body holds it
            why = check_lowerable(inner)
            if why is not None:
                raise PassError(diagnostic(inner, self.name, why))
        PatternRewriteWalker(
            GreedyRewritePatternApplier(
                populate_linalg_to_parallel_loops_patterns(
                    unit_parallel_loop=self.unit_parallel_loop
                )
            ),
            apply_recursively=False,
        ).rewrite_module(op)
