"""CUDA graphs for repeated runs of kernels (`config.cuda_graphs`, on by default).

With graphs on, `CudaDevice.launch` does not call `cuLaunchKernel` at once: it appends
the launch (kernel, grid, block, shared bytes and the bytes of every parameter) to the
device's pending *segment*.  The segment is flushed, in order, before anything else
touches the stream or the host waits for it: a copy, a library call, a synchronisation,
a release of memory to the driver, teardown.  A compiled function's host program thus
yields the same segments on every call whose shapes, buffers and scalar arguments
repeat (the caching allocator hands out the lowest free block of a size, and a shared
variable's update moves into its buffer: the same step gets the same buffers each call).

`SegmentGraphs.decide(key)` picks what a flush does with a segment, keyed by the tuple
of its launches' keys:

- `eager` (the first time a key is seen, or a segment of one launch): launch each
  kernel now, timed with events;
- `capture` (the second time): capture the launches on the stream
  (`cuStreamBeginCapture` ... `cuStreamEndCapture`), instantiate the graph, keep the
  executable (at most `MAX_GRAPHS`, least recently used first out), and launch it;
- `replay` (every later time): `cuGraphLaunch` of the kept executable.

A segment evicted from the kept graphs is launched eagerly from then on (when more
distinct segments repeat than graphs are kept -- e.g. a minibatch index passed as a
kernel argument -- re-capturing would cost more than it saves).

A failure while capturing ends the capture, forgets the key (`forget`) and launches the
segment eagerly, so the error, if it is the kernels', surfaces as it would without graphs.
The profile still lists every kernel launch; a replayed graph's time is split evenly
among its kernels.  This module holds the decision logic (no driver calls); the driver
calls are in `arignote.runtime.cuda.device`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

#: executables kept per device (a training step with library calls and host loops can
#: have hundreds of segments; with fewer kept than a step has, every one was evicted
#: before its next sight and nothing was ever replayed)
MAX_GRAPHS = 1024
#: a segment shorter than this is always launched eagerly (a graph saves nothing)
MIN_LAUNCHES = 2
#: capture on the n-th sight of a segment
CAPTURE_AT = 2
#: segments remembered as seen (least recently seen first out)
MAX_SEEN = 4096


@dataclass
class PendingLaunch:
    """A launch deferred until the segment is flushed."""

    key: Hashable  # None when graphs are off (the segment is launched eagerly)
    run: Callable[[], None]  # enqueues the launch on the stream
    stats: Any  # the KernelStats already in the profile


@dataclass
class SegmentGraphs:
    """Which segments are launched eagerly, captured, or replayed from a graph."""

    max_graphs: int = MAX_GRAPHS
    seen: OrderedDict[Hashable, int] = field(default_factory=OrderedDict)
    execs: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    #: segments never captured again: capture failed, or evicted (more distinct
    #: segments repeat than graphs are kept: re-capturing them would cost every call)
    failed: set[Hashable] = field(default_factory=set)
    #: how many flushes of two or more launches went each way ('eager', 'capture',
    #: 'replay'); a capture is launched as a graph at once
    decisions: dict[str, int] = field(
        default_factory=lambda: {"eager": 0, "capture": 0, "replay": 0}
    )

    def decide(self, key: tuple[Hashable, ...]) -> str:
        """`eager`, `capture` or `replay` for a segment with launch keys `key`."""
        what = self._decide(key)
        if len(key) >= MIN_LAUNCHES:
            self.decisions[what] += 1
        return what

    def _decide(self, key: tuple[Hashable, ...]) -> str:
        if key in self.execs:
            self.execs.move_to_end(key)
            return "replay"
        if len(key) < MIN_LAUNCHES or key in self.failed:
            return "eager"
        n = self.seen.pop(key, 0) + 1
        self.seen[key] = n
        while len(self.seen) > MAX_SEEN:
            self.seen.popitem(last=False)
        return "capture" if n >= CAPTURE_AT else "eager"

    def keep(self, key: tuple[Hashable, ...], graph_exec: Any) -> list[Any]:
        """Keep an instantiated graph; returns the executables evicted (to destroy)."""
        self.execs[key] = graph_exec
        self.seen.pop(key, None)
        evicted = []
        while len(self.execs) > self.max_graphs:
            old_key, old = self.execs.popitem(last=False)
            self.failed.add(old_key)
            evicted.append(old)
        return evicted

    def forget(self, key: tuple[Hashable, ...]) -> None:
        """A segment that could not be captured: always eager from now on."""
        self.failed.add(key)
        self.seen.pop(key, None)

    def clear(self) -> list[Any]:
        """Forget everything; returns the executables to destroy."""
        out = list(self.execs.values())
        self.execs.clear()
        self.seen.clear()
        self.failed.clear()
        return out


__all__ = ["CAPTURE_AT", "MAX_GRAPHS", "MAX_SEEN", "MIN_LAUNCHES", "PendingLaunch", "SegmentGraphs"]
