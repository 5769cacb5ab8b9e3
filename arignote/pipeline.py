"""The named pipelines, from the tt dialect down to the llvm dialect, with stop points.

    arignote-opt f.mlir -p tt-to-cpu                 # host functions + CPU kernels in llvm
    arignote-opt f.mlir -p 'tt-to-cpu{stop=loops}'   # stop after convert-linalg-to-parallel-loops
    arignote-opt f.mlir -p tt-to-ptx -t ptx          # GPU kernels as PTX

Stages (each ends a level of docs/internals.md; `stop=<stage>` prints the IR there):

    tt-to-cpu:  linalg, fused, bufferized, placed, loops, kernels, llvm
    tt-to-ptx{libraries=none}: library calls as generated kernels (also all, auto,
                cublas, cudnn: see select-libcall-providers)
    tt-to-ptx:  linalg, fused, bufferized, placed, loops, mapped, launch, kernels, nvvm, llvm

`stages_cpu()` / `stages_gpu()` give the same lists for Python callers (the compiler
records the IR after each stage when asked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from arignote.errors import PassError

Stage = tuple[str, Callable[[], list[ModulePass]]]


def _p(flag: str, **options: object) -> ModulePass:
    from arignote.registry import get_pass

    cls = get_pass(flag)
    return cls(**options)  # type: ignore[call-arg]


def _front() -> list[Stage]:
    return [
        (
            "linalg",
            lambda: [
                _p("merge-slices"),
                _p("outline-tt-loops"),
                _p("convert-tt-to-linalg", fuse_chains=True),
                _p("cse"),
            ],
        ),
        (
            "fused",
            lambda: [
                _p("fuse-elementwise"),
                _p("fold-gemm-transposes"),
                _p("fuse-conv-epilogues"),
                _p("cse"),
            ],
        ),
        ("bufferized", lambda: [_p("one-shot-bufferize")]),
    ]


def _with_plugins(pipeline: str, stages: list[Stage]) -> list[Stage]:
    """Each stage's passes followed by those plugins add at its end (`arignote.stages`
    entry points `<pipeline>.<stage>`)."""
    from arignote.plugins import stage_additions

    def extended(name: str, make: Callable[[], list[ModulePass]]) -> Stage:
        return name, lambda: [*make(), *stage_additions(pipeline, name)]

    return [extended(name, make) for name, make in stages]


def stages_cpu(kernels_as_text: bool = False) -> list[Stage]:
    """`kernels_as_text`: the llvm stage stops before `convert-to-llvm` (the compiler
    writes the kernels' LLVM IR itself, `emit_cpu_llvm`, and converts the module only
    when the emitter does not cover it: `cpu_to_llvm`); only without plugin passes at the
    end of that stage (`kernels_as_text_allowed`), which expect the llvm dialect."""
    return _with_plugins(
        "tt-to-cpu",
        [
            *_front(),
            (
                "placed",
                lambda: [_p("buffer-placement", target="cpu"), _p("select-libcall-providers")],
            ),
            (
                "loops",
                lambda: [
                    _p("convert-libcall-to-loops"),
                    _p("convert-linalg-to-parallel-loops", unit_parallel_loop=True),
                    _p("cse"),
                    _p("interchange-reduction-loops"),
                    _p("fold-fills-into-reductions"),
                    _p("convert-loop-to-scf"),
                    _p("cse"),
                ],
            ),
            ("kernels", lambda: [_p("cpu-kernel-outlining"), _p("cpu-parallel-kernels")]),
            (
                "llvm",
                lambda: [
                    _p("math-polynomial-approximation", functions=True),
                    *([] if kernels_as_text else [cpu_to_llvm()]),
                ],
            ),
        ],
    )


def cpu_to_llvm() -> ModulePass:
    """The last pass of tt-to-cpu: host kernel calls and kernels into the llvm dialect."""
    return _p("convert-to-llvm", target="cpu")


def kernels_as_text_allowed() -> bool:
    """Whether no plugin adds passes at the end of tt-to-cpu's llvm stage."""
    from arignote.plugins import stage_additions

    return not stage_additions("tt-to-cpu", "llvm")


def stages_gpu(block_size: int = 256, libraries: str = "all") -> list[Stage]:
    """`libraries`: the device libraries select-libcall-providers may use (all, none,
    auto, cublas, cudnn); ops of a missing one become generated kernels."""
    return _with_plugins(
        "tt-to-ptx",
        [
            *_front(),
            (
                "placed",
                lambda: [
                    _p("buffer-placement", target="gpu"),
                    _p("select-libcall-providers", libraries=libraries),
                ],
            ),
            (
                "loops",
                lambda: [
                    _p("convert-libcall-to-loops"),
                    _p("convert-linalg-to-parallel-loops", unit_parallel_loop=True),
                    _p("cse"),
                    _p("wrap-sequential-loops"),
                    _p("gpu-warp-reductions"),
                ],
            ),
            ("mapped", lambda: [_p("gpu-tile-transposes"), _p("gpu-map-loops-coalesced")]),
            ("launch", lambda: [_p("convert-parallel-loops-to-gpu", block_size=block_size)]),
            ("kernels", lambda: [_p("gpu-kernel-outlining")]),
            ("nvvm", lambda: [_p("convert-gpu-to-nvvm")]),
            ("llvm", lambda: [_p("convert-to-llvm", target="nvptx")]),
        ],
    )


def _check_stop(stages: list[Stage], stop: str, pipeline: str) -> None:
    names = [n for n, _ in stages]
    if stop not in names:
        raise PassError(f"error: {pipeline}: unknown stop {stop!r} (stages: {', '.join(names)})")


def passes_until(stages: list[Stage], stop: str, pipeline: str) -> list[ModulePass]:
    """The passes of `stages` up to and including stage `stop`."""
    _check_stop(stages, stop, pipeline)
    out: list[ModulePass] = []
    for name, make in stages:
        out.extend(make())
        if name == stop:
            break
    return out


def _run(passes: list[ModulePass], ctx: Context, op: ModuleOp) -> None:
    from arignote.passmanager import run_passes

    run_passes(ctx, op, passes)


@dataclass(frozen=True)
class TtToCpuPipeline(ModulePass):
    """tt -> linalg -> buffers -> loops -> CPU kernels in the llvm dialect."""

    name = "tt-to-cpu"

    stop: str = "llvm"

    def __post_init__(self) -> None:
        _check_stop(stages_cpu(), self.stop, self.name)

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        _run(passes_until(stages_cpu(), self.stop, self.name), ctx, op)


@dataclass(frozen=True)
class TtToPtxPipeline(ModulePass):
    """tt -> linalg -> buffers -> loops -> gpu kernels -> nvvm/llvm (PTX with -t ptx)."""

    name = "tt-to-ptx"

    stop: str = "llvm"
    block_size: int = 256
    libraries: str = "all"

    def __post_init__(self) -> None:
        from arignote.passes.select_libcall_providers import LIBRARY_CHOICES

        _check_stop(stages_gpu(), self.stop, self.name)
        if self.libraries not in LIBRARY_CHOICES:
            raise PassError(
                f"error: {self.name}: unknown libraries={self.libraries!r} (expected one of "
                f"{', '.join(LIBRARY_CHOICES)})"
            )

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        stages = stages_gpu(self.block_size, self.libraries)
        _run(passes_until(stages, self.stop, self.name), ctx, op)
