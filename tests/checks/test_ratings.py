"""Ratings on a grid: medians per cell, disagreements flagged, cells nobody rated."""

from __future__ import annotations

import math

import pandas as pd

from vendoreval.checks._ratings import rating_grid


def _table(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["vendor", "item", "evaluator", "rating"])
    table["rating"] = table["rating"].astype("int64")
    return table


def test_medians_counts_flags_and_unrated_cells_by_hand() -> None:
    table = _table(
        [
            ("A", "fit", "Lee", 5),
            ("A", "fit", "Kim", 2),
            ("A", "fit", "Park", 4),
            ("A", "visit", "Kim", 3),
            ("A", "visit", "Lee", 4),
            ("B", "fit", "Kim", 1),
            ("X", "fit", "Kim", 5),  # not in the grid: ignored
        ]
    )
    grid = rating_grid(
        table,
        ["A", "B"],
        ["fit", "visit"],
        names=("vendor", "item", "evaluator"),
        raters="evaluators",
        spread_threshold=2,
    )
    # A/fit: median of 2, 4, 5 = 4; spread 5 − 2 = 3 ≥ 2, flagged
    # A/visit: median of 3, 4 = 3.5; spread 1 < 2
    # B/fit: one rating (1), never flagged; B/visit: nobody rated
    assert grid.medians.loc["A", "fit"] == 4.0
    assert grid.medians.loc["A", "visit"] == 3.5
    assert grid.medians.loc["B", "fit"] == 1.0
    assert math.isnan(float(grid.medians.to_numpy()[1, 1]))
    assert grid.counts.to_numpy().tolist() == [[3, 2], [1, 0]]
    assert (grid.medians.index.name, grid.medians.columns.name) == ("vendor", "item")
    assert grid.flagged.to_dict("records") == [
        {
            "vendor": "A",
            "item": "fit",
            "min": 2,
            "max": 5,
            "spread": 3,
            "evaluators": "Kim: 2, Lee: 5, Park: 4",
        }
    ]
    assert list(grid.unrated) == [("B", "visit")]


def test_no_rating_at_all_leaves_every_cell_unrated() -> None:
    grid = rating_grid(
        _table([]),
        ["A"],
        ["q1", "q2"],
        names=("vendor", "item", "evaluator"),
        raters="evaluators",
        spread_threshold=1,
    )
    assert grid.counts.to_numpy().tolist() == [[0, 0]]
    assert grid.medians.isna().all().all()
    assert grid.flagged.empty
    assert list(grid.flagged.columns) == ["vendor", "item", "min", "max", "spread", "evaluators"]
    assert list(grid.unrated) == [("A", "q1"), ("A", "q2")]
