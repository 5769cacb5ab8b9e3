"""A size-bucketed caching allocator over raw device alloc/free functions.

Sizes are rounded up to a bucket (powers of two from 512 B up to 1 MiB, then multiples
of 1 MiB); a freed block goes to its bucket's free list and the next request of that
bucket reuses it without a driver call.  A request takes the cached block of the lowest
address (not the last freed): the blocks a program gets then depend only on which are
free, not on the order earlier calls freed them in, so a repeated step gets the same
buffers on every call and its kernel launches repeat (what a CUDA graph needs to be
replayed; a LIFO list rotated same-size temporaries from call to call).  When the raw
allocator runs out of memory the cache is released and the allocation retried once.
Blocks are at least 256-byte aligned because the raw allocator's are (cuMemAlloc aligns
to 256 B or more).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

from arignote.errors import DeviceError
from arignote.runtime.cuda.calls import CudaOutOfMemory

MIN_BUCKET = 512
_POW2_LIMIT = 1 << 20
_LARGE_STEP = 1 << 20


def bucket_size(nbytes: int) -> int:
    """The bucket a request of `nbytes` is served from (>= nbytes, >= MIN_BUCKET)."""
    if nbytes < 0:
        raise DeviceError(f"cannot allocate a negative number of bytes ({nbytes})")
    if nbytes <= MIN_BUCKET:
        return MIN_BUCKET
    if nbytes <= _POW2_LIMIT:
        return 1 << (nbytes - 1).bit_length()
    return -(-nbytes // _LARGE_STEP) * _LARGE_STEP


@dataclass
class AllocatorStats:
    live_bytes: int = 0  # bucket bytes handed out and not freed
    cached_bytes: int = 0  # bucket bytes kept for reuse
    raw_allocs: int = 0  # calls to the raw allocator
    reuses: int = 0  # requests served from the cache


class CachingAllocator:
    """alloc/free in front of `raw_alloc(nbytes) -> ptr` and `raw_free(ptr)`."""

    def __init__(
        self,
        raw_alloc: Callable[[int], int],
        raw_free: Callable[[int], None],
        *,
        cache_limit: int = 1 << 30,
    ) -> None:
        self._raw_alloc = raw_alloc
        self._raw_free = raw_free
        self.cache_limit = cache_limit
        self._free: dict[int, list[int]] = {}  # bucket -> cached pointers (a heap)
        self._live: dict[int, int] = {}  # pointer -> bucket
        self.stats = AllocatorStats()

    def alloc(self, nbytes: int) -> int:
        size = bucket_size(nbytes)
        cached = self._free.get(size)
        if cached:
            ptr = heapq.heappop(cached)  # the lowest address
            self.stats.cached_bytes -= size
            self.stats.reuses += 1
        else:
            try:
                ptr = self._raw_alloc(size)
            except CudaOutOfMemory as first:
                released = self.empty_cache()
                try:
                    ptr = self._raw_alloc(size)
                except CudaOutOfMemory as e:
                    raise CudaOutOfMemory(
                        f"{e}: allocating {nbytes} bytes ({size}-byte bucket) with "
                        f"{self.stats.live_bytes} bytes live and {released} cached bytes "
                        "released and retried",
                        call=e.call,
                        result=e.result,
                    ) from first
            self.stats.raw_allocs += 1
        self._live[ptr] = size
        self.stats.live_bytes += size
        return ptr

    def free(self, ptr: int) -> None:
        size = self._live.pop(ptr, None)
        if size is None:
            raise DeviceError(f"free of device address {ptr:#x}, which is not a live allocation")
        self.stats.live_bytes -= size
        if self.stats.cached_bytes + size > self.cache_limit:
            self._raw_free(ptr)
            return
        heapq.heappush(self._free.setdefault(size, []), ptr)
        self.stats.cached_bytes += size

    def size_of(self, ptr: int) -> int:
        """The bucket size of a live allocation (KeyError if `ptr` is not live)."""
        return self._live[ptr]

    def empty_cache(self) -> int:
        """Give every cached block back to the raw allocator; the bytes released."""
        released = 0
        for size, ptrs in self._free.items():
            while ptrs:
                self._raw_free(ptrs.pop())
                released += size
        self.stats.cached_bytes = 0
        return released

    def release_all(self) -> None:
        """Free cached and live blocks (the device is closing)."""
        self.empty_cache()
        for ptr in list(self._live):
            self._raw_free(ptr)
        self._live.clear()
        self.stats.live_bytes = 0
