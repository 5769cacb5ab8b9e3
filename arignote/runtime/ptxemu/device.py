"""`EmuDevice`: the `GpuDevice` that runs PTX on the emulator (device name "emu").

Memory is a `GlobalMemory` arena (addresses from 2^36, red zones, bounds checks);
modules are parsed once per PTX text and their kernels decoded on first launch.  A
launch runs the grid in batches of consecutive CTAs (at most `max_lanes` threads per
batch, fewer when a kernel needs much register or local memory per thread), so memory
stays bounded for any grid, and returns the launch's `KernelStats`.
"""

from __future__ import annotations

import hashlib
import struct
import time
from collections.abc import Sequence

import numpy as np

from arignote.runtime.device import Dim3, GpuDevice, GpuModule, KernelStats, Profile
from arignote.runtime.ptxemu.decode import KernelProgram, build_program
from arignote.runtime.ptxemu.errors import PTXEmuError
from arignote.runtime.ptxemu.executor import Ctx, run_batch
from arignote.runtime.ptxemu.memory import GlobalMemory
from arignote.runtime.ptxemu.parser import FImm, Imm, Module, Sym, VarDecl, parse_ptx

MAX_BLOCK = (1024, 1024, 64)
MAX_GRID = (2**31 - 1, 65535, 65535)
#: the most shared memory one block can have (static + dynamic, with the opt-in) per arch
MAX_SHARED = {"sm_70": 98304, "sm_75": 65536, "sm_80": 166912, "sm_86": 101376,
              "sm_87": 166912, "sm_89": 101376, "sm_90": 232448}  # fmt: skip


class EmuModule(GpuModule):
    """A parsed PTX module; its module-level variables live in the device's memory."""

    def __init__(self, device: EmuDevice, ptx: str) -> None:
        self.device = device
        self.ptx = ptx
        self.ast: Module = parse_ptx(ptx)
        self.global_addrs: dict[str, int] = {}
        self._programs: dict[str, KernelProgram] = {}
        self._place_globals()
        for name in self.kernel_names():  # decode now: unsupported PTX fails at load
            self.program(name)

    def kernel_names(self) -> list[str]:
        return [f.name for f in self.ast.functions.values() if f.kind == "entry" and f.defined]

    def program(self, kernel: str) -> KernelProgram:
        prog = self._programs.get(kernel)
        if prog is None:
            prog = build_program(self.ast, kernel, self.global_addrs)
            self._programs[kernel] = prog
        return prog

    def _place_globals(self) -> None:
        mem = self.device.mem
        pending: list[tuple[VarDecl, int]] = []
        for g in self.ast.globals:
            if g.space not in ("global", "const") or (g.extern and g.init is None):
                continue
            if g.count is None:
                raise PTXEmuError(f"PTX line {g.line}: variable {g.name!r} has no size")
            addr = mem.alloc(max(g.nbytes, 1))
            self.global_addrs[g.name] = addr
            pending.append((g, addr))
        for g, addr in pending:
            if g.init:
                mem.write(addr, self._init_bytes(g), f"initialiser of {g.name!r}")

    def _init_bytes(self, g: VarDecl) -> np.ndarray:
        eb = g.elem_bytes
        out = bytearray(g.nbytes)
        assert g.init is not None
        if len(g.init) > (g.count or 0):
            raise PTXEmuError(f"PTX line {g.line}: too many initialisers for {g.name!r}")
        for k, item in enumerate(g.init):
            if isinstance(item, Imm):
                raw = (item.value & ((1 << (8 * eb)) - 1)).to_bytes(eb, "little")
            elif isinstance(item, FImm):
                if item.width // 8 == eb:
                    raw = item.bits.to_bytes(eb, "little")
                elif g.type in ("f32", "f64"):
                    raw = struct.pack("<f" if g.type == "f32" else "<d", item.value)
                else:
                    raise PTXEmuError(
                        f"PTX line {g.line}: float initialiser for .{g.type} {g.name!r}"
                    )
            elif isinstance(item, Sym):
                if item.name not in self.global_addrs:
                    raise PTXEmuError(
                        f"PTX line {g.line}: initialiser of {g.name!r} refers to {item.name!r}, "
                        "which is not a global variable"
                    )
                addr = (self.global_addrs[item.name] + item.offset) & ((1 << (8 * eb)) - 1)
                raw = addr.to_bytes(eb, "little")
            else:  # pragma: no cover - the parser produces only these
                raise PTXEmuError(f"PTX line {g.line}: bad initialiser")
            out[k * eb : (k + 1) * eb] = raw
        return np.frombuffer(bytes(out), np.uint8)


def _dim3(d: Sequence[int], what: str) -> Dim3:
    t = tuple(int(x) for x in d)
    if not 1 <= len(t) <= 3:
        raise PTXEmuError(f"{what} must have 1 to 3 dimensions, got {d!r}")
    t = t + (1,) * (3 - len(t))
    if any(x < 0 for x in t):
        raise PTXEmuError(f"{what} has a negative dimension: {d!r}")
    return t  # type: ignore[return-value]


class EmuDevice(GpuDevice):
    """The PTX emulator as a device.

    `max_lanes`: threads executed together per batch of CTAs (memory grows with it);
    `max_steps`: scheduler steps (one instruction for one group of converged threads)
    per batch before a launch is declared hung.

    Global memory from `alloc` is zeroed; shared and local memory and registers start as
    all-ones bits (NaN / -1 / true) so kernels that read them before writing show it.
    Atomics on one address execute in thread order (block-linear, then thread-linear),
    or, with `atomic_order="shuffled"` (ARIGNOTE_EMU_ATOMIC_ORDER=shuffled; the tests set
    it), in a random order per launch, as on a GPU: a tolerance that holds only for one
    order of float additions shows up."""

    name = "emu"

    def __init__(
        self,
        max_lanes: int = 1 << 16,
        max_steps: int = 10_000_000,
        atomic_order: str | None = None,
    ) -> None:
        import os

        order = atomic_order or os.environ.get("ARIGNOTE_EMU_ATOMIC_ORDER") or "thread"
        if order not in ("thread", "shuffled"):
            raise PTXEmuError(f"atomic_order must be 'thread' or 'shuffled', got {order!r}")
        self.atomic_order = order
        self._atomic_rng = np.random.default_rng() if order == "shuffled" else None
        self.mem = GlobalMemory()
        self.profile = Profile()
        self.max_lanes = max_lanes
        self.max_steps = max_steps
        self.lane_budget_bytes = 256 << 20  # registers + local + shared memory per batch
        self._modules: dict[str, EmuModule] = {}

    # ------------------------------------------------------------------ memory
    def alloc(self, nbytes: int) -> int:
        return self.mem.alloc(int(nbytes))

    def free(self, ptr: int) -> None:
        self.mem.free(int(ptr))

    def copy_to_device(self, dst: int, src: np.ndarray) -> None:
        src = np.ascontiguousarray(src)
        self.mem.write(int(dst), src, "copy_to_device")
        self.profile.h2d_count += 1
        self.profile.h2d_bytes += src.nbytes

    def copy_to_host(self, dst: np.ndarray, src: int) -> None:
        if not (dst.flags.c_contiguous and dst.flags.writeable):
            raise PTXEmuError("copy_to_host: the destination must be a writable C-contiguous array")
        data = self.mem.read(int(src), dst.nbytes, "copy_to_host")
        dst.reshape(-1).view(np.uint8)[:] = data
        self.profile.d2h_count += 1
        self.profile.d2h_bytes += dst.nbytes

    def copy_device_to_device(self, dst: int, src: int, nbytes: int) -> None:
        data = self.mem.read(int(src), int(nbytes), "copy_device_to_device").copy()
        self.mem.write(int(dst), data, "copy_device_to_device")
        self.profile.d2d_count += 1
        self.profile.d2d_bytes += int(nbytes)

    def synchronize(self) -> None:
        return None

    # ------------------------------------------------------------------ modules
    def load_module(self, ptx: str) -> EmuModule:
        key = hashlib.sha256(ptx.encode()).hexdigest()
        mod = self._modules.get(key)
        if mod is None:
            mod = EmuModule(self, ptx)
            self._modules[key] = mod
        return mod

    def launch(
        self,
        module: GpuModule,
        kernel: str,
        grid: Dim3,
        block: Dim3,
        args: Sequence[int | float],
        shared_bytes: int = 0,
    ) -> KernelStats | None:
        if not isinstance(module, EmuModule) or module.device is not self:
            raise PTXEmuError(f"launch of {kernel!r}: the module was not loaded on this device")
        g = _dim3(grid, f"grid of {kernel!r}")
        b = _dim3(block, f"block of {kernel!r}")
        if any(x > m for x, m in zip(b, MAX_BLOCK, strict=True)) or b[0] * b[1] * b[2] > 1024:
            raise PTXEmuError(f"launch of {kernel!r}: block {b} exceeds the limits (1024 threads)")
        if any(x > m for x, m in zip(g, MAX_GRID, strict=True)):
            raise PTXEmuError(f"launch of {kernel!r}: grid {g} exceeds the limits")
        prog = module.program(kernel)
        if 0 in g or 0 in b:
            return None
        if prog.reqntid is not None and tuple(prog.reqntid + [1] * (3 - len(prog.reqntid))) != b:
            raise PTXEmuError(
                f"launch of {kernel!r}: block {b} differs from its .reqntid {prog.reqntid}"
            )
        if shared_bytes < 0:
            raise PTXEmuError(f"launch of {kernel!r}: negative shared_bytes")
        maxntid = prog.maxntid
        if maxntid is not None and b[0] * b[1] * b[2] > int(np.prod(maxntid)):
            raise PTXEmuError(
                f"launch of {kernel!r}: block {b} has more threads than its .maxntid {maxntid}"
            )
        arch = next((t for t in module.ast.target if t.startswith("sm_")), "")
        limit = MAX_SHARED.get(arch.rstrip("af"), 232448)
        if prog.shared_bytes_needed(shared_bytes) > limit:
            raise PTXEmuError(
                f"launch of {kernel!r}: {prog.shared_bytes_needed(shared_bytes)} bytes of shared "
                f"memory per block exceed the {limit} bytes of {arch or 'the target'}"
            )
        kparam = self._pack_args(prog, kernel, args)
        stats = KernelStats(kernel=kernel, grid=g, block=b)
        T = b[0] * b[1] * b[2]
        nctas = g[0] * g[1] * g[2]
        per_lane = prog.bytes_per_lane + (prog.shared_static + shared_bytes) // T
        lanes = max(T, min(self.max_lanes, self.lane_budget_bytes // max(per_lane, 1)))
        per_batch = max(1, lanes // T)
        t0 = time.perf_counter()
        with np.errstate(all="ignore"):
            for cta0 in range(0, nctas, per_batch):
                n = min(per_batch, nctas - cta0)
                ctx = Ctx(prog, self.mem, stats, kparam, g, b, cta0, n, int(shared_bytes))
                ctx.atomic_rng = self._atomic_rng
                try:
                    run_batch(ctx, self.max_steps)
                except PTXEmuError:
                    raise
                except Exception as e:  # an emulator bug: say where it happened
                    op = ctx.cur_op
                    where = ""
                    if op is not None:
                        where = f" at '{op.src.text}' (PTX line {op.src.line})"
                    raise PTXEmuError(f"kernel {kernel!r}: emulator failure{where}: {e!r}") from e
        stats.seconds = time.perf_counter() - t0
        self.profile.record(stats)
        return stats

    def _pack_args(
        self, prog: KernelProgram, kernel: str, args: Sequence[int | float]
    ) -> np.ndarray:
        params = prog.kparams
        if len(args) != len(params):
            sig = ", ".join(f".{t} {n}" for n, t, _, _ in params)
            raise PTXEmuError(
                f"launch of {kernel!r} with {len(args)} arguments; it takes {len(params)}: ({sig})"
            )
        buf = bytearray(prog.kparam_size)
        for (name, t, off, size), v in zip(params, args, strict=True):
            try:
                raw = _pack_one(t, size, v)
            except (TypeError, ValueError, OverflowError) as e:
                raise PTXEmuError(f"launch of {kernel!r}: argument {name} (.{t}): {e}") from None
            buf[off : off + size] = raw
        return np.frombuffer(bytes(buf), np.uint8).copy()


_FLOAT_OF_SIZE = {2: "<e", 4: "<f", 8: "<d"}


def _pack_one(t: str, size: int, v: object) -> bytes:
    """The bytes of one kernel argument for a `.param` of type t and `size` bytes.

    Bytes, and NumPy values of exactly `size` bytes of the parameter's kind (any kind for
    `.b` types), are taken as raw bits; other numbers are converted: floats become IEEE
    values of the parameter's width (a `.b8[2]` parameter -- how LLVM passes `half` --
    takes an f16), ints two's-complement little-endian.
    """
    if isinstance(v, (np.generic, np.ndarray)) and v.nbytes == size:
        kind = np.asarray(v).dtype.kind
        if t[0] == "b" or (t[0] == "f") == (kind == "f"):  # same kind of number: raw bits
            return np.ascontiguousarray(v).reshape(-1).view(np.uint8).tobytes()
        if isinstance(v, np.ndarray):
            v = v.reshape(-1)[0] if v.size == 1 else v
    if isinstance(v, np.ndarray):
        raise TypeError(f"an array of {v.nbytes} bytes for a {size}-byte parameter")
    if isinstance(v, (bytes, bytearray)):
        if len(v) != size:
            raise ValueError(f"expected {size} bytes, got {len(v)}")
        return bytes(v)
    if isinstance(v, (float, np.floating)):
        if t in ("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "pred"):
            raise TypeError(f"a float {v!r} for an integer parameter")
        fmt = _FLOAT_OF_SIZE.get(size)
        if fmt is None:
            raise TypeError(f"a float {v!r} for a {size}-byte parameter")
        return struct.pack(fmt, float(v))
    if isinstance(v, (bool, int, np.integer)):
        iv = int(v)
        if t in ("f16", "f32", "f64"):
            return struct.pack(_FLOAT_OF_SIZE[size], float(iv))
        bits = 8 * size
        if not -(1 << (bits - 1)) <= iv < (1 << bits):
            raise ValueError(f"{iv} does not fit in {bits} bits")
        return (iv & ((1 << bits) - 1)).to_bytes(size, "little")
    raise TypeError(f"cannot pass {type(v).__name__} {v!r}")
