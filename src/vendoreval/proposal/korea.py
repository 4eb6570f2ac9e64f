"""Answers a Korean buyer needs: contract form, agent protection, personal data, wages, outbound.

Data only: they are scored by :mod:`vendoreval.checks.korea` under the staffing check
(:class:`ContractForm`, :class:`AgentProtection`, :class:`Wages`) and the security check
(:class:`DataEntrustment`, :class:`OutboundControls`). Each is an optional part of its check's
answer: a vendor that leaves it out is "not answered" on the sub-criteria that read it.

The laws behind the questions:

* 도급 and 파견 — 파견근로자 보호 등에 관한 법률 (파견법) 제5조–제7조; a contract for a
  service (도급) whose agents take instructions from the buyer is disguised dispatch
  (불법파견; 대법원 2015. 2. 26. 선고 2010다106436 판결).
* Agent protection — 산업안전보건법 제41조, 같은 법 시행령 제41조 and 시행규칙 제41조.
* Personal-data entrustment — 개인정보 보호법 제26조 and 시행령 제28조; ISMS-P 인증기준
  3.3.2; breach notice — 개인정보 보호법 제34조.
* Wages — 최저임금법 제6조; night (22:00–06:00) and holiday premiums — 근로기준법 제56조.
* Outbound — 두낫콜 (the financial sector's do-not-call register), 정보통신망법 제50조,
  금융소비자 보호법 제17조–제21조 (mis-selling, 불완전판매).

The models live in one module per topic — :mod:`~vendoreval.proposal.contract_form`,
:mod:`~vendoreval.proposal.agent_protection`, :mod:`~vendoreval.proposal.wages`,
:mod:`~vendoreval.proposal.entrustment` and :mod:`~vendoreval.proposal.outbound` — and are
importable from here too.
"""

from __future__ import annotations

from vendoreval.proposal.agent_protection import AGENT_PROTECTION_MEASURES, AgentProtection
from vendoreval.proposal.contract_form import ContractForm, ContractType, SiteOwner, WorkDirection
from vendoreval.proposal.entrustment import DataEntrustment, EntrustmentTerm, SubProcessor
from vendoreval.proposal.outbound import MIS_SELLING_CONTROLS, OutboundControls
from vendoreval.proposal.wages import Wages

__all__ = [
    "AGENT_PROTECTION_MEASURES",
    "MIS_SELLING_CONTROLS",
    "AgentProtection",
    "ContractForm",
    "ContractType",
    "DataEntrustment",
    "EntrustmentTerm",
    "OutboundControls",
    "SiteOwner",
    "SubProcessor",
    "Wages",
    "WorkDirection",
]
