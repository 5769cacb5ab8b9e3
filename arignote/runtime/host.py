"""The host program: runs what the pipeline leaves of a host function.

`HostProgram(module, name, ...)` turns the ops of `func.func @name` (after `tt-to-cpu` or
`tt-to-ptx`) into a list of steps once; each call runs the steps on a register file.
Host buffers are NumPy arrays; device buffers are `DeviceArray`s of a `GpuDevice`.
The ops it runs are listed in docs/internals.md ("The host program"); anything else is
rejected when the program is built, naming the op.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
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
)
from xdsl.ir import Operation, SSAValue

from arignote.dialects import gpu as agpu
from arignote.dialects import tt
from arignote.errors import ArgumentError, InternalError, ShapeError
from arignote.ir import location_str
from arignote.runtime.device import GpuDevice, GpuModule

Regs = list[Any]
Step = Callable[[Regs], None]


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


def _memref_dtype(t: MemRefType) -> np.dtype:
    return tt.numpy_dtype(t.element_type)


def _shape_fn(t: MemRefType, dyn_slots: Sequence[int]) -> Callable[[Regs], tuple[int, ...]]:
    static = t.get_shape()
    if not dyn_slots:
        fixed = tuple(static)
        return lambda regs: fixed
    positions = [i for i, s in enumerate(static) if s == DYNAMIC_INDEX]

    def shape(regs: Regs) -> tuple[int, ...]:
        out = list(static)
        for p, s in zip(positions, dyn_slots):
            out[p] = regs[s]
        return tuple(out)

    return shape


_INT_BINOPS: dict[type, Callable[[int, int], int]] = {
    arith.AddiOp: lambda a, b: a + b,
    arith.SubiOp: lambda a, b: a - b,
    arith.MuliOp: lambda a, b: a * b,
    arith.DivUIOp: lambda a, b: a // b,
    arith.DivSIOp: lambda a, b: int(a / b) if b else 0,
    arith.FloorDivSIOp: lambda a, b: a // b,
    arith.CeilDivUIOp: lambda a, b: -(-a // b),
    arith.CeilDivSIOp: lambda a, b: -(-a // b),
    arith.RemUIOp: lambda a, b: a % b,
    arith.RemSIOp: lambda a, b: int(np.fmod(a, b)),
    arith.MaxSIOp: max,
    arith.MinSIOp: min,
    arith.MaxUIOp: max,
    arith.MinUIOp: min,
    arith.AndIOp: lambda a, b: a & b,
    arith.OrIOp: lambda a, b: a | b,
    arith.XOrIOp: lambda a, b: a ^ b,
}


def _converter(t: Any) -> Callable[[Any], Any]:
    """Host scalars of type t: Python ints for index, NumPy scalars otherwise."""
    if isinstance(t, IndexType):
        return int
    dtype = tt.numpy_dtype(t)
    return lambda v: dtype.type(v)


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
}
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

_CMPI: dict[int, Callable[[int, int], bool]] = {
    0: lambda a, b: a == b, 1: lambda a, b: a != b, 2: lambda a, b: a < b,
    3: lambda a, b: a <= b, 4: lambda a, b: a > b, 5: lambda a, b: a >= b,
    6: lambda a, b: a < b, 7: lambda a, b: a <= b, 8: lambda a, b: a > b, 9: lambda a, b: a >= b,
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
    """One host function compiled into steps; call it with the function's arguments."""

    def __init__(
        self,
        module: ModuleOp,
        name: str,
        *,
        cpu_symbol: Callable[[str], int] | None = None,
        device: GpuDevice | None = None,
        gpu_module: GpuModule | None = None,
    ):
        self.module = module
        self.name = name
        self.cpu_symbol = cpu_symbol
        self.device = device
        self.gpu_module = gpu_module
        self.f = self._find(name)
        self.slots: dict[SSAValue, int] = {}
        block = self.f.body.blocks[0]
        self.arg_slots = [self._slot(a) for a in block.args]
        self.arg_types = [a.type for a in block.args]
        self.steps: list[Step] = []
        self.result_slots: list[int] = []
        self.keep: list[Any] = []  # ctypes function objects and constants kept alive
        for op in block.ops:
            self._compile(op)
        self.nregs = len(self.slots)

    # ---------------------------------------------------------------- building
    def _find(self, name: str) -> func.FuncOp:
        for op in self.module.body.block.ops:
            if isinstance(op, func.FuncOp) and op.sym_name.data == name:
                return op
        raise InternalError(f"no host function @{name} in the compiled module")

    def _slot(self, v: SSAValue) -> int:
        if v not in self.slots:
            self.slots[v] = len(self.slots)
        return self.slots[v]

    def _s(self, v: SSAValue) -> int:
        return self.slots[v]

    def _unsupported(self, op: Operation) -> None:
        raise InternalError(
            f"the host runtime cannot run '{op.name}' at {location_str(op)} in @{self.name}"
        )

    def _compile(self, op: Operation) -> None:  # noqa: C901 - one case per op kind
        add = self.steps.append
        match op:
            case arith.ConstantOp():
                out = self._slot(op.result)
                value = _scalar_constant(op)
                add(lambda r, o=out, v=value: r.__setitem__(o, v))
            case arith.CmpiOp():
                a, b, out = self._s(op.lhs), self._s(op.rhs), self._slot(op.result)
                fn = _CMPI[op.predicate.value.data]
                add(lambda r, a=a, b=b, o=out, fn=fn: r.__setitem__(o, fn(r[a], r[b])))
            case arith.SelectOp():
                c, a, b = (self._s(v) for v in op.operands)
                out = self._slot(op.result)
                add(lambda r, c=c, a=a, b=b, o=out: r.__setitem__(o, r[a] if r[c] else r[b]))
            case arith.IndexCastOp():
                a, out = self._s(op.operands[0]), self._slot(op.results[0])
                add(lambda r, a=a, o=out: r.__setitem__(o, int(r[a])))
            case _ if type(op) in _INT_BINOPS:
                fn = _INT_BINOPS[type(op)]
                a, b, out = (
                    self._s(op.operands[0]),
                    self._s(op.operands[1]),
                    self._slot(op.results[0]),
                )
                add(lambda r, a=a, b=b, o=out, fn=fn: r.__setitem__(o, fn(r[a], r[b])))
            case memref.DimOp():
                src, idx, out = self._s(op.source), self._s(op.index), self._slot(op.result)
                add(lambda r, s=src, i=idx, o=out: r.__setitem__(o, r[s].shape[r[i]]))
            case memref.AllocOp() | memref.AllocaOp():
                t = op.memref.type
                assert isinstance(t, MemRefType)
                shape = _shape_fn(t, [self._s(v) for v in op.dynamic_sizes])
                dtype, out = _memref_dtype(t), self._slot(op.memref)
                add(lambda r, sh=shape, d=dtype, o=out: r.__setitem__(o, np.empty(sh(r), d)))
            case memref.LoadOp():
                buf, out = self._s(op.memref), self._slot(op.res)
                idx = tuple(self._s(v) for v in op.indices)
                add(lambda r, b=buf, ix=idx, o=out: r.__setitem__(o, r[b][tuple(r[i] for i in ix)]))
            case memref.StoreOp():
                buf, val = self._s(op.memref), self._s(op.value)
                idx = tuple(self._s(v) for v in op.indices)
                add(lambda r, b=buf, ix=idx, v=val: r[b].__setitem__(tuple(r[i] for i in ix), r[v]))
            case memref.CastOp():
                src, out = self._s(op.source), self._slot(op.dest)
                add(lambda r, s=src, o=out: r.__setitem__(o, r[s]))
            case _ if type(op) in _SCALAR_UNARY:
                fn = _SCALAR_UNARY[type(op)]
                a, out = self._s(op.operands[0]), self._slot(op.results[0])
                conv = _converter(op.results[0].type)
                add(lambda r, a=a, o=out, fn=fn, c=conv: r.__setitem__(o, c(fn(r[a]))))
            case _ if type(op) in _FLOAT_BINOPS:
                fn = _FLOAT_BINOPS[type(op)]
                a, b, out = (
                    self._s(op.operands[0]),
                    self._s(op.operands[1]),
                    self._slot(op.results[0]),
                )
                add(lambda r, a=a, b=b, o=out, fn=fn: r.__setitem__(o, fn(r[a], r[b])))
            case arith.CmpfOp():
                a, b, out = self._s(op.lhs), self._s(op.rhs), self._slot(op.result)
                fn = _CMPF[op.predicate.value.data]
                add(lambda r, a=a, b=b, o=out, fn=fn: r.__setitem__(o, fn(r[a], r[b])))
            case _ if op.dialect_name() == "libcall":
                self._compile_libcall(op)
            case memref.DeallocOp():
                s = self._s(op.memref)
                add(lambda r, s=s: r.__setitem__(s, None))
            case memref.CopyOp():
                src, dst = self._s(op.source), self._s(op.destination)
                add(lambda r, s=src, d=dst: np.copyto(r[d], r[s]))
            case memref.GetGlobalOp():
                arr = self._global(op.name_.root_reference.data)
                out = self._slot(op.memref)
                add(lambda r, o=out, a=arr: r.__setitem__(o, a))
            case cf.AssertOp():
                c, msg = self._s(op.arg), op.msg.data
                add(lambda r, c=c, m=msg: _check(r[c], m))
            case builtin.UnrealizedConversionCastOp():
                self._compile_cast(op)
            case func.ReturnOp():
                self.result_slots = [self._s(v) for v in op.arguments]
            case func.CallOp():
                self._compile_call(op.callee.root_reference.data, op.arguments, op.results)
            case _ if op.name == "llvm.call":
                callee = op.properties.get("callee") or op.attributes.get("callee")
                self._compile_call(callee.root_reference.data, op.operands, op.results)  # type: ignore[union-attr]
            case xgpu.AllocOp():
                self._compile_gpu_alloc(op)
            case xgpu.DeallocOp():
                s = self._s(op.buffer)
                dev = self._dev(op)
                add(lambda r, s=s, dev=dev: (dev.free(r[s].ptr), r.__setitem__(s, None)))
            case agpu.MemcpyOp() | xgpu.MemcpyOp():
                self._compile_memcpy(op)
            case xgpu.LaunchFuncOp():
                self._compile_launch(op)
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
                self.keep.append(arr)
                return arr
        raise InternalError(f"no memref.global @{name}")

    def _compile_libcall(self, op: Operation) -> None:
        slots = [self._s(v) for v in op.operands]
        if self.device is not None and self.device.name == "emu":
            self.steps.append(_emulated_libcall(op, self.device, slots))
            return
        from arignote.runtime.libcall import make_executor

        run = make_executor(op)
        self.steps.append(lambda r, f=run, ss=slots: f([r[s] for s in ss]))

    def _compile_cast(self, op: builtin.UnrealizedConversionCastOp) -> None:
        ins = list(op.inputs)
        outs = list(op.outputs)
        if len(ins) == 1 and isinstance(ins[0].type, MemRefType):
            src = self._s(ins[0])
            out_slots = [self._slot(v) for v in outs]
            t = ins[0].type
            dyn = [i for i, s in enumerate(t.get_shape()) if s == DYNAMIC_INDEX]
            ptr_slot, dim_slots = out_slots[0], out_slots[1:]

            dims = tuple(zip(dim_slots, dyn))

            def unpack(r: Regs, s: int = src, p: int = ptr_slot, ds=dims) -> None:
                buf = r[s]
                r[p] = buf.ptr if isinstance(buf, DeviceArray) else buf.ctypes.data
                for slot, i in ds:
                    r[slot] = buf.shape[i]

            self.steps.append(unpack)
            return
        if len(ins) == len(outs):
            pairs = [(self._s(a), self._slot(b)) for a, b in zip(ins, outs)]
            self.steps.append(lambda r, ps=pairs: [r.__setitem__(o, r[i]) for i, o in ps])
            return
        self._unsupported(op)

    def _compile_call(
        self, callee: str, operands: Sequence[SSAValue], results: Sequence[SSAValue]
    ) -> None:
        if results:
            raise InternalError(f"kernel @{callee} returns values; kernels must return void")
        if self.cpu_symbol is None:
            raise InternalError(f"@{self.name} calls @{callee} but no CPU code was compiled")
        argtypes = [ctype_of(v.type) for v in operands]
        cfn = ctypes.CFUNCTYPE(None, *argtypes)(self.cpu_symbol(callee))
        self.keep.append(cfn)
        slots = [self._s(v) for v in operands]
        self.steps.append(lambda r, f=cfn, ss=slots: f(*[r[s] for s in ss]))

    def _dev(self, op: Operation) -> GpuDevice:
        if self.device is None:
            raise InternalError(f"'{op.name}' in @{self.name} needs a GPU device")
        return self.device

    def _compile_gpu_alloc(self, op: xgpu.AllocOp) -> None:
        t = op.result.type
        assert isinstance(t, MemRefType)
        dev = self._dev(op)
        shape = _shape_fn(t, [self._s(v) for v in op.dynamicSizes])
        dtype, out = _memref_dtype(t), self._slot(op.result)

        def alloc(r: Regs, sh=shape, d=dtype, o=out, dev=dev) -> None:
            s = sh(r)
            n = max(int(np.prod(s, dtype=np.int64)) * d.itemsize, 1)
            r[o] = DeviceArray(dev.alloc(n), s, d, dev)

        self.steps.append(alloc)

    def _compile_memcpy(self, op: Operation) -> None:
        dst_v, src_v = op.operands[-2], op.operands[-1]
        dst, src = self._s(dst_v), self._s(src_v)
        dev = self._dev(op)
        d_dev = isinstance(dst_v.type, MemRefType) and dst_v.type.memory_space != builtin.NoneAttr()
        s_dev = isinstance(src_v.type, MemRefType) and src_v.type.memory_space != builtin.NoneAttr()
        if d_dev and s_dev:
            self.steps.append(
                lambda r, d=dst, s=src, dev=dev: dev.copy_device_to_device(
                    r[d].ptr, r[s].ptr, r[s].nbytes
                )
            )
        elif d_dev:
            self.steps.append(
                lambda r, d=dst, s=src, dev=dev: (
                    dev.copy_to_device(r[d].ptr, r[s]) if r[s].size else None
                )
            )
        elif s_dev:
            self.steps.append(
                lambda r, d=dst, s=src, dev=dev: (
                    dev.copy_to_host(r[d], r[s].ptr) if r[d].size else None
                )
            )
        else:
            self.steps.append(lambda r, d=dst, s=src: np.copyto(r[d], r[s]))

    def _compile_launch(self, op: xgpu.LaunchFuncOp) -> None:
        dev = self._dev(op)
        if self.gpu_module is None:
            raise InternalError(f"@{self.name} launches kernels but no GPU code was loaded")
        kernel = (
            op.kernel.nested_references.data[-1].data
            if op.kernel.nested_references.data
            else op.kernel.root_reference.data
        )
        grid = [self._s(v) for v in (op.gridSizeX, op.gridSizeY, op.gridSizeZ)]
        block = [self._s(v) for v in (op.blockSizeX, op.blockSizeY, op.blockSizeZ)]
        # kernel arguments per the kernel ABI: memref -> ptr + dynamic sizes
        arg_plan: list[tuple[int, tuple[int, ...]]] = []
        for v in op.kernelOperands:
            t = v.type
            if isinstance(t, MemRefType):
                dyn = tuple(i for i, s in enumerate(t.get_shape()) if s == DYNAMIC_INDEX)
                arg_plan.append((self._s(v), dyn))
            else:
                arg_plan.append((self._s(v), ()))
        is_mem = [isinstance(v.type, MemRefType) for v in op.kernelOperands]
        module = self.gpu_module

        def launch(r: Regs) -> None:
            g = (r[grid[0]], r[grid[1]], r[grid[2]])
            if 0 in g:
                return
            args: list[int | float] = []
            for (slot, dyn), mem in zip(arg_plan, is_mem):
                val = r[slot]
                if mem:
                    args.append(val.ptr)
                    args.extend(val.shape[i] for i in dyn)
                else:
                    args.append(val)
            dev.launch(module, kernel, g, (r[block[0]], r[block[1]], r[block[2]]), args)

        self.steps.append(launch)

    # ---------------------------------------------------------------- running
    def __call__(self, *args: Any) -> list[Any]:
        if len(args) != len(self.arg_slots):
            raise ArgumentError(
                f"@{self.name} takes {len(self.arg_slots)} arguments, got {len(args)}"
            )
        regs: Regs = [None] * self.nregs
        for s, a in zip(self.arg_slots, args):
            regs[s] = a
        for step in self.steps:
            step(regs)
        return [regs[s] for s in self.result_slots]


def _emulated_libcall(op: Operation, dev: GpuDevice, slots: list[int]) -> Step:
    """On the PTX emulator a library call runs the op's NumPy reference on the device
    buffers (the exact semantics a cuBLAS/cuDNN provider must match), and the profile
    records it as `libcall:<op> (reference)`."""
    import time

    from arignote.runtime.device import KernelStats

    dest = op.destination_operands()[0]  # type: ignore[attr-defined]
    mem = dev.mem  # type: ignore[attr-defined]
    label = f"libcall:{op.name} (reference)"

    def run(r: Regs) -> None:
        t0 = time.perf_counter()
        arrays = []
        for s in slots:
            buf = r[s]
            host = np.empty(buf.shape, buf.dtype)
            host.reshape(-1).view(np.uint8)[:] = mem.read(buf.ptr, buf.nbytes, op.name)
            arrays.append(host)
        out = np.ascontiguousarray(op.reference(*arrays), dtype=arrays[dest].dtype)  # type: ignore[attr-defined]
        mem.write(r[slots[dest]].ptr, out, op.name)
        dev.profile.launches.append(
            KernelStats(label, (1, 1, 1), (1, 1, 1), seconds=time.perf_counter() - t0)
        )

    return run


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
