"""The ``vendoreval award`` command: a table of who receives what, the explanation, the
workbook of the award tables, and errors as one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import vendoreval as ve
from vendoreval.cli import app

runner = CliRunner(env={"COLUMNS": "220"})


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("award")
    needs, proposals = ve.load_sample()
    ve.dump_needs(needs, folder / "needs.yaml")
    ve.dump_proposals(proposals, folder / "vendors")
    return folder / "needs.yaml", folder / "vendors"


def test_award_prints_the_split_and_writes_the_tables(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    needs, vendors = files
    out = tmp_path / "award.xlsx"
    result = runner.invoke(
        app,
        [
            "award",
            "--needs",
            str(needs),
            "--proposals",
            str(vendors),
            "--max-share",
            "0.7",
            "--runs",
            "200",
            "--excel",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Award — Hanbit Mall" in result.output
    assert "Against the best single vendor" in result.output
    # Two vendors failed a knock-out of the eight-checks pack: they receive nothing.
    assert "Ruled out: Andes Global Services — failed a knock-out." in result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Summary", "Allocation", "Vendors", "Single vendor"]
    header = [c.value for c in next(book["Allocation"].iter_rows())]
    assert header[:2] == ["segment", "volume"]


def test_award_infeasible_is_one_line(files: tuple[Path, Path]) -> None:
    needs, vendors = files
    result = runner.invoke(
        app,
        [
            "award",
            "--needs",
            str(needs),
            "--proposals",
            str(vendors),
            "--max-share",
            "0.3",
            "--runs",
            "100",
        ],
    )
    assert result.exit_code == 1
    assert "max_share=30% binds" in result.output
    assert "Traceback" not in result.output


def test_award_has_help() -> None:
    result = runner.invoke(app, ["award", "--help"])
    assert result.exit_code == 0
    assert "--split-by" in result.output
    assert "--max-vendors" in result.output
