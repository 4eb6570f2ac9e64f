"""evaluate(): from needs and proposals to an explained, robust ranking.

Every proposal's eight answers are scored against the buyer's needs with the criteria
pack (:mod:`vendoreval.checks`); the price sheets are simulated against the buyer's
traffic (:mod:`vendoreval.simulation`) and the chosen statistic of each vendor's monthly
cost becomes the cost criterion (:func:`vendoreval.mcda.cost_scores`, a ratio scale
unless the pack says otherwise); and the vendors are ranked
(:func:`vendoreval.mcda.rank_vendors`) with knock-outs after every vendor that passed
and ties broken by lower mean monthly cost, then name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import ValidationError

from vendoreval._lazy import pd
from vendoreval.checks import CheckResult, ScoringContext, score_all
from vendoreval.criteria import COST_CRITERION, CostSettings, CriteriaPack
from vendoreval.errors import ArgumentError
from vendoreval.evaluation.pilots import measured_pilots
from vendoreval.evaluation.result import Evaluation
from vendoreval.mcda import cost_scores, rank_vendors, resolve_method
from vendoreval.mcda._validate import check_count
from vendoreval.simulation import ProgressCallback, simulate_costs
from vendoreval.staffing.plan import plan_staffing

if TYPE_CHECKING:
    from vendoreval.assessments import Assessment, AssessmentSummary
    from vendoreval.needs import Needs
    from vendoreval.outcomes import PilotComparison
    from vendoreval.proposal import VendorProposal

__all__ = ["Method", "evaluate"]

#: The aggregation methods :func:`evaluate` accepts.
Method = Literal["weighted_sum", "topsis"]


def evaluate(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    criteria: CriteriaPack | str | Path = "eight-checks",
    method: Method | str = "weighted_sum",
    runs: int = 10_000,
    seed: int = 0,
    *,
    assessments: Sequence[Assessment] | AssessmentSummary | str | Path | None = None,
    cost_statistic: str | None = None,
    as_of: dt.date | None = None,
    pilots: PilotComparison | None = None,
    progress: ProgressCallback | bool | None = None,
) -> Evaluation:
    """Score, cost and rank vendor proposals against a buyer's needs.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    proposals : sequence of VendorProposal
        At least one proposal; names must be unique.
    criteria : CriteriaPack, str or Path
        A pack, a bundled pack name (``"eight-checks"``) or a path to a YAML pack.
    method : {"weighted_sum", "topsis"}
        Aggregation method.
    runs : int
        Monte Carlo runs of the monthly cost simulation, ≥ 1.
    seed : int
        Seed of the simulation, ≥ 0.
    assessments : sequence of Assessment, AssessmentSummary, path, optional
        Evaluator ratings (1–5) of culture fit, team-lead interviews, reference calls and
        site visits; their medians replace the vendors' self-reported ratings.
    cost_statistic : str, optional
        ``"mean"`` (default from the pack) or a quantile such as ``"p90"`` for a
        risk-averse buyer.
    as_of : date, optional
        Evaluation date (default today), for recency rules such as DR tests.
    pilots : PilotComparison, optional
        The buyer's own pilot (:func:`vendoreval.outcomes.compare_pilots`), its vendor names
        those of the proposals: measured first-contact resolution and CSAT replace the
        vendor-reported pilot outcomes, and the pack's pilot sub-criteria and stage-gate
        knock-outs on them apply (see :mod:`vendoreval.checks.pilot_outcomes`).
    progress : callable, optional
        ``progress(done, total)``, called as the cost simulation advances (the command line
        passes one that draws a bar). The library prints nothing; ``True``/``False`` from
        earlier versions are accepted and mean no callback.

    Returns
    -------
    Evaluation

    Raises
    ------
    vendoreval.errors.ArgumentError
        On an unknown method or cost statistic, bad ``runs`` or ``seed``, duplicate vendor
        names or no proposals (a ``ValueError``; the message names the argument).
    vendoreval.errors.CriteriaError
        When the criteria pack cannot be loaded or is invalid.

    Examples
    --------
    >>> import vendoreval as ve
    >>> needs, proposals = ve.load_sample()
    >>> ev = ve.evaluate(needs, proposals, runs=2_000, seed=0)  # doctest: +SKIP
    >>> ev.ranking[["rank", "score", "passed"]]  # doctest: +SKIP
    """
    proposals = tuple(proposals)
    _check_proposals(proposals)
    resolve_method(method)
    runs = check_count(runs, "runs", 1)
    seed = check_count(seed, "seed", 0)
    pack = criteria if isinstance(criteria, CriteriaPack) else CriteriaPack.load(criteria)
    settings = _cost_settings(pack, cost_statistic)
    pack = pack.model_copy(update={"cost": settings})
    as_of = as_of or dt.date.today()
    summary = _assessment_summary(assessments, proposals)
    measured = {} if pilots is None else measured_pilots(pilots, [p.name for p in proposals])

    simulation = simulate_costs(needs, proposals, runs=runs, seed=seed, progress=progress)
    plan = plan_staffing(needs)
    names = [p.name for p in proposals]

    checks: dict[str, dict[str, CheckResult]] = {}
    for proposal in proposals:
        ratings = summary.ratings_for(proposal.name) if summary is not None else {}
        context = ScoringContext(
            needs=needs,
            as_of=as_of,
            required_agents=plan.required_agents,
            required_agents_by_language=plan.required_agents_by_language,
            ratings=ratings,
            pilot=measured.get(proposal.name),
        )
        checks[proposal.name] = score_all(needs, proposal, pack, context)

    weights = pack.weights
    index = pd.Index(names, name="vendor")
    cost_basis = pd.Series(settings.summarize(simulation.samples[names].to_numpy()), index=index)
    cost_points = pd.Series(cost_scores(cost_basis.to_numpy(), settings.transform), index=index)
    scores = _score_matrix(checks, weights, cost_points, names)
    passed = np.array([all(r.passed for r in checks[n].values()) for n in names], dtype=bool)
    costs = simulation.summary().loc[names]
    costs = costs.assign(cost_statistic=settings.statistic, cost_for_score=cost_basis)
    mean_cost = costs["mean"].to_numpy(dtype=np.float64)
    ranked = rank_vendors(
        scores.to_numpy(dtype=np.float64), weights.to_numpy(), passed, mean_cost, names, method
    )
    ranking = ranked.to_frame().assign(
        monthly_cost_mean=pd.Series(mean_cost, index=index),
        monthly_cost_p95=pd.Series(costs["p95"].to_numpy(dtype=np.float64), index=index),
        knockouts=pd.Series([_knockout_text(checks[n]) for n in names], index=index),
    )
    return Evaluation(
        needs=needs,
        proposals=proposals,
        criteria=pack,
        method=str(method),
        runs=runs,
        seed=seed,
        ranking=ranking,
        scores=scores,
        weights=weights,
        costs=costs,
        checks=checks,
        simulation=simulation,
        staffing=plan,
        assessments=summary,
        cost_statistic=settings.statistic,
        as_of=as_of,
        pilots=pilots,
        measured_pilots=measured,
    )


def _cost_settings(pack: CriteriaPack, statistic: str | None) -> CostSettings:
    """The pack's cost settings, with the statistic overridden when one is given."""
    if statistic is None:
        return pack.cost
    try:
        return CostSettings(statistic=statistic, transform=pack.cost.transform)
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise ArgumentError(f"cost_statistic: {message}") from None


def _check_proposals(proposals: tuple[VendorProposal, ...]) -> None:
    """At least one proposal, and no vendor name twice."""
    if not proposals:
        raise ArgumentError("proposals: at least one vendor proposal is needed")
    seen: set[str] = set()
    for proposal in proposals:
        if proposal.name in seen:
            raise ArgumentError(f"proposals: vendor name {proposal.name!r} is used twice")
        seen.add(proposal.name)


def _assessment_summary(
    assessments: Sequence[Assessment] | AssessmentSummary | str | Path | None,
    proposals: tuple[VendorProposal, ...],
) -> AssessmentSummary | None:
    """Evaluator ratings aggregated per vendor, from a summary, a file or a list."""
    if assessments is None:
        return None
    from vendoreval.assessments import (
        AssessmentSummary,
        aggregate_assessments,
        load_assessments,
    )

    if isinstance(assessments, AssessmentSummary):
        return assessments
    if isinstance(assessments, str | Path):
        assessments = load_assessments(assessments)
    return aggregate_assessments(list(assessments), [p.name for p in proposals])


def _score_matrix(
    checks: Mapping[str, Mapping[str, CheckResult]],
    weights: pd.Series,
    cost: pd.Series,
    names: Sequence[str],
) -> pd.DataFrame:
    """Vendor × criterion scores [points]: the checks' scores, and cost points for cost."""
    columns = [str(c) for c in weights.index]
    rows = [
        [
            float(cost[name]) if criterion == COST_CRITERION else checks[name][criterion].score
            for criterion in columns
        ]
        for name in names
    ]
    frame = pd.DataFrame(
        np.asarray(rows, dtype=np.float64), index=pd.Index(names, name="vendor"), columns=columns
    )
    frame.columns.name = "criterion"
    return frame


def _knockout_text(results: Mapping[str, CheckResult]) -> str:
    """The failed knock-out rules of one vendor, ``rule_id: message`` joined by ``; ``."""
    return "; ".join(f"{ko.rule_id}: {ko.message}" for r in results.values() for ko in r.knockouts)
