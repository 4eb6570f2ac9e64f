"""A vendor's proposal: one answer model per check, and the proposal that holds them.

These are data models only; each check's scorer lives in :mod:`vendoreval.checks`.
"""

from __future__ import annotations

from vendoreval.proposal.certificates import (
    QUALITY_MARKS,
    Certificate,
    CertificateRegister,
    CertificateScheme,
)
from vendoreval.proposal.coverage import CoverageAnswer
from vendoreval.proposal.crm import CrmAnswer
from vendoreval.proposal.korea import (
    AGENT_PROTECTION_MEASURES,
    MIS_SELLING_CONTROLS,
    AgentProtection,
    ContractForm,
    ContractType,
    DataEntrustment,
    EntrustmentTerm,
    OutboundControls,
    SiteOwner,
    SubProcessor,
    Wages,
    WorkDirection,
)
from vendoreval.proposal.location import LocationAnswer, Site
from vendoreval.proposal.pricing import PricingAnswer
from vendoreval.proposal.quality import AutoFailItem, QualityProgramme
from vendoreval.proposal.reference_checks import (
    REFERENCE_QUESTIONS,
    ReferenceCall,
    ReferenceChecks,
    ReferenceProfile,
    ReferenceQuestion,
)
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
    "AGENT_PROTECTION_MEASURES",
    "CHECKS",
    "MIS_SELLING_CONTROLS",
    "QUALITY_MARKS",
    "REFERENCE_QUESTIONS",
    "AgentProtection",
    "AutoFailItem",
    "Certificate",
    "CertificateRegister",
    "CertificateScheme",
    "ClientReference",
    "CoachingProgram",
    "ContractForm",
    "ContractTerms",
    "ContractType",
    "CoverageAnswer",
    "CrmAnswer",
    "DataEntrustment",
    "DisasterRecovery",
    "EntrustmentTerm",
    "LanguageStaff",
    "LocationAnswer",
    "OutboundControls",
    "PilotOutcome",
    "PricingAnswer",
    "QualityProgramme",
    "Rating",
    "ReferenceCall",
    "ReferenceChecks",
    "ReferenceOutcome",
    "ReferenceProfile",
    "ReferenceQuestion",
    "ReferencesAnswer",
    "Reporting",
    "SecurityAnswer",
    "Site",
    "SiteOwner",
    "SocialAnswer",
    "StaffingAnswer",
    "SubProcessor",
    "VendorProposal",
    "Wages",
    "WorkDirection",
]
