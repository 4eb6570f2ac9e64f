"""Pricing: billing increments, price sheets and exact invoices from call records."""

from __future__ import annotations

from vendoreval.pricing.billing import BillingIncrement
from vendoreval.pricing.sheet import (
    AfterHours,
    BillableComponent,
    Premiums,
    PriceSheet,
    Rounding,
    TierBand,
    TierBasis,
    TierMode,
    VolumeTier,
)

__all__ = [
    "AfterHours",
    "BillableComponent",
    "BillingIncrement",
    "Premiums",
    "PriceSheet",
    "Rounding",
    "TierBand",
    "TierBasis",
    "TierMode",
    "VolumeTier",
]
