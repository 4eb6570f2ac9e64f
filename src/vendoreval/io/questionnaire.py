"""Vendor questionnaires: an Excel workbook a vendor fills in, read back as a proposal.

A buyer sends each vendor the workbook written by :func:`write_questionnaire` (optionally
with the buyer's context: channels, volumes, hours, languages, required certifications) and
loads the filled files with :func:`read_questionnaire`, which returns a
:class:`~vendoreval.proposal.VendorProposal`. :func:`fill_questionnaire` writes a proposal
into the same layout (to send a vendor its previous answers, or to test the reader):
``read_questionnaire(fill_questionnaire(p, path))`` equals ``p`` whenever ``p``'s numbers
have at most 16 significant digits (openpyxl stores numbers with ``"%.16g"``; Excel itself
keeps 15) and its text holds no character a cell cannot store
(:func:`vendoreval.io.cells.clean_text`). Amounts of money that a number cell would not
hold exactly are written as their digits, as text.

The layout is in :mod:`vendoreval.io.questionnaire_layout`: an ``Instructions`` sheet with
the vendor's name and summary, then one sheet per check with ``Field | Answer | Unit /
allowed values`` rows and tables of repeated items.

A filled workbook is untrusted input. Before openpyxl opens it, the file is refused when it

* is larger than ``max_bytes``, is not an ``.xlsx`` zip archive, or is macro-enabled
  (``.xlsm``, a ``vbaProject.bin`` part, a macro-enabled content type);
* would unpack to more than :data:`MAX_UNPACKED_BYTES`, holds more than
  :data:`MAX_PARTS` parts, or has a part compressed more than
  :data:`MAX_COMPRESSION_RATIO` times (a zip bomb);
* has an XML part that is not UTF-8 or declares a document type (``<!DOCTYPE``,
  ``<!ENTITY``: entity-expansion attacks);
* has a sheet with rows beyond ``max_rows``.

Cell values are then read without evaluating anything (``data_only=False``): an answer cell
holding a formula is an error, not a value. Values are converted strictly by the kind of
answer (``yes``/``no`` for booleans, numbers for numbers, fractions for shares — ``"12%"``
is refused with the expected form ``0.12``), and every problem, including the model's
validation errors, is reported at its ``Sheet!A1`` cell in one
:class:`~vendoreval.errors.QuestionnaireError`.

Examples
--------
>>> from vendoreval.datasets import load_sample
>>> from vendoreval.io.questionnaire import read_questionnaire, write_questionnaire
>>> needs, proposals = load_sample()
>>> sent = write_questionnaire("questionnaire.xlsx", needs, vendor_name="Acme BPO")
>>> proposal = read_questionnaire("acme-answers.xlsx")  # the file the vendor sent back
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import os
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from xml.etree import ElementTree

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from vendoreval._atomic import atomic_write
from vendoreval.errors import QuestionnaireError
from vendoreval.io.cells import write_text, write_value
from vendoreval.io.documents import Loc, data_path, format_path
from vendoreval.io.questionnaire_layout import (
    ALL_CHANNELS,
    ANSWER_COLUMN,
    FIELD_HEADER,
    FIRST_FIELD_ROW,
    HEADER_ROW,
    HELP_COLUMN,
    INCREMENT_EXAMPLES,
    INSTRUCTIONS,
    LABEL_COLUMN,
    NO,
    SHEETS,
    YES,
    ColumnSpec,
    FieldSpec,
    Kind,
    SheetSpec,
    TableShape,
    TableSpec,
)
from vendoreval.needs import Needs
from vendoreval.proposal import VendorProposal
from vendoreval.proposal.coverage import CoverageAnswer
from vendoreval.staffing.plan import workload_agents

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_PARTS",
    "MAX_UNPACKED_BYTES",
    "fill_questionnaire",
    "read_questionnaire",
    "write_questionnaire",
]

PathLike = str | os.PathLike[str]

MAX_UNPACKED_BYTES: Final = 50 * 1024 * 1024
"""Most bytes the parts of a questionnaire may unpack to (50 MiB)."""
MAX_PARTS: Final = 10_000
"""Most parts (zip entries) a questionnaire may hold."""
MAX_COMPRESSION_RATIO: Final = 100
"""Largest accepted ratio of unpacked to packed size of a part over 1 MiB [-]."""

_RATIO_FLOOR: Final = 1024 * 1024
_MAX_PROBLEMS: Final = 30
_REPR_LIMIT: Final = 60
_MACRO_SUFFIXES: Final = frozenset({".xlsm", ".xltm", ".xlam"})
_BINARY_SUFFIXES: Final = frozenset({".xls", ".xlsb", ".xlt"})
_XML_SUFFIXES: Final = (".xml", ".rels", ".vml")
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DECIMAL_TEXT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_FORMULA_MESSAGE: Final = "formulas are not accepted in answers; type the value"

#: Styles (the input colours match the comparison workbook's editable cells).
_INPUT_FILL = "FFF2CC"
_INPUT_FONT = "0000FF"
_HEADER_FILL = "D9E1F2"
_HELP_FONT = "595959"
_WIDTHS: Final = {LABEL_COLUMN: 44.0, ANSWER_COLUMN: 34.0, HELP_COLUMN: 62.0}
_TEXT_FORMAT = "@"
_DATE_FORMAT = "yyyy-mm-dd"
_TEXT_KINDS: Final = frozenset(
    {
        Kind.TEXT,
        Kind.CODE,
        Kind.BOOL,
        Kind.CLOCK,
        Kind.CHOICE,
        Kind.CHOICES,
        Kind.CODES,
        Kind.INCREMENT,
        Kind.PRESENT,
    }
)
_LIST_LIMIT: Final = 255  # longest inline list of a data validation [characters]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def write_questionnaire(
    path: PathLike, needs: Needs | None = None, *, vendor_name: str = ""
) -> Path:
    """Write a blank questionnaire workbook for a vendor to fill in.

    Parameters
    ----------
    path : str or path-like
        Target ``.xlsx`` file; written atomically (a temporary file renamed over it).
    needs : Needs, optional
        The buyer's needs: when given, the ``Instructions`` sheet states the buyer's context
        (channels with monthly volumes, handle times and service levels, hours, languages,
        required and wanted certifications, CRM, social platforms, locations, contract term
        and currency) and column C of the answers recalls the relevant requirement. The
        budget and the competitors' names are never written.
    vendor_name : str
        Pre-filled vendor name (the vendor may change it).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        When ``path`` does not end in ``.xlsx`` or ``needs`` is not a :class:`Needs`.
    WriteError
        When the file cannot be written.
    """
    target = _output_path(path)
    _check_needs(needs)
    if not isinstance(vendor_name, str):
        raise ValueError(f"vendor_name: expected text, got {type(vendor_name).__name__}")
    workbook = _Writer(needs, None, vendor_name).build()
    return atomic_write(target, workbook.save)


def fill_questionnaire(
    proposal: VendorProposal, path: PathLike, needs: Needs | None = None
) -> Path:
    """Write the questionnaire with a proposal's answers filled in.

    Every answer is written explicitly, defaults included, so :func:`read_questionnaire`
    reads back an equal proposal (numbers to 16 significant digits, text as a cell can
    store it). Tables get at least two blank rows after the proposal's items.

    Parameters
    ----------
    proposal : VendorProposal
        The answers.
    path : str or path-like
        Target ``.xlsx`` file; written atomically.
    needs : Needs, optional
        The buyer's context, as for :func:`write_questionnaire`.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        When ``path`` does not end in ``.xlsx`` or an argument has the wrong type.
    WriteError
        When the file cannot be written.
    """
    if not isinstance(proposal, VendorProposal):
        raise ValueError(f"proposal: expected a VendorProposal, got {type(proposal).__name__}")
    target = _output_path(path)
    _check_needs(needs)
    workbook = _Writer(needs, proposal, proposal.name).build()
    return atomic_write(target, workbook.save)


def read_questionnaire(
    path: PathLike, *, max_bytes: int = 5_000_000, max_rows: int = 2_000
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
    ValueError
        When ``max_bytes`` or ``max_rows`` is not a positive whole number.
    """
    for name, limit in (("max_bytes", max_bytes), ("max_rows", max_rows)):
        if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
            raise ValueError(f"{name}: expected a whole number above 0, got {limit!r}")
    source = Path(path)
    _inspect_archive(source, max_bytes, max_rows)
    workbook = _open_workbook(source)
    try:
        reader = _Reader(str(source))
        reader.read(workbook, max_rows)
    finally:
        workbook.close()
    return reader.result()


# --------------------------------------------------------------------------------------------
# Safety checks on the archive
# --------------------------------------------------------------------------------------------


def _inspect_archive(path: Path, max_bytes: int, max_rows: int) -> None:
    """Refuse files that are too large, not .xlsx, macro-enabled, zip bombs or oversized."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise QuestionnaireError(
            f"{name}: macro-enabled workbooks ({suffix}) are not accepted; save the "
            "questionnaire as an Excel workbook (.xlsx)"
        )
    if suffix in _BINARY_SUFFIXES:
        raise QuestionnaireError(
            f"{name}: binary Excel files ({suffix}) are not accepted; save the questionnaire "
            "as an Excel workbook (.xlsx)"
        )
    if suffix != ".xlsx":
        raise QuestionnaireError(f"{name}: expected an Excel workbook whose name ends in .xlsx")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise QuestionnaireError(f"{name}: no such file") from None
    except OSError as exc:
        raise QuestionnaireError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if not path.is_file():
        raise QuestionnaireError(f"{name}: is not a file")
    if size > max_bytes:
        raise QuestionnaireError(
            f"{name}: the file is {size:,} bytes; at most {max_bytes:,} bytes are accepted"
        )
    try:
        archive = zipfile.ZipFile(path)
    except OSError as exc:
        raise QuestionnaireError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    except zipfile.BadZipFile:
        raise QuestionnaireError(
            f"{name}: not an .xlsx workbook (the file is not a zip archive — an old .xls file "
            "or a password-protected workbook?); save it as .xlsx without a password"
        ) from None
    with archive:
        infos = archive.infolist()
        _check_parts(name, infos)
        try:
            _check_contents(name, archive, infos, max_rows)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, EOFError, OSError) as exc:
            raise QuestionnaireError(f"{name}: the workbook is damaged ({exc})") from exc


def _check_parts(name: str, infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise QuestionnaireError(
            f"{name}: the workbook holds {len(infos):,} parts; at most {MAX_PARTS:,} are accepted"
        )
    total = 0
    for info in infos:
        base = info.filename.rsplit("/", 1)[-1].lower()
        if base.startswith("vbaproject"):
            raise QuestionnaireError(
                f"{name}: the workbook contains macros ({info.filename}); macros are not "
                "accepted — save the questionnaire as an Excel workbook (.xlsx) without macros"
            )
        if info.flag_bits & 0x1:
            raise QuestionnaireError(
                f"{name}: part {info.filename} is encrypted; save the workbook without a password"
            )
        packed = max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_COMPRESSION_RATIO * packed:
            raise QuestionnaireError(
                f"{name}: part {info.filename} unpacks {info.file_size / packed:,.0f} times its "
                f"packed size ({info.file_size:,} bytes); refused as a possible zip bomb"
            )
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise QuestionnaireError(
                f"{name}: the workbook unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MiB; "
                "refused as a possible zip bomb"
            )
    if not any(info.filename == "[Content_Types].xml" for info in infos):
        raise QuestionnaireError(
            f"{name}: not an .xlsx workbook (no [Content_Types].xml part); save it from Excel "
            "or LibreOffice as an Excel workbook (.xlsx)"
        )


def _check_contents(
    name: str, archive: zipfile.ZipFile, infos: Sequence[zipfile.ZipInfo], max_rows: int
) -> None:
    """Check every XML part: UTF-8, no DTD, no macro content type, rows within the limit."""
    too_long: dict[str, int] = {}
    for info in infos:
        if not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        data = archive.read(info)
        head = data[:256]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            raise QuestionnaireError(
                f"{name}: part {info.filename} is not UTF-8 XML; save the workbook from Excel "
                "or LibreOffice as .xlsx"
            )
        if _DOCTYPE.search(data):
            raise QuestionnaireError(
                f"{name}: part {info.filename} declares an XML document type or entity "
                "(<!DOCTYPE>/<!ENTITY>), which workbooks never need; refused"
            )
        if info.filename == "[Content_Types].xml" and (
            b"macroEnabled" in data or b"vbaProject" in data
        ):
            raise QuestionnaireError(
                f"{name}: the workbook is macro-enabled; macros are not accepted — save the "
                "questionnaire as an Excel workbook (.xlsx)"
            )
        last = _last_row(data)
        if last > max_rows:
            too_long[info.filename] = last
    # every part holding rows is measured; those that are worksheets (by the usual folder or
    # by the workbook's relationships) must stay within the limit
    sheets = _sheet_names(archive) if too_long else {}
    too_long = {
        part: last
        for part, last in too_long.items()
        if part.startswith("xl/worksheets/") or part in sheets
    }
    if too_long:
        part, last = min(too_long.items())
        sheet = sheets.get(part, part)
        shown = f"{last:,}" if last < 10**12 else "beyond 10^12"
        raise QuestionnaireError(
            f"{name}: sheet {sheet!r} uses rows up to {shown}; at most {max_rows:,} rows are "
            "accepted"
        )


def _last_row(data: bytes) -> int:
    """Upper bound of the last row number of a worksheet part (its ``<row>`` elements)."""
    last = 0
    unnumbered = 0
    for match in _ROW.finditer(data):
        number = _ROW_NUMBER.search(match.group(1))
        if number is None:
            unnumbered += 1
        else:
            digits = number.group(1)
            last = max(last, int(digits) if len(digits) <= 12 else 10**12)
    return last + unnumbered


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, from ``xl/workbook.xml`` and its relationships."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter()
        if rel.tag.endswith("}Relationship")
    }
    names: dict[str, str] = {}
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(_RELATIONSHIP_ID))
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        names[posixpath.normpath(part)] = sheet.get("name", part)
    return names


def _open_workbook(path: Path) -> Any:
    """Open a checked workbook read-only, without evaluating or keeping anything active."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(
                path, read_only=True, data_only=False, keep_vba=False, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds on malformed input
        raise QuestionnaireError(
            f"{path}: cannot read the workbook ({type(exc).__name__}: {exc}); save it again "
            "from Excel or LibreOffice as .xlsx"
        ) from exc


# --------------------------------------------------------------------------------------------
# Reading cells
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Cell:
    """A non-empty cell as stored: its value and openpyxl's data type (``f`` for formulas)."""

    value: Any
    data_type: str


@dataclasses.dataclass(frozen=True)
class _Place:
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
        return f"{self.sheet}!{_column_letter(self.column)}{self.row}"

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.sheet_index, self.row, self.column)


class _CellError(ValueError):
    """A cell value that cannot be converted to its answer's kind."""


def _column_letter(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _show(value: object) -> str:
    """Short description of a cell value for messages."""
    if isinstance(value, bool):
        return f"the logical value {str(value).upper()}"
    if isinstance(value, str):
        shown = repr(value)
        if len(shown) > _REPR_LIMIT:
            shown = shown[: _REPR_LIMIT - 1] + "…"
        return f"text {shown}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, Decimal):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    if isinstance(value, dt.timedelta):
        return f"the duration {value}"
    return f"a {type(value).__name__}"


def _is_blank(kind: Kind, cell: _Cell | None) -> bool:
    """True for an empty cell; text of spaces only is blank except for free text."""
    if cell is None or cell.value is None:
        return True
    if cell.data_type == "f" or not isinstance(cell.value, str):
        return False
    return cell.value == "" if kind is Kind.TEXT else not cell.value.strip()


def _match_choice(text: str, choices: Sequence[str]) -> str:
    wanted = text.strip()
    if wanted in choices:
        return wanted
    folded = {choice.casefold(): choice for choice in choices}
    if wanted.casefold() in folded:
        return folded[wanted.casefold()]
    close = difflib.get_close_matches(wanted.casefold(), list(folded), n=1)
    hint = f" (did you mean {folded[close[0]]!r}?)" if close else ""
    raise _CellError(
        f"{wanted!r} is not an allowed value{hint}; expected one of: {', '.join(choices)}"
    )


def _text(value: object, choices: Sequence[str]) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _CellError(
        f"expected text, got {_show(value)}; format the cell as Text and type it again"
    )


def _code(value: object, choices: Sequence[str]) -> str:
    return _text(value, choices).strip()


def _bool(value: object, choices: Sequence[str]) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in (YES, "true"):
            return True
        if word in (NO, "false"):
            return False
    raise _CellError(f"expected yes or no, got {_show(value)}")


def _number_text(value: str, expected: str) -> _CellError:
    text = value.strip()
    if text.endswith("%"):
        return _CellError(
            f"{text!r} is a percentage, which is not accepted here; expected {expected}"
        )
    if _DECIMAL_TEXT.fullmatch(text):
        return _CellError(
            f"expected {expected}, got {_show(value)}: the cell holds the number as text; "
            "set its format to General and type the number again"
        )
    return _CellError(f"expected {expected}, got {_show(value)}")


def _int(value: object, choices: Sequence[str]) -> int:
    expected = "a whole number such as 12"
    if isinstance(value, bool):
        raise _CellError(f"expected {expected}, got {_show(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise _CellError(f"expected {expected}, got {_show(value)}")
    if isinstance(value, str):
        raise _number_text(value, expected)
    raise _CellError(f"expected {expected}, got {_show(value)}")


def _number(value: object, choices: Sequence[str]) -> int | float:
    expected = "a number such as 12.5"
    if isinstance(value, bool):
        raise _CellError(f"expected {expected}, got {_show(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, str):
        raise _number_text(value, expected)
    raise _CellError(f"expected {expected}, got {_show(value)}")


def _share(value: object, choices: Sequence[str]) -> int | float:
    if isinstance(value, str) and value.strip().endswith("%"):
        raise _CellError(
            f"{value.strip()!r} is a percentage; write the share as a fraction between 0 and 1 "
            "(0.12 for 12%)"
        )
    try:
        return _number(value, choices)
    except _CellError:
        raise _CellError(
            f"expected a fraction between 0 and 1 such as 0.12, got {_show(value)}"
        ) from None


def _decimal(value: object, choices: Sequence[str]) -> Decimal:
    expected = (
        "an amount such as 1500 or 0.25 (digits and an optional decimal point; no currency "
        "sign, thousands separator or percent)"
    )
    if isinstance(value, bool):
        raise _CellError(f"expected {expected}, got {_show(value)}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if _DECIMAL_TEXT.fullmatch(text):
            try:
                return Decimal(text)
            except InvalidOperation:
                pass
        if text.endswith("%"):
            raise _CellError(
                f"{text!r} is a percentage, which is not accepted; write a multiplier as 1.3 "
                "for +30% and an amount as a plain number"
            )
    raise _CellError(f"expected {expected}, got {_show(value)}")


def _date(value: object, choices: Sequence[str]) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date()
        raise _CellError(f"expected a date such as 2025-06-30 without a time, got {_show(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _CellError(f"expected a date such as 2025-06-30, got {_show(value)}")


def _clock(value: object, choices: Sequence[str]) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.time) and value.second == 0 and value.microsecond == 0:
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
        if 0 <= seconds <= 86_400 and seconds % 60 == 0:
            minutes = int(seconds) // 60
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
    raise _CellError(
        f"expected a time of day such as 09:00 (24:00 for midnight), got {_show(value)}"
    )


def _choice(value: object, choices: Sequence[str]) -> str:
    if isinstance(value, str):
        return _match_choice(value, choices)
    raise _CellError(f"expected one of: {', '.join(choices)}; got {_show(value)}")


def _split(value: object, what: str) -> list[str]:
    if not isinstance(value, str):
        raise _CellError(f"expected {what} separated by commas, got {_show(value)}")
    return [part.strip() for part in value.split(",") if part.strip()]


def _choices(value: object, choices: Sequence[str]) -> list[str]:
    found: list[str] = []
    wrong: list[str] = []
    for part in _split(value, "values"):
        try:
            found.append(_match_choice(part, choices))
        except _CellError as exc:
            wrong.append(str(exc).split(";")[0])
    if wrong:
        raise _CellError(
            f"{'; '.join(wrong)}; expected values separated by commas, from: {', '.join(choices)}"
        )
    return found


def _codes(value: object, choices: Sequence[str]) -> list[str]:
    return _split(value, "codes")


def _increment(value: object, choices: Sequence[str]) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.date | dt.time):
        raise _CellError(
            f"the cell holds {_show(value)}: the spreadsheet read the increment as a date or "
            "time; format the cell as Text and type it again, e.g. 30/6"
        )
    raise _CellError(
        f"expected 'first/step' in seconds such as 60/60, 30/6 or per-second, got {_show(value)}"
    )


_CONVERTERS: Final[Mapping[Kind, Callable[[object, Sequence[str]], object]]] = {
    Kind.TEXT: _text,
    Kind.CODE: _code,
    Kind.BOOL: _bool,
    Kind.INT: _int,
    Kind.NUMBER: _number,
    Kind.SHARE: _share,
    Kind.DECIMAL: _decimal,
    Kind.DATE: _date,
    Kind.CLOCK: _clock,
    Kind.CHOICE: _choice,
    Kind.CHOICES: _choices,
    Kind.CODES: _codes,
    Kind.INCREMENT: _increment,
    Kind.PRESENT: _bool,
}


def _convert(kind: Kind, choices: Sequence[str], cell: _Cell) -> object:
    """The answer held by a non-blank ``cell``; ``_CellError`` saying what was expected."""
    if cell.data_type == "f":
        raise _CellError(_FORMULA_MESSAGE)
    if cell.data_type == "e":
        raise _CellError(f"the cell shows the error {cell.value}; type the answer instead")
    return _CONVERTERS[kind](cell.value, choices)


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


class _Reader:
    """Reads the sheets into plain data, keeping the cell of every field path."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.data: dict[str, Any] = {}
        self.places: dict[Loc, _Place] = {}
        self.problems: list[tuple[_Place, str]] = []

    # ------------------------------------------------------------------ bookkeeping
    def problem(self, place: _Place, text: str) -> None:
        self.problems.append((place, text))

    def register(self, loc: Loc, place: _Place) -> None:
        """Remember ``place`` for ``loc`` and, where still unknown, for its prefixes."""
        for end in range(len(loc), -1, -1):
            self.places.setdefault(loc[:end], place)

    # ------------------------------------------------------------------ sheets
    def read(self, workbook: Any, max_rows: int) -> None:
        present = set(workbook.sheetnames)
        if not present & {spec.name for spec in SHEETS}:
            raise QuestionnaireError(
                f"{self.source}: not a vendor questionnaire: none of the sheets "
                f"{', '.join(spec.name for spec in SHEETS)} is in the workbook"
            )
        for index, spec in enumerate(SHEETS):
            if spec.name not in present:
                self.problem(
                    _Place(index, 0, 0, spec.name, "sheet"),
                    f"the sheet {spec.name!r} is missing; the questionnaire's sheets are "
                    f"{', '.join(s.name for s in SHEETS)}",
                )
                continue
            ws = workbook[spec.name]
            if not hasattr(ws, "iter_rows"):
                self.problem(
                    _Place(index, 0, 0, spec.name, "sheet"), "is a chart, expected a worksheet"
                )
                continue
            try:
                grid = _read_grid(ws, spec.width, max_rows)
            except Exception as exc:  # a malformed sheet part
                raise QuestionnaireError(
                    f"{self.source}: the sheet {spec.name!r} cannot be read "
                    f"({type(exc).__name__}: {exc})"
                ) from exc
            self.read_sheet(index, spec, grid)

    def read_sheet(
        self, index: int, spec: SheetSpec, grid: Mapping[tuple[int, int], _Cell]
    ) -> None:
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
        presence: list[tuple[FieldSpec, bool, _Place]] = []
        for field in spec.fields:
            row = column_a.get(field.label)
            if row is None or row >= fields_end:
                self.problem(
                    _Place(index, 0, 0, spec.name, field.label),
                    f"the row {field.label!r} is missing from column A; the layout was changed "
                    "— copy the answers into a fresh questionnaire",
                )
                continue
            place = _Place(index, row, ANSWER_COLUMN, spec.name, field.label)
            self.register(spec.root + field.path, place)
            cell = grid.get((row, ANSWER_COLUMN))
            if cell is None or _is_blank(field.kind, cell):
                continue
            answered = True
            try:
                value = _convert(field.kind, field.choices, cell)
            except _CellError as exc:
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
                    _Place(index, 0, 0, spec.name, table.title),
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
        grid: Mapping[tuple[int, int], _Cell],
        title_row: int,
        end_row: int,
        sheet_data: dict[str, Any],
    ) -> bool:
        header_row = title_row + 1
        for offset, column in enumerate(table.columns, start=1):
            cell = grid.get((header_row, offset))
            text = cell.value.strip() if cell is not None and isinstance(cell.value, str) else None
            if text != column.label:
                header = _Place(index, header_row, offset, spec.name, table.title)
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
                if cell is None or _is_blank(column.kind, cell):
                    continue
                filled = True
                try:
                    values[column.key] = _convert(column.kind, column.choices, cell)
                except _CellError as exc:
                    failed.add(column.key)
                    self.problem(_Place(index, row, offset, spec.name, column.label), str(exc))
            if filled:
                rows.append(_Row(row, values, failed))
        base = spec.root + table.path

        def place(row: int, key: str) -> _Place:
            offset = next(i for i, c in enumerate(table.columns, start=1) if c.key == key)
            return _Place(index, row, offset, spec.name, table.columns[offset - 1].label)

        self.register(base, place(rows[0].row if rows else first, table.columns[0].key))
        if not rows:
            return False
        shape = table.shape
        if shape is TableShape.ITEMS:
            self._items(table, base, rows, place, sheet_data)
        elif shape is TableShape.MAPPING:
            self._mapping(table, base, rows, place, sheet_data)
        elif shape is TableShape.VALUES:
            values_list: list[Any] = []
            for row_item in rows:
                if "value" in row_item.values:
                    self.register((*base, len(values_list)), place(row_item.row, "value"))
                    values_list.append(row_item.values["value"])
            _put(sheet_data, table.path, values_list)
        elif shape is TableShape.TIERS:
            self._tiers(table, base, rows, place, sheet_data)
        else:
            self._hours_table(spec, table, rows, place, sheet_data)
        return True

    def _items(
        self,
        table: TableSpec,
        base: Loc,
        rows: list[_Row],
        place: Callable[[int, str], _Place],
        sheet_data: dict[str, Any],
    ) -> None:
        items = []
        for position, row_item in enumerate(rows):
            loc = (*base, position)
            self.register(loc, place(row_item.row, table.columns[0].key))
            for column in table.columns:
                self.register((*loc, column.key), place(row_item.row, column.key))
            items.append(row_item.values)
        _put(sheet_data, table.path, items)

    def _mapping(
        self,
        table: TableSpec,
        base: Loc,
        rows: list[_Row],
        place: Callable[[int, str], _Place],
        sheet_data: dict[str, Any],
    ) -> None:
        key_column, value_column = table.columns
        mapping: dict[str, Any] = {}
        first_row: dict[str, int] = {}
        for row_item in rows:
            key = row_item.values.get("key")
            if key is None:
                if "key" not in row_item.failed:
                    self.problem(
                        place(row_item.row, "key"),
                        f"the {key_column.label.lower()} is missing; every row needs one",
                    )
                continue
            if key in mapping or key in first_row:
                self.problem(
                    place(row_item.row, "key"),
                    f"{key!r} is listed twice (first in row {first_row[key]}); give each "
                    f"{key_column.label.lower()} once",
                )
                continue
            first_row[key] = row_item.row
            if "value" not in row_item.values:
                if "value" not in row_item.failed:
                    self.problem(
                        place(row_item.row, "value"),
                        f"the {value_column.label.lower()} for {key!r} is missing",
                    )
                continue
            mapping[key] = row_item.values["value"]
            self.register((*base, key), place(row_item.row, "value"))
            self.register((*base, key, "[key]"), place(row_item.row, "key"))
        _put(sheet_data, table.path, mapping)

    def _tiers(
        self,
        table: TableSpec,
        base: Loc,
        rows: list[_Row],
        place: Callable[[int, str], _Place],
        sheet_data: dict[str, Any],
    ) -> None:
        groups: dict[tuple[Any, Any], list[_Row]] = {}
        for row_item in rows:
            if row_item.failed & {"basis", "channel"}:
                continue
            key = (row_item.values.get("basis"), row_item.values.get("channel"))
            groups.setdefault(key, []).append(row_item)
        tiers = []
        for position, ((basis, channel), group) in enumerate(groups.items()):
            loc = (*base, position)
            head = group[0]
            self.register(loc, place(head.row, "basis"))
            self.register((*loc, "basis"), place(head.row, "basis"))
            self.register((*loc, "channel"), place(head.row, "channel"))
            tier: dict[str, Any] = {}
            if basis is not None:
                tier["basis"] = basis
            if channel is not None:
                tier["channel"] = channel
            modes = [item for item in group if "mode" in item.values]
            self.register((*loc, "mode"), place((modes[0] if modes else head).row, "mode"))
            if modes:
                tier["mode"] = modes[0].values["mode"]
                for item in modes[1:]:
                    if item.values["mode"] != tier["mode"]:
                        self.problem(
                            place(item.row, "mode"),
                            f"a tier has one mode: row {modes[0].row} says {tier['mode']!r}, "
                            f"this row {item.values['mode']!r}",
                        )
            bands = []
            self.register((*loc, "bands"), place(head.row, "up_to"))
            for number, item in enumerate(group):
                self.register((*loc, "bands", number), place(item.row, "up_to"))
                self.register((*loc, "bands", number, "up_to"), place(item.row, "up_to"))
                self.register((*loc, "bands", number, "rate"), place(item.row, "rate"))
                bands.append(
                    {key: item.values[key] for key in ("up_to", "rate") if key in item.values}
                )
            tier["bands"] = bands
            tiers.append(tier)
        if tiers:
            _put(sheet_data, table.path, tiers)

    def _hours_table(
        self,
        spec: SheetSpec,
        table: TableSpec,
        rows: list[_Row],
        place: Callable[[int, str], _Place],
        sheet_data: dict[str, Any],
    ) -> None:
        by_channel = table.shape is TableShape.CHANNEL_HOURS
        groups: dict[str, list[_Row]] = {}
        for row_item in rows:
            if "channel" in row_item.failed:
                continue
            key = row_item.values.get("channel", ALL_CHANNELS) if by_channel else ALL_CHANNELS
            groups.setdefault(key, []).append(row_item)
        for key, group in groups.items():
            path: tuple[str, ...]
            if not by_channel:
                path = table.path
            elif key == ALL_CHANNELS:
                path = (*table.path, "hours")
            else:
                path = (*table.path, "channel_hours", key)
            loc = spec.root + path
            self.register(loc, place(group[0].row, table.columns[0].key))
            always = False
            windows: list[dict[str, Any]] = []
            for item in group:
                if item.values.get("always") is True:
                    always = True
                    self.register((*loc, "always"), place(item.row, "always"))
                if any(k in item.values or k in item.failed for k in ("days", "start", "end")):
                    window_loc: Loc = (*loc, "windows", len(windows))
                    self.register(window_loc, place(item.row, "days"))
                    for part in ("days", "start", "end"):
                        self.register((*window_loc, part), place(item.row, part))
                    windows.append(
                        {k: item.values[k] for k in ("days", "start", "end") if k in item.values}
                    )
            hours: dict[str, Any] = {"always": always}
            if windows:
                hours["windows"] = windows
            _put(sheet_data, path, hours)

    # ------------------------------------------------------------------ validation
    def result(self) -> VendorProposal:
        proposal: VendorProposal | None = None
        try:
            proposal = VendorProposal.model_validate(self.data)
        except ValidationError as exc:
            # a cell whose value could not be read is already reported: the model's
            # complaint about the value left out ("required") would only repeat it
            reported = {place.ref for place, _ in self.problems if place.row > 0}
            for detail in exc.errors(include_url=False):
                loc = data_path(self.data, tuple(detail["loc"]), detail["type"])
                place = self._place_for(loc)
                if place.ref not in reported:
                    self.problem(place, _explain(detail, loc))
        if proposal is not None and not self.problems:
            return proposal
        raise QuestionnaireError(self._message())

    def _place_for(self, loc: Loc) -> _Place:
        for end in range(len(loc), -1, -1):
            found = self.places.get(loc[:end])
            if found is not None:
                return found
        return _Place(0, 0, 0, INSTRUCTIONS.name, format_path(loc) or "questionnaire")

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


def _read_grid(ws: Any, width: int, max_rows: int) -> dict[tuple[int, int], _Cell]:
    """Non-empty cells of the first ``width`` columns and ``max_rows`` rows of a sheet."""
    grid: dict[tuple[int, int], _Cell] = {}
    rows = ws.iter_rows(min_row=1, max_row=max_rows, min_col=1, max_col=width)
    for row_number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row, start=1):
            value = cell.value
            if value is None:
                continue
            grid[(row_number, column)] = _Cell(value, str(getattr(cell, "data_type", "n")))
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
        return f"{message} (got {_show(value)})"
    return message


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _output_path(path: PathLike) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValueError(f"path: expected a file name ending in .xlsx, got {str(target)!r}")
    return target


def _check_needs(needs: Needs | None) -> None:
    if needs is not None and not isinstance(needs, Needs):
        raise ValueError(f"needs: expected a Needs or None, got {type(needs).__name__}")


def _attribute(model: object, path: Sequence[str]) -> object:
    node = model
    for part in path:
        if node is None:
            return None
        node = getattr(node, part)
    return node


def _plain(item: object) -> str:
    return str(item.value) if isinstance(item, Enum) else str(item)


def _decimal_cell(amount: Decimal) -> int | float | str:
    """How to store an amount so that it reads back equal: a number when exact, else text."""
    if amount == amount.to_integral_value() and abs(amount) < 10**15:
        return int(amount)
    number = float(amount)
    if math.isfinite(number) and Decimal(repr(float(f"{number:.16g}"))) == amount:
        return number
    return str(amount)


def _help(spec: FieldSpec | ColumnSpec) -> str:
    if spec.kind is Kind.CHOICE:
        return f"{spec.help}; one of: {', '.join(spec.choices)}"
    if spec.kind is Kind.CHOICES:
        return f"{spec.help}; any of: {', '.join(spec.choices)}"
    return spec.help


def _join(items: Sequence[object]) -> str:
    return ", ".join(_plain(item) for item in items)


def _buyer_hints(needs: Needs) -> dict[Loc, str]:
    """What the buyer asks for, by answer path (added to column C of the answers)."""
    hints: dict[Loc, str] = {
        ("coverage", "channels"): f"the buyer needs {_join(needs.channel_names)}"
    }
    agents = sum(workload_agents(needs).values())
    hints[("coverage", "seats")] = (
        f"the buyer's traffic keeps about {agents} agents busy at peak (workload estimate)"
    )
    if needs.holidays_covered:
        hints[("coverage", "covers_holidays")] = "the buyer needs service on public holidays"
    staffing = needs.staffing
    if staffing.certifications_wanted:
        hints[("staffing", "certifications")] = (
            f"the buyer wants {_join(staffing.certifications_wanted)}"
        )
    if staffing.min_industry_years:
        hints[("staffing", "industry_years")] = (
            f"the buyer wants {staffing.min_industry_years:g} years in {needs.industry}"
        )
    if needs.crm is not None:
        hints[("crm", "connectors")] = f"the buyer uses {needs.crm.system.value}"
        hints[("crm", "modes")] = f"the buyer needs {needs.crm.mode.value}"
        hints[("crm", "sync_latency_seconds")] = (
            f"the buyer accepts at most {needs.crm.max_sync_latency_seconds:g} s"
        )
    if needs.social.platforms:
        hints[("social", "platforms")] = (
            f"the buyer's customers use {_join(needs.social.platforms)}"
        )
        hints[("social", "median_first_response_minutes")] = (
            f"the buyer's target is {needs.social.first_response_minutes:g} min"
        )
    if needs.locations.data_residency:
        hints[("location", "data_stored_in")] = (
            f"the buyer's data must stay in {_join(needs.locations.data_residency)}"
        )
    security = needs.security
    if security.required_certifications:
        hints[("security", "certifications")] = (
            f"the buyer requires {_join(security.required_certifications)}"
        )
    hints[("security", "segregation")] = (
        f"the buyer needs at least {security.min_segregation.value}"
    )
    hints[("security", "disaster_recovery", "last_tested")] = (
        f"the buyer wants a test within the last {security.dr_test_within_months} months"
    )
    hints[("security", "disaster_recovery", "rto_hours")] = (
        f"the buyer accepts at most {security.max_rto_hours:g} h"
    )
    hints[("security", "disaster_recovery", "rpo_hours")] = (
        f"the buyer accepts at most {security.max_rpo_hours:g} h"
    )
    if security.kpis:
        hints[("security", "reporting", "kpis_reported")] = (
            f"the buyer manages by {_join(security.kpis)}"
        )
    hints[("pricing", "sheet", "currency")] = f"the buyer's contract currency is {needs.currency}"
    return hints


_INSTRUCTIONS_TEXT: Final = (
    "Answer in the yellow cells: column B of each sheet, and the tables below the answers. "
    "Column C gives the unit or the allowed values, and what a blank answer means.",
    "Type values, not formulas: a cell holding a formula is refused when the questionnaire "
    "is read.",
    "yes / no answers: type yes or no. Lists: separate the values with commas "
    "(phone, chat, email).",
    "Shares are fractions between 0 and 1: 0.12 for 12% (12% typed as text is refused). "
    "Multipliers: 1.3 for +30%.",
    "Amounts are in the currency named on the Pricing sheet: plain numbers such as 1500 or "
    "0.25, without currency signs or thousands separators.",
    "Times are HH:MM in the buyer's time zone (09:00; 24:00 for midnight); dates are YYYY-MM-DD.",
    "Leave an answer blank when it does not apply. A check sheet left entirely blank means "
    "the check is not answered; the Pricing sheet must be answered.",
    "Need more rows in a table? Insert them inside the table. Keep the labels in column A "
    "and the table titles as they are: the sheets are protected against accidental edits "
    "(without a password).",
    "Save the file as an Excel workbook (.xlsx), not as a macro-enabled workbook.",
)


class _Writer:
    """Builds the questionnaire workbook, blank or filled with a proposal's answers."""

    def __init__(self, needs: Needs | None, proposal: VendorProposal | None, name: str) -> None:
        from openpyxl import Workbook

        self.needs = needs
        self.proposal = proposal
        self.name = name
        self.hints = _buyer_hints(needs) if needs is not None else {}
        self.workbook = Workbook()
        self._register_styles()

    def _register_styles(self) -> None:
        from openpyxl.styles import (
            Alignment,
            Border,
            Font,
            NamedStyle,
            PatternFill,
            Protection,
            Side,
        )

        thin = Side(style="thin", color="BFBFBF")
        styles = (
            NamedStyle(name="vq_title", font=Font(bold=True, size=14)),
            NamedStyle(name="vq_section", font=Font(bold=True, size=12)),
            NamedStyle(
                name="vq_header",
                font=Font(bold=True),
                fill=PatternFill("solid", fgColor=_HEADER_FILL),
                border=Border(bottom=Side(style="thin")),
                alignment=Alignment(wrap_text=True, vertical="top"),
            ),
            NamedStyle(name="vq_label", alignment=Alignment(wrap_text=True, vertical="top")),
            NamedStyle(
                name="vq_help",
                font=Font(italic=True, color=_HELP_FONT),
                alignment=Alignment(wrap_text=True, vertical="top"),
            ),
            NamedStyle(
                name="vq_input",
                font=Font(color=_INPUT_FONT),
                fill=PatternFill("solid", fgColor=_INPUT_FILL),
                border=Border(left=thin, right=thin, top=thin, bottom=thin),
                alignment=Alignment(wrap_text=True, vertical="top"),
                protection=Protection(locked=False),
            ),
        )
        for style in styles:
            self.workbook.add_named_style(style)

    # ------------------------------------------------------------------ build
    def build(self) -> Workbook:
        first = self.workbook.active
        for position, spec in enumerate(SHEETS):
            ws = first if position == 0 else self.workbook.create_sheet()
            ws.title = spec.name
            self._sheet(ws, spec)
        self.workbook.active = 0
        return self.workbook

    def _answer(self, spec: SheetSpec) -> object:
        if self.proposal is None:
            return None
        return _attribute(self.proposal, spec.root)

    def _field_value(self, spec: SheetSpec, field: FieldSpec, answer: object) -> object:
        if not spec.root:
            if field.path == ("name",):
                return self.name or None
            return _attribute(self.proposal, field.path) if self.proposal is not None else None
        if answer is None:
            return None
        if field.kind is Kind.PRESENT:
            parent = _attribute(answer, field.path[:-1])
            return None if parent is None else _attribute(answer, field.path) is not None
        return _attribute(answer, field.path)

    def _sheet(self, ws: Worksheet, spec: SheetSpec) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        validations: dict[tuple[str, bool], DataValidation] = {}
        write_text(ws, 1, 1, spec.title).style = "vq_title"
        write_text(ws, 2, 1, spec.intro)
        for position, text in enumerate(FIELD_HEADER, start=1):
            write_text(ws, HEADER_ROW, position, text).style = "vq_header"
        answer = self._answer(spec)
        row = FIRST_FIELD_ROW
        for field in spec.fields:
            write_text(ws, row, LABEL_COLUMN, field.label).style = "vq_label"
            value = self._field_value(spec, field, answer)
            cell = self._input(ws, row, ANSWER_COLUMN, field.kind, value)
            self._validate(ws, validations, field.kind, field.choices, cell.coordinate)
            hint = self.hints.get(spec.root + field.path)
            text = _help(field) + (f" — {hint}" if hint else "")
            write_text(ws, row, HELP_COLUMN, text).style = "vq_help"
            row += 1
        widths = dict(_WIDTHS)
        for table in spec.tables:
            row = self._table(ws, validations, spec, table, answer, row + 1)
            for offset, column in enumerate(table.columns, start=1):
                widths[offset] = max(widths.get(offset, 0.0), column.width)
        if spec is INSTRUCTIONS:
            self._instructions(ws, row + 1)
        for position, width in widths.items():
            ws.column_dimensions[_column_letter(position)].width = width
        ws.freeze_panes = f"A{FIRST_FIELD_ROW}"
        protection = ws.protection
        protection.sheet = True
        protection.formatCells = False
        protection.formatColumns = False
        protection.formatRows = False
        protection.insertRows = False
        protection.deleteRows = False

    def _input(self, ws: Worksheet, row: int, column: int, kind: Kind, value: object) -> Any:
        cell = self._write(ws, row, column, kind, value)
        cell.style = "vq_input"
        if kind in _TEXT_KINDS:
            cell.number_format = _TEXT_FORMAT
        elif kind is Kind.DATE:
            cell.number_format = _DATE_FORMAT
        return cell

    @staticmethod
    def _write(ws: Worksheet, row: int, column: int, kind: Kind, value: object) -> Any:
        if value is None or value == "" or value == ():
            return ws.cell(row=row, column=column)
        if kind in (Kind.BOOL, Kind.PRESENT):
            return write_text(ws, row, column, YES if value else NO)
        if kind in (Kind.CHOICES, Kind.CODES):
            assert isinstance(value, tuple | list)
            return write_text(ws, row, column, _join(value))
        if kind in (Kind.TEXT, Kind.CODE, Kind.CLOCK, Kind.CHOICE, Kind.INCREMENT):
            return write_text(ws, row, column, _plain(value))
        if kind is Kind.DECIMAL:
            assert isinstance(value, Decimal)
            return write_value(ws, row, column, _decimal_cell(value))
        return write_value(ws, row, column, value)

    @staticmethod
    def _validate(
        ws: Worksheet,
        validations: dict[tuple[str, bool], Any],
        kind: Kind,
        choices: Sequence[str],
        cells: str,
    ) -> None:
        """Add a drop-down or a number check to ``cells`` (a cell or a range)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        options: dict[str, Any]
        if kind in (Kind.BOOL, Kind.PRESENT):
            key, options = (f'"{YES},{NO}"', True), {"type": "list"}
        elif kind in (Kind.CHOICE, Kind.CHOICES):
            key, options = (f'"{",".join(choices)}"', kind is Kind.CHOICE), {"type": "list"}
        elif kind is Kind.INCREMENT:
            key, options = (f'"{",".join(INCREMENT_EXAMPLES)}"', False), {"type": "list"}
        elif kind is Kind.INT:
            key = ("whole>=0", True)
            options = {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"}
        elif kind is Kind.SHARE:
            key = ("share", True)
            options = {"type": "decimal", "operator": "between", "formula1": "0", "formula2": "1"}
        else:
            return
        if options["type"] == "list":
            if len(key[0]) > _LIST_LIMIT:
                return
            options["formula1"] = key[0]
        validation = validations.get(key)
        if validation is None:
            strict = key[1]
            validation = DataValidation(
                allow_blank=True,
                showErrorMessage=strict,
                errorTitle="Not an accepted answer",
                error="Use one of the values in the list (see column C or the help row).",
                **options,
            )
            ws.add_data_validation(validation)
            validations[key] = validation
        validation.add(cells)

    # ------------------------------------------------------------------ tables
    def _table(
        self,
        ws: Worksheet,
        validations: dict[tuple[str, bool], Any],
        spec: SheetSpec,
        table: TableSpec,
        answer: object,
        row: int,
    ) -> int:
        write_text(ws, row, 1, table.title).style = "vq_section"
        for offset, column in enumerate(table.columns, start=1):
            write_text(ws, row + 1, offset, column.label).style = "vq_header"
            write_text(ws, row + 2, offset, _help(column)).style = "vq_help"
        items = _table_rows(table, answer)
        count = max(table.rows, len(items) + 2) if items else table.rows
        first = row + 3
        for position in range(count):
            values = items[position] if position < len(items) else [None] * len(table.columns)
            for offset, column in enumerate(table.columns, start=1):
                self._input(ws, first + position, offset, column.kind, values[offset - 1])
        for offset, column in enumerate(table.columns, start=1):
            letter = _column_letter(offset)
            cells = f"{letter}{first}:{letter}{first + count - 1}"
            self._validate(ws, validations, column.kind, column.choices, cells)
        return first + count

    # ------------------------------------------------------------------ instructions
    def _instructions(self, ws: Worksheet, row: int) -> int:
        write_text(ws, row, 1, "How to fill in").style = "vq_section"
        row += 1
        for line in _INSTRUCTIONS_TEXT:
            write_text(ws, row, 1, f"• {line}")
            row += 1
        if self.needs is None:
            return row
        return self._context(ws, row + 1, self.needs)

    def _pairs(self, ws: Worksheet, row: int, pairs: Sequence[tuple[str, object]]) -> int:
        for label, value in pairs:
            write_text(ws, row, 1, label).style = "vq_label"
            write_value(ws, row, 2, value)
            row += 1
        return row

    def _grid(
        self, ws: Worksheet, row: int, header: Sequence[str], rows: Sequence[Sequence[object]]
    ) -> int:
        for offset, text in enumerate(header, start=1):
            write_text(ws, row, offset, text).style = "vq_header"
        row += 1
        for values in rows:
            for offset, value in enumerate(values, start=1):
                write_value(ws, row, offset, value)
            row += 1
        return row

    def _context(self, ws: Worksheet, row: int, needs: Needs) -> int:
        write_text(ws, row, 1, "The buyer's context").style = "vq_section"
        row = self._pairs(
            ws,
            row + 1,
            [
                ("Buyer", needs.buyer),
                ("Industry", needs.industry),
                ("Time zone (all hours are in it)", needs.timezone),
                ("Hours of service", needs.hours.describe()),
                ("Service on public holidays", YES if needs.holidays_covered else NO),
            ],
        )
        row = self._grid(
            ws,
            row + 1,
            ("Channel", "Contacts a month", "Handle time [s]", "Service level", "Hours"),
            [
                (
                    item.channel.value,
                    item.volume_per_month,
                    round(item.aht_seconds, 1),
                    item.service_level.describe() if item.service_level else "",
                    needs.hours_for(item.channel).describe(),
                )
                for item in needs.channels
            ],
        )
        row = self._grid(
            ws,
            row + 1,
            ("Language", "Share of contacts", "Minimum fluency (CEFR)"),
            [(lang.language, lang.share, lang.min_cefr.value) for lang in needs.languages],
        )
        security = needs.security
        locations = needs.locations
        contract = needs.contract
        pairs: list[tuple[str, object]] = [
            ("Security certifications required", _join(security.required_certifications)),
            ("Quality certifications wanted", _join(needs.staffing.certifications_wanted)),
            ("Weakest data separation accepted", security.min_segregation.value),
            ("Longest recovery time (RTO) [h]", security.max_rto_hours),
            ("Longest data-loss window (RPO) [h]", security.max_rpo_hours),
            ("KPIs, most important first", _join(security.kpis)),
        ]
        if needs.crm is not None:
            pairs.append(
                (
                    "CRM",
                    f"{needs.crm.system.value}, {needs.crm.mode.value}, at most "
                    f"{needs.crm.max_sync_latency_seconds:g} s delay",
                )
            )
        pairs += [
            ("Social platforms", _join(needs.social.platforms)),
            ("Preferred countries", _join(locations.preferred_countries)),
            ("Excluded countries", _join(locations.excluded_countries)),
            ("Expansion markets", _join(locations.expansion_markets)),
            ("Data must stay in", _join(locations.data_residency)),
            ("Contract", f"{contract.term_months} months from {contract.start_month}"),
            ("Currency", contract.currency),
        ]
        return self._pairs(ws, row + 1, [(label, value) for label, value in pairs if value])


def _hours_rows(hours: Any, channel: object | None, with_channel: bool) -> list[list[object]]:
    if hours is None:
        return []
    lead: list[object] = [channel] if with_channel else []
    if hours.always:
        return [[*lead, True, None, None, None]]
    return [[*lead, None, window.days, window.start, window.end] for window in hours.windows]


def _table_rows(table: TableSpec, answer: object) -> list[list[object]]:
    """The cell values of a table's rows, from the answer the sheet shows."""
    if answer is None:
        return []
    container = _attribute(answer, table.path)
    if container is None:
        return []
    shape = table.shape
    if shape is TableShape.ITEMS:
        assert isinstance(container, tuple)
        return [[getattr(item, column.key) for column in table.columns] for item in container]
    if shape is TableShape.MAPPING:
        assert isinstance(container, Mapping)
        return [[key, value] for key, value in container.items()]
    if shape is TableShape.VALUES:
        assert isinstance(container, tuple)
        return [[value] for value in container]
    if shape is TableShape.HOURS:
        return _hours_rows(container, None, with_channel=False)
    if shape is TableShape.CHANNEL_HOURS:
        assert isinstance(container, CoverageAnswer)
        rows = _hours_rows(container.hours, ALL_CHANNELS, with_channel=True)
        for channel, hours in container.channel_hours.items():
            rows += _hours_rows(hours, channel, with_channel=True)
        return rows
    assert isinstance(container, tuple)
    return [
        [tier.basis, tier.channel, tier.mode, band.up_to, band.rate]
        for tier in container
        for band in tier.bands
    ]
