"""Tests of the workbook's content and of the values stored beside its formulas
(vendoreval.io.excel.content, vendoreval.io.excel.values)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tests.io.test_excel import make_content
from vendoreval.io.excel import (
    WorkbookContent,
    cost_histogram,
    short_value,
    top_reasons,
    vendor_numbers,
)
from vendoreval.io.excel.values import (
    FormulaValues,
    formula_ranks,
    formula_scores,
    topsis_values,
)
from vendoreval.mcda import aggregate, rank_order

# ----------------------------------------------------------------------------- content


def test_vendor_numbers_order_by_cost_then_code_point() -> None:
    frame = pd.DataFrame({"monthly_cost_mean": [5.0, 3.0, 3.0, 3.0]}, index=["z", "b", "B", "a"])
    assert vendor_numbers(frame).to_dict() == {"z": 4, "b": 3, "B": 1, "a": 2}


def test_content_validation_names_the_field() -> None:
    content = make_content()
    with pytest.raises(ValueError, match="weights"):
        WorkbookContent(
            buyer="b",
            method="weighted_sum",
            currency="KRW",
            scores=content.scores,
            weights=content.weights.iloc[::-1],
            ranking=content.ranking,
        )
    with pytest.raises(ValueError, match="method"):
        WorkbookContent(
            buyer="b",
            method="ahp",
            currency="KRW",
            scores=content.scores,
            weights=content.weights,
            ranking=content.ranking,
        )
    broken = content.ranking.assign(rank=[1, 1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="permutation"):
        WorkbookContent(
            buyer="b",
            method="weighted_sum",
            currency="KRW",
            scores=content.scores,
            weights=content.weights,
            ranking=broken,
        )
    scores = content.scores.copy()
    scores.iloc[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"scores: .*'Acme'"):
        WorkbookContent(
            buyer="b",
            method="weighted_sum",
            currency="KRW",
            scores=scores,
            weights=content.weights,
            ranking=content.ranking,
        )


def test_content_refuses_a_ranking_its_scores_do_not_give() -> None:
    """The workbook stores the ranking beside formulas that recompute it: the two must
    agree, or readers would see one ranking before recalculation and another after."""
    content = make_content()

    def rebuilt(ranking: pd.DataFrame) -> WorkbookContent:
        return WorkbookContent(
            buyer="b",
            method="weighted_sum",
            currency="KRW",
            scores=content.scores,
            weights=content.weights,
            ranking=ranking,
        )

    off = content.ranking.copy()
    off["score"] = off["score"] + np.where(off.index == "Bolt", 0.5, 0.0)
    with pytest.raises(ValueError, match=r"ranking: column 'score' of vendor 'Bolt'"):
        rebuilt(off)
    # Dyn failed a knock-out: ranking it first contradicts the rules
    swapped = content.ranking.copy()
    first = swapped.index[0]
    swapped.loc[[first, "Dyn"], "rank"] = swapped.loc[["Dyn", first], "rank"].to_numpy()
    with pytest.raises(ValueError, match="passed the knock-outs but ranks after 'Dyn'"):
        rebuilt(swapped)
    # a lower score ranked above a higher one among vendors that passed (Échelle leads
    # with 73 points; the next four tie at 67)
    inverted = content.ranking.copy()
    leader, runner_up = inverted.index[0], inverted.index[1]
    inverted.loc[[leader, runner_up], "rank"] = inverted.loc[[runner_up, leader], "rank"].to_numpy()
    with pytest.raises(ValueError, match="expected higher scores first"):
        rebuilt(inverted)
    # tied scores may come in either order (costs and names break ties)
    tied = content.ranking.copy()
    tied.loc[["Acme", "acme"], "rank"] = tied.loc[["acme", "Acme"], "rank"].to_numpy()
    assert rebuilt(tied).vendors.index("acme") < rebuilt(tied).vendors.index("Acme")


def test_top_reasons() -> None:
    scores = pd.DataFrame(
        [[90.0, 50.0, 70.0], [60.0, 50.0, 80.0], [60.0, 50.0, 60.0]],
        index=["W", "X", "Y"],
        columns=["a", "b", "c"],
    )
    weights = pd.Series([2.0, 1.0, 1.0], index=scores.columns)
    reasons = top_reasons(scores, weights, "W")
    # a: (90 − 60) × 0.5 = 15; c: (70 − 70) × 0.25 = 0 (no lead); b: no lead
    assert reasons["criterion"].tolist() == ["a"]
    assert reasons.iloc[0][["score", "others", "weight"]].tolist() == [90.0, 60.0, 0.5]
    assert top_reasons(scores.loc[["W"]], weights, "W").empty


def test_cost_histogram_columns_sum_to_one() -> None:
    rng = np.random.default_rng(3)
    samples = pd.DataFrame(rng.normal(1000, 100, (500, 3)), columns=["a", "b", "c"])
    table = cost_histogram(samples, 20)
    assert table.shape == (20, 3)
    np.testing.assert_allclose(table.sum(axis=0), 1.0)
    counts, _ = np.histogram(
        samples["a"], bins=20, range=(samples.min().min(), samples.max().max())
    )
    np.testing.assert_allclose(table["a"].to_numpy(), counts / 500)


def test_short_value() -> None:
    from vendoreval.pricing.billing import BillingIncrement

    assert short_value(None) is None
    assert short_value(True) is True
    assert short_value(("phone", "chat")) == "phone, chat"
    assert short_value({"phone": 1.5}) == "phone: 1.5"
    assert short_value(BillingIncrement.parse("60/60")) == "per-minute (60/60)"


# ----------------------------------------------------------------------------- formula values


def test_topsis_values_worked_example() -> None:
    """Two criteria weighted 3:1, three vendors; every intermediate value by hand.

    scores (criterion a, b): X (3, 0), Y (4, 0), Z (0, 5); shares w = (0.75, 0.25).
    Column norms: a √(9 + 16) = 5, b √25 = 5.
    v = w · x / norm: X (0.45, 0), Y (0.6, 0), Z (0, 0.25).
    Ideal (column maxima) (0.6, 0.25); anti-ideal (minima) (0, 0).
    d⁺: X √(0.15² + 0.25²) = √0.085, Y 0.25, Z 0.6;
    d⁻: X 0.45, Y 0.6, Z 0.25.
    Closeness 100 · d⁻ / (d⁺ + d⁻): Y 100 · 0.6/0.85 = 70.588…, Z 100 · 0.25/0.85 = 29.411….
    """
    scores = np.array([[3.0, 0.0], [4.0, 0.0], [0.0, 5.0]])
    values = topsis_values(scores, np.array([0.75, 0.25]))
    np.testing.assert_allclose(values.norms, [5.0, 5.0])
    np.testing.assert_allclose(values.weighted, [[0.45, 0.0], [0.6, 0.0], [0.0, 0.25]])
    np.testing.assert_allclose(values.ideal, [0.6, 0.25])
    np.testing.assert_allclose(values.anti_ideal, [0.0, 0.0])
    np.testing.assert_allclose(values.d_plus, [np.sqrt(0.085), 0.25, 0.6])
    np.testing.assert_allclose(values.d_minus, [0.45, 0.6, 0.25])
    x = 100 * 0.45 / (0.45 + np.sqrt(0.085))
    np.testing.assert_allclose(values.closeness, [x, 100 * 0.6 / 0.85, 100 * 0.25 / 0.85])


def test_identical_vendors_are_all_ideal() -> None:
    """d⁺ + d⁻ = 0: the closeness formula's IF gives 100, like the library."""
    values = topsis_values(np.full((3, 2), 40.0), np.array([0.5, 0.5]))
    assert values.closeness.tolist() == [100.0, 100.0, 100.0]
    assert topsis_values(np.zeros((2, 2)), np.array([0.5, 0.5])).weighted.tolist() == [
        [0.0, 0.0],
        [0.0, 0.0],
    ]


MATRICES = st.integers(1, 6).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda m: st.tuples(
            arrays(np.float64, (n, m), elements=st.floats(0.0, 100.0, allow_subnormal=False)),
            arrays(np.float64, m, elements=st.floats(0.0, 10.0, allow_subnormal=False)).filter(
                lambda w: w.sum() > 1e-3
            ),
        )
    )
)


@given(MATRICES, st.sampled_from(["weighted_sum", "topsis"]))
def test_formula_scores_match_the_library(pair: tuple[np.ndarray, np.ndarray], method: str) -> None:
    scores, weights = pair
    np.testing.assert_allclose(
        formula_scores(scores, weights, method),
        aggregate(scores, weights, method),
        rtol=1e-9,
        atol=1e-9,
    )


@given(
    st.lists(
        st.tuples(st.integers(0, 8), st.booleans(), st.integers(1, 4), st.text(max_size=3)),
        min_size=1,
        max_size=8,
        unique_by=lambda t: t[3],
    )
)
def test_formula_ranks_match_the_library(rows: list[tuple[int, bool, int, str]]) -> None:
    """Scores on a quarter-point grid (ties are exact ties): the rank formula orders like
    vendoreval.mcda.rank_order — passed first, higher score, lower cost, then name."""
    scores = np.array([quarters / 4 for quarters, *_ in rows])
    passed = np.array([ok for _, ok, *_ in rows])
    costs = np.array([float(cost) for *_, cost, _ in rows])
    names = [name for *_, name in rows]
    numbers = vendor_numbers(
        pd.DataFrame({"monthly_cost_mean": costs}, index=pd.Index(names))
    ).to_numpy()
    ranks = formula_ranks(scores, passed, numbers)
    assert sorted(ranks.tolist()) == list(range(1, len(rows) + 1))
    assert ranks.tolist() == rank_order(scores, passed, costs, names).tolist()


def test_formula_values_hold_the_library_ranking() -> None:
    content = make_content("topsis")
    vendors = list(content.vendors)
    ranking = content.ranking.loc[vendors]
    values = FormulaValues.compute(
        content.scores.loc[vendors].to_numpy(),
        content.weights.to_numpy(),
        "topsis",
        ranking["score"].to_numpy(),
        ranking["rank"].to_numpy(),
        vendors,
    )
    assert values.first == vendors[0]
    np.testing.assert_array_equal(values.scores, ranking["score"].to_numpy())
    np.testing.assert_array_equal(values.sort_keys, np.round(ranking["score"].to_numpy(), 9))
    assert values.ranks.tolist() == list(range(1, len(vendors) + 1))
    assert values.weight_sum == pytest.approx(1.0)
    assert values.topsis is not None
    np.testing.assert_allclose(values.topsis.closeness, ranking["score"].to_numpy(), rtol=1e-12)
