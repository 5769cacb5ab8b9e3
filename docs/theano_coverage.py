"""Coverage of Theano 1.0's library reference by arignote: extract, check, render.

Three files in docs/ belong to this script:

- `theano-coverage.json` (generated): every public name Theano 1.0's library reference
  documents (module, name, kind, the reST file and line), with arignote's status
  (`implemented` / `missing`) and, for a missing name, the reason;
- `theano-coverage-reasons.toml` (hand-written): why a name is missing, as an ordered list
  of glob patterns over full names (`theano.tensor.nlinalg.*`), the first match wins;
- `theano-coverage.md` (generated): the table, grouped by module, totals at the top.

Regenerate (from the repository root, with arignote importable):

    python docs/theano_coverage.py                       # status + reasons + table
    python docs/theano_coverage.py --theano /path/to/Theano   # re-extract the names first
    python docs/theano_coverage.py --check               # exit 1 when a file is stale

The names come from the reST sources under `<Theano>/doc/library/`: the directives
`function class method attribute data exception` (nested methods and attributes belong
to their class), `autofunction autoclass autodata automethod autoattribute`, and
`automodule`/`autoclass` with `:members:` -- for these the Theano source is read (with
`ast`, never imported) the way Sphinx autodoc selects members: `__all__` when the module
has one, else the public functions, classes and documented variables (`#:` or a string
after the assignment, or an instance of a documented class of the module) defined in the
module; for a class, its public methods and attributes with a docstring of their own.
`module`, `currentmodule` and `automodule` give each name its module.  Only the extracted
list of names is kept in the repository, not Theano's text.

A name is `implemented` when, after `import arignote.compat.theano`,
`importlib.import_module(module)` succeeds and the attribute chain of the name resolves
on it -- so the status follows the code: re-running the script after a merge refreshes
it.  tests/docs/test_theano_coverage.py checks the three files against the code.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import re
import sys
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

DOCS = Path(__file__).resolve().parent
DATA = DOCS / "theano-coverage.json"
REASONS = DOCS / "theano-coverage-reasons.toml"
TABLE = DOCS / "theano-coverage.md"
THEANO_VERSION = "1.0.5"
#: the `doc` of a name listed by hand ([[extra]] in the reasons file), not extracted
EXTRA = "extra: "

# --------------------------------------------------------------------------------------
# extraction from the reST sources
# --------------------------------------------------------------------------------------

_DIRECTIVE = re.compile(
    r"^(?P<indent>\s*)\.\.\s+(?:py:)?(?P<kind>function|class|method|attribute|data|exception"
    r"|staticmethod|classmethod|autofunction|autoclass|autoexception|automethod"
    r"|autoattribute|autodata|automodule|module|currentmodule)::\s*(?P<arg>.*?)\s*$"
)
_OPTION = re.compile(r"^\s+:(?P<name>[\w-]+):\s*(?P<value>.*?)\s*$")
_MEMBER_KINDS = {"method", "attribute", "staticmethod", "classmethod", "automethod",
                 "autoattribute"}  # fmt: skip
#: modules the reST names loosely (`.. module:: config`) that are no file of the source
_MODULE_NAMES = {"config": "theano.config"}


@dataclass
class Entry:
    module: str
    name: str
    kind: str
    doc: str
    status: str = ""
    reason: str = ""

    @property
    def full(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass
class _Source:
    """Theano's source tree: which dotted names are modules, and their parsed files."""

    root: Path
    _trees: dict[str, ast.Module | None] = field(default_factory=dict)

    def path_of(self, module: str) -> Path | None:
        base = self.root.joinpath(*module.split("."))
        for p in (base.with_suffix(".py"), base / "__init__.py"):
            if p.is_file():
                return p
        return None

    def is_module(self, module: str) -> bool:
        return module.startswith("theano") and self.path_of(module) is not None

    def tree(self, module: str) -> ast.Module | None:
        if module not in self._trees:
            p = self.path_of(module)
            with warnings.catch_warnings():  # Theano's docstrings have invalid escapes
                warnings.simplefilter("ignore", SyntaxWarning)
                warnings.simplefilter("ignore", DeprecationWarning)
                self._trees[module] = ast.parse(p.read_text(), str(p)) if p else None
        return self._trees[module]

    def lines(self, module: str) -> list[str]:
        p = self.path_of(module)
        return p.read_text().splitlines() if p else []


def _expand_braces(text: str) -> list[str]:
    m = re.search(r"\{([^{}]*)\}", text)
    if not m:
        return [text]
    out = []
    for alt in m.group(1).split(","):
        out += _expand_braces(text[: m.start()] + alt.strip() + text[m.end() :])
    return out


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "{(["
        depth -= ch in "})]"
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [*parts, cur]


def signature_names(arg: str) -> list[str]:
    """The names a directive's argument documents: `f(x)`, `a, b, c`, `{sum,prod}(...)`,
    `__{abs,neg}__`, `name = value`, `name() trailing words`."""
    head, depth = arg, 0
    for i, ch in enumerate(arg):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and (ch == "(" or arg.startswith(" =", i)):
            head = arg[:i]
            break
    names = []
    for part in _split_top(head, ","):
        part = part.strip()
        if not part or part == "...":
            continue
        part = part.split()[0]
        names += [n for n in _expand_braces(part) if re.fullmatch(r"[A-Za-z_][\w.]*", n)]
    return names


def _module_of(name: str, doc_dir: list[str], src: _Source) -> str:
    """The full module a reST `.. module::` argument means (`tensor.elemwise`, `pool`)."""
    if name in _MODULE_NAMES:
        return _MODULE_NAMES[name]
    if name.startswith("theano"):
        return name
    for k in range(len(doc_dir), -1, -1):
        pkg = ".".join(["theano", *doc_dir[:k]])
        if src.is_module(f"{pkg}.{name}"):
            return f"{pkg}.{name}"
        if doc_dir[:k] and doc_dir[k - 1] == name.split(".")[-1] and src.is_module(pkg):
            return pkg
    return "theano." + name


def _split_absolute(dotted: str, src: _Source) -> tuple[str, str]:
    """`theano.tensor.basic.choose` -> (`theano.tensor.basic`, `choose`)."""
    parts = dotted.split(".")
    for k in range(len(parts) - 1, 0, -1):
        mod = ".".join(parts[:k])
        if src.is_module(mod) or mod in _MODULE_NAMES.values():
            return mod, ".".join(parts[k:])
    return parts[0], ".".join(parts[1:])


def _docstring_after(body: list[ast.stmt], i: int) -> bool:
    nxt = body[i + 1] if i + 1 < len(body) else None
    return isinstance(nxt, ast.Expr) and isinstance(getattr(nxt, "value", None), ast.Constant) \
        and isinstance(nxt.value.value, str)  # fmt: skip


def _doc_comment_before(lines: list[str], node: ast.stmt) -> bool:
    k = node.lineno - 2
    return 0 <= k < len(lines) and lines[k].strip().startswith("#:")


def _assigned(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _is_property(fn: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "property" for d in fn.decorator_list)


def class_members(cls: ast.ClassDef, lines: list[str]) -> list[tuple[str, str]]:
    """Public methods/attributes of a class with a docstring of their own."""
    out = []
    for i, node in enumerate(cls.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not node.name.startswith("_") and ast.get_docstring(node):
                out.append((node.name, "attribute" if _is_property(node) else "method"))
        for name in _assigned(node):
            if not name.startswith("_") and (
                _docstring_after(cls.body, i) or _doc_comment_before(lines, node)
            ):
                out.append((name, "attribute"))
    return out


def _module_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if "__all__" in _assigned(node):
            try:
                return list(ast.literal_eval(node.value))  # type: ignore[union-attr]
            except ValueError:
                return None
    return None


def module_members(module: str, src: _Source) -> list[tuple[str, str, ast.ClassDef | None]]:
    """(name, kind, class node) of what `automodule:: module :members:` documents."""
    tree = src.tree(module)
    if tree is None:
        return []
    lines = src.lines(module)
    documented_classes = {n.name for n in tree.body
                          if isinstance(n, ast.ClassDef) and ast.get_docstring(n)}  # fmt: skip
    found: dict[str, tuple[str, ast.ClassDef | None]] = {}
    for i, node in enumerate(tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and ast.get_docstring(node):
            found.setdefault(node.name, ("function", None))
        elif isinstance(node, ast.ClassDef) and ast.get_docstring(node):
            kind = "exception" if any("Error" in ast.unparse(b) or "Exception" in ast.unparse(b)
                                      for b in node.bases) else "class"  # fmt: skip
            found.setdefault(node.name, (kind, node))
        for name in _assigned(node):
            value = getattr(node, "value", None)
            instance = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                and value.func.id in documented_classes  # fmt: skip
            if instance or _docstring_after(tree.body, i) or _doc_comment_before(lines, node):
                found.setdefault(name, ("data", None))
    names = _module_all(tree)
    if names is None:
        names = [n for n in found if not n.startswith("_")]
    return [(n, *found[n]) for n in names if n in found]


def _find_class(module: str, qual: str, src: _Source, hops: int = 3) -> ast.ClassDef | None:
    """The class `module.qual` in Theano's source, following `from X import name`."""
    tree = src.tree(module)
    first, *rest = qual.split(".")
    for node in getattr(tree, "body", []):
        if isinstance(node, ast.ClassDef) and node.name == first:
            cls: ast.ClassDef | None = node
            for part in rest:
                cls = next((n for n in getattr(cls, "body", [])
                            if isinstance(n, ast.ClassDef) and n.name == part), None)  # fmt: skip
            return cls
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and hops
            and any((a.asname or a.name) == first for a in node.names)
        ):
            orig = next(a.name for a in node.names if (a.asname or a.name) == first)
            return _find_class(node.module or "", ".".join([orig, *rest]), src, hops - 1)
    return None


def _options(lines: list[str], i: int) -> dict[str, str]:
    opts = {}
    for line in lines[i + 1 :]:
        m = _OPTION.match(line)
        if not m:
            break
        opts[m.group("name")] = m.group("value")
    return opts


_COMMENT = re.compile(r"^\s*\.\.(\s+(?![\w:-]+::)[^_\[|\s].*)?$")
_RULE = re.compile(r"^=+( +=+)+\s*$")


def _table_row(lines: list[str], i: int, col: int | None) -> tuple[int | None, str]:
    """The name in the first column of line i when it is a row of a simple table headed
    `Constructor` (tensor/basic.txt's table of the typed constructors, `bscalar ...
    ztensor7`), and the open table's first column width (negative in the header, None
    outside a table)."""
    line = lines[i]
    if col is None:
        if (
            _RULE.match(line)
            and i + 2 < len(lines)
            and lines[i + 1].split()[:1] == ["Constructor"]
            and _RULE.match(lines[i + 2])
        ):
            return -(len(line.split()[0])), ""  # the header: skip until the next rule
        return None, ""
    if col < 0:
        return (-col if _RULE.match(line) else col), ""
    if _RULE.match(line) or not line.strip():
        return None, ""
    return col, line[:col].strip()


def _listed(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def extract_file(path: Path, rel: str, src: _Source) -> list[Entry]:
    """The names one reST file documents, in the order it documents them."""
    lines = path.read_text().splitlines()
    doc_dir = list(Path(rel).parent.parts)
    module = "theano"
    classes: list[tuple[int, str, str]] = []  # (indent, module, qualname) of open classes
    out: list[Entry] = []

    def add(mod: str, name: str, kind: str, line: int) -> None:
        out.append(Entry(mod, name, kind, f"{rel}:{line}"))

    def add_members(mod: str, qual: str, cls: ast.ClassDef | None, opts, line: int) -> None:
        if cls is None or "members" not in opts:
            return
        wanted = _listed(opts["members"])
        excluded = set(_listed(opts.get("exclude-members", "")))
        for name, kind in class_members(cls, src.lines(mod)):
            if (not wanted or name in wanted) and name not in excluded:
                add(mod, f"{qual}.{name}", kind, line)

    comment = -1  # indentation of the open comment block (`.. #COMMENT`), -1 if none
    table_col = None  # the first column of an open `Constructor` simple table
    for i, line in enumerate(lines):
        if line.strip():
            indent = len(line) - len(line.lstrip())
            if comment >= 0 and indent > comment:
                continue
            comment = -1
            while classes and indent <= classes[-1][0]:
                classes.pop()
        if _COMMENT.match(line):
            comment = len(line) - len(line.lstrip())
            continue
        table_col, constructor = _table_row(lines, i, table_col)
        if constructor:
            add(module, constructor, "data", i + 1)
        m = _DIRECTIVE.match(line)
        if not m or not m.group("arg"):
            continue
        kind, arg, indent = m.group("kind"), m.group("arg"), len(m.group("indent"))
        opts = _options(lines, i)
        if kind in ("module", "currentmodule"):
            module = _module_of(arg, doc_dir, src)
            continue
        if kind == "automodule":
            module = _module_of(arg, doc_dir, src)
            if "members" in opts:
                wanted = _listed(opts["members"])
                excluded = set(_listed(opts.get("exclude-members", "")))
                members = module_members(module, src)
                if wanted:
                    have = {n: (k, c) for n, k, c in members}
                    members = [(n, *have.get(n, ("function", None))) for n in wanted]
                for name, mkind, cls in members:
                    if name not in excluded:
                        add(module, name, mkind, i + 1)
                        add_members(module, name, cls, opts, i + 1)
            continue
        auto = kind.startswith("auto")
        base = kind[4:] if auto else kind
        for name in signature_names(arg):
            if name.startswith("theano."):
                mod, qual = _split_absolute(name, src)
            elif classes and kind in _MEMBER_KINDS and indent > classes[-1][0]:
                mod, qual = classes[-1][1], f"{classes[-1][2]}.{name}"
            else:
                mod, qual = module, name
                if mod == "theano.config" and qual.startswith("config."):
                    qual = qual[len("config.") :]
            add(mod, qual, {"staticmethod": "method", "classmethod": "method"}.get(base, base),
                i + 1)  # fmt: skip
            if base in ("class", "exception"):
                classes.append((indent, mod, qual))
                if auto:
                    add_members(mod, qual, _find_class(mod, qual, src), opts, i + 1)
    return out


def extract(theano_root: Path, sources: list[str]) -> list[Entry]:
    """Every name of the reST files matching `sources` (globs under
    `<theano_root>/doc/library/`), first mention kept."""
    src = _Source(theano_root)
    library = theano_root / "doc" / "library"
    seen: set[str] = set()
    out: list[Entry] = []
    paths = {p for pattern in sources for p in library.glob(pattern) if p.is_file()}
    for path in sorted(paths):
        for e in extract_file(path, path.relative_to(library).as_posix(), src):
            if e.full not in seen:
                seen.add(e.full)
                out.append(e)
    return out


# --------------------------------------------------------------------------------------
# status (arignote) and reasons (hand-written)
# --------------------------------------------------------------------------------------


def resolve(module: str, name: str, instances: dict[str, str]) -> str | None:
    """None when `module`'s attribute chain `name` resolves, else the error's message.

    Members of a class listed in `instances` (class -> expression) are looked up on an
    instance built by that expression, so instance attributes resolve too."""
    import importlib

    try:
        obj = importlib.import_module(module)
    except ImportError as e:
        return f"{type(e).__name__}: {e}"
    path = module
    for part in name.split("."):
        if path in instances:
            try:
                obj = eval(instances[path], {"theano": importlib.import_module("theano")})  # noqa: S307
            except Exception as e:  # noqa: BLE001 - reported as the reason it does not resolve
                return f"the instance of {path} ({instances[path]}) fails: {e!r}"
        try:
            obj = getattr(obj, part)
        except AttributeError as e:
            return f"AttributeError: {e}"
        path = f"{path}.{part}"
    return None


@dataclass
class Reasons:
    """docs/theano-coverage-reasons.toml: ordered (globs, reason) and class instances."""

    rules: list[tuple[list[str], str]]
    instances: dict[str, str]
    #: names Theano offers that its library reference does not document (`theano.ifelse`)
    extras: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path = REASONS) -> Reasons:
        data = tomllib.loads(path.read_text())
        unknown = set(data) - {"instances", "reason", "extra"}
        if unknown:
            raise ValueError(
                f"{path}: unknown keys {sorted(unknown)} "
                "(expected [instances], [[reason]], [[extra]])"
            )
        rules = [(r["match"], r["reason"]) for r in data.get("reason", [])]
        extras = [Entry(x["module"], name, kind, EXTRA + x["doc"])
                  for x in data.get("extra", []) for name, kind in x["names"].items()]  # fmt: skip
        return cls(rules, dict(data.get("instances", {})), extras)

    def reason_for(self, full: str) -> str:
        for patterns, reason in self.rules:
            if any(fnmatch.fnmatchcase(full, p) for p in patterns):
                return reason
        return ""


def with_extras(entries: list[Entry], reasons: Reasons) -> list[Entry]:
    """The extracted entries, then the [[extra]] names of the reasons file."""
    have = {e.full for e in entries if not e.doc.startswith(EXTRA)}
    extracted = [e for e in entries if not e.doc.startswith(EXTRA)]
    return extracted + [x for x in reasons.extras if x.full not in have]


def refresh(entries: list[Entry], reasons: Reasons) -> None:
    """Status from arignote (under the compat alias), reasons from the reasons file."""
    import arignote.compat.theano  # noqa: F401 - `import theano` means arignote from here

    for e in entries:
        missing = resolve(e.module, e.name, reasons.instances) is not None
        e.status = "missing" if missing else "implemented"
        e.reason = reasons.reason_for(e.full) if missing else ""


# --------------------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------------------


def dump_data(entries: list[Entry], sources: list[str]) -> str:
    rows = [json.dumps({"module": e.module, "name": e.name, "kind": e.kind, "doc": e.doc,
                        "status": e.status, "reason": e.reason}) for e in entries]  # fmt: skip
    head = json.dumps({"theano": THEANO_VERSION, "sources": sources})[:-1]
    return '%s, "entries": [\n%s\n]}\n' % (head, ",\n".join(rows))


def load_data(path: Path = DATA) -> tuple[list[Entry], list[str]]:
    """The entries and the globs (under doc/library/) they were extracted from."""
    data = json.loads(path.read_text())
    return [Entry(**row) for row in data["entries"]], data["sources"]


_HEADER = """\
# Theano {version} library reference: what arignote implements

Every public name documented in Theano {version}'s library reference
(`doc/library/**/*.txt`), and whether arignote has it under the compatibility alias
(`import arignote.compat.theano; import theano`): **implemented** when
`importlib.import_module(module)` and the attribute chain of the name resolve, else
**missing**, with the reason.  Generated -- do not edit by hand.

- names (extracted from Theano's reST sources) and status: `docs/theano-coverage.json`;
- reasons (hand-written glob patterns, first match wins): `docs/theano-coverage-reasons.toml`;
- the script: `docs/theano_coverage.py`; the test keeping all three in step with the code:
  `tests/docs/test_theano_coverage.py`.

Regenerate after a change to arignote or to the reasons (from the repository root):

    python docs/theano_coverage.py

and to re-extract the names from a Theano checkout:

    python docs/theano_coverage.py --theano /path/to/Theano

"Implemented" means the name exists where Theano documents it; the behaviour is tested
elsewhere (tests/compat, tests/frontend, tests/e2e).  Names are counted once, at their
first mention (files in alphabetical order).  A few names Theano offers but documents
only in its tutorial (`theano.ifelse`) are listed by hand (`[[extra]]` in the reasons
file; "Documented in" starts with `extra:`).
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(entries: list[Entry]) -> str:
    modules: dict[str, list[Entry]] = {}
    for e in entries:
        modules.setdefault(e.module, []).append(e)
    out = [_HEADER.format(version=THEANO_VERSION), "## Totals\n",
           "| Module | Documented | Implemented | Missing |", "|---|---:|---:|---:|"]  # fmt: skip
    for mod in sorted(modules):
        n = sum(e.status == "implemented" for e in modules[mod])
        out.append(f"| [{mod}](#{_anchor(mod)}) | {len(modules[mod])} | {n} | "
                   f"{len(modules[mod]) - n} |")  # fmt: skip
    n = sum(e.status == "implemented" for e in entries)
    out.append(f"| **all** | **{len(entries)}** | **{n}** | **{len(entries) - n}** |")
    by_reason: dict[str, int] = {}
    for e in entries:
        if e.status == "missing":
            by_reason[e.reason] = by_reason.get(e.reason, 0) + 1
    out += ["", "## Missing names by reason", "", "| Reason | Names |", "|---|---:|"]
    for reason, count in sorted(by_reason.items(), key=lambda rc: (-rc[1], rc[0])):
        out.append(f"| {_cell(reason) or '(none)'} | {count} |")
    for mod in sorted(modules):
        out += ["", f"## {mod}", "", "| Name | Kind | Status | Reason | Documented in |",
                "|---|---|---|---|---|"]  # fmt: skip
        for e in modules[mod]:
            out.append(f"| `{e.name}` | {e.kind} | {e.status} | {_cell(e.reason)} | {e.doc} |")
    return "\n".join(out) + "\n"


def _anchor(module: str) -> str:
    return module.replace(".", "").lower()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--theano", type=Path, help="a Theano checkout: re-extract the names")
    ap.add_argument("--sources", nargs="+", metavar="GLOB",
                    help="with --theano: the reST files to read, as globs under doc/library/ "
                         "(default: those of the data file, else **/*.txt)")  # fmt: skip
    ap.add_argument("--check", action="store_true", help="fail when a file is stale")
    args = ap.parse_args(argv)
    if args.theano:
        sources = args.sources or (load_data()[1] if DATA.exists() else ["**/*.txt"])
        entries = extract(args.theano, sources)
    else:
        entries, sources = load_data()
    reasons = Reasons.load()
    entries = with_extras(entries, reasons)
    refresh(entries, reasons)
    data, table = dump_data(entries, sources), render(entries)
    if args.check:
        stale = [p.name for p, text in ((DATA, data), (TABLE, table))
                 if not p.exists() or p.read_text() != text]  # fmt: skip
        for name in stale:
            print(f"stale: docs/{name} (run: python docs/theano_coverage.py)", file=sys.stderr)
        return 1 if stale else 0
    DATA.write_text(data)
    TABLE.write_text(table)
    unexplained = [e.full for e in entries if e.status == "missing" and not e.reason]
    n = sum(e.status == "implemented" for e in entries)
    print(f"{len(entries)} names: {n} implemented, {len(entries) - n} missing"
          f" ({len(unexplained)} without a reason)")  # fmt: skip
    for name in unexplained:
        print(f"  no reason: {name}")
    missing = [e.full for e in entries if e.status == "missing"]
    for patterns, _ in reasons.rules:
        for p in patterns:
            if not any(fnmatch.fnmatchcase(name, p) for name in missing):
                print(f"  pattern matches no missing name (remove it?): {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
