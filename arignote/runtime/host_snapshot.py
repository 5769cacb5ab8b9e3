"""A host program saved as bytes and made again without its IR (the compile cache).

Building a `HostProgram` from a cached entry meant parsing the entry's host module with
xDSL's parser and translating it again (on W5b's training step, ~470 host ops: most of
a cached compile).  `snapshot(program)` stores instead what the translation produced:
the generated Python source, the number of arguments and their types (as text), and the
constants the source reads.  Constants are pickled by value (numbers, strings, dtypes,
arrays, classes and module-level functions by reference) or, where that is impossible,
by a recipe recorded when the program was built (`HostProgram._k`):

| recipe                   | stored as                 | made again by                       |
|--------------------------|---------------------------|-------------------------------------|
| `libcall`                | the op's text (one op)    | parsing it and `make_executor`      |
| `caller`                 | callback name, specs, at  | `callbacks.make_caller`             |
| `stub`                   | kernel symbol, part       | `pystub.make_callable` at its new address |
| `cfn`                    | kernel symbol, argtypes   | a ctypes function at its new address |
| `table` / `converter`    | table and key / dtype     | the same entry of host.py's tables  |
| `recycler`               | nothing                   | a new, empty `_Recycler`            |

A program holding anything else (a loop runner, a GPU device's functions) has no
snapshot (`snapshot` returns None) and the cache keeps using its IR.  `restore(...)`
returns a program that runs like the original; its `module` is None.
"""

from __future__ import annotations

import functools
import io
import pickle
import types
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation, Region

from arignote.runtime import host

FORMAT = 1

#: values pickled as they are
_PLAIN = (type(None), bool, int, float, complex, str, bytes, tuple, list, dict, frozenset,
          np.dtype, np.ndarray, np.generic, pickle.PickleBuffer)  # fmt: skip
#: pickled by reference (a module-level name; a lambda fails and so has no snapshot)
_BY_NAME = (type, types.FunctionType, types.BuiltinFunctionType, np.ufunc)


class NoSnapshot(Exception):
    """The program holds a constant with neither a value pickle can store nor a recipe."""


def op_text(op: Operation) -> str:
    """A module holding only `op` (operands as function arguments), with locations."""
    from arignote.ir import print_module

    block = Block(arg_types=[v.type for v in op.operands])
    block.add_op(op.clone(value_mapper=dict(zip(op.operands, block.args))))
    block.add_op(func.ReturnOp())
    f = func.FuncOp("op", ([v.type for v in op.operands], []), Region(block))
    return print_module(ModuleOp([f]), debuginfo=True)


@functools.cache
def _shared() -> dict[int, tuple[str, tuple[Any, ...]]]:
    """Recipes of host.py's own function objects (operator tables), by id."""
    out: dict[int, tuple[str, tuple[Any, ...]]] = {}
    for table in ("_INT_BINOPS", "_SCALAR_UNARY", "_FLOAT_BINOPS", "_CMPF"):
        for key, fn in getattr(host, table).items():
            if callable(fn):
                out[id(fn)] = ("table", (table, key))
    return out


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, recipes: dict[int, tuple[str, tuple[Any, ...]]]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.recipes = recipes
        self.converters = {id(fn): k for k, fn in host.CONVERTERS.items() if k != "index"}

    def persistent_id(self, obj: Any) -> Any:
        recipe = self.recipes.get(id(obj)) or _shared().get(id(obj))
        if recipe is not None:
            if recipe[0] == "libcall":  # recorded with the op itself: its text now
                return ("libcall", (op_text(recipe[1][0]),))
            return recipe
        if isinstance(obj, host._Recycler):
            return ("recycler", ())
        key = self.converters.get(id(obj))
        if key is not None:
            return ("converter", (key,))
        if isinstance(obj, _PLAIN + _BY_NAME):
            return None
        raise NoSnapshot(f"no recipe for a {type(obj).__name__}")


def snapshot(program: host.HostProgram) -> bytes | None:
    """The program as bytes for `restore`, or None when it cannot be stored."""
    if program.device is not None:
        return None
    consts = {k: v for k, v in program.ns.items() if k.startswith("k") and k[1:].isdigit()}
    data = {
        "format": FORMAT, "source": program.source, "consts": consts,
        "nargs": program.nargs, "arg_types": [str(t) for t in program.arg_types],
    }  # fmt: skip
    out = io.BytesIO()
    try:
        _Pickler(out, program.recipes).dump(data)
    except (NoSnapshot, pickle.PicklingError, TypeError, AttributeError):
        return None
    return out.getvalue()


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, cpu_symbol: Callable[[str], int] | None):
        super().__init__(file)
        self.cpu_symbol = cpu_symbol
        self.stubs: dict[str, tuple[Any, Any]] = {}

    def _symbol(self, name: str) -> int:
        if self.cpu_symbol is None:
            raise pickle.UnpicklingError(f"no native code for @{name}")
        return self.cpu_symbol(name)

    def persistent_load(self, pid: Any) -> Any:
        kind, args = pid
        if kind == "table":
            table, key = args
            return getattr(host, table)[key]
        if kind == "converter":
            return host.converter_of(args[0])
        if kind == "recycler":
            return host._Recycler()
        if kind == "libcall":
            return _executor(args[0])
        if kind == "caller":
            from arignote.runtime.callbacks import make_caller

            return make_caller(*args)
        if kind == "stub":
            from arignote.runtime.cpu import pystub

            if not pystub.layout_ok():  # (this interpreter calls kernels by ctypes)
                raise pickle.UnpicklingError("kernel call stubs are not usable here")
        if kind in host.NATIVE_RECIPES:
            return host.native_constant((kind, args), self._symbol, self.stubs)
        raise pickle.UnpicklingError(f"unknown recipe {kind!r}")


def _executor(text: str) -> Any:
    from arignote.dialects.libcall import LibcallOp
    from arignote.ir import parse_module
    from arignote.runtime.libcall import make_executor

    module = parse_module(text, "<cached libcall>")
    op = next(o for o in module.walk() if isinstance(o, LibcallOp))
    return make_executor(op)


class RestoredHostProgram(host.HostProgram):
    """A host program made from a snapshot: runs like the original; no IR."""

    def __init__(self) -> None:  # (made by `restore` only)
        pass

    @functools.cached_property
    def arg_types(self) -> list[Any]:  # type: ignore[override]
        from xdsl.parser import Parser

        from arignote.registry import make_context

        ctx = make_context()
        return [Parser(ctx, t).parse_type() for t in self._arg_type_text]


def restore(
    blob: bytes,
    name: str,
    cpu_symbol: Callable[[str], int] | None,
    result_dtypes: Sequence[np.dtype | None] = (),
) -> host.HostProgram:
    """The program `snapshot` stored, its kernels bound through `cpu_symbol`."""
    data = _Unpickler(io.BytesIO(blob), cpu_symbol).load()
    if data.get("format") != FORMAT:
        raise pickle.UnpicklingError("a snapshot of another format")
    p = RestoredHostProgram()
    p.module = None  # type: ignore[assignment]
    p.name, p.cpu_symbol, p.device, p.gpu_module = name, cpu_symbol, None, None
    p.result_dtypes = list(result_dtypes)
    p.nargs = data["nargs"]
    p._arg_type_text = data["arg_types"]
    p.source = data["source"]
    p.recipes = {}
    p.ns = host.base_namespace(True) | data["consts"]
    p.run = host._define(p.source, name, p.ns)
    return p


__all__ = ["FORMAT", "RestoredHostProgram", "op_text", "restore", "snapshot"]
