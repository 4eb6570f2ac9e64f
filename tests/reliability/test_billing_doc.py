"""docs/billing.md says when a phone contact carries its per-contact price; invoice() agrees.

The table of handled contacts on the page is read and each of its rows replayed: a contact
is *handled* (counted in ``Invoice.handled_contacts`` and charged ``per_contact``) when it
has billable seconds — the sheet's billable components, rounded up to whole seconds, sum
above zero — and, when the sheet bills wait, talk + hold + after-call work is above zero.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from vendoreval.pricing import PriceSheet, invoice

PAGE = Path(__file__).resolve().parents[2] / "docs" / "billing.md"
COMPONENTS = (["talk"], ["talk", "hold", "acw"], ["talk", "hold", "acw", "wait"])


def _table() -> list[tuple[list[float], list[bool]]]:
    """Rows of the page's table: the four durations, and handled under each sheet."""
    text = PAGE.read_text(encoding="utf-8")
    start = text.index("| talk [s] | hold [s] | acw [s] | wait [s] |")
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        durations = [float(cell) for cell in cells[:4]]
        handled = [not cell.startswith("not handled") for cell in cells[4:]]
        rows.append((durations, handled))
    return rows


ROWS = _table()


def test_the_page_has_the_table() -> None:
    assert len(ROWS) >= 4
    text = PAGE.read_text(encoding="utf-8")
    assert re.search(r"\*\*billable seconds\*\*", text)


@pytest.mark.parametrize(("durations", "handled"), ROWS)
def test_each_row_of_the_table_is_what_invoice_counts(
    durations: list[float], handled: list[bool]
) -> None:
    talk, hold, acw, wait = durations
    calls = pd.DataFrame(
        {
            "channel": ["phone"],
            "started_at": pd.to_datetime(["2027-01-05 10:00"]),
            "talk_seconds": [talk],
            "hold_seconds": [hold],
            "acw_seconds": [acw],
            "wait_seconds": [wait],
        }
    )
    for components, expected in zip(COMPONENTS, handled, strict=True):
        sheet = PriceSheet(
            currency="KRW",
            billing_increment="1/1",
            billable_components=components,
            per_contact={"phone": 100},
        )
        result = invoice(sheet, calls)
        assert result.handled_contacts.get("phone", 0) == int(expected), components
        per_contact = result.amounts_by_category()["per_contact"]
        assert per_contact == (Decimal(100) if expected else Decimal(0)), components
