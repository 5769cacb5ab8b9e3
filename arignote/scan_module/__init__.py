"""`theano.scan_module`: Theano's scan (`scan`, `until`) and its views (`map`, `reduce`,
`foldl`, `foldr`), compiled as `tt.scan` loops; `scan_utils.equal_computations`."""

from arignote.scan_module import scan_utils
from arignote.scan_module.scan import ScanError, scan, until
from arignote.scan_module.scan_views import foldl, foldr, map, reduce

__all__ = ["scan_utils", "scan", "until", "ScanError", "map", "reduce", "foldl", "foldr"]
