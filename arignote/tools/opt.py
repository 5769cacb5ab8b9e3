"""`arignote-opt`: parse IR, run passes, print IR (or LLVM IR / PTX of the device code).

    arignote-opt f.mlir -p convert-tt-to-linalg,fuse-elementwise
    arignote-opt f.mlir -p tt-to-ptx -t ptx --gpu-arch sm_90
    arignote-opt f.mlir -p 'tt-to-cpu{stop=linalg}'
    cat f.mlir | arignote-opt -p canonicalize,cse --print-op-generic

All of arignote's dialects and passes are registered, and xDSL's.  Errors go to stderr
as `file:line:col: error: ...` and the exit code is 1; with --split-input-file each
chunk is processed even when an earlier one fails.  With --verify-diagnostics the
diagnostics are checked against the input's `// expected-error {{...}}` annotations
instead of printed (exit code 0 when they agree; see arignote.tools.verify_diagnostics).
An internal error (a bug in a pass) exits with 2 and prints its traceback only with
--debug.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from arignote.errors import ArignoteError, InternalError

SPLIT_MARKER = "// -----"


def _make_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="arignote-opt",
        description="arignote's modular optimizer driver (xDSL/MLIR textual IR in, IR out)",
    )
    ap.add_argument("input_file", nargs="?", default=None, help="input file (default: stdin)")
    ap.add_argument(
        "-p",
        "--passes",
        "--pass-pipeline",
        dest="passes",
        default="",
        help="comma-separated pass pipeline, e.g. 'convert-tt-to-linalg,"
        "fuse-elementwise' or 'tt-to-ptx'; see --list-passes",
    )
    ap.add_argument(
        "-t",
        "--target",
        default="mlir",
        choices=["mlir", "llvm", "ptx"],
        help="output: IR (mlir), LLVM IR of the device code (llvm) or PTX (ptx)",
    )
    ap.add_argument("-o", "--output-file", default=None, help="output file (default: stdout)")
    ap.add_argument("--gpu-arch", default="sm_80", help="PTX target for -t ptx (default sm_80)")
    ap.add_argument(
        "--split-input-file",
        action="store_true",
        help=f"process each '{SPLIT_MARKER}'-separated chunk independently",
    )
    ap.add_argument(
        "--print-op-generic",
        "--mlir-print-op-generic",
        action="store_true",
        dest="generic",
        help="print ops in generic form",
    )
    ap.add_argument(
        "--print-debuginfo",
        "--mlir-print-debuginfo",
        action="store_true",
        dest="debuginfo",
        help="print op locations",
    )
    ap.add_argument(
        "--allow-unregistered-dialect",
        action="store_true",
        help="accept ops of unknown dialects (kept opaque)",
    )
    ap.add_argument(
        "--disable-verify",
        action="store_true",
        help="do not verify the IR after parsing and after each pass",
    )
    ap.add_argument(
        "--verify-diagnostics",
        action="store_true",
        help="check the emitted diagnostics against the input's expected-error/-warning/"
        "-note/-remark annotations (see arignote.tools.verify_diagnostics)",
    )
    ap.add_argument("--print-ir-after-all", "--mlir-print-ir-after-all", action="store_true",
                    help="print the IR after every pass (nested ones too) to stderr")
    ap.add_argument("--print-ir-before-all", "--mlir-print-ir-before-all", action="store_true",
                    help="print the IR before every pass to stderr")
    ap.add_argument("--print-ir-before", "--mlir-print-ir-before", default="", metavar="PASSES",
                    help="comma-separated pass names to print the IR before")
    ap.add_argument("--print-ir-after", "--mlir-print-ir-after", default="", metavar="PASSES",
                    help="comma-separated pass names to print the IR after")
    ap.add_argument("--print-ir-after-change", "--mlir-print-ir-after-change",
                    action="store_true",
                    help="print the IR after a pass only when the pass changed it")
    ap.add_argument("--print-ir-after-failure", "--mlir-print-ir-after-failure",
                    action="store_true", help="print the IR a failing pass left behind")
    ap.add_argument("--time-passes", "--mlir-timing", action="store_true", dest="time_passes",
                    help="report the wall time of every pass to stderr")
    ap.add_argument("--pass-statistics", "--mlir-pass-statistics", action="store_true",
                    dest="pass_statistics",
                    help="report every pass's operation count before and after to stderr")
    ap.add_argument("--list-passes", action="store_true", help="list the registered passes")
    ap.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return ap


def _instrumentation(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The pass instrumentation the flags ask for (None when none)."""
    from arignote.passmanager import Instrumentation

    def names(spec: str, every: bool) -> frozenset[str]:
        out = {n.strip() for n in spec.split(",") if n.strip()}
        return frozenset({"*"} if every else out)

    instr = Instrumentation(
        print_before=names(args.print_ir_before, args.print_ir_before_all),
        print_after=names(args.print_ir_after, args.print_ir_after_all),
        after_change=args.print_ir_after_change,
        after_failure=args.print_ir_after_failure,
        timing=args.time_passes,
        statistics=args.pass_statistics,
        generic=args.generic,
    )
    wanted = (instr.print_before, instr.print_after, instr.after_change, instr.after_failure,
              instr.timing, instr.statistics)  # fmt: skip
    return instr if any(wanted) else None


def _process(text: str, name: str, args: argparse.Namespace, line_offset: int) -> str:
    from arignote.ir import parse_module, print_module, verify_module
    from arignote.passmanager import parse_pipeline, run_passes
    from arignote.registry import make_context

    ctx = make_context(allow_unregistered=args.allow_unregistered_dialect)
    module = parse_module("\n" * line_offset + text, name, ctx)
    if not args.disable_verify:
        verify_module(module)
    passes = parse_pipeline(args.passes)
    instr = _instrumentation(args)
    if instr is None:
        run_passes(ctx, module, passes, verify_each=not args.disable_verify)
    else:
        from arignote.passmanager import instrumented

        try:
            with instrumented(instr):
                run_passes(ctx, module, passes, verify_each=not args.disable_verify)
        finally:
            if instr.timing:
                sys.stderr.write(instr.timing_report())
    if args.target == "llvm":
        from arignote.backend import module_to_llvm_ir

        return module_to_llvm_ir(module)
    if args.target == "ptx":
        from arignote.backend import module_to_ptx

        return module_to_ptx(module, arch=args.gpu_arch)
    return print_module(module, generic=args.generic, debuginfo=args.debuginfo)


def _verify_chunk(
    chunk: str, name: str, args: argparse.Namespace, offset: int, outputs: list[str]
) -> int:
    """Run one chunk with --verify-diagnostics; 0 when its diagnostics are as annotated."""
    import contextlib
    import io

    from arignote.tools.verify_diagnostics import (
        AnnotationError,
        parse_diagnostics,
        parse_expectations,
        verify,
    )

    try:
        expectations = parse_expectations(chunk, offset + 1)
    except AnnotationError as e:
        print(f"{name}:{e.line}: error: {e.message}", file=sys.stderr)
        return 1
    captured = io.StringIO()
    emitted = ""
    try:
        with contextlib.redirect_stderr(captured):
            outputs.append(_process(chunk, name, args, offset))
    except InternalError as e:
        print(f"arignote-opt: internal error: {e}", file=sys.stderr)
        return 2
    except ArignoteError as e:
        emitted = str(e)
    failures = verify(expectations, parse_diagnostics(captured.getvalue() + "\n" + emitted), name)
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _make_parser().parse_args(argv)
    if args.list_passes:
        from arignote.registry import all_passes

        print("\n".join(sorted(all_passes())))
        return 0
    try:
        if args.input_file in (None, "-"):
            text, name = sys.stdin.read(), "<stdin>"
        else:
            with open(args.input_file, encoding="utf-8") as f:
                text, name = f.read(), args.input_file
    except OSError as e:
        print(f"arignote-opt: error: cannot read {args.input_file}: {e.strerror}", file=sys.stderr)
        return 1

    from arignote.passmanager import parse_pipeline

    try:
        parse_pipeline(args.passes)  # report a bad pipeline before reading any IR
    except ArignoteError as e:
        print(str(e), file=sys.stderr)
        return 1
    chunks = text.split(SPLIT_MARKER) if args.split_input_file else [text]
    outputs: list[str] = []
    rc = 0
    offset = 0
    for chunk in chunks:
        if args.verify_diagnostics:
            rc = max(rc, _verify_chunk(chunk, name, args, offset, outputs))
            offset += chunk.count("\n")
            continue
        try:
            outputs.append(_process(chunk, name, args, offset))
        except InternalError as e:
            rc = 2
            print(f"arignote-opt: internal error: {e}", file=sys.stderr)
            if args.debug and e.__cause__ is not None:
                traceback.print_exception(e.__cause__, file=sys.stderr)
            elif e.__cause__ is not None:
                print("(run with --debug for the traceback)", file=sys.stderr)
        except ArignoteError as e:
            rc = max(rc, 1)
            print(str(e), file=sys.stderr)
        offset += chunk.count("\n")
    out = f"\n{SPLIT_MARKER}\n".join(o.rstrip("\n") for o in outputs) + ("\n" if outputs else "")
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as f:
            f.write(out)
    else:
        sys.stdout.write(out)
    return rc


if __name__ == "__main__":
    sys.exit(main())
