"""The vendor's answer to the staffing check.

Data only: it is scored by :mod:`vendoreval.checks.staffing`.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import Field, StrictFloat, StrictInt, field_validator, model_validator

from vendoreval._model import Model
from vendoreval.calendar import MAX_SCHEDULED_HOURS_PER_FTE_MONTH, SCHEDULED_HOURS_PER_FTE_MONTH
from vendoreval.errors import ArgumentError
from vendoreval.proposal.korea import AgentProtection, ContractForm, Wages
from vendoreval.proposal.quality import QualityProgramme
from vendoreval.vocabulary import (
    CEFR,
    Certification,
    LanguageTag,
    NonNegativeFloat,
    Share,
)

__all__ = ["CoachingProgram", "LanguageStaff", "Rating", "StaffingAnswer"]


Rating = Annotated[StrictFloat | StrictInt, Field(ge=1, le=5)]
"""A 1–5 rating."""


class LanguageStaff(Model):
    """Agents available in one language.

    Parameters
    ----------
    language : str
        BCP 47 tag.
    agents : int
        Agents who can work in the language at ``cefr`` or better [agents].
    cefr : CEFR
        Their (lowest) fluency.
    """

    language: LanguageTag = Field(
        description="BCP 47 tag: ko, en, ja, es-419, pt-BR, zh-Hant…",
        json_schema_extra={"questionnaire": {"label": "Language"}},
    )
    agents: Annotated[StrictInt, Field(ge=0)] = Field(
        description="agents who work in the language at the level given or better [agents]",
        json_schema_extra={"questionnaire": {"label": "Agents"}},
    )
    cefr: CEFR = Field(
        description="their lowest fluency: A1 (lowest) … C2 (mastery)",
        json_schema_extra={"questionnaire": {"label": "Lowest fluency (CEFR)", "width": 18}},
    )


class CoachingProgram(Model):
    """Signs of a real quality program.

    Parameters
    ----------
    operating_manuals : bool
        Written operating manuals per client.
    difficult_customer_policy : bool
        A documented way of handling abusive or difficult customers.
    agent_protection_policy : bool
        Protection for agents against abuse (call termination rights, counselling).
    qa_sampling_rate : float
        Share of contacts quality-checked, 0–1.
    coaching_hours_per_agent_month : float
        One-to-one coaching per agent [h/month].
    """

    operating_manuals: bool = Field(
        default=False,
        description="written operating manuals per client",
        json_schema_extra={"questionnaire": {"label": "Written operating manuals per client"}},
    )
    difficult_customer_policy: bool = Field(
        default=False,
        description="a documented way of handling abusive or difficult customers",
        json_schema_extra={"questionnaire": {"label": "Policy for abusive or difficult customers"}},
    )
    agent_protection_policy: bool = Field(
        default=False,
        description="protection of agents against abuse (call termination rights, counselling…)",
        json_schema_extra={"questionnaire": {"label": "Protection of agents against abuse"}},
    )
    qa_sampling_rate: Share = Field(
        default=0.0,
        description="share of contacts quality-checked",
        json_schema_extra={"questionnaire": {"label": "Share of contacts quality-checked"}},
    )
    coaching_hours_per_agent_month: NonNegativeFloat = Field(
        default=0.0,
        description="one-to-one coaching per agent [h/month]",
        json_schema_extra={"questionnaire": {"label": "One-to-one coaching per agent"}},
    )


class StaffingAnswer(Model):
    """Who would answer the buyer's customers.

    Parameters
    ----------
    languages : tuple of LanguageStaff
        Agents per language.
    certifications : tuple of Certification
        Quality certifications held (e.g. ``copc``, ``iso18295``).
    industry_years : float
        Years of experience serving the buyer's industry [years].
    annual_attrition : float
        Share of agents who leave in a year, 0–1.
    onboarding_hours : float
        Initial training per agent before going live [h].
    coaching : CoachingProgram
        Quality and coaching program.
    quality_programme : QualityProgramme, optional
        The QA instrument: scorecard, evaluations, calibration, analytics, coaching speed.
    contract_form : ContractForm, optional
        도급 or 파견, who directs the agents and on whose site.
    agent_protection : AgentProtection, optional
        Measures protecting agents from abusive customers (산업안전보건법 제41조).
    wages : Wages, optional
        Agents' pay against the minimum wage, the direct-labour share, night and holiday
        premiums.
    team_lead_interview_rating : float, optional
        The buyer's 1–5 rating of the proposed team leads' interviews.
    culture_fit_rating : float, optional
        The buyer's 1–5 rating of cultural fit.
    shrinkage : float
        Share of scheduled time not available for contacts (breaks, training, absence), in
        [0, 1).
    scheduled_hours_per_fte_month : float
        Hours one full-time agent is scheduled to work a month, in (0, 190] [h/month];
        default 40 h × 52 / 12 ≈ 173.33 (:data:`vendoreval.calendar.SCHEDULED_HOURS_PER_FTE_MONTH`).
        An FTE delivers ``scheduled × (1 − shrinkage)`` productive hours. This is working
        time, not the wage base: Korean payroll pays 209 h a month for a 40-hour week because
        it includes about 35 h of paid weekly rest (주휴) nobody works, so 209 is refused.
        The former name ``paid_hours_per_fte_month`` is still read (as this field, with the
        same check) and is readable as a property.
    """

    languages: tuple[LanguageStaff, ...] = Field(
        default=(),
        description="agents per language",
        json_schema_extra={
            "questionnaire": {
                "label": "Agents per language",
                "table": "Agents per language — one language per row",
                "rows": 8,
            }
        },
    )
    certifications: tuple[Certification, ...] = Field(
        default=(),
        description="contact-center quality certifications held (e.g. copc, iso18295)",
        json_schema_extra={"questionnaire": {"label": "Quality certifications held"}},
    )
    industry_years: NonNegativeFloat = Field(
        default=0.0,
        description="experience serving the buyer's industry [years]",
        json_schema_extra={"questionnaire": {"label": "Years serving the buyer's industry"}},
    )
    annual_attrition: Share = Field(
        default=0.35,
        description="share of agents who leave in a year",
        json_schema_extra={
            "questionnaire": {"label": "Annual agent attrition", "blank": "blank = 0.35 assumed"}
        },
    )
    onboarding_hours: NonNegativeFloat = Field(
        default=0.0,
        description="initial training per agent before going live [h]",
        json_schema_extra={"questionnaire": {"label": "Initial training per agent"}},
    )
    coaching: CoachingProgram = Field(
        default=CoachingProgram(),
        description="quality and coaching program",
        json_schema_extra={"questionnaire": {"label": "Coaching program"}},
    )
    quality_programme: QualityProgramme | None = Field(
        default=None,
        description="the QA instrument: scorecard, evaluations, calibration, analytics and "
        "the time from a finding to coaching",
        json_schema_extra={
            "questionnaire": {
                "label": "QA programme",
                "ko": {
                    "label": "QA 체계",
                    "description": "QA 평가표, 평가 건수, 캘리브레이션, 분석, 코칭까지의 기간",
                },
            }
        },
    )
    contract_form: ContractForm | None = Field(
        default=None,
        description="도급 or 파견, who directs the agents and on whose site they work",
        json_schema_extra={
            "questionnaire": {
                "label": "Contract form",
                "ko": {
                    "label": "계약 형태",
                    "description": "도급 또는 파견, 업무 지시 주체와 근무 장소",
                },
            }
        },
    )
    agent_protection: AgentProtection | None = Field(
        default=None,
        description="measures protecting agents from abusive customers (산업안전보건법 제41조)",
        json_schema_extra={
            "questionnaire": {
                "label": "Agent protection measures (산업안전보건법 제41조) in place",
                "blank": "answer yes and the rows below, or no",
                "ko": {
                    "label": "고객응대근로자 보호조치 (산업안전보건법 제41조) 시행",
                    "description": "고객의 폭언등으로부터 상담사를 보호하는 조치 "
                    "(산업안전보건법 제41조)",
                    "blank": "yes로 답하고 아래 행을 작성하거나 no",
                },
            }
        },
    )
    wages: Wages | None = Field(
        default=None,
        description="the agents' pay against the minimum wage, the direct-labour share of the "
        "fee, night and holiday premiums",
        json_schema_extra={
            "questionnaire": {
                "label": "Wages",
                "ko": {
                    "label": "임금",
                    "description": "최저임금 대비 상담사 임금, 직접노무비 비율, 야간·휴일 가산",
                },
            }
        },
    )
    team_lead_interview_rating: Rating | None = Field(
        default=None,
        description="the buyer's rating of the proposed team leads' interviews, filled in by "
        "the buyer: 1 (poor) to 5 (excellent)",
        json_schema_extra={
            "questionnaire": {
                "label": "Team-lead interview rating",
                "blank": "blank = not rated",
                "order": 1,
            }
        },
    )
    culture_fit_rating: Rating | None = Field(
        default=None,
        description="the buyer's rating of cultural fit, filled in by the buyer: 1 (poor) to "
        "5 (excellent)",
        json_schema_extra={
            "questionnaire": {
                "label": "Culture-fit rating",
                "blank": "blank = not rated",
                "order": 1,
            }
        },
    )
    shrinkage: Annotated[StrictFloat | StrictInt, Field(ge=0, lt=1)] = Field(
        default=0.30,
        description="share of scheduled time not on contacts (breaks, training, absence), 0 to "
        "below 1",
        json_schema_extra={"questionnaire": {"label": "Shrinkage"}},
    )
    scheduled_hours_per_fte_month: Annotated[
        StrictFloat | StrictInt, Field(gt=0, allow_inf_nan=False)
    ] = Field(
        default=SCHEDULED_HOURS_PER_FTE_MONTH,
        description="hours a full-time agent is scheduled to work a month, at most 190 "
        "(40 h × 52 / 12 = 173.33 for a 40-hour week; not the 209 paid hours of a Korean "
        "wage, which include paid weekly rest) [h/month]",
        json_schema_extra={
            "questionnaire": {"label": "Scheduled working hours of a full-time agent"}
        },
    )

    @model_validator(mode="before")
    @classmethod
    def _former_name(cls, data: Any) -> Any:
        """Read ``paid_hours_per_fte_month`` (the former name) as the scheduled hours."""
        if isinstance(data, dict) and "paid_hours_per_fte_month" in data:
            if "scheduled_hours_per_fte_month" in data:
                raise ArgumentError(
                    "give scheduled_hours_per_fte_month only: paid_hours_per_fte_month is its "
                    "former name"
                )
            data = dict(data)
            data["scheduled_hours_per_fte_month"] = data.pop("paid_hours_per_fte_month")
        return data

    @field_validator("scheduled_hours_per_fte_month")
    @classmethod
    def _working_time(cls, value: float) -> float:
        if value > MAX_SCHEDULED_HOURS_PER_FTE_MONTH:
            raise ArgumentError(
                f"scheduled_hours_per_fte_month = {value:g} h is above "
                f"{MAX_SCHEDULED_HOURS_PER_FTE_MONTH:g} h of scheduled work a month: that is "
                "paid time, not working time. A Korean monthly wage pays 209 h for a 40-hour "
                "week because it includes about 35 h of paid weekly rest (주휴) that nobody "
                f"works; give the hours an agent is scheduled, {SCHEDULED_HOURS_PER_FTE_MONTH:.2f} "
                "for 40 h a week (40 × 52 / 12)"
            )
        return value

    @property
    def paid_hours_per_fte_month(self) -> float:
        """The former name of :attr:`scheduled_hours_per_fte_month` [h/month]."""
        return float(self.scheduled_hours_per_fte_month)

    @model_validator(mode="after")
    def _unique_languages(self) -> Self:
        tags = [item.language for item in self.languages]
        if len(set(tags)) != len(tags):
            raise ArgumentError(f"a language is listed twice: {tags}")
        return self

    def agents_for(self, language: str) -> LanguageStaff | None:
        """The staff line for ``language``.

        An exact tag wins; otherwise a tag of the same language where one side names no
        region or script matches (``es`` ~ ``es-419``), but two different regions do not
        (``pt-BR`` ≠ ``pt-PT``).
        """
        for item in self.languages:
            if item.language == language:
                return item
        base = language.split("-")[0]
        for item in self.languages:
            if item.language.split("-")[0] == base and (
                "-" not in item.language or "-" not in language
            ):
                return item
        return None
