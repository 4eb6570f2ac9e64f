"""evaluate() end to end on the embedded sample: ranking, scores, weights and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import vendoreval as ve
from tests.evaluation.conftest import AS_OF, RUNS
from vendoreval.criteria import CostSettings, CriteriaPack
from vendoreval.errors import ArgumentError, VendorEvalError
from vendoreval.evaluation import COST_CRITERION, Evaluation, evaluate
from vendoreval.mcda import rank_order, topsis


def test_the_old_import_path_still_works() -> None:
    assert evaluate is ve.evaluate
    assert Evaluation is ve.Evaluation


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
    assert ev.ranking["rank"].dtype == np.int64
    assert ev.ranking["passed"].dtype == bool


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


def test_a_minmax_pack_scores_cost_on_the_minmax_scale(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    needs, proposals = sample
    pack = CriteriaPack.load("eight-checks")
    pack = pack.model_copy(update={"cost": CostSettings(transform="minmax")})
    ev = ve.evaluate(needs, proposals, pack, runs=200, seed=0, as_of=AS_OF)
    means = ev.simulation.samples.mean(axis=0)
    expected = 100.0 * (means.max() - means) / (means.max() - means.min())
    np.testing.assert_allclose(ev.scores[COST_CRITERION], expected[ev.scores.index], rtol=1e-12)
    assert "dearest" in ev.explain(ev.winner)


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


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "electre"}, "method: unknown method 'electre'"),
        ({"runs": 0}, "runs: expected an integer ≥ 1"),
        ({"seed": -1}, "seed: expected an integer ≥ 0"),
        ({"cost_statistic": "p900"}, "cost_statistic: unknown cost statistic"),
    ],
)
def test_bad_arguments_are_vendoreval_errors(
    sample: tuple[ve.Needs, list[ve.VendorProposal]], kwargs: dict[str, object], message: str
) -> None:
    needs, proposals = sample
    with pytest.raises(ArgumentError, match=message) as info:
        ve.evaluate(needs, proposals, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, VendorEvalError)
    assert isinstance(info.value, ValueError)


def test_bad_proposals_are_vendoreval_errors(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    needs, proposals = sample
    with pytest.raises(ArgumentError, match=r"proposals: vendor name .* is used twice"):
        ve.evaluate(needs, [proposals[0], proposals[0]], runs=10)
    with pytest.raises(ArgumentError, match="proposals: at least one vendor proposal"):
        ve.evaluate(needs, [], runs=10)


def test_assessments_replace_self_reported_ratings(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    needs, proposals = sample
    summary = ve.datasets.load_sample_assessments()
    with_ratings = ve.evaluate(needs, proposals, runs=200, seed=0, as_of=AS_OF, assessments=summary)
    without = ve.evaluate(needs, proposals, runs=200, seed=0, as_of=AS_OF)
    assert with_ratings.assessments is not None
    assert not with_ratings.scores.equals(without.scores)


def test_the_ranking_frame_is_the_callers_to_change(
    sample: tuple[ve.Needs, list[ve.VendorProposal]],
) -> None:
    needs, proposals = sample
    ev = ve.evaluate(needs, proposals, runs=50, seed=0, as_of=AS_OF)
    ev.ranking.loc[ev.winner, "score"] = 0.0  # no read-only arrays leak out of the ranking
    assert ev.ranking.loc[ev.winner, "score"] == 0.0


def test_identical_offers_tie_and_the_tie_break_applies() -> None:
    """Two proposals that differ only in their name get the same scores and the same
    simulated cost, so the documented tie-break (lower mean cost, then name) orders them."""
    needs, proposals = ve.load_sample()
    original = next(p for p in proposals if p.name == "Hangang CX")
    twin = original.model_copy(update={"name": "Hangang CX Twin"})
    ev = ve.evaluate(needs, [twin, original], runs=300, seed=3, as_of=AS_OF)
    assert ev.scores.loc["Hangang CX"].equals(ev.scores.loc["Hangang CX Twin"])
    assert (
        ev.ranking.loc["Hangang CX", "monthly_cost_mean"]
        == ev.ranking.loc["Hangang CX Twin", "monthly_cost_mean"]
    )
    assert list(ev.ranking.index) == ["Hangang CX", "Hangang CX Twin"]  # by name
