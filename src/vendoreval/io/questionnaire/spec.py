"""The questionnaire's layout as data: sheets, answer rows, tables, and how cells are read.

:func:`vendoreval.io.questionnaire.layout.build_layout` derives these from the answer models;
the reader and the writer only follow them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from pydantic import BaseModel

from vendoreval.errors import UnknownNameError
from vendoreval.proposal import VendorProposal

__all__ = [
    "ALL_CHANNELS",
    "ANSWER_COLUMN",
    "FIELD_HEADER",
    "FIRST_FIELD_ROW",
    "HEADER_ROW",
    "HELP_COLUMN",
    "INCREMENT_EXAMPLES",
    "INSTRUCTIONS_NAME",
    "INSTRUCTIONS_TITLE",
    "LABEL_COLUMN",
    "METADATA_KEY",
    "NO",
    "YES",
    "ColumnSpec",
    "FieldSpec",
    "Kind",
    "Layout",
    "SheetSpec",
    "Source",
    "TableShape",
    "TableSpec",
]

LABEL_COLUMN: Final = 1
"""Column of the field labels (A)."""
ANSWER_COLUMN: Final = 2
"""Column of the answers to scalar fields (B)."""
HELP_COLUMN: Final = 3
"""Column of the unit and allowed values of scalar fields (C)."""
HEADER_ROW: Final = 3
"""Row of the ``Field | Answer | Unit / allowed values`` header."""
FIRST_FIELD_ROW: Final = 4
"""Row of the first scalar answer."""
FIELD_HEADER: Final = ("Field", "Answer", "Unit / allowed values")
"""Header of the scalar answers."""

YES: Final = "yes"
NO: Final = "no"
ALL_CHANNELS: Final = "all"
"""Channel cell of an hours row that applies to every channel."""

INCREMENT_EXAMPLES: Final = ("60/60", "30/6", "6/6", "1/1", "per-minute", "per-second")
"""Billing increments offered in the drop-down (any ``a/b`` is accepted)."""

METADATA_KEY: Final = "questionnaire"
"""Key of a field's ``json_schema_extra`` that holds its questionnaire metadata."""

INSTRUCTIONS_NAME: Final = "Instructions"
"""Name of the first sheet: how to fill in, the vendor's name and summary, the buyer's context."""
INSTRUCTIONS_TITLE: Final = "Vendor questionnaire — contact-center outsourcing"
"""Title (row 1) of the first sheet."""


class Kind(StrEnum):
    """How an answer cell is read and written.

    ``text``: free text, kept exactly. ``code``: a code checked by the model (currency,
    time zone, language, country), surrounding spaces dropped. ``bool``: ``yes`` or ``no``.
    ``int``: a whole number. ``number``: any number. ``share``: a fraction 0–1 (a
    percentage such as ``12%`` is refused). ``decimal``: an amount of money or a multiplier,
    a number or its exact digits as text. ``date``: a date. ``clock``: ``HH:MM``.
    ``choice``: one of ``choices``. ``choices``: a comma-separated list of ``choices``.
    ``codes``: a comma-separated list of codes. ``increment``: a billing increment ``a/b``.
    ``present``: ``yes`` or ``no`` — whether an optional group of answers applies.
    """

    TEXT = "text"
    CODE = "code"
    BOOL = "bool"
    INT = "int"
    NUMBER = "number"
    SHARE = "share"
    DECIMAL = "decimal"
    DATE = "date"
    CLOCK = "clock"
    CHOICE = "choice"
    CHOICES = "choices"
    CODES = "codes"
    INCREMENT = "increment"
    PRESENT = "present"


class TableShape(StrEnum):
    """How the rows of a table become data.

    ``items``: one model per row (a list of mappings). ``mapping``: the first column is a
    key, the second its value (a mapping). ``values``: one value per row (a list).
    ``hours``: weekly windows or a 24/7 row (one :class:`~vendoreval.needs.hours.Hours`).
    ``channel_hours``: as ``hours``, grouped by the channel column (``all`` → the field's
    hours, a channel → its entry in the per-channel mapping). ``grouped``: one row per
    inner item; consecutive rows with the same ``group_by`` values form one outer item
    (volume tiers and their bands).
    """

    ITEMS = "items"
    MAPPING = "mapping"
    VALUES = "values"
    HOURS = "hours"
    CHANNEL_HOURS = "channel_hours"
    GROUPED = "grouped"


Source = tuple[type[BaseModel], str]
"""A model field shown by the questionnaire: (model class, field name)."""


@dataclass(frozen=True)
class FieldSpec:
    """One scalar answer: a row ``label | answer | help``.

    Parameters
    ----------
    path : tuple of str
        Field path below the sheet's root.
    label : str
        Text of column A (unique on its sheet).
    kind : Kind
        How the answer is read and written.
    help : str
        Meaning, unit, allowed values and what a blank answer means (column C).
    choices : tuple of str
        Allowed values of a ``choice`` or ``choices`` answer.
    """

    path: tuple[str, ...]
    label: str
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table.

    Parameters
    ----------
    key : str
        Field of the row's model (``client``), or a role in the table's shape (``key``,
        ``value``, ``channel``, ``always``, ``days``, ``start``, ``end``).
    label : str
        Header text.
    kind : Kind
        How the cells are read and written.
    help : str
        Unit or allowed values (the help row).
    choices : tuple of str
        Allowed values of a ``choice`` or ``choices`` column.
    width : float
        Column width [characters].
    """

    key: str
    label: str
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()
    width: float = 16.0


@dataclass(frozen=True)
class TableSpec:
    """A table of repeated items: title row, header row, help row, then one row per item.

    Parameters
    ----------
    path : tuple of str
        Field path below the sheet's root.
    title : str
        Text of the title row (unique on its sheet).
    columns : tuple of ColumnSpec
        Columns from A.
    rows : int
        Blank rows in a fresh questionnaire.
    shape : TableShape
        How the rows become data.
    channel_path : tuple of str
        ``channel_hours`` tables: the path of the per-channel hours mapping.
    inner : str
        ``grouped`` tables: the field of an outer item that holds the inner items; the
        columns from :attr:`inner_start` on are the inner item's fields.
    inner_start : int
        ``grouped`` tables: position of the first inner column.
    group_by : tuple of str
        ``grouped`` tables: outer columns whose values start a new outer item.
    item : str
        ``grouped`` tables: what one outer item is called in messages.
    """

    path: tuple[str, ...]
    title: str
    columns: tuple[ColumnSpec, ...]
    rows: int
    shape: TableShape
    channel_path: tuple[str, ...] = ()
    inner: str = ""
    inner_start: int = 0
    group_by: tuple[str, ...] = ()
    item: str = "item"

    def column(self, key: str) -> tuple[int, ColumnSpec]:
        """The 1-based position and spec of the column ``key``."""
        for position, column in enumerate(self.columns, start=1):
            if column.key == key:
                return position, column
        raise UnknownNameError(
            f"table {self.title!r} has no column {key!r}; its columns are: "
            + ", ".join(column.key for column in self.columns)
        )


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the questionnaire.

    Parameters
    ----------
    name : str
        Sheet name.
    root : tuple of str
        Path of the sheet's answer in the proposal (``()`` for the vendor's name and
        summary, ``("security",)``…).
    title : str
        Row 1.
    intro : str
        Row 2: what the sheet asks.
    fields : tuple of FieldSpec
        Scalar answers, from row 4.
    tables : tuple of TableSpec
        Tables below the scalar answers.
    optional : bool
        A sheet left entirely blank means "not answered" (the answer is None).
    """

    name: str
    root: tuple[str, ...]
    title: str
    intro: str
    fields: tuple[FieldSpec, ...]
    tables: tuple[TableSpec, ...] = ()
    optional: bool = True

    @property
    def width(self) -> int:
        """Columns the sheet uses (at least A–C) [columns]."""
        return max([HELP_COLUMN, *(len(table.columns) for table in self.tables)])


@dataclass(frozen=True)
class Layout:
    """The whole questionnaire: its sheets and the proposal model it reads into.

    Parameters
    ----------
    model : type of VendorProposal
        The model a filled questionnaire is validated as.
    sheets : tuple of SheetSpec
        Every sheet, in workbook order; the first holds the proposal's own scalar fields.
    sources : frozenset of (model, field name)
        Every model field the questionnaire shows (as a row, a column, a table or a group
        of rows).
    language : str
        Language of the labels, help and sheet names: ``en`` or ``ko``.
    """

    model: type[VendorProposal]
    sheets: tuple[SheetSpec, ...]
    sources: frozenset[Source] = field(default=frozenset(), compare=False)
    language: str = "en"

    @property
    def instructions(self) -> SheetSpec:
        """The first sheet: instructions, the vendor's name and summary."""
        return self.sheets[0]

    def sheet(self, name: str) -> SheetSpec:
        """The sheet called ``name``.

        Raises
        ------
        UnknownNameError
            For an unknown name; the message lists the sheets.
        """
        for spec in self.sheets:
            if spec.name == name:
                return spec
        raise UnknownNameError(
            f"no sheet {name!r}; the sheets are: {', '.join(s.name for s in self.sheets)}"
        )
