"""Device memory of the emulator: the global arena and the address-space layout.

Global memory is one NumPy byte arena whose first byte has address `GLOBAL_BASE` (2^36),
so a pointer truncated to 32 bits can never land in it.  Allocations are 256-byte
aligned and separated by red zones of at least 256 bytes that belong to no allocation;
every access is checked against the table of live allocations, so an access past the
end of a buffer (or into freed memory) faults instead of silently reading a neighbour.

Generic addresses: global addresses are themselves; the shared, local and param state
spaces are mapped into windows of the generic address space (`cvta`), each 2^32 bytes:
`SHARED_WINDOW`, `LOCAL_WINDOW`, `PARAM_WINDOW`.  State-space addresses of shared,
local and param variables are offsets from 0 within their space.
"""

from __future__ import annotations

import bisect

import numpy as np

from arignote.errors import DeviceError
from arignote.runtime.ptxemu.errors import PTXEmuError

GLOBAL_BASE = 1 << 36
WINDOW_SIZE = 1 << 32
SHARED_WINDOW = 0x7E00_0000_0000
LOCAL_WINDOW = 0x7F00_0000_0000
PARAM_WINDOW = 0x7D00_0000_0000
ALIGN = 256
RED_ZONE = 256

_UINT = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def _round_up(n: int, a: int) -> int:
    return (n + a - 1) // a * a


class GlobalMemory:
    """The device's global memory: a growable arena with an allocation table."""

    def __init__(self, initial_bytes: int = 1 << 20) -> None:
        self.arena = np.zeros(_round_up(initial_bytes, 8), np.uint8)
        self._views: dict[int, np.ndarray] = {}
        self.top = 0  # arena offset of the first never-used byte
        self.allocs: dict[int, int] = {}  # address -> size
        self.free_list: list[tuple[int, int]] = []  # (offset, size) of free spans
        self._starts = np.zeros(0, np.uint64)
        self._ends = np.zeros(0, np.uint64)

    # ---------------------------------------------------------------- allocation
    def alloc(self, nbytes: int) -> int:
        if nbytes < 0:
            raise PTXEmuError(f"alloc of a negative size {nbytes}")
        need = _round_up(max(nbytes, 1), ALIGN) + RED_ZONE
        off = None
        for k, (foff, fsize) in enumerate(self.free_list):
            if fsize >= need:
                off = foff
                if fsize == need:
                    del self.free_list[k]
                else:
                    self.free_list[k] = (foff + need, fsize - need)
                break
        if off is None:
            off, top = self.top, self.top + need
            if top > self.arena.size:
                try:
                    self._grow(top)
                except MemoryError:  # the memory is left as it was: later calls still work
                    raise DeviceError(
                        f"emu: out of memory: cannot allocate {nbytes} bytes of device memory "
                        f"({self.top} bytes in use)"
                    ) from None
            self.top = top
        addr = GLOBAL_BASE + off
        self.arena[off : off + need] = 0
        self.allocs[addr] = nbytes
        self._rebuild()
        return addr

    def free(self, addr: int) -> None:
        size = self.allocs.pop(addr, None)
        if size is None:
            raise PTXEmuError(f"free of 0x{addr:x}, which is not a live allocation")
        off = addr - GLOBAL_BASE
        span = _round_up(max(size, 1), ALIGN) + RED_ZONE
        spans = sorted([*self.free_list, (off, span)])
        merged: list[tuple[int, int]] = []
        for o, s in spans:
            if merged and merged[-1][0] + merged[-1][1] == o:
                merged[-1] = (merged[-1][0], merged[-1][1] + s)
            else:
                merged.append((o, s))
        if merged and merged[-1][0] + merged[-1][1] == self.top:
            self.top = merged[-1][0]
            merged.pop()
        self.free_list = merged
        self._rebuild()

    def _grow(self, need: int) -> None:
        size = max(_round_up(need, 8), self.arena.size * 2)
        new = np.zeros(size, np.uint8)
        new[: self.arena.size] = self.arena
        self.arena = new
        self._views.clear()

    def _rebuild(self) -> None:
        starts = sorted(self.allocs)
        self._starts = np.array(starts, np.uint64)
        self._ends = np.array([s + self.allocs[s] for s in starts], np.uint64)

    def view(self, width: int) -> np.ndarray:
        v = self._views.get(width)
        if v is None:
            v = self.arena.view(_UINT[width])
            self._views[width] = v
        return v

    # ---------------------------------------------------------------- checks
    def find(self, addr: int) -> tuple[int, int] | None:
        """The live allocation (start, size) containing addr, or None."""
        starts = sorted(self.allocs)
        k = bisect.bisect_right(starts, addr) - 1
        if k >= 0:
            s = starts[k]
            if addr < s + self.allocs[s]:
                return s, self.allocs[s]
        return None

    def nearest(self, addr: int) -> str:
        """Describe where addr lies relative to the allocations (for fault messages)."""
        starts = sorted(self.allocs)
        if not starts:
            return "no live allocations"
        k = bisect.bisect_right(starts, addr) - 1
        parts = []
        if k >= 0:
            s = starts[k]
            end = s + self.allocs[s]
            parts.append(
                f"{addr - end} bytes past the end of allocation [0x{s:x}, 0x{end:x}) "
                f"of {self.allocs[s]} bytes"
            )
        if k + 1 < len(starts):
            parts.append(f"{starts[k + 1] - addr} bytes before allocation 0x{starts[k + 1]:x}")
        if addr < GLOBAL_BASE:
            parts.append("below the global arena (a null or 32-bit-truncated pointer?)")
        return "; ".join(parts)

    def bad_lanes(self, addr: np.ndarray, size: int) -> np.ndarray:
        """Boolean mask of addresses whose [a, a+size) is not inside one live allocation."""
        if self._starts.size == 0:
            return np.ones(addr.shape, bool)
        k = np.searchsorted(self._starts, addr, side="right").astype(np.int64) - 1
        kk = np.maximum(k, 0)
        ok = (k >= 0) & (addr + np.uint64(size) <= self._ends[kk])
        return ~ok

    def check_fast(self, addr: np.ndarray, size: int) -> bool:
        """True when all addresses lie in one allocation (the common case, O(n))."""
        if addr.size == 0:
            return True
        lo = int(addr.min())
        hi = int(addr.max())
        if self._starts.size == 0:
            return False
        k = int(np.searchsorted(self._starts, np.uint64(lo), side="right")) - 1
        if k < 0:
            return False
        return hi + size <= int(self._ends[k])

    def check_range(self, addr: int, nbytes: int, what: str) -> int:
        """Arena offset of [addr, addr+nbytes), which must lie in one live allocation."""
        found = self.find(addr)
        if found is None or addr + nbytes > found[0] + found[1]:
            raise PTXEmuError(
                f"{what}: [0x{addr:x}, 0x{addr + nbytes:x}) is outside every live "
                f"allocation ({self.nearest(addr if found is None else addr + nbytes)})"
            )
        return addr - GLOBAL_BASE

    # ---------------------------------------------------------------- bulk copies
    def write(self, addr: int, data: np.ndarray, what: str = "copy to device") -> None:
        raw = np.ascontiguousarray(data).reshape(-1).view(np.uint8)
        off = self.check_range(addr, raw.size, what)
        self.arena[off : off + raw.size] = raw

    def read(self, addr: int, nbytes: int, what: str = "copy to host") -> np.ndarray:
        off = self.check_range(addr, nbytes, what)
        return self.arena[off : off + nbytes]
