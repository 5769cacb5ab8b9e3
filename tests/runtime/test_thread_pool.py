"""CPU kernels on the thread pool (cpu-parallel-kernels, loop.parallel_for,
arignote.runtime.cpu.pool) and the recycling of large host buffers.

Rules followed: a parallel region computes every output with the same ops in the same
order as one thread does, so results are compared *bitwise* between 1 and 2 threads, and
with NumPy references (float64) at float32 tolerance (rtol 1e-5, atol 1e-6) on fresh
random inputs.  `config.num_threads` is not a Theano flag (Theano's `openmp` did the
same job and still has no effect here); values below 1 are refused.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

import numpy as np
import pytest

import arignote
import arignote.tensor as T
from arignote.config import apply_flags, config
from arignote.runtime.cpu import compile_llvm_ir
from arignote.runtime.cpu.pool import pool

RNG = np.random.default_rng()


@pytest.fixture
def threads():
    """Restore config.num_threads after a test that changes it."""
    old = config.num_threads
    yield
    config.num_threads = old


def _both(f, *args):
    """f's results with 1 and with 2 threads."""
    config.num_threads = 1
    one = f(*args)
    config.num_threads = 2
    two = f(*args)
    return np.array(one), np.array(two)


# -- the native pool on its own ----------------------------------------------------------

# body(ctx, lo, hi) adds 1 to counts[i] for i in [lo, hi) (atomically: a bug that ran a
# chunk twice or on two threads must show as a 2)
_COVER = r"""
declare void @arignote_parallel_for(ptr, ptr, i64, i64)
define internal void @body(ptr %ctx, i64 %lo, i64 %hi) {
entry:
  %a = load ptr, ptr %ctx
  br label %h
h:
  %i = phi i64 [%lo, %entry], [%i1, %b]
  %c = icmp slt i64 %i, %hi
  br i1 %c, label %b, label %e
b:
  %p = getelementptr i64, ptr %a, i64 %i
  %old = atomicrmw add ptr %p, i64 1 monotonic
  %i1 = add i64 %i, 1
  br label %h
e:
  ret void
}
define void @cover(ptr %a, i64 %n, i64 %g) {
  %ctx = alloca ptr
  store ptr %a, ptr %ctx
  call void @arignote_parallel_for(ptr @body, ptr %ctx, i64 %n, i64 %g)
  ret void
}
"""


@pytest.fixture(scope="module")
def cover():
    m = compile_llvm_ir(_COVER)
    fn = m.function("cover", [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64])
    fn.module = m  # keep the engine alive
    return fn


@pytest.mark.parametrize("n", [0, 1, 2, 7, 64, 1000, 4099, 100_003])
@pytest.mark.parametrize("grain", [0, 1, 3, 64, 1 << 40])
def test_chunks_cover_the_range_once(cover, threads, n, grain):
    for t in (1, 2, 3):
        config.num_threads = t
        counts = np.zeros(n, np.int64)
        cover(counts.ctypes.data, n, grain)
        assert np.array_equal(counts, np.ones(n, np.int64)), (t, n, grain)


def test_workers_take_part(cover, threads):
    """8 chunks per region; a worker on an idle core joins within microseconds, one
    sharing a busy core (the test suite beside another process) a little later: regions
    run until a worker has taken a chunk, for at most 10 s."""
    import time

    config.num_threads = 2
    before = pool().stats()
    counts = np.zeros(2_000_000, np.int64)
    deadline, runs = time.monotonic() + 10, 0
    while pool().stats()["worker_chunks"] == before["worker_chunks"]:
        assert time.monotonic() < deadline, "no worker took a chunk in 10 s"
        cover(counts.ctypes.data, counts.size, 1000)
        runs += 1
    assert np.all(counts == runs)
    assert pool().stats()["regions"] - before["regions"] == runs


def test_one_thread_runs_on_the_caller(cover, threads):
    config.num_threads = 1
    before = pool().stats()
    counts = np.zeros(1_000_000, np.int64)
    cover(counts.ctypes.data, counts.size, 1)
    assert pool().stats() == before
    assert np.all(counts == 1)


# -- kernels from the pipeline -------------------------------------------------------------


def _ref_chain(a):
    a = a.astype(np.float64)
    return np.exp(-a * a) * np.sin(3 * a) + 0.5 * np.tanh(a) - a / (1 + a * a)


def test_elementwise_chain(threads):
    x = T.vector("x")
    y = T.exp(-x * x) * T.sin(3 * x) + 0.5 * T.tanh(x) - x / (1 + x * x)
    f = arignote.function([x], y)
    for n in (1, 65_535, 65_537, 1_000_003):
        a = RNG.standard_normal(n).astype("float32")
        one, two = _both(f, a)
        assert np.array_equal(one, two)
        np.testing.assert_allclose(two, _ref_chain(a), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape", [(3, 100_000), (1000, 300), (100_000, 3)])
def test_rows_and_reductions(threads, shape):
    m = T.matrix("m")
    v = T.vector("v")
    outs = [m * v + 1, T.sum(m, axis=1), T.max(m, axis=0), T.nnet.softmax(m)]
    f = arignote.function([m, v], outs)
    a = RNG.standard_normal(shape).astype("float32")
    b = RNG.standard_normal(shape[1]).astype("float32")
    config.num_threads = 1
    one = [np.array(o) for o in f(a, b)]
    config.num_threads = 2
    two = [np.array(o) for o in f(a, b)]
    for p, q in zip(one, two):
        assert np.array_equal(p, q)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    e = np.exp(a64 - a64.max(axis=1, keepdims=True))
    refs = [a64 * b64 + 1, a64.sum(axis=1), a64.max(axis=0), e / e.sum(axis=1, keepdims=True)]
    # The row sums' rounding is bounded by n * eps * sum(|row|), not by eps relative to
    # a result that cancellation can make small (a 300-term row summing to -0.0039 was
    # off by 1.3e-5, 3e-3 relative); the other outputs are well conditioned.
    n = shape[1]
    sum_bound = n * np.finfo(np.float32).eps * np.abs(a64).sum(axis=1)
    np.testing.assert_array_less(np.abs(two[1] - refs[1]), sum_bound + 1e-30)
    for k in (0, 2, 3):
        np.testing.assert_allclose(two[k], refs[k], rtol=1e-4, atol=1e-5)


def test_kernels_split_in_the_cpu_pipeline():
    x = T.vector("x")
    f = arignote.function([x], T.sin(x) + 1)
    assert "loop.parallel_for" in f.ir("kernels")


def test_concurrent_host_threads(threads):
    """Two Python threads in parallel regions at once: one gets the pool, the other runs
    its region alone; both results are right."""
    config.num_threads = 2
    x = T.vector("x")
    f = arignote.function([x], T.tanh(x) * 2)
    inputs = [RNG.standard_normal(500_000).astype("float32") for _ in range(4)]
    errors: list[BaseException] = []

    def work(a):
        try:
            for _ in range(10):
                np.testing.assert_allclose(f(a), np.tanh(a.astype(np.float64)) * 2, rtol=1e-5)
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    ts = [threading.Thread(target=work, args=(a,)) for a in inputs]
    for t in ts:
        t.start()
    for t in ts:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in ts)
    assert not errors, errors[0]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_child_starts_its_own_workers(threads):
    """After fork() the parent's workers do not exist in the child: it must not wait for
    them (a hang), and it gets its own."""
    config.num_threads = 2
    x = T.vector("x")
    f = arignote.function([x], T.exp(x) - 1)
    a = RNG.standard_normal(1_000_000).astype("float32")
    f(a)  # the parent's workers are running
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        ok = False
        try:
            before = pool().stats()["regions"]
            ok = np.allclose(f(a), np.expm1(a.astype(np.float64)), rtol=1e-5, atol=1e-6)
            ok = ok and pool().stats()["regions"] == before + 1
        finally:
            os._exit(0 if ok else 1)
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        time.sleep(0.05)
    os.kill(pid, 9)
    pytest.fail("the forked child hung in a parallel region")


# -- configuration ----------------------------------------------------------------------


def test_num_threads_setting(threads):
    config.num_threads = 3
    assert pool().threads == 3
    apply_flags(config, {"num_threads": "1"}, "ARIGNOTE_FLAGS")
    assert config.num_threads == 1 and pool().threads == 1
    for bad in (0, -2, 1.5, True, "2"):
        with pytest.raises(ValueError, match="num_threads must be an integer >= 1"):
            config.num_threads = bad
    with pytest.raises(ValueError, match="ARIGNOTE_FLAGS: num_threads must be an integer"):
        apply_flags(config, {"num_threads": "many"}, "ARIGNOTE_FLAGS")


# -- recycling of large host buffers (returned and temporary) ------------------------------


def test_large_outputs_are_recycled_only_when_let_go():
    x = T.vector("x")
    f = arignote.function([x], x * 2)
    a = RNG.standard_normal(2_000_000).astype("float32")  # 8 MB
    assert ".take(" in f.compiled.host.source
    first = f(a)
    held_ptr = first.ctypes.data
    second = f(a)  # `first` is still held: a new buffer
    assert second.ctypes.data != held_ptr
    np.testing.assert_array_equal(first, a * 2)
    ptr = second.ctypes.data
    del first, second
    third = f(a + 1)  # the last buffer was let go: reused, with the new values
    assert third.ctypes.data == ptr
    np.testing.assert_array_equal(third, (a + 1) * 2)
    view = third[::2]
    del third
    fourth = f(a)  # a view keeps the buffer alive: not reused
    assert fourth.ctypes.data != ptr
    np.testing.assert_array_equal(view, ((a + 1) * 2)[::2])
    np.testing.assert_array_equal(fourth, a * 2)


def test_recycling_threshold():
    """Only host buffers of at least RECYCLE_BYTES (4 MiB) are recycled: a dynamic
    size is tested at run time, a static one when the program is built."""
    from arignote.runtime.host import RECYCLE_BYTES

    x = T.vector("x")
    f = arignote.function([x], [x + 1, T.sum(x)])
    src = f.compiled.host.source
    assert f" >= {RECYCLE_BYTES // 4}" in src  # float32 elements
    assert src.count(".take(") == 1  # the scalar sum is not recycled
    a = np.ones(10, "float32")
    first = f(a)[0]
    first[0] = 5
    assert f(a)[0][0] == 2 and first[0] == 5


def test_large_temporaries_are_recycled_after_dealloc():
    """A large temporary (the gemm's output, read by the tanh kernel and freed) comes
    from its own recycler: the buffer freed by one call is the next call's, and the
    results stay right."""
    from arignote.runtime.host import _Recycler

    a_, b_ = T.matrix("A"), T.matrix("B")
    f = arignote.function([a_, b_], T.tanh(T.dot(a_, b_)) + 1)
    host = f.compiled.host
    assert host.source.count(".take(") == 2  # the temporary and the result
    a = RNG.standard_normal((1100, 40)).astype("float32")
    b = RNG.standard_normal((40, 1000)).astype("float32")  # the product: 4.4 MB
    r1 = f(a, b)
    (temp,) = [v for v in host.ns.values() if isinstance(v, _Recycler) and v.last is not r1]
    ptr = temp.last.ctypes.data
    r2 = f(a * 2, b)
    assert temp.last.ctypes.data == ptr  # freed at the end of call 1: reused
    np.testing.assert_allclose(r1, np.tanh(a @ b) + 1, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(r2, np.tanh((a * 2) @ b) + 1, rtol=1e-5, atol=1e-5)
    held = temp.last  # somebody holds the temporary's buffer: the next call takes a new one
    f(a, b)
    assert temp.last.ctypes.data != held.ctypes.data


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
