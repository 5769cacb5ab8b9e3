"""`theano.scan_module.scan_utils`: graph helpers Theano kept beside scan."""

from arignote.gof.graph import equal_computations
from arignote.scan_module.scan import until

__all__ = ["equal_computations", "until"]
