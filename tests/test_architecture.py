"""The package keeps its one-way layers: no upward import and no import cycle.

The layers are the import-linter contract in ``pyproject.toml`` (see ``docs/design.md``).
Imports under ``TYPE_CHECKING`` (annotations only) are not counted; function-local imports
are.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).parents[1]
SOURCE = ROOT / "src" / "vendoreval"


def _cycles(package_dir: Path) -> list[list[str]]:
    """Import cycles of the package at ``package_dir``, found in a fresh interpreter (so the
    package analysed is that folder, not the one this test process has imported)."""
    result = subprocess.run(
        [sys.executable, __file__],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(package_dir.parent), "PATH": "/usr/bin:/bin"},
        check=True,
        timeout=300,
    )
    cycles: list[list[str]] = json.loads(result.stdout)
    return cycles


def _find_cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    graph = grimp.build_graph("vendoreval", exclude_type_checking_imports=True, cache_dir=None)
    modules = sorted(graph.modules)
    edges = {m: sorted(set(graph.find_modules_directly_imported_by(m))) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def _lint(config: Path, source_parent: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--no-cache", str(config)],
        capture_output=True,
        text=True,
        cwd=source_parent,
        env={"PYTHONPATH": str(source_parent), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=300,
    )


def test_no_import_cycle() -> None:
    assert _cycles(SOURCE) == []


def test_layers_contract_is_kept() -> None:
    result = _lint(ROOT / "pyproject.toml", ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package whose leaf ``vocabulary`` imports the CLI at the top."""
    parent = tmp_path_factory.mktemp("planted")
    copy = parent / "vendoreval"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.ttf"))
    vocabulary = copy / "vocabulary.py"
    text = vocabulary.read_text(encoding="utf-8")
    marker = "from __future__ import annotations\n"
    vocabulary.write_text(text.replace(marker, marker + "\nimport vendoreval.cli\n", 1))
    shutil.copy(ROOT / "pyproject.toml", parent / "pyproject.toml")
    return copy


def test_planted_upward_import_breaks_the_contract(planted: Path) -> None:
    result = _lint(planted.parent / "pyproject.toml", planted.parent)
    assert result.returncode != 0
    assert "vendoreval.vocabulary is not allowed to import vendoreval.cli" in result.stdout


def test_planted_cycle_is_found(planted: Path) -> None:
    cycles = _cycles(planted)
    assert any("vendoreval.vocabulary" in c and "vendoreval.cli" in c for c in cycles)


if __name__ == "__main__":
    print(json.dumps(_find_cycles()))
