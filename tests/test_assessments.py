"""Evaluators' ratings: the model, aggregation (medians, flags, missing pairs) and files."""

from __future__ import annotations

import math
import statistics
import typing
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from vendoreval.assessments import (
    ASSESSMENT_ITEMS,
    Assessment,
    aggregate_assessments,
    load_assessments,
)
from vendoreval.datasets import load_sample
from vendoreval.errors import InputFileError

DATA = Path(__file__).parent / "data"
VENDORS = ["Alpha Contact", "Beta Contact"]


def rating(evaluator: str, vendor: str, item: str, value: int) -> Assessment:
    return Assessment(evaluator=evaluator, vendor=vendor, item=item, rating=value)


# ---- the model -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_rating_outside_1_5_names_the_item(value: int) -> None:
    with pytest.raises(ValidationError) as caught:
        rating("Kim", "Alpha Contact", "culture_fit", value)
    message = str(caught.value)
    assert f"rating {value} of 'culture_fit' for 'Alpha Contact' by 'Kim'" in message
    assert "whole number from 1 to 5" in message


@pytest.mark.parametrize("value", ["4", 4.0, 4.5, True, None])
def test_rating_must_be_a_whole_number(value: Any) -> None:
    with pytest.raises(ValidationError, match="rating"):
        Assessment.model_validate(
            {"evaluator": "Kim", "vendor": "A", "item": "culture_fit", "rating": value}
        )


def test_names_must_not_be_empty_and_model_is_frozen() -> None:
    with pytest.raises(ValidationError, match="evaluator"):
        rating("", "Alpha Contact", "culture_fit", 3)
    with pytest.raises(ValidationError, match="extra"):
        Assessment.model_validate(
            {"evaluator": "K", "vendor": "A", "item": "x", "rating": 3, "score": 3}
        )
    assessment = rating("Kim", "A", "culture_fit", 3)
    with pytest.raises(ValidationError):
        assessment.rating = 4  # type: ignore[misc]


# ---- aggregation ---------------------------------------------------------------------------


def test_medians_counts_and_missing_pairs() -> None:
    ratings = [
        rating("Kim", "Alpha Contact", "culture_fit", 4),
        rating("Lee", "Alpha Contact", "culture_fit", 2),
        rating("Kim", "Beta Contact", "culture_fit", 5),
        rating("Lee", "Beta Contact", "culture_fit", 4),
        rating("Park", "Beta Contact", "culture_fit", 1),
        rating("Kim", "Beta Contact", "site_visit", 3),
    ]
    summary = aggregate_assessments(ratings, VENDORS, ("culture_fit", "site_visit"))
    assert summary.medians.index.name == "vendor"
    assert summary.medians.columns.name == "item"
    assert summary.medians.loc["Alpha Contact", "culture_fit"] == 3.0  # mean of middle two
    assert summary.medians.loc["Beta Contact", "culture_fit"] == 4.0
    assert summary.medians.loc["Beta Contact", "site_visit"] == 3.0
    assert summary.medians["site_visit"].isna()["Alpha Contact"]
    assert summary.counts.loc["Beta Contact", "culture_fit"] == 3
    assert summary.counts.loc["Alpha Contact", "site_visit"] == 0
    assert summary.missing.to_dict("records") == [{"vendor": "Alpha Contact", "item": "site_visit"}]
    assert summary.ratings_for("Alpha Contact") == {"culture_fit": 3.0}
    assert summary.ratings_for("Beta Contact") == {"culture_fit": 4.0, "site_visit": 3.0}


def test_missing_ratings_are_never_zero() -> None:
    summary = aggregate_assessments([], VENDORS)
    assert summary.medians.shape == (2, 4)
    assert summary.medians.isna().all().all()
    assert len(summary.missing) == 8
    assert summary.flagged.empty
    assert list(summary.flagged.columns) == ["vendor", "item", "min", "max", "spread", "evaluators"]
    assert summary.ratings_for("Beta Contact") == {}


def test_spread_flags() -> None:
    ratings = [
        rating("Kim", "Alpha Contact", "culture_fit", 2),
        rating("Lee", "Alpha Contact", "culture_fit", 4),  # spread 2: flagged
        rating("Kim", "Alpha Contact", "site_visit", 3),
        rating("Lee", "Alpha Contact", "site_visit", 4),  # spread 1: not flagged
        rating("Kim", "Beta Contact", "culture_fit", 1),  # a single rating: never flagged
        rating("Lee", "Beta Contact", "site_visit", 5),
        rating("Park", "Beta Contact", "site_visit", 1),
        rating("Kim", "Beta Contact", "site_visit", 4),
    ]
    summary = aggregate_assessments(ratings, VENDORS)
    assert summary.flagged.to_dict("records") == [
        {
            "vendor": "Alpha Contact",
            "item": "culture_fit",
            "min": 2,
            "max": 4,
            "spread": 2,
            "evaluators": "Kim: 2, Lee: 4",
        },
        {
            "vendor": "Beta Contact",
            "item": "site_visit",
            "min": 1,
            "max": 5,
            "spread": 4,
            "evaluators": "Kim: 4, Lee: 5, Park: 1",
        },
    ]
    strict = aggregate_assessments(ratings, VENDORS, spread_threshold=3)
    assert strict.flagged[["vendor", "item"]].values.tolist() == [["Beta Contact", "site_visit"]]
    assert strict.spread_threshold == 3


def test_vendors_may_be_proposals() -> None:
    _, proposals = load_sample()
    names = [p.name for p in proposals]
    summary = aggregate_assessments([rating("Kim", names[2], "site_visit", 5)], proposals)
    assert summary.vendors == names
    assert summary.ratings_for(names[2]) == {"site_visit": 5.0}


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([rating("Kim", "Gamma", "culture_fit", 3)], "unknown vendor 'Gamma'"),
        ([rating("Kim", "Alpha Contact", "culture", 3)], "unknown item 'culture'"),
        (
            [rating("Kim", "Alpha Contact", "site_visit", 3)] * 2,
            "'site_visit' for 'Alpha Contact' is given twice",
        ),
    ],
)
def test_bad_assessments(ratings: list[Assessment], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        aggregate_assessments(ratings, VENDORS)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="vendors must be unique"):
        aggregate_assessments([], ["A", "A"])
    with pytest.raises(ValueError, match="items must be unique"):
        aggregate_assessments([], VENDORS, ["x", "x"])
    with pytest.raises(ValueError, match="at least one"):
        aggregate_assessments([], VENDORS, [])
    with pytest.raises(ValueError, match="at least 1 point"):
        aggregate_assessments([], VENDORS, spread_threshold=0)
    with pytest.raises(ValueError, match="whole number"):
        aggregate_assessments([], VENDORS, spread_threshold=1.5)  # type: ignore[arg-type]
    summary = aggregate_assessments([], VENDORS)
    with pytest.raises(KeyError, match="Alpha Contact, Beta Contact"):
        summary.ratings_for("Gamma")


@st.composite
def rating_sets(draw: st.DrawFn) -> list[Assessment]:
    evaluators = ["E1", "E2", "E3", "E4"]
    cells = [(e, v, i) for e in evaluators for v in VENDORS for i in ASSESSMENT_ITEMS]
    chosen = draw(st.lists(st.sampled_from(cells), unique=True, max_size=len(cells)))
    return [rating(e, v, i, draw(st.integers(1, 5))) for e, v, i in chosen]


@given(rating_sets(), st.integers(1, 4))
def test_aggregation_matches_statistics_median(ratings: list[Assessment], threshold: int) -> None:
    summary = aggregate_assessments(ratings, VENDORS, spread_threshold=threshold)
    flagged = {tuple(row) for row in summary.flagged[["vendor", "item"]].values.tolist()}
    missing = {tuple(row) for row in summary.missing.values.tolist()}
    for vendor in VENDORS:
        for item in ASSESSMENT_ITEMS:
            values = [r.rating for r in ratings if (r.vendor, r.item) == (vendor, item)]
            median = typing.cast(float, summary.medians.loc[vendor, item])
            if values:
                assert median == statistics.median(values)
                assert summary.ratings_for(vendor)[item] == statistics.median(values)
            else:
                assert math.isnan(median)
                assert item not in summary.ratings_for(vendor)
            assert ((vendor, item) in missing) == (not values)
            spread = max(values) - min(values) if values else 0
            assert ((vendor, item) in flagged) == (len(values) >= 2 and spread >= threshold)
            assert summary.counts.loc[vendor, item] == len(values)


# ---- files ---------------------------------------------------------------------------------------


def test_load_csv() -> None:
    ratings = load_assessments(DATA / "assessments_small.csv")
    assert [(r.evaluator, r.vendor, r.item, r.rating) for r in ratings] == [
        ("Kim", "Alpha Contact", "culture_fit", 4),
        ("Lee", "Alpha Contact", "culture_fit", 2),
        ("Kim", "Beta Contact", "culture_fit", 5),
        ("Lee", "Beta Contact", "site_visit", 3),
    ]
    assert ratings[0].note == "Good fit,\nwith one caveat"
    assert ratings[3].note == "Visited in March"


def test_load_yaml() -> None:
    ratings = load_assessments(DATA / "assessments_small.yaml", vendors=VENDORS)
    assert [r.rating for r in ratings] == [4, 2]
    assert ratings[1].note == "Too focused on call counts"


def test_load_csv_without_note_column(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Evaluator, Vendor ,item,rating\nKim,Alpha Contact,culture_fit, 4 \n")
    (only,) = load_assessments(path)
    assert (only.vendor, only.rating, only.note) == ("Alpha Contact", 4, "")


def csv_error(tmp_path: Path, text: str, **kwargs: Any) -> str:
    path = tmp_path / "ratings.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_assessments(path, **kwargs)
    return str(caught.value)


HEADER = "evaluator,vendor,item,rating,note\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "Kim,Alpha Contact,culture_fit,4,\nKim,Alpha Contact,site_visit,4.5,\n",
            "row 2 (line 3), column rating: '4.5' is not a rating; expected a whole number",
        ),
        (
            "Kim,Alpha Contact,culture_fit,four,\n",
            "row 1 (line 2), column rating: 'four' is not a rating",
        ),
        (
            "Kim,Alpha Contact,culture_fit,7,\n",
            "row 1 (line 2): column rating: rating 7 of 'culture_fit' for 'Alpha Contact' by "
            "'Kim': expected a whole number from 1 to 5",
        ),
        (
            'Kim,Alpha Contact,culture_fit,4,"two\nlines"\nKim,Alpha Contact,culture,4,\n',
            "row 2 (line 4), column item: unknown item 'culture'; expected one of: culture_fit,",
        ),
        ("Kim,Alpha Contact,culture_fit,4\n", "row 1 (line 2): 4 values for 5 columns"),
        (",Alpha Contact,culture_fit,4,\n", "row 1 (line 2): column evaluator:"),
        (
            "Kim,Alpha Contact,culture_fit,4,\nKim,Alpha Contact,culture_fit,5,\n",
            "row 2 (line 3): 'Kim' already rated 'culture_fit' for 'Alpha Contact' "
            "(ratings.csv, row 1 (line 2))",
        ),
    ],
)
def test_csv_errors_name_the_row_and_line(tmp_path: Path, rows: str, expected: str) -> None:
    message = csv_error(tmp_path, HEADER + rows)
    assert str(tmp_path / "ratings.csv") in message
    assert expected in message.replace(str(tmp_path) + "/", "")


def test_csv_unknown_vendor(tmp_path: Path) -> None:
    message = csv_error(tmp_path, HEADER + "Kim,Gamma,culture_fit,4,\n", vendors=VENDORS)
    expected = "row 1 (line 2), column vendor: unknown vendor 'Gamma'; expected one of: Alpha"
    assert expected in message


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_ratings_file_checked_against_vendors_later_names_its_place(
    tmp_path: Path, suffix: str
) -> None:
    """Ratings loaded without a vendor list and aggregated later: the error names the file,
    the row (CSV) or line (YAML), the column, and the vendors that exist."""
    path = tmp_path / f"ratings{suffix}"
    if suffix == ".csv":
        path.write_text(HEADER + "Kim,Alpha Contact,culture_fit,4,\nLee,Gamma,site_visit,3,\n")
        place = "row 2 (line 3), column vendor"
    else:
        path.write_text(
            "- {evaluator: Kim, vendor: Alpha Contact, item: culture_fit, rating: 4}\n"
            "- evaluator: Lee\n  vendor: Gamma\n  item: site_visit\n  rating: 3\n"
        )
        place = "line 3, [1].vendor"
    ratings = load_assessments(path)
    with pytest.raises(InputFileError) as caught:
        aggregate_assessments(ratings, VENDORS)
    message = str(caught.value)
    assert message.startswith(f"{path}, {place}: ")
    assert "unknown vendor 'Gamma'; expected one of: Alpha Contact, Beta Contact" in message
    assert isinstance(caught.value, ValueError)


def test_places_do_not_change_equality(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text(HEADER + "Kim,Alpha Contact,culture_fit,4,\n")
    (loaded,) = load_assessments(path)
    built = rating("Kim", "Alpha Contact", "culture_fit", 4)
    assert loaded == built
    assert hash(loaded) == hash(built)
    assert loaded.place("vendor") == f"{path}, row 1 (line 2), column vendor"
    assert built.place() is None


def test_repeated_rating_across_files_names_both_places(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + "Kim,Alpha Contact,culture_fit,4,\n")
    second.write_text(HEADER + "Kim,Alpha Contact,culture_fit,5,\n")
    ratings = load_assessments(first) + load_assessments(second)
    with pytest.raises(InputFileError) as caught:
        aggregate_assessments(ratings, VENDORS)
    message = str(caught.value)
    assert message.startswith(f"{second}, row 1 (line 2): ")
    assert f"given twice (first in {first}, row 1 (line 2))" in message


def test_csv_custom_items(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "Kim,Alpha Contact,pilot_review,4,\n")
    assert load_assessments(path, items=("pilot_review",))[0].item == "pilot_review"
    assert load_assessments(path, items=None)[0].item == "pilot_review"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("evaluator,vendor,item\n", "line 1: the header is"),
        ("evaluator,vendor,item,rating,score\n", "line 1: the header is"),
        ("evaluator,vendor,item,rating,rating\n", "each once"),
    ],
)
def test_csv_bad_files(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in csv_error(tmp_path, text)


def test_yaml_errors_have_lines(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "- {evaluator: Kim, vendor: A, item: culture_fit, rating: 4}\n"
        "- evaluator: Lee\n  vendor: A\n  item: culture_fit\n  rating: 9\n"
    )
    with pytest.raises(InputFileError, match=r"line 2, \[1\]: rating 9 of 'culture_fit'"):
        load_assessments(path)
    path.write_text("evaluator: Kim\n")
    with pytest.raises(InputFileError, match="expected a list of ratings"):
        load_assessments(path)
    path.write_text("- {evaluator: Kim, vendor: A, item: culture_fit, rating: '4'}\n")
    with pytest.raises(InputFileError, match=r"line 1, \[0\]\.rating: Input should be a valid"):
        load_assessments(path)


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputFileError, match=r"\.csv, \.yaml, \.yml or \.json"):
        load_assessments(path)


def test_json_file(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('[{"evaluator": "Kim", "vendor": "A", "item": "site_visit", "rating": 2}]')
    assert load_assessments(path)[0].rating == 2


def test_loaded_sample_file_aggregates(tmp_path: Path) -> None:
    sample = Path(__file__).parents[1] / "src/vendoreval/datasets/sample/assessments.csv"
    _, proposals = load_sample()
    ratings = load_assessments(sample, vendors=proposals)
    summary = aggregate_assessments(ratings, proposals)
    assert isinstance(summary.medians, pd.DataFrame)
    assert summary.medians.loc["Hangang CX", "culture_fit"] == 4.0
    assert summary.flagged.loc[0, "evaluators"] == "Kim Jiwoo: 2, Lee Seoyeon: 5, Park Minjun: 4"
