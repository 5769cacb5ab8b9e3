"""`theano.tensor.nnet.conv`: Theano's older conv2d entry point (always a true
convolution; `image_shape` is the input-shape hint).  Same op as `nnet.conv2d`."""

from arignote.tensor.nnet import conv2d

__all__ = ["conv2d"]
