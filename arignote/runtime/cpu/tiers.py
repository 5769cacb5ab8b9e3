"""Two tiers of native code: a program starts on quick code, O3 code replaces it.

`compile_llvm_ir(text, level=0)` (no optimisation passes, FastISel) costs a fraction of
O3 (W5b's 33 kernels: ~0.035 s against ~0.5 s).  `submit(text, install)` compiles the
same text at O3 on one background thread and calls `install(native)` there; the job's
`then(fn)` runs `fn` after that (at once, in the caller, if the job is done).  Both
tiers compute the same numbers bit for bit (no fast-math flags in arignote's kernels:
see docs/internals.md, "two tiers of native code").

llvmlite releases the GIL inside LLVM, so a job overlaps the program's first calls and
the Python passes of the next compile.  `wait()` blocks until every submitted job is
done; the pending jobs are finished at exit (they write the disk cache entries).  A job
whose O3 compile or install fails warns and leaves the quick code in place.

After `fork()` the child starts with no worker and no queue: jobs submitted before the
fork finish in the parent only (in the child they are done, failed, and the programs
keep the code they have).  The parent holds the JIT's lock and llvmlite's across the
fork, so the child never inherits LLVM (or a lock) in the middle of a compile.
"""

from __future__ import annotations

import atexit
import os
import queue
import threading
import warnings
from collections.abc import Callable
from typing import Any

from arignote.runtime.cpu import jit


class Job:
    """One O3 compile: `done` is set once it is installed (or failed: `error`) and what
    was waiting on it (`then`) has run."""

    def __init__(self, text: str, install: Callable[[Any], None]):
        self.text = text
        self.install = install
        self.done = threading.Event()
        self.error: BaseException | None = None
        self._after: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def then(self, fn: Callable[[], None]) -> None:
        """Run `fn` once the O3 code is installed (not at all if the job failed)."""
        with self._lock:
            if not self.done.is_set():
                self._after.append(fn)
                return
        if self.error is None:
            fn()

    def _run(self) -> None:
        try:
            self.install(jit.compile_llvm_ir(self.text, level=3))
        except BaseException as e:  # noqa: BLE001 - reported, the quick code stays
            self.error = e
            warnings.warn(
                f"arignote: the optimised (O3) code of a CPU program could not be made; "
                f"it keeps running its unoptimised code: {type(e).__name__}: {e}",
                RuntimeWarning,
                stacklevel=1,
            )
        while True:  # what waits on the job runs before `done` (wait() sees it done)
            with self._lock:
                after, self._after = self._after, []
                if not after:
                    self.done.set()
                    return
            if self.error is None:
                for fn in after:
                    try:
                        fn()
                    except Exception as e:  # noqa: BLE001 - e.g. a full disk: reported only
                        warnings.warn(
                            f"arignote: after an O3 compile: {e}", RuntimeWarning, stacklevel=1
                        )

    def wait(self, timeout: float | None = None) -> bool:
        return self.done.wait(timeout)


class _Worker:
    def __init__(self) -> None:
        self.jobs: queue.Queue[Job | None] = queue.Queue()
        self.pending: set[Job] = set()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def submit(self, job: Job) -> None:
        with self.lock:
            self.pending.add(job)
            if self.thread is None:
                self.thread = threading.Thread(target=self._loop, name="arignote-O3", daemon=True)
                self.thread.start()
        self.jobs.put(job)

    def _loop(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            try:
                job._run()
            except BaseException:  # noqa: BLE001 - (a callback's KeyboardInterrupt, say)
                pass  # the thread lives on: wait() and later jobs must not hang
            finally:
                job.done.set()
                with self.lock:
                    self.pending.discard(job)

    def wait(self) -> None:
        while True:
            with self.lock:
                jobs = list(self.pending)
            if not jobs:
                return
            for job in jobs:
                job.wait()


_worker = _Worker()


def submit(text: str, install: Callable[[Any], None]) -> Job:
    """Compile LLVM IR `text` at O3 in the background and `install` the module there."""
    job = Job(text, install)
    _worker.submit(job)
    return job


def wait() -> None:
    """Block until every O3 compile submitted so far is installed (or has failed)."""
    _worker.wait()


def pending() -> int:
    """How many submitted O3 compiles are not done yet."""
    with _worker.lock:
        return len(_worker.pending)


def _llvmlite_lock() -> Any:
    """llvmlite's own lock around every call into LLVM (an RLock; held by the tier thread
    for an address lookup or a module's disposal outside `jit._lock`)."""
    return jit.llvm.ffi.lib._lock._lock


def _before_fork() -> None:
    # No thread may be inside LLVM (or llvmlite) when the process forks: the child would
    # inherit the locks held by a thread it does not have (a multiprocessing worker
    # forked during an O3 compile hung on its first compile).
    jit._lock.acquire()
    _llvmlite_lock().acquire()


def _after_fork_parent() -> None:
    _llvmlite_lock().release()
    jit._lock.release()


def _after_fork_child() -> None:
    global _worker
    _llvmlite_lock().release()
    jit._lock.release()
    old, _worker = _worker, _Worker()
    for job in old.pending:  # (their worker is not in this process: they end here)
        job.error = RuntimeError("the process forked before the O3 code was ready")
        job._after = []
        job._lock = threading.Lock()
        job.done = threading.Event()
        job.done.set()


os.register_at_fork(
    before=_before_fork, after_in_parent=_after_fork_parent, after_in_child=_after_fork_child
)
atexit.register(wait)

__all__ = ["Job", "pending", "submit", "wait"]
