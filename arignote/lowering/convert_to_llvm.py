"""convert-to-llvm{target=cpu|nvptx}: all the device-code conversions to the llvm dialect.

Input: device code (bodies of `gpu.module`s, `arignote.kernel` functions, top-level
`llvm.func`s) at the scf/cf/arith/math/memref/func level, e.g. after
`cpu-kernel-outlining` (target=cpu) or `convert-gpu-to-nvvm` (target=nvptx); host
functions calling CPU kernels.

Runs, on device code: convert-kernel-scf-to-cf, convert-func-to-llvm (kernels and their host call
sites), then the patterns of convert-arith-to-llvm, convert-math-to-llvm{target},
finalize-memref-to-llvm, convert-vector-to-llvm, convert-cf-to-llvm, convert-loop-to-llvm
and (target=cpu) convert-libcall-to-llvm together, then reconcile-unrealized-casts.

With target=nvptx, `arith.remf` becomes libdevice's exact `__nv_fmodf` / `__nv_fmod`
(NVPTX's own `frem` expansion, `a - trunc(a / b) * b`, is not exact).

Output: device code only in the `llvm` (and `nvvm`) dialects, no casts left in it; host
functions unchanged except for their kernel calls (`llvm.call` fed by the 1:N casts that
the host runtime interprets).  Each op that cannot be converted is reported with the
diagnostic of the conversion that owns it (named `convert-to-llvm`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, UnrealizedConversionCastOp
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import RewritePattern
from xdsl.rewriter import Rewriter

from arignote.errors import PassError
from arignote.ir import diagnostic
from arignote.lowering import (
    convert_arith_to_llvm,
    convert_cf_to_llvm,
    convert_libcall_to_llvm,
    convert_loop_to_llvm,
    convert_math_to_llvm,
    finalize_memref_to_llvm,
)
from arignote.lowering.convert_arith_to_llvm import populate_arith_to_llvm_patterns
from arignote.lowering.convert_cf_to_llvm import populate_cf_to_llvm_patterns
from arignote.lowering.convert_func_to_llvm import (
    ReturnToLlvm,
    apply_func_to_llvm,
    check_func_converted,
)
from arignote.lowering.convert_kernel_scf_to_cf import (
    check_scf_converted,
    populate_scf_to_cf_patterns,
)
from arignote.lowering.convert_libcall_to_llvm import populate_libcall_to_llvm_patterns
from arignote.lowering.convert_loop_to_llvm import populate_loop_to_llvm_patterns
from arignote.lowering.convert_math_to_llvm import (
    check_target,
    populate_math_to_llvm_patterns,
    populate_nvptx_arith_patterns,
)
from arignote.lowering.finalize_memref_to_llvm import populate_memref_to_llvm_patterns
from arignote.lowering.llvm_abi import (
    apply_to_device_code,
    check_dialects_converted,
    device_ops,
)

PASS = "convert-to-llvm"

#: ops allowed in device code after the conversion besides the llvm and nvvm dialects
_STRUCTURAL = {"gpu.module_end"}


def reconcile_casts(module: Operation) -> None:
    """Fold `builtin.unrealized_conversion_cast` pairs (A -> B -> A), identity casts and
    dead casts, to a fixpoint.

    The casts that must stay (the host's 1:N casts feeding kernel calls, whose users are
    not casts) are kept.  (xDSL's reconcile-unrealized-casts asserts on 1:N casts.)
    """
    changed = True
    while changed:
        changed = False
        for op in list(module.walk()):
            if not isinstance(op, UnrealizedConversionCastOp) or op.parent is None:
                continue
            ins, outs = list(op.inputs), list(op.results)
            if [v.type for v in ins] == [v.type for v in outs]:
                for o, i in zip(outs, ins):
                    o.replace_all_uses_with(i)
                Rewriter.erase_op(op)
                changed = True
                continue
            users = {id(u.operation): u.operation for o in outs for u in o.uses}
            for user in users.values():
                if (
                    isinstance(user, UnrealizedConversionCastOp)
                    and list(user.inputs) == outs
                    and [r.type for r in user.results] == [v.type for v in ins]
                ):
                    for r, i in zip(user.results, ins):
                        r.replace_all_uses_with(i)
                    Rewriter.erase_op(user)
                    changed = True
            if all(not o.uses for o in outs):
                Rewriter.erase_op(op)
                changed = True


def _foreign(op: Operation) -> bool:
    return op.dialect_name() not in ("llvm", "nvvm") and op.name not in _STRUCTURAL


def check_llvm_only(module: Operation, pass_name: str = PASS) -> None:
    """Fail with a diagnostic for the first device op outside the llvm/nvvm dialects.

    A cast left over means a user of its value was not converted: the diagnostic names
    that user (at its location) when there is one, else the cast and its types.
    """
    for op in device_ops(module):
        if not _foreign(op):
            continue
        if isinstance(op, UnrealizedConversionCastOp):
            users = [u.operation for r in op.results for u in r.uses]
            culprit = next(
                (u for u in users if _foreign(u) and not isinstance(u, UnrealizedConversionCastOp)),
                None,
            )
            if culprit is not None:
                raise PassError(
                    diagnostic(culprit, pass_name, "was not converted to the llvm dialect")
                )
            ins = ", ".join(str(v.type) for v in op.operands)
            outs = ", ".join(str(v.type) for v in op.results)
            raise PassError(
                diagnostic(op, pass_name, f"from {ins} to {outs} is left over after the conversion")
            )
        raise PassError(diagnostic(op, pass_name, "was not converted to the llvm dialect"))


def _vector_conversion() -> tuple[list[RewritePattern], dict[str, Callable[[Operation], str]]]:
    """convert-vector-to-llvm's patterns and leftover diagnostic, when xDSL's vector dialect
    is loaded; none otherwise.  A vector op exists only once `xdsl.dialects.vector` has
    been imported (the registry loads dialects lazily), so compiles without vectors skip
    the dialect's import (~15 ms of class definitions) and four pattern tries per op."""
    if "xdsl.dialects.vector" not in sys.modules:
        return [], {}
    from arignote.lowering import convert_vector_to_llvm

    patterns = convert_vector_to_llvm.populate_vector_to_llvm_patterns()
    return patterns, {"vector": convert_vector_to_llvm.unsupported_reason}


@dataclass(frozen=True)
class ConvertToLlvmPass(ModulePass):
    """scf/cf/arith/math/memref/func -> llvm in device code, casts reconciled."""

    name = "convert-to-llvm"

    target: str = "cpu"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        check_target(self.target, PASS)
        apply_to_device_code(op, populate_scf_to_cf_patterns())
        check_scf_converted(op, PASS)
        apply_func_to_llvm(op)
        check_func_converted(op, PASS)
        exact_nvptx = populate_nvptx_arith_patterns() if self.target == "nvptx" else []
        cpu_calls = populate_libcall_to_llvm_patterns() if self.target == "cpu" else []
        vector_patterns, vector_reasons = _vector_conversion()
        apply_to_device_code(
            op,
            {
                "libcall": cpu_calls,
                "loop": populate_loop_to_llvm_patterns(),
                "arith": [*exact_nvptx, *populate_arith_to_llvm_patterns()],
                "math": populate_math_to_llvm_patterns(self.target),
                "memref": populate_memref_to_llvm_patterns(),
                "cf": populate_cf_to_llvm_patterns(),
                "func": [ReturnToLlvm()],
                "vector": vector_patterns,
            },
        )
        target = self.target
        check_dialects_converted(op, PASS, {
            "arith": convert_arith_to_llvm.unsupported_reason,
            "math": lambda o: convert_math_to_llvm.unsupported_reason(o, target),
            "memref": finalize_memref_to_llvm.unsupported_reason,
            **vector_reasons,
            "cf": convert_cf_to_llvm.unsupported_reason,
            "loop": convert_loop_to_llvm.unsupported_reason,
            "libcall": convert_libcall_to_llvm.unsupported_reason,
        })  # fmt: skip
        check_func_converted(op, PASS)
        reconcile_casts(op)
        check_llvm_only(op, PASS)
