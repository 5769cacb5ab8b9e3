"""convert-gpu-to-nvvm: no gpu op is left inside gpu.modules, kernels take the kernel ABI,
and the converted program still computes the right thing (SIMT evaluator)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from xdsl.dialects import gpu, llvm
from xdsl.dialects.builtin import (
    DenseArrayBase,
    IntAttr,
    MemRefType,
    UnitAttr,
    UnrealizedConversionCastOp,
    i32,
    i64,
)

from arignote.dialects import nvvm

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "passes"))
from gpu_launch_eval import Evaluator  # noqa: E402
from gpu_samples import GPU_PASSES, elementwise_module, nested_module, run  # noqa: E402

TO_NVVM = GPU_PASSES + ",convert-gpu-to-nvvm"


def device_ops(module):
    for mod in module.ops:
        if isinstance(mod, gpu.ModuleOp):
            yield from (op for op in mod.walk() if op is not mod)


@pytest.mark.parametrize("shape", [[None], [None, 7, None], [3, 70000]])
def test_no_gpu_op_left_in_device_code(shape: list[int | None]) -> None:
    module = run(elementwise_module(shape, space=1), TO_NVVM)
    assert not [op.name for op in device_ops(module) if op.dialect_name() == "gpu"]
    assert any(isinstance(op, gpu.ModuleOp) for op in module.ops)
    assert any(isinstance(op, gpu.LaunchFuncOp) for op in module.walk())
    assert module.attributes.get("gpu.container_module") == UnitAttr()
    sregs = {op.name for op in device_ops(module) if op.dialect_name() == "nvvm"}
    assert "nvvm.read.ptx.sreg.tid.x" in sregs and "nvvm.read.ptx.sreg.ctaid.x" in sregs


def test_kernel_signature_is_the_abi() -> None:
    module = run(elementwise_module([None, 5, None], space=1), TO_NVVM)
    (kernel,) = [op for op in device_ops(module) if isinstance(op, llvm.FuncOp)]
    (launch,) = [op for op in module.walk() if isinstance(op, gpu.LaunchFuncOp)]
    assert kernel.sym_name.data == "f_kernel_0"
    assert kernel.linkage.linkage.data == "external"
    assert kernel.attributes["nvvm.kernel"] == UnitAttr()
    assert kernel.attributes["nvvm.maxntid"] == DenseArrayBase.from_list(i32, [256, 1, 1])
    ptr1 = llvm.LLVMPointerType(IntAttr(1))
    expected = []
    for v in launch.kernelOperands:  # memref<?x5x?xf32, 1> -> ptr<1>, i64, i64; index -> i64
        t = v.type
        if isinstance(t, MemRefType):
            expected += [ptr1] + [i64] * sum(1 for d in t.get_shape() if d < 0)
        else:
            expected.append(i64)
    assert list(kernel.function_type.inputs) == expected
    assert isinstance(kernel.function_type.output, llvm.LLVMVoidType)
    # each original argument is rebuilt once at entry by an ABI cast
    casts = [op for op in kernel.body.block.ops if isinstance(op, UnrealizedConversionCastOp)]
    assert [c.results[0].type for c in casts[: len(launch.kernelOperands)]] == [
        v.type for v in launch.kernelOperands]


def test_id_ops_read_special_registers() -> None:
    module = run(elementwise_module([None, None, None]), TO_NVVM)
    names = [op.name for op in device_ops(module) if isinstance(op, nvvm.SpecialRegisterOp)]
    assert sorted(names) == sorted([
        "nvvm.read.ptx.sreg.ctaid.x", "nvvm.read.ptx.sreg.ctaid.y",
        "nvvm.read.ptx.sreg.ctaid.z", "nvvm.read.ptx.sreg.tid.x",
        "nvvm.read.ptx.sreg.ntid.x", "nvvm.read.ptx.sreg.nctaid.y",
        "nvvm.read.ptx.sreg.nctaid.z",
    ])
    for op in device_ops(module):
        if isinstance(op, nvvm.SpecialRegisterOp):
            (use,) = op.result.uses
            assert isinstance(use.operation, llvm.ZExtOp)


@pytest.mark.parametrize(
    "shape", [[1000], [None], [None, None], [2, None, 3], [66000, 2, 1]])
def test_converted_program_computes_the_same(shape: list[int | None],
                                             rng: np.random.Generator) -> None:
    actual = [d if d is not None else int(rng.integers(1, 600)) for d in shape]
    x = rng.standard_normal(actual).astype(np.float32)
    s = np.array(rng.standard_normal(), np.float32)
    o = np.full_like(x, np.nan)
    ev = Evaluator(run(elementwise_module(shape, space=1), TO_NVVM))
    ev.call("f", x, s, o)
    np.testing.assert_allclose(o, x + s * x, rtol=1e-6)
    assert (ev.store_counts[id(o)] == 1).all()


def test_converted_nested_program(rng: np.random.Generator) -> None:
    x = rng.standard_normal((6, 50)).astype(np.float32)
    y = rng.standard_normal(4).astype(np.float32)
    o = np.full((6, 50, 4), np.nan, np.float32)
    Evaluator(run(nested_module([None, None], 4), TO_NVVM)).call("f", x, y, o)
    np.testing.assert_allclose(o, x[..., None] + y, rtol=1e-6)
