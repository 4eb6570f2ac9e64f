"""Shared vocabulary: channels, languages, countries, certifications and other closed sets.

Enumerations are :class:`enum.StrEnum`, so they compare equal to their string values and
serialize as plain strings in YAML and JSON. Constrained scalar types (``Share``,
``CountryCode``, ``LanguageTag``, ``TimeZoneName``) validate with messages that say what was
expected.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
import re
import zoneinfo
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, StrictFloat, StrictInt

from vendoreval.errors import ArgumentError

__all__ = [
    "CEFR",
    "CHECKS",
    "BillableComponent",
    "Certification",
    "Channel",
    "CountryCode",
    "CrmSystem",
    "Direction",
    "IntegrationMode",
    "Kpi",
    "LanguageTag",
    "NonNegativeFloat",
    "NonNegativeInt",
    "PositiveFloat",
    "Segregation",
    "ServiceKpi",
    "Share",
    "SocialPlatform",
    "TimeZoneName",
    "Weekday",
    "cefr_rank",
    "country_name",
    "segregation_rank",
]

CHECKS: tuple[str, ...] = (
    "coverage",
    "references",
    "staffing",
    "crm",
    "social",
    "location",
    "security",
    "pricing",
)
"""The eight checks, in the order of the field guide; also the answer field names."""


@functools.cache
def _positions(kind: type[StrEnum]) -> dict[str, int]:
    """Each member's position in its enum, in declaration order (the first is 0)."""
    return {member: i for i, member in enumerate(kind)}


class Channel(StrEnum):
    """A contact channel. Voice is ``phone``."""

    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    SOCIAL = "social"
    MESSAGING = "messaging"

    @property
    def is_realtime(self) -> bool:
        """True for channels answered live (phone, chat, messaging), measured in seconds."""
        return self in (Channel.PHONE, Channel.CHAT, Channel.MESSAGING)


class Direction(StrEnum):
    """Who starts a channel's contacts: the customer (``inbound``) or the agent (``outbound``)."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CEFR(StrEnum):
    """Common European Framework of Reference language levels, A1 (lowest) to C2 (mastery)."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"


def cefr_rank(level: CEFR) -> int:
    """Ordinal of a CEFR level (A1 → 0 … C2 → 5), for comparisons."""
    return _positions(CEFR)[level]


class Certification(StrEnum):
    """Certifications and attestations a buyer may require or a vendor may hold."""

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


class Kpi(StrEnum):
    """Key performance indicators a buyer manages by and a vendor reports."""

    FIRST_CONTACT_RESOLUTION = "first_contact_resolution"
    RESOLUTION_RATE = "resolution_rate"
    CSAT = "csat"
    NPS = "nps"
    CUSTOMER_EFFORT = "customer_effort"
    CHURN = "churn"
    SERVICE_LEVEL = "service_level"
    ASA = "asa"
    ABANDONMENT_RATE = "abandonment_rate"
    AVERAGE_HANDLE_TIME = "average_handle_time"
    QUALITY_SCORE = "quality_score"
    OCCUPANCY = "occupancy"
    ADHERENCE = "adherence"
    COST_PER_CONTACT = "cost_per_contact"
    CONTACTS_HANDLED = "contacts_handled"


class CrmSystem(StrEnum):
    """CRM platforms."""

    SALESFORCE = "salesforce"
    ZENDESK = "zendesk"
    DYNAMICS_365 = "dynamics365"
    HUBSPOT = "hubspot"
    SERVICENOW = "servicenow"
    FRESHDESK = "freshdesk"
    IN_HOUSE = "in_house"


class IntegrationMode(StrEnum):
    """How a vendor's tools exchange data with the buyer's CRM (best first)."""

    REALTIME_API = "realtime_api"
    CTI = "cti"
    BATCH = "batch"
    MANUAL = "manual"


class Segregation(StrEnum):
    """How a vendor separates one client's data from another's (weakest first)."""

    SHARED = "shared"
    LOGICAL = "logical"
    DEDICATED = "dedicated"


def segregation_rank(level: Segregation) -> int:
    """Ordinal of a segregation level (shared → 0, logical → 1, dedicated → 2)."""
    return _positions(Segregation)[level]


class SocialPlatform(StrEnum):
    """Social-media and messaging platforms served by social customer care."""

    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    X = "x"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    LINKEDIN = "linkedin"
    WHATSAPP = "whatsapp"
    LINE = "line"
    WECHAT = "wechat"
    KAKAOTALK = "kakaotalk"
    NAVER = "naver"
    TELEGRAM = "telegram"


class Weekday(StrEnum):
    """Days of the week, Monday first (ISO 8601)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday … 6 for Sunday, as :meth:`datetime.date.weekday`."""
        return list(Weekday).index(self)


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ArgumentError(f"expected a finite number, got {value!r}")
    return value


def _share(value: float) -> float:
    _finite(value)
    if not 0.0 <= value <= 1.0:
        raise ArgumentError(
            f"expected a share as a fraction between 0 and 1 (e.g. 0.8 for 80%), got {value!r}"
        )
    return float(value)


Share = Annotated[StrictFloat | StrictInt, AfterValidator(_share)]
"""A fraction in [0, 1] (80% is written 0.8)."""

NonNegativeFloat = Annotated[StrictFloat | StrictInt, Field(ge=0), AfterValidator(_finite)]
"""A finite number ≥ 0."""

PositiveFloat = Annotated[StrictFloat | StrictInt, Field(gt=0), AfterValidator(_finite)]
"""A finite number > 0."""

NonNegativeInt = Annotated[StrictInt, Field(ge=0)]
"""An integer ≥ 0."""


@functools.cache
def _countries() -> dict[str, str]:
    table = importlib.resources.files("tzdata").joinpath("zoneinfo/iso3166.tab").read_text("utf-8")
    rows = (line.split("\t", 1) for line in table.splitlines() if line and line[0] != "#")
    return {code: name.strip() for code, name in rows}


def _country(code: str) -> str:
    if code not in _countries():
        hint = f" (did you mean {code.upper()!r}?)" if code.upper() in _countries() else ""
        raise ArgumentError(
            f"unknown country {code!r}: expected an ISO 3166-1 alpha-2 code such as 'KR', "
            f"'US', 'MX'{hint}"
        )
    return code


def country_name(code: str) -> str:
    """English short name of an ISO 3166-1 alpha-2 country code (``"KR"`` → ``"Korea (South)"``)."""
    return _countries()[_country(code)]


CountryCode = Annotated[str, AfterValidator(_country)]
"""An ISO 3166-1 alpha-2 country code, upper case (``KR``, ``MX``)."""

_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")


def _language(tag: str) -> str:
    if not _BCP47.match(tag):
        raise ArgumentError(
            f"invalid language tag {tag!r}: expected a BCP 47 tag such as 'ko', 'en', 'es-419', "
            "'pt-BR' or 'zh-Hant'"
        )
    return tag


LanguageTag = Annotated[str, AfterValidator(_language)]
"""A BCP 47 language tag: language, optional script, optional region (``es-419``)."""


def _timezone(name: str) -> str:
    if name not in _timezones():
        raise ArgumentError(
            f"unknown time zone {name!r}: expected an IANA name such as 'Asia/Seoul' or "
            "'America/Mexico_City'"
        )
    return name


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


TimeZoneName = Annotated[str, AfterValidator(_timezone)]
"""An IANA time-zone name (``Asia/Seoul``)."""


class BillableComponent(StrEnum):
    """Parts of a voice contact that a vendor may bill.

    ``wait`` is the customer's time in queue before an agent answers: some vendors bill it.
    """

    TALK = "talk"
    HOLD = "hold"
    ACW = "acw"
    WAIT = "wait"


class ServiceKpi(StrEnum):
    """A KPI a vendor commits to and a buyer targets, per channel, as measured from records.

    ``service_level``, ``response_within_hours``, ``fcr``, ``csat`` and ``qa_score`` are shares
    where higher is better; ``abandonment`` is a share where lower is better; ``asa_seconds``
    is a mean wait in seconds where lower is better. (``vendoreval.contract.CommitmentKpi``
    is this enumeration.)
    """

    SERVICE_LEVEL = "service_level"
    ASA_SECONDS = "asa_seconds"
    ABANDONMENT = "abandonment"
    RESPONSE_WITHIN_HOURS = "response_within_hours"
    FCR = "fcr"
    CSAT = "csat"
    QA_SCORE = "qa_score"

    @property
    def higher_is_better(self) -> bool:
        """False for ``asa_seconds`` and ``abandonment``, True for the others."""
        return self not in (ServiceKpi.ASA_SECONDS, ServiceKpi.ABANDONMENT)

    @property
    def is_share(self) -> bool:
        """True for KPIs measured as a share 0–1 (every KPI but ``asa_seconds``)."""
        return self is not ServiceKpi.ASA_SECONDS

    @property
    def threshold_field(self) -> str | None:
        """``threshold_seconds`` for ``service_level``, ``threshold_hours`` for
        ``response_within_hours``, None for KPIs without a threshold."""
        return {
            ServiceKpi.SERVICE_LEVEL: "threshold_seconds",
            ServiceKpi.RESPONSE_WITHIN_HOURS: "threshold_hours",
        }.get(self)

    def check_target(self, target: float, key: str) -> None:
        """Refuse a share KPI's target above 1 (a percentage written as 80, say).

        Parameters
        ----------
        target : float
            The target, ≥ 0.
        key : str
            The target's name in messages, e.g. ``phone.service_level``.

        Raises
        ------
        ArgumentError
            For a share KPI whose target is above 1.
        """
        if self.is_share and target > 1:
            raise ArgumentError(
                f"target of {key} must be a share between 0 and 1 (e.g. 0.8 for 80%), "
                f"got {target!r}"
            )
