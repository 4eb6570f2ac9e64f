"""Sheets of plain tables in the comparison workbook: the pilot and a split award."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import vendoreval as ve
from vendoreval.award import optimize_award
from vendoreval.outcomes import compare_pilots, synthetic_pilot


def test_pilot_and_award_sheets(tmp_path: Path) -> None:
    needs, proposals = ve.load_sample()
    names = {"Vendor A": "Hangang CX", "Vendor B": "Seoul Contact Partners"}
    pilot = compare_pilots(synthetic_pilot(seed=0).replace({"vendor": names}), baseline="in-house")
    ev = ve.evaluate(needs, proposals, runs=300, seed=0, pilots=pilot)
    award = optimize_award(
        needs,
        proposals,
        "channel",
        scores=ev.ranking["score"],
        passed=ev.ranking["passed"],
        runs=300,
        seed=0,
    )
    path = ev.to_excel(tmp_path / "comparison.xlsx", award=award)
    book = openpyxl.load_workbook(path, data_only=True)
    assert {"Pilots", "Award"} <= set(book.sheetnames)
    pilots = pd.read_excel(path, sheet_name="Pilots", header=1)
    assert "Seoul Contact Partners" in set(pilots.iloc[:, 0].astype(str))
    award_sheet = book["Award"]
    texts = {str(c.value) for row in award_sheet.iter_rows() for c in row if c.value is not None}
    assert any(vendor in texts for vendor in award.allocation.columns)
    korean = ev.to_excel(tmp_path / "비교.xlsx", language="ko", award=award)
    assert {"파일럿", "분할 발주"} <= set(openpyxl.load_workbook(korean).sheetnames)


def test_an_award_must_be_an_award(tmp_path: Path) -> None:
    needs, proposals = ve.load_sample()
    ev = ve.evaluate(needs, proposals, runs=200, seed=0)
    expected = r"award: expected a vendoreval\.award\.Award"
    with pytest.raises(ve.errors.ArgumentError, match=expected):
        ev.to_excel(tmp_path / "x.xlsx", award="cheap")
    assert not (tmp_path / "x.xlsx").exists()
