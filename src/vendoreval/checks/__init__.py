"""The eight checks: one scorer per check, the scoring engine and the rules it applies.

* :mod:`~vendoreval.checks._engine` — measures, :func:`evaluate_check`, results and reasons;
* :mod:`~vendoreval.checks._measures` — the forms of measure the scorers declare (one
  registrar per check, tables of yes/no measures, optional parts of an answer, shares of
  items held); :mod:`~vendoreval.checks._format` — how numbers read in reasons;
* :mod:`~vendoreval.checks._rules` — rule models and :func:`apply_rule`;
* :mod:`~vendoreval.checks._ratings` — ratings 1–5 aggregated on a grid (evaluators'
  ratings and reference calls);
* one module per check with its measures and scorer (``score_coverage`` …);
* measures registered under those checks for a Korean buyer (:mod:`~.korea`), the QA
  programme (:mod:`~.quality`) and structured reference checks (:mod:`~.reference_calls`);
* :data:`SCORERS`, :func:`score_check` and :func:`score_all`.

The answers being scored are data models in :mod:`vendoreval.proposal`; they are
re-exported here for code written against earlier versions.
"""

from __future__ import annotations

from vendoreval.checks._engine import (
    KNOCKOUT_TOLERANCE,
    CheckResult,
    KnockOut,
    MeasureKind,
    Measurement,
    MeasureSpec,
    RatingItem,
    Reason,
    ScoringContext,
    evaluate_check,
    measure,
    measures,
)
from vendoreval.checks._registry import SCORERS, Scorer, score_all, score_check
from vendoreval.checks._rules import apply_rule
from vendoreval.checks.coverage import score_coverage
from vendoreval.checks.crm import score_crm
from vendoreval.checks.korea import (
    MINIMUM_WAGE_KRW,
    LabourRisk,
    contract_term,
    labour_law_risk,
    minimum_wage,
)
from vendoreval.checks.location import region_of, score_location
from vendoreval.checks.pricing import score_pricing
from vendoreval.checks.quality import PlausibilityFlag, account_agents, quality_flags
from vendoreval.checks.reference_calls import (
    ReferenceCallSummary,
    reference_similarity,
    summarize_reference_calls,
)
from vendoreval.checks.references import score_references
from vendoreval.checks.security import score_security
from vendoreval.checks.social import score_social
from vendoreval.checks.staffing import score_staffing
from vendoreval.proposal import (
    ClientReference,
    CoachingProgram,
    CoverageAnswer,
    CrmAnswer,
    DisasterRecovery,
    LanguageStaff,
    LocationAnswer,
    PilotOutcome,
    PricingAnswer,
    ReferenceOutcome,
    ReferencesAnswer,
    Reporting,
    SecurityAnswer,
    Site,
    SocialAnswer,
    StaffingAnswer,
)
from vendoreval.staffing.plan import workload_agents as estimate_required_agents

__all__ = [
    "KNOCKOUT_TOLERANCE",
    "MINIMUM_WAGE_KRW",
    "SCORERS",
    "CheckResult",
    "ClientReference",
    "CoachingProgram",
    "CoverageAnswer",
    "CrmAnswer",
    "DisasterRecovery",
    "KnockOut",
    "LabourRisk",
    "LanguageStaff",
    "LocationAnswer",
    "MeasureKind",
    "MeasureSpec",
    "Measurement",
    "PilotOutcome",
    "PlausibilityFlag",
    "PricingAnswer",
    "RatingItem",
    "Reason",
    "ReferenceCallSummary",
    "ReferenceOutcome",
    "ReferencesAnswer",
    "Reporting",
    "Scorer",
    "ScoringContext",
    "SecurityAnswer",
    "Site",
    "SocialAnswer",
    "StaffingAnswer",
    "account_agents",
    "apply_rule",
    "contract_term",
    "estimate_required_agents",
    "evaluate_check",
    "labour_law_risk",
    "measure",
    "measures",
    "minimum_wage",
    "quality_flags",
    "reference_similarity",
    "region_of",
    "score_all",
    "score_check",
    "score_coverage",
    "score_crm",
    "score_location",
    "score_pricing",
    "score_references",
    "score_security",
    "score_social",
    "score_staffing",
    "summarize_reference_calls",
]
