"""The eight checks: each module holds a vendor's answer model (and its scorer)."""

from __future__ import annotations

from vendoreval.checks.coverage import CoverageAnswer
from vendoreval.checks.crm import CrmAnswer
from vendoreval.checks.location import LocationAnswer, Site
from vendoreval.checks.pricing import PricingAnswer
from vendoreval.checks.references import (
    ClientReference,
    PilotOutcome,
    ReferenceOutcome,
    ReferencesAnswer,
)
from vendoreval.checks.security import DisasterRecovery, Reporting, SecurityAnswer
from vendoreval.checks.social import SocialAnswer
from vendoreval.checks.staffing import CoachingProgram, LanguageStaff, StaffingAnswer

__all__ = [
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
    "SecurityAnswer",
    "Site",
    "SocialAnswer",
    "StaffingAnswer",
]
