"""ISO 4217 currencies: codes, minor units and half-up rounding of money."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from vendoreval.currency import CurrencyCode, minor_units, quantize, validate_currency

# Minor units from ISO 4217 list one (current currencies), the "Minor unit" column.
ISO_4217_MINOR_UNITS = {
    "KRW": 0,
    "JPY": 0,
    "CLP": 0,
    "VND": 0,
    "USD": 2,
    "EUR": 2,
    "MXN": 2,
    "COP": 2,
    "PEN": 2,
    "PHP": 2,
    "KWD": 3,
    "BHD": 3,
    "JOD": 3,
    "TND": 3,
    "CLF": 4,
}


@pytest.mark.parametrize(("code", "places"), sorted(ISO_4217_MINOR_UNITS.items()))
def test_minor_units(code: str, places: int) -> None:
    assert minor_units(code) == places


@pytest.mark.parametrize(
    ("code", "hint"), [("KRX", "ISO 4217"), ("krw", "upper case"), ("", "ISO 4217")]
)
def test_unknown_currency(code: str, hint: str) -> None:
    with pytest.raises(ValueError, match=hint):
        validate_currency(code)
    with pytest.raises(ValidationError, match="unknown currency"):
        TypeAdapter(CurrencyCode).validate_python(code)


@pytest.mark.parametrize(
    ("amount", "code", "half_up", "half_even"),
    [
        ("2.5", "KRW", "3", "2"),
        ("1500.5", "KRW", "1501", "1500"),
        ("3.5", "KRW", "4", "4"),
        ("0.125", "USD", "0.13", "0.12"),
        ("2.345", "USD", "2.35", "2.34"),
        ("2.355", "EUR", "2.36", "2.36"),
        ("1.0005", "KWD", "1.001", "1.000"),
        ("0.00005", "CLF", "0.0001", "0.0000"),
        ("-2.5", "KRW", "-3", "-2"),
        ("7", "USD", "7.00", "7.00"),
    ],
)
def test_quantize_is_half_up_not_half_even(
    amount: str, code: str, half_up: str, half_even: str
) -> None:
    result = quantize(Decimal(amount), code)
    assert result == Decimal(half_up)
    assert str(result) == half_up  # the exponent is the currency's minor unit
    exponent = Decimal(1).scaleb(-minor_units(code))
    assert Decimal(amount).quantize(exponent, rounding=ROUND_HALF_EVEN) == Decimal(half_even)


@given(
    st.one_of(*(st.decimals(min_value=0, max_value=10**12, places=places) for places in range(9))),
    st.sampled_from(sorted(ISO_4217_MINOR_UNITS)),
)
def test_quantize_matches_floor_of_amount_plus_half_unit(amount: Decimal, code: str) -> None:
    places = ISO_4217_MINOR_UNITS[code]
    scale = Decimal(10) ** places
    expected = (amount * scale + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR) / scale
    assert quantize(amount, code) == expected
