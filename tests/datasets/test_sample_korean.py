"""The embedded sample under the Korean pack (``kr-contact-center``).

Every sample vendor answers every Korean part of the questionnaire; under the pack, evaluated
on 2026-11-23 (the evaluation date the sample's certificate dates are set for), Andes Global
Services fails the agent-protection knock-out and no other vendor fails a Korean rule but
Pacific Bridge BPO, which holds no ISMS-P certificate. The answers show in ``explain``, in the
comparison workbook and survive the Korean questionnaire unchanged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

import vendoreval as ve
from tests.builders import KOREAN_KNOCKOUTS
from vendoreval.checks import account_agents, quality_flags, summarize_reference_calls
from vendoreval.checks.korea import contract_term
from vendoreval.evaluation import Evaluation
from vendoreval.io.questionnaire import fill_questionnaire, read_questionnaire
from vendoreval.proposal import SecurityAnswer, StaffingAnswer, VendorProposal

AS_OF = dt.date(2026, 11, 23)
PACK = "kr-contact-center"

NEEDS, SAMPLE = ve.load_sample()
BY_NAME = {proposal.name: proposal for proposal in SAMPLE}
ANDES = "Andes Global Services"
HANGANG = "Hangang CX"
PACIFIC = "Pacific Bridge BPO"


@pytest.fixture(scope="module")
def ev() -> Evaluation:
    return ve.evaluate(NEEDS, SAMPLE, PACK, runs=300, seed=0, as_of=AS_OF)


def staffing(name: str) -> StaffingAnswer:
    answer = BY_NAME[name].staffing
    assert answer is not None
    return answer


def security(name: str) -> SecurityAnswer:
    answer = BY_NAME[name].security
    assert answer is not None
    return answer


def failed(ev: Evaluation, name: str) -> list[str]:
    return [ko.rule_id for result in ev.checks[name].values() for ko in result.knockouts]


# ----------------------------------------------------------------------------- the answers


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_every_vendor_answers_every_korean_part(name: str) -> None:
    proposal = BY_NAME[name]
    answer = staffing(name)
    for part in ("quality_programme", "contract_form", "agent_protection", "wages"):
        assert getattr(answer, part) is not None, part
    assert answer.agent_protection is not None
    assert answer.agent_protection.incident_log
    for part in ("certificates", "entrustment", "outbound"):
        assert getattr(security(name), part) is not None, part
    assert proposal.references is not None
    checks = proposal.references.reference_checks
    assert checks is not None
    listed = {ref.client for ref in proposal.references.references}
    assert {profile.client for profile in checks.profiles} == listed
    assert any(profile.former_client for profile in checks.profiles)
    assert {call.client for call in checks.calls} <= listed
    for call in checks.calls:  # eight or nine of the nine questions asked on every call
        assert 8 <= len(call.answers()) <= 9, (call.client, call.caller)


def test_the_vendors_differ() -> None:
    answers = [staffing(name) for name in BY_NAME]
    assert len({a.wages.agent_monthly_pay_krw for a in answers if a.wages}) == 5
    assert len({a.wages.direct_labour_share for a in answers if a.wages}) == 5
    programmes = [a.quality_programme for a in answers if a.quality_programme]
    assert len({(p.evaluations_per_agent_month, p.calibration_every_days) for p in programmes}) >= 4
    notices = {security(name).entrustment.breach_notice_hours for name in BY_NAME}  # type: ignore[union-attr]
    assert notices == {6, 12, 18, 24}
    outbound = {name for name in BY_NAME if security(name).outbound.outbound_in_scope}  # type: ignore[union-attr]
    assert outbound == {"Daehan Outsourcing", "Seoul Contact Partners", HANGANG}


def test_certificates_are_issued_before_the_evaluation_and_cover_the_start() -> None:
    start, end = contract_term(NEEDS)
    assert (start, end) == (dt.date(2027, 1, 1), dt.date(2028, 12, 31))
    for name in BY_NAME:
        register = security(name).certificates
        assert register is not None
        sites = {site.city for site in BY_NAME[name].location.sites}  # type: ignore[union-attr]
        assert set(register.delivery_sites) <= sites, name
        for certificate in register.certificates:
            assert certificate.issued_on <= AS_OF, (name, certificate.scheme)
            assert set(certificate.sites) <= sites, (name, certificate.scheme)
    # Only Daehan's ISMS-P runs to the end of the term; PCI DSS attestations are yearly.
    whole_term = {
        (name, c.scheme.value)
        for name in BY_NAME
        for c in security(name).certificates.certificates  # type: ignore[union-attr]
        if c.scheme in {"isms_p", "pci_dss"} and c.valid_between(AS_OF, end)
    }
    assert whole_term == {("Daehan Outsourcing", "isms_p")}


def test_only_hangang_gives_implausible_qa_answers() -> None:
    flagged = {name: quality_flags(NEEDS, staffing(name)) for name in BY_NAME}
    assert {name for name, flags in flagged.items() if flags} == {HANGANG}
    assert [flag.code for flag in flagged[HANGANG]] == ["evaluator_capacity"]
    # Hanbit's workload, messaging handled 2.5 at a time: (36,000 × 275 + 50,000 × 540 / 2.5
    # + 14,000 × 360 + 4,000 × 270) s = 26,820,000 s = 7,450 h a month; ÷ 0.85 occupancy =
    # 8,764.71 h; Hangang's FTE works 40 × 52 / 12 = 173.33 h × (1 − 0.30) = 121.33 h, so
    # 72.237 agents; 10 evaluations each = 722.37 a month for its one QA analyst, above the
    # 400 an evaluator can score.
    agents = account_agents(NEEDS, 0.3)
    assert agents == pytest.approx(72.2366, abs=5e-4)
    assert 10 * agents == pytest.approx(722.366, abs=5e-3)
    for name in BY_NAME:  # the share of contacts checked matches the evaluations stated
        answer = staffing(name)
        assert answer.quality_programme is not None
        implied = (
            answer.coaching.qa_sampling_rate * 104_000 / account_agents(NEEDS, answer.shrinkage)
        )
        assert 0.5 <= implied / answer.quality_programme.evaluations_per_agent_month <= 2.0


def test_reference_calls_disagree_once() -> None:
    flagged = {
        name: summarize_reference_calls(NEEDS, BY_NAME[name].references).flagged  # type: ignore[arg-type]
        for name in BY_NAME
    }
    seoul = flagged.pop("Seoul Contact Partners")
    assert seoul[["client", "question", "callers"]].values.tolist() == [
        ["Dasom Fashion", "service_levels", "Kim Jiwoo: 2, Lee Seoyeon: 4"]
    ]
    assert all(table.empty for table in flagged.values())


# ----------------------------------------------------------------------------- the evaluation


def test_andes_alone_fails_agent_protection_and_the_others_pass_the_korean_rules(
    ev: Evaluation,
) -> None:
    korean = {
        (name, rule) for name in BY_NAME for rule in failed(ev, name) if rule in KOREAN_KNOCKOUTS
    }
    assert korean == {
        (ANDES, "staffing.agent_protection"),
        (PACIFIC, "security.required_certificates"),  # no ISMS-P, as in the default pack
    }
    assert failed(ev, ANDES) == [
        "staffing.language_fluency",
        "staffing.agent_protection",
        "security.dr_rto",
    ]
    assert set(ev.ranking.index[ev.ranking["passed"]]) == {
        "Daehan Outsourcing",
        "Seoul Contact Partners",
        HANGANG,
    }
    assert sorted(ev.ranking["rank"]) == [1, 2, 3, 4, 5]
    # Under the Korean pack Daehan comes first; the default pack puts Seoul first.
    assert ev.ranking.index[0] == "Daehan Outsourcing"
    assert ev.checks[ANDES]["staffing"].subscores["agent_protection"] == pytest.approx(600 / 7)


def test_explain_says_why_andes_is_knocked_out(ev: Evaluation) -> None:
    text = ev.explain(ANDES)
    assert (
        "staffing.agent_protection: 고객응대근로자 보호조치 누락 (산업안전보건법 제41조) · a "
        "statutory agent-protection measure is missing. Evidence: 6 of 7 statutory measures "
        "in place; missing the right to end or hand over abusive contacts (시행령 제41조 제1호)"
    ) in text
    assert "71 of 96 abusive contacts recorded in 12 months followed up" in text


def test_explain_shows_the_korean_answers(ev: Evaluation) -> None:
    text = ev.explain("Seoul Contact Partners")
    for line in (
        "계약 형태와 불법파견 위험 · Contract form and unlawful-dispatch risk: 도급 "
        "(subcontract) at the vendor's site, directed through the vendor's on-site manager — "
        "불법파견 risk low — 100/100",
        "고객응대근로자 보호조치 · Agent protection (산업안전보건법 제41조): 7 of 7 statutory "
        "measures in place — 100/100",
        # 2,400,000 KRW ÷ 209 h = 11,483.25 KRW/h ÷ 10,320 KRW/h = 1.1127
        "2,400,000 KRW a month for 209 paid hours = 11,483 KRW/h, 111% of the minimum wage",
        "수탁자 서울컨택파트너스 주식회사 (Seoul Contact Partners Co., Ltd.); 재수탁자 Gaon "
        "Cloud Corp. (call-recording storage, KR)",
        "current on 2026-11-23 at a delivery site: ks_cqi",
        "not counted: isms_p (expires 2028-06-19, before 2028-12-31)",
        "lists screened against 두낫콜 and opt-outs at most 30 days before dialling",
        "callers disagree by 2+ points on Dasom Fashion service_levels "
        "(Kim Jiwoo: 2, Lee Seoyeon: 4)",
        "former client among the references: Haneul Air",
    ):
        assert line in text, line
    daehan = ev.explain("Daehan Outsourcing")
    assert "도급 (subcontract) at the vendor's site, directed by the vendor's supervisors" in daehan
    assert "current on 2026-11-23 at a delivery site: ks_cqi, ksqi" in daehan
    hangang = ev.explain(HANGANG)
    assert (
        "QA 답변의 타당성 · Plausible QA answers: implausible: 722 evaluations a month for 1 "
        "QA evaluator is 722 each"
    ) in hangang
    assert "expired or not at a delivery site: ksqi" in hangang


def test_the_workbook_shows_the_korean_answers(ev: Evaluation, tmp_path: Path) -> None:
    path = ev.to_excel(tmp_path / "comparison.xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True)["Checks"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    column = {name: rows[0].index(name) for name in BY_NAME}

    def row(label: str) -> list[object]:
        return next(r for r in rows if r[0] == label)

    assert row("  contract_form.form")[column[ANDES]] == "subcontract"
    assert row("  contract_form.direction")[column["Daehan Outsourcing"]] == "vendor"
    assert row("  agent_protection.right_to_end_calls")[column[ANDES]] == "no"
    assert row("  agent_protection.right_to_end_calls")[column[HANGANG]] == "yes"
    assert row("  entrustment.breach_notice_hours")[column["Daehan Outsourcing"]] == 6
    reasons = [r for r in rows if r[0] == "  Reasons"]
    andes = "\n".join(str(r[column[ANDES]]) for r in reasons)
    assert "도급 (subcontract) at the vendor's site, directed through the vendor's on-site" in andes
    assert "missing the right to end or hand over abusive contacts (시행령 제41조 제1호)" in andes
    knockouts = "\n".join(str(r[column[ANDES]]) for r in rows if r[0] == "  Knock-outs")
    assert "staffing.agent_protection: 고객응대근로자 보호조치 누락" in knockouts


def test_a_missing_korean_answer_is_not_met() -> None:
    """The rule the sample used to illustrate: leaving a Korean part out knocks a vendor out."""
    seoul = BY_NAME["Seoul Contact Partners"]
    answer = staffing(seoul.name).model_copy(update={"agent_protection": None})
    stripped = seoul.model_copy(update={"staffing": answer})
    ev = ve.evaluate(NEEDS, [stripped], PACK, runs=50, seed=0, as_of=AS_OF)
    result = ev.checks[seoul.name]["staffing"]
    assert result.subscores["agent_protection"] == 0.0
    assert [ko.rule_id for ko in result.knockouts] == ["staffing.agent_protection"]
    label = "고객응대근로자 보호조치 · Agent protection (산업안전보건법 제41조)"
    assert f"{label}: not answered: the proposal does not give the agent-protection" in (
        ev.explain(seoul.name)
    )


# ----------------------------------------------------------------------------- questionnaire


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_the_korean_questionnaire_carries_the_answers(tmp_path: Path, name: str) -> None:
    proposal: VendorProposal = BY_NAME[name]
    path = fill_questionnaire(proposal, tmp_path / "질의서.xlsx", NEEDS, language="ko")
    back = read_questionnaire(path)
    assert back == proposal
    assert back.staffing == proposal.staffing  # contract form, protection, wages, QA
    assert back.security == proposal.security  # certificates, entrustment, outbound
    assert back.references == proposal.references  # structured reference checks
