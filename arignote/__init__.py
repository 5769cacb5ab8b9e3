"""arignote: Theano's idea rebuilt as an MLIR-style multi-level compiler on xDSL.

    import arignote as theano
    import arignote.tensor as tt

    x = tt.vector("x"); s = tt.scalar("s")
    f = theano.function([x, s], x + s * x)

`function`, `shared` and `config` behave as Theano's; `arignote.tensor` is
`theano.tensor`.  Programs compile through the tt dialect, linalg, buffers and loops to
native CPU code (device=cpu) or PTX (device=cuda, or device=emu for the PTX emulator).
"""

from arignote import compile, gof, printing, scan_module, tensor, test_value  # noqa: A004, F401
from arignote.compile import FunctionMaker, Mode, Param
from arignote.config import config
from arignote.compile.function_module import Function, In, Out, function
from arignote.gof import Apply, Constant, Op, Type, Variable
from arignote.gradient import grad
from arignote.graph_rewrite import clone
from arignote.scan_module import foldl, foldr, map, reduce, scan  # noqa: A004
from arignote.tensor import dot  # theano.dot (Theano's __init__ defines it)
from arignote.printing import pp, pprint
from arignote.compile.sharedvalue import SharedVariable, shared

import arignote.tensor.shared_randomstreams  # noqa: E402, F401, I001 - as Theano's __init__ does
from arignote import gradient as _gradient  # noqa: E402

# theano.tensor offers the gradient functions too (its __init__ imports them from
# theano.gradient); bound from here, so the tensor layer imports nothing above it
for _name in ("grad", "verify_grad", "numeric_grad", "consider_constant", "zero_grad",
              "disconnected_grad", "Rop", "Lop", "jacobian", "hessian"):  # fmt: skip
    if hasattr(_gradient, _name):
        setattr(tensor, _name, getattr(_gradient, _name))

__version__ = "0.1.0"

#: Theano features arignote does not have (yet): a clear error instead of AttributeError
_NOT_HERE = {
    "OpFromGraph": "theano.OpFromGraph",
    "sparse": "theano.sparse",
}


def __getattr__(name: str) -> object:
    if name in _NOT_HERE:
        raise AttributeError(f"arignote does not implement {_NOT_HERE[name]}")
    raise AttributeError(f"module 'arignote' has no attribute {name!r}")

__all__ = [
    "compile", "gof", "scan_module", "FunctionMaker", "Mode", "Param", "Apply", "Constant",
    "Op", "Type", "Variable", "pp", "pprint",
    "config", "function", "Function", "In", "Out", "clone", "grad", "printing", "shared",
    "SharedVariable", "tensor", "__version__", "scan", "map", "reduce", "foldl", "foldr", "dot",
]  # fmt: skip
