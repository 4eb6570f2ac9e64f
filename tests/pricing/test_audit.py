"""Invoice audits: a hand-worked invoice with one planted error of each kind, and properties.

The fixtures are worked out by hand in the comments from DESIGN ("Semantics that must hold":
an increment ``a/b`` bills 0 for 0 s, ``a`` up to ``a`` s, else ``a + ⌈(d − a)/b⌉·b``,
applied per contact to the sum of its billable components; "After signing": the reasons of
``audit_invoice``) and the module docstring of ``vendoreval.pricing.audit``. Money is rounded
half-up once per reason to the currency's minor unit (ISO 4217: USD 2 places, KRW 0).
"""

from __future__ import annotations

import math
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.arrow_inputs import string_view_table
from vendoreval.errors import CallRecordError
from vendoreval.pricing import (
    AfterHours,
    BillableComponent,
    BillingIncrement,
    InvoiceAudit,
    Premiums,
    PriceSheet,
    Rounding,
    TierBand,
    TierBasis,
    TierMode,
    VolumeTier,
    audit_invoice,
    invoice,
)
from vendoreval.pricing.audit import AUDIT_REASONS

D = Decimal
COLUMNS = [
    "contact_id",
    "channel",
    "started_at",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "wait_seconds",
]


def records(rows: list[tuple[Any, ...]], day: str = "2027-01-05") -> pd.DataFrame:
    """Call records from (id, channel, HH:MM, talk, hold, acw, wait) tuples on ``day``."""
    calls = pd.DataFrame(rows, columns=COLUMNS)
    calls["started_at"] = pd.to_datetime(day + " " + calls["started_at"])
    return calls


def detail(rows: list[tuple[Any, ...]], amount: bool = True) -> pd.DataFrame:
    """Billing detail from (id, billed seconds[, amount text]) tuples."""
    columns = ["contact_id", "billed_seconds", "amount"][: 3 if amount else 2]
    frame = pd.DataFrame([row[: len(columns)] for row in rows], columns=columns)
    if amount:
        frame["amount"] = frame["amount"].map(D)
    return frame


# ------------------------------------------------------------------------------ the fixture

# A 30/6 sheet at USD 0.60 a minute = 0.01 a second, billing talk + hold + acw (not wait),
# with an after-hours premium ×1.5 from 20:00 to 08:00 Asia/Seoul (naive times are local).
SHEET = PriceSheet(
    currency="USD",
    billing_increment="30/6",
    voice_rate_per_minute=D("0.60"),
    per_contact={"chat": D("1.00"), "email": D("1.00")},
    premiums=Premiums(
        timezone="Asia/Seoul",
        after_hours=AfterHours(start="20:00", end="08:00", multiplier=D("1.5")),
    ),
)

# Twenty contacts on Tuesday 2027-01-05. Billable = talk + hold + acw; ours = 30/6 of it:
#   C01  45            → 48   (30 + ⌈15/6⌉·6 = 30 + 18)
#   C02  61 + 10 + 5   = 76 → 78   (30 + ⌈46/6⌉·6 = 30 + 48)
#   C03  abandoned, 0  → 0
#   C04  119 + 0 + 1   = 120 → 120 (30 + 15·6)
#   C05  10            → 30   (the minimum)
#   C06  200 + 30 + 20 = 250 → 252 (30 + ⌈220/6⌉·6 = 30 + 37·6)
#   C07  95            → 96   (30 + ⌈65/6⌉·6 = 30 + 66); wait 60
#   C08  31            → 36
#   C09  chat          → 0 (priced per contact, no billed seconds)
#   C10  150           → 150
#   C11  59            → 60
#   C12  180           → 180, at 10:40 (no premium due)
#   C13  62            → 66   (30 + ⌈32/6⌉·6 = 30 + 36); wait 8
#   C14  100           → 102  (30 + ⌈70/6⌉·6 = 30 + 72), at 21:30: after hours, ×1.5 due
#   C15  70            → 72
#   C16  40 + 5 + 5    = 50 → 54
#   C17  email         → 0
#   C18  24            → 30
#   C19  121           → 126  (30 + ⌈91/6⌉·6 = 30 + 96)
#   C20  33            → 36   (not billed by the vendor)
# Σ ours = 48+78+0+120+30+252+96+36+0+150+60+180+66+102+72+54+0+30+126+36 = 1,536 s.
CALLS = records(
    [
        ("C01", "phone", "09:00", 45, 0, 0, 5),
        ("C02", "phone", "09:05", 61, 10, 5, 20),
        ("C03", "phone", "09:10", 0, 0, 0, 30),
        ("C04", "phone", "09:15", 119, 0, 1, 0),
        ("C05", "phone", "09:20", 10, 0, 0, 40),
        ("C06", "phone", "09:25", 200, 30, 20, 15),
        ("C07", "phone", "09:30", 95, 0, 0, 60),
        ("C08", "phone", "10:00", 31, 0, 0, 10),
        ("C09", "chat", "10:10", 300, 0, 30, 5),
        ("C10", "phone", "10:20", 150, 0, 0, 25),
        ("C11", "phone", "10:30", 59, 0, 0, 0),
        ("C12", "phone", "10:40", 180, 0, 0, 12),
        ("C13", "phone", "11:00", 62, 0, 0, 8),
        ("C14", "phone", "21:30", 100, 0, 0, 10),
        ("C15", "phone", "12:00", 70, 0, 0, 0),
        ("C16", "phone", "13:00", 40, 5, 5, 3),
        ("C17", "email", "14:00", 0, 0, 0, 0),
        ("C18", "phone", "15:00", 24, 0, 0, 2),
        ("C19", "phone", "16:00", 121, 0, 0, 9),
        ("C20", "phone", "17:00", 33, 0, 0, 4),
    ]
)

# The vendor's detail: amount = seconds × 0.01 (× 1.5 after hours), with one planted error
# of each kind:
#   phantom      C99 is in no record: 60 s, ours 0                        → +60 s
#   duplicate    C04 billed a second time, 120 s, ours 0                  → +120 s
#   wait_billed  C07 billed 95 + 60 wait = 155 → 30/6 156, ours 96        → +60 s
#   rounding     C13 billed 62 s per minute (60/60) → 120, ours 66        → +54 s
#                (wait would give 62 + 8 = 70 → 72, not 120)
#   premium      C12 at 10:40 billed 180 s = ours, but 2.70 = 180 × 0.01 × 1.5: the
#                after-hours multiplier outside its window; due 1.80      → 0 s, 0.90
#   other        C19 billed 100 s, ours 126 (under-billing; 60/60 → 180, 30/30 → 150,
#                6/6 → 126, 1/1 → 121, with wait 130 → 132: none is 100)  → −26 s
# C14 after hours is billed 102 s at 1.53 = 102 × 0.01 × 1.5: right, not a difference.
# C03 is billed 0 s (= ours); C09, C17 (not voice) and C20 are not billed.
BILLED = detail(
    [
        ("C01", 48, "0.48"),
        ("C02", 78, "0.78"),
        ("C03", 0, "0.00"),
        ("C04", 120, "1.20"),
        ("C05", 30, "0.30"),
        ("C06", 252, "2.52"),
        ("C07", 156, "1.56"),
        ("C08", 36, "0.36"),
        ("C04", 120, "1.20"),
        ("C10", 150, "1.50"),
        ("C11", 60, "0.60"),
        ("C12", 180, "2.70"),
        ("C13", 120, "1.20"),
        ("C14", 102, "1.53"),
        ("C99", 60, "0.60"),
        ("C15", 72, "0.72"),
        ("C16", 54, "0.54"),
        ("C18", 30, "0.30"),
        ("C19", 100, "1.00"),
    ]
)


@pytest.fixture(scope="module")
def audit() -> InvoiceAudit:
    return audit_invoice(SHEET, CALLS, BILLED)


def test_each_planted_error_is_found_with_its_seconds(audit: InvoiceAudit) -> None:
    # In the order of the billing detail.
    expected = pd.DataFrame(
        [
            ("C07", "wait_billed", 96, 156),
            ("C04", "duplicate", 0, 120),
            ("C12", "premium", 180, 180),
            ("C13", "rounding", 66, 120),
            ("C99", "phantom", 0, 60),
            ("C19", "other", 126, 100),
        ],
        columns=["contact_id", "reason", "ours_seconds", "their_seconds"],
    )
    pd.testing.assert_frame_equal(audit.contacts, expected, check_dtype=False)
    assert list(audit.contacts.columns) == ["contact_id", "reason", "ours_seconds", "their_seconds"]
    assert audit.contacts["ours_seconds"].dtype == np.int64
    assert audit.contacts["their_seconds"].dtype == np.int64


def test_by_reason_seconds_and_money(audit: InvoiceAudit) -> None:
    # Money = seconds / 60 × 0.60 = seconds × 0.01, once per reason; the premium is the
    # over-charge 2.70 − 180/60 × 0.60 × 1 = 0.90.
    table = audit.by_reason
    assert list(table.index) == list(AUDIT_REASONS)
    assert table.index.name == "reason"
    assert table["contacts"].tolist() == [1, 1, 1, 1, 1, 1]
    assert table["seconds"].tolist() == [60, 120, 60, 54, 0, -26]
    assert table["amount"].tolist() == [
        D("0.60"),
        D("1.20"),
        D("0.60"),
        D("0.54"),
        D("0.90"),
        D("-0.26"),
    ]
    assert all(isinstance(amount, Decimal) for amount in table["amount"])
    # 60 + 120 + 60 + 54 + 0 − 26 = 268 s; 0.60 + 1.20 + 0.60 + 0.54 + 0.90 − 0.26 = 3.58
    assert audit.total_seconds_over == 268
    assert audit.total_amount == D("3.58")
    assert audit.premium_checked


def test_unbilled_contacts_are_listed_apart(audit: InvoiceAudit) -> None:
    # C20 (36 s) is not billed; C09 and C17 have no billed seconds, so they are not listed.
    assert audit.unbilled["contact_id"].tolist() == ["C20"]
    assert audit.unbilled["ours_seconds"].tolist() == [36]
    assert "unbilled" not in audit.by_reason.index


def test_totals_and_waterfall_reconcile(audit: InvoiceAudit) -> None:
    # Billed: 48+78+0+120+30+252+156+36+120+150+60+180+120+102+60+72+54+30+100 = 1,768 s.
    assert audit.billed_lines == 19
    assert audit.billed_seconds == 1768
    assert audit.records == 20
    assert audit.replay_seconds == audit.ours_seconds == 1536
    assert audit.replay_seconds == invoice(SHEET, CALLS).voice_billed_seconds
    # 1,768 − 268 + 36 (not billed) = 1,536.
    steps = audit.waterfall()
    assert steps["step"].tolist() == [
        "billed by the vendor",
        *AUDIT_REASONS,
        "not billed",
        "replay",
    ]
    assert steps["change"].tolist() == [1768, -60, -120, -60, -54, 0, 26, 36, 1536]
    assert steps["level"].iloc[-2] == steps["level"].iloc[-1] == 1536
    money = audit.waterfall("amount")
    # Replay 1,536 s × 0.01 = 15.36; not billed 0.36; start = 15.36 + 3.58 − 0.36 = 18.58.
    assert money["change"].iloc[0] == D("18.58")
    assert money["level"].iloc[-2] == money["change"].iloc[-1] == D("15.36")
    with pytest.raises(ValueError, match="measure"):
        audit.waterfall("minutes")  # type: ignore[arg-type]


def test_summary_texts(audit: InvoiceAudit) -> None:
    text = str(audit)
    assert "Invoice audit (USD)" in text
    assert "wait_billed" in text
    assert "+60" in text
    assert "-0.26" in text
    assert "total" in text
    assert "+268" in text
    assert "3.58" in text
    assert "not billed: 1 contact (36 s)" in text
    assert "premiums: checked" in text
    page = audit._repr_html_()
    assert page.count("<tr>") == len(AUDIT_REASONS) + 2
    assert "3.58" in page
    assert "6 differing lines" in repr(audit)
    frame = audit.to_frame()
    assert frame.index[-1] == "total"
    assert list(frame.iloc[-1]) == [6, 268, D("3.58")]


def test_shuffled_detail_finds_the_same_errors() -> None:
    # The second C04 line is the duplicate whichever comes first: both are 120 s.
    shuffled = BILLED.sample(frac=1.0, random_state=3).reset_index(drop=True)
    result = audit_invoice(SHEET, CALLS, shuffled)
    found = sorted(zip(result.contacts["contact_id"], result.contacts["reason"], strict=True))
    assert found == sorted(
        [
            ("C07", "wait_billed"),
            ("C04", "duplicate"),
            ("C12", "premium"),
            ("C13", "rounding"),
            ("C99", "phantom"),
            ("C19", "other"),
        ]
    )


def test_string_views_give_the_same_audit(audit: InvoiceAudit, tmp_path: Path) -> None:
    """Ids and channels as Arrow ``string_view`` text, in frames or parquet files."""
    import pyarrow.parquet as pq

    calls, billed = string_view_table(CALLS), string_view_table(BILLED)
    assert pa.types.is_string_view(billed.schema.field("contact_id").type)
    pq.write_table(calls, tmp_path / "calls.parquet")
    pq.write_table(billed, tmp_path / "billed.parquet")
    for result in (
        audit_invoice(
            SHEET,
            calls.to_pandas(types_mapper=pd.ArrowDtype),
            billed.to_pandas(types_mapper=pd.ArrowDtype),
        ),
        audit_invoice(SHEET, tmp_path / "calls.parquet", tmp_path / "billed.parquet"),
    ):
        assert (
            result.contacts[["contact_id", "reason"]]
            .astype(str)
            .equals(audit.contacts[["contact_id", "reason"]].astype(str))
        )
        assert result.by_reason.equals(audit.by_reason)
        assert result.billed_seconds == audit.billed_seconds
        assert result.ours_seconds == audit.ours_seconds


# ------------------------------------------------------------------------------ semantics


def test_the_replay_against_itself_finds_nothing(audit: InvoiceAudit) -> None:
    ours = {"C04": 120, "C07": 96, "C12": 180, "C13": 66, "C19": 126, "C20": 36}
    fixed = BILLED[BILLED["contact_id"] != "C99"].drop_duplicates("contact_id").copy()
    fixed["billed_seconds"] = [
        ours.get(c, s) for c, s in zip(fixed.contact_id, fixed.billed_seconds, strict=True)
    ]
    fixed = pd.concat([fixed, pd.DataFrame({"contact_id": ["C20"], "billed_seconds": [36]})])
    fixed = fixed.drop(columns="amount")
    result = audit_invoice(SHEET, CALLS, fixed)
    assert result.contacts.empty
    assert list(result.contacts.columns) == [
        "contact_id",
        "reason",
        "ours_seconds",
        "their_seconds",
    ]
    assert result.by_reason["contacts"].tolist() == [0] * 6
    assert result.by_reason["seconds"].tolist() == [0] * 6
    assert result.by_reason["amount"].tolist() == [D("0.00")] * 6
    assert result.total_amount == 0
    assert result.total_seconds_over == 0
    assert result.unbilled.empty
    assert not result.premium_checked
    assert "no 'amount' column" in result.premium_note


def test_reasons_apply_in_order_of_precedence() -> None:
    # On the 30/6 after-hours sheet, at 10:00 (no premium due), USD 0.01 a second:
    #   p  not in the records, billed twice: both lines are phantom (not duplicate)
    #   w  talk 50, wait 10: 30/6 of 60 = 60 = 60/60 of 50, ours 54: wait_billed wins
    #   r  talk 62: 60/60 → 120, priced ×1.5 = 1.80 (also a premium): rounding wins
    #   d  talk 30 (ours 30), then a second line 30 s at 0.45 (×1.5): duplicate wins
    calls = records(
        [
            ("w", "phone", "10:00", 50, 0, 0, 10),
            ("r", "phone", "10:00", 62, 0, 0, 0),
            ("d", "phone", "10:00", 30, 0, 0, 0),
        ]
    )
    billed = detail(
        [
            ("p", 30, "0.30"),
            ("p", 30, "0.30"),
            ("w", 60, "0.60"),
            ("r", 120, "1.80"),
            ("d", 30, "0.30"),
            ("d", 30, "0.45"),
        ]
    )
    result = audit_invoice(SHEET, calls, billed)
    assert result.contacts["reason"].tolist() == [
        "phantom",
        "phantom",
        "wait_billed",
        "rounding",
        "duplicate",
    ]
    # 30 + 30 phantom; w 60 − 54 = +6; r 120 − 66 = +54; d +30; no premium.
    assert result.by_reason["seconds"].tolist() == [60, 30, 6, 54, 0, 0]


def test_money_is_rounded_once_per_reason() -> None:
    # USD 0.37 a minute. Two contacts of 40 s on 1/1, each billed 41 s (other, +1 s each).
    # Per line 1/60 × 0.37 = 0.00617 would round to 0.01 twice (0.02); once per reason:
    # 2/60 × 0.37 = 0.012333… → 0.01.
    sheet = PriceSheet(currency="USD", billing_increment="1/1", voice_rate_per_minute=D("0.37"))
    calls = records([("a", "phone", "09:00", 40, 0, 0, 0), ("b", "phone", "09:01", 40, 0, 0, 0)])
    billed = detail([("a", 41), ("b", 41)], amount=False)
    result = audit_invoice(sheet, calls, billed)
    assert result.by_reason.loc["other", "seconds"] == 2
    assert result.by_reason.loc["other", "amount"] == D("0.01")


def test_half_up_in_krw() -> None:
    # KRW 450 a minute = 7.5 a second. A 1/1 sheet, billable 7 s, billed 12 s = 6/6 of 7:
    # rounding, +5 s × 7.5 = 37.5 → 38 (half-up, KRW has no minor unit).
    sheet = PriceSheet(currency="KRW", billing_increment="1/1", voice_rate_per_minute=D(450))
    calls = records([("k", "phone", "09:00", 7, 0, 0, 0)])
    result = audit_invoice(sheet, calls, detail([("k", 12)], amount=False))
    assert result.contacts["reason"].tolist() == ["rounding"]
    assert result.by_reason.loc["rounding", "amount"] == D("38")


def test_a_sheet_that_bills_wait_includes_it_in_ours() -> None:
    # talk+hold+acw+wait: 95 + 60 = 155 → 30/6 156 is right; 96 (without wait) is under.
    sheet = PriceSheet(
        currency="USD",
        billing_increment="30/6",
        voice_rate_per_minute=D("0.60"),
        billable_components=("talk", "hold", "acw", "wait"),
    )
    calls = records([("w", "phone", "09:00", 95, 0, 0, 60), ("x", "phone", "09:01", 95, 0, 0, 60)])
    result = audit_invoice(sheet, calls, detail([("w", 156), ("x", 96)], amount=False))
    assert result.contacts.to_dict("records") == [
        {"contact_id": "x", "reason": "other", "ours_seconds": 156, "their_seconds": 96}
    ]


def test_monthly_rounding_compares_unrounded_seconds() -> None:
    # Monthly 60/60: ours per contact is 1/1. a = 45 s, b = 50 s, c = 10 s (wait 30).
    # a billed 45 (right); b billed 60 = per-contact 60/60 (rounding, +10 s); c billed
    # 10 + 30 = 40 (wait_billed, +30 s). The replay bills 60/60 of 105 s = 120 s once.
    sheet = PriceSheet(
        currency="USD",
        billing_increment="60/60",
        rounding=Rounding.MONTHLY,
        voice_rate_per_minute=D("0.60"),
    )
    calls = records(
        [
            ("a", "phone", "09:00", 45, 0, 0, 0),
            ("b", "phone", "09:01", 50, 0, 0, 0),
            ("c", "phone", "09:02", 10, 0, 0, 30),
        ]
    )
    result = audit_invoice(sheet, calls, detail([("a", 45), ("b", 60), ("c", 40)], amount=False))
    assert result.contacts["reason"].tolist() == ["rounding", "wait_billed"]
    assert result.contacts["ours_seconds"].tolist() == [50, 10]
    assert result.ours_seconds == 105
    assert result.replay_seconds == 120 == invoice(sheet, calls).voice_billed_seconds
    assert result.monthly
    assert "rounds monthly" in str(result)
    steps = result.waterfall()
    # 145 billed − 10 − 30 + 0 not billed + 15 monthly rounding = 120.
    assert steps["change"].tolist() == [145, 0, 0, -30, -10, 0, 0, 0, 15, 120]


def test_a_finer_increment_is_rounding_even_when_it_bills_less() -> None:
    # 60/60 sheet: 61 s → 120 ours; billed 61 (1/1) is a rounding difference of −59 s.
    sheet = PriceSheet(currency="USD", billing_increment="60/60", voice_rate_per_minute=D("0.60"))
    calls = records([("a", "phone", "09:00", 61, 0, 0, 0)])
    result = audit_invoice(sheet, calls, detail([("a", 61)], amount=False))
    assert result.contacts["reason"].tolist() == ["rounding"]
    assert result.by_reason.loc["rounding", "seconds"] == -59


def test_billed_seconds_on_a_contact_of_another_channel_are_other() -> None:
    # A chat contact has no billed seconds: 330 s billed on it is unexplained.
    calls = records([("c", "chat", "09:00", 300, 0, 30, 0)])
    result = audit_invoice(SHEET, calls, detail([("c", 330)], amount=False))
    assert result.contacts.to_dict("records") == [
        {"contact_id": "c", "reason": "other", "ours_seconds": 0, "their_seconds": 330}
    ]


def test_fractional_components_round_up_like_the_invoice() -> None:
    # 10.1 + 0.9 = 11 s exactly (not 12); 10.2 + 0.9 = 11.1 → 12 s; 1/1 sheet.
    sheet = PriceSheet(currency="USD", billing_increment="1/1", voice_rate_per_minute=D("0.60"))
    calls = records(
        [("a", "phone", "09:00", 10.1, 0.9, 0, 0), ("b", "phone", "09:00", 10.2, 0.9, 0, 0)]
    )
    result = audit_invoice(sheet, calls, detail([("a", 11), ("b", 12)], amount=False))
    assert result.contacts.empty
    assert result.ours_seconds == invoice(sheet, calls).voice_billed_seconds == 23


def test_voice_tier_prices_at_the_average_realised_rate() -> None:
    # Graduated: first 1 min at 1.00, then 0.40. Replay: 30/6 of 61 s = 66 s = 1.1 min →
    # 1.00 + 0.1 × 0.40 = 1.04, i.e. 1.04 / 1.1 = 0.9454… a minute. A +54 s rounding line
    # (60/60 → 120) costs 54/60 × 0.9454… = 0.8509… → 0.85.
    tier = VolumeTier(
        basis=TierBasis.VOICE_MINUTES,
        mode=TierMode.GRADUATED,
        bands=(TierBand(up_to=1, rate=D("1.00")), TierBand(rate=D("0.40"))),
    )
    sheet = PriceSheet(currency="USD", billing_increment="30/6", volume_tiers=(tier,))
    calls = records([("a", "phone", "09:00", 61, 0, 0, 0)])
    result = audit_invoice(sheet, calls, detail([("a", 120, "1.20")]))
    assert result.by_reason.loc["rounding", "amount"] == D("0.85")
    assert not result.premium_checked


# ------------------------------------------------------------------------------ premiums


WEEKEND_SHEET = PriceSheet(
    currency="USD",
    billing_increment="1/1",
    voice_rate_per_minute=D("0.60"),
    premiums=Premiums(
        timezone="Asia/Seoul",
        after_hours=AfterHours(start="20:00", end="08:00", multiplier=D("1.2")),
        weekend_multiplier=D("1.5"),
        language_multipliers={"en": D("1.1")},
    ),
)


def test_premium_multipliers_and_languages() -> None:
    # 1/1 at 0.01 a second; 100 s = 1.00 base.
    #   a  Tue 10:00 ko: due ×1; billed 1.20 (after-hours ×1.2)            → premium +0.20
    #   b  Tue 21:00 ko: due ×1.2; billed 1.50 (weekend ×1.5 on a Tuesday)  → premium +0.30
    #   c  Sat 10:00 ko: due ×1.5 (weekend); billed 1.50                   → right
    #   d  Sat 21:00 ko: due ×1.5 (largest); billed 1.20 (after-hours only) → under, not flagged
    #   e  Tue 10:00 en: due ×1.1; billed 1.32 = 1.00 × 1.2 × 1.1           → premium +0.22
    #   f  Tue 10:00 en: due ×1.1; billed 1.10                             → right
    # Premium over-charge: 0.20 + 0.30 + 0.22 = 0.72.
    calls = pd.DataFrame(
        {
            "contact_id": list("abcdef"),
            "channel": "phone",
            "started_at": pd.to_datetime(
                [
                    "2027-01-05 10:00",
                    "2027-01-05 21:00",
                    "2027-01-09 10:00",
                    "2027-01-09 21:00",
                    "2027-01-05 10:00",
                    "2027-01-05 10:00",
                ]
            ),
            "talk_seconds": 100,
            "hold_seconds": 0,
            "acw_seconds": 0,
            "wait_seconds": 0,
            "language": ["ko", "ko", "ko", "ko", "en", "en"],
        }
    )
    billed = detail(
        [
            ("a", 100, "1.20"),
            ("b", 100, "1.50"),
            ("c", 100, "1.50"),
            ("d", 100, "1.20"),
            ("e", 100, "1.32"),
            ("f", 100, "1.10"),
        ]
    )
    result = audit_invoice(WEEKEND_SHEET, calls, billed)
    assert result.contacts["contact_id"].tolist() == ["a", "b", "e"]
    assert set(result.contacts["reason"]) == {"premium"}
    assert result.by_reason.loc["premium", "seconds"] == 0
    assert result.by_reason.loc["premium", "amount"] == D("0.72")


def test_premium_needs_the_language_column_when_the_sheet_has_language_premiums() -> None:
    calls = records([("a", "phone", "09:00", 100, 0, 0, 0)])
    with pytest.raises(CallRecordError, match="language"):
        audit_invoice(WEEKEND_SHEET, calls, detail([("a", 100, "1.00")]))


def test_naive_times_read_in_another_zone() -> None:
    # 12:30 UTC is 21:30 in Seoul: after hours, so ×1.5 is due and 1.53 for 102 s is right.
    # Read as Seoul local time (the default) it is 12:30, no premium: 1.53 is a premium.
    calls = records([("a", "phone", "12:30", 100, 0, 0, 0)])
    billed = detail([("a", 102, "1.53")])
    assert audit_invoice(SHEET, calls, billed, timezone="UTC").contacts.empty
    assert audit_invoice(SHEET, calls, billed).contacts["reason"].tolist() == ["premium"]
    aware = calls.assign(started_at=calls["started_at"].dt.tz_localize("UTC"))
    assert audit_invoice(SHEET, aware, billed).contacts.empty
    with pytest.raises(ValueError, match="IANA"):
        audit_invoice(SHEET, calls, billed, timezone="Mars/Base")


def test_premium_is_not_checked_without_time_premiums() -> None:
    sheet = PriceSheet(currency="USD", billing_increment="30/6", voice_rate_per_minute=D("0.60"))
    calls = records([("a", "phone", "09:00", 100, 0, 0, 0)])
    result = audit_invoice(sheet, calls, detail([("a", 102, "9.99")]))
    assert result.contacts.empty
    assert not result.premium_checked
    assert "no after-hours, weekend or holiday premium" in result.premium_note


# ------------------------------------------------------------------------------ ids


def test_ids_compare_as_text_across_kinds() -> None:
    # Records hold numbers, the detail text: "7" matches 7, "007" does not (phantom).
    calls = records([(7, "phone", "09:00", 30, 0, 0, 0)])
    billed = pd.DataFrame({"contact_id": ["7", "007"], "billed_seconds": [30, 30]})
    result = audit_invoice(SHEET, calls, billed)
    assert result.contacts.to_dict("records") == [
        {"contact_id": "007", "reason": "phantom", "ours_seconds": 0, "their_seconds": 30}
    ]


def test_categorical_and_integer_ids() -> None:
    calls = records([(1, "phone", "09:00", 30, 0, 0, 0), (2, "phone", "09:01", 30, 0, 0, 0)])
    calls["contact_id"] = calls["contact_id"].astype("category")
    billed = pd.DataFrame(
        {"contact_id": np.array([2, 2], dtype=np.uint32), "billed_seconds": [30, 30]}
    )
    result = audit_invoice(SHEET, calls, billed)
    assert result.contacts["reason"].tolist() == ["duplicate"]
    assert result.unbilled["contact_id"].tolist() == [1]


# ------------------------------------------------------------------------------ files


def test_files_give_the_same_audit_as_frames(tmp_path: Path, audit: InvoiceAudit) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    pq.write_table(pa.Table.from_pandas(CALLS.iloc[:8], preserve_index=False), folder / "a.parquet")
    CALLS.iloc[8:].to_csv(folder / "b.csv", index=False)
    BILLED.to_csv(tmp_path / "billed.csv", index=False)
    billed_parquet = BILLED.assign(amount=BILLED["amount"].astype(float))
    pq.write_table(
        pa.Table.from_pandas(billed_parquet, preserve_index=False), tmp_path / "b.parquet"
    )
    for calls in (folder, str(folder)):
        for billed in (tmp_path / "billed.csv", tmp_path / "b.parquet"):
            result = audit_invoice(SHEET, calls, billed, batch_rows=5)
            pd.testing.assert_frame_equal(result.contacts, audit.contacts)
            pd.testing.assert_frame_equal(result.by_reason, audit.by_reason)
            pd.testing.assert_frame_equal(result.unbilled, audit.unbilled)


def test_small_batches_give_the_same_audit(audit: InvoiceAudit) -> None:
    result = audit_invoice(SHEET, CALLS, BILLED, batch_rows=3)
    pd.testing.assert_frame_equal(result.contacts, audit.contacts)


# ------------------------------------------------------------------------------ bad input


def test_a_repeated_contact_id_in_the_records_names_both_rows() -> None:
    calls = records(
        [
            ("a", "phone", "09:00", 30, 0, 0, 0),
            ("b", "phone", "09:01", 30, 0, 0, 0),
            ("a", "phone", "09:02", 30, 0, 0, 0),
        ]
    )
    with pytest.raises(
        CallRecordError, match=r"column 'contact_id', row 3: contact id 'a' repeats row 1"
    ):
        audit_invoice(SHEET, calls, detail([("a", 30)], amount=False))


def test_a_repeated_contact_id_across_files(tmp_path: Path) -> None:
    CALLS.iloc[:5].to_csv(tmp_path / "a.csv", index=False)
    CALLS.iloc[3:6].to_csv(tmp_path / "b.csv", index=False)
    with pytest.raises(CallRecordError) as error:
        audit_invoice(SHEET, tmp_path, BILLED)
    message = str(error.value)
    assert "b.csv" in message
    assert "row 1 (line 2 of the file)" in message
    assert "repeats row 4 of" in message
    assert "a.csv" in message


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        ([("a", -5)], r"column 'billed_seconds', row 1: negative seconds -5"),
        ([("a", 30), ("a", 30.5)], r"row 2: 30.5 is not a whole number of seconds"),
        ([("a", 30), ("a", "thirty")], r"row 2: expected whole seconds ≥ 0, got 'thirty'"),
        ([("a", 30), ("a", None)], r"row 2: missing value"),
        ([("a", 30), ("a", math.inf)], r"row 2: inf is not a plausible billed duration"),
        ([("a", True)], r"row 1: expected whole seconds ≥ 0, got booleans"),
        ([("a", 30), (None, 30)], r"column 'contact_id', row 2: missing contact id"),
        ([(1.5, 30)], r"column 'contact_id', row 1: expected text or whole-number ids"),
    ],
)
def test_bad_billed_values_name_row_and_column(rows: list[tuple[Any, ...]], match: str) -> None:
    billed = pd.DataFrame(rows, columns=["contact_id", "billed_seconds"])
    with pytest.raises(CallRecordError, match=match):
        audit_invoice(SHEET, CALLS, billed)


def test_bad_amounts() -> None:
    billed = pd.DataFrame(
        {"contact_id": ["C01", "C02"], "billed_seconds": [48, 78], "amount": [0.48, 0.785]}
    )
    with pytest.raises(
        CallRecordError,
        match=r"column 'amount', row 2: 0.785 is not an amount ≥ 0 in USD with at most 2 decimals",
    ):
        audit_invoice(SHEET, CALLS, billed)
    billed["amount"] = [0.48, -0.78]
    with pytest.raises(CallRecordError, match="amount', row 2"):
        audit_invoice(SHEET, CALLS, billed)


def test_errors_in_files_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "billed.csv"
    path.write_text("contact_id,billed_seconds\nC01,48\nC02,-1\n")
    with pytest.raises(CallRecordError) as error:
        audit_invoice(SHEET, CALLS, path)
    assert str(error.value) == (
        f"billing detail in {str(path)!r}: column 'billed_seconds', row 2 (line 3 of the "
        "file): negative seconds -1; expected whole seconds ≥ 0"
    )
    path.write_text("contact_id,billed_seconds\nC01,48\nC02,x\n")
    with pytest.raises(CallRecordError, match=r"row 2 \(line 3 of the file\): expected whole"):
        audit_invoice(SHEET, CALLS, path)
    path.write_text("contact_id,seconds\nC01,48\n")
    with pytest.raises(CallRecordError, match=r"billed.csv.*missing column 'billed_seconds'"):
        audit_invoice(SHEET, CALLS, path)
    parquet = tmp_path / "calls.parquet"
    pq.write_table(
        pa.Table.from_pandas(CALLS.drop(columns="contact_id"), preserve_index=False), parquet
    )
    with pytest.raises(CallRecordError, match=r"calls.parquet.*missing column 'contact_id'"):
        audit_invoice(SHEET, parquet, BILLED)
    with pytest.raises(CallRecordError, match="billing detail: no file"):
        audit_invoice(SHEET, CALLS, tmp_path / "billed.xlsx")
    (tmp_path / "billed.xlsx").write_bytes(b"PK")
    with pytest.raises(CallRecordError, match=r"expected a \.parquet or \.csv file"):
        audit_invoice(SHEET, CALLS, tmp_path / "billed.xlsx")


def test_missing_columns_in_frames() -> None:
    with pytest.raises(CallRecordError, match=r"call records: missing column 'contact_id'"):
        audit_invoice(SHEET, CALLS.drop(columns="contact_id"), BILLED)
    with pytest.raises(CallRecordError, match=r"billing detail: missing column 'billed_seconds'"):
        audit_invoice(SHEET, CALLS, BILLED.drop(columns="billed_seconds"))
    with pytest.raises(TypeError, match="billed must be"):
        audit_invoice(SHEET, CALLS, [("C01", 48)])  # type: ignore[arg-type]


def test_index_labels_are_named_for_frames_with_labels() -> None:
    billed = pd.DataFrame({"contact_id": ["C01"], "billed_seconds": [-1]}, index=["line-7"])
    with pytest.raises(CallRecordError, match=r"row 1 \(index label 'line-7'\)"):
        audit_invoice(SHEET, CALLS, billed)


# ------------------------------------------------------------------------------ properties

INCREMENTS = ("60/60", "30/30", "30/6", "6/6", "1/1", "10/10", "45/15")


@st.composite
def sheets(draw: st.DrawFn) -> PriceSheet:
    """Voice sheets: any increment, components, rounding; an after-hours premium or not."""
    premium = draw(st.booleans())
    return PriceSheet(
        currency=draw(st.sampled_from(["USD", "KRW", "EUR"])),
        billing_increment=draw(st.sampled_from(INCREMENTS)),
        billable_components=tuple(
            draw(st.sets(st.sampled_from(tuple(BillableComponent)), min_size=1))
        ),
        rounding=draw(st.sampled_from(tuple(Rounding))),
        voice_rate_per_minute=draw(st.sampled_from([D("0.37"), D("0.60"), D("450"), D("1.05")])),
        unpriced_contacts_free=True,
        premiums=(
            Premiums(
                timezone="Asia/Seoul",
                after_hours=AfterHours(start="20:00", end="08:00", multiplier=D("1.25")),
            )
            if premium
            else None
        ),
    )


@st.composite
def call_records(draw: st.DrawFn) -> pd.DataFrame:
    """Up to 25 contacts with unique ids, whole or fractional seconds, spread over a day."""
    n = draw(st.integers(0, 25))
    seconds = st.integers(0, 900) | st.floats(0, 900, allow_nan=False).map(lambda x: round(x, 1))
    rows = [
        (
            f"id{i}",
            draw(st.sampled_from(["phone", "phone", "phone", "chat"])),
            f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}",
            draw(seconds),
            draw(seconds),
            draw(seconds),
            draw(seconds),
        )
        for i in range(n)
    ]
    return records(rows)


def replay(sheet: PriceSheet, calls: pd.DataFrame) -> pd.DataFrame:
    """The exact replay as a billing detail, worked independently of the audit module."""
    columns = [f"{c.value}_seconds" for c in sheet.billable_components]
    total = calls[columns].astype(float).sum(axis=1).to_numpy() if len(calls) else np.zeros(0)
    whole = np.ceil(total - np.maximum(total, 1.0) * 1e-12).astype(np.int64)
    whole[calls["channel"].to_numpy() != "phone"] = 0
    increment = (
        BillingIncrement.parse("1/1")
        if sheet.rounding is Rounding.MONTHLY
        else sheet.billing_increment
    )
    ours = np.asarray(increment.billed_seconds(whole), dtype=np.int64).reshape(-1)
    hours = calls["started_at"].dt.hour.to_numpy()
    after = (hours >= 20) | (hours < 8)
    rate = sheet.voice_rate_per_minute
    assert rate is not None
    step = D(1).scaleb(-{"USD": 2, "EUR": 2, "KRW": 0}[sheet.currency])
    amounts = [
        (D(int(s)) / 60 * rate * (D("1.25") if a and sheet.premiums else 1)).quantize(
            step, ROUND_HALF_UP
        )
        for s, a in zip(ours, after, strict=True)
    ]
    return pd.DataFrame(
        {"contact_id": calls["contact_id"], "billed_seconds": ours, "amount": amounts}
    )


@settings(max_examples=40)
@given(sheets(), call_records(), st.randoms(use_true_random=False))
def test_the_exact_replay_finds_nothing(sheet: PriceSheet, calls: pd.DataFrame, rng: Any) -> None:
    billed = replay(sheet, calls)
    order = list(range(len(billed)))
    rng.shuffle(order)
    result = audit_invoice(sheet, calls, billed.iloc[order])
    assert result.contacts.empty
    assert result.by_reason["contacts"].sum() == 0
    assert all(amount == 0 for amount in result.by_reason["amount"])
    assert result.unbilled.empty
    assert result.premium_checked == (sheet.premiums is not None)
    assert result.replay_seconds == invoice(sheet, calls).voice_billed_seconds
    assert result.billed_seconds == result.ours_seconds


@settings(max_examples=40)
@given(
    sheets(),
    call_records(),
    st.lists(st.integers(0, 10**6), max_size=4),
    st.lists(st.tuples(st.integers(0, 24), st.integers(0, 3_000)), max_size=6),
    st.randoms(use_true_random=False),
)
def test_planted_phantoms_and_duplicates_are_found_in_any_order(
    sheet: PriceSheet,
    calls: pd.DataFrame,
    phantoms: list[int],
    duplicates: list[tuple[int, int]],
    rng: Any,
) -> None:
    billed = replay(sheet, calls).drop(columns="amount")
    planted_dupes = [(f"id{i}", s) for i, s in duplicates if i < len(calls)]
    extra = pd.DataFrame(
        [(f"ghost{p}", p % 5_000) for p in phantoms] + planted_dupes,
        columns=["contact_id", "billed_seconds"],
    )
    lines = pd.concat([billed, extra], ignore_index=True)
    order = list(range(len(lines)))
    rng.shuffle(order)
    result = audit_invoice(sheet, calls, lines.iloc[order])
    found = result.contacts
    assert sorted(found.loc[found.reason == "phantom", "contact_id"]) == sorted(
        f"ghost{p}" for p in phantoms
    )
    assert sorted(found.loc[found.reason == "duplicate", "contact_id"]) == sorted(
        c for c, _ in planted_dupes
    )
    assert (found.loc[found.reason.isin(["phantom", "duplicate"]), "ours_seconds"] == 0).all()
    # Everything the vendor billed reconciles with the replay.
    assert (
        result.billed_seconds - result.total_seconds_over + result.unbilled_seconds
        == result.ours_seconds
    )


# ------------------------------------------------------------------------------ chart


def test_waterfall_chart_draws_every_step(audit: InvoiceAudit) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from vendoreval.plots.audit import STEP_COLORS, audit_waterfall

    fig, ax = plt.subplots()
    try:
        assert audit_waterfall(audit, ax) is ax
        assert len(ax.patches) == len(audit.waterfall())  # start, 6 reasons, not billed, end
        labels = [tick.get_text() for tick in ax.get_xticklabels()]
        assert labels[0] == "billed by the vendor"
        assert labels[-1] == "replay"
        heights = [patch.get_height() for patch in ax.patches if isinstance(patch, Rectangle)]
        assert heights[0] == 1768
        assert heights[-1] == 1536
        assert heights[1] == -60
        assert ax.get_ylim()[1] > 1768  # room above the tallest bar for its label
        assert set(STEP_COLORS.values()) <= {
            "#000000",
            "#E69F00",
            "#56B4E9",
            "#009E73",
            "#F0E442",
            "#0072B2",
            "#D55E00",
            "#CC79A7",
        }
        money = audit_waterfall(audit, measure="amount")
        assert money is not ax
        assert money.get_ylabel() == "amount [USD]"
        first = money.patches[0]
        assert isinstance(first, Rectangle)
        assert first.get_height() == pytest.approx(18.58)
        plt.close("all")
    finally:
        plt.close(fig)


def test_importing_the_audit_does_not_import_matplotlib() -> None:
    code = "import sys, vendoreval.pricing.audit; print('matplotlib' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"
