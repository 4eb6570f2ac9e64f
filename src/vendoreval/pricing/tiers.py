"""Volume tiers: which part of a quantity each band prices, exactly or for many runs at once.

A tier's bands have ascending inclusive limits ``up_to``, the last open-ended.

* ``graduated``: each band's part of the quantity at the band's rate,
  ``Σ_b rate_b · clip(q − lower_b, 0, upper_b − lower_b)``;
* ``all_units``: the whole quantity at the rate of the band it falls in.

:func:`tier_parts` gives the parts of one quantity as exact fractions: the invoice writes one
line per part, and the audit prices seconds at the tier's average realised rate, the parts'
charge ÷ the quantity (:func:`exact_tier_charge`). :func:`tier_charge` is the same rule in
float64 over an array of quantities, one per simulated month, for the cost simulation's
tariff (:mod:`vendoreval.pricing.tariff`); the two agree to float precision.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray
from vendoreval.pricing.sheet import TierMode, VolumeTier

__all__ = ["TierPart", "exact_tier_charge", "tier_charge", "tier_parts"]


@dataclass(frozen=True)
class TierPart:
    """The part of a quantity one band of a tier prices.

    Attributes
    ----------
    lower : int
        Lower limit of the band (exclusive; 0 for the first) [min or contacts].
    upper : int or None
        Upper limit of the band (inclusive); None for the open-ended band [min or contacts].
    quantity : fractions.Fraction
        The quantity priced at ``rate`` [min or contacts]: the band's part (graduated) or the
        whole quantity (all units).
    rate : Decimal
        The band's price per unit [currency / min or contact].
    all_units : bool
        True when the whole quantity is priced at this band's rate.
    """

    lower: int
    upper: int | None
    quantity: Fraction
    rate: Decimal
    all_units: bool

    @property
    def charge(self) -> Fraction:
        """``quantity × rate``, exact [currency]."""
        return self.quantity * Fraction(self.rate)


def tier_parts(tier: VolumeTier, quantity: Fraction) -> list[TierPart]:
    """The parts of ``quantity`` the bands of ``tier`` price, in band order.

    Parameters
    ----------
    tier : VolumeTier
        ``graduated`` or ``all_units`` bands.
    quantity : fractions.Fraction
        Billed voice minutes [min] or handled contacts [contacts]; none is priced when ≤ 0.

    Returns
    -------
    list of TierPart
        Graduated: one part per band the quantity reaches (bands it does not reach are left
        out); all units: the one band the quantity falls in.

    Examples
    --------
    >>> from vendoreval.pricing import TierBand
    >>> tier = VolumeTier(basis="contacts", channel="chat", bands=(
    ...     TierBand(up_to=100, rate=Decimal(2)), TierBand(rate=Decimal(1))))
    >>> [(p.lower, p.upper, p.quantity, p.charge) for p in tier_parts(tier, Fraction(150))]
    [(0, 100, Fraction(100, 1), Fraction(200, 1)), (100, None, Fraction(50, 1), Fraction(50, 1))]
    """
    parts: list[TierPart] = []
    if quantity <= 0:
        return parts
    lower = 0
    if tier.mode is TierMode.GRADUATED:
        for band in tier.bands:
            upper = band.up_to
            top = quantity if upper is None else min(quantity, Fraction(upper))
            part = top - lower
            if part > 0:
                parts.append(TierPart(lower, upper, part, band.rate, all_units=False))
            if upper is None or quantity <= upper:
                break
            lower = upper
        return parts
    for band in tier.bands:
        if band.up_to is None or quantity <= band.up_to:
            parts.append(TierPart(lower, band.up_to, quantity, band.rate, all_units=True))
            break
        lower = band.up_to
    return parts


def exact_tier_charge(tier: VolumeTier, quantity: Fraction) -> Fraction:
    """The exact charge of ``tier`` for ``quantity``: Σ of its parts' charges [currency]."""
    return sum((part.charge for part in tier_parts(tier, quantity)), Fraction(0))


def tier_charge(tier: VolumeTier, quantity: npt.ArrayLike) -> FloatArray:
    """Charge of a volume tier for each quantity, elementwise [currency].

    Parameters
    ----------
    tier : VolumeTier
        ``graduated`` or ``all_units`` bands.
    quantity : array_like
        Billed voice minutes [min] or handled contacts [contacts], ≥ 0.

    Returns
    -------
    numpy.ndarray
        ``graduated``: ``Σ_b rate_b · clip(q − lower_b, 0, upper_b − lower_b)``;
        ``all_units``: ``q · rate`` of the first band with ``q ≤ up_to`` (the open band
        above the last limit).

    Examples
    --------
    >>> from decimal import Decimal
    >>> from vendoreval.pricing import TierBand
    >>> tier = VolumeTier(basis="contacts", channel="chat", bands=(
    ...     TierBand(up_to=100, rate=Decimal(2)), TierBand(rate=Decimal(1))))
    >>> tier_charge(tier, [50, 150]).tolist()
    [100.0, 250.0]
    """
    q = np.asarray(quantity, dtype=np.float64)
    rates = np.array([float(band.rate) for band in tier.bands])
    limits = np.array([float(band.up_to) for band in tier.bands[:-1] if band.up_to is not None])
    if tier.mode is TierMode.ALL_UNITS:
        index = np.searchsorted(limits, q, side="left")
        return np.asarray(q * rates[index], dtype=np.float64)
    lowers = np.concatenate(([0.0], limits))
    widths = np.concatenate((np.diff(lowers), [math.inf]))
    parts = np.clip(q[..., None] - lowers, 0.0, widths)
    return np.asarray((parts * rates).sum(axis=-1), dtype=np.float64)
