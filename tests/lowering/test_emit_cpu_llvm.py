"""emit_cpu_llvm: CPU kernels written to LLVM IR straight from the kernels stage.

The emitter must make the code the llvm-dialect path (convert-to-llvm, translate_llvm)
makes: the differential tests compile the same programs both ways (`config.cpu_direct_ir`)
and require the results to be equal bit for bit (same dtype, same shape, every value,
NaNs in the same places).  The programs: the graph fuzzer's random graphs (elementwise
ops of every dtype, comparisons, switch, broadcasting, reductions, reshape, indexing,
dot, casts), a chain of sin/tanh (the math functions and their vector variants), an MLP
training step (gemm calls, reductions, parallel chunks) and float16 math (promotion to
f32).  The tests also check that the direct path was taken (an emitter that refused
everything would pass a differential test) and that an op it does not cover leaves the
module for the llvm dialect, with a diagnostic naming the op when asked directly.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from typing import Any

import llvmlite.binding as llvm
import numpy as np
import pytest

import arignote as theano
import arignote.tensor as T
from arignote import compiler
from arignote.config import config
from arignote.fuzz.graphs import random_graph
from arignote.ir import parse_module
from arignote.lowering.emit_cpu_llvm import NotCovered, emit_kernels, lower_kernels
from arignote.runtime.cpu import host_data_layout, host_triple

pytestmark = pytest.mark.usefixtures("cpu")


@pytest.fixture
def paths() -> Iterator[dict[str, int]]:
    """O3 at once (no tiers), no disk cache; counts the modules the emitter wrote."""
    saved = config.cpu_tiers, config.compiledir, config.cpu_direct_ir
    config.cpu_tiers, config.compiledir = False, "off"
    counts = {"direct": 0, "fallback": 0}
    original = compiler._direct_kernels

    def counting(module: Any) -> str | None:
        text = original(module)
        counts["direct" if text is not None else "fallback"] += 1
        return text

    compiler._direct_kernels = counting  # type: ignore[assignment]
    try:
        yield counts
    finally:
        compiler._direct_kernels = original  # type: ignore[assignment]
        config.cpu_tiers, config.compiledir, config.cpu_direct_ir = saved


def _both(build: Callable[[], tuple[list[Any], list[Any], list[Any]]]) -> tuple[Any, Any]:
    """(direct, dialect) results of the function `build` makes, on the same inputs."""
    results = []
    for direct in (True, False):
        config.cpu_direct_ir = direct
        compiler._cache.clear()
        compiler._graph_cache.clear()
        ins, outs, values = build()
        f = theano.function(ins, outs, on_unused_input="ignore")
        results.append([np.array(r, copy=True) for r in f(*values)])
    return results[0], results[1]


def _same(a: list[np.ndarray], b: list[np.ndarray], what: str) -> None:
    assert len(a) == len(b), what
    for k, (x, y) in enumerate(zip(a, b)):
        assert x.dtype == y.dtype and x.shape == y.shape, f"{what}: output {k}"
        assert np.array_equal(x, y, equal_nan=x.dtype.kind in "fc"), f"{what}: output {k}"


def test_random_graphs_equal_bit_for_bit(paths: dict[str, int]) -> None:
    for index in range(60):

        def build(index: int = index) -> tuple[list[Any], list[Any], list[Any]]:
            g = random_graph(5, index)
            return [n.var for n in g.inputs], [n.var for n in g.outputs], [n.val for n in g.inputs]

        _same(*_both(build), f"random graph (seed 5, case {index})")
    # both paths ran for each graph; the emitter wrote most (f16 math and the like fall back)
    assert paths["direct"] >= 45, paths


def test_math_chain_equal_bit_for_bit(paths: dict[str, int], rng: np.random.Generator) -> None:
    x0 = rng.uniform(-3, 3, 1000).astype("float32")

    def build() -> tuple[list[Any], list[Any], list[Any]]:
        x = T.vector("x", dtype="float32")
        y = x
        for _ in range(8):
            y = T.tanh(T.sin(y * 1.01 + 0.01) - 0.005) + T.exp(-abs(y)) * T.sqrt(abs(y))
        return [x], [y, T.log1p(abs(y)).sum()], [x0]

    _same(*_both(build), "sin/tanh chain")
    assert paths == {"direct": 1, "fallback": 0}


def test_mlp_step_equal_bit_for_bit(paths: dict[str, int], rng: np.random.Generator) -> None:
    X0 = rng.standard_normal((64, 32)).astype("float32")
    y0 = rng.integers(0, 10, 64)
    W0 = (rng.standard_normal((32, 10)) * 0.1).astype("float32")

    def build() -> tuple[list[Any], list[Any], list[Any]]:
        X, y = T.matrix("X", dtype="float32"), T.lvector("y")
        W = theano.shared(W0.copy(), name="W")
        p = T.nnet.softmax(T.dot(X, W))
        loss = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
        g = T.grad(loss, W)
        return [X, y], [loss, g, T.argmax(p, axis=1)], [X0, y0]

    _same(*_both(build), "softmax regression step")
    assert paths == {"direct": 1, "fallback": 0}


def test_scan_rnn_step_equal_bit_for_bit(paths: dict[str, int], rng: np.random.Generator) -> None:
    """A loop run natively (scan forward and its gradient): the kernels hold gemm calls."""
    xs0 = rng.standard_normal((6, 4, 8)).astype("float32")
    Wx0 = (rng.standard_normal((8, 16)) * 0.3).astype("float32")
    Wh0 = (rng.standard_normal((16, 16)) * 0.3).astype("float32")

    def build() -> tuple[list[Any], list[Any], list[Any]]:
        xs = T.tensor3("xs", dtype="float32")
        Wx, Wh = theano.shared(Wx0.copy(), name="Wx"), theano.shared(Wh0.copy(), name="Wh")
        h0 = T.zeros((xs.shape[1], 16), dtype="float32")
        hs, _ = theano.scan(
            lambda x, h: T.tanh(T.dot(x, Wx) + T.dot(h, Wh)), sequences=xs, outputs_info=h0
        )
        loss = (hs[-1] ** 2).mean()
        return [xs], [loss, *theano.grad(loss, [Wx, Wh])], [xs0]

    _same(*_both(build), "scan RNN step")
    assert paths["fallback"] == 0 and paths["direct"] >= 1, paths


def test_float16_math_is_emitted(paths: dict[str, int], rng: np.random.Generator) -> None:
    x0 = rng.uniform(0.1, 2, 50).astype("float16")

    def build() -> tuple[list[Any], list[Any], list[Any]]:
        x = T.vector("x", dtype="float16")
        return [x], [T.exp(x) + T.log(x) * T.sqrt(x), T.erf(x), abs(x)], [x0]

    _same(*_both(build), "float16 math")
    assert paths == {"direct": 1, "fallback": 0}


# --------------------------------------------------------------------------- the emitter

_KERNEL = """
func.func @k(%a: memref<?xf32>, %n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf32>
    %y = math.sin %x : f32
    memref.store %y, %a[%i] : memref<?xf32>
  }
  func.return
}
"""


def _emit(text: str) -> str:
    return emit_kernels(parse_module(text), triple=host_triple(), data_layout=host_data_layout())


def test_output_parses_verifies_and_runs(rng: np.random.Generator) -> None:
    """A kernel alone: its IR verifies in LLVM and computes sin in place."""
    from arignote.runtime.cpu import compile_llvm_ir

    ir = _emit(_KERNEL)
    llvm.parse_assembly(ir).verify()
    assert "define void @k(ptr noalias %v1, i64 %v2, i64 %v3) {" in ir  # (a, its dim, n)
    native = compile_llvm_ir(ir)
    a = rng.standard_normal(37).astype("float32")
    want = np.sin(a)
    signature = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64)
    signature(native.address("k"))(a.ctypes.data, a.size, a.size)
    np.testing.assert_allclose(a, want, rtol=1e-6)


def test_uncovered_op_is_named_and_leaves_the_module() -> None:
    """scf.while is the llvm-dialect path's (convert-kernel-scf-to-cf), not the emitter's."""
    module = parse_module(
        """
func.func @w(%n: index) attributes {arignote.kernel} {
  %c0 = arith.constant 0 : index
  %r = scf.while (%i = %c0) : (index) -> index {
    %c = arith.cmpi slt, %i, %n : index
    scf.condition(%c) %i : index
  } do {
  ^bb0(%i: index):
    scf.yield %i : index
  }
  func.return
}
""",
        "w.mlir",
    )
    with pytest.raises(NotCovered, match=r"w.mlir:4:\d+: error: emit-cpu-llvm: 'scf.while' is not"):
        emit_kernels(module, triple=host_triple())
    before = str(module)
    assert lower_kernels(module, triple=host_triple()) is None
    assert str(module) == before


def test_called_kernels_become_declarations_and_host_calls_stay() -> None:
    """What lower_kernels leaves for the host: each called kernel a `func.func private`
    declaration still marked `arignote.kernel` (its code is the emitted text), the host's
    `func.call` untouched (the host program and the stubs apply the ABI to its memref
    operands), the math functions gone -- and no llvm-dialect op anywhere."""
    from xdsl.dialects import func as xfunc

    module = parse_module(
        _KERNEL
        + """
func.func private @__arignote_sin_f32(%0: f32) -> f32 attributes {arignote.kernel, arignote.math_function} {
  %1 = math.sin %0 : f32
  func.return %1 : f32
}
func.func @host(%a: memref<?xf32>, %n: index) {
  func.call @k(%a, %n) : (memref<?xf32>, index) -> ()
  func.return
}
"""
    )
    assert lower_kernels(module, triple=host_triple()) is not None
    decl, host = list(module.body.block.ops)
    assert isinstance(decl, xfunc.FuncOp) and not decl.body.blocks
    assert decl.sym_name.data == "k" and "arignote.kernel" in decl.attributes
    assert decl.sym_visibility is not None and decl.sym_visibility.data == "private"
    assert [str(t) for t in decl.function_type.inputs.data] == ["memref<?xf32>", "index"]
    assert isinstance(host, xfunc.FuncOp)
    call, _ = list(host.body.block.ops)
    assert isinstance(call, xfunc.CallOp) and call.callee.root_reference.data == "k"
    assert list(call.arguments) == list(host.body.block.args)
    assert not [op.name for op in module.walk() if op.dialect_name() == "llvm"]
    assert parse_module(str(module)) is not None  # (the disk cache stores the host as text)


def test_constant_offsets_fold_within_i64() -> None:
    """An address of two constant indices is folded; a product beyond i64 wraps (the
    unfolded `mul nsw` would be poison) instead of printing a literal LLVM refuses."""
    ir = _emit(
        """
func.func @c(%m: memref<?x4xf32>, %v: f32) attributes {arignote.kernel} {
  %big = arith.constant 4611686018427387904 : index
  %c3 = arith.constant 3 : index
  memref.store %v, %m[%c3, %c3] : memref<?x4xf32>
  memref.store %v, %m[%big, %c3] : memref<?x4xf32>
  func.return
}
"""
    )
    llvm.parse_assembly(ir).verify()
    assert "getelementptr inbounds float, ptr %v1, i64 15" in ir  # 3 * 4 + 3
    assert "getelementptr inbounds float, ptr %v1, i64 3" in ir  # 2^62 * 4 wraps to 0


def test_a_direct_compile_loads_no_llvm_dialect(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The point of the direct path for a process's first compile (docs/internals.md,
    "The first compile in a process"): compiling and running a CPU program -- kernels on
    the thread pool, a gemm, math, the disk cache written -- imports no llvm-dialect
    module (xDSL's llvm dialect alone took ~35 ms to define), and the llvm-dialect path
    (the flag off) does."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import sys
        import numpy as np
        import arignote, arignote.tensor as T
        from arignote.config import config
        from arignote.runtime.cpu import tiers
        config.compiledir = sys.argv[2]
        config.cpu_direct_ir = sys.argv[1] == "direct"
        x, w = T.matrix("x"), T.matrix("w")
        f = arignote.function([x, w], T.tanh(T.dot(x, w)).sum(axis=1) + T.exp(x).mean())
        r = np.random.default_rng()
        a = r.standard_normal((70, 40)).astype("float32")
        b = r.standard_normal((40, 30)).astype("float32")
        want = np.tanh(a.astype("float64") @ b).sum(1) + np.exp(a.astype("float64")).mean()
        np.testing.assert_allclose(f(a, b), want, rtol=1e-4, atol=1e-4)  # (float32 sums)
        tiers.wait()
        loaded = [m for m in sys.modules if m in (
            "xdsl.dialects.llvm", "arignote.dialects.llvm", "arignote.lowering.llvm_abi",
            "arignote.lowering.translate_llvm")]
        print("LOADED", ",".join(sorted(loaded)))
        """
    )
    out = {}
    # (the third run loads the first's program from the disk cache)
    for run, (mode, cache) in enumerate([("direct", "a"), ("dialect", "b"), ("direct", "a")]):
        r = subprocess.run(
            [sys.executable, "-c", script, mode, str(tmp_path / cache)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
        out[run, mode] = r.stdout.split("LOADED", 1)[1].strip()
    assert out[0, "direct"] == "" and out[2, "direct"] == "", out
    assert "xdsl.dialects.llvm" in out[1, "dialect"], out
