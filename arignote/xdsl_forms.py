"""Ops in xDSL's forms and rules (`arignote-opt --xdsl-compat`, xDSL's targets).

arignote's dialects print upstream MLIR's forms where xDSL 0.74's differ and upstream
rejects xDSL's (`memref.alloc() alignment = 64`, `llvm.load %p <alignment = 4>`,
`llvm.fadd %a, %b fastmath<fast>`, `gpu.thread_id x`, ...), and verify by upstream's
rules: that is what makes IR printed by arignote parse upstream.  xDSL's own FileCheck
suite expects xDSL's text and diagnostics, and xDSL's targets (`-t riscv-asm`, `-t llvm`)
dispatch on xDSL's classes.  `xdsl_classes(module)` gives each op of ours that has an
xDSL namesake (and each attribute it holds directly) xDSL's class while it is active --
so they print, verify and translate as xDSL's do -- and their own back afterwards; an op
whose properties xDSL's class does not define, or that xDSL's printer (verifier) cannot
handle, keeps ours.  `xdsl_printing` also prints the ops of xDSL's dialects that xDSL
lacks (`arith.remf`) generically, as xdsl-opt prints an op it reads as unregistered.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable, Iterator

from xdsl.ir import Attribute, Operation
from xdsl.printer import Printer


@functools.cache
def _xdsl_definitions() -> tuple[dict[str, type[Operation]], dict[str, type[Attribute]]]:
    """xDSL's own op and attribute classes, by name."""
    from xdsl.dialects import get_all_dialects

    ops: dict[str, type[Operation]] = {}
    attrs: dict[str, type[Attribute]] = {}
    for make in get_all_dialects().values():
        try:
            dialect = make()
        except Exception:  # noqa: BLE001 - a dialect xDSL cannot load here is not needed
            continue
        for op in dialect.operations:
            ops.setdefault(op.name, op)
        for attr in dialect.attributes:
            attrs.setdefault(attr.name, attr)
    return ops, attrs


def _xdsl_ops() -> dict[str, type[Operation]]:
    return _xdsl_definitions()[0]


def namesake(cls: type[Operation]) -> type[Operation] | None:
    """xDSL's class of the same op name, when `cls` is one of arignote's own."""
    if not cls.__module__.startswith("arignote."):
        return None
    other = _xdsl_ops().get(getattr(cls, "name", ""))
    return other if other is not None and other is not cls else None


def _fits(op: Operation, cls: type[Operation]) -> bool:
    """Whether xDSL's class defines every property `op` holds (ours may add upstream's,
    e.g. `overflowFlags` on `arith.trunci`, which xDSL's class would refuse)."""
    try:
        defined = cls.get_irdl_definition().properties  # type: ignore[attr-defined]
    except AttributeError:
        return False
    return set(op.properties) <= set(defined)


def _works_as(op: Operation, cls: type[Operation], action: Callable[[Operation], object],
              expected: tuple[type[Exception], ...] = ()) -> bool:  # fmt: skip
    """Whether `action(op)` completes (or raises one of `expected`) while `op` has class
    `cls`; `op` keeps its own class afterwards."""
    own = op.__class__
    try:
        op.__class__ = cls
    except TypeError:  # (incompatible layouts)
        return False
    try:
        action(op)
        return True
    except expected:
        return True
    except Exception:  # noqa: BLE001 - any other failure: keep our class for this op
        return False
    finally:
        op.__class__ = own


def _prints_as(op: Operation, cls: type[Operation]) -> bool:
    """Whether `op`, given class `cls`, prints (xDSL's printer may not know our fields)."""
    return _works_as(op, cls, lambda o: Printer(stream=io.StringIO()).print_op(o))


@functools.cache
def _xdsl_dialects() -> frozenset[str]:
    from xdsl.dialects import get_all_dialects

    return frozenset(get_all_dialects())


def _unknown_to_xdsl(op: Operation) -> bool:
    """An op of ours in one of xDSL's dialects that xDSL does not have (`arith.remf`):
    xdsl-opt reads it as an unregistered op and prints it in the generic form."""
    cls = type(op)
    return (
        cls.__module__.startswith("arignote.")
        and op.dialect_name() in _xdsl_dialects()
        and op.name not in _xdsl_ops()
    )


@functools.cache
def _generic_class(cls: type[Operation]) -> type[Operation]:
    """`cls` printed in the generic form (the printer prints an op generically when its
    `print` is Operation's own)."""
    return type(cls.__name__, (cls,), {"print": Operation.print})


def _attr_namesake(attr: Attribute) -> type[Attribute] | None:
    cls = type(attr)
    if not cls.__module__.startswith("arignote."):
        return None
    other = _xdsl_definitions()[1].get(getattr(cls, "name", ""))
    return other if other is not None and other is not cls else None


def _verifies_as(op: Operation, cls: type[Operation]) -> bool:
    """Whether xDSL's verifier of `cls` runs on `op` (passing or reporting a problem)."""
    from xdsl.utils.exceptions import VerifyException

    return _works_as(op, cls, lambda o: o.verify(verify_nested_ops=False), (VerifyException,))


@contextlib.contextmanager
def xdsl_classes(
    module: Operation, check_printing: bool = False, check_verifying: bool = False
) -> Iterator[None]:
    """While active, the ops of `module` with an xDSL namesake (and the attributes they
    hold directly) have xDSL's class: they print, verify and translate as xDSL's do.
    With `check_printing` (`check_verifying`), an op that xDSL's printer (verifier)
    cannot handle keeps ours."""
    ops: list[tuple[Operation, type[Operation]]] = []
    attrs: list[tuple[Attribute, type[Attribute]]] = []
    try:
        for op in module.walk():
            other = namesake(type(op))
            if other is None and check_printing and _unknown_to_xdsl(op):
                other = _generic_class(type(op))  # (xdsl-opt prints ops it lacks generically)
            if (
                other is not None
                and _fits(op, other)
                and (not check_printing or _prints_as(op, other))
                and (not check_verifying or _verifies_as(op, other))
            ):
                ops.append((op, op.__class__))
                op.__class__ = other
            for a in (*op.properties.values(), *op.attributes.values()):
                cls = _attr_namesake(a)
                if cls is not None:
                    attrs.append((a, type(a)))
                    object.__setattr__(a, "__class__", cls)
        yield
    finally:
        for op, own in ops:
            op.__class__ = own
        for a, own_attr in attrs:
            object.__setattr__(a, "__class__", own_attr)


def xdsl_printing(module: Operation) -> contextlib.AbstractContextManager[None]:
    """While active, the ops of `module` with an xDSL namesake print with xDSL's printer."""
    return xdsl_classes(module, check_printing=True)


__all__ = ["namesake", "xdsl_classes", "xdsl_printing"]
