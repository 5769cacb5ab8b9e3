"""Exceptions arignote raises to its users.

Every error a user can cause names the problem and where it is (op, value, shape,
file:line).  Errors from the compiler itself (a pass that breaks) are `InternalError`.
"""

from __future__ import annotations


class ArignoteError(Exception):
    """Base of arignote's errors.  `upstream` is the xDSL exception it was made from, when
    there is one (arignote-opt prints it verbatim in xdsl-opt's diagnostic modes)."""

    upstream: Exception | None = None


class IRParseError(ArignoteError):
    """Textual IR that does not parse; the message starts with file:line:col."""


class IRVerifyError(ArignoteError):
    """IR that parses but does not verify; the message starts with file:line:col."""


class PassError(ArignoteError):
    """A pass refused its input (a diagnostic of the pass, naming the op)."""


class InternalError(ArignoteError):
    """A bug in arignote: a pass or the runtime broke on valid input."""


class ShapeError(ArignoteError, ValueError):
    """Operands whose shapes do not fit (at graph-building time or at run time)."""


class AxisError(ShapeError, IndexError):
    """An axis, dim or index that the operand does not have (also an IndexError, as
    NumPy's and Theano's)."""


class DTypeError(ArignoteError, TypeError):
    """Operands or arguments of the wrong dtype."""


class ArgumentError(ArignoteError, TypeError):
    """A compiled function called with the wrong number, dtype or rank of arguments."""


class DeviceError(ArignoteError, RuntimeError):
    """A device that is not there or failed (no GPU, driver error, emulator fault)."""


class CompileError(ArignoteError):
    """The back end refused code (LLVM, the NVPTX target, ptxas); names the tool and line."""
