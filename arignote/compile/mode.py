"""`theano.compile.mode`: compilation modes.

arignote compiles every function through one pipeline per device (`tt-to-cpu`,
`tt-to-ptx`), so a mode names Theano's choice without changing arignote's: `Mode`,
`get_mode`, `get_default_mode` and the predefined modes exist so code that builds,
passes, prints or compares modes runs; `function(..., mode=m)` accepts any of them.
Theano's `including`/`excluding`/`requiring` return a new mode recording the tags.
"""

from __future__ import annotations

from typing import Any

from arignote.config import config


class Mode:
    """A (linker, optimizer) pair, as Theano's `Mode`."""

    def __init__(self, linker: Any = None, optimizer: Any = "default"):
        self.linker = linker if linker is not None else config.linker
        self.optimizer = config.optimizer if optimizer == "default" else optimizer
        self.tags: tuple[tuple[str, str], ...] = ()

    def _with(self, kind: str, tags: tuple[str, ...]) -> Mode:
        m = type(self).__new__(type(self))
        m.__dict__.update(self.__dict__)
        m.tags = self.tags + tuple((kind, t) for t in tags)
        return m

    def including(self, *tags: str) -> Mode:
        return self._with("including", tags)

    def excluding(self, *tags: str) -> Mode:
        return self._with("excluding", tags)

    def requiring(self, *tags: str) -> Mode:
        return self._with("requiring", tags)

    def clone(self, link_kwargs: Any = None, optimizer: str = "", **kwargs: Any) -> Mode:
        m = self._with("", ())
        if optimizer:
            m.optimizer = optimizer
        return m

    def __str__(self) -> str:
        return f"{type(self).__name__}(linker={self.linker}, optimizer={self.optimizer})"

    __repr__ = __str__


class DebugMode(Mode):
    """Theano's self-checking mode; here the same pipeline (whose IR is verified)."""


FAST_RUN = Mode("cvm", "fast_run")
FAST_COMPILE = Mode("vm", "fast_compile")
predefined_modes: dict[str, Mode] = {
    "FAST_RUN": FAST_RUN,
    "FAST_COMPILE": FAST_COMPILE,
    "DebugMode": DebugMode("cvm", "fast_run"),
    "DEBUG_MODE": DebugMode("cvm", "fast_run"),
}
predefined_linkers = {"py": "py", "c": "c", "c|py": "c|py", "vm": "vm", "cvm": "cvm"}
predefined_optimizers = {
    "None": None,
    "o1": "o1",
    "fast_run": "fast_run",
    "fast_compile": "fast_compile",
}


def get_mode(orig_string: Any) -> Mode:
    """The mode named `orig_string` (None: the default), or a Mode given itself."""
    if orig_string is None:
        return get_default_mode()
    if isinstance(orig_string, Mode):
        return orig_string
    if orig_string not in predefined_modes:
        raise ValueError(
            f"unknown mode {orig_string!r} (one of {', '.join(predefined_modes)}, or a Mode)"
        )
    return predefined_modes[orig_string]


def get_default_mode() -> Mode:
    return predefined_modes.get(config.mode, FAST_RUN)


__all__ = [
    "Mode", "DebugMode", "FAST_RUN", "FAST_COMPILE", "predefined_modes", "predefined_linkers",
    "predefined_optimizers", "get_mode", "get_default_mode",
]  # fmt: skip
