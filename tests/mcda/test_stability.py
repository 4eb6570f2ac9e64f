"""Tests for vendoreval.mcda.stability: weight stability intervals and smallest swaps."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.mcda.strategies import FloatArray, Problem
from tests.mcda.strategies import small_problems as problems
from vendoreval.errors import ArgumentError, UnknownNameError, VendorEvalError
from vendoreval.mcda import (
    METHODS,
    TIE_TOLERANCE,
    SwapChange,
    aggregate,
    rank_order,
    smallest_swap,
    weight_stability,
)


def test_mismatched_vendor_arrays_are_rejected() -> None:
    with pytest.raises(ValueError, match="passed: expected 2 booleans"):
        weight_stability([[1.0], [2.0]], [1.0], [True], [1.0, 1.0], ["A", "B"])
    with pytest.raises(ValueError, match=r"scores: expected shape \(n_vendors, n_criteria\)"):
        weight_stability(np.ones((2, 2, 2)), [1.0, 1.0], [True] * 2, [1.0] * 2, ["A", "B"])


# ----------------------------------------------------------------------------- weight stability


def test_weight_stability_worked_example() -> None:
    # A = (90, 40), B = (60, 60), weights 1/2 each: A scores 65, B 60. Moving the quality
    # weight to t: A = 40 + 50 t ≥ 60 = B  ⇔  t ≥ 0.4; the cost weight: A = 90 − 50 t ≥ 60
    # ⇔  t ≤ 0.6.
    table = weight_stability(
        [[90.0, 40.0], [60.0, 60.0]], [1.0, 1.0], [True, True], [1.0, 1.0], ["A", "B"],
        ["quality", "cost"],
    )  # fmt: skip
    assert table.attrs["winner"] == "A"
    assert table.columns.tolist() == [
        "criterion",
        "weight",
        "low",
        "high",
        "rival_low",
        "rival_high",
        "low_included",
        "high_included",
    ]
    quality, cost = table.to_dict("records")
    assert quality == {
        "criterion": "quality", "weight": 0.5, "low": 0.4, "high": 1.0,
        "rival_low": "B", "rival_high": None, "low_included": True, "high_included": True,
    }  # fmt: skip
    assert cost == {
        "criterion": "cost", "weight": 0.5, "low": 0.0, "high": pytest.approx(0.6),
        "rival_low": None, "rival_high": "B", "low_included": True, "high_included": True,
    }  # fmt: skip


def test_weight_stability_with_all_weight_on_one_criterion() -> None:
    # w = (1, 0, 0): criterion 1 gives up weight equally to the others, A = 10 + 80 t,
    # B = 80 − 20 t, so t ≥ 0.7. Criterion 2 (weight 0) takes from criterion 1 only:
    # A = 90 − 80 t ≥ 60 + 20 t = B  ⇔  t ≤ 0.3.
    table = weight_stability(
        [[90.0, 10.0, 10.0], [60.0, 80.0, 80.0]], [1.0, 0.0, 0.0], [True, True], [1.0, 1.0],
        ["A", "B"],
    )  # fmt: skip
    np.testing.assert_allclose(table["low"], [0.7, 0.0, 0.0])
    np.testing.assert_allclose(table["high"], [1.0, 0.3, 0.3])
    assert table["rival_low"].tolist() == ["B", None, None]
    assert table["rival_high"].tolist() == [None, "B", "B"]


def test_weight_stability_ignores_knocked_out_vendors() -> None:
    table = weight_stability(
        [[60.0, 60.0], [100.0, 100.0], [0.0, 100.0]], [0.5, 0.5], [True, False, True],
        [1.0] * 3, ["Pass", "Failed", "Rival"],
    )  # fmt: skip
    assert table.attrs["winner"] == "Pass"
    # only Rival counts: Pass = 60 ≥ Rival = 100 (1 − t) ⇔ t ≥ 0.4 on criterion 1
    np.testing.assert_allclose(table["low"], [0.4, 0.0])
    np.testing.assert_allclose(table["high"], [1.0, 0.6])
    assert "Failed" not in set(table["rival_low"]) | set(table["rival_high"])


def test_weight_stability_edge_cases() -> None:
    alone = weight_stability([[10.0, 20.0]], [0.5, 0.5], [True], [1.0], ["Only"])
    assert alone[["low", "high"]].to_numpy().tolist() == [[0.0, 1.0], [0.0, 1.0]]
    single = weight_stability([[10.0], [20.0]], [3.0], [True, True], [1.0, 1.0], ["A", "B"])
    assert single[["low", "high"]].to_numpy().tolist() == [[1.0, 1.0]]
    twin = weight_stability(  # identical vendors: the tie-break decides at every weight
        [[10.0, 20.0], [10.0, 20.0]], [0.5, 0.5], [True, True], [2.0, 1.0], ["A", "B"]
    )
    assert twin.attrs["winner"] == "B"
    assert twin[["low", "high"]].to_numpy().tolist() == [[0.0, 1.0], [0.0, 1.0]]


def _moved_weights(weights: FloatArray, j: int, t: float) -> FloatArray:
    """Weights with criterion ``j`` at ``t`` and the others rescaled proportionally."""
    w = weights / weights.sum()
    others = np.delete(w, j)
    share = others / others.sum() if others.sum() > 0 else np.full(others.size, 1 / others.size)
    return np.insert(share * (1.0 - t), j, t)


@given(problems(min_vendors=2, min_criteria=2, integer=True))
def test_weight_stability_edges_agree_with_brute_force_reranking(problem: Problem) -> None:
    scores, weights, passed, costs, names = problem
    table = weight_stability(scores, weights, passed, costs, names)
    winner = names.index(table.attrs["winner"])
    step = 1e-6

    def totals(j: int, t: float) -> FloatArray:
        return np.asarray(scores @ _moved_weights(weights, j, t))

    def rivals_above(value: FloatArray) -> bool:
        """Does a vendor that can outrank the winner score clearly more than it?"""
        contenders = passed == passed[winner]
        return bool((value[contenders] > value[winner] + TIE_TOLERANCE).any())

    for j, row in table.iterrows():
        j = int(j)  # type: ignore[call-overload]
        low, high, weight = row["low"], row["high"], row["weight"]
        assert 0.0 <= low <= weight <= high <= 1.0
        inset = min(step, (high - low) / 2)
        for t in (low + inset, high - inset, weight):
            assert not rivals_above(totals(j, t)), (j, t)
        for edge, outside, rival, included in (
            (low, low - min(step, low / 2), row["rival_low"], row["low_included"]),
            (high, high + min(step, (1 - high) / 2), row["rival_high"], row["high_included"]),
        ):
            at_edge = totals(j, edge)
            first_at_edge = int(np.argmin(rank_order(at_edge, passed, costs, names)))
            if not included:  # a rival ties the winner at the edge and wins the tie-break
                assert rival == names[first_at_edge]
                assert at_edge[first_at_edge] == pytest.approx(at_edge[winner], abs=1e-9)
                continue
            assert first_at_edge == winner or edge == weight
            if edge in (0.0, 1.0):
                assert rival is None
                continue
            assert rival is not None
            beyond = totals(j, outside)
            k = names.index(rival)
            assert at_edge[k] == pytest.approx(at_edge[winner], abs=1e-9)  # a tie at the edge
            assert beyond[k] > beyond[winner]  # the rival overtakes just outside
            if beyond[k] - beyond[winner] > 10 * TIE_TOLERANCE:  # clear of the tie tolerance
                ranks = rank_order(beyond, passed, costs, names)
                assert ranks[winner] != 1  # the winner changes just outside an interior edge


def test_weight_stability_rival_tied_at_the_current_weights() -> None:
    # A = 60 and B = 60 + 5e-10 tie within the tolerance; A is cheaper and wins. B gains
    # as either weight moves one way, so the current weight is an edge of both intervals.
    table = weight_stability(
        [[80.0, 40.0], [40.0, 80.0 + 1e-9]], [0.5, 0.5], [True, True], [1.0, 2.0], ["A", "B"]
    )
    assert table.attrs["winner"] == "A"
    assert table[["low", "high"]].to_numpy().tolist() == [[0.5, 1.0], [0.0, 0.5]]
    assert table["rival_low"].tolist() == ["B", None]
    assert table["rival_high"].tolist() == [None, "B"]


def test_weight_stability_resolves_small_score_differences() -> None:
    # A = (50, 50) leads B = (50.0002, 49.9996) by 1e-4 points. Moving the first weight,
    # B = 49.9996 + 6e-4 t reaches A at t = 2/3; moving the second, B = 50.0002 − 6e-4 t
    # falls to A at t = 1/3.
    table = weight_stability(
        [[50.0, 50.0], [50.0002, 49.9996]], [0.5, 0.5], [True, True], [1.0, 1.0], ["A", "B"]
    )
    np.testing.assert_allclose(table["high"], [2 / 3, 1.0], rtol=1e-6)
    np.testing.assert_allclose(table["low"], [0.0, 1 / 3], rtol=1e-6)
    assert table["rival_high"].tolist() == ["B", None]


def test_weight_stability_crossing_at_the_bound_is_not_an_interior_edge() -> None:
    # B = (0, 1, 2) leads A = (0, 0, 2) by 2/9; moving the zero weight of criterion 3 to
    # t, B − A = 2/9 (1 − t): they meet only at t = 1, so nobody takes over inside [0, 1).
    # At t = 1 itself both score 2 and cost the same: A wins the tie by name.
    table = weight_stability(
        [[0.0, 0.0, 2.0], [0.0, 1.0, 2.0]], [7.0, 2.0, 0.0], [False, False], [1.0, 1.0],
        ["A", "B"],
    )  # fmt: skip
    assert table.attrs["winner"] == "B"
    row = table[["low", "high", "rival_low", "low_included"]].to_numpy()[2].tolist()
    assert row == [0.0, 1.0, None, True]
    assert not table.loc[2, "high_included"]
    assert table.loc[2, "rival_high"] == "A"


# ----------------------------------------------------------------------------- tied ends


def test_weight_stability_a_cheaper_rival_tying_at_a_bound_takes_that_bound() -> None:
    # Cheap = (90.5, 10), Dear = (90.5, 50), equal weights: Dear 70.25 beats Cheap 50.25.
    # First criterion at weight t: Cheap = 10 + 80.5 t, Dear = 50 + 40.5 t; Dear − Cheap
    # = 40 (1 − t) > 0 for t < 1, and at t = 1 both score 90.5: a tie that the cheaper
    # vendor wins. So Dear is first for t in [0, 1), not at 1: Cheap takes over at 1.
    # Second criterion at weight s: Dear − Cheap = 40 s: the same tie at s = 0.
    table = weight_stability(
        [[90.5, 10.0], [90.5, 50.0]], [0.5, 0.5], [True, True], [1000.0, 2000.0],
        ["Cheap", "Dear"],
    )  # fmt: skip
    assert table.attrs["winner"] == "Dear"
    first, second = table.to_dict("records")
    assert (first["low"], first["high"]) == (0.0, 1.0)
    assert (first["low_included"], first["high_included"]) == (True, False)
    assert (first["rival_low"], first["rival_high"]) == (None, "Cheap")
    assert (second["low"], second["high"]) == (0.0, 1.0)
    assert (second["low_included"], second["high_included"]) == (False, True)
    assert (second["rival_low"], second["rival_high"]) == ("Cheap", None)
    # the same check by re-ranking at the bounds
    at_one = rank_order([90.5, 90.5], [True, True], [1000.0, 2000.0], ["Cheap", "Dear"])
    assert at_one.tolist() == [1, 2]


def test_weight_stability_a_dearer_rival_tying_at_a_bound_does_not() -> None:
    # The same scores with the winner cheaper: it wins the tie at the bound too.
    table = weight_stability(
        [[90.5, 10.0], [90.5, 50.0]], [0.5, 0.5], [True, True], [2000.0, 1000.0],
        ["Dear", "Cheap"],
    )  # fmt: skip
    assert table.attrs["winner"] == "Cheap"
    assert table[["low", "high"]].to_numpy().tolist() == [[0.0, 1.0], [0.0, 1.0]]
    assert table[["low_included", "high_included"]].to_numpy().all()
    assert table[["rival_low", "rival_high"]].isna().all().all()


def test_weight_stability_ties_at_a_bound_go_by_name_when_costs_are_equal() -> None:
    # Equal costs: "Alpha" sorts before "Beta" and wins the tie at t = 1.
    table = weight_stability(
        [[90.5, 10.0], [90.5, 50.0]], [0.5, 0.5], [True, True], [1.0, 1.0], ["Alpha", "Beta"]
    )
    assert table.attrs["winner"] == "Beta"
    assert not table.loc[0, "high_included"]
    assert table.loc[0, "rival_high"] == "Alpha"


def test_weight_stability_an_interior_edge_is_excluded_when_the_rival_is_cheaper() -> None:
    # A = (90, 40), B = (60, 60): A = 40 + 50 t ≥ 60 = B ⇔ t ≥ 0.4 on the first criterion.
    # B is cheaper, so at t = 0.4 exactly B wins the tie: A is first on (0.4, 1].
    table = weight_stability(
        [[90.0, 40.0], [60.0, 60.0]], [0.5, 0.5], [True, True], [2.0, 1.0], ["A", "B"]
    )
    assert table.attrs["winner"] == "A"
    first = table.iloc[0]
    assert first["low"] == pytest.approx(0.4)
    assert not first["low_included"]
    assert first["rival_low"] == "B"
    assert bool(first["high_included"])


def test_weight_stability_at_a_tied_bound_names_the_tie_break_winner_of_several() -> None:
    # W = (90, 60) wins at equal weights (75). At t = 1 on the first criterion W, X and Y
    # all score 90; X and Y are cheaper than W, and Y cheapest: Y takes first place at 1.
    table = weight_stability(
        [[90.0, 60.0], [90.0, 20.0], [90.0, 30.0]], [0.5, 0.5], [True] * 3, [3.0, 2.0, 1.0],
        ["W", "X", "Y"],
    )  # fmt: skip
    assert table.attrs["winner"] == "W"
    row = table.iloc[0]
    assert (row["high"], bool(row["high_included"]), row["rival_high"]) == (1.0, False, "Y")


# ----------------------------------------------------------------------------- smallest swap


def test_smallest_swap_worked_example() -> None:
    # A = (50, 70) trails B = (70, 70) by 10 points at weights (0.5, 0.5): A needs
    # 10 / 0.5 = 20 more points on either criterion: 70 on q, 90 on c. B is cheaper, so
    # at exactly 70 on q the two tie and B keeps first place: A needs a hair more.
    changes = smallest_swap(
        [[50.0, 70.0], [70.0, 70.0]], [0.5, 0.5], [True, True], [2.0, 1.0], ["A", "B"],
        "A", "B", criteria=["q", "c"],
    )  # fmt: skip
    assert [c.criterion for c in changes] == ["q", "c"]
    assert changes[0] == SwapChange("q", 50.0, pytest.approx(70.0, abs=1e-8))  # type: ignore[arg-type]
    assert changes[0].increase == pytest.approx(20.0, abs=1e-8)
    assert changes[1].needed == pytest.approx(90.0, abs=1e-8)


def test_smallest_swap_leaves_out_criteria_that_cannot_do_it() -> None:
    # B leads by 30 points; with weight 0.25 criterion c would need 120 points > 100.
    changes = smallest_swap(
        [[40.0, 40.0], [70.0, 70.0]], [0.75, 0.25], [True, True], [1.0, 1.0], ["A", "B"],
        "A", "B",
    )  # fmt: skip
    assert [c.criterion for c in changes] == ["criterion_1"]
    assert changes[0].needed == pytest.approx(80.0, abs=1e-8)


def test_smallest_swap_cannot_lift_a_knocked_out_vendor_over_a_passing_one() -> None:
    args = ([[10.0, 10.0], [20.0, 20.0]], [0.5, 0.5], [False, True], [1.0, 1.0], ["A", "B"])
    assert smallest_swap(*args, "A", "B") == []
    assert smallest_swap(*args, "B", "A") == []  # B is already above A


@pytest.mark.parametrize("method", sorted(METHODS))
@given(problem=problems(min_vendors=2, min_criteria=1, integer=True), data=st.data())
def test_smallest_swap_really_swaps(method: str, problem: Problem, data: st.DataObject) -> None:
    scores, weights, passed, costs, names = problem
    ranks = rank_order(aggregate(scores, weights, method), passed, costs, names)
    position = data.draw(st.integers(2, len(names)))
    i, k = int(np.flatnonzero(ranks == position)[0]), int(np.flatnonzero(ranks == position - 1)[0])
    changes = smallest_swap(
        scores, weights, passed, costs, names, names[i], names[k], method=method
    )
    assert [c.increase for c in changes] == sorted(c.increase for c in changes)

    def ranks_with(j: int, value: float) -> FloatArray:
        trial = scores.copy()
        trial[i, j] = value
        return rank_order(aggregate(trial, weights, method), passed, costs, names)

    for change in changes:
        j = [f"criterion_{c + 1}" for c in range(scores.shape[1])].index(change.criterion)
        assert change.current == scores[i, j] < change.needed <= 100.0
        # at the swap point itself the two tie within the tolerance: step clear of it
        above = ranks_with(j, min(change.needed + 1e-6, 100.0))
        assert above[i] < above[k]
        below = ranks_with(j, max(change.needed - 1e-6, change.current))
        assert below[i] > below[k]
        if method == "weighted_sum":  # the rise is the score gap over the weight
            w = weights / weights.sum()
            gap = float((scores[k] - scores[i]) @ w)
            assert change.increase == pytest.approx(gap / w[j], abs=1e-6)


def test_smallest_swap_bad_names() -> None:
    args = ([[1.0], [2.0]], [1.0], [True, True], [1.0, 1.0], ["A", "B"])
    with pytest.raises(UnknownNameError, match="vendor: no vendor named 'C'; vendors: A, B"):
        smallest_swap(*args, "C", "B")
    with pytest.raises(KeyError, match="rival: no vendor named 'D'"):
        smallest_swap(*args, "A", "D")
    with pytest.raises(ArgumentError, match="rival: expected a vendor other than 'A'") as info:
        smallest_swap(*args, "A", "A")
    assert isinstance(info.value, VendorEvalError)
    with pytest.raises(ArgumentError, match="method: unknown method"):
        smallest_swap(*args, "A", "B", method="electre")
