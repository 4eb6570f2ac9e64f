"""Evaluators' 1–5 ratings of vendors (culture fit, interviews, reference calls, site visits).

Some of what decides a contact-center vendor is judged by people: the culture-fit workshop,
the team-lead interviews, the reference calls, the site visit. Each evaluator rates each
vendor on each item from 1 to 5; :func:`aggregate_assessments` takes the median per vendor
and item, flags items where evaluators disagree by two points or more (worth a discussion
before the ratings are used) and lists the vendor–item pairs nobody rated. A missing rating
is reported, never counted as zero.

Ratings come from a CSV file (``evaluator,vendor,item,rating,note``) or a YAML/JSON list of
mappings with the same keys, read by :func:`load_assessments`.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NoReturn, Self

from pydantic import Field, PrivateAttr, StrictInt, ValidationError, model_validator

from vendoreval._lazy import pd
from vendoreval._model import Model
from vendoreval.checks._engine import RatingItem
from vendoreval.checks._ratings import rating_grid
from vendoreval.errors import ArgumentError, InputFileError, UnknownNameError
from vendoreval.io.documents import Document, FileFormat, parse_document, read_text, validate
from vendoreval.proposal import VendorProposal

__all__ = [
    "ASSESSMENT_ITEMS",
    "Assessment",
    "AssessmentSummary",
    "aggregate_assessments",
    "load_assessments",
    "parse_assessments",
]

ASSESSMENT_ITEMS: Final[tuple[str, ...]] = tuple(item.value for item in RatingItem)
"""The items evaluators rate by default: ``culture_fit``, ``team_lead_interview``,
``reference_calls`` and ``site_visit``, those the checks score
(:class:`~vendoreval.checks.RatingItem`)."""

_COLUMNS: Final = ("evaluator", "vendor", "item", "rating", "note")
_REQUIRED: Final = ("evaluator", "vendor", "item", "rating")
_WHOLE = re.compile(r"^[+-]?[0-9]{1,9}$")


class Assessment(Model):
    """One evaluator's rating of one vendor on one item.

    Parameters
    ----------
    evaluator : str
        Who rated.
    vendor : str
        Vendor name, as in its proposal.
    item : str
        What was rated (see :data:`ASSESSMENT_ITEMS`).
    rating : int
        Whole number from 1 (poor) to 5 (excellent).
    note : str
        Free-text remark.
    """

    evaluator: str = Field(min_length=1)
    vendor: str = Field(min_length=1)
    item: str = Field(min_length=1)
    rating: StrictInt
    note: str = ""

    # Where a rating read from a file sits, by field ("" for the whole rating): set by
    # load_assessments and parse_assessments, used in messages only (not compared).
    _places: dict[str, str] = PrivateAttr(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Assessment):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), tuple(self.__dict__.values())))

    def place(self, field: str = "") -> str | None:
        """Where the rating (or one of its fields) was read, for messages; None when built.

        Parameters
        ----------
        field : str
            A field name (``"vendor"``), or ``""`` for the whole rating.

        Returns
        -------
        str or None
            ``"ratings.csv, row 3 (line 4), column vendor"``, ``"ratings.yaml, line 7,
            [2].vendor"``, or None for a rating that was not read from a file.
        """
        return self._places.get(field) or self._places.get("")

    @model_validator(mode="after")
    def _rating_in_range(self) -> Self:
        if not 1 <= self.rating <= 5:
            raise ArgumentError(
                f"rating {self.rating} of {self.item!r} for {self.vendor!r} by "
                f"{self.evaluator!r}: expected a whole number from 1 to 5"
            )
        return self


@dataclass(frozen=True)
class AssessmentSummary:
    """Evaluators' ratings aggregated per vendor and item.

    Attributes
    ----------
    medians : pandas.DataFrame
        Index ``vendor``, columns ``item``: the median rating (1–5), NaN where nobody rated.
    counts : pandas.DataFrame
        Same shape: number of ratings.
    flagged : pandas.DataFrame
        Items whose ratings spread (max − min) by at least ``spread_threshold`` points:
        columns ``vendor``, ``item``, ``min``, ``max``, ``spread`` and ``evaluators`` (each
        evaluator with their rating, e.g. ``"Kim: 2, Lee: 5"``).
    missing : pandas.DataFrame
        Columns ``vendor``, ``item``: pairs with no rating at all.
    spread_threshold : int
        Spread that flags an item [points].
    """

    medians: pd.DataFrame
    counts: pd.DataFrame
    flagged: pd.DataFrame
    missing: pd.DataFrame
    spread_threshold: int

    @property
    def vendors(self) -> list[str]:
        """Vendor names, in the order given."""
        return [str(name) for name in self.medians.index]

    @property
    def items(self) -> list[str]:
        """Items, in the order given."""
        return [str(name) for name in self.medians.columns]

    def ratings_for(self, vendor: str) -> dict[str, float]:
        """Median rating of ``vendor`` per item; items nobody rated are left out.

        Raises
        ------
        KeyError
            When ``vendor`` is not one of the vendors (the message lists them).
        """
        if vendor not in self.medians.index:
            raise UnknownNameError(
                f"no assessments summary for vendor {vendor!r}; the vendors are: "
                f"{', '.join(self.vendors)}"
            )
        row = self.medians.loc[vendor]
        return {
            str(item): float(value)
            for item, value in zip(row.index, row.to_numpy(dtype="float64"), strict=True)
            if not math.isnan(value)
        }


def aggregate_assessments(
    assessments: Iterable[Assessment],
    vendors: Iterable[str | VendorProposal],
    items: Sequence[str] = ASSESSMENT_ITEMS,
    *,
    spread_threshold: int = 2,
) -> AssessmentSummary:
    """Median ratings per vendor and item, disagreements flagged, missing pairs listed.

    Parameters
    ----------
    assessments : iterable of Assessment
        Ratings; each evaluator rates a vendor on an item at most once.
    vendors : iterable of str or VendorProposal
        The vendors under evaluation (names or proposals), in display order.
    items : sequence of str
        Items rated, in display order.
    spread_threshold : int
        A vendor–item pair is flagged when its ratings spread by at least this many points
        (max − min) [points]; 2 by default.

    Returns
    -------
    AssessmentSummary

    Raises
    ------
    InputFileError
        When a rating read from a file (:func:`load_assessments`) names a vendor or item not
        given, or repeats an evaluator's rating: the message names the file, the row or line
        and the column, and lists the vendors or items that exist (also a ``ValueError``).
    ArgumentError
        The same for ratings built in code, and when vendors or items repeat or
        ``spread_threshold`` < 1 (also a ``ValueError``).
    """
    names = [v.name if isinstance(v, VendorProposal) else v for v in vendors]
    _check_unique("vendors", names)
    item_list = list(items)
    if not item_list:
        raise ArgumentError("items must name at least one assessment item")
    _check_unique("items", item_list)
    if isinstance(spread_threshold, bool) or not isinstance(spread_threshold, int):
        raise ArgumentError(
            f"spread_threshold must be a whole number of points, got {spread_threshold!r}"
        )
    if spread_threshold < 1:
        raise ArgumentError(f"spread_threshold must be at least 1 point, got {spread_threshold}")

    known_vendors, known_items = set(names), set(item_list)
    rows = list(assessments)
    seen: set[tuple[str, str, str]] = set()
    first: dict[tuple[str, str, str], Assessment] = {}
    for row in rows:
        who = f"the rating by {row.evaluator!r} of {row.item!r} for {row.vendor!r}"
        if row.vendor not in known_vendors:
            _refuse(
                row,
                "vendor",
                f"{who} names an unknown vendor {row.vendor!r}; expected one of: "
                f"{', '.join(names)}",
            )
        if row.item not in known_items:
            _refuse(
                row,
                "item",
                f"{who} names an unknown item {row.item!r}; expected one of: "
                f"{', '.join(item_list)}",
            )
        key = (row.evaluator, row.vendor, row.item)
        if key in seen:
            earlier = first[key].place()
            also = f" (first in {earlier})" if earlier else ""
            _refuse(row, "", f"{who} is given twice{also}; each evaluator rates an item once")
        seen.add(key)
        first[key] = row

    table = pd.DataFrame(
        {
            "evaluator": [row.evaluator for row in rows],
            "vendor": [row.vendor for row in rows],
            "item": [row.item for row in rows],
            "rating": pd.array([row.rating for row in rows], dtype="int64"),
        }
    )
    ratings = rating_grid(
        table,
        names,
        item_list,
        names=("vendor", "item", "evaluator"),
        raters="evaluators",
        spread_threshold=spread_threshold,
    )
    missing = pd.DataFrame(
        {
            "vendor": ratings.unrated.get_level_values("vendor"),
            "item": ratings.unrated.get_level_values("item"),
        }
    )
    return AssessmentSummary(
        medians=ratings.medians,
        counts=ratings.counts,
        flagged=ratings.flagged,
        missing=missing,
        spread_threshold=spread_threshold,
    )


def _refuse(row: Assessment, field: str, text: str) -> NoReturn:
    """Raise for ``row``: an InputFileError at its place when it was read from a file."""
    place = row.place(field)
    if place is None:
        raise ArgumentError(text)
    raise InputFileError(f"{place}: {text}")


def _check_unique(what: str, values: Sequence[str]) -> None:
    doubles = sorted({value for value in values if values.count(value) > 1})
    if doubles:
        raise ArgumentError(f"{what} must be unique; given more than once: {doubles}")


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def load_assessments(
    path: str | os.PathLike[str],
    *,
    items: Sequence[str] | None = ASSESSMENT_ITEMS,
    vendors: Iterable[str | VendorProposal] | None = None,
) -> list[Assessment]:
    """Read ratings from a CSV, YAML or JSON file.

    Parameters
    ----------
    path : str or path-like
        ``.csv`` with the header ``evaluator,vendor,item,rating,note`` (``note`` optional,
        columns in any order), or ``.yaml``/``.yml``/``.json`` holding a list of mappings
        with those keys.
    items : sequence of str, optional
        Accepted items; None accepts any item.
    vendors : iterable of str or VendorProposal, optional
        Accepted vendors; None accepts any vendor name.

    Returns
    -------
    list of Assessment
        In file order.

    Raises
    ------
    InputFileError
        Naming the file and the row and line (CSV) or line and field path (YAML, JSON) of a
        bad rating, an unknown vendor or item, or a rating given twice.
    """
    source = Path(path)
    fmt = source.suffix.lower()
    if fmt not in (".csv", ".yaml", ".yml", ".json"):
        raise InputFileError(
            f"{source}: cannot tell the file's format from its name; expected a name ending in "
            ".csv, .yaml, .yml or .json"
        )
    return parse_assessments(read_text(source), str(source), fmt, items=items, vendors=vendors)


def parse_assessments(
    text: str,
    source: str,
    fmt: str,
    *,
    items: Sequence[str] | None = ASSESSMENT_ITEMS,
    vendors: Iterable[str | VendorProposal] | None = None,
) -> list[Assessment]:
    """Read ratings from ``text`` in format ``fmt`` (``.csv``, ``.yaml``, ``.yml``, ``.json``).

    ``source`` names the text in messages. See :func:`load_assessments`.
    """
    if fmt.lower().lstrip(".") == "csv":
        found = _from_csv(text, source)
    else:
        kind: FileFormat = "json" if fmt.lower().lstrip(".") == "json" else "yaml"
        found = _from_document(parse_document(text, source, kind))
    names = (
        None
        if vendors is None
        else [v.name if isinstance(v, VendorProposal) else v for v in vendors]
    )
    first: dict[tuple[str, str, str], str] = {}
    for assessment, where in found:
        if items is not None and assessment.item not in items:
            raise InputFileError(
                f"{assessment.place('item')}: unknown item {assessment.item!r}; expected one "
                f"of: {', '.join(items)}"
            )
        if names is not None and assessment.vendor not in names:
            raise InputFileError(
                f"{assessment.place('vendor')}: unknown vendor {assessment.vendor!r}; expected "
                f"one of: {', '.join(names)}"
            )
        key = (assessment.evaluator, assessment.vendor, assessment.item)
        if key in first:
            raise InputFileError(
                f"{where}: {assessment.evaluator!r} already rated {assessment.item!r} for "
                f"{assessment.vendor!r} ({first[key]}); each evaluator rates an item once"
            )
        first[key] = where
    return [assessment for assessment, _ in found]


def _from_document(document: Document) -> list[tuple[Assessment, str]]:
    if not isinstance(document.data, list):
        raise InputFileError(
            f"{document.source}: expected a list of ratings, each a mapping with evaluator, "
            "vendor, item, rating and an optional note"
        )
    found: list[tuple[Assessment, str]] = []
    for index in range(len(document.data)):
        assessment = validate(document, Assessment, at=(index,), what="Assessment")
        where = document.where((index,))
        places = {"": where}
        places.update({name: document.where((index, name)) for name in _COLUMNS})
        assessment._places.update(places)
        found.append((assessment, where))
    return found


def _from_csv(text: str, source: str) -> list[tuple[Assessment, str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputFileError(
            f"{source}: the file is empty; expected the header {','.join(_COLUMNS)}"
        ) from None
    except csv.Error as exc:
        raise InputFileError(f"{source}, line 1: not valid CSV ({exc})") from None
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in _COLUMNS]
    absent = [name for name in _REQUIRED if name not in columns]
    if unknown or absent or len(set(columns)) != len(columns):
        raise InputFileError(
            f"{source}, line 1: the header is {','.join(header)!r}; expected the columns "
            f"{','.join(_COLUMNS)} (note optional, any order, each once)"
        )
    found: list[tuple[Assessment, str]] = []
    row_number = 0
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputFileError(f"{source}, line {line}: not valid CSV ({exc})") from None
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        row_number += 1
        where = f"{source}, row {row_number} (line {start})"
        if len(cells) != len(columns):
            raise InputFileError(
                f"{where}: {len(cells)} values for {len(columns)} columns ({','.join(columns)})"
            )
        values = {name: cell.strip() for name, cell in zip(columns, cells, strict=True)}
        assessment = _csv_assessment(values, where)
        assessment._places.update({"": where})
        assessment._places.update({name: f"{where}, column {name}" for name in columns})
        found.append((assessment, where))
    return found


def _csv_assessment(values: Mapping[str, str], where: str) -> Assessment:
    text = values["rating"]
    if not _WHOLE.match(text):
        raise InputFileError(
            f"{where}, column rating: {text!r} is not a rating; expected a whole number from 1 to 5"
        )
    try:
        return Assessment(
            evaluator=values["evaluator"],
            vendor=values["vendor"],
            item=values["item"],
            rating=int(text),
            note=values.get("note", ""),
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"column {'.'.join(str(p) for p in e['loc']) or 'rating'}: "
            + e["msg"].removeprefix("Value error, ")
            for e in exc.errors(include_url=False)
        )
        raise InputFileError(f"{where}: {problems}") from exc
