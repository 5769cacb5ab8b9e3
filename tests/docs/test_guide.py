"""docs/guide.md stays true: every ```sh block holding one `$ <command>` line, followed
directly by a ```mlir or ```text block, is run from the repository root (with the
venv's scripts on PATH) and must print exactly that block.  (```console blocks are
illustrations and are not run.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide.md"
_PAIR = re.compile(r"```sh\n\$ (?P<cmd>[^\n]+)\n```\n```(?:mlir|text)\n(?P<out>.*?)```", re.S)


def _examples() -> list[tuple[str, str]]:
    return [(m.group("cmd"), m.group("out")) for m in _PAIR.finditer(GUIDE.read_text())]


def test_the_guide_has_checked_examples() -> None:
    assert len(_examples()) >= 6


@pytest.mark.parametrize("cmd,want", _examples(), ids=[c for c, _ in _examples()])
def test_guide_command_prints_what_the_guide_shows(cmd: str, want: str) -> None:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    p = subprocess.run(["bash", "-c", f"set -o pipefail; {cmd}"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert p.stdout == want
