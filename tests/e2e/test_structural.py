"""The structural tt ops, compiled for `cpu` (and `emu` where the GPU path supports the
op), against their NumPy references on fresh random inputs.

Tolerances: float32 1e-5 relative (1e-4 where a reduction sums many terms), float64
1e-12, integers exactly.
"""

from __future__ import annotations

import numpy as np
import pytest

from arignote.compiler import compile_module
from arignote.errors import ShapeError
from arignote.ir import parse_module
from arignote.reference import evaluate, find_function


def run(src: str, args: list[object], device: str = "cpu", rtol: float = 1e-5) -> list[np.ndarray]:
    module = parse_module(src, "t.mlir")
    f = find_function(module)
    wants = evaluate(f, list(args))  # type: ignore[arg-type]
    gots = compile_module(module, f.sym_name.data, device).run(*args)
    for got, want in zip(gots, wants):
        got = np.asarray(got)
        assert got.shape == want.shape and got.dtype == want.dtype, (
            got.shape,
            want.shape,
            got.dtype,
            want.dtype,
        )
        if want.dtype.kind == "f":
            tol = rtol if want.dtype == np.float32 else 1e-12
            np.testing.assert_allclose(got, want, rtol=tol, atol=tol, equal_nan=True)
        else:
            np.testing.assert_array_equal(got, want)
    return gots


@pytest.mark.parametrize("device", ["cpu", "emu"])
@pytest.mark.parametrize("kind", ["sum", "prod", "max", "min"])
@pytest.mark.parametrize(
    ("axes", "keep"), [("[0]", False), ("[1]", True), ("[0, 2]", False), ("[0, 1, 2]", True)]
)
def test_reduce_float(
    kind: str, axes: str, keep: bool, device: str, rng: np.random.Generator
) -> None:
    x = rng.uniform(0.5, 1.5, (3, 5, 4))
    ax = [int(a) for a in axes.strip("[]").split(",")]
    shape = list(x.shape)
    out = (
        [1 if (i in ax) else s for i, s in enumerate(shape)]
        if keep
        else [s for i, s in enumerate(shape) if i not in ax]
    )
    rt = "x".join(["?" if s != 1 else "1" for s in out]) + "x" if out else ""
    k = " keepdims" if keep else ""
    src = f"""func.func @r(%x: tensor<?x?x?xf64>) -> tensor<{rt}f64> {{
      %r = tt.reduce {kind} %x axes {axes}{k} : tensor<?x?x?xf64> -> tensor<{rt}f64>
      func.return %r : tensor<{rt}f64>
    }}"""
    run(src, [x], device)


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_argmax_argmin_and_bool_reductions(device: str, rng: np.random.Generator) -> None:
    x = rng.standard_normal((6, 7)).astype(np.float32)
    x[2, 3] = x[2, 5] = 9.0  # a tie: the first wins
    x[4, 1] = np.nan  # NaN counts as the extreme
    b = rng.standard_normal((6, 7)) > 0
    src = """func.func @a(%x: tensor<?x?xf32>, %b: tensor<?x?xi1>) -> (tensor<?xi64>, tensor<?x1xi64>, tensor<?xi1>, tensor<?xi1>) {
      %m = tt.reduce argmax %x axes [1] : tensor<?x?xf32> -> tensor<?xi64>
      %n = tt.reduce argmin %x axes [1] keepdims : tensor<?x?xf32> -> tensor<?x1xi64>
      %al = tt.reduce all %b axes [0] : tensor<?x?xi1> -> tensor<?xi1>
      %an = tt.reduce any %b axes [1] : tensor<?x?xi1> -> tensor<?xi1>
      func.return %m, %n, %al, %an : tensor<?xi64>, tensor<?x1xi64>, tensor<?xi1>, tensor<?xi1>
    }"""
    run(src, [x, b], device)


def test_empty_max_is_an_error() -> None:
    src = """func.func @e(%x: tensor<?x?xf32>) -> tensor<?xf32> {
      %m = tt.reduce max %x axes [1] : tensor<?x?xf32> -> tensor<?xf32>
      func.return %m : tensor<?xf32>
    }"""
    f = compile_module(parse_module(src, "e.mlir"), "e", "cpu")
    with pytest.raises(ShapeError, match="max of an empty extent"):
        f.run(np.zeros((3, 0), np.float32))


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_transpose_reshape_concatenate(device: str, rng: np.random.Generator) -> None:
    x = rng.standard_normal((2, 3, 4))
    y = rng.standard_normal((2, 5, 4))
    src = """func.func @s(%x: tensor<?x?x?xf64>, %y: tensor<?x?x?xf64>, %n: index) -> (tensor<?x?x?xf64>, tensor<?x?xf64>, tensor<?x?x?xf64>) {
      %t = tt.transpose %x perm [2, 0, 1] : tensor<?x?x?xf64> -> tensor<?x?x?xf64>
      %r = tt.reshape %x sizes(%n, %n) : tensor<?x?x?xf64> -> tensor<?x?xf64>
      %c = tt.concatenate %x, %y, %x axis 1 : tensor<?x?x?xf64>, tensor<?x?x?xf64>, tensor<?x?x?xf64> -> tensor<?x?x?xf64>
      func.return %t, %r, %c : tensor<?x?x?xf64>, tensor<?x?xf64>, tensor<?x?x?xf64>
    }"""
    # reshape to (n, n) with n*n == 24 is impossible: use a 4x6 via two different values
    src = src.replace("sizes(%n, %n)", "sizes(%n, %n)").replace("%n: index", "%n: index")
    module = parse_module(
        src.replace("sizes(%n, %n)", "sizes(%n, %m)").replace(
            "%n: index)", "%n: index, %m: index)"
        ),
        "s.mlir",
    )
    f = find_function(module)
    args = [x, y, 4, 6]
    wants = evaluate(f, args)  # type: ignore[arg-type]
    gots = compile_module(module, "s", device).run(*args)
    for g, w in zip(gots, wants):
        np.testing.assert_array_equal(g, w)
    with pytest.raises(ShapeError, match="element counts"):
        compile_module(module, "s", device).run(x, y, 5, 5)


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_reshape_of_a_transpose_of_unit_dims(device: str, rng: np.random.Generator) -> None:
    # convert-tt-to-linalg reshapes the transpose's input (a bias gradient's (1, n) sum
    # transposed to (n, 1) and flattened); a transpose that moves a dim of size 3 stays
    src = """func.func @s(%x: tensor<1x?x3xf32>, %n: index) -> (tensor<?xf32>, tensor<?xf32>) {
      %t = tt.transpose %x perm [1, 0, 2] : tensor<1x?x3xf32> -> tensor<?x1x3xf32>
      %r = tt.reshape %t sizes(%n) : tensor<?x1x3xf32> -> tensor<?xf32>
      %u = tt.transpose %x perm [0, 2, 1] : tensor<1x?x3xf32> -> tensor<1x3x?xf32>
      %q = tt.reshape %u sizes(%n) : tensor<1x3x?xf32> -> tensor<?xf32>
      func.return %r, %q : tensor<?xf32>, tensor<?xf32>
    }"""
    x = rng.standard_normal((1, 5, 3)).astype(np.float32)
    r, q = run(src, [x, 15], device)
    np.testing.assert_array_equal(r, x.reshape(15))
    np.testing.assert_array_equal(q, x.transpose(0, 2, 1).reshape(15))


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_arange(device: str) -> None:
    src = """func.func @a(%s: tensor<i64>, %e: tensor<i64>, %t: tensor<i64>, %fs: tensor<f32>, %fe: tensor<f32>, %ft: tensor<f32>) -> (tensor<?xi64>, tensor<?xf32>) {
      %a = tt.arange %s, %e, %t : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
      %b = tt.arange %fs, %fe, %ft : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
      func.return %a, %b : tensor<?xi64>, tensor<?xf32>
    }"""
    for s, e, t in [(0, 10, 1), (10, -3, -4), (3, 3, 1), (5, 0, 1)]:
        args = [
            np.array(s),
            np.array(e),
            np.array(t),
            np.float32(0.5),
            np.float32(3.3),
            np.float32(0.7),
        ]
        run(src, [np.asarray(a) for a in args], device)


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_slice_and_update_slice(device: str, rng: np.random.Generator) -> None:
    x = rng.standard_normal((7, 9)).astype(np.float32)
    y = rng.standard_normal((3, 4)).astype(np.float32)
    src = """func.func @s(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>, %o: index, %n: index) -> (tensor<?x4xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
      %s = tt.slice %x [%o, 8] [%n, 4] [2, -2] : tensor<?x?xf32> -> tensor<?x4xf32>
      %u = tt.update_slice add %x, %y [%o, 8] [%n, 4] [2, -2] : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
      %v = tt.update_slice set %x, %y [%o, 8] [%n, 4] [2, -2] : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
      func.return %s, %u, %v : tensor<?x4xf32>, tensor<?x?xf32>, tensor<?x?xf32>
    }"""
    run(src, [x, y, 1, 3], device)
    f = compile_module(parse_module(src, "s.mlir"), "s", device)
    with pytest.raises(ShapeError, match="out of bounds"):
        f.run(x, y, 3, 3)  # rows 3, 5, 7: 7 is out of bounds


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_take(device: str, rng: np.random.Generator) -> None:
    x = rng.standard_normal((5, 6))
    rows = np.array([4, 0, -1, 2, 2], np.int64)
    cols = np.array([5, 1, 0, -6, 3], np.int64)
    src = """func.func @t(%x: tensor<?x?xf64>, %r: tensor<?xi64>, %c: tensor<?xi64>) -> (tensor<?x?xf64>, tensor<?xf64>, tensor<?x?xf64>) {
      %a = tt.take %x [%r] axis 0 : tensor<?x?xf64>, tensor<?xi64> -> tensor<?x?xf64>
      %b = tt.take %x [%r, %c] axis 0 : tensor<?x?xf64>, tensor<?xi64> -> tensor<?xf64>
      %d = tt.take %x [%c] axis 1 : tensor<?x?xf64>, tensor<?xi64> -> tensor<?x?xf64>
      func.return %a, %b, %d : tensor<?x?xf64>, tensor<?xf64>, tensor<?x?xf64>
    }"""
    run(src, [x, rows, cols], device)
    f = compile_module(parse_module(src, "t.mlir"), "t", device)
    with pytest.raises(ShapeError, match="out of bounds"):
        f.run(x, np.array([5], np.int64), np.array([0], np.int64))


def test_update_take_accumulates_repeated_indices(rng: np.random.Generator) -> None:
    x = rng.standard_normal((4, 3))
    idx = np.array([1, 3, 1, 1, -1], np.int64)
    y = rng.standard_normal((5, 3))
    src = """func.func @u(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>, %i: tensor<?xi64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
      %a = tt.update_take add %x, %y [%i] axis 0 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xi64> -> tensor<?x?xf64>
      %s = tt.update_take set %x, %y [%i] axis 0 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xi64> -> tensor<?x?xf64>
      func.return %a, %s : tensor<?x?xf64>, tensor<?x?xf64>
    }"""
    run(src, [x, y, idx])


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_softmax(device: str, rng: np.random.Generator) -> None:
    x = (rng.standard_normal((5, 11)) * 30).astype(np.float32)
    src = """func.func @s(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
      %a = tt.softmax %x axis 1 : tensor<?x?xf32>
      %b = tt.log_softmax %x axis 0 : tensor<?x?xf32>
      func.return %a, %b : tensor<?x?xf32>, tensor<?x?xf32>
    }"""
    run(src, [x], device, rtol=1e-5)


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_random_is_the_same_stream_everywhere(device: str) -> None:
    state = np.array([12345, -7, 3, 0], np.int32)
    src = """func.func @r(%s: tensor<4xi32>, %n: index) -> (tensor<?x3xf32>, tensor<?xf64>, tensor<?x2xf32>) {
      %u = tt.random uniform %s sizes(%n) : tensor<4xi32> -> tensor<?x3xf32>
      %d = tt.random uniform %s sizes(%n) : tensor<4xi32> -> tensor<?xf64>
      %g = tt.random normal %s sizes(%n) : tensor<4xi32> -> tensor<?x2xf32>
      func.return %u, %d, %g : tensor<?x3xf32>, tensor<?xf64>, tensor<?x2xf32>
    }"""
    u, d, g = run(src, [state, 1000], device, rtol=2e-5)
    assert 0.0 <= u.min() and u.max() < 1.0 and abs(u.mean() - 0.5) < 0.02
    assert abs(g.mean()) < 0.05 and abs(g.std() - 1.0) < 0.05
    assert len(np.unique(d)) == d.size


@pytest.mark.parametrize("device", ["cpu", "emu"])
def test_shape_values(device: str, rng: np.random.Generator) -> None:
    x = rng.standard_normal((6, 4)).astype(np.float32)
    src = """func.func @d(%x: tensor<?x?xf32>, %i: tensor<i64>) -> (tensor<i64>, tensor<?x?xf32>) {
      %n = tt.dim %x axis 0 : tensor<?x?xf32>
      %two = tt.constant dense<2> : tensor<i64>
      %lo = tt.mul %i, %two : tensor<i64>
      %one = tt.constant dense<1> : tensor<i64>
      %i1 = tt.add %i, %one : tensor<i64>
      %hi = tt.mul %i1, %two : tensor<i64>
      %size = tt.sub %hi, %lo : tensor<i64>
      %o = tt.to_index %lo : tensor<i64>
      %s = tt.to_index %size : tensor<i64>
      %b = tt.slice %x [%o, 0] [%s, 4] [1, 1] : tensor<?x?xf32> -> tensor<?x4xf32>
      %c = tensor.cast %b : tensor<?x4xf32> to tensor<?x?xf32>
      func.return %n, %c : tensor<i64>, tensor<?x?xf32>
    }"""
    run(src, [x, np.array(1, np.int64)], device)


def test_matmul_and_batched_matmul(rng: np.random.Generator) -> None:
    a, b = (
        rng.standard_normal((5, 7)).astype(np.float32),
        rng.standard_normal((7, 3)).astype(np.float32),
    )
    ba, bb = rng.standard_normal((4, 2, 6)), rng.standard_normal((4, 6, 5))
    src = """func.func @m(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?x?xf64>, %d: tensor<?x?x?xf64>) -> (tensor<?x?xf32>, tensor<?x?x?xf64>) {
      %m = tt.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
      %n = tt.batched_matmul %c, %d : tensor<?x?x?xf64>, tensor<?x?x?xf64> -> tensor<?x?x?xf64>
      func.return %m, %n : tensor<?x?xf32>, tensor<?x?x?xf64>
    }"""
    run(src, [a, b, ba, bb])
    f = compile_module(parse_module(src, "m.mlir"), "m", "cpu")
    with pytest.raises(ShapeError, match="inner dimensions differ"):
        f.run(a, a, ba, bb)


@pytest.mark.parametrize(
    ("strides", "padding", "dilation", "flip"),
    [
        ((1, 1), (0, 0, 0, 0), (1, 1), True),
        ((2, 1), (1, 2, 0, 1), (1, 2), False),
        ((1, 1), (2, 2, 2, 2), (1, 1), True),
    ],
)
def test_conv2d_and_gradients(strides, padding, dilation, flip, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
    x = rng.standard_normal((2, 3, 9, 8))
    w = rng.standard_normal((4, 3, 3, 2))
    attrs = f"strides {list(strides)} padding {list(padding)} dilation {list(dilation)}" + (
        " flip" if flip else ""
    )
    from arignote.dialects.tt_reference import conv2d as ref_conv

    y = ref_conv(x, w, strides, padding, dilation, flip)
    gy = rng.standard_normal(y.shape)
    ho, wo = y.shape[2:]
    src = f"""func.func @c(%x: tensor<?x3x9x8xf64>, %w: tensor<4x3x3x2xf64>, %gy: tensor<?x4x{ho}x{wo}xf64>, %n: index) -> (tensor<?x4x{ho}x{wo}xf64>, tensor<?x3x9x8xf64>, tensor<4x3x3x2xf64>) {{
      %y = tt.conv2d %x, %w {attrs} : tensor<?x3x9x8xf64>, tensor<4x3x3x2xf64> -> tensor<?x4x{ho}x{wo}xf64>
      %gx = tt.conv2d_grad_input %gy, %w {attrs} sizes(%n) : tensor<?x4x{ho}x{wo}xf64>, tensor<4x3x3x2xf64> -> tensor<?x3x9x8xf64>
      %gw = tt.conv2d_grad_filter %x, %gy {attrs} : tensor<?x3x9x8xf64>, tensor<?x4x{ho}x{wo}xf64> -> tensor<4x3x3x2xf64>
      func.return %y, %gx, %gw : tensor<?x4x{ho}x{wo}xf64>, tensor<?x3x9x8xf64>, tensor<4x3x3x2xf64>
    }}"""
    run(src, [x, w, gy, 2])


@pytest.mark.parametrize("mode", ["max", "sum", "average_inc_pad", "average_exc_pad"])
@pytest.mark.parametrize(
    ("window", "strides", "padding", "ib"),
    [
        ((2, 2), (2, 2), (0, 0), True),
        ((3, 2), (2, 1), (1, 1), True),
        ((3, 3), (2, 2), (0, 0), False),
    ],
)
def test_pool2d_and_gradient(mode, window, strides, padding, ib, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
    from arignote.dialects.tt_reference import pool_out_size

    x = rng.standard_normal((2, 3, 7, 6))
    ho = pool_out_size(7, window[0], strides[0], padding[0], ib)
    wo = pool_out_size(6, window[1], strides[1], padding[1], ib)
    gy = rng.standard_normal((2, 3, ho, wo))
    attrs = f"window {list(window)} strides {list(strides)} padding {list(padding)}" + (
        " ignore_border" if ib else ""
    )
    src = f"""func.func @p(%x: tensor<?x3x7x6xf64>, %gy: tensor<?x3x{ho}x{wo}xf64>) -> (tensor<?x3x{ho}x{wo}xf64>, tensor<?x3x7x6xf64>) {{
      %y = tt.pool2d {mode} %x {attrs} : tensor<?x3x7x6xf64> -> tensor<?x3x{ho}x{wo}xf64>
      %g = tt.pool2d_grad {mode} %x, %gy {attrs} : tensor<?x3x7x6xf64>, tensor<?x3x{ho}x{wo}xf64> -> tensor<?x3x7x6xf64>
      func.return %y, %g : tensor<?x3x{ho}x{wo}xf64>, tensor<?x3x7x6xf64>
    }}"""
    run(src, [x, gy])


def test_library_calls_on_the_emulator_run_their_reference(rng: np.random.Generator) -> None:
    from arignote.runtime.devices import get_gpu_device

    a, b = (
        rng.standard_normal((5, 7)).astype(np.float32),
        rng.standard_normal((7, 3)).astype(np.float32),
    )
    src = """func.func @m(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
      %m = tt.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
      %t = tt.tanh %m : tensor<?x?xf32>
      func.return %t : tensor<?x?xf32>
    }"""
    dev = get_gpu_device("emu")
    dev.profile.reset()
    run(src, [a, b], "emu")
    names = [k.kernel for k in dev.profile.launches]
    assert names[0] == "libcall:libcall.gemm (reference)" and len(names) == 2
