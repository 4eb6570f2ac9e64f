"""The README tour runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_readme_has_a_tour() -> None:
    assert len(_python_blocks()) >= 3
    quick_start = re.search(r"## Quick start\n\n```sh\n(.*?)```", README.read_text("utf-8"), re.S)
    assert quick_start is not None
    assert quick_start.group(1).split() == ["make", "demo", "make", "test"]


def test_readme_tour_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in _python_blocks():
        exec(compile(block, str(README), "exec"), namespace)
    assert (tmp_path / "comparison.xlsx").stat().st_size > 0
