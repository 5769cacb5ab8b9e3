"""The emulated CUDA driver (arignote/runtime/cuda/emulated): what it says about itself,
how it fails, and the driver behaviour the runtime relies on (capture rules, faults).

The `gpu` tests run on it wherever no NVIDIA driver is installed (tests/conftest.py);
these check the stand-in itself, so they skip when it is not the driver in use.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from arignote.runtime.cuda import emulated

needs_emulated = pytest.mark.skipif(
    not (emulated.requested() and emulated.compiler() is not None),
    reason="the emulated CUDA driver is not in use",
)


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, ARIGNOTE_COMPILEDIR="off", **env)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=300, env=full)  # fmt: skip


@needs_emulated
def test_it_names_itself_and_is_never_the_default_device() -> None:
    proc = _run(
        """\
        import arignote
        from arignote.runtime.cuda import probe, get_device
        ok, why = probe()
        print("PROBE", ok, why)
        print("DEFAULT", arignote.config.device)
        print("NAME", get_device("cuda").device_name)
        """,
        ARIGNOTE_FLAGS="",
    )
    assert proc.returncode == 0, proc.stderr
    assert "PROBE True 1 device(s) of arignote's emulated CUDA driver (not a GPU)" in proc.stdout
    assert "DEFAULT cpu" in proc.stdout
    assert "NAME arignote emulated CUDA device (PTX emulator, not a GPU)" in proc.stdout


def test_without_a_c_compiler_the_gpu_probe_says_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = _run(
        """\
        from arignote.runtime.cuda import probe
        print(probe())
        """,
        ARIGNOTE_CUDA_DRIVER="emulated", PATH=str(tmp_path), CC="",
    )
    assert proc.returncode == 0, proc.stderr
    assert "(False, 'the emulated CUDA driver needs a C compiler (cc, gcc or clang on PATH, or $CC)')" in proc.stdout


@needs_emulated
def test_the_shim_is_built_once_per_source(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lib = emulated.build(tmp_path / "d")
    assert lib.name == "libcuda.so.1" and lib.exists()
    mtime = lib.stat().st_mtime_ns
    assert emulated.build(tmp_path / "d") == lib and lib.stat().st_mtime_ns == mtime
    out = subprocess.run(["nm", "-D", "--defined-only", str(lib)], capture_output=True, text=True)
    if out.returncode == 0:
        for sym in ("cuGetProcAddress_v2", "cuLaunchKernel", "cuGraphLaunch", "arignote_emu_set_dispatch"):
            assert f" T {sym}\n" in out.stdout + "\n", sym


@pytest.mark.gpu
@needs_emulated
def test_calls_a_capturing_stream_forbids_invalidate_the_capture() -> None:
    from cuda.bindings import driver as cu

    from arignote.runtime.cuda import CudaError, call, get_device

    dev = get_device("cuda")
    dev.synchronize()
    mode = cu.CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL
    call("cuStreamBeginCapture", dev.stream, mode)
    with pytest.raises(CudaError, match="cuMemAlloc: CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED"):
        call("cuMemAlloc", 1024)
    with pytest.raises(CudaError, match="cuStreamEndCapture: CUDA_ERROR_STREAM_CAPTURE_INVALIDATED"):
        call("cuStreamEndCapture", dev.stream)
    p = dev.alloc(64)  # the stream works again
    dev.free(p)


@pytest.mark.gpu
@needs_emulated
def test_a_graph_replays_the_captured_arguments(rng: np.random.Generator) -> None:
    """As on a GPU, a graph keeps the parameter bytes it captured: a replay writes the
    captured buffer, whatever the host does with its argument arrays afterwards."""
    from cuda.bindings import driver as cu

    from arignote.lowering.ptx import emit_ptx
    from arignote.runtime.cuda import call, get_device, pack_args

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lowering"))
    from test_ptx_samples import EW_F32, ew_f32_ref

    dev = get_device("cuda")
    mod = dev.load_module(emit_ptx(EW_F32, "sm_80"))
    x = rng.standard_normal(256).astype(np.float32)
    px, py = dev.alloc(x.nbytes), dev.alloc(x.nbytes)
    dev.copy_to_device(px, x)
    dev.copy_to_device(py, np.zeros_like(x))  # (a reused block holds its last contents)
    dev.synchronize()
    fn = mod.function("ew_f32")
    packed = pack_args(mod.params("ew_f32"), [px, py, 3.0, 256])
    mode = cu.CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL
    call("cuStreamBeginCapture", dev.stream, mode)
    call("cuLaunchKernel", fn, 1, 1, 1, 256, 1, 1, 0, dev.stream, packed.address, 0)
    graph = call("cuStreamEndCapture", dev.stream)
    ge = call("cuGraphInstantiate", graph, 0)
    packed.storage[2][...] = 99.0  # the captured launch keeps 3.0
    y = np.zeros_like(x)
    dev.copy_to_host(y, py)
    assert not y.any()  # capturing ran nothing
    call("cuGraphLaunch", ge, dev.stream)
    dev.copy_to_host(y, py)
    np.testing.assert_allclose(y, ew_f32_ref(x, 3.0), rtol=2e-6, atol=2e-7)
    call("cuGraphExecDestroy", ge)
    call("cuGraphDestroy", graph)
    dev.free(px)
    dev.free(py)
