"""Run fuzz cases in forked worker processes, each case under a time limit.

A case is `(function, payload)` where `function(payload)` returns `(outcome, detail)`.  A case
that runs past the limit is a `hang` (its worker is killed and replaced); a worker that dies
is a `crash`.  Workers are forked from the caller (arignote already imported: cheap), limit
their address space (a mutant asking for a huge tensor fails with MemoryError instead of
eating the machine's memory) and use no disk compile cache.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

Case = tuple[Callable[[Any], tuple[str, str]], Any]

#: address-space limit of a worker (bytes)
MEMORY_LIMIT = 6 << 30


def _worker(conn: Connection, memory_limit: int) -> None:
    import contextlib
    import resource

    from arignote.config import config

    config.compiledir = "off"
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the tools print their outputs; the parent reads only the pipe
    os.dup2(devnull, 2)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        fn, payload = job
        try:
            result = fn(payload)
        except BaseException as e:  # noqa: BLE001 - a case function must not take the worker down
            result = ("internal", f"fuzz case raised {type(e).__name__}: {e}")
        conn.send(result)


class _Slot:
    def __init__(self, ctx: Any, memory_limit: int) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, memory_limit), daemon=True)
        self.proc.start()
        child.close()
        self.job: tuple[int, float] | None = None  # (case index, deadline)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()


def run_cases(
    cases: Iterable[Case], *, jobs: int = 1, timeout: float = 30.0,
    memory_limit: int = MEMORY_LIMIT,
) -> Iterator[tuple[int, str, str]]:  # fmt: skip
    """Run the cases; yield `(index, outcome, detail)` as they finish (any order)."""
    ctx = mp.get_context("fork")
    todo = iter(enumerate(cases))
    slots = [_Slot(ctx, memory_limit) for _ in range(max(1, jobs))]
    try:
        pending = True
        while True:
            for s in slots:
                if s.job is None and pending:
                    nxt = next(todo, None)
                    if nxt is None:
                        pending = False
                        break
                    i, case = nxt
                    s.conn.send(case)
                    s.job = (i, time.monotonic() + timeout)
            busy = [s for s in slots if s.job is not None]
            if not busy:
                return
            first = min(s.job[1] for s in busy if s.job is not None)
            ready = wait([s.conn for s in busy], timeout=max(0.0, first - time.monotonic()))
            for k, s in enumerate(slots):
                if s.job is None:
                    continue
                i, deadline = s.job
                if s.conn in ready:
                    try:
                        outcome, detail = s.conn.recv()
                    except (EOFError, OSError):
                        s.proc.join()
                        outcome, detail = "crash", f"worker died (exit code {s.proc.exitcode})"
                        slots[k] = _Slot(ctx, memory_limit)
                    else:
                        s.job = None
                    yield i, outcome, detail
                elif time.monotonic() > deadline:
                    s.kill()
                    slots[k] = _Slot(ctx, memory_limit)
                    yield i, "hang", f"no answer within {timeout:g} s"
    finally:
        for s in slots:
            s.kill()
