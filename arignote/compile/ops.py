"""`theano.compile.ops`: the small ops Theano kept beside compilation, which arignote
defines with the other shape ops (`shape`, `Shape_i`, `specify_shape`, `Rebroadcast`)."""

from arignote.tensor.shape import Rebroadcast, Shape_i, SpecifyShape, shape, specify_shape

__all__ = ["shape", "Shape_i", "specify_shape", "SpecifyShape", "Rebroadcast"]
