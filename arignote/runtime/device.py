"""The device protocol: what the host runtime needs from a GPU-like device.

Two implementations: `arignote.runtime.cuda.CudaDevice` (a real GPU through cuda-python's
driver API) and `arignote.runtime.ptxemu.EmuDevice` (the PTX emulator, on NumPy).  The
host program of a compiled function (allocations, copies, kernel launches) runs against
this interface only, so the emulator exercises exactly the code path a GPU user gets.

Addresses are plain ints.  Kernel arguments are plain Python ints (pointers, integers)
and floats, in the order of the kernel's `.param` list; the device packs them by the
parameter types declared in the PTX `.entry`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from collections import deque
from dataclasses import dataclass, field, replace

import numpy as np

Dim3 = tuple[int, int, int]


@dataclass
class KernelStats:
    """What a profiler reports for one kernel launch (the emulator fills every field)."""

    kernel: str
    grid: Dim3
    block: Dim3
    instructions: int = 0  # warp-level instructions issued (per warp, not per thread)
    thread_instructions: int = 0  # instructions executed summed over active threads
    global_load_bytes: int = 0  # bytes requested by loads from global memory
    global_store_bytes: int = 0  # bytes requested by stores to global memory
    global_load_requests: int = 0  # warp-level global load instructions
    global_store_requests: int = 0  # warp-level global store instructions
    global_load_sectors: int = 0  # distinct 32-byte sectors touched, summed over requests
    global_store_sectors: int = 0
    shared_bank_conflicts: int = 0  # extra shared-memory wavefronts caused by conflicts
    seconds: float = 0.0  # wall time of the launch (emulated or real)

    @property
    def sectors_per_load_request(self) -> float:
        return (
            self.global_load_sectors / self.global_load_requests
            if self.global_load_requests
            else 0.0
        )

    @property
    def sectors_per_store_request(self) -> float:
        return (
            self.global_store_sectors / self.global_store_requests
            if self.global_store_requests
            else 0.0
        )


_SUMMED = (
    "instructions", "thread_instructions", "global_load_bytes", "global_store_bytes",
    "global_load_requests", "global_store_requests", "global_load_sectors",
    "global_store_sectors", "shared_bank_conflicts", "seconds",
)  # fmt: skip

#: how many of the latest launches a profile keeps one by one (older ones live on in the
#: per-kernel totals only, so a long training run keeps a profile of constant size)
RECENT_LAUNCHES = 1024


@dataclass
class Profile:
    """Counters of one device: transfers across the bus and kernel launches -- per kernel
    totals (`kernels`, `calls`), the number of launches (`launch_count`) and the latest
    launches one by one (`launches`, at most `RECENT_LAUNCHES`)."""

    h2d_count: int = 0
    h2d_bytes: int = 0
    d2h_count: int = 0
    d2h_bytes: int = 0
    d2d_count: int = 0
    d2d_bytes: int = 0
    launches: deque[KernelStats] = field(default_factory=lambda: deque(maxlen=RECENT_LAUNCHES))
    launch_count: int = 0
    kernels: dict[str, KernelStats] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def record(self, stats: KernelStats) -> None:
        """Count one launch (a kernel or a library call)."""
        self.launches.append(stats)
        self.launch_count += 1
        total = self.kernels.get(stats.kernel)
        if total is None:
            total = self.kernels[stats.kernel] = KernelStats(stats.kernel, stats.grid, stats.block)
            self.calls[stats.kernel] = 0
        self.calls[stats.kernel] += 1
        for f in _SUMMED:
            setattr(total, f, getattr(total, f) + getattr(stats, f))

    def snapshot(self) -> Profile:
        """A copy of the counters now (for `since`)."""
        snap = Profile(*self._counters(), launch_count=self.launch_count)
        snap.calls = dict(self.calls)
        snap.kernels = {k: replace(v) for k, v in self.kernels.items()}
        return snap

    def _counters(self) -> tuple[int, ...]:
        return (self.h2d_count, self.h2d_bytes, self.d2h_count, self.d2h_bytes,
                self.d2d_count, self.d2d_bytes)  # fmt: skip

    def since(self, snap: Profile) -> Profile:
        """What happened after `snapshot()` returned `snap`, as a new Profile."""
        out = Profile(*[a - b for a, b in zip(self._counters(), snap._counters(), strict=True)])
        n = self.launch_count - snap.launch_count
        out.launch_count = n
        out.launches.extend(list(self.launches)[max(len(self.launches) - n, 0) :])
        for name, total in self.kernels.items():
            calls = self.calls[name] - snap.calls.get(name, 0)
            if not calls:
                continue
            before = snap.kernels.get(name)
            d = replace(total)
            if before is not None:
                for f in _SUMMED:
                    setattr(d, f, getattr(total, f) - getattr(before, f))
            out.kernels[name], out.calls[name] = d, calls
        return out

    def add(self, other: Profile) -> None:
        self.h2d_count += other.h2d_count
        self.h2d_bytes += other.h2d_bytes
        self.d2h_count += other.d2h_count
        self.d2h_bytes += other.d2h_bytes
        self.d2d_count += other.d2d_count
        self.d2d_bytes += other.d2d_bytes
        self.launches.extend(other.launches)
        self.launch_count += other.launch_count
        for name, total in other.kernels.items():
            mine = self.kernels.get(name)
            if mine is None:
                self.kernels[name], self.calls[name] = replace(total), other.calls[name]
                continue
            self.calls[name] += other.calls[name]
            for f in _SUMMED:
                setattr(mine, f, getattr(mine, f) + getattr(total, f))

    def report(self) -> str:
        """The transfers, then one row per kernel (launches of the same kernel summed):
        launches, time, global bytes read and written, 32-byte sectors per warp request
        (4 is a coalesced float32 access), shared-memory bank conflicts, instructions."""
        lines = [
            f"transfers: {self.h2d_count} host->device ({self.h2d_bytes} B), "
            f"{self.d2h_count} device->host ({self.d2h_bytes} B), {self.d2d_count} "
            f"device->device ({self.d2d_bytes} B); {self.launch_count} launches"
        ]
        if not self.kernels:
            return lines[0]
        head = ("kernel", "calls", "time us", "load B", "store B", "sect/ld", "sect/st",
                "bank cfl", "instr")  # fmt: skip
        table = [head]
        for name, total in self.kernels.items():
            table.append((
                name, str(self.calls[name]), f"{total.seconds * 1e6:.1f}",
                str(total.global_load_bytes), str(total.global_store_bytes),
                f"{total.sectors_per_load_request:.2f}", f"{total.sectors_per_store_request:.2f}",
                str(total.shared_bank_conflicts), str(total.instructions),
            ))  # fmt: skip
        widths = [max(len(r[i]) for r in table) for i in range(len(head))]
        for r in table:
            cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
            lines.append("  " + "  ".join(cells))
        return "\n".join(lines)


class GpuModule(ABC):
    """A loaded PTX module; it owns its kernels."""

    @abstractmethod
    def kernel_names(self) -> list[str]: ...


class GpuDevice(ABC):
    """A device that runs PTX kernels on memory it owns."""

    name: str  # "emu" or "cuda:0"
    profile: Profile

    @abstractmethod
    def alloc(self, nbytes: int) -> int:
        """Allocate `nbytes` (at least 256-byte aligned); returns the device address."""

    @abstractmethod
    def free(self, ptr: int) -> None: ...

    @abstractmethod
    def copy_to_device(self, dst: int, src: np.ndarray) -> None:
        """Copy a C-contiguous host array to device address `dst` (counted as h2d)."""

    @abstractmethod
    def copy_to_host(self, dst: np.ndarray, src: int) -> None:
        """Fill the C-contiguous host array `dst` from device address `src` (d2h)."""

    @abstractmethod
    def copy_device_to_device(self, dst: int, src: int, nbytes: int) -> None: ...

    @abstractmethod
    def load_module(self, ptx: str) -> GpuModule:
        """Load PTX text (cached by content); errors name the PTX line."""

    @abstractmethod
    def launch(
        self,
        module: GpuModule,
        kernel: str,
        grid: Dim3,
        block: Dim3,
        args: Sequence[int | float],
        shared_bytes: int = 0,
    ) -> KernelStats | None:
        """Run `kernel` of `module`; errors name the kernel.  Appends to `profile.launches`."""

    @abstractmethod
    def synchronize(self) -> None: ...
