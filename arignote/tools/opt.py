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
import contextlib
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

from arignote.errors import ArignoteError, InternalError, IRParseError

if TYPE_CHECKING:
    from xdsl.ir import Operation

SPLIT_MARKER = "// -----"


XDSL_ONLY_TARGETS = ("arm-asm", "csl", "mps", "riscv-asm", "wat", "wgsl", "x86-asm")
TARGETS = ("mlir", "llvm", "cpu-kernels-llvm", "ptx", *XDSL_ONLY_TARGETS)
_BOOL_VALUES = {"true": True, "1": True, "on": True, "false": False, "0": False, "off": False}


class _HelpAction(argparse.Action):
    """--help: the options, then every registered pass with its options (as mlir-opt)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show this help, the passes and "
                         "their options, and exit")  # fmt: skip

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        parser.print_help()
        sys.stdout.write("\n" + _passes_help())
        parser.exit()


class _VersionAction(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the versions and exit")

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        from importlib.metadata import version

        import arignote

        print(f"arignote-opt version {arignote.__version__}")
        print(f"xdsl-opt built from xdsl version {version('xdsl')}")
        parser.exit()


def _passes_help() -> str:
    """Every pass (`--NAME`, its first doc line) and its options (`NAME{opt=value}` or
    `--NAME='opt=value ...'`), sorted by name."""
    import dataclasses

    from arignote.registry import all_passes

    lines = ["Passes (in -p 'a,b{opt=v}' or as flags --a --b='opt=v', run in order):"]
    for name, factory in sorted(all_passes().items()):
        try:
            cls = factory()
        except Exception as e:  # (a pass whose module does not import: say so, go on)
            lines.append(f"  --{name}  (cannot load: {type(e).__name__}: {e})")
            continue
        doc = (cls.__doc__ or "").strip().splitlines()
        lines.append(f"  --{name}" + (f"  {doc[0].strip()}" if doc else ""))
        fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
        for f in fields:
            if f.name.startswith("_") or not f.init:
                continue
            if f.default is not dataclasses.MISSING:
                default = f" (default: {f.default})"
            else:
                default = ""
            ty = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", f.type)
            lines.append(f"      {f.name.replace('_', '-')}=<{ty}>{default}")
    return "\n".join(lines) + "\n"


def _make_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="arignote-opt",
        description="arignote's modular optimizer driver (xDSL/MLIR textual IR in, IR out). "
        "Takes xdsl-opt's flags and mlir-opt's daily ones; any registered pass is also a "
        "flag (--cse --canonicalize), run in command-line order with -p's pipelines.",
        add_help=False,
        allow_abbrev=False,
    )
    ap.add_argument("-h", "--help", action=_HelpAction)
    ap.add_argument("-v", "--version", action=_VersionAction)
    ap.add_argument("input_file", nargs="?", default=None, help="input file (default: stdin)")
    ap.add_argument(
        "-p",
        "--passes",
        "--pass-pipeline",
        dest="passes",
        action="append",
        default=[],
        help="comma-separated pass pipeline, e.g. 'convert-tt-to-linalg,"
        "fuse-elementwise' or 'tt-to-ptx'; may be repeated; see --help or --list-passes",
    )
    ap.add_argument(
        "-t",
        "--target",
        default="mlir",
        metavar="TARGET",
        help="output: IR (mlir), LLVM IR (llvm: of the gpu.modules when there are any, "
        "else as xdsl-opt translates a module of llvm.func/llvm.mlir.global, else of the "
        "host module's kernels), LLVM IR of the CPU kernels written straight from the "
        "kernels stage (cpu-kernels-llvm: the compiler's path), PTX (ptx), or one of "
        "xdsl-opt's targets: "
        + ", ".join(XDSL_ONLY_TARGETS) + " (options as 'name{opt=v}')",
    )
    ap.add_argument("-o", "--output-file", default=None, help="output file (default: stdout)")
    ap.add_argument("-f", "--frontend", choices=["mlir"], default=None,
                    help="input format (only mlir: textual IR; as xdsl-opt)")
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
    ap.add_argument("--print-no-properties", action="store_true",
                    help="print properties as attributes (as xdsl-opt)")
    ap.add_argument("--mlir-print-local-scope", action="store_true",
                    help="print attributes, types and locations in place, without aliases "
                    "(accepted: arignote prints them so always)")
    ap.add_argument("--mlir-elide-elementsattrs-if-larger", type=int, default=None,
                    metavar="N", dest="elide_larger",
                    help="print dense elements attributes of more than N elements as "
                    "dense_resource<__elided__>")
    ap.add_argument("--syntax-highlight", action="store_true",
                    help="colour the printed IR and diagnostics for a terminal (as xdsl-opt)")
    ap.add_argument(
        "--allow-unregistered-dialect",
        action="store_true",
        help="accept ops of unknown dialects (kept opaque)",
    )
    ap.add_argument("--no-implicit-module", action="store_true",
                    help="the input must be one builtin.module (no module is wrapped around "
                    "top-level ops)")
    ap.add_argument(
        "--disable-verify",
        action="store_true",
        help="do not verify the IR after parsing and after each pass",
    )
    ap.add_argument("--verify-each", action="store_true", default=True,
                    help="verify the IR after each pass (the default; --verify-each=false "
                    "turns it off, the input is still verified)")
    ap.add_argument("--no-verify-each", action="store_false", dest="verify_each",
                    help=argparse.SUPPRESS)
    ap.add_argument(
        "--verify-diagnostics",
        "--verify-diagnostic",  # (xdsl-opt's argparse takes the prefix; xDSL's tests use it)
        action="store_true",
        help="check the emitted diagnostics against the input's expected-error/-warning/"
        "-note/-remark annotations (mlir-opt's meaning; see arignote.tools.verify_diagnostics)"
        "; with --xdsl-compat, xdsl-opt's meaning",
    )
    ap.add_argument("--xdsl-compat", action="store_true",
                    help="behave as xdsl-opt where it and mlir-opt differ: "
                    "--verify-diagnostics has xdsl-opt's meaning (a verifier or pass "
                    "diagnostic is printed to stdout as xdsl-opt prints it, exit code 0) "
                    "and ops print in xDSL's forms where ours are upstream's (for xDSL's "
                    "FileCheck tests)")
    ap.add_argument("--xdsl-verify-diagnostics", action="store_true",
                    help="give --verify-diagnostics xdsl-opt's meaning only (part of "
                    "--xdsl-compat)")
    ap.add_argument("--parsing-diagnostics", action="store_true",
                    help="print a parse error to stdout as xdsl-opt does and exit with 0")
    ap.add_argument("--emit-bytecode", action="store_true",
                    help="refused: xDSL cannot write MLIR bytecode")
    ap.add_argument("--print-between-passes", action="store_true",
                    help="print the IR between passes to stdout (as xdsl-opt)")
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
    ap.add_argument("--mlir-print-ir-module-scope", action="store_true",
                    help="the --print-ir-* dumps show the whole module (accepted: they "
                    "always do)")
    ap.add_argument("--mlir-disable-threading", action="store_true",
                    help="accepted: arignote-opt runs passes on one thread")
    ap.add_argument("--time-passes", "--mlir-timing", action="store_true", dest="time_passes",
                    help="report the wall time of every pass to stderr")
    ap.add_argument("--pass-statistics", "--mlir-pass-statistics", action="store_true",
                    dest="pass_statistics",
                    help="report every pass's operation count before and after to stderr")
    ap.add_argument("--dump-pass-pipeline", action="store_true",
                    help="print the pass pipeline to stderr before running it")
    ap.add_argument("--list-passes", action="store_true", help="list the registered passes")
    ap.add_argument("--show-dialects", action="store_true",
                    help="list the registered dialects and exit")
    ap.add_argument("--shrink", action="store_true",
                    help="exit with 0 when a pass raises xDSL's ShrinkException (as xdsl-opt)")
    ap.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return ap


def _preprocess(argv: Sequence[str], ap: argparse.ArgumentParser) -> list[str]:
    """mlir-opt's spellings argparse lacks: a pass as a flag (`--cse`, `-canonicalize`,
    `--canonicalize='max-iterations=3'`) becomes `-p cse` etc. in place, so it runs in
    command-line order with -p's pipelines; a boolean flag with a value
    (`--verify-each=false`) sets or clears it."""
    from arignote.registry import all_passes

    options = {s for a in ap._actions for s in a.option_strings}
    store_true = {s: a for a in ap._actions for s in a.option_strings
                  if isinstance(a, argparse._StoreTrueAction)}  # fmt: skip
    passes = None
    out: list[str] = []
    takes_value = {s for a in ap._actions for s in a.option_strings if a.nargs != 0}
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if not arg.startswith("-") or arg in ("-", "--"):
            out.append(arg)
            continue
        flag, eq, value = arg.partition("=")
        if flag in options:
            if eq and flag in store_true and value.lower() in _BOOL_VALUES:
                if _BOOL_VALUES[value.lower()]:
                    out.append(flag)
                elif flag == "--verify-each":
                    out.append("--no-verify-each")
                continue
            out.append(arg)
            if not eq and flag in takes_value and i < len(argv):
                out.append(argv[i])  # (the option's value, even when it starts with '-')
                i += 1
            continue
        name = flag.lstrip("-")
        if passes is None:
            passes = all_passes()
        if name in passes and flag.startswith("-") and len(name) > 1:
            opts = value.strip().strip("'\"") if eq else ""
            out += ["-p", f"{name}{{{opts}}}" if opts else name]
            continue
        out.append(arg)
    return out


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


def _pipeline(args: argparse.Namespace) -> str:
    """The -p pipelines and pass flags, in command-line order, as one flat list."""
    from arignote.passmanager import flatten_pipeline

    return ",".join(p for p in (flatten_pipeline(x) for x in args.passes) if p)


def _parse(text: str, name: str, args: argparse.Namespace, line_offset: int):  # type: ignore[no-untyped-def]
    from arignote.ir import parse_module
    from arignote.registry import make_context

    ctx = make_context(allow_unregistered=args.allow_unregistered_dialect)
    module = parse_module(
        "\n" * line_offset + text, name, ctx, implicit_module=not args.no_implicit_module
    )
    return ctx, module


def _emit(ctx, module, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    """The output for -t: arignote's for mlir/ptx and for LLVM IR of device code or of
    the host module's kernels; xDSL's own target for the rest."""
    from xdsl.utils.arg_spec import parse_spec

    spec = parse_spec(args.target)
    if spec.name == "mlir" and not spec.parameters:
        from arignote.ir import print_module

        return print_module(
            module,
            generic=args.generic,
            debuginfo=args.debuginfo,
            properties_as_attributes=args.print_no_properties,
            elide_elements_larger=args.elide_larger,
            syntax_highlight=args.syntax_highlight,
            ctx=ctx,
            xdsl_forms=args.xdsl_compat,
        )
    if spec.name == "ptx":
        from arignote.backend import module_to_ptx

        return module_to_ptx(module, arch=args.gpu_arch)
    if spec.name == "cpu-kernels-llvm":
        from arignote.lowering.emit_cpu_llvm import emit_kernels
        from arignote.runtime.cpu import host_data_layout, host_triple

        return emit_kernels(module, triple=host_triple(), data_layout=host_data_layout())
    if spec.name == "llvm":
        from arignote.backend import has_gpu_code, module_to_llvm_ir

        if has_gpu_code(module) or not _xdsl_translates(module):
            return module_to_llvm_ir(module)
    return _xdsl_target(ctx, module, args)


def _xdsl_translates(module) -> bool:  # type: ignore[no-untyped-def]
    """Whether xDSL's LLVM target takes the module: only llvm.func and llvm.mlir.global
    at the top (an empty module too)."""
    from xdsl.dialects import llvm

    return all(isinstance(op, (llvm.FuncOp, llvm.GlobalOp)) for op in module.ops)


def _xdsl_target(ctx, module, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    """Emit with xDSL's target of that name (its code, its options), as xdsl-opt does."""
    import dataclasses
    import io

    from xdsl.targets import get_all_targets
    from xdsl.utils.arg_spec import parse_spec

    from arignote.errors import CompileError

    spec = parse_spec(args.target)
    try:
        target = get_all_targets()[spec.name]().from_spec(spec)
    except Exception as e:
        raise CompileError(f"error: bad target {args.target!r}: {e}") from None
    if spec.name == "mlir":
        target = dataclasses.replace(
            target,
            print_generic_format=args.generic,
            print_properties_as_attributes=args.print_no_properties,
            print_debuginfo=args.debuginfo,
            syntax_highlight=args.syntax_highlight,
        )
    from xdsl.utils.exceptions import DiagnosticException

    from arignote.xdsl_forms import xdsl_classes

    out = io.StringIO()
    try:
        with xdsl_classes(module, check_printing=True):  # (xDSL's code: xDSL's classes)
            target.emit(ctx, module, out)
    except DiagnosticException as e:  # (the target's own diagnostic, e.g. a bad visibility)
        err = CompileError(f"error: -t {spec.name}: {e}")
        err.upstream = e
        raise err from None
    except (NotImplementedError, ValueError, TypeError, AssertionError, KeyError) as e:
        raise CompileError(
            f"error: -t {spec.name}: xDSL's {spec.name} target cannot emit this module "
            f"({type(e).__name__}: {e})"
        ) from None
    return out.getvalue()


def _process(text: str, name: str, args: argparse.Namespace, line_offset: int) -> str:
    from arignote.passmanager import parse_pipeline, run_passes

    ctx, module = _parse(text, name, args, line_offset)
    if not args.disable_verify:
        _verify(module, args)
    passes = parse_pipeline(_pipeline(args))
    verify_each = args.verify_each and not args.disable_verify
    instr = _instrumentation(args)
    after = _between_passes(args, len(passes))
    if instr is None:
        run_passes(ctx, module, passes, verify_each=verify_each, after=after)
    else:
        from arignote.passmanager import instrumented

        try:
            with instrumented(instr):
                run_passes(ctx, module, passes, verify_each=verify_each, after=after)
        finally:
            if instr.timing:
                sys.stderr.write(instr.timing_report())
    return _emit(ctx, module, args)


def _between_passes(args: argparse.Namespace, n: int):  # type: ignore[no-untyped-def]
    """xdsl-opt's --print-between-passes: the IR after each pass but the last, to stdout."""
    if not args.print_between_passes:
        return None
    count = [0]

    def after(p, module) -> None:  # type: ignore[no-untyped-def]
        from arignote.ir import print_module

        count[0] += 1
        if count[0] < n:
            sys.stdout.write(f"IR after {p.name}:\n{print_module(module).rstrip()}\n\n\n\n")

    return after


def _as_xdsl_opt_reports(
    e: Exception, chunk: str, name: str, args: argparse.Namespace, offset: int
) -> object:
    """A parse error as xdsl-opt's --parsing-diagnostics prints it: xdsl-opt parses each
    chunk on its own and moves the error's own position by the chunk's line offset, not
    the positions of its notes ("originally declared here: f.mlir:4:5" for line 76 of
    the file); arignote-opt's errors are right everywhere, so the chunk is parsed again
    alone to print what xdsl-opt prints."""
    import dataclasses

    from xdsl.utils.exceptions import ParseError

    upstream = getattr(e, "upstream", None)
    if not isinstance(upstream, ParseError):
        return upstream if upstream is not None else e
    try:
        _parse(chunk, name, args, 0)
    except IRParseError as again:
        alone = again.upstream
        if isinstance(alone, ParseError):
            alone.span = dataclasses.replace(alone.span, line_offset=offset)
            return alone
    return upstream


def _verify(module: Operation, args: argparse.Namespace, xdsl_first: bool = False) -> None:
    """arignote's verification (with `xdsl_first`, xDSL's own verifier first, raising its
    diagnostics as they are); under --xdsl-compat our ops with an xDSL namesake are
    verified by xDSL's verifier of that op (xdsl-opt's rules)."""
    from arignote.ir import verify_module
    from arignote.xdsl_forms import xdsl_classes

    compat = (
        xdsl_classes(module, check_verifying=True) if args.xdsl_compat else contextlib.nullcontext()
    )
    with compat:
        if xdsl_first:
            module.verify()
        verify_module(module)


def _process_xdsl_diagnostics(
    text: str, name: str, args: argparse.Namespace, line_offset: int
) -> str:
    """xdsl-opt's --verify-diagnostics (under --xdsl-verify-diagnostics): verify with
    xDSL's verifier then arignote's checks, run the passes verifying after each, and on a
    diagnostic print it to stdout as xdsl-opt does (its text, then its notes) in place of
    the chunk's output."""
    import io

    from xdsl.utils.exceptions import DiagnosticException

    from arignote.errors import CompileError, IRVerifyError, PassError
    from arignote.passmanager import parse_pipeline, run_passes

    out = io.StringIO()
    try:
        try:
            # (an op that fails verification while it is parsed is a diagnostic too)
            ctx, module = _parse(text, name, args, line_offset)
            if not args.disable_verify:
                _verify(module, args, xdsl_first=True)
            for p in parse_pipeline(_pipeline(args)):
                run_passes(ctx, module, [p], verify_each=False)
                if not args.disable_verify:
                    _verify(module, args, xdsl_first=True)
            return _emit(ctx, module, args)  # (a target's diagnostic is printed too)
        except (IRVerifyError, PassError, InternalError, CompileError) as e:
            cause = e.upstream or e.__cause__
            if isinstance(cause, DiagnosticException):
                raise cause from None
            print(str(e), file=out)
            return out.getvalue()
    except DiagnosticException as e:
        print(e, file=out)
        for note in getattr(e, "__notes__", ()):
            print(note, file=out)
        return out.getvalue()


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
    import warnings

    # as xdsl-opt: deprecation warnings (of passes, targets, specs) are shown, once each
    warnings.filterwarnings("default", category=DeprecationWarning)
    ap = _make_parser()
    args = ap.parse_args(_preprocess(sys.argv[1:] if argv is None else list(argv), ap))
    if args.list_passes:
        from arignote.registry import all_passes

        print("\n".join(sorted(all_passes())))
        return 0
    if args.show_dialects:
        from arignote.registry import all_dialects

        print("Available Dialects: " + ",".join(sorted(all_dialects())))
        return 0
    if args.emit_bytecode:
        print("arignote-opt: error: --emit-bytecode: xDSL (and so arignote) cannot write MLIR "
              "bytecode; print text (the default) and convert it with `mlir-opt "
              "--emit-bytecode` if you need bytecode", file=sys.stderr)  # fmt: skip
        return 1
    from xdsl.utils.arg_spec import parse_spec

    try:
        target = parse_spec(args.target).name
    except Exception as e:
        print(f"arignote-opt: error: bad target {args.target!r}: {e}", file=sys.stderr)
        return 1
    if target not in TARGETS:
        print(f"arignote-opt: error: unknown target {target!r} (targets: {', '.join(TARGETS)})",
              file=sys.stderr)  # fmt: skip
        return 1
    if args.syntax_highlight:
        from xdsl.utils.diagnostic import Diagnostic

        Diagnostic.colored = True
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
        passes = parse_pipeline(_pipeline(args))  # report a bad pipeline before reading IR
    except ArignoteError as e:
        print(str(e), file=sys.stderr)
        return 1
    if args.dump_pass_pipeline:
        specs = ",".join(str(p.pipeline_pass_spec()) for p in passes)
        sys.stderr.write(f"Pass Manager with {len(passes)} passes:\nbuiltin.module({specs})\n")
    chunks = text.split(SPLIT_MARKER) if args.split_input_file else [text]
    outputs: list[str] = []
    rc = 0
    offset = 0
    xdsl_diagnostics = args.verify_diagnostics and (
        args.xdsl_verify_diagnostics or args.xdsl_compat
    )
    for chunk in chunks:
        if args.verify_diagnostics and not xdsl_diagnostics:
            rc = max(rc, _verify_chunk(chunk, name, args, offset, outputs))
            offset += chunk.count("\n")
            continue
        try:
            if xdsl_diagnostics:
                outputs.append(_process_xdsl_diagnostics(chunk, name, args, offset))
            else:
                outputs.append(_process(chunk, name, args, offset))
        except InternalError as e:
            if args.shrink and _is_shrink(e):
                return _finish(outputs, args, "Success, can shrink\n", 0)
            rc = 2
            print(f"arignote-opt: internal error: {e}", file=sys.stderr)
            if args.debug and e.__cause__ is not None:
                traceback.print_exception(e.__cause__, file=sys.stderr)
            elif e.__cause__ is not None:
                print("(run with --debug for the traceback)", file=sys.stderr)
        except IRParseError as e:
            if args.parsing_diagnostics:
                outputs.append(f"{_as_xdsl_opt_reports(e, chunk, name, args, offset)}\n")
            else:
                rc = max(rc, 1)
                print(str(e), file=sys.stderr)
        except ArignoteError as e:
            rc = max(rc, 1)
            print(str(e), file=sys.stderr)
        offset += chunk.count("\n")
    if args.shrink:
        return _finish(outputs, args, "Failure, can't shrink\n", 1)
    return _finish(outputs, args, "", rc)


def _is_shrink(e: InternalError) -> bool:
    from xdsl.utils.exceptions import ShrinkException

    return isinstance(e.__cause__, ShrinkException)


def _finish(outputs: list[str], args: argparse.Namespace, tail: str, rc: int) -> int:
    out = f"\n{SPLIT_MARKER}\n".join(o.rstrip("\n") for o in outputs) + ("\n" if outputs else "")
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as f:
            f.write(out)
    else:
        sys.stdout.write(out)
    sys.stdout.write(tail)
    return rc


if __name__ == "__main__":
    sys.exit(main())
