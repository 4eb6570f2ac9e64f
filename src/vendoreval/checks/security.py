"""Check 7 — security, policies and disaster recovery; reporting aligned to the buyer's KPIs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from vendoreval.checks._engine import (
    CheckResult,
    MeasureKind,
    Measurement,
    ScoringContext,
    evaluate_check,
    format_count,
    format_number,
    format_percent,
    measure,
)
from vendoreval.needs import Needs
from vendoreval.vocabulary import (
    Segregation,
    segregation_rank,
)

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.security import DisasterRecovery, Reporting, SecurityAnswer

__all__ = [
    "SEGREGATION_CHOICES",
    "DisasterRecovery",
    "Reporting",
    "SecurityAnswer",
    "kpi_weights",
    "months_between",
    "score_security",
]


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


@measure(
    "security",
    "required_certifications_held",
    kind=MeasureKind.SHARE,
    description="share of the buyer's required certifications held and current [0–1]",
    skip=_no_required_certifications,
)
def _certs(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    required = needs.security.required_certifications
    held = [c.value for c in required if c in answer.certifications]
    missing = [c.value for c in required if c not in answer.certifications]
    detail = f"holds {', '.join(held) or 'none'} of those required"
    if missing:
        detail += f"; missing {', '.join(missing)}"
    return Measurement(len(held) / len(required), detail)


@measure(
    "security",
    "segregation_level",
    kind=MeasureKind.CHOICE,
    description="separation of the buyer's data: shared, logical or dedicated",
    choices=SEGREGATION_CHOICES,
)
def _segregation(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    return Measurement(answer.segregation.value, f"{answer.segregation.value} data segregation")


@measure(
    "security",
    "segregation_meets_minimum",
    kind=MeasureKind.BOOLEAN,
    description="data segregation at least as strong as the buyer's minimum",
)
def _segregation_min(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    minimum = needs.security.min_segregation
    ok = segregation_rank(answer.segregation) >= segregation_rank(minimum)
    verb = "meets" if ok else "is weaker than"
    return Measurement(
        ok, f"{answer.segregation.value} segregation {verb} the {minimum.value} minimum"
    )


@measure(
    "security",
    "dr_documented",
    kind=MeasureKind.BOOLEAN,
    description="a written disaster-recovery / business-continuity plan exists",
)
def _documented(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    if answer.disaster_recovery.documented:
        return Measurement(True, "written DR plan provided")
    return Measurement(False, "no written DR plan")


@measure(
    "security",
    "dr_tested_within_window",
    kind=MeasureKind.BOOLEAN,
    description="the DR plan was fully tested within the buyer's window before the evaluation date",
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


@measure(
    "security",
    "rto_within_max",
    kind=MeasureKind.BOOLEAN,
    description="recovery time objective at or below the buyer's maximum",
)
def _rto(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    return _objective(answer.disaster_recovery.rto_hours, needs.security.max_rto_hours, "RTO")


@measure(
    "security",
    "rpo_within_max",
    kind=MeasureKind.BOOLEAN,
    description="recovery point objective at or below the buyer's maximum",
)
def _rpo(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    return _objective(answer.disaster_recovery.rpo_hours, needs.security.max_rpo_hours, "RPO")


@measure(
    "security",
    "redundant_sites",
    kind=MeasureKind.NUMBER,
    description="sites able to take over the work after a disaster [sites]",
)
def _redundant(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    count = answer.disaster_recovery.redundant_sites
    return Measurement(float(count), f"{format_count(count, 'site')} can take over the work")


@measure(
    "security",
    "sample_reports",
    kind=MeasureKind.BOOLEAN,
    description="sample reports were provided",
)
def _samples(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    if answer.reporting.sample_reports:
        return Measurement(True, "sample reports provided")
    return Measurement(False, "no sample reports provided")


@measure(
    "security",
    "reports_customizable",
    kind=MeasureKind.BOOLEAN,
    description="reports can be tailored to the buyer",
)
def _custom(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    if answer.reporting.customizable:
        return Measurement(True, "reports can be tailored")
    return Measurement(False, "standard reports only")


def _no_kpis(needs: Needs) -> str | None:
    return None if needs.security.kpis else "the buyer lists no KPIs"


@measure(
    "security",
    "kpi_alignment",
    kind=MeasureKind.SHARE,
    description=(
        "rank-weighted share of the buyer's KPIs in the standard reports, the first KPI "
        "weighing most (rank-sum weights) [0–1]"
    ),
    skip=_no_kpis,
)
def _kpis(needs: Needs, answer: SecurityAnswer, context: ScoringContext) -> Measurement:
    kpis = needs.security.kpis
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
