"""explain(): the plain-text account of a vendor's rank."""

from __future__ import annotations

import pytest

from vendoreval.errors import UnknownNameError
from vendoreval.evaluation import Evaluation, explain_vendor


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


def test_explain_says_who_takes_over_at_a_tied_end(ev: Evaluation) -> None:
    # On the sample the runner-up ties the winner on coverage and is cheaper (see
    # test_result.py): at weight 1 it takes first place.
    runner_up = str(ev.ranking.index[1])
    text = ev.explain(ev.winner)
    line = next(line for line in text.splitlines() if line.strip().startswith("coverage    now"))
    assert f"at 1.00 {runner_up} takes over: it ties and wins the tie-break" in line


def test_explain_shows_the_ratio_cost_formula_with_the_cheapest(ev: Evaluation) -> None:
    cheapest = str(ev.costs["cost_for_score"].idxmin())
    text = ev.explain(ev.winner)
    assert f"= 100 × cheapest ({cheapest}, " in text


def test_explain_shows_the_smallest_swap(ev: Evaluation) -> None:
    order = list(ev.ranking.index)
    best = ev.smallest_swap(order[2], order[1])[0]
    text = ev.explain(order[2])
    assert (
        f"Smallest change that swaps them: {order[2]} scoring {best.needed:.1f} instead of "
        f"{best.current:.1f} on {best.criterion}"
    ) in text


def test_explain_vendor_checks_the_name(ev: Evaluation) -> None:
    assert explain_vendor(ev, ev.winner) == ev.explain(ev.winner)
    with pytest.raises(UnknownNameError, match="vendors: "):
        explain_vendor(ev, "Nobody Ltd")
