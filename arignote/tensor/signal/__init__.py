"""`arignote.tensor.signal`: pooling (`signal.pool`)."""

from arignote.tensor.signal import pool

__all__ = ["pool"]
