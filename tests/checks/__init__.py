"""Tests of the eight check scorers and the pack helpers they share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.builders import make_needs
from vendoreval.criteria import CriteriaPack
from vendoreval.needs.hours import Hours, WeeklyWindow
from vendoreval.vocabulary import Weekday

__all__ = ["AS_OF", "WEEKDAYS", "default_pack", "make_needs", "pack_with", "window"]

AS_OF = dt.date(2026, 11, 23)
"""Evaluation date of the check tests."""

WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)


def window(start: str, end: str, days: tuple[Weekday, ...] = tuple(Weekday)) -> Hours:
    """Hours of one weekly window."""
    return Hours(windows=(WeeklyWindow(days=days, start=start, end=end),))


def default_pack() -> CriteriaPack:
    """The bundled ``eight-checks`` pack."""
    return CriteriaPack.default()


def pack_with(check: str, **updates: Any) -> CriteriaPack:
    """The default pack with fields of one check replaced (validated again)."""
    data = default_pack().model_dump(mode="json", by_alias=True, exclude_none=True)
    data["checks"][check].update(updates)
    return CriteriaPack.model_validate(data)
