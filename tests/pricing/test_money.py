"""Exact money rounded once: half-up (away from zero at .5) to the currency's minor unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendoreval.pricing.money import round_money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Fraction(1, 8), "USD", "0.13"),  # 0.125 → 0.13: a half goes up
        (Fraction(-1, 8), "USD", "-0.13"),  # and away from zero below zero
        (Fraction(1, 3), "USD", "0.33"),  # 0.333… → 0.33
        (Fraction(2049, 1000), "EUR", "2.05"),  # 2.049 → 2.05
        (Fraction(12345, 10), "KRW", "1235"),  # 1,234.5 won → 1,235 (no minor unit)
        (Fraction(-5, 2), "KRW", "-3"),
        (Fraction(0), "USD", "0.00"),
    ],
)
def test_hand_worked_roundings(amount: Fraction, currency: str, expected: str) -> None:
    assert round_money(amount, currency) == Decimal(expected)
    assert str(round_money(amount, currency)) == expected


@given(
    st.integers(-(10**12), 10**12),
    st.integers(1, 1_000),
    st.sampled_from([("KRW", 0), ("USD", 2), ("EUR", 2)]),
)
def test_rounding_agrees_with_decimal_half_up(
    numerator: int, denominator: int, currency: tuple[str, int]
) -> None:
    # Reference: the fraction to 60 significant digits, then Decimal's own ROUND_HALF_UP.
    code, places = currency
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(numerator) / Decimal(denominator)
        expected = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert round_money(Fraction(numerator, denominator), code) == expected
