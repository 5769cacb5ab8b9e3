"""cpu-kernel-outlining: kernel functions, their arguments, and the numbers after it.

Numeric checks run linalg programs on fresh random inputs three ways with
tests/passes/loop_numpy_eval.py: at linalg level (reference semantics), after
convert-linalg-to-parallel-loops + cpu-kernel-outlining (the host calls the kernels), and
as a NumPy formula.  The first two perform the same scalar operations per element, so they
must agree exactly; the formula is compared with rtol=1e-5, atol=1e-6 (f32).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from xdsl.dialects import arith, func, scf
from xdsl.dialects.builtin import ModuleOp, UnitAttr
from xdsl.ir import Operation

from arignote.errors import PassError
from arignote.ir import parse_module, print_module
from arignote.lowering.convert_linalg_to_parallel_loops import (
    ConvertLinalgToParallelLoopsPass,
)
from arignote.lowering.kernel_abi import KERNEL_ATTR
from arignote.passes.cpu_kernel_outlining import CpuKernelOutliningPass
from arignote.passmanager import run_passes
from arignote.registry import make_context


def _load_evaluator() -> Any:
    path = Path(__file__).resolve().parent / "loop_numpy_eval.py"
    spec = importlib.util.spec_from_file_location("loop_numpy_eval", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("loop_numpy_eval", mod)
    spec.loader.exec_module(mod)
    return mod


EVAL = _load_evaluator()
F32_TOL = {"rtol": 1e-5, "atol": 1e-6}


def outline(text: str, *, lower_first: bool = False) -> ModuleOp:
    module = parse_module(text)
    passes = [ConvertLinalgToParallelLoopsPass()] if lower_first else []
    run_passes(make_context(), module, [*passes, CpuKernelOutliningPass()])
    return module


def funcs(module: ModuleOp) -> dict[str, func.FuncOp]:
    return {op.sym_name.data: op for op in module.walk() if isinstance(op, func.FuncOp)}


def top_level_names(module: ModuleOp) -> list[str]:
    return [op.sym_name.data for op in module.ops if isinstance(op, func.FuncOp)]


def calls_in(f: func.FuncOp) -> list[func.CallOp]:
    return [op for op in f.walk() if isinstance(op, func.CallOp)]


def names_in(op: Operation) -> list[str]:
    return [o.name for o in op.walk()]


RUNNING_EXAMPLE = """
func.func @f(%x: memref<?xf32>, %s: memref<f32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %o = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  %c1 = arith.constant 1 : index
  "scf.parallel"(%c0, %n, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %a = memref.load %x[%i] : memref<?xf32>
    %b = memref.load %s[] : memref<f32>
    %m = arith.mulf %b, %a : f32
    %r = arith.addf %a, %m : f32
    memref.store %r, %o[%i] : memref<?xf32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return %o : memref<?xf32>
}
"""


def test_running_example_structure() -> None:
    module = outline(RUNNING_EXAMPLE)
    assert top_level_names(module) == ["f", "f_kernel_0"]
    fs = funcs(module)
    host, kernel = fs["f"], fs["f_kernel_0"]
    assert KERNEL_ATTR not in host.attributes
    assert isinstance(kernel.attributes[KERNEL_ATTR], UnitAttr)
    assert kernel.function_type.outputs.data == ()
    # the host: no loops left, one call whose operands are %x, %s, %o, %n in that order
    assert not [op for op in host.walk() if isinstance(op, scf.ParallelOp)]
    (call,) = calls_in(host)
    assert call.callee.root_reference.data == "f_kernel_0"
    block = host.body.block
    x, s = block.args
    dim_op, alloc = (op for op in block.ops if op.name in ("memref.dim", "memref.alloc"))
    assert list(call.arguments) == [x, s, alloc.results[0], dim_op.results[0]]
    assert [str(t) for t in kernel.function_type.inputs.data] == [
        "memref<?xf32>", "memref<f32>", "memref<?xf32>", "index"
    ]
    # constants are cloned into the kernel, not passed; c1 is gone from the host
    kernel_consts = [op for op in kernel.walk() if isinstance(op, arith.ConstantOp)]
    values = sorted(op.value.value.data for op in kernel_consts)  # type: ignore[attr-defined]
    assert values == [0, 1]
    host_consts = [op for op in host.walk() if isinstance(op, arith.ConstantOp)]
    assert [op.value.value.data for op in host_consts] == [0]  # type: ignore[attr-defined]
    # the kernel's loop uses only the kernel's own values
    (par,) = [op for op in kernel.walk() if isinstance(op, scf.ParallelOp)]
    assert par.upperBound[0] is kernel.body.block.args[3]
    # names: each argument keeps its value's name hint
    assert [a.name_hint for a in kernel.body.block.args][:2] == ["x", "s"]
    assert "func.func @f_kernel_0(%x: memref<?xf32>, %s: memref<f32>" in print_module(module)


def test_dedup_and_first_use_order() -> None:
    text = """
func.func @h(%a: memref<4xf32>, %b: memref<4xf32>, %t: f32, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %b[%i] : memref<4xf32>
    %y = memref.load %a[%i] : memref<4xf32>
    %z = memref.load %b[%i] : memref<4xf32>
    %s = arith.addf %x, %y : f32
    %u = arith.mulf %s, %t : f32
    %v = arith.addf %u, %z : f32
    memref.store %v, %a[%i] : memref<4xf32>
    memref.store %t, %b[%i] : memref<4xf32>
  }
  func.return
}
"""
    module = outline(text)
    host = funcs(module)["h"]
    a, b, t, n = host.body.block.args
    (call,) = calls_in(host)
    # body first (b, a, t), then the loop's own bound n; each value once
    assert list(call.arguments) == [b, a, t, n]


def test_several_loops_names_and_placement() -> None:
    text = """
func.func @p(%m: memref<3xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %k = arith.constant 7 : i32
  scf.for %i = %c0 to %c3 step %c1 {
    memref.store %k, %m[%i] : memref<3xi32>
  }
  %v = memref.load %m[%c0] : memref<3xi32>
  "scf.parallel"(%c0, %c3, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%i: index):
    %w = memref.load %m[%i] : memref<3xi32>
    %x = arith.addi %w, %v : i32
    memref.store %x, %m[%i] : memref<3xi32>
    scf.reduce
  }) : (index, index, index) -> ()
  func.return
}
func.func @p_kernel_1() {
  func.return
}
func.func @q(%m: memref<3xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    memref.store %z, %m[%i] : memref<3xi32>
  }
  func.return
}
"""
    module = outline(text)
    assert top_level_names(module) == [
        "p", "p_kernel_0", "p_kernel_2", "p_kernel_1", "q", "q_kernel_0"
    ]
    fs = funcs(module)
    assert KERNEL_ATTR not in fs["p_kernel_1"].attributes  # an ordinary function, untouched
    host = fs["p"]
    assert [c.callee.root_reference.data for c in calls_in(host)] == ["p_kernel_0", "p_kernel_2"]
    # straight-line code between the loops stays in the host
    assert "memref.load" in names_in(host)
    # the i32 constant was cloned (the k of the first loop), the loaded %v is passed
    m = host.body.block.args[0]
    load = next(op for op in host.walk() if op.name == "memref.load")
    assert list(calls_in(host)[0].arguments) == [m]
    assert list(calls_in(host)[1].arguments) == [m, load.results[0]]


def test_untouched_functions() -> None:
    text = """
func.func @k(%m: memref<4xf32>) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %m[%i] : memref<4xf32>
    memref.store %v, %m[%i] : memref<4xf32>
  }
  func.return
}
func.func private @decl(memref<4xf32>)
func.func @straight(%m: memref<f32>, %f: f32) {
  %v = memref.load %m[] : memref<f32>
  %w = arith.addf %v, %f : f32
  memref.store %w, %m[] : memref<f32>
  func.return
}
"""
    before = print_module(parse_module(text))
    module = outline(text)
    assert print_module(module) == before


def test_gpu_module_is_left_alone() -> None:
    text = """
builtin.module attributes {gpu.container_module} {
  "gpu.module"() <{sym_name = "dev"}> ({
    func.func @in_gpu_module(%m: memref<4xf32>) {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c4 = arith.constant 4 : index
      scf.for %i = %c0 to %c4 step %c1 {
        %v = memref.load %m[%i] : memref<4xf32>
        memref.store %v, %m[%i] : memref<4xf32>
      }
      func.return
    }
  }) : () -> ()
}
"""
    before = print_module(parse_module(text))
    assert print_module(outline(text)) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            """
func.func @t(%t: tensor<4xf32>, %m: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = tensor.extract %t[%i] : tensor<4xf32>
    memref.store %v, %m[%i] : memref<4xf32>
  }
  func.return
}""",
            "<string>:7:5: error: cpu-kernel-outlining: 'tensor.extract' uses %t of type "
            "tensor<4xf32> from outside the loop nest, which cannot be passed to a CPU kernel",
        ),
        (
            """
func.func @r(%m: memref<4xf32>, %o: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %z = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> (f32) {
    %v = memref.load %m[%i] : memref<4xf32>
    %w = arith.addf %acc, %v : f32
    scf.yield %w : f32
  }
  memref.store %s, %o[] : memref<f32>
  func.return
}""",
            "<string>:7:3: error: cpu-kernel-outlining: 'scf.for' has results used by the "
            "host function; a CPU kernel returns nothing",
        ),
    ],
)
def test_diagnostics_leave_the_module_untouched(text: str, message: str) -> None:
    module = parse_module(text)
    before = print_module(module)
    with pytest.raises(PassError) as info:
        run_passes(make_context(), module, [CpuKernelOutliningPass()])
    assert message in str(info.value)
    assert print_module(module) == before


def test_unused_loop_results_are_fine() -> None:
    text = """
func.func @u(%m: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %z = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> (f32) {
    %v = memref.load %m[%i] : memref<4xf32>
    %w = arith.addf %acc, %v : f32
    memref.store %w, %m[%i] : memref<4xf32>
    scf.yield %w : f32
  }
  func.return
}
"""
    module = outline(text)
    assert top_level_names(module) == ["u", "u_kernel_0"]
    m = np.arange(4, dtype=np.float32)
    EVAL.LoopEvaluator(module).call("u", m)
    np.testing.assert_array_equal(m, np.cumsum(np.arange(4, dtype=np.float32)))


# --------------------------------------------------------------------------- numbers

PROGRAM = """
func.func @prog(%x: memref<?x?xf32>, %b: memref<?xf32>, %s: f32,
                %y: memref<?x?xf32>, %rows: memref<?xf32>, %total: memref<f32>,
                %scaled: memref<f32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>,
                                   affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %b, %s : memref<?x?xf32>, memref<?xf32>, f32) outs(%y : memref<?x?xf32>) {
  ^bb0(%a: f32, %c: f32, %t: f32, %out: f32):
    %m = arith.mulf %a, %t : f32
    %r = arith.addf %m, %c : f32
    %e = math.exp %r : f32
    linalg.yield %e : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%y : memref<?x?xf32>) outs(%rows : memref<?xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %r = arith.addf %a, %acc : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>],
                  iterator_types = ["reduction"]}
      ins(%rows : memref<?xf32>) outs(%total : memref<f32>) {
  ^bb0(%a: f32, %acc: f32):
    %r = arith.maximumf %a, %acc : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>,
                                   affine_map<() -> ()>],
                  iterator_types = []}
      ins(%total, %s : memref<f32>, f32) outs(%scaled : memref<f32>) {
  ^bb0(%a: f32, %t: f32, %out: f32):
    %r = arith.divf %a, %t : f32
    linalg.yield %r : f32
  }
  func.return
}
"""


def test_program_numbers_after_outlining(rng: np.random.Generator) -> None:
    module = outline(PROGRAM, lower_first=True)
    names = top_level_names(module)
    assert names == ["prog", "prog_kernel_0", "prog_kernel_1", "prog_kernel_2"]
    assert not [n for n in names_in(module) if n.startswith("linalg.")]
    host = funcs(module)["prog"]
    # the rank-0 generic is straight-line host code, the rest are calls
    assert [op.name for op in host.body.block.ops if op.name.startswith(("func", "scf"))] == [
        "func.call", "func.call", "func.call", "func.return"
    ]

    m, n = 5, 7
    x = rng.standard_normal((m, n)).astype(np.float32)
    b = rng.standard_normal(n).astype(np.float32)
    s = np.float32(rng.uniform(0.5, 1.5))
    outs = [
        rng.standard_normal((m, n)).astype(np.float32),
        np.zeros(m, np.float32),
        np.array(-np.inf, np.float32),
        rng.standard_normal(()).astype(np.float32),
    ]
    ref = [a.copy() for a in outs]
    EVAL.LoopEvaluator(parse_module(PROGRAM)).call("prog", x, b, s, *ref)
    got = [a.copy() for a in outs]
    ev = EVAL.LoopEvaluator(module)
    ev.call("prog", x, b, s, *got)
    assert ev.calls == ["prog_kernel_0", "prog_kernel_1", "prog_kernel_2"]
    for r, g in zip(ref, got, strict=True):
        np.testing.assert_array_equal(g, r)
    y = np.exp(x * s + b)
    np.testing.assert_allclose(got[0], y, **F32_TOL)
    np.testing.assert_allclose(got[1], y.sum(axis=1), **F32_TOL)
    np.testing.assert_allclose(got[2], y.sum(axis=1).max(), **F32_TOL)
    np.testing.assert_allclose(got[3], y.sum(axis=1).max() / s, **F32_TOL)


# --------------------------------------------------------------------------- end to end

E2E = """
func.func @prog(%x: memref<?x?xf32>, %b: memref<?xf32>, %s: f32, %w: memref<?x?xf32>,
                %y: memref<?x?xf32>, %rows: memref<?xf32>, %total: memref<f32>,
                %mm: memref<?x?xf32>, %t: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>,
                                   affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %b, %s : memref<?x?xf32>, memref<?xf32>, f32) outs(%y : memref<?x?xf32>) {
  ^bb0(%a: f32, %c: f32, %k: f32, %out: f32):
    %m = arith.mulf %a, %k : f32
    %r = arith.addf %m, %c : f32
    %e = math.exp %r : f32
    linalg.yield %e : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%y : memref<?x?xf32>) outs(%rows : memref<?xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %r = arith.addf %a, %acc : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>],
                  iterator_types = ["reduction"]}
      ins(%rows : memref<?xf32>) outs(%total : memref<f32>) {
  ^bb0(%a: f32, %acc: f32):
    %r = arith.maximumf %a, %acc : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>,
                                   affine_map<(d0, d1, d2) -> (d1, d2)>,
                                   affine_map<(d0, d1, d2) -> (d0, d2)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<?x?xf32>, memref<?x?xf32>) outs(%mm : memref<?x?xf32>) {
  ^bb0(%a: f32, %c: f32, %acc: f32):
    %p = arith.mulf %a, %c : f32
    %r = arith.addf %acc, %p : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x?xf32>) outs(%t : memref<?x?xf32>) {
  ^bb0(%a: f32, %out: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %r = arith.subf %a, %f : f32
    linalg.yield %r : f32
  }
  func.return
}
"""


def test_end_to_end_cpu_jit(rng: np.random.Generator) -> None:
    """linalg -> loops -> kernels -> convert-to-llvm -> LLVM IR -> JIT, run by the host runtime.

    Tolerances against NumPy (f32): elementwise exp rtol=1e-5 (libm expf is within an ulp
    or two); sums of positive terms rtol=1e-5 (summation order differs); the matmul-like
    contraction rtol=1e-5, atol=1e-5 (entries near zero); copies with an index ramp exact.
    """
    from arignote.backend import cpu_llvm_ir
    from arignote.registry import get_pass
    from arignote.runtime.cpu import compile_llvm_ir
    from arignote.runtime.host import HostProgram

    module = parse_module(E2E)
    passes = [
        ConvertLinalgToParallelLoopsPass(),
        CpuKernelOutliningPass(),
        get_pass("convert-to-llvm")(target="cpu"),  # type: ignore[call-arg]
    ]
    run_passes(make_context(), module, passes)
    llvm_ir = cpu_llvm_ir(module)
    for k in range(5):
        assert f"define void @prog_kernel_{k}(" in llvm_ir
    native = compile_llvm_ir(llvm_ir)
    host = HostProgram(module, "prog", cpu_symbol=native.address)

    m, n, p = (int(v) for v in rng.integers(17, 70, size=3))
    x = rng.standard_normal((m, n)).astype(np.float32)
    b = rng.standard_normal(n).astype(np.float32)
    s = np.float32(rng.uniform(0.5, 1.0))
    w = rng.standard_normal((n, p)).astype(np.float32)
    y = np.full((m, n), np.nan, np.float32)
    rows = np.zeros(m, np.float32)
    total = np.array(-np.inf, np.float32)
    mm0 = rng.standard_normal((m, p)).astype(np.float32)
    mm = mm0.copy()
    t = np.full((n, m), np.nan, np.float32)
    host(x, b, s, w, y, rows, total, mm, t)

    y_ref = np.exp(x * s + b)
    np.testing.assert_allclose(y, y_ref, rtol=1e-5)
    np.testing.assert_allclose(rows, y_ref.sum(axis=1), rtol=1e-5)
    assert total == rows.max()
    np.testing.assert_allclose(mm, mm0 + x @ w, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(t, x.T - np.arange(n, dtype=np.float32)[:, None])


def test_end_to_end_with_unit_parallel_loops(rng: np.random.Generator) -> None:
    """With unit-parallel-loop=true the rank-0 op becomes a kernel too, so the host program
    (which runs no loads or stores) can run a program with scalar outputs.

    Tolerances against NumPy (f32): rtol=1e-5 throughout (exp within an ulp or two, sums
    of positive terms in a different order, one division).
    """
    from arignote.backend import cpu_llvm_ir
    from arignote.registry import get_pass
    from arignote.runtime.cpu import compile_llvm_ir
    from arignote.runtime.host import HostProgram

    module = parse_module(PROGRAM)
    passes = [
        ConvertLinalgToParallelLoopsPass(unit_parallel_loop=True),
        CpuKernelOutliningPass(),
    ]
    run_passes(make_context(), module, passes)
    assert top_level_names(module) == ["prog", *(f"prog_kernel_{k}" for k in range(4))]
    host_ops = names_in(funcs(module)["prog"])
    assert "memref.load" not in host_ops and "memref.store" not in host_ops
    to_llvm = get_pass("convert-to-llvm")(target="cpu")  # type: ignore[call-arg]
    run_passes(make_context(), module, [to_llvm])
    native = compile_llvm_ir(cpu_llvm_ir(module))
    host = HostProgram(module, "prog", cpu_symbol=native.address)

    m, n = (int(v) for v in rng.integers(9, 60, size=2))
    x = rng.standard_normal((m, n)).astype(np.float32)
    b = rng.standard_normal(n).astype(np.float32)
    s = np.float32(rng.uniform(0.5, 1.5))
    y = np.full((m, n), np.nan, np.float32)
    rows = np.zeros(m, np.float32)
    total = np.array(-np.inf, np.float32)
    scaled = np.array(np.nan, np.float32)
    host(x, b, s, y, rows, total, scaled)
    y_ref = np.exp(x * s + b)
    np.testing.assert_allclose(y, y_ref, rtol=1e-5)
    np.testing.assert_allclose(rows, y_ref.sum(axis=1), rtol=1e-5)
    assert total == rows.max()
    np.testing.assert_allclose(scaled, y_ref.sum(axis=1).max() / s, rtol=1e-5)
