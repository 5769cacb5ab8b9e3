"""gpu-kernel-outlining: kernel arguments, modules and attributes, and that the outlined
program computes what the launch did (SIMT evaluator)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from xdsl.dialects import arith, func, gpu
from xdsl.dialects.builtin import DenseArrayBase, IndexType, MemRefType, UnitAttr, i32

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gpu_launch_eval import Evaluator  # noqa: E402
from arignote.passmanager import parse_pipeline, run_passes  # noqa: E402
from arignote.registry import make_context  # noqa: E402
from gpu_samples import GPU_PASSES, elementwise_module, nested_module, run  # noqa: E402

TO_LAUNCH = "gpu-map-loops-coalesced,convert-parallel-loops-to-gpu"

LAUNCH_HEAD = (
    '"gpu.launch"({gx}, %c1, %c1, {bx}, %c1, %c1) <{{operandSegmentSizes = array<i32: 0, 1, '
    "1, 1, 1, 1, 1, 0, 0, 0, 0>}}> ({{\n"
    "  ^bb0(%bx: index, %by: index, %bz: index, %tx: index, %ty: index, %tz: index, "
    "%gx: index, %gy: index, %gz: index, %dx: index, %dy: index, %dz: index):\n"
)
LAUNCH_TAIL = '    "gpu.terminator"() : () -> ()\n  }) : (index, index, index, index, index, index) -> ()\n'


def kernels(module) -> list[gpu.FuncOp]:
    return [op for op in module.walk() if isinstance(op, gpu.FuncOp)]


def test_arguments_in_order_of_first_use_each_once() -> None:
    text = (
        "func.func @h(%x: memref<?xf32>, %y: memref<?xf32>, %s: f32, %n: index, %k: i32) {\n"
        "  %c1 = arith.constant 1 : index\n  %c4 = arith.constant 4 : index\n"
        "  %c8 = arith.muli %c4, %c4 : index\n  %m = arith.addi %n, %c4 : index\n"
        + LAUNCH_HEAD.format(gx="%n", bx="%c4")
        + "    %a = memref.load %y[%tx] : memref<?xf32>\n"
        "    %b = arith.mulf %a, %s : f32\n"
        "    %i = arith.addi %tx, %m : index\n"
        "    %j = arith.addi %i, %c8 : index\n"
        "    memref.store %b, %x[%tx] : memref<?xf32>\n"
        "    memref.store %b, %y[%tx] : memref<?xf32>\n"
        "    %c = arith.mulf %b, %s : f32\n"
        "    memref.store %c, %x[%j] : memref<?xf32>\n"
        + LAUNCH_TAIL + "  func.return\n}\n"
    )
    module = run(text, "gpu-kernel-outlining")
    (kernel,) = kernels(module)
    (launch,) = [op for op in module.walk() if isinstance(op, gpu.LaunchFuncOp)]
    host = next(op for op in module.walk() if isinstance(op, func.FuncOp))
    x, y, s, n, k = host.args
    m = next(op for op in host.walk() if isinstance(op, arith.AddiOp)).result
    # %y, %s, %m, %x in order of first use; %y, %s, %x once; %c4/%c8 cloned in, %k unused
    assert list(launch.kernelOperands) == [y, s, m, x]
    assert list(kernel.function_type.inputs) == [y.type, s.type, m.type, x.type]
    cloned = [op for op in kernel.walk() if isinstance(op, arith.ConstantOp | arith.MuliOp)]
    assert [op.name for op in cloned] == ["arith.constant", "arith.muli"]
    # grid and block values stay host values
    assert launch.gridSizeX is n and launch.gridSizeY is launch.blockSizeY
    assert kernel.attributes["known_block_size"] == DenseArrayBase.from_list(i32, [4, 1, 1])


def test_modules_and_attributes() -> None:
    text = elementwise_module([None, None]) + elementwise_module([7]).replace("@f", "@g")
    module = run(text + elementwise_module([None]).replace("@f(", "@f3("), GPU_PASSES)
    assert module.attributes.get("gpu.container_module") == UnitAttr()
    top = list(module.ops)
    names = [(op.name, op.sym_name.data) for op in top]  # type: ignore[attr-defined]
    assert names == [
        ("func.func", "f"), ("gpu.module", "f_kernels"),
        ("func.func", "g"), ("gpu.module", "g_kernels"),
        ("func.func", "f3"), ("gpu.module", "f3_kernels"),
    ]
    for mod in (op for op in top if isinstance(op, gpu.ModuleOp)):
        (kernel,) = mod.body.block.ops
        assert isinstance(kernel, gpu.FuncOp) and kernel.kernel == UnitAttr()
        assert kernel.sym_name.data == mod.sym_name.data.replace("_kernels", "_kernel_0")
    g_kernel = kernels(module)[1]
    assert g_kernel.attributes["known_block_size"] == DenseArrayBase.from_list(i32, [32, 1, 1])
    refs = [op.kernel for op in module.walk() if isinstance(op, gpu.LaunchFuncOp)]
    assert [(r.root_reference.data, r.nested_references.data[0].data) for r in refs] == [
        ("f_kernels", "f_kernel_0"), ("g_kernels", "g_kernel_0"), ("f3_kernels", "f3_kernel_0")]
    assert not any(isinstance(op, gpu.LaunchOp) for op in module.walk())


def test_two_launches_in_one_function_share_its_module() -> None:
    text = elementwise_module([None])
    body = text[text.index('  "scf.parallel"'):text.index("  func.return")]
    module = run(text.replace("  func.return", body + "  func.return"), GPU_PASSES)
    (mod,) = [op for op in module.ops if isinstance(op, gpu.ModuleOp)]
    assert [k.sym_name.data for k in mod.body.block.ops] == ["f_kernel_0", "f_kernel_1"]
    # running again outlines nothing new
    again = str(module)
    run_passes(make_context(), module, parse_pipeline("gpu-kernel-outlining"))
    assert str(module) == again


def test_kernel_arguments_are_memrefs_indices_scalars() -> None:
    module = run(elementwise_module([None, 9, None]), GPU_PASSES)
    (kernel,) = kernels(module)
    types = list(kernel.function_type.inputs)
    assert sum(isinstance(t, MemRefType) for t in types) == 3  # x, s, o: each once
    assert all(isinstance(t, MemRefType) or t == IndexType() for t in types)


def test_outlined_program_computes_the_same(rng: np.random.Generator) -> None:
    shape = (37, 300)
    x = rng.standard_normal(shape).astype(np.float32)
    s = np.array(rng.standard_normal(), np.float32)
    outs = []
    for pipeline in (TO_LAUNCH, GPU_PASSES):
        o = np.full_like(x, np.nan)
        ev = Evaluator(run(elementwise_module([None, None]), pipeline))
        ev.call("f", x, s, o)
        assert ev.launches == [((2, 37, 1), (256, 1, 1))]
        assert (ev.store_counts[id(o)] == 1).all()
        outs.append(o)
    np.testing.assert_array_equal(outs[0], outs[1])
    np.testing.assert_allclose(outs[1], x + s * x, rtol=1e-6)


def test_outlined_nested_loops(rng: np.random.Generator) -> None:
    x = rng.standard_normal((3, 70)).astype(np.float32)
    y = rng.standard_normal(5).astype(np.float32)
    o = np.full((3, 70, 5), np.nan, np.float32)
    Evaluator(run(nested_module([None, None], 5), GPU_PASSES)).call("f", x, y, o)
    np.testing.assert_allclose(o, x[..., None] + y, rtol=1e-6)
