"""`theano.tensor.nnet.nnet`: the same functions as `arignote.tensor.nnet`."""

from arignote.tensor.nnet import *  # noqa: F403
from arignote.tensor.nnet import __all__  # noqa: F401
