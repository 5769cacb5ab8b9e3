"""Providers of libcall ops: the code the runtime calls for each op and `provider`.

`select-libcall-providers` records on each libcall op (on memrefs) which provider runs
it, from where its buffers live; this package holds that table (`PROVIDERS`) and the
host (CPU) providers.  The host runtime calls `make_executor(op)` once, when it compiles
the host program, and then the returned executor once per call with the op's operand
buffers in operand order (C-contiguous NumPy arrays); the executor overwrites the
destination buffer (`op.destination_operands()`) in place.  Attributes are read at
build time, so a call does no IR work; shapes are checked per call (`ShapeError` naming
the op and its location).

Host providers:

- `cpu-blas` (gemm, batched_gemm): cblas_sgemm/dgemm of NumPy's OpenBLAS through ctypes
  (np.matmul when no CBLAS library is found, and for f16);
- `cpu-numpy` (gemm, batched_gemm, chosen by hand): np.matmul;
- `cpu-direct` (conv2d): a register-blocked direct convolution, generated as native code
  by `convert-libcall-to-loops` (`arignote.lowering.direct_conv`); f32/f64 with unit
  stride along the width (`unserved` sends the others to `cpu-im2col`);
- `cpu-im2col` (conv2d, conv2d_backward_data, conv2d_backward_filter): im2col / col2im
  with NumPy strided copies + matmul on NumPy's OpenBLAS;
- `cpu-numpy` (pool2d chosen by hand, pool2d_backward, softmax, log_softmax): NumPy
  strided views, one vectorised operation per window offset.  (pool2d's host default is
  `kernel`: generated loops, one row per iteration, the interior columns without tap
  checks -- W4's first pooling 0.2 ms against NumPy's 1.9.)

Device providers (memory space 1): `cublas` (gemm, batched_gemm) and `cudnn` (the three
convolutions), implemented in `arignote.runtime.libcall.device` on the CUDA runtime
(`make_executor` refuses them); `unserved` says which ops they leave to generated
kernels.  Pooling and softmax on the device are generated kernels: the cuDNN frontend's
Python graph API below 1.29 has no pooling (resample) or softmax node.  `kernel` (both
sides) is a generated loop nest: `convert-libcall-to-loops` replaces the op before any
runtime sees it (the fallback when a library is missing).

Destination buffers must not be read through another operand unless the provider
detects it: every provider computes into a temporary when the destination may overlap
an input (`np.may_share_memory`).
"""

from __future__ import annotations

from collections.abc import Callable

from arignote.errors import InternalError
from arignote.runtime.libcall.common import Executor

#: libcall op name -> (host providers, device providers); the first of each is the default
PROVIDERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "libcall.gemm": (("cpu-blas", "cpu-numpy", "kernel"), ("cublas", "kernel")),
    "libcall.batched_gemm": (("cpu-blas", "cpu-numpy", "kernel"), ("cublas", "kernel")),
    "libcall.conv2d": (("cpu-direct", "cpu-im2col", "kernel"), ("cudnn", "kernel")),
    "libcall.conv2d_backward_data": (("cpu-im2col", "kernel"), ("cudnn", "kernel")),
    "libcall.conv2d_backward_filter": (("cpu-im2col", "kernel"), ("cudnn", "kernel")),
    "libcall.pool2d": (("kernel", "cpu-numpy"), ("kernel",)),
    "libcall.pool2d_backward": (("cpu-numpy", "kernel"), ("kernel",)),
    "libcall.softmax": (("cpu-numpy", "kernel"), ("kernel",)),
    "libcall.log_softmax": (("cpu-numpy", "kernel"), ("kernel",)),
}

#: providers that `convert-libcall-to-loops` replaces by generated loops (no runtime code)
GENERATED = ("kernel", "cpu-direct")

#: the library behind each device provider, and what provides its Python binding
LIBRARIES: dict[str, tuple[str, str]] = {
    "cublas": ("cuBLAS", "nvmath"),
    "cudnn": ("cuDNN", "cudnn"),
}


def unserved(provider: str, op: object) -> str | None:
    """Why provider `provider` cannot run `op` (None when it can)."""
    from arignote.dialects.libcall import Conv2dOp, ConvBase, GemmBase

    if provider == "cpu-direct" and isinstance(op, Conv2dOp):
        el = op.output.type.element_type  # type: ignore[attr-defined]
        if el.name not in ("f32", "f64"):
            return f"element type {el} (the schedule has f32 and f64 vectors)"
        if op.conv_attrs()[0][1] != 1:
            return "a stride along the width (the schedule loads contiguous input columns)"
    if provider == "cublas" and isinstance(op, GemmBase):
        if op.bias is not None or op.epilogue.data != "none":
            return "a bias or relu epilogue (cuBLASLt's fused epilogues are not wired up yet)"
    if provider == "cudnn" and isinstance(op, ConvBase):
        el = op.destination.type.element_type  # type: ignore[union-attr]
        if el.name == "f64":
            return "float64 (cuDNN's graph API has no float64 convolution engines)"
    return None


def _builders() -> dict[str, Callable[..., Executor]]:
    from arignote.runtime.libcall import conv, gemm, pool

    return {
        "libcall.gemm": gemm.gemm_executor,
        "libcall.batched_gemm": gemm.gemm_executor,
        "libcall.conv2d": lambda op, _p: conv.conv2d_executor(op),
        "libcall.conv2d_backward_data": lambda op, _p: conv.conv2d_backward_data_executor(op),
        "libcall.conv2d_backward_filter": lambda op, _p: conv.conv2d_backward_filter_executor(op),
        "libcall.pool2d": lambda op, _p: pool.pool2d_executor(op),
        "libcall.pool2d_backward": lambda op, _p: pool.pool2d_backward_executor(op),
        "libcall.softmax": lambda op, _p: pool.softmax_executor(op),
        "libcall.log_softmax": lambda op, _p: pool.softmax_executor(op),
    }


def make_executor(op: object) -> Executor:
    """The host executor of a libcall op on memrefs with a `provider` attribute.

    Returns run(buffers) that takes the op's operand buffers in operand order and
    overwrites the destination.  Raises InternalError for an op without a provider (the
    pipeline did not run select-libcall-providers), on tensors, or with a device
    provider.
    """
    from xdsl.dialects.builtin import StringAttr

    from arignote.dialects.libcall import LibcallOp

    if not isinstance(op, LibcallOp):
        raise InternalError(f"make_executor: {getattr(op, 'name', op)!r} is not a libcall op")
    where = op.location_name()
    if op.on_tensors:
        raise InternalError(f"{where}: works on tensors; the host runs libcall ops on buffers")
    attr = op.attributes.get("provider")
    if not isinstance(attr, StringAttr):
        raise InternalError(f"{where}: has no provider (run select-libcall-providers)")
    provider = attr.data
    host, device = PROVIDERS[op.name]
    if provider in GENERATED:
        raise InternalError(
            f"{where}: provider '{provider}' is a generated loop nest; the pipeline must run "
            "convert-libcall-to-loops before the runtime"
        )
    if provider in device:
        raise InternalError(
            f"{where}: provider '{provider}' runs on the GPU; the host runtime has no "
            "implementation of it"
        )
    if provider not in host:
        raise InternalError(
            f"{where}: unknown provider '{provider}' (host providers: {', '.join(host)})"
        )
    run = _builders()[op.name](op, provider)
    return run


__all__ = ["GENERATED", "LIBRARIES", "PROVIDERS", "Executor", "make_executor", "unserved"]
