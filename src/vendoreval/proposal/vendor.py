"""A vendor's proposal: its answers to the eight checks."""

from __future__ import annotations

from pydantic import Field

from vendoreval._model import Model
from vendoreval.contract.commitments import ServiceCredits
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
from vendoreval.proposal.terms import ContractTerms
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
    commitments : ServiceCredits, optional
        The service levels the vendor commits to and the credits (a pool of fees at risk, or
        monthly grades S–D) it owes when it misses them; None when it commits to nothing.
        The simulation staffs the vendor to its own ``service_level`` commitments and charges
        the credits month by month; the security check scores them against the buyer's
        targets.
    terms : ContractTerms, optional
        Transition, learning curve, renewal and early-exit terms; None for none.
    summary : str
        One-paragraph description of the vendor.
    """

    name: str = Field(
        min_length=1,
        max_length=200,
        description="the vendor's company name",
        json_schema_extra={"questionnaire": {"label": "Vendor name"}},
    )
    summary: str = Field(
        default="",
        description="one paragraph describing the vendor",
        json_schema_extra={"questionnaire": {"label": "Summary", "blank": ""}},
    )
    coverage: CoverageAnswer | None = Field(
        default=None,
        description="channels the vendor will staff for this account, the hours it covers "
        "and its capacity",
        json_schema_extra={
            "questionnaire": {
                "sheet": "Coverage",
                "title": "1 · Needs & coverage",
                "intro": (
                    "Channels you will staff for this account, the hours you "
                    "cover and your capacity."
                ),
            }
        },
    )
    references: ReferencesAnswer | None = Field(
        default=None,
        description="clients the buyer may call, and how the vendor would staff and train for "
        "the buyer",
        json_schema_extra={
            "questionnaire": {
                "sheet": "References",
                "title": "2 · References",
                "intro": (
                    "Clients the buyer may call, and how you would staff and train for the buyer."
                ),
            }
        },
    )
    staffing: StaffingAnswer | None = Field(
        default=None,
        description="who would answer the buyer's customers: languages, experience and "
        "quality program",
        json_schema_extra={
            "questionnaire": {"sheet": "Staffing", "title": "3 · Staffing & languages"}
        },
    )
    crm: CrmAnswer | None = Field(
        default=None,
        description="how interaction data reaches the buyer's CRM, how fast, and who owns it",
        json_schema_extra={"questionnaire": {"sheet": "CRM", "title": "4 · CRM integration"}},
    )
    social: SocialAnswer | None = Field(
        default=None,
        description="platforms the vendor serves, how fast it responds and when social care "
        "is staffed",
        json_schema_extra={
            "questionnaire": {
                "sheet": "Social",
                "title": "5 · Social-media support",
                "intro": (
                    "Platforms you serve, how fast you respond and when social care is staffed."
                ),
            }
        },
    )
    location: LocationAnswer | None = Field(
        default=None,
        description="sites that would serve the buyer, and where the buyer's customer data is "
        "stored",
        json_schema_extra={"questionnaire": {"sheet": "Location", "title": "6 · Location"}},
    )
    security: SecurityAnswer | None = Field(
        default=None,
        description="certifications, separation of client data, disaster recovery and reporting",
        json_schema_extra={
            "questionnaire": {
                "sheet": "Security",
                "title": "7 · Security, policies & disaster recovery",
            }
        },
    )
    pricing: PricingAnswer = Field(
        description="the price sheet: how contacts are measured and billed, rates, fees, "
        "tiers and surcharges",
        json_schema_extra={
            "questionnaire": {
                "sheet": "Pricing",
                "title": "8 · Pricing & billing",
                "intro": (
                    "Your price sheet: how calls are measured and billed, rates, "
                    "fees, tiers, surcharges."
                ),
            }
        },
    )

    commitments: ServiceCredits | None = Field(
        default=None,
        description="the service levels you commit to and the credits you owe when you miss "
        "them: a share of the month's fees at risk, or monthly grades S–D",
        json_schema_extra={
            "questionnaire": {
                "sheet": "Commitments",
                "title": "Service commitments & credits",
                "intro": (
                    "The service levels you commit to, and the credits you owe when you miss "
                    "them: a share of the month's fees at risk, or monthly grades (S–D) that "
                    "adjust the fee."
                ),
            }
        },
    )
    terms: ContractTerms | None = Field(
        default=None,
        description="transition, learning curve, renewal and early exit",
        json_schema_extra={
            "questionnaire": {
                "sheet": "Terms",
                "title": "Contract terms: transition, renewal and exit",
                "intro": (
                    "How the contract starts (transition fee, double running, learning "
                    "curve), renews and ends."
                ),
            }
        },
    )

    @property
    def contract_terms(self) -> ContractTerms:
        """:attr:`terms`, or the defaults (no transition, no learning curve) when None."""
        return self.terms if self.terms is not None else ContractTerms()

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
