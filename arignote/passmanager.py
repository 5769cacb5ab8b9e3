"""Running pass pipelines with verification and clean errors.

`run_passes` runs ModulePasses in order, verifies the module after each, and turns what
can go wrong into arignote's errors: a pass's diagnostic stays a `PassError`; invalid IR
after a pass or an unexpected exception inside a pass becomes an `InternalError` that
names the pass (the traceback is kept as `__cause__` for `--debug`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass, PassPipeline
from xdsl.utils.arg_spec import ArgSpecParseError
from xdsl.utils.exceptions import DiagnosticException, PassFailedException

from arignote.errors import ArignoteError, InternalError, IRVerifyError, PassError
from arignote.ir import verify_module

AfterPass = Callable[[ModulePass, ModuleOp], None]


def parse_pipeline(spec: str) -> list[ModulePass]:
    """`"canonicalize,fuse-elementwise,tt-to-cpu{stop=loops}"` -> pass instances."""
    from arignote.registry import all_passes

    if not spec.strip():
        return []
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
    for p in passes:
        try:
            p.apply(ctx, module)
        except ArignoteError:
            raise
        except PassFailedException as e:
            raise PassError(str(e)) from None
        except DiagnosticException as e:
            raise PassError(f"error: {p.name}: {e}") from None
        except Exception as e:
            raise InternalError(f"pass '{p.name}' crashed: {type(e).__name__}: {e}") from e
        if verify_each:
            try:
                verify_module(module)
            except IRVerifyError as e:
                raise InternalError(f"pass '{p.name}' produced invalid IR: {e}") from e
        if after is not None:
            after(p, module)
