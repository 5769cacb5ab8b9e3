"""`arignote.sandbox.rng_mrg`: Theano's MRG_RandomStreams.

The same counter-based streams as `arignote.tensor.shared_randomstreams.RandomStreams`
(Philox4x32-10, identical on every device), under Theano's MRG name and defaults
(seed 12345).  The numbers differ from Theano's MRG31k3p generator; the distributions
and the API (uniform, normal, binomial; `nstreams` accepted and ignored) are the same.
"""

from __future__ import annotations

from arignote.tensor.shared_randomstreams import RandomStreams


class MRG_RandomStreams(RandomStreams):  # noqa: N801 - Theano's name
    def __init__(self, seed: int = 12345):
        super().__init__(seed)


__all__ = ["MRG_RandomStreams"]
