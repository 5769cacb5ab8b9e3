"""`theano.compile.function`: `function`, the entry point that compiles a graph (with
`In`/`Out` from `compile.io`); the compiled `Function` is in `compile.function_module`."""

from arignote.compile.function_module import Function, function
from arignote.compile.io import In, Out

__all__ = ["function", "Function", "In", "Out"]
