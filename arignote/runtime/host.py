"""The host program: runs what the pipeline leaves of a host function.

`HostProgram(module, name, ...)` turns the ops of `func.func @name` (after `tt-to-cpu` or
`tt-to-ptx`) into a list of steps once; each call runs the steps on a register file.
Host buffers are NumPy arrays; device buffers are `DeviceArray`s of a `GpuDevice`.
The ops it runs are listed in docs/internals.md ("The host program"); anything else is
rejected when the program is built, naming the op.

Below `tt` integer types are signless: a buffer of i8 may hold int8 or uint8 data.  The
caller says which results are unsigned (`result_dtypes`, from the `tt` signature): the
buffers returned there are allocated (or relabelled) with that dtype, and arguments of
either signedness are accepted for a signless element type.
"""

from __future__ import annotations

import ctypes
import itertools
import linecache
import sys
from collections.abc import Callable, Sequence
from math import prod
from dataclasses import dataclass
from typing import Any

import numpy as np
from xdsl.dialects import arith, builtin, cf, func, math, memref
from xdsl.dialects import gpu as xgpu
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseIntOrFPElementsAttr,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    MemRefType,
    ModuleOp,
    StringAttr,
)
from xdsl.ir import Operation, SSAValue

from arignote.dialects import arith as aarith
from arignote.dialects import gpu as agpu
from arignote.dialects import tt
from arignote.dialects.memref import VIEWS
from arignote.dialects.tensor import reassociation_groups
from arignote.errors import ArgumentError, ArignoteError, DeviceError, InternalError, ShapeError
from arignote.ir import location_str
from arignote.runtime.device import GpuDevice, GpuModule


@dataclass
class DeviceArray:
    """A buffer in device memory: address, shape and dtype (owned by `device`)."""

    ptr: int
    shape: tuple[int, ...]
    dtype: np.dtype
    device: GpuDevice

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64)) * self.dtype.itemsize

    @classmethod
    def upload(cls, device: GpuDevice, value: np.ndarray) -> DeviceArray:
        """A new device buffer holding `value` (rank 0 stays rank 0)."""
        v = np.asarray(value, order="C")
        ptr = device.alloc(max(v.nbytes, 1))
        if v.size:
            device.copy_to_device(ptr, v)
        return cls(ptr, tuple(v.shape), v.dtype, device)

    def download(self) -> np.ndarray:
        """The buffer's contents as a new host array."""
        host = np.empty(self.shape, self.dtype)
        if host.size:
            self.device.copy_to_host(host, self.ptr)
        return host

    def clone(self) -> DeviceArray:
        """A new device buffer with this one's contents."""
        ptr = self.device.alloc(max(self.nbytes, 1))
        if self.nbytes:
            self.device.copy_device_to_device(ptr, self.ptr, self.nbytes)
        return DeviceArray(ptr, tuple(self.shape), self.dtype, self.device)

    def free(self, quiet: bool = False) -> None:
        """Give the memory back (quietly: the device may be gone at interpreter exit)."""
        try:
            self.device.free(self.ptr)
        except Exception:
            if not quiet:
                raise


class _DeviceConstant:
    """A constant's device copy, uploaded on first use and freed with the program."""

    def __init__(self, device: GpuDevice, value: np.ndarray):
        self.device, self.value = device, value
        self.array: DeviceArray | None = None

    def get(self) -> DeviceArray:
        if self.array is None:
            self.array = DeviceArray.upload(self.device, self.value)
        return self.array

    def __del__(self) -> None:
        if self.array is not None:
            self.array.free(quiet=True)


def _memref_dtype(t: MemRefType) -> np.dtype:
    return tt.numpy_dtype(t.element_type)


def _divsi(a: int, b: int) -> int:
    """Signed division rounding toward zero (0 for a zero divisor, as the kernels)."""
    if not b:
        return 0
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


# an operator of the generated code, or a function it calls
_INT_BINOPS: dict[type, str | Callable[[int, int], int]] = {
    arith.AddiOp: "+",
    arith.SubiOp: "-",
    arith.MuliOp: "*",
    arith.DivUIOp: "//",
    arith.DivSIOp: _divsi,
    arith.FloorDivSIOp: "//",
    arith.CeilDivUIOp: lambda a, b: -(-a // b),
    arith.CeilDivSIOp: lambda a, b: -(-a // b),
    arith.RemUIOp: "%",
    arith.RemSIOp: lambda a, b: a - b * _divsi(a, b),
    arith.MaxSIOp: max,
    arith.MinSIOp: min,
    arith.MaxUIOp: max,
    arith.MinUIOp: min,
    arith.AndIOp: "&",
    arith.OrIOp: "|",
    arith.XOrIOp: "^",
    arith.ShLIOp: "<<",
    arith.ShRSIOp: ">>",
    arith.ShRUIOp: lambda a, b: a >> b if a >= 0 else (int(a) % (1 << (8 * a.itemsize))) >> b,
}


def _converter(t: Any) -> Callable[[Any], Any]:
    """Host scalars of type t: Python ints for index, NumPy scalars otherwise."""
    return converter_of("index" if isinstance(t, IndexType) else tt.numpy_dtype(t).str)


#: the converters made so far, by key (one object per key: a snapshot of a host program
#: names a converter by its key, `host_snapshot`)
CONVERTERS: dict[str, Callable[[Any], Any]] = {"index": int}


def converter_of(key: str) -> Callable[[Any], Any]:
    """The converter of `_converter` for "index" or a NumPy dtype string."""
    fn = CONVERTERS.get(key)
    if fn is None:
        dtype = np.dtype(key)
        if dtype.kind == "i":  # integer conversions wrap around, as in the kernels
            bits = 8 * dtype.itemsize
            fn = lambda v: dtype.type(  # noqa: E731
                ((int(v) + (1 << (bits - 1))) % (1 << bits)) - (1 << (bits - 1))
            )
        else:
            fn = lambda v: dtype.type(v)  # noqa: E731
        CONVERTERS[key] = fn
    return fn


_SCALAR_UNARY: dict[type, Callable[[Any], Any]] = {
    arith.ExtSIOp: lambda a: a,
    arith.ExtUIOp: lambda a: a if a >= 0 else a,  # i1 true is stored as True/1
    arith.TruncIOp: lambda a: a,
    arith.SIToFPOp: lambda a: a,
    arith.UIToFPOp: lambda a: a,
    arith.FPToSIOp: lambda a: np.trunc(a),
    arith.ExtFOp: lambda a: a,
    arith.TruncFOp: lambda a: a,
    arith.NegfOp: lambda a: -a,
    math.CeilOp: np.ceil,
    math.FloorOp: np.floor,
    math.AbsIOp: abs,  # abs of the most negative value wraps to itself, as in the kernels
    math.AbsFOp: abs,
}
_SCALAR_UNARY = aarith.with_replacements(_SCALAR_UNARY)  # (our extsi/extui/trunci too)
_FLOAT_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    arith.AddfOp: lambda a, b: a + b,
    arith.SubfOp: lambda a, b: a - b,
    arith.MulfOp: lambda a, b: a * b,
    arith.DivfOp: lambda a, b: a / b,
    arith.MaximumfOp: np.maximum,
    arith.MinimumfOp: np.minimum,
}
_CMPF: dict[int, Callable[[Any, Any], bool]] = {
    0: lambda a, b: False, 1: lambda a, b: a == b, 2: lambda a, b: a > b,
    3: lambda a, b: a >= b, 4: lambda a, b: a < b, 5: lambda a, b: a <= b,
    6: lambda a, b: a < b or a > b, 7: lambda a, b: a == a and b == b,
    8: lambda a, b: not (a < b or a > b), 9: lambda a, b: not a <= b,
    10: lambda a, b: not a < b, 11: lambda a, b: not a >= b, 12: lambda a, b: not a > b,
    13: lambda a, b: not a == b, 14: lambda a, b: a != a or b != b, 15: lambda a, b: True,
}  # fmt: skip

_CMPI: dict[int, str] = {
    0: "==", 1: "!=", 2: "<", 3: "<=", 4: ">", 5: ">=", 6: "<", 7: "<=", 8: ">", 9: ">=",
}  # fmt: skip

_CTYPE = {
    "i1": ctypes.c_bool, "i8": ctypes.c_int8, "i16": ctypes.c_int16, "i32": ctypes.c_int32,
    "i64": ctypes.c_int64, "f16": ctypes.c_uint16, "f32": ctypes.c_float, "f64": ctypes.c_double,
    "index": ctypes.c_int64,
}  # fmt: skip


def ctype_of(t: Any) -> Any:
    if isinstance(t, builtin.IntegerType | builtin.IndexType) or tt.is_float(t):
        return _CTYPE[str(t)]
    return ctypes.c_void_p  # !llvm.ptr


class HostProgram:
    """One host function compiled into a straight-line Python function; call it with the
    function's arguments.  `source` is the generated code (tracebacks show its lines)."""

    def __init__(
        self,
        module: ModuleOp,
        name: str,
        *,
        cpu_symbol: Callable[[str], int] | None = None,
        device: GpuDevice | None = None,
        gpu_module: GpuModule | None = None,
        result_dtypes: Sequence[np.dtype | None] = (),
    ):
        self.module = module
        #: per result, the dtype the caller gets when it differs from the signless one
        self.result_dtypes = list(result_dtypes)
        self.name = name
        self.cpu_symbol = cpu_symbol
        self.device = device
        self.gpu_module = gpu_module
        self.f = self._find(name)
        self.names: dict[SSAValue, str] = {}
        self.ns: dict[str, Any] = base_namespace(device is None)
        #: how to rebuild the constants `snapshot` cannot store by value: id -> recipe
        self.recipes: dict[int, tuple[str, tuple[Any, ...]]] = {}
        self.lines: list[str] = []
        block = self.f.body.blocks[0]
        self.nargs = len(block.args)
        self.arg_types = [a.type for a in block.args]
        params = [self._name(a) for a in block.args]
        self.alloc_dtypes = self._result_allocs(block)
        self.recycles = device is None  # large host buffers come from _Recyclers
        self.stub_calls, self.stub_casts = self._plan_stubs(block)
        for op in block.ops:
            self._compile(op)
        self.source = f"def {_FN}({', '.join(params)}):\n" + "".join(
            f"    {line}\n" for line in self.lines or ["pass"]
        )
        self.run: Callable[..., list[Any]] = _define(self.source, name, self.ns)

    # ---------------------------------------------------------------- rebinding
    @property
    def rebindable(self) -> bool:
        """Whether `rebind` can move this program to other code: every kernel it calls
        is a recorded constant of its namespace (not so with nested host programs, the
        bodies of loop runners, which hold their own)."""
        return "_programs" not in self.__dict__

    def rebind(self, cpu_symbol: Callable[[str], int]) -> None:
        """Call the kernels at `cpu_symbol`'s addresses from now on (another compile of
        the same LLVM IR: the O3 tier of `arignote.runtime.cpu.tiers`).  The call stubs and
        ctypes functions are made again and replace the old ones in one `dict.update`
        (atomic under the GIL): the next call runs the new code, a call in flight ends on
        the old, which is kept alive with the program."""
        if not self.rebindable:
            raise InternalError(f"@{self.name} runs nested host programs: it cannot be rebound")
        made: dict[str, Any] = {}
        new: dict[str, Any] = {}
        for key, obj in list(self.ns.items()):
            recipe = self.recipes.get(id(obj))
            if recipe is not None and recipe[0] in NATIVE_RECIPES:
                new[key] = native_constant(recipe, cpu_symbol, made)
                self.recipes[id(new[key])] = recipe
        self.__dict__.setdefault("_retired", []).append([self.ns[k] for k in new])
        self.ns.update(new)
        self.cpu_symbol = cpu_symbol

    # ---------------------------------------------------------------- building
    def _find(self, name: str) -> func.FuncOp:
        for op in self.module.body.block.ops:
            if isinstance(op, func.FuncOp) and op.sym_name.data == name:
                return op
        raise InternalError(f"no host function @{name} in the compiled module")

    def _name(self, v: SSAValue) -> str:
        """The Python local holding v (a new one for a result)."""
        if v not in self.names:
            self.names[v] = f"v{len(self.names)}"
        return self.names[v]

    def _n(self, v: SSAValue) -> str:
        return self.names[v]

    def _k(self, obj: Any, recipe: tuple[str, tuple[Any, ...]] | None = None) -> str:
        """A global of the generated code bound to obj; `recipe` says how to make obj
        again where a snapshot cannot store it by value (`host_snapshot`)."""
        key = f"k{len(self.ns)}"
        self.ns[key] = obj
        if recipe is not None:
            self.recipes[id(obj)] = recipe
        return key

    def _emit(self, line: str) -> None:
        self.lines.append(line)

    def _result_allocs(self, block: Any) -> dict[SSAValue, np.dtype]:
        """The allocations returned (through casts) at results with a `result_dtypes`
        entry: they are made with that dtype."""
        return {
            v: np.dtype(d)
            for v, d in zip(_returned_roots(block), self.result_dtypes)
            if d is not None and isinstance(v.owner, memref.AllocOp | xgpu.AllocOp)
        }

    def _recycled_when(self, t: MemRefType, dyn: Sequence[SSAValue], dtype: np.dtype) -> str:
        """The Python condition under which a host buffer of type t is recycled
        ("" never, "True" always): at least RECYCLE_BYTES."""
        static = prod(s for s in t.get_shape() if s != DYNAMIC_INDEX)
        least = -(-RECYCLE_BYTES // dtype.itemsize)
        if not dyn:
            return "True" if static >= least else ""
        if static == 0:
            return ""
        count = " * ".join(self._n(v) for v in dyn)
        return f"{count} >= {-(-least // static)}"

    def _returned(self, v: SSAValue, k: int) -> str:
        """Result k: relabelled with its `result_dtypes` entry unless allocated so."""
        d = self.result_dtypes[k] if k < len(self.result_dtypes) else None
        root = _cast_root(v)
        if d is None or d == _memref_dtype(v.type) or root in self.alloc_dtypes:  # type: ignore[arg-type]
            return self._n(v)
        return f"_as({self._n(v)}, {self._k(np.dtype(d))})"

    def _unsupported(self, op: Operation) -> None:
        raise InternalError(
            f"the host runtime cannot run '{op.name}' at {location_str(op)} in @{self.name}"
        )

    def _shape(self, t: MemRefType, dyn: Sequence[SSAValue]) -> str:
        it = iter(dyn)
        dims = [self._n(next(it)) if s == DYNAMIC_INDEX else str(s) for s in t.get_shape()]
        return _tuple(dims)

    def _compile(self, op: Operation) -> None:  # noqa: C901 - one case per op kind
        emit, n = self._emit, self._n
        match op:
            case arith.ConstantOp():
                value = _scalar_constant(op)
                if isinstance(value, bool | int):
                    # read where used: the literal is the value's name
                    self.names[op.result] = repr(value) if value >= 0 else f"({value!r})"
                else:
                    emit(f"{self._name(op.result)} = {self._k(value)}")
            case arith.CmpiOp():
                o = _CMPI[op.predicate.value.data]
                emit(f"{self._name(op.result)} = {n(op.lhs)} {o} {n(op.rhs)}")
            case arith.SelectOp():
                c, a, b = (n(v) for v in op.operands)
                emit(f"{self._name(op.result)} = {a} if {c} else {b}")
            case arith.IndexCastOp():
                emit(f"{self._name(op.results[0])} = int({n(op.operands[0])})")
            case _ if type(op) in _INT_BINOPS:
                fn = _INT_BINOPS[type(op)]
                a, b = n(op.operands[0]), n(op.operands[1])
                expr = f"{a} {fn} {b}" if isinstance(fn, str) else f"{self._k(fn)}({a}, {b})"
                emit(f"{self._name(op.results[0])} = {expr}")
            case memref.DimOp():
                if (size := self._alloc_size(op)) is not None:
                    self.names[op.result] = size  # the allocation's own size
                else:
                    emit(f"{self._name(op.result)} = {n(op.source)}.shape[{n(op.index)}]")
            case memref.AllocOp() | memref.AllocaOp():
                t = op.memref.type
                assert isinstance(t, MemRefType)
                shape = self._shape(t, op.dynamic_sizes)
                np_dtype = np.dtype(self.alloc_dtypes.get(op.memref, _memref_dtype(t)))
                dtype = self._k(np_dtype)
                where = self._k(location_str(op))
                big = ""
                if isinstance(op, memref.AllocOp) and self.recycles:
                    big = self._recycled_when(t, op.dynamic_sizes, np_dtype)
                # np.empty in a try (free when nothing is raised), the error named
                emit("try:")
                if big:
                    take = f"{self._k(_Recycler())}.take({shape}, {dtype})"
                    fresh = f"_np_empty({shape}, {dtype})"
                    emit(f"    {self._name(op.memref)} = {take} if {big} else {fresh}")
                else:
                    emit(f"    {self._name(op.memref)} = _np_empty({shape}, {dtype})")
                emit("except (MemoryError, ValueError) as e:")
                emit(f"    _alloc_error({shape}, {dtype}, {where}, e)")
            case memref.LoadOp():
                idx = _tuple([n(v) for v in op.indices])
                emit(f"{self._name(op.res)} = {n(op.memref)}[{idx}]")
            case memref.StoreOp():
                idx = _tuple([n(v) for v in op.indices])
                emit(f"{n(op.memref)}[{idx}] = {n(op.value)}")
            case memref.CastOp():
                emit(f"{self._name(op.dest)} = {n(op.source)}")
            case memref.CollapseShapeOp():
                groups = self._k(tuple(map(tuple, reassociation_groups(op.reassociation))))
                emit(f"{self._name(op.result)} = _collapse({n(op.src)}, {groups})")
            case arith.ExtUIOp() if not _is_bool(op.operands[0].type):
                # zero extension: the source's bits as an unsigned number
                t = op.operands[0].type
                mask = (1 << t.width.data) - 1  # type: ignore[union-attr]
                conv = self._k(_converter(op.results[0].type))
                emit(f"{self._name(op.results[0])} = {conv}(int({n(op.operands[0])}) & {mask})")
            case _ if type(op) in _SCALAR_UNARY:
                fn = self._k(_SCALAR_UNARY[type(op)])
                conv = self._k(_converter(op.results[0].type))
                emit(f"{self._name(op.results[0])} = {conv}({fn}({n(op.operands[0])}))")
            case _ if type(op) in _FLOAT_BINOPS:
                fn = self._k(_FLOAT_BINOPS[type(op)])
                a, b = n(op.operands[0]), n(op.operands[1])
                emit(f"{self._name(op.results[0])} = {fn}({a}, {b})")
            case arith.CmpfOp():
                fn = self._k(_CMPF[op.predicate.value.data])
                emit(f"{self._name(op.result)} = {fn}({n(op.lhs)}, {n(op.rhs)})")
            case _ if op.dialect_name() == "libcall":
                self._compile_libcall(op)
            case _ if op.name == "host.call":
                self._compile_host_call(op)
            case memref.DeallocOp():
                emit(f"{n(op.memref)} = None")
            case memref.CopyOp():
                emit(f"_copyto({n(op.destination)}, {n(op.source)})")
            case memref.GetGlobalOp():
                t = op.memref.type
                assert isinstance(t, MemRefType)
                if t.memory_space != builtin.NoneAttr():
                    # a constant's device twin: uploaded at the first call, then kept
                    get = self._k(self._device_global(op, op.name_.root_reference.data))
                    emit(f"{self._name(op.memref)} = {get}()")
                else:
                    arr = self._k(self._global(op.name_.root_reference.data))
                    emit(f"{self._name(op.memref)} = {arr}")
            case cf.AssertOp():
                cmp = op.arg.owner
                if isinstance(cmp, arith.CmpiOp):  # name the two values compared
                    emit(f"_check_values({n(op.arg)}, {self._k(op.msg.data)}, "
                         f"{n(cmp.lhs)}, {n(cmp.rhs)})")  # fmt: skip
                else:
                    emit(f"_check({n(op.arg)}, {self._k(op.msg.data)})")
            case builtin.UnrealizedConversionCastOp():
                self._compile_cast(op)
            case func.ReturnOp():
                rets = [self._returned(v, k) for k, v in enumerate(op.arguments)]
                emit(f"return [{', '.join(rets)}]")
            case _ if op in self.stub_calls:
                self._compile_stub_call(op)
            case func.CallOp():
                self._compile_call(op.callee.root_reference.data, op.arguments, op.results)
            case _ if op.name == "llvm.call":
                callee = op.properties.get("callee") or op.attributes.get("callee")
                self._compile_call(callee.root_reference.data, op.operands, op.results)  # type: ignore[union-attr]
            case xgpu.AllocOp():
                self._compile_gpu_alloc(op)
            case xgpu.DeallocOp():
                free = self._k(self._dev(op).free)
                emit(f"{free}({n(op.buffer)}.ptr); {n(op.buffer)} = None")
            case agpu.MemcpyOp() | xgpu.MemcpyOp():
                self._compile_memcpy(op)
            case xgpu.LaunchFuncOp():
                self._compile_launch(op)
            case _ if op.dialect_name() == "loop":
                self._compile_loop(op)
            case _:
                self._unsupported(op)

    def _global(self, name: str) -> np.ndarray:
        for op in self.module.body.block.ops:
            if isinstance(op, memref.GlobalOp) and op.sym_name.data == name:
                t = op.type
                assert isinstance(t, MemRefType)
                init = op.initial_value
                assert isinstance(init, DenseIntOrFPElementsAttr)
                arr = tt.ConstantOp(init).to_numpy().reshape(t.get_shape())
                arr.setflags(write=False)
                return arr
        raise InternalError(f"no memref.global @{name}")

    def _device_global(self, op: Operation, name: str) -> Callable[[], DeviceArray]:
        # (the generated code's globals hold the bound method, and so the constant)
        return _DeviceConstant(self._dev(op), self._global(name)).get

    def _compile_libcall(self, op: Operation) -> None:
        bufs = ", ".join(self._n(v) for v in op.operands)
        provider = op.attributes.get("provider")
        from arignote.runtime.libcall import LIBRARIES

        on_device = isinstance(provider, StringAttr) and provider.data in LIBRARIES
        if on_device and self.device is not None:
            if self.device.name == "emu":
                run = _emulated_libcall(op, self.device)
            else:
                from arignote.runtime.libcall.device import make_device_executor

                run = make_device_executor(op, self.device)
            self._emit(f"{self._k(run)}({bufs})")
            return
        from arignote.runtime.libcall import make_executor

        # (the snapshot prints the op for its recipe only when it is taken)
        self._emit(f"{self._k(make_executor(op), ('libcall', (op,)))}([{bufs}])")

    def _compile_host_call(self, op: Operation) -> None:
        """`r0, r1 = <callback>(a, b)`: the callback looked up now, its results checked
        and made fresh C-contiguous arrays at each call (`callbacks.make_caller`)."""
        from arignote.runtime.callbacks import make_caller

        for v in (*op.operands, *op.results):
            t = v.type
            if not isinstance(t, MemRefType) or t.memory_space != builtin.NoneAttr():
                raise InternalError(
                    f"'{op.name}' at {location_str(op)} in @{self.name}: {t} is not a host buffer"
                )
        callee = op.properties["callee"].data  # type: ignore[attr-defined]
        where = f"{op.name} at {location_str(op)}"
        specs = [tt.result_spec(r.type) for r in op.results]
        call = make_caller(callee, specs, where)
        args = ", ".join(self._n(v) for v in op.operands)
        outs = "".join(f"{self._name(r)}, " for r in op.results)
        self._emit(f"{outs or '_'} = {self._k(call, ('caller', (callee, specs, where)))}({args})")

    def _plan_stubs(
        self, block: Any
    ) -> tuple[dict[Operation, tuple[Any, list[Any], str]], set[Operation]]:
        """The kernel calls made through their Python call stubs (runtime/cpu/pystub.py),
        each with its stub and operand groups, and the ABI casts only those calls use
        (not emitted: the stub reads the arrays itself)."""
        from arignote.runtime.cpu import pystub

        calls: dict[Operation, tuple[Any, list[Any], str]] = {}
        if self.cpu_symbol is None or not pystub.layout_ok():
            return calls, set()
        for op in block.ops:
            if op.name not in ("llvm.call", "func.call") or op.results:
                continue
            callee_attr = op.properties.get("callee") or op.attributes.get("callee")
            groups = pystub.call_groups(list(op.operands))
            if callee_attr is None or groups is None:
                continue
            callee = callee_attr.root_reference.data  # type: ignore[attr-defined]
            name = pystub.stub_name(callee)
            try:
                address = self.cpu_symbol(name)
            except ArignoteError:  # (code compiled without stubs)
                continue
            calls[op] = (pystub.make_callable(address, name), groups, name)
        casts = {
            v.owner
            for op in calls
            for v in op.operands
            if isinstance(v.owner, builtin.UnrealizedConversionCastOp)
        }
        casts = {
            c
            for c in casts
            if isinstance(c.operands[0].type, MemRefType)
            and all(u.operation in calls for r in c.results for u in r.uses)
        }
        return calls, casts

    def _compile_stub_call(self, op: Operation) -> None:
        (stub, md), groups, name = self.stub_calls[op]
        self._k(md, ("stub", (name, 1)))  # (kept alive with the program)
        args = ", ".join(self._n(g.value) for g in groups)
        callee = op.properties.get("callee") or op.attributes.get("callee")
        callee_name = callee.root_reference.data  # type: ignore[union-attr]
        self._emit(f"{self._k(stub, ('stub', (name, 0)))}({args})  # @{callee_name}")

    def _compile_cast(self, op: builtin.UnrealizedConversionCastOp) -> None:
        if op in self.stub_casts:
            return
        ins = list(op.inputs)
        outs = list(op.outputs)
        if len(ins) == 1 and isinstance(ins[0].type, MemRefType):
            # a memref becomes the kernel ABI: data pointer, then its dynamic sizes
            for v, part in zip(outs, self._abi_parts(ins[0], ins[0].type), strict=True):
                self._emit(f"{self._name(v)} = {part}")
            return
        if len(ins) == len(outs):
            for a, b in zip(ins, outs):
                self.names[b] = self._n(a)  # the same Python value
            return
        self._unsupported(op)

    def _alloc_size(self, op: memref.DimOp) -> str | None:
        """The name of dim `k` of a host allocation (its size operand or static size),
        when op is `memref.dim` of a `memref.alloc` at a constant index."""
        alloc, index = op.source.owner, op.index.owner
        if not isinstance(alloc, memref.AllocOp) or not isinstance(index, arith.ConstantOp):
            return None
        t = alloc.memref.type
        k = _scalar_constant(index)
        assert isinstance(t, MemRefType)
        shape = t.get_shape()
        if not isinstance(k, int) or not 0 <= k < len(shape):
            return None
        if shape[k] != DYNAMIC_INDEX:
            return str(shape[k])
        return self._n(alloc.dynamic_sizes[sum(1 for d in shape[:k] if d == DYNAMIC_INDEX)])

    def _compile_call(
        self, callee: str, operands: Sequence[SSAValue], results: Sequence[SSAValue]
    ) -> None:
        if results:
            raise InternalError(f"kernel @{callee} returns values; kernels must return void")
        if self.cpu_symbol is None:
            raise InternalError(f"@{self.name} calls @{callee} but no CPU code was compiled")
        argtypes: list[Any] = []
        args: list[str] = []
        for v in operands:
            if isinstance(v.type, MemRefType):  # (a func.call: the kernel ABI applied here)
                parts = self._abi_parts(v, v.type)
                argtypes += [ctypes.c_void_p] + [ctypes.c_int64] * (len(parts) - 1)
                args += parts
            else:
                argtypes.append(ctype_of(v.type))
                args.append(self._n(v))
        cfn = ctypes.CFUNCTYPE(None, *argtypes)(self.cpu_symbol(callee))
        k = self._k(cfn, ("cfn", (callee, tuple(argtypes))))
        self._emit(f"{k}({', '.join(args)})  # @{callee}")

    def _abi_parts(self, v: SSAValue, t: MemRefType) -> list[str]:
        """A memref under the kernel ABI (docs/internals.md §6): the expressions of its data
        pointer, then of its dynamic sizes."""
        src = self._n(v)
        on_device = t.memory_space != builtin.NoneAttr()
        dyn = [i for i, s in enumerate(t.get_shape()) if s == DYNAMIC_INDEX]
        return [f"{src}.ptr" if on_device else f"_ptr({src})", *(f"{src}.shape[{i}]" for i in dyn)]

    def _compile_loop(self, op: Operation) -> None:
        """loop.scan / loop.if: a runner calling the host programs of the outlined bodies
        (arignote.runtime.loops)."""
        from arignote.dialects import loop
        from arignote.runtime.loops import IfRunner, ScanRunner

        device = self.device
        if device is None and any(
            isinstance(v.type, MemRefType) and v.type.memory_space != builtin.NoneAttr()
            for v in op.results
        ):
            device = self._dev(op)
        if isinstance(op, loop.ScanOp):
            runner: Any = ScanRunner(op, self._program(op.callee_name()), device)
        else:
            assert isinstance(op, loop.IfOp)
            runner = IfRunner(
                self._program(op.then_callee.root_reference.data),
                self._program(op.else_callee.root_reference.data),
                device,
            )
        results = [self._name(r) for r in op.results]
        call = f"{self._k(runner)}({', '.join(self._n(v) for v in op.operands)})"
        self._emit(f"{_tuple(results)} = {call}" if results else call)

    def _program(self, name: str) -> Callable[..., list[Any]]:
        """The run function of host function @name of this module (built once)."""
        programs = self.__dict__.setdefault("_programs", {})
        if name not in programs:
            programs[name] = HostProgram(
                self.module, name, cpu_symbol=self.cpu_symbol, device=self.device,
                gpu_module=self.gpu_module,
            ).run  # fmt: skip
        return programs[name]

    def _dev(self, op: Operation) -> GpuDevice:
        if self.device is None:
            raise InternalError(f"'{op.name}' in @{self.name} needs a GPU device")
        return self.device

    def _compile_gpu_alloc(self, op: xgpu.AllocOp) -> None:
        t = op.result.type
        assert isinstance(t, MemRefType)
        dev = self._dev(op)
        shape = self._shape(t, op.dynamicSizes)
        dtype = self.alloc_dtypes.get(op.result, _memref_dtype(t))

        where = f"{op.name} at {location_str(op)}"

        def alloc(s: tuple[int, ...], d: np.dtype = dtype, dev: GpuDevice = dev) -> DeviceArray:
            if any(k < 0 for k in s):
                raise ShapeError(f"{where}: a negative size in the buffer shape {tuple(s)}")
            n = max(prod(s) * d.itemsize, 1)  # (exact: Python ints)
            try:
                return DeviceArray(dev.alloc(n), s, d, dev)
            except DeviceError as e:
                raise DeviceError(f"{where}: buffer of shape {tuple(s)} {d}: {e}") from None

        self._emit(f"{self._name(op.result)} = {self._k(alloc)}({shape})")

    def _compile_memcpy(self, op: Operation) -> None:
        dst_v, src_v = op.operands[-2], op.operands[-1]
        dev = self._dev(op)
        d_dev = isinstance(dst_v.type, MemRefType) and dst_v.type.memory_space != builtin.NoneAttr()
        s_dev = isinstance(src_v.type, MemRefType) and src_v.type.memory_space != builtin.NoneAttr()
        copy: Callable[[Any, Any], None]
        if d_dev and s_dev:

            def copy(d: Any, s: Any) -> None:
                dev.copy_device_to_device(d.ptr, s.ptr, s.nbytes)

        elif d_dev:

            def copy(d: Any, s: Any) -> None:
                if s.size:
                    dev.copy_to_device(d.ptr, s)

        elif s_dev:

            def copy(d: Any, s: Any) -> None:
                if d.size:
                    dev.copy_to_host(d, s.ptr)

        else:
            copy = _copyto
        self._emit(f"{self._k(copy)}({self._n(dst_v)}, {self._n(src_v)})")

    def _compile_launch(self, op: xgpu.LaunchFuncOp) -> None:
        dev = self._dev(op)
        if self.gpu_module is None:
            raise InternalError(f"@{self.name} launches kernels but no GPU code was loaded")
        kernel = (
            op.kernel.nested_references.data[-1].data
            if op.kernel.nested_references.data
            else op.kernel.root_reference.data
        )
        n = self._n
        grid = _tuple([n(v) for v in (op.gridSizeX, op.gridSizeY, op.gridSizeZ)])
        block = _tuple([n(v) for v in (op.blockSizeX, op.blockSizeY, op.blockSizeZ)])
        # kernel arguments per the kernel ABI: memref -> ptr + dynamic sizes
        args: list[str] = []
        for v in op.kernelOperands:
            t = v.type
            if isinstance(t, MemRefType):
                args.append(f"{n(v)}.ptr")
                dyn = [i for i, s in enumerate(t.get_shape()) if s == DYNAMIC_INDEX]
                args.extend(f"{n(v)}.shape[{i}]" for i in dyn)
            else:
                args.append(n(v))
        module, name = self.gpu_module, kernel

        def launch(g: tuple[int, int, int], b: tuple[int, int, int], *a: int | float) -> None:
            if 0 not in g:
                dev.launch(module, name, g, b, a)

        self._emit(f"{self._k(launch)}({grid}, {block}, {', '.join(args)})")

    # ---------------------------------------------------------------- running
    def __call__(self, *args: Any) -> list[Any]:
        """Check the arguments against the function's types, then run.  (`run` skips
        the checks, for callers that already converted the arguments.)"""
        if len(args) != self.nargs:
            raise ArgumentError(f"@{self.name} takes {self.nargs} arguments, got {len(args)}")
        for i, (a, t) in enumerate(zip(args, self.arg_types)):
            if isinstance(t, MemRefType):
                _check_buffer(a, t, f"argument {i} of @{self.name}")
        return self.run(*args)


def _check_buffer(a: Any, t: MemRefType, what: str) -> None:
    on_device = t.memory_space != builtin.NoneAttr()
    kind = DeviceArray if on_device else np.ndarray
    if not isinstance(a, kind):
        raise ArgumentError(f"{what} must be a {kind.__name__} for {t}, got {type(a).__name__}")
    dtype = _memref_dtype(t)
    shape = t.get_shape()
    if a.dtype.kind == "u" and dtype.kind == "i" and a.dtype.itemsize == dtype.itemsize:
        dtype = a.dtype  # a signless integer buffer holds signed or unsigned data
    if a.dtype != dtype or len(a.shape) != len(shape):
        raise ArgumentError(f"{what}: expected {t}, got {a.dtype} of shape {a.shape}")
    for k, (want, got) in enumerate(zip(shape, a.shape)):
        if want != DYNAMIC_INDEX and want != got:
            raise ShapeError(f"{what}: dim {k} has size {got}, expected {want} for {t}")
    if not on_device and not a.flags.c_contiguous:
        raise ArgumentError(f"{what} is not C-contiguous (pass np.ascontiguousarray(...))")


_FN = "host_program"
_programs = itertools.count()


#: the recipes (`HostProgram._k`) of constants bound to native code
NATIVE_RECIPES = ("stub", "cfn")


def native_constant(
    recipe: tuple[str, tuple[Any, ...]], cpu_symbol: Callable[[str], int], made: dict[str, Any]
) -> Any:
    """The kernel caller a `stub` or `cfn` recipe describes, at `cpu_symbol`'s address
    (`made` holds the stubs already made: a stub and its method definition are two
    constants with one recipe each)."""
    kind, args = recipe
    if kind == "stub":
        from arignote.runtime.cpu import pystub

        name, part = args
        if name not in made:
            made[name] = pystub.make_callable(cpu_symbol(name), name)
        return made[name][part]
    if kind == "cfn":
        callee, argtypes = args
        return ctypes.CFUNCTYPE(None, *argtypes)(cpu_symbol(callee))
    raise InternalError(f"no native code is made by a {kind!r} recipe")


def base_namespace(host: bool) -> dict[str, Any]:
    """The helpers every generated host program reads (`host`: no GPU device)."""
    return {
        "_np_empty": np.empty, "_alloc_error": _alloc_error, "_Recycler": _Recycler,
        "_copyto": _copyto, "_check": _check, "_as": _relabel, "_collapse": _collapse,
        "_check_values": _check_values, "_ptr": _host_ptr if host else _any_ptr,
    }  # fmt: skip


def _define(source: str, name: str, ns: dict[str, Any]) -> Callable[..., list[Any]]:
    """Execute the generated source in `ns` (registered with linecache, so that
    tracebacks show its lines) and return its function."""
    filename = f"<arignote host @{name} #{next(_programs)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), ns)
    return ns[_FN]  # type: ignore[no-any-return]


def _tuple(items: Sequence[str]) -> str:
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _slow_ptr(a: np.ndarray) -> int:
    return a.ctypes.data


def _struct_ptr(a: np.ndarray, _at: Any = ctypes.c_void_p.from_address) -> int:
    # PyArray_DATA: the data pointer follows PyObject_HEAD in NumPy's PyArrayObject.
    # Only for arrays checked by HostProgram.__call__ or the frontend's type filter.
    return _at(id(a) + _DATA_OFFSET).value or 0


_DATA_OFFSET = object.__basicsize__


def _struct_ptr_works() -> bool:
    try:
        probes = [np.arange(7.0), np.arange(12, dtype=np.int32).reshape(3, 4)[1:], np.empty(0)]
        return all(_struct_ptr(p) == (p.ctypes.data or 0) for p in probes)
    except Exception:  # noqa: BLE001 - any failure means: use the portable path
        return False


# the fast path reads the array struct; it is checked once against the portable one
_host_ptr: Callable[[np.ndarray], int] = _struct_ptr if _struct_ptr_works() else _slow_ptr


def _any_ptr(a: Any) -> int:
    return a.ptr if isinstance(a, DeviceArray) else _host_ptr(a)


def _emulated_libcall(op: Operation, dev: GpuDevice) -> Callable[..., None]:
    """On the PTX emulator a library call runs the op's NumPy reference on the device
    buffers (the exact semantics a cuBLAS/cuDNN provider must match), and the profile
    records it as `libcall:<op> (reference)`."""
    import time

    from arignote.runtime.device import KernelStats

    dest = op.destination_operands()[0]  # type: ignore[attr-defined]
    mem = dev.mem  # type: ignore[attr-defined]
    label = f"libcall:{op.name} (reference)"

    def run(*bufs: DeviceArray) -> None:
        t0 = time.perf_counter()
        arrays = []
        for buf in bufs:
            host = np.empty(buf.shape, buf.dtype)
            host.reshape(-1).view(np.uint8)[:] = mem.read(buf.ptr, buf.nbytes, op.name)
            arrays.append(host)
        out = np.ascontiguousarray(op.reference(*arrays), dtype=arrays[dest].dtype)  # type: ignore[attr-defined]
        mem.write(bufs[dest].ptr, out, op.name)
        dev.profile.record(
            KernelStats(label, (1, 1, 1), (1, 1, 1), seconds=time.perf_counter() - t0)
        )

    return run


def _is_bool(t: Any) -> bool:
    return isinstance(t, IntegerType) and t.width.data == 1


def _relabel(a: Any, dtype: np.dtype) -> Any:
    """The buffer `a` seen with an integer dtype of the same size (int8 <-> uint8)."""
    if a.dtype == dtype:
        return a
    if isinstance(a, DeviceArray):
        return DeviceArray(a.ptr, a.shape, dtype, a.device)
    return a.view(dtype)


def _cast_root(v: SSAValue) -> SSAValue:
    """The buffer `v` is a chain of views of (`memref.cast`, `memref.collapse_shape`;
    itself when it is none)."""
    while isinstance(v.owner, VIEWS):
        v = v.owner.operands[0]
    return v


def _collapse(a: Any, groups: tuple[tuple[int, ...], ...]) -> Any:
    """`memref.collapse_shape`: contiguous buffer `a` with each group of dims merged (a
    view: the same memory)."""
    shape = tuple(prod(a.shape[d] for d in g) for g in groups)
    if isinstance(a, DeviceArray):
        return DeviceArray(a.ptr, shape, a.dtype, a.device)
    return a.reshape(shape)


def _returned_roots(block: Any) -> list[SSAValue]:
    """What the block's `func.return` returns, each through its casts, in order."""
    ret = block.last_op
    return [_cast_root(v) for v in ret.arguments] if isinstance(ret, func.ReturnOp) else []


#: host buffers of at least this many bytes (returned or temporary) are recycled
#: (_Recycler): fresh memory of that size costs page faults on every call (40 MB: 3.4 ms
#: on this machine, a quarter of W1), smaller ones come back from malloc's free lists
RECYCLE_BYTES = 4 << 20

_getrefcount = sys.getrefcount


class _Recycler:
    """The last large buffer one allocation site handed out, handed out again when
    everybody has let go of it (the caller, for a returned buffer; the host program's
    `memref.dealloc`, for a temporary): when this object holds the only reference, nobody
    can see that the memory is reused (Theano's functions also keep their output
    storage)."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        self.last: np.ndarray | None = None

    def take(self, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        b = self.last
        # references: self.last, b and getrefcount's argument
        if (
            b is not None
            and _getrefcount(b) == 3
            and b.shape == shape
            and b.dtype == dtype
            and b.flags.writeable
        ):
            return b
        self.last = b = None
        b = np.empty(shape, dtype)
        self.last = b
        return b


def _alloc_error(shape: tuple[int, ...], dtype: Any, where: str, e: Exception) -> None:
    """Raise the ShapeError for np.empty(shape, dtype) failing with `e` at `where` (the
    host program allocates with np.empty in a try): a negative size or one too large for
    memory is an error naming the op's place and the sizes, not NumPy's bare error."""
    if any(n < 0 for n in shape):
        msg = f"{where}: a negative size in the buffer shape {tuple(shape)}"
        raise ShapeError(msg) from None
    nbytes = prod(shape) * np.dtype(dtype).itemsize
    raise ShapeError(
        f"{where}: cannot allocate a buffer of shape {tuple(shape)} ({nbytes} bytes): {e}"
    ) from None


def _copyto(dst: np.ndarray, src: np.ndarray) -> None:
    """memref.copy: the bytes, also between int8 and uint8 views of one signless type."""
    if (
        isinstance(src, np.ndarray)
        and dst.dtype != src.dtype
        and dst.dtype.itemsize == src.dtype.itemsize
    ):
        src = src.view(dst.dtype)
    np.copyto(dst, src)


def _check_values(ok: Any, msg: str, a: Any, b: Any) -> None:
    """A failed run-time check of a comparison says which two values it compared: in its
    message where it says `{lhs}` / `{rhs}`, else after it."""
    if not ok:
        if "{lhs}" in msg or "{rhs}" in msg:
            raise ShapeError(msg.replace("{lhs}", str(a)).replace("{rhs}", str(b)))
        raise ShapeError(f"{msg} (the values compared: {a} and {b})")


def _check(ok: Any, msg: str) -> None:
    if not ok:
        raise ShapeError(msg)


def _scalar_constant(op: arith.ConstantOp) -> Any:
    v = op.value
    if isinstance(v, IntegerAttr):
        t = v.type
        if isinstance(t, IntegerType) and t.width.data == 1:
            return bool(v.value.data)
        return int(v.value.data)
    if isinstance(v, FloatAttr):
        return float(v.value.data)
    raise InternalError(f"the host runtime cannot hold the constant {v} ({location_str(op)})")


__all__ = ["HostProgram", "DeviceArray", "IndexType"]
