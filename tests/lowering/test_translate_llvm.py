"""translate_module: llvm dialect (+ nvvm) -> LLVM IR text that llvmlite parses, verifies
and runs; GPU scope gives `ptx_kernel`s that the NVPTX back end turns into PTX.

Numbers are checked by running the translated code (JIT) on random inputs; constants
must come back bit-exact.
"""

from __future__ import annotations

import ctypes
import struct

import llvmlite.binding as llvm
import numpy as np
import pytest
from xdsl.dialects.builtin import BFloat16Type, Float16Type, Float32Type, Float64Type

from arignote.errors import CompileError
from arignote.ir import parse_module
from arignote.lowering.translate_llvm import float_literal, llvm_type, mangle, translate_module
from arignote.runtime.cpu import compile_llvm_ir, host_data_layout, host_triple

NVPTX_TRIPLE = "nvptx64-nvidia-cuda"


def _host(text: str) -> str:
    return translate_module(parse_module(text), triple=host_triple(), data_layout=host_data_layout())


def _parses(ir: str) -> None:
    m = llvm.parse_assembly(ir)
    m.verify()


def test_types_and_mangling() -> None:
    m = parse_module(
        "llvm.func @f(%a: !llvm.ptr<1>, %b: vector<8xf32>, %c: !llvm.array<4 x i8>, "
        "%d: !llvm.struct<(i32, f64)>, %e: bf16) { llvm.return }"
    )
    f = next(iter(m.body.block.ops))
    types = list(f.function_type.inputs.data)  # type: ignore[attr-defined]
    assert [llvm_type(t) for t in types] == [
        "ptr addrspace(1)",
        "<8 x float>",
        "[4 x i8]",
        "{i32, double}",
        "bfloat",
    ]
    assert mangle(types[0]) == "p1" and mangle(types[1]) == "v8f32" and mangle(types[4]) == "bf16"


@pytest.mark.parametrize(
    "value,t,dtype",
    [
        (0.1, Float32Type(), np.float32),
        (-3.4028234663852886e38, Float32Type(), np.float32),
        (1e-45, Float32Type(), np.float32),
        (0.1, Float64Type(), np.float64),
        (float("inf"), Float64Type(), np.float64),
        (0.333, Float16Type(), np.float16),
    ],
)
def test_float_literals_are_exact(value: float, t: object, dtype: type) -> None:
    ty = llvm_type(t)  # type: ignore[arg-type]
    lit = float_literal(value, t)  # type: ignore[arg-type]
    ir = f"define {ty} @c() {{\n  ret {ty} {lit}\n}}\n"
    _parses(ir)
    if dtype is np.float16:
        assert int(np.array(value, np.float16).view(np.uint16)) == int(lit[3:], 16)
        return
    native = compile_llvm_ir(ir)
    got = native.function("c", [], ctypes.c_float if dtype is np.float32 else ctypes.c_double)()
    assert np.array(got, dtype).tobytes() == np.array(value, dtype).tobytes()


def test_bfloat_literal_rounds_to_nearest_even() -> None:
    lit = float_literal(1.0 + 2**-8, BFloat16Type())  # exactly halfway: ties to even (1.0)
    assert lit == "0xR3F80"
    (bits,) = struct.unpack(">I", struct.pack(">f", 3.0))
    assert float_literal(3.0, BFloat16Type()) == f"0xR{bits >> 16:04X}"


OPS = """
llvm.func @ops(%x: f32, %y: f32, %i: i32, %j: i32, %p: !llvm.ptr {llvm.noalias, llvm.align = 16 : i64}, %v: vector<4xf32>) -> f32 {
  %0 = llvm.fadd %x, %y {fastmathFlags = #llvm.fastmath<fast>} : f32
  %1 = llvm.fmul %0, %y {fastmathFlags = #llvm.fastmath<nnan, ninf>} : f32
  %2 = llvm.fneg %1 : f32
  %3 = llvm.add %i, %j overflow<nsw, nuw> : i32
  %4 = llvm.sdiv exact %3, %j : i32
  %5 = llvm.or disjoint %4, %j : i32
  %6 = llvm.sitofp %5 : i32 to f32
  %7 = llvm.fptoui %x : f32 to i64
  %8 = llvm.uitofp %7 : i64 to f64
  %9 = llvm.fptrunc %8 : f64 to f32
  %10 = llvm.zext nneg %i : i32 to i64
  %11 = llvm.getelementptr inbounds %p[%10] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  llvm.store %9, %11 {alignment = 4 : i64} : f32, !llvm.ptr
  %12 = llvm.getelementptr %p[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(f32, f64)>
  %13 = llvm.load %12 {alignment = 8 : i64} : !llvm.ptr -> f64
  %14 = llvm.fcmp "uno" %x, %y : f32
  %15 = llvm.icmp "uge" %i, %j : i32
  %16 = llvm.select %14, %x, %2 : i1, f32
  %17 = llvm.intr.powi(%16, %i) : (f32, i32) -> f32
  %18 = llvm.intr.abs(%i) {is_int_min_poison = true} : (i32) -> i32
  %19 = llvm.intr.exp(%v) : (vector<4xf32>) -> vector<4xf32>
  %20 = llvm.intr.maximum(%x, %6) : (f32, f32) -> f32
  %c = llvm.mlir.constant(2 : i32) : i32
  %21 = llvm.insertelement %x, %v[%c : i32] : vector<4xf32>
  %22 = llvm.shufflevector %21, %19 [3, 2, 1, 0] : vector<4xf32>
  %23 = llvm.mlir.poison : f32
  %24 = llvm.freeze %23 : f32
  %25 = llvm.alloca %c x f64 {alignment = 8 : i64} : (i32) -> !llvm.ptr
  %26 = llvm.call_intrinsic "llvm.fabs.f32"(%24) : (f32) -> f32
  %27 = llvm.mlir.zero : !llvm.ptr
  %28 = llvm.addrspacecast %p : !llvm.ptr to !llvm.ptr<1>
  %29 = llvm.intr.smax(%18, %j) : (i32, i32) -> i32
  llvm.return %20 : f32
}
"""


def test_every_op_translates_and_verifies() -> None:
    ir = _host(OPS)
    _parses(ir)
    for text in [
        "fadd fast float",
        "fmul nnan ninf float",
        "add nuw nsw i32",
        "sdiv exact i32",
        "or disjoint i32",
        "zext nneg i32",
        "ptr noalias align 16",
        "getelementptr inbounds float, ptr",
        "getelementptr {float, double}, ptr",
        "i32 0, i32 1",
        "fcmp uno float",
        "icmp uge i32",
        "call float @llvm.powi.f32.i32(",
        "call i32 @llvm.abs.i32(i32 %v3, i1 true)",
        "call <4 x float> @llvm.exp.v4f32(",
        "call float @llvm.maximum.f32(",
        "freeze float poison",
        "alloca double, i32 2, align 8",
        "shufflevector <4 x float>",
        "addrspacecast ptr %v5 to ptr addrspace(1)",
        "declare float @llvm.fabs.f32(float)",
    ]:
        assert text in ir, (text, ir)


def test_translated_code_runs(rng: np.random.Generator) -> None:
    ir = _host(
        """
llvm.func @saxpy_loop(%a: f32, %x: !llvm.ptr {llvm.noalias}, %y: !llvm.ptr {llvm.noalias}, %n: i64) {
  %c0 = llvm.mlir.constant(0) : i64
  %c1 = llvm.mlir.constant(1) : i64
  llvm.br ^head(%c0 : i64)
^head(%i: i64):
  %lt = llvm.icmp "slt" %i, %n : i64
  llvm.cond_br %lt, ^body, ^exit
^body:
  %px = llvm.getelementptr inbounds %x[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %py = llvm.getelementptr inbounds %y[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %vx = llvm.load %px {alignment = 4 : i64} : !llvm.ptr -> f32
  %vy = llvm.load %py {alignment = 4 : i64} : !llvm.ptr -> f32
  %ax = llvm.fmul %a, %vx : f32
  %r = llvm.fadd %ax, %vy : f32
  %t = llvm.intr.tanh(%r) : (f32) -> f32
  llvm.store %t, %py {alignment = 4 : i64} : f32, !llvm.ptr
  %i1 = llvm.add %i, %c1 overflow<nsw> : i64
  llvm.br ^head(%i1 : i64)
^exit:
  llvm.return
}"""
    )
    assert "phi i64 [ 0, %bb0 ], [ %v" in ir
    native = compile_llvm_ir(ir)
    f = native.function("saxpy_loop", [ctypes.c_float, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64])
    x = rng.standard_normal(513).astype(np.float32)
    y = rng.standard_normal(513).astype(np.float32)
    a = np.float32(rng.standard_normal())
    ref = np.tanh((a * x + y).astype(np.float64))
    f(a, x.ctypes.data, y.ctypes.data, x.size)
    np.testing.assert_allclose(y, ref.astype(np.float32), rtol=2e-6, atol=1e-7)


def test_globals_and_calls_to_declarations() -> None:
    ir = _host(
        """
llvm.mlir.global internal constant @table(dense<[1.5, 2.5, 3.5]> : tensor<3xf32>) {addr_space = 0 : i32} : !llvm.array<3 x f32>
llvm.func @expf(f32) -> f32
llvm.func @g(%i: i64) -> f32 {
  %t = llvm.mlir.addressof @table : !llvm.ptr
  %p = llvm.getelementptr inbounds %t[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %v = llvm.load %p {alignment = 4 : i64} : !llvm.ptr -> f32
  %e = llvm.call @expf(%v) : (f32) -> f32
  llvm.return %e : f32
}"""
    )
    assert "@table = internal constant [3 x float]" in ir
    assert "declare float @expf(float)" in ir
    native = compile_llvm_ir(ir)
    g = native.function("g", [ctypes.c_int64], ctypes.c_float)
    assert g(1) == pytest.approx(np.exp(np.float32(2.5)), rel=1e-6)


def test_thread_local_globals_keep_their_model() -> None:
    """upstream's tls_mode reaches the LLVM IR (each thread reads its own copy)."""
    ir = _host(
        """
llvm.mlir.global internal thread_local @counter(5 : i32) : i32
llvm.mlir.global internal thread_local(localexec) @fast(7 : i32) : i32
llvm.func @g() -> i32 {
  %p = llvm.mlir.addressof @counter : !llvm.ptr
  %q = llvm.mlir.addressof @fast : !llvm.ptr
  %a = llvm.load %p : !llvm.ptr -> i32
  %b = llvm.load %q : !llvm.ptr -> i32
  %s = llvm.add %a, %b : i32
  llvm.return %s : i32
}"""
    )
    assert "@counter = internal thread_local global i32 5" in ir
    assert "@fast = internal thread_local(localexec) global i32 7" in ir
    native = compile_llvm_ir(ir)
    assert native.function("g", [], ctypes.c_int32)() == 12


GPU = """
builtin.module attributes {gpu.container_module} {
  "gpu.module"() <{sym_name = "f_kernels"}> ({
    llvm.func @__nv_expf(f32) -> f32
    llvm.func @f_kernel_0(%x: !llvm.ptr<1> {llvm.noalias}, %o: !llvm.ptr<1> {llvm.noalias}, %n: i64) attributes {nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>} {
      %t = nvvm.read.ptx.sreg.tid.x : i32
      %b = nvvm.read.ptx.sreg.ctaid.x : i32
      %d = nvvm.read.ptx.sreg.ntid.x : i32
      %bd = llvm.mul %b, %d : i32
      %g = llvm.add %bd, %t : i32
      %i = llvm.sext %g : i32 to i64
      %ok = llvm.icmp "slt" %i, %n : i64
      llvm.cond_br %ok, ^body, ^done
    ^body:
      %px = llvm.getelementptr inbounds %x[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
      %v = llvm.load %px {alignment = 4 : i64} : !llvm.ptr<1> -> f32
      %e = llvm.call @__nv_expf(%v) : (f32) -> f32
      %po = llvm.getelementptr inbounds %o[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
      llvm.store %e, %po {alignment = 4 : i64} : f32, !llvm.ptr<1>
      llvm.br ^done
    ^done:
      nvvm.barrier0
      llvm.return
    }
  }) : () -> ()
  llvm.func @host_side_is_not_in_gpu_scope() {
    llvm.return
  }
}
"""


def test_gpu_scope_kernel_and_ptx() -> None:
    from arignote.backend import NVPTX_DATA_LAYOUT

    ir = translate_module(parse_module(GPU), triple=NVPTX_TRIPLE, data_layout=NVPTX_DATA_LAYOUT, scope="gpu")
    assert "define ptx_kernel void @f_kernel_0(ptr addrspace(1) noalias %v1" in ir
    assert "call i32 @llvm.nvvm.read.ptx.sreg.tid.x()" in ir
    assert "getelementptr inbounds float, ptr addrspace(1)" in ir
    assert '"nvvm.maxntid"="256,1,1"' in ir
    assert "host_side_is_not_in_gpu_scope" not in ir
    _parses(ir)
    from arignote.lowering.ptx import emit_ptx

    ptx = emit_ptx(ir, "sm_80")
    assert ".visible .entry f_kernel_0(" in ptx
    assert ".maxntid 256, 1, 1" in ptx
    assert "%tid.x" in ptx and "bar.sync" in ptx
    assert "ld.global" in ptx and "st.global" in ptx
    host_ir = translate_module(parse_module(GPU), triple=host_triple(), scope="host")
    assert "host_side_is_not_in_gpu_scope" in host_ir and "f_kernel_0" not in host_ir


def test_unsupported_op_names_op_and_location() -> None:
    text = """
llvm.func @f(%x: i32) -> i32 {
  %r = llvm.inline_asm "mov $0, $1", "=r,r" %x : (i32) -> i32
  llvm.return %r : i32
}"""
    with pytest.raises(CompileError, match=r"t\.mlir:3:3: error: LLVM IR translation: 'llvm\.inline_asm' is not supported"):
        translate_module(parse_module(text, "t.mlir"), triple=host_triple())


def test_call_of_unknown_function_and_bad_scope() -> None:
    text = """
llvm.func @f() {
  llvm.return
}"""
    with pytest.raises(CompileError, match="unknown scope 'device'"):
        translate_module(parse_module(text), triple=host_triple(), scope="device")  # type: ignore[arg-type]
    # a GPU kernel calling a function that exists only on the host side
    bad = parse_module(
        """
builtin.module {
  llvm.func @g() {
    llvm.return
  }
  "gpu.module"() <{sym_name = "m"}> ({
    llvm.func @k() attributes {nvvm.kernel} {
      llvm.call @g() : () -> ()
      llvm.return
    }
  }) : () -> ()
}""",
        "c.mlir",
    )
    with pytest.raises(CompileError, match=r"c\.mlir:8:7: error: LLVM IR translation: 'llvm\.call' calls @g, which is not an llvm\.func of the translated module"):
        translate_module(bad, triple=NVPTX_TRIPLE, scope="gpu")
