"""`theano.tensor.nnet.conv`: Theano's older conv2d entry point.

`conv2d(input, filters, filter_shape=None, image_shape=None, border_mode="valid",
subsample=(1, 1))` -- the old argument order (the shapes are hints) -- is always a true
convolution, the same op as `nnet.conv2d`."""

from __future__ import annotations

from typing import Any

from arignote.graph import Variable
from arignote.tensor.nnet import abstract_conv as nnet


def conv2d(
    input: Any,  # noqa: A002 - Theano's name
    filters: Any,
    filter_shape: Any = None,
    image_shape: Any = None,
    border_mode: Any = "valid",
    subsample: Any = (1, 1),
    **kwargs: Any,
) -> Variable:
    return nnet.conv2d(
        input, filters, input_shape=image_shape, filter_shape=filter_shape,
        border_mode=border_mode, subsample=subsample, **kwargs,
    )  # fmt: skip


__all__ = ["conv2d"]
