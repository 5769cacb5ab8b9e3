"""`theano.tensor.elemwise`: elementwise ops (`Elemwise`) and `DimShuffle`, defined with
the other tensor ops (tensor/basic.py, tensor/shape.py)."""

from arignote.tensor.basic import Elemwise
from arignote.tensor.shape import DimShuffle

__all__ = ["Elemwise", "DimShuffle"]
