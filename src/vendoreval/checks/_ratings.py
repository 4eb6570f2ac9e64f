"""Ratings 1–5 on a grid: the median of each cell, and the cells whose raters disagree.

Evaluators rate vendors on items (:func:`vendoreval.assessments.aggregate_assessments`) and
reference callers rate references on questions
(:func:`vendoreval.checks.reference_calls.summarize_reference_calls`) the same way: the
median per cell counts (robust to one outlier among few raters), and a cell whose ratings
spread (max − min) by ``spread_threshold`` points or more is flagged for a discussion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from vendoreval._lazy import pd

__all__ = ["RatingGrid", "rating_grid"]


@dataclass(frozen=True)
class RatingGrid:
    """Ratings aggregated per cell of a grid of rows × columns.

    Attributes
    ----------
    medians : pandas.DataFrame
        Rows × columns: the median rating (1–5), NaN where nobody rated.
    counts : pandas.DataFrame
        Same shape: number of ratings (int64).
    flagged : pandas.DataFrame
        The cells with at least two ratings spread by ``spread_threshold`` or more: the row
        and column labels, ``min``, ``max``, ``spread`` (int64 points) and who rated what
        (``"Kim: 2, Lee: 5"``, raters in name order).
    unrated : pandas.MultiIndex
        The (row, column) cells with no rating, in grid order.
    """

    medians: pd.DataFrame
    counts: pd.DataFrame
    flagged: pd.DataFrame
    unrated: pd.MultiIndex


def rating_grid(
    table: pd.DataFrame,
    rows: Sequence[str],
    columns: Sequence[str],
    *,
    names: tuple[str, str, str],
    raters: str,
    spread_threshold: int,
) -> RatingGrid:
    """Aggregate ratings into a grid of medians and flag the cells raters disagree on.

    Parameters
    ----------
    table : pandas.DataFrame
        One rating a row: the columns named by ``names`` (row label, column label, rater)
        and ``rating`` (int64, 1–5). Labels outside ``rows`` and ``columns`` are ignored.
    rows, columns : sequence of str
        The grid's labels, in display order; every cell appears, rated or not.
    names : tuple of (str, str, str)
        Names of the row, column and rater columns of ``table`` (``("vendor", "item",
        "evaluator")``); the row and column names also name the grid's axes.
    raters : str
        Name of the ``flagged`` column listing who rated what (``"evaluators"``).
    spread_threshold : int
        A cell is flagged when its ratings spread by at least this many points [points].

    Returns
    -------
    RatingGrid
    """
    row, column, rater = names
    grid = pd.MultiIndex.from_product([pd.Index(rows), pd.Index(columns)], names=[row, column])
    stats = (
        table.groupby([row, column], sort=False)["rating"]
        .agg(["median", "min", "max", "count"])
        .reindex(grid)
    )
    stats["count"] = stats["count"].fillna(0).astype("int64")
    shape = (len(rows), len(columns))
    index = pd.Index(list(rows), name=row)
    labels = pd.Index(list(columns), name=column)
    medians = pd.DataFrame(
        stats["median"].to_numpy(dtype=np.float64).reshape(shape), index=index, columns=labels
    )
    counts = pd.DataFrame(stats["count"].to_numpy().reshape(shape), index=index, columns=labels)
    spread = stats["max"] - stats["min"]
    hits = stats[(stats["count"] >= 2) & (spread >= spread_threshold)]
    ordered = table.sort_values([row, column, rater], kind="stable")
    who = (
        ordered.assign(text=ordered[rater].astype(str) + ": " + ordered["rating"].astype(str))
        .groupby([row, column], sort=False)["text"]
        .agg(", ".join)
    )
    flagged = pd.DataFrame(
        {
            row: hits.index.get_level_values(row),
            column: hits.index.get_level_values(column),
            "min": hits["min"].to_numpy(dtype="int64"),
            "max": hits["max"].to_numpy(dtype="int64"),
            "spread": spread[hits.index].to_numpy(dtype="int64"),
            raters: pd.Series([who[key] for key in hits.index], dtype=str),
        }
    )
    unrated = stats.index[stats["count"].to_numpy() == 0]
    return RatingGrid(medians=medians, counts=counts, flagged=flagged, unrated=unrated)
