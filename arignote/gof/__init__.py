"""`theano.gof`: graph objects (`Variable`, `Constant`, `Apply`, `Op`) and the graph
utilities of `gof.graph` (`inputs`, `io_toposort`, `is_same_graph`, ...)."""

from arignote.gof import graph, type  # noqa: A004 - Theano's module names
from arignote.gof.graph import (
    Apply,
    Constant,
    Op,
    Variable,
    ancestors,
    equal_computations,
    inputs,
    io_toposort,
    is_same_graph,
    toposort,
    variables,
)
from arignote.graph import TensorType as Type
from arignote import test_value  # noqa: F401 - new nodes compute test values (config.compute_test_value)

__all__ = [
    "graph", "type", "Apply", "Constant", "Op", "Variable", "Type", "ancestors",
    "equal_computations", "inputs", "io_toposort", "is_same_graph", "toposort", "variables",
]  # fmt: skip
