"""select-libcall-providers: the provider of every libcall op from its buffers' memory
space, its diagnostics, and the chosen host providers running a small LeNet-like chain
(conv2d + bias + relu, max pooling, gemm, log_softmax) against the chained references
(float32, rtol/atol 1e-4)."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.dialects.builtin import StringAttr

from arignote.dialects.libcall import LibcallOp
from arignote.errors import PassError
from arignote.ir import parse_module, print_module
from arignote.passes.select_libcall_providers import SelectLibcallProvidersPass, memory_side
from arignote.passmanager import run_passes
from arignote.registry import make_context
from arignote.runtime.libcall import PROVIDERS, make_executor

CHAIN = """
func.func @lenet(%x: memref<?x1x12x12xf32>, %w: memref<4x1x5x5xf32>, %b: memref<4xf32>,
                 %c: memref<?x4x8x8xf32>, %p: memref<?x4x4x4xf32>, %w2: memref<64x10xf32>,
                 %h: memref<?x10xf32>, %o: memref<?x10xf32>) {
  libcall.conv2d ins(%x, %w : memref<?x1x12x12xf32>, memref<4x1x5x5xf32>) outs(%c : memref<?x4x8x8xf32>) bias(%b : memref<4xf32>) strides [1, 1] padding [0, 0, 0, 0] dilation [1, 1] flip epilogue = relu
  libcall.pool2d max ins(%c : memref<?x4x8x8xf32>) outs(%p : memref<?x4x4x4xf32>) window [2, 2] strides [2, 2] padding [0, 0]
  %flat = memref.collapse_shape %p [[0], [1, 2, 3]] : memref<?x4x4x4xf32> into memref<?x64xf32>
  libcall.gemm ins(%flat, %w2 : memref<?x64xf32>, memref<64x10xf32>) outs(%h : memref<?x10xf32>)
  libcall.log_softmax ins(%h : memref<?x10xf32>) outs(%o : memref<?x10xf32>) axis 1
  func.return
}
"""


def _select(text: str) -> list[LibcallOp]:
    m = parse_module(text, "chain.mlir")
    run_passes(make_context(), m, [SelectLibcallProvidersPass()])
    return [op for op in m.walk() if isinstance(op, LibcallOp)]


def test_host_chain_gets_cpu_providers_and_runs(rng: np.random.Generator) -> None:
    ops = _select(CHAIN)
    assert [op.attributes["provider"].data for op in ops] == [  # type: ignore[attr-defined]
        "cpu-direct", "kernel", "cpu-blas", "cpu-numpy",
    ]  # fmt: skip
    conv, pool, gemm, lsm = ops
    # cpu-direct and kernel are generated code (tests/passes/test_direct_conv.py and
    # test_convert_libcall_to_loops.py run them); here the chain runs the host runtime's
    # providers, so the convolution and the pooling take the next ones
    conv.attributes["provider"] = StringAttr("cpu-im2col")
    pool.attributes["provider"] = StringAttr("cpu-numpy")
    n = 3
    x = rng.standard_normal((n, 1, 12, 12)).astype(np.float32)
    w = rng.standard_normal((4, 1, 5, 5)).astype(np.float32) * 0.3
    b = rng.standard_normal(4).astype(np.float32)
    w2 = rng.standard_normal((64, 10)).astype(np.float32) * 0.2
    c = np.full((n, 4, 8, 8), np.nan, np.float32)
    p = np.full((n, 4, 4, 4), np.nan, np.float32)
    h = np.full((n, 10), np.nan, np.float32)
    o = np.full((n, 10), np.nan, np.float32)
    # the references, chained
    rc = conv.reference(x, w, c, b)
    rp = pool.reference(rc, p)
    rh = gemm.reference(rp.reshape(n, 64), w2, h)
    ro = lsm.reference(rh, o)
    # the providers, on the buffers (p and the collapsed view share memory, as on memrefs)
    make_executor(conv)([x, w, c, b])
    make_executor(pool)([c, p])
    make_executor(gemm)([p.reshape(n, 64), w2, h])
    make_executor(lsm)([h, o])
    np.testing.assert_allclose(o, ro, rtol=1e-4, atol=1e-4)
    assert np.isfinite(o).all()


def test_device_buffers_get_gpu_providers() -> None:
    text = CHAIN.replace("xf32>", "xf32, 1>")
    ops = _select(text)
    assert [op.attributes["provider"].data for op in ops] == [  # type: ignore[attr-defined]
        "cudnn", "kernel", "cublas", "kernel",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "mode,want",
    [
        ("none", ["kernel"] * 4),
        ("cublas", ["kernel", "kernel", "cublas", "kernel"]),
        ("cudnn", ["cudnn", "kernel", "kernel", "kernel"]),
    ],
)
def test_missing_libraries_give_generated_kernels(mode: str, want: list[str], capfd) -> None:  # type: ignore[no-untyped-def]
    text = CHAIN.replace("xf32>", "xf32, 1>")
    m = parse_module(text)
    run_passes(make_context(), m, [SelectLibcallProvidersPass(libraries=mode)])
    ops = [o for o in m.walk() if isinstance(o, LibcallOp)]
    assert [o.attributes["provider"].data for o in ops] == want  # type: ignore[attr-defined]
    assert capfd.readouterr().err == ""  # chosen by the user: no notice


def test_auto_notices_a_missing_library_once(monkeypatch, capfd) -> None:  # type: ignore[no-untyped-def]
    from arignote.passes import select_libcall_providers as slp

    monkeypatch.setattr(slp, "installed_libraries", lambda: ("cudnn",))
    monkeypatch.setattr(slp, "_noticed", set())
    text = CHAIN.replace("xf32>", "xf32, 1>")
    for _ in range(2):
        m = parse_module(text, "chain.mlir")
        run_passes(make_context(), m, [SelectLibcallProvidersPass(libraries="auto")])
        ops = [o for o in m.walk() if isinstance(o, LibcallOp)]
        got = [o.attributes["provider"].data for o in ops]  # type: ignore[attr-defined]
        assert got == ["cudnn", "kernel", "kernel", "kernel"]
    err = capfd.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("arignote: notice: cuBLAS is not available (")
    assert "libcall.gemm at chain.mlir:" in err and "generated kernels" in err


def test_unknown_libraries_value() -> None:
    with pytest.raises(PassError, match="unknown libraries='cuda'"):
        SelectLibcallProvidersPass(libraries="cuda")


def test_provider_table_covers_every_op_and_runs_twice() -> None:
    from arignote.dialects.libcall import LIBCALL_OPS

    assert {op.name for op in LIBCALL_OPS} == set(PROVIDERS)
    m = parse_module(CHAIN)
    ctx = make_context()
    run_passes(ctx, m, [SelectLibcallProvidersPass()])
    once = print_module(m)
    run_passes(ctx, m, [SelectLibcallProvidersPass()])
    assert print_module(m) == once


def test_memory_sides() -> None:
    from xdsl.dialects.builtin import IntegerAttr, NoneAttr, i64

    assert memory_side(NoneAttr()) == "host"
    assert memory_side(IntegerAttr(0, i64)) == "host"
    assert memory_side(IntegerAttr(1, i64)) == "device"
    assert memory_side(IntegerAttr(3, i64)) is None
    assert memory_side(StringAttr("shared")) is None


@pytest.mark.parametrize(
    "body,message",
    [
        (
            "%r = libcall.softmax ins(%t : tensor<4x4xf32>) outs(%t : tensor<4x4xf32>) axis 0 "
            "-> tensor<4x4xf32>",
            "chain.mlir:3:3: error: select-libcall-providers: 'libcall.softmax' works on tensors",
        ),
        (
            "libcall.softmax ins(%h : memref<4x4xf32>) outs(%d : memref<4x4xf32, 1>) axis 0",
            "chain.mlir:3:3: error: select-libcall-providers: 'libcall.softmax' mixes host and "
            "device buffers: input (memref<4x4xf32>) in host memory; output (memref<4x4xf32, "
            "1 : i64>) in device memory",
        ),
        (
            'libcall.softmax ins(%h : memref<4x4xf32>) outs(%h : memref<4x4xf32>) axis 0 {provider = "cudnn"}',
            "'libcall.softmax' has provider 'cudnn', which cannot run it on host buffers",
        ),
        (
            "libcall.softmax ins(%h : memref<4x4xf32>) outs(%h : memref<4x4xf32>) axis 0 {provider = 3}",
            "'libcall.softmax' has provider '3 : i64', which cannot run it on host buffers",
        ),
    ],
)
def test_diagnostics(body: str, message: str) -> None:
    text = (
        "func.func @f(%t: tensor<4x4xf32>, %h: memref<4x4xf32>, %d: memref<4x4xf32, 1>) {\n"
        "  // an op\n"
        f"  {body}\n"
        "  func.return\n}"
    )
    with pytest.raises(PassError) as e:
        _select(text)
    assert message in str(e.value)
