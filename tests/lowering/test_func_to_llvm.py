"""The kernel ABI (llvm_abi) and convert-func-to-llvm: kernel signatures, casts, host call
sites, and the host runtime running a converted host function against JIT-compiled
kernels (results compared with NumPy exactly: elementwise f32 arithmetic)."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.dialects import func, memref
from xdsl.dialects import llvm as xllvm
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    IndexType,
    IntAttr,
    IntegerAttr,
    MemRefType,
    StridedLayoutAttr,
    UnrealizedConversionCastOp,
    f16,
    f32,
    i8,
    i64,
)
from xdsl.pattern_rewriter import PatternRewriter, PatternRewriteWalker, RewritePattern, op_type_rewrite_pattern

from arignote.ir import parse_module, print_module, verify_module
from arignote.lowering import llvm_abi
from arignote.lowering.convert_func_to_llvm import ConvertFuncToLlvmPass
from arignote.lowering.convert_to_llvm import ConvertToLlvmPass
from arignote.lowering.translate_llvm import translate_module
from arignote.passmanager import run_passes
from arignote.registry import make_context
from arignote.runtime.cpu import compile_llvm_ir, host_data_layout, host_triple
from arignote.runtime.host import HostProgram

D = DYNAMIC_INDEX


def test_llvm_types_for_is_the_abi_table() -> None:
    ptr, ptr1 = xllvm.LLVMPointerType(), xllvm.LLVMPointerType(IntAttr(1))
    assert llvm_abi.llvm_types_for(MemRefType(f32, [4, 8])) == [ptr]
    assert llvm_abi.llvm_types_for(MemRefType(f32, [D, 3, D])) == [ptr, i64, i64]
    assert llvm_abi.llvm_types_for(MemRefType(f32, [])) == [ptr]
    space1 = MemRefType(f16, [D], memory_space=IntegerAttr(1, i64))
    assert llvm_abi.llvm_types_for(space1) == [ptr1, i64]
    assert llvm_abi.pointer_type_for(space1) == ptr1
    assert llvm_abi.llvm_types_for(IndexType()) == [i64]
    assert llvm_abi.llvm_types_for(i8) == [i8]
    assert llvm_abi.llvm_types_for(f16) == [f16]
    strided = MemRefType(f32, [4], layout=StridedLayoutAttr([2], 0))
    assert "non-identity layout" in (llvm_abi.memref_abi_problem(strided) or "")
    with pytest.raises(llvm_abi.MemRefABIError):
        llvm_abi.llvm_types_for(strided)
    # a strided layout that is the row-major identity is accepted
    assert llvm_abi.memref_abi_problem(MemRefType(f32, [2, 3], layout=StridedLayoutAttr([3, 1], 0))) is None


class _LoadsToLlvm(RewritePattern):
    """memref.load -> llvm.load of memref_element_address (to exercise the helpers)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: memref.LoadOp, rewriter: PatternRewriter) -> None:
        addr = llvm_abi.memref_element_address(rewriter, op.memref, list(op.indices))
        load = xllvm.LoadOp(addr, op.res.type)
        rewriter.insert(load)
        rewriter.replace(op, [], [load.dereferenced_value])


def test_unpack_is_shared_and_pack_folds() -> None:
    m = parse_module(
        """
func.func @k(%a: memref<?x4xf32>, %s: memref<f32>, %i: index, %j: index) -> (f32, f32, f32) {
  %v = memref.load %a[%i, %j] : memref<?x4xf32>
  %w = memref.load %a[%j, %i] : memref<?x4xf32>
  %x = memref.load %s[] : memref<f32>
  func.return %v, %w, %x : f32, f32, f32
}"""
    )
    PatternRewriteWalker(_LoadsToLlvm()).rewrite_module(m)
    verify_module(m)
    f = next(iter(m.body.block.ops))
    casts = [op for op in f.walk() if isinstance(op, UnrealizedConversionCastOp)]
    # one unpack per memref / index value, shared by both loads
    assert sorted(str([r.type for r in c.results]) for c in casts) == sorted(
        [
            "[LLVMPointerType(addr_space=NoneAttr()), IntegerType(64)]",
            "[LLVMPointerType(addr_space=NoneAttr())]",
            "[IntegerType(64)]",
            "[IntegerType(64)]",
        ]
    )
    geps = [op for op in f.walk() if isinstance(op, xllvm.GEPOp)]
    assert len(geps) == 2 and all(g.inbounds is not None for g in geps)
    # rank 0: the base pointer itself is the address
    loads = [op for op in f.walk() if isinstance(op, xllvm.LoadOp)]
    assert isinstance(loads[2].ptr.owner, UnrealizedConversionCastOp)
    text = print_module(m)
    assert text.count("llvm.mul") == 2 and "overflow<nsw>" in text

    # pack(unpack(x)) is x and unpack(pack(v...)) is v...
    block = f.body.block
    rewriter = PatternRewriter(block.last_op)  # type: ignore[arg-type]
    a = block.args[0]
    parts = llvm_abi.unpack(rewriter, a)
    assert llvm_abi.pack(rewriter, parts, a.type) is a
    assert llvm_abi.unpack(rewriter, a) == parts
    packed = llvm_abi.pack(rewriter, parts[:1] + parts[1:], MemRefType(f32, [D, 4]))
    assert packed is a


HOST_AND_KERNEL = """
func.func @f(%x: memref<?x3xf32>, %y: memref<?x3xf32>, %a: f32) -> memref<?x3xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x3xf32>
  %o = memref.alloc(%n) {alignment = 64 : i64} : memref<?x3xf32>
  func.call @f_kernel_0(%x, %y, %o, %a, %n) : (memref<?x3xf32>, memref<?x3xf32>, memref<?x3xf32>, f32, index) -> ()
  func.return %o : memref<?x3xf32>
}
func.func @f_kernel_0(%x: memref<?x3xf32>, %y: memref<?x3xf32>, %o: memref<?x3xf32>, %a: f32, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  "scf.parallel"(%c0, %c0, %n, %c3, %c1, %c1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
  ^bb0(%i: index, %j: index):
    %u = memref.load %x[%i, %j] : memref<?x3xf32>
    %v = memref.load %y[%i, %j] : memref<?x3xf32>
    %m = arith.mulf %a, %u : f32
    %r = arith.addf %m, %v : f32
    memref.store %r, %o[%i, %j] : memref<?x3xf32>
    scf.reduce
  }) : (index, index, index, index, index, index) -> ()
  func.return
}
"""


def test_kernel_signature_noalias_and_attributes() -> None:
    m = parse_module(HOST_AND_KERNEL)
    run_passes(make_context(), m, [ConvertFuncToLlvmPass()])
    verify_module(m)
    k = next(op for op in m.body.block.ops if isinstance(op, xllvm.FuncOp))
    assert k.sym_name.data == "f_kernel_0" and "arignote.kernel" in k.attributes
    assert k.linkage.linkage.data == "external"
    assert [str(t) for t in k.function_type.inputs] == [
        "!llvm.ptr", "i64", "!llvm.ptr", "i64", "!llvm.ptr", "i64", "f32", "i64",
    ]  # fmt: skip
    noalias = ["llvm.noalias" in d.data for d in k.arg_attrs.data]  # type: ignore[union-attr]
    assert noalias == [True, False, True, False, True, False, False, False]
    host = next(op for op in m.body.block.ops if isinstance(op, func.FuncOp))
    call = next(op for op in host.walk() if isinstance(op, xllvm.CallOp))
    assert call.callee is not None and call.callee.root_reference.data == "f_kernel_0"
    assert len(call.args) == 8
    # the host function is otherwise unchanged: still func/arith/memref
    assert {op.dialect_name() for op in host.walk() if op is not host} == {"arith", "memref", "builtin", "llvm", "func"}


def test_host_runtime_runs_converted_host_function(rng: np.random.Generator) -> None:
    m = parse_module(HOST_AND_KERNEL)
    run_passes(make_context(), m, [ConvertToLlvmPass()])
    verify_module(m)
    native = compile_llvm_ir(translate_module(m, triple=host_triple(), data_layout=host_data_layout()))
    prog = HostProgram(m, "f", cpu_symbol=native.address)
    n = int(rng.integers(5, 300))
    x = rng.standard_normal((n, 3)).astype(np.float32)
    y = rng.standard_normal((n, 3)).astype(np.float32)
    a = np.float32(rng.standard_normal())
    (out,) = prog(x, y, a)
    np.testing.assert_array_equal(out, a * x + y)
