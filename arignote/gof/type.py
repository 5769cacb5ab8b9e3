"""`theano.gof.type`: the type of a graph variable (`Type`; every arignote variable is a
tensor, so it is `TensorType`)."""

from arignote.graph import TensorType as Type

__all__ = ["Type"]
