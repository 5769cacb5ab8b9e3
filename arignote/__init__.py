"""arignote: Theano's idea rebuilt as an MLIR-style multi-level compiler on xDSL.

    import arignote as theano
    import arignote.tensor as tt

    x = tt.vector("x"); s = tt.scalar("s")
    f = theano.function([x, s], x + s * x)

`function`, `shared` and `config` behave as Theano's; `arignote.tensor` is
`theano.tensor`.  Programs compile through the tt dialect, linalg, buffers and loops to
native CPU code (device=cpu) or PTX (device=cuda, or device=emu for the PTX emulator).

The Theano front end (every name in `__all__` but `config` and `__version__`) is imported
on first use of the name (Theano's own `__init__` imported it eagerly): the IR layers
(`arignote.ir`, the dialects, passes and `arignote-opt`) do not pay for it.
"""

import importlib

from arignote.config import config

__version__ = "0.1.0"

#: Theano features arignote does not have (yet): a clear error instead of AttributeError
_NOT_HERE = {
    "OpFromGraph": "theano.OpFromGraph",
    "sparse": "theano.sparse",
}


#: the front end's names here, each with the module it comes from (imported on first use)
_FRONT_END = {
    **{name: f"arignote.{name}" for name in (
        "compile", "gof", "printing", "scan_module", "tensor", "test_value")},
    **dict.fromkeys(("FunctionMaker", "Mode", "Param"), "arignote.compile"),
    **dict.fromkeys(("Function", "In", "Out", "function"), "arignote.compile.function_module"),
    **dict.fromkeys(("SharedVariable", "shared"), "arignote.compile.sharedvalue"),
    **dict.fromkeys(("Apply", "Constant", "Op", "Type", "Variable"), "arignote.gof"),
    "grad": "arignote.gradient",
    "clone": "arignote.graph_rewrite",
    **dict.fromkeys(("pp", "pprint"), "arignote.printing"),
    **dict.fromkeys(("foldl", "foldr", "map", "reduce", "scan"), "arignote.scan_module"),
    "dot": "arignote.tensor",  # theano.dot (Theano's __init__ defines it)
}  # fmt: skip


def __getattr__(name: str) -> object:
    if name in _FRONT_END:
        # as Theano's __init__: `shared(np.random.RandomState(...))` is then a
        # RandomStateSharedVariable (the module registers that shared constructor)
        importlib.import_module("arignote.tensor.shared_randomstreams")
        module = importlib.import_module(_FRONT_END[name])
        value = module if module.__name__ == f"arignote.{name}" else getattr(module, name)
        globals()[name] = value
        return value
    if name in _NOT_HERE:
        raise AttributeError(f"arignote does not implement {_NOT_HERE[name]}")
    raise AttributeError(f"module 'arignote' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "compile", "gof", "scan_module", "FunctionMaker", "Mode", "Param", "Apply", "Constant",
    "Op", "Type", "Variable", "pp", "pprint", "test_value",
    "config", "function", "Function", "In", "Out", "clone", "grad", "printing", "shared",
    "SharedVariable", "tensor", "__version__", "scan", "map", "reduce", "foldl", "foldr", "dot",
]  # fmt: skip
