"""The vendor's answer to the coverage check.

Data only: it is scored by :mod:`vendoreval.checks.coverage`.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, StrictInt, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError
from vendoreval.needs.hours import Hours
from vendoreval.vocabulary import Channel

__all__ = ["CoverageAnswer"]


class CoverageAnswer(Model):
    """What a vendor offers against the buyer's channels, hours and volumes.

    Hours are stated in the buyer's time zone.

    Parameters
    ----------
    channels : tuple of Channel
        Channels the vendor will staff.
    hours : Hours
        Hours covered for every channel unless ``channel_hours`` says otherwise.
    channel_hours : dict of Channel to Hours
        Per-channel hours where they differ.
    covers_holidays : bool
        Service runs on public holidays.
    seats : int
        Seats available for this account at go-live [seats].
    peak_ramp_up_seats : int
        Extra seats the vendor can add for peaks [seats].
    ramp_up_notice_days : int, optional
        Notice the vendor needs to add the peak seats [days].
    """

    channels: tuple[Channel, ...] = Field(
        min_length=1,
        description="channels the vendor will staff for this account",
        json_schema_extra={"questionnaire": {"label": "Channels offered"}},
    )
    hours: Hours = Field(
        description="hours covered (buyer's time zone) on every channel without its own hours",
        json_schema_extra={
            "questionnaire": {
                "label": "Hours of service",
                "table": "Hours of service (buyer's time zone) — one weekly window per row",
                "rows": 10,
                "channels": "channel_hours",
            }
        },
    )
    channel_hours: dict[Channel, Hours] = Field(
        default_factory=dict,
        description="hours of the channels whose hours differ (buyer's time zone)",
        json_schema_extra={"questionnaire": {"label": "Hours of one channel"}},
    )
    covers_holidays: bool = Field(
        default=True,
        description="service runs on public holidays",
        json_schema_extra={"questionnaire": {"label": "Service on public holidays"}},
    )
    seats: Annotated[StrictInt, Field(ge=0)] = Field(
        description="seats for this account at go-live [seats]",
        json_schema_extra={"questionnaire": {"label": "Seats at go-live"}},
    )
    peak_ramp_up_seats: Annotated[StrictInt, Field(ge=0)] = Field(
        default=0,
        description="extra seats the vendor can add for peaks [seats]",
        json_schema_extra={"questionnaire": {"label": "Extra seats for peaks"}},
    )
    ramp_up_notice_days: Annotated[StrictInt, Field(ge=0)] | None = Field(
        default=None,
        description="notice the vendor needs to add the peak seats [days]",
        json_schema_extra={"questionnaire": {"label": "Notice to add the peak seats"}},
    )

    @model_validator(mode="after")
    def _hours_for_offered_channels(self) -> Self:
        stray = set(self.channel_hours) - set(self.channels)
        if stray:
            names = ", ".join(sorted(c.value for c in stray))
            raise ArgumentError(f"channel_hours names channels that are not offered: {names}")
        return self

    def hours_for(self, channel: Channel) -> Hours | None:
        """Hours the vendor covers ``channel``; None when the channel is not offered."""
        if channel not in self.channels:
            return None
        return self.channel_hours.get(channel, self.hours)

    @property
    def total_seats(self) -> int:
        """Seats at peak: base seats plus ramp-up [seats]."""
        return self.seats + self.peak_ramp_up_seats
