"""`arignote.tensor`: Theano's tensor language (import it as `tt` or `T`).

Types and constructors, constants, elementwise math (`basic`), reductions (`reduction`),
shape manipulation (`shape`), indexing (`subtensor`), products (`blas`), sorting
(`sort`), NumPy-style array functions (`arrays`), and the `nnet`, `signal.pool`,
`shared_randomstreams` and `extra_ops` submodules, as in Theano 1.0 (`grad`, `Rop`,
`Lop`, `verify_grad`, ... are `arignote.gradient`'s, as Theano's tensor/__init__ imported
them from theano.gradient; gradient builds on this package, so they are looked up on
first use).  Every function builds symbolic graph nodes, checking ranks and dtypes (and
sizes, where they are known) when the node is built, and names the op and the user's
file:line on error.
"""

# tensor/var.py first: the module attribute `var` is then rebound to the function `var`
# by the star imports below, as in Theano
from arignote.tensor.var import TensorConstant, TensorVariable, _tensor_py_operators  # noqa: F401, I001
from arignote.tensor.basic import *  # noqa: F403
from arignote.tensor.basic import __all__ as _basic_all
from arignote.tensor.blas import *  # noqa: F403
from arignote.tensor.blas import __all__ as _blas_all
from arignote.tensor.reduction import *  # noqa: F403
from arignote.tensor.reduction import __all__ as _reduction_all
from arignote.tensor.shape import *  # noqa: F403
from arignote.tensor.shape import __all__ as _shape_all
from arignote.tensor.subtensor import *  # noqa: F403
from arignote.tensor.subtensor import __all__ as _subtensor_all

from arignote.tensor import nnet, signal  # noqa: E402, I001
from arignote.graph import Apply, Constant, Op, TensorType, Variable  # noqa: E402
from arignote.tensor import extra_ops, opt  # noqa: E402
from arignote.tensor.extra_ops import (  # noqa: E402
    DiffOp, bartlett, bincount, cumprod, cumsum, fill_diagonal, fill_diagonal_offset,
    ravel_multi_index, repeat, unravel_index,
)  # fmt: skip
from arignote.tensor.sort import argsort, argtopk, sort, topk, topk_and_argtopk  # noqa: E402
from arignote.tensor.arrays import *  # noqa: E402, F403
from arignote.tensor.arrays import __all__ as _arrays_all  # noqa: E402
from arignote import test_value  # noqa: E402, F401 - new nodes compute test values (config.compute_test_value)

__all__ = [
    *_basic_all, *_blas_all, *_reduction_all, *_shape_all, *_subtensor_all,
    "nnet", "signal", "TensorConstant", "TensorVariable", "Apply", "Constant", "Op",
    "TensorType", "Variable", "extra_ops", "opt", "repeat", "cumsum",
    "cumprod", "sort", "argsort", "topk", "argtopk", "topk_and_argtopk", "DiffOp", "bartlett",
    "bincount", "fill_diagonal", "fill_diagonal_offset", "ravel_multi_index", "unravel_index",
    *_arrays_all,
]  # fmt: skip

#: theano.tensor's names that are theano.gradient's (see the docstring)
_GRADIENT_NAMES = ("grad", "verify_grad", "numeric_grad", "consider_constant", "zero_grad",
                   "disconnected_grad", "Rop", "Lop", "jacobian", "hessian")  # fmt: skip


def __getattr__(name: str) -> object:
    if name in _GRADIENT_NAMES:
        from arignote import gradient

        value = getattr(gradient, name)
    elif name == "shared_randomstreams":  # theano.tensor.shared_randomstreams without an import
        import importlib

        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
