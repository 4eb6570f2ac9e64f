"""evaluate(): from needs and proposals to an explained, robust ranking.

The flow (DESIGN.md): every proposal's eight answers are scored against the buyer's needs
with the criteria pack (:mod:`vendoreval.checks`), the price sheets are simulated against
the buyer's traffic (:mod:`vendoreval.simulation`) and turned into the cost criterion on a
ratio scale, and the vendors are ranked (:mod:`vendoreval.ranking`) with knock-outs last
and ties broken by lower mean monthly cost, then name.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from pydantic import ValidationError

from vendoreval.checks import CheckResult, ScoringContext, score_all
from vendoreval.criteria import COST_CRITERION, CostSettings, CriteriaPack
from vendoreval.explain import explain_vendor
from vendoreval.ranking import aggregate, rank_order
from vendoreval.sensitivity import AcceptabilityResult, rank_acceptability, weight_stability
from vendoreval.simulation import CostSimulation, simulate_costs
from vendoreval.staffing.plan import StaffingPlan, plan_staffing

if TYPE_CHECKING:
    from vendoreval.assessments import Assessment, AssessmentSummary
    from vendoreval.needs import Needs
    from vendoreval.proposal import VendorProposal

__all__ = ["COST_CRITERION", "Evaluation", "evaluate"]


Method = Literal["weighted_sum", "topsis"]


@dataclass(frozen=True, eq=False)
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    needs : Needs
        The buyer's needs.
    proposals : tuple of VendorProposal
        The proposals, in input order.
    criteria : CriteriaPack
        The criteria pack used.
    method : str
        ``"weighted_sum"`` or ``"topsis"``.
    runs, seed : int
        Simulation runs and seed.
    ranking : pandas.DataFrame
        Index ``vendor``, best first: ``rank`` (1 = best, a permutation), ``score``
        [points, 0–100], ``passed`` (bool), ``monthly_cost_mean`` and ``monthly_cost_p95``
        [currency/month], ``knockouts`` (str, empty when passed).
    scores : pandas.DataFrame
        Vendor × criterion scores [points, 0–100], higher is better, cost included.
    weights : pandas.Series
        Criterion → weight, summing to 1.
    costs : pandas.DataFrame
        Simulation summary per vendor (mean, std, p5, p50, p95, prob_over_budget) and the
        cost statistic used for the cost criterion.
    checks : dict
        Vendor → check → :class:`~vendoreval.checks.CheckResult`.
    simulation : CostSimulation
        The cost simulation (samples, breakdown, drivers).
    staffing : StaffingPlan
        The staffing the buyer's traffic needs (agents per interval, per language).
    assessments : AssessmentSummary or None
        Aggregated evaluator ratings, when given.
    cost_statistic : str
        ``"mean"`` or a quantile such as ``"p90"``.
    as_of : date
        Date the evaluation was made (for "tested within N months").
    """

    needs: Needs
    proposals: tuple[VendorProposal, ...]
    criteria: CriteriaPack
    method: str
    runs: int
    seed: int
    ranking: pd.DataFrame
    scores: pd.DataFrame
    weights: pd.Series
    costs: pd.DataFrame
    checks: dict[str, dict[str, CheckResult]]
    simulation: CostSimulation
    staffing: StaffingPlan
    assessments: AssessmentSummary | None
    cost_statistic: str
    as_of: dt.date
    _cache: dict[tuple[object, ...], object] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ basics
    @property
    def vendors(self) -> tuple[str, ...]:
        """Vendor names in input order."""
        return tuple(p.name for p in self.proposals)

    @property
    def winner(self) -> str:
        """Name of the vendor ranked first."""
        return str(self.ranking.index[0])

    @property
    def currency(self) -> str:
        """Contract currency (ISO 4217)."""
        return self.needs.contract.currency

    def proposal(self, vendor: str) -> VendorProposal:
        """The proposal of ``vendor``; ``KeyError`` listing the vendors when unknown."""
        for proposal in self.proposals:
            if proposal.name == vendor:
                return proposal
        raise KeyError(f"no vendor named {vendor!r}; vendors: {', '.join(self.vendors)}")

    def contributions(self) -> pd.DataFrame:
        """Vendor × criterion contribution to the weighted sum: score × weight [points]."""
        return self.scores.mul(self.weights, axis=1)

    # ------------------------------------------------------------------ explanation
    def explain(self, vendor: str) -> str:
        """Explain ``vendor``'s rank in words: contributions, strengths, knock-outs, cost.

        Parameters
        ----------
        vendor : str
            Vendor name.

        Returns
        -------
        str
            A multi-line plain-text explanation.
        """
        self.proposal(vendor)
        return explain_vendor(self, vendor)

    # ------------------------------------------------------------------ robustness
    def acceptability(
        self,
        samples: int = 10_000,
        seed: int = 0,
        *,
        concentration: float | None = None,
        uniform: bool = False,
    ) -> AcceptabilityResult:
        """SMAA-2 rank acceptability with weights and costs drawn jointly.

        Weights are drawn from a Dirichlet centred on :attr:`weights` (total concentration
        ``concentration``; see :func:`vendoreval.sensitivity.default_concentration`), or
        uniformly over the simplex with ``uniform=True``; each sample also takes the costs
        of one simulation run, rescored on the ratio scale.

        Returns
        -------
        AcceptabilityResult
            Acceptability (vendor × rank position), central weights and more.
        """
        key = ("acceptability", samples, seed, concentration, uniform)
        cached = self._cache.get(key)
        if isinstance(cached, AcceptabilityResult):
            return cached
        names = list(self.scores.index)
        cost_samples = self.simulation.samples[names].to_numpy()
        settings = self.criteria.cost
        result = rank_acceptability(
            self.scores.to_numpy(),
            None if uniform else self.weights.to_numpy(),
            self.ranking.loc[names, "passed"].to_numpy(dtype=bool),
            self.ranking.loc[names, "monthly_cost_mean"].to_numpy(dtype=np.float64),
            names,
            criteria=list(self.scores.columns),
            method=self.method,
            samples=samples,
            seed=seed,
            concentration=concentration,
            cost_samples=cost_samples,
            cost_column=list(self.scores.columns).index(COST_CRITERION),
            cost_score=settings.scores,
            uniform=uniform,
        )
        self._cache[key] = result
        return result

    def sensitivity(
        self,
        samples: int = 10_000,
        seed: int = 0,
        *,
        concentration: float | None = None,
        uniform: bool = False,
    ) -> pd.DataFrame:
        """Rank acceptability indices: vendor × rank position; rows and columns sum to 1.

        Parameters
        ----------
        samples : int
            Weight (and cost) samples.
        seed : int
            Seed of the sampling.
        concentration : float, optional
            Dirichlet concentration around the pack's weights (higher = closer).
        uniform : bool
            Draw weights uniformly over the simplex (a buyer without stated weights).

        Returns
        -------
        pandas.DataFrame
            Index ``vendor`` in ranking order, columns rank positions 1..n.
        """
        result = self.acceptability(
            samples, seed, concentration=concentration, uniform=uniform
        ).acceptability
        return result.loc[list(self.ranking.index)]

    def weight_stability(self) -> pd.DataFrame:
        """For each criterion, the weight interval within which the winner stays first.

        Exact (closed form) under the weighted sum, the other weights rescaled
        proportionally; see :func:`vendoreval.sensitivity.weight_stability`.
        """
        names = list(self.scores.index)
        return weight_stability(
            self.scores.to_numpy(),
            self.weights.to_numpy(),
            self.ranking.loc[names, "passed"].to_numpy(dtype=bool),
            self.ranking.loc[names, "monthly_cost_mean"].to_numpy(dtype=np.float64),
            names,
            list(self.scores.columns),
        )

    # ------------------------------------------------------------------ output
    def to_excel(self, path: str | Path, language: str = "en") -> Path:
        """Write the comparison workbook (live formulas, charts) to ``path``.

        Parameters
        ----------
        path : str or Path
            Destination ``.xlsx`` file; written atomically.
        language : {"en", "ko"}
            Language of sheet labels and headers.

        Returns
        -------
        Path
            The written file.
        """
        from vendoreval.io.excel import write_workbook

        return write_workbook(self, path, language=language)

    def summary(self) -> str:
        """A short plain-text ranking table."""
        lines = [f"Ranking ({self.method}, {self.runs:,} cost runs, seed {self.seed})"]
        for vendor, row in self.ranking.iterrows():
            flag = "" if row["passed"] else f"  KNOCKED OUT: {row['knockouts']}"
            lines.append(
                f"{int(row['rank']):>2}. {vendor:<28} {row['score']:6.1f}  "
                f"{row['monthly_cost_mean']:>16,.0f} {self.currency}/month{flag}"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        passed = int(self.ranking["passed"].sum())
        return (
            f"<Evaluation of {len(self.proposals)} vendors for {self.needs.buyer!r} "
            f"({self.method}, {passed} passed the knock-outs): winner {self.winner!r}>"
        )

    def _repr_html_(self) -> str:
        table = self.ranking.copy()
        table["score"] = table["score"].map("{:.1f}".format)
        for column in ("monthly_cost_mean", "monthly_cost_p95"):
            table[column] = table[column].map("{:,.0f}".format)
        title = html.escape(
            f"vendoreval — {self.needs.buyer}: {len(self.proposals)} vendors, "
            f"{self.method}, cost in {self.currency}/month ({self.cost_statistic})"
        )
        winner = html.escape(self.winner)
        return (
            f"<div><strong>{title}</strong>"
            f"<p>Recommended: <strong>{winner}</strong></p>"
            f"{table.to_html(escape=True)}</div>"
        )


def _cost_settings(pack: CriteriaPack, statistic: str | None) -> CostSettings:
    """The pack's cost settings, with the statistic overridden when one is given."""
    if statistic is None:
        return pack.cost
    try:
        return CostSettings(statistic=statistic, transform=pack.cost.transform)
    except ValidationError as exc:
        raise ValueError(f"cost_statistic: {exc.errors()[0]['msg']}") from None


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
    progress: bool | None = None,
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
        Monte Carlo runs of the monthly cost simulation.
    seed : int
        Seed of the simulation.
    assessments : sequence of Assessment, AssessmentSummary, path, optional
        Evaluator ratings (1–5) of culture fit, team-lead interviews, reference calls and
        site visits; their medians replace the vendors' self-reported ratings.
    cost_statistic : str, optional
        ``"mean"`` (default from the pack) or a quantile such as ``"p90"`` for a
        risk-averse buyer.
    as_of : date, optional
        Evaluation date (default today), for recency rules such as DR tests.
    progress : bool, optional
        Show a progress bar for long simulations (default: when attached to a terminal).

    Returns
    -------
    Evaluation

    Raises
    ------
    ValueError
        On an unknown method or cost statistic, duplicate vendor names or no proposals.
    """
    proposals = tuple(proposals)
    _check_proposals(proposals)
    if method not in ("weighted_sum", "topsis"):
        raise ValueError(f"method {method!r}: expected 'weighted_sum' or 'topsis'")
    pack = criteria if isinstance(criteria, CriteriaPack) else CriteriaPack.load(criteria)
    settings = _cost_settings(pack, cost_statistic)
    pack = pack.model_copy(update={"cost": settings})
    statistic = settings.statistic
    as_of = as_of or dt.date.today()
    summary = _assessment_summary(assessments, proposals)

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
        )
        checks[proposal.name] = score_all(needs, proposal, pack, context)

    weights = pack.weights
    cost_basis = pd.Series(
        settings.summarize(simulation.samples[names].to_numpy()), index=pd.Index(names)
    )
    cost_points = pd.Series(settings.scores(cost_basis.to_numpy()), index=cost_basis.index)
    scores = _score_matrix(checks, weights, cost_points, names)
    passed = np.array([all(r.passed for r in checks[n].values()) for n in names])
    costs = simulation.summary().loc[names]
    costs = costs.assign(cost_statistic=statistic, cost_for_score=cost_basis)
    aggregate_scores = aggregate(scores.to_numpy(), weights.to_numpy(), method)
    mean_cost = costs["mean"].to_numpy(dtype=np.float64)
    ranks = rank_order(aggregate_scores, passed, mean_cost, names)
    ranking = pd.DataFrame(
        {
            "rank": ranks.astype(np.int64),
            "score": aggregate_scores,
            "passed": passed,
            "monthly_cost_mean": mean_cost,
            "monthly_cost_p95": costs["p95"].to_numpy(dtype=np.float64),
            "knockouts": [_knockout_text(checks[n]) for n in names],
        },
        index=pd.Index(names, name="vendor"),
    ).sort_values("rank")
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
        cost_statistic=statistic,
        as_of=as_of,
    )


def _check_proposals(proposals: tuple[VendorProposal, ...]) -> None:
    if not proposals:
        raise ValueError("proposals: at least one vendor proposal is needed")
    seen: set[str] = set()
    for proposal in proposals:
        if proposal.name in seen:
            raise ValueError(f"proposals: vendor name {proposal.name!r} is used twice")
        seen.add(proposal.name)


def _assessment_summary(
    assessments: Sequence[Assessment] | AssessmentSummary | str | Path | None,
    proposals: tuple[VendorProposal, ...],
) -> AssessmentSummary | None:
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
    columns = list(weights.index)
    rows = []
    for name in names:
        row = {}
        for criterion in columns:
            if criterion == COST_CRITERION:
                row[criterion] = float(cost[name])
            else:
                row[criterion] = float(checks[name][criterion].score)
        rows.append(row)
    frame = pd.DataFrame(rows, index=pd.Index(names, name="vendor"), columns=columns)
    frame.columns.name = "criterion"
    return frame


def _knockout_text(results: Mapping[str, CheckResult]) -> str:
    return "; ".join(f"{ko.rule_id}: {ko.message}" for r in results.values() for ko in r.knockouts)
