"""Exact money: an amount computed exactly, rounded half-up once to the currency's minor unit.

Invoice lines, the invoice's rounding and wait costs and an audit's amounts per reason are
all computed as exact fractions and rounded here, so that an audit prices seconds exactly as
the invoice does.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from vendoreval.currency import minor_units, quantize

__all__ = ["round_money"]


def round_money(amount: Fraction, currency: str) -> Decimal:
    """Round an exact amount half-up (away from zero at .5) to the currency's minor unit.

    Parameters
    ----------
    amount : fractions.Fraction
        The exact amount [currency].
    currency : str
        ISO 4217 code; its minor unit sets the places (KRW 0, USD and EUR 2).

    Returns
    -------
    Decimal
        The amount rounded half-up [currency].

    Examples
    --------
    >>> round_money(Fraction(1, 8), "USD"), round_money(Fraction(-5, 2), "KRW")
    (Decimal('0.13'), Decimal('-3'))
    """
    places = minor_units(currency) + 1
    truncated = int(amount * 10**places)  # toward zero, one digit past the minor unit
    return quantize(Decimal(f"{truncated}E-{places}"), currency)
