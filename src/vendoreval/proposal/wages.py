"""What the agents are paid, and how much of the fee reaches them, as a Korean buyer asks.

Data only, scored by :mod:`vendoreval.checks.korea` under the staffing check. The law behind
the questions: 최저임금법 제6조; night (22:00–06:00) and holiday premiums — 근로기준법 제56조.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, StrictFloat, StrictInt

from vendoreval._model import Model
from vendoreval.proposal._fields import not_stated
from vendoreval.vocabulary import Share

__all__ = ["Wages"]

_Premium = Annotated[StrictFloat | StrictInt, Field(ge=0, le=10, allow_inf_nan=False)]


class Wages(Model):
    """What the agents are paid, and how much of the fee reaches them.

    Parameters
    ----------
    agent_monthly_pay_krw : Decimal
        Lowest monthly pay of a full-time agent that counts toward the minimum wage
        (최저임금 산입임금: base pay and fixed monthly allowances) [KRW/month].
    paid_hours_per_month : float
        Paid hours that pay covers, weekly paid rest included (소정근로시간 + 주휴시간;
        40 h a week is 209 h a month) [h/month].
    direct_labour_share : float, optional
        Share of the monthly fee paid out as the agents' direct labour cost (직접노무비),
        0–1.
    night_premium : float, optional
        Premium on pay for work between 22:00 and 06:00: 0.5 for +50% [-].
    holiday_premium : float, optional
        Premium on pay for work on holidays (first 8 hours): 0.5 for +50% [-].
    premiums_in_per_head_price : bool
        The per-head prices (per agent hour or per full-time agent a month) already include
        the night and holiday premiums the buyer's hours need.
    """

    agent_monthly_pay_krw: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)] = Field(
        description="lowest monthly pay of a full-time agent counted toward the minimum wage "
        "(base pay and fixed monthly allowances) [KRW/month]",
        json_schema_extra={
            "questionnaire": {
                "label": "Lowest monthly pay of a full-time agent (KRW)",
                "ko": {
                    "label": "전일제 상담사 최저 월 임금 (원)",
                    "description": "최저임금에 산입되는 전일제 상담사의 가장 낮은 월 임금"
                    "(기본급과 매월 고정 수당) [원/월]",
                },
            }
        },
    )
    paid_hours_per_month: Annotated[StrictFloat | StrictInt, Field(gt=0, le=744)] = Field(
        default=209,
        description="paid hours that pay covers, paid weekly rest included (209 for 40 h a "
        "week) [h/month]",
        json_schema_extra={
            "questionnaire": {
                "label": "Paid hours the monthly pay covers",
                "ko": {
                    "label": "월 임금에 해당하는 유급 근로시간",
                    "description": "월 임금이 대상으로 하는 유급 시간, 주휴시간 포함 "
                    "(주 40시간이면 209) [시간/월]",
                },
            }
        },
    )
    direct_labour_share: Share | None = not_stated(
        "Direct labour share of the fee",
        "월 용역비 중 직접노무비 비율",
        "share of the monthly fee paid out as the agents' direct labour cost",
        "월 청구액 가운데 상담사 직접노무비로 지급되는 비율",
    )
    night_premium: _Premium | None = not_stated(
        "Night-work premium (22:00–06:00)",
        "야간근로 가산율 (22:00–06:00)",
        "premium on pay for work between 22:00 and 06:00: 0.5 for +50%",
        "22시부터 06시 사이 근로에 대한 가산율: 50% 가산이면 0.5",
    )
    holiday_premium: _Premium | None = not_stated(
        "Holiday-work premium",
        "휴일근로 가산율",
        "premium on pay for holiday work (first 8 hours): 0.5 for +50%",
        "휴일근로(8시간 이내)에 대한 가산율: 50% 가산이면 0.5",
    )
    premiums_in_per_head_price: bool = Field(
        default=False,
        description="the per-head prices (per agent hour or full-time agent) include the "
        "night and holiday premiums the buyer's hours need",
        json_schema_extra={
            "questionnaire": {
                "label": "Night and holiday premiums included in per-head prices",
                "ko": {
                    "label": "인당 단가에 야간·휴일 가산수당 포함",
                    "description": "인당 단가(상담사 시간당 또는 월 인건비 단가)에 발주사 "
                    "운영시간에 필요한 야간·휴일 가산수당이 포함됨",
                },
            }
        },
    )

    @property
    def hourly_pay_krw(self) -> Decimal:
        """Monthly pay ÷ paid hours [KRW/h] (not rounded)."""
        return self.agent_monthly_pay_krw / Decimal(str(self.paid_hours_per_month))
