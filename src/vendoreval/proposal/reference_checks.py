"""Structured reference checks: who the references are, and the buyer's scored calls to them.

A reference call asks the same questions of every reference (:class:`ReferenceQuestion`),
each rated 1–5, so references can be compared and several callers' notes aggregated like
evaluator ratings: the median per question, and the questions where callers disagree by two
points or more flagged (:func:`vendoreval.checks.reference_calls.summarize_reference_calls`).
The vendor states each reference's profile (size, languages, whether it is a former client);
the buyer fills in the calls.

Data only: scored by :mod:`vendoreval.checks.reference_calls` under the references check.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, StrictInt, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError
from vendoreval.vocabulary import LanguageTag

__all__ = [
    "REFERENCE_QUESTIONS",
    "ReferenceCall",
    "ReferenceChecks",
    "ReferenceProfile",
    "ReferenceQuestion",
]


class ReferenceQuestion(StrEnum):
    """The scored questions of a reference call, each rated 1 (poor) to 5 (excellent)."""

    TRANSITION = "transition"
    STAFFING_STABILITY = "staffing_stability"
    SERVICE_LEVELS = "service_levels"
    QUALITY = "quality"
    ESCALATIONS = "escalations"
    PRICING_HONESTY = "pricing_honesty"
    REPORTING = "reporting"
    ACCOUNT_MANAGEMENT = "account_management"
    WOULD_CHOOSE_AGAIN = "would_choose_again"


REFERENCE_QUESTIONS: dict[ReferenceQuestion, tuple[str, str]] = {
    ReferenceQuestion.TRANSITION: (
        "The transition went to plan: dates, quality from day one, knowledge transfer",
        "전환(이관)이 계획대로 진행됨: 일정, 초기 품질, 업무 인수인계",
    ),
    ReferenceQuestion.STAFFING_STABILITY: (
        "Agents and team leads stayed; attrition was as promised",
        "상담사와 팀장이 유지됨: 약속한 수준의 이직률",
    ),
    ReferenceQuestion.SERVICE_LEVELS: (
        "Service levels were met month after month",
        "서비스 수준(SLA)을 매달 달성함",
    ),
    ReferenceQuestion.QUALITY: (
        "QA findings were acted on and quality improved",
        "QA 지적 사항을 개선하고 품질이 향상됨",
    ),
    ReferenceQuestion.ESCALATIONS: (
        "Escalations were owned and resolved quickly",
        "에스컬레이션을 책임지고 신속히 해결함",
    ),
    ReferenceQuestion.PRICING_HONESTY: (
        "Invoices matched the contract, without surprise charges",
        "청구서가 계약과 일치하고 예상치 못한 비용이 없었음",
    ),
    ReferenceQuestion.REPORTING: (
        "Reports were accurate and on time",
        "보고서가 정확하고 제때 제출됨",
    ),
    ReferenceQuestion.ACCOUNT_MANAGEMENT: (
        "Account management was responsive and proactive",
        "운영 관리자가 신속하고 선제적으로 대응함",
    ),
    ReferenceQuestion.WOULD_CHOOSE_AGAIN: (
        "Would choose this vendor again",
        "다시 선택하겠는가",
    ),
}
"""Each question in English and Korean, as asked on the call."""

_Score = Annotated[StrictInt, Field(ge=1, le=5)]


class ReferenceProfile(Model):
    """How a reference compares with the buyer.

    Parameters
    ----------
    client : str
        The client, as named in the list of client references.
    monthly_contacts : int, optional
        Contacts the vendor handles for the client a month [contacts/month].
    languages : tuple of str
        Languages served for the client (BCP 47).
    former_client : bool
        The client has left the vendor (a former client tells what leaving was like).
    """

    client: str = Field(
        min_length=1,
        description="the client, as named in the client references",
        json_schema_extra={"questionnaire": {"label": "Client", "ko": {"label": "고객사"}}},
    )
    monthly_contacts: Annotated[StrictInt, Field(ge=0)] | None = Field(
        default=None,
        description="contacts the vendor handles for the client a month [contacts/month]",
        json_schema_extra={
            "questionnaire": {
                "label": "Contacts a month",
                "width": 12,
                "blank": "blank = not stated",
                "ko": {
                    "label": "월 상담 건수",
                    "description": "해당 고객사를 위해 처리하는 월 상담 건수 [건/월]",
                },
            }
        },
    )
    languages: tuple[LanguageTag, ...] = Field(
        default=(),
        description="languages served for the client, BCP 47 tags: ko, en, ja…",
        json_schema_extra={
            "questionnaire": {
                "label": "Languages served",
                "width": 14,
                "ko": {
                    "label": "지원 언어",
                    "description": "해당 고객사에 제공하는 언어, BCP 47 코드: ko, en, ja 등",
                },
            }
        },
    )
    former_client: bool = Field(
        default=False,
        description="the client has left the vendor",
        json_schema_extra={
            "questionnaire": {
                "label": "Former client",
                "width": 10,
                "ko": {"label": "종료 고객사", "description": "계약이 종료된 고객사임"},
            }
        },
    )


def _question_field(question: ReferenceQuestion) -> Any:
    english, korean = REFERENCE_QUESTIONS[question]
    return Field(
        default=None,
        description=f"{english}: 1 (poor) to 5 (excellent)",
        json_schema_extra={
            "questionnaire": {
                "label": english.split(":")[0].split(";")[0],
                "width": 12,
                "blank": "blank = not asked",
                "ko": {
                    "label": korean.split(":")[0],
                    "description": f"{korean}: 1(매우 나쁨)–5(매우 좋음)",
                    "blank": "빈칸 = 묻지 않음",
                },
            }
        },
    )


class ReferenceCall(Model):
    """One call by the buyer to one reference, each question rated 1–5.

    Parameters
    ----------
    client : str
        The reference called, as named in the client references.
    caller : str
        Who at the buyer made the call.
    called_on : date, optional
        When.
    transition, staffing_stability, service_levels, quality, escalations, pricing_honesty,
    reporting, account_management, would_choose_again : int, optional
        The answers to :class:`ReferenceQuestion`, 1 (poor) to 5 (excellent); None when not
        asked or not answered.
    note : str
        What was said.
    """

    client: str = Field(
        min_length=1,
        description="the reference called, as named in the client references",
        json_schema_extra={
            "questionnaire": {"label": "Client called", "ko": {"label": "통화한 고객사"}}
        },
    )
    caller: str = Field(
        min_length=1,
        description="who at the buyer made the call",
        json_schema_extra={
            "questionnaire": {
                "label": "Caller",
                "width": 12,
                "ko": {"label": "통화자", "description": "통화한 발주사 담당자"},
            }
        },
    )
    called_on: dt.date | None = Field(
        default=None,
        description="date of the call",
        json_schema_extra={
            "questionnaire": {
                "label": "Date",
                "width": 12,
                "blank": "blank = not stated",
                "ko": {"label": "통화일", "description": "통화한 날짜"},
            }
        },
    )
    transition: _Score | None = _question_field(ReferenceQuestion.TRANSITION)
    staffing_stability: _Score | None = _question_field(ReferenceQuestion.STAFFING_STABILITY)
    service_levels: _Score | None = _question_field(ReferenceQuestion.SERVICE_LEVELS)
    quality: _Score | None = _question_field(ReferenceQuestion.QUALITY)
    escalations: _Score | None = _question_field(ReferenceQuestion.ESCALATIONS)
    pricing_honesty: _Score | None = _question_field(ReferenceQuestion.PRICING_HONESTY)
    reporting: _Score | None = _question_field(ReferenceQuestion.REPORTING)
    account_management: _Score | None = _question_field(ReferenceQuestion.ACCOUNT_MANAGEMENT)
    would_choose_again: _Score | None = _question_field(ReferenceQuestion.WOULD_CHOOSE_AGAIN)
    note: str = Field(
        default="",
        description="what was said",
        json_schema_extra={
            "questionnaire": {
                "label": "Note",
                "width": 30,
                "blank": "",
                "ko": {"label": "메모", "description": "통화 내용 메모"},
            }
        },
    )

    def answers(self) -> dict[ReferenceQuestion, int]:
        """The questions answered, with their rating 1–5."""
        found = {question: getattr(self, question.value) for question in ReferenceQuestion}
        return {question: value for question, value in found.items() if value is not None}


class ReferenceChecks(Model):
    """Reference profiles from the vendor and the buyer's scored reference calls.

    Parameters
    ----------
    profiles : tuple of ReferenceProfile
        One per client reference: size, languages, former client.
    calls : tuple of ReferenceCall
        The buyer's calls, one row per call (several callers may call one reference; each
        caller calls a reference once).
    """

    profiles: tuple[ReferenceProfile, ...] = Field(
        default=(),
        description="how each client reference compares with the buyer",
        json_schema_extra={
            "questionnaire": {
                "label": "Reference profiles",
                "table": "Reference profiles — one client reference per row",
                "rows": 6,
                "ko": {
                    "label": "레퍼런스 프로필",
                    "table": "레퍼런스 프로필 — 한 행에 고객사 하나",
                    "description": "각 레퍼런스 고객사의 규모·언어·종료 여부",
                },
            }
        },
    )
    calls: tuple[ReferenceCall, ...] = Field(
        default=(),
        description="the buyer's reference calls, filled in by the buyer",
        json_schema_extra={
            "questionnaire": {
                "label": "Reference calls",
                "table": "Reference calls (filled in by the buyer) — one call per row",
                "rows": 8,
                "ko": {
                    "label": "레퍼런스 통화",
                    "table": "레퍼런스 통화 (발주사 작성) — 한 행에 통화 하나",
                    "description": "발주사가 작성하는 레퍼런스 통화 결과",
                },
            }
        },
    )

    @model_validator(mode="after")
    def _unique(self) -> Self:
        clients = [profile.client for profile in self.profiles]
        doubles = sorted({c for c in clients if clients.count(c) > 1})
        if doubles:
            raise ArgumentError(f"profiles: a client is profiled twice: {', '.join(doubles)}")
        pairs = [(call.caller, call.client) for call in self.calls]
        repeated = sorted({p for p in pairs if pairs.count(p) > 1})
        if repeated:
            who = ", ".join(f"{caller} → {client}" for caller, client in repeated)
            raise ArgumentError(f"calls: a caller called the same reference twice: {who}")
        return self

    def profile(self, client: str) -> ReferenceProfile | None:
        """The profile of ``client`` (case-insensitive), if given."""
        wanted = client.casefold()
        return next((p for p in self.profiles if p.client.casefold() == wanted), None)
