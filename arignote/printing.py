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

`Print(message, attrs=("__str__",), global_fn=_print_fn)(x)` is x, and prints
`<message> <attr> = <value>` per attr each time a compiled function computes it (a host
callback: on a GPU the value is copied to the host for it); see `Print`.

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
from arignote.tensor.host_call import HostCall

__all__ = ["debugprint", "pp", "pprint", "pydotprint", "Print"]


def _roots(obj: Any) -> list[tuple[str, Variable]]:
    from arignote.compile.function_module import Function

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


# ---------------------------------------------------------------------------- pydotprint

#: node colours of Theano's pydotprint
_COLORS = {"input": "limegreen", "shared": "lightblue", "constant": "SpringGreen",
           "output": "dodgerblue", "apply": "white"}  # fmt: skip


def _graph_roots(obj: Any) -> tuple[list[Variable], list[Variable], list[Variable]]:
    """(outputs to draw, explicit inputs, shared variables) of a function or variables."""
    from arignote.compile.function_module import Function
    from arignote.compile.sharedvalue import SharedVariable

    if isinstance(obj, Function):
        outs = [*obj.outputs, *(expr for _, expr in obj.updates)]
        return outs, list(obj.inputs), [s for s, _ in obj.updates]
    roots = [v for _, v in _roots(obj)]
    return roots, [], [v for v in roots if isinstance(v, SharedVariable)]


def pydotprint(
    fct: Any,
    outfile: str | None = None,
    compact: bool = True,
    format: str = "png",  # noqa: A002 - Theano's name
    with_ids: bool = False,
    high_contrast: bool = True,
    max_label_size: int = 70,
    var_with_name_simple: bool = False,
    print_output_file: bool = True,
    return_image: bool = False,
    **_ignored: Any,
) -> Any:
    """Theano's `pydotprint`: draw a compiled function's (or variables') graph with
    Graphviz.  Apply nodes are boxes labelled by their op; variables are ellipses (inputs
    green, shared variables light blue, constants, outputs blue), edges carry the input
    position when an op has several inputs and the variable's type.  With `compact`,
    unnamed intermediate variables are not drawn (their op feeds the next op directly).

    `format="dot"` writes the Graphviz source and needs nothing else; other formats
    ("png", "svg", "pdf", ...) run Graphviz's `dot` program, which must be on PATH.
    `outfile` defaults to `pics/<name>.<format>` (Theano's default directory).  With
    `return_image` the bytes (or text for dot) are returned instead of written."""
    import os

    import pydot

    from arignote.compile.function_module import Function
    from arignote.compile.sharedvalue import SharedVariable

    outputs, inputs, shared = _graph_roots(fct)
    name = fct.name if isinstance(fct, Function) and fct.name else "graph"
    g = pydot.Dot(graph_name="theano", graph_type="digraph", rankdir="TB")
    ids: dict[int, str] = {}

    def short(text: str) -> str:
        return text if len(text) <= max_label_size else text[: max_label_size - 3] + "..."

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def var_node(v: Variable) -> str:
        if v.id in ids:
            return ids[v.id]
        key = f"v{v.id}"
        ids[v.id] = key
        if isinstance(v, Constant):
            kind, label = "constant", _leaf_label(v)
        elif isinstance(v, SharedVariable):
            kind, label = "shared", repr(v)
        elif v.owner is None:
            kind, label = "input", repr(v)
        else:
            kind, label = ("output" if any(v is o for o in outputs) else "apply"), (
                v.name or f"{_op_label(v)}.out"
            )
        if not var_with_name_simple:
            label = f"{label} {v.dtype}{list(v.broadcastable)}" if kind != "constant" else label
        if with_ids:
            label = f"id={v.id} {label}"
        g.add_node(pydot.Node(key, label=q(short(label)), shape="ellipse", style="filled",
                              fillcolor=_COLORS[kind] if high_contrast else "white"))  # fmt: skip
        return key

    seen_nodes: dict[int, str] = {}

    def apply_node(node: Apply) -> str:
        if id(node) in seen_nodes:
            return seen_nodes[id(node)]
        key = f"n{len(seen_nodes)}"
        seen_nodes[id(node)] = key
        label = _op_label(node.outputs[0]).rsplit(".", 1)[0] if len(node.outputs) > 1 else (
            _op_label(node.outputs[0])
        )
        g.add_node(pydot.Node(key, label=q(short(label)), shape="box"))
        for k, inp in enumerate(node.inputs):
            src = draw(inp)
            edge_label = (f"{k} " if len(node.inputs) > 1 else "") + f"{inp.dtype}"
            g.add_edge(pydot.Edge(src, key, label=q(edge_label)))
        return key

    def draw(v: Variable) -> str:
        """The graph node a consumer of v points from."""
        if v.owner is None:
            return var_node(v)
        src = apply_node(v.owner)
        drawn_var = not compact or v.name is not None or any(v is o for o in outputs)
        if not drawn_var:
            return src
        if v.id not in ids:
            g.add_edge(pydot.Edge(src, var_node(v), label=q(f"{v.dtype}")))
        return ids[v.id]

    for v in inputs:
        var_node(v)
    for v in outputs:
        out = draw(v)
        if v.owner is not None and out not in ids.values():
            g.add_edge(pydot.Edge(out, var_node(v)))
    del shared  # (drawn where they are used)

    if format == "dot":
        data: bytes | str = g.to_string()
    else:
        import shutil

        if shutil.which("dot") is None:
            raise RuntimeError(
                f"pydotprint(format={format!r}) needs Graphviz's `dot` program on PATH "
                "(apt install graphviz, conda install graphviz); format='dot' writes the "
                "graph's source without it"
            )
        data = g.create(format=format)
    if return_image:
        return data
    if outfile is None:
        outfile = os.path.join("pics", f"{name}.{format}")
    os.makedirs(os.path.dirname(outfile) or ".", exist_ok=True)
    mode = "w" if isinstance(data, str) else "wb"
    with open(outfile, mode) as f:
        f.write(data)
    if print_output_file:
        print("The output file is available at", outfile)
    return None


# --------------------------------------------------------------------------- Print


def _print_fn(op: Any, xin: Any) -> None:
    """Theano's default global_fn (theano/printing.py l.267-274): per attr, the attribute
    of the value (called if callable) after the message."""
    for attr in op.attrs:
        temp = getattr(xin, attr)
        pmsg = temp() if callable(temp) else temp
        print(op.message, attr, "=", pmsg)


class Print(HostCall):
    """Theano's Print (theano/printing.py l.277-333): an identity whose computation calls
    `global_fn(op, value)` on the host with the value as a (read-only) NumPy array;
    the default prints `message attr = value` for each of `attrs` (attributes such as
    "shape", or methods such as "__str__", called).  The gradient passes through.

    With the default global_fn the callback is described by (message, attrs), so compiled
    functions using it are cached on disk like any other; with another global_fn it is a
    process-local callback (cached in the process only).
    """

    def __init__(
        self, message: str = "", attrs: Sequence[str] = ("__str__",), global_fn: Any = _print_fn
    ):
        from arignote.runtime.callbacks import described_name, register

        self.message = message
        self.attrs = tuple(attrs)
        self.global_fn = global_fn
        if global_fn is _print_fn:
            callee = described_name("print", [message, list(self.attrs)])
        else:
            callee = register(self._run, "Print")
        super().__init__(callee, [], label=f"Print{{{message}}}", gradient="identity")

    def infer(self, inputs: list[Variable], loc: tuple[str, int]) -> list[Any]:
        if len(inputs) != 1:
            raise self.fail(loc, f"takes one input, got {len(inputs)}", TypeError)
        return [inputs[0].type]

    def _run(self, x: Any) -> Any:
        self.global_fn(self, x)
        return x


def print_callback(descriptor: Sequence[Any]) -> Any:
    """The host callback of `Print(message, attrs)` with the default global_fn."""
    message, attrs = descriptor
    op = Print(str(message), [str(a) for a in attrs])
    return op._run
