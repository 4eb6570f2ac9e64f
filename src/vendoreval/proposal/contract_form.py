"""The contract form a Korean buyer asks about: subcontract (도급) or dispatch (파견), and who
directs the agents.

Data only, scored by :mod:`vendoreval.checks.korea` under the staffing check. The law behind
the questions: 파견근로자 보호 등에 관한 법률 (파견법) 제5조–제7조; a contract for a service
(도급) whose agents take instructions from the buyer is disguised dispatch (불법파견; 대법원
2015. 2. 26. 선고 2010다106436 판결).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from vendoreval._model import Model
from vendoreval.proposal._fields import yes_no

__all__ = ["ContractForm", "ContractType", "SiteOwner", "WorkDirection"]


class ContractType(StrEnum):
    """The legal form of the contract.

    ``subcontract`` (도급): the vendor delivers a defined service and alone directs its
    agents. ``dispatch`` (파견): a licensed agency places agents who work under the buyer's
    direction (파견법; at most two years for the same agent, 제6조).
    """

    SUBCONTRACT = "subcontract"
    DISPATCH = "dispatch"


class WorkDirection(StrEnum):
    """Who gives the agents their work instructions.

    ``vendor``: only the vendor's own supervisors. ``through_vendor``: the buyer gives its
    requirements to the vendor's on-site manager (현장대리인), who instructs the agents.
    ``buyer``: the buyer's staff instruct the agents directly.
    """

    VENDOR = "vendor"
    THROUGH_VENDOR = "through_vendor"
    BUYER = "buyer"


class SiteOwner(StrEnum):
    """Whose premises the agents work on: the ``vendor``'s centre or the ``buyer``'s."""

    VENDOR = "vendor"
    BUYER = "buyer"


class ContractForm(Model):
    """The contract form and who directs the agents (도급 or 파견).

    Parameters
    ----------
    form : ContractType
        ``subcontract`` (도급) or ``dispatch`` (파견).
    direction : WorkDirection
        Who instructs the agents day to day.
    site : SiteOwner
        Whose premises the agents work on.
    vendor_decides_staffing : bool
        The vendor alone decides the agents' selection, head-count, training, shifts,
        breaks, leave and appraisal (the third test of 대법원 2010다106436).
    dispatch_licence : bool
        The vendor holds a temporary-work agency licence (근로자파견사업 허가, 파견법 제7조).
    """

    form: ContractType = Field(
        description="legal form of the contract: subcontract (도급, the vendor directs its "
        "agents) or dispatch (파견, agents work under the buyer's direction)",
        json_schema_extra={
            "questionnaire": {
                "label": "Contract form (도급 or 파견)",
                "ko": {
                    "label": "계약 형태 (도급 또는 파견)",
                    "description": "계약의 법적 형태: subcontract(도급, 수급인이 상담사를 "
                    "지휘) 또는 dispatch(파견, 상담사가 발주사의 지휘를 받음)",
                },
            }
        },
    )
    direction: WorkDirection = Field(
        description="who gives the agents their work instructions: vendor (only the vendor's "
        "supervisors), through_vendor (the buyer tells the vendor's on-site manager), buyer "
        "(the buyer's staff instruct the agents directly)",
        json_schema_extra={
            "questionnaire": {
                "label": "Who instructs the agents",
                "ko": {
                    "label": "상담사에 대한 업무 지시 주체",
                    "description": "상담사에게 업무를 지시하는 사람: vendor(수급인의 관리자만), "
                    "through_vendor(발주사가 수급인의 현장대리인에게 요청), buyer(발주사 "
                    "직원이 상담사에게 직접 지시)",
                },
            }
        },
    )
    site: SiteOwner = Field(
        description="whose premises the agents work on: the vendor's centre or the buyer's",
        json_schema_extra={
            "questionnaire": {
                "label": "Agents work at (vendor's or buyer's site)",
                "ko": {
                    "label": "근무 장소 (수급인 또는 발주사 사업장)",
                    "description": "상담사가 근무하는 장소: vendor(수급인의 센터) 또는 "
                    "buyer(발주사 사업장)",
                },
            }
        },
    )
    vendor_decides_staffing: bool = yes_no(
        "Vendor alone decides hiring, shifts, leave and appraisal",
        "채용·인원·교육·근무시간·휴가·평가를 수급인이 독자 결정",
        "the vendor alone decides its agents' selection, head-count, training, "
        "shifts, breaks, leave and appraisal",
        "상담사의 선발, 인원, 교육, 근무·휴게시간, 휴가, 근태 평가를 수급인이 독자적으로 결정함",
    )
    dispatch_licence: bool = yes_no(
        "Temporary-work agency licence (근로자파견사업 허가)",
        "근로자파견사업 허가 보유",
        "the vendor holds a temporary-work agency licence (근로자파견사업 허가)",
        "수급인이 파견법 제7조의 근로자파견사업 허가를 받았음",
    )
