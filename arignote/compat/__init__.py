"""Compatibility layers that let code written for other frameworks run on arignote.

`arignote.compat.theano`: `import theano` (and its submodules) resolve to arignote.
"""
