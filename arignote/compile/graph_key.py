"""A digest of a front-end graph that determines the `tt` module built from it.

`graph_key(name, inputs, outputs, resident_inputs, resident_outputs)` serialises what
`frontend_ir.build_module` reads -- the inputs' types and names, every Apply of
`ancestors(outputs)` in that order (its op's class and parameters, which variables it
reads, its outputs' types and names, its file:line), the constants' values, the outputs
and the residency marks -- and returns the SHA-256 of that text.  Two graphs with the
same key build the same module (text and locations), so the compile cache can find a
compiled program from the graph alone, without building and printing the module (on
W5a's 500-op chain that is most of a cached compile).

An op's parameters are its instance attributes, read recursively: numbers, strings,
tuples, lists, dicts, NumPy dtypes, arrays and scalars, tensor types, enums, classes
(by qualified name: the tt op an Elemwise emits) and objects of arignote's own classes
(other ops, scalar ops).  Anything else -- a Python function
(a host callback), a variable or a graph held by an op (scan's inner graph) -- has no
faithful digest here: the key is None and the caller builds the module as before.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from arignote.graph import Apply, Constant, TensorType, Variable, ancestors

#: deeper nesting than this in an op's parameters is not digested (the key is None)
MAX_DEPTH = 12


class _Opaque(Exception):
    """A value without a faithful digest."""


def _type(t: TensorType) -> str:
    return f"{t.dtype}{''.join('b' if b else '.' for b in t.broadcastable)}"


def _param(v: Any, out: list[str], depth: int) -> None:
    """Append a canonical text of an op parameter to `out`."""
    if depth > MAX_DEPTH:
        raise _Opaque
    if v is None or isinstance(v, bool | int | str | bytes):
        out.append(f"{type(v).__name__}:{v!r}")
    elif isinstance(v, float):
        out.append(f"float:{v!r}")
    elif isinstance(v, tuple | list | frozenset | set):
        items = sorted(v, key=repr) if isinstance(v, frozenset | set) else v
        out.append(f"{type(v).__name__}[")
        for x in items:
            _param(x, out, depth + 1)
        out.append("]")
    elif isinstance(v, dict):
        out.append("dict{")
        for k in sorted(v, key=repr):
            _param(k, out, depth + 1)
            _param(v[k], out, depth + 1)
        out.append("}")
    elif isinstance(v, np.dtype):
        out.append(f"dtype:{v.str}")
    elif isinstance(v, np.ndarray):
        if v.dtype.hasobject:
            raise _Opaque
        data = hashlib.sha256(np.ascontiguousarray(v).tobytes()).hexdigest()
        out.append(f"array:{v.dtype.str}:{v.shape}:{data}")
    elif isinstance(v, np.generic):
        out.append(f"scalar:{v.dtype.str}:{v.tobytes().hex()}")
    elif isinstance(v, TensorType):
        out.append(f"type:{_type(v)}:{v.name!r}")
    elif isinstance(v, enum.Enum):
        out.append(f"enum:{type(v).__module__}.{type(v).__qualname__}.{v.name}")
    elif isinstance(v, type) and "<locals>" not in v.__qualname__:
        out.append(f"class:{v.__module__}.{v.__qualname__}")  # e.g. the tt op an op emits
    elif isinstance(v, Variable | Apply) or callable(v) and not hasattr(v, "__dict__"):
        raise _Opaque
    elif type(v).__module__.startswith("arignote.") and hasattr(v, "__dict__"):
        _object(v, out, depth)
    else:
        raise _Opaque


def _object(v: Any, out: list[str], depth: int) -> None:
    """An op (or another of arignote's objects): its class and instance attributes."""
    cls = type(v)
    if hasattr(cls, "__slots__") and any(hasattr(v, s) for s in cls.__slots__):
        raise _Opaque  # attributes outside __dict__
    out.append(f"{cls.__module__}.{cls.__qualname__}(")
    for k in sorted(vars(v)):
        out.append(k)
        _param(vars(v)[k], out, depth + 1)
    out.append(")")


def graph_key(
    name: str,
    inputs: Sequence[Variable],
    outputs: Sequence[Variable],
    resident_inputs: Sequence[int] = (),
    resident_outputs: Sequence[int] = (),
) -> str | None:
    """The digest of the module `build_module` would build from these arguments, or None
    when an op holds a parameter without a faithful digest."""
    tokens: dict[int, str] = {}
    out: list[str] = [f"graph-key 1\nname {name!r}\n"]
    for k, v in enumerate(inputs):
        tokens[v.id] = f"i{k}"
        out.append(f"in {k} {_type(v.type)} {v.name!r}\n")

    def token(v: Variable) -> str:
        t = tokens.get(v.id)
        if t is not None:
            return t
        if not isinstance(v, Constant):
            raise _Opaque  # an owner-less variable that is not an input (never built)
        t = tokens[v.id] = f"c{len(tokens)}"
        data = np.asarray(v.data)
        if data.dtype.hasobject:
            raise _Opaque
        digest = hashlib.sha256(np.ascontiguousarray(data).tobytes()).hexdigest()
        out.append(f"const {t} {_type(v.type)} {v.name!r} {data.dtype.str}{data.shape} {digest}\n")
        return t

    try:
        for n, node in enumerate(ancestors(outputs)):
            args = " ".join(token(v) for v in node.inputs)
            out.append(f"node {n} {node.location!r} ")
            _object(node.op, out, 0)
            out.append(f" ({args}) ->")
            for k, v in enumerate(node.outputs):
                if v.id not in tokens:
                    tokens[v.id] = f"n{n}.{k}"
                out.append(f" {tokens[v.id]}:{_type(v.type)}:{v.name!r}")
            out.append("\n")
        out.append("out " + " ".join(token(v) for v in outputs) + "\n")
    except _Opaque:
        return None
    except RecursionError:
        return None
    out.append(f"resident {list(resident_inputs)} {list(resident_outputs)}\n")
    return hashlib.sha256("".join(out).encode()).hexdigest()


__all__ = ["graph_key"]
