"""How a vendor would process the buyer's customers' personal data (개인정보 처리위탁).

Data only, scored by :mod:`vendoreval.checks.korea` under the security check. The law behind
the questions: 개인정보 보호법 제26조 and 시행령 제28조; ISMS-P 인증기준 3.3.2; breach
notice — 개인정보 보호법 제34조.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictFloat, StrictInt

from vendoreval._model import Model
from vendoreval.proposal._fields import not_stated, yes_no
from vendoreval.vocabulary import CountryCode, NonNegativeInt

__all__ = ["DataEntrustment", "EntrustmentTerm", "SubProcessor"]

_Hours = Annotated[StrictFloat | StrictInt, Field(ge=0, allow_inf_nan=False)]


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
    subprocessors_complete: bool = yes_no(
        "The sub-processor list is complete",
        "재수탁자 목록이 빠짐없음",
        "the list of sub-processors is complete (none is left out)",
        "재수탁자 목록에 빠진 곳이 없음을 확인함",
    )
    subprocessing_with_consent: bool = yes_no(
        "Re-entrusts only with the buyer's consent",
        "재위탁은 발주사 동의를 받은 경우에만",
        "work is re-entrusted only with the buyer's prior consent (개인정보 보호법 제26조 제6항)",
        "발주사(위탁자)의 사전 동의를 받은 경우에만 재위탁함 (개인정보 보호법 제26조 제6항)",
    )
    audit_right: bool = yes_no(
        "Buyer may audit the processing",
        "발주사의 처리 현황 점검·감사 권한",
        "the buyer may inspect and audit the processing, on site included "
        "(개인정보 보호법 제26조 제4항)",
        "발주사가 현장 점검을 포함하여 개인정보 처리 현황을 점검·"
        "감독할 수 있음 (개인정보 보호법 제26조 제4항)",
    )
    privacy_training: bool = yes_no(
        "Yearly personal-data training of the staff",
        "개인정보 취급자 연 1회 이상 교육",
        "staff who handle the data are trained on its protection at least yearly",
        "개인정보를 취급하는 직원에게 연 1회 이상 개인정보 보호 교육을 실시함",
    )
    recording_retention_days: NonNegativeInt | None = not_stated(
        "Call recordings kept for",
        "통화 녹취 보관 기간",
        "how long call recordings are kept [days]",
        "통화 녹취 보관 기간 [일]",
    )
    automatic_deletion: bool = yes_no(
        "Recordings deleted automatically after that",
        "보관 기간 경과 시 녹취 자동 파기",
        "recordings are deleted automatically when the retention period ends",
        "보관 기간이 끝나면 녹취를 자동으로 파기함",
    )
    deletion_after_end_days: NonNegativeInt | None = not_stated(
        "Data returned or destroyed within (after the contract ends)",
        "계약 종료 후 반환·파기 기한",
        "days after the contract ends within which the data is returned or destroyed [days]",
        "계약 종료 후 개인정보를 반환 또는 파기하는 기한 [일]",
    )
    deletion_certificate: bool = yes_no(
        "Certificate of destruction issued",
        "파기 확인서 제출",
        "the vendor issues a certificate of destruction (파기 확인서)",
        "개인정보 파기 후 파기 확인서를 제출함",
    )
    breach_notice_hours: (
        Annotated[StrictFloat | StrictInt, Field(ge=0, allow_inf_nan=False)] | None
    ) = not_stated(
        "Buyer told of a data breach within",
        "개인정보 유출 시 발주사 통지 기한",
        "hours after detecting a personal-data breach within which the buyer is told [h]",
        "개인정보 유출 등을 알게 된 때부터 발주사에 통지하기까지 걸리는 최대 시간 [시간]",
    )
