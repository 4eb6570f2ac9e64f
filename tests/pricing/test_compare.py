"""One month replayed against several vendors: totals, categories and what explains them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.pricing.test_invoice import FIVE_CALLS, frame
from vendoreval.errors import MissingStaffingInputError, UnpricedChannelError
from vendoreval.pricing import PriceSheet, compare_invoices, invoice
from vendoreval.pricing import records as records_module
from vendoreval.vocabulary import Channel

D = Decimal

# The five calls of test_invoice (251 s of talk + hold + acw, 95 s of wait) and two emails.
CALLS = pd.concat(
    [
        FIVE_CALLS,
        frame(
            [
                ("email", "2027-01-05 10:00", 300, 0, 0, 0),
                ("email", "2027-01-05 11:00", 200, 0, 0, 0),
            ]
        ),
    ],
    ignore_index=True,
)

SHEETS = {
    # 60/60 at 0.50: 360 s = 3.00; emails 2 × 1.00 = 2.00; fixed 5.00 → 10.00
    "Minute": PriceSheet(
        currency="USD",
        billing_increment="60/60",
        voice_rate_per_minute=D("0.50"),
        per_contact={Channel.EMAIL: D("1.00")},
        monthly_fixed=D("5.00"),
    ),
    # per-second with wait at 0.60: 346 s = 3.46; emails 2 × 1.50 = 3.00 → 6.46
    "Second": PriceSheet(
        currency="USD",
        billing_increment="1/1",
        billable_components=("talk", "hold", "acw", "wait"),
        voice_rate_per_minute=D("0.60"),
        per_contact={Channel.EMAIL: D("1.50")},
    ),
    # per FTE: 2 × 4.00 = 8.00, calls covered by it; minimum 9.00 → true-up 1.00
    "Staffed": PriceSheet(
        currency="USD",
        billing_increment="60/60",
        fte_month_rate=D("4.00"),
        minimum_monthly=D("9.00"),
        unpriced_contacts_free=True,
    ),
}


def test_one_row_per_vendor_sorted_by_total() -> None:
    table = compare_invoices(SHEETS, CALLS, ftes={"Staffed": 2})
    assert table.index.tolist() == ["Second", "Staffed", "Minute"]
    assert table["total"].tolist() == [D("6.46"), D("9.00"), D("10.00")]
    for vendor, sheet in SHEETS.items():
        alone = invoice(sheet, CALLS, ftes=2 if vendor == "Staffed" else None)
        assert table.loc[vendor, "total"] == alone.total
    minute = table.loc["Minute"]
    assert (minute["voice_minutes"], minute["per_contact"], minute["fixed"]) == (
        D("3.00"),
        D("2.00"),
        D("5.00"),
    )
    assert minute["share_fixed"] == pytest.approx(0.5)
    assert table.loc["Staffed", "staffing"] == D("8.00")
    assert table.loc["Staffed", "minimum_true_up"] == D("1.00")
    shares = table[[c for c in table.columns if c.startswith("share_")]].sum(axis=1)
    assert shares.tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_columns_that_explain_the_differences() -> None:
    table = compare_invoices(SHEETS, CALLS, ftes={"Staffed": 2})
    minute, second = table.loc["Minute"], table.loc["Second"]
    # 60/60 bills 360 s for 251 s: overhead 360/251; 109 s at 3.00/360 s → 0.9083… → 0.91.
    assert minute["voice_overhead"] == pytest.approx(360 / 251)
    assert minute["rounding_cost"] == D("0.91")
    assert minute["wait_cost"] == D("0.00")
    # Per-second with wait: no rounding overhead; 95 s of wait at 0.60/min = 0.95.
    assert second["voice_overhead"] == pytest.approx(1.0)
    assert second["rounding_cost"] == D("0.00")
    assert second["billed_wait_seconds"] == 95
    assert second["wait_cost"] == D("0.95")
    assert table["contacts"].tolist() == [7, 7, 7]
    assert table.loc["Minute", "handled_contacts"] == 6
    # A sheet without a per-minute price still reports its increment's seconds, costing nothing.
    assert table.loc["Staffed", "voice_billed_seconds"] == 360
    assert table.loc["Staffed", "rounding_cost"] == D("0.00")
    assert table.loc["Staffed", "cost_per_handled_contact"] == pytest.approx(9.00 / 6)


def test_staffing_inputs_per_vendor_and_errors_that_name_the_vendor() -> None:
    with pytest.raises(MissingStaffingInputError, match=r"vendor 'Staffed'.*ftes"):
        compare_invoices(SHEETS, CALLS, ftes={"Other": 2})
    strict = {**SHEETS, "Strict": SHEETS["Minute"].model_copy(update={"per_contact": {}})}
    with pytest.raises(UnpricedChannelError, match=r"vendor 'Strict'.*'email'"):
        compare_invoices(strict, CALLS, ftes=2)
    euro = {**SHEETS, "Euro": SHEETS["Minute"].model_copy(update={"currency": "EUR"})}
    with pytest.raises(ValueError, match="different currencies"):
        compare_invoices(euro, CALLS, ftes=2)
    with pytest.raises(ValueError, match="at least one"):
        compare_invoices({}, CALLS)


def test_a_file_is_read_once_for_every_vendor(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "calls.parquet"
    CALLS.to_parquet(path)
    opened: list[Path] = []
    real = records_module._parquet_work

    def spy(file: Path, *args: Any) -> Any:
        opened.append(file)
        return real(file, *args)

    monkeypatch.setattr(records_module, "_parquet_work", spy)
    table = compare_invoices(SHEETS, path, ftes=2)
    assert opened == [path]
    assert table["total"].tolist() == [D("6.46"), D("9.00"), D("10.00")]
