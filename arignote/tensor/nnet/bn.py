"""`theano.tensor.nnet.bn`: batch normalization, as the elementwise formula of Theano's
`batch_normalization` (`(inputs - mean) * (gamma / std) + beta`, both of its modes)."""

from __future__ import annotations

from typing import Any

from arignote.graph import Variable
from arignote.tensor.basic import add, mul, sub, true_div


def batch_normalization(
    inputs: Any, gamma: Any, beta: Any, mean: Any, std: Any, mode: str = "low_mem"
) -> Variable:
    """Normalize `inputs` with the given statistics (all broadcastable to `inputs`)."""
    if mode not in ("low_mem", "high_mem"):
        raise ValueError(f'batch_normalization: mode must be "low_mem" or "high_mem", got {mode!r}')
    return add(mul(sub(inputs, mean), true_div(gamma, std)), beta)


__all__ = ["batch_normalization"]
