"""The result of :func:`vendoreval.evaluate`: an :class:`Evaluation`.

An :class:`Evaluation` holds the ranking, the score matrix, the weights and everything
they were computed from. It also computes — lazily, once, and caches — what the outputs
show (tables, charts, workbook, explanations), so presentation code only reads:

* :meth:`Evaluation.acceptability_result` / :meth:`Evaluation.sensitivity` — rank
  acceptability (SMAA-2) with the default samples and seed;
* :meth:`Evaluation.weight_stability` — the weight interval of each criterion within
  which the winner stays first;
* :meth:`Evaluation.contributions` — score × weight per vendor and criterion;
* :meth:`Evaluation.smallest_swap` — the smallest single-score change that swaps two
  vendors;
* :meth:`Evaluation.cost_curve` — expected monthly cost as one input varies (cached by
  its arguments);
* :meth:`Evaluation.contract_table` — commitments side by side, expected credits, breach
  probabilities and the cost of each contract year (the data of a workbook Contract sheet).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.checks import CheckResult
from vendoreval.criteria import COST_CRITERION, CriteriaPack
from vendoreval.errors import ArgumentError, UnknownNameError
from vendoreval.evaluation.explain import explain_vendor
from vendoreval.mcda import (
    AcceptabilityResult,
    SwapChange,
    cost_scores,
    rank_acceptability,
    smallest_swap,
    weight_stability,
)
from vendoreval.simulation import CostSimulation
from vendoreval.staffing.plan import StaffingPlan

if TYPE_CHECKING:
    from vendoreval.assessments import AssessmentSummary
    from vendoreval.checks.measured_pilot import MeasuredPilot
    from vendoreval.needs import Needs
    from vendoreval.outcomes import PilotComparison
    from vendoreval.proposal import VendorProposal

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_SEED", "Evaluation"]

_T = TypeVar("_T")

#: Weight (and cost) samples of the rank acceptability the outputs show.
DEFAULT_SAMPLES = 10_000

#: Seed of the rank acceptability the outputs show.
DEFAULT_SEED = 0


class _RankingInputs(NamedTuple):
    """An evaluation's scores, weights, knock-outs, tie-break costs, vendors and criteria."""

    scores: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    passed: npt.NDArray[np.bool_]
    tiebreak_cost: npt.NDArray[np.float64]
    names: list[str]
    criteria: list[str]

    @property
    def ranked(
        self,
    ) -> tuple[
        npt.NDArray[np.float64],
        npt.NDArray[np.float64],
        npt.NDArray[np.bool_],
        npt.NDArray[np.float64],
        list[str],
    ]:
        """The first five, in the order the ranking functions take them."""
        return self.scores, self.weights, self.passed, self.tiebreak_cost, self.names


@dataclass(frozen=True, eq=False)
class Evaluation:
    """The result of :func:`vendoreval.evaluate`.

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
        (the net monthly cost over the contract term: fees − service credits, one-off and
        transition costs spread over the term) [currency/month], ``knockouts`` (str, empty
        when passed).
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
    pilots : PilotComparison or None
        The buyer's pilot comparison, when given (``evaluate(..., pilots=...)``).
    measured_pilots : dict of str to MeasuredPilot
        Each piloted vendor's measured outcomes, as its checks scored them.
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
    pilots: PilotComparison | None = None
    measured_pilots: dict[str, MeasuredPilot] = field(default_factory=dict)
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
        """The proposal of ``vendor``.

        Raises
        ------
        vendoreval.errors.UnknownNameError
            When no vendor has that name (a ``KeyError``; the message lists the vendors).
        """
        for proposal in self.proposals:
            if proposal.name == vendor:
                return proposal
        raise UnknownNameError(f"no vendor named {vendor!r}; vendors: {', '.join(self.vendors)}")

    def _cached(self, key: tuple[object, ...], kind: type[_T], compute: Callable[[], _T]) -> _T:
        """The analysis cached under ``key``, computed by ``compute()`` the first time."""
        cached = self._cache.get(key)
        if not isinstance(cached, kind):
            cached = compute()
            self._cache[key] = cached
        return cached

    def _ranking_inputs(self) -> _RankingInputs:
        """What the ranking was computed from, as the :mod:`vendoreval.mcda` functions take it."""
        names = [str(v) for v in self.scores.index]
        return _RankingInputs(
            scores=self.scores.to_numpy(dtype=np.float64),
            weights=self.weights.to_numpy(dtype=np.float64),
            passed=self.ranking.loc[names, "passed"].to_numpy(dtype=bool),
            tiebreak_cost=self.ranking.loc[names, "monthly_cost_mean"].to_numpy(dtype=np.float64),
            names=names,
            criteria=[str(c) for c in self.scores.columns],
        )

    def contributions(self) -> pd.DataFrame:
        """Vendor × criterion contribution to the weighted sum: score × weight [points].

        Cached; a copy is returned.
        """
        return self._cached(
            ("contributions",), pd.DataFrame, lambda: self.scores.mul(self.weights, axis=1)
        ).copy()

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

        Raises
        ------
        vendoreval.errors.UnknownNameError
            When no vendor has that name (a ``KeyError``).
        """
        self.proposal(vendor)
        return explain_vendor(self, vendor)

    def pilots_table(self) -> pd.DataFrame | None:
        """The pilot comparison a Pilots sheet shows, or None when no pilot was given.

        See :func:`vendoreval.evaluation.pilots.pilots_table` for the columns.
        """
        if self.pilots is None:
            return None
        from vendoreval.evaluation.pilots import pilots_table

        return pilots_table(self.pilots)

    def smallest_swap(self, vendor: str, rival: str) -> list[SwapChange]:
        """Single-criterion score rises that would rank ``vendor`` above ``rival``.

        See :func:`vendoreval.mcda.smallest_swap`; uses this evaluation's method, weights,
        knock-outs and tie-break costs. Cached per pair.

        Parameters
        ----------
        vendor, rival : str
            Vendor names; ``rival`` normally ranks above ``vendor``.

        Returns
        -------
        list of SwapChange
            Smallest rise first; empty when no single score within 0–100 would do.

        Raises
        ------
        vendoreval.errors.UnknownNameError
            When either name is not a vendor (a ``KeyError``).
        """
        self.proposal(vendor)
        self.proposal(rival)

        def compute() -> list[SwapChange]:
            given = self._ranking_inputs()
            return smallest_swap(
                *given.ranked,
                vendor,
                rival,
                criteria=given.criteria,
                method=self.method,
            )

        return list(self._cached(("smallest_swap", vendor, rival), list, compute))

    # ------------------------------------------------------------------ robustness
    def acceptability_result(
        self,
        samples: int = DEFAULT_SAMPLES,
        seed: int = DEFAULT_SEED,
        *,
        concentration: float | None = None,
        uniform: bool = False,
    ) -> AcceptabilityResult:
        """SMAA-2 rank acceptability with weights and costs drawn jointly.

        Weights are drawn from a Dirichlet centred on :attr:`weights` (total concentration
        ``concentration``; see :func:`vendoreval.mcda.default_concentration`), or
        uniformly over the simplex with ``uniform=True``; each sample also takes the costs
        of one simulation run, rescored with the pack's cost transform
        (:func:`vendoreval.mcda.cost_scores`). Each result is computed once per set of
        arguments and cached (the sampling is seeded, so it is the same every time), so the
        workbook and the charts show what an analyst already looked at without sampling
        again.

        Parameters
        ----------
        samples : int
            Weight (and cost) samples, ≥ 1.
        seed : int
            Seed of the sampling, ≥ 0.
        concentration : float, optional
            Dirichlet concentration around the pack's weights (higher = closer).
        uniform : bool
            Draw weights uniformly over the simplex (a buyer without stated weights).

        Returns
        -------
        AcceptabilityResult
            Acceptability (vendor × rank position, in input order), central weights.

        Raises
        ------
        vendoreval.errors.ArgumentError
            On a bad sample count, seed or concentration.
        """

        def compute() -> AcceptabilityResult:
            given = self._ranking_inputs()
            return rank_acceptability(
                given.scores,
                None if uniform else given.weights,
                given.passed,
                given.tiebreak_cost,
                given.names,
                criteria=given.criteria,
                method=self.method,
                samples=samples,
                seed=seed,
                concentration=concentration,
                cost_samples=self.simulation.samples[given.names].to_numpy(dtype=np.float64),
                cost_column=given.criteria.index(COST_CRITERION),
                cost_score=functools.partial(cost_scores, transform=self.criteria.cost.transform),
                uniform=uniform,
            )

        key = ("acceptability", samples, seed, concentration, uniform)
        return self._cached(key, AcceptabilityResult, compute)

    acceptability = acceptability_result
    """The same as :meth:`acceptability_result` (the original name, kept)."""

    def sensitivity(
        self,
        samples: int = DEFAULT_SAMPLES,
        seed: int = DEFAULT_SEED,
        *,
        concentration: float | None = None,
        uniform: bool = False,
    ) -> pd.DataFrame:
        """Rank acceptability indices: vendor × rank position; rows and columns sum to 1.

        The table of :meth:`acceptability_result` (cached with the default arguments),
        rows in ranking order.

        Parameters
        ----------
        samples, seed, concentration, uniform
            The sampling, as for :meth:`acceptability_result`.

        Returns
        -------
        pandas.DataFrame
            Index ``vendor`` in ranking order, columns rank positions 1..n [fraction 0–1].

        Raises
        ------
        vendoreval.errors.ArgumentError
            On a bad sample count, seed or concentration.
        """
        result = self.acceptability_result(
            samples, seed, concentration=concentration, uniform=uniform
        )
        return result.acceptability.loc[list(self.ranking.index)].copy()

    def weight_stability(self) -> pd.DataFrame:
        """For each criterion, the weight interval within which the winner stays first.

        Exact (closed form) under the weighted sum, the other weights rescaled
        proportionally; see :func:`vendoreval.mcda.weight_stability` for the columns.
        Cached; a copy is returned.
        """

        def compute() -> pd.DataFrame:
            given = self._ranking_inputs()
            return weight_stability(*given.ranked, given.criteria)

        return self._cached(("weight_stability",), pd.DataFrame, compute).copy()

    # ------------------------------------------------------------------ what-if
    def cost_curve(
        self,
        vary: str = "volume",
        values: npt.ArrayLike | None = None,
        channel: str = "phone",
        *,
        month: str | None = None,
    ) -> pd.DataFrame:
        """Expected monthly cost of every vendor as one input of the needs varies.

        :func:`vendoreval.simulation.whatif.cost_curve` on this evaluation's needs and proposals,
        cached by its arguments (the values by their numbers).

        Parameters
        ----------
        vary : {"volume", "aht_seconds", "wait_seconds"}
            The input to vary.
        values : array_like, optional
            Values of the input: volume multipliers [-], mean handle times [s] or mean
            waits [s]; defaults as in :func:`~vendoreval.simulation.whatif.cost_curve`.
        channel : str
            Channel whose handle time is varied (``aht_seconds``).
        month : str, optional
            Calendar month ``YYYY-MM``; default the contract's start month.

        Returns
        -------
        pandas.DataFrame
            Index the varied values (named after ``vary``), one column per vendor:
            expected monthly cost [currency/month]. A copy of the cached table.

        Raises
        ------
        vendoreval.errors.ArgumentError
            When ``values`` are not numbers.
        """
        from vendoreval.simulation.whatif import cost_curve

        points: tuple[float, ...] | None = None
        if values is not None:
            try:
                points = tuple(np.asarray(values, dtype=np.float64).ravel().tolist())
            except (TypeError, ValueError) as exc:
                raise ArgumentError(
                    f"values: expected numbers, got {type(values).__name__}"
                ) from exc

        def compute() -> pd.DataFrame:
            return cost_curve(
                self.needs,
                list(self.proposals),
                vary,  # type: ignore[arg-type]  # checked by cost_curve
                None if points is None else np.asarray(points),
                channel,
                month=month,
            )

        key = ("cost_curve", vary, points, channel, month)
        return self._cached(key, pd.DataFrame, compute).copy()

    # ------------------------------------------------------------------ contract
    def contract_table(self) -> pd.DataFrame:
        """The contract economics of every vendor, side by side (cached; a copy is returned).

        Returns
        -------
        pandas.DataFrame
            Index ``vendor`` (input order). Columns:

            * ``commitments`` — the service levels committed, ``"; "``-joined
              (``"phone service level 80% within 20 s (w 0.6)"``), empty when none;
            * ``credit_method`` — ``pool``, ``grades`` or ``none``;
            * ``fees_at_risk`` — the largest share of a month's fees owed back [0–1];
            * ``gross_per_month``, ``credits_per_month``, ``net_per_month`` — means over the
              simulated terms [currency/month] (credits > 0 are money back);
            * ``breach:<key>`` — P(the commitment is missed in a month) [0–1], NaN where the
              vendor does not commit to ``<key>``;
            * ``year_1``, ``year_2``, … — expected net cost of each contract year (one-off
              fees in year 1) and ``term_total`` [currency].
        """
        return self._cached(("contract_table",), pd.DataFrame, lambda: _contract_table(self)).copy()

    # ------------------------------------------------------------------ output
    def to_excel(self, path: str | Path, language: str = "en", *, award: object = None) -> Path:
        """Write the comparison workbook (live formulas, charts) to ``path``.

        Parameters
        ----------
        path : str or Path
            Destination ``.xlsx`` file; written atomically.
        language : {"en", "ko"}
            Language of sheet labels and headers.
        award : vendoreval.award.Award, optional
            A split award (:func:`vendoreval.award.optimize_award`) to add as an Award
            sheet: the allocation, each awarded vendor and the best single vendors.

        Returns
        -------
        Path
            The written file.
        """
        from vendoreval.io.excel import write_workbook

        extra = None
        if award is not None:
            tables = getattr(award, "sheet_table", None)
            if not callable(tables):
                raise ArgumentError(
                    f"award: expected a vendoreval.award.Award, got {type(award).__name__}"
                )
            extra = {
                "award": {str(k).replace("_", " ").capitalize(): v for k, v in tables().items()}
            }
        return write_workbook(self, path, language=language, extra_sheets=extra)

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


def _commitment_text(proposal: VendorProposal) -> str:
    terms = proposal.commitments
    if terms is None:
        return ""
    parts = []
    for c in terms.commitments:
        if c.threshold_seconds is not None:
            what = (
                f"{c.channel.value} {c.kpi.value} {c.target:.0%} within {c.threshold_seconds:g} s"
            )
        elif c.threshold_hours is not None:
            what = f"{c.channel.value} {c.kpi.value} {c.target:.0%} within {c.threshold_hours:g} h"
        elif c.kpi.is_share:
            sign = "≥" if c.higher_is_better else "≤"
            what = f"{c.channel.value} {c.kpi.value} {sign} {c.target:.1%}"
        else:
            what = f"{c.channel.value} {c.kpi.value} ≤ {c.target:g} s"
        parts.append(f"{what} (w {c.weight:g})")
    return "; ".join(parts)


def _cell(frame: pd.DataFrame, row: object, column: object) -> float:
    """One numeric cell as a float."""
    value: float = frame.at[row, column]  # type: ignore[assignment]
    return float(value)


def _contract_table(ev: Evaluation) -> pd.DataFrame:
    from vendoreval.checks.pricing import fees_at_risk

    sim = ev.simulation
    names = list(ev.vendors)
    summary = sim.summary().loc[names]
    breach = sim.breach_probability().reindex(names)
    years = sim.tco(by="year").reindex(names)
    rows: dict[str, dict[str, object]] = {}
    for name in names:
        proposal = ev.proposal(name)
        terms = proposal.commitments
        row: dict[str, object] = {
            "commitments": _commitment_text(proposal),
            "credit_method": "none" if terms is None else terms.method.value,
            "fees_at_risk": fees_at_risk(terms),
            "gross_per_month": _cell(summary, name, "gross_mean"),
            "credits_per_month": _cell(summary, name, "credits_mean"),
            "net_per_month": _cell(summary, name, "mean"),
        }
        for key in breach.columns:
            row[f"breach:{key}"] = _cell(breach, name, key)
        for year in years.columns:
            row[f"year_{year}"] = _cell(years, name, year)
        row["term_total"] = float(years.loc[name].to_numpy(dtype=np.float64).sum())
        rows[name] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "vendor"
    return frame
