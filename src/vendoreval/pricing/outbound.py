"""Outbound price terms: what a vendor charges to run an outbound campaign.

Outbound vendors are paid per dial, per contact, per sale, or a commission on the sale's
first-year revenue — and a buyer protects itself with a clawback: the per-sale fee and the
commission of a customer who cancels within ``clawback_days`` of the sale are returned.
:func:`vendoreval.pricing.campaign_cost` prices a campaign with these terms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, StrictInt

from vendoreval._model import Model

__all__ = ["OutboundPricing"]


def _text(label: str, korean: str, help_ko: str) -> dict[str, Any]:
    """Questionnaire labels of a field, in English and Korean."""
    return {"questionnaire": {"label": label, "ko": {"label": korean, "description": help_ko}}}


_Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
_Share = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]


class OutboundPricing(Model):
    """A vendor's outbound price terms, in the price sheet's currency.

    Parameters
    ----------
    per_dial : Decimal
        Fee per dial attempt [currency/dial].
    per_contact : Decimal
        Fee per contact, a person reached [currency/contact].
    per_sale : Decimal
        Fee per sale [currency/sale].
    commission_share : Decimal
        Commission as a share of a sale's first-year revenue [0–1].
    clawback_days : int
        A sale whose customer cancels within this many days returns its per-sale fee and
        commission [days] (0: no clawback). Contracts speak of months; write 3 months as 90
        days, 6 as 180, 12 as 365, the days a retention curve is read at.
    clawback_share : Decimal
        Share of the per-sale fee and commission returned on a clawback [0–1], default 1.
    """

    per_dial: _Money = Field(
        default=Decimal(0),
        description="fee per dial attempt [currency/dial]",
        json_schema_extra=_text("Fee per dial", "다이얼당 요금", "발신 시도 1회당 요금 [통화/회]"),
    )
    per_contact: _Money = Field(
        default=Decimal(0),
        description="fee per contact, a person reached [currency/contact]",
        json_schema_extra=_text(
            "Fee per contact reached", "연결 건당 요금", "고객과 연결된 1건당 요금 [통화/건]"
        ),
    )
    per_sale: _Money = Field(
        default=Decimal(0),
        description="fee per sale [currency/sale]",
        json_schema_extra=_text("Fee per sale", "판매 건당 요금", "판매 1건당 요금 [통화/건]"),
    )
    commission_share: _Share = Field(
        default=Decimal(0),
        description="commission as a share of a sale's first-year revenue, 0–1",
        json_schema_extra=_text(
            "Commission on first-year revenue",
            "첫해 매출 대비 수수료율",
            "판매 고객의 첫해 매출에 대한 수수료 비율 (0–1)",
        ),
    )
    clawback_days: Annotated[StrictInt, Field(ge=0)] = Field(
        default=0,
        description="a sale whose customer cancels within this many days is clawed back [days]",
        json_schema_extra=_text(
            "Clawback window [days]",
            "환수 기간 [일]",
            "이 기간 안에 해지한 고객의 판매 수수료를 환수 [일]",
        ),
    )
    clawback_share: _Share = Field(
        default=Decimal(1),
        description="share of the per-sale fee and commission returned on a clawback, 0–1",
        json_schema_extra=_text(
            "Share returned on a clawback", "환수 비율", "환수 시 돌려받는 판매 수수료의 비율 (0–1)"
        ),
    )
