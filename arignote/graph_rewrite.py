"""Rebuilding front-end graphs with some variables replaced (Theano's `clone`, `givens`).

    y2 = clone_replace([y], {x: x2})[0]

`clone_replace(outputs, replace)` returns variables computing the same as `outputs` with
each key of `replace` taken to be its value.  Graphs are immutable, so only the nodes
downstream of a replaced variable are rebuilt (by applying their op again to the new
inputs: `op.make_node(*inputs)`, which re-checks shapes and dtypes); everything else is
shared with the original.  A rebuilt node keeps the source location of the original, and
its outputs keep their names.  Replacements are simultaneous: a value is not itself
rewritten.

A replacement must have the dtype and the number of dimensions of the variable it
replaces, and may not be size-1-broadcastable where the variable is not broadcastable
(`GivensError` otherwise, naming both variables and their types).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from arignote.errors import ArignoteError
from arignote.graph import Apply, Constant, Variable, ancestors


class GivensError(ArignoteError, TypeError):
    """A replacement whose type does not fit the variable it replaces."""


def replacement_pairs(replace: Any, what: str = "givens") -> list[tuple[Variable, Any]]:
    """`replace` as a list of pairs: a dict, an OrderedDict or a sequence of pairs."""
    if replace is None:
        return []
    if isinstance(replace, Mapping):
        return list(replace.items())
    pairs = []
    for i, item in enumerate(replace):
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise ArignoteError(f"{what}[{i}] is {item!r}, not a (variable, replacement) pair")
        pairs.append((item[0], item[1]))
    return pairs


def check_replacement(old: Any, new: Any, what: str = "givens") -> Variable:
    """`new` as a variable that can stand for `old`, or raise GivensError."""
    from arignote.tensor import as_tensor_variable

    if not isinstance(old, Variable):
        raise GivensError(f"{what}: {old!r} is not a symbolic variable and cannot be replaced")
    if isinstance(old, Constant):
        raise GivensError(f"{what}: the constant {old!r} cannot be replaced")
    try:
        new_v = as_tensor_variable(new)
    except Exception as e:
        raise GivensError(f"{what}: the replacement for {old!r} is not a tensor: {e}") from None
    if new_v.dtype != old.dtype or new_v.ndim != old.ndim:
        raise GivensError(
            f"{what}: {old!r} has type {old.type} but its replacement {new_v!r} has type "
            f"{new_v.type} (use tensor.cast / dimshuffle to match)"
        )
    d = lost_broadcast_dim(old, new_v)
    if d is not None:
        raise GivensError(
            f"{what}: {old!r} is broadcastable in dim {d} ({old.type}) but its replacement "
            f"{new_v!r} is not ({new_v.type}); use tensor.addbroadcast on the replacement"
        )
    return new_v


def lost_broadcast_dim(old: Variable, new: Variable) -> int | None:
    """The first dim that `old` declares broadcastable (size 1) and `new` does not: `new`
    cannot stand for `old` there.  None when every such dim is kept."""
    for d, (b_old, b_new) in enumerate(zip(old.broadcastable, new.broadcastable)):
        if b_old and not b_new:
            return d
    return None


def clone_replace(
    outputs: Sequence[Variable], replace: Mapping[Variable, Variable] | Iterable[Any] | None
) -> list[Variable]:
    """`outputs` recomputed with the replacements (see the module docstring)."""
    memo: dict[int, Variable] = {}
    for old, new in replacement_pairs(replace, "replace"):
        memo[old.id] = check_replacement(old, new, "replace")
    if not memo:
        return list(outputs)
    for node in ancestors(outputs):
        new_inputs = [memo.get(v.id, v) for v in node.inputs]
        if all(a is b for a, b in zip(new_inputs, node.inputs)):
            continue
        new_node = _rebuild(node, new_inputs)
        for old_out, new_out in zip(node.outputs, new_node.outputs):
            if new_out.name is None:
                new_out.name = old_out.name
            memo.setdefault(old_out.id, new_out)
    return [memo.get(v.id, v) for v in outputs]


def _rebuild(node: Apply, inputs: list[Variable]) -> Apply:
    new = node.op.make_node(*inputs)
    new.location = node.location
    if len(new.outputs) != len(node.outputs):
        raise ArignoteError(
            f"{node.op} at {node.location[0]}:{node.location[1]}: rebuilding it gave "
            f"{len(new.outputs)} outputs instead of {len(node.outputs)}"
        )
    for old_out, new_out in zip(node.outputs, new.outputs):
        if new_out.dtype != old_out.dtype or new_out.ndim != old_out.ndim:
            raise GivensError(
                f"{node.op} at {node.location[0]}:{node.location[1]}: with the replacements its "
                f"output has type {new_out.type} instead of {old_out.type}"
            )
    return new


def clone(
    output: Variable | Sequence[Variable],
    replace: Any = None,
    strict: bool = True,
    share_inputs: bool = True,
) -> Any:
    """Theano's `theano.clone`: `output` (a variable or a list) with `replace` applied.

    Unchanged subgraphs are shared (arignote graphs are immutable); with
    share_inputs=False, owner-less non-shared, non-constant inputs are replaced by fresh
    variables of the same type too."""
    from arignote.graph import graph_inputs
    from arignote.compile.sharedvalue import SharedVariable

    single = isinstance(output, Variable)
    outs = [output] if single else list(output)  # type: ignore[list-item]
    pairs = replacement_pairs(replace, "replace")
    if not share_inputs:
        replaced = {old.id for old, _ in pairs if isinstance(old, Variable)}
        for v in graph_inputs(outs):
            if isinstance(v, Constant | SharedVariable) or v.id in replaced:
                continue
            pairs.append((v, v.type.make_variable(v.name)))
    result = clone_replace(outs, pairs)
    return result[0] if single else result


__all__ = [
    "clone", "clone_replace", "check_replacement", "replacement_pairs", "lost_broadcast_dim",
    "GivensError",
]  # fmt: skip
