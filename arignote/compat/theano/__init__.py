"""`import arignote.compat.theano` makes `import theano` mean arignote.

After it, `import theano`, `import theano.tensor as T`, `from theano.tensor.nnet import
conv2d`, `theano.tensor.signal.pool`, `theano.tensor.shared_randomstreams`,
`theano.sandbox.rng_mrg`, `theano.printing`, `theano.gradient`, `from theano import
config` ... give arignote's modules -- the same module objects (`theano.tensor is
arignote.tensor`), so values built under either name mix freely.  `theano.__version__`
is arignote's version.  The alias wins over a real Theano installation (a finder placed
first on `sys.meta_path`, and any `theano` modules already imported are replaced).

A Theano module arignote has no counterpart for fails to import with an ImportError
that names it (no silent empty module).

Run an unmodified Theano script with

    python -m arignote.compat.theano script.py [args ...]
    python -m arignote.compat.theano -c "import theano; ..."
    python -m arignote.compat.theano -m package.module [args ...]
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType

PREFIX = "theano"

#: theano module -> arignote module where the names differ; otherwise theano.X is
#: arignote.X when arignote has it.  (Only `import theano.A.B` reaches these; for
#: `from theano.A import B` arignote.A must have B, so old names that scripts import
#: that way -- nnet.conv, signal.downsample -- are real modules of arignote.)
ALIASES: dict[str, str] = {
    "theano": "arignote",
}


def target_of(fullname: str) -> str:
    """The arignote module `fullname` (a theano module name) stands for."""
    if fullname in ALIASES:
        return ALIASES[fullname]
    return "arignote" + fullname[len(PREFIX) :]


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        if self.target == "arignote.config":
            # theano.config is the settings object (a submodule import must not replace
            # arignote.config, the object, with the module defining it)
            import arignote

            return arignote.config  # type: ignore[return-value]
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        pass  # the arignote module is already executed


class TheanoAliasFinder(importlib.abc.MetaPathFinder):
    """Finds `theano` and `theano.*` as the corresponding arignote modules."""

    def find_spec(self, fullname: str, path: object = None, target: object = None):  # type: ignore[no-untyped-def]
        if fullname != PREFIX and not fullname.startswith(PREFIX + "."):
            return None
        name = target_of(fullname)
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            found = None
        if found is None:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: arignote has no counterpart of Theano's "
                f"{fullname} (arignote.compat.theano maps theano.* onto arignote.*; "
                f"looked for {name})",
                name=fullname,
            )
        spec = importlib.machinery.ModuleSpec(
            fullname, _AliasLoader(name), is_package=found.submodule_search_locations is not None
        )
        if found.submodule_search_locations is not None:
            spec.submodule_search_locations = list(found.submodule_search_locations)
        return spec


_FINDER = TheanoAliasFinder()
#: the floatX in force before install() chose Theano's float64
_NATIVE_FLOATX: list[str] = []


def install() -> None:
    """Put the alias first on sys.meta_path and drop real theano modules already loaded.

    Theano's defaults apply from here on: floatX is float64 unless ARIGNOTE_FLAGS or
    THEANO_FLAGS chose it (Theano 1.0's configdefaults.py; `import arignote` alone keeps
    float32)."""
    from arignote.config import config

    if not config.floatX_from_flags and _FINDER not in sys.meta_path:
        _NATIVE_FLOATX.append(config.floatX)
        config.floatX = "float64"
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    for name in [n for n in sys.modules if n == PREFIX or n.startswith(PREFIX + ".")]:
        mod = sys.modules[name]
        if not getattr(mod, "__name__", "").startswith("arignote"):
            del sys.modules[name]
    _alias_loaded_modules()


def _alias_loaded_modules() -> None:
    """Enter each arignote module already loaded under its theano name, so a later
    `import theano.compile.function` finds it instead of loading it again -- which would
    rebind `theano.compile.function` (the function, as in Theano) to the module."""
    for name, mod in list(sys.modules.items()):
        skip = name.startswith(("arignote.compat", "arignote.config"))
        if skip or not name.startswith("arignote."):
            continue
        alias = PREFIX + name[len("arignote") :]
        if target_of(alias) == name:
            sys.modules.setdefault(alias, mod)


def uninstall() -> None:
    """Remove the alias (modules imported through it stay in sys.modules until removed)
    and give back the floatX that install() replaced."""
    from arignote.config import config

    if _NATIVE_FLOATX:
        config.floatX = _NATIVE_FLOATX.pop()
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name in [n for n in sys.modules if n == PREFIX or n.startswith(PREFIX + ".")]:
        del sys.modules[name]


install()
