"""A vendor's proposal: one answer model per check, and the proposal that holds them.

These are data models only; each check's scorer lives in :mod:`vendoreval.checks`.
"""

from __future__ import annotations

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
from vendoreval.proposal.staffing import CoachingProgram, LanguageStaff, Rating, StaffingAnswer
from vendoreval.proposal.terms import ContractTerms
from vendoreval.proposal.vendor import VendorProposal
from vendoreval.vocabulary import CHECKS

__all__ = [
    "CHECKS",
    "ClientReference",
    "CoachingProgram",
    "ContractTerms",
    "CoverageAnswer",
    "CrmAnswer",
    "DisasterRecovery",
    "LanguageStaff",
    "LocationAnswer",
    "PilotOutcome",
    "PricingAnswer",
    "Rating",
    "ReferenceOutcome",
    "ReferencesAnswer",
    "Reporting",
    "SecurityAnswer",
    "Site",
    "SocialAnswer",
    "StaffingAnswer",
    "VendorProposal",
]
