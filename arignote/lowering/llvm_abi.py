"""The kernel ABI in the llvm dialect: the 1:N memref type conversion shared by the
`*-to-llvm` conversions (the ABI's facts, which need no llvm dialect, are `kernel_abi`'s).

docs/internals.md §6: a kernel argument of type

    memref<d0 x ... x dn-1 x E, space>   (identity layout)
        -> one pointer to element 0 (`!llvm.ptr`, or `!llvm.ptr<1>` for memory space 1),
           then one `i64` per dynamic dim, in dim order
    index -> i64
    f16 / bf16 / f32 / f64 / iN -> unchanged

Conversions are progressive, as upstream MLIR's: an op converted to the llvm dialect gets
the LLVM values of its not-yet-converted operands through `builtin.unrealized_conversion_cast`
and casts its results back to the original types; `reconcile-unrealized-casts` removes the
pairs at the end.  A memref in device code is materialised by the N:1 cast

    %m = builtin.unrealized_conversion_cast %p, %d0 : !llvm.ptr, i64 to memref<?xf32>

and taken apart by the 1:N cast the other way (`unpack`).  Memref element addresses are
row-major linearised offsets fed to one `llvm.getelementptr inbounds` (`memref_element_address`).

Every helper inserts through the `PatternRewriter` it is given; none of them raises inside a
pattern except `MemRefABIError` from the type functions, which patterns check first
(`memref_abi_problem`) so they can emit a diagnostic instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from xdsl.dialects import llvm
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    ArrayAttr,
    DictionaryAttr,
    IntAttr,
    MemRefType,
    UnitAttr,
    UnrealizedConversionCastOp,
    i64,
)
from xdsl.ir import Attribute, Block, BlockArgument, Operation, OpResult, SSAValue
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)
from xdsl.rewriter import InsertPoint

from arignote.lowering.kernel_abi import (
    MemRefABIError,
    convert_scalar_type,
    is_cpu_kernel,
    memory_space_of,
    memref_abi_problem,
)
from arignote.opbuild import conversion_cast, int_attr, llvm_int_binary, make

#: the LLVM overflow flag `nsw` as the integer property of llvm.add/llvm.mul
NSW = llvm.OverflowAttr((llvm.OverflowFlag.NO_SIGNED_WRAP,))


# ----------------------------------------------------------------------------------------
# types


def pointer_type_for(memref_type: MemRefType) -> llvm.LLVMPointerType:
    """`!llvm.ptr` for the default memory space, `!llvm.ptr<N>` for memory space N."""
    space = memory_space_of(memref_type)
    return llvm.LLVMPointerType() if space == 0 else llvm.LLVMPointerType(IntAttr(space))


def element_type_for(memref_type: MemRefType) -> Attribute:
    """The LLVM type of a memref's elements (index -> i64)."""
    return convert_scalar_type(memref_type.element_type)


def llvm_types_for(t: Attribute) -> list[Attribute]:
    """The LLVM types of one value of type `t` under the kernel ABI (the table above).

    memref -> [pointer, i64 per dynamic dim]; index -> [i64]; anything else -> [t].
    Raises `MemRefABIError` for a memref outside the ABI (check `memref_abi_problem` first).
    """
    if isinstance(t, MemRefType):
        problem = memref_abi_problem(t)
        if problem is not None:
            raise MemRefABIError(f"memref {problem}")
        dyn = [i64 for s in t.get_shape() if s == DYNAMIC_INDEX]
        return [pointer_type_for(t), *dyn]
    return [convert_scalar_type(t)]


def is_llvm_compatible(t: Attribute) -> bool:
    """True when `t` is already an LLVM type (needs no conversion)."""
    return llvm.is_compatible_type(t) or isinstance(t, llvm.LLVMVoidType)


# ----------------------------------------------------------------------------------------
# casts


def _is_cast(op: Operation | None) -> bool:
    return isinstance(op, UnrealizedConversionCastOp)


def _ancestor_in_block(op: Operation, block: Block) -> Operation | None:
    cur: Operation | None = op
    while cur is not None:
        if cur.parent_block() is block:
            return cur
        cur = cur.parent_op()
    return None


def _dominates(cast: Operation, point: InsertPoint) -> bool:
    """Whether `cast` (in some block) comes before `point` in the same block or an ancestor."""
    block = cast.parent_block()
    if block is None:
        return False
    if point.block is block:
        return point.insert_before is None or cast.is_before_in_block(point.insert_before)
    anchor = point.block.parent_op()
    if anchor is None:
        return False
    ancestor = _ancestor_in_block(anchor, block)
    return ancestor is not None and (ancestor is cast or cast.is_before_in_block(ancestor))


def _definition_point(value: SSAValue) -> InsertPoint:
    """The insertion point right after `value`'s definition (start of block for arguments)."""
    if isinstance(value, BlockArgument):
        return InsertPoint.at_start(value.block)
    assert isinstance(value, OpResult)
    return InsertPoint.after(value.op)


def unpack(rewriter: PatternRewriter, value: SSAValue) -> list[SSAValue]:
    """The LLVM values of `value` under the kernel ABI (`llvm_types_for(value.type)`).

    - a value that is already an LLVM type is returned as is;
    - a value made by an N:1 cast from LLVM values of the right types (`pack`) gives those
      values back (the pair folds away);
    - otherwise the 1:N (or 1:1, for index) `builtin.unrealized_conversion_cast` of the value
      is reused if one dominates the rewriter's insertion point, or inserted right after the
      value's definition, so that every converted user shares it.
    """
    t = value.type
    types = llvm_types_for(t)
    if len(types) == 1 and types[0] == t:
        return [value]
    owner = value.owner
    if _is_cast(owner) and isinstance(owner, Operation) and len(owner.results) == 1:
        ins = list(owner.operands)
        if [v.type for v in ins] == types:
            return ins
    for use in value.uses:
        user = use.operation
        if (
            _is_cast(user)
            and len(user.operands) == 1
            and [r.type for r in user.results] == types
            and _dominates(user, rewriter.insertion_point)
        ):
            return list(user.results)
    cast = conversion_cast([value], types)
    if value.name_hint:
        for r in cast.results:
            r.name_hint = value.name_hint
    where = value.owner if isinstance(value.owner, Operation) else value.owner.parent_op()
    if where is not None:
        cast.location = where.location
    rewriter.insert(cast, _definition_point(value))
    return list(cast.results)


def to_llvm(rewriter: PatternRewriter, value: SSAValue) -> SSAValue:
    """The single LLVM value of a non-memref value (index -> i64 through a 1:1 cast)."""
    vals = unpack(rewriter, value)
    assert len(vals) == 1, f"to_llvm of {value.type}: {len(vals)} values"
    return vals[0]


def pack(rewriter: PatternRewriter, values: Sequence[SSAValue], memref_type: Attribute) -> SSAValue:
    """The N:1 cast of LLVM `values` back to one value of type `memref_type`.

    `memref_type` may be any original type (memref, index, ...): `values` must have the
    types `llvm_types_for(memref_type)`.  Inserted at the rewriter's insertion point;
    when `values` is one value of the very type wanted, it is returned unchanged.
    """
    values = list(values)
    if len(values) == 1 and values[0].type == memref_type:
        return values[0]
    # unpack(x) packed again is x
    first = values[0].owner if values else None
    if (
        _is_cast(first)
        and isinstance(first, Operation)
        and list(first.results) == values
        and len(first.operands) == 1
        and first.operands[0].type == memref_type
    ):
        return first.operands[0]
    cast = conversion_cast(values, [memref_type])
    if (anchor := rewriter.insertion_point.insert_before) is not None:
        cast.location = anchor.location
    rewriter.insert(cast)
    return cast.results[0]


def from_llvm(rewriter: PatternRewriter, value: SSAValue, original_type: Attribute) -> SSAValue:
    """`value` (an LLVM value) as a value of `original_type` (1:1 cast when types differ)."""
    return pack(rewriter, [value], original_type)


def convert_entry_block(rewriter: PatternRewriter, entry: Block) -> list[Attribute]:
    """Give a kernel's entry block the ABI parameters; return their (flat) types.

    Each argument is replaced by its `llvm_types_for` arguments (appended in order), and
    its uses by the N:1 cast of them (`pack`) at the block start; arguments whose type is
    already an LLVM type are kept as they are.  Used by convert-func-to-llvm and usable for
    `gpu.func` bodies.  Raises `MemRefABIError` for a memref outside the ABI (check
    `memref_abi_problem` first).
    """
    old_args = list(entry.args)
    casts: list[Operation] = []
    flat: list[Attribute] = []
    for old in old_args:
        types = llvm_types_for(old.type)
        flat.extend(types)
        new_args = [entry.insert_arg(t, len(entry.args)) for t in types]
        for a in new_args:
            a.name_hint = old.name_hint
        if len(new_args) == 1 and new_args[0].type == old.type:
            rewriter.replace_all_uses_with(old, new_args[0])
            continue
        cast = conversion_cast(new_args, [old.type])
        cast.results[0].name_hint = old.name_hint
        parent = entry.parent_op()
        if parent is not None:
            cast.location = parent.location
        casts.append(cast)
        rewriter.replace_all_uses_with(old, cast.results[0])
    for old in old_args:
        rewriter.erase_block_argument(old)
    if casts:
        rewriter.insert(casts, InsertPoint.at_start(entry))
    return flat


def noalias_arg_attrs(types: Sequence[Attribute]) -> ArrayAttr[DictionaryAttr]:
    """`arg_attrs` for an llvm.func: `llvm.noalias` on pointer parameters, nothing else."""
    return ArrayAttr(
        [
            DictionaryAttr({"llvm.noalias": UnitAttr()})
            if isinstance(t, llvm.LLVMPointerType)
            else DictionaryAttr({})
            for t in types
        ]
    )


# ----------------------------------------------------------------------------------------
# addresses


def i64_constant(rewriter: PatternRewriter, v: int) -> SSAValue:
    """An `llvm.mlir.constant(v) : i64` at the rewriter's insertion point."""
    c = make(llvm.ConstantOp, (), (i64,), {"value": int_attr(v, i64)})
    rewriter.insert(c)
    return c.result


def dim_sizes(rewriter: PatternRewriter, memref_value: SSAValue) -> list[SSAValue | int]:
    """The sizes of a memref value: ints for static dims, i64 values for dynamic ones."""
    t = memref_value.type
    assert isinstance(t, MemRefType)
    parts = unpack(rewriter, memref_value)
    dyn = iter(parts[1:])
    return [next(dyn) if s == DYNAMIC_INDEX else s for s in t.get_shape()]


def _mul(rewriter: PatternRewriter, a: SSAValue, b: SSAValue | int) -> SSAValue:
    if isinstance(b, int):
        if b == 1:
            return a
        b = i64_constant(rewriter, b)
    op = llvm_int_binary(llvm.MulOp, a, b, NSW)
    rewriter.insert(op)
    return op.res


def _add(rewriter: PatternRewriter, a: SSAValue, b: SSAValue) -> SSAValue:
    op = llvm_int_binary(llvm.AddOp, a, b, NSW)
    rewriter.insert(op)
    return op.res


def linear_index(
    rewriter: PatternRewriter, memref_value: SSAValue, indices: Sequence[SSAValue]
) -> SSAValue | None:
    """The row-major offset (i64) of element `indices` of a memref; None for rank 0.

    offset = ((i0 * d1 + i1) * d2 + i2) ...  with `nsw` (in-bounds offsets never wrap).
    Indices may be `index` (cast to i64) or already i64.
    """
    t = memref_value.type
    assert isinstance(t, MemRefType)
    if len(indices) != t.get_num_dims():
        raise ValueError(f"{len(indices)} indices for a rank-{t.get_num_dims()} memref")
    if not indices:
        return None
    sizes = dim_sizes(rewriter, memref_value)
    idx = [to_llvm(rewriter, i) for i in indices]
    offset = idx[0]
    for size, i in zip(sizes[1:], idx[1:]):
        offset = _add(rewriter, _mul(rewriter, offset, size), i)
    return offset


def memref_element_address(
    rewriter: PatternRewriter, memref_value: SSAValue, indices: Sequence[SSAValue]
) -> SSAValue:
    """The address of `memref_value[indices]`: `llvm.getelementptr inbounds %p[%offset]`.

    The pointer and the dynamic sizes come from `unpack`; the offset is `linear_index`
    (row-major, from the static sizes and the dynamic-dim values).  For rank 0 the base
    pointer itself is returned.  Inserted at the rewriter's insertion point.
    """
    t = memref_value.type
    assert isinstance(t, MemRefType)
    ptr = unpack(rewriter, memref_value)[0]
    offset = linear_index(rewriter, memref_value, indices)
    if offset is None:
        return ptr
    from arignote.dialects.llvm import GEPOp  # (upstream's noWrapFlags)

    gep = GEPOp.from_mixed_indices(
        ptr, [offset], element_type_for(t), result_type=pointer_type_for(t), inbounds=True
    )
    rewriter.insert(gep)
    return gep.result


# ----------------------------------------------------------------------------------------
# device code: where the conversions apply

def device_roots(module: Operation) -> list[Operation]:
    """The ops whose bodies are device code: `gpu.module`s, kernel `func.func`s and the
    `llvm.func`s with a body directly in the module (host functions stay `func.func`)."""
    from xdsl.dialects import gpu

    roots: list[Operation] = []
    for region in module.regions:
        for block in region.blocks:
            for op in block.ops:
                if isinstance(op, gpu.ModuleOp) or is_cpu_kernel(op):
                    roots.append(op)
                elif isinstance(op, llvm.FuncOp) and op.body.blocks:
                    roots.append(op)
    return roots


def device_ops(module: Operation) -> Iterator[Operation]:
    """Every op nested in device code (not the roots themselves), in walk order."""
    for root in device_roots(module):
        for region in root.regions:
            for op in region.walk():
                yield op


class _ToLlvmApplier(GreedyRewritePatternApplier):
    """xDSL's greedy applier that does not offer ops of the llvm dialect to the patterns:
    the conversions produce them and none converts them further, while the recursive walk
    puts every new op back on its worklist (on W5b's kernels 61k of 140k pattern tries,
    ~8% of `convert-to-llvm`'s time)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if op.name.startswith("llvm."):
            return
        super().match_and_rewrite(op, rewriter)


class DialectPatterns(RewritePattern):
    """Offers each op only the patterns of its dialect (every conversion to llvm matches
    ops of one dialect; offering an op all of convert-to-llvm's 22 patterns in turn made
    ~4 tries an op on W5a, ~5% of the pass's time there).  Ops of other dialects (the
    llvm ops the patterns make among them) are offered nothing."""

    def __init__(self, patterns: Mapping[str, Sequence[RewritePattern]]):
        self.appliers = {
            d: GreedyRewritePatternApplier(list(ps), dce_enabled=False)
            for d, ps in patterns.items()
            if ps
        }

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        applier = self.appliers.get(op.name.partition(".")[0])
        if applier is not None:
            applier.match_and_rewrite(op, rewriter)


def apply_to_device_code(
    module: Operation,
    patterns: Sequence[RewritePattern] | Mapping[str, Sequence[RewritePattern]],
) -> None:
    """Apply `patterns` greedily (recursively, to fixpoint) to the bodies of device code,
    except to ops already in the llvm dialect (the patterns lower *to* it).  Given as a
    mapping from dialect names, an op is offered only its dialect's patterns."""
    applier: RewritePattern
    if isinstance(patterns, Mapping):
        applier = DialectPatterns(patterns)
    else:
        applier = _ToLlvmApplier(list(patterns), dce_enabled=False)
    walker = PatternRewriteWalker(applier, apply_recursively=True)
    for root in device_roots(module):
        for region in root.regions:
            walker.rewrite_region(region)


def check_dialects_converted(
    module: Operation, pass_name: str, reasons: dict[str, Callable[[Operation], str]]
) -> None:
    """`check_device_code` for several dialects in one walk: raise `PassError` for the
    first device op of the first dialect of `reasons` (in its order) that has one left,
    with that dialect's reason."""
    from arignote.errors import PassError
    from arignote.ir import diagnostic

    first: dict[str, Operation] = {}
    for op in device_ops(module):
        dialect = op.dialect_name()
        if dialect in reasons and dialect not in first:
            first[dialect] = op
    for dialect, reason in reasons.items():
        if dialect in first:
            raise PassError(diagnostic(first[dialect], pass_name, reason(first[dialect])))


def check_device_code(
    module: Operation,
    pass_name: str,
    leftover: Callable[[Operation], bool],
    reason: Callable[[Operation], str],
) -> None:
    """Raise `PassError` with a diagnostic for the first device op that `leftover` flags."""
    from arignote.errors import PassError
    from arignote.ir import diagnostic

    for op in device_ops(module):
        if leftover(op):
            raise PassError(diagnostic(op, pass_name, reason(op)))
