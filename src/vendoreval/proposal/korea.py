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
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, StrictFloat, StrictInt, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError
from vendoreval.vocabulary import CountryCode, Share

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

_Count = Annotated[StrictInt, Field(ge=0)]
_Premium = Annotated[StrictFloat | StrictInt, Field(ge=0, le=10, allow_inf_nan=False)]


# ----------------------------------------------------------------------------- contract form


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
    vendor_decides_staffing: bool = Field(
        default=False,
        description="the vendor alone decides its agents' selection, head-count, training, "
        "shifts, breaks, leave and appraisal",
        json_schema_extra={
            "questionnaire": {
                "label": "Vendor alone decides hiring, shifts, leave and appraisal",
                "ko": {
                    "label": "채용·인원·교육·근무시간·휴가·평가를 수급인이 독자 결정",
                    "description": "상담사의 선발, 인원, 교육, 근무·휴게시간, 휴가, 근태 "
                    "평가를 수급인이 독자적으로 결정함",
                },
            }
        },
    )
    dispatch_licence: bool = Field(
        default=False,
        description="the vendor holds a temporary-work agency licence (근로자파견사업 허가)",
        json_schema_extra={
            "questionnaire": {
                "label": "Temporary-work agency licence (근로자파견사업 허가)",
                "ko": {
                    "label": "근로자파견사업 허가 보유",
                    "description": "수급인이 파견법 제7조의 근로자파견사업 허가를 받았음",
                },
            }
        },
    )


# ----------------------------------------------------------------------------- agent protection

AGENT_PROTECTION_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("caller_notice", "a notice asking callers not to abuse agents", "시행규칙 제41조 제1호"),
    ("response_manual", "a manual for handling abusive customers", "시행규칙 제41조 제2호"),
    ("manual_training", "training on the manual and on preventing harm", "시행규칙 제41조 제3호"),
    ("right_to_end_calls", "the right to end or hand over abusive contacts", "시행령 제41조 제1호"),
    ("extra_breaks", "extra breaks after an abusive contact", "시행령 제41조 제2호"),
    ("counselling", "treatment and counselling", "시행령 제41조 제3호"),
    ("legal_support", "support for complaints and claims against abusers", "시행령 제41조 제4호"),
)
"""The statutory measures for agents facing abuse (field, what it is, where the law asks for
it): 산업안전보건법 제41조 with 시행규칙 제41조 (prevention) and 시행령 제41조 (after abuse)."""


def _protection_field(label: str, label_ko: str, description: str, description_ko: str) -> Any:
    return Field(
        default=False,
        description=description,
        json_schema_extra={
            "questionnaire": {
                "label": label,
                "ko": {"label": label_ko, "description": description_ko},
            }
        },
    )


class AgentProtection(Model):
    """Protection of agents from abusive customers (산업안전보건법 제41조), and its record.

    Parameters
    ----------
    caller_notice, response_manual, manual_training : bool
        The preventive measures of 시행규칙 제41조: a notice (posted or played to callers)
        asking not to abuse agents, a written manual for handling abusive customers, and
        training on it.
    right_to_end_calls, extra_breaks, counselling, legal_support : bool
        The measures of 시행령 제41조 once abuse happens: ending or handing over the contact,
        longer breaks, treatment and counselling, support for complaints or claims.
    incident_log : bool
        Every abusive contact is recorded with the follow-up given.
    incidents_last_year : int, optional
        Abusive contacts recorded in the last 12 months [incidents].
    incidents_followed_up : int, optional
        Of those, contacts after which the agent was offered the measures of 시행령 제41조
        [incidents].
    """

    caller_notice: bool = _protection_field(
        "Callers told not to abuse agents (notice or recorded message)",
        "폭언 금지 요청 문구 게시 또는 음성 안내",
        "a notice posted or a recorded message played to callers asking them not to abuse "
        "agents (시행규칙 제41조 제1호)",
        "고객에게 폭언등을 하지 않도록 요청하는 문구 게시 또는 음성 안내 (시행규칙 제41조 제1호)",
    )
    response_manual: bool = _protection_field(
        "Manual for handling abusive customers",
        "고객응대업무 매뉴얼",
        "a written manual on handling abusive customers (시행규칙 제41조 제2호)",
        "고객과의 문제 상황 발생 시 대처방법을 포함한 고객응대업무 매뉴얼 (시행규칙 제41조 제2호)",
    )
    manual_training: bool = _protection_field(
        "Agents trained on the manual",
        "매뉴얼 및 건강장해 예방 교육",
        "agents are trained on the manual and on preventing harm (시행규칙 제41조 제3호)",
        "고객응대업무 매뉴얼과 건강장해 예방 관련 교육 실시 (시행규칙 제41조 제3호)",
    )
    right_to_end_calls: bool = _protection_field(
        "Agents may end or hand over an abusive contact",
        "폭언 시 응대 중단·전환 권리",
        "an agent facing abuse may end the contact or hand it over (시행령 제41조 제1호)",
        "폭언등을 당한 상담사가 응대를 중단하거나 업무를 전환할 수 있음 (시행령 제41조 제1호)",
    )
    extra_breaks: bool = _protection_field(
        "Extra break after an abusive contact",
        "폭언 후 휴게시간 연장",
        "a longer break after an abusive contact (시행령 제41조 제2호)",
        "폭언등을 당한 상담사에게 휴게시간 연장 (시행령 제41조 제2호)",
    )
    counselling: bool = _protection_field(
        "Treatment and counselling offered",
        "치료 및 상담 지원",
        "treatment and counselling for agents harmed by abuse (시행령 제41조 제3호)",
        "폭언등으로 인한 건강장해 치료 및 상담 지원 (시행령 제41조 제3호)",
    )
    legal_support: bool = _protection_field(
        "Support for complaints and claims against abusers",
        "고소·고발·손해배상 청구 지원",
        "support (evidence, filings) for complaints or damage claims against abusive "
        "customers (시행령 제41조 제4호)",
        "증거물 제출 등 고소·고발·손해배상 청구에 필요한 지원 (시행령 제41조 제4호)",
    )
    incident_log: bool = _protection_field(
        "Abusive contacts recorded with their follow-up",
        "폭언 사례와 사후 조치 기록",
        "every abusive contact is recorded with the follow-up given to the agent",
        "폭언등 발생 건과 상담사에 대한 사후 조치를 건별로 기록함",
    )
    incidents_last_year: _Count | None = Field(
        default=None,
        description="abusive contacts recorded in the last 12 months [incidents]",
        json_schema_extra={
            "questionnaire": {
                "label": "Abusive contacts recorded in the last 12 months",
                "blank": "blank = not stated",
                "ko": {
                    "label": "최근 12개월 폭언등 기록 건수",
                    "description": "최근 12개월 동안 기록된 폭언등 건수 [건]",
                },
            }
        },
    )
    incidents_followed_up: _Count | None = Field(
        default=None,
        description="of those, contacts after which the agent was offered the statutory "
        "follow-up (break, counselling, legal support) [incidents]",
        json_schema_extra={
            "questionnaire": {
                "label": "Of those, followed up with the statutory measures",
                "blank": "blank = not stated",
                "ko": {
                    "label": "그중 법정 사후 조치를 한 건수",
                    "description": "그중 상담사에게 휴게·상담·법률 지원 등 사후 조치를 한 "
                    "건수 [건]",
                },
            }
        },
    )

    @model_validator(mode="after")
    def _followed_up_within_recorded(self) -> Self:
        if self.incidents_followed_up is not None:
            if self.incidents_last_year is None:
                raise ArgumentError(
                    "incidents_followed_up is given without incidents_last_year: state the "
                    "abusive contacts recorded too"
                )
            if self.incidents_followed_up > self.incidents_last_year:
                raise ArgumentError(
                    f"incidents_followed_up ({self.incidents_followed_up}) exceeds "
                    f"incidents_last_year ({self.incidents_last_year})"
                )
        return self

    @property
    def measures_in_place(self) -> tuple[str, ...]:
        """Fields of :data:`AGENT_PROTECTION_MEASURES` that are in place."""
        return tuple(name for name, _, _ in AGENT_PROTECTION_MEASURES if getattr(self, name))


# ----------------------------------------------------------------------------- wages


class Wages(Model):
    """What the agents are paid, and how much of the fee reaches them.

    Parameters
    ----------
    agent_monthly_pay_krw : Decimal
        Lowest monthly pay of a full-time agent that counts toward the minimum wage
        (최저임금 산입임금: base pay and fixed monthly allowances) [KRW/month].
    paid_hours_per_month : float
        Paid hours that pay covers, weekly paid rest included (소정근로시간 + 주휴시간;
        40 h a week is 209 h a month) [h/month].
    direct_labour_share : float, optional
        Share of the monthly fee paid out as the agents' direct labour cost (직접노무비),
        0–1.
    night_premium : float, optional
        Premium on pay for work between 22:00 and 06:00: 0.5 for +50% [-].
    holiday_premium : float, optional
        Premium on pay for work on holidays (first 8 hours): 0.5 for +50% [-].
    premiums_in_per_head_price : bool
        The per-head prices (per agent hour or per full-time agent a month) already include
        the night and holiday premiums the buyer's hours need.
    """

    agent_monthly_pay_krw: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)] = Field(
        description="lowest monthly pay of a full-time agent counted toward the minimum wage "
        "(base pay and fixed monthly allowances) [KRW/month]",
        json_schema_extra={
            "questionnaire": {
                "label": "Lowest monthly pay of a full-time agent (KRW)",
                "ko": {
                    "label": "전일제 상담사 최저 월 임금 (원)",
                    "description": "최저임금에 산입되는 전일제 상담사의 가장 낮은 월 임금"
                    "(기본급과 매월 고정 수당) [원/월]",
                },
            }
        },
    )
    paid_hours_per_month: Annotated[StrictFloat | StrictInt, Field(gt=0, le=744)] = Field(
        default=209,
        description="paid hours that pay covers, paid weekly rest included (209 for 40 h a "
        "week) [h/month]",
        json_schema_extra={
            "questionnaire": {
                "label": "Paid hours the monthly pay covers",
                "ko": {
                    "label": "월 임금에 해당하는 유급 근로시간",
                    "description": "월 임금이 대상으로 하는 유급 시간, 주휴시간 포함 "
                    "(주 40시간이면 209) [시간/월]",
                },
            }
        },
    )
    direct_labour_share: Share | None = Field(
        default=None,
        description="share of the monthly fee paid out as the agents' direct labour cost",
        json_schema_extra={
            "questionnaire": {
                "label": "Direct labour share of the fee",
                "blank": "blank = not stated",
                "ko": {
                    "label": "월 용역비 중 직접노무비 비율",
                    "description": "월 청구액 가운데 상담사 직접노무비로 지급되는 비율",
                },
            }
        },
    )
    night_premium: _Premium | None = Field(
        default=None,
        description="premium on pay for work between 22:00 and 06:00: 0.5 for +50%",
        json_schema_extra={
            "questionnaire": {
                "label": "Night-work premium (22:00–06:00)",
                "blank": "blank = not stated",
                "ko": {
                    "label": "야간근로 가산율 (22:00–06:00)",
                    "description": "22시부터 06시 사이 근로에 대한 가산율: 50% 가산이면 0.5",
                },
            }
        },
    )
    holiday_premium: _Premium | None = Field(
        default=None,
        description="premium on pay for holiday work (first 8 hours): 0.5 for +50%",
        json_schema_extra={
            "questionnaire": {
                "label": "Holiday-work premium",
                "blank": "blank = not stated",
                "ko": {
                    "label": "휴일근로 가산율",
                    "description": "휴일근로(8시간 이내)에 대한 가산율: 50% 가산이면 0.5",
                },
            }
        },
    )
    premiums_in_per_head_price: bool = Field(
        default=False,
        description="the per-head prices (per agent hour or full-time agent) include the "
        "night and holiday premiums the buyer's hours need",
        json_schema_extra={
            "questionnaire": {
                "label": "Night and holiday premiums included in per-head prices",
                "ko": {
                    "label": "인당 단가에 야간·휴일 가산수당 포함",
                    "description": "인당 단가(상담사 시간당 또는 월 인건비 단가)에 발주사 "
                    "운영시간에 필요한 야간·휴일 가산수당이 포함됨",
                },
            }
        },
    )

    @property
    def hourly_pay_krw(self) -> Decimal:
        """Monthly pay ÷ paid hours [KRW/h] (not rounded)."""
        return self.agent_monthly_pay_krw / Decimal(str(self.paid_hours_per_month))


# ----------------------------------------------------------------------------- personal data


class EntrustmentTerm(StrEnum):
    """Terms a written personal-data entrustment contract must hold.

    개인정보 보호법 제26조 제1항: ``purpose_limitation`` (no processing beyond the entrusted
    work, 제1호), ``safeguards`` (technical and organisational safeguards, 제2호); 시행령
    제28조 제1항: ``scope`` (purpose and scope of the work, 제1호), ``subcontracting_limits``
    (limits on re-entrustment, 제2호), ``access_control`` (access restriction and other
    safety measures, 제3호), ``supervision`` (inspection of how the data is held, 제4호),
    ``liability`` (liability for breaches of the processor's duties, 제5호).
    """

    PURPOSE_LIMITATION = "purpose_limitation"
    SAFEGUARDS = "safeguards"
    SCOPE = "scope"
    SUBCONTRACTING_LIMITS = "subcontracting_limits"
    ACCESS_CONTROL = "access_control"
    SUPERVISION = "supervision"
    LIABILITY = "liability"


class SubProcessor(Model):
    """A third party the vendor would pass the buyer's personal data to (재수탁자).

    Parameters
    ----------
    name : str
        Legal name.
    task : str
        What it does with the data (recording storage, speech analytics, SMS…).
    country : str
        Where it processes the data (ISO 3166 alpha-2).
    """

    name: str = Field(
        min_length=1,
        description="legal name of the sub-processor",
        json_schema_extra={
            "questionnaire": {"label": "Sub-processor", "ko": {"label": "재수탁자"}}
        },
    )
    task: str = Field(
        min_length=1,
        description="what it does with the data: recording storage, speech analytics, SMS…",
        json_schema_extra={
            "questionnaire": {
                "label": "Task",
                "width": 28,
                "ko": {
                    "label": "재위탁 업무",
                    "description": "재위탁하는 업무: 녹취 보관, 음성 분석, 문자 발송 등",
                },
            }
        },
    )
    country: CountryCode = Field(
        description="country where it processes the data, ISO 3166 code: KR, US…",
        json_schema_extra={
            "questionnaire": {
                "label": "Country",
                "width": 10,
                "ko": {
                    "label": "처리 국가",
                    "description": "개인정보를 처리하는 국가, ISO 3166 코드: KR, US 등",
                },
            }
        },
    )


class DataEntrustment(Model):
    """How the vendor would process the buyer's customers' personal data (개인정보 처리위탁).

    Parameters
    ----------
    processor : str
        Legal entity that would process the data (수탁자), to be disclosed by the buyer
        (개인정보 보호법 제26조 제2항).
    agreement_terms : tuple of EntrustmentTerm
        Terms the vendor's entrustment contract holds (제26조 제1항, 시행령 제28조 제1항).
    subprocessors : tuple of SubProcessor
        Every third party the data would go to (재수탁자).
    subprocessors_complete : bool
        The vendor confirms the list names every sub-processor.
    subprocessing_with_consent : bool
        The vendor re-entrusts work only with the buyer's prior consent (제26조 제6항).
    audit_right : bool
        The buyer may inspect and audit the processing (제26조 제4항).
    privacy_training : bool
        Staff who handle the data are trained on its protection at least once a year.
    recording_retention_days : int, optional
        How long call recordings are kept [days].
    automatic_deletion : bool
        Recordings are deleted automatically when the retention period ends.
    deletion_after_end_days : int, optional
        Days after the contract ends within which the data is returned or destroyed [days].
    deletion_certificate : bool
        The vendor issues a certificate of destruction (파기 확인서).
    breach_notice_hours : float, optional
        Hours after detecting a personal-data breach within which the vendor notifies the
        buyer [h] (the buyer itself must notify within 72 h, 제34조).
    """

    processor: str = Field(
        min_length=1,
        description="legal entity that would process the buyer's personal data (수탁자)",
        json_schema_extra={
            "questionnaire": {
                "label": "Processor of the personal data (수탁자)",
                "ko": {
                    "label": "개인정보 수탁자 (법인명)",
                    "description": "발주사 고객의 개인정보를 처리할 법인 (수탁자)",
                },
            }
        },
    )
    agreement_terms: tuple[EntrustmentTerm, ...] = Field(
        default=(),
        description="terms the written entrustment contract holds: purpose_limitation, "
        "safeguards (개인정보 보호법 제26조 제1항), scope, subcontracting_limits, "
        "access_control, supervision, liability (시행령 제28조 제1항)",
        json_schema_extra={
            "questionnaire": {
                "label": "Terms of the entrustment contract",
                "ko": {
                    "label": "위탁계약서에 포함된 사항",
                    "description": "위탁계약서(문서)에 포함된 사항: purpose_limitation(목적 외 "
                    "처리 금지), safeguards(기술적·관리적 보호조치), scope(위탁업무의 목적·"
                    "범위), subcontracting_limits(재위탁 제한), access_control(접근 제한 등 "
                    "안전성 확보조치), supervision(관리 현황 점검 등 감독), liability(손해배상 "
                    "등 책임)",
                },
            }
        },
    )
    subprocessors: tuple[SubProcessor, ...] = Field(
        default=(),
        description="every third party the buyer's personal data would go to (재수탁자)",
        json_schema_extra={
            "questionnaire": {
                "label": "Sub-processors (재수탁자)",
                "table": "Sub-processors (재수탁자) — one per row",
                "rows": 4,
                "ko": {
                    "label": "재수탁자",
                    "table": "재수탁자 — 한 행에 하나",
                    "description": "발주사 고객의 개인정보가 전달되는 모든 제3자 (재수탁자)",
                },
            }
        },
    )
    subprocessors_complete: bool = Field(
        default=False,
        description="the list of sub-processors is complete (none is left out)",
        json_schema_extra={
            "questionnaire": {
                "label": "The sub-processor list is complete",
                "ko": {
                    "label": "재수탁자 목록이 빠짐없음",
                    "description": "재수탁자 목록에 빠진 곳이 없음을 확인함",
                },
            }
        },
    )
    subprocessing_with_consent: bool = Field(
        default=False,
        description="work is re-entrusted only with the buyer's prior consent "
        "(개인정보 보호법 제26조 제6항)",
        json_schema_extra={
            "questionnaire": {
                "label": "Re-entrusts only with the buyer's consent",
                "ko": {
                    "label": "재위탁은 발주사 동의를 받은 경우에만",
                    "description": "발주사(위탁자)의 사전 동의를 받은 경우에만 재위탁함 "
                    "(개인정보 보호법 제26조 제6항)",
                },
            }
        },
    )
    audit_right: bool = Field(
        default=False,
        description="the buyer may inspect and audit the processing, on site included "
        "(개인정보 보호법 제26조 제4항)",
        json_schema_extra={
            "questionnaire": {
                "label": "Buyer may audit the processing",
                "ko": {
                    "label": "발주사의 처리 현황 점검·감사 권한",
                    "description": "발주사가 현장 점검을 포함하여 개인정보 처리 현황을 점검·"
                    "감독할 수 있음 (개인정보 보호법 제26조 제4항)",
                },
            }
        },
    )
    privacy_training: bool = Field(
        default=False,
        description="staff who handle the data are trained on its protection at least yearly",
        json_schema_extra={
            "questionnaire": {
                "label": "Yearly personal-data training of the staff",
                "ko": {
                    "label": "개인정보 취급자 연 1회 이상 교육",
                    "description": "개인정보를 취급하는 직원에게 연 1회 이상 개인정보 보호 "
                    "교육을 실시함",
                },
            }
        },
    )
    recording_retention_days: _Count | None = Field(
        default=None,
        description="how long call recordings are kept [days]",
        json_schema_extra={
            "questionnaire": {
                "label": "Call recordings kept for",
                "blank": "blank = not stated",
                "ko": {"label": "통화 녹취 보관 기간", "description": "통화 녹취 보관 기간 [일]"},
            }
        },
    )
    automatic_deletion: bool = Field(
        default=False,
        description="recordings are deleted automatically when the retention period ends",
        json_schema_extra={
            "questionnaire": {
                "label": "Recordings deleted automatically after that",
                "ko": {
                    "label": "보관 기간 경과 시 녹취 자동 파기",
                    "description": "보관 기간이 끝나면 녹취를 자동으로 파기함",
                },
            }
        },
    )
    deletion_after_end_days: _Count | None = Field(
        default=None,
        description="days after the contract ends within which the data is returned or "
        "destroyed [days]",
        json_schema_extra={
            "questionnaire": {
                "label": "Data returned or destroyed within (after the contract ends)",
                "blank": "blank = not stated",
                "ko": {
                    "label": "계약 종료 후 반환·파기 기한",
                    "description": "계약 종료 후 개인정보를 반환 또는 파기하는 기한 [일]",
                },
            }
        },
    )
    deletion_certificate: bool = Field(
        default=False,
        description="the vendor issues a certificate of destruction (파기 확인서)",
        json_schema_extra={
            "questionnaire": {
                "label": "Certificate of destruction issued",
                "ko": {
                    "label": "파기 확인서 제출",
                    "description": "개인정보 파기 후 파기 확인서를 제출함",
                },
            }
        },
    )
    breach_notice_hours: (
        Annotated[StrictFloat | StrictInt, Field(ge=0, allow_inf_nan=False)] | None
    ) = Field(
        default=None,
        description="hours after detecting a personal-data breach within which the buyer is "
        "told [h]",
        json_schema_extra={
            "questionnaire": {
                "label": "Buyer told of a data breach within",
                "blank": "blank = not stated",
                "ko": {
                    "label": "개인정보 유출 시 발주사 통지 기한",
                    "description": "개인정보 유출 등을 알게 된 때부터 발주사에 통지하기까지 "
                    "걸리는 최대 시간 [시간]",
                },
            }
        },
    )


# ----------------------------------------------------------------------------- outbound

MIS_SELLING_CONTROLS: tuple[tuple[str, str], ...] = (
    ("sales_calls_recorded", "every sales call recorded"),
    ("script_checks", "sales calls checked against the disclosure script"),
    ("verification_call", "a verification call after each sale"),
    ("withdrawal_notice", "customers told of their right to withdraw"),
    ("commission_clawback", "commissions clawed back on mis-sold sales"),
)
"""Controls against mis-selling (불완전판매) on outbound sales (field, what it is)."""


class OutboundControls(Model):
    """Controls on outbound calls: the do-not-call register and mis-selling.

    Parameters
    ----------
    outbound_in_scope : bool
        The proposal includes outbound calls or telemarketing for the buyer; when False the
        other answers are not scored.
    do_not_call_screening : bool
        Every calling list is screened against 두낫콜 (the financial sector's do-not-call
        register) and the buyer's own opt-out list before dialling.
    screening_max_age_days : int, optional
        Oldest screening allowed when a number is dialled [days].
    calling_hours_respected : bool
        No promotional calls between 21:00 and 08:00 without the customer's separate
        consent (정보통신망법 제50조 제3항).
    sales_calls_recorded, script_checks, verification_call, withdrawal_notice,
    commission_clawback : bool
        Controls against mis-selling (불완전판매): recording, script compliance checks, a
        verification call (해피콜), telling customers of their right to withdraw
        (청약철회), and clawing back commissions on mis-sold sales.
    """

    outbound_in_scope: bool = Field(
        default=False,
        description="the proposal includes outbound calls or telemarketing for the buyer",
        json_schema_extra={
            "questionnaire": {
                "label": "Outbound calls in this proposal",
                "ko": {
                    "label": "아웃바운드(텔레마케팅) 업무 포함",
                    "description": "이 제안에 발주사를 위한 아웃바운드 콜 또는 텔레마케팅이 포함됨",
                },
            }
        },
    )
    do_not_call_screening: bool = Field(
        default=False,
        description="every calling list is screened against 두낫콜 and the buyer's opt-out "
        "list before dialling",
        json_schema_extra={
            "questionnaire": {
                "label": "Lists screened against 두낫콜 and opt-outs",
                "ko": {
                    "label": "두낫콜·수신거부 목록 대조 후 발신",
                    "description": "발신 전에 모든 대상 목록을 두낫콜(연락중지청구)과 발주사의 "
                    "수신거부 목록과 대조함",
                },
            }
        },
    )
    screening_max_age_days: _Count | None = Field(
        default=None,
        description="oldest do-not-call screening allowed when a number is dialled [days]",
        json_schema_extra={
            "questionnaire": {
                "label": "Screening at most this old when dialling",
                "blank": "blank = not stated",
                "ko": {
                    "label": "발신 시점 대조 결과의 최대 경과 일수",
                    "description": "발신할 때 허용되는 두낫콜 대조 결과의 최대 경과 일수 [일]",
                },
            }
        },
    )
    calling_hours_respected: bool = Field(
        default=False,
        description="no promotional calls from 21:00 to 08:00 without separate consent "
        "(정보통신망법 제50조 제3항)",
        json_schema_extra={
            "questionnaire": {
                "label": "No promotional calls 21:00–08:00 without consent",
                "ko": {
                    "label": "별도 동의 없이 21시–08시 광고 전화 금지",
                    "description": "별도 동의 없이 오후 9시부터 오전 8시까지 영리 목적 광고 "
                    "전화를 하지 않음 (정보통신망법 제50조 제3항)",
                },
            }
        },
    )
    sales_calls_recorded: bool = Field(
        default=False,
        description="every sales call is recorded and kept",
        json_schema_extra={
            "questionnaire": {
                "label": "Every sales call recorded",
                "ko": {
                    "label": "판매 통화 전건 녹취",
                    "description": "모든 판매 통화를 녹취·보관함",
                },
            }
        },
    )
    script_checks: bool = Field(
        default=False,
        description="sales calls are checked against the mandatory-disclosure script",
        json_schema_extra={
            "questionnaire": {
                "label": "Sales calls checked against the disclosure script",
                "ko": {
                    "label": "필수 설명 스크립트 준수 점검",
                    "description": "판매 통화가 필수 설명 스크립트를 지켰는지 점검함",
                },
            }
        },
    )
    verification_call: bool = Field(
        default=False,
        description="a verification call after each sale (해피콜)",
        json_schema_extra={
            "questionnaire": {
                "label": "Verification call after each sale",
                "ko": {
                    "label": "판매 후 해피콜(완전판매 모니터링)",
                    "description": "판매 후 고객에게 확인 전화(해피콜)를 함",
                },
            }
        },
    )
    withdrawal_notice: bool = Field(
        default=False,
        description="customers are told of their right to withdraw (청약철회)",
        json_schema_extra={
            "questionnaire": {
                "label": "Customers told of their right to withdraw",
                "ko": {
                    "label": "청약철회 권리 안내",
                    "description": "고객에게 청약철회 권리를 안내함",
                },
            }
        },
    )
    commission_clawback: bool = Field(
        default=False,
        description="sales commissions are clawed back on mis-sold sales",
        json_schema_extra={
            "questionnaire": {
                "label": "Commissions clawed back on mis-sold sales",
                "ko": {
                    "label": "불완전판매 시 판매 수당 환수",
                    "description": "불완전판매로 확인된 건의 판매 수당을 환수함",
                },
            }
        },
    )
