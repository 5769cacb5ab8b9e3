"""`arignote.printing`: Theano's graph printers, `debugprint` and `pp`.

    >>> x, s = T.vector("x"), T.scalar("s")
    >>> debugprint(x + s * x)
    Elemwise{add} [id A] ''
     |x [id B]
     |Elemwise{mul} [id C] ''
       |s [id D]
       |x [id B]
    >>> pp(x + s * x)
    '(x + (s * x))'

`debugprint(obj, file=None, depth=-1, print_type=False, ids="CHAR", stop_on_name=False,
done=None)` prints one line per variable, children indented under ` |`: an op's output
as `<op> [id X] '<name>'`, an input or shared variable as `<name> [id X]`, a constant as
`TensorConstant{...}`.  A variable printed before is printed again with its id only
(no children).  `obj` is a variable, a list of variables, an Apply node or a compiled
function (its outputs, then the new values of its updates, each announced).  `file` is a
stream (default sys.stdout) or "str" to return the text; `ids` is "CHAR" (A, B, ...),
"int", "id" (Python ids) or "" (none); `depth` limits the levels printed; with
`stop_on_name` a named variable's inputs are not printed.

`pp(var)` writes the expression in infix form: arithmetic and comparisons as operators,
other ops as calls, indexing as `x[a:b]`, names for named variables, constants by value.

The compiled function's IR at each stage is `f.ir(stage)`.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from typing import Any

from arignote.graph import Apply, Constant, Variable

__all__ = ["debugprint", "pp", "pprint"]


def _roots(obj: Any) -> list[tuple[str, Variable]]:
    from arignote.function import Function

    if isinstance(obj, Variable):
        return [("", obj)]
    if isinstance(obj, Apply):
        return [("", v) for v in obj.outputs]
    if isinstance(obj, Function):
        out = [("", v) for v in obj.outputs]
        for shared, expr in obj.updates:
            out.append((f"update of {shared!r}:", expr))
        return out
    if isinstance(obj, list | tuple):
        out = []
        for item in obj:
            out.extend(_roots(item))
        return out
    raise TypeError(
        f"debugprint: cannot print {type(obj).__name__} (a variable, list, Apply or Function)"
    )


def _char_id(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(ord("A") + r) + s
    return s


def _op_label(v: Variable) -> str:
    from arignote.tensor.basic import Elemwise

    node = v.owner
    assert node is not None
    op = node.op
    label = f"Elemwise{{{op}}}" if isinstance(op, Elemwise) else str(op)
    if len(node.outputs) > 1:
        label += f".{v.index}"
    return label


def _leaf_label(v: Variable) -> str:
    if isinstance(v, Constant):
        data = v.data
        if data.size <= 8:
            text = str(data.tolist()) if data.ndim else repr(data.item())
        else:
            text = f"array of shape {data.shape}"
        return f"TensorConstant{{{text}}}" if v.name is None else v.name
    return repr(v)


def debugprint(
    obj: Any,
    file: Any = None,
    depth: int = -1,
    print_type: bool = False,
    ids: str = "CHAR",
    stop_on_name: bool = False,
    done: dict[int, str] | None = None,
    **kwargs: Any,
) -> Any:
    """Print the graph of `obj` (see the module docstring)."""
    if ids not in ("CHAR", "int", "id", ""):
        raise ValueError(f"debugprint: ids must be 'CHAR', 'int', 'id' or '', got {ids!r}")
    out = io.StringIO() if file in ("str", None) else file
    seen: dict[int, str] = {} if done is None else done

    def ident(v: Variable) -> str:
        if not ids:
            return ""
        key = id(v)
        if key not in seen:
            n = len(seen)
            seen[key] = _char_id(n) if ids == "CHAR" else str(n) if ids == "int" else str(key)
        return f" [id {seen[key]}]"

    def line(v: Variable, prefix: str, level: int) -> None:
        first = id(v) not in seen
        tag = ident(v) if ids else ""
        typ = f" <{v.type}>" if print_type else ""
        if v.owner is None:
            out.write(f"{prefix}{_leaf_label(v)}{tag}{typ}\n")
            return
        name = v.name or ""
        out.write(f"{prefix}{_op_label(v)}{tag} '{name}'{typ}\n")
        if not ids:
            first = True
        if not first or (stop_on_name and v.name and level > 0):
            return
        if depth != -1 and level + 1 >= depth:
            return
        child_prefix = " " * len(prefix) + " |"
        for inp in v.owner.inputs:
            line(inp, child_prefix, level + 1)

    for header, v in _roots(obj):
        if header:
            out.write(header + "\n")
        line(v, "", 0)
    if file is None:
        sys.stdout.write(out.getvalue())
        return sys.stdout
    if file == "str":
        return out.getvalue()
    return file


# --------------------------------------------------------------------------- pp

_INFIX = {
    "add": "+", "sub": "-", "mul": "*", "true_div": "/", "int_div": "//", "mod": "%",
    "pow": "**", "eq": "==", "neq": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=",
    "and_": "&", "or_": "|", "xor": "^", "shl": "<<", "shr": ">>",
}  # fmt: skip
_PREFIX = {"neg": "-", "invert": "~"}


def pp(var: Variable | Sequence[Variable]) -> str:
    """The expression computing `var`, in infix form (see the module docstring)."""
    if isinstance(var, list | tuple):
        return "\n".join(pp(v) for v in var)
    return _pp(var, top=True)


pprint = pp


def _pp(v: Variable, top: bool = False) -> str:
    from arignote.tensor.basic import Elemwise
    from arignote.tensor.shape import DimShuffle
    from arignote.tensor.subtensor import Subtensor, spec_str

    if v.name and not top:
        return v.name
    node = v.owner
    if node is None:
        if isinstance(v, Constant):
            d = v.data
            if d.ndim == 0:
                return repr(d.item())
            return f"TensorConstant{{{d.tolist() if d.size <= 8 else d.shape}}}"
        return v.name or f"<{v.type}>"
    op = node.op
    args = [_pp(i) for i in node.inputs]
    if isinstance(op, Elemwise):
        name = str(op)
        if name in _INFIX and len(args) == 2:
            return f"({args[0]} {_INFIX[name]} {args[1]})"
        if name in _PREFIX and len(args) == 1:
            return f"{_PREFIX[name]}{args[0]}"
        return f"{name}({', '.join(args)})"
    if isinstance(op, DimShuffle):
        order = list(op.new_order)
        if order == list(range(len(order)))[::-1] and "x" not in order and len(order) == 2:
            return f"{args[0]}.T"
        return f"{args[0]}.dimshuffle({', '.join(repr(o) for o in order)})"
    if isinstance(op, Subtensor):
        return f"{args[0]}[{spec_str(op.spec, args[1:])}]"
    label = str(op)
    return f"{label}({', '.join(args)})"
