"""Check 1 — coverage: channels, hours, holidays and capacity, scored with the default pack."""

from __future__ import annotations

import math

import pytest

from tests.checks import AS_OF, WEEKDAYS, default_pack, make_needs, window
from vendoreval.checks import ScoringContext, estimate_required_agents, score_check
from vendoreval.checks.coverage import required_agents, score_coverage
from vendoreval.criteria import CheckSpec
from vendoreval.needs import ChannelNeeds, ContractNeeds
from vendoreval.needs.hours import Hours
from vendoreval.proposal.coverage import CoverageAnswer
from vendoreval.vocabulary import Channel

NEEDS = make_needs(
    channels=(
        ChannelNeeds(channel="phone", volume_per_month=50_000, talk_seconds=240),
        ChannelNeeds(
            channel="email",
            volume_per_month=10_000,
            talk_seconds=300,
            hours=window("09:00", "18:00", WEEKDAYS),
        ),
    ),
)
CONTEXT = ScoringContext(as_of=AS_OF, required_agents={"phone": 40, "email": 10})


def spec() -> CheckSpec:
    return default_pack().check("coverage")


def test_full_coverage_scores_every_point_but_the_notice() -> None:
    answer = CoverageAnswer(
        channels=("phone", "email"),
        hours=Hours.around_the_clock(),
        seats=50,
        peak_ramp_up_seats=10,
        ramp_up_notice_days=21,
    )
    result = score_coverage(NEEDS, answer, spec(), CONTEXT)
    # channels 1 → 100, hours 1 → 100, holidays → 100, capacity 50/50 = 1 → 100,
    # ramp-up 60/50 = 1.2 ≥ ideal 1.1 → 100, notice 21 d on 60 → 14: 100·39/46.
    notice = 100 * (60 - 21) / (60 - 14)
    expected = (30 * 100 + 25 * 100 + 5 * 100 + 25 * 100 + 10 * 100 + 5 * notice) / 100
    assert result.score == pytest.approx(expected)
    assert result.subscores["ramp_up_notice"] == pytest.approx(84.78260869565217)
    assert result.passed
    assert result.answered
    assert math.fsum(r.points for r in result.reasons) == pytest.approx(result.score)


def test_gaps_knock_out_and_score_by_hand() -> None:
    answer = CoverageAnswer(
        channels=("phone",),
        hours=window("08:00", "20:00"),  # 84 of the 168 required phone hours
        covers_holidays=False,
        seats=30,
    )
    result = score_coverage(NEEDS, answer, spec(), CONTEXT)
    # channels 1/2 → 50; hours 84/168 → 50; holidays → 0; capacity 30/50 = 0.6 on
    # 0.5 → 1.0 → 20; ramp-up 30/50 = 0.6 below 0.7 → 0; notice: no ramp-up → left out (95).
    expected = (30 * 50 + 25 * 50 + 5 * 0 + 25 * 20 + 10 * 0) / 95
    assert result.score == pytest.approx(expected)
    assert "ramp_up_notice" not in result.subscores
    assert {ko.rule for ko in result.knockouts} == {"required_channels", "required_hours"}
    assert not result.passed
    texts = " | ".join(r.text for r in result.reasons)
    assert "missing email" in texts
    assert "phone: 84 of 168 required hours a week" in texts


def test_hours_are_measured_on_the_channels_offered_with_their_own_hours() -> None:
    answer = CoverageAnswer(
        channels=("phone", "email"),
        hours=Hours.around_the_clock(),
        channel_hours={Channel.EMAIL: window("09:00", "13:00", WEEKDAYS)},
        seats=50,
    )
    result = score_coverage(NEEDS, answer, spec(), CONTEXT)
    # required: phone 168 h + email 45 h; covered 168 + 20 → 188/213
    assert result.subscores["hours"] == pytest.approx(100 * 188 / 213)
    assert [ko.rule for ko in result.knockouts] == ["required_hours"]


def test_holidays_not_scored_when_the_buyer_closes_on_holidays() -> None:
    needs = make_needs(holidays_covered=False)
    answer = CoverageAnswer(
        channels=("phone",), hours=Hours.around_the_clock(), covers_holidays=False, seats=9
    )
    result = score_coverage(needs, answer, spec(), ScoringContext(as_of=AS_OF))
    assert "holidays" not in result.subscores


def test_peak_capacity_grows_with_the_forecast() -> None:
    needs = make_needs(
        contract=ContractNeeds(
            currency="KRW", start_month="2026-01", term_months=12, monthly_growth=0.02
        )
    )
    answer = CoverageAnswer(
        channels=("phone",), hours=Hours.around_the_clock(), seats=50, peak_ramp_up_seats=10
    )
    context = ScoringContext(as_of=AS_OF, required_agents={"phone": 50})
    result = score_coverage(needs, answer, spec(), context)
    ratio = 60 / (50 * 1.02**11)  # 0.96510…
    assert result.subscores["growth_capacity"] == pytest.approx(100 * (ratio - 0.7) / 0.4)


def test_workload_estimate_matches_the_hand_computation() -> None:
    needs = make_needs(
        channels=(
            ChannelNeeds(channel="phone", volume_per_month=100_000, talk_seconds=300),
            ChannelNeeds(
                channel="email",
                volume_per_month=20_000,
                talk_seconds=360,
                hours=window("09:00", "18:00", WEEKDAYS),
            ),
        )
    )
    # phone: 100 000 × 7 / 30.436875 = 22 998.7 a week, flat → 136.90 in the peak hour,
    # × 300 s / 3600 = 11.408 Erlang ÷ 0.85 = 13.42 → 14 agents.
    # email: 4 599.75 a week × 360 s / 3600 = 459.97 h over 45 h = 10.22 ÷ 0.85 = 12.03 → 13.
    assert estimate_required_agents(needs) == {Channel.PHONE: 14, Channel.EMAIL: 13}
    agents, source = required_agents(needs, ScoringContext(required_agents={"phone": 20}))
    assert agents == {Channel.PHONE: 20, Channel.EMAIL: 13}
    assert source.startswith("from interval staffing; email estimated")


def test_the_estimate_is_used_and_said_when_no_staffing_is_given() -> None:
    answer = CoverageAnswer(channels=("phone",), hours=Hours.around_the_clock(), seats=5)
    result = score_coverage(make_needs(), answer, spec(), ScoringContext(as_of=AS_OF))
    capacity = next(r for r in result.reasons if r.criterion == "capacity")
    assert "estimated as peak-hour workload" in capacity.text


def test_not_answered_scores_zero_and_fails_the_knockouts() -> None:
    result = score_check("coverage", NEEDS, None, default_pack(), CONTEXT)
    assert result.score == 0
    assert not result.answered
    assert result.reasons[0].text.startswith("not answered")
    assert {ko.rule for ko in result.knockouts} == {"required_channels", "required_hours"}
    assert all(ko.evidence.startswith("not answered") for ko in result.knockouts)


def test_a_wrong_answer_type_is_refused() -> None:
    with pytest.raises(TypeError, match="CoverageAnswer"):
        score_coverage(NEEDS, "phone", spec(), CONTEXT)  # type: ignore[arg-type]
