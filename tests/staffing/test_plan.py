"""The staffing plan: pooled and per-language interval staffing of the buyer's traffic."""

from __future__ import annotations

import numpy as np
import pytest

import vendoreval as ve
from vendoreval.staffing import staff_channel
from vendoreval.staffing.plan import PLANNING_MAX_OCCUPANCY, PLANNING_SHRINKAGE, plan_staffing


@pytest.fixture(scope="module")
def needs() -> ve.Needs:
    return ve.load_sample()[0]


def test_pooled_channels_match_staff_channel(needs: ve.Needs) -> None:
    plan = plan_staffing(needs)
    for channel, staffing in plan.channels.items():
        direct = staff_channel(
            needs,
            channel,
            shrinkage=PLANNING_SHRINKAGE,
            max_occupancy=PLANNING_MAX_OCCUPANCY,
            paid_hours_per_fte_month=40 * 52 / 12,
        )
        np.testing.assert_array_equal(staffing.scheduled_agents, direct.scheduled_agents)
        assert plan.required_agents[channel] == direct.peak_scheduled_agents


def test_seats_are_the_peak_of_the_sum(needs: ve.Needs) -> None:
    plan = plan_staffing(needs)
    total = np.sum([s.scheduled_agents for s in plan.channels.values()], axis=0)
    assert plan.required_seats == int(total.max())
    assert plan.required_seats <= sum(plan.required_agents.values())


def test_small_languages_need_more_than_their_share(needs: ve.Needs) -> None:
    plan = plan_staffing(needs)
    by_language = plan.required_agents_by_language
    assert set(by_language) == {lang.language for lang in needs.languages}
    for language in needs.languages:
        # separate skill pools lose economies of scale: never fewer than the pro-rata share
        assert by_language[language.language] >= np.floor(language.share * plan.required_seats)
    assert sum(by_language.values()) >= plan.required_seats


def test_fte_and_hours(needs: ve.Needs) -> None:
    plan = plan_staffing(needs)
    hours = plan.agent_hours_per_month
    assert hours == pytest.approx(sum(s.agent_hours_per_month() for s in plan.channels.values()))
    assert plan.fte(173.3, 0.3) == pytest.approx(hours / (173.3 * 0.7))
    frame = plan.to_frame()
    assert set(frame.index) == set(plan.channels)
    assert (frame["peak_scheduled_agents"] >= frame["peak_agents"]).all()


def test_channels_without_target_are_listed(needs: ve.Needs) -> None:
    channels = tuple(c.model_copy(update={"service_level": None}) for c in needs.channels)
    plan = plan_staffing(needs.model_copy(update={"channels": channels}))
    assert plan.unstaffed == tuple(c.channel.value for c in needs.channels)
    assert plan.required_seats == 0


def test_concurrency_divides_the_traffic_of_messaging() -> None:
    """Chat and messaging are staffed as Erlang queues of traffic ÷ concurrency (handle time
    ÷ concurrency): at concurrency 3 the agents match a channel of a third of the work."""
    from tests import builders
    from vendoreval.staffing.plan import workload_agents

    def needs_with(concurrency: float, talk: float) -> ve.Needs:
        return builders.make_needs(
            channels=(
                builders.channel(
                    "messaging",
                    30_000,
                    talk,
                    share=0.8,
                    within_seconds=60,
                    concurrency=concurrency,
                    arrival="retail-evenings",
                ),
            )
        )

    concurrent = staff_channel(needs_with(3.0, 540.0), "messaging")
    solo = staff_channel(needs_with(1.0, 180.0), "messaging")
    np.testing.assert_array_equal(concurrent.agents, solo.agents)
    np.testing.assert_allclose(concurrent.traffic, solo.traffic)
    one_at_a_time = staff_channel(needs_with(1.0, 540.0), "messaging")
    assert concurrent.agents.sum() < one_at_a_time.agents.sum() / 2
    assert (
        workload_agents(needs_with(3.0, 540.0))["messaging"]
        == (workload_agents(needs_with(1.0, 180.0))["messaging"])
    )


def test_paid_hours_are_refused_as_working_time() -> None:
    from vendoreval.staffing import interval_staffing

    with pytest.raises(ValueError, match="paid weekly rest"):
        interval_staffing([10.0], 300.0, 20.0, 0.8, paid_hours_per_fte_month=209)
    staffing = interval_staffing([10.0], 300.0, 20.0, 0.8)
    assert staffing.paid_hours_per_fte_month == pytest.approx(40 * 52 / 12)
    with pytest.raises(ValueError, match="working time"):
        staffing.fte(paid_hours_per_fte_month=209)


def test_workload_fte_counts_concurrent_contacts_once() -> None:
    """Phone 50,000 × 240 s plus messaging 20,000 × 600 s handled 3 at a time, by hand.

    Agent hours: 50,000 × 240 / 3600 = 3,333.33 h and 20,000 × 600 / 3 / 3600 = 1,111.11 h,
    4,444.44 h in all; ÷ 0.85 occupancy = 5,228.76 h; one FTE is available
    40 × 52 / 12 × (1 − 0.3) = 121.33 h → 43.094 FTE.
    """
    from tests.builders import channel, make_needs
    from vendoreval.staffing import workload_fte

    needs = make_needs(
        channels=(channel("phone", 50_000, 240), channel("messaging", 20_000, 600, concurrency=3))
    )
    expected = (50_000 * 240 + 20_000 * 600 / 3) / 3600 / 0.85 / (40 * 52 / 12 * 0.7)
    assert workload_fte(needs, 0.3) == pytest.approx(expected, rel=1e-12)
    assert pytest.approx(43.094, abs=5e-4) == expected
    assert ve.checks.account_agents(needs, 0.3) == workload_fte(needs, 0.3)
