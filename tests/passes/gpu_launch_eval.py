"""A small SIMT evaluator of host functions with `gpu.launch` / `gpu.launch_func`, for tests.

It runs a host `func.func` on NumPy arrays (memrefs) and NumPy scalars (index values).
A launch runs its threads vectorised over "lanes" (one lane per thread, a chunk of whole
blocks at a time, since blocks are independent): each SSA value inside a kernel is a
NumPy array with one element per lane, and control flow is predicated (`scf.if` narrows
the lane mask, `scf.for` runs while any lane still iterates, so per-thread bounds such as
grid-stride loops work).  `launches` records each launch's (grid, block).

What it checks while running, so tests can rely on it:

* every `memref.load`/`memref.store` of an active lane is in bounds (else `IndexError`);
* two lanes never store to the same element in one `memref.store` (else `RuntimeError`);
* `store_counts[id(buffer)]` counts the stores to each element of each buffer written
  inside a launch, so a test can assert that a launch visits each index exactly once.

Supported: the `arith` ops on index/integers/floats the GPU passes and elementwise
kernels use, `memref.dim/load/store/alloc`, `scf.for/if/yield/reduce`, `gpu.launch`,
`gpu.launch_func` with `gpu.func` kernels or (after `convert-gpu-to-nvvm`) `llvm.func`
kernels taking the kernel ABI's arguments, the `gpu` id/dim ops, the `nvvm` special
registers and `nvvm.barrier0`, `llvm.zext`, the ABI's `builtin.unrealized_conversion_cast`s
(a pointer is modelled by its buffer), `func.return`.
An op it does not know raises `ValueError` naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xdsl.dialects import arith, func, gpu, llvm, memref, scf
from xdsl.dialects.builtin import (
    UnrealizedConversionCastOp,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    MemRefType,
    ModuleOp,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue

Value = Any  # np.ndarray (memref or lanes), np scalar or int
Mask = np.ndarray | bool


def np_dtype(t: Attribute) -> type:
    if isinstance(t, Float32Type):
        return np.float32
    if isinstance(t, Float64Type):
        return np.float64
    if isinstance(t, Float16Type):
        return np.float16
    if isinstance(t, IntegerType) and t.width.data == 1:
        return np.bool_
    if isinstance(t, IndexType | IntegerType):
        return np.int64
    raise ValueError(f"gpu_launch_eval: no dtype for {t}")


def _trunc_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    q = np.abs(a) // np.abs(b)
    return np.where((a < 0) != (b < 0), -q, q)


_CMPI: dict[int, Callable[[Any, Any], Any]] = {
    0: np.equal, 1: np.not_equal, 2: np.less, 3: np.less_equal, 4: np.greater,
    5: np.greater_equal, 6: np.less, 7: np.less_equal, 8: np.greater, 9: np.greater_equal,
}

_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "arith.addi": np.add, "arith.subi": np.subtract, "arith.muli": np.multiply,
    "arith.divsi": _trunc_div, "arith.divui": np.floor_divide,
    "arith.remsi": lambda a, b: a - _trunc_div(a, b) * b, "arith.remui": np.remainder,
    "arith.ceildivsi": lambda a, b: -((-a) // b),
    "arith.ceildivui": lambda a, b: -((-a) // b),
    "arith.minsi": np.minimum, "arith.maxsi": np.maximum,
    "arith.minui": np.minimum, "arith.maxui": np.maximum,
    "arith.andi": np.bitwise_and, "arith.ori": np.bitwise_or, "arith.xori": np.bitwise_xor,
    "arith.addf": np.add, "arith.subf": np.subtract, "arith.mulf": np.multiply,
    "arith.divf": np.divide, "arith.maximumf": np.maximum, "arith.minimumf": np.minimum,
}


def abi_arguments(t: Attribute, value: Value) -> list[Value]:
    """A launch_func operand as the kernel ABI passes it: a memref is its buffer (standing
    for the pointer) then its dynamic sizes, in dim order; anything else is itself."""
    if isinstance(t, MemRefType):
        dyn = [np.int64(d) for d, s in zip(value.shape, t.get_shape(), strict=True) if s < 0]
        return [value, *dyn]
    return [value]


@dataclass
class LaunchContext:
    """The ids of every lane of the running launch (arrays of one element per lane)."""

    block_id: tuple[np.ndarray, np.ndarray, np.ndarray]
    thread_id: tuple[np.ndarray, np.ndarray, np.ndarray]
    grid: tuple[int, int, int]
    block: tuple[int, int, int]


@dataclass
class Evaluator:
    module: ModuleOp
    store_counts: dict[int, np.ndarray] = field(default_factory=dict[int, np.ndarray])
    launches: list[tuple[tuple[int, int, int], tuple[int, int, int]]] = field(
        default_factory=list[tuple[tuple[int, int, int], tuple[int, int, int]]]
    )
    #: lanes run at once (a launch runs in chunks of whole blocks)
    chunk_lanes: int = 1 << 18
    _launch: LaunchContext | None = None

    # -- entry points ---------------------------------------------------------------
    def call(self, name: str, *args: Value) -> list[Value]:
        """Run host function `@name` on `args`; return its results."""
        fn = self._symbol(name)
        assert isinstance(fn, func.FuncOp), f"@{name} is not a func.func"
        return self._run_region(fn.body, list(args), True, {})

    def _symbol(self, name: str, nested: str | None = None) -> Operation:
        for op in self.module.ops:
            sym = op.properties.get("sym_name") or op.attributes.get("sym_name")
            if sym is not None and sym.data == name:  # type: ignore[attr-defined]
                if nested is None:
                    return op
                for inner in op.regions[0].block.ops:
                    isym = inner.properties.get("sym_name") or inner.attributes.get("sym_name")
                    if isym is not None and isym.data == nested:  # type: ignore[attr-defined]
                        return inner
        raise KeyError(f"no symbol @{name}" + (f"::@{nested}" if nested else ""))

    # -- regions --------------------------------------------------------------------
    def _run_region(
        self, region: Region, args: Sequence[Value], mask: Mask, env: dict[SSAValue, Value]
    ) -> list[Value]:
        if len(region.blocks) != 1:
            raise ValueError("gpu_launch_eval: only single-block regions are supported")
        return self._run_block(region.block, args, mask, env)

    def _run_block(
        self, block: Block, args: Sequence[Value], mask: Mask, env: dict[SSAValue, Value]
    ) -> list[Value]:
        for arg, value in zip(block.args, args, strict=True):
            env[arg] = value
        for op in block.ops:
            if op.name in ("scf.yield", "scf.reduce", "func.return", "gpu.return",
                           "gpu.terminator", "llvm.return"):
                return [env[v] for v in op.operands]
            results = self._run_op(op, mask, env)
            for res, value in zip(op.results, results, strict=True):
                env[res] = value
        return []

    # -- ops ------------------------------------------------------------------------
    def _run_op(self, op: Operation, mask: Mask, env: dict[SSAValue, Value]) -> list[Value]:
        ins = [env[v] for v in op.operands]
        name = op.name
        if isinstance(op, arith.ConstantOp):
            attr = op.value
            dtype = np_dtype(op.result.type)
            if isinstance(attr, IntegerAttr | FloatAttr):
                return [np.asarray(attr.value.data, dtype=dtype)]
            raise ValueError(f"gpu_launch_eval: constant {attr}")
        if name in _BINARY:
            dtype = np_dtype(op.results[0].type)
            return [np.asarray(_BINARY[name](*ins), dtype=dtype)]
        if isinstance(op, arith.CmpiOp):
            return [_CMPI[op.predicate.value.data](ins[0], ins[1])]
        if isinstance(op, arith.SelectOp):
            return [np.where(ins[0], ins[1], ins[2])]
        if isinstance(op, arith.IndexCastOp | arith.SIToFPOp | arith.ExtFOp | arith.TruncFOp):
            return [np.asarray(ins[0], dtype=np_dtype(op.results[0].type))]
        if isinstance(op, arith.NegfOp):
            return [-ins[0]]
        if isinstance(op, memref.DimOp):
            return [np.asarray(ins[0].shape[int(ins[1])], dtype=np.int64)]
        if isinstance(op, memref.AllocOp):
            t = op.memref.type
            assert isinstance(t, MemRefType)
            dyn = iter(int(v) for v in ins)
            shape = [next(dyn) if s < 0 else s for s in t.get_shape()]
            return [np.zeros(shape, dtype=np_dtype(t.element_type))]
        if isinstance(op, memref.LoadOp):
            return [self._load(op, ins[0], ins[1:], mask)]
        if isinstance(op, memref.StoreOp):
            self._store(op, ins[1], ins[0], ins[2:], mask)
            return []
        if isinstance(op, scf.ForOp):
            return self._for(op, ins, mask, env)
        if isinstance(op, scf.IfOp):
            return self._if(op, ins[0], mask, env)
        if isinstance(op, gpu.LaunchOp):
            self._run_launch(op, ins, env)
            return []
        if isinstance(op, gpu.LaunchFuncOp):
            self._run_launch_func(op, env)
            return []
        if isinstance(op, gpu.BlockIdOp | gpu.ThreadIdOp | gpu.GridDimOp | gpu.BlockDimOp):
            return [self._id(op)]
        if name.startswith("nvvm.read.ptx.sreg."):
            return [self._sreg(name)]
        if name == "nvvm.barrier0":
            return []  # lanes run in lock step op by op: every thread is already here
        if isinstance(op, llvm.ZExtOp):
            return [np.asarray(ins[0], dtype=np.int64)]
        if isinstance(op, UnrealizedConversionCastOp):
            return [self._cast(op, ins)]
        raise ValueError(f"gpu_launch_eval: does not know '{name}'")

    def _lanes_mask(self, mask: Mask, shape_like: Sequence[Value]) -> np.ndarray:
        lanes = np.broadcast_shapes(np.shape(mask), *(np.shape(v) for v in shape_like))
        return np.broadcast_to(mask, lanes)

    def _indices(self, op: Operation, buf: np.ndarray, idx: Sequence[Value], mask: Mask,
                 extra: Sequence[Value] = ()) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """The active lanes and their (bounds-checked) indices into `buf`."""
        active = self._lanes_mask(mask, [*idx, *extra])
        picked = tuple(np.broadcast_to(np.asarray(i, dtype=np.int64), active.shape)[active]
                       for i in idx)
        for axis, (i, size) in enumerate(zip(picked, buf.shape, strict=True)):
            if i.size and (i.min() < 0 or i.max() >= size):
                bad = int(i[(i < 0) | (i >= size)][0])
                raise IndexError(f"{op.name}: index {bad} out of bounds for dim {axis} "
                                 f"of size {size}")
        return active, picked

    def _load(self, op: memref.LoadOp, buf: np.ndarray, idx: Sequence[Value],
              mask: Mask) -> Value:
        active, picked = self._indices(op, buf, idx, mask)
        out = np.zeros(active.shape, dtype=buf.dtype)
        out[active] = buf[picked] if idx else buf[()]
        return out

    def _store(self, op: memref.StoreOp, buf: np.ndarray, value: Value,
               idx: Sequence[Value], mask: Mask) -> None:
        active, picked = self._indices(op, buf, idx, mask, [value])
        vals = np.broadcast_to(np.asarray(value), active.shape)[active]
        if not vals.size:
            return
        flat = np.ravel_multi_index(picked, buf.shape) if idx else np.zeros(vals.size, int)
        if np.unique(flat).size != flat.size:
            raise RuntimeError(f"{op.name}: two lanes store to the same element")
        buf[picked if idx else ()] = vals if idx else vals[0]
        if self._launch is not None:
            counts = self.store_counts.setdefault(id(buf), np.zeros(buf.shape, np.int64))
            np.add.at(counts.reshape(-1), flat, 1)

    def _for(self, op: scf.ForOp, ins: list[Value], mask: Mask,
             env: dict[SSAValue, Value]) -> list[Value]:
        lb, ub, step, *carried = ins
        iv = np.asarray(lb)
        active = np.logical_and(mask, iv < ub)
        while np.any(active):
            out = self._run_block(op.body.block, [iv, *carried], active, env)
            carried = [np.where(active, new, old) for new, old in zip(out, carried,
                                                                       strict=True)]
            iv = iv + step
            active = np.logical_and(active, iv < ub)
        return carried

    def _if(self, op: scf.IfOp, cond: Value, mask: Mask,
            env: dict[SSAValue, Value]) -> list[Value]:
        then_mask = np.logical_and(mask, cond)
        then = self._run_region(op.true_region, [], then_mask, env) if np.any(then_mask) \
            else None
        if op.false_region.blocks:
            else_mask = np.logical_and(mask, np.logical_not(cond))
            other = self._run_region(op.false_region, [], else_mask, env)
        else:
            other = None
        if not op.results:
            return []
        assert then is not None and other is not None
        return [np.where(cond, a, b) for a, b in zip(then, other, strict=True)]

    # -- launches -------------------------------------------------------------------
    def _chunks(self, grid: tuple[int, int, int],
                block: tuple[int, int, int]) -> Iterator[LaunchContext]:
        """The launch's lanes, a whole number of blocks at a time (blocks are independent)."""
        self.launches.append((grid, block))
        n_threads, n_blocks = int(np.prod(block)), int(np.prod(grid))
        if n_threads == 0 or n_blocks == 0:
            return  # a launch with a zero dimension is skipped, as the runtime does
        t = np.arange(n_threads, dtype=np.int64)
        tid = (t % block[0], t // block[0] % block[1], t // (block[0] * block[1]))
        per_chunk = max(1, self.chunk_lanes // n_threads)
        for start in range(0, n_blocks, per_chunk):
            b = np.arange(start, min(n_blocks, start + per_chunk), dtype=np.int64)
            bid = (b % grid[0], b // grid[0] % grid[1], b // (grid[0] * grid[1]))
            yield LaunchContext(
                (np.repeat(bid[0], n_threads), np.repeat(bid[1], n_threads),
                 np.repeat(bid[2], n_threads)),
                (np.tile(tid[0], b.size), np.tile(tid[1], b.size),
                 np.tile(tid[2], b.size)),
                grid, block,
            )

    @staticmethod
    def _dims(op: gpu.LaunchOp | gpu.LaunchFuncOp, env: dict[SSAValue, Value]
              ) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        g = tuple(int(env[v]) for v in (op.gridSizeX, op.gridSizeY, op.gridSizeZ))
        b = tuple(int(env[v]) for v in (op.blockSizeX, op.blockSizeY, op.blockSizeZ))
        return g, b  # type: ignore[return-value]

    def _run_launch(self, op: gpu.LaunchOp, ins: list[Value],
                    env: dict[SSAValue, Value]) -> None:
        grid, block = self._dims(op, env)
        for ctx in self._chunks(grid, block):
            lanes = ctx.block_id[0].shape
            args = [*ctx.block_id, *ctx.thread_id,
                    *(np.full(lanes, g, np.int64) for g in grid),
                    *(np.full(lanes, b, np.int64) for b in block)]
            self._launch = ctx
            try:
                self._run_region(op.body, args, np.ones(lanes, bool), dict(env))
            finally:
                self._launch = None

    def _run_launch_func(self, op: gpu.LaunchFuncOp, env: dict[SSAValue, Value]) -> None:
        ref = op.kernel
        kernel = self._symbol(ref.root_reference.data, ref.nested_references.data[0].data)
        grid, block = self._dims(op, env)
        args = [env[v] for v in op.kernelOperands]
        if isinstance(kernel, llvm.FuncOp):  # after convert-gpu-to-nvvm: the kernel ABI
            assert "nvvm.kernel" in kernel.attributes
            args = [part for v, a in zip(op.kernelOperands, args, strict=True)
                    for part in abi_arguments(v.type, a)]
        else:
            assert isinstance(kernel, gpu.FuncOp) and kernel.kernel is not None
        for ctx in self._chunks(grid, block):
            self._launch = ctx
            try:
                lanes = ctx.block_id[0].shape
                self._run_region(kernel.body, args, np.ones(lanes, bool), {})
            finally:
                self._launch = None

    def _cast(self, op: UnrealizedConversionCastOp, ins: list[Value]) -> Value:
        """The kernel-ABI casts of convert-gpu-to-nvvm: (ptr, sizes...) -> memref, i64 <-> index.

        A pointer is the NumPy array itself; the dynamic sizes must be the array's."""
        (result_type,) = op.result_types
        if isinstance(result_type, MemRefType):
            buf, *sizes = ins
            dyn = [d for d, s in zip(buf.shape, result_type.get_shape(), strict=True) if s < 0]
            if [int(v) for v in sizes] != dyn:
                raise RuntimeError(f"{op.name}: sizes {sizes} do not match the buffer {buf.shape}")
            return buf
        (value,) = ins
        return np.asarray(value, dtype=np.int64)

    def _sreg(self, name: str) -> np.ndarray:
        ctx = self._launch
        if ctx is None:
            raise ValueError(f"gpu_launch_eval: '{name}' outside a kernel")
        reg, dim = name.split(".")[-2:]
        axis = "xyz".index(dim)
        lanes = ctx.block_id[0].shape
        if reg == "tid":
            return ctx.thread_id[axis]
        if reg == "ctaid":
            return ctx.block_id[axis]
        size = ctx.block[axis] if reg == "ntid" else ctx.grid[axis]
        return np.full(lanes, size, np.int64)

    def _id(self, op: Operation) -> np.ndarray:
        ctx = self._launch
        if ctx is None:
            raise ValueError(f"gpu_launch_eval: '{op.name}' outside a kernel")
        axis = "xyz".index(op.properties["dimension"].data)  # type: ignore[attr-defined]
        lanes = ctx.block_id[0].shape
        if isinstance(op, gpu.BlockIdOp):
            return ctx.block_id[axis]
        if isinstance(op, gpu.ThreadIdOp):
            return ctx.thread_id[axis]
        if isinstance(op, gpu.GridDimOp):
            return np.full(lanes, ctx.grid[axis], np.int64)
        return np.full(lanes, ctx.block[axis], np.int64)
