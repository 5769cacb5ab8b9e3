"""emit_ptx: LLVM IR -> PTX (libdevice linked, O3, minimal .version), and the PTX helpers."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from arignote.errors import CompileError
from arignote.lowering.ptx import ARCH_MIN_PTX, check_target, emit_ptx, entry_params, kernel_names

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_ptx_samples import EW_F32, EW_F64, INT_I32, REDUCE_F32, SAMPLES  # noqa: E402

TRIVIAL = "define ptx_kernel void @k(ptr addrspace(1) %p) {\n  ret void\n}\n"


def _directive(ptx: str, name: str) -> str:
    m = re.search(rf"^\.{name}\s+(.+)$", ptx, re.M)
    assert m, f".{name} missing from the PTX"
    return m.group(1).strip()


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_emits_entry_target_and_minimal_version(name: str, arch: str) -> None:
    module, params = SAMPLES[name]
    ptx = emit_ptx(module, arch)
    assert _directive(ptx, "target") == arch
    assert _directive(ptx, "version") == {"sm_80": "7.0", "sm_90": "7.8"}[arch]
    assert _directive(ptx, "address_size") == "64"
    assert kernel_names(ptx) == [name]
    assert entry_params(ptx, name) == params
    # libdevice is linked and inlined: nothing calls out, no stray device functions
    assert "__nv_" not in ptx
    assert ".func" not in ptx
    assert "call" not in ptx.split(".entry", 1)[1]


def test_libdevice_code_is_inlined_math() -> None:
    ptx = emit_ptx(EW_F32, "sm_80")
    body = ptx.split(".entry", 1)[1]
    assert "ex2.approx" in body  # __nv_expf
    assert "ld.param.b32" in body or "ld.param.f32" in body  # the scale parameter
    ptx64 = emit_ptx(EW_F64, "sm_80")
    assert "sqrt.rn.f64" in ptx64  # __nv_sqrt is IEEE sqrt


def test_maxntid_function_attribute_becomes_maxntid_directive() -> None:
    assert ".maxntid 256, 1, 1" in emit_ptx(EW_F32, "sm_80")
    assert ".maxntid 128, 1, 1" in emit_ptx(EW_F64, "sm_80")
    assert ".maxntid" not in emit_ptx(INT_I32, "sm_80")


def test_legacy_nvvm_annotations_are_upgraded() -> None:
    """Old-style kernels (`!nvvm.annotations` "kernel"/"maxntidx") still become .entry."""
    ir = textwrap.dedent(
        """\
        define void @old(ptr addrspace(1) %p) {
          store float 1.0, ptr addrspace(1) %p
          ret void
        }
        !nvvm.annotations = !{!1, !2}
        !1 = !{ptr @old, !"kernel", i32 1}
        !2 = !{ptr @old, !"maxntidx", i32 64}
        """
    )
    ptx = emit_ptx(ir, "sm_80")
    assert kernel_names(ptx) == ["old"]
    assert ".maxntid 64" in ptx


def test_shared_memory_and_barriers_survive() -> None:
    ptx = emit_ptx(REDUCE_F32, "sm_80")
    assert re.search(r"\.shared \.align 4 \.b8 \w+\[1024\]", ptx)
    assert re.search(r"bar\.sync\s+0;", ptx)


def test_non_kernel_functions_are_internalised() -> None:
    ir = textwrap.dedent(
        """\
        define float @helper(float %v) noinline {
          %r = fmul float %v, 2.0
          ret float %r
        }
        define void @unused() {
          ret void
        }
        define ptx_kernel void @k(ptr addrspace(1) %p) {
          %v = load float, ptr addrspace(1) %p
          %r = call float @helper(float %v)
          store float %r, ptr addrspace(1) %p
          ret void
        }
        """
    )
    ptx = emit_ptx(ir, "sm_80")
    assert kernel_names(ptx) == ["k"]
    assert "unused" not in ptx  # dropped once internal
    assert ".visible .func" not in ptx  # helper, if kept (noinline), is not exported
    assert re.search(r"^\.func .*helper", ptx, re.M)


def test_fast_math_sets_nvvm_reflect_ftz() -> None:
    ir = textwrap.dedent(
        """\
        declare float @__nv_sqrtf(float)
        define ptx_kernel void @k(ptr addrspace(1) %p) {
          %v = load float, ptr addrspace(1) %p
          %s = call float @__nv_sqrtf(float %v)
          store float %s, ptr addrspace(1) %p
          ret void
        }
        """
    )
    precise = emit_ptx(ir, "sm_80")
    fast = emit_ptx(ir, "sm_80", fast_math=True)
    assert "sqrt.rn.f32" in precise  # IEEE sqrt, like nvcc's -prec-sqrt=true
    assert "sqrt.rn.ftz.f32" in fast


def test_requested_ptx_version() -> None:
    ptx = emit_ptx(TRIVIAL, "sm_80", ptx_version="7.8")
    assert _directive(ptx, "version") == "7.8"
    with pytest.raises(CompileError, match=r"PTX version 7\.0 does not support sm_90.*7\.8"):
        emit_ptx(TRIVIAL, "sm_90", ptx_version="7.0")
    with pytest.raises(CompileError, match="unsupported PTX version '9.9'"):
        emit_ptx(TRIVIAL, "sm_80", ptx_version="9.9")


@pytest.mark.parametrize("arch", ["sm_75", "sm_86", "sm_89", "sm_90a", "sm_100", "sm_120"])
def test_other_archs_emit_their_lowest_version(arch: str) -> None:
    ptx = emit_ptx(TRIVIAL, arch)
    major, minor = ARCH_MIN_PTX[arch]
    assert _directive(ptx, "version") == f"{major}.{minor}"
    assert _directive(ptx, "target") == arch


def test_bad_arch_raises_compile_error() -> None:
    with pytest.raises(CompileError, match="unknown GPU arch 'sm_99'"):
        emit_ptx(TRIVIAL, "sm_99")
    with pytest.raises(CompileError, match="unknown GPU arch 'x86'"):
        check_target("x86")


def test_bad_arch_and_bad_pair_do_not_abort_the_process() -> None:
    """LLVM aborts on a bad (cpu, PTX version) pair; emit_ptx must refuse first."""
    code = textwrap.dedent(
        f"""\
        from arignote.errors import CompileError
        from arignote.lowering.ptx import emit_ptx
        for arch, version in [("sm_99", None), ("sm_90", "7.0"), ("sm_100", "8.0")]:
            try:
                emit_ptx({TRIVIAL!r}, arch, ptx_version=version)
            except CompileError as e:
                print("refused:", e)
        print("still alive")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("refused:") == 3
    assert "still alive" in proc.stdout
    assert "LLVM ERROR" not in proc.stderr


def test_llvm_parse_error_names_the_line() -> None:
    ir = "define ptx_kernel void @k(ptr addrspace(1) %p) {\n  %x = add i32 1\n  ret void\n}\n"
    with pytest.raises(CompileError, match=r"does not parse: .*:3:\d+: error: expected ','"):
        emit_ptx(ir, "sm_80")


def test_llvm_verify_error_is_compile_error() -> None:
    ir = textwrap.dedent(
        """\
        define ptx_kernel void @k(ptr addrspace(1) %p) {
        entry:
          br label %b
        b:
          %y = add i32 %z, 1
          %z = add i32 %y, 1
          store i32 %y, ptr addrspace(1) %p
          ret void
        }
        """
    )
    with pytest.raises(CompileError, match="does not verify: Instruction does not dominate"):
        emit_ptx(ir, "sm_80")


def test_module_without_kernel_or_with_foreign_triple() -> None:
    with pytest.raises(CompileError, match="defines no kernel"):
        emit_ptx("define void @f() {\n  ret void\n}\n", "sm_80")
    with pytest.raises(CompileError, match="target triple is 'x86_64-unknown-linux-gnu'"):
        emit_ptx('target triple = "x86_64-unknown-linux-gnu"\n' + TRIVIAL, "sm_80")


def test_small_kernel_emits_well_under_a_second() -> None:
    emit_ptx(EW_F32, "sm_80")  # warm: target machine and libdevice bytes cached
    t0 = time.perf_counter()
    emit_ptx(EW_F32, "sm_80")
    assert time.perf_counter() - t0 < 0.8


def test_kernel_names_and_entry_params_on_text() -> None:
    ptx = textwrap.dedent(
        """\
        .visible .entry first(
        \t.param .u64 .ptr .global .align 1 first_param_0,
        \t.param .f32 first_param_1,
        \t.param .align 8 .b8 first_param_2[16],
        \t.param .s64 first_param_3
        )
        { ret; }
        .visible .entry second()
        { ret; }
        .weak .entry third(.param .u16 third_param_0) { ret; }
        """
    )
    assert kernel_names(ptx) == ["first", "second", "third"]
    assert entry_params(ptx, "first") == [".u64", ".f32", ".b8[16]", ".s64"]
    assert entry_params(ptx, "second") == []
    assert entry_params(ptx, "third") == [".u16"]
    with pytest.raises(CompileError, match="no kernel 'fourth'.*first, second, third"):
        entry_params(ptx, "fourth")
