"""The award package's public names, and what importing it loads."""

from __future__ import annotations

import subprocess
import sys

import vendoreval.award as award


def test_public_names_are_sorted_and_exist() -> None:
    assert award.__all__ == sorted(award.__all__)
    for name in award.__all__:
        assert getattr(award, name) is not None
    assert {"Award", "champion_challenger", "optimize_award", "scenario_cost"} <= set(award.__all__)


def test_importing_loads_no_solver_chart_or_workbook_library() -> None:
    code = (
        "import sys, vendoreval.award; "
        "print(*(m in sys.modules for m in ('scipy', 'matplotlib', 'openpyxl')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False", "False"]
