"""Measures a Korean buyer's award turns on (the ``kr-contact-center`` pack).

Registered under the existing checks, they read the optional Korean parts of the answers:

* staffing — the contract form (도급 or 파견) and the risk of disguised dispatch
  (불법파견), the statutory protection of agents from abusive customers (산업안전보건법
  제41조) and the record of incidents, the agents' pay against the minimum wage (최저임금법),
  the direct-labour share of the fee, and night and holiday premiums (근로기준법 제56조);
* security — certificates valid over the whole term and covering the sites and channels,
  the Korean quality indices KSQI and KS-CQI, personal-data entrustment (개인정보 보호법
  제26조, ISMS-P 인증기준 3.3.2) and outbound controls (두낫콜, 불완전판매).

A vendor that leaves one of these parts out is "not answered" on the sub-criteria that read
it (0 points) and fails the knock-out rules on them: a requirement the vendor did not answer
is not met (see :mod:`vendoreval.checks._engine`). The same holds in the default pack for
the measures it uses.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final

import numpy as np

from vendoreval.calendar import add_months, parse_month
from vendoreval.checks._engine import Measurement, ScoringContext
from vendoreval.checks._format import format_count, format_number, format_percent
from vendoreval.checks._measures import Flag, Measures, held_share, verdict
from vendoreval.needs import Needs
from vendoreval.needs.hours import SLOT_MINUTES, Hours
from vendoreval.proposal.certificates import QUALITY_MARKS, Certificate, CertificateRegister
from vendoreval.proposal.korea import (
    AGENT_PROTECTION_MEASURES,
    MIS_SELLING_CONTROLS,
    ContractForm,
    ContractType,
    EntrustmentTerm,
    SiteOwner,
    WorkDirection,
)
from vendoreval.proposal.security import SecurityAnswer
from vendoreval.proposal.staffing import StaffingAnswer

if TYPE_CHECKING:
    from vendoreval.proposal.korea import AgentProtection, DataEntrustment, OutboundControls, Wages

__all__ = [
    "DELETION_DAYS",
    "DISPATCH_LIMIT_MONTHS",
    "MINIMUM_WAGE_KRW",
    "STATUTORY_PREMIUM",
    "LabourRisk",
    "contract_term",
    "labour_law_risk",
    "minimum_wage",
    "night_hours_needed",
]

# ----------------------------------------------------------------------------- reference data

MINIMUM_WAGE_KRW: Final[Mapping[int, Decimal]] = {
    2022: Decimal(9160),
    2023: Decimal(9620),
    2024: Decimal(9860),
    2025: Decimal(10030),
    2026: Decimal(10320),
}
"""The statutory minimum hourly wage by year [KRW/h] (최저임금법 제6조; 고용노동부 고시 of each
year: 2022 9,160 원, 2023 9,620 원, 2024 9,860 원, 2025 10,030 원, 2026 10,320 원). A
year after the last one listed uses the last one, and the reasons say so."""

STATUTORY_PREMIUM: Final = 0.5
"""The least premium on pay for night work (22:00–06:00) and for holiday work up to 8 hours,
as a share of the ordinary wage [-]: 50% (근로기준법 제56조 제2항, 제3항)."""

DELETION_DAYS: Final = 30
"""Most days after the contract ends for the buyer's personal data to be returned or destroyed
[days] (개인정보 보호법 제21조 asks for destruction "without delay" once the purpose ends; the
personal-data protection commission's standard entrustment contract leaves the period to the
parties, and 30 days is a common contract term)."""

DISPATCH_LIMIT_MONTHS: Final = 24
"""Longest time a dispatched worker may work for the same user [months] (파견법 제6조
제2항); beyond it the user must hire the worker directly (제6조의2)."""

_NIGHT_START, _NIGHT_END = 22, 6  # night work, 22:00–06:00 (근로기준법 제56조 제3항)


def minimum_wage(year: int) -> tuple[Decimal, int]:
    """The minimum hourly wage that applies in ``year`` [KRW/h], and the year it was set for.

    Years before the first listed in :data:`MINIMUM_WAGE_KRW` use the first; years after the
    last use the last (the caller says so in its reasons).
    """
    known = sorted(MINIMUM_WAGE_KRW)
    chosen = min(max(year, known[0]), known[-1])
    return MINIMUM_WAGE_KRW[chosen], chosen


def contract_term(needs: Needs) -> tuple[dt.date, dt.date]:
    """First and last day of the contract term of ``needs``."""
    contract = needs.contract
    start = parse_month(contract.start_month, "contract.start_month")
    after = parse_month(add_months(contract.start_month, contract.term_months))
    return start, after - dt.timedelta(days=1)


def night_hours_needed(hours: Hours) -> float:
    """Hours a week between 22:00 and 06:00 that ``hours`` cover [h/week]."""
    slots_per_day = 24 * 60 // SLOT_MINUTES
    clock = (np.arange(hours.mask().size) % slots_per_day) * SLOT_MINUTES / 60.0
    night = (clock >= _NIGHT_START) | (clock < _NIGHT_END)
    return float((hours.mask() & night).sum()) * SLOT_MINUTES / 60.0


def _buyer_night_hours(needs: Needs) -> float:
    return max(night_hours_needed(needs.hours_for(item.channel)) for item in needs.channels)


# ----------------------------------------------------------------------------- contract form


class LabourRisk(StrEnum):
    """Risk that the contract is, or becomes, unlawful dispatch (불법파견).

    ``low``: a 도급 run and directed by the vendor on its own site, or a licensed 파견 within
    the two-year limit. ``moderate``: a 도급 on the buyer's site (agents work beside the
    buyer's staff, the second test of 대법원 2010다106436), or a 파견 whose term runs past two
    years (the same agent may not stay longer). ``high``: a 도급 whose agents take the buyer's
    instructions, or whose vendor does not alone decide hiring, shifts, leave and appraisal;
    or a 파견 without the agency licence (파견법 제7조).
    """

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


def labour_law_risk(form: ContractForm, term_months: int) -> tuple[LabourRisk, str]:
    """The 불법파견 risk of a contract form over a term, and why.

    Parameters
    ----------
    form : ContractForm
        The vendor's contract form.
    term_months : int
        The contract term [months].

    Returns
    -------
    tuple of (LabourRisk, str)
        The risk and the reason in words.
    """
    if form.form is ContractType.DISPATCH:
        if not form.dispatch_licence:
            return LabourRisk.HIGH, "파견 (dispatch) without a temporary-work agency licence"
        if term_months > DISPATCH_LIMIT_MONTHS:
            return LabourRisk.MODERATE, (
                f"licensed 파견 (dispatch) for {term_months} months, past the "
                f"{DISPATCH_LIMIT_MONTHS}-month limit per agent (파견법 제6조)"
            )
        return LabourRisk.LOW, f"licensed 파견 (dispatch) for {term_months} months"
    where = "the buyer's site" if form.site is SiteOwner.BUYER else "the vendor's site"
    if form.direction is WorkDirection.BUYER:
        return LabourRisk.HIGH, (
            f"도급 (subcontract) at {where} whose agents take the buyer's instructions directly"
        )
    if not form.vendor_decides_staffing:
        return LabourRisk.HIGH, (
            f"도급 (subcontract) at {where} whose vendor does not alone decide hiring, shifts, "
            "leave and appraisal"
        )
    via = (
        "through the vendor's on-site manager"
        if form.direction is WorkDirection.THROUGH_VENDOR
        else "by the vendor's supervisors"
    )
    if form.site is SiteOwner.BUYER:
        return LabourRisk.MODERATE, f"도급 (subcontract) at the buyer's site, directed {via}"
    return LabourRisk.LOW, f"도급 (subcontract) at the vendor's site, directed {via}"


_staffing = Measures[StaffingAnswer]("staffing")
_security = Measures[SecurityAnswer]("security")


@_staffing.part(lambda answer: answer.contract_form, "the contract form (도급 or 파견)").choice(
    "labour_law_risk",
    "risk of unlawful dispatch (불법파견) from the contract form, who directs the agents, the "
    "site and the term: low, moderate or high",
    tuple(risk.value for risk in LabourRisk),
)
def _labour_risk(needs: Needs, form: ContractForm, context: ScoringContext) -> Measurement:
    risk, why = labour_law_risk(form, needs.contract.term_months)
    return Measurement(risk.value, f"{why} — 불법파견 risk {risk.value}")


# ----------------------------------------------------------------------------- agent protection

_protection = _staffing.part(
    lambda answer: answer.agent_protection,
    "the agent-protection measures (산업안전보건법 제41조)",
)


@_protection.share(
    "agent_protection_measures",
    "share of the seven statutory measures protecting agents from abusive customers in place "
    "(산업안전보건법 제41조, 시행령·시행규칙 제41조) [0–1]",
)
def _protection_measures(
    needs: Needs, protection: AgentProtection, context: ScoringContext
) -> Measurement:
    return held_share(
        (
            (f"{what} ({where})", getattr(protection, name))
            for name, what, where in AGENT_PROTECTION_MEASURES
        ),
        "{count} of {total} statutory measures in place",
        separator="; ",
    )


@_protection.share(
    "abuse_incidents_followed_up",
    "share of the abusive contacts recorded in the last 12 months after which the agent was "
    "given the statutory follow-up; 0 without an incident record [0–1]",
)
def _incidents(needs: Needs, protection: AgentProtection, context: ScoringContext) -> Measurement:
    recorded, followed = protection.incidents_last_year, protection.incidents_followed_up
    if not protection.incident_log or recorded is None or followed is None:
        return Measurement(
            0.0, "no record of abusive contacts and their follow-up (incident log and counts)"
        )
    if recorded == 0:
        return Measurement(
            1.0,
            "incident log kept; no abusive contact recorded in 12 months (unusual for a "
            "contact centre: ask to see the log)",
        )
    return Measurement(
        followed / recorded,
        f"{followed} of {format_count(recorded, 'abusive contact')} recorded in 12 months "
        "followed up",
    )


# ----------------------------------------------------------------------------- wages


def _wage_year(needs: Needs) -> int:
    return parse_month(needs.contract.start_month, "contract.start_month").year


_wages = _staffing.part(lambda answer: answer.wages, "the agents' wages")


@_wages.number(
    "wage_to_minimum",
    "agents' lowest hourly pay (monthly pay counted toward the minimum wage ÷ paid hours) ÷ "
    "the statutory minimum wage of the contract's first year [-]",
)
def _wage(needs: Needs, wages: Wages, context: ScoringContext) -> Measurement:
    year = _wage_year(needs)
    floor, set_for = minimum_wage(year)
    hourly = wages.hourly_pay_krw
    ratio = float(hourly / floor)
    note = "" if set_for == year else f" (the {set_for} rate, the latest vendoreval lists)"
    return Measurement(
        ratio,
        f"{format_number(float(wages.agent_monthly_pay_krw))} KRW a month for "
        f"{format_number(float(wages.paid_hours_per_month))} paid hours = "
        f"{format_number(float(hourly))} KRW/h, {format_number(100 * ratio)}% of the "
        f"minimum wage {format_number(float(floor))} KRW/h{note}",
    )


@_wages.share(
    "direct_labour_share",
    "share of the monthly fee paid out as the agents' direct labour cost (직접노무비) [0–1]",
)
def _labour_share(needs: Needs, wages: Wages, context: ScoringContext) -> Measurement:
    share = wages.direct_labour_share
    if share is None:
        return Measurement.not_answered("the direct-labour share of the fee")
    return Measurement(float(share), f"{format_percent(share)} of the fee paid to the agents")


def _no_night_or_holiday_work(needs: Needs) -> str | None:
    if needs.holidays_covered or _buyer_night_hours(needs) > 0:
        return None
    return "the buyer's hours need no night (22:00–06:00) or holiday work"


def _premium_need(needs: Needs) -> str:
    parts = []
    night = _buyer_night_hours(needs)
    if night > 0:
        parts.append(f"{format_number(night)} h a week between 22:00 and 06:00")
    if needs.holidays_covered:
        parts.append("holidays")
    return "the buyer's hours need " + " and ".join(parts)


@_wages.boolean(
    "statutory_premiums_paid",
    "night (22:00–06:00) and holiday work the buyer's hours need is paid at least the "
    "statutory +50% (근로기준법 제56조)",
    skip=_no_night_or_holiday_work,
)
def _premiums(needs: Needs, wages: Wages, context: ScoringContext) -> Measurement:
    needed: list[tuple[str, float | None]] = []
    if _buyer_night_hours(needs) > 0:
        needed.append(("night", wages.night_premium))
    if needs.holidays_covered:
        needed.append(("holiday", wages.holiday_premium))
    short = [
        f"{what} premium {'not stated' if rate is None else format_percent(float(rate))}"
        for what, rate in needed
        if rate is None or rate < STATUTORY_PREMIUM
    ]
    stated = ", ".join(
        f"{what} +{format_percent(float(rate))}" for what, rate in needed if rate is not None
    )
    if short:
        return Measurement(
            False,
            f"{_premium_need(needs)}; {'; '.join(short)} (at least +50% by law)",
        )
    return Measurement(True, f"{_premium_need(needs)}; pays {stated} (at least +50% by law)")


@_wages.boolean(
    "premiums_in_per_head_price",
    "the per-head prices include the night and holiday premiums the buyer's hours need",
    skip=_no_night_or_holiday_work,
)
def _premiums_priced(needs: Needs, wages: Wages, context: ScoringContext) -> Measurement:
    return verdict(
        wages.premiums_in_per_head_price,
        f"{_premium_need(needs)}; included in the per-head prices",
        f"{_premium_need(needs)}; not included in the per-head prices (billed on top)",
    )


# ----------------------------------------------------------------------------- certificates

_register = _security.part(
    lambda answer: answer.certificates, "its certificates with their scope and dates"
)


def _certificate_problem(
    certificate: Certificate,
    register: CertificateRegister,
    channels: tuple[str, ...],
    start: dt.date,
    end: dt.date,
) -> str | None:
    problems = []
    if certificate.issued_on > start:
        problems.append(f"issued {certificate.issued_on}, after the evaluation date {start}")
    if certificate.expires_on < end:
        problems.append(f"expires {certificate.expires_on}, before {end}")
    scoped = {site.casefold() for site in certificate.sites}
    sites = [site for site in register.delivery_sites if site.casefold() not in scoped]
    if sites:
        problems.append(f"does not cover {', '.join(sites)}")
    missing = [channel for channel in channels if channel not in certificate.channels]
    if missing:
        problems.append(f"does not cover {', '.join(missing)}")
    return "; ".join(problems) or None


def _no_required_certifications(needs: Needs) -> str | None:
    if needs.security.required_certifications:
        return None
    return "the buyer requires no security certification"


def _required_certificates(
    needs: Needs, register: CertificateRegister, context: ScoringContext, *, whole_term: bool
) -> Measurement:
    start, end = contract_term(needs)
    until = end if whole_term else max(start, context.as_of)
    channels = tuple(item.channel.value for item in needs.channels)
    ok: list[str] = []
    failed: list[str] = []
    for required in needs.security.required_certifications:
        candidates = [c for c in register.certificates if c.scheme.certification is required]
        problems = [
            _certificate_problem(c, register, channels, context.as_of, until) for c in candidates
        ]
        if candidates and any(problem is None for problem in problems):
            ok.append(required.value)
        elif candidates:
            failed.append(f"{required.value} ({'; '.join(p for p in problems if p)})")
        else:
            failed.append(f"{required.value} (no certificate)")
    span = f"through {end} (the end of the term)" if whole_term else f"on {until}"
    detail = f"valid {span} at every site and channel: {', '.join(ok) or 'none'}"
    if failed:
        detail += f"; not counted: {', '.join(failed)}"
    return Measurement(len(ok) / len(needs.security.required_certifications), detail)


_CERTIFICATES_HELD: Final = "share of the required certifications held by a certificate issued "
_SCOPE: Final = "covering every delivery site and every channel the buyer needs"
for _name, _whole_term, _validity in (
    (
        "required_certificates_valid",
        True,
        f"by the evaluation date, valid to the last day of the contract term and {_SCOPE}; one "
        "that expires during the term does not count [0–1]",
    ),
    (
        "required_certificates_current",
        False,
        "by the evaluation date, still valid when the contract starts (or on the evaluation "
        f"date, if later) and {_SCOPE} [0–1]",
    ),
):
    _register.share(_name, _CERTIFICATES_HELD + _validity, skip=_no_required_certifications)(
        functools.partial(_required_certificates, whole_term=_whole_term)
    )


@_register.number(
    "quality_marks_current",
    "Korean contact-centre quality indices (KSQI, KS-CQI) current on the evaluation date at "
    "a delivery site [0–2]",
)
def _quality_marks(
    needs: Needs, register: CertificateRegister, context: ScoringContext
) -> Measurement:
    sites = {site.casefold() for site in register.delivery_sites}
    current = sorted(
        {
            c.scheme.value
            for c in register.certificates
            if c.scheme in QUALITY_MARKS
            and c.issued_on <= context.as_of <= c.expires_on
            and sites & {site.casefold() for site in c.sites}
        }
    )
    stale = sorted(
        {c.scheme.value for c in register.certificates if c.scheme in QUALITY_MARKS} - set(current)
    )
    detail = f"current on {context.as_of} at a delivery site: {', '.join(current) or 'none'}"
    if stale:
        detail += f"; expired or not at a delivery site: {', '.join(stale)}"
    return Measurement(float(len(current)), detail)


# ----------------------------------------------------------------------------- personal data

_entrustment = _security.part(
    lambda answer: answer.entrustment,
    "its personal-data entrustment terms (개인정보 보호법 제26조)",
)


@_entrustment.share(
    "entrustment_terms",
    "share of the terms a written personal-data entrustment contract must hold (개인정보 보호법 "
    "제26조 제1항, 시행령 제28조 제1항) that the vendor's contract holds [0–1]",
)
def _terms(needs: Needs, entrustment: DataEntrustment, context: ScoringContext) -> Measurement:
    return held_share(
        ((term.value, term in entrustment.agreement_terms) for term in EntrustmentTerm),
        "{count} of {total} terms of 제26조 제1항 and 시행령 제28조 제1항",
    )


@_entrustment.boolean(
    "processors_disclosed",
    "the processor (수탁자) and every sub-processor (재수탁자) are named, the list is "
    "confirmed complete, and work is re-entrusted only with the buyer's consent "
    "(개인정보 보호법 제26조 제2항·제6항; ISMS-P 3.3.2)",
)
def _disclosed(needs: Needs, entrustment: DataEntrustment, context: ScoringContext) -> Measurement:
    subs = ", ".join(f"{s.name} ({s.task}, {s.country})" for s in entrustment.subprocessors)
    named = f"수탁자 {entrustment.processor}; 재수탁자 {subs or 'none'}"
    gaps = []
    if not entrustment.subprocessors_complete:
        gaps.append("the sub-processor list is not confirmed complete")
    if not entrustment.subprocessing_with_consent:
        gaps.append("re-entrustment does not need the buyer's consent")
    if gaps:
        return Measurement(False, f"{named}; but {' and '.join(gaps)}")
    return Measurement(True, f"{named}; list complete, re-entrustment only with consent")


_entrustment.flags(
    Flag(
        "buyer_audit_right",
        "the buyer may inspect and audit the processing of its customers' personal data "
        "(개인정보 보호법 제26조 제4항)",
        lambda entrustment: entrustment.audit_right,
        "the buyer may inspect and audit the processing, on site too",
        "no right for the buyer to inspect or audit the processing",
    )
)


@_entrustment.share(
    "data_deletion_controls",
    "share of retention and deletion controls in place: recording retention stated, "
    "automatic deletion, return or destruction within DELETION_DAYS (30) of the contract's "
    "end, a certificate of destruction, yearly privacy training [0–1]",
)
def _deletion(needs: Needs, entrustment: DataEntrustment, context: ScoringContext) -> Measurement:
    retention = entrustment.recording_retention_days
    after_end = entrustment.deletion_after_end_days
    kept = "not stated" if retention is None else format_count(retention, "day")
    returned = "not stated" if after_end is None else format_count(after_end, "day")
    controls = {
        f"recordings kept {kept}": retention is not None,
        "recordings deleted automatically": entrustment.automatic_deletion,
        f"data returned or destroyed {returned} after the end (30 at most)": after_end is not None
        and after_end <= DELETION_DAYS,
        "certificate of destruction": entrustment.deletion_certificate,
        "yearly privacy training": entrustment.privacy_training,
    }
    return held_share(controls.items(), "{held}", "lacks", none="no control")


@_entrustment.number(
    "breach_notice_hours",
    "hours after detecting a personal-data breach within which the vendor tells the buyer "
    "(the buyer must tell its customers within 72 h, 개인정보 보호법 제34조) [h]",
)
def _breach(needs: Needs, entrustment: DataEntrustment, context: ScoringContext) -> Measurement:
    hours = entrustment.breach_notice_hours
    if hours is None:
        return Measurement.not_answered("how fast it would report a personal-data breach")
    return Measurement(
        float(hours),
        f"tells the buyer within {format_number(float(hours))} h of detecting a breach "
        "(the buyer has 72 h to notify)",
    )


# ----------------------------------------------------------------------------- outbound


def _no_outbound(controls: OutboundControls) -> str | None:
    return None if controls.outbound_in_scope else "no outbound calls in the proposal"


_outbound = _security.part(
    lambda answer: answer.outbound,
    "its outbound controls (두낫콜, 불완전판매)",
    unless=_no_outbound,
)


@_outbound.boolean(
    "do_not_call_screening",
    "outbound calling lists are screened against 두낫콜 and the buyer's opt-outs before "
    "dialling, and no promotional call goes out 21:00–08:00 without consent (정보통신망법 "
    "제50조)",
)
def _do_not_call(needs: Needs, controls: OutboundControls, context: ScoringContext) -> Measurement:
    gaps = []
    if not controls.do_not_call_screening:
        gaps.append("lists are not screened against 두낫콜 and opt-outs")
    if not controls.calling_hours_respected:
        gaps.append("promotional calls may go out 21:00–08:00 without consent")
    if gaps:
        return Measurement(False, "; ".join(gaps))
    age = controls.screening_max_age_days
    fresh = "" if age is None else f" at most {format_count(age, 'day')} before dialling"
    return Measurement(
        True, f"lists screened against 두낫콜 and opt-outs{fresh}; no calls 21:00–08:00"
    )


@_outbound.share(
    "mis_selling_controls",
    "share of the controls against mis-selling (불완전판매) on outbound sales in place: "
    "recording, script checks, verification call, withdrawal notice, commission clawback "
    "[0–1]",
)
def _mis_selling(needs: Needs, controls: OutboundControls, context: ScoringContext) -> Measurement:
    return held_share(
        ((what, getattr(controls, name)) for name, what in MIS_SELLING_CONTROLS),
        "{count} of {total} controls against mis-selling",
        "lacks",
        separator="; ",
    )
