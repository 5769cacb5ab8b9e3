"""The PTX emulator on LLVM-emitted kernels: results against NumPy, profiler counters,
fault detection, and the `GpuDevice` API of `EmuDevice`.

Tolerances: exact IEEE operations (add/mul/fma/sqrt.rn/conversions) are compared
bit-for-bit against NumPy float32 computations in the same order; libdevice functions
within 3 ulp (float32: documented max 1-2 ulp, plus the emulator's exactly evaluated
`.approx` instructions) and 2 ulp (float64) of a float64 / NumPy reference; reductions
and matmul within the standard bound 2 * K * eps32 * sum|a||b|.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from arignote.errors import DeviceError
from arignote.lowering.ptx import emit_ptx
from arignote.runtime.device import GpuDevice, KernelStats
from arignote.runtime.ptxemu import EmuDevice, PTXEmuError

sys.path.insert(0, str(Path(__file__).parent))
import ptxemu_kernels as K  # noqa: E402


@functools.lru_cache(maxsize=None)
def ptx_of(name: str, arch: str = "sm_80") -> str:
    return emit_ptx(getattr(K, name), arch)


def run(
    dev: EmuDevice,
    name: str,
    kernel: str,
    grid: tuple[int, ...],
    block: tuple[int, ...],
    *args: Any,
    arch: str = "sm_80",
    shared_bytes: int = 0,
) -> tuple[list[np.ndarray], KernelStats]:
    """Upload the array arguments, launch, and download every array argument again."""
    mod = dev.load_module(ptx_of(name, arch))
    ptrs: list[int | float] = []
    bufs: list[tuple[int, np.ndarray]] = []
    for a in args:
        if isinstance(a, np.ndarray):
            p = dev.alloc(a.nbytes)
            dev.copy_to_device(p, a)
            ptrs.append(p)
            bufs.append((p, a))
        else:
            ptrs.append(a)
    stats = dev.launch(mod, kernel, grid, block, ptrs, shared_bytes)  # type: ignore[arg-type]
    assert stats is not None
    outs = []
    for p, a in bufs:
        o = np.empty_like(a)
        dev.copy_to_host(o, p)
        outs.append(o)
    return outs, stats


def ulp_error(y: np.ndarray, ref: np.ndarray, dtype: Any) -> float:
    """Max |y - ref| in ulps of ref rounded to dtype; NaN/inf must match exactly."""
    y64 = y.astype(np.float64)
    nan_ref, nan_y = np.isnan(ref), np.isnan(y64)
    assert np.array_equal(nan_ref, nan_y), f"NaN mismatch at {np.flatnonzero(nan_ref != nan_y)[:5]}"
    inf = np.isinf(ref) | np.isinf(y64)
    assert np.array_equal(y64[inf], ref[inf].astype(dtype).astype(np.float64)), "inf mismatch"
    fin = ~(nan_ref | inf)
    ulp = np.spacing(np.abs(ref[fin]).astype(dtype)).astype(np.float64)
    return float(np.max(np.abs(y64[fin] - ref[fin]) / ulp)) if fin.any() else 0.0


@pytest.fixture
def dev() -> EmuDevice:
    # atomics in thread order: several tests here check that order exactly (the tests
    # set ARIGNOTE_EMU_ATOMIC_ORDER=shuffled for everything else)
    return EmuDevice(atomic_order="thread")


# ---------------------------------------------------------------------- numerics


def test_elementwise_libdevice_f32(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 3000  # not a multiple of the block size
    x = rng.uniform(-12, 12, n).astype(np.float32)
    # large arguments take sinf/cosf's Payne-Hanek path (local memory, carry chains)
    x[:16] = [1e6, -3e7, 1.5e5, 105616, 1e30, -1e38, 0, -0.0, np.inf, -np.inf, np.nan,
              1e-40, 88.7, -87.0, 3.4e38, 0.5]  # fmt: skip
    outs, _ = run(dev, "EW_MATH_F32", "ew_math_f32", ((n + 255) // 256,), (256,),
                  x, *[np.zeros(n, np.float32) for _ in range(5)], n)  # fmt: skip
    x64 = x.astype(np.float64)
    with np.errstate(all="ignore"):
        refs = [np.exp(x64), np.tanh(x64), np.log(x64), np.sin(x64), np.cos(x64)]
    for fname, ref, y in zip(["exp", "tanh", "log", "sin", "cos"], refs, outs[1:], strict=True):
        assert ulp_error(y, ref, np.float32) <= 3.0, fname


def test_elementwise_libdevice_f64_with_calls(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 1000
    x = rng.uniform(-20, 20, n)
    # |x| >= 2^31 makes sin/cos call the non-inlined .func __internal_trig_reduction_slowpathd
    x[:12] = [1e10, -1e15, 1e300, 2.0**31, 1e6, 0.0, -0.0, np.inf, np.nan, 700.0, -745.0, 1e-310]
    ptx = ptx_of("EW_MATH_F64")
    assert ".func" in ptx and "call.uni" in ptx
    outs, _ = run(dev, "EW_MATH_F64", "ew_math_f64", ((n + 127) // 128,), (128,),
                  x, *[np.zeros(n) for _ in range(5)], n)  # fmt: skip
    with np.errstate(all="ignore"):
        refs = [np.exp(x), np.tanh(x), np.log(x), np.sin(x), np.cos(x)]
    for fname, ref, y in zip(["exp", "tanh", "log", "sin", "cos"], refs, outs[1:], strict=True):
        assert ulp_error(y, ref, np.float64) <= 2.0, fname


def test_integer_division_and_broadcast_index(dev: EmuDevice, rng: np.random.Generator) -> None:
    M, N = 37, 29
    tot = M * N
    a = rng.standard_normal((M, N)).astype(np.float32)
    b = rng.standard_normal(N).astype(np.float32)
    p = rng.integers(-(2**31) + 1, 2**31 - 1, tot).astype(np.int32)
    q = rng.integers(-1000, 1000, tot).astype(np.int32)
    q[q == 0] = 7
    w = rng.integers(0, 2**64 - 1, tot, dtype=np.uint64)
    outs, _ = run(dev, "BCAST_INDEX", "bcast_index", ((tot + 127) // 128,), (128,),
                  a, b, np.zeros((M, N), np.float32), p, q, np.zeros(tot, np.int32),
                  np.zeros(tot, np.int32), w, np.zeros(tot, np.uint64), tot, N)  # fmt: skip
    assert np.array_equal(outs[2], a + b)
    p64, q64 = p.astype(np.int64), q.astype(np.int64)
    trunc_div = np.sign(p64) * np.sign(q64) * (np.abs(p64) // np.abs(q64))
    assert np.array_equal(outs[5], trunc_div.astype(np.int32))
    assert np.array_equal(outs[6], np.fmod(p, q))
    expect = (w // np.uint64(1000003)) + np.fmod(w.view(np.int64), q64).view(np.uint64)
    assert np.array_equal(outs[8], expect)


def test_f16_conversions_and_arithmetic(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 1000
    x = (rng.standard_normal(n) * 20).astype(np.float32)
    x[:4] = [70000.0, 1e-8, -0.0, 2.0**-20]  # overflow to inf, subnormal halves
    outs, _ = run(dev, "F16_CONV", "f16_conv", ((n + 255) // 256,), (256,),
                  x, np.zeros(n, np.float16), np.zeros(n, np.float32), n)  # fmt: skip
    with np.errstate(over="ignore"):
        h = (x * np.float32(3)).astype(np.float16)
        hh = (h.astype(np.float64) * h).astype(np.float16)  # correctly rounded f16 product
    hs = np.where(hh < np.float16(4), hh, np.float16(4))
    assert np.array_equal(outs[1].view(np.uint16), h.view(np.uint16))
    assert np.array_equal(outs[2], h.astype(np.float32) + hs.astype(np.float32))


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_block_reduce_shared_barrier_atomic(
    dev: EmuDevice, rng: np.random.Generator, arch: str
) -> None:
    n = 3000
    nb = (n + 255) // 256
    x = rng.standard_normal(n).astype(np.float32)
    partial, total0 = np.zeros(nb, np.float32), np.zeros(1, np.float32)
    outs, stats = run(dev, "BLOCK_REDUCE", "block_reduce", (nb,), (256,),
                      x, partial, total0, n, arch=arch)  # fmt: skip
    blocks = np.pad(x, (0, nb * 256 - n)).reshape(nb, 256).astype(np.float64)
    bound = 2 * 256 * np.finfo(np.float32).eps * np.abs(blocks).sum(1)
    assert np.all(np.abs(outs[1] - blocks.sum(1)) <= bound)
    # atomics run in thread order: the total is the sequential float32 sum of the partials
    total = np.float32(0)
    for v in outs[1]:
        total = np.float32(total + v)
    assert outs[2][0] == total
    assert stats.shared_bank_conflicts == 0


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_warp_shuffle_softmax(dev: EmuDevice, rng: np.random.Generator, arch: str) -> None:
    R, C = 37, 100
    x = (rng.standard_normal((R, C)) * 3).astype(np.float32)
    outs, _ = run(dev, "WARP_SOFTMAX", "warp_softmax", ((R + 3) // 4,), (32, 4),
                  x, np.zeros((R, C), np.float32), R, C, arch=arch)  # fmt: skip
    e = np.exp(x.astype(np.float64) - x.max(1, keepdims=True))
    ref = e / e.sum(1, keepdims=True)
    np.testing.assert_allclose(outs[1], ref, rtol=1e-5, atol=0)


def test_tiled_matmul(dev: EmuDevice, rng: np.random.Generator) -> None:
    M, N, Kd = 50, 70, 45  # none a multiple of the 16x16 tile
    A = rng.standard_normal((M, Kd)).astype(np.float32)
    B = rng.standard_normal((Kd, N)).astype(np.float32)
    grid = ((N + 15) // 16, (M + 15) // 16)
    outs, stats = run(dev, "MATMUL_TILED", "matmul_tiled", grid, (16, 16),
                      A, B, np.zeros((M, N), np.float32), M, N, Kd)  # fmt: skip
    ref = A.astype(np.float64) @ B.astype(np.float64)
    bound = 2 * Kd * np.finfo(np.float32).eps * (np.abs(A).astype(np.float64) @ np.abs(B))
    assert np.all(np.abs(outs[2] - ref) <= bound)
    assert stats.shared_bank_conflicts == 0


@pytest.mark.parametrize("arch", ["sm_80", "sm_100"])
def test_vector_v4_loads_and_stores(dev: EmuDevice, rng: np.random.Generator, arch: str) -> None:
    nv = 1000
    x = rng.standard_normal(4 * nv).astype(np.float32)
    ptx = ptx_of("SCALE_V4", arch)
    if arch == "sm_80":
        assert "ld.global.v4.b32" in ptx and "st.global.v4.b32" in ptx
    else:  # sm_100: two 64-bit halves and packed mul.rn.f32x2 / add.rn.f32x2
        assert "ld.global.v2.b64" in ptx and "mul.rn.f32x2" in ptx
    outs, stats = run(dev, "SCALE_V4", "scale_v4", ((nv + 255) // 256,), (256,),
                      x, np.zeros(4 * nv, np.float32), 1.5, nv, arch=arch)  # fmt: skip
    ref = x * np.float32(1.5) + np.tile(np.arange(4, dtype=np.float32), nv)
    assert np.array_equal(outs[1], ref)
    # 16 bytes per thread: a full warp reads 512 bytes = 16 sectors per request
    assert stats.global_load_bytes == 16 * nv
    assert stats.global_load_sectors == 16 * nv // 32
    assert stats.global_load_requests == (nv + 31) // 32


def test_divergence_early_exit_and_loops(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 1000
    x = rng.standard_normal(n).astype(np.float32)
    outs, stats = run(dev, "DIVERGENT", "divergent", ((n + 255) // 256,), (256,),
                      x, np.full(n, -7, np.float32), n)  # fmt: skip
    i = np.arange(n)
    acc = np.zeros(n, np.float32)
    for k in range(4):
        acc = np.where(k < i % 5, acc * np.float32(0.5) + np.float32(1), acc)
    ref = np.where(x > 0, np.sqrt(np.maximum(x, 0)), x * np.float32(-2)) + acc
    ref = np.where(i % 7 == 3, np.float32(-7), ref)  # exited early: untouched
    assert np.array_equal(outs[1], ref.astype(np.float32))
    # divergent paths are issued separately: more warp instructions than a uniform run
    assert stats.thread_instructions < 32 * stats.instructions


def test_noninlined_function_call(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 777
    x = rng.standard_normal(n).astype(np.float32)
    assert ".func" in ptx_of("CALL_FUNC")
    outs, _ = run(dev, "CALL_FUNC", "call_func", ((n + 127) // 128,), (128,),
                  x, np.zeros(n, np.float32), n)  # fmt: skip
    k = (np.arange(n) & 3).astype(np.float32)
    assert np.array_equal(outs[1], (x * x) * k + np.float32(1))


def test_atomics_global_and_shared_in_thread_order(
    dev: EmuDevice, rng: np.random.Generator
) -> None:
    n = 700
    keys = rng.integers(0, 16, n).astype(np.int32)
    vals = rng.integers(-(2**31), 2**31 - 1, n).astype(np.int32)
    fv = rng.standard_normal(n).astype(np.float32)
    outs, _ = run(dev, "ATOMICS", "atomics", ((n + 255) // 256,), (256,),
                  keys, vals, fv, np.zeros(16, np.int32), np.full(16, -5, np.int32),
                  np.full(16, -1, np.int32), np.full(16, -3, np.int32), np.full(16, -1, np.int32),
                  np.zeros(16, np.float32), np.zeros(16, np.int32), np.zeros(n, np.int32),
                  n)  # fmt: skip
    hist = np.bincount(keys, minlength=16)
    present = [np.flatnonzero(keys == k) for k in range(16)]
    assert np.array_equal(outs[3], hist)  # atom.add.u32
    assert np.array_equal(outs[9], hist)  # shared atom.add, then a global one per block
    assert np.array_equal(outs[4], [max([-5, *vals[p]]) for p in present])  # atom.max.s32
    umin = [min([0xFFFFFFFF, *vals[p].view(np.uint32)]) for p in present]
    assert np.array_equal(outs[5].view(np.uint32), umin)  # atom.min.u32
    assert np.array_equal(outs[6], [p.max() if len(p) else -3 for p in present])  # exch: last
    assert np.array_equal(outs[7], [p.min() if len(p) else -1 for p in present])  # cas: first
    fsum = np.zeros(16, np.float32)
    for k, v in zip(keys, fv, strict=True):
        fsum[k] = np.float32(fsum[k] + v)
    assert np.array_equal(outs[8], fsum)  # atom.add.f32, sequential in thread order
    # the value atom.add returned: how many earlier threads had the same key
    assert np.array_equal(outs[10], [np.count_nonzero(keys[:j] == keys[j]) for j in range(n)])


def test_generic_addressing(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 500
    x = rng.standard_normal(n).astype(np.float32)
    ptx = ptx_of("GENERIC_ADDR")
    assert "cvta.shared" in ptx and re.search(r"\bld\.b32", ptx)
    outs, _ = run(dev, "GENERIC_ADDR", "generic_addr", ((n + 255) // 256,), (256,),
                  x, np.zeros(n, np.float32), n)  # fmt: skip
    i = np.arange(n)
    tid = i % 256
    xpad = np.pad(x, (0, 512 - n))
    from_smem = xpad[(i - tid) + (255 - tid)]
    assert np.array_equal(outs[1], np.float32(2) * np.where(i % 2 == 1, x, from_smem))


def test_local_memory_array(dev: EmuDevice, rng: np.random.Generator) -> None:
    idx = rng.integers(0, 8, 64).astype(np.int32)
    outs, _ = run(dev, "LOCAL_ARRAY", "local_array", (1,), (64,), idx, np.zeros(64, np.int32))
    base = 3 * np.arange(8)
    ref = [base.sum() - base[j] + t for t, j in enumerate(idx)]
    assert np.array_equal(outs[1], ref)


def test_warp_vote_shuffle_and_activemask(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 64
    x = rng.integers(-(10**9), 10**9, n).astype(np.int32)
    outs, _ = run(dev, "WARP_OPS", "warp_ops", (1,), (n,), x, np.full(10 * n, -1, np.int32))
    out = outs[1].reshape(n, 10)

    def shfl(mode: str, lane: int, b: int, c: int) -> int:  # the PTX ISA pseudocode
        seg, clamp = (c >> 8) & 31, c & 31
        max_lane = (lane & seg) | (clamp & ~seg)
        min_lane = lane & seg
        j = {"up": lane - b, "down": lane + b, "bfly": lane ^ b,
             "idx": min_lane | (b & ~seg)}[mode]  # fmt: skip
        ok = j >= max_lane if mode == "up" else j <= max_lane
        return j if ok else lane

    for t in range(n):
        w0, lane = t - t % 32, t % 32
        warp = x[w0 : w0 + 32]
        src = (lane * 7) & 31
        assert out[t, 0] == warp[shfl("up", lane, 3, 0)]
        assert out[t, 1] == warp[shfl("down", lane, 5, 31)]
        assert out[t, 2] == warp[shfl("idx", lane, src, 31)]
        assert out[t, 3] == warp[shfl("bfly", lane, 6, 31)]
        assert out[t, 4] == warp[shfl("idx", lane, src, 0x181F)]  # 8-lane segments
        ballot = sum(1 << k for k in range(32) if warp[k] > 0)
        assert out[t, 5] == np.array(ballot, np.uint32).view(np.int32)
        assert out[t, 6] == int(all(warp > -1_000_000))
        assert out[t, 7] == int(any(warp > 900_000_000))
        assert out[t, 8] == int(ballot in (0, 0xFFFFFFFF))
        assert out[t, 9] == (0x000FFFFF if lane < 20 else -1)


# ---------------------------------------------------------------------- counters


def test_coalescing_counters(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 4096
    x = rng.standard_normal(n * 8).astype(np.float32)
    outs, st = run(dev, "GATHER_STRIDED", "gather_strided", (n // 256,), (256,),
                   x[:n].copy(), np.zeros(n, np.float32), n, 1)  # fmt: skip
    assert np.array_equal(outs[1], x[:n])
    assert st.global_load_bytes == 4 * n  # every input byte read once
    assert st.global_load_requests == n // 32
    assert st.sectors_per_load_request == 4.0  # 32 lanes x 4 bytes = 4 sectors
    assert st.sectors_per_store_request == 4.0
    outs, st8 = run(dev, "GATHER_STRIDED", "gather_strided", (n // 256,), (256,),
                    x, np.zeros(n, np.float32), n, 8)  # fmt: skip
    assert np.array_equal(outs[1], x[::8])
    assert st8.sectors_per_load_request == 32.0  # one sector per lane
    assert st8.global_load_bytes == 4 * n and st8.sectors_per_store_request == 4.0
    assert st.instructions > 0 and st.thread_instructions == 32 * st.instructions
    assert st.seconds > 0


def test_bank_conflicts(dev: EmuDevice, rng: np.random.Generator) -> None:
    x = rng.standard_normal(1024).astype(np.float32)
    outs, st0 = run(dev, "SMEM_TRANSPOSE", "smem_transpose", (1,), (32, 32),
                    x, np.zeros(1024, np.float32), 0)  # fmt: skip
    assert np.array_equal(outs[1], x.reshape(32, 32).T.ravel())
    # reading a column of a 32x32 float tile: all 32 lanes in one bank, 31 extra
    # wavefronts for each of the 32 warps; the row-wise write is conflict-free
    assert st0.shared_bank_conflicts == 32 * 31
    outs, st1 = run(dev, "SMEM_TRANSPOSE", "smem_transpose", (1,), (32, 32),
                    x, np.zeros(1024, np.float32), 1)  # fmt: skip
    assert np.array_equal(outs[1], x.reshape(32, 32).T.ravel())
    assert st1.shared_bank_conflicts == 0  # padded rows


def test_profile_records_launches_and_transfers(dev: EmuDevice) -> None:
    x = np.arange(256, dtype=np.float32)
    run(dev, "COPY_OOB", "copy_oob", (1,), (256,), x, np.zeros(256, np.float32), 255)
    prof = dev.profile
    assert (prof.h2d_count, prof.h2d_bytes) == (2, 2048)
    assert (prof.d2h_count, prof.d2h_bytes) == (2, 2048)
    assert len(prof.launches) == 1 and prof.launches[0].kernel == "copy_oob"
    a, b = dev.alloc(64), dev.alloc(64)
    dev.copy_device_to_device(b, a, 64)
    assert (prof.d2d_count, prof.d2d_bytes) == (1, 64)
    prof.reset()
    assert list(prof.launches) == [] and prof.h2d_count == 0


# ---------------------------------------------------------------------- faults


def test_out_of_bounds_load_names_kernel_line_address_thread(dev: EmuDevice) -> None:
    n = 1000
    mod = dev.load_module(ptx_of("COPY_OOB"))
    x, y = dev.alloc(4 * n), dev.alloc(4 * n)
    with pytest.raises(PTXEmuError) as ei:
        dev.launch(mod, "copy_oob", (4, 1, 1), (256, 1, 1), [x, y, n])
    msg = str(ei.value)
    line = next(k + 1 for k, s in enumerate(ptx_of("COPY_OOB").splitlines()) if "ld.global" in s)
    assert "kernel 'copy_oob'" in msg
    assert f"0x{x + 4 * n:x}" in msg  # the first byte past x
    assert f"PTX line {line}" in msg and "ld.global.b32" in msg
    assert "thread (232,0,0) of block (3,0,0)" in msg  # global index 1000
    assert "past the end of allocation" in msg
    assert isinstance(ei.value, DeviceError)


def test_out_of_bounds_shared_and_local(dev: EmuDevice) -> None:
    x = np.ones(64, np.float32)
    outs, _ = run(dev, "SHARED_SHIFT", "shared_shift", (1,), (64,), x, np.zeros(64, np.float32), 0)
    assert np.array_equal(outs[1], x)
    with pytest.raises(PTXEmuError, match=r"out-of-bounds shared store .* thread \(63,0,0\)"):
        run(dev, "SHARED_SHIFT", "shared_shift", (1,), (64,), x, np.zeros(64, np.float32), 1)
    idx = np.zeros(64, np.int32)
    idx[5] = 8  # one past int[8]
    with pytest.raises(PTXEmuError, match=r"out-of-bounds local store .* thread \(5,0,0\)"):
        run(dev, "LOCAL_ARRAY", "local_array", (1,), (64,), idx, np.zeros(64, np.int32))


def test_red_zone_freed_memory_and_truncated_pointers(dev: EmuDevice) -> None:
    mod = dev.load_module(ptx_of("COPY_OOB"))
    a, b = dev.alloc(100), dev.alloc(100)
    assert a % 256 == 0 and b % 256 == 0 and a >= 1 << 36
    assert b - a >= 256 + 256  # a red zone separates them
    # 26 floats from a 100-byte buffer: the overrun lands in the red zone, not in b
    with pytest.raises(PTXEmuError, match="past the end of allocation"):
        dev.launch(mod, "copy_oob", (1,), (32,), [a, b, 25])
    dev.free(b)
    with pytest.raises(PTXEmuError, match="out-of-bounds global store"):
        dev.launch(mod, "copy_oob", (1,), (32,), [a, b, 3])  # b was freed
    with pytest.raises(PTXEmuError, match="below the global arena"):
        dev.launch(mod, "copy_oob", (1,), (32,), [a & 0xFFFFFFFF, a, 3])  # a 32-bit pointer


def test_deadlock_is_reported(dev: EmuDevice) -> None:
    mod = dev.load_module(ptx_of("DEADLOCK"))
    p = dev.alloc(128)
    with pytest.raises(PTXEmuError, match="deadlock"):
        dev.launch(mod, "deadlock", (1,), (32,), [p])


# ---------------------------------------------------------------------- device API


def test_device_protocol_and_module_cache(dev: EmuDevice) -> None:
    assert isinstance(dev, GpuDevice) and dev.name == "emu"
    m1 = dev.load_module(ptx_of("CALL_FUNC"))
    m2 = dev.load_module(ptx_of("CALL_FUNC"))
    assert m1 is m2 and m1.kernel_names() == ["call_func"]
    p = dev.alloc(16)
    assert dev.launch(m1, "call_func", (0, 1, 1), (128, 1, 1), [p, p, 4]) is None  # no-op
    assert list(dev.profile.launches) == []
    with pytest.raises(PTXEmuError, match=r"with 2 arguments; it takes 3"):
        dev.launch(m1, "call_func", (1,), (32,), [p, p])
    with pytest.raises(PTXEmuError, match="no kernel 'nope'"):
        dev.launch(m1, "nope", (1,), (32,), [p, p, 1])
    with pytest.raises(PTXEmuError, match="1024 threads"):
        dev.launch(m1, "call_func", (1,), (2048,), [p, p, 1])
    with pytest.raises(PTXEmuError, match="argument call_func_param_2"):
        dev.launch(m1, "call_func", (1,), (32,), [p, p, 1.5])
    limited = ptx_of("CALL_FUNC").replace(
        "call_func_param_2\n)", "call_func_param_2\n)\n.maxntid 64, 1, 1"
    )
    assert ".maxntid" in limited
    m3 = dev.load_module(limited)
    with pytest.raises(PTXEmuError, match=r"more threads than its .maxntid \[64, 1, 1\]"):
        dev.launch(m3, "call_func", (1,), (128,), [p, p, 1])
    host = np.zeros(8, np.float32)
    with pytest.raises(PTXEmuError, match="outside every live allocation"):
        dev.copy_to_host(host, p + 8)  # 32 bytes from a 16-byte buffer
    with pytest.raises(PTXEmuError, match="not a live allocation"):
        dev.free(p + 4)
    dev.synchronize()


def test_large_grid_runs_in_batches(dev: EmuDevice, rng: np.random.Generator) -> None:
    dev.max_lanes = 1024  # force many batches
    n = 20000
    x = rng.standard_normal(n).astype(np.float32)
    outs, st = run(dev, "COPY_OOB", "copy_oob", ((n + 255) // 256,), (256,),
                   x, np.zeros(n, np.float32), n - 1)  # fmt: skip
    assert np.array_equal(outs[1], x)
    assert st.global_load_bytes == 4 * n


# ---------------------------------------------------------------------- parse errors


def test_parse_errors_name_the_line(dev: EmuDevice) -> None:
    good = ptx_of("COPY_OOB").splitlines()
    k = next(i for i, s in enumerate(good) if "ld.global" in s)
    bad = good.copy()
    bad[k] = "\tld.global.b32 %r6, [%rd2;"
    with pytest.raises(PTXEmuError, match=rf"PTX line {k + 1}:"):
        dev.load_module("\n".join(bad))
    bad = good.copy()
    bad[k] = "\tfrobnicate.b32 %r6, %r6;"
    msg = rf"PTX line {k + 1}: unsupported PTX instruction 'frobnicate.b32'"
    with pytest.raises(PTXEmuError, match=msg):
        dev.load_module("\n".join(bad))
    bad = good.copy()
    bad[k] = "\tld.global.b32 %q6, [%rd2];"
    with pytest.raises(PTXEmuError, match=rf"PTX line {k + 1}: undeclared register"):
        dev.load_module("\n".join(bad))
    with pytest.raises(PTXEmuError, match="PTX line 2: unexpected character"):
        dev.load_module(".version 7.0\n.target sm_80 #\n")


def test_hand_written_ptx_rare_instructions(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 200
    x = rng.integers(0, 2**32, n, dtype=np.uint32)
    x[:6] = [0, 1, 0x7F800000, 0x00000123, 0x7FC00000, 0x80000000]  # 0, tiny, inf, subnormal, nan
    mod = dev.load_module(K.MISC_OPS_PTX)
    px, po = dev.alloc(x.nbytes), dev.alloc(64 * n)
    dev.copy_to_device(px, x)
    dev.copy_to_device(po, np.full(16 * n, 0xDEADBEEF, np.uint32))
    dev.launch(mod, "misc_ops", ((n + 63) // 64,), (64,), [px, po, n])
    out = np.zeros((n, 16), np.uint32)
    dev.copy_to_host(out, po)
    f = x.view(np.float32)
    M = 0xFFFFFFFF
    for i in range(n):
        v = int(x[i])
        sv = v - (1 << 32) if v >> 31 else v
        w0 = i - i % 32
        warp = [int(t) for t in x[w0 : min(w0 + 32, n)]]
        field = (v >> 3) & 0x1FF
        bfind_u = (v.bit_length() - 1 if v else M) & 0xFF  # bfind.u32, low byte
        mag = v if sv >= 0 else ~v & M  # bfind.shiftamt.s32 looks past the sign bits
        bfind_s = 31 - (mag.bit_length() - 1) if mag else M
        expect = {
            0: (M & ~(0x1F << 7)) | ((v & 0x1F) << 7),
            1: (field | (~0x1FF & M)) if field >> 8 else field,
            2: 111 if sv >= 0 else 222,
            3: int((v & 3) == 0),
            4: (int(np.isfinite(f[i])) | 2 * int(np.isfinite(f[i]) and abs(f[i]) >= 2.0**-126)
                | 4 * int(f[i] != 0 and abs(f[i]) < 2.0**-126) | 8 * int(np.isnan(f[i]))),
            5: (v & 0x0F0F0F0F) ^ i,
            6: sum(warp) & M,
            7: 5 + i,  # atom.inc in thread order from 5 (bound 1000 not reached)
            8: [10, 20, 30, 40][i & 3],
            9: 1,
            10: sum(1 << k for k, t in enumerate(warp) if t < 2**31),
            11: (int(f"{v:032b}"[::-1], 2) + bin(v).count("1") + 32 - v.bit_length()) & M,
            13: bfind_u | ((bfind_s << 8) & M),
        }  # fmt: skip
        src = v | (i << 32)
        prmt = 0
        for k, sel in enumerate([0xC, 0x1, 0xD, 0x4]):
            byte = (src >> (8 * (sel & 7))) & 0xFF
            prmt |= ((0xFF if byte >> 7 else 0) if sel & 8 else byte) << (8 * k)
        expect[12] = prmt
        if v % 11 != 5:
            s = min((i & 3) * 10, 32)
            expect[14] = (((i << 32) | v) >> s) & M
            with np.errstate(all="ignore"):
                q = np.float32(f[i]) / np.float32(3)
            expect[15] = int(np.array(q, np.float32).view(np.uint32))
        else:
            expect[14] = expect[15] = 0xDEADBEEF  # exited before writing
        for k, e in expect.items():
            if k == 15 and np.isnan(f[i]) and v % 11 != 5:  # (a thread that exited wrote nothing)
                assert np.isnan(out[i, k : k + 1].view(np.float32)[0])
                continue
            if k == 15 and v % 11 != 5 and np.isfinite(q):  # div.full.f32: within 2 ulp
                got_q = out[i, k : k + 1].view(np.float32)[0]
                assert abs(float(got_q) - float(q)) <= 2 * float(np.spacing(np.abs(q))), (i, got_q, q)
                continue
            assert int(out[i, k]) == e, (i, k, hex(v), hex(int(out[i, k])), hex(e))
    dsum = np.zeros(1)
    dev.copy_to_host(dsum, mod.global_addrs["dsum"])
    assert dsum[0] == float(sum(int(t) & 255 for t in x))
    counter = np.zeros(1, np.uint32)
    dev.copy_to_host(counter, mod.global_addrs["counter"])
    assert counter[0] == 5 + n


def test_long_same_address_atomic_chains(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 3000  # every thread hits the same few addresses
    x = rng.standard_normal(n).astype(np.float32)
    xd = rng.standard_normal(n)
    bits = np.zeros(6, np.uint64)
    bits[2] = np.uint64(2**64 - 1)
    bits[3] = np.uint64(3 << 32)  # inc counter 0 (low word), dec counter 3 (high word)
    outs, _ = run(dev, "ATOMIC_SUM", "atomic_sum", ((n + 255) // 256,), (256,),
                  x, xd, np.zeros(1, np.float32), np.zeros(1), np.zeros(1, np.int32),
                  np.zeros(n, np.int32), bits, n)  # fmt: skip
    tot, totd = np.float32(0), 0.0
    for v, vd in zip(x, xd, strict=True):
        tot = np.float32(tot + v)
        totd += vd
    assert outs[2][0] == tot and outs[3][0] == totd  # sequential, in thread order
    assert outs[4][0] == n and np.array_equal(outs[5], np.arange(n))
    b = outs[6]
    assert b[0] == np.uint64(2**64 - 1)  # or of every bit
    parity = sum(1 << k for k in range(64) if len(range(k, n, 64)) % 2)
    assert int(b[1]) == parity  # xor
    assert b[2] == 0  # and
    inc, dec = 0, 3
    for _ in range(n):
        inc = 0 if inc >= 100 else inc + 1
        dec = 7 if dec == 0 or dec > 7 else dec - 1
    assert int(b[3]) == inc | (dec << 32)
    assert int(b[4]) == 1 << 63  # umax
    assert int(b[5]) == 1  # cas(0 -> i): thread 0 writes 0, thread 1 writes 1, the rest fail


def test_cas_loop_atomic_max(dev: EmuDevice, rng: np.random.Generator) -> None:
    n = 2000
    x = rng.standard_normal(n).astype(np.float32)
    assert "atom.relaxed.sys.global.cas" in ptx_of("ATOMIC_FMAX")
    outs, _ = run(dev, "ATOMIC_FMAX", "atomic_fmax", ((n + 255) // 256,), (256,),
                  x, np.array([-np.inf], np.float32), n)  # fmt: skip
    assert outs[1][0] == x.max()


def test_scalar_parameter_packing(dev: EmuDevice) -> None:
    mod = dev.load_module(ptx_of("SCALAR_PARAMS"))
    assert ".b8 scalar_params_param_1[2]" in mod.ptx  # LLVM passes half as 2 bytes
    o = dev.alloc(32)
    bf = np.uint16(np.array(-2.75, np.float32).view(np.uint32) >> 16)  # bf16 bits, raw
    dev.launch(mod, "scalar_params", (1,), (1,), [o, 1.5, True, -3, -300, bf, 2.0**-40, 0.1])
    words = np.zeros(8, np.uint32)
    dev.copy_to_host(words, o)
    assert words[:6].view(np.float32)[0] == 1.5
    assert list(words[1:4].view(np.int32)) == [1, -3, -300]
    assert words[4:6].view(np.float32)[0] == -2.75
    assert words[4:6].view(np.float32)[1] == np.float32(0.1)
    assert words[6:8].view(np.float64)[0] == 2.0**-40
    with pytest.raises(PTXEmuError, match="does not fit in 8 bits"):
        dev.launch(mod, "scalar_params", (1,), (1,), [o, 1.5, 1, 300, 0, bf, 0.0, 0.0])


def test_dynamic_shared_memory(dev: EmuDevice, rng: np.random.Generator) -> None:
    assert ".extern .shared" in ptx_of("DYN_REVERSE")
    x = rng.standard_normal(4 * 96).astype(np.float32)
    outs, _ = run(dev, "DYN_REVERSE", "dyn_reverse", (4,), (96,), x, np.zeros_like(x),
                  shared_bytes=96 * 4)  # fmt: skip
    assert np.array_equal(outs[1], x.reshape(4, 96)[:, ::-1].ravel())
    with pytest.raises(PTXEmuError, match="out-of-bounds shared store"):
        run(dev, "DYN_REVERSE", "dyn_reverse", (4,), (96,), x, np.zeros_like(x), shared_bytes=64 * 4)


def test_shuffled_atomics_vary_the_order_and_keep_the_results(rng: np.random.Generator) -> None:
    """atomic_order="shuffled": same-address atomics resolve in a random order per launch
    (as on a GPU); integer results do not depend on it, float sums only by rounding."""
    n = 3000
    x = rng.standard_normal(n).astype(np.float32)
    xd = rng.standard_normal(n)
    sums = set()
    for _ in range(4):
        dev = EmuDevice(atomic_order="shuffled")
        bits = np.zeros(6, np.uint64)
        bits[2] = np.uint64(2**64 - 1)
        bits[3] = np.uint64(3 << 32)
        outs, _ = run(dev, "ATOMIC_SUM", "atomic_sum", ((n + 255) // 256,), (256,),
                      x, xd, np.zeros(1, np.float32), np.zeros(1), np.zeros(1, np.int32),
                      np.zeros(n, np.int32), bits, n)  # fmt: skip
        np.testing.assert_allclose(outs[2][0], x.astype(np.float64).sum(), atol=1e-3)
        np.testing.assert_allclose(outs[3][0], xd.sum(), rtol=1e-12, atol=1e-12)
        assert outs[4][0] == n and sorted(outs[5]) == list(range(n))  # a permutation
        sums.add((float(outs[2][0]), tuple(outs[5][:50])))
    assert len(sums) > 1  # the order changed between launches
    with pytest.raises(PTXEmuError, match="atomic_order must be 'thread' or 'shuffled'"):
        EmuDevice(atomic_order="random")
