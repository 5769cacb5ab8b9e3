"""Level-4 IR samples (internals.md §4) for the GPU pass tests, and a pipeline runner."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import ModuleOp

from arignote.ir import parse_module
from arignote.passmanager import parse_pipeline, run_passes
from arignote.registry import make_context

GPU_PASSES = "gpu-map-loops-coalesced,convert-parallel-loops-to-gpu,gpu-kernel-outlining"


def memref_type(shape: Sequence[int | None], space: int | None = None) -> str:
    dims = "".join(("?" if d is None else str(d)) + "x" for d in shape)
    return f"memref<{dims}f32{'' if space is None else f', {space} : i64'}>"


def elementwise_module(
    shape: Sequence[int | None],
    *,
    lbs: Sequence[int] | None = None,
    steps: Sequence[int] | None = None,
    space: int | None = None,
) -> str:
    """`@f(%x, %s, %o)`: one scf.parallel computing `o[i] = x[i] + s * x[i]` over `shape`.

    Dims given as None are dynamic (their upper bound is `memref.dim %x`); `lbs`/`steps`
    (constants) default to 0 and 1.
    """
    rank = len(shape)
    lbs = list(lbs or [0] * rank)
    steps = list(steps or [1] * rank)
    t = memref_type(shape, space)
    s_t = memref_type([], space)
    lines = [f"func.func @f(%x: {t}, %s: {s_t}, %o: {t}) {{"]
    ubs = []
    for k, d in enumerate(shape):
        lines.append(f"  %k{k} = arith.constant {k} : index")
        if d is None:
            lines.append(f"  %ub{k} = memref.dim %x, %k{k} : {t}")
        else:
            lines.append(f"  %ub{k} = arith.constant {d} : index")
        lines.append(f"  %lb{k} = arith.constant {lbs[k]} : index")
        lines.append(f"  %st{k} = arith.constant {steps[k]} : index")
        ubs.append(f"%ub{k}")
    operands = ", ".join([f"%lb{k}" for k in range(rank)] + ubs
                         + [f"%st{k}" for k in range(rank)])
    ivs = ", ".join(f"%i{k}" for k in range(rank))
    iv_decl = ", ".join(f"%i{k}: index" for k in range(rank))
    lines += [
        f'  "scf.parallel"({operands}) <{{operandSegmentSizes = array<i32: {rank}, {rank}, '
        f"{rank}, 0>}}> ({{",
        f"  ^bb0({iv_decl}):",
        f"    %a = memref.load %x[{ivs}] : {t}",
        f"    %b = memref.load %s[] : {s_t}",
        "    %m = arith.mulf %b, %a : f32",
        "    %r = arith.addf %a, %m : f32",
        f"    memref.store %r, %o[{ivs}] : {t}",
        "    scf.reduce",
        f"  }}) : ({', '.join(['index'] * 3 * rank)}) -> ()",
        "  func.return",
        "}",
    ]
    return "\n".join(lines) + "\n"


def nested_module(outer: Sequence[int | None], inner: int) -> str:
    """`@f(%x, %y, %o)`: `o[a.., e] = x[a..] + y[e]`, an outer loop over `outer` holding a
    nested scf.parallel over `e < inner`."""
    rank = len(outer)
    tx = memref_type(outer)
    ty = memref_type([inner])
    to = memref_type([*outer, inner])
    lines = [f"func.func @f(%x: {tx}, %y: {ty}, %o: {to}) {{",
             "  %c0 = arith.constant 0 : index", "  %c1 = arith.constant 1 : index",
             f"  %ci = arith.constant {inner} : index"]
    for k, d in enumerate(outer):
        lines.append(f"  %k{k} = arith.constant {k} : index")
        lines.append(f"  %ub{k} = memref.dim %x, %k{k} : {tx}" if d is None
                     else f"  %ub{k} = arith.constant {d} : index")
    zeros = ", ".join(["%c0"] * rank)
    ones = ", ".join(["%c1"] * rank)
    ubs = ", ".join(f"%ub{k}" for k in range(rank))
    ivs = ", ".join(f"%i{k}" for k in range(rank))
    lines += [
        f'  "scf.parallel"({zeros}, {ubs}, {ones}) <{{operandSegmentSizes = array<i32: '
        f"{rank}, {rank}, {rank}, 0>}}> ({{",
        f"  ^bb0({', '.join(f'%i{k}: index' for k in range(rank))}):",
        f"    %a = memref.load %x[{ivs}] : {tx}",
        '    "scf.parallel"(%c0, %ci, %c1) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({',
        "    ^bb1(%e: index):",
        f"      %b = memref.load %y[%e] : {ty}",
        "      %r = arith.addf %a, %b : f32",
        f"      memref.store %r, %o[{ivs}, %e] : {to}",
        "      scf.reduce",
        "    }) : (index, index, index) -> ()",
        "    scf.reduce",
        f"  }}) : ({', '.join(['index'] * 3 * rank)}) -> ()",
        "  func.return",
        "}",
    ]
    return "\n".join(lines) + "\n"


def run(text: str, pipeline: str) -> ModuleOp:
    """Parse `text`, run `pipeline` (verifying after each pass), return the module."""
    ctx = make_context()
    module = parse_module(text, "<test>", ctx)
    run_passes(ctx, module, parse_pipeline(pipeline))
    return module
