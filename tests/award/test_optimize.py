"""optimize_award: never dearer than brute-force enumeration, constraints respected,
infeasibility explained, bad arguments named."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.award.instances import (
    RUNS,
    brute_force,
    coverage,
    needs_agents,
    small_needs,
    small_vendors,
)
from vendoreval.award import Award, optimize_award, scenario_cost
from vendoreval.errors import (
    ArgumentError,
    ArgumentTypeError,
    AwardInfeasibleError,
    UnknownNameError,
)
from vendoreval.needs.hours import Hours, WeeklyWindow
from vendoreval.proposal import VendorProposal
from vendoreval.simulation import simulate_costs

CHANNELS = ("phone", "chat", "email")
CELLS = tuple(f"{c}/{lang}" for c in CHANNELS for lang in ("ko", "en"))

#: Which channel segments each vendor may take: Delta offers no e-mail; Echo has no
#: English agents, and every channel has English contacts.
BY_CHANNEL = {
    "Alpha": set(CHANNELS),
    "Bravo": set(CHANNELS),
    "Charlie": set(CHANNELS),
    "Delta": {"phone", "chat"},
    "Echo": set(),
}


def _allocation(award: Award) -> dict[str, str]:
    return {str(s): str(row.idxmax()) for s, row in award.allocation.iterrows()}


def _check_award(award: Award) -> None:
    """What every award must satisfy, whatever its constraints."""
    shares = award.allocation.to_numpy()
    assert ((shares >= 0) & (shares <= 1)).all()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-9)
    recomputed = scenario_cost(
        small_needs(), small_vendors(), award.allocation, award.runs, award.seed
    )
    assert award.monthly_cost_mean == pytest.approx(recomputed, rel=1e-12)


@pytest.mark.parametrize("method", ["exact", "model"])
@pytest.mark.parametrize(
    "constraints",
    [{}, {"max_vendors": 2}, {"max_vendors": 1}, {"max_share": 0.6}, {"min_vendors": 2}],
)
def test_by_channel_no_dearer_than_enumeration(method: str, constraints: dict[str, Any]) -> None:
    needs, proposals = small_needs(), small_vendors()
    best, allocation = brute_force(needs, proposals, CHANNELS, allowed=BY_CHANNEL, **constraints)
    award = optimize_award(needs, proposals, runs=RUNS, method=method, **constraints)  # type: ignore[arg-type]
    _check_award(award)
    assert award.method == method
    assert award.monthly_cost_mean <= best * (1 + 1e-12), (award.explain(), allocation)
    if method == "exact":
        assert award.monthly_cost_mean == pytest.approx(best, rel=1e-12)


@pytest.mark.parametrize("method", ["auto", "model"])
@pytest.mark.parametrize("constraints", [{}, {"max_share": 0.7}, {"min_vendors": 2}])
def test_by_cell_no_dearer_than_enumeration(method: str, constraints: dict[str, Any]) -> None:
    needs = small_needs()
    vendors = [p for p in small_vendors() if p.name in ("Alpha", "Bravo", "Echo")]
    allowed = {
        "Alpha": set(CELLS),
        "Bravo": set(CELLS),
        "Echo": {c for c in CELLS if c.endswith("/ko")},
    }
    best, _ = brute_force(needs, vendors, CELLS, allowed=allowed, **constraints)
    award = optimize_award(needs, vendors, "both", runs=RUNS, method=method, **constraints)  # type: ignore[arg-type]
    assert award.monthly_cost_mean <= best * (1 + 1e-12), award.explain()


def test_by_language_no_dearer_than_enumeration() -> None:
    needs, proposals = small_needs(), small_vendors()
    # Delta offers no e-mail, which every language has: it can take no language.
    allowed = {p.name: {"ko", "en"} for p in proposals}
    allowed["Delta"] = set()
    allowed["Echo"] = {"ko"}
    options: list[dict[str, Any]] = [{}, {"max_share": 0.85}]
    for constraints in options:
        best, _ = brute_force(needs, proposals, ("ko", "en"), allowed=allowed, **constraints)
        for method in ("exact", "model"):
            award = optimize_award(
                needs,
                proposals,
                "language",
                runs=RUNS,
                method=method,
                **constraints,
            )
            assert award.monthly_cost_mean <= best * (1 + 1e-12)


def test_max_vendors_one_is_the_cheapest_vendor_that_passes() -> None:
    needs, proposals = small_needs(), small_vendors()
    passed = {"Alpha": False, "Bravo": True, "Charlie": True, "Delta": True, "Echo": True}
    award = optimize_award(needs, proposals, max_vendors=1, passed=passed, runs=RUNS)
    # Only Bravo and Charlie can take every channel and passed; the cheaper of them alone.
    alone = {
        p.name: simulate_costs(needs, [p], runs=RUNS, seed=0).samples.iloc[:, 0].mean()
        for p in proposals
        if p.name in ("Bravo", "Charlie")
    }
    cheapest = min(alone, key=alone.__getitem__)
    assert award.vendors == (cheapest,)
    assert award.monthly_cost_mean == pytest.approx(alone[cheapest], rel=1e-12)
    assert award.best_single == cheapest
    assert award.saving == pytest.approx(0.0, abs=1e-6)
    assert "Alpha" in award.excluded


def test_knocked_out_and_low_scoring_vendors_receive_nothing() -> None:
    needs, proposals = small_needs(), small_vendors()
    scores = pd.Series({"Alpha": 80.0, "Bravo": 55.0, "Charlie": 70.0, "Delta": 90.0, "Echo": 60.0})
    passed = pd.Series(
        {"Alpha": True, "Bravo": True, "Charlie": True, "Delta": False, "Echo": True}
    )
    award = optimize_award(needs, proposals, scores=scores, passed=passed, min_score=65, runs=RUNS)
    assert set(award.vendors) <= {"Alpha", "Charlie"}
    assert award.excluded["Delta"] == "failed a knock-out"
    assert "below min_score 65" in award.excluded["Bravo"]
    assert award.scores.to_dict() == {v: scores[v] for v in award.vendors}


def test_segments_a_vendor_cannot_serve_are_never_its_own() -> None:
    needs, proposals = small_needs(), small_vendors()
    award = optimize_award(needs, proposals, "both", runs=RUNS, method="model")
    assert award.allocation.loc[["phone/en", "chat/en", "email/en"], "Echo"].eq(0).all()
    assert award.allocation.loc[["email/ko", "email/en"], "Delta"].eq(0).all()
    assert "Echo" in {v for (_, v) in award.blocked}
    assert ("email/ko", "Delta") in award.blocked


def test_hours_not_covered_rule_a_channel_out() -> None:
    needs, proposals = small_needs(), small_vendors()
    office = Hours(windows=(WeeklyWindow(days=("mon", "tue"), start="09:00", end="18:00"),))
    alpha = proposals[0].model_copy(
        update={"coverage": coverage("phone", "chat", "email", hours=office)}
    )
    award = optimize_award(needs, [alpha, *proposals[1:]], runs=RUNS)
    assert "Alpha" not in award.vendors
    assert "covers" in award.blocked[("phone", "Alpha")]


def test_seats_bound_each_vendors_share() -> None:
    needs, proposals = small_needs(), small_vendors()
    everything = {c.channel.value: c.volume_per_month for c in needs.channels}
    needed = needs_agents(needs, everything)
    phone = needs_agents(needs, {"phone": 3_000})
    # Delta can staff the phone but not phone and chat together.
    delta = proposals[3].model_copy(update={"coverage": coverage("phone", "chat", seats=phone)})
    vendors = [*proposals[:3], delta]
    award = optimize_award(needs, vendors, runs=RUNS)
    _check_award_seats(award, needs, vendors)
    assert award.allocation.loc["chat", "Delta"] == 0
    assert needed > phone


def _check_award_seats(award: Award, needs: Any, vendors: list[VendorProposal]) -> None:
    for proposal in vendors:
        if proposal.name not in award.vendors or proposal.coverage is None:
            continue
        shares = award.allocation[proposal.name]
        volumes = {
            c.channel.value: round(c.volume_per_month * shares[c.channel.value])
            for c in needs.channels
        }
        assert needs_agents(needs, volumes) <= proposal.coverage.seats
        assert award.agents[proposal.name] == needs_agents(needs, volumes)


def test_max_share_whole_segments_infeasible_names_the_segment() -> None:
    needs, proposals = small_needs(), small_vendors()
    with pytest.raises(AwardInfeasibleError, match="'phone' alone is 57%") as caught:
        optimize_award(needs, proposals, max_share=0.5, runs=RUNS)
    assert caught.value.binding == ("max_share",)


def test_max_share_with_shares_splits_the_big_segment() -> None:
    needs, proposals = small_needs(), small_vendors()
    award = optimize_award(needs, proposals, max_share=0.5, shares="fractional", runs=RUNS)
    assert (award.volume_shares <= 0.5 + 1e-9).all()
    assert award.shares == "fractional"
    whole = optimize_award(needs, proposals, max_share=0.6, runs=RUNS)
    relaxed = optimize_award(needs, proposals, max_share=0.6, shares="fractional", runs=RUNS)
    assert relaxed.monthly_cost_mean <= whole.monthly_cost_mean * (1 + 1e-12)


def test_max_vendors_too_few_for_max_share() -> None:
    needs, proposals = small_needs(), small_vendors()
    with pytest.raises(AwardInfeasibleError) as caught:
        optimize_award(
            needs, proposals, max_vendors=2, max_share=0.4, shares="fractional", runs=RUNS
        )
    assert set(caught.value.binding) == {"max_vendors", "max_share"}
    assert "at least 3 vendors" in str(caught.value)


def test_min_vendors_above_the_vendors_that_can_serve() -> None:
    needs, proposals = small_needs(), small_vendors()
    passed = {p.name: p.name in ("Alpha", "Bravo") for p in proposals}
    with pytest.raises(AwardInfeasibleError, match="at most 2 vendors") as caught:
        optimize_award(needs, proposals, min_vendors=3, passed=passed, runs=RUNS)
    assert caught.value.binding == ("min_vendors",)


def test_too_few_seats_is_explained() -> None:
    needs, proposals = small_needs(), small_vendors()
    small = [p.model_copy(update={"coverage": coverage(seats=1)}) for p in proposals[:3]]
    with pytest.raises(AwardInfeasibleError, match="seats bind") as caught:
        optimize_award(needs, small, runs=RUNS)
    assert caught.value.binding == ("seats",)


def test_a_segment_nobody_can_serve_is_named() -> None:
    needs, proposals = small_needs(), small_vendors()
    only = [proposals[3], proposals[4]]  # Delta: no e-mail; Echo: no English
    with pytest.raises(AwardInfeasibleError, match="no eligible vendor can serve 'email'"):
        optimize_award(needs, only, runs=RUNS)
    passed = {p.name: False for p in proposals}
    with pytest.raises(AwardInfeasibleError, match="no vendor may receive") as caught:
        optimize_award(needs, proposals, passed=passed, runs=RUNS)
    assert caught.value.binding == ("vendors",)


def test_award_tables_and_explanation() -> None:
    needs, proposals = small_needs(), small_vendors()
    scores = {p.name: 50.0 + 10 * i for i, p in enumerate(proposals)}
    award = optimize_award(needs, proposals, scores=scores, runs=RUNS, max_share=0.9)
    assert list(award.allocation.columns) == [p.name for p in proposals]
    assert award.allocation.index.name == "segment"
    frame = award.to_frame()
    assert list(frame.index) == list(award.vendors)
    assert frame["monthly_cost_mean"].sum() == pytest.approx(award.monthly_cost_mean)
    assert frame["volume_share"].sum() == pytest.approx(1.0)
    assert award.saving == pytest.approx(award.best_single_cost - award.monthly_cost_mean)
    tables = award.sheet_table()
    assert list(tables) == ["summary", "allocation", "vendors", "single_vendor"]
    assert tables["summary"].loc["monthly_cost_mean", "value"] == award.monthly_cost_mean
    assert tables["allocation"]["volume"].sum() == pytest.approx(5_300)
    text = award.explain()
    for vendor in award.vendors:
        assert vendor in text
    assert award.best_single is not None
    assert award.best_single in text
    assert "no vendor above 90% of the volume" in text
    assert "Echo cannot take phone, chat, email: has no en agents." in text


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"split_by": "site"}, ArgumentError, "split_by"),
        ({"shares": "half"}, ArgumentError, "shares"),
        ({"method": "greedy"}, ArgumentError, "method"),
        ({"method": "exact", "shares": "fractional"}, ArgumentError, "whole segments only"),
        ({"max_vendors": 0}, ArgumentError, "max_vendors"),
        ({"max_vendors": 1.5}, ArgumentTypeError, "max_vendors"),
        ({"min_vendors": 3, "max_vendors": 2}, ArgumentError, "min_vendors"),
        ({"max_share": 0}, ArgumentError, "max_share"),
        ({"max_share": 1.2}, ArgumentError, "max_share"),
        ({"min_score": 50}, ArgumentError, "min_score needs"),
        ({"min_score": 120, "scores": {}}, ArgumentError, "min_score"),
        ({"scores": {"Alpha": 1.0}}, UnknownNameError, "scores has no value"),
        ({"passed": [True]}, ArgumentTypeError, "passed"),
        ({"breakpoints": 0}, ArgumentError, "breakpoints"),
        ({"runs": 0}, ArgumentError, "runs"),
    ],
)
def test_bad_arguments_are_named(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        optimize_award(small_needs(), small_vendors(), **kwargs)


def test_no_volume_is_an_error() -> None:
    needs = small_needs()
    empty = needs.model_copy(
        update={
            "channels": tuple(c.model_copy(update={"volume_per_month": 0}) for c in needs.channels)
        }
    )
    with pytest.raises(ArgumentError, match="nothing to award"):
        optimize_award(empty, small_vendors())
