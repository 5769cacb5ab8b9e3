"""The CPU thread pool that `loop.parallel_for` runs on: `arignote_parallel_for`.

    void arignote_parallel_for(void (*body)(void *ctx, int64_t lo, int64_t hi),
                               void *ctx, int64_t n, int64_t grain);

calls `body(ctx, lo, hi)` for chunks [lo, hi) that cover [0, n) once, each at least
`grain` long except the last, and returns when all have returned.  Like the gemm wrappers
(`arignote.runtime.cpu.support`) it is a small LLVM module compiled once per process and
bound for the JIT by name; it runs on pthreads and touches no Python object, so kernels
run it with the GIL released.

- One thread, `n < 2 * grain`, or the pool busy with another region (a second host
  thread, or a body that itself runs a parallel region) -> `body(ctx, 0, n)` on the
  calling thread.
- Otherwise the caller publishes the job under the pool's mutex, wakes the workers
  (a condition variable), and it and every worker that joins claim chunks of
  `max(grain, ceil(n / (4 * threads)))` iterations from one atomic counter until none
  are left.  When the caller runs out of chunks it cancels the seats no worker has taken
  yet and waits for the workers that joined.
- Workers are started on first use (`config.num_threads - 1` of them: the caller is a
  thread too).  Between regions a worker spins for SPIN_CYCLES (yielding its core to
  any other runnable thread), then sleeps on the condition variable; the caller waits
  for the workers the same way.  A child made by
  `os.fork()` resets the pool (an `os.register_at_fork` hook; glibc keeps
  `pthread_atfork` out of its shared library) and starts its own workers.

`Pool.stats()` counts the regions run in parallel and the chunks the workers ran (the
tests check that the workers take part).
"""

from __future__ import annotations

import ctypes
import os
import threading

import llvmlite.binding as llvm

from arignote.lowering.kernel_abi import PARALLEL_FOR


#: how long (in cycle-counter ticks: ~40 us at 2.5 GHz) a worker spins for the next
#: region, and the caller for the workers' end, before sleeping on a condition variable:
#: back-to-back kernels then start without a wake-up (tens of us on this machine)
SPIN_CYCLES = 100_000

#: `int64_t arignote_pool_threads(void)`: the threads a parallel region runs on now
#: (config.num_threads), for callers that split work themselves (the gemm wrappers)
POOL_THREADS = "arignote_pool_threads"

#: upper bound on config.num_threads
MAX_THREADS = 256

# pthread_mutex_t / pthread_cond_t storage: 128 bytes each, more than glibc (40/48),
# musl and macOS (64/48) use.
_SOURCE = r"""
%sync = type [16 x i64]

@mu = internal global %sync zeroinitializer, align 64
@wake = internal global %sync zeroinitializer, align 64
@done = internal global %sync zeroinitializer, align 64
@busy = internal global i32 0, align 64
@want = internal global i64 1, align 8
@started = internal global i64 0, align 8
@gen = internal global i64 0, align 8
@job_fn = internal global ptr null, align 8
@job_ctx = internal global ptr null, align 8
@job_n = internal global i64 0, align 8
@job_chunk = internal global i64 0, align 8
@joinable = internal global i64 0, align 8
@pending = internal global i64 0, align 8
@next = internal global i64 0, align 64
@regions = internal global i64 0, align 8
@worker_chunks = internal global i64 0, align 8

declare i32 @pthread_mutex_init(ptr, ptr)
declare i32 @pthread_mutex_lock(ptr)
declare i32 @pthread_mutex_unlock(ptr)
declare i32 @pthread_cond_init(ptr, ptr)
declare i32 @pthread_cond_wait(ptr, ptr)
declare i32 @pthread_cond_broadcast(ptr)
declare i32 @pthread_cond_signal(ptr)
declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare i32 @pthread_detach(ptr)
declare i64 @llvm.readcyclecounter()
declare i32 @sched_yield()

; fresh synchronisation objects and no workers (at init and in a forked child)
define internal void @reset() {
  %a = call i32 @pthread_mutex_init(ptr @mu, ptr null)
  %b = call i32 @pthread_cond_init(ptr @wake, ptr null)
  %c = call i32 @pthread_cond_init(ptr @done, ptr null)
  store i64 0, ptr @started
  store i64 0, ptr @joinable
  store atomic i64 0, ptr @pending monotonic, align 8
  store atomic i32 0, ptr @busy release, align 4
  ret void
}

define void @arignote_pool_reset() {
  call void @reset()
  ret void
}

define void @arignote_pool_set_threads(i64 %n) {
  store atomic i64 %n, ptr @want monotonic, align 8
  ret void
}

define i64 @arignote_pool_threads() {
  %n = load atomic i64, ptr @want monotonic, align 8
  ret i64 %n
}

define i64 @arignote_pool_stat(i32 %which) {
  %is_regions = icmp eq i32 %which, 0
  %p = select i1 %is_regions, ptr @regions, ptr @worker_chunks
  %v = load atomic i64, ptr %p monotonic, align 8
  ret i64 %v
}

; wait until (@var's value == %value) is %equal: spin for SPIN_CYCLES (yielding the
; core to any other runnable thread), then sleep on %cond; returns holding @mu.  The
; variables waited on (@gen, @pending) are read without the mutex while spinning, so
; every access to them is atomic.
define internal void @await(ptr %var, i64 %value, i1 %equal, ptr %cond) {
entry:
  %t0 = call i64 @llvm.readcyclecounter()
  br label %spin
spin:
  %vs = load atomic i64, ptr %var acquire, align 8
  %es = icmp eq i64 %vs, %value
  %oks = icmp eq i1 %es, %equal
  br i1 %oks, label %lock, label %spin_on
spin_on:
  %y = call i32 @sched_yield()
  %t = call i64 @llvm.readcyclecounter()
  %dt = sub i64 %t, %t0
  %more = icmp ult i64 %dt, SPIN_CYCLES
  br i1 %more, label %spin, label %sleep
lock:
  %l0 = call i32 @pthread_mutex_lock(ptr @mu)
  ret void
sleep:
  %l1 = call i32 @pthread_mutex_lock(ptr @mu)
  br label %check
check:
  %vw = load atomic i64, ptr %var acquire, align 8
  %ew = icmp eq i64 %vw, %value
  %okw = icmp eq i1 %ew, %equal
  br i1 %okw, label %done, label %wait
wait:
  %w = call i32 @pthread_cond_wait(ptr %cond, ptr @mu)
  br label %check
done:
  ret void
}

; claim chunks from @next until none are left; returns the number run
define internal i64 @run_chunks(ptr %fn, ptr %ctx, i64 %n, i64 %chunk) {
entry:
  br label %claim
claim:
  %count = phi i64 [ 0, %entry ], [ %count1, %body ]
  %lo = atomicrmw add ptr @next, i64 %chunk monotonic
  %more = icmp slt i64 %lo, %n
  br i1 %more, label %body, label %exit
body:
  %end = add i64 %lo, %chunk
  %short = icmp slt i64 %end, %n
  %hi = select i1 %short, i64 %end, i64 %n
  call void %fn(ptr %ctx, i64 %lo, i64 %hi)
  %count1 = add i64 %count, 1
  br label %claim
exit:
  ret i64 %count
}

; a worker: waits (@await) for a new generation, joins it while seats are left
define internal ptr @worker(ptr %arg) {
entry:
  %seen0 = ptrtoint ptr %arg to i64
  br label %idle
idle:
  %seen = phi i64 [ %seen0, %entry ], [ %g, %skip ], [ %g, %finished ]
  call void @await(ptr @gen, i64 %seen, i1 false, ptr @wake)
  br label %locked
locked:
  %g = load atomic i64, ptr @gen monotonic, align 8
  %seats = load i64, ptr @joinable
  %can = icmp sgt i64 %seats, 0
  br i1 %can, label %join, label %skip
skip:
  %u0 = call i32 @pthread_mutex_unlock(ptr @mu)
  br label %idle
join:
  %seats1 = sub i64 %seats, 1
  store i64 %seats1, ptr @joinable
  %fn = load ptr, ptr @job_fn
  %ctx = load ptr, ptr @job_ctx
  %n = load i64, ptr @job_n
  %chunk = load i64, ptr @job_chunk
  %u1 = call i32 @pthread_mutex_unlock(ptr @mu)
  %ran = call i64 @run_chunks(ptr %fn, ptr %ctx, i64 %n, i64 %chunk)
  %s = atomicrmw add ptr @worker_chunks, i64 %ran monotonic
  %l2 = call i32 @pthread_mutex_lock(ptr @mu)
  %p = atomicrmw sub ptr @pending, i64 1 acq_rel
  %last = icmp eq i64 %p, 1
  br i1 %last, label %signal, label %finished
signal:
  %sg = call i32 @pthread_cond_signal(ptr @done)
  br label %finished
finished:
  %u2 = call i32 @pthread_mutex_unlock(ptr @mu)
  br label %idle
}

; start workers until there are `count` (the caller holds @busy)
define internal void @start_workers(i64 %count) {
entry:
  %tid = alloca ptr, align 8
  br label %check
check:
  %have = load i64, ptr @started
  %enough = icmp sge i64 %have, %count
  br i1 %enough, label %exit, label %create
create:
  %g = load atomic i64, ptr @gen monotonic, align 8
  %arg = inttoptr i64 %g to ptr
  %rc = call i32 @pthread_create(ptr %tid, ptr null, ptr @worker, ptr %arg)
  %ok = icmp eq i32 %rc, 0
  br i1 %ok, label %created, label %exit
created:
  %t = load ptr, ptr %tid
  %d = call i32 @pthread_detach(ptr %t)
  %have1 = add i64 %have, 1
  store i64 %have1, ptr @started
  br label %check
exit:
  ret void
}

define void @arignote_parallel_for(ptr %fn, ptr %ctx, i64 %n, i64 %grain0) {
entry:
  %gpos = icmp sgt i64 %grain0, 0
  %grain = select i1 %gpos, i64 %grain0, i64 1
  %want = load atomic i64, ptr @want monotonic, align 8
  %one = icmp sle i64 %want, 1
  %half = sdiv i64 %n, 2
  %small = icmp slt i64 %half, %grain
  %serial = or i1 %one, %small
  br i1 %serial, label %alone, label %claim_pool
claim_pool:
  %xchg = cmpxchg ptr @busy, i32 0, i32 1 acquire monotonic
  %got = extractvalue { i32, i1 } %xchg, 1
  br i1 %got, label %pool, label %alone
alone:
  call void %fn(ptr %ctx, i64 0, i64 %n)
  ret void
pool:
  %workers_wanted = sub i64 %want, 1
  call void @start_workers(i64 %workers_wanted)
  %started = load i64, ptr @started
  %fewer = icmp slt i64 %started, %workers_wanted
  %workers = select i1 %fewer, i64 %started, i64 %workers_wanted
  %none = icmp eq i64 %workers, 0
  br i1 %none, label %release_alone, label %publish
release_alone:
  store atomic i32 0, ptr @busy release, align 4
  br label %alone
publish:
  %threads = add i64 %workers, 1
  %parts = mul i64 %threads, 4
  %parts1 = sub i64 %parts, 1
  %num = add i64 %n, %parts1
  %even = sdiv i64 %num, %parts
  %big = icmp sgt i64 %even, %grain
  %chunk = select i1 %big, i64 %even, i64 %grain
  %l0 = call i32 @pthread_mutex_lock(ptr @mu)
  store ptr %fn, ptr @job_fn
  store ptr %ctx, ptr @job_ctx
  store i64 %n, ptr @job_n
  store i64 %chunk, ptr @job_chunk
  store atomic i64 0, ptr @next monotonic, align 8
  store i64 %workers, ptr @joinable
  store atomic i64 %workers, ptr @pending monotonic, align 8
  %g = load atomic i64, ptr @gen monotonic, align 8
  %g1 = add i64 %g, 1
  store atomic i64 %g1, ptr @gen release, align 8
  %b = call i32 @pthread_cond_broadcast(ptr @wake)
  %u0 = call i32 @pthread_mutex_unlock(ptr @mu)
  %r = atomicrmw add ptr @regions, i64 1 monotonic
  %mine = call i64 @run_chunks(ptr %fn, ptr %ctx, i64 %n, i64 %chunk)
  %l1 = call i32 @pthread_mutex_lock(ptr @mu)
  %left = load i64, ptr @joinable
  store i64 0, ptr @joinable
  %p = atomicrmw sub ptr @pending, i64 %left acq_rel
  %u1 = call i32 @pthread_mutex_unlock(ptr @mu)
  call void @await(ptr @pending, i64 0, i1 true, ptr @done)
  %u2 = call i32 @pthread_mutex_unlock(ptr @mu)
  store atomic i32 0, ptr @busy release, align 4
  ret void
}
"""


def _source() -> str:
    return _SOURCE.replace("SPIN_CYCLES", str(SPIN_CYCLES))


class Pool:
    """The compiled pool module (kept alive with the process)."""

    def __init__(self, engine: llvm.ExecutionEngine, reset: ctypes._CFuncPtr):  # type: ignore[name-defined]
        self.engine = engine
        self.reset = reset  # the fork hook calls it: it lives as long as the pool
        addr = engine.get_function_address
        self._set_threads = ctypes.CFUNCTYPE(None, ctypes.c_int64)(
            addr("arignote_pool_set_threads")
        )
        self._stat = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_int32)(addr("arignote_pool_stat"))
        self.parallel_for_address = addr(PARALLEL_FOR)
        self.threads = 1

    def set_threads(self, n: int) -> None:
        """Run parallel regions on `n` threads (the caller and `n - 1` workers)."""
        self.threads = max(1, min(int(n), MAX_THREADS))
        self._set_threads(self.threads)

    def stats(self) -> dict[str, int]:
        """Regions run in parallel and chunks run by workers, since the process started."""
        return {"regions": self._stat(0), "worker_chunks": self._stat(1)}


_building = threading.Lock()
_pool: Pool | None = None


def pool() -> Pool:
    """The pool, compiled (or loaded from the compile cache: `jit.runtime_module`) and
    bound as `arignote_parallel_for` on first use, with `config.num_threads` threads.
    Thread-safe: a caller arriving while another thread builds it waits for that one."""
    global _pool
    p = _pool
    if p is None:
        with _building:
            if _pool is None:
                _pool = _build()
            p = _pool
    return p


def built() -> Pool | None:
    """The pool when it has been built (nothing is built)."""
    return _pool


def _build() -> Pool:
    from arignote.config import config
    from arignote.runtime.cpu.jit import runtime_module

    engine = runtime_module("pool", _source())
    reset = ctypes.CFUNCTYPE(None)(engine.get_function_address("arignote_pool_reset"))
    reset()
    # glibc keeps pthread_atfork out of its shared library; Python's hook runs in the
    # child of os.fork() (and multiprocessing's fork), before any other Python code
    os.register_at_fork(after_in_child=reset)
    p = Pool(engine, reset)
    llvm.add_symbol(PARALLEL_FOR, p.parallel_for_address)
    llvm.add_symbol(POOL_THREADS, engine.get_function_address(POOL_THREADS))
    p.set_threads(config.num_threads)
    return p


_warming = False


def build_in_background() -> None:
    """Start building the pool on a thread, once per process: the first CPU compile of a
    process calls this before its passes, and LLVM compiles the pool (the GIL released)
    while they run.  Nothing on a single core, where the thread would only take turns
    with the passes; a failure is left for the first `pool()` on the caller's thread to
    raise."""
    global _warming
    from arignote.config import config

    if _warming or _pool is not None or config.num_threads < 2:
        return
    _warming = True

    def build() -> None:
        try:
            pool()
        except Exception:  # noqa: BLE001 - pool() raises it again where it is needed
            pass

    threading.Thread(target=build, name="arignote-pool-build", daemon=True).start()


__all__ = [
    "MAX_THREADS",
    "PARALLEL_FOR",
    "POOL_THREADS",
    "Pool",
    "build_in_background",
    "built",
    "pool",
]
