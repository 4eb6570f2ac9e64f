"""The vendor's answer to the security check.

Data only: it is scored by :mod:`vendoreval.checks.security`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.proposal.certificates import CertificateRegister
from vendoreval.proposal.korea import DataEntrustment, OutboundControls
from vendoreval.vocabulary import (
    Certification,
    Kpi,
    PositiveFloat,
    Segregation,
)

__all__ = ["DisasterRecovery", "Reporting", "SecurityAnswer"]


class DisasterRecovery(Model):
    """A vendor's disaster-recovery capability.

    Parameters
    ----------
    documented : bool
        A written DR / business-continuity plan exists.
    last_tested : date, optional
        Date of the last full DR test.
    rto_hours : float, optional
        Recovery time objective [h].
    rpo_hours : float, optional
        Recovery point objective (data-loss window) [h].
    redundant_sites : int
        Sites that can take over the work [sites].
    """

    documented: bool = Field(
        default=False,
        description="a written disaster-recovery / business-continuity plan exists",
        json_schema_extra={"questionnaire": {"label": "Written disaster-recovery plan"}},
    )
    last_tested: dt.date | None = Field(
        default=None,
        description="date of the last full disaster-recovery test",
        json_schema_extra={
            "questionnaire": {
                "label": "Last full disaster-recovery test",
                "blank": "blank = never tested",
            }
        },
    )
    rto_hours: PositiveFloat | None = Field(
        default=None,
        description="recovery time objective, above 0 [h]",
        json_schema_extra={"questionnaire": {"label": "Recovery time objective (RTO)"}},
    )
    rpo_hours: PositiveFloat | None = Field(
        default=None,
        description="recovery point objective (the data-loss window), above 0 [h]",
        json_schema_extra={"questionnaire": {"label": "Recovery point objective (RPO)"}},
    )
    redundant_sites: Annotated[StrictInt, Field(ge=0)] = Field(
        default=0,
        description="sites that can take over the work [sites]",
        json_schema_extra={"questionnaire": {"label": "Sites that can take over the work"}},
    )


class Reporting(Model):
    """What the vendor reports.

    Parameters
    ----------
    sample_reports : bool
        Sample reports were provided.
    customizable : bool
        Reports can be tailored to the buyer.
    kpis_reported : tuple of Kpi
        KPIs in the standard reporting pack.
    """

    sample_reports: bool = Field(
        default=False,
        description="sample reports were provided",
        json_schema_extra={"questionnaire": {"label": "Sample reports provided"}},
    )
    customizable: bool = Field(
        default=False,
        description="reports can be tailored to the buyer",
        json_schema_extra={"questionnaire": {"label": "Reports tailored to the buyer"}},
    )
    kpis_reported: tuple[Kpi, ...] = Field(
        default=(),
        description="KPIs in the standard reporting pack",
        json_schema_extra={"questionnaire": {"label": "KPIs in the standard reports"}},
    )


class SecurityAnswer(Model):
    """Security controls, data segregation, disaster recovery and reporting.

    Parameters
    ----------
    certifications : tuple of Certification
        Certifications held and current (e.g. ``iso27001``, ``pci_dss``, ``isms_p``).
    segregation : Segregation
        How the buyer's data is separated from other clients'.
    disaster_recovery : DisasterRecovery
        DR plan and objectives.
    reporting : Reporting
        Reports and KPIs.
    certificates : CertificateRegister, optional
        Certificates with their scope (sites, channels) and dates.
    entrustment : DataEntrustment, optional
        How the buyer's customers' personal data would be processed (개인정보 보호법 제26조).
    outbound : OutboundControls, optional
        Do-not-call screening and controls against mis-selling on outbound calls.
    """

    certifications: tuple[Certification, ...] = Field(
        default=(),
        description="current security certifications held",
        json_schema_extra={"questionnaire": {"label": "Security certifications held"}},
    )
    segregation: Segregation = Field(
        default=Segregation.SHARED,
        description="how the buyer's data is separated from other clients' data (weakest first)",
        json_schema_extra={"questionnaire": {"label": "Separation of the buyer's data"}},
    )
    disaster_recovery: DisasterRecovery = Field(
        default=DisasterRecovery(),
        description="disaster-recovery plan and objectives",
        json_schema_extra={"questionnaire": {"label": "Disaster recovery"}},
    )
    reporting: Reporting = Field(
        default=Reporting(),
        description="reports and the KPIs they show",
        json_schema_extra={"questionnaire": {"label": "Reporting"}},
    )
    certificates: CertificateRegister | None = Field(
        default=None,
        description="certificates with their scope (sites, channels) and dates",
        json_schema_extra={
            "questionnaire": {
                "label": "Certificates",
                "ko": {"label": "인증서", "description": "인증 범위(사이트, 채널)와 유효기간"},
            }
        },
    )
    entrustment: DataEntrustment | None = Field(
        default=None,
        description="how the buyer's customers' personal data would be processed "
        "(개인정보 보호법 제26조)",
        json_schema_extra={
            "questionnaire": {
                "label": "Personal-data entrustment",
                "ko": {
                    "label": "개인정보 처리위탁",
                    "description": "발주사 고객 개인정보의 처리위탁 조건 (개인정보 보호법 제26조)",
                },
            }
        },
    )
    outbound: OutboundControls | None = Field(
        default=None,
        description="do-not-call screening and controls against mis-selling on outbound calls",
        json_schema_extra={
            "questionnaire": {
                "label": "Outbound controls answered",
                "blank": "answer yes and the rows below, or no",
                "ko": {
                    "label": "아웃바운드 통제 답변",
                    "description": "아웃바운드 콜의 두낫콜 대조와 불완전판매 통제",
                    "blank": "yes로 답하고 아래 행을 작성하거나 no",
                },
            }
        },
    )
