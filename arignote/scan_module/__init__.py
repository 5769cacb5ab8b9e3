"""`theano.scan_module`: the home of Theano's scan.  Loops are not compiled yet
(`theano.scan` raises a clear error); `scan_utils.equal_computations` is here."""

from arignote.scan_module import scan_utils

__all__ = ["scan_utils"]
