"""No import cycle inside ``briefgen.compose`` or ``briefgen.data``, counting every import
the code runs (at the top of a module or inside a function), not only the ones at the top.

Imports under ``if TYPE_CHECKING:`` are for annotations and never run, so they may point
up; the layer contracts in pyproject.toml ignore exactly those, and a test here checks
that every import they ignore is one.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
PACKAGES = ("briefgen.compose", "briefgen.data")


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    type_only: bool


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((SRC / package.replace(".", "/")).rglob("*.py")):
            parts = list(path.relative_to(SRC).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """Every import in ``module`` of another module in ``known``, at any depth."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out: list[Import] = []

    def targets(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        base = node.module or ""
        if node.level:
            parent = package[: len(package) - (node.level - 1)]
            base = ".".join([*parent, base] if base else parent)
        # ``from briefgen.data import records`` imports the module briefgen.data.records
        return [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]

    def walk(node: ast.AST, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for inner in child.body:
                    walk_one(inner, True)
                for inner in child.orelse:
                    walk_one(inner, type_only)
            else:
                walk_one(child, type_only)

    def walk_one(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in targets(node):
                if target in known and target != module:
                    out.append(Import(module, target, node.lineno, type_only))
        walk(node, type_only)

    walk(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return out


def _all_imports() -> list[Import]:
    known = _modules()
    return [i for module, path in known.items() for i in _imports(module, path, known)]


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle in the graph, as the modules along it (None when there is none)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_scan_sees_function_level_imports() -> None:
    """The scan is not blind: it finds an import made inside a function."""
    found = {(i.source, i.target) for i in _all_imports() if not i.type_only}
    # Pack.control imports the context when it runs, not when pack.py is imported
    assert ("briefgen.compose.pack", "briefgen.compose.context") in found
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_cycle_inside_compose_or_data() -> None:
    edges: dict[str, set[str]] = {}
    lines: dict[tuple[str, str], int] = {}
    for imp in _all_imports():
        if not imp.type_only:
            edges.setdefault(imp.source, set()).add(imp.target)
            lines.setdefault((imp.source, imp.target), imp.line)
    cycle = _cycle(edges)
    assert cycle is None, "import cycle: " + " -> ".join(
        f"{a} (line {lines[a, b]})" for a, b in zip(cycle, cycle[1:], strict=False)
    )


def test_the_contracts_ignore_only_type_only_imports() -> None:
    """An import the layer contracts ignore is one made only for annotations."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    inside = [c for c in contracts if set(c.get("containers", ())) & set(PACKAGES)]
    assert {p for c in inside for p in c["containers"]} == set(PACKAGES)
    imports = _all_imports()
    for contract in inside:
        for ignored in contract.get("ignore_imports", ()):
            source, target = (s.strip() for s in ignored.split("->"))
            found = [i for i in imports if (i.source, i.target) == (source, target)]
            assert found, f"{ignored!r}: no such import"
            assert all(i.type_only for i in found), f"{ignored!r} runs (not TYPE_CHECKING)"
