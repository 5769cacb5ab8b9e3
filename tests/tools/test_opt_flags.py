"""arignote-opt flags whose effect needs a pass made for the test: --verify-each=false
(a pass that leaves invalid IR behind) and --shrink (a pass that raises xDSL's
ShrinkException, as shrinkray's interestingness passes do).  The passes are registered
for the duration of a test in arignote.registry.PASSES, the table the driver reads."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import ShrinkException

from arignote import registry
from arignote.tools.opt import main

PROGRAM = """\
func.func @f(%a: i32) -> i32 {
  %b = arith.addi %a, %a : i32
  func.return %b : i32
}
"""


@dataclass(frozen=True)
class DropReturns(ModulePass):
    """Erase every func.return: the functions' blocks lose their terminators."""

    name = "test-drop-returns"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for o in list(op.walk()):
            if isinstance(o, func.ReturnOp):
                o.detach()
                o.erase()


@dataclass(frozen=True)
class Shrink(ModulePass):
    name = "test-shrink"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        raise ShrinkException()


@pytest.fixture
def test_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    passes = dict(registry.PASSES)
    passes["test-drop-returns"] = lambda: DropReturns
    passes["test-shrink"] = lambda: Shrink
    monkeypatch.setattr(registry, "PASSES", passes)


def _run(args: list[str], capsys: pytest.CaptureFixture[str], tmp_path) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    src = tmp_path / "f.mlir"
    src.write_text(PROGRAM)
    rc = main([str(src), *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_verify_each_false_skips_verification_after_passes(test_passes, capsys, tmp_path):  # type: ignore[no-untyped-def]
    rc, out, err = _run(["--test-drop-returns"], capsys, tmp_path)
    assert rc == 2 and "pass 'test-drop-returns' produced invalid IR" in err
    rc, out, err = _run(["--test-drop-returns", "--verify-each=false"], capsys, tmp_path)
    assert rc == 0, err
    assert "arith.addi" in out and "func.return" not in out
    # the input is still verified: --verify-each=false is not --disable-verify
    (tmp_path / "g.mlir").write_text("func.func @g(%a: i32) -> i32 {\n  func.return\n}\n")
    rc = main([str(tmp_path / "g.mlir"), "--verify-each=false"])
    assert rc == 1 and "g.mlir:2:3: error: 'func.return'" in capsys.readouterr().err


def test_shrink(test_passes, capsys, tmp_path):  # type: ignore[no-untyped-def]
    rc, out, err = _run(["-p", "test-shrink", "--shrink"], capsys, tmp_path)
    assert rc == 0 and out.endswith("Success, can shrink\n"), (out, err)
    rc, out, err = _run(["-p", "cse", "--shrink"], capsys, tmp_path)
    assert rc == 1 and out.endswith("Failure, can't shrink\n") and "arith.addi" in out
    # without --shrink the exception is an internal error
    rc, out, err = _run(["-p", "test-shrink"], capsys, tmp_path)
    assert rc == 2 and "test-shrink" in err
