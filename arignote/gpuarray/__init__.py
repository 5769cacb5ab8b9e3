"""`theano.gpuarray`: Theano's pygpu GPU back end -- not arignote's.

arignote runs on a GPU through its own `device=cuda` (the same `tensor` ops, compiled to
PTX, with cuBLAS/cuDNN library calls), so Theano's gpuarray types and ops do not exist:
`pygpu_activated` is False and `dnn.dnn_present()` says why, which is how libraries such
as Lasagne learn that the gpuarray-specific layers are unavailable.
"""

from arignote.gpuarray import dnn

#: Theano's gpuarray back end is never active in arignote (its GPU path is device=cuda)
pygpu_activated = False

__all__ = ["dnn", "pygpu_activated"]
