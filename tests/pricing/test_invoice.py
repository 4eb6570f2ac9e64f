"""Invoices replayed from call records: hand-worked months and properties.

Every fixture below is worked out by hand in its comments from the semantics in
``docs``/DESIGN ("Semantics that must hold") and the module docstring of
``vendoreval.pricing.invoice``: the increment applies per contact to the sum of the billable
components (or once a month), each line is rounded half-up once to the currency's minor unit
(ISO 4217: USD 2 places, KRW 0), and the total is the sum of the rounded lines.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.strategies import price_sheets
from vendoreval.errors import CallRecordError, MissingStaffingInputError, UnpricedChannelError
from vendoreval.pricing import (
    BillableComponent,
    Invoice,
    PriceSheet,
    Rounding,
    TierBasis,
    TierMode,
    invoice,
)
from vendoreval.vocabulary import Channel, Weekday

D = Decimal
COLUMNS = ["channel", "started_at", "talk_seconds", "hold_seconds", "acw_seconds", "wait_seconds"]


def frame(rows: list[tuple[Any, ...]], *, language: bool = False) -> pd.DataFrame:
    """Call records from (channel, start, talk, hold, acw, wait[, language]) tuples."""
    columns = COLUMNS + (["language"] if language else [])
    calls = pd.DataFrame(rows, columns=columns)
    calls["started_at"] = pd.to_datetime(calls["started_at"])
    for name in COLUMNS[2:]:
        calls[name] = calls[name].astype(np.int64)
    return calls


# Five phone calls and their billable seconds with talk + hold + acw:
#   45 + 0 + 0 = 45 · 61 + 10 + 5 = 76 · abandoned 0 · 119 + 0 + 1 = 120 · 10
# Customer waits 5, 20, 30, 0, 40 (the abandoned call waited 30 s).
FIVE_CALLS = frame(
    [
        ("phone", "2027-01-04 09:00", 45, 0, 0, 5),
        ("phone", "2027-01-04 09:05", 61, 10, 5, 20),
        ("phone", "2027-01-04 09:10", 0, 0, 0, 30),
        ("phone", "2027-01-04 09:15", 119, 0, 1, 0),
        ("phone", "2027-01-04 09:20", 10, 0, 0, 40),
    ]
)


def usd(increment: str, **fields: Any) -> PriceSheet:
    return PriceSheet(
        currency="USD", billing_increment=increment, voice_rate_per_minute=D("0.50"), **fields
    )


@pytest.mark.parametrize(
    ("increment", "billed_seconds", "total"),
    [
        # 60/60: 60 + 120 + 0 + 120 + 60 = 360 s = 6 min × 0.50 = 3.00
        ("60/60", 360, D("3.00")),
        # 1/1: 45 + 76 + 0 + 120 + 10 = 251 s = 4.1833… min × 0.50 = 2.0916… → 2.09
        ("per-second", 251, D("2.09")),
        # 30/6: 45 → 48, 76 → 78, 0 → 0, 120 → 120, 10 → 30: 276 s = 4.6 min → 2.30
        ("30/6", 276, D("2.30")),
        # 6/6: 45 → 48, 76 → 78, 0, 120, 10 → 12: 258 s = 4.3 min → 2.15
        ("6/6", 258, D("2.15")),
    ],
)
def test_per_minute_versus_per_second_on_the_same_calls(
    increment: str, billed_seconds: int, total: Decimal
) -> None:
    result = invoice(usd(increment), FIVE_CALLS)
    assert result.voice_actual_seconds == 251
    assert result.voice_billed_seconds == billed_seconds
    assert result.total == total
    assert result.voice_overhead == pytest.approx(billed_seconds / 251)
    assert result.contacts["phone"] == 5
    assert result.handled_contacts["phone"] == 4  # the abandoned call is not handled


def test_billed_wait_time() -> None:
    # With wait billed (60/60): 45+5 = 50 → 60; 76+20 = 96 → 120; abandoned 0+30 → 60;
    # 120+0 → 120; 10+40 = 50 → 60. 420 s = 7 min × 0.50 = 3.50 (against 3.00 without).
    # Per-contact 0.10 on handled calls only: 4 × 0.10 = 0.40 either way; the abandoned call
    # pays its billed wait per minute but no per-contact price.
    fields = {"per_contact": {Channel.PHONE: D("0.10")}}
    without = invoice(usd("60/60", **fields), FIVE_CALLS)
    billed = invoice(
        usd("60/60", billable_components=tuple(BillableComponent), **fields), FIVE_CALLS
    )
    assert without.total == D("3.40")
    assert billed.total == D("3.90")
    assert billed.voice_billed_seconds == 420
    assert billed.voice_actual_seconds == 251 + 95
    assert billed.billed_wait_seconds == 5 + 20 + 30 + 0 + 40
    assert without.billed_wait_seconds == 0
    assert billed.handled_contacts["phone"] == 4
    # Average realised rate 3.50 / 420 s: wait 95 s → 0.7916… → 0.79; rounding 420 - 346 = 74 s
    # → 0.6166… → 0.62.
    assert billed.wait_cost == D("0.79")
    assert billed.rounding_cost == D("0.62")
    # Without wait: rounding 360 - 251 = 109 s of 360 at 3.00 → 0.9083… → 0.91.
    assert without.rounding_cost == D("0.91")
    assert without.wait_cost == D("0.00")


def test_monthly_rounding_rounds_the_total_once() -> None:
    # 251 s in the month → one 60/60 rounding → 300 s = 5 min × 0.50 = 2.50 (per contact: 3.00).
    result = invoice(usd("60/60", rounding=Rounding.MONTHLY), FIVE_CALLS)
    assert result.voice_billed_seconds == 300
    assert result.total == D("2.50")


def test_a_phone_contact_without_billable_seconds_costs_nothing() -> None:
    # Billing talk only: a call with only after-call work has zero billable seconds, so no
    # per-minute and no per-contact charge; the other call bills 30 s → 1 min and 0.25.
    calls = frame(
        [
            ("phone", "2027-01-04 09:00", 0, 0, 40, 0),
            ("phone", "2027-01-04 09:01", 30, 0, 0, 0),
        ]
    )
    sheet = usd(
        "60/60",
        billable_components=(BillableComponent.TALK,),
        per_contact={Channel.PHONE: D("0.25")},
    )
    result = invoice(sheet, calls)
    assert result.handled_contacts["phone"] == 1
    assert result.total == D("0.50") + D("0.25")


VOICE_BANDS = [
    {"up_to": 2, "rate": D("1.00")},
    {"up_to": 5, "rate": D("0.80")},
    {"rate": D("0.50")},
]


def voice_tier(mode: TierMode) -> dict[str, Any]:
    return {"basis": TierBasis.VOICE_MINUTES, "mode": mode, "bands": VOICE_BANDS}


def test_graduated_voice_tier() -> None:
    # 60/60: 6 min = 2 × 1.00 + 3 × 0.80 + 1 × 0.50 = 2.00 + 2.40 + 0.50 = 4.90
    sheet = PriceSheet(
        currency="USD", billing_increment="60/60", volume_tiers=[voice_tier(TierMode.GRADUATED)]
    )
    result = invoice(sheet, FIVE_CALLS)
    assert result.lines["amount"].tolist() == [D("2.00"), D("2.40"), D("0.50")]
    assert result.lines["quantity"].tolist() == [2, 3, 1]
    assert result.total == D("4.90")
    assert set(result.lines["category"]) == {"tiers"}


def test_graduated_tier_prices_fractional_minutes_exactly() -> None:
    # per-second: 251 s = 4 11/60 min: 2 × 1.00 = 2.00 and 2 11/60 × 0.80 = 1.74666… → 1.75
    sheet = PriceSheet(
        currency="USD", billing_increment="1/1", volume_tiers=[voice_tier(TierMode.GRADUATED)]
    )
    result = invoice(sheet, FIVE_CALLS)
    assert result.lines["amount"].tolist() == [D("2.00"), D("1.75")]
    assert result.total == D("3.75")


def test_all_units_voice_tier_and_inclusive_band_limit() -> None:
    all_units = PriceSheet(
        currency="USD", billing_increment="60/60", volume_tiers=[voice_tier(TierMode.ALL_UNITS)]
    )
    # 6 min falls past the 5-minute band: every minute at 0.50 → 3.00.
    assert invoice(all_units, FIVE_CALLS).total == D("3.00")
    # Without the 10 s call: 300 s = exactly 5 min, inside the band "up to 5" (inclusive):
    # 5 × 0.80 = 4.00; graduated: 2 × 1.00 + 3 × 0.80 = 4.40.
    five_minutes = FIVE_CALLS.iloc[:4]
    assert invoice(all_units, five_minutes).total == D("4.00")
    graduated = all_units.model_copy(
        update={
            "volume_tiers": (
                all_units.volume_tiers[0].model_copy(update={"mode": TierMode.GRADUATED}),
            )
        }
    )
    assert invoice(graduated, five_minutes).total == D("4.40")
    # per-second, all units: 251 s = 4.1833… min in the ≤ 5 band: × 0.80 = 3.3466… → 3.35
    per_second = all_units.model_copy(update={"billing_increment": "1/1"})
    per_second = PriceSheet.model_validate(per_second.model_dump())
    assert invoice(per_second, FIVE_CALLS).total == D("3.35")


def chat_tier(mode: TierMode) -> PriceSheet:
    """A USD sheet billing per minute whose chats cost 2.00 up to 2 contacts, then 1.00."""
    return PriceSheet(
        currency="USD",
        billing_increment="60/60",
        volume_tiers=[
            {
                "basis": TierBasis.CONTACTS,
                "channel": Channel.CHAT,
                "mode": mode,
                "bands": [{"up_to": 2, "rate": D("2.00")}, {"rate": D("1.00")}],
            }
        ],
    )


def test_contacts_tiers_of_both_kinds() -> None:
    # Three chats; bands: up to 2 at 2.00, then 1.00.
    # graduated: 2 × 2.00 + 1 × 1.00 = 5.00; all units: 3 contacts are past 2 → 3 × 1.00 = 3.00
    chats = frame([("chat", f"2027-01-04 10:0{i}", 300, 0, 20, 5) for i in range(3)])
    for mode, total in ((TierMode.GRADUATED, D("5.00")), (TierMode.ALL_UNITS, D("3.00"))):
        sheet = chat_tier(mode)
        assert invoice(sheet, chats).total == total


# Ten one-minute calls in Seoul (naive times are local in the premiums' zone). 2027-01-01 is
# a Friday and a listed holiday; the after-hours window 22:00–06:00 opens Monday–Friday.
PREMIUM_CALLS = frame(
    [
        ("phone", "2027-01-04 10:00:00", 60, 0, 0, 0, "ko"),  # a: Monday daytime — none
        ("phone", "2027-01-04 23:30:00", 60, 0, 0, 0, "ko"),  # b: Monday window — ×1.5
        ("phone", "2027-01-05 05:59:59", 60, 0, 0, 0, "ko"),  # c: Monday's window past midnight
        ("phone", "2027-01-05 06:00:00", 60, 0, 0, 0, "ko"),  # d: window end is exclusive — none
        ("phone", "2027-01-09 03:00:00", 60, 0, 0, 0, "ko"),  # e: Friday's window on Saturday:
        #    after-hours 1.5 beats weekend 1.2
        ("phone", "2027-01-09 12:00:00", 60, 0, 0, 0, "ko"),  # f: Saturday — weekend ×1.2
        ("phone", "2027-01-11 03:00:00", 60, 0, 0, 0, "ko"),  # g: Sunday's window (closed) — none
        ("phone", "2027-01-01 12:00:00", 60, 0, 0, 0, "ko"),  # h: holiday ×2
        ("phone", "2027-01-01 23:00:00", 60, 0, 0, 0, "ja"),  # i: holiday 2 beats after-hours;
        #    Japanese ×1.3 on top
        ("phone", "2027-01-06 14:00:00", 60, 0, 0, 0, "ja"),  # j: Japanese only ×1.3
    ],
    language=True,
)
PREMIUMS = {
    "timezone": "Asia/Seoul",
    "after_hours": {
        "start": "22:00",
        "end": "06:00",
        "multiplier": D("1.5"),
        "days": [Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI],
    },
    "weekend_multiplier": D("1.2"),
    "holidays": [dt.date(2027, 1, 1)],
    "holiday_multiplier": D("2"),
    "language_multipliers": {"ja": D("1.3")},
}


def krw_premium_sheet(**fields: Any) -> PriceSheet:
    return PriceSheet(
        currency="KRW",
        billing_increment="1/1",
        voice_rate_per_minute=D(600),
        premiums=PREMIUMS,
        **fields,
    )


def test_premiums_after_hours_weekend_holiday_and_language() -> None:
    # Each call: 60 s × 600 KRW/min = 600 KRW; usage 10 × 600 = 6,000.
    # after-hours (b, c, e): 1,800 × 0.5 = 900 · weekend (f): 600 × 0.2 = 120
    # holiday (h, i): 1,200 × 1 = 1,200 · Japanese (i at ×2 → 1,200, j → 600): 1,800 × 0.3 = 540
    # total 6,000 + 900 + 120 + 1,200 + 540 = 8,760. Per call: a 600, b 900, c 900, d 600,
    # e 900, f 720, g 600, h 1,200, i 600 × 2 × 1.3 = 1,560, j 780 — the same 8,760.
    result = invoice(krw_premium_sheet(), PREMIUM_CALLS)
    names = result.lines["line"].str.split(" ×").str[0]
    lines = dict(zip(names, result.lines["amount"], strict=True))
    assert lines["after-hours premium"] == D(900)
    assert lines["weekend premium"] == D(120)
    assert lines["holiday premium"] == D(1200)
    assert lines["language premium ja"] == D(540)
    assert result.total == D(8760)
    premium_rows = result.lines[result.lines["category"] == "premiums"]
    assert premium_rows["quantity"].tolist() == [D(1800), D(600), D(1200), D(1800)]
    assert premium_rows["rate"].tolist() == [D("0.5"), D("0.2"), D("1"), D("0.3")]


def test_aware_start_times_are_converted_to_the_premium_zone() -> None:
    # The same instants in UTC (Seoul is UTC+9, no daylight saving) give the same invoice.
    utc = PREMIUM_CALLS.copy()
    utc["started_at"] = utc["started_at"].dt.tz_localize("Asia/Seoul").dt.tz_convert("UTC")
    assert invoice(krw_premium_sheet(), utc).total == D(8760)


def test_equal_time_multipliers_go_to_holiday_then_weekend() -> None:
    # Saturday 2027-01-02 listed as a holiday, at 23:00 inside an every-day window: all three
    # apply at ×1.5; the surcharge (600 × 0.5 = 300) is shown as the holiday premium.
    premiums = {
        "timezone": "Asia/Seoul",
        "after_hours": {"start": "22:00", "end": "06:00", "multiplier": D("1.5")},
        "weekend_multiplier": D("1.5"),
        "holidays": [dt.date(2027, 1, 2)],
        "holiday_multiplier": D("1.5"),
    }
    sheet = PriceSheet(
        currency="KRW", billing_increment="1/1", voice_rate_per_minute=D(600), premiums=premiums
    )
    saturday = frame([("phone", "2027-01-02 23:00:00", 60, 0, 0, 0)])
    result = invoice(sheet, saturday)
    assert result.lines["line"].tolist()[1].startswith("holiday premium")
    assert result.total == D(900)
    # Without the holiday the weekend takes it.
    plain = PriceSheet.model_validate(
        {**sheet.model_dump(), "premiums": {**premiums, "holiday_multiplier": None}}
    )
    assert invoice(plain, saturday).lines["line"].tolist()[1].startswith("weekend premium")


def test_premiums_on_a_tier_use_the_average_realised_rate() -> None:
    # Graduated voice tier: 5 min at 600, the rest at 300: 10 min → 3,000 + 1,500 = 4,500,
    # i.e. 450 per one-minute call. after-hours 3 × 450 × 0.5 = 675 · weekend 450 × 0.2 = 90
    # · holiday 900 × 1 = 900 · Japanese (900 + 450) × 0.3 = 405. Total 6,570.
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="1/1",
        premiums=PREMIUMS,
        volume_tiers=[
            {
                "basis": TierBasis.VOICE_MINUTES,
                "bands": [{"up_to": 5, "rate": D(600)}, {"rate": D(300)}],
            }
        ],
    )
    assert invoice(sheet, PREMIUM_CALLS).total == D(6570)


def test_premiums_apply_to_per_contact_prices() -> None:
    # A Saturday chat at 1,000 per contact: weekend surcharge 200.
    chat = frame([("chat", "2027-01-09 12:00:00", 300, 0, 0, 0, "ko")], language=True)
    sheet = krw_premium_sheet(per_contact={Channel.CHAT: D(1000)})
    assert invoice(sheet, chat).total == D(1200)


def test_language_premiums_need_the_language_column() -> None:
    with pytest.raises(CallRecordError, match="'language'"):
        invoice(krw_premium_sheet(), PREMIUM_CALLS.drop(columns="language"))


def test_minimum_true_up_and_set_up_fee() -> None:
    # Voice 3.00 (60/60) + fixed 1.00 = 4.00 < minimum 10.00 → true-up 6.00 → 10.00.
    # The set-up fee 50.00 is added only on request and does not count towards the minimum.
    sheet = usd("60/60", monthly_fixed=D("1.00"), minimum_monthly=D("10.00"), setup_fee=D("50.00"))
    plain = invoice(sheet, FIVE_CALLS)
    assert plain.total == D("10.00")
    assert plain.amounts_by_category()["minimum_true_up"] == D("6.00")
    assert "setup" not in set(plain.lines["category"])
    with_setup = invoice(sheet, FIVE_CALLS, include_setup=True)
    assert with_setup.total == D("60.00")
    assert with_setup.amounts_by_category()["setup"] == D("50.00")
    # Above the minimum there is no true-up line.
    low_minimum = usd("60/60", minimum_monthly=D("2.00"))
    assert "minimum_true_up" not in set(invoice(low_minimum, FIVE_CALLS).lines["category"])


def test_staffing_rates_and_the_missing_input_error() -> None:
    # 160.5 agent hours × 25.00 = 4,012.50 and 2.5 FTE × 3,000.00 = 7,500.00.
    sheet = PriceSheet(
        currency="USD",
        billing_increment="60/60",
        agent_hour_rate=D("25.00"),
        fte_month_rate=D("3000.00"),
    )
    result = invoice(sheet, FIVE_CALLS, agent_hours=160.5, ftes=D("2.5"))
    assert result.total == D("11512.50")
    assert result.amounts_by_category()["staffing"] == D("11512.50")
    with pytest.raises(MissingStaffingInputError, match="agent_hours"):
        invoice(sheet, FIVE_CALLS, ftes=2)
    with pytest.raises(MissingStaffingInputError, match="ftes"):
        invoice(sheet, FIVE_CALLS, agent_hours=10)
    with pytest.raises(ValueError, match="agent_hours"):
        invoice(sheet, FIVE_CALLS, agent_hours=-1, ftes=1)
    # The staffing rates cover the calls: a staffing-based sheet needs no usage price.
    assert sheet.covers_unpriced_contacts


def test_usd_lines_round_half_up_once_each() -> None:
    # per-second 30 s at 0.25/min = 0.125 exactly → 0.13 (half-even would give 0.12);
    # one email at 0.125 → 0.13. The total is the sum of rounded lines: 0.26, not 0.25.
    calls = frame(
        [("phone", "2027-01-04 09:00", 30, 0, 0, 0), ("email", "2027-01-04 09:00", 200, 0, 0, 0)]
    )
    sheet = PriceSheet(
        currency="USD",
        billing_increment="1/1",
        voice_rate_per_minute=D("0.25"),
        per_contact={Channel.EMAIL: D("0.125")},
    )
    result = invoice(sheet, calls)
    assert result.lines["amount"].tolist() == [D("0.13"), D("0.13")]
    assert result.total == D("0.26")


def test_krw_rounds_to_whole_won_half_up() -> None:
    # 30 s at 45 KRW/min = 22.5 → 23 (half-even: 22); 1 s = 0.75 → 1.
    sheet = PriceSheet(currency="KRW", billing_increment="1/1", voice_rate_per_minute=D(45))
    half = frame([("phone", "2027-01-04 09:00", 30, 0, 0, 0)])
    assert invoice(sheet, half).total == D(23)
    assert invoice(sheet, half).total.as_tuple().exponent == 0
    one = frame([("phone", "2027-01-04 09:00", 1, 0, 0, 0)])
    assert invoice(sheet, one).total == D(1)


def test_unpriced_channel_is_an_error_unless_free() -> None:
    calls = frame(
        [
            ("phone", "2027-01-04 09:00", 30, 0, 0, 0),
            ("phone", "2027-01-04 09:01", 30, 0, 0, 0),
            ("chat", "2027-01-04 09:02", 30, 0, 0, 0),
        ]
    )
    with pytest.raises(UnpricedChannelError, match=r"column 'channel', row 3: .*'chat'"):
        invoice(usd("60/60"), calls)
    free = invoice(usd("60/60", unpriced_contacts_free=True), calls)
    assert free.total == D("1.00")
    assert free.contacts["chat"] == 1


def test_staffing_based_sheet_covers_every_channel() -> None:
    calls = frame(
        [
            ("phone", "2027-01-04 09:00", 30, 0, 0, 0),
            ("chat", "2027-01-04 09:02", 30, 0, 0, 0),
            ("email", "2027-01-04 09:03", 300, 0, 0, 0),
        ]
    )
    # 12.5 FTE × 4,000.00 = 50,000.00; the FTEs are the agents who handle all three contacts
    sheet = PriceSheet(currency="USD", billing_increment="60/60", fte_month_rate=D("4000.00"))
    assert sheet.covers_unpriced_contacts
    result = invoice(sheet, calls, ftes=12.5)
    assert result.total == D("50000.00")
    assert result.contacts["chat"] == 1
    assert result.contacts["email"] == 1


def test_empty_month_bills_fixed_fees_and_minimum() -> None:
    empty = FIVE_CALLS.iloc[:0]
    sheet = usd("60/60", monthly_fixed=D("100.00"), minimum_monthly=D("250.00"))
    result = invoice(sheet, empty)
    # fixed 100.00 + true-up 150.00
    assert result.total == D("250.00")
    assert result.lines["category"].tolist() == ["fixed", "minimum_true_up"]
    assert result.voice_billed_seconds == 0
    assert math.isnan(result.voice_overhead)


def test_month_selects_the_contacts_of_that_month() -> None:
    calls = frame(
        [
            ("phone", "2026-12-31 23:59:59", 60, 0, 0, 0),
            ("phone", "2027-01-01 00:00:00", 60, 0, 0, 0),
            ("phone", "2027-01-31 23:59:59", 60, 0, 0, 0),
            ("phone", "2027-02-01 00:00:00", 60, 0, 0, 0),
        ]
    )
    result = invoice(usd("60/60"), calls, month="2027-01")
    assert result.voice_billed_seconds == 120
    assert result.month == "2027-01"
    # Aware times in UTC read in Seoul: 2026-12-31 15:00 UTC is 2027-01-01 00:00 in Seoul.
    aware = frame([("phone", "2026-12-31 15:00:00", 60, 0, 0, 0)])
    aware["started_at"] = aware["started_at"].dt.tz_localize("UTC")
    assert invoice(usd("60/60"), aware, month="2027-01").voice_billed_seconds == 0
    seoul = invoice(usd("60/60"), aware, month="2027-01", timezone="Asia/Seoul")
    assert seoul.voice_billed_seconds == 60
    with pytest.raises(ValueError, match="month"):
        invoice(usd("60/60"), calls, month="2027-1")


def test_invoice_text_html_and_frame() -> None:
    result = invoice(usd("30/6", monthly_fixed=D("1.00")), FIVE_CALLS, month="2027-01")
    text = str(result)
    assert "Invoice 2027-01 (USD)" in text
    assert "voice minutes (30/6; talk+hold+acw)" in text
    total_line = next(line for line in text.splitlines() if line.startswith("total"))
    assert total_line.split() == ["total", "3.30"]  # 2.30 + 1.00
    html = result._repr_html_()
    assert html.startswith("<table")
    assert "<tfoot>" in html
    assert "3.30" in html
    table = result.to_frame()
    assert table["line"].tolist()[-1] == "total"
    assert table["amount"].tolist()[-1] == D("3.30")
    assert list(result.lines.columns) == ["line", "category", "quantity", "unit", "rate", "amount"]
    assert isinstance(result, Invoice)


#: Two phone calls with fractional durations: 10.1 + 0.9 = 11 s and 0.2 s.
FLOAT_CALLS = pd.DataFrame(
    {
        "channel": ["phone", "phone"],
        "started_at": pd.to_datetime(["2027-01-04 09:00", "2027-01-04 09:01"]),
        "talk_seconds": [10.1, 0.2],
        "hold_seconds": [0.9, 0.0],
        "acw_seconds": [0.0, 0.0],
        "wait_seconds": [0.0, 0.0],
    }
)


def test_float_durations_round_up_per_contact_after_summing() -> None:
    # 10.1 + 0.9 = 11 s (float noise must not bill a 12th second); 0.2 s → 1 s.
    calls = FLOAT_CALLS
    result = invoice(usd("1/1"), calls)
    assert result.voice_actual_seconds == 12
    assert result.voice_billed_seconds == 12


# ------------------------------------------------------------------------------- properties


def _billed(first: int, step: int, seconds: int) -> int:
    if seconds == 0:
        return 0
    if seconds <= first:
        return first
    return first + -(-(seconds - first) // step) * step


def _round(amount: Fraction, places: int) -> Decimal:
    scaled = abs(amount) * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    sign = -1 if amount < 0 else 1
    return Decimal(sign * whole).scaleb(-places)


def _tier(tier: Any, quantity: Fraction) -> list[Fraction]:
    if quantity <= 0:
        return []
    if tier.mode is TierMode.ALL_UNITS:
        band = next(b for b in tier.bands if b.up_to is None or quantity <= b.up_to)
        return [quantity * Fraction(band.rate)]
    lines, lower = [], Fraction(0)
    for band in tier.bands:
        upper = Fraction(band.up_to) if band.up_to is not None else quantity
        part = min(quantity, upper) - lower
        if part > 0:
            lines.append(part * Fraction(band.rate))
        if quantity <= upper:
            break
        lower = upper
    return lines


def _time_kind(premiums: Any, start: dt.datetime) -> tuple[str | None, Fraction]:
    """The time premium of one contact, by the rules written in the sheet, with datetime."""
    applicable: list[tuple[Fraction, int, str]] = []
    if premiums.after_hours is not None:
        window = premiums.after_hours
        begin = dt.timedelta(hours=int(window.start[:2]), minutes=int(window.start[3:]))
        end = dt.timedelta(hours=int(window.end[:2]), minutes=int(window.end[3:]))
        days = [list(Weekday).index(d) for d in window.days]
        inside = False
        for opened in (start.date(), start.date() - dt.timedelta(days=1)):
            midnight = dt.datetime.combine(opened, dt.time())
            close = midnight + (end if end > begin else end + dt.timedelta(days=1))
            if opened.weekday() in days and midnight + begin <= start < close:
                inside = True
        if inside:
            applicable.append((Fraction(window.multiplier), 0, "after-hours"))
    if premiums.weekend_multiplier is not None and start.weekday() >= 5:
        applicable.append((Fraction(premiums.weekend_multiplier), 1, "weekend"))
    if premiums.holiday_multiplier is not None and start.date() in premiums.holidays:
        applicable.append((Fraction(premiums.holiday_multiplier), 2, "holiday"))
    if not applicable:
        return None, Fraction(1)
    multiplier, _, kind = max(applicable)
    return kind, multiplier


def reference_total(
    sheet: PriceSheet, calls: pd.DataFrame, agent_hours: Decimal, ftes: Decimal
) -> tuple[Decimal, int]:
    """Total and billed voice seconds, one contact at a time in Python (no numpy)."""
    places = {"KRW": 0, "JPY": 0, "USD": 2, "EUR": 2, "MXN": 2, "KWD": 3, "CLF": 4}[sheet.currency]
    first, step = sheet.billing_increment.first, sheet.billing_increment.step
    names = {c: f"{c.value}_seconds" for c in BillableComponent}
    rows = calls.to_dict("records")
    for row in rows:
        if not sheet.covers_unpriced_contacts and not sheet.prices_channel(Channel(row["channel"])):
            raise UnpricedChannelError(row["channel"])
    lines: list[tuple[str, Fraction]] = []
    # voice
    phone = [r for r in rows if r["channel"] == "phone"]
    whole = [
        math.ceil(sum(Fraction(r[names[c]]) for c in sheet.billable_components)) for r in phone
    ]
    handles = [r["talk_seconds"] + r["hold_seconds"] + r["acw_seconds"] > 0 for r in phone]
    if sheet.rounding is Rounding.MONTHLY:
        billed_each = whole
        billed_total = _billed(first, step, sum(whole))
    else:
        billed_each = [_billed(first, step, w) for w in whole]
        billed_total = sum(billed_each)
    minutes = Fraction(billed_total, 60)
    voice_tier = sheet.tier_for(TierBasis.VOICE_MINUTES)
    if voice_tier is not None:
        voice = _tier(voice_tier, minutes)
    elif sheet.voice_rate_per_minute is not None and billed_total:
        voice = [minutes * Fraction(sheet.voice_rate_per_minute)]
    else:
        voice = []
    lines += [("usage", v) for v in voice]
    voice_charge = sum(voice, Fraction(0))
    # per contact: base usage of each contact
    base = [Fraction(0)] * len(rows)
    share_total = sum(billed_each)
    phone_index = [i for i, r in enumerate(rows) if r["channel"] == "phone"]
    if share_total:
        for i, b in zip(phone_index, billed_each, strict=True):
            base[i] += voice_charge * b / share_total
    for channel in Channel:
        if channel is Channel.PHONE:
            handled = [
                i for i, w, h in zip(phone_index, whole, handles, strict=True) if h and w > 0
            ]
        else:
            handled = [i for i, r in enumerate(rows) if r["channel"] == channel.value]
        if not handled:
            continue
        tier = sheet.tier_for(TierBasis.CONTACTS, channel)
        if tier is not None:
            charges = _tier(tier, Fraction(len(handled)))
        elif channel in sheet.per_contact:
            charges = [len(handled) * Fraction(sheet.per_contact[channel])]
        else:
            charges = []
        lines += [("usage", c) for c in charges]
        for i in handled:
            base[i] += sum(charges, Fraction(0)) / len(handled)
    # premiums
    premiums = sheet.premiums
    if premiums is not None and not premiums.is_empty:
        surcharges: dict[str, Fraction] = {}
        for row, usage in zip(rows, base, strict=True):
            kind, time_factor = _time_kind(premiums, row["started_at"].to_pydatetime())
            if kind is not None:
                surcharges[kind] = surcharges.get(kind, Fraction(0)) + (time_factor - 1) * usage
            language = premiums.language_multipliers.get(str(row.get("language")))
            if language is not None:
                key = f"language {row['language']}"
                extra = time_factor * (Fraction(language) - 1) * usage
                surcharges[key] = surcharges.get(key, Fraction(0)) + extra
        lines += [(k, v) for k, v in surcharges.items() if v]
    if sheet.monthly_fixed > 0:
        lines.append(("fixed", Fraction(sheet.monthly_fixed)))
    if sheet.agent_hour_rate is not None:
        lines.append(("staffing", Fraction(agent_hours) * Fraction(sheet.agent_hour_rate)))
    if sheet.fte_month_rate is not None:
        lines.append(("staffing", Fraction(ftes) * Fraction(sheet.fte_month_rate)))
    total = sum((_round(amount, places) for _, amount in lines), Decimal(0))
    if sheet.minimum_monthly is not None and sheet.minimum_monthly > total:
        total += _round(Fraction(sheet.minimum_monthly - total), places)
    return total, billed_total


LANGUAGE_TAGS = ("ko", "en", "ja", "es-419", "pt-BR", "zh-Hant", "fr", "de")


@st.composite
def call_frames(draw: st.DrawFn, max_rows: int = 25) -> pd.DataFrame:
    """Small months of calls: any channel, quarter-second durations, many zeros."""
    size = draw(st.integers(0, max_rows))
    seconds = st.one_of(
        st.just(0), st.integers(0, 900), st.integers(0, 3600 * 4).map(lambda q: q / 4)
    )
    rows = []
    for _ in range(size):
        rows.append(
            {
                "channel": draw(st.sampled_from([c.value for c in Channel] + ["phone"] * 3)),
                "started_at": dt.datetime(2027, 1, 1)
                + dt.timedelta(minutes=draw(st.integers(0, 31 * 24 * 60 - 1))),
                "talk_seconds": draw(seconds),
                "hold_seconds": draw(seconds),
                "acw_seconds": draw(seconds),
                "wait_seconds": draw(seconds),
                "language": draw(st.sampled_from(LANGUAGE_TAGS)),
            }
        )
    calls = pd.DataFrame(rows, columns=[*COLUMNS, "language"])
    calls["started_at"] = pd.to_datetime(calls["started_at"])
    for name in COLUMNS[2:]:
        calls[name] = calls[name].astype(np.float64)
    return calls


@settings(max_examples=120)
@given(price_sheets(), call_frames())
def test_matches_a_contact_by_contact_reference(sheet: PriceSheet, calls: pd.DataFrame) -> None:
    hours, ftes = D("173.5"), D("2.25")
    try:
        expected, billed = reference_total(sheet, calls, hours, ftes)
    except UnpricedChannelError:
        with pytest.raises(UnpricedChannelError):
            invoice(sheet, calls, agent_hours=hours, ftes=ftes)
        return
    result = invoice(sheet, calls, agent_hours=hours, ftes=ftes)
    assert result.voice_billed_seconds == billed
    assert result.total == expected
    assert result.total == sum(result.lines["amount"], Decimal(0))


CLOCK_TIMES = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)] + ["24:00"]


@st.composite
def premium_sheets(draw: st.DrawFn) -> PriceSheet:
    """A flat voice rate and per-contact prices with every kind of premium."""
    multipliers = st.sampled_from([D("0.8"), D("1.1"), D("1.25"), D("1.5"), D("2")])
    days = draw(st.sets(st.sampled_from(list(Weekday)), min_size=1, max_size=6))
    start = draw(st.sampled_from(CLOCK_TIMES[:-1]))  # a window may end at 24:00, not start
    end = draw(st.sampled_from(CLOCK_TIMES).filter(lambda clock: clock != start))
    return PriceSheet(
        currency=draw(st.sampled_from(["KRW", "USD"])),
        billing_increment=draw(st.sampled_from(["60/60", "1/1", "30/6"])),
        voice_rate_per_minute=D(draw(st.sampled_from(["450", "0.37", "12.5"]))),
        per_contact={Channel.CHAT: D("1.20"), Channel.EMAIL: D("2.05")},
        unpriced_contacts_free=True,
        premiums={
            "timezone": draw(st.sampled_from(["Asia/Seoul", "Europe/Oslo"])),
            "after_hours": {
                "start": start,
                "end": end,
                "multiplier": draw(multipliers),
                "days": sorted(days, key=list(Weekday).index),
            },
            "weekend_multiplier": draw(st.none() | multipliers),
            "holidays": [dt.date(2027, 1, draw(st.integers(1, 31)))],
            "holiday_multiplier": draw(st.none() | multipliers),
            "language_multipliers": draw(
                st.dictionaries(st.sampled_from(LANGUAGE_TAGS), multipliers, max_size=2)
            ),
        },
    )


def test_monthly_rounding_can_cost_more_off_grid() -> None:
    # 1/2: two 1-second calls bill 1 + 1 = 2 s per contact, but their 2-second month bills
    # 1 + ⌈(2 − 1)/2⌉·2 = 3 s: with a first period off the step grid, monthly can cost more.
    sheet = PriceSheet(currency="KRW", billing_increment="1/2", voice_rate_per_minute=D(60))
    calls = frame(
        [("phone", "2027-01-04 09:00", 1, 0, 0, 0), ("phone", "2027-01-04 09:05", 1, 0, 0, 0)]
    )
    per_contact = invoice(sheet, calls)
    monthly = invoice(sheet.model_copy(update={"rounding": Rounding.MONTHLY}), calls)
    assert per_contact.voice_billed_seconds == 2
    assert monthly.voice_billed_seconds == 3


@settings(max_examples=80)
@given(premium_sheets(), call_frames(max_rows=60))
def test_premiums_match_the_reference(sheet: PriceSheet, calls: pd.DataFrame) -> None:
    expected, _ = reference_total(sheet, calls, D(0), D(0))
    assert invoice(sheet, calls).total == expected


def _no_fees(sheet: PriceSheet) -> PriceSheet:
    return PriceSheet.model_validate(
        {
            **sheet.model_dump(),
            "monthly_fixed": Decimal(0),
            "minimum_monthly": None,
            "volume_tiers": (),
            "agent_hour_rate": None,
            "fte_month_rate": None,
            "unpriced_contacts_free": True,
            "voice_rate_per_minute": sheet.voice_rate_per_minute or Decimal("0.37"),
            "premiums": None,
        }
    )


@given(price_sheets(), call_frames())
def test_monthly_rounding_never_costs_more(sheet: PriceSheet, calls: pd.DataFrame) -> None:
    # Holds whenever the first period is a whole number of steps (60/60, 30/6, 6/6, 1/1 and
    # every increment seen in practice): billing is then subadditive, f(x + y) ≤ f(x) + f(y).
    assume(sheet.billing_increment.first % sheet.billing_increment.step == 0)
    sheet = _no_fees(sheet)
    per_contact = sheet.model_copy(update={"rounding": Rounding.PER_CONTACT})
    monthly = sheet.model_copy(update={"rounding": Rounding.MONTHLY})
    a, b = invoice(per_contact, calls), invoice(monthly, calls)
    assert b.voice_billed_seconds <= a.voice_billed_seconds
    assert b.total <= a.total


@given(
    price_sheets(),
    call_frames(),
    st.integers(0, 25),
    st.sampled_from(["60/60", "120/60", "180/60", "60/120"]),
)
def test_splitting_a_month_adds_up(
    sheet: PriceSheet, calls: pd.DataFrame, cut: int, increment: str
) -> None:
    # Without fixed fees, minimums, tiers and premiums every line is linear in the contacts.
    # With whole billed minutes and rates in the currency's minor unit no line rounds, so the
    # two halves' invoices add up to the whole month's exactly.
    sheet = _no_fees(sheet)
    places = {"KRW": 0, "JPY": 0, "KWD": 3, "CLF": 4}.get(sheet.currency, 2)

    def minor(amount: Decimal) -> Decimal:
        return amount.quantize(Decimal(1).scaleb(-places))

    sheet = PriceSheet.model_validate(
        {
            **sheet.model_dump(),
            "rounding": Rounding.PER_CONTACT,
            "billing_increment": increment,
            "voice_rate_per_minute": minor(sheet.voice_rate_per_minute or Decimal(1)),
            "per_contact": {c: minor(p) for c, p in sheet.per_contact.items()},
        }
    )
    whole = invoice(sheet, calls)
    first, second = invoice(sheet, calls.iloc[:cut]), invoice(sheet, calls.iloc[cut:])
    assert first.voice_billed_seconds + second.voice_billed_seconds == whole.voice_billed_seconds
    for channel in Channel:
        halves = first.handled_contacts[channel.value] + second.handled_contacts[channel.value]
        assert halves == whole.handled_contacts[channel.value]
    assert first.total + second.total == whole.total


CENTURIES = """
import resource, sys, time
from decimal import Decimal as D

resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
import pandas as pd
from vendoreval.errors import CallRecordError
from vendoreval.pricing import PriceSheet, invoice

sheet = PriceSheet(
    currency="KRW", billing_increment="1/1", voice_rate_per_minute=D(600),
    premiums={{"timezone": "Asia/Seoul", "weekend_multiplier": D("1.2"),
              "after_hours": {{"start": "22:00", "end": "06:00", "multiplier": D("1.5")}}}},
)
starts = pd.to_datetime(["1700-01-02 12:00", "2027-01-09 12:00", "2200-01-06 23:30"])
aware = starts.tz_localize("Asia/Seoul")
for times in (starts.as_unit("s"), aware.as_unit("s"), aware.as_unit("s").tz_convert("UTC")):
    calls = pd.DataFrame({{"channel": ["phone"] * 3, "started_at": times,
        "talk_seconds": [60] * 3, "hold_seconds": [0] * 3, "acw_seconds": [0] * 3,
        "wait_seconds": [0] * 3}})
    began = time.perf_counter()
    try:
        total = invoice(sheet, calls).total
    except CallRecordError as error:
        total = f"refused: {{error}}"
    print(total, round(time.perf_counter() - began, 3))
"""


def test_records_spanning_centuries_stay_in_bounded_memory() -> None:
    # Naive start times 500 years apart once made a per-minute table over the whole span
    # (2.6·10⁸ minutes, tens of GiB). With 1.5 GiB of address space the invoice completes in
    # well under a second: 1700-01-02 was a Saturday (weekend ×1.2: 720), 2027-01-09 a
    # Saturday (720) and 2200-01-06 23:30 a Monday inside the after-hours window (×1.5: 900).
    import subprocess
    import sys
    from pathlib import Path as _Path

    import vendoreval

    source = str(_Path(vendoreval.__file__).resolve().parents[1])
    code = CENTURIES.format(limit=1536 << 20)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": source, "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line.split() for line in done.stdout.strip().splitlines()]
    assert [line[0] for line in lines] == ["2340"] * 3
    assert all(float(line[1]) < 5 for line in lines)


def test_the_line_items_are_the_lines_table() -> None:
    sheet = usd(
        "30/6",
        per_contact={"phone": D("0.10")},
        monthly_fixed=D(100),
        minimum_monthly=D(150),
    )
    result = invoice(sheet, FIVE_CALLS)
    assert [item.category for item in result.line_items] == list(result.lines["category"])
    assert [tuple(item) for item in result.line_items] == [
        tuple(row) for row in result.lines.itertuples(index=False)
    ]
    assert list(result.lines.columns) == ["line", "category", "quantity", "unit", "rate", "amount"]
    assert result.lines is result.lines  # made once
    assert sum(item.amount for item in result.line_items) == result.total
    assert result.amounts_by_category()["minimum_true_up"] == result.line_items[-1].amount
    assert result.to_frame()["amount"].iloc[-1] == result.total
