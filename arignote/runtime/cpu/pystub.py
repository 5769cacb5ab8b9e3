"""Python call stubs for CPU kernels: a host program calls a kernel with ~0.1 us of
overhead instead of a ctypes call (~1 us for five arguments, plus reading each array's
data pointer in Python).

For every kernel a host function calls (`llvm.call @k(...)`, whose operands come from
the 1:N casts of convert-func-to-llvm), `stub_ir` writes an LLVM function
`@__arignote_pystub_<k>` with CPython's METH_FASTCALL signature, compiled in the same
module as the kernel.  It takes the call's *host-level* operands -- an array for each
memref (NumPy's C struct: its data pointer and its dims are read at fixed offsets, which
`layout_ok` checks once against NumPy), a Python int or float for each scalar (converted
with PyLong_AsLongLong / PyFloat_AsDouble) --, releases the GIL around the kernel call
(PyEval_SaveThread / PyEval_RestoreThread) and returns its `self`.  The CPython entry
points are not baked into the code (it is cached on disk and loaded by other
processes): `self` is a NumPy array holding their addresses, made by `make_callable`.

A call whose operands do not have this form (a device pointer, a memref in another
memory space) keeps the ctypes path; so does every call when `layout_ok()` is false.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from xdsl.dialects import builtin
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    MemRefType,
    SymbolRefAttr,
    UnrealizedConversionCastOp,
)
from xdsl.ir import Operation, SSAValue

#: offsets in NumPy's PyArrayObject (after PyObject_HEAD: data, nd, dimensions)
_DATA = object.__basicsize__
_DIMS = _DATA + 16
#: METH_FASTCALL (Include/methodobject.h)
_METH_FASTCALL = 0x80


@dataclass(frozen=True)
class Group:
    """One host-level operand of a kernel call: an array (`dims`: the dynamic dims passed
    after its data pointer) or a scalar (`scalar`: its LLVM type: i1..i64, float, double)."""

    value: SSAValue
    dims: tuple[int, ...] = ()
    scalar: str | None = None


def stub_name(callee: str) -> str:
    return f"__arignote_pystub_{callee}"


def call_groups(operands: Sequence[SSAValue]) -> list[Group] | None:
    """The host-level operands of a kernel call with these (ABI) operands, or None when
    one cannot be passed to a stub."""
    from arignote.lowering.llvm_text import llvm_type

    groups: list[Group] = []
    k = 0
    while k < len(operands):
        v = operands[k]
        t = v.type
        if isinstance(t, MemRefType):  # (a func.call: the stub applies the ABI)
            if t.memory_space != builtin.NoneAttr():
                return None
            dyn = tuple(i for i, s in enumerate(t.get_shape()) if s == DYNAMIC_INDEX)
            groups.append(Group(v, dims=dyn))
            k += 1
            continue
        cast = v.owner
        if isinstance(cast, UnrealizedConversionCastOp) and len(cast.inputs) == 1:
            src = cast.inputs[0]
            t = src.type
            if isinstance(t, MemRefType):
                if t.memory_space != builtin.NoneAttr() or v is not cast.outputs[0]:
                    return None
                dyn = tuple(i for i, s in enumerate(t.get_shape()) if s == DYNAMIC_INDEX)
                if tuple(operands[k : k + 1 + len(dyn)]) != tuple(cast.outputs):
                    return None
                groups.append(Group(src, dims=dyn))
                k += 1 + len(dyn)
                continue
        t = v.type
        if isinstance(t, builtin.IndexType):
            groups.append(Group(v, scalar="i64"))
        elif isinstance(t, builtin.IntegerType) or isinstance(
            t, builtin.Float32Type | builtin.Float64Type
        ):
            groups.append(Group(v, scalar=llvm_type(t)))
        else:
            return None  # a pointer not made from a host array, a vector, ...
        k += 1
    return groups


def stub_ir(callee: str, groups: Sequence[Group]) -> str:
    """The LLVM IR of the stub calling @callee with the operands `groups` describe."""
    lines = [
        f"define ptr @{stub_name(callee)}(ptr %self, ptr %args, i64 %nargs) {{",
        f"  %tabp = getelementptr i8, ptr %self, i64 {_DATA}",
        "  %tab = load ptr, ptr %tabp",
    ]
    for i, fn in enumerate(("aslong", "asdouble", "save", "restore")):
        lines += [
            f"  %{fn}.p = getelementptr ptr, ptr %tab, i64 {i}",
            f"  %{fn} = load ptr, ptr %{fn}.p",
        ]
    args: list[str] = []
    for k, g in enumerate(groups):
        lines += [
            f"  %o{k}.p = getelementptr ptr, ptr %args, i64 {k}",
            f"  %o{k} = load ptr, ptr %o{k}.p",
        ]
        if g.scalar is None:
            lines += [
                f"  %d{k}.p = getelementptr i8, ptr %o{k}, i64 {_DATA}",
                f"  %d{k} = load ptr, ptr %d{k}.p",
            ]
            args.append(f"ptr %d{k}")
            if g.dims:
                lines += [
                    f"  %s{k}.p = getelementptr i8, ptr %o{k}, i64 {_DIMS}",
                    f"  %s{k} = load ptr, ptr %s{k}.p",
                ]
            for i in g.dims:
                lines += [
                    f"  %s{k}_{i}.p = getelementptr i64, ptr %s{k}, i64 {i}",
                    f"  %s{k}_{i} = load i64, ptr %s{k}_{i}.p",
                ]
                args.append(f"i64 %s{k}_{i}")
        elif g.scalar in ("float", "double"):
            lines.append(f"  %x{k} = call double %asdouble(ptr %o{k})")
            if g.scalar == "float":
                lines.append(f"  %y{k} = fptrunc double %x{k} to float")
                args.append(f"float %y{k}")
            else:
                args.append(f"double %x{k}")
        else:
            lines.append(f"  %x{k} = call i64 %aslong(ptr %o{k})")
            if g.scalar == "i64":
                args.append(f"i64 %x{k}")
            else:
                lines.append(f"  %y{k} = trunc i64 %x{k} to {g.scalar}")
                args.append(f"{g.scalar} %y{k}")
    lines += [
        "  %ts = call ptr %save()",
        f"  call void @{callee}({', '.join(args)}) noinline",
        "  call void %restore(ptr %ts)",
        "  %rc = load i64, ptr %self",
        "  %rc1 = add i64 %rc, 1",
        "  store i64 %rc1, ptr %self",
        "  ret ptr %self",
        "}",
    ]
    return "\n".join(lines) + "\n"


def module_stubs(module: Operation) -> str:
    """The stubs of every kernel the host functions of `module` call (one per kernel;
    none for a call that `call_groups` refuses)."""
    from xdsl.dialects import func

    from arignote.lowering.kernel_abi import is_cpu_kernel

    out: dict[str, str] = {}
    refused: set[str] = set()
    top = list(module.regions[0].block.ops)
    # the kernels: llvm.funcs (convert-to-llvm), or the direct path's declarations
    kernels = {
        op.properties["sym_name"].data  # type: ignore[attr-defined]
        for op in top
        if op.name == "llvm.func" or is_cpu_kernel(op)
    }
    for f in top:
        if not isinstance(f, func.FuncOp) or is_cpu_kernel(f):
            continue
        for op in f.walk():
            # a kernel call: convert-func-to-llvm's llvm.call, or the direct path's func.call
            if op.name not in ("llvm.call", "func.call"):
                continue
            callee_attr = op.properties.get("callee")
            if not isinstance(callee_attr, SymbolRefAttr):
                continue
            callee = callee_attr.root_reference.data
            if callee not in kernels:
                continue
            groups = call_groups(list(op.operands))
            if groups is None:
                refused.add(callee)
                continue
            out.setdefault(callee, stub_ir(callee, groups))
    return "".join(text for callee, text in out.items() if callee not in refused)


class _MethodDef(ctypes.Structure):
    _fields_ = [
        ("ml_name", ctypes.c_char_p),
        ("ml_meth", ctypes.c_void_p),
        ("ml_flags", ctypes.c_int),
        ("ml_doc", ctypes.c_char_p),
    ]


def _address(name: str) -> int:
    return ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value or 0


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    names = ("PyLong_AsLongLong", "PyFloat_AsDouble", "PyEval_SaveThread", "PyEval_RestoreThread")
    return np.array([_address(n) for n in names], dtype=np.uint64)


def make_callable(address: int, name: str) -> tuple[Any, Any]:
    """A builtin function calling the stub at `address`, and its method definition, which
    must outlive it (the caller keeps both; the function's `self` is its own copy of the
    table of CPython entry points)."""
    new = ctypes.pythonapi.PyCFunction_NewEx
    new.restype = ctypes.py_object
    new.argtypes = [ctypes.POINTER(_MethodDef), ctypes.py_object, ctypes.py_object]
    md = _MethodDef(name.encode(), address, _METH_FASTCALL, None)
    return new(ctypes.byref(md), _table().copy(), None), md


@lru_cache(maxsize=1)
def layout_ok() -> bool:
    """Whether NumPy's array struct has the data pointer and the dims where the stubs
    read them (checked on arrays of several ranks), and CPython has the entry points."""
    try:
        if not all(_table()):
            return False
        at = ctypes.c_void_p.from_address
        for a in (np.zeros((3, 5)), np.zeros(7, np.int8)[2:], np.zeros((2, 0, 4), np.float32)):
            if (at(id(a) + _DATA).value or 0) != a.ctypes.data:
                return False
            dims = at(id(a) + _DIMS).value
            if dims is None or tuple((ctypes.c_int64 * a.ndim).from_address(dims)) != a.shape:
                return False
        return True
    except Exception:  # noqa: BLE001 - any failure means: use ctypes
        return False
