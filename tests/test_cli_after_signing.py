"""The ``report`` and ``audit`` commands: readable summaries, workbooks, one-line errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from typer.testing import CliRunner

import vendoreval as ve
from vendoreval.cli import app
from vendoreval.contract import Commitment, ServiceCredits, sla_report
from vendoreval.io.documents import dump_text
from vendoreval.pricing import BillableComponent, BillingIncrement, audit_invoice

runner = CliRunner(env={"COLUMNS": "220"})

TERMS = ServiceCredits(
    commitments=(
        Commitment(channel="phone", kpi="service_level", target=0.95, threshold_seconds=20),
        Commitment(channel="phone", kpi="abandonment", target=0.05),
    ),
    at_risk_share=0.1,
)


def month_of_calls(tmp_path: Path) -> tuple[pd.DataFrame, Path]:
    needs, _ = ve.load_sample()
    calls = ve.datasets.sample_calls(needs.scale_volume(0.05), month="2027-01", seed=1)
    calls["contact_id"] = np.arange(1, len(calls) + 1)
    path = tmp_path / "calls.parquet"
    calls.to_parquet(path)
    return calls, path


def test_report_prints_each_commitment_and_the_credit(tmp_path: Path) -> None:
    calls, path = month_of_calls(tmp_path)
    terms = tmp_path / "terms.yaml"
    terms.write_text(dump_text(TERMS.model_dump(mode="json"), "yaml"), encoding="utf-8")
    book = tmp_path / "report.xlsx"
    result = runner.invoke(
        app,
        [
            "report", "--terms", str(terms), "--calls", str(path), "--month", "2027-01",
            "--fees", "180,000,000", "--excel", str(book), "--language", "ko",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = sla_report(TERMS, calls, month="2027-01")
    credit = expected.credit(Decimal(180_000_000))
    assert "phone.service_level" in result.output
    assert f"Credit due: {credit:,} KRW" in result.output
    values = openpyxl.load_workbook(book, data_only=True)["서비스 크레딧"]
    assert values["B6"].value == float(credit)


def test_audit_prints_the_reasons_and_writes_a_workbook(tmp_path: Path) -> None:
    calls, path = month_of_calls(tmp_path)
    _, proposals = ve.load_sample()
    first = next(p for p in proposals if p.sheet.voice_rate_per_minute is not None)
    sheet = first.sheet.model_copy(
        update={
            "billing_increment": BillingIncrement.parse("30/6"),
            "billable_components": (
                BillableComponent.TALK,
                BillableComponent.HOLD,
                BillableComponent.ACW,
            ),
        }
    )
    vendor = first.model_copy(update={"pricing": first.pricing.model_copy(update={"sheet": sheet})})
    ve.dump_proposal(vendor, tmp_path / "vendor.yaml")
    phone = calls[calls["channel"] == "phone"]
    seconds = BillingIncrement.parse("30/6").billed_seconds(
        (phone["talk_seconds"] + phone["hold_seconds"] + phone["acw_seconds"]).to_numpy()
    )
    billed = pd.DataFrame({"contact_id": phone["contact_id"], "billed_seconds": seconds})
    billed = billed[billed["billed_seconds"] > 0]
    billed = pd.concat([billed, billed.iloc[[0]]], ignore_index=True)  # one duplicate
    billed.to_csv(tmp_path / "billed.csv", index=False)
    book = tmp_path / "audit.xlsx"
    result = runner.invoke(
        app,
        [
            "audit", "--sheet", str(tmp_path / "vendor.yaml"), "--calls", str(path),
            "--billed", str(tmp_path / "billed.csv"), "--excel", str(book),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = audit_invoice(vendor.sheet, calls, billed)
    assert int(expected.by_reason.loc["duplicate", "contacts"]) == 1
    assert "duplicate" in result.output
    frame = pd.read_excel(book, sheet_name="By reason").set_index("Reason")
    assert frame.loc["duplicate", "Contacts"] == 1


def test_bad_records_are_one_line_errors(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(dump_text(TERMS.model_dump(mode="json"), "yaml"), encoding="utf-8")
    bad = tmp_path / "calls.csv"
    bad.write_text(
        "contact_id,channel,started_at,talk_seconds,hold_seconds,acw_seconds,wait_seconds\n"
        "1,phone,2027-01-03 10:00:00,60,0,0,5\n"
        "2,fax,2027-01-03 10:01:00,60,0,0,5\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["report", "--terms", str(terms), "--calls", str(bad), "--month", "2027-01"],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "channel" in result.output
    assert "calls.csv" in result.output
