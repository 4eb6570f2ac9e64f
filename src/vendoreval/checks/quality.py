"""Measures of the QA programme, and flags on answers no QA team could deliver.

The staffing check scores the QA instrument of :class:`~vendoreval.proposal.QualityProgramme`
— evaluations per agent a month, auto-fail items, calibration cadence, speech-analytics
coverage, time from a finding to coaching — and whether the answers are plausible
(:func:`quality_flags`). A share of contacts quality-checked means little on its own: 5% of
50,000 calls a month for about 32 agents is some 77 evaluations per agent a month, where
real programmes run about 4–10.
"""

from __future__ import annotations

from typing import Final

from vendoreval._model import Model
from vendoreval.checks._engine import Measurement, ScoringContext
from vendoreval.checks._format import format_count, format_number, format_percent
from vendoreval.checks._measures import Measures, held_share
from vendoreval.needs import Needs
from vendoreval.proposal.quality import AutoFailItem, QualityProgramme
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.staffing.plan import workload_fte

__all__ = [
    "EVALUATIONS_PER_EVALUATOR_MONTH",
    "MAX_EVALUATIONS_PER_AGENT_MONTH",
    "MAX_PLAUSIBLE_QA_TARGET",
    "PlausibilityFlag",
    "account_agents",
    "quality_flags",
]

MAX_EVALUATIONS_PER_AGENT_MONTH: Final = 20.0
"""Most QA evaluations per agent a month taken as plausible [evaluations/agent/month]; real
programmes evaluate about 4–10 contacts per agent a month."""

EVALUATIONS_PER_EVALUATOR_MONTH: Final = 400.0
"""Most evaluations one full-time QA evaluator can score in a month [evaluations/month]:
173.3 scheduled hours × 70% available ÷ 18 minutes per evaluation (listening to a call of a
few minutes, scoring it and writing the feedback) ≈ 404, rounded to 400."""

MAX_PLAUSIBLE_QA_TARGET: Final = 0.99
"""A QA target at or above this (99–100 points of 100) leaves no room for findings [-]."""


class PlausibilityFlag(Model):
    """An answer that is implausible or contradicts another.

    Parameters
    ----------
    code : str
        ``sampling_rate``, ``evaluations_per_agent``, ``sampling_vs_evaluations``,
        ``evaluator_capacity`` or ``qa_target``.
    message : str
        What is implausible, with the numbers.
    """

    code: str
    message: str


def account_agents(needs: Needs, shrinkage: float) -> float:
    """Full-time agents the buyer's workload keeps employed [FTE].

    The staffing plan's figure (:func:`vendoreval.staffing.plan.workload_fte`): monthly agent
    hours at the planning occupancy, handle times divided by each channel's concurrency,
    over the hours one FTE is available after ``shrinkage``.

    Parameters
    ----------
    needs : Needs
        The buyer's channels with volumes and handle times.
    shrinkage : float
        Share of scheduled time not on contacts, in [0, 1) [-].
    """
    return workload_fte(needs, shrinkage)


def quality_flags(needs: Needs, answer: StaffingAnswer) -> tuple[PlausibilityFlag, ...]:
    """Implausible or contradictory QA answers, derived from the answers and the traffic.

    * ``sampling_rate``: the share of contacts quality-checked × the buyer's contacts a
      month ÷ the agents on the account (:func:`account_agents`) is above
      :data:`MAX_EVALUATIONS_PER_AGENT_MONTH`;
    * ``evaluations_per_agent``: the evaluations per agent a month stated are above it;
    * ``sampling_vs_evaluations``: the sampling share implies more than twice, or less than
      half, the evaluations per agent stated;
    * ``evaluator_capacity``: the evaluations stated for all agents would need more than
      :data:`EVALUATIONS_PER_EVALUATOR_MONTH` from each QA evaluator (or there is none);
    * ``qa_target``: a target of :data:`MAX_PLAUSIBLE_QA_TARGET` or more.

    Parameters
    ----------
    needs : Needs
        The buyer's traffic.
    answer : StaffingAnswer
        The vendor's staffing answer (its coaching programme and QA programme).

    Returns
    -------
    tuple of PlausibilityFlag
        Empty when nothing is implausible.
    """
    flags: list[PlausibilityFlag] = []
    agents = account_agents(needs, float(answer.shrinkage))
    contacts = sum(item.volume_per_month for item in needs.channels)
    sampling = float(answer.coaching.qa_sampling_rate)
    implied = sampling * contacts / agents if agents > 0 else 0.0
    if implied > MAX_EVALUATIONS_PER_AGENT_MONTH:
        flags.append(
            PlausibilityFlag(
                code="sampling_rate",
                message=f"checking {format_percent(sampling)} of {format_number(contacts)} "
                f"contacts a month is {format_number(implied)} evaluations per agent a month "
                f"for about {format_number(agents)} agents (more than "
                f"{format_number(MAX_EVALUATIONS_PER_AGENT_MONTH)} is implausible)",
            )
        )
    programme = answer.quality_programme
    if programme is None:
        return tuple(flags)
    stated = float(programme.evaluations_per_agent_month)
    if stated > MAX_EVALUATIONS_PER_AGENT_MONTH:
        flags.append(
            PlausibilityFlag(
                code="evaluations_per_agent",
                message=f"{format_number(stated)} evaluations per agent a month stated (more "
                f"than {format_number(MAX_EVALUATIONS_PER_AGENT_MONTH)} is implausible)",
            )
        )
    if sampling > 0 and stated > 0 and not 0.5 <= implied / stated <= 2.0:
        flags.append(
            PlausibilityFlag(
                code="sampling_vs_evaluations",
                message=f"checking {format_percent(sampling)} of contacts means "
                f"{format_number(implied)} evaluations per agent a month, but "
                f"{format_number(stated)} are stated",
            )
        )
    flags += _capacity_flags(programme, stated, agents)
    if programme.qa_target >= MAX_PLAUSIBLE_QA_TARGET:
        flags.append(
            PlausibilityFlag(
                code="qa_target",
                message=f"a QA target of {format_percent(programme.qa_target)} leaves no room "
                "for findings",
            )
        )
    return tuple(flags)


def _capacity_flags(
    programme: QualityProgramme, stated: float, agents: float
) -> list[PlausibilityFlag]:
    evaluators = programme.qa_analysts
    if evaluators is None or stated == 0:
        return []
    needed = stated * agents
    if evaluators == 0:
        return [
            PlausibilityFlag(
                code="evaluator_capacity",
                message=f"{format_number(needed)} evaluations a month with no QA evaluator",
            )
        ]
    each = needed / float(evaluators)
    if each <= EVALUATIONS_PER_EVALUATOR_MONTH:
        return []
    return [
        PlausibilityFlag(
            code="evaluator_capacity",
            message=f"{format_number(needed)} evaluations a month for "
            f"{format_number(float(evaluators))} QA "
            f"{'evaluator' if evaluators == 1 else 'evaluators'} is {format_number(each)} each "
            f"(one evaluator scores at most about "
            f"{format_number(EVALUATIONS_PER_EVALUATOR_MONTH)})",
        )
    ]


# ----------------------------------------------------------------------------- measures

_NOT_GIVEN = "its QA programme (scorecard, evaluations, calibration, coaching)"

_measure = Measures[StaffingAnswer]("staffing")
_programme = _measure.part(lambda answer: answer.quality_programme, _NOT_GIVEN)


@_programme.number(
    "qa_evaluations_per_agent", "QA evaluations of each agent a month [evaluations/agent/month]"
)
def _evaluations(needs: Needs, programme: QualityProgramme, context: ScoringContext) -> Measurement:
    stated = float(programme.evaluations_per_agent_month)
    return Measurement(
        stated,
        f"{format_number(stated)} evaluations per agent a month on a "
        f"{programme.scorecard_items}-item scorecard, target "
        f"{format_percent(programme.qa_target)}",
    )


@_programme.share(
    "qa_auto_fail_items",
    "share of the auto-fail findings (identity not verified, personal data exposed, false "
    "information, abusive language, mis-selling, mandatory disclosure missed) on the "
    "scorecard [0–1]",
)
def _auto_fail(needs: Needs, programme: QualityProgramme, context: ScoringContext) -> Measurement:
    items = ((item.value, item in programme.auto_fail_items) for item in AutoFailItem)
    return held_share(items, "auto-fail items: {held}", "not auto-fail:")


@_programme.number(
    "qa_calibration_days", "days between QA calibration sessions [days, lower is better]"
)
def _calibration(needs: Needs, programme: QualityProgramme, context: ScoringContext) -> Measurement:
    days = programme.calibration_every_days
    return Measurement(float(days), f"evaluators calibrate every {format_count(days, 'day')}")


@_programme.share(
    "qa_speech_analytics", "share of contacts analysed by speech or text analytics [0–1]"
)
def _analytics(needs: Needs, programme: QualityProgramme, context: ScoringContext) -> Measurement:
    share = float(programme.speech_analytics_coverage)
    return Measurement(share, f"{format_percent(share)} of contacts analysed automatically")


@_programme.number(
    "qa_finding_to_coaching_days",
    "median days from a QA finding to the agent's coaching [days, lower is better]",
)
def _coaching_speed(
    needs: Needs, programme: QualityProgramme, context: ScoringContext
) -> Measurement:
    days = float(programme.finding_to_coaching_days)
    return Measurement(days, f"coaching {format_number(days)} days after a finding (median)")


@_measure.boolean(
    "qa_plausible",
    "no QA answer is implausible or contradicts another (see quality_flags); an implausible "
    "share of contacts quality-checked counts even without a QA programme",
)
def _plausible(needs: Needs, answer: StaffingAnswer, context: ScoringContext) -> Measurement:
    flags = quality_flags(needs, answer)
    if answer.quality_programme is None and not flags:
        return Measurement.not_answered(_NOT_GIVEN)
    if flags:
        return Measurement(False, "implausible: " + "; ".join(flag.message for flag in flags))
    return Measurement(True, "the QA answers are plausible and consistent")
