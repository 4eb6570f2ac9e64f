"""The eight checks: each module holds a vendor's answer model and its scorer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from vendoreval.checks.coverage import estimate_required_agents, score_coverage
from vendoreval.checks.crm import score_crm
from vendoreval.checks.location import region_of, score_location
from vendoreval.checks.pricing import score_pricing
from vendoreval.checks.references import score_references
from vendoreval.checks.security import score_security
from vendoreval.checks.social import score_social
from vendoreval.checks.staffing import score_staffing
from vendoreval.needs import Needs
from vendoreval.proposal.coverage import CoverageAnswer
from vendoreval.proposal.crm import CrmAnswer
from vendoreval.proposal.location import LocationAnswer, Site
from vendoreval.proposal.pricing import PricingAnswer
from vendoreval.proposal.references import (
    ClientReference,
    PilotOutcome,
    ReferenceOutcome,
    ReferencesAnswer,
)
from vendoreval.proposal.security import DisasterRecovery, Reporting, SecurityAnswer
from vendoreval.proposal.social import SocialAnswer
from vendoreval.proposal.staffing import CoachingProgram, LanguageStaff, StaffingAnswer
from vendoreval.scoring import CheckResult, ScoringContext

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec

__all__ = [
    "SCORERS",
    "ClientReference",
    "CoachingProgram",
    "CoverageAnswer",
    "CrmAnswer",
    "DisasterRecovery",
    "LanguageStaff",
    "LocationAnswer",
    "PilotOutcome",
    "PricingAnswer",
    "ReferenceOutcome",
    "ReferencesAnswer",
    "Reporting",
    "Scorer",
    "SecurityAnswer",
    "Site",
    "SocialAnswer",
    "StaffingAnswer",
    "estimate_required_agents",
    "region_of",
    "score_coverage",
    "score_crm",
    "score_location",
    "score_pricing",
    "score_references",
    "score_security",
    "score_social",
    "score_staffing",
]

Scorer = Callable[[Needs, Any, "CheckSpec", ScoringContext], CheckResult]
"""``scorer(needs, answer_or_None, check_spec, context) -> CheckResult``."""

SCORERS: Mapping[str, Scorer] = MappingProxyType(
    {
        "coverage": score_coverage,
        "references": score_references,
        "staffing": score_staffing,
        "crm": score_crm,
        "social": score_social,
        "location": score_location,
        "security": score_security,
        "pricing": score_pricing,
    }
)
"""The scorer of each check, in the order of the eight checks."""
