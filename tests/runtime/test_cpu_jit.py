"""arignote.runtime.cpu: LLVM IR text -> native code in-process (llvmlite MCJIT, O3,
loop/SLP vectorisation for the host CPU).  Numbers are compared with NumPy exactly
(elementwise f32 arithmetic without fast-math is correctly rounded in both)."""

from __future__ import annotations

import ctypes
import re

import llvmlite.binding as llvm
import numpy as np
import pytest

from arignote.errors import CompileError
from arignote.runtime.cpu import compile_llvm_ir, host_cpu, host_data_layout, host_triple

AXPY = """
define void @axpy(float %a, ptr noalias %x, ptr noalias %y, i64 %n) {
entry:
  br label %head
head:
  %i = phi i64 [ 0, %entry ], [ %i1, %body ]
  %c = icmp slt i64 %i, %n
  br i1 %c, label %body, label %exit
body:
  %px = getelementptr inbounds float, ptr %x, i64 %i
  %py = getelementptr inbounds float, ptr %y, i64 %i
  %vx = load float, ptr %px, align 4
  %vy = load float, ptr %py, align 4
  %m = fmul float %a, %vx
  %r = fadd float %m, %vy
  store float %r, ptr %py, align 4
  %i1 = add nsw i64 %i, 1
  br label %head
exit:
  ret void
}

define double @twice(double %x) {
  %r = fmul double %x, 2.0
  ret double %r
}
"""


def test_compile_call_and_vectorise(rng: np.random.Generator) -> None:
    native = compile_llvm_ir(AXPY)
    assert native.function_names == {"axpy", "twice"}
    assert native.address("axpy") != 0
    f = native.function("axpy", [ctypes.c_float, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64])
    n = int(rng.integers(100, 2000))
    x = rng.standard_normal(n).astype(np.float32)
    y = rng.standard_normal(n).astype(np.float32)
    a = np.float32(rng.standard_normal())
    ref = a * x + y
    f(a, x.ctypes.data, y.ctypes.data, n)
    np.testing.assert_array_equal(y, ref)
    # the optimised IR (after the O3 pipeline) has vector loads and stores
    ir = native.optimized_ir
    assert re.search(r"load <(4|8|16) x float>", ir), ir
    assert re.search(r"store <(4|8|16) x float>", ir), ir
    twice = native.function("twice", [ctypes.c_double], ctypes.c_double)
    v = float(rng.standard_normal())
    assert twice(v) == 2 * v
    assert "axpy" in native.assembly()


def test_host_target_queries() -> None:
    assert host_triple() == llvm.get_process_triple()
    assert host_data_layout().startswith("e-")
    assert host_cpu() == llvm.get_host_cpu_name()


def test_libm_calls_resolve(rng: np.random.Generator) -> None:
    native = compile_llvm_ir(
        """
declare float @erff(float)
declare double @log1p(double)
define float @f(float %x) {
  %r = call float @erff(float %x)
  ret float %r
}
define double @g(double %x) {
  %r = call double @log1p(double %x)
  ret double %r
}
"""
    )
    import math

    v = float(rng.uniform(0, 2))
    assert native.function("f", [ctypes.c_float], ctypes.c_float)(v) == pytest.approx(math.erf(v), rel=1e-6)
    assert native.function("g", [ctypes.c_double], ctypes.c_double)(v) == pytest.approx(math.log1p(v), rel=1e-15)


def test_many_modules_live_and_die_independently() -> None:
    # each module owns its engine (and target machine); dropping one leaves the others valid
    mods = [compile_llvm_ir(f"define i64 @k() {{\n  ret i64 {k}\n}}\n") for k in range(4)]
    del mods[1]
    import gc

    gc.collect()
    for want, m in zip([0, 2, 3], mods):
        assert m.function("k", [], ctypes.c_int64)() == want
    late = compile_llvm_ir("define i64 @k() {\n  ret i64 9\n}\n")
    assert late.function("k", [], ctypes.c_int64)() == 9


def test_parse_error_names_line_and_text() -> None:
    bad = "define i32 @f(i32 %x) {\n  %y = add i32 %x, %nope\n  ret i32 %y\n}\n"
    with pytest.raises(CompileError, match=r"llvm: LLVM IR line 2:\d+: use of undefined value '%nope'\n  %y = add i32 %x, %nope"):
        compile_llvm_ir(bad)


def test_verify_error_is_a_compile_error() -> None:
    bad = "define i32 @f(i32 %x) {\nentry:\n  br label %next\nnext:\n  %y = phi i32 [ %x, %entry ], [ %x, %entry ], [ %x, %next ]\n  ret i32 %y\n}\n"
    with pytest.raises(CompileError, match="llvm: LLVM IR"):
        compile_llvm_ir(bad)


def test_unknown_function_lists_the_defined_ones() -> None:
    native = compile_llvm_ir(AXPY)
    with pytest.raises(CompileError, match=r"no function @nope in the compiled module \(defined: axpy, twice\)"):
        native.address("nope")
