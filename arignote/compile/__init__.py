"""`theano.compile`: compiled functions (`function`, `Function`), their inputs and outputs
(`In`, `Out`), shared variables (`shared`, `SharedVariable`) and modes (`Mode`,
`get_default_mode`), laid out as Theano's modules: function, function_module, io,
sharedvalue, mode, ops."""

from arignote.compile import io, mode, ops, sharedvalue  # noqa: I001
from arignote.compile import function_module
from arignote.compile.function_module import Function, FunctionMaker
from arignote.compile.io import In, Out, SymbolicInput, SymbolicOutput
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
from arignote.compile.sharedvalue import SharedVariable, shared, shared_constructor

# the module compile/function.py is loaded, then `function` names the function, as in Theano
from arignote.compile.function import function  # noqa: E402

Param = In

__all__ = [
    "io", "mode", "ops", "sharedvalue", "function_module", "Mode", "DebugMode", "FAST_RUN",
    "FAST_COMPILE", "get_default_mode", "get_mode", "predefined_linkers", "predefined_modes",
    "predefined_optimizers", "Function", "FunctionMaker", "In", "Out", "Param",
    "SymbolicInput", "SymbolicOutput", "function", "SharedVariable", "shared",
    "shared_constructor",
]  # fmt: skip
