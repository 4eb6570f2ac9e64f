"""Check 7 — security, policies and DR: controls, DR proven, reporting on the buyer's KPIs."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import builders
from tests.checks import AS_OF, default_pack, make_needs
from vendoreval.checks import ScoringContext, score_check
from vendoreval.checks.security import (
    commitment_strength,
    kpi_weights,
    months_between,
    score_security,
)
from vendoreval.contract import Commitment, ServiceCredits
from vendoreval.criteria import CheckSpec
from vendoreval.needs import KpiTarget, SecurityNeeds
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


# ----------------------------------------------------------------------------- commitments

TARGETS = SecurityNeeds(
    kpi_targets=(
        KpiTarget(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20, weight=2),
        KpiTarget(channel="phone", kpi="abandonment", target=0.05),
        KpiTarget(channel="email", kpi="response_within_hours", target=0.9, threshold_hours=4),
    )
)


def _commit(*items: Commitment) -> ServiceCredits:
    return ServiceCredits(commitments=items, at_risk_share=0.1)


def _measured(terms: ServiceCredits | None, needs: Any = None) -> Any:
    context = CONTEXT.model_copy(update={"commitments": terms})
    result = score_security(needs or make_needs(security=TARGETS), ANSWER, spec(), context)
    return result


def test_commitment_strength_by_hand() -> None:
    target = TARGETS.kpi_targets[0]
    as_strong = Commitment(channel="phone", kpi="service_level", target=0.85, threshold_seconds=15)
    weaker = Commitment(channel="phone", kpi="service_level", target=0.7, threshold_seconds=30)
    assert commitment_strength(target, as_strong) == 1.0
    # 0.7 / 0.8 × 20 / 30 = 0.5833
    assert commitment_strength(target, weaker) == pytest.approx(0.7 / 0.8 * 20 / 30)
    assert commitment_strength(target, None) == 0.0
    # lower is better: 5% wanted, 8% committed → 0.05 / 0.08 = 0.625
    abandon = Commitment(channel="phone", kpi="abandonment", target=0.08)
    assert commitment_strength(TARGETS.kpi_targets[1], abandon) == pytest.approx(0.625)
    assert (
        commitment_strength(TARGETS.kpi_targets[1], abandon.model_copy(update={"target": 0.03}))
        == 1.0
    )


def test_commitments_score_against_the_targets() -> None:
    terms = _commit(
        Commitment(channel="phone", kpi="service_level", target=0.7, threshold_seconds=30),
        Commitment(channel="phone", kpi="abandonment", target=0.03),
    )
    result = _measured(terms)
    # weights 2, 1, 1: (2 × 0.5833 + 1 × 1 + 1 × 0) / 4 = 0.5417 → 54.17 points
    expected = (2 * (0.7 / 0.8 * 20 / 30) + 1 + 0) / 4
    assert result.subscores["commitments"] == pytest.approx(100 * expected)
    text = next(r.text for r in result.reasons if r.criterion == "commitments")
    assert "phone service level 80% within 20 s: commits only 70% within 30 s" in text
    assert "email 90% responded within 4 h: no commitment" in text
    nothing = _measured(None)
    assert nothing.subscores["commitments"] == 0
    assert "commits to no service level" in next(
        r.text for r in nothing.reasons if r.criterion == "commitments"
    )
    full = _measured(
        _commit(
            Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20),
            Commitment(channel="phone", kpi="abandonment", target=0.05),
            Commitment(
                channel="email", kpi="response_within_hours", target=0.95, threshold_hours=2
            ),
        )
    )
    assert full.subscores["commitments"] == 100


def test_the_channels_targets_count_when_no_kpi_targets_are_stated() -> None:
    # a channel's own 80/20 target becomes a target of weight 1
    needs = make_needs(
        channels=(builders.channel("phone", 10_000, 240, share=0.8, within_seconds=20),)
    )
    assert [t.key for t in needs.service_targets] == ["phone.service_level"]
    weaker = _commit(
        Commitment(channel="phone", kpi="service_level", target=0.6, threshold_seconds=20)
    )
    assert _measured(weaker, needs).subscores["commitments"] == pytest.approx(75.0)


def test_no_targets_leave_the_commitments_out() -> None:
    needs = make_needs(channels=(builders.channel("phone", 10_000, 240),))
    result = _measured(None, needs)
    assert "commitments" not in result.subscores


def test_reporting_alignment_reads_the_targets_when_no_kpi_list_is_given() -> None:
    # targets by weight: service level (2), then abandonment; email's SL is the same KPI
    reporting = ANSWER.model_copy(
        update={"reporting": Reporting(kpis_reported=(Kpi.SERVICE_LEVEL,))}
    )
    context = CONTEXT.model_copy(update={"commitments": None})
    result = score_security(make_needs(security=TARGETS), reporting, spec(), context)
    # rank-sum weights of 2 KPIs: 2/3, 1/3 → service level reported = 2/3
    assert result.subscores["kpis"] == pytest.approx(100 * 2 / 3)
