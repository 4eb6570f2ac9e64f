"""A vendor's proposal: its answers to the eight checks."""

from __future__ import annotations

from pydantic import Field

from vendoreval._model import Model
from vendoreval.errors import UnknownNameError
from vendoreval.pricing.sheet import PriceSheet
from vendoreval.proposal.coverage import CoverageAnswer
from vendoreval.proposal.crm import CrmAnswer
from vendoreval.proposal.location import LocationAnswer
from vendoreval.proposal.pricing import PricingAnswer
from vendoreval.proposal.references import ReferencesAnswer
from vendoreval.proposal.security import SecurityAnswer
from vendoreval.proposal.social import SocialAnswer
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.vocabulary import CHECKS

__all__ = ["VendorProposal"]


class VendorProposal(Model):
    """A vendor's answers to the eight checks.

    Every answer but pricing is optional: a missing answer is scored as "not answered" with
    a reason, not treated as an error.

    Parameters
    ----------
    name : str
        Vendor name, unique within an evaluation.
    coverage, references, staffing, crm, social, location, security : optional
        Answers to checks 1–7.
    pricing : PricingAnswer
        Answer to check 8: the price sheet.
    summary : str
        One-paragraph description of the vendor.
    """

    name: str = Field(min_length=1, max_length=200)
    summary: str = ""
    coverage: CoverageAnswer | None = None
    references: ReferencesAnswer | None = None
    staffing: StaffingAnswer | None = None
    crm: CrmAnswer | None = None
    social: SocialAnswer | None = None
    location: LocationAnswer | None = None
    security: SecurityAnswer | None = None
    pricing: PricingAnswer

    @property
    def sheet(self) -> PriceSheet:
        """The vendor's price sheet."""
        return self.pricing.sheet

    def answer(self, check: str) -> object | None:
        """The answer to ``check`` (one of :data:`CHECKS`); ``KeyError`` listing them if unknown."""
        if check not in CHECKS:
            raise UnknownNameError(f"unknown check {check!r}; the checks are: {', '.join(CHECKS)}")
        answer: object | None = getattr(self, check)
        return answer
