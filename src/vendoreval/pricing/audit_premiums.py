"""The premium check of an invoice audit: a line priced at a time multiplier not earned.

A billed line is a ``premium`` difference when its amount equals its seconds priced at the
flat voice rate times a time multiplier larger than the one due at the contact's start (and
differs from the amount at the multiplier due), as :mod:`vendoreval.pricing.audit` defines.
Amounts are compared in whole minor units, rounded half-up exactly in integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._types import IntArray
from vendoreval.currency import minor_units
from vendoreval.pricing.audit_report import AMOUNT_COLUMN
from vendoreval.pricing.premium_windows import precedence, time_multipliers
from vendoreval.pricing.sheet import Premiums, PriceSheet, TierBasis

__all__: list[str] = []

_SAFE_INT: Final = 2**62


@dataclass(frozen=True, eq=False)
class _Premium:
    """What the premium check needs: rate, multipliers and their order of precedence."""

    premiums: Premiums
    rate: Fraction
    places: int
    timezone: str
    order: tuple[int, ...]
    time_multipliers: dict[int, Fraction]
    languages: tuple[str, ...]
    language_multipliers: tuple[Fraction, ...]

    @property
    def n_languages(self) -> int:
        return len(self.languages) + 1

    def factor(self, cls: int) -> Fraction:
        """Multiplier due for premium class ``cls`` (time kind × language)."""
        kind, language = divmod(cls, self.n_languages)
        time = self.time_multipliers.get(kind, Fraction(1))
        return time * (self.language_multipliers[language - 1] if language else Fraction(1))

    def wrong_factors(self, cls: int) -> list[Fraction]:
        """Multipliers of time windows larger than the one due (× the language's)."""
        kind, language = divmod(cls, self.n_languages)
        due = self.time_multipliers.get(kind, Fraction(1))
        lang = self.language_multipliers[language - 1] if language else Fraction(1)
        return sorted({m * lang for m in self.time_multipliers.values() if m > due})


def _premium_plan(sheet: PriceSheet, *, has_amount: bool) -> tuple[_Premium | None, str]:
    """The premium check's inputs, or None and why it cannot be made."""
    premiums = sheet.premiums
    multipliers = {kind: Fraction(m) for kind, m in time_multipliers(premiums).items()}
    if not has_amount:
        return None, f"not checked: the billing detail has no {AMOUNT_COLUMN!r} column"
    if premiums is None or not multipliers or premiums.timezone is None:
        return None, "not checked: the sheet has no after-hours, weekend or holiday premium"
    if sheet.voice_rate_per_minute is None or sheet.tier_for(TierBasis.VOICE_MINUTES):
        return None, "not checked: the sheet has no flat voice rate per minute to price a line"
    plan = _Premium(
        premiums=premiums,
        rate=Fraction(sheet.voice_rate_per_minute),
        places=minor_units(sheet.currency),
        timezone=premiums.timezone,
        order=precedence(multipliers),
        time_multipliers=multipliers,
        languages=tuple(premiums.language_multipliers),
        language_multipliers=tuple(Fraction(m) for m in premiums.language_multipliers.values()),
    )
    return plan, "checked against the line amounts"


def _half_up(seconds: IntArray, factor: Fraction) -> npt.NDArray[Any]:
    """round_half_up(seconds × factor) for seconds ≥ 0 and factor ≥ 0, exactly."""
    num, den = factor.numerator, factor.denominator
    top = int(seconds.max()) if seconds.size else 0
    if 2 * top * num + den < _SAFE_INT:
        result: IntArray = (2 * num * seconds + den) // (2 * den)
        return result
    exact = seconds.astype(object)  # Python integers: no overflow however large
    return np.asarray((2 * num * exact + den) // (2 * den), dtype=object)


def _premium_hits(
    premium: _Premium, their: IntArray, amount: IntArray, classes: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Lines whose amount is priced at a time multiplier the contact's start does not earn."""
    hits = np.zeros(their.shape[0], dtype=bool)
    scale = premium.rate * 10**premium.places / 60  # minor units per second at multiplier 1
    for cls in np.flatnonzero(np.bincount(classes)).tolist():
        wrong = premium.wrong_factors(cls)
        if not wrong:
            continue
        rows = np.flatnonzero(classes == cls)
        seconds, charged = their[rows], amount[rows]
        found = np.zeros(rows.shape[0], dtype=bool)
        for factor in wrong:
            found |= np.asarray(charged == _half_up(seconds, scale * factor), dtype=bool)
        due = _half_up(seconds, scale * premium.factor(cls))
        hits[rows] = found & np.asarray(charged != due, dtype=bool) & (seconds > 0)
    return hits
