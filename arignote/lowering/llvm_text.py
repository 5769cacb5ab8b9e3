"""LLVM IR text: the spellings shared by `translate_llvm` (the llvm dialect's translation)
and `emit_cpu_llvm` (CPU kernels written from the loop level).

Types (`llvm_type`, the intrinsic suffixes of `mangle`), constants in LLVM's exact forms
(`float_literal`: hexadecimal, f16 `0xH`, bf16 `0xR`), the fastmath and predicate
spellings, and `ModuleText`: a module's target, declarations and attribute groups.  It
imports no llvm dialect (the CPU's compile path never loads it: docs/internals.md, "The
first compile in a process"); an llvm-dialect type is recognised by its name.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from xdsl.dialects.arith import CMPF_COMPARISON_OPERATIONS, CMPI_COMPARISON_OPERATIONS
from xdsl.dialects.builtin import (
    BFloat16Type,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntAttr,
    IntegerAttr,
    IntegerType,
    StringAttr,
    VectorType,
)
from xdsl.dialects.utils.fast_math import FastMathAttrBase
from xdsl.ir import Attribute, Operation

from arignote.errors import CompileError
from arignote.lowering.kernel_abi import VECTOR_VARIANTS_ATTR

# ----------------------------------------------------------------------------------------
# types


def llvm_type(t: Attribute) -> str:
    """The LLVM IR spelling of a type (`float`, `<8 x float>`, `ptr addrspace(1)`, ...)."""
    if isinstance(t, IntegerType):
        return f"i{t.width.data}"
    if isinstance(t, Float32Type):
        return "float"
    if isinstance(t, Float64Type):
        return "double"
    if isinstance(t, Float16Type):
        return "half"
    if isinstance(t, BFloat16Type):
        return "bfloat"
    if t.name == "llvm.ptr":
        space = t.addr_space  # type: ignore[attr-defined]
        if isinstance(space, IntAttr) and space.data != 0:
            return f"ptr addrspace({space.data})"
        return "ptr"
    if t.name == "llvm.void":
        return "void"
    if isinstance(t, VectorType):
        if t.get_num_dims() != 1:
            raise CompileError(f"LLVM IR: vector type {t} is not 1-D")
        return f"<{t.get_shape()[0]} x {llvm_type(t.element_type)}>"
    if t.name == "llvm.array":
        return f"[{t.size.data} x {llvm_type(t.type)}]"  # type: ignore[attr-defined]
    if t.name == "llvm.struct":
        if t.struct_name.data:  # type: ignore[attr-defined]
            raise CompileError(
                f"LLVM IR: named struct type {t} is not supported (use a literal struct)"
            )
        return "{" + ", ".join(llvm_type(x) for x in t.types) + "}"  # type: ignore[attr-defined]
    raise CompileError(f"LLVM IR: type {t} has no LLVM equivalent")


def mangle(t: Attribute) -> str:
    """The overloaded-intrinsic suffix of a type: f32, v8f32, i64, p0, p1, bf16."""
    if isinstance(t, IntegerType):
        return f"i{t.width.data}"
    if isinstance(t, Float32Type):
        return "f32"
    if isinstance(t, Float64Type):
        return "f64"
    if isinstance(t, Float16Type):
        return "f16"
    if isinstance(t, BFloat16Type):
        return "bf16"
    if t.name == "llvm.ptr":
        space = t.addr_space  # type: ignore[attr-defined]
        return f"p{space.data if isinstance(space, IntAttr) else 0}"
    if isinstance(t, VectorType):
        return f"v{t.get_shape()[0]}{mangle(t.element_type)}"
    raise CompileError(f"LLVM IR: cannot mangle type {t} into an intrinsic name")


# ----------------------------------------------------------------------------------------
# constants


def float_literal(value: float, t: Attribute) -> str:
    """LLVM's exact hexadecimal float literal for `value` of float type `t`."""
    if isinstance(t, Float16Type):
        bits = int(np.array(value, dtype=np.float16).view(np.uint16))
        return f"0xH{bits:04X}"
    if isinstance(t, BFloat16Type):
        f32bits = int(np.array(value, dtype=np.float32).view(np.uint32))
        # round to nearest even into the upper half
        rounded = (f32bits + 0x7FFF + ((f32bits >> 16) & 1)) >> 16
        return f"0xR{rounded & 0xFFFF:04X}"
    if isinstance(t, Float32Type):
        value = float(np.float32(value))
    (bits,) = struct.unpack(">Q", struct.pack(">d", value))
    return f"0x{bits:016X}"


def scalar_literal(value: int | float, t: Attribute) -> str:
    if isinstance(t, IntegerType):
        if t.width.data == 1:
            return "true" if int(value) else "false"
        return str(int(value))
    return float_literal(float(value), t)


def constant_literal(attr: Attribute, t: Attribute) -> str:
    """The LLVM constant (without its type) for a value attribute of type t."""
    if isinstance(attr, IntegerAttr):
        if isinstance(t, VectorType):
            return _vector_literal([attr.value.data] * t.element_count(), t)
        return scalar_literal(attr.value.data, t)
    if isinstance(attr, FloatAttr):
        if isinstance(t, VectorType):
            return _vector_literal([attr.value.data] * t.element_count(), t)
        return float_literal(attr.value.data, t)
    if isinstance(attr, DenseIntOrFPElementsAttr):
        values = list(attr.get_values())
        if isinstance(t, VectorType):
            if len(values) == 1:
                values = values * t.element_count()
            return _vector_literal(values, t)
        if len(values) == 1:
            return scalar_literal(values[0], t)
    raise CompileError(f"LLVM IR: constant {attr} of type {t} is not supported")


def _vector_literal(values: list[int | float], t: VectorType) -> str:
    et = t.element_type
    ets = llvm_type(et)
    return "<" + ", ".join(f"{ets} {scalar_literal(v, et)}" for v in values) + ">"


# ----------------------------------------------------------------------------------------
# flags

_FASTMATH_ORDER = ("reassoc", "nnan", "ninf", "nsz", "arcp", "contract", "afn")


@lru_cache(maxsize=64)
def fastmath_text(fm: Attribute | None) -> str:
    """The LLVM IR spelling of a fastmath attribute (llvm's or arith's)."""
    if not isinstance(fm, FastMathAttrBase) or not fm.data:
        return ""
    names = {str(f.value) for f in fm.data}
    if all(n in names for n in _FASTMATH_ORDER):
        return " fast"
    return "".join(f" {n}" for n in _FASTMATH_ORDER if n in names)


def icmp_predicate(n: int) -> str:
    """`slt`, ... of predicate number n (arith's and llvm's numbering agree)."""
    return CMPI_COMPARISON_OPERATIONS[n]


def fcmp_predicate(n: int) -> str:
    """`olt`, ... of predicate number n (arith's and llvm's numbering agree)."""
    return CMPF_COMPARISON_OPERATIONS[n]


# ----------------------------------------------------------------------------------------
# the module


@dataclass
class ModuleText:
    """An LLVM module being written: its target, the declarations and attribute groups
    its definitions need; `text` assembles it."""

    triple: str
    data_layout: str | None
    declarations: dict[str, str] = field(default_factory=dict)
    attribute_groups: list[str] = field(default_factory=list)

    def text(self, body: list[str]) -> str:
        """The module: its target, `body` (the definitions' lines), the declarations and
        the attribute groups."""
        header = []
        if self.data_layout:
            header.append(f'target datalayout = "{self.data_layout}"')
        header.append(f'target triple = "{self.triple}"')
        header.append("")
        tail = sorted(self.declarations.values())
        groups = [f"attributes #{i} = {{ {g} }}" for i, g in enumerate(self.attribute_groups)]
        return "\n".join([*header, *body, *tail, *([""] if tail else []), *groups]) + "\n"

    def declare(self, name: str, ret: str, args: list[str]) -> None:
        line = f"declare {ret} @{name}({', '.join(args)})"
        old = self.declarations.setdefault(name, line)
        if old != line:
            raise CompileError(f"LLVM IR translation: intrinsic @{name} used with two signatures")

    def call_site_attributes(self, op: Operation) -> str:
        """` #N` for a call marked `always_inline` / `no_inline` (MLIR's) or carrying
        `arignote.vector_variants` (LLVM's "vector-function-abi-variant"), else ""."""
        attrs = [
            llvm_name
            for key, llvm_name in (("always_inline", "alwaysinline"), ("no_inline", "noinline"))
            if key in op.attributes or key in op.properties
        ]
        variants = op.attributes.get(VECTOR_VARIANTS_ATTR)
        if isinstance(variants, StringAttr):
            attrs.append(f'"vector-function-abi-variant"="{variants.data}"')
        return self.group(attrs) if attrs else ""

    def group(self, attrs: list[str]) -> str:
        """` #N`: the attribute group of `attrs` (one group per distinct list)."""
        text = " ".join(attrs)
        if text not in self.attribute_groups:
            self.attribute_groups.append(text)
        return f" #{self.attribute_groups.index(text)}"
