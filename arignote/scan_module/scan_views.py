"""`theano.map`, `reduce`, `foldl`, `foldr`: scans with fixed arguments
(theano/scan_module/scan_views.py)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from arignote.scan_module.scan import scan


def map(  # noqa: A001 - Theano's name
    fn: Callable[..., Any],
    sequences: Any,
    non_sequences: Any = None,
    truncate_gradient: int = -1,
    go_backwards: bool = False,
    mode: Any = None,
    name: str | None = None,
) -> tuple[Any, OrderedDict]:
    """fn applied to each row of the sequences: every output is a per-step output
    (scan_views.py l.31-71)."""
    return scan(
        fn, sequences=sequences, outputs_info=[], non_sequences=non_sequences,
        truncate_gradient=truncate_gradient, go_backwards=go_backwards, mode=mode, name=name,
    )  # fmt: skip


def reduce(  # noqa: A001 - Theano's name
    fn: Callable[..., Any],
    sequences: Any,
    outputs_info: Any,
    non_sequences: Any = None,
    go_backwards: bool = False,
    mode: Any = None,
    name: str | None = None,
) -> tuple[Any, OrderedDict]:
    """A scan that returns the last step of each output (scan_views.py l.74-119)."""
    rval, updates = scan(
        fn, sequences=sequences, outputs_info=outputs_info, non_sequences=non_sequences,
        go_backwards=go_backwards, truncate_gradient=-1, mode=mode, name=name,
    )  # fmt: skip
    if isinstance(rval, list | tuple):
        return [x[-1] for x in rval], updates
    return rval[-1], updates


def foldl(
    fn: Callable[..., Any],
    sequences: Any,
    outputs_info: Any,
    non_sequences: Any = None,
    mode: Any = None,
    name: str | None = None,
) -> tuple[Any, OrderedDict]:
    """reduce from the first row on (scan_views.py l.123-160)."""
    return reduce(fn, sequences, outputs_info, non_sequences, False, mode, name)


def foldr(
    fn: Callable[..., Any],
    sequences: Any,
    outputs_info: Any,
    non_sequences: Any = None,
    mode: Any = None,
    name: str | None = None,
) -> tuple[Any, OrderedDict]:
    """reduce from the last row back (scan_views.py l.163-200)."""
    return reduce(fn, sequences, outputs_info, non_sequences, True, mode, name)


__all__ = ["map", "reduce", "foldl", "foldr"]
