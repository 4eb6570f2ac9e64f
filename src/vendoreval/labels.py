"""Human names of checks, criteria, channels and KPIs, in English and Korean.

One home for the words every output uses (the Excel workbook, charts, questionnaires):
the eight checks of the field guide and the cost criterion, the contact channels, and
the key performance indicators of contracts, pilots and outcomes (``"service_level"``,
``"asa_seconds"``, ``"abandonment"``, ``"response_within_hours"``, ``"fcr"``, ``"csat"``,
``"qa_score"``) together with the buyer-side KPI vocabulary (:class:`vendoreval.vocabulary.Kpi`).

Every lookup returns the key itself when it does not know it (a criterion of a custom pack,
a future KPI), so a label never hides data; an unknown *language* is an error.

This module is a leaf: it imports nothing from vendoreval.

Examples
--------
>>> check_label("security", "en"), check_label("security", "ko")
('Security, policies & DR', '보안·정책·재해복구')
>>> kpi_label("phone.service_level", "en"), kpi_label("phone.service_level", "ko")
('Service level (phone)', '전화 서비스 수준')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from vendoreval.errors import ArgumentError

__all__ = [
    "CHANNEL_LABELS",
    "CHECK_LABELS",
    "KPI_LABELS",
    "LANGUAGES",
    "SHORT_CHECK_LABELS",
    "channel_label",
    "check_label",
    "check_language",
    "criterion_label",
    "kpi_label",
]

#: Languages every table is written in.
LANGUAGES: tuple[str, ...] = ("en", "ko")


def _frozen(tables: dict[str, dict[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({lang: MappingProxyType(table) for lang, table in tables.items()})


CHECK_LABELS: Mapping[str, Mapping[str, str]] = _frozen(
    {
        "en": {
            "coverage": "Needs & coverage",
            "references": "References",
            "staffing": "Staffing & languages",
            "crm": "CRM integration",
            "social": "Social-media support",
            "location": "Location",
            "security": "Security, policies & DR",
            "pricing": "Pricing & billing",
            "cost": "Monthly cost",
        },
        "ko": {
            "coverage": "요구사항 및 커버리지",
            "references": "레퍼런스",
            "staffing": "인력 및 언어",
            "crm": "CRM 연동",
            "social": "소셜 미디어 지원",
            "location": "위치",
            "security": "보안·정책·재해복구",
            "pricing": "가격 및 과금",
            "cost": "월 비용",
        },
    }
)
"""Language → check (the eight checks and the ``cost`` criterion) → full name."""

SHORT_CHECK_LABELS: Mapping[str, Mapping[str, str]] = _frozen(
    {
        "en": {
            "coverage": "Coverage",
            "references": "References",
            "staffing": "Staffing",
            "crm": "CRM",
            "social": "Social media",
            "location": "Location",
            "security": "Security & DR",
            "pricing": "Pricing",
            "cost": "Cost",
        },
        "ko": {
            "coverage": "커버리지",
            "references": "레퍼런스",
            "staffing": "인력",
            "crm": "CRM",
            "social": "소셜 미디어",
            "location": "위치",
            "security": "보안·재해복구",
            "pricing": "가격",
            "cost": "비용",
        },
    }
)
"""Language → check → a short name for tight spaces (chart axes, legends)."""

CHANNEL_LABELS: Mapping[str, Mapping[str, str]] = _frozen(
    {
        "en": {
            "phone": "Phone",
            "email": "Email",
            "chat": "Chat",
            "social": "Social media",
            "messaging": "Messaging",
        },
        "ko": {
            "phone": "전화",
            "email": "이메일",
            "chat": "채팅",
            "social": "소셜 미디어",
            "messaging": "메신저",
        },
    }
)
"""Language → contact channel (:class:`vendoreval.vocabulary.Channel` values) → name."""

KPI_LABELS: Mapping[str, Mapping[str, str]] = _frozen(
    {
        "en": {
            # contract commitments, pilot and outcome KPIs (DESIGN.md "KPI keys")
            "service_level": "Service level",
            "asa_seconds": "Average speed of answer [s]",
            "abandonment": "Abandonment rate",
            "response_within_hours": "Responded within target",
            "fcr": "First-contact resolution",
            "csat": "Customer satisfaction (top-2-box)",
            "qa_score": "Quality score",
            # the buyer's KPI vocabulary (vendoreval.vocabulary.Kpi)
            "first_contact_resolution": "First-contact resolution",
            "resolution_rate": "Resolution rate",
            "nps": "Net Promoter Score",
            "customer_effort": "Customer effort score",
            "churn": "Churn",
            "asa": "Average speed of answer",
            "abandonment_rate": "Abandonment rate",
            "average_handle_time": "Average handle time",
            "quality_score": "Quality score",
            "occupancy": "Occupancy",
            "adherence": "Schedule adherence",
            "cost_per_contact": "Cost per contact",
            "contacts_handled": "Contacts handled",
        },
        "ko": {
            "service_level": "서비스 수준",
            "asa_seconds": "평균 응답 대기 시간 [초]",
            "abandonment": "포기율",
            "response_within_hours": "목표 시간 내 응답률",
            "fcr": "1차 해결률",
            "csat": "고객 만족도 (상위 2개 응답)",
            "qa_score": "품질 점수",
            "first_contact_resolution": "1차 해결률",
            "resolution_rate": "해결률",
            "nps": "순추천지수 (NPS)",
            "customer_effort": "고객 노력 점수",
            "churn": "고객 이탈률",
            "asa": "평균 응답 대기 시간",
            "abandonment_rate": "포기율",
            "average_handle_time": "평균 처리 시간",
            "quality_score": "품질 점수",
            "occupancy": "상담사 점유율",
            "adherence": "근무 일정 준수율",
            "cost_per_contact": "건당 비용",
            "contacts_handled": "처리 건수",
        },
    }
)
"""Language → KPI name → label (units in brackets where the KPI has one)."""


def check_language(language: str) -> str:
    """Return ``language`` when labels exist for it.

    Parameters
    ----------
    language : str
        Language code.

    Returns
    -------
    str
        ``language`` unchanged.

    Raises
    ------
    ValueError
        For a language other than those in :data:`LANGUAGES`; the message lists them.

    Examples
    --------
    >>> check_language("ko")
    'ko'
    """
    if language not in LANGUAGES:
        valid = ", ".join(repr(code) for code in LANGUAGES)
        raise ArgumentError(f"language: unknown language {language!r}; expected one of {valid}")
    return language


def check_label(check: str, language: str, *, short: bool = False) -> str:
    """Human name of one of the eight checks (or of the ``cost`` criterion).

    Parameters
    ----------
    check : str
        Check key (``"coverage"`` … ``"pricing"``) or ``"cost"``.
    language : {"en", "ko"}
        Language of the name.
    short : bool
        A short form for chart axes and legends.

    Returns
    -------
    str
        The name; ``check`` itself when it is not a known check.

    Raises
    ------
    ValueError
        For an unknown language.

    Examples
    --------
    >>> check_label("crm", "ko"), check_label("security", "en", short=True)
    ('CRM 연동', 'Security & DR')
    """
    table = SHORT_CHECK_LABELS if short else CHECK_LABELS
    return table[check_language(language)].get(check, check)


def criterion_label(criterion: str, language: str, *, short: bool = False) -> str:
    """Human name of a criterion of a criteria pack.

    The criteria of the bundled packs are the eight checks, with ``cost`` (the simulated
    monthly cost) in place of ``pricing``; other criteria keep their identifier.

    Parameters
    ----------
    criterion : str
        Criterion identifier.
    language, short
        As for :func:`check_label`.

    Returns
    -------
    str

    Examples
    --------
    >>> criterion_label("cost", "en"), criterion_label("uptime", "en")
    ('Monthly cost', 'uptime')
    """
    return check_label(criterion, language, short=short)


def channel_label(channel: str, language: str) -> str:
    """Human name of a contact channel (``"phone"`` → ``"Phone"`` / ``"전화"``).

    Parameters
    ----------
    channel : str
        Channel name (a :class:`vendoreval.vocabulary.Channel` value).
    language : {"en", "ko"}
        Language of the name.

    Returns
    -------
    str
        The name; ``channel`` itself when unknown.
    """
    return CHANNEL_LABELS[check_language(language)].get(str(channel), str(channel))


def kpi_label(key: str, language: str) -> str:
    """Human name of a KPI, or of a KPI key ``"<channel>.<kpi>"`` of a commitment.

    Parameters
    ----------
    key : str
        A KPI name (``"csat"``, ``"asa_seconds"``…) or a channel-qualified KPI key
        (``"phone.service_level"``).
    language : {"en", "ko"}
        Language of the name.

    Returns
    -------
    str
        The KPI's label; for a qualified key the label with its channel, as
        ``"Service level (phone)"`` or ``"전화 서비스 수준"``. Unknown KPI or channel names
        are shown as given.

    Examples
    --------
    >>> kpi_label("asa_seconds", "en")
    'Average speed of answer [s]'
    >>> kpi_label("email.response_within_hours", "ko")
    '이메일 목표 시간 내 응답률'
    """
    kpis = KPI_LABELS[check_language(language)]
    channel, dot, name = str(key).partition(".")
    if not dot:
        return kpis.get(channel, channel)
    label = kpis.get(name, name)
    where = channel_label(channel, language)
    if language == "ko":
        return f"{where} {label}"
    return f"{label} ({where.lower()})"
