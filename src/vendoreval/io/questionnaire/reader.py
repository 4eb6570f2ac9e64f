"""Reading a filled questionnaire's sheets into a proposal, every problem at its cell.

The reader follows a :class:`~vendoreval.io.questionnaire.spec.Layout`: it finds each
answer by its label in column A and each table by its title, so rows may be inserted in a
table and the rows of a sheet may be in any order. Cell values are converted strictly by
their kind (:mod:`vendoreval.io.questionnaire.cells`), the data is validated by the layout's
proposal model, and every problem — a value that cannot be read, or the model's complaint —
is reported at its ``Sheet!A1`` cell in one :class:`~vendoreval.errors.QuestionnaireError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from vendoreval.errors import ArgumentError, QuestionnaireError
from vendoreval.io.documents import Loc, data_path, format_path
from vendoreval.io.questionnaire.archive import inspect_archive, open_workbook
from vendoreval.io.questionnaire.cells import (
    Cell,
    CellError,
    column_letter,
    convert,
    is_blank,
    show,
)
from vendoreval.io.questionnaire.layout import layout_for_sheets
from vendoreval.io.questionnaire.spec import (
    ALL_CHANNELS,
    ANSWER_COLUMN,
    LABEL_COLUMN,
    NO,
    YES,
    FieldSpec,
    Kind,
    Layout,
    SheetSpec,
    TableShape,
    TableSpec,
)
from vendoreval.proposal import VendorProposal

__all__ = ["Place", "Reader", "read_grid", "read_questionnaire"]

_MAX_PROBLEMS: Final = 30


def read_questionnaire(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = 5_000_000,
    max_rows: int = 2_000,
    layout: Layout | None = None,
) -> VendorProposal:
    """Read a vendor-filled questionnaire workbook safely into a proposal.

    Parameters
    ----------
    path : str or path-like
        The filled ``.xlsx`` file.
    max_bytes : int
        Largest file accepted [bytes].
    max_rows : int
        Most rows a sheet may use [rows].
    layout : Layout, optional
        The questionnaire's layout; by default the one derived from
        :class:`~vendoreval.proposal.VendorProposal`, in English or Korean as the workbook's
        sheet names show. The answers are validated as its
        :attr:`~vendoreval.io.questionnaire.Layout.model`.

    Returns
    -------
    VendorProposal
        The vendor's answers. A check sheet left entirely blank is "not answered" (None);
        the ``Pricing`` sheet must be answered.

    Raises
    ------
    QuestionnaireError
        When the file is refused (too large, not an ``.xlsx`` archive, macro-enabled, a
        possible zip bomb, an XML document type declaration, too many rows) or its answers
        are invalid: the message lists every problem with its ``Sheet!A1`` cell and what
        was expected (a formula in an answer, text in a number, ``12%`` for a share, an
        unknown choice with the allowed values, a missing required answer…).
    ArgumentError
        When ``max_bytes`` or ``max_rows`` is not a positive whole number, or ``layout`` is
        not a :class:`~vendoreval.io.questionnaire.Layout` (also a ``ValueError``).
    """
    for name, limit in (("max_bytes", max_bytes), ("max_rows", max_rows)):
        if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
            raise ArgumentError(f"{name}: expected a whole number above 0, got {limit!r}")
    if layout is not None and not isinstance(layout, Layout):
        raise ArgumentError(f"layout: expected a Layout or None, got {type(layout).__name__}")
    source = Path(path)
    package = inspect_archive(source, max_bytes, max_rows)
    workbook = open_workbook(package, max_rows)
    del package
    try:
        reader = Reader(str(source), layout or layout_for_sheets(workbook.sheetnames))
        reader.read(workbook, max_rows)
    finally:
        workbook.close()
    return reader.result()


@dataclasses.dataclass(frozen=True)
class Place:
    """Where an answer sits, for messages."""

    sheet_index: int
    row: int
    column: int
    sheet: str
    label: str

    @property
    def ref(self) -> str:
        """``Sheet!B5`` (``Sheet`` alone when the row is unknown)."""
        if self.row <= 0:
            return self.sheet
        return f"{self.sheet}!{column_letter(self.column)}{self.row}"

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.sheet_index, self.row, self.column)


def _put(data: dict[str, Any], path: Sequence[str], value: object) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _get(data: Mapping[str, Any], path: Sequence[str]) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


@dataclasses.dataclass
class _Row:
    """A non-blank table row: converted values by column key, and keys that failed."""

    row: int
    values: dict[str, Any]
    failed: set[str]


@dataclasses.dataclass(frozen=True)
class _TableRows:
    """The filled rows of one table, where its answers go and how a cell is placed."""

    spec: SheetSpec
    table: TableSpec
    base: Loc  # field path of the table's answers from the top of the proposal
    rows: list[_Row]
    place: Callable[[int, str], Place]  # (row, column key) → the cell's place
    sheet_data: dict[str, Any]


class Reader:
    """Reads the sheets into plain data, keeping the cell of every field path."""

    def __init__(self, source: str, layout: Layout) -> None:
        self.source = source
        self.layout = layout
        self.data: dict[str, Any] = {}
        self.places: dict[Loc, Place] = {}
        self.problems: list[tuple[Place, str]] = []
        self.missing_sheets: set[str] = set()

    # ------------------------------------------------------------------ bookkeeping
    def problem(self, place: Place, text: str) -> None:
        self.problems.append((place, text))

    def register(self, loc: Loc, place: Place) -> None:
        """Remember ``place`` for ``loc`` and, where still unknown, for its prefixes.

        The empty path (the whole proposal) is never given a cell: a problem with the
        proposal as a whole is not the problem of its first answer.
        """
        for end in range(len(loc), 0, -1):
            self.places.setdefault(loc[:end], place)

    def missing_sheet(self, index: int, spec: SheetSpec, text: str) -> None:
        """Report a sheet that is absent or unreadable; its answers' problems are its own."""
        place = Place(index, 0, 0, spec.name, "sheet")
        self.problem(place, text)
        self.missing_sheets.add(spec.name)
        if spec.root:
            self.places[spec.root] = place
        else:
            for field in spec.fields:
                self.places[field.path] = place
            for table in spec.tables:
                self.places[table.path] = place

    # ------------------------------------------------------------------ sheets
    def read(self, workbook: Any, max_rows: int) -> None:
        """Read every sheet of the layout from an open (read-only) openpyxl workbook."""
        sheets = self.layout.sheets
        names = ", ".join(spec.name for spec in sheets)
        present = set(workbook.sheetnames)
        if not present & {spec.name for spec in sheets}:
            raise QuestionnaireError(
                f"{self.source}: not a vendor questionnaire: none of the sheets {names} is in "
                "the workbook"
            )
        for index, spec in enumerate(sheets):
            if spec.name not in present:
                self.missing_sheet(
                    index,
                    spec,
                    f"the sheet {spec.name!r} is missing; the questionnaire's sheets are {names}",
                )
                continue
            ws = workbook[spec.name]
            if not hasattr(ws, "iter_rows"):
                self.missing_sheet(index, spec, "is a chart, expected a worksheet")
                continue
            try:
                grid = read_grid(ws, spec.width, max_rows)
            except Exception as exc:  # a malformed sheet part
                raise QuestionnaireError(
                    f"{self.source}: the sheet {spec.name!r} cannot be read "
                    f"({type(exc).__name__}: {exc})"
                ) from exc
            self.read_sheet(index, spec, grid)

    def read_sheet(self, index: int, spec: SheetSpec, grid: Mapping[tuple[int, int], Cell]) -> None:
        last_row = max((row for row, _ in grid), default=0)
        column_a: dict[str, int] = {}
        for (label_row, label_column), label_cell in sorted(grid.items()):
            if (
                label_column == LABEL_COLUMN
                and label_cell.data_type != "f"
                and isinstance(label_cell.value, str)
            ):
                column_a.setdefault(label_cell.value.strip(), label_row)
        titles = {
            table.title: column_a[table.title] for table in spec.tables if table.title in column_a
        }
        fields_end = min(titles.values(), default=last_row + 1)
        sheet_data: dict[str, Any] = {}
        answered = False
        presence: list[tuple[FieldSpec, bool, Place]] = []
        for field in spec.fields:
            row = column_a.get(field.label)
            if row is None or row >= fields_end:
                self.problem(
                    Place(index, 0, 0, spec.name, field.label),
                    f"the row {field.label!r} is missing from column A; the layout was changed "
                    "— copy the answers into a fresh questionnaire",
                )
                continue
            place = Place(index, row, ANSWER_COLUMN, spec.name, field.label)
            self.register(spec.root + field.path, place)
            cell = grid.get((row, ANSWER_COLUMN))
            if cell is None or is_blank(field.kind, cell):
                continue
            answered = True
            try:
                value = convert(field.kind, field.choices, cell)
            except CellError as exc:
                self.problem(place, str(exc))
                continue
            if field.kind is Kind.PRESENT:
                presence.append((field, bool(value), place))
            else:
                _put(sheet_data, field.path, value)
        for table in spec.tables:
            title_row = titles.get(table.title)
            if title_row is None:
                self.problem(
                    Place(index, 0, 0, spec.name, table.title),
                    f"the table {table.title!r} is missing (its title is not in column A); the "
                    "layout was changed — copy the answers into a fresh questionnaire",
                )
                continue
            later = [row for row in titles.values() if row > title_row]
            end_row = min(later) - 1 if later else last_row
            answered |= self.read_table(index, spec, table, grid, title_row, end_row, sheet_data)
        for field, given, place in presence:
            has_details = bool(_get(sheet_data, field.path))
            if given and _get(sheet_data, field.path) is None:
                _put(sheet_data, field.path, {})
            elif not given and has_details:
                self.problem(
                    place,
                    f"is {NO!r} but details are given in the rows or tables that follow; "
                    f"answer {YES!r}, or clear them",
                )
        if not spec.root:
            self.data.update(sheet_data)
        elif answered or not spec.optional:
            _put(self.data, spec.root, sheet_data)

    # ------------------------------------------------------------------ tables
    def read_table(
        self,
        index: int,
        spec: SheetSpec,
        table: TableSpec,
        grid: Mapping[tuple[int, int], Cell],
        title_row: int,
        end_row: int,
        sheet_data: dict[str, Any],
    ) -> bool:
        header_row = title_row + 1
        for offset, column in enumerate(table.columns, start=1):
            cell = grid.get((header_row, offset))
            text = cell.value.strip() if cell is not None and isinstance(cell.value, str) else None
            if text != column.label:
                header = Place(index, header_row, offset, spec.name, table.title)
                self.register(spec.root + table.path, header)
                self.problem(
                    header,
                    f"expected the column header {column.label!r}; the table's layout was "
                    "changed — copy the answers into a fresh questionnaire",
                )
                return True
        first = title_row + 3
        rows: list[_Row] = []
        for row in range(first, end_row + 1):
            values: dict[str, Any] = {}
            failed: set[str] = set()
            filled = False
            for offset, column in enumerate(table.columns, start=1):
                cell = grid.get((row, offset))
                if cell is None or is_blank(column.kind, cell):
                    continue
                filled = True
                try:
                    values[column.key] = convert(column.kind, column.choices, cell)
                except CellError as exc:
                    failed.add(column.key)
                    self.problem(Place(index, row, offset, spec.name, column.label), str(exc))
            if filled:
                rows.append(_Row(row, values, failed))
        base = spec.root + table.path

        def place(row: int, key: str) -> Place:
            offset, column = table.column(key)
            return Place(index, row, offset, spec.name, column.label)

        self.register(base, place(rows[0].row if rows else first, table.columns[0].key))
        if not rows:
            return False
        read = _TableRows(spec, table, base, rows, place, sheet_data)
        shape = table.shape
        if shape is TableShape.ITEMS:
            self._items(read)
        elif shape is TableShape.MAPPING:
            self._mapping(read)
        elif shape is TableShape.VALUES:
            values_list: list[Any] = []
            for row_item in rows:
                if "value" in row_item.values:
                    self.register((*base, len(values_list)), place(row_item.row, "value"))
                    values_list.append(row_item.values["value"])
            _put(sheet_data, table.path, values_list)
        elif shape is TableShape.GROUPED:
            self._grouped(read)
        else:
            self._hours_table(read)
        return True

    def _items(self, read: _TableRows) -> None:
        items = []
        for position, row_item in enumerate(read.rows):
            loc = (*read.base, position)
            self.register(loc, read.place(row_item.row, read.table.columns[0].key))
            for column in read.table.columns:
                self.register((*loc, column.key), read.place(row_item.row, column.key))
            items.append(row_item.values)
        _put(read.sheet_data, read.table.path, items)

    def _mapping(self, read: _TableRows) -> None:
        key_column, value_column = read.table.columns
        mapping: dict[str, Any] = {}
        first_row: dict[str, int] = {}
        for row_item in read.rows:
            key = row_item.values.get("key")
            if key is None:
                if "key" not in row_item.failed:
                    self.problem(
                        read.place(row_item.row, "key"),
                        f"the {key_column.label.lower()} is missing; every row needs one",
                    )
                continue
            if key in mapping or key in first_row:
                self.problem(
                    read.place(row_item.row, "key"),
                    f"{key!r} is listed twice (first in row {first_row[key]}); give each "
                    f"{key_column.label.lower()} once",
                )
                continue
            first_row[key] = row_item.row
            if "value" not in row_item.values:
                if "value" not in row_item.failed:
                    self.problem(
                        read.place(row_item.row, "value"),
                        f"the {value_column.label.lower()} for {key!r} is missing",
                    )
                continue
            mapping[key] = row_item.values["value"]
            self.register((*read.base, key), read.place(row_item.row, "value"))
            self.register((*read.base, key, "[key]"), read.place(row_item.row, "key"))
        _put(read.sheet_data, read.table.path, mapping)

    def _grouped(self, read: _TableRows) -> None:
        """Rows of inner items, grouped into outer items by the ``group_by`` columns."""
        outer = read.table.columns[: read.table.inner_start - 1]
        inner = read.table.columns[read.table.inner_start - 1 :]
        groups: dict[tuple[Any, ...], list[_Row]] = {}
        for row_item in read.rows:
            if row_item.failed & set(read.table.group_by):
                continue
            key = tuple(row_item.values.get(column) for column in read.table.group_by)
            groups.setdefault(key, []).append(row_item)
        items = []
        for position, group in enumerate(groups.values()):
            loc = (*read.base, position)
            head = group[0]
            self.register(loc, read.place(head.row, outer[0].key))
            item: dict[str, Any] = {}
            for column in outer:
                given = [row_item for row_item in group if column.key in row_item.values]
                self.register(
                    (*loc, column.key), read.place((given[0] if given else head).row, column.key)
                )
                if not given:
                    continue
                value = item[column.key] = given[0].values[column.key]
                for other in given[1:]:
                    if other.values[column.key] != value:
                        self.problem(
                            read.place(other.row, column.key),
                            f"a {read.table.item} has one {column.label.lower()}: row "
                            f"{given[0].row} says {value!r}, this row "
                            f"{other.values[column.key]!r}",
                        )
            self.register((*loc, read.table.inner), read.place(head.row, inner[0].key))
            members = []
            for number, row_item in enumerate(group):
                member_loc: Loc = (*loc, read.table.inner, number)
                self.register(member_loc, read.place(row_item.row, inner[0].key))
                for column in inner:
                    self.register((*member_loc, column.key), read.place(row_item.row, column.key))
                members.append(
                    {c.key: row_item.values[c.key] for c in inner if c.key in row_item.values}
                )
            item[read.table.inner] = members
            items.append(item)
        if items:
            _put(read.sheet_data, read.table.path, items)

    def _hours_table(self, read: _TableRows) -> None:
        by_channel = read.table.shape is TableShape.CHANNEL_HOURS
        groups: dict[str, list[_Row]] = {}
        for row_item in read.rows:
            if "channel" in row_item.failed:
                continue
            key = row_item.values.get("channel", ALL_CHANNELS) if by_channel else ALL_CHANNELS
            groups.setdefault(key, []).append(row_item)
        for key, group in groups.items():
            path = read.table.path if key == ALL_CHANNELS else (*read.table.channel_path, key)
            loc = read.spec.root + path
            self.register(loc, read.place(group[0].row, read.table.columns[0].key))
            always = False
            windows: list[dict[str, Any]] = []
            for item in group:
                if item.values.get("always") is True:
                    always = True
                    self.register((*loc, "always"), read.place(item.row, "always"))
                if any(k in item.values or k in item.failed for k in ("days", "start", "end")):
                    window_loc: Loc = (*loc, "windows", len(windows))
                    self.register(window_loc, read.place(item.row, "days"))
                    for part in ("days", "start", "end"):
                        self.register((*window_loc, part), read.place(item.row, part))
                    windows.append(
                        {k: item.values[k] for k in ("days", "start", "end") if k in item.values}
                    )
            hours: dict[str, Any] = {"always": always}
            if windows:
                hours["windows"] = windows
            _put(read.sheet_data, path, hours)

    # ------------------------------------------------------------------ validation
    def result(self) -> VendorProposal:
        proposal: VendorProposal | None = None
        try:
            proposal = self.layout.model.model_validate(self.data)
        except ValidationError as exc:
            # a cell whose value could not be read is already reported: the model's
            # complaint about the value left out ("required") would only repeat it
            reported = {place.ref for place, _ in self.problems if place.row > 0}
            for detail in exc.errors(include_url=False):
                loc = data_path(self.data, tuple(detail["loc"]), detail["type"])
                place = self._place_for(loc)
                if place.row <= 0 and place.sheet in self.missing_sheets:
                    continue  # the missing sheet is reported: its answers cannot be read
                if place.ref not in reported:
                    self.problem(place, _explain(detail, loc))
        except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
            # a validator that failed in a way pydantic does not report as a validation error
            self.problem(
                Place(0, 0, 0, self.layout.instructions.name, "questionnaire"),
                f"the answers cannot be used ({type(exc).__name__}: {exc})",
            )
        if proposal is not None and not self.problems:
            return proposal
        raise QuestionnaireError(self._message())

    def _place_for(self, loc: Loc) -> Place:
        for end in range(len(loc), -1, -1):
            found = self.places.get(loc[:end])
            if found is not None:
                return found
        first = self.layout.instructions.name
        return Place(0, 0, 0, first, format_path(loc) or "questionnaire")

    def _message(self) -> str:
        lines: list[str] = []
        ordered = sorted(enumerate(self.problems), key=lambda item: (item[1][0].order, item[0]))
        for _, (place, text) in ordered:
            line = f"  {place.ref} ({place.label}): {text}"
            if line not in lines:
                lines.append(line)
        count = len(lines)
        shown = lines[:_MAX_PROBLEMS]
        if count > _MAX_PROBLEMS:
            shown.append(f"  … and {count - _MAX_PROBLEMS} more")
        plural = "" if count == 1 else "s"
        return f"{self.source}: not a valid questionnaire ({count} problem{plural}):\n" + "\n".join(
            shown
        )


def read_grid(ws: Any, width: int, max_rows: int) -> dict[tuple[int, int], Cell]:
    """Non-empty cells of the first ``width`` columns and ``max_rows`` rows of a sheet."""
    grid: dict[tuple[int, int], Cell] = {}
    rows = ws.iter_rows(min_row=1, max_row=max_rows, min_col=1, max_col=width)
    for row_number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row, start=1):
            value = cell.value
            if value is None:
                continue
            grid[(row_number, column)] = Cell(value, str(getattr(cell, "data_type", "n")))
    return grid


def _explain(detail: ErrorDetails, loc: Loc) -> str:
    kind = detail["type"]
    message = detail["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "missing":
        return "required; this answer is missing"
    if kind in ("value_error", "assertion_error"):
        return message
    value = detail.get("input")
    if isinstance(value, str | int | float | Decimal | dt.date) and not isinstance(value, bool):
        return f"{message} (got {show(value)})"
    return message
