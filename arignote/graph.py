"""The symbolic graph of the front end: types, variables, applications of ops.

A `Variable` is a symbolic tensor of a `TensorType` (dtype + broadcastable pattern, as in
Theano).  Variables are inputs (no owner), `Constant`s, `SharedVariable`s, or outputs of
an `Apply` of an `Op` to input variables.  Building the graph checks types and shapes
and raises `ShapeError` / `DTypeError` naming the op and the operands, with the user's
file:line.  `arignote.frontend_ir` turns a graph into `tt` IR.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from arignote.errors import DTypeError, ShapeError

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))

FLOAT_DTYPES = ("float16", "float32", "float64")
INT_DTYPES = ("int8", "int16", "int32", "int64")
UINT_DTYPES = ("uint8", "uint16", "uint32", "uint64")
ALL_DTYPES = (*FLOAT_DTYPES, *INT_DTYPES, *UINT_DTYPES, "bool")


def user_location() -> tuple[str, int]:
    """file and line of the innermost frame outside the arignote package."""
    frame = sys._getframe(1)
    while frame is not None:
        fname = os.path.abspath(frame.f_code.co_filename)
        if not fname.startswith(_PKG_DIR + os.sep):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back  # type: ignore[assignment]
    return "<unknown>", 0


def _norm_dtype(dtype: Any) -> str:
    try:
        d = np.dtype(dtype)
    except TypeError:
        raise DTypeError(f"{dtype!r} is not a dtype") from None
    name = "bool" if d == np.bool_ else d.name
    if name not in ALL_DTYPES:
        raise DTypeError(f"dtype {name} is not supported (use {', '.join(ALL_DTYPES)})")
    return name


@dataclass(frozen=True)
class TensorType:
    """A tensor type: a dtype and, per dim, whether it is broadcastable (size 1)."""

    dtype: str
    broadcastable: tuple[bool, ...]
    #: Theano's optional name of a type (printed instead of the description)
    name: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "dtype", _norm_dtype(self.dtype))
        object.__setattr__(self, "broadcastable", tuple(bool(b) for b in self.broadcastable))

    @property
    def ndim(self) -> int:
        return len(self.broadcastable)

    #: the classes of this type's variables and constants (the tensor layer binds its
    #: `TensorVariable` / `TensorConstant` here, as Theano's tensor/var.py does)
    Variable: ClassVar[type[Variable]]
    Constant: ClassVar[type[Constant]]

    def make_variable(self, name: str | None = None) -> Variable:
        return self.Variable(self, name=name)

    def make_constant(self, data: np.ndarray, name: str | None = None) -> Constant:
        return self.Constant(self, data, name=name)

    def __call__(self, name: str | None = None) -> Variable:
        return self.make_variable(name)

    def __str__(self) -> str:
        """Theano's spelling: the name if any, else `TensorType(float32, matrix)`, with the
        broadcastable pattern where no kind name fits (`(True, False, False)`, `3D`)."""
        if self.name:
            return self.name
        b = self.broadcastable
        kinds = {
            (): "scalar", (False,): "vector", (False, True): "col", (True, False): "row",
            (False, False): "matrix",
        }  # fmt: skip
        if b in kinds:
            kind = kinds[b]
        elif any(b):
            kind = str(b)
        else:
            kind = f"{len(b)}D"
        return f"TensorType({self.dtype}, {kind})"

    __repr__ = __str__

    def filter(
        self, value: Any, *, allow_downcast: bool = False, what: str = "value"
    ) -> np.ndarray:
        """Convert `value` to an array of this type, or raise naming the mismatch."""
        if isinstance(value, np.ndarray):
            arr = value
        elif np.isscalar(value) or isinstance(value, list | tuple):
            arr = np.asarray(value)
            # Python scalars and lists convert when no information is lost
            if arr.dtype != self.dtype:
                converted = arr.astype(self.dtype)
                if arr.dtype.kind in "biuf" and np.all(converted == arr):
                    arr = converted
        else:
            arr = np.asarray(value)
        if arr.dtype != self.dtype:
            if allow_downcast or np.can_cast(arr.dtype, self.dtype, "safe"):
                arr = arr.astype(self.dtype)
            else:
                raise DTypeError(
                    f"{what} has dtype {arr.dtype}, expected {self.dtype}: casting would lose "
                    f"information (pass an array of dtype {self.dtype}, "
                    "or allow_input_downcast=True)"
                )
        if arr.ndim != self.ndim:
            raise DTypeError(
                f"{what} has {arr.ndim} dimension(s) (shape {arr.shape}), expected {self.ndim} "
                f"for {self}"
            )
        for i, (b, n) in enumerate(zip(self.broadcastable, arr.shape)):
            if b and n != 1:
                raise ShapeError(
                    f"{what} has size {n} in dim {i}, which {self} declares broadcastable (size 1)"
                )
        # (np.ascontiguousarray would turn a 0-d array into a 1-d one)
        return arr if arr.flags.c_contiguous else np.array(arr, order="C")


_ids = itertools.count()

#: the compiler behind `Variable.eval` (`arignote.compile.function_module.function`,
#: registered by that module: the graph layer calls it but imports nothing above itself)
function_builder: list[Any] = []


class Tag:
    """A variable's annotations.  `test_value` goes through the type's `filter` (Theano's
    ValidatingScratchpad), so a wrong dtype or rank is refused where it is set."""

    def __init__(self, type: Any) -> None:
        object.__setattr__(self, "_type", type)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "test_value" and isinstance(self._type, TensorType):
            value = self._type.filter(value, allow_downcast=True, what="test_value")
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        items = {k: v for k, v in vars(self).items() if k != "_type"}
        return f"Tag({items})"


class Variable:
    """A symbolic tensor."""

    def __init__(
        self,
        type: TensorType,
        owner: Apply | None = None,
        index: int = 0,
        name: str | None = None,
    ):
        self.type = type
        self.owner = owner
        self.index = index
        self.name = name
        self.id = next(_ids)
        self._tag: Any = None

    # ------------------------------------------------------------------ info
    @property
    def dtype(self) -> str:
        return self.type.dtype

    @property
    def ndim(self) -> int:
        return self.type.ndim

    @property
    def broadcastable(self) -> tuple[bool, ...]:
        return self.type.broadcastable

    def __repr__(self) -> str:
        if self.name:
            return self.name
        if self.owner is not None:
            return f"{self.owner.op}.out"
        return f"<{self.type}>"

    def __hash__(self) -> int:
        return self.id

    # ------------------------------------------------------------------ annotations
    @property
    def tag(self) -> Any:
        """Free-form annotations (Theano's `var.tag`); `tag.test_value` is checked against
        the variable's type when set."""
        if self._tag is None:
            self._tag = Tag(self.type)
        return self._tag

    def eval(self, inputs_to_values: dict[Variable, Any] | None = None) -> Any:  # noqa: A003
        """The value of this variable for the given input values (compiled once per set
        of inputs and cached on the variable, as Theano's `Variable.eval`)."""
        if not function_builder:
            raise RuntimeError("Variable.eval needs the compiler (import arignote)")
        given = dict(inputs_to_values or {})
        keys = list(given)
        cache = self.__dict__.setdefault("_eval_cache", {})
        key = tuple(v.id for v in keys)
        if key not in cache:
            cache[key] = function_builder[0](keys, self, on_unused_input="ignore", name="eval")
        return cache[key](*[given[k] for k in keys])

    # pickling: graphs pickle (Theano programs pickle models holding symbolic variables);
    # an unpickled variable gets a fresh id, so that it never collides with another
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_eval_cache", None)  # compiled code does not pickle
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.id = next(_ids)


class Constant(Variable):
    """A variable with a fixed value, embedded in compiled code."""

    def __init__(self, type: TensorType, data: np.ndarray, name: str | None = None):
        super().__init__(type, name=name)
        self.data = data

    def __repr__(self) -> str:
        return self.name or f"Constant{{{self.data.tolist() if self.data.size < 8 else '...'}}}"


TensorType.Variable = Variable
TensorType.Constant = Constant


#: functions called with every new Apply (e.g. `arignote.test_value` computing test
#: values while `config.compute_test_value` is on); the graph layer calls, never imports, them
apply_hooks: list[Any] = []


@dataclass(eq=False)
class Apply:
    """One application of an op to input variables, with its outputs and source line."""

    op: Op
    inputs: list[Variable]
    outputs: list[Variable] = field(default_factory=list)
    location: tuple[str, int] = ("<unknown>", 0)

    def __post_init__(self) -> None:
        for hook in apply_hooks:
            hook(self)


class Op:
    """Base of front-end ops: `make_node` builds an Apply, `emit` writes its tt IR."""

    def make_node(self, *inputs: Variable) -> Apply:
        raise NotImplementedError

    def __call__(self, *inputs: Variable) -> Variable:
        node = self.make_node(*inputs)
        node.location = user_location()
        return node.outputs[0]

    def emit(self, em: Any, node: Apply, inputs: Sequence[Any]) -> list[Any]:
        """Write the node's tt IR with `em` (an `arignote.frontend_ir.Emitter`)."""
        raise NotImplementedError

    def __str__(self) -> str:
        return type(self).__name__


def ancestors(outputs: Sequence[Variable], stop: set[int] = frozenset()) -> list[Apply]:  # type: ignore[assignment]
    """The Apply nodes computing `outputs`, in a topological order (inputs first); the
    variables whose ids are in `stop` count as inputs (their owners are not visited)."""
    order: list[Apply] = []
    seen: set[int] = set()
    stack: list[tuple[Variable, bool]] = [(v, False) for v in reversed(outputs)]
    while stack:
        v, done = stack.pop()
        node = v.owner
        if node is None or v.id in stop:
            continue
        if done:
            if id(node) not in seen:
                seen.add(id(node))
                order.append(node)
            continue
        if id(node) in seen:
            continue
        stack.append((v, True))
        for inp in reversed(node.inputs):
            if inp.owner is not None and inp.id not in stop and id(inp.owner) not in seen:
                stack.append((inp, False))
    return order


def graph_inputs(outputs: Sequence[Variable]) -> list[Variable]:
    """The owner-less variables `outputs` depend on (inputs, constants, shared)."""
    out: list[Variable] = []
    seen: set[int] = set()
    for node in ancestors(outputs):
        for v in node.inputs:
            if v.owner is None and v.id not in seen:
                seen.add(v.id)
                out.append(v)
    for v in outputs:
        if v.owner is None and v.id not in seen:
            seen.add(v.id)
            out.append(v)
    return out


def broadcast_pattern(inputs: Sequence[Variable]) -> tuple[bool, ...]:
    """The broadcastable pattern of an elementwise result (operands right-aligned)."""
    ndim = max(v.ndim for v in inputs)
    out = []
    for d in range(ndim):
        flags = []
        for v in inputs:
            k = d - (ndim - v.ndim)
            flags.append(True if k < 0 else v.broadcastable[k])
        out.append(all(flags))
    return tuple(out)


def static_shape_conflict(inputs: Sequence[Variable]) -> tuple[int, list[int]] | None:
    """(dim, sizes) of the first dim where constants' known sizes conflict, or None."""
    ndim = max(v.ndim for v in inputs)
    for d in range(ndim):
        sizes = set()
        for v in inputs:
            k = d - (ndim - v.ndim)
            if k >= 0 and isinstance(v, Constant) and v.data.shape[k] != 1:
                sizes.add(v.data.shape[k])
        if len(sizes) > 1:
            return d, sorted(sizes)
    return None


def describe(v: Variable) -> str:
    shape = (
        v.data.shape
        if isinstance(v, Constant)
        else tuple("1" if b else "?" for b in v.broadcastable)
    )
    return f"{v!r} ({v.dtype}, shape {tuple(shape)})"


__all__ = [
    "TensorType", "Variable", "Constant", "Apply", "Op", "ancestors", "graph_inputs",
    "user_location", "ShapeError", "DTypeError", "describe",
]  # fmt: skip
