"""Tests of the eight check scorers; builders of hand-made needs shared by them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vendoreval.criteria import CriteriaPack
from vendoreval.needs import ChannelNeeds, ContractNeeds, LanguageNeed, Needs
from vendoreval.needs.hours import Hours, WeeklyWindow
from vendoreval.vocabulary import Weekday

AS_OF = dt.date(2026, 11, 23)
"""Evaluation date of the check tests."""

WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)


def window(start: str, end: str, days: tuple[Weekday, ...] = tuple(Weekday)) -> Hours:
    """Hours of one weekly window."""
    return Hours(windows=(WeeklyWindow(days=days, start=start, end=end),))


def make_needs(**fields: Any) -> Needs:
    """A small Korean e-commerce buyer: phone 24/7 in Korean, overridden by ``fields``."""
    base: dict[str, Any] = {
        "buyer": "ShopKo",
        "industry": "e-commerce",
        "competitors": ("RivalMart",),
        "timezone": "Asia/Seoul",
        "hours": Hours.around_the_clock(),
        "channels": (ChannelNeeds(channel="phone", volume_per_month=50_000, talk_seconds=240),),
        "languages": (LanguageNeed(language="ko", share=1.0),),
        "contract": ContractNeeds(currency="KRW", start_month="2026-01"),
    }
    return Needs(**{**base, **fields})


def default_pack() -> CriteriaPack:
    """The bundled ``eight-checks`` pack."""
    return CriteriaPack.default()


def pack_with(check: str, **updates: Any) -> CriteriaPack:
    """The default pack with fields of one check replaced (validated again)."""
    data = default_pack().model_dump(mode="json", by_alias=True, exclude_none=True)
    data["checks"][check].update(updates)
    return CriteriaPack.model_validate(data)
