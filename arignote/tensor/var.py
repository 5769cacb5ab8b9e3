"""`theano.tensor.var`: tensor variables -- the graph's variables with Theano's operators.

`_tensor_py_operators` gives a tensor variable its Python operators (`x + y`, `x[i]`,
`x.T`, `x.sum()`, ...), each building the `arignote.tensor` function of the same name;
`TensorVariable`, `TensorConstant` are the graph layer's `Variable` and `Constant` with
them.  `TensorType` makes these (`TensorType.Variable`, `.Constant`), as Theano's
`tensor/var.py` binds them.  Truthiness is Theano's: every variable is true except the
result of a comparison operator (so `a < b < c` fails instead of meaning something else).
"""

from __future__ import annotations

from typing import Any

from arignote.graph import Constant, TensorType, Variable, describe


class _tensor_py_operators:  # noqa: N801 - Theano's name
    """The operators and methods of tensor variables."""

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

    # a comparison's result has no truth value (so `a < b < c` fails instead of silently
    # meaning `(a < b) and (b < c)`); every other variable is truthy (Theano's var.py)
    def _comparison(self, name: str, o: Any) -> Variable:
        out = self._elemwise(name, o)
        out._is_nonzero = False
        return out

    def __lt__(self, o: Any) -> Variable:  # type: ignore[override]
        return self._comparison("lt", o)

    def __le__(self, o: Any) -> Variable:  # type: ignore[override]
        return self._comparison("le", o)

    def __gt__(self, o: Any) -> Variable:  # type: ignore[override]
        return self._comparison("gt", o)

    def __ge__(self, o: Any) -> Variable:  # type: ignore[override]
        return self._comparison("ge", o)

    #: NumPy defers to a variable in `ndarray + variable` (the result is a variable)
    __array_priority__ = 1000
    __array_ufunc__ = None

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

        if isinstance(key, list) and any(isinstance(k, slice) for k in key):
            key = tuple(key)  # Theano reads a list holding a slice as a tuple of indices
        return getitem(self, key)

    def __len__(self) -> int:
        """The length of a vector whose length is known when the graph is built (`x.shape`,
        a constant, a stack of scalars); otherwise a TypeError."""
        from arignote.tensor.subtensor import get_vector_length

        return get_vector_length(self)

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

    _is_nonzero = True

    def __bool__(self) -> bool:
        if self._is_nonzero:
            return True
        raise TypeError(
            "the result of a comparison has no truth value (`a < b < c` and `if x < y:` "
            "need values); use arignote.tensor.switch / and_ / lt ... to compute with it"
        )

    def __iter__(self):  # type: ignore[no-untyped-def]
        """The elements of a vector of known length (`a, b = x.shape`)."""
        from arignote.tensor.subtensor import get_vector_length

        try:
            n = get_vector_length(self)
        except TypeError:
            raise TypeError(
                f"{describe(self)} cannot be iterated: its length is not known when the graph "
                "is built (maybe builtin sum/max was used instead of tensor.sum/max?)"
            ) from None
        for i in range(n):
            yield self[i]


class TensorVariable(_tensor_py_operators, Variable):
    """A symbolic tensor."""


class TensorConstant(_tensor_py_operators, Constant):
    """A tensor with a fixed value, embedded in compiled code."""


TensorType.Variable = TensorVariable
TensorType.Constant = TensorConstant

__all__ = ["_tensor_py_operators", "TensorVariable", "TensorConstant"]
