"""`arignote.sandbox`: Theano's sandbox modules that programs still import (rng_mrg)."""
