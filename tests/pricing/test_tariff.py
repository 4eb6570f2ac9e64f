"""Tests for vendoreval.pricing.tariff: the float64, vectorized price sheet of the simulation.

The reference is :func:`vendoreval.pricing.invoice` (exact Decimal arithmetic on call
records): the quantities of a month of synthetic records (:func:`sample_calls`) are computed
here contact by contact and fed to :func:`monthly_charges`, whose total must equal the
invoice total within the invoice's rounding of each line (half a minor unit per line).
Tiers are checked against a unit-by-unit loop and hand-worked bands.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import price_sheets
from vendoreval.currency import minor_units
from vendoreval.datasets.calls import sample_calls
from vendoreval.errors import MissingStaffingInputError, UnpricedChannelError
from vendoreval.needs import ChannelNeeds, ContractNeeds, LanguageNeed, Needs, ServiceLevelTarget
from vendoreval.needs.hours import Hours
from vendoreval.pricing import (
    AfterHours,
    BillableComponent,
    Premiums,
    PriceSheet,
    Rounding,
    TierBand,
    TierBasis,
    TierMode,
    VolumeTier,
    invoice,
)
from vendoreval.pricing.tariff import (
    AFTER_HOURS,
    CHARGE_LINES,
    HOLIDAY,
    TIME_NONE,
    WEEKEND,
    MonthlyQuantities,
    monthly_charges,
    premium_classes,
    tier_charge,
)
from vendoreval.vocabulary import Channel, Weekday

D = Decimal
AGENT_HOURS = 1234.5
FTES = 56.25
_COLUMNS = {
    BillableComponent.TALK: "talk_seconds",
    BillableComponent.HOLD: "hold_seconds",
    BillableComponent.ACW: "acw_seconds",
    BillableComponent.WAIT: "wait_seconds",
}


def small_needs() -> Needs:
    """Every channel, three languages, holidays; a few hundred contacts a month."""
    live = ServiceLevelTarget(share=0.8, answer_within_seconds=20)
    return Needs(
        buyer="Tariff test buyer",
        industry="e-commerce",
        timezone="Asia/Seoul",
        hours=Hours(always=True),
        holidays=(dt.date(2027, 1, 1), dt.date(2027, 1, 15)),
        channels=(
            ChannelNeeds(
                channel=Channel.PHONE,
                volume_per_month=500,
                talk_seconds=200,
                hold_seconds=30,
                acw_seconds=40,
                service_level=live,
                patience_seconds=60,
                arrival="retail-evenings",
            ),
            ChannelNeeds(
                channel=Channel.CHAT,
                volume_per_month=150,
                talk_seconds=300,
                patience_seconds=90,
                arrival="business-hours",
            ),
            ChannelNeeds(channel=Channel.EMAIL, volume_per_month=90, talk_seconds=240),
            ChannelNeeds(channel=Channel.SOCIAL, volume_per_month=60, talk_seconds=180),
            ChannelNeeds(channel=Channel.MESSAGING, volume_per_month=40, talk_seconds=200),
        ),
        languages=(
            LanguageNeed(language="ko", share=0.6),
            LanguageNeed(language="en", share=0.25),
            LanguageNeed(language="ja", share=0.15),
        ),
        contract=ContractNeeds(currency="KRW", start_month="2027-01"),
    )


@functools.cache
def month_of_calls() -> pd.DataFrame:
    return sample_calls(small_needs(), month="2027-01", seed=11)


def quantities_of(sheet: PriceSheet, calls: pd.DataFrame) -> MonthlyQuantities:
    """A month's quantities counted contact by contact (one run)."""
    plan = premium_classes(sheet)
    n = plan.n_classes
    billable = np.zeros(len(calls), dtype=np.int64)
    for component in sheet.billable_components:
        billable += calls[_COLUMNS[component]].to_numpy(np.int64)
    handling = np.zeros(len(calls), dtype=np.int64)
    for component in list(_COLUMNS)[:3]:
        handling += calls[_COLUMNS[component]].to_numpy(np.int64)
    classes = np.zeros(len(calls), dtype=np.int64)
    if plan.has_time:
        assert plan.timezone is not None
        wall = calls["started_at"].dt.tz_convert(plan.timezone).dt.tz_localize(None)
        seconds = wall.to_numpy().astype("datetime64[s]").astype(np.int64)
        classes += plan.time_kinds(seconds) * plan.n_languages
    if plan.languages:
        classes += np.array([plan.language_index(str(tag)) for tag in calls["language"]])
    channel = calls["channel"].astype(str).to_numpy()
    phone = channel == Channel.PHONE.value
    handled = {}
    for name in Channel:
        mask = channel == name.value
        if name is Channel.PHONE:
            mask &= (handling > 0) & (billable > 0)
        handled[name] = np.bincount(classes[mask], minlength=n)[None, :].astype(np.float64)
    increment = sheet.billing_increment
    if sheet.rounding is Rounding.MONTHLY:
        basis = np.bincount(classes[phone], weights=billable[phone], minlength=n).astype(float)
        billed = float(increment.billed_seconds(int(billable[phone].sum())))
    else:
        each = np.asarray(increment.billed_seconds(billable[phone]))
        basis = np.bincount(classes[phone], weights=each, minlength=n).astype(float)
        billed = float(each.sum())
    return MonthlyQuantities(
        voice_billed_seconds=np.array([billed]),
        voice_class_seconds=basis[None, :],
        handled_contacts=handled,
        agent_hours=np.array([AGENT_HOURS]),
        ftes=np.array([FTES]),
    )


def assert_matches_invoice(sheet: PriceSheet, calls: pd.DataFrame) -> None:
    exact = invoice(sheet, calls, agent_hours=AGENT_HOURS, ftes=FTES)
    charges = monthly_charges(sheet, quantities_of(sheet, calls))
    lines = len(exact.lines)
    scale = 1.0 + sum(abs(float(amount)) for amount in exact.lines["amount"])
    tolerance = lines * 0.5 * 10.0 ** -minor_units(sheet.currency) * (1 + 1e-9) + 1e-9 * scale
    assert abs(charges.total[0] - float(exact.total)) <= tolerance
    by_category = exact.amounts_by_category()
    for line in CHARGE_LINES:
        assert abs(charges.lines[line][0] - float(by_category[line])) <= tolerance, line
    assert charges.total[0] == pytest.approx(sum(charges.lines[line][0] for line in CHARGE_LINES))


# ----------------------------------------------------------------------------- vs invoice


def krw(**fields: Any) -> PriceSheet:
    return PriceSheet(currency="KRW", **fields)


VOICE_TIER = VolumeTier(
    basis=TierBasis.VOICE_MINUTES,
    mode=TierMode.GRADUATED,
    bands=(
        TierBand(up_to=600, rate=D(800)),
        TierBand(up_to=1200, rate=D(760)),
        TierBand(rate=D(700)),
    ),
)
CHAT_TIER = VolumeTier(
    basis=TierBasis.CONTACTS,
    channel=Channel.CHAT,
    mode=TierMode.ALL_UNITS,
    bands=(TierBand(up_to=100, rate=D(2100)), TierBand(rate=D(1900))),
)
PREMIUMS = Premiums(
    timezone="Asia/Seoul",
    after_hours=AfterHours(
        start="22:00", end="08:00", multiplier=D("1.3"), days=(Weekday.MON, Weekday.FRI)
    ),
    weekend_multiplier=D("1.15"),
    holidays=(dt.date(2027, 1, 1),),
    holiday_multiplier=D("1.5"),
    language_multipliers={"en": D("1.1"), "ja": D("1.25")},
)

SHEETS = {
    "per-minute flat": krw(
        billing_increment="60/60",
        voice_rate_per_minute=D(780),
        per_contact={c: D(2000) for c in Channel if c is not Channel.PHONE},
    ),
    "per-second billing wait, monthly": krw(
        billing_increment="1/1",
        billable_components=tuple(BillableComponent),
        rounding=Rounding.MONTHLY,
        voice_rate_per_minute=D(690),
        unpriced_contacts_free=True,
        volume_tiers=(CHAT_TIER,),
        premiums=PREMIUMS,
    ),
    "30/6 graduated voice tier, premiums, minimum": krw(
        billing_increment="30/6",
        billable_components=(BillableComponent.TALK, BillableComponent.HOLD),
        volume_tiers=(VOICE_TIER,),
        per_contact={Channel.EMAIL: D(2500), Channel.SOCIAL: D(2300), Channel.MESSAGING: D(1)},
        unpriced_contacts_free=True,
        premiums=PREMIUMS,
        minimum_monthly=D(5_000_000),
    ),
    "per phone contact, staffing and fixed": krw(
        billing_increment="6/6",
        per_contact={Channel.PHONE: D(3300)},
        agent_hour_rate=D(25000),
        fte_month_rate=D(4_150_000),
        monthly_fixed=D(6_000_000),
        unpriced_contacts_free=True,
        premiums=Premiums(timezone="America/Bogota", weekend_multiplier=D("1.2")),
    ),
    "usd cents with ties on multipliers": PriceSheet(
        currency="USD",
        billing_increment="120/30",
        voice_rate_per_minute=D("0.63"),
        per_contact={c: D("1.07") for c in Channel if c is not Channel.PHONE},
        premiums=Premiums(
            timezone="UTC",
            after_hours=AfterHours(start="18:00", end="24:00", multiplier=D("1.2")),
            weekend_multiplier=D("1.2"),
            holidays=(dt.date(2027, 1, 15),),
            holiday_multiplier=D("1.2"),
        ),
    ),
}


@pytest.mark.parametrize("name", list(SHEETS))
def test_matches_invoice_on_a_month_of_records(name: str) -> None:
    assert_matches_invoice(SHEETS[name], month_of_calls())


@settings(max_examples=40)
@given(sheet=price_sheets())
def test_matches_invoice_for_any_sheet(sheet: PriceSheet) -> None:
    calls = month_of_calls()
    try:
        invoice(sheet, calls, agent_hours=AGENT_HOURS, ftes=FTES)
    except UnpricedChannelError:
        if not sheet.is_staffing_based:
            with pytest.raises(UnpricedChannelError):
                monthly_charges(sheet, quantities_of(sheet, calls))
            return
        # A staffing-based sheet covers its unpriced contacts with the staffing fee.
        sheet = sheet.model_copy(update={"unpriced_contacts_free": True})
    assert_matches_invoice(sheet, calls)


def test_vectorized_over_runs() -> None:
    sheet = SHEETS["30/6 graduated voice tier, premiums, minimum"]
    one = quantities_of(sheet, month_of_calls())
    scale = np.array([0.0, 0.5, 1.0, 3.0])
    many = MonthlyQuantities(
        voice_billed_seconds=one.voice_billed_seconds * scale,
        voice_class_seconds=one.voice_class_seconds * scale[:, None],
        handled_contacts={c: v * scale[:, None] for c, v in one.handled_contacts.items()},
    )
    charges = monthly_charges(sheet, many)
    assert charges.total.shape == (4,)
    assert charges.total[2] == pytest.approx(monthly_charges(sheet, one).total[0])
    assert charges.total[0] == 5_000_000  # nothing used: the minimum
    assert (np.diff(charges.total) >= 0).all()


# ----------------------------------------------------------------------------- tiers


def _unit_by_unit(tier: VolumeTier, quantity: int) -> float:
    """Reference: price each unit in turn (graduated) or find the band the total reaches."""
    limits = [band.up_to for band in tier.bands]
    if tier.mode is TierMode.ALL_UNITS:
        for limit, band in zip(limits, tier.bands, strict=True):
            if limit is None or quantity <= limit:
                return quantity * float(band.rate)
    total = 0.0
    for unit in range(1, quantity + 1):
        band = next(
            b for b, lim in zip(tier.bands, limits, strict=True) if lim is None or unit <= lim
        )
        total += float(band.rate)
    return total


@given(
    limits=st.lists(st.integers(1, 400), min_size=0, max_size=3, unique=True).map(sorted),
    rates=st.lists(st.integers(0, 5000), min_size=4, max_size=4),
    mode=st.sampled_from(tuple(TierMode)),
    quantity=st.integers(0, 600),
)
def test_tier_charge_matches_unit_by_unit(
    limits: list[int], rates: list[int], mode: TierMode, quantity: int
) -> None:
    bands = [
        TierBand(up_to=limit, rate=D(rate)) for limit, rate in zip(limits, rates, strict=False)
    ]
    bands.append(TierBand(rate=D(rates[-1])))
    tier = VolumeTier(basis=TierBasis.CONTACTS, channel=Channel.CHAT, mode=mode, bands=tuple(bands))
    assert float(tier_charge(tier, quantity)) == pytest.approx(_unit_by_unit(tier, quantity))


def test_tier_bands_by_hand() -> None:
    # graduated 0–100 at 2, 100–250 at 1.5, above at 1: 180 → 200 + 120 = 320; 300 → 425 + 50
    graduated = VolumeTier(
        basis=TierBasis.VOICE_MINUTES,
        bands=(
            TierBand(up_to=100, rate=D(2)),
            TierBand(up_to=250, rate=D("1.5")),
            TierBand(rate=D(1)),
        ),
    )
    assert tier_charge(graduated, [0, 50.5, 180, 300]).tolist() == [0.0, 101.0, 320.0, 475.0]
    # all units: 100 is still the first band (limits are inclusive); 100.5 is the second
    all_units = graduated.model_copy(update={"mode": TierMode.ALL_UNITS})
    assert tier_charge(all_units, [100, 100.5, 251]).tolist() == [200.0, 150.75, 251.0]


# ----------------------------------------------------------------------------- premiums


def _seconds(text: str) -> int:
    return int(np.datetime64(text, "s").astype(np.int64))


def test_time_kinds_by_hand() -> None:
    sheet = krw(
        billing_increment="60/60",
        voice_rate_per_minute=D(1),
        premiums=Premiums(
            timezone="UTC",
            after_hours=AfterHours(
                start="22:00", end="08:00", multiplier=D("1.3"), days=(Weekday.FRI,)
            ),
            weekend_multiplier=D("1.1"),
            holidays=(dt.date(2027, 1, 6),),
            holiday_multiplier=D("1.3"),
        ),
    )
    plan = premium_classes(sheet)
    starts = {
        "2027-01-08T23:00": AFTER_HOURS,  # Friday night, window opened Friday
        "2027-01-09T03:00": AFTER_HOURS,  # Saturday 03:00, window opened Friday: 1.3 > weekend
        "2027-01-09T09:00": WEEKEND,  # Saturday morning
        "2027-01-08T07:59": TIME_NONE,  # Friday morning: the window of Thursday does not open
        "2027-01-08T08:00": TIME_NONE,
        "2027-01-06T12:00": HOLIDAY,  # a listed Wednesday holiday
        "2027-01-07T23:00": TIME_NONE,  # Thursday night
    }
    kinds = plan.time_kinds([_seconds(t) for t in starts])
    assert kinds.tolist() == list(starts.values())
    # equal multipliers of holiday and after-hours: holiday wins
    assert plan.time_order[0] == HOLIDAY
    multipliers = plan.multipliers()
    assert multipliers.shape == (4,)
    assert multipliers.tolist() == pytest.approx([1.0, 1.3, 1.1, 1.3])


def test_language_premium_stacks_on_the_time_premium() -> None:
    sheet = krw(
        billing_increment="60/60",
        voice_rate_per_minute=D(600),
        premiums=Premiums(
            timezone="UTC", weekend_multiplier=D("1.5"), language_multipliers={"ja": D("1.2")}
        ),
    )
    plan = premium_classes(sheet)
    assert plan.n_classes == 8
    weekend_ja = WEEKEND * plan.n_languages + plan.language_index("ja")
    basis = np.zeros((1, 8))
    basis[0, weekend_ja] = 600.0  # 10 billed minutes, all on a weekend in Japanese
    charges = monthly_charges(
        sheet,
        MonthlyQuantities(
            voice_billed_seconds=np.array([600.0]),
            voice_class_seconds=basis,
            handled_contacts={},
        ),
    )
    # 10 min × 600 = 6000; surcharge (1.5·1.2 − 1) × 6000 = 4800
    assert charges.lines["premiums"][0] == pytest.approx(4800.0)
    assert charges.total[0] == pytest.approx(10800.0)


# ----------------------------------------------------------------------------- errors


def _empty(runs: int = 1, classes: int = 1) -> dict[str, Any]:
    return {
        "voice_billed_seconds": np.zeros(runs),
        "voice_class_seconds": np.zeros((runs, classes)),
        "handled_contacts": {},
    }


def test_missing_staffing_input_names_it() -> None:
    sheet = krw(billing_increment="60/60", fte_month_rate=D(4_000_000))
    with pytest.raises(MissingStaffingInputError, match="ftes"):
        monthly_charges(sheet, MonthlyQuantities(**_empty()), vendor="Daehan")
    sheet = krw(billing_increment="60/60", agent_hour_rate=D(25_000))
    with pytest.raises(MissingStaffingInputError, match="agent_hours"):
        monthly_charges(sheet, MonthlyQuantities(**_empty()))


def test_unpriced_contacts_are_an_error_unless_covered() -> None:
    handled: dict[Channel, npt.NDArray[np.float64]] = {Channel.CHAT: np.array([[3.0]])}
    quantities = MonthlyQuantities(**{**_empty(), "handled_contacts": handled})
    sheet = krw(billing_increment="60/60", voice_rate_per_minute=D(700))
    with pytest.raises(UnpricedChannelError, match="'chat'"):
        monthly_charges(sheet, quantities, vendor="X")
    free = sheet.model_copy(update={"unpriced_contacts_free": True})
    assert monthly_charges(free, quantities).total[0] == 0.0
    staffed = krw(billing_increment="60/60", fte_month_rate=D(100))
    total = monthly_charges(
        staffed, MonthlyQuantities(**{**_empty(), "handled_contacts": handled}, ftes=np.ones(1))
    ).total
    assert total[0] == 100.0


def test_wrong_shapes_are_rejected() -> None:
    sheet = SHEETS["30/6 graduated voice tier, premiums, minimum"]
    with pytest.raises(ValueError, match="voice_class_seconds"):
        monthly_charges(sheet, MonthlyQuantities(**_empty(2, 1)))
    assert math.isfinite(monthly_charges(sheet, MonthlyQuantities(**_empty(2, 12))).total[1])


# ----------------------------------------------------------------------------- second round


def test_a_per_head_sheet_charges_its_committed_head_count() -> None:
    # 12.5 + 3 committed FTEs × 4,000,000 = 62,000,000 a month, whatever the traffic
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="60/60",
        fte_month_rate=D(4_000_000),
        committed_ftes={Channel.PHONE: 12.5, Channel.EMAIL: 3},
        monthly_fixed=D(1_000_000),
    )
    quantities = MonthlyQuantities(
        voice_billed_seconds=np.array([0.0, 9_999_999.0]),
        voice_class_seconds=np.array([[0.0], [9_999_999.0]]),
        handled_contacts={Channel.PHONE: np.array([[0.0], [100_000.0]])},
    )
    charges = monthly_charges(sheet, quantities)
    assert charges.lines["staffing"].tolist() == [62_000_000.0, 62_000_000.0]
    assert charges.total.tolist() == [63_000_000.0, 63_000_000.0]
    # the invoice charges the same head-count when no FTEs are given
    calls = pd.DataFrame(
        {
            "channel": ["phone"],
            "started_at": pd.to_datetime(["2027-01-04 10:00"]),
            "talk_seconds": [60],
            "hold_seconds": [0],
            "acw_seconds": [0],
            "wait_seconds": [0],
        }
    )
    assert invoice(sheet, calls).total == D(63_000_000)


@settings(max_examples=25, deadline=None)
@given(sheet=price_sheets(), seed=st.integers(0, 2**16))
def test_fixed_class_shares_equal_the_class_arrays_split_by_them(
    sheet: PriceSheet, seed: int
) -> None:
    """With fixed class shares the charges equal those of class arrays split by the shares."""
    plan = premium_classes(sheet)
    n = plan.n_classes
    rng = np.random.default_rng(seed)
    runs = 7
    shares = {"voice": rng.dirichlet(np.ones(n))}
    channels = [Channel.PHONE, Channel.CHAT, Channel.EMAIL]
    for channel in channels:
        shares[channel.value] = rng.dirichlet(np.ones(n))
    billed = rng.uniform(0, 5e6, runs)
    basis = rng.uniform(0, 5e6, runs)
    counts = {c: rng.uniform(0, 5e4, runs) for c in channels}
    kwargs: dict[str, Any] = {"agent_hours": np.full(runs, 500.0), "ftes": np.full(runs, 3.0)}
    free = sheet.model_copy(update={"unpriced_contacts_free": True})
    fixed = monthly_charges(
        free,
        MonthlyQuantities(
            voice_billed_seconds=billed,
            voice_class_seconds=basis,
            handled_contacts=counts,
            class_shares=shares,
            **kwargs,
        ),
    )
    split = monthly_charges(
        free,
        MonthlyQuantities(
            voice_billed_seconds=billed,
            voice_class_seconds=basis[:, None] * shares["voice"][None, :],
            handled_contacts={c: counts[c][:, None] * shares[c.value][None, :] for c in channels},
            **kwargs,
        ),
    )
    np.testing.assert_allclose(fixed.total, split.total, rtol=1e-12)
    for line in CHARGE_LINES:
        np.testing.assert_allclose(fixed.lines[line], split.lines[line], rtol=1e-12, atol=1e-6)


def test_fixed_class_shares_are_checked() -> None:
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="60/60",
        voice_rate_per_minute=D(600),
        premiums=Premiums(language_multipliers={"en": D("1.2")}),
    )
    quantities = MonthlyQuantities(
        voice_billed_seconds=np.ones(2),
        voice_class_seconds=np.ones(2),
        handled_contacts={},
        class_shares={"voice": np.array([1.0])},
    )
    with pytest.raises(ValueError, match=r"class_shares\['voice'\] must have shape"):
        monthly_charges(sheet, quantities)
