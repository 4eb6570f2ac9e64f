"""When contacts arrive: a share of the week's volume per hour of the week.

An arrival pattern is 168 non-negative shares summing to 1, hour 0 being Monday 00:00–01:00
in the buyer's time zone. Named profiles give shapes seen in practice; a buyer with its own
history passes the 168 shares directly.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from pydantic import Field, StrictFloat, StrictInt, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError

__all__ = ["HOURS_PER_WEEK", "ArrivalPattern", "ArrivalProfile", "profile_shares"]

HOURS_PER_WEEK = 168
"""Hours in a week."""


class ArrivalProfile(StrEnum):
    """Named weekly arrival shapes.

    ``flat``
        The same volume every hour (a 24/7 utility or a global help desk).
    ``business-hours``
        Weekdays 09:00–18:00 carry about 80% of the week, with a late-morning peak
        (B2B support, banking back office).
    ``retail-evenings``
        Online retail: open all week, a late-morning peak, a larger evening peak 20:00–23:00
        and busy weekends (share of weekend volume ≈ 30%).
    """

    FLAT = "flat"
    BUSINESS_HOURS = "business-hours"
    RETAIL_EVENINGS = "retail-evenings"


# fmt: off
# Relative intensity per hour of the day (0–23) and per weekday (Mon–Sun), before normalisation.
_HOURLY: dict[ArrivalProfile, tuple[float, ...]] = {
    ArrivalProfile.FLAT: (1.0,) * 24,
    ArrivalProfile.BUSINESS_HOURS: (
        0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.8, 1.6, 2.0, 2.0,
        1.5, 1.7, 1.9, 1.8, 1.6, 1.2, 0.5, 0.25, 0.15, 0.1, 0.08, 0.06,
    ),
    ArrivalProfile.RETAIL_EVENINGS: (
        0.35, 0.2, 0.12, 0.08, 0.07, 0.1, 0.25, 0.5, 0.8, 1.1, 1.4, 1.5,
        1.3, 1.3, 1.35, 1.3, 1.25, 1.2, 1.3, 1.5, 1.7, 1.75, 1.5, 0.9,
    ),
}
_DAILY: dict[ArrivalProfile, tuple[float, ...]] = {
    ArrivalProfile.FLAT: (1.0,) * 7,
    ArrivalProfile.BUSINESS_HOURS: (1.15, 1.05, 1.0, 1.0, 0.95, 0.2, 0.12),
    ArrivalProfile.RETAIL_EVENINGS: (1.1, 0.95, 0.92, 0.92, 0.95, 1.05, 1.15),
}


# fmt: on


def profile_shares(profile: ArrivalProfile) -> npt.NDArray[np.float64]:
    """Hourly shares of the week for a named profile, shape (168,), summing to 1."""
    weights: npt.NDArray[np.float64] = np.outer(_DAILY[profile], _HOURLY[profile]).ravel()
    return weights / float(weights.sum())


class ArrivalPattern(Model):
    """Share of a week's contacts arriving in each hour of the week.

    Give exactly one of ``profile`` (a named shape) or ``hourly_shares`` (168 values, Monday
    00:00 first, each ≥ 0, summing to 1 within 1e-6). A bare profile name is accepted where a
    pattern is expected (``arrival: retail-evenings``).
    """

    profile: ArrivalProfile | None = None
    hourly_shares: tuple[StrictFloat | StrictInt, ...] | None = Field(default=None)

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"profile": data}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.profile is None) == (self.hourly_shares is None):
            raise ArgumentError(
                "give exactly one of profile (flat, business-hours, retail-evenings) or "
                "hourly_shares (168 shares, Monday 00:00 first)"
            )
        if self.hourly_shares is not None:
            shares = self.hourly_shares
            if len(shares) != HOURS_PER_WEEK:
                raise ArgumentError(
                    f"hourly_shares must have 168 values (one per hour of the week), "
                    f"got {len(shares)}"
                )
            bad = [i for i, s in enumerate(shares) if not (math.isfinite(s) and s >= 0)]
            if bad:
                raise ArgumentError(
                    f"hourly_shares[{bad[0]}] = {shares[bad[0]]!r}: expected a finite share ≥ 0"
                )
            total = math.fsum(shares)
            if abs(total - 1.0) > 1e-6:
                raise ArgumentError(f"hourly_shares must sum to 1, they sum to {total:.6g}")
        return self

    def shares(self) -> npt.NDArray[np.float64]:
        """Hourly shares of the week, shape (168,), Monday 00:00 first, summing to 1."""
        if self.profile is not None:
            return profile_shares(self.profile)
        values = np.asarray(self.hourly_shares, dtype=np.float64)
        return values / float(values.sum())

    def half_hour_shares(self) -> npt.NDArray[np.float64]:
        """Shares per half-hour slot of the week, shape (336,): each hour split evenly."""
        return np.repeat(self.shares() / 2.0, 2)
