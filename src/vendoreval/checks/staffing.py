"""Check 3 — staffing and languages: agents, fluency, experience and the quality program."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vendoreval.checks._engine import (
    CheckResult,
    Measurement,
    RatingItem,
    ScoringContext,
    evaluate_check,
)
from vendoreval.checks._format import format_number, format_percent
from vendoreval.checks._measures import Measures, held_share
from vendoreval.checks._measures import ratio as bounded_ratio
from vendoreval.needs import LanguageNeed, Needs
from vendoreval.staffing.plan import agents_needed_by_language as plan_agents_by_language
from vendoreval.vocabulary import (
    cefr_rank,
)

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.staffing import CoachingProgram, LanguageStaff, StaffingAnswer

__all__ = [
    "CoachingProgram",
    "LanguageStaff",
    "StaffingAnswer",
    "agents_at_fluency",
    "agents_needed_by_language",
    "score_staffing",
]


# ----------------------------------------------------------------------------- scoring


def agents_at_fluency(
    answer: StaffingAnswer, need: LanguageNeed
) -> tuple[int, LanguageStaff | None]:
    """Agents who speak the needed language at the needed CEFR level or better.

    Returns the count [agents] (0 when the staff's level is below the need) and the staff
    line found, if any.
    """
    staff = answer.agents_for(need.language)
    if staff is None or cefr_rank(staff.cefr) < cefr_rank(need.min_cefr):
        return 0, staff
    return staff.agents, staff


def agents_needed_by_language(needs: Needs, context: ScoringContext) -> tuple[dict[str, int], str]:
    """Agents needed per language at peak [agents] and where the figures come from.

    See :func:`vendoreval.staffing.plan.agents_needed_by_language`.
    """
    return plan_agents_by_language(
        needs, context.required_agents, context.required_agents_by_language
    )


def _level(staff: LanguageStaff | None) -> str:
    if staff is None or staff.agents == 0:
        return "no agents"
    return f"{staff.agents} agents at {staff.cefr.value}"


_measure = Measures[StaffingAnswer]("staffing")


@_measure.share(
    "languages_at_fluency",
    "share of the buyer's languages with agents at the needed CEFR level [0–1]",
)
def _fluency(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    parts = []
    ok = 0
    for need in needs.languages:
        count, staff = agents_at_fluency(answer, need)
        ok += count > 0
        verdict = "" if count > 0 or staff is None or staff.agents == 0 else ", below the need"
        parts.append(f"{need.language}: {_level(staff)} ({need.min_cefr.value} needed{verdict})")
    return Measurement(ok / len(needs.languages), "; ".join(parts))


@_measure.share(
    "language_headcount_covered",
    "contact-share-weighted mean over languages of min(agents at fluency ÷ agents needed, 1) [0–1]",
)
def _headcount(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    needed, source = agents_needed_by_language(needs, context)
    shares = np.array([lang.share for lang in needs.languages], dtype=np.float64)
    have = np.array([agents_at_fluency(answer, lang)[0] for lang in needs.languages], dtype=float)
    need = np.array([needed[lang.language] for lang in needs.languages], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        cover = np.where(need > 0, np.minimum(have / need, 1.0), 1.0)
    weights = shares if shares.sum() > 0 else np.ones_like(shares)
    value = float(np.dot(weights, cover) / weights.sum())
    parts = [
        f"{lang.language}: {int(h)} agents at {lang.min_cefr.value} or better, {int(n)} required "
        f"({format_percent(float(c))})"
        for lang, h, n, c in zip(needs.languages, have, need, cover, strict=True)
    ]
    return Measurement(value, "; ".join(parts) + f" ({source})")


def _no_certifications_wanted(needs: Needs) -> str | None:
    if needs.staffing.certifications_wanted:
        return None
    return "the buyer wants no contact-center certification"


@_measure.share(
    "certifications_wanted_held",
    "share of the contact-center certifications the buyer wants that are held [0–1]",
    skip=_no_certifications_wanted,
)
def _certs(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    wanted = needs.staffing.certifications_wanted
    held = ((c.value, c in answer.certifications) for c in wanted)
    return held_share(held, "holds {held} of those wanted")


def _no_industry_years(needs: Needs) -> str | None:
    if needs.staffing.min_industry_years > 0:
        return None
    return "the buyer states no minimum industry experience"


@_measure.number(
    "industry_years_ratio",
    "years serving the buyer's industry ÷ years wanted [-]",
    skip=_no_industry_years,
)
def _industry(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    wanted = needs.staffing.min_industry_years
    return Measurement(
        bounded_ratio(answer.industry_years, wanted),
        f"{format_number(answer.industry_years)} years in {needs.industry} "
        f"({format_number(wanted)} wanted)",
    )


@_measure.share("annual_attrition", "share of agents leaving in a year [0–1, lower is better]")
def _attrition(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    return Measurement(
        float(answer.annual_attrition), f"{format_percent(answer.annual_attrition)} a year"
    )


def _no_attrition_cap(needs: Needs) -> str | None:
    if needs.staffing.max_annual_attrition is not None:
        return None
    return "the buyer sets no attrition ceiling"


@_measure.boolean(
    "attrition_within_max",
    "annual attrition at or below the buyer's ceiling",
    skip=_no_attrition_cap,
)
def _attrition_cap(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    cap = needs.staffing.max_annual_attrition
    assert cap is not None
    ok = answer.annual_attrition <= cap
    sign = "≤" if ok else ">"
    return Measurement(
        ok,
        f"{format_percent(answer.annual_attrition)} a year {sign} {format_percent(cap)} ceiling",
    )


@_measure.number("onboarding_hours", "initial training per agent before going live [h]")
def _onboarding(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    hours = float(answer.onboarding_hours)
    return Measurement(hours, f"{format_number(hours)} hours of training before going live")


_PROGRAM_ITEMS = (
    ("operating_manuals", "operating manuals"),
    ("difficult_customer_policy", "difficult-customer policy"),
    ("agent_protection_policy", "agent protection from abuse"),
)


@_measure.share(
    "quality_program_items",
    "share of operating manuals, a difficult-customer policy and agent protection from "
    "abuse in place [0–1]",
)
def _program(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    items = ((label, getattr(answer.coaching, field)) for field, label in _PROGRAM_ITEMS)
    return held_share(items, "has {held}", "lacks", none="none of the program items")


@_measure.share("qa_sampling_rate", "share of contacts quality-checked [0–1]")
def _qa(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    rate = float(answer.coaching.qa_sampling_rate)
    return Measurement(rate, f"{format_percent(rate)} of contacts quality-checked")


@_measure.number("coaching_hours", "one-to-one coaching per agent a month [h/month]")
def _coaching(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    hours = float(answer.coaching.coaching_hours_per_agent_month)
    return Measurement(hours, f"{format_number(hours)} h of one-to-one coaching per agent a month")


def _rating(
    item: RatingItem, stated: float | None, what: str, context: ScoringContext
) -> Measurement:
    rating, source = context.rating(item, stated)
    if rating is None:
        return Measurement(None, f"{what} not rated")
    who = "evaluators rated" if source == "evaluators" else "rated (as stated in the proposal)"
    return Measurement(rating, f"{what} {who} {format_number(rating)}/5")


@_measure.number(
    "team_lead_interview_rating", "rating of the proposed team leads' interviews [1–5]"
)
def _team_leads(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    stated = answer.team_lead_interview_rating
    return _rating(RatingItem.TEAM_LEAD_INTERVIEW, stated, "team-lead interviews", context)


@_measure.number("culture_fit_rating", "rating of cultural fit [1–5]")
def _culture(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    return _rating(RatingItem.CULTURE_FIT, answer.culture_fit_rating, "culture fit", context)


def score_staffing(
    needs: Needs, answer: StaffingAnswer | None, spec: CheckSpec, context: ScoringContext
) -> CheckResult:
    """Score check 3: languages at fluency and head-count, experience, quality program.

    Parameters
    ----------
    needs : Needs
        Languages with shares and fluency, certifications wanted, industry experience,
        attrition ceiling.
    answer : StaffingAnswer or None
        The vendor's answer; None when not answered.
    spec : CheckSpec
        The ``staffing`` check of the criteria pack.
    context : ScoringContext
        Agents needed per language (or in total), and the evaluators' ratings, which replace
        the ratings stated in the answer.

    Returns
    -------
    CheckResult
    """
    return evaluate_check("staffing", needs, answer, spec, context, answer_type=StaffingAnswer)
