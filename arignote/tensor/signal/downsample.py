"""`theano.tensor.signal.downsample`: the pooling module of Theano before 0.9.

`max_pool_2d(input, ds, ignore_border=None, st=None, padding=(0, 0), mode="max")` is
`pool.pool_2d` with the old argument names (`ds` window, `st` stride)."""

from __future__ import annotations

from typing import Any

from arignote.graph import Variable
from arignote.tensor.signal.pool import pool_2d


def max_pool_2d(
    input: Any,  # noqa: A002 - Theano's name
    ds: Any,
    ignore_border: bool | None = None,
    st: Any = None,
    padding: Any = (0, 0),
    mode: str = "max",
) -> Variable:
    return pool_2d(input, ws=ds, ignore_border=ignore_border, stride=st, pad=padding, mode=mode)


__all__ = ["max_pool_2d", "pool_2d"]
