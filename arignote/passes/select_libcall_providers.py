"""select-libcall-providers: which library runs each libcall op, from where its buffers live.

Input: libcall ops on memrefs (after `one-shot-bufferize` and `buffer-placement`), every
operand of an op in one memory space: the default space (host memory) or space 1
(device memory, NVPTX global).

Output: every libcall op carries the discardable attribute `provider` (a string):

| op                                                   | host buffers | device buffers |
|------------------------------------------------------|--------------|----------------|
| gemm, batched_gemm                                   | `cpu-blas`   | `cublas`       |
| conv2d                                               | `cpu-direct` | `cudnn`        |
| conv2d_backward_data, conv2d_backward_filter         | `cpu-im2col` | `cudnn`        |
| pool2d                                               | `kernel`     | `kernel`       |
| pool2d_backward, softmax, log_softmax                | `cpu-numpy`  | `kernel`       |

(`arignote.runtime.libcall.PROVIDERS` is the table; the host providers are implemented
there, the device ones by the CUDA runtime, `cpu-direct` by `convert-libcall-to-loops`.)
A host op the default provider does not serve (`arignote.runtime.libcall.unserved`: a
conv2d in f16 or with a stride along the width, for `cpu-direct`) gets the next host
provider of the table.  A `provider` already present is kept when
it is one of the op's providers for that memory space (e.g. `cpu-numpy` chosen by hand
for a gemm, or `kernel`, a generated loop nest, on either side).

Option `libraries` says which device libraries exist: `all` (default: cuBLAS and cuDNN,
what the emulator models), `none`, `cublas`, `cudnn`, or `auto` (those whose Python
binding is installed -- nvmath-python for cuBLAS, nvidia-cudnn-frontend for cuDNN -- and
whose shared library is found).  An
op on device buffers whose library is missing gets provider `kernel`, and
`convert-libcall-to-loops` makes it a generated kernel; with `auto`, the first such op
of each library prints a one-line notice to stderr (once per process).  So does an op
the library does not serve (`arignote.runtime.libcall.unserved`: a gemm with a bias or
relu epilogue, a float64 convolution), silently: that is a property of the op.

Diagnostics: a libcall op on tensors (run this pass after one-shot-bufferize), an op
whose operands are in different memory spaces or in a space no provider serves, a
`provider` already present that does not fit the op or its buffers, and an unknown
`libraries` value.

Keeps: everything else, unchanged; the ops themselves are not rewritten.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, MemRefType, ModuleOp, StringAttr
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, PatternRewriteWalker, RewritePattern

from arignote.dialects.libcall import DEVICE, HOST, LibcallOp, memory_side
from arignote.errors import PassError
from arignote.ir import diagnostic, location_str
from arignote.runtime.libcall import LIBRARIES, PROVIDERS, unserved

PASS_NAME = "select-libcall-providers"
LIBRARY_CHOICES = ("all", "none", "auto", *LIBRARIES)
_noticed: set[str] = set()


@functools.cache
def library_problem(provider: str) -> str | None:
    """Why device provider `provider` cannot be used here (None when its Python binding
    imports and its shared library is found; whether a GPU answers is the runtime's
    question).  Computed once per process."""
    _, module = LIBRARIES[provider]
    if importlib.util.find_spec(module) is None:
        return f"Python module '{module}' not installed"
    if provider == "cublas":
        try:
            from cuda.pathfinder import load_nvidia_dynamic_lib

            load_nvidia_dynamic_lib("cublas")
        except Exception as e:  # noqa: BLE001 - any failure means: not usable
            return f"libcublas not found ({type(e).__name__})"
    if provider == "cudnn":
        import ctypes.util

        if importlib.util.find_spec("nvidia.cudnn") is None and not ctypes.util.find_library(
            "cudnn"
        ):
            return "libcudnn not found (pip package nvidia-cudnn-cu12, or a system cuDNN)"
    return None


def installed_libraries() -> tuple[str, ...]:
    """The device providers usable here (`library_problem` is None)."""
    return tuple(p for p in LIBRARIES if library_problem(p) is None)


def available_libraries(mode: str) -> tuple[str, ...]:
    """The device providers `libraries=<mode>` allows."""
    if mode == "all":
        return tuple(LIBRARIES)
    if mode == "none":
        return ()
    if mode == "auto":
        return installed_libraries()
    return (mode,)


def _notice(op: LibcallOp, provider: str) -> None:
    if provider in _noticed:
        return
    _noticed.add(provider)
    lib, _ = LIBRARIES[provider]
    sys.stderr.write(
        f"arignote: notice: {lib} is not available ({library_problem(provider)}): "
        f"{op.name} at {location_str(op)} and every later {lib} call run as generated "
        "kernels; pip install 'arignote[cuda]' for the library\n"
    )


def _space_str(space: Attribute) -> str:
    return str(space.value.data) if isinstance(space, IntegerAttr) else str(space)


def _where(op: LibcallOp, index: int) -> str:
    t = op.operands[index].type
    return f"{op.role_of(index)} ({t})"


def _side_of(op: LibcallOp) -> str:
    """The memory side all of op's buffers are on, or a PassError naming the operands."""
    sides: dict[str, list[int]] = {}
    for i, v in enumerate(op.operands):
        t = v.type
        assert isinstance(t, MemRefType)
        side = memory_side(t.memory_space)
        if side is None:
            raise PassError(
                diagnostic(
                    op,
                    PASS_NAME,
                    f"{_where(op, i)} is in memory space {_space_str(t.memory_space)}, which no "
                    "provider "
                    "serves (expected the default space, host memory, or 1, device memory)",
                )  # fmt: skip
            )
        sides.setdefault(side, []).append(i)
    if len(sides) > 1:
        host = ", ".join(_where(op, i) for i in sides[HOST])
        dev = ", ".join(_where(op, i) for i in sides[DEVICE])
        raise PassError(
            diagnostic(
                op,
                PASS_NAME,
                f"mixes host and device buffers: {host} in host memory; {dev} in device "
                "memory (space 1); one provider needs all of them in one place "
                "(buffer-placement copies them)",
            )  # fmt: skip
        )
    return next(iter(sides), HOST)


class SetLibcallProvider(RewritePattern):
    """libcall op on buffers -> the same op with `provider` = the default for its memory."""

    def __init__(self, libraries: str = "all"):
        self.mode = libraries
        self.available = available_libraries(libraries)

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, LibcallOp):
            return
        if op.on_tensors:
            raise PassError(
                diagnostic(
                    op,
                    PASS_NAME,
                    "works on tensors; providers are chosen for buffers (run "
                    "select-libcall-providers after one-shot-bufferize)",
                )  # fmt: skip
            )
        side = _side_of(op)
        host, device = PROVIDERS[op.name]
        allowed = host if side == HOST else device
        current = op.attributes.get("provider")
        if current is not None:
            if isinstance(current, StringAttr) and current.data in allowed:
                return
            shown = current.data if isinstance(current, StringAttr) else str(current)
            raise PassError(
                diagnostic(
                    op,
                    PASS_NAME,
                    f"has provider '{shown}', which cannot run it on {side} buffers "
                    f"(providers for {side} buffers: {', '.join(allowed)})",
                )  # fmt: skip
            )
        choice = next(p for p in allowed if unserved(p, op) is None)
        if side == DEVICE and choice != "kernel":
            if choice not in self.available:
                if self.mode == "auto":
                    _notice(op, choice)
                choice = "kernel"
            elif unserved(choice, op) is not None:
                choice = "kernel"
        op.attributes["provider"] = StringAttr(choice)
        rewriter.notify_op_modified(op)


@dataclass(frozen=True)
class SelectLibcallProvidersPass(ModulePass):
    name = "select-libcall-providers"

    libraries: str = "all"

    def __post_init__(self) -> None:
        if self.libraries not in LIBRARY_CHOICES:
            raise PassError(
                f"{PASS_NAME}: unknown libraries={self.libraries!r} (expected one of "
                f"{', '.join(LIBRARY_CHOICES)})"
            )

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(
            SetLibcallProvider(self.libraries), apply_recursively=False
        ).rewrite_module(op)
