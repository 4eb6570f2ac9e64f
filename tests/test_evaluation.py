"""evaluate() end to end on the embedded sample, and the Evaluation result's contract."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import vendoreval as ve
from vendoreval.evaluation import COST_CRITERION, Evaluation
from vendoreval.explain import smallest_swap
from vendoreval.ranking import rank_order, topsis

AS_OF = dt.date(2026, 11, 23)
RUNS = 1500


@pytest.fixture(scope="module")
def sample() -> tuple[ve.Needs, list[ve.VendorProposal]]:
    needs, proposals = ve.load_sample()
    return needs, list(proposals)


@pytest.fixture(scope="module")
def ev(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> Evaluation:
    needs, proposals = sample
    return ve.evaluate(needs, proposals, "eight-checks", runs=RUNS, seed=0, as_of=AS_OF)


@pytest.fixture(scope="module")
def ev_topsis(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> Evaluation:
    needs, proposals = sample
    return ve.evaluate(needs, proposals, method="topsis", runs=RUNS, seed=0, as_of=AS_OF)


def test_ranking_columns_and_permutation(ev: Evaluation) -> None:
    assert list(ev.ranking.columns) == [
        "rank",
        "score",
        "passed",
        "monthly_cost_mean",
        "monthly_cost_p95",
        "knockouts",
    ]
    assert ev.ranking.index.name == "vendor"
    assert sorted(ev.ranking["rank"]) == list(range(1, len(ev.proposals) + 1))
    assert list(ev.ranking["rank"]) == sorted(ev.ranking["rank"])  # best first
    assert ev.ranking["score"].between(0, 100).all()


def test_knocked_out_vendors_rank_after_every_vendor_that_passed(ev: Evaluation) -> None:
    passed = ev.ranking[ev.ranking["passed"]]
    failed = ev.ranking[~ev.ranking["passed"]]
    assert len(failed) >= 1, "the sample must show a knock-out"
    assert passed["rank"].max() < failed["rank"].min()
    assert (failed["knockouts"].str.len() > 0).all()
    assert (passed["knockouts"] == "").all()
    # a knocked-out vendor keeps its computed score: some outscore a vendor that passed
    assert failed["score"].max() > passed["score"].min()


def test_weights_and_scores_agree(ev: Evaluation) -> None:
    assert ev.weights.sum() == pytest.approx(1.0)
    assert list(ev.scores.columns) == list(ev.weights.index)
    assert COST_CRITERION in ev.scores.columns
    assert ev.scores.to_numpy().min() >= 0
    assert ev.scores.to_numpy().max() <= 100
    weighted = ev.scores @ ev.weights
    np.testing.assert_allclose(ev.ranking.loc[weighted.index, "score"], weighted, rtol=1e-12)


def test_cost_score_is_ratio_to_the_cheapest_mean(ev: Evaluation) -> None:
    means = ev.simulation.samples.mean(axis=0)
    expected = 100.0 * means.min() / means
    np.testing.assert_allclose(ev.scores[COST_CRITERION], expected[ev.scores.index], rtol=1e-12)
    np.testing.assert_allclose(ev.ranking["monthly_cost_mean"], means[ev.ranking.index])
    p95 = ev.simulation.samples.quantile(0.95)
    np.testing.assert_allclose(ev.ranking["monthly_cost_p95"], p95[ev.ranking.index])


def test_ranks_follow_score_then_knockouts(ev: Evaluation) -> None:
    names = list(ev.ranking.index)
    expected = rank_order(
        ev.ranking["score"].to_numpy(),
        ev.ranking["passed"].to_numpy(),
        ev.ranking["monthly_cost_mean"].to_numpy(),
        names,
    )
    assert list(expected) == list(ev.ranking["rank"])


def test_topsis_method_uses_topsis(ev_topsis: Evaluation) -> None:
    closeness = topsis(ev_topsis.scores.to_numpy(), ev_topsis.weights.to_numpy())
    np.testing.assert_allclose(
        ev_topsis.ranking.loc[ev_topsis.scores.index, "score"], closeness, rtol=1e-12
    )
    assert ev_topsis.method == "topsis"


def test_same_seed_same_result_and_order_independent(
    sample: tuple[ve.Needs, list[ve.VendorProposal]], ev: Evaluation
) -> None:
    needs, proposals = sample
    again = ve.evaluate(needs, proposals[::-1], runs=RUNS, seed=0, as_of=AS_OF)
    pd.testing.assert_frame_equal(again.ranking, ev.ranking)
    pd.testing.assert_frame_equal(again.scores.loc[ev.scores.index], ev.scores)


def test_risk_averse_cost_statistic(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> None:
    needs, proposals = sample
    ev90 = ve.evaluate(needs, proposals, runs=RUNS, seed=0, as_of=AS_OF, cost_statistic="p90")
    p90 = ev90.simulation.samples.quantile(0.9)
    expected = 100.0 * p90.min() / p90
    np.testing.assert_allclose(ev90.scores[COST_CRITERION], expected[ev90.scores.index])
    assert ev90.cost_statistic == "p90"
    with pytest.raises(ValueError, match="cost_statistic"):
        ve.evaluate(needs, proposals, runs=10, cost_statistic="p900")


def test_bad_arguments(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> None:
    needs, proposals = sample
    with pytest.raises(ValueError, match="method"):
        ve.evaluate(needs, proposals, method="electre", runs=10)
    with pytest.raises(ValueError, match="used twice"):
        ve.evaluate(needs, [proposals[0], proposals[0]], runs=10)
    with pytest.raises(ValueError, match="at least one"):
        ve.evaluate(needs, [], runs=10)


def test_explain_names_rank_contributions_knockouts_and_cost(ev: Evaluation) -> None:
    text = ev.explain(ev.winner)
    assert f"{ev.winner} — rank 1 of {len(ev.proposals)}" in text
    for criterion in ev.weights.index:
        assert criterion in text
    assert "Cost: mean" in text
    stability = ev.weight_stability().set_index("criterion")
    assert "Weights within which the winner stays first" in text
    assert f"cost        now {ev.weights['cost']:.2f}, range 0.00–" in text
    assert f"{stability.loc['cost', 'high']:.2f}" in text
    knocked = ev.ranking[~ev.ranking["passed"]].index[0]
    knocked_text = ev.explain(str(knocked))
    assert "KNOCKED OUT" in knocked_text
    first = next(ko for r in ev.checks[str(knocked)].values() for ko in r.knockouts)
    assert first.rule in knocked_text
    with pytest.raises(KeyError, match="no vendor named"):
        ev.explain("Nobody Ltd")


def test_smallest_swap_really_swaps(ev: Evaluation) -> None:
    order = list(ev.ranking.index)
    lower, upper = order[2], order[1]
    changes = smallest_swap(ev, lower, upper)
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


def test_weight_stability_keeps_the_winner_inside(ev: Evaluation) -> None:
    table = ev.weight_stability()
    assert table.attrs["winner"] == ev.winner
    assert (table["low"] <= table["weight"] + 1e-12).all()
    assert (table["weight"] <= table["high"] + 1e-12).all()


def test_assessments_replace_self_reported_ratings(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    needs, proposals = sample
    summary = ve.datasets.load_sample_assessments()
    with_ratings = ve.evaluate(needs, proposals, runs=200, seed=0, as_of=AS_OF, assessments=summary)
    without = ve.evaluate(needs, proposals, runs=200, seed=0, as_of=AS_OF)
    assert with_ratings.assessments is not None
    assert not with_ratings.scores.equals(without.scores)


def test_repr_html_and_summary(ev: Evaluation) -> None:
    html = ev._repr_html_()
    assert "<table" in html
    assert ev.winner in html
    assert ev.winner in str(ev)
    short = repr(ev)
    assert short.startswith("<Evaluation of 5 vendors")
    assert len(short) < 300  # no dump of needs and staffing arrays in a notebook
