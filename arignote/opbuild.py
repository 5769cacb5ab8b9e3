"""Cheap construction of the ops the compile path makes by the thousand.

xDSL's `IRDLOperation.__init__` matches every argument list against the op's definition
(flattening variadic groups, computing segment sizes, filling optional slots): about
50 us an op on this machine, where `Operation.create` (what the parser uses: the
operands, result types, properties and regions given as they are stored) takes about
14.  A 500-op elementwise chain makes ~5,600 ops on its way to LLVM, so the passes that
make most of them (the tt front end, convert-tt-to-linalg, the scalar semantics,
fuse-elementwise, the llvm conversion of arith) build them here.

The callers give what the op stores: its operands in order (with `segments` for an op
whose definition has several variadic groups), every result type, and the properties
that have no default (defaults are filled by xDSL as usual).  The ops are the same as
their classes' constructors make: `tests/test_opbuild.py` prints both and compares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TypeVar

from xdsl.dialects.builtin import (
    AffineMapAttr,
    ArrayAttr,
    DenseArrayBase,
    IndexType,
    IntegerAttr,
    i32,
)
from xdsl.ir import Attribute, Operation, Region, SSAValue
from xdsl.ir.affine import AffineMap

INDEX = IndexType()
OpT = TypeVar("OpT", bound=Operation)


def make(
    cls: type[OpT],
    operands: Sequence[SSAValue] = (),
    result_types: Sequence[Attribute] = (),
    properties: Mapping[str, Attribute] | None = None,
    regions: Sequence[Region] = (),
) -> OpT:
    """`cls` with exactly these operands, results, properties and regions."""
    return cls.create(
        operands=operands,
        result_types=result_types,
        properties=properties if properties is not None else {},
        regions=regions,
    )


def init(
    op: Operation,
    operands: Sequence[SSAValue] = (),
    result_types: Sequence[Attribute] = (),
    properties: Mapping[str, Attribute] | None = None,
) -> None:
    """For an op class's own `__init__`: store exactly these operands, results and
    properties (what `make` does for a new op)."""
    Operation.__init__(
        op,
        operands=operands,
        result_types=result_types,
        properties=properties if properties is not None else {},
    )


@lru_cache(maxsize=64)
def segments(*sizes: int) -> DenseArrayBase:
    """The `operandSegmentSizes` property of an op with these group sizes."""
    return DenseArrayBase.from_list(i32, sizes)


@lru_cache(maxsize=64)
def identity_map(rank: int) -> AffineMapAttr:
    return AffineMapAttr(AffineMap.identity(rank))


@lru_cache(maxsize=16)
def parallel(rank: int) -> ArrayAttr[Attribute]:
    from xdsl.dialects.linalg import ops as linalg

    return ArrayAttr([linalg.IteratorTypeAttr.parallel()] * rank)


@lru_cache(maxsize=1024)
def int_attr(value: int, type: Attribute) -> IntegerAttr:
    """`IntegerAttr(value, type)` (an integer or index type), one instance per pair."""
    return IntegerAttr(int(value), type)  # type: ignore[arg-type]


def generic(
    inputs: Sequence[SSAValue],
    outputs: Sequence[SSAValue],
    body: Region,
    maps: Sequence[AffineMapAttr] | ArrayAttr[AffineMapAttr],
    iterators: Sequence[Attribute] | ArrayAttr[Attribute],
    result_types: Sequence[Attribute] = (),
) -> Operation:
    """`linalg.GenericOp(inputs, outputs, body, maps, iterators, result_types)`."""
    from xdsl.dialects.linalg import ops as linalg

    return make(
        linalg.GenericOp,
        [*inputs, *outputs],
        result_types,
        {
            "indexing_maps": maps if isinstance(maps, ArrayAttr) else ArrayAttr(maps),
            "iterator_types": (
                iterators if isinstance(iterators, ArrayAttr) else ArrayAttr(iterators)
            ),
            "operandSegmentSizes": segments(len(inputs), len(outputs)),
        },
        [body],
    )


@lru_cache(maxsize=1)
def _call_defaults() -> dict[str, Attribute]:
    from xdsl.dialects import llvm

    return {
        "fastmathFlags": llvm.FastMathAttr(None),
        "CConv": llvm.CallingConventionAttr("ccc"),
        "op_bundle_sizes": DenseArrayBase.from_list(i32, ()),
    }


def llvm_call(callee: Attribute, args: Sequence[SSAValue], result_type: Attribute) -> Operation:
    """`llvm.CallOp(callee, *args, return_type=result_type)` (a direct call, one result)."""
    from xdsl.dialects import llvm

    return make(
        llvm.CallOp,
        args,
        (result_type,),
        {"callee": callee, **_call_defaults(), "operandSegmentSizes": segments(len(args), 0)},
    )


def conversion_cast(values: Sequence[SSAValue], types: Sequence[Attribute]) -> Operation:
    """`builtin.UnrealizedConversionCastOp.get(values, types)`."""
    from xdsl.dialects.builtin import UnrealizedConversionCastOp

    return make(UnrealizedConversionCastOp, values, types)


def llvm_int_binary(cls: type[OpT], a: SSAValue, b: SSAValue, overflow: Attribute) -> OpT:
    """`cls(a, b, overflow=overflow)` for llvm.add/sub/mul/shl (an `OverflowAttr`)."""
    return make(cls, (a, b), (a.type,), {"overflowFlags": _overflow_int(overflow)})


@lru_cache(maxsize=16)
def _overflow_int(overflow: Attribute) -> IntegerAttr:
    return IntegerAttr(overflow.to_int(), 32)  # type: ignore[attr-defined]
