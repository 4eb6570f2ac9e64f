"""Protection of agents from abusive customers, as a Korean buyer asks about it.

Data only, scored by :mod:`vendoreval.checks.korea` under the staffing check. The law behind
the questions: 산업안전보건법 제41조, 같은 법 시행령 제41조 and 시행규칙 제41조.
"""

from __future__ import annotations

from typing import Self

from pydantic import model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError
from vendoreval.proposal._fields import not_stated, yes_no
from vendoreval.vocabulary import NonNegativeInt

__all__ = ["AGENT_PROTECTION_MEASURES", "AgentProtection"]

AGENT_PROTECTION_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("caller_notice", "a notice asking callers not to abuse agents", "시행규칙 제41조 제1호"),
    ("response_manual", "a manual for handling abusive customers", "시행규칙 제41조 제2호"),
    ("manual_training", "training on the manual and on preventing harm", "시행규칙 제41조 제3호"),
    ("right_to_end_calls", "the right to end or hand over abusive contacts", "시행령 제41조 제1호"),
    ("extra_breaks", "extra breaks after an abusive contact", "시행령 제41조 제2호"),
    ("counselling", "treatment and counselling", "시행령 제41조 제3호"),
    ("legal_support", "support for complaints and claims against abusers", "시행령 제41조 제4호"),
)
"""The statutory measures for agents facing abuse (field, what it is, where the law asks for
it): 산업안전보건법 제41조 with 시행규칙 제41조 (prevention) and 시행령 제41조 (after abuse)."""


class AgentProtection(Model):
    """Protection of agents from abusive customers (산업안전보건법 제41조), and its record.

    Parameters
    ----------
    caller_notice, response_manual, manual_training : bool
        The preventive measures of 시행규칙 제41조: a notice (posted or played to callers)
        asking not to abuse agents, a written manual for handling abusive customers, and
        training on it.
    right_to_end_calls, extra_breaks, counselling, legal_support : bool
        The measures of 시행령 제41조 once abuse happens: ending or handing over the contact,
        longer breaks, treatment and counselling, support for complaints or claims.
    incident_log : bool
        Every abusive contact is recorded with the follow-up given.
    incidents_last_year : int, optional
        Abusive contacts recorded in the last 12 months [incidents].
    incidents_followed_up : int, optional
        Of those, contacts after which the agent was offered the measures of 시행령 제41조
        [incidents].
    """

    caller_notice: bool = yes_no(
        "Callers told not to abuse agents (notice or recorded message)",
        "폭언 금지 요청 문구 게시 또는 음성 안내",
        "a notice posted or a recorded message played to callers asking them not to abuse "
        "agents (시행규칙 제41조 제1호)",
        "고객에게 폭언등을 하지 않도록 요청하는 문구 게시 또는 음성 안내 (시행규칙 제41조 제1호)",
    )
    response_manual: bool = yes_no(
        "Manual for handling abusive customers",
        "고객응대업무 매뉴얼",
        "a written manual on handling abusive customers (시행규칙 제41조 제2호)",
        "고객과의 문제 상황 발생 시 대처방법을 포함한 고객응대업무 매뉴얼 (시행규칙 제41조 제2호)",
    )
    manual_training: bool = yes_no(
        "Agents trained on the manual",
        "매뉴얼 및 건강장해 예방 교육",
        "agents are trained on the manual and on preventing harm (시행규칙 제41조 제3호)",
        "고객응대업무 매뉴얼과 건강장해 예방 관련 교육 실시 (시행규칙 제41조 제3호)",
    )
    right_to_end_calls: bool = yes_no(
        "Agents may end or hand over an abusive contact",
        "폭언 시 응대 중단·전환 권리",
        "an agent facing abuse may end the contact or hand it over (시행령 제41조 제1호)",
        "폭언등을 당한 상담사가 응대를 중단하거나 업무를 전환할 수 있음 (시행령 제41조 제1호)",
    )
    extra_breaks: bool = yes_no(
        "Extra break after an abusive contact",
        "폭언 후 휴게시간 연장",
        "a longer break after an abusive contact (시행령 제41조 제2호)",
        "폭언등을 당한 상담사에게 휴게시간 연장 (시행령 제41조 제2호)",
    )
    counselling: bool = yes_no(
        "Treatment and counselling offered",
        "치료 및 상담 지원",
        "treatment and counselling for agents harmed by abuse (시행령 제41조 제3호)",
        "폭언등으로 인한 건강장해 치료 및 상담 지원 (시행령 제41조 제3호)",
    )
    legal_support: bool = yes_no(
        "Support for complaints and claims against abusers",
        "고소·고발·손해배상 청구 지원",
        "support (evidence, filings) for complaints or damage claims against abusive "
        "customers (시행령 제41조 제4호)",
        "증거물 제출 등 고소·고발·손해배상 청구에 필요한 지원 (시행령 제41조 제4호)",
    )
    incident_log: bool = yes_no(
        "Abusive contacts recorded with their follow-up",
        "폭언 사례와 사후 조치 기록",
        "every abusive contact is recorded with the follow-up given to the agent",
        "폭언등 발생 건과 상담사에 대한 사후 조치를 건별로 기록함",
    )
    incidents_last_year: NonNegativeInt | None = not_stated(
        "Abusive contacts recorded in the last 12 months",
        "최근 12개월 폭언등 기록 건수",
        "abusive contacts recorded in the last 12 months [incidents]",
        "최근 12개월 동안 기록된 폭언등 건수 [건]",
    )
    incidents_followed_up: NonNegativeInt | None = not_stated(
        "Of those, followed up with the statutory measures",
        "그중 법정 사후 조치를 한 건수",
        "of those, contacts after which the agent was offered the statutory "
        "follow-up (break, counselling, legal support) [incidents]",
        "그중 상담사에게 휴게·상담·법률 지원 등 사후 조치를 한 건수 [건]",
    )

    @model_validator(mode="after")
    def _followed_up_within_recorded(self) -> Self:
        if self.incidents_followed_up is not None:
            if self.incidents_last_year is None:
                raise ArgumentError(
                    "incidents_followed_up is given without incidents_last_year: state the "
                    "abusive contacts recorded too"
                )
            if self.incidents_followed_up > self.incidents_last_year:
                raise ArgumentError(
                    f"incidents_followed_up ({self.incidents_followed_up}) exceeds "
                    f"incidents_last_year ({self.incidents_last_year})"
                )
        return self

    @property
    def measures_in_place(self) -> tuple[str, ...]:
        """Fields of :data:`AGENT_PROTECTION_MEASURES` that are in place."""
        return tuple(name for name, _, _ in AGENT_PROTECTION_MEASURES if getattr(self, name))
