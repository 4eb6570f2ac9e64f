"""The one builder of hand-made needs and proposals for tests.

``make_needs(**fields)`` starts from a small Korean e-commerce buyer (phone 24/7 in Korean)
and replaces whatever ``fields`` name; ``channel(...)`` and ``vendor(...)`` build the parts
tests vary most. Tests that need a specific buyer pass their channels, languages and
contract here rather than writing a builder of their own. ``korean_parts()`` and
``kr_vendors()`` give the answers a Korean buyer asks for (``kr-contact-center``).
``random_calls(channel)`` wraps a channel column in call records of random handling times.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vendoreval.needs import ChannelNeeds, ContractNeeds, LanguageNeed, Needs, ServiceLevelTarget
from vendoreval.needs.hours import Hours
from vendoreval.pricing import PriceSheet
from vendoreval.proposal import PricingAnswer, StaffingAnswer, VendorProposal

__all__ = [
    "KR_DATA",
    "channel",
    "contract",
    "korean_parts",
    "kr_needs",
    "kr_vendors",
    "languages",
    "make_needs",
    "random_calls",
    "vendor",
    "with_korean_parts",
]


def channel(
    name: str,
    volume_per_month: int,
    talk_seconds: float,
    *,
    share: float | None = None,
    within_seconds: float | None = None,
    within_hours: float | None = None,
    **fields: Any,
) -> ChannelNeeds:
    """One channel's needs; ``share`` with ``within_seconds`` or ``within_hours`` sets its
    service-level target (e.g. ``share=0.8, within_seconds=20`` for 80/20)."""
    if share is not None:
        fields["service_level"] = ServiceLevelTarget(
            share=share, answer_within_seconds=within_seconds, respond_within_hours=within_hours
        )
    return ChannelNeeds(
        channel=name, volume_per_month=volume_per_month, talk_seconds=talk_seconds, **fields
    )


def languages(**shares: float) -> tuple[LanguageNeed, ...]:
    """Language needs from ``language=share`` pairs (``languages(ko=0.7, en=0.3)``)."""
    return tuple(LanguageNeed(language=tag.replace("_", "-"), share=s) for tag, s in shares.items())


def contract(**fields: Any) -> ContractNeeds:
    """Contract needs in KRW starting 2027-01, overridden by ``fields``."""
    base: dict[str, Any] = {"currency": "KRW", "start_month": "2027-01"}
    return ContractNeeds(**{**base, **fields})


def make_needs(**fields: Any) -> Needs:
    """A small Korean e-commerce buyer: phone 24/7 in Korean, overridden by ``fields``."""
    base: dict[str, Any] = {
        "buyer": "ShopKo",
        "industry": "e-commerce",
        "competitors": ("RivalMart",),
        "timezone": "Asia/Seoul",
        "hours": Hours.around_the_clock(),
        "channels": (channel("phone", 50_000, 240),),
        "languages": languages(ko=1.0),
        "contract": contract(start_month="2026-01"),
    }
    return Needs(**{**base, **fields})


def vendor(name: str, *, staffing: StaffingAnswer | None = None, **sheet: Any) -> VendorProposal:
    """A proposal answering the pricing check with the price sheet ``sheet`` (currency KRW
    unless given), and the staffing check when ``staffing`` is given."""
    sheet.setdefault("currency", "KRW")
    return VendorProposal(
        name=name, pricing=PricingAnswer(sheet=PriceSheet(**sheet)), staffing=staffing
    )


# ----------------------------------------------------------------------------- Korean answers


KR_DATA = Path(__file__).resolve().parent / "data" / "kr"
"""A buyer (``needs.yaml``, a copy of the sample buyer Hanbit Mall) and two full proposals
with every Korean answer (``vendors/``): ``Mirae Contact`` passes every knock-out of
``kr-contact-center`` evaluated on 2026-11-23, ``Dasan Outsourcing`` fails only the
agent-protection one (no extra breaks, no legal support)."""


def kr_needs() -> Needs:
    """The buyer of :data:`KR_DATA`."""
    from vendoreval.io.files import load_needs

    return load_needs(KR_DATA / "needs.yaml")


def kr_vendors() -> list[VendorProposal]:
    """The proposals of :data:`KR_DATA`, Dasan Outsourcing first."""
    from vendoreval.io.files import load_proposals

    return load_proposals(KR_DATA / "vendors")


def korean_parts() -> dict[str, dict[str, Any]]:
    """Every Korean answer, the QA programme and the reference checks, with no field left at
    its default: ``{check: {field: part}}`` to add to a proposal's answers."""
    from vendoreval.proposal import (
        AgentProtection,
        Certificate,
        CertificateRegister,
        ContractForm,
        DataEntrustment,
        OutboundControls,
        QualityProgramme,
        ReferenceCall,
        ReferenceChecks,
        ReferenceProfile,
        SubProcessor,
        Wages,
    )

    return {
        "staffing": {
            "quality_programme": QualityProgramme(
                scorecard_items=24,
                auto_fail_items=("identity_not_verified", "personal_data_exposed"),
                evaluations_per_agent_month=8,
                calibration_every_days=14,
                qa_target=0.9,
                speech_analytics_coverage=0.75,
                finding_to_coaching_days=2.5,
                qa_analysts=4,
            ),
            "contract_form": ContractForm(
                form="dispatch",
                direction="buyer",
                site="buyer",
                vendor_decides_staffing=True,
                dispatch_licence=True,
            ),
            "agent_protection": AgentProtection(
                caller_notice=True,
                response_manual=True,
                manual_training=True,
                right_to_end_calls=True,
                extra_breaks=True,
                counselling=True,
                legal_support=True,
                incident_log=True,
                incidents_last_year=120,
                incidents_followed_up=118,
            ),
            "wages": Wages(
                agent_monthly_pay_krw=Decimal("2450000.5"),
                paid_hours_per_month=226,
                direct_labour_share=0.7,
                night_premium=0.5,
                holiday_premium=1,
                premiums_in_per_head_price=True,
            ),
        },
        "security": {
            "certificates": CertificateRegister(
                delivery_sites=("Seoul", "Busan"),
                certificates=(
                    Certificate(
                        scheme="isms_p",
                        issuer="KISA",
                        number="ISMS-P-2025-031",
                        issued_on=dt.date(2025, 3, 14),
                        expires_on=dt.date(2028, 3, 13),
                        sites=("Seoul", "Busan"),
                        channels=("phone", "chat"),
                    ),
                    Certificate(
                        scheme="ks_cqi",
                        issuer="한국표준협회",
                        issued_on=dt.date(2026, 9, 22),
                        expires_on=dt.date(2027, 9, 21),
                        sites=("Seoul",),
                        channels=("phone",),
                    ),
                ),
            ),
            "entrustment": DataEntrustment(
                processor="주식회사 미래컨택트",
                agreement_terms=("purpose_limitation", "safeguards", "liability"),
                subprocessors=(
                    SubProcessor(name="Naver Cloud", task="recording storage", country="KR"),
                ),
                subprocessors_complete=True,
                subprocessing_with_consent=True,
                audit_right=True,
                privacy_training=True,
                recording_retention_days=365,
                automatic_deletion=True,
                deletion_after_end_days=30,
                deletion_certificate=True,
                breach_notice_hours=12.5,
            ),
            "outbound": OutboundControls(
                outbound_in_scope=True,
                do_not_call_screening=True,
                screening_max_age_days=30,
                calling_hours_respected=True,
                sales_calls_recorded=True,
                script_checks=True,
                verification_call=True,
                withdrawal_notice=True,
                commission_clawback=True,
            ),
        },
        "references": {
            "reference_checks": ReferenceChecks(
                profiles=(
                    ReferenceProfile(
                        client="Dasom Fashion", monthly_contacts=85_000, languages=("ko", "en")
                    ),
                    ReferenceProfile(client="Bomnal Living", former_client=True),
                ),
                calls=(
                    ReferenceCall(
                        client="Dasom Fashion",
                        caller="Kim",
                        called_on=dt.date(2026, 11, 2),
                        transition=5,
                        staffing_stability=4,
                        service_levels=4,
                        quality=5,
                        escalations=4,
                        pricing_honesty=5,
                        reporting=4,
                        account_management=5,
                        would_choose_again=5,
                        note="moved their returns desk in four weeks",
                    ),
                ),
            ),
        },
    }


def with_korean_parts(proposal: VendorProposal) -> VendorProposal:
    """``proposal`` with :func:`korean_parts` added to its staffing, security and references
    answers (each must be answered)."""
    update: dict[str, Any] = {}
    for check, parts in korean_parts().items():
        answer = getattr(proposal, check)
        assert answer is not None, f"{proposal.name} does not answer {check}"
        update[check] = answer.model_copy(update=parts)
    return proposal.model_copy(update=update)


#: The knock-outs the Korean pack adds to (or rewrites from) the default pack, as
#: ``check.rule`` ids.
KOREAN_KNOCKOUTS = {
    "staffing.unlawful_dispatch",
    "staffing.agent_protection",
    "staffing.minimum_wage",
    "staffing.statutory_premiums",
    "security.required_certificates",
    "security.entrustment_contract",
    "security.processors_disclosed",
    "security.audit_right",
    "security.breach_notice",
    "security.do_not_call",
}


def random_calls(channel: Any, *, seed: int = 1) -> pd.DataFrame:
    """Call records of the contacts in ``channel``, one a second from 2027-01-04 00:00.

    Handling times are drawn from ``seed``: talk 0–899 s, hold 0–59 s, after-call work
    0–89 s and wait 0–199 s.
    """
    rows = len(channel)
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "channel": channel,
            "started_at": pd.date_range("2027-01-04", periods=rows, freq="s"),
            "talk_seconds": rng.integers(0, 900, rows),
            "hold_seconds": rng.integers(0, 60, rows),
            "acw_seconds": rng.integers(0, 90, rows),
            "wait_seconds": rng.integers(0, 200, rows),
        }
    )
