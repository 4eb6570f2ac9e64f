"""ISO 4217 currencies: validation, minor units and half-up rounding of money.

Money is :class:`decimal.Decimal` throughout vendoreval. An amount is rounded half-up once
per invoice line to its currency's minor unit (KRW 0 decimal places, USD/EUR 2, KWD 3).

References
----------
ISO 4217:2015 *Codes for the representation of currencies*, list one (current currency &
funds), as maintained by SIX Financial Information, amendment 179 (2025).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import AfterValidator

from vendoreval.errors import ArgumentError

__all__ = ["CurrencyCode", "minor_units", "quantize", "validate_currency"]

_ZERO_DECIMALS = frozenset(
    "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split()
)
_THREE_DECIMALS = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
_FOUR_DECIMALS = frozenset("CLF UYW".split())
_TWO_DECIMALS = frozenset(
    """AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN
    BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP
    LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR
    NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN
    SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR
    ZMW ZWG""".split()
)

_MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_TWO_DECIMALS, 2),
    **dict.fromkeys(_ZERO_DECIMALS, 0),
    **dict.fromkeys(_THREE_DECIMALS, 3),
    **dict.fromkeys(_FOUR_DECIMALS, 4),
}


def validate_currency(code: str) -> str:
    """Return ``code`` if it is an active ISO 4217 alphabetic code, else raise ``ValueError``.

    Parameters
    ----------
    code : str
        Three upper-case letters, e.g. ``"KRW"`` or ``"USD"``.
    """
    if code not in _MINOR_UNITS:
        hint = " (codes are upper case)" if code.upper() in _MINOR_UNITS else ""
        raise ArgumentError(
            f"unknown currency {code!r}: expected an ISO 4217 code such as 'KRW', 'USD', 'EUR'"
            f"{hint}"
        )
    return code


CurrencyCode = Annotated[str, AfterValidator(validate_currency)]
"""An active ISO 4217 alphabetic currency code (validated)."""


def minor_units(code: str) -> int:
    """Number of decimal places of the currency's minor unit (KRW → 0, USD → 2, KWD → 3)."""
    return _MINOR_UNITS[validate_currency(code)]


def quantize(amount: Decimal, code: str) -> Decimal:
    """Round ``amount`` half-up to the minor unit of currency ``code``.

    Examples
    --------
    >>> quantize(Decimal("2.345"), "USD")
    Decimal('2.35')
    >>> quantize(Decimal("1500.5"), "KRW")
    Decimal('1501')
    """
    exponent = Decimal(1).scaleb(-minor_units(code))
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)
