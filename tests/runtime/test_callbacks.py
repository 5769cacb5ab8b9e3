"""The host-callback registry and the checks of a callback's results."""

from __future__ import annotations

import numpy as np
import pytest

from arignote.errors import ShapeError
from arignote.runtime import callbacks
from arignote.runtime.callbacks import CallbackError, described_name, lookup, make_caller, register

F64 = np.dtype(np.float64)


def test_described_names_are_rebuilt_from_their_kind(capsys: pytest.CaptureFixture[str]) -> None:
    name = described_name("print", ["hello", ["shape"]])
    assert name == 'print:["hello",["shape"]]'
    fn = lookup(name)
    assert lookup(name) is fn  # built once per process
    out = fn(np.zeros((2, 3)))
    assert out.shape == (2, 3) and capsys.readouterr().out == "hello shape = (2, 3)\n"


def test_process_local_names_are_unique_and_found_in_this_process_only() -> None:
    a, b = register(lambda x: x, "my fn"), register(lambda x: x, "my fn")
    assert a != b and a.startswith("local:my_fn#") and callbacks.is_process_local(a)
    assert lookup(a)(3) == 3
    with pytest.raises(CallbackError, match="not registered in this process"):
        lookup("local:gone#00000000.7")
    with pytest.raises(CallbackError, match="unknown host callback 'nope:1'"):
        lookup("nope:1")
    with pytest.raises(CallbackError, match="bad descriptor"):
        lookup("print:[unclosed")
    with pytest.raises(CallbackError, match="unknown host callback kind"):
        described_name("nope", 1)


def test_results_are_converted_checked_and_fresh(rng: np.random.Generator) -> None:
    x = rng.standard_normal(4)
    ident = make_caller(register(lambda v: v, "ident"), [(F64, (None,))], "op at f.py:1")
    (r,) = ident(x)
    np.testing.assert_array_equal(r, x)
    assert not np.may_share_memory(r, x) and r.flags.writeable  # a copy of the operand
    to_int = make_caller(
        register(lambda v: (v, v.astype(np.float32)), "two"),
        [(F64, (None,)), (np.dtype(np.int32), (4,))],
        "op at f.py:2",
    )
    a, b = to_int(x)
    assert b.dtype == np.int32 and b.flags.c_contiguous
    np.testing.assert_array_equal(b, x.astype(np.float32).astype(np.int32))
    strided = make_caller(register(lambda v: v[::2], "strided"), [(F64, (None,))], "op")
    (s,) = strided(x)
    assert s.flags.c_contiguous and not np.may_share_memory(s, x)


def test_bad_results_name_the_callback_and_the_op() -> None:
    name = register(lambda v: v, "ident")
    wrong_rank = make_caller(name, [(F64, (None, None))], "tt.host_call at f.py:3")
    with pytest.raises(ShapeError, match=r"tt.host_call at f.py:3: host callback 'local:ident#"):
        wrong_rank(np.zeros(3))
    wrong_size = make_caller(name, [(F64, (2,))], "op")
    with pytest.raises(ShapeError, match=r"result 0 of shape \(3,\), expected 2"):
        wrong_size(np.zeros(3))
    wrong_count = make_caller(register(lambda v: (v,), "one"), [(F64, (3,))] * 2, "op")
    with pytest.raises(CallbackError, match="returned 1 value"):
        wrong_count(np.zeros(3))


def test_operands_are_read_only_for_the_callback() -> None:
    def scribble(v: np.ndarray) -> np.ndarray:
        v[0] = 1.0
        return v

    call = make_caller(register(scribble, "scribble"), [(F64, (None,))], "op")
    x = np.zeros(3)
    with pytest.raises(ValueError, match="read-only"):
        call(x)
    assert x.flags.writeable  # (the caller's array is untouched)


def test_the_reference_evaluator_runs_host_calls(rng: np.random.Generator) -> None:
    from arignote.ir import parse_module
    from arignote.reference import evaluate, find_function

    name = register(lambda v: (v * 2, v.sum(keepdims=True)), "twice")
    text = (
        "func.func @f(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<1xf64>) {\n"
        f'  %a, %b = tt.host_call "{name}"(%x) : (tensor<?xf64>) -> (tensor<?xf64>, tensor<1xf64>)\n'
        "  func.return %a, %b : tensor<?xf64>, tensor<1xf64>\n}\n"
    )
    x = rng.standard_normal(5)
    a, b = evaluate(find_function(parse_module(text, "t.mlir")), [x])
    np.testing.assert_array_equal(a, x * 2)
    np.testing.assert_array_equal(b, [x.sum()])


def test_a_host_program_naming_an_unknown_callback_is_refused() -> None:
    from arignote.compiler import compile_module
    from arignote.ir import parse_module

    text = (
        'func.func @g(%x: tensor<?xf64>) -> tensor<?xf64> {\n'
        '  %a = tt.host_call "local:nobody#0.0"(%x) : (tensor<?xf64>) -> tensor<?xf64>\n'
        "  func.return %a : tensor<?xf64>\n}\n"
    )
    with pytest.raises(CallbackError, match="host.call at t.mlir:2:3: host callback 'local:nob"):
        compile_module(parse_module(text, "t.mlir"), "g", "cpu")
