"""ptxas: every emitted sample assembles for sm_80 and sm_90 without spills; errors name lines."""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest

from arignote.errors import CompileError
from arignote.lowering import ptxas
from arignote.lowering.ptx import emit_ptx
from arignote.lowering.ptxas import KernelResources, assemble, parse_report, ptxas_version

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_ptx_samples import EW_F32, REDUCE_F32, SAMPLES  # noqa: E402


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_assembles_without_spills(name: str, arch: str) -> None:
    report = assemble(emit_ptx(SAMPLES[name][0], arch), arch)
    assert report.arch == arch
    assert list(report.kernels) == [name]
    res = report[name]
    assert res.spill_stores == 0 and res.spill_loads == 0, report.log
    assert res.local_bytes == 0, report.log
    assert 4 <= res.registers <= 64, report.log  # 64 = the budget of a 1024-thread block
    assert report.cubin[:4] == b"\x7fELF"


def test_shared_memory_and_barriers_are_reported() -> None:
    res = assemble(emit_ptx(REDUCE_F32, "sm_80"), "sm_80")["reduce_f32"]
    assert res.shared_bytes == 1024
    assert res.barriers == 1


def test_sinf_tables_show_as_global_bytes() -> None:
    """libdevice's sinf keeps its Payne-Hanek table (__cudart_i2opi_f, 24 bytes) in .global."""
    report = assemble(emit_ptx(EW_F32, "sm_80"), "sm_80")
    assert report.global_bytes == 24
    assert report["ew_f32"].constant_bytes > 0  # the parameter bank cmem[0]


def test_bad_ptx_names_the_line() -> None:
    ptx = emit_ptx(EW_F32, "sm_80")
    lines = ptx.splitlines()
    lineno = next(i for i, ln in enumerate(lines, 1) if ln.strip().startswith("mul.rn.f32"))
    lines[lineno - 1] = lines[lineno - 1].replace("mul.rn.f32", "mulx.rn.f32")
    with pytest.raises(CompileError) as info:
        assemble("\n".join(lines) + "\n", "sm_80")
    msg = str(info.value)
    assert f"kernel.ptx, line {lineno}; error" in msg
    assert "Not a name of any known instruction: 'mulx'" in msg
    assert f"{lineno} | mulx.rn.f32" in msg  # the offending PTX line is quoted


def test_target_newer_than_arch_is_refused() -> None:
    refused = r"(?s)ptxas \(sm_80\).*SM version specified by \.target"
    with pytest.raises(CompileError, match=refused):
        assemble(emit_ptx(EW_F32, "sm_90"), "sm_80")


def test_bad_arch_and_opt_level() -> None:
    ptx = emit_ptx(EW_F32, "sm_80")
    with pytest.raises(CompileError, match="bad arch '-O0'"):
        assemble(ptx, "-O0")
    with pytest.raises(CompileError, match="opt_level must be 0..3"):
        assemble(ptx, "sm_80", opt_level=5)
    with pytest.raises(CompileError, match="sm_12"):  # well-formed but unknown to ptxas
        assemble(ptx, "sm_12")


def test_opt_level_zero_assembles() -> None:
    report = assemble(emit_ptx(SAMPLES["int_i32"][0], "sm_80"), "sm_80", opt_level=0)
    assert report["int_i32"].registers > 0


def test_ptxas_version() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", ptxas_version())


def test_missing_ptxas_names_the_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    import cuda.pathfinder

    monkeypatch.setattr(cuda.pathfinder, "find_nvidia_binary_utility", lambda name: None)
    ptxas.find_ptxas.cache_clear()
    try:
        wanted = "ptxas not found: install the nvidia-cuda-nvcc-cu12 wheel"
        with pytest.raises(CompileError, match=wanted):
            assemble(".version 7.0\n.target sm_80\n.address_size 64\n", "sm_80")
    finally:
        monkeypatch.undo()
        ptxas.find_ptxas.cache_clear()
    assert Path(ptxas.find_ptxas()).name == "ptxas"


def test_parse_report_of_a_full_log() -> None:
    """Multiple kernels, a non-entry function, local memory and spills (as ptxas prints them)."""
    used_a = (
        "Used 255 registers, used 1 barriers, 40 bytes lmem, 2048 bytes smem, "
        "372 bytes cmem[0], 8 bytes cmem[2]"
    )
    log = textwrap.dedent(
        f"""\
        ptxas info    : 48 bytes gmem
        ptxas info    : Function properties for helper
            16 bytes stack frame, 8 bytes spill stores, 4 bytes spill loads
        ptxas info    : Compiling entry function 'a' for 'sm_80'
        ptxas info    : Function properties for a
            32 bytes stack frame, 12 bytes spill stores, 12 bytes spill loads
        ptxas info    : {used_a}
        ptxas info    : Compile time = 3.2 ms
        ptxas info    : Compiling entry function 'b' for 'sm_80'
        ptxas info    : Function properties for b
            0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
        ptxas info    : Used 8 registers, 356 bytes cmem[0]
        """
    )
    report = parse_report(log, "sm_80")
    assert report.global_bytes == 48
    assert report["a"] == KernelResources(
        registers=255,
        spill_stores=12,
        spill_loads=12,
        stack_bytes=32,
        shared_bytes=2048,
        local_bytes=40,
        constant_bytes=380,
        barriers=1,
    )
    assert report["b"] == KernelResources(registers=8, constant_bytes=356)
    assert report.functions["helper"].spill_stores == 8
    with pytest.raises(KeyError, match="no kernel 'c'.*a, b"):
        report["c"]
