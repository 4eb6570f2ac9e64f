"""The one builder of hand-made needs and proposals for tests.

``make_needs(**fields)`` starts from a small Korean e-commerce buyer (phone 24/7 in Korean)
and replaces whatever ``fields`` name; ``channel(...)`` and ``vendor(...)`` build the parts
tests vary most. Tests that need a specific buyer pass their channels, languages and
contract here rather than writing a builder of their own.
"""

from __future__ import annotations

from typing import Any

from vendoreval.needs import ChannelNeeds, ContractNeeds, LanguageNeed, Needs, ServiceLevelTarget
from vendoreval.needs.hours import Hours
from vendoreval.pricing import PriceSheet
from vendoreval.proposal import PricingAnswer, StaffingAnswer, VendorProposal

__all__ = ["channel", "contract", "languages", "make_needs", "vendor"]


def channel(
    name: str,
    volume_per_month: int,
    talk_seconds: float,
    *,
    share: float | None = None,
    within_seconds: float | None = None,
    within_hours: float | None = None,
    **fields: Any,
) -> ChannelNeeds:
    """One channel's needs; ``share`` with ``within_seconds`` or ``within_hours`` sets its
    service-level target (e.g. ``share=0.8, within_seconds=20`` for 80/20)."""
    if share is not None:
        fields["service_level"] = ServiceLevelTarget(
            share=share, answer_within_seconds=within_seconds, respond_within_hours=within_hours
        )
    return ChannelNeeds(
        channel=name, volume_per_month=volume_per_month, talk_seconds=talk_seconds, **fields
    )


def languages(**shares: float) -> tuple[LanguageNeed, ...]:
    """Language needs from ``language=share`` pairs (``languages(ko=0.7, en=0.3)``)."""
    return tuple(LanguageNeed(language=tag.replace("_", "-"), share=s) for tag, s in shares.items())


def contract(**fields: Any) -> ContractNeeds:
    """Contract needs in KRW starting 2027-01, overridden by ``fields``."""
    base: dict[str, Any] = {"currency": "KRW", "start_month": "2027-01"}
    return ContractNeeds(**{**base, **fields})


def make_needs(**fields: Any) -> Needs:
    """A small Korean e-commerce buyer: phone 24/7 in Korean, overridden by ``fields``."""
    base: dict[str, Any] = {
        "buyer": "ShopKo",
        "industry": "e-commerce",
        "competitors": ("RivalMart",),
        "timezone": "Asia/Seoul",
        "hours": Hours.around_the_clock(),
        "channels": (channel("phone", 50_000, 240),),
        "languages": languages(ko=1.0),
        "contract": contract(start_month="2026-01"),
    }
    return Needs(**{**base, **fields})


def vendor(name: str, *, staffing: StaffingAnswer | None = None, **sheet: Any) -> VendorProposal:
    """A proposal answering the pricing check with the price sheet ``sheet`` (currency KRW
    unless given), and the staffing check when ``staffing`` is given."""
    sheet.setdefault("currency", "KRW")
    return VendorProposal(
        name=name, pricing=PricingAnswer(sheet=PriceSheet(**sheet)), staffing=staffing
    )
