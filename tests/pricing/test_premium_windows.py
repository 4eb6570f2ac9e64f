"""A sheet's time premiums: which it has, and which one applies when several do."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from vendoreval.pricing import AfterHours, Premiums
from vendoreval.pricing.premium_windows import (
    AFTER_HOURS,
    HOLIDAY,
    WEEKEND,
    PremiumTerms,
    precedence,
    time_multipliers,
)

D = Decimal

PREMIUMS = Premiums(
    timezone="Asia/Seoul",
    after_hours=AfterHours(start="20:00", end="08:00", multiplier=D("1.5")),
    weekend_multiplier=D("1.2"),
    holidays=("2027-01-01",),
    holiday_multiplier=D("1.5"),
    language_multipliers={"ja": D("1.3")},
)


def test_the_time_multipliers_a_sheet_has() -> None:
    assert time_multipliers(None) == {}
    assert time_multipliers(PREMIUMS) == {
        AFTER_HOURS: D("1.5"),
        WEEKEND: D("1.2"),
        HOLIDAY: D("1.5"),
    }
    weekend_only = Premiums(timezone="Asia/Seoul", weekend_multiplier=D("1.1"))
    assert time_multipliers(weekend_only) == {WEEKEND: D("1.1")}


def test_the_largest_multiplier_wins_and_ties_go_to_holiday_weekend_after_hours() -> None:
    # After-hours and holiday both 1.5: the holiday wins the tie; the weekend's 1.2 is last.
    multipliers = time_multipliers(PREMIUMS)
    assert precedence(multipliers) == (HOLIDAY, AFTER_HOURS, WEEKEND)
    as_floats = {kind: float(m) for kind, m in multipliers.items()}
    as_fractions = {kind: Fraction(m) for kind, m in multipliers.items()}
    assert precedence(as_floats) == precedence(as_fractions) == precedence(multipliers)
    assert precedence({WEEKEND: 2.0, AFTER_HOURS: 2.0}) == (WEEKEND, AFTER_HOURS)
    assert precedence({}) == ()


def test_premium_terms() -> None:
    assert PremiumTerms.of(None) == PremiumTerms()
    assert PremiumTerms.of(Premiums()) == PremiumTerms()  # empty premiums: no terms
    terms = PremiumTerms.of(PREMIUMS)
    assert terms.timezone == "Asia/Seoul"
    assert terms.time_multipliers == time_multipliers(PREMIUMS)
    assert terms.languages == ("ja",)
    assert terms.language_multipliers == (D("1.3"),)
