"""Host callbacks: Python functions that compiled code calls on the host.

`tt.host_call "<name>"(...)` (lowered to `host.call`) names its callback; the host
program looks the name up here when it is built (docs/internals.md, "Host callbacks").

A name is either

- *described*, `<kind>:<descriptor>`: `kind` is a key of `KINDS` (a fixed table of
  arignote's callback kinds) and the descriptor (JSON text) determines the behaviour
  completely; the kind's factory rebuilds the callback from it in any process, so a
  program loaded from the disk cache finds it again;
- *process-local*, `local:<label>#<token>.<n>`: a Python callable stored by `register`
  for this process only (programs naming one are never cached on disk).

A callback takes the operands as read-only NumPy arrays and returns one array (one
result) or a sequence of arrays; `make_caller` wraps it with the checks of the results.
"""

from __future__ import annotations

import importlib
import itertools
import json
import secrets
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from arignote.errors import ArignoteError, ShapeError

Callback = Callable[..., Any]

#: kind -> (module, function): `function(descriptor) -> callback`
KINDS: dict[str, tuple[str, str]] = {
    "print": ("arignote.printing", "print_callback"),
    "random": ("arignote.tensor.shared_randomstreams", "random_callback"),
}

LOCAL = "local"

_registered: dict[str, Callback] = {}
_built: dict[str, Callback] = {}
_TOKEN = secrets.token_hex(4)
_counter = itertools.count()


class CallbackError(ArignoteError):
    """A host callback that cannot be found, or that returned unusable results."""


def described_name(kind: str, descriptor: Any) -> str:
    """The name of the callback of `kind` built from `descriptor` (JSON-serialisable)."""
    if kind not in KINDS:
        raise CallbackError(f"unknown host callback kind {kind!r} (kinds: {', '.join(KINDS)})")
    return f"{kind}:{json.dumps(descriptor, separators=(',', ':'), sort_keys=True)}"


def register(fn: Callback, label: str = "callback") -> str:
    """Store `fn` for this process under a new unique name, and return the name."""
    safe = "".join(c if c.isalnum() or c in "._" else "_" for c in label) or "callback"
    name = f"{LOCAL}:{safe}#{_TOKEN}.{next(_counter)}"
    _registered[name] = fn
    return name


def is_process_local(name: str) -> bool:
    return name.startswith(LOCAL + ":")


def lookup(name: str) -> Callback:
    """The callback called `name` (registered in this process, or built from its kind)."""
    if name in _registered:
        return _registered[name]
    if name in _built:
        return _built[name]
    kind, sep, descriptor = name.partition(":")
    if not sep or kind not in KINDS:
        if is_process_local(name):
            raise CallbackError(
                f"host callback {name!r} is not registered in this process (a process-local "
                "callback exists only in the process that created it)"
            )
        raise CallbackError(
            f"unknown host callback {name!r}: expected 'local:...' or '<kind>:<descriptor>' "
            f"with a kind among {', '.join(KINDS)}"
        )
    module, attr = KINDS[kind]
    factory = getattr(importlib.import_module(module), attr)
    try:
        desc = json.loads(descriptor)
    except ValueError as e:
        raise CallbackError(f"host callback {name!r}: bad descriptor ({e})") from None
    try:
        _built[name] = factory(desc)
    except (TypeError, ValueError, LookupError) as e:  # a descriptor of the wrong shape
        raise CallbackError(
            f"host callback {name!r}: bad descriptor for kind {kind!r} ({type(e).__name__}: {e})"
        ) from None
    return _built[name]


ResultSpec = tuple[np.dtype, tuple[int | None, ...]]  # dtype, sizes (None: dynamic)


def make_caller(name: str, results: Sequence[ResultSpec], where: str) -> Callable[..., tuple]:
    """A function of the operand arrays that runs callback `name` and returns its results
    as a tuple of fresh C-contiguous arrays of the declared dtypes and sizes (`where`
    names the op in error messages)."""
    try:
        fn = lookup(name)
    except CallbackError as e:
        raise CallbackError(f"{where}: {e}") from None
    specs = list(results)

    def call(*arrays: np.ndarray) -> tuple:
        views = []
        for a in arrays:
            v = a.view()
            v.flags.writeable = False
            views.append(v)
        out = fn(*views)
        values = [out] if len(specs) == 1 else list(out if out is not None else ())
        if len(values) != len(specs):
            raise CallbackError(
                f"{where}: host callback {name!r} returned {len(values)} value(s), "
                f"expected {len(specs)}"
            )
        return tuple(
            _result(name, where, k, v, s, arrays) for k, (v, s) in enumerate(zip(values, specs))
        )

    return call


def _result(
    name: str, where: str, k: int, value: Any, spec: ResultSpec, arrays: Sequence[np.ndarray]
) -> np.ndarray:
    dtype, sizes = spec
    r = np.asarray(value)
    if r.dtype != dtype:
        r = r.astype(dtype)
    if r.ndim != len(sizes) or any(s is not None and s != n for s, n in zip(sizes, r.shape)):
        want = "x".join("?" if s is None else str(s) for s in sizes) or "a scalar"
        raise ShapeError(
            f"{where}: host callback {name!r} returned result {k} of shape {r.shape}, "
            f"expected {want}"
        )
    if (
        not r.flags.c_contiguous
        or not r.flags.writeable
        or r.base is not None
        and any(np.may_share_memory(r, a) for a in arrays)
    ):
        r = np.array(r, order="C", copy=True)
    elif any(r is a for a in arrays):
        r = r.copy()
    return r


__all__ = [
    "KINDS", "CallbackError", "described_name", "register", "is_process_local", "lookup",
    "make_caller",
]  # fmt: skip
