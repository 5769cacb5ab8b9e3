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
from typing import TYPE_CHECKING, Any

import numpy as np

from arignote.errors import DTypeError, ShapeError

if TYPE_CHECKING:
    from arignote.frontend_ir import Emitter

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))

FLOAT_DTYPES = ("float16", "float32", "float64")
INT_DTYPES = ("int8", "int16", "int32", "int64")
ALL_DTYPES = (*FLOAT_DTYPES, *INT_DTYPES, "bool")


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "dtype", _norm_dtype(self.dtype))
        object.__setattr__(self, "broadcastable", tuple(bool(b) for b in self.broadcastable))

    @property
    def ndim(self) -> int:
        return len(self.broadcastable)

    def __call__(self, name: str | None = None) -> Variable:
        return Variable(self, name=name)

    def __str__(self) -> str:
        kinds = {0: "scalar", 1: "vector", 2: "matrix", 3: "tensor3", 4: "tensor4"}
        pattern = "".join("1" if b else "?" for b in self.broadcastable)
        return (
            f"TensorType({self.dtype}, {kinds.get(self.ndim, f'{self.ndim}d')} {pattern or '()'})"
        )

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

    # ------------------------------------------------------------------ operators
    def _elemwise(self, name: str, *others: Any) -> Variable:
        from arignote import tensor as T

        return getattr(T, name)(self, *others)

    def __add__(self, o: Any) -> Variable:
        return self._elemwise("add", o)

    def __radd__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.add(o, self)

    def __sub__(self, o: Any) -> Variable:
        return self._elemwise("sub", o)

    def __rsub__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.sub(o, self)

    def __mul__(self, o: Any) -> Variable:
        return self._elemwise("mul", o)

    def __rmul__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.mul(o, self)

    def __truediv__(self, o: Any) -> Variable:
        return self._elemwise("true_div", o)

    def __rtruediv__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.true_div(o, self)

    def __floordiv__(self, o: Any) -> Variable:
        return self._elemwise("int_div", o)

    def __rfloordiv__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.int_div(o, self)

    def __mod__(self, o: Any) -> Variable:
        return self._elemwise("mod", o)

    def __rmod__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.mod(o, self)

    def __pow__(self, o: Any) -> Variable:
        return self._elemwise("pow", o)

    def __rpow__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.pow(o, self)

    def __neg__(self) -> Variable:
        return self._elemwise("neg")

    def __abs__(self) -> Variable:
        return self._elemwise("abs_")

    def __lt__(self, o: Any) -> Variable:  # type: ignore[override]
        return self._elemwise("lt", o)

    def __le__(self, o: Any) -> Variable:  # type: ignore[override]
        return self._elemwise("le", o)

    def __gt__(self, o: Any) -> Variable:  # type: ignore[override]
        return self._elemwise("gt", o)

    def __ge__(self, o: Any) -> Variable:  # type: ignore[override]
        return self._elemwise("ge", o)

    def __and__(self, o: Any) -> Variable:
        return self._elemwise("and_", o)

    def __rand__(self, o: Any) -> Variable:
        return self._elemwise("and_", o)

    def __or__(self, o: Any) -> Variable:
        return self._elemwise("or_", o)

    def __ror__(self, o: Any) -> Variable:
        return self._elemwise("or_", o)

    def __invert__(self) -> Variable:
        return self._elemwise("invert")

    def astype(self, dtype: Any) -> Variable:
        from arignote import tensor as T

        return T.cast(self, dtype)

    def __xor__(self, o: Any) -> Variable:
        return self._elemwise("xor", o)

    def __rxor__(self, o: Any) -> Variable:
        return self._elemwise("xor", o)

    def __matmul__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.dot(self, o)

    def __rmatmul__(self, o: Any) -> Variable:
        from arignote import tensor as T

        return T.dot(o, self)

    # ------------------------------------------------------------------ Theano's methods
    @property
    def tag(self) -> Any:
        """Free-form annotations (Theano's `var.tag`, e.g. `tag.test_value`)."""
        if self._tag is None:
            import types

            self._tag = types.SimpleNamespace()
        return self._tag

    @property
    def shape(self) -> Variable:
        from arignote import tensor as T

        return T.shape(self)

    @property
    def size(self) -> Variable:
        from arignote import tensor as T

        return T.prod(T.shape(self))

    @property
    def T(self) -> Variable:  # noqa: N802 - Theano's name
        from arignote import tensor as T

        return T.transpose(self)

    def __getitem__(self, key: Any) -> Variable:
        from arignote.tensor.subtensor import getitem

        return getitem(self, key)

    def __len__(self) -> int:
        raise TypeError("len() of a symbolic variable is not known; use x.shape[0]")

    def _t(self, name: str, *args: Any, **kwargs: Any) -> Variable:
        from arignote import tensor as T

        return getattr(T, name)(self, *args, **kwargs)

    def reshape(self, shape: Any, *more: Any, ndim: int | None = None) -> Variable:
        if more:
            shape = (shape, *more)
        return self._t("reshape", shape, ndim=ndim)

    def flatten(self, ndim: int = 1) -> Variable:
        return self._t("flatten", ndim)

    def dimshuffle(self, *pattern: Any) -> Variable:
        return self._t("dimshuffle", *pattern)

    def transpose(self, *axes: Any) -> Variable:
        if len(axes) == 1 and isinstance(axes[0], list | tuple):
            axes = tuple(axes[0])
        return self._t("transpose", axes or None)

    def sum(
        self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None
    ) -> Variable:  # noqa: E501
        return self._t("sum", axis, dtype, keepdims)

    def prod(
        self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None
    ) -> Variable:  # noqa: E501
        return self._t("prod", axis, dtype, keepdims)

    def mean(
        self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None
    ) -> Variable:  # noqa: E501
        return self._t("mean", axis, dtype, keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> Variable:
        return self._t("max", axis, keepdims)

    def min(self, axis: Any = None, keepdims: bool = False) -> Variable:
        return self._t("min", axis, keepdims)

    def argmax(self, axis: Any = None, keepdims: bool = False) -> Variable:
        return self._t("argmax", axis, keepdims)

    def argmin(self, axis: Any = None, keepdims: bool = False) -> Variable:
        return self._t("argmin", axis, keepdims)

    def all(self, axis: Any = None, keepdims: bool = False) -> Variable:
        return self._t("all", axis, keepdims)

    def any(self, axis: Any = None, keepdims: bool = False) -> Variable:
        return self._t("any", axis, keepdims)

    def var(self, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Variable:
        return self._t("var", axis, ddof, keepdims)

    def std(self, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Variable:
        return self._t("std", axis, ddof, keepdims)

    def norm(self, L: int = 2, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: N803
        return self._t("norm", L, axis, keepdims)

    def dot(self, o: Any) -> Variable:
        return self._t("dot", o)

    def clip(self, a_min: Any, a_max: Any) -> Variable:
        return self._t("clip", a_min, a_max)

    def round(self, mode: str | None = None) -> Variable:
        return self._t("round", mode)

    def squeeze(self) -> Variable:
        return self._t("squeeze")

    def repeat(self, repeats: Any, axis: int | None = None) -> Variable:
        return self._t("repeat", repeats, axis)

    def sort(self, axis: Any = -1, kind: str = "quicksort", order: Any = None) -> Variable:
        return self._t("sort", axis, kind, order)

    def argsort(self, axis: Any = -1, kind: str = "quicksort", order: Any = None) -> Variable:
        return self._t("argsort", axis, kind, order)

    def cumsum(self, axis: int | None = None) -> Variable:
        return self._t("cumsum", axis)

    def cumprod(self, axis: int | None = None) -> Variable:
        return self._t("cumprod", axis)

    def searchsorted(self, v: Any, side: str = "left", sorter: Any = None) -> Variable:
        from arignote.tensor.extra_ops import searchsorted

        return searchsorted(self, v, side, sorter)

    def ravel(self) -> Variable:
        return self._t("flatten", 1)

    def diagonal(self, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Variable:
        return self._t("diagonal", offset, axis1, axis2)

    def trace(self) -> Variable:
        """The sum of the main diagonal (Theano's nlinalg.trace)."""
        from arignote import tensor as T

        return T.sum(T.diagonal(self))

    def nonzero(self, return_matrix: bool = False) -> Any:
        return self._t("nonzero", return_matrix)

    def nonzero_values(self) -> Variable:
        return self._t("nonzero_values")

    def ptp(self, axis: Any = None) -> Variable:
        return self._t("ptp", axis)

    def swapaxes(self, axis1: int, axis2: int) -> Variable:
        return self._t("swapaxes", axis1, axis2)

    def copy(self, name: str | None = None) -> Variable:
        from arignote import tensor as T

        out = T.tensor_copy(self)
        return out

    def zeros_like(self, dtype: Any = None) -> Variable:
        return self._t("zeros_like", dtype)

    def ones_like(self, dtype: Any = None) -> Variable:
        return self._t("ones_like", dtype)

    # pickling: graphs pickle (Theano programs pickle models holding symbolic variables);
    # an unpickled variable gets a fresh id, so that it never collides with another
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_eval_cache", None)  # compiled code does not pickle
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.id = next(_ids)

    def eval(self, inputs_to_values: dict[Variable, Any] | None = None) -> Any:  # noqa: A003
        """The value of this variable for the given input values (compiled once per set
        of inputs and cached on the variable, as Theano's `Variable.eval`)."""
        from arignote.function import function

        given = dict(inputs_to_values or {})
        keys = list(given)
        cache = self.__dict__.setdefault("_eval_cache", {})
        key = tuple(v.id for v in keys)
        if key not in cache:
            cache[key] = function(keys, self, on_unused_input="ignore", name="eval")
        return cache[key](*[given[k] for k in keys])

    def __bool__(self) -> bool:
        raise TypeError(
            "a symbolic variable has no truth value; use arignote.tensor.switch / eq / lt ..."
        )

    def __iter__(self):  # type: ignore[no-untyped-def]
        raise TypeError("a symbolic variable cannot be iterated")


class Constant(Variable):
    """A variable with a fixed value, embedded in compiled code."""

    def __init__(self, type: TensorType, data: np.ndarray, name: str | None = None):
        super().__init__(type, name=name)
        self.data = data

    def __repr__(self) -> str:
        return self.name or f"Constant{{{self.data.tolist() if self.data.size < 8 else '...'}}}"


@dataclass(eq=False)
class Apply:
    """One application of an op to input variables, with its outputs and source line."""

    op: Op
    inputs: list[Variable]
    outputs: list[Variable] = field(default_factory=list)
    location: tuple[str, int] = ("<unknown>", 0)


class Op:
    """Base of front-end ops: `make_node` builds an Apply, `emit` writes its tt IR."""

    def make_node(self, *inputs: Variable) -> Apply:
        raise NotImplementedError

    def __call__(self, *inputs: Variable) -> Variable:
        node = self.make_node(*inputs)
        node.location = user_location()
        return node.outputs[0]

    def emit(self, em: Emitter, node: Apply, inputs: Sequence[Any]) -> list[Any]:
        raise NotImplementedError

    def __str__(self) -> str:
        return type(self).__name__


def ancestors(outputs: Sequence[Variable]) -> list[Apply]:
    """The Apply nodes computing `outputs`, in a topological order (inputs first)."""
    order: list[Apply] = []
    seen: set[int] = set()
    stack: list[tuple[Variable, bool]] = [(v, False) for v in reversed(outputs)]
    while stack:
        v, done = stack.pop()
        node = v.owner
        if node is None:
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
            if inp.owner is not None and id(inp.owner) not in seen:
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
