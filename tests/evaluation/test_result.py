"""The Evaluation result: cached analyses for the outputs, and the errors it raises."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import vendoreval as ve
from tests.evaluation.conftest import AS_OF
from vendoreval.errors import ArgumentError, UnknownNameError, VendorEvalError
from vendoreval.evaluation import DEFAULT_SAMPLES, DEFAULT_SEED, Evaluation
from vendoreval.mcda import AcceptabilityResult, cost_scores, rank_acceptability, rank_order
from vendoreval.simulation.whatif import cost_curve


@pytest.fixture
def fresh(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> Evaluation:
    """A new evaluation with an empty cache (few runs: the numbers do not matter here)."""
    needs, proposals = sample
    return ve.evaluate(needs, proposals, runs=200, seed=0, as_of=AS_OF)


def test_sensitivity_is_an_acceptability_matrix(ev: Evaluation) -> None:
    table = ev.sensitivity(samples=2000, seed=0)
    assert list(table.index) == list(ev.ranking.index)
    np.testing.assert_allclose(table.sum(axis=1), 1.0)
    np.testing.assert_allclose(table.sum(axis=0), 1.0)
    knocked = ev.ranking[~ev.ranking["passed"]].index
    n_passed = int(ev.ranking["passed"].sum())
    # knocked-out vendors never reach a rank a passing vendor holds
    assert (table.loc[knocked, list(range(1, n_passed + 1))].to_numpy() == 0).all()
    pd.testing.assert_frame_equal(table, ev.sensitivity(samples=2000, seed=0))


def test_default_acceptability_is_computed_once(fresh: Evaluation) -> None:
    assert (DEFAULT_SAMPLES, DEFAULT_SEED) == (10_000, 0)
    first = fresh.acceptability_result()
    assert isinstance(first, AcceptabilityResult)
    assert (first.samples, first.seed, first.method) == (10_000, 0, "weighted_sum")
    assert fresh.acceptability_result(10_000, 0) is first
    assert fresh.acceptability() is first  # the original name reads the same cache
    table = fresh.sensitivity()
    pd.testing.assert_frame_equal(table, first.acceptability.loc[list(fresh.ranking.index)])
    table.iloc[0, 0] = 99.0  # a copy: the cached result is unchanged
    assert fresh.sensitivity().iloc[0, 0] <= 1.0


def test_each_set_of_acceptability_arguments_is_computed_once(fresh: Evaluation) -> None:
    one = fresh.acceptability_result(samples=500, seed=3)
    assert fresh.acceptability_result(samples=500, seed=3) is one
    other = fresh.acceptability_result(samples=500, seed=4)
    assert other is not one
    assert not other.acceptability.equals(one.acceptability)
    assert fresh.acceptability_result(uniform=True) is not fresh.acceptability_result()
    assert sum(key[0] == "acceptability" for key in fresh._cache) == 4


def test_acceptability_rescores_cost_with_the_packs_transform(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    # With all the weight on cost and a tight concentration, first place in a sample goes
    # to the vendor cheapest in that run, whatever the transform: the share of runs in
    # which each passing vendor is cheapest among the passing vendors.
    needs, proposals = sample
    pack = ve.CriteriaPack.load("eight-checks")
    only_cost = {c: (1.0 if c == "cost" else 1e-6) for c in pack.weights.index}
    for transform in ("ratio", "minmax"):
        priced = pack.with_weights(only_cost).model_copy(
            update={"cost": ve.criteria.CostSettings(transform=transform)}
        )
        ev = ve.evaluate(needs, proposals, priced, runs=400, seed=1, as_of=AS_OF)
        passing = list(ev.ranking.index[ev.ranking["passed"]])
        cheapest = ev.simulation.samples[passing].idxmin(axis=1).value_counts(normalize=True)
        first = ev.acceptability_result(samples=4_000, seed=2).first_rank_acceptability
        for vendor in passing:
            assert first[vendor] == pytest.approx(cheapest.get(vendor, 0.0), abs=0.04)


def test_bad_sample_counts_are_vendoreval_errors(ev: Evaluation) -> None:
    with pytest.raises(ArgumentError, match="samples: expected an integer ≥ 1") as info:
        ev.sensitivity(samples=0)
    assert isinstance(info.value, ValueError)
    with pytest.raises(ArgumentError, match="seed: expected an integer ≥ 0"):
        ev.acceptability_result(seed=-1)
    with pytest.raises(ArgumentError, match="concentration"):
        ev.sensitivity(concentration=-1.0)


def test_weight_stability_keeps_the_winner_inside(ev: Evaluation) -> None:
    table = ev.weight_stability()
    assert table.attrs["winner"] == ev.winner
    assert (table["low"] <= table["weight"] + 1e-12).all()
    assert (table["weight"] <= table["high"] + 1e-12).all()


def test_weight_stability_is_cached_and_copied(fresh: Evaluation) -> None:
    table = fresh.weight_stability()
    table.loc[0, "low"] = -5.0
    again = fresh.weight_stability()
    assert again.loc[0, "low"] >= 0.0
    assert again.attrs["winner"] == fresh.winner
    assert sum(key[0] == "weight_stability" for key in fresh._cache) == 1


def test_weight_stability_of_the_sample_has_tied_ends(ev: Evaluation) -> None:
    # Where an end of a weight interval is excluded, the rival named there ties the winner at
    # that weight (the other weights rescaled in proportion) and wins the tie-break: it is
    # cheaper. The sample has such ends; each is checked by recomputing the weighted sums.
    table = ev.weight_stability().set_index("criterion")
    tied = table[~table["high_included"].astype(bool) & table["rival_high"].astype(bool)]
    assert not tied.empty
    weights = ev.weights
    for criterion, row in tied.iterrows():
        rival, weight = str(row["rival_high"]), float(row["high"])
        others = weights.drop(criterion)
        at = others / others.sum() * (1.0 - weight)
        at[criterion] = weight
        totals = ev.scores[at.index].mul(at, axis=1).sum(axis=1)
        assert totals[rival] == pytest.approx(totals[ev.winner], abs=1e-9), criterion
        assert (
            ev.ranking.loc[rival, "monthly_cost_mean"]
            < ev.ranking.loc[ev.winner, "monthly_cost_mean"]
        )


def test_contributions_are_score_times_weight(fresh: Evaluation) -> None:
    contributions = fresh.contributions()
    pd.testing.assert_frame_equal(contributions, fresh.scores.mul(fresh.weights, axis=1))
    np.testing.assert_allclose(
        contributions.sum(axis=1), fresh.ranking.loc[contributions.index, "score"]
    )
    contributions.iloc[0, 0] = -1.0
    assert fresh.contributions().iloc[0, 0] >= 0.0


def test_smallest_swap_really_swaps(ev: Evaluation) -> None:
    order = list(ev.ranking.index)
    lower, upper = order[2], order[1]
    changes = ev.smallest_swap(lower, upper)
    assert changes, "a passed vendor can catch the one above it on some criterion"
    best = changes[0]
    names = list(ev.scores.index)
    passed = ev.ranking.loc[names, "passed"].to_numpy()
    cost = ev.ranking.loc[names, "monthly_cost_mean"].to_numpy()
    i, k = names.index(lower), names.index(upper)
    j = list(ev.scores.columns).index(best.criterion)

    def ranks_with(value: float) -> np.ndarray:
        trial = ev.scores.to_numpy().copy()
        trial[i, j] = value
        return rank_order(trial @ ev.weights.to_numpy(), passed, cost, names)

    above = ranks_with(best.needed + 1e-6)
    assert above[i] < above[k]
    below = ranks_with(best.needed - 1e-3)
    assert below[i] > below[k]
    # weighted sum: the needed rise is the score gap divided by the criterion's weight
    gap = ev.ranking.loc[upper, "score"] - ev.ranking.loc[lower, "score"]
    assert best.increase == pytest.approx(gap / ev.weights[best.criterion], abs=1e-6)
    assert ev.smallest_swap(lower, upper) == changes  # cached, same answer


def test_unknown_vendors_are_vendoreval_key_errors(ev: Evaluation) -> None:
    for call in (
        lambda: ev.explain("Nobody Ltd"),
        lambda: ev.proposal("Nobody Ltd"),
        lambda: ev.smallest_swap("Nobody Ltd", ev.winner),
        lambda: ev.smallest_swap(ev.winner, "Nobody Ltd"),
    ):
        with pytest.raises(UnknownNameError, match="no vendor named 'Nobody Ltd'; vendors: "):
            call()
    with pytest.raises(KeyError) as info:
        ev.explain("Nobody Ltd")
    assert isinstance(info.value, VendorEvalError)
    assert str(info.value).startswith("no vendor named")  # no KeyError quotes


def test_cost_curve_is_cached_by_its_arguments(fresh: Evaluation) -> None:
    curve = fresh.cost_curve("aht_seconds", [240, 300, 360])
    expected = cost_curve(fresh.needs, list(fresh.proposals), "aht_seconds", [240, 300, 360])
    pd.testing.assert_frame_equal(curve, expected)
    curve.iloc[0, 0] = -1.0  # a copy
    again = fresh.cost_curve("aht_seconds", np.array([240.0, 300.0, 360.0]))
    pd.testing.assert_frame_equal(again, expected)
    fresh.cost_curve("volume", [0.5, 1.0])
    keys = [key for key in fresh._cache if key[0] == "cost_curve"]
    assert len(keys) == 2
    with pytest.raises(ArgumentError, match="values: expected numbers"):
        fresh.cost_curve("aht_seconds", ["long"])


def test_repr_html_and_summary(ev: Evaluation) -> None:
    html = ev._repr_html_()
    assert "<table" in html
    assert ev.winner in html
    assert ev.winner in str(ev)
    short = repr(ev)
    assert short.startswith("<Evaluation of 5 vendors")
    assert len(short) < 300  # no dump of needs and staffing arrays in a notebook


def test_acceptability_uses_the_packs_cost_transform(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    needs, proposals = sample
    pack = ve.CriteriaPack.load("eight-checks")
    pack = pack.model_copy(update={"cost": ve.criteria.CostSettings(transform="minmax")})
    ev = ve.evaluate(needs, proposals, pack, runs=300, seed=0, as_of=AS_OF)
    names = list(ev.scores.index)

    def direct(transform: str) -> pd.DataFrame:
        return rank_acceptability(
            ev.scores.to_numpy(),
            ev.weights.to_numpy(),
            ev.ranking.loc[names, "passed"].to_numpy(dtype=bool),
            ev.ranking.loc[names, "monthly_cost_mean"].to_numpy(),
            names,
            criteria=list(ev.scores.columns),
            samples=3_000,
            seed=5,
            cost_samples=ev.simulation.samples[names].to_numpy(),
            cost_column=list(ev.scores.columns).index("cost"),
            cost_score=lambda costs: cost_scores(costs, transform),
        ).acceptability

    result = ev.acceptability_result(samples=3_000, seed=5).acceptability
    pd.testing.assert_frame_equal(result, direct("minmax"))
    assert not result.equals(direct("ratio"))


def test_contract_table_sets_the_vendors_terms_side_by_side(ev: Evaluation) -> None:
    table = ev.contract_table()
    assert list(table.index) == list(ev.vendors)
    sim = ev.simulation
    summary = sim.summary()
    np.testing.assert_allclose(table["net_per_month"], summary["mean"])
    np.testing.assert_allclose(
        table["gross_per_month"] - table["credits_per_month"], table["net_per_month"]
    )
    years = sim.tco(by="year")
    np.testing.assert_allclose(table["year_1"], years[1])
    np.testing.assert_allclose(table["year_2"], years[2])
    np.testing.assert_allclose(table["term_total"], table["net_per_month"] * 24, rtol=1e-9)
    breach = sim.breach_probability()
    for key in breach.columns:
        np.testing.assert_allclose(table[f"breach:{key}"], breach[key])
    assert table.loc["Daehan Outsourcing", "credit_method"] == "grades"
    assert table.loc["Hangang CX", "credit_method"] == "pool"
    assert table.loc["Daehan Outsourcing", "fees_at_risk"] == pytest.approx(0.12)
    assert table.loc["Hangang CX", "fees_at_risk"] == pytest.approx(0.05)
    assert "phone service_level 70% within 30 s (w 0.6)" in table.loc["Hangang CX", "commitments"]
    # cached, and a copy
    table.iloc[0, 0] = "changed"
    assert ev.contract_table().iloc[0, 0] != "changed"
