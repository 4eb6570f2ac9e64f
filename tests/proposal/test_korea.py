"""The answer models for a Korean buyer, the QA programme, certificates and reference checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.builders import KR_DATA, korean_parts, kr_vendors, vendor, with_korean_parts
from vendoreval.io.documents import dump_text
from vendoreval.io.files import load_proposals
from vendoreval.proposal import (
    AGENT_PROTECTION_MEASURES,
    QUALITY_MARKS,
    AgentProtection,
    Certificate,
    CertificateRegister,
    CertificateScheme,
    ContractForm,
    ContractType,
    DataEntrustment,
    QualityProgramme,
    ReferenceCall,
    ReferenceChecks,
    ReferenceProfile,
    ReferenceQuestion,
    ReferencesAnswer,
    SecurityAnswer,
    StaffingAnswer,
    Wages,
)
from vendoreval.vocabulary import Certification


def test_the_fixture_vendors_load_with_every_korean_part() -> None:
    vendors = {proposal.name: proposal for proposal in kr_vendors()}
    assert sorted(vendors) == ["Dasan Outsourcing", "Mirae Contact"]
    for proposal in vendors.values():
        assert proposal.staffing is not None
        assert proposal.security is not None
        assert proposal.references is not None
        assert proposal.staffing.quality_programme is not None
        assert proposal.staffing.contract_form is not None
        assert proposal.staffing.agent_protection is not None
        assert proposal.staffing.wages is not None
        assert proposal.security.certificates is not None
        assert proposal.security.entrustment is not None
        assert proposal.security.outbound is not None
        assert proposal.references.reference_checks is not None
    mirae = vendors["Mirae Contact"]
    assert mirae.staffing is not None
    assert mirae.staffing.contract_form == ContractForm(
        form=ContractType.SUBCONTRACT,
        direction="through_vendor",
        site="vendor",
        vendor_decides_staffing=True,
    )


def test_korean_parts_round_trip_through_yaml(tmp_path: Path) -> None:
    base = vendor("Full", billing_increment="per-second", voice_rate_per_minute=Decimal(700))
    base = base.model_copy(
        update={
            "staffing": StaffingAnswer(),
            "security": SecurityAnswer(),
            "references": ReferencesAnswer(),
        }
    )
    full = with_korean_parts(base)
    path = tmp_path / "full.yaml"
    path.write_text(dump_text(full.model_dump(mode="json"), "yaml"), encoding="utf-8")
    (loaded,) = load_proposals(path)
    assert loaded == full


def test_every_part_is_optional_and_none_by_default() -> None:
    staffing = StaffingAnswer()
    assert (
        staffing.quality_programme,
        staffing.contract_form,
        staffing.agent_protection,
        staffing.wages,
    ) == (None, None, None, None)
    assert set(korean_parts()) == {"staffing", "security", "references"}


# ----------------------------------------------------------------------------- agent protection


def test_agent_protection_lists_the_measures_in_place() -> None:
    protection = AgentProtection(caller_notice=True, counselling=True)
    assert protection.measures_in_place == ("caller_notice", "counselling")
    assert len(AGENT_PROTECTION_MEASURES) == 7
    cited = {where for _, _, where in AGENT_PROTECTION_MEASURES}
    assert {"시행규칙 제41조 제1호", "시행령 제41조 제4호"} <= cited


def test_follow_ups_cannot_exceed_the_incidents() -> None:
    with pytest.raises(ValidationError, match=r"incidents_followed_up \(5\) exceeds"):
        AgentProtection(incidents_last_year=3, incidents_followed_up=5)
    with pytest.raises(ValidationError, match="without incidents_last_year"):
        AgentProtection(incidents_followed_up=1)


# ----------------------------------------------------------------------------- wages


def test_hourly_pay() -> None:
    wages = Wages(agent_monthly_pay_krw=Decimal(2_156_880))
    assert wages.paid_hours_per_month == 209
    assert wages.hourly_pay_krw == Decimal(10_320)  # the 2026 minimum wage × 209 h


@pytest.mark.parametrize(
    "fields",
    [
        {"agent_monthly_pay_krw": Decimal(0)},
        {"agent_monthly_pay_krw": Decimal("NaN")},
        {"agent_monthly_pay_krw": Decimal(1), "direct_labour_share": 1.2},
        {"agent_monthly_pay_krw": Decimal(1), "night_premium": -0.5},
        {"agent_monthly_pay_krw": Decimal(1), "paid_hours_per_month": 0},
    ],
)
def test_bad_wages_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Wages.model_validate(fields)


# ----------------------------------------------------------------------------- entrustment


def test_entrustment_needs_the_processor() -> None:
    with pytest.raises(ValidationError, match="processor"):
        DataEntrustment.model_validate({})
    with pytest.raises(ValidationError, match="agreement_terms"):
        DataEntrustment(processor="X", agreement_terms=("secrecy",))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- certificates


def test_every_certification_is_a_certificate_scheme() -> None:
    for certification in Certification:
        assert CertificateScheme(certification.value).certification is certification
    assert CertificateScheme.KSQI.certification is None
    assert QUALITY_MARKS == (CertificateScheme.KSQI, CertificateScheme.KS_CQI)


def _certificate(**fields: object) -> Certificate:
    data: dict[str, object] = {
        "scheme": "isms_p",
        "issuer": "KISA",
        "issued_on": dt.date(2025, 3, 14),
        "expires_on": dt.date(2028, 3, 13),
        "sites": ("Seoul", "Busan"),
        "channels": ("phone", "chat"),
    }
    return Certificate.model_validate({**data, **fields})


def test_certificate_scope_and_validity() -> None:
    certificate = _certificate()
    assert certificate.covers(("seoul",), ("phone",))  # sites compare case-insensitively
    assert not certificate.covers(("Seoul", "Daejeon"), ("phone",))
    assert not certificate.covers(("Seoul",), ("email",))
    assert certificate.valid_between(dt.date(2026, 11, 23), dt.date(2028, 3, 13))
    assert not certificate.valid_between(dt.date(2026, 11, 23), dt.date(2029, 12, 31))
    assert not certificate.valid_between(dt.date(2025, 1, 1), dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"expires_on": dt.date(2024, 1, 1)}, "expires_on .* is before issued_on"),
        ({"sites": ()}, "sites"),
        ({"sites": ("Seoul, Busan",)}, "without commas"),
        ({"sites": (" Seoul",)}, "surrounding spaces"),
        ({"channels": ()}, "channels"),
        ({"scheme": "iso9999"}, "scheme"),
    ],
)
def test_bad_certificates_are_refused(fields: dict[str, object], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        _certificate(**fields)


def test_a_register_names_its_delivery_sites() -> None:
    with pytest.raises(ValidationError, match="delivery_sites"):
        CertificateRegister(delivery_sites=())


# ----------------------------------------------------------------------------- quality programme


def _programme(**fields: object) -> QualityProgramme:
    data: dict[str, object] = {
        "scorecard_items": 3,
        "evaluations_per_agent_month": 6,
        "calibration_every_days": 14,
        "qa_target": 0.9,
        "finding_to_coaching_days": 2,
    }
    return QualityProgramme.model_validate({**data, **fields})


def test_auto_fail_items_fit_the_scorecard() -> None:
    assert _programme(auto_fail_items=["mis_selling"]).auto_fail_items == ("mis_selling",)
    with pytest.raises(ValidationError, match="lists an item twice"):
        _programme(auto_fail_items=["mis_selling", "mis_selling"])
    with pytest.raises(ValidationError, match="the scorecard has only 3"):
        _programme(
            auto_fail_items=[
                "mis_selling",
                "abusive_language",
                "false_information",
                "identity_not_verified",
            ]
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"scorecard_items": 0},
        {"qa_target": 90},
        {"speech_analytics_coverage": 1.5},
        {"calibration_every_days": 0},
        {"finding_to_coaching_days": -1},
    ],
)
def test_bad_programmes_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _programme(**fields)


# ----------------------------------------------------------------------------- reference checks


def test_a_call_answers_the_questions_asked() -> None:
    call = ReferenceCall(client="A", caller="Kim", transition=4, would_choose_again=5)
    assert call.answers() == {
        ReferenceQuestion.TRANSITION: 4,
        ReferenceQuestion.WOULD_CHOOSE_AGAIN: 5,
    }
    assert len(ReferenceQuestion) == 9
    with pytest.raises(ValidationError):
        ReferenceCall(client="A", caller="Kim", quality=6)


def test_reference_checks_refuse_repeats() -> None:
    with pytest.raises(ValidationError, match="profiled twice: A"):
        ReferenceChecks(profiles=(ReferenceProfile(client="A"), ReferenceProfile(client="A")))
    call = ReferenceCall(client="A", caller="Kim")
    with pytest.raises(ValidationError, match="called the same reference twice: Kim → A"):
        ReferenceChecks(calls=(call, call))
    checks = ReferenceChecks(profiles=(ReferenceProfile(client="Dasom Fashion"),))
    assert checks.profile("dasom fashion") is not None
    assert checks.profile("Other") is None


def test_the_fixture_folder_holds_the_buyer_and_the_vendors() -> None:
    assert (KR_DATA / "needs.yaml").is_file()
    assert sorted(p.name for p in (KR_DATA / "vendors").glob("*.yaml")) == [
        "dasan-outsourcing.yaml",
        "mirae-contact.yaml",
    ]
