"""The vendor's answer to the staffing check.

Data only: it is scored by :mod:`vendoreval.checks.staffing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Self

from pydantic import Field, StrictFloat, StrictInt, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError
from vendoreval.vocabulary import (
    CEFR,
    Certification,
    LanguageTag,
    NonNegativeFloat,
    Share,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "CoachingProgram",
    "LanguageStaff",
    "Rating",
    "StaffingAnswer",
]


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

    language: LanguageTag
    agents: Annotated[StrictInt, Field(ge=0)]
    cefr: CEFR


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

    operating_manuals: bool = False
    difficult_customer_policy: bool = False
    agent_protection_policy: bool = False
    qa_sampling_rate: Share = 0.0
    coaching_hours_per_agent_month: NonNegativeFloat = 0.0


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
    team_lead_interview_rating : float, optional
        The buyer's 1–5 rating of the proposed team leads' interviews.
    culture_fit_rating : float, optional
        The buyer's 1–5 rating of cultural fit.
    shrinkage : float
        Share of paid time not available for contacts (breaks, training, absence), in [0, 1).
    paid_hours_per_fte_month : float
        Paid hours of one full-time agent a month [h/month].
    """

    languages: tuple[LanguageStaff, ...] = ()
    certifications: tuple[Certification, ...] = ()
    industry_years: NonNegativeFloat = 0.0
    annual_attrition: Share = 0.35
    onboarding_hours: NonNegativeFloat = 0.0
    coaching: CoachingProgram = CoachingProgram()
    team_lead_interview_rating: Rating | None = None
    culture_fit_rating: Rating | None = None
    shrinkage: Annotated[StrictFloat | StrictInt, Field(ge=0, lt=1)] = 0.30
    paid_hours_per_fte_month: Annotated[StrictFloat | StrictInt, Field(gt=0, le=744)] = 173.3

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
