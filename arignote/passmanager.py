"""Running pass pipelines with verification and clean errors.

`run_passes` runs ModulePasses in order, verifies the module after each, and turns what
can go wrong into arignote's errors: a pass's diagnostic stays a `PassError`; invalid IR
after a pass or an unexpected exception inside a pass becomes an `InternalError` that
names the pass (the traceback is kept as `__cause__` for `--debug`).  Inside
`instrumented(Instrumentation(...))` every pass run -- nested pipelines' passes too --
can print the IR before/after it, be timed, and report statistics (arignote-opt's
--print-ir-*, --mlir-timing and --mlir-pass-statistics).
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass, PassPipeline
from xdsl.utils.arg_spec import ArgSpecParseError
from xdsl.utils.exceptions import DiagnosticException, PassFailedException

from arignote.errors import ArignoteError, InternalError, IRVerifyError, PassError
from arignote.ir import verify_module

AfterPass = Callable[[ModulePass, ModuleOp], None]


@dataclass
class Instrumentation:
    """What `run_passes` reports about every pass it runs, nested pipelines included
    (mlir-opt's --print-ir-* / --mlir-timing / --mlir-pass-statistics), to `out`
    (stderr by default: never mixed into the IR).

    print_before / print_after: pass names, or {"*"} for all; after_change: print after
    a pass only when the IR changed; after_failure: print the IR a failing pass left;
    timing: collect (depth, name, seconds) for `timing_report`; statistics: print each
    pass's operation count before and after."""

    print_before: frozenset[str] = frozenset()
    print_after: frozenset[str] = frozenset()
    after_change: bool = False
    after_failure: bool = False
    timing: bool = False
    statistics: bool = False
    generic: bool = False
    out: TextIO | None = None
    timings: list[tuple[int, str, float]] = field(default_factory=list)
    depth: int = 0

    def _stream(self) -> TextIO:
        return self.out if self.out is not None else sys.stderr

    def _dump(self, when: str, name: str, module: ModuleOp, text: str | None = None) -> None:
        from arignote.ir import print_module

        body = text if text is not None else print_module(module, generic=self.generic)
        self._stream().write(f"// -----// IR Dump {when} {name} //----- //\n{body.rstrip()}\n\n")

    def _wants(self, names: frozenset[str], name: str) -> bool:
        return "*" in names or name in names

    def timing_report(self) -> str:
        """mlir-opt's layout: wall time per pass (nested passes indented), then the total."""
        total = sum(t for d, _, t in self.timings if d == 0)
        width = max([len("Name")] + [2 * d + len(n) for d, n, _ in self.timings])
        lines = [
            "===" + "-" * 73 + "===",
            "  ... Execution time report ...".center(79),
            "===" + "-" * 73 + "===",
            f"  Total Execution Time: {total:.4f} seconds",
            "",
            "  ----Wall Time----  ----Name----",
        ]
        for d, n, t in self.timings:
            pct = 100.0 * t / total if total else 0.0
            lines.append(f"    {t:8.4f} ({pct:5.1f}%)  {'  ' * d}{n}")
        lines.append(f"    {total:8.4f} (100.0%)  {'Total'.ljust(width)}".rstrip())
        return "\n".join(lines) + "\n"


_INSTRUMENT: contextvars.ContextVar[Instrumentation | None] = contextvars.ContextVar(
    "arignote_pass_instrumentation", default=None
)


@contextlib.contextmanager
def instrumented(instr: Instrumentation) -> Iterator[Instrumentation]:
    """Report every pass run inside the block (see Instrumentation)."""
    token = _INSTRUMENT.set(instr)
    try:
        yield instr
    finally:
        _INSTRUMENT.reset(token)


def _count_ops(module: ModuleOp) -> int:
    return sum(1 for _ in module.walk()) - 1


_ANCHORS = ("builtin.module", "func.func", "gpu.module", "any")


def _split_top(spec: str) -> list[str]:
    """`spec` split at the commas outside braces and parentheses."""
    items, depth, cur = [], 0, ""
    for ch in spec:
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    return [i.strip() for i in items if i.strip()]


def flatten_pipeline(spec: str) -> str:
    """mlir-opt's nested form -> a flat list: `builtin.module(func.func(cse),canonicalize)`
    becomes `cse,canonicalize`.  arignote's passes are module passes that visit every
    function, so a pass anchored on `func.func` (or `gpu.module`, `any`) runs on the
    whole module, which for such passes is the same."""
    out: list[str] = []
    for item in _split_top(spec):
        for anchor in _ANCHORS:
            if item.startswith(anchor) and item[len(anchor) :].lstrip().startswith("("):
                inner = item[len(anchor) :].strip()
                if not inner.endswith(")"):
                    raise PassError(
                        f"error: bad pass pipeline {spec!r}: unbalanced '(' in {item!r}"
                    )
                out.append(flatten_pipeline(inner[1:-1]))
                break
        else:
            out.append(item)
    return ",".join(o for o in out if o)


def parse_pipeline(spec: str) -> list[ModulePass]:
    """`"canonicalize,fuse-elementwise,tt-to-cpu{stop=loops}"` -> pass instances; the
    nested form `builtin.module(func.func(cse),...)` is accepted (`flatten_pipeline`)."""
    from arignote.registry import all_passes

    if not spec.strip():
        return []
    spec = flatten_pipeline(spec)
    try:
        return list(PassPipeline.parse_spec(all_passes(), spec).passes)
    except ArgSpecParseError as e:
        raise PassError(f"error: bad pass pipeline {spec!r}: {e}") from None
    except Exception as e:  # unknown pass names and bad options
        msg = str(e).removeprefix("error: ")
        raise PassError(f"error: bad pass pipeline {spec!r}: {msg}") from None


def run_passes(
    ctx: Context,
    module: ModuleOp,
    passes: Sequence[ModulePass],
    *,
    verify_each: bool = True,
    after: AfterPass | None = None,
) -> None:
    from arignote.ir import gc_paused

    instr = _INSTRUMENT.get()
    with gc_paused():  # (passes make and drop IR by the thousand ops: see gc_paused)
        for p in passes:
            if instr is None:
                _run_one(ctx, module, p, verify_each)
            else:
                _run_instrumented(instr, ctx, module, p, verify_each)
            if after is not None:
                after(p, module)


def _run_instrumented(
    instr: Instrumentation, ctx: Context, module: ModuleOp, p: ModulePass, verify_each: bool
) -> None:
    from arignote.ir import print_module

    name = p.name
    before_text = None
    if instr.after_change:
        before_text = print_module(module, generic=instr.generic)
    if instr._wants(instr.print_before, name):
        instr._dump("Before", name, module)
    n_before = _count_ops(module) if instr.statistics else 0
    slot = len(instr.timings)
    if instr.timing:
        instr.timings.append((instr.depth, name, 0.0))
    instr.depth += 1
    t0 = time.perf_counter()
    try:
        _run_one(ctx, module, p, verify_each)
    except ArignoteError:
        if instr.after_failure:
            instr._dump("After", f"{name} Failed", module)
        raise
    finally:
        instr.depth -= 1
        if instr.timing:
            instr.timings[slot] = (instr.depth, name, time.perf_counter() - t0)
    if instr.statistics:
        instr._stream().write(
            f"===- Pass statistics: {name} -===\n  operations: {n_before} -> "
            f"{_count_ops(module)}\n"
        )
    if instr._wants(instr.print_after, name):
        instr._dump("After", name, module)
    elif instr.after_change:
        after_text = print_module(module, generic=instr.generic)
        if after_text != before_text:
            instr._dump("After", name, module, after_text)


def _run_one(ctx: Context, module: ModuleOp, p: ModulePass, verify_each: bool) -> None:
    try:
        p.apply(ctx, module)
    except ArignoteError:
        raise
    except PassFailedException as e:
        err = PassError(str(e))
        err.upstream = e
        raise err from None
    except DiagnosticException as e:
        err = PassError(f"error: {p.name}: {e}")
        err.upstream = e
        raise err from None
    except Exception as e:
        raise InternalError(f"pass '{p.name}' crashed: {type(e).__name__}: {e}") from e
    if verify_each:
        try:
            if type(p).__module__.startswith("xdsl."):
                _verify_as_xdsl(module)
            else:
                verify_module(module)
        except IRVerifyError as e:
            raise InternalError(f"pass '{p.name}' produced invalid IR: {e}") from e


def _verify_as_xdsl(module: ModuleOp) -> None:
    """The output of one of xDSL's passes is verified as xdsl-opt verifies it (its ops'
    own verifiers), not with arignote's extra checks (dominance, ...): xDSL's passes
    behave in arignote-opt as in xdsl-opt."""
    from xdsl.utils.exceptions import VerifyException

    try:
        module.verify()
    except VerifyException as e:
        err = IRVerifyError(" ".join(line.strip() for line in str(e).splitlines() if line.strip()))
        err.upstream = e
        raise err from None
