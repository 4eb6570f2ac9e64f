"""Workbooks of the service report and the invoice audit: formulas carry the values the
library computed, and recalculating them (the ``formulas`` package) gives the same."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.io.test_excel import recalculate
from vendoreval.contract import Commitment, GradeBand, ServiceCredits, sla_report
from vendoreval.io.excel import write_audit_workbook, write_report_workbook
from vendoreval.pricing import PriceSheet, audit_invoice

COMMITMENTS = (
    Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20, weight=0.6),
    Commitment(channel="phone", kpi="abandonment", target=0.05, weight=0.4),
)
POOL = ServiceCredits(commitments=COMMITMENTS, at_risk_share=0.1)
GRADES = ServiceCredits(
    commitments=COMMITMENTS,
    grades=(
        GradeBand(grade="A", min_score=95, adjustment=0.02),
        GradeBand(grade="B", min_score=80, adjustment=0.0),
        GradeBand(grade="C", min_score=0, adjustment=-0.05),
    ),
)


def calls() -> pd.DataFrame:
    """Ten phone contacts of January 2027: 6 answered within 20 s, 2 later, 2 abandoned.

    Service level 6/10 = 0.6 (missed against 0.8); abandonment 2/10 = 0.2 (missed against
    0.05). Pool: 10% of ₩1,000,000 = ₩100,000, weights 0.6 + 0.4 = 1 → credit ₩100,000.
    Grades: attainment 0.6/0.8 = 0.75 and 0.05/0.2 = 0.25 → score 100 × (0.6·0.75 +
    0.4·0.25) = 55 → band C → credit −(−0.05) × ₩1,000,000 = ₩50,000."""
    waits = [5, 10, 15, 20, 1, 2, 30, 40, 60, 90]
    talk = [100, 120, 90, 80, 70, 60, 110, 130, 0, 0]
    return pd.DataFrame(
        {
            "contact_id": np.arange(1, 11),
            "channel": ["phone"] * 10,
            "started_at": pd.date_range("2027-01-04 09:00", periods=10, freq="7min"),
            "talk_seconds": talk,
            "hold_seconds": [0] * 10,
            "acw_seconds": [0] * 10,
            "wait_seconds": waits,
        }
    )


def cached(path: Path, sheet: str, cell: str) -> Any:
    return openpyxl.load_workbook(path, data_only=True)[sheet][cell].value


@pytest.mark.parametrize(("terms", "expected"), [(POOL, 100_000), (GRADES, 50_000)])
def test_report_credit_is_cached_and_recalculates(
    tmp_path: Path, terms: ServiceCredits, expected: int
) -> None:
    report = sla_report(terms, calls(), month="2027-01")
    assert report.credit(Decimal(1_000_000)) == expected
    path = write_report_workbook(report, tmp_path / "report.xlsx", fees=Decimal(1_000_000))
    assert cached(path, "Credit", "B6") == expected
    assert cached(path, "Service report", "E2") is False
    solved = recalculate(path)
    assert float(solved[("CREDIT", "B6")]) == pytest.approx(expected)
    if terms is GRADES:
        assert float(solved[("CREDIT", "B3")]) == pytest.approx(55.0)
        assert cached(path, "Credit", "B4") == "C"


def test_report_in_korean(tmp_path: Path) -> None:
    report = sla_report(POOL, calls(), month="2027-01")
    path = write_report_workbook(report, tmp_path / "보고서.xlsx", fees=1_000_000, language="ko")
    book = openpyxl.load_workbook(path, data_only=True)
    assert book.sheetnames == ["서비스 보고서", "서비스 크레딧", "30분 단위"]
    assert book["서비스 크레딧"]["B6"].value == 100_000


def test_audit_workbook_amounts(tmp_path: Path) -> None:
    sheet = PriceSheet(
        currency="KRW", billing_increment="60/60", voice_rate_per_minute=Decimal(600)
    )
    records = calls()
    # Ours: per-minute billing of talk → [120, 120, 120, 120, 120, 60, 120, 180, 0, 0].
    billed = pd.DataFrame(
        {
            "contact_id": [1, 2, 2, 3, 99],
            "billed_seconds": [120, 120, 120, 120, 60],
        }
    )
    audit = audit_invoice(sheet, records, billed)
    path = write_audit_workbook(audit, tmp_path / "audit.xlsx")
    frame = pd.read_excel(path, sheet_name="By reason")
    by_reason = frame.set_index("Reason")
    assert by_reason.loc["phantom", "Amount"] == 600  # 60 s at ₩600 a minute
    assert by_reason.loc["duplicate", "Amount"] == 1200
    solved = recalculate(path)
    total_row = len(audit.by_reason) + 2
    assert float(solved[("BY REASON", f"D{total_row}")]) == pytest.approx(1800)
    contacts = pd.read_excel(path, sheet_name="Contacts")
    assert set(contacts["Reason"]) == {"phantom", "duplicate"}


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    records = calls().assign(contact_id=[f'=HYPERLINK("x",{i})' for i in range(10)])
    sheet = PriceSheet(
        currency="KRW", billing_increment="60/60", voice_rate_per_minute=Decimal(600)
    )
    billed = pd.DataFrame({"contact_id": ["=1+1"], "billed_seconds": [60]})
    audit = audit_invoice(sheet, records, billed)
    path = write_audit_workbook(audit, tmp_path / "audit.xlsx")
    cell = openpyxl.load_workbook(path)["Contacts"]["A2"]
    assert cell.value == "=1+1"
    assert cell.data_type == "s"
