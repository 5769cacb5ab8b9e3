"""`theano.gof.graph`: the graph objects and walking and comparing graphs.

`Variable`, `Constant`, `Apply`, `Op` (defined in `arignote.graph`), `inputs`, `ancestors`,
`io_toposort`, `variables`, `is_same_graph` and `equal_computations` (Theano keeps the
latter in scan_module.scan_utils).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from arignote.graph import Apply, Constant, Op, Variable
from arignote.graph import ancestors as _apply_nodes
from arignote.graph import graph_inputs


def ancestors(
    variable_list: Iterable[Variable], blockers: Iterable[Variable] | None = None
) -> list[Variable]:
    """Every variable the given variables depend on, themselves included, in Theano's
    order: a depth-first search popping the *last* given variable first, and each node's
    inputs first to last (`gof.graph.stack_search(deque(variable_list), ..., 'dfs')`);
    blockers are not expanded."""
    blocked = {id(v) for v in blockers or ()}
    out: list[Variable] = []
    seen: set[int] = set()
    stack = list(variable_list)
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        out.append(v)
        if v.owner is not None and id(v) not in blocked:
            stack.extend(reversed(v.owner.inputs))
    return out


def inputs(
    variable_list: Iterable[Variable], blockers: Iterable[Variable] | None = None
) -> list[Variable]:
    """The owner-less variables (inputs, constants, shared) the given variables depend on,
    in `ancestors`' order; a blocker counts as an input."""
    blocked = {id(v) for v in blockers or ()}
    return [
        v for v in ancestors(variable_list, blockers) if v.owner is None or id(v) in blocked
    ]  # fmt: skip


def io_toposort(i: Sequence[Variable], o: Sequence[Variable]) -> list[Apply]:
    """The Apply nodes between inputs `i` and outputs `o`, inputs first."""
    stop = {id(v) for v in i}
    return [
        node for node in _apply_nodes(list(o))
        if not any(id(out) in stop for out in node.outputs)
    ]  # fmt: skip


def toposort(outputs: Sequence[Variable]) -> list[Apply]:
    return _apply_nodes(list(outputs))


def variables(i: Sequence[Variable], o: Sequence[Variable]) -> list[Variable]:
    """The variables of the graph between i and o."""
    out = list(i)
    for node in io_toposort(i, o):
        out.extend(v for v in node.inputs if v not in out)
        out.extend(node.outputs)
    return out


def ops_equal(a: Op, b: Op) -> bool:
    """Two ops compute the same function: the same object, or the same class with equal
    parameters."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    da, db = vars(a), vars(b)
    if da.keys() != db.keys():
        return False
    return all(_equal_values(da[k], db[k]) for k in da)


def _equal_values(x: Any, y: Any) -> bool:
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        return (
            isinstance(x, np.ndarray)
            and isinstance(y, np.ndarray)
            and (x.dtype == y.dtype and x.shape == y.shape and bool(np.all(x == y)))
        )
    try:
        return bool(x == y)
    except Exception:  # noqa: BLE001 - values without a usable ==
        return x is y


def equal_computations(
    xs: Sequence[Variable],
    ys: Sequence[Variable],
    in_xs: Sequence[Variable] | None = None,
    in_ys: Sequence[Variable] | None = None,
) -> bool:
    """Whether each x computes what the corresponding y computes: the same ops applied in
    the same structure to the same inputs (or to inputs paired in `in_xs`/`in_ys`);
    constants are equal when their types and values are."""
    if len(xs) != len(ys):
        raise ValueError("equal_computations: xs and ys must have the same length")
    in_xs, in_ys = list(in_xs or []), list(in_ys or [])
    if len(in_xs) != len(in_ys):
        return False
    pairs: dict[int, int] = {}
    for a, b in zip(in_xs, in_ys, strict=True):
        if a.type != b.type:
            return False
        pairs[id(a)] = id(b)
    memo: dict[tuple[int, int], bool] = {}
    return all(_same(x, y, pairs, memo) for x, y in zip(xs, ys, strict=True))


def _same(
    x: Variable, y: Variable, pairs: dict[int, int], memo: dict[tuple[int, int], bool]
) -> bool:
    key = (id(x), id(y))
    if key in memo:
        return memo[key]
    if id(x) in pairs:
        result = pairs[id(x)] == id(y)
    elif x.type != y.type or (x.owner is None) != (y.owner is None):
        result = False
    elif x.owner is None:
        result = x is y or (
            isinstance(x, Constant) and isinstance(y, Constant)
            and _equal_values(np.asarray(x.data), np.asarray(y.data))
        )  # fmt: skip
    else:
        nx, ny = x.owner, y.owner
        result = (
            nx.outputs.index(x) == ny.outputs.index(y)
            and len(nx.inputs) == len(ny.inputs)
            and ops_equal(nx.op, ny.op)
            and all(_same(a, b, pairs, memo) for a, b in zip(nx.inputs, ny.inputs))
        )
    memo[key] = result
    return result


def is_same_graph(
    var1: Variable,
    var2: Variable,
    givens: Mapping[Variable, Variable] | None = None,
    debug: bool = False,
) -> bool:
    """Whether var1 and var2 perform the same computation, where each key of `givens` is
    taken to equal its value (either way round)."""
    givens = dict(givens or {})
    keys, values = list(givens), list(givens.values())
    return equal_computations([var1], [var2], keys + values, values + keys)


__all__ = [
    "Variable", "Constant", "Apply", "Op", "inputs", "ancestors", "io_toposort", "toposort",
    "variables", "graph_inputs", "ops_equal", "equal_computations", "is_same_graph",
]  # fmt: skip
