"""Safety checks on a filled questionnaire before any spreadsheet library opens it.

A filled workbook is untrusted input. :func:`inspect_archive` refuses a file that

* is larger than ``max_bytes``, is not an ``.xlsx`` zip archive, or is macro-enabled
  (``.xlsm``, a ``vbaProject.bin`` part, a macro-enabled content type), or is encrypted;
* would unpack to more than :data:`MAX_UNPACKED_BYTES`, holds more than :data:`MAX_PARTS`
  parts, or has a part over 1 MiB compressed more than :data:`MAX_COMPRESSION_RATIO` times
  (a zip bomb);
* has an XML part that is not UTF-8 or declares a document type (``<!DOCTYPE``,
  ``<!ENTITY``: entity-expansion attacks such as "billion laughs");
* has a sheet with rows beyond ``max_rows``.

Only then does :func:`open_workbook` hand it to openpyxl, read-only, without evaluating
formulas, keeping macros or following external links.
"""

from __future__ import annotations

import posixpath
import re
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

from vendoreval.errors import QuestionnaireError

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_PARTS",
    "MAX_UNPACKED_BYTES",
    "inspect_archive",
    "open_workbook",
]

MAX_UNPACKED_BYTES: Final = 50 * 1024 * 1024
"""Most bytes the parts of a questionnaire may unpack to (50 MiB)."""
MAX_PARTS: Final = 10_000
"""Most parts (zip entries) a questionnaire may hold."""
MAX_COMPRESSION_RATIO: Final = 100
"""Largest accepted ratio of unpacked to packed size of a part over 1 MiB [-]."""

_RATIO_FLOOR: Final = 1024 * 1024
_MACRO_SUFFIXES: Final = frozenset({".xlsm", ".xltm", ".xlam"})
_BINARY_SUFFIXES: Final = frozenset({".xls", ".xlsb", ".xlt"})
_XML_SUFFIXES: Final = (".xml", ".rels", ".vml")
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def inspect_archive(path: Path, max_bytes: int, max_rows: int) -> None:
    """Refuse files that are too large, not .xlsx, macro-enabled, zip bombs or oversized.

    Parameters
    ----------
    path : Path
        The workbook to check; only its bytes are read (as a zip archive).
    max_bytes : int
        Largest file accepted [bytes].
    max_rows : int
        Most rows a worksheet may use [rows].

    Raises
    ------
    QuestionnaireError
        Naming the file and what is wrong with it (see the module's list).
    """
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


def open_workbook(path: Path) -> Any:
    """Open a checked workbook read-only, without evaluating or keeping anything active.

    Parameters
    ----------
    path : Path
        A workbook that passed :func:`inspect_archive`.

    Returns
    -------
    openpyxl.Workbook
        Read-only, formulas kept as formulas (``data_only=False``), no macros, no links.

    Raises
    ------
    QuestionnaireError
        When openpyxl cannot read it.
    """
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
