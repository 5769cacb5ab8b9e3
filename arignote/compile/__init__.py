"""`theano.compile`: compiled functions, their inputs and outputs, shared variables and
modes (`function`, `In`, `Out`, `SharedVariable`, `shared`, `Mode`, `get_default_mode`)."""

from arignote.compile import mode
from arignote.compile.mode import (
    FAST_COMPILE,
    FAST_RUN,
    DebugMode,
    Mode,
    get_default_mode,
    get_mode,
    predefined_linkers,
    predefined_modes,
    predefined_optimizers,
)
from arignote.function import Function, FunctionMaker, In, Out, function
from arignote.shared import SharedVariable, shared

Param = In
SymbolicInput = In
SymbolicOutput = Out

__all__ = [
    "mode", "Mode", "DebugMode", "FAST_RUN", "FAST_COMPILE", "get_default_mode", "get_mode",
    "predefined_linkers", "predefined_modes", "predefined_optimizers", "Function",
    "FunctionMaker", "In", "Out", "Param", "SymbolicInput", "SymbolicOutput", "function",
    "SharedVariable", "shared",
]  # fmt: skip
