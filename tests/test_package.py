"""The package's front end is imported on first use of its names (arignote/__init__.py).

Theano's `__init__` imported everything eagerly; arignote's names behave the same once
used, but the IR layers (arignote-opt, `arignote.ir`) do not import the Theano front end.
"""

from __future__ import annotations

import subprocess
import sys

FRONT_END = ("arignote.tensor", "arignote.compile", "arignote.gradient", "arignote.scan_module")


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_arignote_opt_does_not_import_the_front_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "f.mlir"
    src.write_text("func.func @f(%a: i32) -> i32 {\n  func.return %a : i32\n}\n")
    out = _run(
        "import contextlib, io, sys\n"
        "from arignote.tools.opt import main\n"
        f"sys.argv = ['arignote-opt', {str(src)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()) as printed:\n"
        "    try: main()\n"
        "    except SystemExit as e: assert not e.code, e.code\n"
        "assert 'func.return' in printed.getvalue(), printed.getvalue()\n"
        f"print(sorted(m for m in {FRONT_END!r} if m in sys.modules))\n"
    )
    assert out.strip() == "[]"


def test_front_end_names_load_on_first_use() -> None:
    # theano/__init__.py: function, shared, grad, scan, dot, config, tensor, printing ...
    out = _run(
        "import arignote, sys\n"
        "assert 'arignote.compile' not in sys.modules\n"
        "from arignote.compile.function_module import function\n"
        "from arignote.gradient import grad\n"
        "import arignote.tensor as T\n"
        "assert arignote.function is function and arignote.grad is grad\n"
        "assert arignote.dot is T.dot and arignote.tensor is T\n"
        "assert 'shared' in dir(arignote) and arignote.config.floatX\n"
        "print(arignote.scan.__module__, arignote.pp.__module__)\n"
    )
    assert out.split() == ["arignote.scan_module.scan", "arignote.printing"]


def test_shared_of_a_random_state_after_only_import_arignote() -> None:
    # theano/__init__.py imports theano.tensor.shared_randomstreams, whose shared
    # constructor makes theano.shared(RandomState) a RandomStateSharedVariable
    out = _run(
        "import numpy as np, arignote\n"
        "print(type(arignote.shared(np.random.RandomState(3))).__name__)\n"
    )
    assert out.strip() == "RandomStateSharedVariable"


def test_tensor_offers_theano_gradient_functions() -> None:
    # theano/tensor/__init__.py: from theano.gradient import Rop, Lop, grad, numeric_grad,
    # verify_grad, jacobian, hessian, consider_constant -- with only `import theano.tensor`
    out = _run(
        "import arignote.tensor as T\n"
        "import arignote.gradient as G\n"
        "names = ('grad', 'Rop', 'Lop', 'verify_grad', 'jacobian', 'hessian', 'consider_constant')\n"
        "assert all(getattr(T, n) is getattr(G, n) for n in names)\n"
        "print(T.shared_randomstreams.__name__)\n"
    )
    assert out.strip() == "arignote.tensor.shared_randomstreams"


def test_unknown_and_missing_names_are_attribute_errors() -> None:
    import pytest

    import arignote
    import arignote.tensor as T

    with pytest.raises(AttributeError, match=r"does not implement theano\.sparse"):
        arignote.sparse  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        arignote.no_such_name  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        T.no_such_name  # noqa: B018
