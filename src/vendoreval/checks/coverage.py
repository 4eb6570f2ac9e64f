"""Check 1 — needs and coverage: channels, hours and capacity the vendor offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vendoreval.checks._engine import CheckResult, Measurement, ScoringContext, evaluate_check
from vendoreval.checks._format import format_number, format_percent
from vendoreval.checks._measures import Measures, verdict
from vendoreval.needs import Needs
from vendoreval.needs.hours import SLOT_MINUTES
from vendoreval.staffing.plan import agents_needed
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.coverage import CoverageAnswer

__all__ = [
    "CoverageAnswer",
    "required_agents",
    "score_coverage",
]


# ----------------------------------------------------------------------------- scoring


def required_agents(needs: Needs, context: ScoringContext) -> tuple[dict[Channel, int], str]:
    """Peak agents needed per required channel and where the figures come from.

    The context's interval staffing where it has a channel, else the workload estimate; see
    :func:`vendoreval.staffing.plan.agents_needed`.
    """
    return agents_needed(needs, context.required_agents)


def _growth_factor(needs: Needs) -> float:
    """Volume of the last contract month relative to the first (at least 1) [-]."""
    contract = needs.contract
    return max(1.0, (1.0 + contract.monthly_growth) ** (contract.term_months - 1))


def _names(channels: list[Channel]) -> str:
    return ", ".join(channel.value for channel in channels)


_measure = Measures[CoverageAnswer]("coverage")


@_measure.share("channels_covered", "share of the required channels the vendor offers [0–1]")
def _channels_covered(needs: Needs, answer: CoverageAnswer, context: ScoringContext) -> Measurement:
    required = list(needs.channel_names)
    missing = [c for c in required if c not in answer.channels]
    offered = [c for c in required if c in answer.channels]
    if not missing:
        detail = f"offers all {len(required)} required channels ({_names(required)})"
    else:
        detail = f"offers {_names(offered) or 'none'}; missing {_names(missing)}"
    return Measurement(len(offered) / len(required), detail)


@_measure.share(
    "hours_covered",
    "share of the required weekly hours covered on the required channels offered [0–1]",
)
def _hours_covered(needs: Needs, answer: CoverageAnswer, context: ScoringContext) -> Measurement:
    channels = [c for c in needs.channel_names if c in answer.channels]
    if not channels:
        return Measurement(0.0, "none of the required channels is offered")
    required = np.stack([needs.hours_for(c).mask() for c in channels])
    offered = np.stack([answer.channel_hours.get(c, answer.hours).mask() for c in channels])
    needed = required.sum(axis=1)
    covered = (required & offered).sum(axis=1)
    share = float(covered.sum() / needed.sum())
    slot_hours = SLOT_MINUTES / 60
    gaps = [
        f"{c.value}: {format_number(got * slot_hours)} of {format_number(need * slot_hours)} "
        f"required hours a week ({needs.hours_for(c).describe()})"
        for c, got, need in zip(channels, covered, needed, strict=True)
        if got < need
    ]
    if gaps:
        detail = "; ".join(gaps)
    else:
        detail = (
            "every required hour covered ("
            + "; ".join(f"{c.value} {needs.hours_for(c).describe()}" for c in channels)
            + ")"
        )
    return Measurement(share, detail)


def _no_holiday_need(needs: Needs) -> str | None:
    return None if needs.holidays_covered else "the buyer does not need service on holidays"


@_measure.boolean("holidays_covered", "service runs on public holidays", skip=_no_holiday_need)
def _holidays(needs: Needs, answer: CoverageAnswer, context: ScoringContext) -> Measurement:
    listed = f" ({len(needs.holidays)} in the contract period)" if needs.holidays else ""
    return verdict(
        answer.covers_holidays,
        f"serves on public holidays{listed}",
        f"no service on public holidays{listed}; the buyer needs it",
    )


def _agents_text(agents: dict[Channel, int], source: str) -> str:
    parts = ", ".join(f"{c.value} {n}" for c, n in agents.items())
    return f"{sum(agents.values())} agents needed at peak ({parts}; {source})"


@_measure.number("capacity_ratio", "seats at go-live ÷ agents the traffic needs at peak [-]")
def _capacity(needs: Needs, answer: CoverageAnswer, context: ScoringContext) -> Measurement:
    agents, source = required_agents(needs, context)
    total = sum(agents.values())
    if total == 0:
        return Measurement(None, "the forecast traffic needs no agents")
    ratio = answer.seats / total
    return Measurement(
        ratio,
        f"{answer.seats} seats at go-live for {_agents_text(agents, source)}: "
        f"{format_number(ratio)}×",
    )


@_measure.number(
    "peak_capacity_ratio",
    "seats including peak ramp-up ÷ agents needed at peak in the last contract month "
    "(after the forecast monthly growth) [-]",
)
def _peak_capacity(needs: Needs, answer: CoverageAnswer, context: ScoringContext) -> Measurement:
    agents, source = required_agents(needs, context)
    growth = _growth_factor(needs)
    total = sum(agents.values()) * growth
    if total == 0:
        return Measurement(None, "the forecast traffic needs no agents")
    ratio = answer.total_seats / total
    contract = needs.contract
    return Measurement(
        ratio,
        f"{answer.seats} + {answer.peak_ramp_up_seats} ramp-up seats for "
        f"{format_number(total)} agents needed by month {contract.term_months} "
        f"({format_percent(contract.monthly_growth)} growth a month; {source}): "
        f"{format_number(ratio)}×",
    )


@_measure.number(
    "ramp_up_notice_days", "notice the vendor needs to add its peak ramp-up seats [days]"
)
def _notice(needs: Needs, answer: CoverageAnswer, context: ScoringContext) -> Measurement:
    if answer.peak_ramp_up_seats == 0:
        return Measurement(None, "no ramp-up seats offered")
    if answer.ramp_up_notice_days is None:
        return Measurement(None, "notice for the ramp-up seats not stated")
    days = answer.ramp_up_notice_days
    return Measurement(
        float(days), f"{answer.peak_ramp_up_seats} extra seats on {days} days' notice"
    )


def score_coverage(
    needs: Needs, answer: CoverageAnswer | None, spec: CheckSpec, context: ScoringContext
) -> CheckResult:
    """Score check 1: required channels and hours covered, holidays, capacity vs traffic.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    answer : CoverageAnswer or None
        The vendor's answer; None when not answered.
    spec : CheckSpec
        The ``coverage`` check of the criteria pack.
    context : ScoringContext
        Required agents at peak (estimated when absent).

    Returns
    -------
    CheckResult
    """
    return evaluate_check("coverage", needs, answer, spec, context, answer_type=CoverageAnswer)
