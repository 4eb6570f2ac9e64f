"""The vendor's answer to the social check.

Data only: it is scored by :mod:`vendoreval.checks.social`.
"""

from __future__ import annotations

from pydantic import Field

from vendoreval._model import Model
from vendoreval.needs.hours import Hours
from vendoreval.vocabulary import PositiveFloat, SocialPlatform

__all__ = ["SocialAnswer"]


class SocialAnswer(Model):
    """A vendor's social customer care.

    Parameters
    ----------
    platforms : tuple of SocialPlatform
        Platforms it serves.
    median_first_response_minutes : float
        Median time to a first response [min].
    hours : Hours, optional
        Hours social channels are staffed (buyer's time zone); None when not stated.
    """

    platforms: tuple[SocialPlatform, ...] = Field(
        default=(),
        description="social platforms the vendor serves",
        json_schema_extra={"questionnaire": {"label": "Platforms served"}},
    )
    median_first_response_minutes: PositiveFloat = Field(
        default=240.0,
        description="median time to a first response, above 0 [min]",
        json_schema_extra={"questionnaire": {"label": "Median first response"}},
    )
    hours: Hours | None = Field(
        default=None,
        description="hours social channels are staffed (buyer's time zone)",
        json_schema_extra={
            "questionnaire": {
                "label": "Hours social care is staffed",
                "table": (
                    "Hours social care is staffed (buyer's time zone) — one weekly window per row"
                ),
                "rows": 6,
            }
        },
    )
