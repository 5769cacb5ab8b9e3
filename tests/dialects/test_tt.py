"""The tt dialect: NumPy reference semantics and verifier behaviour from Python."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.dialects.builtin import DYNAMIC_INDEX, TensorType, i32
from xdsl.utils.exceptions import VerifyException

from arignote.dialects import tt
from arignote.ir import parse_module, print_module
from arignote.reference import evaluate, find_function


def _run(src: str, *args: np.ndarray) -> list[np.ndarray]:
    m = parse_module(src)
    return evaluate(find_function(m), list(args))


def test_int_div_and_mod_follow_numpy_including_zero_and_min() -> None:
    a = np.array([7, -7, 7, -7, 5, -(2**31), 0], np.int32)
    b = np.array([2, 2, -2, -2, 0, -1, 3], np.int32)
    q, r = _run(
        """func.func @f(%a: tensor<7xi32>, %b: tensor<7xi32>) -> (tensor<7xi32>, tensor<7xi32>) {
          %q = tt.int_div %a, %b : tensor<7xi32>
          %r = tt.mod %a, %b : tensor<7xi32>
          func.return %q, %r : tensor<7xi32>, tensor<7xi32>
        }""",
        a,
        b,
    )
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(q, np.floor_divide(a, b))
        np.testing.assert_array_equal(r, np.mod(a, b))
    assert q[4] == 0 and r[4] == 0  # x // 0 and x % 0 are 0, never a trap


def test_broadcast_reference_expands_size_one_and_new_dims(rng: np.random.Generator) -> None:
    r = rng.standard_normal((1, 3)).astype(np.float32)
    (out,) = _run(
        """func.func @f(%r: tensor<1x3xf32>, %n: index) -> tensor<?x2x3xf32> {
          %b = tt.broadcast %r dims [0, 2] sizes(%n) : tensor<1x3xf32> -> tensor<?x2x3xf32>
          func.return %b : tensor<?x2x3xf32>
        }""",
        r,
        4,  # type: ignore[arg-type]
    )
    np.testing.assert_array_equal(out, np.broadcast_to(r[:, None, :], (4, 2, 3)))


def test_constant_round_trips_through_numpy() -> None:
    for arr in (np.arange(6, dtype=np.int16).reshape(2, 3), np.array(True), np.full(4, 0.25, np.float64)):
        op = tt.ConstantOp.from_numpy(arr)
        op.verify()
        np.testing.assert_array_equal(op.to_numpy(), arr)
        assert op.to_numpy().dtype == arr.dtype


def test_every_elementwise_op_has_a_reference_of_the_result_dtype() -> None:
    x = np.array([0.5, -1.5, 2.0], np.float32)
    k = np.array([3, -4, 5], np.int32)
    for cls in tt.ELEMENTWISE_OPS:
        if cls in (tt.WhereOp, tt.CastOp):
            continue
        arg = k if cls.KIND in ("int", "integer") else x
        c = tt.ConstantOp.from_numpy(arg)
        op = cls(c) if issubclass(cls, tt.UnaryOp) else cls(c, c)  # type: ignore[call-arg]
        op.verify()
        out = op.reference(*([arg] * len(op.operands)))
        want = tt.numpy_dtype(op.results[0].type.element_type)  # type: ignore[union-attr]
        assert out.shape == (3,) and out.dtype == want, cls.name


def test_verifier_rejects_mixed_types_with_names_and_shapes() -> None:
    a = tt.ConstantOp.from_numpy(np.zeros(3, np.float32))
    b = tt.ConstantOp.from_numpy(np.zeros(4, np.float32))
    op = tt.AddOp(a, b)
    with pytest.raises(VerifyException, match=r"tt.add: operands must have the same type, got lhs tensor<3xf32> and rhs tensor<4xf32>"):
        op.verify_()


def test_broadcast_helpers() -> None:
    src = tt.ConstantOp.from_numpy(np.zeros((1, 3), np.int32))
    op = tt.BroadcastOp(src, [0, 2], TensorType(i32, [DYNAMIC_INDEX, 5, 3]), [])
    assert op.expanded_result_dims() == [0, 1]
    assert op.size_operand_dims() == [0]
    with pytest.raises(VerifyException, match="expected 1 size operand"):
        op.verify_()


def test_generic_form_round_trip_is_identical() -> None:
    src = """func.func @f(%x: tensor<?xf32>, %n: index) -> tensor<?x2xi1> {
      %c = tt.constant dense<1.5> : tensor<f32>
      %b = tt.broadcast %c dims [] sizes(%n) : tensor<f32> -> tensor<?xf32>
      %y = tt.pow %x, %b : tensor<?xf32>
      %z = tt.broadcast %y dims [0] : tensor<?xf32> -> tensor<?x2xf32>
      %w = tt.ge %z, %z : tensor<?x2xf32>
      func.return %w : tensor<?x2xi1>
    }"""
    m = parse_module(src)
    custom = print_module(m)
    again = print_module(parse_module(print_module(m, generic=True)))
    assert custom == again
