"""`theano.gpuarray.dnn`: Theano's own cuDNN ops for the gpuarray back end -- absent.

Convolutions reach cuDNN through arignote's `device=cuda` (`gpu_libraries`), from the
ordinary `tensor.nnet.conv2d`; these probes answer False with the reason in `.msg`."""

from __future__ import annotations

_WHY = (
    "arignote has no Theano gpuarray back end: tensor.nnet.conv2d uses cuDNN itself on device=cuda"
)


def dnn_present() -> bool:
    return False


def dnn_available(context_name: object = None) -> bool:
    return False


dnn_present.msg = _WHY  # type: ignore[attr-defined]
dnn_available.msg = _WHY  # type: ignore[attr-defined]

__all__ = ["dnn_present", "dnn_available"]
