"""Check 7 — security, policies and disaster recovery; reporting aligned to the buyer's KPIs;
service levels committed against the buyer's targets."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from vendoreval.checks._engine import CheckResult, Measurement, ScoringContext, evaluate_check
from vendoreval.checks._format import format_count, format_number, format_percent
from vendoreval.checks._measures import Flag, Measures, held_share
from vendoreval.contract.commitments import Commitment, ServiceCredits
from vendoreval.needs import KpiTarget, Needs
from vendoreval.vocabulary import (
    Kpi,
    Segregation,
    ServiceKpi,
    segregation_rank,
)

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.security import DisasterRecovery, Reporting, SecurityAnswer

__all__ = [
    "REPORTED_KPI",
    "SEGREGATION_CHOICES",
    "DisasterRecovery",
    "Reporting",
    "SecurityAnswer",
    "commitment_lines",
    "commitment_strength",
    "kpi_weights",
    "months_between",
    "score_security",
]

REPORTED_KPI: dict[ServiceKpi, Kpi] = {
    ServiceKpi.SERVICE_LEVEL: Kpi.SERVICE_LEVEL,
    ServiceKpi.RESPONSE_WITHIN_HOURS: Kpi.SERVICE_LEVEL,
    ServiceKpi.ASA_SECONDS: Kpi.ASA,
    ServiceKpi.ABANDONMENT: Kpi.ABANDONMENT_RATE,
    ServiceKpi.FCR: Kpi.FIRST_CONTACT_RESOLUTION,
    ServiceKpi.CSAT: Kpi.CSAT,
    ServiceKpi.QA_SCORE: Kpi.QUALITY_SCORE,
}
"""The reported KPI that shows each committed KPI (for the reporting alignment)."""


# ----------------------------------------------------------------------------- scoring

SEGREGATION_CHOICES: tuple[str, ...] = tuple(level.value for level in Segregation)
"""Values of the ``segregation_level`` measure (weakest first)."""


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 when ``later`` is not later).

    2025-03-10 → 2026-11-23 is 20 months; 2025-03-10 → 2026-11-09 is 19.
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def kpi_weights(count: int) -> npt.NDArray[np.float64]:
    """Rank-sum weights of ``count`` KPIs listed most important first.

    The k-th of n KPIs weighs ``(n − k + 1) / (n (n + 1) / 2)``: for three KPIs 3/6, 2/6, 1/6
    (Stillwell, Seaver & Edwards 1981, "A comparison of weight approximation techniques in
    multiattribute utility decision making", *Organizational Behavior and Human
    Performance* 28(1), 62–77).
    """
    ranks = np.arange(count, 0, -1, dtype=np.float64)
    weights: npt.NDArray[np.float64] = ranks / ranks.sum()
    return weights


def _no_required_certifications(needs: Needs) -> str | None:
    if needs.security.required_certifications:
        return None
    return "the buyer requires no security certification"


_measure = Measures[SecurityAnswer]("security")


@_measure.share(
    "required_certifications_held",
    "share of the buyer's required certifications held and current [0–1]",
    skip=_no_required_certifications,
)
def _certs(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    required = needs.security.required_certifications
    held = ((c.value, c in answer.certifications) for c in required)
    return held_share(held, "holds {held} of those required")


@_measure.choice(
    "segregation_level",
    "separation of the buyer's data: shared, logical or dedicated",
    SEGREGATION_CHOICES,
)
def _segregation(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    return Measurement(answer.segregation.value, f"{answer.segregation.value} data segregation")


@_measure.boolean(
    "segregation_meets_minimum", "data segregation at least as strong as the buyer's minimum"
)
def _segregation_min(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    minimum = needs.security.min_segregation
    ok = segregation_rank(answer.segregation) >= segregation_rank(minimum)
    verb = "meets" if ok else "is weaker than"
    return Measurement(
        ok, f"{answer.segregation.value} segregation {verb} the {minimum.value} minimum"
    )


_measure.flags(
    Flag(
        "dr_documented",
        "a written disaster-recovery / business-continuity plan exists",
        lambda answer: answer.disaster_recovery.documented,
        "written DR plan provided",
        "no written DR plan",
    )
)


@_measure.boolean(
    "dr_tested_within_window",
    "the DR plan was fully tested within the buyer's window before the evaluation date",
)
def _tested(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    window = needs.security.dr_test_within_months
    last = answer.disaster_recovery.last_tested
    if last is None:
        return Measurement(
            False, f"DR never tested (must be within {format_count(window, 'month')})"
        )
    age = months_between(last, context.as_of)
    ok = age <= window
    sign = "≤" if ok else ">"
    return Measurement(
        ok,
        f"DR last tested {last.isoformat()}, {format_count(age, 'month')} before "
        f"{context.as_of.isoformat()} {sign} {format_count(window, 'month')}",
    )


def _objective(value: float | None, limit: float, name: str) -> Measurement:
    if value is None:
        return Measurement(False, f"{name} not stated (at most {format_number(limit)} h required)")
    ok = value <= limit
    sign = "≤" if ok else ">"
    return Measurement(
        ok, f"{name} {format_number(value)} h {sign} {format_number(limit)} h maximum"
    )


@_measure.boolean("rto_within_max", "recovery time objective at or below the buyer's maximum")
def _rto(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    return _objective(answer.disaster_recovery.rto_hours, needs.security.max_rto_hours, "RTO")


@_measure.boolean("rpo_within_max", "recovery point objective at or below the buyer's maximum")
def _rpo(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    return _objective(answer.disaster_recovery.rpo_hours, needs.security.max_rpo_hours, "RPO")


@_measure.number("redundant_sites", "sites able to take over the work after a disaster [sites]")
def _redundant(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    count = answer.disaster_recovery.redundant_sites
    return Measurement(float(count), f"{format_count(count, 'site')} can take over the work")


_measure.flags(
    Flag(
        "sample_reports",
        "sample reports were provided",
        lambda answer: answer.reporting.sample_reports,
        "sample reports provided",
        "no sample reports provided",
    ),
    Flag(
        "reports_customizable",
        "reports can be tailored to the buyer",
        lambda answer: answer.reporting.customizable,
        "reports can be tailored",
        "standard reports only",
    ),
)


def _buyer_kpis(needs: Needs) -> tuple[Kpi, ...]:
    """The KPIs the buyer wants reported, most important first: ``security.kpis`` when
    given, else those of its KPI targets by falling weight."""
    if needs.security.kpis:
        return needs.security.kpis
    ordered = sorted(needs.security.kpi_targets, key=lambda t: -t.weight)
    out: list[Kpi] = []
    for target in ordered:
        kpi = REPORTED_KPI[target.kpi]
        if kpi not in out:
            out.append(kpi)
    return tuple(out)


def _no_kpis(needs: Needs) -> str | None:
    return None if _buyer_kpis(needs) else "the buyer lists no KPIs"


@_measure.share(
    "kpi_alignment",
    "rank-weighted share of the buyer's KPIs in the standard reports, the first KPI "
    "weighing most (rank-sum weights) [0–1]",
    skip=_no_kpis,
)
def _kpis(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    kpis = _buyer_kpis(needs)
    weights = kpi_weights(len(kpis))
    reported = np.array([kpi in answer.reporting.kpis_reported for kpi in kpis])
    value = float(weights[reported].sum())
    parts = [
        f"{kpi.value} ({format_percent(float(w))}) {'reported' if ok else 'not reported'}"
        for kpi, w, ok in zip(kpis, weights, reported, strict=True)
    ]
    return Measurement(value, "; ".join(parts))


def score_security(
    needs: Needs, answer: SecurityAnswer | None, spec: CheckSpec, context: ScoringContext
) -> CheckResult:
    """Score check 7: required controls present, DR proven, reporting aligned to the KPIs.

    Parameters
    ----------
    needs : Needs
        Required certifications, minimum segregation, RTO/RPO maxima, DR test window, KPIs
        (``needs.security``).
    answer : SecurityAnswer or None
        The vendor's answer; None when not answered.
    spec : CheckSpec
        The ``security`` check of the criteria pack.
    context : ScoringContext
        The evaluation date, from which the DR test's age is counted.

    Returns
    -------
    CheckResult
    """
    return evaluate_check("security", needs, answer, spec, context, answer_type=SecurityAnswer)


# ----------------------------------------------------------------------------- commitments


def _threshold(item: KpiTarget | Commitment) -> float | None:
    if item.threshold_seconds is not None:
        return float(item.threshold_seconds)
    if item.threshold_hours is not None:
        return float(item.threshold_hours) * 3600.0
    return None


def commitment_strength(target: KpiTarget, commitment: Commitment | None) -> float:
    """How much of the buyer's ``target`` a vendor's ``commitment`` covers, 0–1.

    1 when the commitment is at least as strong as the target: its level is at least the
    target's (at most, for ASA and abandonment) and its threshold no looser. A weaker one
    earns the ratio of the two levels (``committed ÷ wanted`` for higher-is-better KPIs,
    ``wanted ÷ committed`` for lower-is-better ones, as the grade method's attainment) times,
    for a looser threshold, ``wanted threshold ÷ committed threshold``. No commitment is 0.

    Examples
    --------
    80% within 20 s wanted, 70% within 30 s committed: 0.7/0.8 × 20/30 = 0.583.
    """
    if commitment is None:
        return 0.0
    wanted, given = float(target.target), float(commitment.target)
    if target.kpi.higher_is_better:
        level = 1.0 if given >= wanted else (given / wanted if wanted > 0 else 1.0)
    else:
        level = 1.0 if given <= wanted else (wanted / given if given > 0 else 1.0)
    want_t, give_t = _threshold(target), _threshold(commitment)
    speed = 1.0
    if want_t is not None and give_t is not None and give_t > want_t:
        speed = want_t / give_t
    return max(0.0, min(1.0, level * speed))


_COMMITTED: dict[ServiceKpi, str] = {
    ServiceKpi.SERVICE_LEVEL: "{target:.0%} within {seconds:g} s",
    ServiceKpi.RESPONSE_WITHIN_HOURS: "{target:.0%} within {hours:g} h",
    ServiceKpi.ASA_SECONDS: "ASA ≤ {target:g} s",
    ServiceKpi.ABANDONMENT: "abandonment ≤ {target:.1%}",
}
"""How a commitment on each KPI reads; other KPIs read as the committed share."""


def _describe(commitment: Commitment) -> str:
    return _COMMITTED.get(commitment.kpi, "{target:.0%}").format(
        target=commitment.target,
        seconds=commitment.threshold_seconds,
        hours=commitment.threshold_hours,
    )


def _no_targets(needs: Needs) -> str | None:
    return None if needs.service_targets else "the buyer states no service-level targets"


def commitment_lines(
    needs: Needs, terms: ServiceCredits | None
) -> list[tuple[KpiTarget, Commitment | None, float]]:
    """Each of the buyer's targets with the vendor's commitment on it and its strength."""
    given = {c.key: c for c in terms.commitments} if terms is not None else {}
    return [
        (target, given.get(target.key), commitment_strength(target, given.get(target.key)))
        for target in needs.service_targets
    ]


@_measure.share(
    "commitments_meet_targets",
    "weighted share of the buyer's service-level targets the vendor commits to at least "
    "as strongly (a weaker commitment counts in part, none counts 0) [0–1]",
    skip=_no_targets,
)
def _commitments(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    terms = context.commitments
    lines = commitment_lines(needs, terms)
    weights = np.array([t.weight for t, _, _ in lines], dtype=np.float64)
    if weights.sum() <= 0:
        weights = np.ones(len(lines))
    strengths = np.array([s for _, _, s in lines], dtype=np.float64)
    value = float((weights * strengths).sum() / weights.sum())
    if terms is None:
        return Measurement(
            0.0,
            "commits to no service level: a missed target costs the vendor nothing "
            f"({', '.join(t.describe() for t, _, _ in lines)} wanted)",
        )
    parts = []
    for target, commitment, strength in lines:
        if commitment is None:
            parts.append(f"{target.describe()}: no commitment")
        elif strength >= 1.0:
            parts.append(f"{target.describe()}: commits {_describe(commitment)}")
        else:
            parts.append(
                f"{target.describe()}: commits only {_describe(commitment)} "
                f"({format_percent(strength)} of the target)"
            )
    return Measurement(value, "; ".join(parts))
