"""The Korean measures and the knock-outs of the ``kr-contact-center`` pack, rule by rule.

The fixtures are the two vendors of ``tests/data/kr`` for the sample buyer Hanbit Mall
(phone 24/7, chat, e-mail and social; ISMS-P and PCI DSS required; 36 months from 2027-01),
evaluated on 2026-11-23: Mirae Contact passes every knock-out, and each test below changes
one answer to trip exactly one rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests.builders import kr_needs, kr_vendors, make_needs
from tests.checks import window
from vendoreval.checks import (
    CheckResult,
    LabourRisk,
    Measurement,
    ScoringContext,
    contract_term,
    labour_law_risk,
    minimum_wage,
    score_check,
)
from vendoreval.checks.korea import night_hours_needed
from vendoreval.criteria import CriteriaPack
from vendoreval.needs import Needs, SecurityNeeds
from vendoreval.needs.hours import Hours
from vendoreval.proposal import ContractForm, VendorProposal

AS_OF = dt.date(2026, 11, 23)
NEEDS = kr_needs()
VENDORS = {proposal.name: proposal for proposal in kr_vendors()}
MIRAE = VENDORS["Mirae Contact"]
DASAN = VENDORS["Dasan Outsourcing"]
PACK = CriteriaPack.load("kr-contact-center")
CONTEXT = ScoringContext(as_of=AS_OF)


def score(proposal: VendorProposal, check: str, needs: Needs = NEEDS) -> CheckResult:
    return score_check(check, needs, proposal.answer(check), PACK, CONTEXT)


def failed(proposal: VendorProposal, check: str, needs: Needs = NEEDS) -> list[str]:
    return [ko.rule for ko in score(proposal, check, needs).knockouts]


def change(proposal: VendorProposal, check: str, part: str, **fields: Any) -> VendorProposal:
    """``proposal`` with fields of one part of one answer replaced (None removes the part)."""
    answer = proposal.answer(check)
    assert answer is not None
    current = getattr(answer, part)
    value = (
        None if fields.get("_remove") else type(current).model_validate({**dict(current), **fields})
    )
    return proposal.model_copy(update={check: answer.model_copy(update={part: value})})


def reason(result: CheckResult, criterion: str) -> str:
    return next(r.text for r in result.reasons if r.criterion == criterion)


# ----------------------------------------------------------------------------- the fixtures


def test_mirae_passes_and_dasan_fails_only_agent_protection() -> None:
    for check in ("coverage", "references", "staffing", "crm", "social", "location"):
        assert failed(MIRAE, check) == [], check
    assert failed(MIRAE, "security") == []
    assert failed(DASAN, "staffing") == ["agent_protection"]
    assert failed(DASAN, "security") == []
    evidence = score(DASAN, "staffing").knockouts[0].evidence
    assert evidence == (
        "5 of 7 statutory measures in place; missing extra breaks after an abusive contact "
        "(시행령 제41조 제2호); support for complaints and claims against abusers "
        "(시행령 제41조 제4호)"
    )


# ----------------------------------------------------------------------------- one test per rule


def test_unlawful_dispatch_fires_when_the_buyer_instructs_a_subcontractors_agents() -> None:
    vendor = change(MIRAE, "staffing", "contract_form", direction="buyer")
    assert failed(vendor, "staffing") == ["unlawful_dispatch"]
    assert score(vendor, "staffing").subscores["labour_law"] == 0.0


def test_agent_protection_fires_when_a_statutory_measure_is_missing() -> None:
    vendor = change(MIRAE, "staffing", "agent_protection", right_to_end_calls=False)
    result = score(vendor, "staffing")
    assert [ko.rule for ko in result.knockouts] == ["agent_protection"]
    assert "the right to end or hand over abusive contacts (시행령 제41조 제1호)" in (
        result.knockouts[0].evidence
    )
    assert result.subscores["agent_protection"] == pytest.approx(100 * 6 / 7)


def test_minimum_wage_fires_below_the_statutory_hourly_wage() -> None:
    # 2,150,000 KRW ÷ 209 h = 10,287.08 KRW/h < 10,320 KRW/h (2026, the latest listed rate)
    vendor = change(MIRAE, "staffing", "wages", agent_monthly_pay_krw=Decimal(2_150_000))
    result = score(vendor, "staffing")
    assert [ko.rule for ko in result.knockouts] == ["minimum_wage"]
    assert "10,287 KRW/h, 99.7% of the minimum wage 10,320 KRW/h" in result.knockouts[0].evidence
    # 2,156,880 KRW is exactly 209 h at 10,320 KRW: not below
    exact = change(MIRAE, "staffing", "wages", agent_monthly_pay_krw=Decimal(2_156_880))
    assert failed(exact, "staffing") == []


def test_statutory_premiums_fire_below_fifty_percent() -> None:
    vendor = change(MIRAE, "staffing", "wages", night_premium=0.3)
    result = score(vendor, "staffing")
    assert [ko.rule for ko in result.knockouts] == ["statutory_premiums"]
    assert "night premium 30%" in result.knockouts[0].evidence
    unstated = change(MIRAE, "staffing", "wages", holiday_premium=None)
    assert failed(unstated, "staffing") == ["statutory_premiums"]


def test_required_certificates_fire_when_a_site_is_not_in_scope() -> None:
    register = MIRAE.security.certificates if MIRAE.security else None
    assert register is not None
    narrowed = tuple(
        c.model_copy(update={"sites": ("Seoul",)}) if c.scheme == "pci_dss" else c
        for c in register.certificates
    )
    vendor = change(MIRAE, "security", "certificates", certificates=narrowed)
    result = score(vendor, "security")
    assert [ko.rule for ko in result.knockouts] == ["required_certificates"]
    assert "pci_dss (does not cover Busan)" in result.knockouts[0].evidence


def test_required_certificates_fire_when_one_is_not_yet_issued_or_expired_at_the_start() -> None:
    register = MIRAE.security.certificates if MIRAE.security else None
    assert register is not None
    later = tuple(
        c.model_copy(
            update={"issued_on": dt.date(2026, 12, 1), "expires_on": dt.date(2029, 11, 30)}
        )
        if c.scheme == "isms_p"
        else c
        for c in register.certificates
    )
    vendor = change(MIRAE, "security", "certificates", certificates=later)
    evidence = score(vendor, "security").knockouts[0].evidence
    assert "isms_p (issued 2026-12-01, after the evaluation date 2026-11-23)" in evidence
    lapsed = tuple(
        c.model_copy(update={"expires_on": dt.date(2026, 12, 31)}) if c.scheme == "pci_dss" else c
        for c in register.certificates
    )
    vendor = change(MIRAE, "security", "certificates", certificates=lapsed)
    assert failed(vendor, "security") == ["required_certificates"]


def test_entrustment_contract_fires_when_a_term_is_missing() -> None:
    terms = ("purpose_limitation", "safeguards", "scope", "access_control", "supervision")
    vendor = change(MIRAE, "security", "entrustment", agreement_terms=terms)
    result = score(vendor, "security")
    assert [ko.rule for ko in result.knockouts] == ["entrustment_contract"]
    assert result.knockouts[0].evidence.endswith("missing subcontracting_limits, liability")
    assert result.subscores["entrustment_terms"] == pytest.approx(100 * 5 / 7)


def test_processors_disclosed_fires_on_an_incomplete_list_or_without_consent() -> None:
    vendor = change(MIRAE, "security", "entrustment", subprocessors_complete=False)
    assert failed(vendor, "security") == ["processors_disclosed"]
    vendor = change(MIRAE, "security", "entrustment", subprocessing_with_consent=False)
    result = score(vendor, "security")
    assert [ko.rule for ko in result.knockouts] == ["processors_disclosed"]
    assert "re-entrustment does not need the buyer's consent" in result.knockouts[0].evidence


def test_audit_right_fires_without_it() -> None:
    vendor = change(MIRAE, "security", "entrustment", audit_right=False)
    assert failed(vendor, "security") == ["audit_right"]


def test_breach_notice_fires_above_24_hours() -> None:
    assert (
        failed(change(MIRAE, "security", "entrustment", breach_notice_hours=24), "security") == []
    )
    vendor = change(MIRAE, "security", "entrustment", breach_notice_hours=48)
    result = score(vendor, "security")
    assert [ko.rule for ko in result.knockouts] == ["breach_notice"]
    # numeric rule from 72 h (0 points) to 6 h (100): 48 h earns 100 × (72 − 48) / 66
    assert result.subscores["breach_notice"] == pytest.approx(100 * 24 / 66)


def test_do_not_call_fires_when_outbound_lists_are_not_screened() -> None:
    vendor = change(MIRAE, "security", "outbound", do_not_call_screening=False)
    assert failed(vendor, "security") == ["do_not_call"]
    night = change(MIRAE, "security", "outbound", calling_hours_respected=False)
    assert failed(night, "security") == ["do_not_call"]
    # no outbound in the proposal: not scored, and the rule does not fire
    inbound = change(
        MIRAE, "security", "outbound", outbound_in_scope=False, do_not_call_screening=False
    )
    result = score(inbound, "security")
    assert result.knockouts == ()
    assert "do_not_call" not in result.subscores
    assert reason(result, "do_not_call").endswith("not scored — no outbound calls in the proposal")


# ----------------------------------------------------------------------------- missing parts


@pytest.mark.parametrize(
    ("check", "part", "rules"),
    [
        ("staffing", "contract_form", ["unlawful_dispatch"]),
        ("staffing", "agent_protection", ["agent_protection"]),
        ("staffing", "wages", ["minimum_wage", "statutory_premiums"]),
        ("security", "certificates", ["required_certificates"]),
        (
            "security",
            "entrustment",
            ["entrustment_contract", "processors_disclosed", "audit_right", "breach_notice"],
        ),
        ("security", "outbound", ["do_not_call"]),
    ],
)
def test_a_missing_part_is_not_answered_and_its_knock_outs_fail(
    check: str, part: str, rules: list[str]
) -> None:
    vendor = change(MIRAE, check, part, _remove=True)
    result = score(vendor, check)
    assert [ko.rule for ko in result.knockouts] == rules
    for ko in result.knockouts:
        assert ko.evidence.startswith("not answered: the proposal does not give ")
    missing = [r for r in result.reasons if "not answered" in r.text]
    assert missing
    for item in missing:  # 0 points out of its full share of the check
        assert item.points == 0.0
        assert item.possible > 0
        assert item.text.endswith("— 0/100")
    assert result.score == pytest.approx(sum(r.points for r in result.reasons))


def test_the_whole_check_unanswered_still_says_so() -> None:
    vendor = MIRAE.model_copy(update={"security": None})
    result = score(vendor, "security")
    assert result.score == 0.0
    assert "not answered: the proposal gives no answer to the 보안" in result.reasons[0].text
    assert all(
        ko.evidence.startswith("not answered: the proposal gives no answer")
        for ko in result.knockouts
    )
    assert "do_not_call" in [ko.rule for ko in result.knockouts]


def test_a_requirement_the_buyer_did_not_state_does_not_fire_on_a_missing_answer() -> None:
    day_only = make_needs(hours=window("09:00", "18:00"), holidays_covered=False)
    vendor = change(MIRAE, "staffing", "wages", _remove=True)
    assert failed(vendor, "staffing", day_only) == ["minimum_wage"]  # no statutory_premiums
    no_certs = NEEDS.model_copy(update={"security": SecurityNeeds()})
    vendor = change(MIRAE, "security", "certificates", _remove=True)
    assert "required_certificates" not in failed(vendor, "security", no_certs)


def test_not_answered_measurement() -> None:
    m = Measurement.not_answered("the wages")
    assert (m.value, m.answered) == (None, False)
    assert m.detail == "not answered: the proposal does not give the wages"
    assert Measurement(1.0, "x").answered


# ----------------------------------------------------------------------------- contract form


def _form(
    form: str, direction: str, site: str, decides: bool = True, licence: bool = False
) -> ContractForm:
    return ContractForm(
        form=form,
        direction=direction,
        site=site,
        vendor_decides_staffing=decides,
        dispatch_licence=licence,
    )


@pytest.mark.parametrize(
    ("form", "term", "risk"),
    [
        # 도급 directed by the vendor on its own site: the textbook subcontract
        (_form("subcontract", "vendor", "vendor"), 36, LabourRisk.LOW),
        (_form("subcontract", "through_vendor", "vendor"), 36, LabourRisk.LOW),
        # on the buyer's premises the agents work beside the buyer's staff (2010다106436, test 2)
        (_form("subcontract", "through_vendor", "buyer"), 36, LabourRisk.MODERATE),
        # the buyer instructs the agents: 지휘·명령 (test 1)
        (_form("subcontract", "buyer", "vendor"), 36, LabourRisk.HIGH),
        # the vendor does not decide hiring, shifts, leave, appraisal (test 3)
        (_form("subcontract", "vendor", "vendor", decides=False), 12, LabourRisk.HIGH),
        # 파견 needs the agency licence (파견법 제7조) and stops at two years (제6조)
        (_form("dispatch", "buyer", "buyer", licence=False), 12, LabourRisk.HIGH),
        (_form("dispatch", "buyer", "buyer", licence=True), 24, LabourRisk.LOW),
        (_form("dispatch", "buyer", "buyer", licence=True), 25, LabourRisk.MODERATE),
    ],
)
def test_labour_law_risk_table(form: ContractForm, term: int, risk: LabourRisk) -> None:
    found, why = labour_law_risk(form, term)
    assert found is risk
    assert ("파견" in why) or ("도급" in why)


# ----------------------------------------------------------------------------- wages and hours


def test_minimum_wage_table_and_years_outside_it() -> None:
    # 최저임금 고시: 2025 10,030 원, 2026 10,320 원
    assert minimum_wage(2025) == (Decimal(10030), 2025)
    assert minimum_wage(2026) == (Decimal(10320), 2026)
    assert minimum_wage(2031) == (Decimal(10320), 2026)
    assert minimum_wage(2019)[1] == 2022


def test_mirae_wage_ratio_by_hand() -> None:
    result = score(MIRAE, "staffing")
    # 2,350,000 ÷ 209 = 11,244.02 KRW/h; ÷ 10,320 = 1.08954; rule 1.0 → 0, 1.2 → 100
    ratio = 2_350_000 / 209 / 10_320
    assert result.subscores["minimum_wage"] == pytest.approx(100 * (ratio - 1.0) / 0.2)
    assert "(the 2026 rate, the latest vendoreval lists)" in reason(result, "minimum_wage")
    # direct labour 68%: rule 0.5 → 0, 0.75 → 100
    assert result.subscores["direct_labour"] == pytest.approx(100 * (0.68 - 0.5) / 0.25)


def test_night_hours_needed() -> None:
    assert night_hours_needed(Hours.around_the_clock()) == 56.0  # 8 h × 7
    assert night_hours_needed(window("09:00", "18:00")) == 0.0
    assert night_hours_needed(window("20:00", "24:00")) == 14.0  # 22–24 every day
    assert night_hours_needed(window("05:00", "07:00")) == 7.0  # 05–06 every day


def test_premiums_are_not_scored_without_night_or_holiday_work() -> None:
    day_only = make_needs(hours=window("09:00", "18:00"), holidays_covered=False)
    result = score(MIRAE, "staffing", day_only)
    assert "premiums_paid" not in result.subscores
    assert reason(result, "premiums_paid").endswith(
        "not scored — the buyer's hours need no night (22:00–06:00) or holiday work"
    )


def test_contract_term() -> None:
    assert contract_term(NEEDS) == (dt.date(2027, 1, 1), dt.date(2029, 12, 31))


# ----------------------------------------------------------------------------- certificates


def test_a_certificate_expiring_during_the_term_does_not_count_as_valid() -> None:
    result = score(MIRAE, "security")
    assert result.subscores["certificates_valid"] == 0.0
    assert "isms_p (expires 2028-03-13, before 2029-12-31)" in reason(result, "certificates_valid")
    register = MIRAE.security.certificates if MIRAE.security else None
    assert register is not None
    renewed = tuple(
        c.model_copy(
            update={"issued_on": dt.date(2026, 11, 1), "expires_on": dt.date(2029, 12, 31)}
        )
        if c.scheme == "isms_p"
        else c
        for c in register.certificates
    )
    vendor = change(MIRAE, "security", "certificates", certificates=renewed)
    assert score(vendor, "security").subscores["certificates_valid"] == 50.0  # isms_p of 2


def test_quality_marks_count_while_current_at_a_delivery_site() -> None:
    assert score(MIRAE, "security").subscores["quality_marks"] == 100.0  # KS-CQI, Seoul
    dasan = score(DASAN, "security")
    assert dasan.subscores["quality_marks"] == 0.0  # KSQI expired 2026-10-19
    assert "expired or not at a delivery site: ksqi" in reason(dasan, "quality_marks")


# ----------------------------------------------------------------------------- personal data


def test_deletion_controls_by_hand() -> None:
    # Dasan: retention stated, no automatic deletion, 60 days after the end (> 30),
    # certificate of destruction, yearly training: 3 of 5
    result = score(DASAN, "security")
    assert result.subscores["data_deletion"] == pytest.approx(60.0)
    assert "lacks recordings deleted automatically, data returned or destroyed 60 days after" in (
        reason(result, "data_deletion")
    )


def test_mis_selling_controls_share() -> None:
    vendor = change(
        MIRAE, "security", "outbound", verification_call=False, commission_clawback=False
    )
    result = score(vendor, "security")
    assert result.subscores["mis_selling"] == pytest.approx(60.0)  # 3 of 5
    assert result.knockouts == ()
