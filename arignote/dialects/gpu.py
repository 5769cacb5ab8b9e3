"""xDSL's `gpu` dialect, with `gpu.memcpy` verified as upstream MLIR does, and upstream's
`gpu.memset` (`gpu.memset [async] [[%deps]] %dst, %value : memref<?xf32>, f32`: every
element of `dst` set to `value`, of its element type).

xDSL requires the source and destination of `gpu.memcpy` to have identical types; upstream
requires only the same shape and element type, so a copy may cross memory spaces
(`memref<?xf32>` on the host to `memref<?xf32, 1 : i64>` on the device), which is exactly
what buffer placement emits.

Upstream's syntax for the rest, where xDSL's differs or is missing:
- `#gpu.dim<x>` (xDSL prints `#gpu<dim x>`, which upstream rejects; both are parsed) and
  the id ops' custom form `gpu.thread_id x`, `gpu.block_id y upper_bound 64` (thread_id,
  block_id, block_dim, grid_dim, global_id, cluster_id, cluster_dim, cluster_block_id;
  virtual subclasses of xDSL's, so xDSL's patterns and ours still match them);
- `#gpu.address_space<global|workgroup|private>` (a memref memory space);
- the mapping attributes of `scf.forall`: `#gpu.block<x>`, `#gpu.thread<y>`,
  `#gpu.warp<z>`, `#gpu.warpgroup<x>`, `#gpu.lane<x>` (also `linear_dim_N`) and
  `#gpu.memory_space<workgroup>`.

The registry maps the namespace `gpu` to `GPU`.
"""

from __future__ import annotations

from collections.abc import Sequence

import re
from xdsl.dialects import gpu as xgpu
from xdsl.dialects.builtin import IndexType, IntegerAttr, MemRefType
from xdsl.dialects.utils.enum_attribute import EnumAttribute
from xdsl.ir import Data, Dialect, Operation, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    opt_result_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import AttrParser, Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.str_enum import StrEnum


@irdl_op_definition
class MemcpyOp(IRDLOperation):
    """`gpu.memcpy`: copies between buffers of one shape and element type (any spaces)."""

    name = "gpu.memcpy"
    asyncDependencies = var_operand_def(xgpu.AsyncTokenType)
    dst = operand_def(MemRefType)
    src = operand_def(MemRefType)
    asyncToken = opt_result_def(xgpu.AsyncTokenType)
    irdl_options = (AttrSizedOperandSegments(),)

    def __init__(
        self,
        source: SSAValue | Operation,
        destination: SSAValue | Operation,
        async_dependencies: Sequence[SSAValue | Operation] | None = None,
        is_async: bool = False,
    ):
        super().__init__(
            operands=[async_dependencies or [], destination, source],
            result_types=[[xgpu.AsyncTokenType()] if is_async else []],
        )

    def verify_(self) -> None:
        src, dst = self.src.type, self.dst.type
        assert isinstance(src, MemRefType) and isinstance(dst, MemRefType)
        if src.get_shape() != dst.get_shape() or src.element_type != dst.element_type:
            raise VerifyException(
                f"gpu.memcpy: source {src} and destination {dst} must have the same shape "
                "and element type"
            )


@irdl_op_definition
class MemsetOp(IRDLOperation):
    """`gpu.memset`: sets every element of `dst` to `value` (upstream MLIR's op)."""

    name = "gpu.memset"
    asyncDependencies = var_operand_def(xgpu.AsyncTokenType)
    dst = operand_def(MemRefType)
    value = operand_def()
    asyncToken = opt_result_def(xgpu.AsyncTokenType)

    def __init__(
        self,
        destination: SSAValue | Operation,
        value: SSAValue | Operation,
        async_dependencies: Sequence[SSAValue | Operation] | None = None,
        is_async: bool = False,
    ):
        super().__init__(
            operands=[async_dependencies or [], destination, value],
            result_types=[[xgpu.AsyncTokenType()] if is_async else []],
        )

    @classmethod
    def parse(cls, parser: Parser) -> MemsetOp:
        is_async = parser.parse_optional_keyword("async") is not None
        deps = parser.parse_optional_comma_separated_list(
            parser.Delimiter.SQUARE, parser.parse_unresolved_operand
        ) or []
        dst = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        value = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        dst_type = parser.parse_type()
        parser.parse_punctuation(",")
        value_type = parser.parse_type()
        token = xgpu.AsyncTokenType()
        deps_v = parser.resolve_operands(deps, [token] * len(deps), parser.pos)
        dst_v, value_v = parser.resolve_operands([dst, value], [dst_type, value_type], parser.pos)
        op = cls(dst_v, value_v, deps_v, is_async)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        if self.asyncToken is not None:
            printer.print_string("async ")
        if self.asyncDependencies:
            printer.print_string("[")
            printer.print_list(self.asyncDependencies, printer.print_operand)
            printer.print_string("] ")
        printer.print_operand(self.dst)
        printer.print_string(", ")
        printer.print_operand(self.value)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.dst.type)
        printer.print_string(", ")
        printer.print_attribute(self.value.type)

    def verify_(self) -> None:
        dst = self.dst.type
        assert isinstance(dst, MemRefType)
        if self.value.type != dst.element_type:
            raise VerifyException(
                f"value of type {self.value.type} does not match the element type of {dst}"
            )


@irdl_attr_definition
class DimensionAttr(EnumAttribute[xgpu.DimensionEnum]):
    """`#gpu.dim<x>` (upstream's form); xDSL's `#gpu<dim x>` is parsed too."""

    name = "gpu.dim"

    def print_parameter(self, printer: Printer) -> None:
        printer.print_string(f"<{self.data.value}>")

    @classmethod
    def parse_parameter(cls, parser: AttrParser) -> xgpu.DimensionEnum:
        if parser.parse_optional_punctuation("<") is None:  # (the opaque `#gpu<dim x>`)
            return parser.parse_str_enum(xgpu.DimensionEnum)
        value = parser.parse_str_enum(xgpu.DimensionEnum)
        parser.parse_punctuation(">")
        return value


def dimension(dim: str | xgpu.DimensionEnum | Data[xgpu.DimensionEnum]) -> DimensionAttr:
    """Our `#gpu.dim` of a name, an enum member or xDSL's `#gpu<dim ...>` attribute."""
    if isinstance(dim, Data):
        dim = dim.data
    return DimensionAttr(xgpu.DimensionEnum(dim))


class AddressSpace(StrEnum):
    GLOBAL = "global"
    WORKGROUP = "workgroup"
    PRIVATE = "private"


class _AngleBracketEnum:
    """Upstream's `#gpu.<name><value>` form of an enum attribute (xDSL's EnumAttribute
    prints the bare value): a mixin ahead of `EnumAttribute[...]` (which finds its enum
    among the direct bases)."""

    def print_parameter(self, printer: Printer) -> None:
        printer.print_string(f"<{self.data.value}>")  # type: ignore[attr-defined]

    @classmethod
    def parse_parameter(cls, parser: AttrParser) -> StrEnum:
        with parser.in_angle_brackets():
            return parser.parse_str_enum(cls.enum_type)  # type: ignore[attr-defined]


@irdl_attr_definition
class AddressSpaceAttr(_AngleBracketEnum, EnumAttribute[AddressSpace]):
    """`#gpu.address_space<global|workgroup|private>`: a memref's GPU memory space."""

    name = "gpu.address_space"


@irdl_attr_definition
class MemorySpaceMappingAttr(_AngleBracketEnum, EnumAttribute[AddressSpace]):
    """`#gpu.memory_space<workgroup>`: an `scf.forall` mapping to a GPU memory space."""

    name = "gpu.memory_space"


_MAPPING_ID = re.compile(r"[xyz]|linear_dim_[0-9]+")


class _MappingAttr(Data[str]):
    """`#gpu.<kind><x|y|z|linear_dim_N>`: an `scf.forall` loop mapped to a GPU id."""

    def print_parameter(self, printer: Printer) -> None:
        printer.print_string(f"<{self.data}>")

    @classmethod
    def parse_parameter(cls, parser: AttrParser) -> str:
        with parser.in_angle_brackets():
            pos = parser.pos
            ident = parser.parse_identifier()
            if _MAPPING_ID.fullmatch(ident) is None:
                parser.raise_error(
                    f"expected x, y, z or linear_dim_<n> in #{cls.name}, got {ident!r}", pos
                )
            return ident

    def verify(self) -> None:
        if _MAPPING_ID.fullmatch(self.data) is None:
            raise VerifyException(f"#{self.name}<{self.data}>: expected x, y, z or linear_dim_<n>")


@irdl_attr_definition
class BlockMappingAttr(_MappingAttr):
    name = "gpu.block"


@irdl_attr_definition
class ThreadMappingAttr(_MappingAttr):
    name = "gpu.thread"


@irdl_attr_definition
class WarpMappingAttr(_MappingAttr):
    name = "gpu.warp"


@irdl_attr_definition
class WarpgroupMappingAttr(_MappingAttr):
    name = "gpu.warpgroup"


@irdl_attr_definition
class LaneMappingAttr(_MappingAttr):
    name = "gpu.lane"


class _IdOp(IRDLOperation):
    """An id op: `gpu.thread_id x`, `gpu.block_id y upper_bound 64` (an index)."""

    dimension = prop_def(DimensionAttr)
    upper_bound = opt_prop_def(IntegerAttr[IndexType])
    result = result_def(IndexType)

    traits = traits_def(Pure())

    def __init__(
        self,
        dim: str | xgpu.DimensionEnum | Data[xgpu.DimensionEnum],
        upper_bound: int | IntegerAttr | None = None,
    ):
        if isinstance(upper_bound, int):
            upper_bound = IntegerAttr(upper_bound, IndexType())
        super().__init__(
            result_types=[IndexType()],
            properties={"dimension": dimension(dim), "upper_bound": upper_bound},
        )

    @classmethod
    def parse(cls, parser: Parser) -> _IdOp:
        dim = parser.parse_str_enum(xgpu.DimensionEnum)
        bound = None
        if parser.parse_optional_keyword("upper_bound") is not None:
            bound = IntegerAttr(parser.parse_integer(allow_boolean=False), IndexType())
        op = cls(dim, bound)
        op.attributes.update(parser.parse_optional_attr_dict())
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.dimension.data.value}")
        if self.upper_bound is not None:
            printer.print_string(f" upper_bound {self.upper_bound.value.data}")
        printer.print_op_attributes(self.attributes)


@irdl_op_definition
class ThreadIdOp(_IdOp):
    name = "gpu.thread_id"


@irdl_op_definition
class BlockIdOp(_IdOp):
    name = "gpu.block_id"


@irdl_op_definition
class BlockDimOp(_IdOp):
    name = "gpu.block_dim"


@irdl_op_definition
class GridDimOp(_IdOp):
    name = "gpu.grid_dim"


@irdl_op_definition
class GlobalIdOp(_IdOp):
    name = "gpu.global_id"


@irdl_op_definition
class ClusterIdOp(_IdOp):
    name = "gpu.cluster_id"


@irdl_op_definition
class ClusterDimOp(_IdOp):
    name = "gpu.cluster_dim"


@irdl_op_definition
class ClusterBlockIdOp(_IdOp):
    name = "gpu.cluster_block_id"


xgpu.ThreadIdOp.register(ThreadIdOp)
xgpu.BlockIdOp.register(BlockIdOp)
xgpu.BlockDimOp.register(BlockDimOp)
xgpu.GridDimOp.register(GridDimOp)
xgpu.GlobalIdOp.register(GlobalIdOp)

_REPLACED: dict[str, type[Operation]] = {
    o.name: o
    for o in (MemcpyOp, ThreadIdOp, BlockIdOp, BlockDimOp, GridDimOp, GlobalIdOp)
}
_REPLACED_ATTRS: dict[str, type] = {DimensionAttr.name: DimensionAttr}

GPU = Dialect(
    "gpu",
    [
        *(_REPLACED.get(op.name, op) for op in xgpu.GPU.operations),
        MemsetOp, ClusterIdOp, ClusterDimOp, ClusterBlockIdOp,
    ],  # fmt: skip
    [
        *(_REPLACED_ATTRS.get(a.name, a) for a in xgpu.GPU.attributes),
        AddressSpaceAttr, MemorySpaceMappingAttr, BlockMappingAttr, ThreadMappingAttr,
        WarpMappingAttr, WarpgroupMappingAttr, LaneMappingAttr,
    ],  # fmt: skip
)
