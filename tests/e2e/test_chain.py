"""Issue 2's acceptance program: ten chained elementwise ops with a broadcast.

- `arignote-opt chain10.mlir -p tt-to-ptx -t ptx` prints one fused kernel, which ptxas
  assembles for sm_80 and sm_90 with no spills;
- the compiled function gives NumPy's results (float32: |out - ref| <= 1e-5 * |ref| +
  1e-6 per element) on `cpu` and on `emu`, for static and dynamic sizes, including sizes
  not divisible by the GPU block size (256).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from arignote.compiler import compile_module
from arignote.ir import parse_module
from arignote.lowering.ptx import kernel_names
from arignote.lowering.ptxas import assemble
from arignote.reference import evaluate, find_function

DATA = Path(__file__).parent / "data"
RTOL, ATOL = 1e-5, 1e-6


def _opt(*args: str) -> str:
    exe = Path(sys.executable).parent / "arignote-opt"
    out = subprocess.run([str(exe), *args], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture(scope="module")
def ptx() -> str:
    return _opt(str(DATA / "chain10.mlir"), "-p", "tt-to-ptx", "-t", "ptx")


def test_one_fused_kernel(ptx: str) -> None:
    assert kernel_names(ptx) == ["chain10_kernel_0"]
    assert ".maxntid 256, 1, 1" in ptx


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_assembles_without_spills(arch: str) -> None:
    ptx = _opt(str(DATA / "chain10.mlir"), "-p", "tt-to-ptx", "-t", "ptx", "--gpu-arch", arch)
    report = assemble(ptx, arch)
    res = report["chain10_kernel_0"]
    assert res.spill_stores == 0 and res.spill_loads == 0 and res.local_bytes == 0
    assert 0 < res.registers <= 64


def _inputs(rng: np.random.Generator, rows: int, cols: int) -> list[np.ndarray]:
    x = rng.standard_normal((rows, cols)).astype(np.float32)
    b = rng.standard_normal(cols).astype(np.float32)
    return [x, b]


@pytest.mark.parametrize("device", ["cpu", "emu"])
@pytest.mark.parametrize("shape", [(1, 1), (3, 255), (2, 256), (5, 257), (37, 300)])
def test_dynamic_sizes_match_numpy(device: str, shape: tuple[int, int], rng: np.random.Generator) -> None:
    module = parse_module((DATA / "chain10.mlir").read_text(), "chain10.mlir")
    f = compile_module(module, "chain10", device)
    args = _inputs(rng, *shape)
    (want,) = evaluate(find_function(module), args)
    (got,) = f.run(*args)
    assert got.dtype == np.float32 and got.shape == shape
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_static_sizes_match_numpy(device: str, rng: np.random.Generator) -> None:
    module = parse_module((DATA / "chain10_static.mlir").read_text(), "chain10_static.mlir")
    f = compile_module(module, "chain10_static", device)
    args = _inputs(rng, 37, 300)
    (want,) = evaluate(find_function(module), args)
    (got,) = f.run(*args)
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)


def test_emulator_profile_shows_one_coalesced_launch(rng: np.random.Generator) -> None:
    from arignote.runtime.devices import get_gpu_device

    module = parse_module((DATA / "chain10.mlir").read_text(), "chain10.mlir")
    f = compile_module(module, "chain10", "emu")
    dev = get_gpu_device("emu")
    dev.profile.reset()
    x, b = _inputs(rng, 4, 512)
    f.run(x, b)
    (launch,) = dev.profile.launches
    assert launch.kernel == "chain10_kernel_0"
    # the fused kernel reads x and b and writes the result once: no intermediates
    assert launch.global_store_bytes == x.nbytes
    assert dev.profile.h2d_count == 2 and dev.profile.d2h_count == 1
