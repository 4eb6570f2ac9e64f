"""The Excel comparison workbook: live ranking formulas, charts, English or Korean labels.

:func:`write_workbook` turns an :class:`~vendoreval.evaluation.Evaluation` into a workbook
a buyer can work in. It is done in two steps:

1. :meth:`WorkbookContent.from_evaluation` collects plain pandas and text data: scores,
   weights, ranking, cost statistics and drivers, the eight checks' answers side by side,
   rank acceptability and weight stability, the recommendation and the key assumptions.
2. :func:`write_content` lays that content out on sheets (``Summary``, ``Ranking``,
   ``Weights``, ``Scores``, ``Checks``, ``Costs``, ``Sensitivity``, ``Calc``) and saves it
   atomically.

``Score`` and ``Rank`` on the ``Ranking`` sheet are live formulas over ``Scores`` and
``Weights`` (through ``Calc``), normalized by the weight sum, for the weighted sum and for
TOPSIS alike (see :mod:`vendoreval.io.excel_formulas`): edit a weight and Excel or
LibreOffice re-ranks the vendors exactly as :func:`vendoreval.mcda.rank_order` would — knock-outs
last, ties by lower mean monthly cost, then by name. Everything that came from input is
written as text, never as a formula (:mod:`vendoreval.io.cells`).

Why openpyxl rather than XlsxWriter: openpyxl is already a dependency, because vendoreval
also *reads* workbooks (vendor-filled questionnaires), and one library for both keeps the
dependency set small. It writes everything this workbook needs — formulas, conditional
formats, data validation, native charts, print setup (``benchmarks/bench_excel.py``
measures it against ``DataFrame.to_excel``). XlsxWriter would be somewhat faster and can
store a cached result beside each formula, but it cannot read, so it would be a second
spreadsheet library. The cost of that choice: openpyxl saves formulas without cached
results (the workbook asks for a full recalculation on load, which Excel and LibreOffice
do), so a program that reads the file without a spreadsheet engine (pandas, ``openpyxl``
with ``data_only=True``) sees empty ``Score`` and ``Rank`` cells until the file has been
opened and saved in Excel or LibreOffice; the recommendation on the ``Summary`` sheet is
written as text.

Why the rank formula counts with ``SUMPRODUCT`` comparisons rather than ``COUNTIFS``:
a ``COUNTIFS`` criterion such as ``">"&I2`` turns the number into text with 15
significant digits, which can split two tied scores; comparisons inside ``SUMPRODUCT``
compare the numbers themselves.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vendoreval.io import excel_formulas as fx
from vendoreval.io.cells import append_row, write_formula, write_text, write_value
from vendoreval.io.excel_labels import (
    RANKING_COLUMNS,
    SHEETS,
    check_label,
    criterion_label,
    labels,
    ranking_headers,
    sheet_names,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from vendoreval.evaluation import Evaluation

__all__ = [
    "CALC_FIRST_ROW",
    "RANKING_COLUMNS",
    "WorkbookContent",
    "build_workbook",
    "cost_histogram",
    "ranking_headers",
    "sheet_names",
    "short_value",
    "top_reasons",
    "vendor_numbers",
    "write_content",
    "write_workbook",
]

#: First vendor row of the ``Calc`` sheet (rows 2–5 hold weights, norms, ideal, anti-ideal).
CALC_FIRST_ROW = 7

#: Ranking columns every content must carry.
_RANKING_FIELDS = ("rank", "score", "passed", "monthly_cost_mean", "monthly_cost_p95")

#: Simulation summary columns shown on the ``Costs`` sheet, in order.
_COST_COLUMNS = ("mean", "std", "p5", "p50", "p95", "prob_over_budget")

#: Number formats of known cost-driver columns (:meth:`CostSimulation.drivers`).
_DRIVER_FORMATS = {
    "billed_over_actual": "0.000",
    "billed_wait_seconds_per_contact": "#,##0.0",
    "billed_wait_share": "0.0%",
    "agent_hours": "#,##0",
    "fte": "#,##0.0",
}

#: Colours. Scores use ColorBrewer's PuOr diverging scale (orange–white–purple), which
#: stays distinguishable with every common colour-vision deficiency; acceptability the
#: sequential Blues scale (Harrower & Brewer 2003, "ColorBrewer.org", The Cartographic
#: Journal 40(1), 27–37).
_SCORE_SCALE = ("F1A340", "F7F7F7", "998EC3")
_SHARE_SCALE = ("F7FBFF", "6BAED6")
_INPUT_FILL = "FFF2CC"
_INPUT_FONT = "0000FF"
_HEADER_FILL = "D9E1F2"
_MUTED_FONT = "808080"

#: Vendors (first in the ranking) in the cost histogram and its chart: more lines than this
#: cannot be told apart.
_HISTOGRAM_VENDORS = 10

#: Rank positions shown one by one on the Sensitivity sheet; further ones are summed.
_ACCEPTABILITY_RANKS = 20

_MAX_WIDTH = 60
_MIN_WIDTH = 8
_TEXT_WIDTH = 48  # width of wrapped text columns (reasons, knock-outs) [characters]
_SUMMARY_WIDTH = 34  # width of the Summary sheet's text column [characters]
_VENDOR_WIDTH = 30  # width of a vendor's column on the Checks sheet [characters]

# ============================================================================ content


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
            Weight (and cost) samples of the rank acceptability analysis.
        sensitivity_seed : int
            Seed of that analysis.
        histogram_bins : int
            Bins of the monthly-cost histogram (shared by all vendors).

        Returns
        -------
        WorkbookContent
        """
        from vendoreval import __version__

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
            costs=ev.costs.loc[vendors, [c for c in _COST_COLUMNS if c in ev.costs]].copy(),
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
            acceptability=ev.sensitivity(samples=sensitivity_samples, seed=sensitivity_seed),
            weight_stability=ev.weight_stability(),
            generated=dt.date.today(),
            version=__version__,
        )


def _validate_content(content: WorkbookContent) -> None:
    """Check that the tables of ``content`` fit together; ValueError naming the field."""
    if content.method not in ("weighted_sum", "topsis"):
        raise ValueError(f"method: expected 'weighted_sum' or 'topsis', got {content.method!r}")
    scores = content.scores
    if scores.empty:
        raise ValueError("scores: expected at least one vendor and one criterion")
    if not scores.index.is_unique:
        dupes = sorted({str(v) for v in scores.index[scores.index.duplicated()]})
        raise ValueError(f"scores: vendor names must be unique, duplicated: {dupes}")
    values = scores.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all():
        row, column = (int(i) for i in np.argwhere(~np.isfinite(values))[0])
        raise ValueError(
            f"scores: expected finite numbers, vendor {scores.index[row]!r} criterion "
            f"{scores.columns[column]!r} is {values[row, column]}"
        )
    if list(content.weights.index) != list(scores.columns):
        raise ValueError(
            f"weights: expected the criteria of scores in the same order "
            f"{list(scores.columns)}, got {list(content.weights.index)}"
        )
    weights = content.weights.to_numpy(dtype=np.float64)
    if not (np.isfinite(weights).all() and (weights >= 0).all() and weights.sum() > 0):
        raise ValueError(
            f"weights: expected finite numbers ≥ 0 with a positive sum, got {weights.tolist()}"
        )
    missing = [c for c in _RANKING_FIELDS if c not in content.ranking.columns]
    if missing:
        raise ValueError(f"ranking: missing columns {missing}; expected {list(_RANKING_FIELDS)}")
    if set(content.ranking.index) != set(scores.index) or len(content.ranking) != len(scores):
        raise ValueError(
            "ranking: expected one row per vendor of scores; "
            f"scores has {sorted(map(str, scores.index))}, ranking "
            f"{sorted(map(str, content.ranking.index))}"
        )
    ranks = sorted(int(r) for r in content.ranking["rank"])
    if ranks != list(range(1, len(ranks) + 1)):
        raise ValueError(f"ranking: column 'rank' must be a permutation of 1..n, got {ranks}")
    costs = content.ranking["monthly_cost_mean"].to_numpy(dtype=np.float64)
    if not np.isfinite(costs).all():
        raise ValueError("ranking: column 'monthly_cost_mean' must hold finite numbers")
    unknown = [c for c in content.money_columns if c not in content.cost_drivers.columns]
    if unknown:
        raise ValueError(f"money_columns: {unknown} are not columns of cost_drivers")


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
    from vendoreval.proposal import CHECKS

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
    from vendoreval.pricing.billing import BillingIncrement

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


# ============================================================================ writing


def write_workbook(
    ev: Evaluation,
    path: str | Path,
    language: str = "en",
    *,
    sensitivity_samples: int = 10_000,
    sensitivity_seed: int = 0,
) -> Path:
    """Write the comparison workbook of an evaluation to ``path``, atomically.

    Parameters
    ----------
    ev : Evaluation
        The evaluation.
    path : str or Path
        Destination ``.xlsx`` file. It is written to a temporary file in the same folder
        and renamed, so a failure leaves an existing file untouched and no partial file.
    language : {"en", "ko"}
        Language of sheet names, headers and labels. Criterion identifiers, vendor names
        and the library's reasons are written as they are.
    sensitivity_samples : int
        Samples of the rank acceptability analysis on the ``Sensitivity`` sheet.
    sensitivity_seed : int
        Its seed.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        For an unknown language (the message lists ``"en"`` and ``"ko"``).
    WriteError
        An ``OSError`` naming the path when the folder does not exist or the file cannot
        be written.
    """
    labels(language)
    content = WorkbookContent.from_evaluation(
        ev, sensitivity_samples=sensitivity_samples, sensitivity_seed=sensitivity_seed
    )
    return write_content(content, path, language=language)


def write_content(content: WorkbookContent, path: str | Path, language: str = "en") -> Path:
    """Write a workbook from prepared content to ``path``, atomically.

    Parameters
    ----------
    content : WorkbookContent
        What to show.
    path : str or Path
        Destination ``.xlsx`` file (temporary file in the same folder, then renamed).
    language : {"en", "ko"}
        Language of sheet names, headers and labels.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        For an unknown language.
    WriteError
        When the folder does not exist or the file cannot be written (names the path).
    """
    from vendoreval._atomic import atomic_write

    labels(language)
    workbook = build_workbook(content, language)
    return atomic_write(path, workbook.save)


def build_workbook(content: WorkbookContent, language: str = "en") -> Workbook:
    """Lay ``content`` out on sheets and return the (unsaved) openpyxl workbook.

    Parameters
    ----------
    content : WorkbookContent
        What to show.
    language : {"en", "ko"}
        Language of sheet names, headers and labels.

    Returns
    -------
    openpyxl.Workbook
    """
    return _Builder(content, language).build()


@dataclass(frozen=True)
class _Geometry:
    """Where the live-formula tables sit."""

    n_vendors: int
    n_criteria: int

    @property
    def last_vendor_row(self) -> int:
        """Last vendor row of ``Scores`` and ``Ranking`` (vendors from row 2)."""
        return self.n_vendors + 1

    @property
    def weight_sum_row(self) -> int:
        """Row of the weight sum on ``Weights`` (criteria in rows 2..m+1)."""
        return self.n_criteria + 2

    @property
    def first_criterion_column(self) -> int:
        """First criterion column on ``Scores`` and ``Calc`` (C)."""
        return 3

    @property
    def last_criterion_column(self) -> int:
        return self.n_criteria + 2

    @property
    def calc_last_row(self) -> int:
        return CALC_FIRST_ROW + self.n_vendors - 1


class _Builder:
    """Builds the workbook sheet by sheet; holds the styles and the geometry."""

    def __init__(self, content: WorkbookContent, language: str) -> None:
        from openpyxl import Workbook

        self.content = content
        self.language = language
        self.text = labels(language)
        self.names = sheet_names(language)
        self.vendors = list(content.vendors)
        self.criteria = list(content.criteria)
        self.numbers = content.numbers
        self.geometry = _Geometry(len(self.vendors), len(self.criteria))
        self.topsis = content.method == "topsis"
        # Calc: the aggregate score follows the criteria (TOPSIS: after d+ and d-)
        self.calc_score_column = self.geometry.last_criterion_column + (3 if self.topsis else 1)
        self.money_format = _money_format(content.currency)
        self.workbook = Workbook()
        self.sheets: dict[str, Worksheet] = {}
        first = self.workbook.active
        assert first is not None
        for position, key in enumerate(SHEETS):
            sheet = first if position == 0 else self.workbook.create_sheet()
            sheet.title = self.names[key]
            self.sheets[key] = sheet
        self._register_styles()

    # ------------------------------------------------------------------ styles
    def _register_styles(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        header = NamedStyle(name="ve_header")
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        header.border = Border(bottom=Side(style="thin"))
        header.alignment = Alignment(wrap_text=True, vertical="top")
        title = NamedStyle(name="ve_title")
        title.font = Font(bold=True, size=14)
        section = NamedStyle(name="ve_section")
        section.font = Font(bold=True, size=12)
        weight = NamedStyle(name="ve_input")
        weight.font = Font(color=_INPUT_FONT)
        weight.fill = PatternFill("solid", fgColor=_INPUT_FILL)
        weight.border = Border(
            left=Side(style="thin", color="BFBFBF"),
            right=Side(style="thin", color="BFBFBF"),
            top=Side(style="thin", color="BFBFBF"),
            bottom=Side(style="thin", color="BFBFBF"),
        )
        weight.number_format = "0.000"
        wrap = NamedStyle(name="ve_wrap")
        wrap.alignment = Alignment(wrap_text=True, vertical="top")
        for style in (header, title, section, weight, wrap):
            self.workbook.add_named_style(style)

    def _header(self, ws: Worksheet, row: int, values: Sequence[object], column: int = 1) -> None:
        for offset, value in enumerate(values):
            cell = write_value(ws, row, column + offset, value)
            cell.style = "ve_header"

    # ------------------------------------------------------------------ build
    def build(self) -> Workbook:
        self._weights()
        self._scores()
        self._calc()
        self._ranking()
        self._summary()
        self._checks()
        self._costs()
        self._sensitivity()
        for ws in self.sheets.values():
            _print_setup(ws)
        self.workbook.active = 0
        return self.workbook

    # ------------------------------------------------------------------ Weights
    def _weights(self) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        ws = self.sheets["weights"]
        t = self.text
        g = self.geometry
        self._header(
            ws,
            1,
            [t["weights.criterion"], t["weights.weight"], t["weights.share"], t["weights.label"]],
        )
        sum_ref = fx.cell_ref(2, g.weight_sum_row, absolute_column=True, absolute_row=True)
        for offset, criterion in enumerate(self.criteria):
            row = offset + 2
            write_text(ws, row, 1, criterion)
            weight = write_value(ws, row, 2, float(self.content.weights.iloc[offset]))
            weight.style = "ve_input"
            share = write_formula(ws, row, 3, fx.normalized_weight(f"B{row}", sum_ref))
            share.number_format = "0.0%"
            write_text(ws, row, 4, self._criterion_name(criterion))
        total_row = g.weight_sum_row
        label = write_text(ws, total_row, 1, t["weights.sum"])
        label.style = "ve_header"
        total = write_formula(ws, total_row, 2, fx.total(f"B2:B{total_row - 1}"))
        total.style = "ve_header"
        total.number_format = "0.000"
        share_total = write_formula(ws, total_row, 3, fx.total(f"C2:C{total_row - 1}"))
        share_total.style = "ve_header"
        share_total.number_format = "0.0%"
        validation = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=False,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle=t["weights.error_title"],
            error=t["weights.error"],
            promptTitle=t["weights.prompt_title"],
            prompt=t["weights.prompt"],
        )
        validation.add(f"B2:B{total_row - 1}")
        ws.add_data_validation(validation)
        ws.freeze_panes = "B2"
        _set_widths(ws, {1: _width(self.criteria, 12), 2: 10, 3: 10, 4: 32})
        ws.print_title_rows = "1:1"

    def _criterion_name(self, criterion: str) -> str:
        translated = criterion_label(criterion, self.language)
        if translated != criterion:
            return translated
        return self.content.criterion_labels.get(criterion, criterion)

    # ------------------------------------------------------------------ Scores
    def _scores(self) -> None:
        ws = self.sheets["scores"]
        g = self.geometry
        self._header(
            ws, 1, [self.text["scores.vendor"], self.text["scores.number"], *self.criteria]
        )
        matrix = self.content.scores.loc[self.vendors, self.criteria].to_numpy(dtype=np.float64)
        numbers = self.numbers.loc[self.vendors].to_numpy()
        for vendor, number, row in zip(self.vendors, numbers, matrix.tolist(), strict=True):
            append_row(ws, [vendor, int(number), *row])
        last_column = fx.column_letter(g.last_criterion_column)
        cells = f"C2:{last_column}{g.last_vendor_row}"
        _format_range(ws, 2, g.last_vendor_row, 3, g.last_criterion_column, "0.0")
        ws.conditional_formatting.add(cells, _score_scale())
        ws.freeze_panes = "C2"
        ws.auto_filter.ref = f"A1:{last_column}{g.last_vendor_row}"
        widths = {1: _width(self.vendors, 12), 2: 6}
        for offset, criterion in enumerate(self.criteria):
            widths[3 + offset] = min(max(len(criterion) + 3, _MIN_WIDTH), 24)
        _set_widths(ws, widths)
        ws.print_title_rows = "1:1"
        ws.print_title_cols = "A:A"

    # ------------------------------------------------------------------ Calc
    def _calc(self) -> None:
        ws = self.sheets["calc"]
        t = self.text
        g = self.geometry
        topsis = self.topsis
        prefix = fx.sheet_prefix(self.names["scores"])
        weights = self.names["weights"]
        first_col, last_col = g.first_criterion_column, g.last_criterion_column
        extra = (
            [t["calc.d_plus"], t["calc.d_minus"], t["calc.score"]] if topsis else [t["calc.score"]]
        )
        self._header(ws, 1, [t["calc.number"], t["calc.vendor"], *self.criteria, *extra])
        weight_sum = fx.cell_ref(
            2, g.weight_sum_row, sheet=weights, absolute_column=True, absolute_row=True
        )
        write_text(ws, 2, 2, t["calc.weight_row"])
        for offset in range(g.n_criteria):
            weight = fx.cell_ref(
                2, offset + 2, sheet=weights, absolute_column=True, absolute_row=True
            )
            write_formula(ws, 2, first_col + offset, fx.normalized_weight(weight, weight_sum))
        first, last = CALC_FIRST_ROW, g.calc_last_row
        if topsis:
            for row, key in (
                (3, "calc.norm_row"),
                (4, "calc.ideal_row"),
                (5, "calc.anti_ideal_row"),
            ):
                write_text(ws, row, 2, t[key])
            for column in range(first_col, last_col + 1):
                letter = fx.column_letter(column)
                write_formula(
                    ws,
                    3,
                    column,
                    fx.column_norm(f"{prefix}{letter}$2:{letter}${g.last_vendor_row}"),
                )
                write_formula(ws, 4, column, fx.column_max(f"{letter}${first}:{letter}${last}"))
                write_formula(ws, 5, column, fx.column_min(f"{letter}${first}:{letter}${last}"))
        note = "calc.note_topsis" if topsis else "calc.note_weighted_sum"
        write_text(ws, CALC_FIRST_ROW - 1, 2, t[note])
        first_letter = fx.column_letter(first_col)
        last_letter = fx.column_letter(last_col)
        criterion_letters = [fx.column_letter(c) for c in range(first_col, last_col + 1)]
        for offset in range(g.n_vendors):
            row = first + offset
            source = offset + 2
            cells: list[str | None] = [f"={prefix}$B{source}", f"={prefix}$A{source}"]
            if topsis:
                cells += [
                    fx.topsis_cell(f"{prefix}{letter}{source}", f"{letter}$3", f"{letter}$2")
                    for letter in criterion_letters
                ]
                d_plus = fx.column_letter(last_col + 1)
                d_minus = fx.column_letter(last_col + 2)
                span = f"{first_letter}{row}:{last_letter}{row}"
                cells += [
                    fx.distance(span, f"{first_letter}$4:{last_letter}$4"),
                    fx.distance(span, f"{first_letter}$5:{last_letter}$5"),
                    fx.topsis_closeness(f"{d_plus}{row}", f"{d_minus}{row}"),
                ]
            else:
                cells += [None] * len(criterion_letters)
                cells.append(
                    fx.weighted_sum(
                        f"{prefix}{first_letter}{source}:{last_letter}{source}",
                        f"${first_letter}$2:${last_letter}$2",
                    )
                )
            append_row(ws, cells, formulas=[i for i, c in enumerate(cells) if c])
        score_column = self.calc_score_column
        _format_range(ws, 2, 2, first_col, last_col, "0.0000")
        _format_range(ws, first, last, score_column, score_column, "0.000000000")
        ws.freeze_panes = f"C{CALC_FIRST_ROW}"
        _set_widths(ws, {1: 6, 2: max(_width(self.vendors, 12), 20)})
        ws.print_title_rows = "1:1"

    # ------------------------------------------------------------------ Ranking
    def _ranking(self) -> None:
        from openpyxl.comments import Comment
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import Font

        ws = self.sheets["ranking"]
        g = self.geometry
        headers = ranking_headers(self.language)
        column = {key: position + 1 for position, key in enumerate(RANKING_COLUMNS)}
        self._header(ws, 1, [headers[key] for key in RANKING_COLUMNS])
        calc = self.names["calc"]
        first, last = CALC_FIRST_ROW, g.calc_last_row
        scores_range = fx.range_ref(
            self.calc_score_column, first, self.calc_score_column, last, sheet=calc
        )
        keys_range = fx.range_ref(1, first, 1, last, sheet=calc)
        n_last = g.last_vendor_row

        def span(key: str) -> str:
            letter = fx.column_letter(column[key])
            return f"${letter}$2:${letter}${n_last}"

        ranking = self.content.ranking.loc[self.vendors]
        passed = ranking["passed"].to_numpy(dtype=bool).tolist()
        knockouts = _texts(ranking.get("knockouts", None), len(ranking))
        mean = ranking["monthly_cost_mean"].to_numpy(dtype=np.float64).tolist()
        p95 = ranking["monthly_cost_p95"].to_numpy(dtype=np.float64).tolist()
        numbers = self.numbers.loc[self.vendors].to_numpy(dtype=np.int64).tolist()
        letters = {key: fx.column_letter(column[key]) for key in RANKING_COLUMNS}
        for offset, vendor in enumerate(self.vendors):
            row = offset + 2
            values: dict[str, object] = {
                "vendor": vendor,
                "score": fx.lookup(scores_range, keys_range, f"{letters['number']}{row}"),
                "rank": fx.rank(
                    (span("passed"), f"{letters['passed']}{row}"),
                    (span("sort_key"), f"{letters['sort_key']}{row}"),
                    (span("number"), f"{letters['number']}{row}"),
                ),
                "passed": passed[offset],
                "knockouts": knockouts[offset],
                "cost_mean": mean[offset],
                "cost_p95": p95[offset],
                "number": numbers[offset],
                "sort_key": fx.sort_key(f"{letters['score']}{row}"),
            }
            formulas = [RANKING_COLUMNS.index(k) for k in ("score", "rank", "sort_key")]
            append_row(ws, [values[key] for key in RANKING_COLUMNS], formulas=formulas)
        _format_range(ws, 2, n_last, column["score"], column["score"], "0.0")
        for key in ("cost_mean", "cost_p95"):
            _format_range(ws, 2, n_last, column[key], column[key], self.money_format)
        _wrap_range(ws, 2, n_last, column["knockouts"], column["knockouts"])
        for offset, text in enumerate(knockouts):
            _fit_height(ws, offset + 2, [text], _TEXT_WIDTH)
        last_letter = letters["sort_key"]
        ws.conditional_formatting.add(
            f"A2:{letters['number']}{n_last}",
            FormulaRule(formula=[f"NOT(${letters['passed']}2)"], font=Font(color=_MUTED_FONT)),
        )
        ws.column_dimensions[last_letter].hidden = True
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = f"A1:{letters['number']}{n_last}"
        comment = Comment(self.text["ranking.number_note"], "vendoreval")
        ws.cell(row=1, column=column["number"]).comment = comment
        _set_widths(
            ws,
            {
                column["vendor"]: _width(self.vendors, 14),
                column["score"]: 9,
                column["rank"]: 7,
                column["passed"]: 9,
                column["knockouts"]: _TEXT_WIDTH,
                column["cost_mean"]: 18,
                column["cost_p95"]: 18,
                column["number"]: 6,
            },
        )
        chart = self._bar_chart(
            ws,
            self.text["ranking.chart_title"],
            [column["score"]],
            column["vendor"],
            n_last,
            g.n_vendors,
        )
        chart.y_axis.title = headers["score"]
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        ws.add_chart(chart, f"{fx.column_letter(column['sort_key'] + 1)}2")
        ws.print_title_rows = "1:1"

    # ------------------------------------------------------------------ Summary
    def _summary(self) -> None:
        ws = self.sheets["summary"]
        t = self.text
        c = self.content
        write_text(ws, 1, 1, f"{c.title or t['summary.title']} — {c.buyer}").style = "ve_title"
        write_text(ws, 3, 1, t["summary.buyer"]).style = "ve_header"
        write_text(ws, 3, 2, c.buyer)
        write_text(ws, 5, 1, t["summary.recommendation"]).style = "ve_section"
        winner = self.vendors[0]
        first = c.ranking.loc[[winner]]
        passed = bool(first["passed"].to_numpy(dtype=bool)[0])
        template = "summary.recommended" if passed else "summary.recommended_failed"
        sentence = t[template].format(
            vendor=winner,
            score=f"{first['score'].to_numpy(dtype=np.float64)[0]:.1f}",
            cost=_money_text(first["monthly_cost_mean"].to_numpy(dtype=np.float64)[0], c.currency),
        )
        self._paragraph(ws, 6, sentence)
        write_text(ws, 7, 1, t["summary.live_first"]).style = "ve_header"  # wraps, top-aligned
        _fit_height(ws, 7, [t["summary.live_first"]], _SUMMARY_WIDTH)
        last = self.geometry.last_vendor_row
        ranking = self.names["ranking"]
        vendors = fx.range_ref(1, 2, 1, last, sheet=ranking)
        ranks = fx.range_ref(3, 2, 3, last, sheet=ranking)
        write_formula(ws, 7, 2, fx.lookup(vendors, ranks, "1"))

        row = 9
        write_text(ws, row, 1, t["summary.reasons"]).style = "ve_section"
        reasons = [
            "• "
            + t["summary.reason"].format(
                criterion=self._criterion_name(str(criterion)),
                score=f"{score:.0f}",
                others=f"{others:.0f}",
                weight=f"{weight:.0%}",
            )
            for criterion, score, others, weight in zip(
                c.top_reasons.get("criterion", []),
                c.top_reasons.get("score", []),
                c.top_reasons.get("others", []),
                c.top_reasons.get("weight", []),
                strict=True,
            )
        ]
        for text in reasons or [t["summary.no_reasons"]]:
            row += 1
            write_text(ws, row, 1, text)

        row += 2
        write_text(ws, row, 1, t["summary.knockouts"]).style = "ve_section"
        ordered = c.ranking.loc[self.vendors]
        failed = ordered[~ordered["passed"].astype(bool)]
        if failed.empty:
            row += 1
            write_text(ws, row, 1, t["summary.no_knockouts"])
        texts = _texts(failed.get("knockouts", None), len(failed))
        for vendor, text in zip(failed.index, texts, strict=True):
            row = append_row(ws, [str(vendor), text])
            ws.cell(row=row, column=1).style = "ve_wrap"
            ws.cell(row=row, column=2).style = "ve_wrap"
            _fit_height(ws, row, [text], _SUMMARY_WIDTH)

        if not c.assumptions.empty:
            row += 2
            write_text(ws, row, 1, t["summary.assumptions"]).style = "ve_section"
            keys = ("channel", "volume", "aht", "service_level")
            self._header(ws, row + 1, [t[f"summary.{key}"] for key in keys])
            columns = ["channel", "volume_per_month", "aht_seconds", "service_level"]
            for values in c.assumptions.reindex(columns=columns).to_numpy(dtype=object).tolist():
                row = append_row(ws, values)
                ws.cell(row=row, column=2).number_format = "#,##0"
                ws.cell(row=row, column=3).number_format = "#,##0"

        facts: list[tuple[str, object, str | None]] = [
            (t["summary.method"], t.get(f"summary.method.{c.method}", c.method), None),
            (t["summary.currency"], c.currency, None),
            (t["summary.runs"], c.runs, "#,##0"),
            (t["summary.seed"], c.seed, "0"),
            (t["summary.cost_statistic"], c.cost_statistic, None),
            (t["summary.generated"], c.generated, "yyyy-mm-dd"),
            (t["summary.version"], c.version, None),
        ]
        row += 1
        for name, value, number_format in facts:
            row += 1
            write_text(ws, row, 1, name).style = "ve_header"
            cell = write_value(ws, row, 2, value)
            if number_format is not None:
                cell.number_format = number_format
            cell.alignment = _left()
        self._paragraph(ws, row + 2, t["summary.how_to"])
        _set_widths(ws, {1: 34, 2: _SUMMARY_WIDTH, 3: 16, 4: 30})

    def _paragraph(self, ws: Worksheet, row: int, text: str) -> None:
        """A wrapped sentence across columns A–D."""
        write_text(ws, row, 1, text).style = "ve_wrap"
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 32

    # ------------------------------------------------------------------ Checks
    def _checks(self) -> None:
        ws = self.sheets["checks"]
        t = self.text
        c = self.content
        vendors = self.vendors
        last_column = len(vendors) + 1
        self._header(ws, 1, [t["checks.item"], *vendors])
        # every table as rows of plain Python values, vendors in ranking order, once
        scores = _rows_by_key(c.check_scores, vendors)
        reasons = _rows_by_key(c.check_reasons, vendors)
        knockouts = _rows_by_key(c.check_knockouts, vendors)
        answers: dict[str, list[tuple[str, list[object]]]] = {}
        if not c.checks.empty:
            table = c.checks.reindex(columns=vendors).to_numpy(dtype=object).tolist()
            for (check, item), values in zip(c.checks.index, table, strict=True):
                answers.setdefault(str(check), []).append((str(item), values))
        order = list(dict.fromkeys([*scores, *answers]))
        yes, no = t["checks.yes"], t["checks.no"]
        score_rows: list[int] = []
        wrap_rows: list[int] = []
        for position, check in enumerate(order, start=1):
            heading = f"{position}. {check_label(check, self.language)}"
            row = append_row(ws, [heading, *scores.get(check, [])])
            ws.cell(row=row, column=1).style = "ve_section"
            if check in scores:
                score_rows.append(row)
            for item, values in answers.get(check, []):
                shown = [
                    (yes if v else no) if isinstance(v, bool | np.bool_) else v for v in values
                ]
                row = append_row(ws, [f"  {item}", *shown])
                if any(isinstance(v, str) and "\n" in v for v in shown):
                    wrap_rows.append(row)
                    _fit_height(ws, row, shown, _VENDOR_WIDTH)
            for lines, key in ((reasons, "checks.reasons"), (knockouts, "checks.knockouts")):
                texts = [v if isinstance(v, str) else "" for v in lines.get(check, [])]
                if any(texts) or (key == "checks.reasons" and check in lines):
                    row = append_row(ws, [f"  {t[key]}", *texts])
                    wrap_rows.append(row)
                    _fit_height(ws, row, texts, _VENDOR_WIDTH)
        for row in wrap_rows:
            _wrap_range(ws, row, row, 2, last_column)
        for row in score_rows:
            _format_range(ws, row, row, 2, last_column, "0.0")
        if score_rows:
            last_letter = fx.column_letter(last_column)
            ranges = " ".join(f"B{r}:{last_letter}{r}" for r in score_rows)
            ws.conditional_formatting.add(ranges, _score_scale())
        ws.freeze_panes = "B2"
        items = [item for block in answers.values() for item, _ in block]
        _set_widths(
            ws,
            {
                1: min(max(_width(items, 20) + 2, 24), 40),
                **dict.fromkeys(range(2, last_column + 1), _VENDOR_WIDTH),
            },
        )
        ws.print_title_rows = "1:1"
        ws.print_title_cols = "A:A"

    # ------------------------------------------------------------------ Costs
    def _costs(self) -> None:
        ws = self.sheets["costs"]
        t = self.text
        c = self.content
        vendors = self.vendors
        cost_columns = [col for col in _COST_COLUMNS if col in c.costs.columns]
        drivers = c.cost_drivers.reindex(vendors)
        driver_columns = [str(col) for col in drivers.columns]
        header = [
            t["costs.vendor"],
            *(t[f"costs.{col}"] for col in cost_columns),
            *(t.get(f"costs.col.{col}", col) for col in driver_columns),
        ]
        self._header(ws, 1, header)
        costs = c.costs.reindex(vendors)[cost_columns].to_numpy(dtype=np.float64).tolist()
        driver_rows = drivers.to_numpy(dtype=object).tolist()
        for vendor, numbers, extra in zip(vendors, costs, driver_rows, strict=True):
            append_row(ws, [vendor, *numbers, *extra])
        last = len(vendors) + 1
        formats = [
            "0.0%" if col == "prob_over_budget" else self.money_format for col in cost_columns
        ]
        for col in driver_columns:
            if col in c.money_columns:
                formats.append(self.money_format)
            elif col in _DRIVER_FORMATS:
                formats.append(_DRIVER_FORMATS[col])
            elif pd.api.types.is_float_dtype(drivers[col]):
                formats.append("#,##0.00")
            else:
                formats.append("General")
        for position, number_format in enumerate(formats, start=2):
            if number_format != "General":
                _format_range(ws, 2, last, position, position, number_format)
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = f"A1:{fx.column_letter(len(header))}{last}"
        widths = {1: _width(vendors, 14), **dict.fromkeys(range(2, len(header) + 1), 16)}
        for position, text in enumerate(
            header[1 + len(cost_columns) :], start=2 + len(cost_columns)
        ):
            widths[position] = min(max(_display_width(text) + 2, 12), 30)
        _set_widths(ws, widths)
        ws.print_title_rows = "1:1"
        ws.print_title_cols = "A:A"
        anchor = fx.column_letter(len(header) + 2)
        if {"p5", "p50", "p95"} <= set(cost_columns):
            series = [2 + cost_columns.index(col) for col in ("p5", "p50", "p95")]
            chart = self._bar_chart(ws, t["costs.chart_title"], series, 1, last, len(vendors))
            chart.y_axis.title = f"{t['costs.axis']} [{c.currency}]"
            chart.y_axis.number_format = self.money_format
            ws.add_chart(chart, f"{anchor}2")
        row = last + 1
        if not c.staffing.empty:
            row = self._staffing(ws, row + 1)
        if not c.cost_histogram.empty:
            self._histogram(ws, row + 1, anchor)

    def _staffing(self, ws: Worksheet, row: int) -> int:
        """The buyer's staffing table from ``row``; returns its last row."""
        staffing = self.content.staffing
        write_text(ws, row, 1, self.text["costs.staffing"]).style = "ve_section"
        columns = [self.text.get(f"costs.col.{col}", str(col)) for col in staffing.columns]
        self._header(ws, row + 1, [self.text["costs.channel"], *columns])
        last = row + 1
        for channel, values in zip(
            staffing.index, staffing.to_numpy(dtype=object).tolist(), strict=True
        ):
            last = append_row(ws, [str(channel), *values])
        _format_range(ws, row + 2, last, 2, len(columns) + 1, "#,##0.0")
        return last

    def _histogram(self, ws: Worksheet, row: int, anchor: str) -> None:
        """Cost histogram of the first-ranked vendors from ``row``, with a line chart."""
        from openpyxl.chart import LineChart, Reference

        t = self.text
        c = self.content
        shown = [v for v in self.vendors if v in c.cost_histogram.columns][:_HISTOGRAM_VENDORS]
        if not shown:
            return
        write_text(ws, row, 1, t["costs.histogram"].format(n=len(shown))).style = "ve_section"
        header_row = row + 1
        self._header(ws, header_row, [t["costs.bin"], *shown])
        shares = c.cost_histogram[shown].to_numpy(dtype=np.float64).tolist()
        last = header_row
        for centre, values in zip(c.cost_histogram.index, shares, strict=True):
            last = append_row(ws, [float(centre), *values])
        _format_range(ws, header_row + 1, last, 1, 1, self.money_format)
        _format_range(ws, header_row + 1, last, 2, len(shown) + 1, "0.0%")
        chart = LineChart()
        chart.title = t["costs.histogram_chart"]
        chart.y_axis.title = t["costs.share_axis"]
        chart.y_axis.number_format = "0%"
        chart.x_axis.title = f"{t['costs.axis']} [{c.currency}]"
        chart.x_axis.number_format = self.money_format
        data = Reference(ws, min_col=2, max_col=len(shown) + 1, min_row=header_row, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last))
        chart.width, chart.height = 24, 12
        ws.add_chart(chart, f"{anchor}{header_row}")

    def _bar_chart(
        self, ws: Worksheet, title: str, series: Sequence[int], category: int, last: int, n: int
    ) -> Any:
        """Horizontal bar chart of columns ``series`` (titles in row 1) by ``category``."""
        from openpyxl.chart import BarChart, Reference

        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "clustered"
        chart.title = title
        chart.x_axis.scaling.orientation = "maxMin"  # first row on top
        for column in series:
            chart.add_data(
                Reference(ws, min_col=column, min_row=1, max_row=last), titles_from_data=True
            )
        chart.set_categories(Reference(ws, min_col=category, min_row=2, max_row=last))
        if len(series) == 1:
            chart.legend = None
        _size_chart(chart, n)
        return chart

    # ------------------------------------------------------------------ Sensitivity
    def _sensitivity(self) -> None:
        from openpyxl.chart import BarChart, Reference

        ws = self.sheets["sensitivity"]
        t = self.text
        c = self.content
        row = 0
        if not c.acceptability.empty:
            write_text(ws, 1, 1, t["sensitivity.acceptability"]).style = "ve_section"
            table = _acceptability_columns(
                c.acceptability.reindex([v for v in self.vendors if v in c.acceptability.index])
            )
            ranks = [
                t["sensitivity.rank"].format(n=p)
                if isinstance(p, int)
                else t["sensitivity.rank_rest"].format(first=p[0], last=p[1])
                for p in table.columns
            ]
            self._header(ws, 2, [t["sensitivity.vendor"], *ranks])
            # a share of exactly 0 stays blank: the heat map shows where each vendor can land
            shares = table.to_numpy(dtype=np.float64)
            for vendor, values in zip(table.index, shares, strict=True):
                row = append_row(ws, [str(vendor), *np.where(values == 0.0, np.nan, values)])
                for column in np.flatnonzero(values != 0.0).tolist():
                    ws.cell(row=row, column=column + 2).number_format = "0.0%"
            last_column = len(ranks) + 1
            ws.conditional_formatting.add(
                f"B3:{fx.column_letter(last_column)}{row}", _share_scale()
            )
            ws.freeze_panes = "B3"
            chart = BarChart()
            chart.type = "bar"
            chart.title = t["sensitivity.chart_title"]
            chart.legend = None
            chart.y_axis.number_format = "0%"
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 1
            chart.x_axis.scaling.orientation = "maxMin"
            chart.add_data(Reference(ws, min_col=2, min_row=2, max_row=row), titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=row))
            _size_chart(chart, len(table))
            ws.add_chart(chart, f"{fx.column_letter(min(last_column, 12) + 2)}2")
        if not c.weight_stability.empty:
            self._stability(ws, row + 2)
        _set_widths(ws, {1: max(_width(self.vendors, 14), 22), **dict.fromkeys(range(2, 8), 14)})
        ws.print_title_cols = "A:A"

    def _stability(self, ws: Worksheet, row: int) -> None:
        """The weight-stability table from ``row``."""
        t = self.text
        stability = self.content.weight_stability
        write_text(ws, row, 1, t["sensitivity.stability"]).style = "ve_section"
        winner = stability.attrs.get("winner")
        if winner is not None:
            row += 1
            write_text(ws, row, 1, t["sensitivity.winner"]).style = "ve_header"
            write_text(ws, row, 2, str(winner))
        keys = ["criterion", "weight", "low", "high", "rival_low", "rival_high"]
        present = [k for k in keys if k in stability.columns]
        self._header(ws, row + 1, [t[f"sensitivity.{k}"] for k in present])
        first = row + 2
        for record in stability[present].to_numpy(dtype=object).tolist():
            row = append_row(ws, record)
        for position, key in enumerate(present, start=1):
            if key in ("weight", "low", "high"):
                _format_range(ws, first, row, position, position, "0.0%")


# ============================================================================ helpers


def _money_format(currency: str) -> str:
    """Number format of amounts: thousands separators, the currency's minor unit, its code.

    Examples
    --------
    >>> _money_format("KRW"), _money_format("USD")
    ('#,##0 "KRW"', '#,##0.00 "USD"')
    """
    from vendoreval.currency import minor_units

    try:
        places = minor_units(currency)
    except (KeyError, ValueError):
        places = 2
    decimals = "." + "0" * places if places else ""
    return f'#,##0{decimals} "{currency}"'


def _money_text(amount: float, currency: str) -> str:
    from vendoreval.currency import minor_units

    try:
        places = minor_units(currency)
    except (KeyError, ValueError):
        places = 2
    return f"{amount:,.{places}f} {currency}"


def _acceptability_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Rank positions 1..20 as they are; with more vendors, the rest summed in one column.

    A heat map of hundreds of rank positions cannot be read, and who might land 150th
    does not change a decision; the last column (labelled with its first and last rank)
    keeps every row summing to 1.
    """
    if table.shape[1] <= _ACCEPTABILITY_RANKS:
        return table.set_axis([int(p) for p in table.columns], axis=1)
    values = table.to_numpy(dtype=np.float64)
    kept = values[:, :_ACCEPTABILITY_RANKS]
    rest = values[:, _ACCEPTABILITY_RANKS:].sum(axis=1, keepdims=True)
    columns: list[object] = [*range(1, _ACCEPTABILITY_RANKS + 1)]
    columns.append((_ACCEPTABILITY_RANKS + 1, table.shape[1]))
    return pd.DataFrame(np.hstack([kept, rest]), index=table.index, columns=columns)


def _rows_by_key(table: pd.DataFrame, columns: Sequence[str]) -> dict[str, list[object]]:
    """Row label → the row's values in the order of ``columns`` (missing ones None)."""
    if table.empty:
        return {}
    values = table.reindex(columns=list(columns)).to_numpy(dtype=object).tolist()
    return {str(key): row for key, row in zip(table.index, values, strict=True)}


def _texts(column: pd.Series | None, length: int) -> list[str]:
    """A text column as a list of str ('' for missing values)."""
    if column is None:
        return [""] * length
    return [value if isinstance(value, str) else "" for value in column.tolist()]


def _score_scale() -> Any:
    """Colour scale of scores 0–50–100 (colour-blind-safe PuOr)."""
    from openpyxl.formatting.rule import ColorScaleRule

    low, middle, high = _SCORE_SCALE
    return ColorScaleRule(
        start_type="num",
        start_value=0,
        start_color=low,
        mid_type="num",
        mid_value=50,
        mid_color=middle,
        end_type="num",
        end_value=100,
        end_color=high,
    )


def _share_scale() -> Any:
    """Colour scale of shares 0–1 (sequential Blues)."""
    from openpyxl.formatting.rule import ColorScaleRule

    low, high = _SHARE_SCALE
    return ColorScaleRule(
        start_type="num",
        start_value=0,
        start_color=low,
        end_type="num",
        end_value=1,
        end_color=high,
    )


@cache
def _left() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(horizontal="left")


def _format_range(
    ws: Worksheet,
    first_row: int,
    last_row: int,
    first_column: int,
    last_column: int,
    number_format: str,
) -> None:
    """Set a number format on every cell of a block."""
    for cells in ws.iter_rows(
        min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column
    ):
        for cell in cells:
            cell.number_format = number_format


def _wrap_range(
    ws: Worksheet, first_row: int, last_row: int, first_column: int, last_column: int
) -> None:
    """Wrap the text of every cell of a block, top-aligned (the ``ve_wrap`` style)."""
    for cells in ws.iter_rows(
        min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column
    ):
        for cell in cells:
            cell.style = "ve_wrap"


def _width(texts: Iterable[object], minimum: int) -> int:
    """Column width fitting the longest text (East Asian characters count double)."""
    longest = minimum
    for text in texts:
        longest = max(longest, _display_width(str(text)) + 2)
    return min(longest, _MAX_WIDTH)


_LINE_HEIGHT = 15.0  # height of one line of 11-point text [points]


def _text_lines(text: object, width: float) -> int:
    """Lines a wrapped ``text`` takes in a column ``width`` characters wide."""
    import unicodedata

    lines = 0
    for paragraph in str(text).split("\n"):
        shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in paragraph)
        lines += max(1, -(-shown // max(int(width) - 1, 1)))
    return lines


def _fit_height(ws: Worksheet, row: int, texts: Iterable[object], width: float) -> None:
    """Set ``row``'s height so the tallest of ``texts`` (wrapped at ``width``) shows whole.

    Spreadsheet programs do not size rows to wrapped text written by openpyxl, so without
    this a multi-line reason or knock-out would spill over the next row.
    """
    lines = max((_text_lines(text, width) for text in texts if text), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(lines * _LINE_HEIGHT, 409.0)  # Excel's maximum


def _display_width(text: str) -> int:
    import unicodedata

    first_line = text.split("\n", 1)[0]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in first_line)


def _set_widths(ws: Worksheet, widths: Mapping[int, float]) -> None:
    for column, width in widths.items():
        ws.column_dimensions[fx.column_letter(column)].width = width


def _size_chart(chart: Any, n_bars: int) -> None:
    """Chart size in cm: wide enough to read, tall enough for ``n_bars`` bars."""
    chart.width = 18
    chart.height = min(max(7.5, 0.6 * n_bars + 3), 120)


def _print_setup(ws: Worksheet) -> None:
    """Landscape, fit to one page wide, centred horizontally."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
