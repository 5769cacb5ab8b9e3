"""The host side of `loop.scan` and `loop.if`: a loop calling the body's host program.

`ScanRunner(op, make_program)` runs `loop.scan` (dialects/loop.py): per step it passes
the body function row views of the sequences and of the state buffers (contiguous
rows: a NumPy view, or a device pointer offset; nothing is copied or moved across the
bus) and copies what the body returns into the rows of the result buffers.  The buffers
are allocated once, after the first step (when the per-step outputs' row shapes are
known), in the memory the operands live in.  `IfRunner` calls one branch only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from arignote.dialects import loop
from arignote.errors import ShapeError
from arignote.ir import location_str


class _Memory:
    """Buffers of one kind: NumPy arrays on the host, DeviceArrays on a device."""

    def __init__(self, device: Any):
        self.device = device

    def empty(self, shape: tuple[int, ...], dtype: np.dtype) -> Any:
        if self.device is None:
            return np.empty(shape, dtype)
        from arignote.runtime.host import DeviceArray

        n = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        return DeviceArray(self.device.alloc(max(n, 1)), shape, dtype, self.device)

    def row(self, buf: Any, i: int) -> Any:
        if isinstance(buf, np.ndarray):
            return buf[i, ...]
        from arignote.runtime.host import DeviceArray

        step = buf.nbytes // buf.shape[0] if buf.shape[0] else 0
        return DeviceArray(buf.ptr + i * step, buf.shape[1:], buf.dtype, buf.device)

    def rows(self, buf: Any, stop: int) -> Any:
        """The first `stop` rows (a view)."""
        if isinstance(buf, np.ndarray):
            return buf[:stop]
        from arignote.runtime.host import DeviceArray

        return DeviceArray(buf.ptr, (stop, *buf.shape[1:]), buf.dtype, buf.device)

    @staticmethod
    def store(dst: Any, src: Any) -> None:
        """Copy src into dst; either may be on the host or the device (a rank-0 integer
        the body computes on the host, e.g. a counter, is a host buffer)."""
        host_dst, host_src = isinstance(dst, np.ndarray), isinstance(src, np.ndarray)
        if host_dst and host_src:
            np.copyto(dst, src)
        elif not src.nbytes:
            return
        elif host_dst:
            dst[...] = src.download()
        elif host_src:
            dst.device.copy_to_device(dst.ptr, np.ascontiguousarray(src))
        else:
            dst.device.copy_device_to_device(dst.ptr, src.ptr, src.nbytes)

    @staticmethod
    def free(buf: Any) -> None:
        if not isinstance(buf, np.ndarray):
            buf.free()

    @staticmethod
    def truth(value: Any) -> bool:
        if isinstance(value, np.ndarray):
            return bool(value)
        return bool(value.download())


class ScanRunner:
    """Runs one `loop.scan` op; call it with the op's operands, get its results."""

    def __init__(self, op: loop.ScanOp, body: Callable[..., list[Any]], device: Any):
        self.body = body
        self.mem = _Memory(device)
        self.n_seqs, self.n_states = len(op.sequences), len(op.states)
        self.taps = op.state_taps()
        self.m = [max(-k for k in t) for t in self.taps]
        self.n_outputs = len(op.res) - self.n_states
        self.until = op.until is not None
        self.where = f"scan at {location_str(op)}"

    def __call__(self, n: int, *operands: Any) -> list[Any]:
        ns, nst = self.n_seqs, self.n_states
        seqs = operands[:ns]
        inits = operands[ns : ns + nst]
        consts = list(operands[ns + nst :])
        self._check(n, seqs, inits)
        bufs: list[Any] = []
        t = 0
        while t < n:
            args = [self.mem.row(s, t) for s in seqs]
            for k, taps in enumerate(self.taps):
                src = inits[k] if t == 0 else bufs[k]
                args += [self._tap(src, bufs, k, t, tap) for tap in taps]
            results = self.body(*args, *consts)
            if t == 0:
                bufs = self._allocate(n, inits, results)
            stop = self._store(bufs, results, t)
            t += 1
            if stop:
                break
            if t == 1 and all(isinstance(b, np.ndarray) for b in (*seqs, *bufs, *consts)):
                t = self._host_steps(n, seqs, bufs, consts)
                break
        if t < n:  # until: only the rows of the steps done
            bufs = [self.mem.rows(b, t + (self.m[k] if k < nst else 0)) for k, b in enumerate(bufs)]
        return bufs

    def _host_steps(self, n: int, seqs: Sequence[Any], bufs: list[Any], consts: list) -> int:
        """Steps 1.. when every buffer is a host array (the CPU): the same as the general
        loop with the per-step work cut to indexing; returns the number of steps done."""
        nst, body, until = self.n_states, self.body, self.until
        ell = Ellipsis
        taps = [(bufs[k], self.m[k] + tap) for k, ts in enumerate(self.taps) for tap in ts]
        dests = [(b, self.m[k] if k < nst else 0, b.shape[1:]) for k, b in enumerate(bufs)]
        for t in range(1, n):
            args = [s[t, ell] for s in seqs]
            args += [b[t + off, ell] for b, off in taps]
            results = body(*args, *consts)
            for (b, off, shape), y in zip(dests, results):
                if y.shape != shape:
                    self._store(bufs, results, t)  # raises, naming the output
                b[t + off] = y
            if until and bool(results[-1]):
                return t + 1
        return n

    def _tap(self, init: Any, bufs: list[Any], k: int, t: int, tap: int) -> Any:
        row = t + self.m[k] + tap
        if t == 0:
            return self.mem.row(init, row)
        return self.mem.row(bufs[k], row)

    def _check(self, n: int, seqs: Sequence[Any], inits: Sequence[Any]) -> None:
        if n <= 0:
            raise ShapeError(
                f"{self.where}: n_steps is {n}; scan runs at least one step (Theano raises "
                "for 0 and negative step counts)"
            )
        for i, s in enumerate(seqs):
            if s.shape[0] < n:
                raise ShapeError(
                    f"{self.where}: sequence {i} has {s.shape[0]} steps, shorter than the "
                    f"{n} steps required"
                )
        for k, s in enumerate(inits):
            if s.shape[0] < self.m[k]:
                raise ShapeError(
                    f"{self.where}: the initial value of state {k} has {s.shape[0]} rows; its "
                    f"taps {self.taps[k]} need {self.m[k]}"
                )

    def _allocate(self, n: int, inits: Sequence[Any], results: Sequence[Any]) -> list[Any]:
        bufs = []
        for k, init in enumerate(inits):
            b = self.mem.empty((self.m[k] + n, *init.shape[1:]), init.dtype)
            for r in range(self.m[k]):
                self.mem.store(self.mem.row(b, r), self.mem.row(init, r))
            bufs.append(b)
        for j in range(self.n_outputs):
            y = results[self.n_states + j]
            bufs.append(self.mem.empty((n, *y.shape), y.dtype))
        return bufs

    def _store(self, bufs: list[Any], results: Sequence[Any], t: int) -> bool:
        """Copy step t's results into their rows; whether the until condition holds."""
        for k, (b, y) in enumerate(zip(bufs, results)):
            row = t + (self.m[k] if k < self.n_states else 0)
            if tuple(y.shape) != tuple(b.shape[1:]):
                what = f"state {k}" if k < self.n_states else f"output {k - self.n_states}"
                raise ShapeError(
                    f"{self.where}: at step {t}, {what} of fn has shape {tuple(y.shape)}, "
                    f"earlier steps gave {tuple(b.shape[1:])}; the shape of a scan output "
                    "may not change between steps"
                )
            self.mem.store(self.mem.row(b, row), y)
        stop = self.until and self.mem.truth(results[-1])
        for y in results:
            self.mem.free(y)
        return stop


class IfRunner:
    """Runs one `loop.if` op: evaluates the condition, calls one branch."""

    def __init__(self, then_fn: Callable[..., list[Any]], else_fn: Callable[..., list[Any]],
                 device: Any):  # fmt: skip
        self.then_fn, self.else_fn = then_fn, else_fn
        self.mem = _Memory(device)

    def __call__(self, cond: Any, *args: Any) -> list[Any]:
        if self.mem.truth(cond):
            return self.then_fn(*args)
        return self.else_fn(*args)


__all__ = ["ScanRunner", "IfRunner"]
