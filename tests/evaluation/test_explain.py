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
    # On the sample a cheaper rival ties the winner at the upper end of some weight
    # intervals (see test_result.py) and takes first place there.
    table = ev.weight_stability().set_index("criterion")
    tied = table[~table["high_included"].astype(bool) & table["rival_high"].astype(bool)]
    text = ev.explain(ev.winner)
    for criterion, row in tied.iterrows():
        line = next(
            line
            for line in text.splitlines()
            if line.strip().startswith(f"{criterion} ") and " now " in line
        )
        high = float(row["high"])
        where = f"at {high:.2f}" if high == 1.0 else f"at {high:.2f} and above"
        assert f"{where} {row['rival_high']} takes over: it ties and wins the tie-break" in line


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


def test_explain_names_credits_breaches_and_the_cost_by_year(ev: Evaluation) -> None:
    for vendor in ev.vendors:
        text = ev.explain(vendor)
        assert "Contract (24 months from 2027-01):" in text
        assert "Net cost by contract year: year 1 " in text
        assert "; year 2 " in text
        years = ev.simulation.tco(by="year")
        assert f"{years.loc[vendor, 1]:,.0f} KRW" in text
        proposal = ev.proposal(vendor)
        if proposal.commitments is None:
            assert "Commits to no service level" in text
            continue
        assert "Probability of missing in a month: " in text
        for key in proposal.commitments.keys:
            assert key in text
        assert "Expected service credits" in text or "Expected grade bonus" in text
    per_head = ev.explain("Daehan Outsourcing")
    assert "monthly grades S +3%" in per_head
    assert "phone by its committed head-count (32 FTE)" in per_head
    usage = ev.explain("Hangang CX")
    assert "a pool of 5% of the fees at risk" in usage
    assert "phone by its own committed service level" in usage
    assert "email by the buyer's target" in usage
