"""Check 4 — CRM: connector, integration mode, sync delay, write-back, ownership."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.checks import AS_OF, default_pack, make_needs, pack_with
from vendoreval.checks import ScoringContext, score_check
from vendoreval.checks.crm import best_mode, score_crm
from vendoreval.criteria import CheckSpec
from vendoreval.needs import CrmNeeds
from vendoreval.proposal.crm import CrmAnswer
from vendoreval.vocabulary import CrmSystem, IntegrationMode

NEEDS = make_needs(crm=CrmNeeds(system="salesforce", mode="realtime_api"))
CONTEXT = ScoringContext(as_of=AS_OF)


def spec() -> CheckSpec:
    return default_pack().check("crm")


def test_real_time_write_back_scores_by_hand() -> None:
    answer = CrmAnswer(
        connectors=("zendesk", "salesforce"),
        modes=("batch", "realtime_api"),
        sync_latency_seconds=30,
        writes_back_to_client_crm=True,
        unified_customer_view=False,
        client_owns_data=True,
    )
    result = score_crm(NEEDS, answer, spec(), CONTEXT)
    # every sub-criterion full (latency 60/30 = 2 ≥ 1) except the unified view (weight 10)
    assert result.score == pytest.approx(90)
    assert result.subscores["mode"] == 100
    assert result.subscores["latency"] == 100


def test_nightly_batch_export_scores_by_hand() -> None:
    answer = CrmAnswer(
        connectors=("zendesk",),
        modes=("batch",),
        sync_latency_seconds=120,
        writes_back_to_client_crm=False,
        unified_customer_view=True,
        client_owns_data=False,
    )
    result = score_crm(NEEDS, answer, spec(), CONTEXT)
    # connector 0, batch 30, mode short of real-time 0, latency 60/120 → 50,
    # no write-back 0, unified view 100, ownership 0
    expected = (25 * 0 + 10 * 30 + 10 * 0 + 15 * 50 + 20 * 0 + 10 * 100 + 10 * 0) / 100
    assert result.score == pytest.approx(expected)
    latency = next(r for r in result.reasons if r.criterion == "latency")
    assert "2 min > 60 s allowed" in latency.text


def test_best_mode_is_the_strongest_offered() -> None:
    assert best_mode(CrmAnswer(modes=("manual", "cti", "batch"))) is IntegrationMode.CTI
    assert best_mode(CrmAnswer()) is None
    result = score_crm(NEEDS, CrmAnswer(), spec(), CONTEXT)
    assert result.subscores["mode"] == 0  # "none"


def test_no_crm_need_scores_100_for_everyone() -> None:
    needs = make_needs()
    for answer in (None, CrmAnswer()):
        result = score_crm(needs, answer, spec(), CONTEXT)
        assert result.score == 100
        assert result.subscores == {}
        assert result.passed


def test_data_ownership_not_scored_when_the_buyer_does_not_require_it() -> None:
    needs = make_needs(crm=CrmNeeds(system="hubspot", buyer_owns_data=False))
    result = score_crm(needs, CrmAnswer(client_owns_data=False), spec(), CONTEXT)
    assert "data_ownership" not in result.subscores


def test_a_connector_knockout_from_a_custom_pack() -> None:
    rule = {
        "id": "crm_connector",
        "measure": "crm_connector",
        "equals": False,
        "message": "no connector for the buyer's CRM",
    }
    pack = pack_with("crm", knockouts=[rule])
    result = score_check("crm", NEEDS, CrmAnswer(connectors=("zendesk",)), pack, CONTEXT)
    assert [ko.rule for ko in result.knockouts] == ["crm_connector"]
    unanswered = score_check("crm", NEEDS, None, pack, CONTEXT)
    assert unanswered.knockouts[0].evidence.startswith("not answered")


answers = st.builds(
    CrmAnswer,
    connectors=st.lists(st.sampled_from(list(CrmSystem)), unique=True).map(tuple),
    modes=st.lists(st.sampled_from(list(IntegrationMode)), unique=True).map(tuple),
    sync_latency_seconds=st.floats(0.01, 1e6),
    writes_back_to_client_crm=st.booleans(),
    unified_customer_view=st.booleans(),
    client_owns_data=st.booleans(),
)


@given(answers)
def test_any_answer_scores_within_0_and_100(answer: CrmAnswer) -> None:
    result = score_crm(NEEDS, answer, spec(), CONTEXT)
    assert 0 <= result.score <= 100
    assert math.fsum(r.points for r in result.reasons) == pytest.approx(result.score)
