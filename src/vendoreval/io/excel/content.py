"""What the comparison workbook shows, as plain pandas and text data.

:meth:`WorkbookContent.from_evaluation` collects it from an
:class:`~vendoreval.evaluation.Evaluation`: scores, weights, ranking, cost statistics and
drivers, the eight checks' answers side by side, rank acceptability and weight stability,
the recommendation and the key assumptions. It takes what the evaluation has already
computed and starts no simulation of its own; the one analysis the workbook adds, rank
acceptability, is asked of the evaluation in one place (:func:`acceptability_table`), so
the evaluation's cache serves it when the same samples and seed were asked for before.

A content can also be built by hand (tests, benchmarks, other front ends); its tables are
checked to fit together, and its ranking to be the one its scores and weights give, since
the workbook stores that ranking beside the formulas that recompute it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import numpy as np

from vendoreval._lazy import pd
from vendoreval.errors import ArgumentError
from vendoreval.io.excel.values import formula_scores

if TYPE_CHECKING:
    from vendoreval.evaluation import Evaluation

__all__ = [
    "COST_COLUMNS",
    "WorkbookContent",
    "acceptability_table",
    "cost_histogram",
    "short_value",
    "top_reasons",
    "vendor_numbers",
]

#: Ranking columns every content must carry.
_RANKING_FIELDS = ("rank", "score", "passed", "monthly_cost_mean", "monthly_cost_p95")

#: Simulation summary columns shown on the ``Costs`` sheet, in order.
COST_COLUMNS: tuple[str, ...] = ("mean", "std", "p5", "p50", "p95", "prob_over_budget")

#: Largest gap between a ranking score and the score its row of ``scores`` and the weights
#: give [points]: both are the same sums in a different order, so they agree to round-off.
_SCORE_AGREEMENT = 1e-6

#: Two scores closer than this tie [points] (:data:`vendoreval.mcda.TIE_TOLERANCE`).
_TIE_TOLERANCE = 1e-9


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame()


@dataclass(frozen=True, eq=False)
class WorkbookContent:
    """Everything the comparison workbook shows, as plain pandas and text data.

    Vendors are identified by name everywhere; the sheets list them in ranking order.

    Attributes
    ----------
    buyer : str
        The buyer's name.
    method : str
        ``"weighted_sum"`` or ``"topsis"``: the formulas the ``Ranking`` sheet uses.
    currency : str
        ISO 4217 code of every amount.
    scores : pandas.DataFrame
        Vendor × criterion scores [points, 0–100].
    weights : pandas.Series
        Criterion → weight [dimensionless]; same criteria, same order as ``scores``.
    ranking : pandas.DataFrame
        Index vendor: ``rank`` (1 = best), ``score`` [points], ``passed`` (bool),
        ``monthly_cost_mean``, ``monthly_cost_p95`` [currency/month] and ``knockouts``
        (text, empty when passed).
    costs : pandas.DataFrame
        Index vendor: simulation summary ``mean``, ``std``, ``p5``, ``p50``, ``p95``
        [currency/month] and ``prob_over_budget`` [fraction] (any subset).
    criterion_labels : Mapping of str to str
        Criterion → human name (from the criteria pack).
    top_reasons : pandas.DataFrame
        Why the first-ranked vendor leads: ``criterion``, ``score`` [points], ``others``
        (the other vendors' mean score [points]) and ``weight``; best first.
    assumptions : pandas.DataFrame
        One row per channel: ``channel``, ``volume_per_month`` [contacts/month],
        ``aht_seconds`` [s] and ``service_level`` (text).
    runs, seed : int
        Simulation runs and seed.
    cost_statistic : str
        Statistic of the cost criterion (``"mean"``, ``"p90"``…).
    cost_drivers : pandas.DataFrame
        Index vendor: what drives each vendor's cost (billing increment, billed-vs-actual
        voice overhead, billed wait, staffing…); column names are shown as given.
    money_columns : tuple of str
        Columns of ``cost_drivers`` that are amounts [currency/month].
    staffing : pandas.DataFrame
        The staffing the buyer's traffic needs, one row per channel.
    cost_histogram : pandas.DataFrame
        Index: monthly-cost bin centres [currency/month]; columns vendors; values the
        share of simulation runs in the bin [fraction].
    checks : pandas.DataFrame
        Index (check, item); columns vendors: each vendor's answer as a short value
        (text, number, bool or None).
    check_scores : pandas.DataFrame
        Check × vendor scores [points, 0–100].
    check_reasons : pandas.DataFrame
        Check × vendor: the reasons of the score, one per line.
    check_knockouts : pandas.DataFrame
        Check × vendor: failed knock-out rules, one per line (empty when none).
    acceptability : pandas.DataFrame
        Vendor × rank position: share of weight/cost samples [fraction 0–1].
    weight_stability : pandas.DataFrame
        ``criterion``, ``weight``, ``low``, ``high`` [weight], ``rival_low``,
        ``rival_high``; ``attrs["winner"]`` names the winner.
    generated : date
        Date the workbook content was made.
    version : str
        vendoreval version.
    title : str
        Workbook title; default "Vendor comparison" in the workbook's language.

    Raises
    ------
    ValueError
        When the tables do not fit together (naming the field), or when ``ranking`` is not
        the ranking its scores and weights give: every ``score`` must be ``method`` applied
        to the vendor's row of ``scores`` (within 1e-6 points), vendors that passed must
        rank before those that failed, and higher scores first within each group (ties
        within 1e-9 points in either order). The workbook stores this ranking beside the
        formulas that recompute it, so the two must agree.
    """

    buyer: str
    method: str
    currency: str
    scores: pd.DataFrame
    weights: pd.Series
    ranking: pd.DataFrame
    costs: pd.DataFrame = field(default_factory=_empty_frame)
    criterion_labels: Mapping[str, str] = field(default_factory=dict)
    top_reasons: pd.DataFrame = field(default_factory=_empty_frame)
    assumptions: pd.DataFrame = field(default_factory=_empty_frame)
    runs: int = 0
    seed: int = 0
    cost_statistic: str = "mean"
    cost_drivers: pd.DataFrame = field(default_factory=_empty_frame)
    money_columns: tuple[str, ...] = ()
    staffing: pd.DataFrame = field(default_factory=_empty_frame)
    cost_histogram: pd.DataFrame = field(default_factory=_empty_frame)
    checks: pd.DataFrame = field(default_factory=_empty_frame)
    check_scores: pd.DataFrame = field(default_factory=_empty_frame)
    check_reasons: pd.DataFrame = field(default_factory=_empty_frame)
    check_knockouts: pd.DataFrame = field(default_factory=_empty_frame)
    acceptability: pd.DataFrame = field(default_factory=_empty_frame)
    weight_stability: pd.DataFrame = field(default_factory=_empty_frame)
    generated: dt.date = field(default_factory=dt.date.today)
    version: str = ""
    title: str = ""
    extra_sheets: Mapping[str, Mapping[str, pd.DataFrame]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _validate_content(self)

    # ------------------------------------------------------------------ derived
    @property
    def vendors(self) -> tuple[str, ...]:
        """Vendor names in ranking order (best first)."""
        return tuple(str(v) for v in self.ranking.sort_values("rank").index)

    @property
    def criteria(self) -> tuple[str, ...]:
        """Criterion identifiers, in the order of ``weights``."""
        return tuple(str(c) for c in self.weights.index)

    @property
    def numbers(self) -> pd.Series:
        """Vendor → vendor number 1..n: by lower mean monthly cost, then name (code points)."""
        return vendor_numbers(self.ranking)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_evaluation(
        cls,
        ev: Evaluation,
        *,
        sensitivity_samples: int = 10_000,
        sensitivity_seed: int = 0,
        histogram_bins: int = 30,
    ) -> WorkbookContent:
        """Collect the workbook content of an evaluation.

        Parameters
        ----------
        ev : Evaluation
            The evaluation.
        sensitivity_samples : int
            Weight (and cost) samples of the rank acceptability analysis
            (:func:`acceptability_table`).
        sensitivity_seed : int
            Seed of that analysis.
        histogram_bins : int
            Bins of the monthly-cost histogram (shared by all vendors).

        Returns
        -------
        WorkbookContent
        """
        from vendoreval._version import __version__

        vendors = [str(v) for v in ev.ranking.index]
        checks, scores, reasons, knockouts = _check_tables(ev, vendors)
        drivers, money_columns = _cost_drivers(ev, vendors)
        return cls(
            buyer=ev.needs.buyer,
            method=ev.method,
            currency=ev.currency,
            scores=ev.scores.loc[vendors].copy(),
            weights=ev.weights.copy(),
            ranking=ev.ranking.copy(),
            costs=ev.costs.loc[vendors, [c for c in COST_COLUMNS if c in ev.costs]].copy(),
            criterion_labels=dict(ev.criteria.labels),
            top_reasons=top_reasons(ev.scores, ev.weights, vendors[0]),
            assumptions=_assumptions(ev),
            runs=ev.runs,
            seed=ev.seed,
            cost_statistic=ev.cost_statistic,
            cost_drivers=drivers,
            money_columns=money_columns,
            staffing=_staffing_table(ev),
            cost_histogram=cost_histogram(ev.simulation.samples[vendors], histogram_bins),
            checks=checks,
            check_scores=scores,
            check_reasons=reasons,
            check_knockouts=knockouts,
            acceptability=acceptability_table(ev, sensitivity_samples, sensitivity_seed),
            weight_stability=ev.weight_stability(),
            generated=dt.date.today(),
            version=__version__,
            extra_sheets=_evaluation_sheets(ev),
        )


def _evaluation_sheets(ev: Evaluation) -> dict[str, dict[str, pd.DataFrame]]:
    """The evaluation's own extra sheets: the contract terms side by side with their expected
    credits and cost per contract year, and the buyer's pilot when one was given."""
    sheets: dict[str, dict[str, pd.DataFrame]] = {
        "contract": {
            "Commitments, expected credits and net cost per contract year": ev.contract_table()
        }
    }
    pilots = ev.pilots_table() if ev.pilots is not None else None
    if pilots is not None:
        sheets["pilots"] = {"Measured pilot outcomes against the baseline": pilots}
    return sheets


def _validate_content(content: WorkbookContent) -> None:
    """Check that the tables of ``content`` fit together; ValueError naming the field."""
    if content.method not in ("weighted_sum", "topsis"):
        raise ArgumentError(f"method: expected 'weighted_sum' or 'topsis', got {content.method!r}")
    scores = content.scores
    if scores.empty:
        raise ArgumentError("scores: expected at least one vendor and one criterion")
    if not scores.index.is_unique:
        dupes = sorted({str(v) for v in scores.index[scores.index.duplicated()]})
        raise ArgumentError(f"scores: vendor names must be unique, duplicated: {dupes}")
    values = scores.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all():
        row, column = (int(i) for i in np.argwhere(~np.isfinite(values))[0])
        raise ArgumentError(
            f"scores: expected finite numbers, vendor {scores.index[row]!r} criterion "
            f"{scores.columns[column]!r} is {values[row, column]}"
        )
    if list(content.weights.index) != list(scores.columns):
        raise ArgumentError(
            f"weights: expected the criteria of scores in the same order "
            f"{list(scores.columns)}, got {list(content.weights.index)}"
        )
    weights = content.weights.to_numpy(dtype=np.float64)
    if not (np.isfinite(weights).all() and (weights >= 0).all() and weights.sum() > 0):
        raise ArgumentError(
            f"weights: expected finite numbers ≥ 0 with a positive sum, got {weights.tolist()}"
        )
    missing = [c for c in _RANKING_FIELDS if c not in content.ranking.columns]
    if missing:
        raise ArgumentError(f"ranking: missing columns {missing}; expected {list(_RANKING_FIELDS)}")
    if set(content.ranking.index) != set(scores.index) or len(content.ranking) != len(scores):
        raise ArgumentError(
            "ranking: expected one row per vendor of scores; "
            f"scores has {sorted(map(str, scores.index))}, ranking "
            f"{sorted(map(str, content.ranking.index))}"
        )
    ranks = sorted(int(r) for r in content.ranking["rank"])
    if ranks != list(range(1, len(ranks) + 1)):
        raise ArgumentError(f"ranking: column 'rank' must be a permutation of 1..n, got {ranks}")
    costs = content.ranking["monthly_cost_mean"].to_numpy(dtype=np.float64)
    if not np.isfinite(costs).all():
        raise ArgumentError("ranking: column 'monthly_cost_mean' must hold finite numbers")
    unknown = [c for c in content.money_columns if c not in content.cost_drivers.columns]
    if unknown:
        raise ArgumentError(f"money_columns: {unknown} are not columns of cost_drivers")
    _check_ranking_agrees(content.ranking.loc[scores.index], values, weights, content.method)


def _check_ranking_agrees(
    ranking: pd.DataFrame, scores: np.ndarray, weights: np.ndarray, method: str
) -> None:
    """The ranking must be the one the scores and weights give, as the formulas compute it.

    Its ``score`` must equal the method applied to the vendor's scores (within round-off),
    and its ``rank`` must put every vendor that passed before every vendor that failed and,
    within each group, higher scores first (scores within the tie tolerance may come in
    either order: costs and names break those ties).
    """
    stated = ranking["score"].to_numpy(dtype=np.float64)
    computed = formula_scores(scores, weights, method)
    off = ~(np.abs(stated - computed) <= _SCORE_AGREEMENT)
    if off.any():
        i = int(np.flatnonzero(off)[0])
        raise ArgumentError(
            f"ranking: column 'score' of vendor {ranking.index[i]!r} is {stated[i]!r}, but its "
            f"scores and the weights give {computed[i]!r} by {method}; expected the ranking "
            "computed from these scores and weights"
        )
    order = np.argsort(ranking["rank"].to_numpy(dtype=np.int64), kind="stable")
    passed = ranking["passed"].to_numpy(dtype=bool)[order]
    ordered = stated[order]
    names = ranking.index[order]
    status = passed[1:] & ~passed[:-1]
    if status.any():
        k = int(np.flatnonzero(status)[0])
        raise ArgumentError(
            f"ranking: vendor {names[k + 1]!r} passed the knock-outs but ranks after "
            f"{names[k]!r}, which failed; expected every vendor that passed first"
        )
    inverted = (passed[1:] == passed[:-1]) & (ordered[1:] > ordered[:-1] + _TIE_TOLERANCE)
    if inverted.any():
        k = int(np.flatnonzero(inverted)[0])
        raise ArgumentError(
            f"ranking: vendor {names[k + 1]!r} (score {ordered[k + 1]:.9g}) ranks after "
            f"{names[k]!r} (score {ordered[k]:.9g}); expected higher scores first"
        )


def acceptability_table(ev: Evaluation, samples: int, seed: int) -> pd.DataFrame:
    """The rank acceptability table the workbook shows: the one place it is obtained.

    It is asked of the evaluation (:meth:`~vendoreval.evaluation.Evaluation.sensitivity`),
    which caches its analyses: a workbook written after the same analysis was shown
    elsewhere (a notebook, a chart, the CLI) reuses it instead of sampling again.

    Parameters
    ----------
    ev : Evaluation
        The evaluation.
    samples : int
        Weight (and cost) samples.
    seed : int
        Seed of the sampling.

    Returns
    -------
    pandas.DataFrame
        Vendor (ranking order) × rank position: shares of samples [fraction 0–1].
    """
    return ev.sensitivity(samples=samples, seed=seed)


def vendor_numbers(ranking: pd.DataFrame) -> pd.Series:
    """Number vendors 1..n by lower mean monthly cost, then by name.

    This is the order :func:`vendoreval.mcda.rank_order` uses to break ties in score
    (names compared by Unicode code point, as Python compares strings); the workbook's
    rank formulas compare these numbers instead of names, since spreadsheet programs
    compare text ignoring case.

    Parameters
    ----------
    ranking : pandas.DataFrame
        Index vendor, column ``monthly_cost_mean`` [currency/month].

    Returns
    -------
    pandas.Series
        Vendor → number (int), in the index order of ``ranking``.

    Examples
    --------
    >>> frame = pd.DataFrame({"monthly_cost_mean": [5.0, 3.0, 3.0]}, index=["b", "c", "B"])
    >>> vendor_numbers(frame).to_dict()
    {'b': 3, 'c': 2, 'B': 1}
    """
    names = [str(v) for v in ranking.index]
    costs = ranking["monthly_cost_mean"].to_numpy(dtype=np.float64)
    order = sorted(range(len(names)), key=lambda i: (costs[i], names[i]))
    numbers = np.empty(len(names), dtype=np.int64)
    numbers[order] = np.arange(1, len(names) + 1)
    return pd.Series(numbers, index=ranking.index, name="number")


def top_reasons(
    scores: pd.DataFrame, weights: pd.Series, vendor: str, limit: int = 3
) -> pd.DataFrame:
    """The criteria that set ``vendor`` apart most: weighted lead over the others' mean.

    Parameters
    ----------
    scores : pandas.DataFrame
        Vendor × criterion scores [points].
    weights : pandas.Series
        Criterion → weight [dimensionless].
    vendor : str
        The vendor to explain (usually the first-ranked).
    limit : int
        Most reasons to return.

    Returns
    -------
    pandas.DataFrame
        Columns ``criterion``, ``score`` [points], ``others`` [points] (mean of the other
        vendors) and ``weight`` (normalized), sorted by ``(score − others) × weight``
        descending; only criteria where the vendor leads. Empty with a single vendor.
    """
    columns = ["criterion", "score", "others", "weight"]
    matrix = scores.to_numpy(dtype=np.float64)
    is_vendor = np.asarray(scores.index == vendor)
    if is_vendor.all():
        return pd.DataFrame(columns=columns)
    own = matrix[is_vendor][0]
    mean = matrix[~is_vendor].mean(axis=0)
    share = weights.to_numpy(dtype=np.float64) / float(weights.sum())
    lead = (own - mean) * share
    order = np.argsort(-lead, kind="stable")
    best = order[lead[order] > 0][:limit]
    return pd.DataFrame(
        {
            "criterion": [str(scores.columns[j]) for j in best],
            "score": own[best],
            "others": mean[best],
            "weight": share[best],
        },
        columns=columns,
    )


def cost_histogram(samples: pd.DataFrame, bins: int = 30) -> pd.DataFrame:
    """Share of simulation runs per monthly-cost bin, for every vendor on shared bins.

    Parameters
    ----------
    samples : pandas.DataFrame
        Runs × vendor monthly costs [currency/month].
    bins : int
        Number of equal-width bins spanning all vendors' costs.

    Returns
    -------
    pandas.DataFrame
        Index bin centres [currency/month], columns vendors, values shares [fraction];
        each column sums to 1. Empty when there are no samples.
    """
    values = samples.to_numpy(dtype=np.float64)
    if values.size == 0 or bins < 1:
        return pd.DataFrame()
    finite = values[np.isfinite(values)]
    low, high = float(finite.min()), float(finite.max())
    if high <= low:
        high = low + max(abs(low) * 1e-6, 1.0)
    edges = np.linspace(low, high, bins + 1)
    which = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
    counts = np.zeros((bins, values.shape[1]))
    np.add.at(counts, (which, np.broadcast_to(np.arange(values.shape[1]), values.shape)), 1.0)
    centres = (edges[:-1] + edges[1:]) / 2
    return pd.DataFrame(
        counts / values.shape[0],
        index=pd.Index(centres, name="bin_centre"),
        columns=samples.columns,
    )


# ---------------------------------------------------------------------------- from ev


def _assumptions(ev: Evaluation) -> pd.DataFrame:
    rows = []
    for channel in ev.needs.channels:
        level = channel.service_level
        rows.append(
            {
                "channel": str(channel.channel.value),
                "volume_per_month": int(channel.volume_per_month),
                "aht_seconds": float(channel.aht_seconds),
                "service_level": level.describe() if level is not None else "",
            }
        )
    return pd.DataFrame(
        rows, columns=["channel", "volume_per_month", "aht_seconds", "service_level"]
    )


def _staffing_table(ev: Evaluation) -> pd.DataFrame:
    frame = ev.staffing.to_frame()
    frame.index = frame.index.map(str)
    return frame


def _cost_drivers(ev: Evaluation, vendors: Sequence[str]) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Drivers (increment, billed overhead, billed wait, staffing) beside the mean amount of
    each charge line; returns the table and its money columns (the charge lines)."""
    drivers = ev.simulation.drivers().reindex(list(vendors))
    lines = ev.simulation.breakdown().reindex(list(vendors))
    lines = lines.loc[:, [c for c in lines.columns if c not in drivers.columns]]
    return pd.concat([drivers, lines], axis=1), tuple(str(c) for c in lines.columns)


def _check_tables(
    ev: Evaluation, vendors: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Answers (check, item) × vendor, and check × vendor scores, reasons and knock-outs."""
    from vendoreval.vocabulary import CHECKS

    items: dict[tuple[str, str], dict[str, object]] = {}
    proposals = {vendor: ev.proposal(vendor) for vendor in vendors}
    for check in CHECKS:
        for vendor in vendors:
            answer = proposals[vendor].answer(check)
            flat = _flatten(answer) if answer is not None else {}
            for item, value in flat.items():
                items.setdefault((check, item), {})[vendor] = value
    # a nested answer part (a pilot, a price sheet) shows field by field; a vendor without
    # it leaves those rows empty instead of adding a row of its own
    parents = {(check, item.rsplit(".", 1)[0]) for check, item in items if "." in item}
    items = {key: value for key, value in items.items() if key not in parents}
    index = pd.MultiIndex.from_tuples(list(items), names=["check", "item"])
    answers = pd.DataFrame(
        [[items[key].get(v) for v in vendors] for key in items],
        index=index,
        columns=pd.Index(vendors, name="vendor"),
        dtype=object,
    )
    checks_done = [c for c in CHECKS if any(c in ev.checks[v] for v in vendors)]
    scores = pd.DataFrame(
        [[_result_score(ev, v, c) for v in vendors] for c in checks_done],
        index=pd.Index(checks_done, name="check"),
        columns=pd.Index(vendors, name="vendor"),
        dtype=np.float64,
    )
    reasons = pd.DataFrame(
        [[_result_text(ev, v, c, "reasons") for v in vendors] for c in checks_done],
        index=scores.index,
        columns=scores.columns,
        dtype=object,
    )
    knockouts = pd.DataFrame(
        [[_result_text(ev, v, c, "knockouts") for v in vendors] for c in checks_done],
        index=scores.index,
        columns=scores.columns,
        dtype=object,
    )
    return answers, scores, reasons, knockouts


def _result_score(ev: Evaluation, vendor: str, check: str) -> float:
    result = ev.checks[vendor].get(check)
    return float(result.score) if result is not None else math.nan


def _result_text(ev: Evaluation, vendor: str, check: str, part: str) -> str:
    result = ev.checks[vendor].get(check)
    if result is None:
        return ""
    if part == "reasons":
        return "\n".join(reason.text for reason in result.reasons)
    return "\n".join(knockout.describe() for knockout in result.knockouts)


def _is_value_object(value: object) -> bool:
    """Models shown as one phrase rather than field by field (hours, increments, targets)."""
    from vendoreval.needs import ServiceLevelTarget
    from vendoreval.needs.hours import Hours
    from vendoreval.pricing import BillingIncrement

    return isinstance(value, Hours | BillingIncrement | ServiceLevelTarget)


def _flatten(model: object, prefix: str = "", depth: int = 0) -> dict[str, object]:
    """An answer's fields as ``item → short value``; nested models become dotted items."""
    from pydantic import BaseModel

    assert isinstance(model, BaseModel)
    flat: dict[str, object] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel) and not _is_value_object(value) and depth < 1:
            flat.update(_flatten(value, f"{key}.", depth + 1))
        else:
            flat[key] = short_value(value)
    return flat


def short_value(value: object) -> object:
    """A short cell value for an answer field: numbers and bools stay, the rest is text.

    Parameters
    ----------
    value : object
        A field value of an answer model.

    Returns
    -------
    object
        None, bool, int, float, or str (enum values, dates in ISO form, lists joined by
        ", ", mappings as ``key: value``, models as their description or ``field: value``
        pairs, several models one per line).

    Examples
    --------
    >>> short_value(("phone", "chat")), short_value({"phone": 1.5, "chat": 4150000.0})
    ('phone, chat', 'phone: 1.5, chat: 4150000')
    """
    from pydantic import BaseModel

    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return _model_text(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{_text(k)}: {_text(v)}" for k, v in value.items())
    if isinstance(value, tuple | list | set | frozenset):
        elements = list(value)
        if any(isinstance(e, BaseModel) for e in elements):
            return "\n".join(_text(e) for e in elements)
        return ", ".join(_text(e) for e in elements)
    return str(value)


def _text(value: object) -> str:
    short = short_value(value)
    if short is None:
        return "—"
    if isinstance(short, bool):
        return "yes" if short else "no"
    if isinstance(short, float):
        return f"{short:.15g}"
    return str(short)


def _model_text(model: Any) -> str:
    label = getattr(model, "label", None)
    if _is_value_object(model) and isinstance(label, str):
        return label
    describe = getattr(model, "describe", None)
    if callable(describe):
        return str(describe())
    parts = [
        f"{name}: {_text(getattr(model, name))}"
        for name in type(model).model_fields
        if getattr(model, name) is not None
    ]
    return ", ".join(parts)
