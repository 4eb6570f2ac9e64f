"""The vendor's answer to the social check.

Data only: it is scored by :mod:`vendoreval.checks.social`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendoreval._model import Model
from vendoreval.needs.hours import Hours
from vendoreval.vocabulary import PositiveFloat, SocialPlatform

if TYPE_CHECKING:
    pass

__all__ = [
    "SocialAnswer",
]


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

    platforms: tuple[SocialPlatform, ...] = ()
    median_first_response_minutes: PositiveFloat = 240.0
    hours: Hours | None = None
