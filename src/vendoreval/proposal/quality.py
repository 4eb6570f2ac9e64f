"""The quality-assurance programme a vendor runs: its instrument, cadence and follow-up.

Data only: it is scored by :mod:`vendoreval.checks.quality` under the staffing check, which
also derives plausibility flags from it (an evaluation rate no QA team could deliver, a
sampling share that contradicts it…).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictFloat, StrictInt, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError
from vendoreval.vocabulary import Share

__all__ = ["AutoFailItem", "QualityProgramme"]

_NonNegative = Annotated[StrictFloat | StrictInt, Field(ge=0, allow_inf_nan=False)]


class AutoFailItem(StrEnum):
    """Findings that fail a QA evaluation outright, whatever the other items score.

    ``identity_not_verified`` (a customer served without the identity check),
    ``personal_data_exposed`` (personal data disclosed to the wrong person or read out),
    ``false_information`` (wrong information that harms the customer),
    ``abusive_language`` (rudeness or abuse by the agent), ``mis_selling`` (a sale without
    the required explanation or consent, 불완전판매), ``mandatory_disclosure_missed`` (a
    legally required notice not given).
    """

    IDENTITY_NOT_VERIFIED = "identity_not_verified"
    PERSONAL_DATA_EXPOSED = "personal_data_exposed"
    FALSE_INFORMATION = "false_information"
    ABUSIVE_LANGUAGE = "abusive_language"
    MIS_SELLING = "mis_selling"
    MANDATORY_DISCLOSURE_MISSED = "mandatory_disclosure_missed"


class QualityProgramme(Model):
    """The QA instrument and the loop from a finding to coaching.

    Parameters
    ----------
    scorecard_items : int
        Items on the QA scorecard [items].
    auto_fail_items : tuple of AutoFailItem
        Findings that fail an evaluation outright.
    evaluations_per_agent_month : float
        QA evaluations of each agent a month [evaluations/agent/month]; real practice is
        about 4–10.
    calibration_every_days : int
        Days between calibration sessions, where evaluators score the same contacts and
        reconcile their scores [days].
    qa_target : float
        QA score the vendor commits to, 0–1 (0.9 for 90 points of 100).
    speech_analytics_coverage : float
        Share of contacts analysed by speech or text analytics, 0–1.
    finding_to_coaching_days : float
        Median time from a QA finding to the agent's coaching on it [days].
    qa_analysts : float, optional
        QA evaluators working on the buyer's account [FTE].
    """

    scorecard_items: Annotated[StrictInt, Field(ge=1)] = Field(
        description="items on the QA scorecard [items]",
        json_schema_extra={
            "questionnaire": {
                "label": "Items on the QA scorecard",
                "ko": {"label": "QA 평가표 항목 수", "description": "QA 평가표의 항목 수 [개]"},
            }
        },
    )
    auto_fail_items: tuple[AutoFailItem, ...] = Field(
        default=(),
        description="findings that fail an evaluation outright: identity_not_verified, "
        "personal_data_exposed, false_information, abusive_language, mis_selling, "
        "mandatory_disclosure_missed",
        json_schema_extra={
            "questionnaire": {
                "label": "Auto-fail items on the scorecard",
                "ko": {
                    "label": "즉시 불합격(Auto-fail) 항목",
                    "description": "다른 항목 점수와 관계없이 평가를 불합격시키는 항목: "
                    "identity_not_verified(본인확인 누락), personal_data_exposed(개인정보 노출), "
                    "false_information(오안내), abusive_language(부적절한 언행), "
                    "mis_selling(불완전판매), mandatory_disclosure_missed(필수 고지 누락)",
                },
            }
        },
    )
    evaluations_per_agent_month: _NonNegative = Field(
        description="QA evaluations of each agent a month [evaluations/agent/month]",
        json_schema_extra={
            "questionnaire": {
                "label": "QA evaluations per agent a month",
                "ko": {
                    "label": "상담사 1인당 월 QA 평가 건수",
                    "description": "상담사 한 명을 한 달에 평가하는 QA 건수 [건/인/월]",
                },
            }
        },
    )
    calibration_every_days: Annotated[StrictInt, Field(ge=1)] = Field(
        description="days between calibration sessions where evaluators score the same "
        "contacts [days]",
        json_schema_extra={
            "questionnaire": {
                "label": "Days between QA calibration sessions",
                "ko": {
                    "label": "QA 캘리브레이션 주기",
                    "description": "평가자들이 같은 통화를 평가해 기준을 맞추는 캘리브레이션 "
                    "세션의 간격 [일]",
                },
            }
        },
    )
    qa_target: Share = Field(
        description="QA score the vendor commits to (0.9 for 90 points of 100)",
        json_schema_extra={
            "questionnaire": {
                "label": "QA score target",
                "ko": {
                    "label": "QA 목표 점수",
                    "description": "수급인이 약속하는 QA 점수 (100점 만점에 90점이면 0.9)",
                },
            }
        },
    )
    speech_analytics_coverage: Share = Field(
        default=0.0,
        description="share of contacts analysed by speech or text analytics",
        json_schema_extra={
            "questionnaire": {
                "label": "Contacts covered by speech or text analytics",
                "ko": {
                    "label": "음성·텍스트 분석(STT) 적용 비율",
                    "description": "음성 또는 텍스트 분석으로 점검하는 상담의 비율",
                },
            }
        },
    )
    finding_to_coaching_days: _NonNegative = Field(
        description="median time from a QA finding to the agent's coaching on it [days]",
        json_schema_extra={
            "questionnaire": {
                "label": "Days from a QA finding to coaching",
                "ko": {
                    "label": "QA 지적 후 코칭까지 걸리는 기간",
                    "description": "QA 지적 사항이 나온 뒤 상담사 코칭까지 걸리는 기간의 "
                    "중앙값 [일]",
                },
            }
        },
    )
    qa_analysts: _NonNegative | None = Field(
        default=None,
        description="QA evaluators working on the buyer's account [FTE]",
        json_schema_extra={
            "questionnaire": {
                "label": "QA evaluators on the account",
                "blank": "blank = not stated",
                "ko": {
                    "label": "전담 QA 평가자 수",
                    "description": "발주사 업무를 담당하는 QA 평가자 수 [명, FTE]",
                },
            }
        },
    )

    @model_validator(mode="after")
    def _auto_fail_within_scorecard(self) -> Self:
        if len(set(self.auto_fail_items)) != len(self.auto_fail_items):
            raise ArgumentError(f"auto_fail_items lists an item twice: {self.auto_fail_items}")
        if len(self.auto_fail_items) > self.scorecard_items:
            raise ArgumentError(
                f"auto_fail_items names {len(self.auto_fail_items)} items but the scorecard "
                f"has only {self.scorecard_items} (scorecard_items)"
            )
        return self
