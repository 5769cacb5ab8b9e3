"""The CUDA runtime: probe, checked driver calls, argument packing, allocator; GPU tests.

Tests marked `gpu` need a real GPU (tests/conftest.py skips them when `probe()` is False)
and run the path a GPU user gets: PTX from emit_ptx loaded with cuModuleLoadDataEx,
launched with cuLaunchKernel, results compared with NumPy.  The others run anywhere.
"""

from __future__ import annotations

import ctypes
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from arignote.errors import ArgumentError, DeviceError
from arignote.lowering.ptx import emit_ptx, entry_params
from arignote.runtime.cuda import (
    CachingAllocator,
    CudaDriverMissing,
    CudaError,
    CudaLaunchError,
    CudaModuleError,
    CudaNoDevice,
    CudaOutOfMemory,
    bucket_size,
    call,
    check,
    get_device,
    pack_args,
    probe,
)
from arignote.runtime.cuda.device import dim3, jit_options

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lowering"))
from test_ptx_samples import (  # noqa: E402
    EW_F32,
    EW_F64,
    INT_I32,
    REDUCE_F32,
    ew_f32_ref,
    ew_f64_ref,
    int_i32_ref,
    reduce_f32_ref,
)

GPU_OK, GPU_WHY = probe()
no_gpu_only = pytest.mark.skipif(GPU_OK, reason="a GPU answers here")


def _cu():  # noqa: ANN202
    from cuda.bindings import driver

    return driver


# --- probe and get_device ---------------------------------------------------------------


def test_probe_never_raises_and_explains() -> None:
    ok, why = probe()
    assert isinstance(ok, bool) and isinstance(why, str) and why
    assert ok == GPU_OK


@no_gpu_only
def test_probe_without_driver_names_the_driver() -> None:
    ok, why = probe()
    assert ok is False
    assert "cuInit" in why and ("driver" in why or "CUDA_ERROR" in why)


@no_gpu_only
@pytest.mark.parametrize("spec", ["cuda", "cuda0", "cuda1", "cuda:0"])
def test_get_device_without_gpu_raises_one_line_device_error(spec: str) -> None:
    with pytest.raises(DeviceError) as info:
        get_device(spec)
    msg = str(info.value)
    assert msg.startswith(f"device {spec!r} requested but no GPU answers: ")
    assert msg.removeprefix(f"device {spec!r} requested but no GPU answers: ") != ""
    assert "\n" not in msg


def test_get_device_rejects_bad_spec() -> None:
    with pytest.raises(DeviceError, match="device 'gpu0': expected 'cuda', 'cudaN' or 'cuda:N'"):
        get_device("gpu0")


def test_devices_registry_routes_cuda_here() -> None:
    from arignote.runtime.devices import get_gpu_device

    if GPU_OK:
        assert get_gpu_device("cuda").name == "cuda:0"
    else:
        with pytest.raises(DeviceError, match="device 'cuda' requested but no GPU answers"):
            get_gpu_device("cuda")


# --- the checked-call helper -------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "cls"),
    [
        ("CUDA_ERROR_OUT_OF_MEMORY", CudaOutOfMemory),
        ("CUDA_ERROR_ILLEGAL_ADDRESS", CudaLaunchError),
        ("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", CudaLaunchError),
        ("CUDA_ERROR_LAUNCH_FAILED", CudaLaunchError),
        ("CUDA_ERROR_INVALID_PTX", CudaModuleError),
        ("CUDA_ERROR_UNSUPPORTED_PTX_VERSION", CudaModuleError),
        ("CUDA_ERROR_NO_DEVICE", CudaNoDevice),
        ("CUDA_ERROR_STUB_LIBRARY", CudaNoDevice),
        ("CUDA_ERROR_INVALID_VALUE", CudaError),
    ],
)
def test_check_maps_curesult_to_exception(result: str, cls: type[CudaError]) -> None:
    err = getattr(_cu().CUresult, result)
    with pytest.raises(cls) as info:
        check("cuSomething", (err, None))
    assert type(info.value) is cls
    assert str(info.value).startswith(f"cuSomething: {result}")
    assert info.value.call == "cuSomething" and info.value.result == result
    assert isinstance(info.value, DeviceError)


def test_check_launch_failure_names_the_kernel() -> None:
    err = _cu().CUresult.CUDA_ERROR_INVALID_VALUE
    wanted = r"cuLaunchKernel: CUDA_ERROR_INVALID_VALUE.*kernel 'k'.*grid"
    with pytest.raises(CudaLaunchError, match=wanted):
        check("cuLaunchKernel", (err,), kernel="k", context="grid (1, 1, 1)")


def test_check_returns_the_values_on_success() -> None:
    ok = _cu().CUresult.CUDA_SUCCESS
    assert check("cuX", (ok,)) is None
    assert check("cuX", ok) is None
    assert check("cuX", (ok, 42)) == 42
    assert check("cuX", (ok, 1, 2)) == (1, 2)


def test_sticky_fault_after_launch_names_the_kernels() -> None:
    """A fault that surfaces at a later call (sync, copy) names the unsynchronised kernels."""
    from arignote.runtime.cuda.device import _faults_name_kernels

    cu = _cu()

    class Stream:
        _unsynced_kernels = ["ew_f32", "reduce_f32"]

        @_faults_name_kernels
        def synchronize(self, result: str) -> None:
            check("cuStreamSynchronize", (getattr(cu.CUresult, result),))

    with pytest.raises(CudaLaunchError) as info:
        Stream().synchronize("CUDA_ERROR_ILLEGAL_ADDRESS")
    assert str(info.value).startswith("cuStreamSynchronize: CUDA_ERROR_ILLEGAL_ADDRESS")
    assert "launched since the last synchronize: 'ew_f32', 'reduce_f32'" in str(info.value)
    with pytest.raises(CudaError) as other:  # not a kernel fault: passed through unchanged
        Stream().synchronize("CUDA_ERROR_INVALID_HANDLE")
    assert type(other.value) is CudaError and "launched since" not in str(other.value)


@no_gpu_only
def test_call_without_driver_raises_driver_missing() -> None:
    with pytest.raises(CudaDriverMissing, match=r"^cuMemAlloc: no NVIDIA driver"):
        call("cuMemAlloc", 1024)


@no_gpu_only
def test_driver_calls_accept_the_runtime_argument_types() -> None:
    """Every argument shape CudaDevice passes gets through cuda-bindings' marshalling
    (which runs before the driver is loaded): the calls fail only for lack of a driver."""
    cu = _cu()
    host = np.arange(8, dtype=np.float32)
    packed = pack_args([".u64", ".u64", ".f32", ".u32"], [1 << 36, 2 << 36, 1.5, 8])
    log = bytearray(4096)
    opts, values = jit_options(log)
    calls = [
        ("cuStreamCreate", cu.CUstream_flags.CU_STREAM_NON_BLOCKING.value),
        ("cuEventCreate", cu.CUevent_flags.CU_EVENT_DEFAULT.value),
        ("cuDeviceGetName", 256, cu.CUdevice(0)),
        ("cuMemcpyHtoDAsync", 1 << 36, host, host.nbytes, cu.CUstream(0)),
        ("cuMemcpyDtoHAsync", host, 1 << 36, host.nbytes, cu.CUstream(0)),
        ("cuMemcpyDtoDAsync", 1 << 36, 2 << 36, 32, cu.CUstream(0)),
        ("cuModuleLoadDataEx", b".version 7.0\0", len(opts), opts, values),
        ("cuModuleGetFunction", cu.CUmodule(), b"k"),
        ("cuLaunchKernel", cu.CUfunction(), 1, 1, 1, 32, 1, 1, 0, cu.CUstream(0),
         packed.address, 0),
        ("cuEventElapsedTime", cu.CUevent(), cu.CUevent()),
        ("cuMemFree", 1 << 36),
    ]
    for name, *args in calls:
        with pytest.raises(CudaDriverMissing, match=f"^{name}: no NVIDIA driver"):
            call(name, *args)


# --- argument packing --------------------------------------------------------------------


def test_pack_args_by_ptx_types() -> None:
    ptr_x, ptr_y = 0x7F00_0000_1000, 0x7F00_0000_2000
    types = [".u64", ".u64", ".f32", ".u32", ".s32", ".s64", ".f64", ".u16", ".b8"]
    packed = pack_args(types, [ptr_x, ptr_y, 0.1, 7, -3, -(1 << 40), 2.5, 65535, 255], "k")
    expected = [
        struct.pack("<Q", ptr_x),
        struct.pack("<Q", ptr_y),
        struct.pack("<f", 0.1),
        struct.pack("<I", 7),
        struct.pack("<i", -3),
        struct.pack("<q", -(1 << 40)),
        struct.pack("<d", 2.5),
        struct.pack("<H", 65535),
        struct.pack("<B", 255),
    ]
    assert packed.raw() == expected
    # the void*[] really points at those bytes
    assert packed.pointers.dtype == np.uint64 and len(packed.pointers) == len(types)
    for p, want in zip(packed.pointers, expected):
        assert ctypes.string_at(int(p), len(want)) == want
    assert ctypes.string_at(packed.address, 8) == struct.pack("<Q", int(packed.pointers[0]))


def test_pack_args_twos_complement_and_numpy_scalars() -> None:
    packed = pack_args(
        [".u32", ".u64", ".s32", ".f32", ".u32"],
        [-1, np.int64(5), np.uint32(4_000_000_000), np.float64(0.5), True],
    )
    assert packed.raw() == [
        struct.pack("<I", 0xFFFF_FFFF),  # LLVM declares i32 params .u32: -1 is all ones
        struct.pack("<Q", 5),
        struct.pack("<i", 4_000_000_000 - (1 << 32)),
        struct.pack("<f", 0.5),
        struct.pack("<I", 1),
    ]


def test_pack_args_refusals() -> None:
    takes = r"kernel 'k' takes 2 parameters \(\.u64, \.u32\), got 1"
    with pytest.raises(ArgumentError, match=takes):
        pack_args([".u64", ".u32"], [1], "k")
    needs = r"kernel 'k' parameter 1: PTX parameter type \.u32 needs an integer.*float 1\.5"
    with pytest.raises(ArgumentError, match=needs):
        pack_args([".u64", ".u32"], [1, 1.5], "k")
    fits = r"parameter 0: 4294967296 does not fit PTX parameter type \.u32"
    with pytest.raises(ArgumentError, match=fits):
        pack_args([".u32"], [1 << 32], "k")
    with pytest.raises(ArgumentError, match=r"parameter 0: -2147483649 does not fit"):
        pack_args([".s32"], [-(1 << 31) - 1], "k")
    with pytest.raises(ArgumentError, match=r"\.f32 needs a float, got str"):
        pack_args([".f32"], ["x"], "k")
    with pytest.raises(ArgumentError, match=r"\.b8\[16\] cannot take int 0"):
        pack_args([".b8[16]"], [0], "k")
    with pytest.raises(ArgumentError, match=r"3 bytes for PTX parameter type \.b8\[2\]"):
        pack_args([".b8[2]"], [b"abc"], "k")
    assert pack_args([], [], "k").address == 0


def test_pack_args_f16_scalar_parameters() -> None:
    """LLVM passes a half kernel parameter as `.param .align 2 .b8 p[2]` (the emulator
    took it; the cuda runtime refused it)."""
    packed = pack_args([".u64", ".b8[2]", ".b8[2]", ".f16", ".b8[4]"],
                       [1 << 36, 1.5, np.float16(-2.25), 0.125, b"\x01\x02\x03\x04"], "k")
    assert packed.raw() == [
        struct.pack("<Q", 1 << 36),
        np.float16(1.5).tobytes(),
        np.float16(-2.25).tobytes(),
        np.float16(0.125).tobytes(),
        b"\x01\x02\x03\x04",
    ]


F16_PARAM = """\
.version 7.0
.target sm_70
.address_size 64

.visible .entry store_half(
    .param .u64 store_half_param_0,
    .param .align 2 .b8 store_half_param_1[2]
)
{
    .reg .b16 %h<2>;
    .reg .b64 %rd<3>;
    ld.param.u64 %rd1, [store_half_param_0];
    cvta.to.global.u64 %rd2, %rd1;
    ld.param.b16 %h1, [store_half_param_1];
    st.global.b16 [%rd2], %h1;
    ret;
}
"""


@pytest.mark.gpu
def test_gpu_f16_scalar_parameter(dev, rng: np.random.Generator) -> None:  # noqa: ANN001
    mod = dev.load_module(F16_PARAM)
    v = float(np.float16(rng.uniform(-100, 100)))
    p = dev.alloc(2)
    dev.launch(mod, "store_half", (1, 1, 1), (1, 1, 1), [p, v])
    out = np.zeros((), np.float16)
    dev.copy_to_host(out, p)
    assert float(out) == v
    dev.free(p)


def test_pack_args_for_an_emitted_kernel() -> None:
    ptx = emit_ptx(EW_F32, "sm_80")
    types = entry_params(ptx, "ew_f32")
    packed = pack_args(types, [0x1000, 0x2000, 2.0, 100], "ew_f32")
    assert packed.raw() == [
        struct.pack("<Q", 0x1000),
        struct.pack("<Q", 0x2000),
        struct.pack("<f", 2.0),
        struct.pack("<I", 100),
    ]


def test_dim3() -> None:
    assert dim3((4,), "grid") == (4, 1, 1)
    assert dim3([2, 3, 4], "grid") == (2, 3, 4)
    with pytest.raises(ArgumentError, match="block must be 1 to 3 non-negative ints"):
        dim3((1, -1), "block")


# --- the caching allocator (over a host-side backing store) ------------------------------


class _Backing:
    """A raw allocator with a capacity, raising CudaOutOfMemory like cuMemAlloc."""

    def __init__(self, capacity: int) -> None:
        self.capacity, self.used, self.next = capacity, 0, 1 << 36
        self.blocks: dict[int, int] = {}

    def alloc(self, n: int) -> int:
        if self.used + n > self.capacity:
            name = "CUDA_ERROR_OUT_OF_MEMORY"
            raise CudaOutOfMemory(f"cuMemAlloc: {name}", call="cuMemAlloc", result=name)
        ptr, self.next = self.next, self.next + n
        self.blocks[ptr] = n
        self.used += n
        return ptr

    def free(self, ptr: int) -> None:
        self.used -= self.blocks.pop(ptr)


def test_bucket_sizes() -> None:
    sizes = (0, 1, 512, 513, 4000, 1 << 20)
    assert [bucket_size(n) for n in sizes] == [512, 512, 512, 1024, 4096, 1 << 20]
    assert bucket_size((1 << 20) + 1) == 2 << 20
    assert bucket_size(5_500_000) == 6 << 20


def test_allocator_reuses_and_retries_after_releasing_the_cache() -> None:
    raw = _Backing(capacity=8192)
    a = CachingAllocator(raw.alloc, raw.free)
    p1 = a.alloc(3000)  # 4096 bucket
    a.free(p1)
    assert a.alloc(4000) == p1 and a.stats.reuses == 1 and a.stats.raw_allocs == 1
    a.free(p1)
    assert raw.used == 4096 and a.stats.cached_bytes == 4096
    p2 = a.alloc(8000)  # 8192: fails, releases the cached 4096, retries
    assert raw.used == 8192 and a.stats.cached_bytes == 0 and a.size_of(p2) == 8192
    oom = r"allocating 100 bytes \(512-byte bucket\) with 8192 bytes live"
    with pytest.raises(CudaOutOfMemory, match=oom):
        a.alloc(100)
    not_live = "free of device address 0x1234, which is not a live allocation"
    with pytest.raises(DeviceError, match=not_live):
        a.free(0x1234)
    a.release_all()
    assert raw.used == 0


# --- on a GPU ----------------------------------------------------------------------------


@pytest.fixture
def dev():  # noqa: ANN201
    d = get_device("cuda")
    d.profile.reset()
    return d


def _arch(d) -> str:  # noqa: ANN001
    cc = int(d.arch.removeprefix("sm_"))
    return "sm_80" if cc >= 80 else "sm_75"


def _upload(d, a: np.ndarray) -> int:  # noqa: ANN001
    p = d.alloc(a.nbytes)
    d.copy_to_device(p, a)
    return p


@pytest.mark.gpu
def test_gpu_elementwise_f32_matches_numpy(dev, rng: np.random.Generator) -> None:  # noqa: ANN001
    n = 100_003
    x = rng.standard_normal(n).astype(np.float32)
    mod = dev.load_module(emit_ptx(EW_F32, _arch(dev)))
    assert mod.kernel_names() == ["ew_f32"]
    px, py = _upload(dev, x), dev.alloc(x.nbytes)
    stats = dev.launch(mod, "ew_f32", (-(-n // 256), 1, 1), (256, 1, 1), [px, py, 1.25, n])
    y = np.empty_like(x)
    dev.copy_to_host(y, py)
    np.testing.assert_allclose(y, ew_f32_ref(x, 1.25), rtol=2e-6, atol=2e-7)
    assert stats is not None and stats.seconds > 0 and stats.grid == (-(-n // 256), 1, 1)
    assert dev.profile.h2d_count == 1 and dev.profile.h2d_bytes == x.nbytes
    assert dev.profile.d2h_count == 1 and dev.profile.d2h_bytes == x.nbytes
    assert list(dev.profile.launches) == [stats]
    assert dev.load_module(emit_ptx(EW_F32, _arch(dev))) is mod  # cached by PTX hash
    dev.free(px)
    dev.free(py)


@pytest.mark.gpu
def test_gpu_f64_int_and_reduce_kernels(dev, rng: np.random.Generator) -> None:  # noqa: ANN001
    arch = _arch(dev)
    n = 5000
    x = rng.uniform(0, 10, n)
    m64 = dev.load_module(emit_ptx(EW_F64, arch))
    px, py = _upload(dev, x), dev.alloc(x.nbytes)
    dev.launch(m64, "ew_f64", (-(-n // 128), 1, 1), (128, 1, 1), [px, py, -0.5, n])
    y = np.empty_like(x)
    dev.copy_to_host(y, py)
    np.testing.assert_allclose(y, ew_f64_ref(x, -0.5), rtol=1e-13, atol=1e-13)

    a = rng.integers(-(1 << 30), 1 << 30, n, dtype=np.int32)
    b = rng.integers(-(1 << 30), 1 << 30, n, dtype=np.int32)
    mi = dev.load_module(emit_ptx(INT_I32, arch))
    pa, pb, pc = _upload(dev, a), _upload(dev, b), dev.alloc(a.nbytes)
    blocks = -(-n // 64)
    dev.launch(mi, "int_i32", (8, -(-blocks // 8), 1), (64, 1, 1), [pa, pb, pc, -7, n])
    c = np.empty_like(a)
    dev.copy_to_host(c, pc)
    np.testing.assert_array_equal(c, int_i32_ref(a, b, -7))

    xs = rng.standard_normal(3000).astype(np.float32)
    mr = dev.load_module(emit_ptx(REDUCE_F32, arch))
    pxs, pp = _upload(dev, xs), dev.alloc(4 * 12)
    dev.launch(mr, "reduce_f32", (12, 1, 1), (256, 1, 1), [pxs, pp, xs.size])
    partial = np.empty(12, np.float32)
    dev.copy_to_host(partial, pp)
    np.testing.assert_allclose(partial, reduce_f32_ref(xs), rtol=1e-5, atol=1e-4)


@pytest.mark.gpu
def test_gpu_zero_grid_is_a_no_op_and_d2d(dev, rng: np.random.Generator) -> None:  # noqa: ANN001
    mod = dev.load_module(emit_ptx(EW_F32, _arch(dev)))
    assert dev.launch(mod, "ew_f32", (0, 1, 1), (256, 1, 1), [0, 0, 1.0, 0]) is None
    assert list(dev.profile.launches) == []
    x = rng.standard_normal(1000)
    p, q = _upload(dev, x), dev.alloc(x.nbytes)
    dev.copy_device_to_device(q, p, x.nbytes)
    y = np.empty_like(x)
    dev.copy_to_host(y, q)
    np.testing.assert_array_equal(y, x)
    assert dev.profile.d2d_count == 1 and dev.profile.d2d_bytes == x.nbytes


@pytest.mark.gpu
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.float16])
def test_gpu_rank0_copies_round_trip(dev, rng: np.random.Generator, dtype) -> None:  # noqa: ANN001
    """A 0-d array given to cuda-bindings as the host pointer became an int: its value was
    used as the address.  Scalar constants, scalar outputs and training costs are rank 0."""
    x = np.array(rng.uniform(1, 100), dtype=dtype)
    p = dev.alloc(x.nbytes)
    dev.copy_to_device(p, x)
    y = np.zeros((), dtype)
    dev.copy_to_host(y, p)
    assert y == x and y.shape == ()
    dev.free(p)


@pytest.mark.gpu
def test_gpu_closed_device_leaves_the_device_table() -> None:
    from arignote.runtime.devices import get_gpu_device

    d = get_gpu_device("cuda")
    d.close()
    with pytest.raises(DeviceError, match="device cuda:0 is closed"):
        d.alloc(16)
    again = get_gpu_device("cuda")
    assert again is not d and again is get_device("cuda")
    p = again.alloc(16)  # usable
    again.free(p)


@pytest.mark.gpu
def test_gpu_forked_child_gets_a_clear_error(dev) -> None:  # noqa: ANN001
    """CUDA does not survive fork(): a child using the parent's device is told so."""
    import os

    from arignote.runtime.devices import get_gpu_device

    p = dev.alloc(16)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what using the device raises, then leave at once
        msgs = []
        for use in (lambda: dev.alloc(16), lambda: get_gpu_device("cuda")):
            try:
                use()
                msgs.append("no error")
            except Exception as e:  # noqa: BLE001
                msgs.append(f"{type(e).__name__}: {e}")
        os.write(w, "\n".join(msgs).encode())
        os._exit(0)
    os.close(w)
    out = b""
    while chunk := os.read(r, 65536):
        out += chunk
    os.close(r)
    os.waitpid(pid, 0)
    lines = out.decode().splitlines()
    assert len(lines) == 2, lines
    for line in lines:
        assert line.startswith("DeviceError: device cuda:0 was opened by process"), line
        assert f"process {os.getpid()}" in line and "'spawn'" in line, line
    dev.free(p)  # the parent's device is unaffected


@pytest.mark.gpu
@pytest.mark.parametrize("graphs", [False, True])
def test_gpu_one_event_pair_per_segment(dev, rng: np.random.Generator, graphs: bool) -> None:  # noqa: ANN001
    """Ten launches between two synchronisations: two events recorded and one elapsed
    time read (were two events and one cuEventElapsedTime per launch)."""
    from arignote.config import config
    from arignote.runtime.cuda import emulated

    if not emulated.active():
        pytest.skip("counts driver calls of the emulated driver")
    calls = emulated.state().calls
    old = config.cuda_graphs
    config.cuda_graphs = graphs
    try:
        mod = dev.load_module(emit_ptx(EW_F32, _arch(dev)))
        x = rng.standard_normal(1000).astype(np.float32)
        px, py = _upload(dev, x), dev.alloc(x.nbytes)
        dev.synchronize()
        rec, ela = calls.get("event_records", 0), calls.get("elapsed", 0)
        stats = [dev.launch(mod, "ew_f32", (4, 1, 1), (256, 1, 1), [px, py, 1.0 + k, 1000])
                 for k in range(10)]
        dev.synchronize()
        assert calls.get("event_records", 0) - rec == 2
        assert calls.get("elapsed", 0) - ela == 1
        assert all(s is not None and s.seconds > 0 for s in stats)
        y = np.empty_like(x)
        dev.copy_to_host(y, py)
        np.testing.assert_allclose(y, ew_f32_ref(x, 10.0), rtol=2e-6, atol=2e-7)
        dev.free(px)
        dev.free(py)
    finally:
        config.cuda_graphs = old


@pytest.mark.gpu
def test_gpu_out_of_memory(dev) -> None:  # noqa: ANN001
    with pytest.raises(CudaOutOfMemory, match="cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY"):
        dev.alloc(1 << 52)
    p = dev.alloc(1024)  # the device is still usable
    dev.free(p)


@pytest.mark.gpu
def test_gpu_bad_launches_name_the_kernel(dev) -> None:  # noqa: ANN001
    mod = dev.load_module(emit_ptx(EW_F32, _arch(dev)))
    too_big = r"cuLaunchKernel: CUDA_ERROR_\w+.*kernel 'ew_f32'.*block \(4096, 1, 1\)"
    with pytest.raises(CudaLaunchError, match=too_big):
        dev.launch(mod, "ew_f32", (1, 1, 1), (4096, 1, 1), [0, 0, 1.0, 0])
        dev.synchronize()  # (with CUDA graphs on, a launch is enqueued at the next flush)
    with pytest.raises(ArgumentError, match="kernel 'ew_f32' takes 4 parameters"):
        dev.launch(mod, "ew_f32", (1, 1, 1), (32, 1, 1), [0, 0])
    with pytest.raises(DeviceError, match=r"module has no kernel 'nope' \(kernels: ew_f32\)"):
        dev.launch(mod, "nope", (1, 1, 1), (32, 1, 1), [])
    dev.synchronize()


@pytest.mark.gpu
def test_gpu_jit_error_names_the_ptx_line(dev) -> None:  # noqa: ANN001
    ptx = emit_ptx(EW_F32, _arch(dev)).replace("mul.rn.f32", "mulx.rn.f32", 1)
    refused = r"(?s)cuModuleLoadDataEx: CUDA_ERROR_INVALID_PTX.*line \d+"
    with pytest.raises(CudaModuleError, match=refused):
        dev.load_module(ptx)


@pytest.mark.gpu
def test_gpu_faulting_kernel_is_reported_naming_it() -> None:
    """An illegal address poisons the context, so this runs in its own process."""
    code = textwrap.dedent(
        f"""\
        import sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1] / "lowering")!r})
        from test_ptx_samples import EW_F32
        from arignote.lowering.ptx import emit_ptx
        from arignote.runtime.cuda import CudaLaunchError, get_device
        d = get_device("cuda")
        mod = d.load_module(emit_ptx(EW_F32, "sm_75"))
        d.launch(mod, "ew_f32", (4, 1, 1), (256, 1, 1), [16, 32, 1.0, 1024])
        try:
            d.synchronize()
        except CudaLaunchError as e:
            print("FAULT", e)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "FAULT cuStreamSynchronize: CUDA_ERROR_" in proc.stdout
    assert "'ew_f32'" in proc.stdout


# --- PTX target from the GPU and the driver -----------------------------------------------


@pytest.mark.parametrize(
    ("cc", "version", "arch"),
    [((8, 0), 12080, "sm_80"), ((8, 6), 12080, "sm_86"), ((8, 6), 11000, "sm_80"),
     ((7, 5), 12000, "sm_75"), ((9, 0), 11080, "sm_90"), ((8, 9), 11070, "sm_87"), ((9, 0), 12040, "sm_90"),
     ((12, 0), 12080, "sm_120"), ((12, 0), 12050, "sm_90"), ((7, 0), 10020, "sm_70")],
)
def test_ptx_target_follows_compute_capability_and_driver(cc, version, arch) -> None:  # noqa: ANN001
    from arignote.lowering.ptx import ARCH_MIN_PTX, driver_max_ptx, target_for_device

    got, ptx_version = target_for_device(cc, version)
    assert got == arch and ptx_version is None
    assert ARCH_MIN_PTX[got] <= driver_max_ptx(version)


def test_ptx_target_for_a_gpu_too_old() -> None:
    from arignote.errors import CompileError
    from arignote.lowering.ptx import target_for_device

    with pytest.raises(CompileError, match=r"compute capability 6\.1 .* oldest arch supported is sm_70"):
        target_for_device((6, 1), 12080)


@pytest.mark.gpu
@pytest.mark.parametrize(("cc", "version", "target", "ptx_version"),
                         [("7.5", None, "sm_75", "6.3"), ("12.0", "12000", "sm_90", "7.8")])
def test_gpu_compiled_function_loads_on_an_older_gpu_or_driver(cc, version, target, ptx_version) -> None:  # noqa: ANN001
    """PTX always targeted sm_80: a Turing GPU (7.5) could not load it; PTX newer than
    the driver accepts does not load either (an sm_120 GPU under a CUDA 12.0 driver gets
    sm_90 PTX 7.8, not sm_120's PTX 8.7).  (The emulated driver refuses both as a real one
    does; its compute capability and version are set for a child process.)"""
    from arignote.runtime.cuda import emulated

    if not emulated.active():
        pytest.skip("sets the emulated driver's compute capability and version")
    from cuda.bindings import __version__ as bindings

    if version is not None and int(version) // 1000 != int(bindings.split(".")[0]):
        pytest.skip(f"a CUDA {int(version) // 1000} driver does not run cuda-bindings {bindings}")
    code = textwrap.dedent(
        """\
        import numpy as np
        import arignote as theano, arignote.tensor as T
        from arignote.runtime.devices import get_gpu_device
        theano.config.device = "cuda"
        x = T.fvector("x")
        f = theano.function([x], T.exp(x) * 2)
        v = np.linspace(-1, 1, 50).astype(np.float32)
        np.testing.assert_allclose(f(v), np.exp(v) * 2, rtol=1e-6)
        dev = get_gpu_device("cuda")
        ptx = next(iter(dev._modules.values())).ptx
        print("TARGET", [l.split()[1] for l in ptx.splitlines() if l.startswith(".target")][0])
        print("VERSION", [l.split()[1] for l in ptx.splitlines() if l.startswith(".version")][0])
        """
    )
    import os

    env = dict(os.environ, ARIGNOTE_CUDA_EMULATED_CC=cc, ARIGNOTE_COMPILEDIR="off")
    if version is not None:
        env["ARIGNOTE_CUDA_EMULATED_VERSION"] = version
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"TARGET {target}" in proc.stdout and f"VERSION {ptx_version}" in proc.stdout, proc.stdout


# --- one CUDA major version ----------------------------------------------------------------


def test_cuda_wheels_of_one_major_version_pass() -> None:
    from arignote.runtime.cuda.versions import check_wheels

    check_wheels({"cuda-bindings": "12.9.4", "nvidia-cublas-cu12": "12.9.1.4",
                  "nvidia-cudnn-cu12": "9.10.2.21"})
    check_wheels({"cuda-bindings": "13.0.1", "nvidia-cublas": "13.0.0.19", "nvidia-cudnn": "9.13"})
    check_wheels({})
    check_wheels()  # this environment (imported already, so it passed)


def test_mixed_cuda_major_versions_are_refused_naming_them() -> None:
    from arignote.runtime.cuda.versions import check_wheels

    with pytest.raises(ImportError) as info:
        check_wheels({"cuda-bindings": "13.0.1", "nvidia-cublas-cu12": "12.9.1.4"})
    msg = str(info.value)
    assert "cuda-bindings 13.0.1 (CUDA 13)" in msg and "nvidia-cublas-cu12 12.9.1.4 (CUDA 12)" in msg
    assert "pip install 'cuda-bindings>=12.0,<13'" in msg


def test_driver_older_than_the_bindings_is_refused() -> None:
    from arignote.runtime.cuda.versions import check_driver

    check_driver(12040, "12.9.0")
    check_driver(13000, "13.0.1")
    with pytest.raises(DeviceError, match=r"cuda-bindings 13\.0\.1 needs a CUDA 13 driver, but the installed driver is CUDA 12\.4: pip install 'cuda-bindings<13'"):
        check_driver(12040, "13.0.1")


def test_pyproject_pins_one_cuda_major() -> None:
    import tomllib

    meta = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    deps = meta["project"]["dependencies"] + meta["project"]["optional-dependencies"]["cuda"]
    assert "cuda-bindings>=12.9,<13" in deps
    assert all("cu13" not in d for d in deps)
    assert any(d.startswith("nvidia-cublas-cu12") for d in deps)
