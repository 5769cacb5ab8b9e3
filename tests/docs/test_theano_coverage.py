"""docs/theano-coverage.md stays true to the code.

For every name of Theano's library reference listed in docs/theano-coverage.json, a fresh
interpreter does `import arignote.compat.theano`, then `importlib.import_module(module)`
and the attribute chain of the name (members of the classes under `[instances]` of
docs/theano-coverage-reasons.toml on an instance): a name marked implemented must
resolve, one marked missing must fail with an error naming the missing module or
attribute.  Every missing name has the reason the reasons file gives it, and the table
is exactly what docs/theano_coverage.py renders from the data (a stale table fails:
regenerate with `python docs/theano_coverage.py`)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "docs" / "theano_coverage.py"
THEANO = Path("/work/ext/theano")


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("theano_coverage", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["theano_coverage"] = mod
    spec.loader.exec_module(mod)
    return mod


cov = _script()
ENTRIES, SOURCES = cov.load_data()
REASONS = cov.Reasons.load()

# Run in a fresh interpreter: the alias replaces `theano` and sets Theano's floatX.
_PROBE = r"""
import importlib, json, sys
import arignote.compat.theano
theano = importlib.import_module("theano")
entries, instances = json.loads(sys.stdin.read())
out = {}
for module, name in entries:
    try:
        obj, path, failed = importlib.import_module(module), module, None
    except ImportError as e:
        out[module + "." + name] = [e.name or module, f"{type(e).__name__}: {e}"]
        continue
    for part in name.split("."):
        try:
            if path in instances:
                obj = eval(instances[path], {"theano": theano})
        except Exception as e:
            failed = [path, f"the instance of {path} fails: {e!r}"]
            break
        try:
            obj = getattr(obj, part)
        except AttributeError as e:
            failed = [part, f"AttributeError: {e}"]
            break
        path += "." + part
    out[module + "." + name] = failed
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def resolved() -> dict[str, list[str] | None]:
    query = json.dumps([[[e.module, e.name] for e in ENTRIES], REASONS.instances])
    p = subprocess.run([sys.executable, "-c", _PROBE], input=query, capture_output=True,
                       text=True, timeout=600, cwd=ROOT, check=False)  # fmt: skip
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.full for e in ENTRIES])
def test_status_matches_the_code(entry, resolved) -> None:  # type: ignore[no-untyped-def]
    failure = resolved[entry.full]
    stale = "docs/theano-coverage.json is stale: run python docs/theano_coverage.py"
    if entry.status == "implemented":
        assert failure is None, f"{entry.full} is marked implemented but {failure[1]}; {stale}"
    else:
        assert entry.status == "missing"
        assert failure is not None, f"{entry.full} is marked missing but resolves; {stale}"
        piece, message = failure
        assert piece in message, f"the error does not name {piece!r}: {message}"


def test_every_missing_name_has_the_reason_of_the_reasons_file() -> None:
    unexplained = [e.full for e in ENTRIES if e.status == "missing" and not e.reason]
    assert not unexplained, f"add a [[reason]] to docs/theano-coverage-reasons.toml: {unexplained}"
    stale = [e.full for e in ENTRIES
             if e.reason != (REASONS.reason_for(e.full) if e.status == "missing" else "")]  # fmt: skip
    assert not stale, f"reasons changed, run python docs/theano_coverage.py: {stale[:10]}"


def test_the_table_is_generated_from_the_data() -> None:
    table = (ROOT / "docs" / "theano-coverage.md").read_text()
    assert table == cov.render(ENTRIES), "stale table: run python docs/theano_coverage.py"
    assert (ROOT / "docs" / "theano-coverage.json").read_text() == cov.dump_data(ENTRIES, SOURCES)


def test_names_are_unique_and_the_totals_add_up() -> None:
    names = [e.full for e in ENTRIES]
    assert len(names) == len(set(names))
    table = (ROOT / "docs" / "theano-coverage.md").read_text()
    done = sum(e.status == "implemented" for e in ENTRIES)
    assert f"| **all** | **{len(ENTRIES)}** | **{done}** | **{len(ENTRIES) - done}** |" in table


@pytest.mark.skipif(not THEANO.is_dir(), reason="Theano's source checkout is absent")
def test_the_names_are_those_of_theanos_reference() -> None:
    """Re-extracting from the Theano 1.0.5 checkout gives the same names, kinds and places."""
    fresh = cov.with_extras(cov.extract(THEANO, SOURCES), REASONS)
    key = [(e.module, e.name, e.kind, e.doc) for e in fresh]
    assert key == [(e.module, e.name, e.kind, e.doc) for e in ENTRIES]


def test_the_extractor_reads_theanos_directive_forms() -> None:
    """Signatures as Theano's reST writes them (tensor/basic.txt, compile/debugmode.txt)."""
    names = cov.signature_names
    assert names("scalar(name=None, dtype=config.floatX)") == ["scalar"]
    assert names("iscalars, lscalars, fscalars") == ["iscalars", "lscalars", "fscalars"]
    assert names("{var,std}(axis=None, keepdims=False),") == ["var", "std"]
    assert names("__{abs,neg}__") == ["__abs__", "__neg__"]
    assert names("uniform, normal, ...") == ["uniform", "normal"]
    assert names("stability_patience = config.DebugMode.patience") == ["stability_patience"]
    assert names("copy() Return a new symbolic variable") == ["copy"]
