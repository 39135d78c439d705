"""The import graph of the `ivr` package, function-local imports included, and its cycles.

    python3 tools/import_graph.py          # cycles (modules that import each other, directly or not)
    python3 tools/import_graph.py --local  # function-local imports of ivr modules, with their lines

tests/test_layout.py holds the package to no cycles and few local imports.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "ivr"


@dataclass(frozen=True)
class Import:
    """One `import` of an ivr module: who imports what, on which line, and whether inside a function."""

    importer: str
    imported: str
    line: int
    local: bool


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _owner(name: str, known: dict[str, Path]) -> str:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def imports(root: Path = ROOT) -> list[Import]:
    """Every import of one ivr module by another (``from ivr import x`` counts as ivr.x)."""
    known = modules(root)
    found: list[Import] = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        local_lines = {id(inner) for f in functions for inner in ast.walk(f)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module
                           for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in dict.fromkeys(targets):
                owner = _owner(target, known) if target.split(".")[0] == "ivr" else ""
                if owner and owner != name:
                    found.append(Import(name, owner, node.lineno, id(node) in local_lines))
    return found


def cycles(found: list[Import]) -> list[list[str]]:
    """Groups of modules that import each other (strongly connected components of two or more)."""
    graph: dict[str, set[str]] = {}
    for imp in found:
        graph.setdefault(imp.importer, set()).add(imp.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def main(argv: list[str]) -> int:
    found = imports()
    if "--local" in argv:
        for imp in found:
            if imp.local:
                print(f"{modules()[imp.importer].relative_to(ROOT.parent)}:{imp.line}: {imp.imported}")
        return 0
    groups = cycles(found)
    for group in groups:
        print(f"cycle of {len(group)}: {' '.join(group)}")
    print(f"{len(groups)} cycles, {sum(imp.local for imp in found)} function-local imports of ivr modules")
    return 1 if groups else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
