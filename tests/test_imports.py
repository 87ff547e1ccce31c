"""The import graph of ``lintkit``: every module imports alone, and no module imports itself back.

The graph counts every ``import`` in a module, at any depth (imports inside
functions too: deferring an import does not untie a knot), except those
under ``if TYPE_CHECKING:``, which never run. Importing ``a.b.c`` from
outside ``a.b`` runs ``a/b/__init__.py`` first, so it counts as importing
``a.b`` as well (the root package ``lintkit`` imports its public names
lazily, on first use, so it imports nothing at import time).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import lintkit

ROOT = Path(lintkit.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(name: str, path: Path) -> set[str]:
    """The lintkit modules ``name`` imports (see the module docstring)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in MODULES else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    edges: set[str] = set()
    for target in targets:
        if target not in MODULES:
            continue  # not ours
        edges.add(target)
        parts = target.split(".")
        for k in range(2, len(parts)):
            ancestor = ".".join(parts[:k])
            if not (name == ancestor or name.startswith(ancestor + ".")):
                edges.add(ancestor)  # its __init__ runs first
    edges.discard(name)
    return edges


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path, or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_import_graph_has_no_cycle() -> None:
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    assert graph["lintkit"] <= {"lintkit.api", "lintkit.config", "lintkit.errors", "lintkit.finding"}
    graph.pop("lintkit")  # those imports are under TYPE_CHECKING or lazy (PEP 562 __getattr__)
    assert len(graph) > 50
    # the knot this test was written for: the worker pool used to import the engine back (inside functions)
    assert "lintkit.results" in graph["lintkit.archive.parallel"]
    assert "lintkit.engine" not in graph["lintkit.archive.parallel"]
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_every_module_imports_alone() -> None:
    # one interpreter: before each module, every lintkit module is forgotten (third-party ones stay loaded,
    # which keeps this fast); a module that needs another to be imported first fails here
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m == 'lintkit' or m.startswith('lintkit.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {type(exc).__name__}: {exc}')\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    names = [n for n in MODULES if n != "lintkit.__main__"]
    done = subprocess.run([sys.executable, "-c", script, *names], capture_output=True, text=True, timeout=300,
                          cwd=ROOT.parent)
    assert done.returncode == 0, done.stdout + done.stderr
