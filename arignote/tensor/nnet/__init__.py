"""`arignote.tensor.nnet`: Theano's neural-network ops, laid out as Theano's package.

`nnet` (softmax / log_softmax, relu, elu, softsign, the cross-entropies), `sigm`
(sigmoid, softplus, hard_sigmoid), `abstract_conv` (conv2d, its gradients and shape
helpers), `conv` (the older conv2d entry point), `bn` (batch_normalization); their
public functions are attributes of this package, as in Theano's `theano/tensor/nnet/__init__.py`.
"""

from arignote.tensor.nnet import abstract_conv, bn, conv, nnet, sigm  # noqa: I001
from arignote.tensor.nnet.abstract_conv import (
    Conv2d,
    Conv2dGradInputs,
    Conv2dGradWeights,
    conv2d,
    conv2d_grad_wrt_inputs,
)
from arignote.tensor.nnet.abstract_conv import conv2d as abstract_conv2d
from arignote.tensor.nnet.bn import batch_normalization
from arignote.tensor.nnet.nnet import *  # noqa: F403
from arignote.tensor.nnet.nnet import __all__ as _nnet_all
from arignote.tensor.nnet.sigm import (
    hard_sigmoid,
    scalar_sigmoid,
    sigmoid,
    softplus,
    ultra_fast_sigmoid,
)

__all__ = [
    *_nnet_all, "abstract_conv", "bn", "conv", "nnet", "sigm", "Conv2d", "Conv2dGradInputs",
    "Conv2dGradWeights", "conv2d", "abstract_conv2d", "conv2d_grad_wrt_inputs",
    "batch_normalization", "hard_sigmoid", "scalar_sigmoid", "sigmoid", "softplus",
    "ultra_fast_sigmoid",
]  # fmt: skip
