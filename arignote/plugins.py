"""Plugins: dialects, passes and pipeline additions from other packages.

A package adds to arignote without editing it by declaring entry points (in its
`pyproject.toml`; pip records them in the installed distribution's metadata):

    [project.entry-points."arignote.dialects"]
    mydialect = "mypkg.dialect:MYDIALECT"          # an xdsl.ir.Dialect; key = namespace

    [project.entry-points."arignote.passes"]
    my-pass = "mypkg.passes:MyPass"                # a ModulePass subclass; key = its flag

    [project.entry-points."arignote.stages"]
    "tt-to-cpu.fused" = "mypkg.passes:extra"       # () -> list of ModulePass instances,
                                                   # run at the end of that stage

Dialects and passes then appear in `arignote-opt` (`--list-passes`, `-p my-pass`,
parsing `mydialect.*` ops) and anywhere arignote builds a context; stage additions run
inside the named pipelines (`tt-to-cpu`, `tt-to-ptx`) and so in compiled functions.
arignote's own dialects and passes win a name clash (a plugin cannot replace them);
xDSL's lose to a plugin's.  A plugin that fails to load raises PluginError naming the
entry point and the package.  The installed plugins are part of the compile cache's key.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from arignote.errors import ArignoteError

if TYPE_CHECKING:
    from importlib import metadata

GROUPS = ("arignote.dialects", "arignote.passes", "arignote.stages")


class PluginError(ArignoteError):
    """A plugin's entry point could not be loaded or is not what its group expects."""


#: a section header of one of arignote's groups in an entry_points.txt
_OUR_SECTION = re.compile(rb"^[ \t]*\[[ \t]*arignote\.", re.MULTILINE)


def _may_have_plugins() -> bool:
    """Whether a distribution on sys.path may declare an entry point of arignote's groups.

    A look at the `entry_points.txt` of each `*.dist-info` / `*.egg-info` directory on
    sys.path (about 1 ms), so that a process without plugins never imports
    importlib.metadata (~40 ms of a first compile, of arignote-opt's start-up).  What the
    look cannot see into (a zip or egg file on sys.path) counts as a maybe."""
    for entry in sys.path:
        path = entry or "."
        if not os.path.isdir(path):
            if os.path.exists(path):
                return True
            continue
        try:
            listing = os.scandir(path)
        except OSError:
            continue
        with listing:
            for item in listing:
                if item.name.endswith(".egg"):
                    return True
                if not item.name.endswith((".dist-info", ".egg-info")):
                    continue
                try:
                    with open(os.path.join(item.path, "entry_points.txt"), "rb") as f:
                        if _OUR_SECTION.search(f.read()):
                            return True
                except OSError:
                    continue
    return False


@functools.cache
def _arignote_entry_points() -> tuple[metadata.EntryPoint, ...]:
    """The entry points of arignote's groups, from one scan of the installed
    distributions per process (a scan per group cost 3 x 28 ms of a first compile);
    none, without importing importlib.metadata, when no distribution declares any."""
    if not _may_have_plugins():
        return ()
    from importlib import metadata

    every = metadata.entry_points()
    return tuple(ep for group in GROUPS for ep in every.select(group=group))


def _entry_points(group: str) -> tuple[metadata.EntryPoint, ...]:
    """The group's entry points (sorted by name)."""
    return tuple(
        sorted((ep for ep in _arignote_entry_points() if ep.group == group), key=lambda e: e.name)
    )


def _origin(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    name = f"{dist.metadata['Name']} {dist.version}" if dist is not None else "unknown package"
    return f"entry point '{ep.name} = {ep.value}' of group {ep.group} ({name})"


def _load(ep: metadata.EntryPoint, check: Callable[[Any], str | None]) -> Any:
    try:
        obj = ep.load()
    except Exception as e:  # noqa: BLE001 - any import failure of a plugin is reported
        raise PluginError(f"plugin {_origin(ep)} failed to load: {type(e).__name__}: {e}") from e
    problem = check(obj)
    if problem is not None:
        raise PluginError(f"plugin {_origin(ep)}: {problem}")
    return obj


def _check_dialect(name: str) -> Callable[[Any], str | None]:
    def check(obj: Any) -> str | None:
        from xdsl.ir import Dialect

        if not isinstance(obj, Dialect):
            return f"expected an xdsl.ir.Dialect, got {type(obj).__name__}"
        if obj.name != name:
            return f"the entry point's name must be the dialect's namespace '{obj.name}'"
        return None

    return check


def _check_pass(name: str) -> Callable[[Any], str | None]:
    def check(obj: Any) -> str | None:
        from xdsl.passes import ModulePass

        if not (isinstance(obj, type) and issubclass(obj, ModulePass)):
            return f"expected a ModulePass subclass, got {obj!r}"
        if obj.name != name:
            return f"the entry point's name must be the pass's flag '{obj.name}'"
        return None

    return check


def plugin_dialects() -> dict[str, Callable[[], Any]]:
    """namespace -> lazy factory of each plugin dialect."""
    return {
        ep.name: functools.partial(_load, ep, _check_dialect(ep.name))
        for ep in _entry_points("arignote.dialects")
    }


def plugin_passes() -> dict[str, Callable[[], Any]]:
    """flag -> lazy factory of each plugin pass class."""
    return {
        ep.name: functools.partial(_load, ep, _check_pass(ep.name))
        for ep in _entry_points("arignote.passes")
    }


def stage_additions(pipeline: str, stage: str) -> list[Any]:
    """The pass instances plugins add at the end of `stage` of `pipeline`."""
    from xdsl.passes import ModulePass

    out: list[Any] = []
    for ep in _entry_points("arignote.stages"):
        if ep.name != f"{pipeline}.{stage}":
            continue
        make = _load(ep, lambda f: None if callable(f) else f"expected a callable, got {f!r}")
        passes = list(make())
        bad = [p for p in passes if not isinstance(p, ModulePass)]
        if bad:
            raise PluginError(f"plugin {_origin(ep)}: returned {bad[0]!r}, not a ModulePass")
        out += passes
    return out


def fingerprint() -> str:
    """The installed plugins (name, value, package version) for the compile cache key."""
    parts = []
    for group in GROUPS:
        for ep in _entry_points(group):
            dist = getattr(ep, "dist", None)
            parts.append(f"{group}:{ep.name}={ep.value}@{dist.version if dist else '?'}")
    return ";".join(parts)


__all__ = [
    "GROUPS",
    "PluginError",
    "fingerprint",
    "plugin_dialects",
    "plugin_passes",
    "stage_additions",
]
