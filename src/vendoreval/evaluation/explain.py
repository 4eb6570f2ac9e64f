"""Plain-language explanations of an evaluation: why a vendor ranks where it does.

:func:`explain_vendor` writes what a procurement lead needs to defend a decision: rank and
score, each check's score × weight = contribution, strongest and weakest points, knock-outs
with the rule and the evidence, the cost statistics and what drives them, the contract —
commitments, how the vendor staffs, expected credits, the probability of missing each
commitment in a month and the cost of each contract year — and the gap to the neighbouring
vendor with the smallest change of one score that would swap them.

Text only: every number comes from the :class:`~vendoreval.evaluation.Evaluation` and its
cached analyses (:meth:`~vendoreval.evaluation.Evaluation.contributions`,
:meth:`~vendoreval.evaluation.Evaluation.weight_stability`,
:meth:`~vendoreval.evaluation.Evaluation.smallest_swap`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vendoreval._lazy import pd
from vendoreval.criteria import COST_CRITERION
from vendoreval.evaluation.pilots import pilot_lines

if TYPE_CHECKING:
    from vendoreval.evaluation.result import Evaluation
__all__ = ["explain_vendor"]


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}"


def _num(frame: pd.DataFrame, row: str, column: object) -> float:
    """One cell of a numeric table as a float."""
    value: float = frame.at[row, column]  # type: ignore[assignment]
    return float(value)


def explain_vendor(ev: Evaluation, vendor: str) -> str:
    """The text of :meth:`Evaluation.explain <vendoreval.evaluation.Evaluation.explain>`: why
    ``vendor`` ranks where it does in ``ev`` (see the module docstring).

    Parameters
    ----------
    ev : Evaluation
        The evaluation.
    vendor : str
        A vendor of ``ev``; another name raises
        :class:`~vendoreval.errors.UnknownNameError` (a ``KeyError``; the message lists the
        vendors).

    Returns
    -------
    str
        One line or block per part: rank and score, contributions, knock-outs, pilots, cost,
        contract, the gap to the neighbours and the check reasons.
    """
    ev.proposal(vendor)
    rank, n = int(_num(ev.ranking, vendor, "rank")), len(ev.ranking)
    score = _num(ev.ranking, vendor, "score")
    method = "weighted sum" if ev.method == "weighted_sum" else "TOPSIS closeness"
    lines = [
        f"{vendor} — rank {rank} of {n}, score {score:.1f}/100 ({method}).",
    ]
    lines.append(
        "Passed every knock-out rule."
        if bool(ev.ranking.at[vendor, "passed"])
        else "KNOCKED OUT: ranked after every vendor that passed, whatever its score."
    )
    lines += _contribution_lines(ev, vendor)
    lines += _knockout_lines(ev, vendor)
    lines += pilot_lines(ev, vendor)
    lines += _cost_lines(ev, vendor)
    lines += _contract_lines(ev, vendor)
    lines += _gap_lines(ev, vendor)
    lines += _reason_lines(ev, vendor)
    return "\n".join(lines)


def _contribution_lines(ev: Evaluation, vendor: str) -> list[str]:
    scores = ev.scores.loc[vendor]
    contributions = ev.contributions().loc[vendor]
    lines = ["", "Contributions (score × weight = points):"]
    for criterion in ev.scores.columns:
        lines.append(
            f"  {criterion:<11} {scores[criterion]:5.1f} × {ev.weights[criterion]:.3f} "
            f"= {contributions[criterion]:5.2f}"
        )
    lines.append(f"  {'total':<11} {'':>5}   {'':>5}   {contributions.sum():5.2f}")
    if ev.method != "weighted_sum":
        lines.append(
            "  (the ranking uses TOPSIS; the weighted sum above shows where points come from)"
        )
    points = {str(c): _num(ev.scores, vendor, str(c)) for c in ev.scores.columns}
    ordered = sorted(points, key=lambda c: -points[c])
    strong = ", ".join(f"{c} ({points[c]:.0f})" for c in ordered[:2])
    weak = ", ".join(f"{c} ({points[c]:.0f})" for c in ordered[::-1][:2])
    lines.append(f"Strongest: {strong}. Weakest: {weak}.")
    return lines


def _knockout_lines(ev: Evaluation, vendor: str) -> list[str]:
    failures = [ko for result in ev.checks[vendor].values() for ko in result.knockouts]
    if not failures:
        return []
    lines = ["", "Knock-outs:"]
    for ko in failures:
        evidence = f" Evidence: {ko.evidence}" if ko.evidence else ""
        lines.append(f"  - {ko.rule_id}: {ko.message}.{evidence}")
    return lines


def _cost_lines(ev: Evaluation, vendor: str) -> list[str]:
    costs, currency = ev.costs, ev.currency
    lines = [
        "",
        f"Cost: mean {_money(_num(costs, vendor, 'mean'), currency)}/month net of credits over "
        f"the term, 90% of simulated terms between {_money(_num(costs, vendor, 'p5'), currency)}"
        f" and {_money(_num(costs, vendor, 'p95'), currency)} a month.",
        _cost_score_line(ev, vendor),
    ]
    budget = ev.needs.contract.budget_per_month
    if budget is not None and "prob_over_budget" in costs.columns:
        lines.append(
            f"  Probability a month exceeds the budget of {_money(float(budget), currency)}: "
            f"{_num(costs, vendor, 'prob_over_budget'):.0%}."
        )
    drivers = ev.simulation.drivers()
    if vendor in drivers.index:
        row = {str(key): value for key, value in drivers.loc[vendor].to_dict().items()}
        lines += [f"  {text}" for text in _driver_texts(row)]
    return lines


_RULE_TEXT = {
    "committed": "its committed head-count",
    "commitment": "its own committed service level",
    "target": "the buyer's target",
}


def _contract_lines(ev: Evaluation, vendor: str) -> list[str]:
    """Commitments, staffing, credits, breach probabilities and the cost by contract year."""
    from vendoreval.checks.pricing import fees_at_risk

    sim, currency = ev.simulation, ev.currency
    proposal = ev.proposal(vendor)
    months = sim.months
    lines = ["", f"Contract ({len(months)} months from {months[0]}):"]
    terms = proposal.commitments
    if terms is None:
        lines.append(
            "  Commits to no service level: missing one costs this vendor nothing, and it is "
            "staffed to the buyer's targets."
        )
    else:
        table = ev.contract_table()
        method = (
            "monthly grades " + ", ".join(f"{b.grade} {b.adjustment:+.0%}" for b in terms.bands())
            if terms.grades
            else f"a pool of {float(terms.at_risk_share or 0.0):.0%} of the fees at risk"
        )
        lines.append(
            f"  Commits to {table.at[vendor, 'commitments']!s} — {method} "
            f"(at most {fees_at_risk(terms):.0%} of a month's fees back)."
        )
    model = sim.model.vendor(vendor)
    staffing = []
    for channel, plan in model.plans.items():
        text = f"{channel.value} by {_RULE_TEXT[plan.rule]}"
        if plan.rule == "committed":
            text += f" ({float(proposal.sheet.committed_ftes[channel]):g} FTE)"
        staffing.append(text)
    if staffing:
        lines.append(f"  Staffed: {'; '.join(staffing)}.")
    summary = sim.summary()
    credits = _num(summary, vendor, "credits_mean")
    gross = _num(summary, vendor, "gross_mean")
    if terms is not None:
        share = credits / gross if gross > 0 else 0.0
        if credits >= 0:
            lines.append(
                f"  Expected service credits: {_money(credits, currency)}/month back "
                f"({share:.1%} of the gross {_money(gross, currency)}); the cost above is net "
                "of them."
            )
        else:
            lines.append(
                f"  Expected grade bonus: {_money(-credits, currency)}/month paid on top "
                f"({-share:.1%} of the gross {_money(gross, currency)})."
            )
        breach = sim.breach_probability()
        parts = [
            f"{key} {_num(breach, vendor, key):.0%}" for key in terms.keys if key in breach.columns
        ]
        lines.append(f"  Probability of missing in a month: {', '.join(parts)}.")
    years = sim.tco(by="year")
    one_off = float(proposal.sheet.setup_fee) + float(proposal.contract_terms.transition_fee)
    year_parts = []
    for year in years.columns:
        text = f"year {year} {_money(_num(years, vendor, year), currency)}"
        if int(year) == 1 and one_off > 0:
            text += f" (one-off fees {_money(one_off, currency)} included)"
        year_parts.append(text)
    total = float(years.loc[vendor].to_numpy(dtype=np.float64).sum())
    lines.append(
        f"  Net cost by contract year: {'; '.join(year_parts)}; total {_money(total, currency)}."
    )
    return lines


def _cost_score_line(ev: Evaluation, vendor: str) -> str:
    """How the vendor's cost statistic became its cost score, with the numbers."""
    costs, currency = ev.costs, ev.currency
    basis = {str(name): _num(costs, str(name), "cost_for_score") for name in costs.index}
    cheapest = min(basis, key=lambda name: basis[name])
    points = _num(ev.scores, vendor, COST_CRITERION)
    this = f"this vendor's {ev.cost_statistic} ({_money(basis[vendor], currency)})"
    low = f"cheapest ({cheapest}, {_money(basis[cheapest], currency)})"
    if ev.criteria.cost.transform == "minmax":
        dearest = max(basis, key=lambda name: basis[name])
        high = f"dearest ({dearest}, {_money(basis[dearest], currency)})"
        return f"  Cost score {points:.1f} = 100 × ({high} − {this}) ÷ ({high} − {low})."
    return f"  Cost score {points:.1f} = 100 × {low} ÷ {this}."


def _driver_texts(driver: dict[str, object]) -> list[str]:
    texts = []
    increment = driver.get("billing_increment")
    overhead = driver.get("billed_over_actual")
    if isinstance(overhead, float) and np.isfinite(overhead):
        texts.append(
            f"Billing increment {increment} bills {overhead:.3f}× the actual voice seconds "
            f"({(overhead - 1):.1%} rounding overhead)."
        )
    wait = driver.get("billed_wait_seconds_per_contact")
    wait_share = driver.get("billed_wait_share")
    if isinstance(wait, float) and wait > 0:
        share = f", {wait_share:.1%} of the voice charge" if isinstance(wait_share, float) else ""
        texts.append(f"Bills the customer's wait: {wait:.1f} s per voice contact{share}.")
    fte = driver.get("fte")
    if isinstance(fte, float) and np.isfinite(fte) and fte > 0:
        texts.append(
            f"Staffing-based price: {fte:.1f} FTE a month on average over the term (the "
            "committed head-count, or the staffing of each month's forecast)."
        )
    return texts


def _gap_lines(ev: Evaluation, vendor: str) -> list[str]:
    order = list(ev.ranking.index)
    position = order.index(vendor)
    lines = [""]
    if position > 0:
        above = str(order[position - 1])
        gap = _num(ev.ranking, above, "score") - _num(ev.ranking, vendor, "score")
        lines.append(f"Gap to {above} (rank {position}): {gap:.2f} points.")
        lines += _swap_text(ev, vendor, above)
    if position == 0 and ev.method == "weighted_sum" and len(order) > 1:
        lines += _stability_lines(ev)
    if position + 1 < len(order):
        below = str(order[position + 1])
        lead = _num(ev.ranking, vendor, "score") - _num(ev.ranking, below, "score")
        lines.append(f"Lead over {below} (rank {position + 2}): {lead:.2f} points.")
        lines += _swap_text(ev, below, vendor)
    return lines


def _stability_lines(ev: Evaluation) -> list[str]:
    """How far each weight can move before the winner loses first place."""
    table = ev.weight_stability()
    lines = ["Weights within which the winner stays first (others rescaled in proportion):"]
    for _, row in table.iterrows():
        low, high, weight = float(row["low"]), float(row["high"]), float(row["weight"])
        low_in, high_in = bool(row["low_included"]), bool(row["high_included"])
        takes_over = [
            _takeover(row["rival_low"], low, low_in, "below"),
            _takeover(row["rival_high"], high, high_in, "above"),
        ]
        detail = "; ".join(text for text in takes_over if text) or "at any weight"
        lines.append(
            f"  {row['criterion']:<11} now {weight:.2f}, range {low:.2f}–{high:.2f} ({detail})"
        )
    return lines


def _takeover(rival: object, edge: float, included: bool, beyond: str) -> str:
    """How first place is lost at one end of a weight interval; empty without a rival.

    ``below 0.40 B takes over`` when the winner still wins at the end itself; where the
    rival wins the tie at the end, ``at 0.40 and below B takes over: …``, or ``at 1.00 B
    takes over: …`` at a bound.
    """
    if not rival:
        return ""
    if included:
        return f"{beyond} {edge:.2f} {rival} takes over"
    where = f"at {edge:.2f}" if edge in (0.0, 1.0) else f"at {edge:.2f} and {beyond}"
    return f"{where} {rival} takes over: it ties and wins the tie-break"


def _swap_text(ev: Evaluation, lower: str, upper: str) -> list[str]:
    lower_passed = bool(ev.ranking.at[lower, "passed"])
    upper_passed = bool(ev.ranking.at[upper, "passed"])
    if upper_passed and not lower_passed:
        return [f"  {lower} cannot pass {upper} on points: it must first clear its knock-outs."]
    changes = ev.smallest_swap(lower, upper)
    if not changes:
        return [f"  No single score change within 0–100 would lift {lower} above {upper}."]
    best = changes[0]
    return [
        f"  Smallest change that swaps them: {lower} scoring {best.needed:.1f} instead of "
        f"{best.current:.1f} on {best.criterion} (+{best.increase:.1f} points)."
    ]


def _reason_lines(ev: Evaluation, vendor: str) -> list[str]:
    lines = ["", "Per check:"]
    for result in ev.checks[vendor].values():
        lines.append(f"  {result.label} — {result.score:.0f}/100")
        for reason in result.reasons:
            lines.append(f"    · {reason.text}")
    return lines
