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
from dataclasses import dataclass, field

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


@dataclass
class Profile:
    """Counters of one device: transfers across the bus and kernel launches."""

    h2d_count: int = 0
    h2d_bytes: int = 0
    d2h_count: int = 0
    d2h_bytes: int = 0
    d2d_count: int = 0
    d2d_bytes: int = 0
    launches: list[KernelStats] = field(default_factory=list)

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def snapshot(self) -> tuple[int, ...]:
        """The transfer counters and the number of launches (for `since`)."""
        return (self.h2d_count, self.h2d_bytes, self.d2h_count, self.d2h_bytes,
                self.d2d_count, self.d2d_bytes, len(self.launches))  # fmt: skip

    def since(self, snap: tuple[int, ...]) -> Profile:
        """What happened after `snapshot()` returned `snap`, as a new Profile."""
        now = self.snapshot()
        d = [a - b for a, b in zip(now[:6], snap[:6])]
        return Profile(*d, launches=list(self.launches[snap[6] :]))  # type: ignore[arg-type]

    def add(self, other: Profile) -> None:
        self.h2d_count += other.h2d_count
        self.h2d_bytes += other.h2d_bytes
        self.d2h_count += other.d2h_count
        self.d2h_bytes += other.d2h_bytes
        self.d2d_count += other.d2d_count
        self.d2d_bytes += other.d2d_bytes
        self.launches.extend(other.launches)

    def report(self) -> str:
        """The transfers, then one row per kernel (launches of the same kernel summed):
        launches, time, global bytes read and written, 32-byte sectors per warp request
        (4 is a coalesced float32 access), shared-memory bank conflicts, instructions."""
        lines = [
            f"transfers: {self.h2d_count} host->device ({self.h2d_bytes} B), "
            f"{self.d2h_count} device->host ({self.d2h_bytes} B), {self.d2d_count} "
            f"device->device ({self.d2d_bytes} B); {len(self.launches)} launches"
        ]
        rows: dict[str, list[KernelStats]] = {}
        for k in self.launches:
            rows.setdefault(k.kernel, []).append(k)
        if not rows:
            return lines[0]
        head = ("kernel", "calls", "time us", "load B", "store B", "sect/ld", "sect/st",
                "bank cfl", "instr")  # fmt: skip
        table = [head]
        for name, ks in rows.items():
            total = KernelStats(name, ks[0].grid, ks[0].block)
            for k in ks:
                for f in ("instructions", "global_load_bytes", "global_store_bytes",
                          "global_load_requests", "global_store_requests",
                          "global_load_sectors", "global_store_sectors",
                          "shared_bank_conflicts", "seconds"):  # fmt: skip
                    setattr(total, f, getattr(total, f) + getattr(k, f))
            table.append((
                name, str(len(ks)), f"{total.seconds * 1e6:.1f}",
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
