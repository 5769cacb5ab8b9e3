"""The one explicit registry of arignote's dialects and passes.

Every entry maps a name to a factory that imports lazily.  A pass's key is its flag and
must equal the pass class's `name`; a dialect's key is its namespace (tested in
`tests/test_registry.py`).  Our entries take precedence over xDSL's of the same name
(for instance our `llvm` dialect is xDSL's plus the ops xDSL lacks, and our
`gpu-map-loops-coalesced` maps the innermost loop to threadIdx.x).

Nothing registers itself by being imported: to add a pass, add its line here (or, from
another package, declare an entry point: see `arignote.plugins`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from xdsl.context import Context
from xdsl.ir import Dialect
from xdsl.passes import ModulePass


def _lazy(module: str, attr: str) -> Callable[[], object]:
    def factory() -> object:
        return getattr(importlib.import_module(module), attr)

    factory.__qualname__ = f"{module}.{attr}"
    return factory


#: namespace -> factory of our dialects
DIALECTS: dict[str, Callable[[], Dialect]] = {
    "tt": _lazy("arignote.dialects.tt", "TT"),  # type: ignore[dict-item]
    "libcall": _lazy("arignote.dialects.libcall", "LIBCALL"),  # type: ignore[dict-item]
    "nvvm": _lazy("arignote.dialects.nvvm", "NVVM"),  # type: ignore[dict-item]
    "llvm": _lazy("arignote.dialects.llvm", "LLVM"),  # type: ignore[dict-item]
    "arith": _lazy("arignote.dialects.arith", "ARITH"),  # type: ignore[dict-item]
    "gpu": _lazy("arignote.dialects.gpu", "GPU"),  # type: ignore[dict-item]
    "host": _lazy("arignote.dialects.host", "HOST"),  # type: ignore[dict-item]
    "loop": _lazy("arignote.dialects.loop", "LOOP"),  # type: ignore[dict-item]
    "func": _lazy("arignote.dialects.func", "FUNC"),  # type: ignore[dict-item]
    "tensor": _lazy("arignote.dialects.tensor", "TENSOR"),  # type: ignore[dict-item]
    "memref": _lazy("arignote.dialects.memref", "MEMREF"),  # type: ignore[dict-item]
    "linalg": _lazy("arignote.dialects.linalg", "LINALG"),  # type: ignore[dict-item]
    "scf": _lazy("arignote.dialects.scf", "SCF"),  # type: ignore[dict-item]
}

# flag -> (module, class).  Module, class and flag agree (DESIGN.md, conventions 2).
_PASSES: dict[str, tuple[str, str]] = {
    # tt level
    "outline-tt-loops": ("arignote.passes.outline_tt_loops", "OutlineTtLoopsPass"),
    "merge-slices": ("arignote.passes.merge_slices", "MergeSlicesPass"),
    "convert-tt-to-linalg": ("arignote.lowering.convert_tt_to_linalg", "ConvertTtToLinalgPass"),
    # linalg on tensors
    "fuse-elementwise": ("arignote.passes.fuse_elementwise", "FuseElementwisePass"),
    "fold-gemm-transposes": ("arignote.passes.fold_gemm_transposes", "FoldGemmTransposesPass"),
    "fuse-conv-epilogues": ("arignote.passes.fuse_conv_epilogues", "FuseConvEpiloguesPass"),
    "one-shot-bufferize": ("arignote.lowering.one_shot_bufferize", "OneShotBufferizePass"),
    # linalg on memrefs
    "buffer-placement": ("arignote.passes.buffer_placement", "BufferPlacementPass"),
    "select-libcall-providers": (
        "arignote.passes.select_libcall_providers",
        "SelectLibcallProvidersPass",
    ),
    "convert-libcall-to-loops": (
        "arignote.lowering.convert_libcall_to_loops",
        "ConvertLibcallToLoopsPass",
    ),
    "convert-linalg-to-parallel-loops": (
        "arignote.lowering.convert_linalg_to_parallel_loops",
        "ConvertLinalgToParallelLoopsPass",
    ),
    # loops
    "wrap-sequential-loops": ("arignote.passes.wrap_sequential_loops", "WrapSequentialLoopsPass"),
    "gpu-warp-reductions": ("arignote.passes.gpu_warp_reductions", "GpuWarpReductionsPass"),
    "gpu-tile-transposes": ("arignote.passes.gpu_tile_transposes", "GpuTileTransposesPass"),
    "interchange-reduction-loops": (
        "arignote.passes.interchange_reduction_loops",
        "InterchangeReductionLoopsPass",
    ),
    "fold-fills-into-reductions": (
        "arignote.passes.fold_fills_into_reductions",
        "FoldFillsIntoReductionsPass",
    ),
    "convert-loop-to-scf": ("arignote.lowering.convert_loop_to_scf", "ConvertLoopToScfPass"),
    "cpu-kernel-outlining": ("arignote.passes.cpu_kernel_outlining", "CpuKernelOutliningPass"),
    "cpu-parallel-kernels": ("arignote.passes.cpu_parallel_kernels", "CpuParallelKernelsPass"),
    "gpu-map-loops-coalesced": (
        "arignote.passes.gpu_map_loops_coalesced",
        "GpuMapLoopsCoalescedPass",
    ),
    "convert-parallel-loops-to-gpu": (
        "arignote.lowering.convert_parallel_loops_to_gpu",
        "ConvertParallelLoopsToGpuPass",
    ),
    "gpu-kernel-outlining": ("arignote.passes.gpu_kernel_outlining", "GpuKernelOutliningPass"),
    "convert-gpu-to-nvvm": ("arignote.lowering.convert_gpu_to_nvvm", "ConvertGpuToNvvmPass"),
    # math and the llvm dialect
    "math-polynomial-approximation": (
        "arignote.passes.math_polynomial_approximation",
        "MathPolynomialApproximationPass",
    ),
    "convert-kernel-scf-to-cf": (
        "arignote.lowering.convert_kernel_scf_to_cf",
        "ConvertKernelScfToCfPass",
    ),
    "convert-arith-to-llvm": ("arignote.lowering.convert_arith_to_llvm", "ConvertArithToLlvmPass"),
    "convert-math-to-llvm": ("arignote.lowering.convert_math_to_llvm", "ConvertMathToLlvmPass"),
    "convert-cf-to-llvm": ("arignote.lowering.convert_cf_to_llvm", "ConvertCfToLlvmPass"),
    "finalize-memref-to-llvm": (
        "arignote.lowering.finalize_memref_to_llvm",
        "FinalizeMemrefToLlvmPass",
    ),
    "convert-func-to-llvm": ("arignote.lowering.convert_func_to_llvm", "ConvertFuncToLlvmPass"),
    "convert-loop-to-llvm": ("arignote.lowering.convert_loop_to_llvm", "ConvertLoopToLlvmPass"),
    "convert-vector-to-llvm": (
        "arignote.lowering.convert_vector_to_llvm",
        "ConvertVectorToLlvmPass",
    ),
    "convert-libcall-to-llvm": (
        "arignote.lowering.convert_libcall_to_llvm",
        "ConvertLibcallToLlvmPass",
    ),
    "convert-to-llvm": ("arignote.lowering.convert_to_llvm", "ConvertToLlvmPass"),
    # named pipelines
    "tt-to-cpu": ("arignote.pipeline", "TtToCpuPipeline"),
    "tt-to-ptx": ("arignote.pipeline", "TtToPtxPipeline"),
}

PASSES: dict[str, Callable[[], type[ModulePass]]] = {
    flag: _lazy(module, cls)  # type: ignore[misc]
    for flag, (module, cls) in _PASSES.items()
}


def all_dialects() -> dict[str, Callable[[], Dialect]]:
    """xDSL's dialects, then plugins' (arignote.plugins), then ours (ours win a clash)."""
    from xdsl.dialects import get_all_dialects

    from arignote.plugins import plugin_dialects

    out = dict(get_all_dialects())
    out.update(plugin_dialects())
    out.update(DIALECTS)
    return out


def all_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    """xDSL's passes, then plugins' (arignote.plugins), then ours (ours win a clash)."""
    from xdsl.transforms import get_all_passes

    from arignote.plugins import plugin_passes

    out = dict(get_all_passes())
    out.update(plugin_passes())
    out.update(PASSES)
    return out


def make_context(*, allow_unregistered: bool = False) -> Context:
    """A context that knows every dialect of `all_dialects` (loaded lazily)."""
    ctx = Context(allow_unregistered=allow_unregistered)
    for name, factory in all_dialects().items():
        ctx.register_dialect(name, factory)
    return ctx


def get_pass(flag: str) -> type[ModulePass]:
    try:
        return all_passes()[flag]()
    except KeyError:
        raise KeyError(f"unknown pass {flag!r}") from None
