"""The GPU passes end to end: scf.parallel -> gpu-map-loops-coalesced,
convert-parallel-loops-to-gpu, gpu-kernel-outlining, convert-gpu-to-nvvm ->
convert-to-llvm{target=nvptx} -> LLVM IR -> PTX, assembled by ptxas for sm_80 and sm_90,
and run by the host runtime on the PTX emulator against NumPy."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from xdsl.dialects.builtin import ModuleOp

from arignote.backend import gpu_llvm_ir
from arignote.lowering.ptx import emit_ptx
from arignote.lowering.ptxas import assemble
from arignote.runtime.host import DeviceArray, HostProgram
from arignote.runtime.ptxemu.device import EmuDevice

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gpu_samples import GPU_PASSES, elementwise_module, run  # noqa: E402

PIPELINE = GPU_PASSES + ",convert-gpu-to-nvvm,convert-to-llvm{target=nvptx}"
KERNEL = "f_kernel_0"
RTOL = 1e-6  # f32; the kernel rounds s * x then x + (s * x) like NumPy does


@cache
def compiled(shape: tuple[int | None, ...]) -> tuple[ModuleOp, dict[str, str]]:
    module = run(elementwise_module(list(shape), space=1), PIPELINE)
    llvm_ir = gpu_llvm_ir(module)
    return module, {arch: emit_ptx(llvm_ir, arch) for arch in ("sm_80", "sm_90")}


SHAPES = [(None,), (None, None), (7, 300)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_ptx_assembles_without_spills(shape: tuple[int | None, ...], arch: str) -> None:
    _, ptx = compiled(shape)
    assert ".maxntid 256, 1, 1" in ptx[arch]  # from known_block_size via nvvm.maxntid
    report = assemble(ptx[arch], arch)
    res = report[KERNEL]
    assert res.spill_stores == 0 and res.spill_loads == 0 and res.local_bytes == 0
    assert 0 < res.registers <= 64


def _run(module: ModuleOp, ptx: str, x: np.ndarray,
         s: np.ndarray) -> tuple[np.ndarray, EmuDevice]:
    dev = EmuDevice()
    program = HostProgram(module, "f", device=dev, gpu_module=dev.load_module(ptx))
    out = _to_device(dev, np.full(x.shape, np.nan, np.float32))
    program(_to_device(dev, x), _to_device(dev, s), out)
    got = np.empty(x.shape, np.float32)
    dev.copy_to_host(got, out.ptr)
    return got, dev


def _to_device(dev: EmuDevice, a: np.ndarray) -> DeviceArray:
    ptr = dev.alloc(max(a.nbytes, 1))
    if a.nbytes:
        dev.copy_to_device(ptr, a)
    return DeviceArray(ptr, a.shape, a.dtype, dev)


@pytest.mark.parametrize(
    ("shape", "actual", "grid"),
    [
        ((None,), (1000,), (4, 1, 1)),  # 1000 = 3 * 256 + 232: the guard matters
        ((None,), (1,), (1, 1, 1)),
        ((None, None), (3, 1000), (4, 3, 1)),
        ((7, 300), (7, 300), (2, 7, 1)),
    ],
)
def test_runs_on_the_emulator(shape: tuple[int | None, ...], actual: tuple[int, ...],
                              grid: tuple[int, int, int], rng: np.random.Generator) -> None:
    module, ptx = compiled(shape)
    x = rng.standard_normal(actual).astype(np.float32)
    s = np.array(rng.standard_normal(), np.float32)
    got, dev = _run(module, ptx["sm_80"], x, s)
    np.testing.assert_allclose(got, x + s * x, rtol=RTOL)
    (stats,) = dev.profile.launches
    assert stats.grid == grid and stats.block == (256, 1, 1)
    # coalescing: a warp's 32 consecutive f32 stores touch 4 sectors of 32 bytes (plus one
    # when a row does not start on a sector boundary), never one sector per thread
    assert stats.global_store_sectors <= 5 * stats.global_store_requests
    assert stats.global_store_bytes == x.nbytes


def _mapped(processors: list[str]) -> str:
    maps = ", ".join(
        f"#gpu.loop_dim_map<processor = {p}, map = (d0) -> (d0), bound = (d0) -> (d0)>"
        for p in processors
    )
    return elementwise_module([300, 64], space=1).replace(
        "}) : (index, index, index, index, index, index) -> ()",
        f"}}) {{mapping = [{maps}]}} : (index, index, index, index, index, index) -> ()",
    )


def test_innermost_dim_on_thread_x_coalesces(rng: np.random.Generator) -> None:
    """Control for the mapping: the same loop with the outer dim on thread_x (a warp then
    spans 32 rows) needs a sector per thread; ours needs 32 x 4 bytes / 32 = 4 per warp."""
    x = rng.standard_normal((300, 64)).astype(np.float32)
    s = np.array(rng.standard_normal(), np.float32)
    per_request = {}
    for name, text in (("ours", elementwise_module([300, 64], space=1)),
                       ("rows_on_threads", _mapped(["thread_x", "block_y"]))):
        module = run(text, PIPELINE)
        got, dev = _run(module, emit_ptx(gpu_llvm_ir(module), "sm_80"), x, s)
        np.testing.assert_allclose(got, x + s * x, rtol=RTOL)
        (stats,) = dev.profile.launches
        per_request[name] = stats.global_store_sectors / stats.global_store_requests
    assert per_request["ours"] <= 4.0, per_request
    assert per_request["rows_on_threads"] >= 16.0, per_request


@pytest.mark.parametrize("shape", [(66000, 1), (None, 2)])
def test_grid_stride_rows_beyond_65535_on_the_emulator(shape: tuple[int | None, ...],
                                                       rng: np.random.Generator) -> None:
    """66000 rows: grid y is clamped to 65535 and the kernel's grid-stride loop does the
    last 465 rows; every element is stored once (bytes stored == output size)."""
    actual = (66000, shape[1])
    module = run(elementwise_module(list(shape), space=1), PIPELINE)
    x = rng.standard_normal(actual).astype(np.float32)
    s = np.array(rng.standard_normal(), np.float32)
    got, dev = _run(module, emit_ptx(gpu_llvm_ir(module), "sm_80"), x, s)
    np.testing.assert_allclose(got, x + s * x, rtol=RTOL)
    (stats,) = dev.profile.launches
    assert stats.grid == (1, 65535, 1) and stats.block == (32, 1, 1)
    assert stats.global_store_bytes == x.nbytes
