"""Check 7 — security, policies and DR: controls, DR proven, reporting on the buyer's KPIs."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.checks import AS_OF, default_pack, make_needs
from vendoreval.checks import ScoringContext, score_check
from vendoreval.checks.security import kpi_weights, months_between, score_security
from vendoreval.criteria import CheckSpec
from vendoreval.needs import SecurityNeeds
from vendoreval.proposal.security import DisasterRecovery, Reporting, SecurityAnswer
from vendoreval.vocabulary import Certification, Kpi, Segregation

NEEDS = make_needs(
    security=SecurityNeeds(
        required_certifications=("isms_p", "iso27001"),
        min_segregation="logical",
        max_rto_hours=24,
        max_rpo_hours=4,
        dr_test_within_months=12,
        kpis=("first_contact_resolution", "csat", "average_handle_time"),
    )
)
CONTEXT = ScoringContext(as_of=AS_OF)
ANSWER = SecurityAnswer(
    certifications=("iso27001", "isms_p", "pci_dss"),
    segregation="dedicated",
    disaster_recovery=DisasterRecovery(
        documented=True,
        last_tested=dt.date(2026, 5, 1),
        rto_hours=8,
        rpo_hours=6,
        redundant_sites=1,
    ),
    reporting=Reporting(
        sample_reports=True, customizable=False, kpis_reported=("csat", "average_handle_time")
    ),
)


def spec() -> CheckSpec:
    return default_pack().check("security")


def test_score_by_hand() -> None:
    result = score_security(NEEDS, ANSWER, spec(), CONTEXT)
    # certifications 100, dedicated 100, documented 100, tested 6 months ago 100, RTO 100,
    # RPO 6 h > 4 h 0, 1 of 2 redundant sites 50, samples 100, not customizable 0,
    # KPIs: csat (2/6) + handle time (1/6) of rank-sum weights 3/6, 2/6, 1/6 → 50
    expected = (25 + 10 + 10 + 15 + 10) * 100 + 5 * 0 + 5 * 50 + 5 * 100 + 5 * 0 + 10 * 50
    assert result.score == pytest.approx(expected / 100)
    assert result.subscores["kpis"] == pytest.approx(50)
    assert result.passed


def test_dr_test_age_reads_like_a_finding() -> None:
    dr = ANSWER.disaster_recovery.model_copy(update={"last_tested": dt.date(2025, 3, 10)})
    answer = ANSWER.model_copy(update={"disaster_recovery": dr})
    result = score_security(NEEDS, answer, spec(), CONTEXT)
    reason = next(r for r in result.reasons if r.criterion == "dr_tested")
    assert reason.text == (
        "DR tested: DR last tested 2025-03-10, 20 months before 2026-11-23 > 12 months — 0/100"
    )


def test_missing_controls_knock_out() -> None:
    answer = SecurityAnswer(
        certifications=("iso27001",),
        segregation="shared",
        disaster_recovery=DisasterRecovery(documented=True),
    )
    result = score_security(NEEDS, answer, spec(), CONTEXT)
    assert {ko.rule for ko in result.knockouts} == {
        "required_certifications",
        "data_segregation",
        "dr_rto",
    }
    certs = next(ko for ko in result.knockouts if ko.rule == "required_certifications")
    assert "missing isms_p" in certs.evidence
    rto = next(ko for ko in result.knockouts if ko.rule == "dr_rto")
    assert "RTO not stated" in rto.evidence


def test_not_answered_fails_every_stated_requirement() -> None:
    result = score_check("security", NEEDS, None, default_pack(), CONTEXT)
    assert result.score == 0
    assert len(result.knockouts) == 3
    no_certs = make_needs()  # still has a maximum RTO and a minimum segregation
    rules = {ko.rule for ko in score_check("security", no_certs, None, default_pack()).knockouts}
    assert rules == {"data_segregation", "dr_rto"}


def test_months_between_counts_whole_calendar_months() -> None:
    assert months_between(dt.date(2025, 3, 10), dt.date(2026, 11, 23)) == 20
    assert months_between(dt.date(2025, 3, 10), dt.date(2026, 11, 9)) == 19
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0
    assert months_between(dt.date(2027, 1, 1), dt.date(2026, 1, 1)) == 0


def test_rank_sum_weights() -> None:
    assert kpi_weights(3) == pytest.approx([3 / 6, 2 / 6, 1 / 6])
    assert kpi_weights(1) == pytest.approx([1.0])


answers = st.builds(
    SecurityAnswer,
    certifications=st.lists(st.sampled_from(list(Certification)), unique=True).map(tuple),
    segregation=st.sampled_from(list(Segregation)),
    disaster_recovery=st.builds(
        DisasterRecovery,
        documented=st.booleans(),
        last_tested=st.none() | st.dates(dt.date(2015, 1, 1), dt.date(2030, 1, 1)),
        rto_hours=st.none() | st.floats(0.1, 500),
        rpo_hours=st.none() | st.floats(0.1, 500),
        redundant_sites=st.integers(0, 5),
    ),
    reporting=st.builds(
        Reporting,
        sample_reports=st.booleans(),
        customizable=st.booleans(),
        kpis_reported=st.lists(st.sampled_from(list(Kpi)), unique=True).map(tuple),
    ),
)


@given(answers)
def test_any_answer_scores_within_0_and_100(answer: SecurityAnswer) -> None:
    result = score_security(NEEDS, answer, spec(), CONTEXT)
    assert 0 <= result.score <= 100
    assert math.fsum(r.points for r in result.reasons) == pytest.approx(result.score)
