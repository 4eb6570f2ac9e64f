"""Certificates with their scope and dates: which sites and services, issued and expiring when.

Data only: scored by :mod:`vendoreval.checks.korea` under the security check. A certificate
counts for a requirement only when it is valid over the whole contract term and its scope
names every site that would serve the buyer and every channel the buyer needs; the Korean
contact-centre quality indices (KSQI, KS-CQI), awarded every year, count while current.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError
from vendoreval.vocabulary import Certification, Channel

__all__ = [
    "QUALITY_MARKS",
    "Certificate",
    "CertificateRegister",
    "CertificateScheme",
    "SiteName",
]


class CertificateScheme(StrEnum):
    """A certification, attestation or quality mark.

    Every :class:`~vendoreval.vocabulary.Certification`, and the Korean contact-centre
    quality indices: ``ksqi`` (한국산업의 서비스품질지수, 콜센터 부문 — 한국능률협회컨설팅
    KMAC's yearly "우수콜센터") and ``ks_cqi`` (콜센터품질지수 — 한국표준협회 KSA's yearly
    certification of contact centres scoring 75 or more).
    """

    ISO_27001 = "iso27001"
    ISO_27701 = "iso27701"
    ISO_22301 = "iso22301"
    ISO_9001 = "iso9001"
    ISO_18295 = "iso18295"
    COPC = "copc"
    PCI_DSS = "pci_dss"
    SOC_2 = "soc2"
    ISMS_P = "isms_p"
    HIPAA = "hipaa"
    TISAX = "tisax"
    KSQI = "ksqi"
    KS_CQI = "ks_cqi"

    @property
    def certification(self) -> Certification | None:
        """The matching :class:`~vendoreval.vocabulary.Certification`; None for KSQI and KS-CQI."""
        try:
            return Certification(self.value)
        except ValueError:
            return None


QUALITY_MARKS: tuple[CertificateScheme, ...] = (CertificateScheme.KSQI, CertificateScheme.KS_CQI)
"""The Korean contact-centre quality indices."""


def _site_name(value: str) -> str:
    text = value.strip()
    if not text or "," in text or text != value:
        raise ArgumentError(
            f"a site is named by its city as on the Location sheet, without commas or "
            f"surrounding spaces; got {value!r}"
        )
    return value


SiteName = Annotated[str, AfterValidator(_site_name)]
"""A delivery site, named by its city as in :class:`~vendoreval.proposal.Site`."""


class Certificate(Model):
    """One certificate and its scope.

    Parameters
    ----------
    scheme : CertificateScheme
        What was certified.
    issuer : str
        Certification body or organiser (KISA, BSI, 한국표준협회…).
    number : str
        Certificate number, empty when it has none.
    issued_on : date
        Date of issue (or of the award).
    expires_on : date
        Last day of validity.
    sites : tuple of str
        Sites in scope, by city (as in the vendor's list of delivery sites).
    channels : tuple of Channel
        Services in scope: the channels the certified operation covers.
    """

    scheme: CertificateScheme = Field(
        description="what was certified",
        json_schema_extra={
            "questionnaire": {"label": "Scheme", "width": 12, "ko": {"label": "인증 종류"}}
        },
    )
    issuer: str = Field(
        min_length=1,
        description="certification body or organiser (KISA, BSI, 한국표준협회…)",
        json_schema_extra={
            "questionnaire": {
                "label": "Issuer",
                "ko": {
                    "label": "인증 기관",
                    "description": "인증기관 또는 주관 기관 (KISA, BSI, 한국표준협회 등)",
                },
            }
        },
    )
    number: str = Field(
        default="",
        description="certificate number",
        json_schema_extra={
            "questionnaire": {
                "label": "Certificate number",
                "blank": "blank = none",
                "ko": {"label": "인증 번호", "description": "인증서 번호"},
            }
        },
    )
    issued_on: dt.date = Field(
        description="date of issue (or of the award)",
        json_schema_extra={
            "questionnaire": {
                "label": "Issued",
                "width": 12,
                "ko": {"label": "발급일", "description": "발급일 (또는 선정일)"},
            }
        },
    )
    expires_on: dt.date = Field(
        description="last day of validity",
        json_schema_extra={
            "questionnaire": {
                "label": "Expires",
                "width": 12,
                "ko": {"label": "만료일", "description": "유효기간의 마지막 날"},
            }
        },
    )
    sites: tuple[SiteName, ...] = Field(
        min_length=1,
        description="sites in scope, by city as in the list of delivery sites",
        json_schema_extra={
            "questionnaire": {
                "label": "Sites in scope",
                "width": 22,
                "ko": {
                    "label": "인증 범위: 사이트",
                    "description": "인증 범위에 포함된 사이트 (서비스 제공 사이트 목록의 도시명)",
                },
            }
        },
    )
    channels: tuple[Channel, ...] = Field(
        min_length=1,
        description="services in scope: the channels the certified operation covers",
        json_schema_extra={
            "questionnaire": {
                "label": "Channels in scope",
                "width": 22,
                "ko": {
                    "label": "인증 범위: 채널",
                    "description": "인증 범위에 포함된 서비스 채널",
                },
            }
        },
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.expires_on < self.issued_on:
            raise ArgumentError(
                f"{self.scheme.value} certificate: expires_on ({self.expires_on}) is before "
                f"issued_on ({self.issued_on})"
            )
        return self

    def valid_between(self, start: dt.date, end: dt.date) -> bool:
        """Issued on or before ``start`` and valid through ``end``."""
        return self.issued_on <= start and self.expires_on >= end

    def covers(self, sites: tuple[str, ...], channels: tuple[Channel, ...]) -> bool:
        """Every site (case-insensitive) and every channel is in scope."""
        scoped = {site.casefold() for site in self.sites}
        return all(site.casefold() in scoped for site in sites) and set(channels) <= set(
            self.channels
        )


class CertificateRegister(Model):
    """The vendor's certificates and the sites they must cover.

    Parameters
    ----------
    delivery_sites : tuple of str
        The sites that would serve the buyer, by city (as on the Location sheet).
    certificates : tuple of Certificate
        Certificates held, with their scope and dates.
    """

    delivery_sites: tuple[SiteName, ...] = Field(
        min_length=1,
        description="the sites that would serve the buyer, by city as on the Location sheet",
        json_schema_extra={
            "questionnaire": {
                "label": "Sites that would serve the buyer (cities)",
                "ko": {
                    "label": "서비스 제공 사이트 (도시명)",
                    "description": "발주사 업무를 수행할 사이트, 센터 위치 시트의 도시명",
                },
            }
        },
    )
    certificates: tuple[Certificate, ...] = Field(
        default=(),
        description="certificates held, with their scope and dates",
        json_schema_extra={
            "questionnaire": {
                "label": "Certificates",
                "table": "Certificates with scope and dates — one certificate per row",
                "rows": 6,
                "ko": {
                    "label": "인증서",
                    "table": "인증 범위와 유효기간 — 한 행에 인증서 하나",
                    "description": "보유 인증서와 그 범위·유효기간",
                },
            }
        },
    )
