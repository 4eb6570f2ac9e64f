"""Safety checks on a filled questionnaire; openpyxl reads only the bytes that were checked.

A filled workbook is untrusted input, and the sizes a zip archive declares are part of that
input. :func:`inspect_archive` reads the file once into memory and refuses it when it

* is larger than ``max_bytes``, is not an ``.xlsx`` zip archive, or is encrypted;
* holds more than :data:`MAX_PARTS` parts, two parts of the same name, parts whose data
  overlap or whose own header names another part, or a part packed with a method other than
  *stored* or *deflate* (bzip2, LZMA and the others decompress without an output limit per
  call, so they are refused before any byte is unpacked);
* unpacks — measured on the bytes actually produced, in chunks of 64 KiB, while they are
  produced, whatever the archive declares — to more than :data:`MAX_PART_BYTES` in one part
  or :data:`MAX_UNPACKED_BYTES` in all, or has a part over 1 MiB unpacking to more than
  :data:`MAX_COMPRESSION_RATIO` times its packed size (a zip bomb), or a part whose data
  does not match the size and checksum it declares, or does not end where its packed bytes
  do;
* has any part, whatever its name, that is XML declaring a document type or entities
  (``<!DOCTYPE``, ``<!ENTITY``: entity-expansion attacks such as "billion laughs") or XML
  that is not UTF-8;
* is macro-enabled or holds active content: a ``vbaProject`` part, a part that is an OLE
  compound file (the container of VBA projects and embedded objects), or a content type or
  relationship naming a VBA project, a macro-enabled workbook, a macro sheet or an ActiveX
  control — wherever it sits in the archive.

The checked parts are returned as a :class:`Package`; :func:`open_workbook` rebuilds an
uncompressed archive in memory from exactly those bytes and hands it to openpyxl,
read-only, without evaluating formulas, keeping macros or following external links. It then
reads the row and cell references of every worksheet openpyxl will read, strictly: a
malformed reference (``r=" 5"``, ``"A 5"``, ``"1e3"``), rows or cells out of order (which a
reader would skip) and rows beyond ``max_rows`` are refused with the ``Sheet!A1`` place, so
no row is ever dropped silently.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import itertools
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final
from xml.parsers import expat

from vendoreval.errors import QuestionnaireError
from vendoreval.io.questionnaire.cells import column_letter

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_PARTS",
    "MAX_PART_BYTES",
    "MAX_UNPACKED_BYTES",
    "Package",
    "check_rows",
    "inspect_archive",
    "open_workbook",
]

MAX_UNPACKED_BYTES: Final = 50 * 1024 * 1024
"""Most bytes the parts of a questionnaire may unpack to, all together (50 MiB)."""
MAX_PART_BYTES: Final = 20 * 1024 * 1024
"""Most bytes one part of a questionnaire may unpack to (20 MiB)."""
MAX_PARTS: Final = 10_000
"""Most parts (zip entries) a questionnaire may hold."""
MAX_COMPRESSION_RATIO: Final = 100
"""Largest accepted ratio of unpacked to packed size of a part over 1 MiB [-]."""

_RATIO_FLOOR: Final = 1024 * 1024
_CHUNK: Final = 64 * 1024
_MAX_MARKUP: Final = 512 * 1024  # longest tag, text, comment… in an XML part [bytes]
# a local file header: signature, then (skipped) version … sizes, then name and extra lengths
_LOCAL_HEADER: Final = struct.Struct("<4s22xHH")
_MACRO_SUFFIXES: Final = frozenset({".xlsm", ".xltm", ".xlam"})
_BINARY_SUFFIXES: Final = frozenset({".xls", ".xlsb", ".xlt"})
_METHODS: Final = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_METHOD_NAMES: Final = {
    1: "shrink",
    6: "implode",
    9: "deflate64",
    12: "bzip2",
    14: "LZMA",
    93: "Zstandard",
    95: "XZ",
    98: "PPMd",
    99: "AES encryption",
}
_ENCRYPTED_FLAGS: Final = 0x1 | 0x40  # traditional and strong encryption
_OLE_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ACTIVE_CONTENT: Final = ("vbaproject", "macroenabled", "macrosheet", "activex")
_UTF8_NAMES: Final = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_PACKAGE_NS: Final = (
    "http://schemas.openxmlformats.org/package/2006/content-types",
    "http://schemas.openxmlformats.org/package/2006/relationships",
)
_MAIN_NS: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW_TAG: Final = f"{_MAIN_NS} row"
_ROW_REF = re.compile(r"[1-9][0-9]{0,6}")
_CELL_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_MAX_SHEET_ROWS: Final = 1_048_576
_MAX_SHEET_COLUMNS: Final = 16_384


@dataclasses.dataclass(frozen=True)
class Package:
    """The parts of a workbook that passed :func:`inspect_archive`, unpacked.

    Attributes
    ----------
    source : str
        The file's name, for messages.
    parts : mapping of str to bytes
        Every part by name, in archive order, as checked.
    """

    source: str
    parts: Mapping[str, bytes]


class _RefusedError(Exception):
    """A reason to refuse the workbook, raised while unpacking or scanning a part."""


def inspect_archive(path: Path, max_bytes: int, max_rows: int) -> Package:
    """Read a workbook file and check every part before any spreadsheet library sees it.

    Parameters
    ----------
    path : Path
        The workbook to check; its bytes are read once, as a zip archive.
    max_bytes : int
        Largest file accepted [bytes].
    max_rows : int
        Most rows a worksheet may use [rows] (checked by :func:`open_workbook`, which knows
        which parts are worksheets).

    Returns
    -------
    Package
        The unpacked, checked parts.

    Raises
    ------
    QuestionnaireError
        Naming the file and what is wrong with it (see the module's list).
    """
    name = str(path)
    _check_name(path, name)
    data = _read_file(path, name, max_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile, struct and decoding errors on a file that is not a zip
        raise QuestionnaireError(
            f"{name}: not an .xlsx workbook (the file is not a zip archive — an old .xls file "
            "or a password-protected workbook?); save it as .xlsx without a password"
        ) from None
    with archive:
        infos = archive.infolist()
    _check_entries(name, infos)
    parts = _unpack(name, data, infos)
    if "[Content_Types].xml" not in parts:
        raise QuestionnaireError(
            f"{name}: not an .xlsx workbook (no [Content_Types].xml part); save it from Excel "
            "or LibreOffice as an Excel workbook (.xlsx)"
        )
    return Package(name, parts)


def _check_name(path: Path, name: str) -> None:
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


def _read_file(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        if not path.is_file():
            if not path.exists():
                raise QuestionnaireError(f"{name}: no such file")
            raise QuestionnaireError(f"{name}: is not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise QuestionnaireError(
                f"{name}: the file is {size:,} bytes; at most {max_bytes:,} bytes are accepted"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise QuestionnaireError(f"{name}: no such file") from None
    except OSError as exc:
        raise QuestionnaireError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # the file grew after it was measured
        raise QuestionnaireError(f"{name}: the file is over {max_bytes:,} bytes, the most accepted")
    return data


def _check_entries(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Checks on the archive's directory, before anything is unpacked."""
    if len(infos) > MAX_PARTS:
        raise QuestionnaireError(
            f"{name}: the workbook holds {len(infos):,} parts; at most {MAX_PARTS:,} are accepted"
        )
    seen: set[str] = set()
    declared = 0
    for info in infos:
        part = info.filename
        if part in seen:
            raise QuestionnaireError(
                f"{name}: the workbook holds two parts named {part!r}; refused as ambiguous — "
                "save it again from Excel or LibreOffice"
            )
        seen.add(part)
        if part.rsplit("/", 1)[-1].lower().startswith("vbaproject"):
            raise QuestionnaireError(
                f"{name}: the workbook contains macros ({part}); macros are not accepted — "
                "save the questionnaire as an Excel workbook (.xlsx) without macros"
            )
        if info.flag_bits & _ENCRYPTED_FLAGS:
            raise QuestionnaireError(
                f"{name}: part {part} is encrypted; save the workbook without a password"
            )
        if info.compress_type not in _METHODS:
            method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            raise QuestionnaireError(
                f"{name}: part {part} is compressed with {method}; only stored and deflate "
                "parts are accepted — save the workbook again from Excel or LibreOffice"
            )
        declared += info.file_size
        if declared > MAX_UNPACKED_BYTES:
            raise QuestionnaireError(
                f"{name}: the workbook unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MiB; "
                "refused as a possible zip bomb"
            )


def _unpack(name: str, data: bytes, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    """Every part, unpacked in bounded chunks against the byte budgets, and scanned."""
    spans = sorted((info.header_offset, _data_span(name, data, info)) for info in infos)
    for (_, (_, end)), (next_start, _) in itertools.pairwise(spans):
        if next_start < end:
            raise QuestionnaireError(
                f"{name}: parts overlap inside the archive; refused as a possible zip bomb"
            )
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        part = info.filename
        chunks: list[bytes] = []
        size = 0
        packed = max(info.compress_size, 1)
        begin, end = _data_span(name, data, info)
        crc = 0
        try:
            for chunk in _inflate(memoryview(data)[begin:end], info.compress_type, part):
                size += len(chunk)
                total += len(chunk)
                if size > info.file_size:
                    raise _RefusedError(
                        f"the workbook is damaged: part {part} unpacks to more than the "
                        f"{info.file_size:,} bytes the archive declares; refused as a possible "
                        "zip bomb"
                    )
                if size > MAX_PART_BYTES:
                    raise _RefusedError(
                        f"part {part} unpacks to more than {MAX_PART_BYTES // 2**20} MiB; "
                        "refused as a possible zip bomb"
                    )
                if total > MAX_UNPACKED_BYTES:
                    raise _RefusedError(
                        "the workbook unpacks to more than "
                        f"{MAX_UNPACKED_BYTES // 2**20} MiB; refused as a possible zip bomb"
                    )
                if size > _RATIO_FLOOR and size > MAX_COMPRESSION_RATIO * packed:
                    raise _RefusedError(
                        f"part {part} unpacks more than {MAX_COMPRESSION_RATIO} times its "
                        f"packed size ({packed:,} bytes); refused as a possible zip bomb"
                    )
                if not chunks and chunk.startswith(_OLE_SIGNATURE):
                    raise _RefusedError(
                        f"part {part} is an OLE compound file (a VBA project or an embedded "
                        "object); macros and embedded objects are not accepted — save the "
                        "questionnaire as an Excel workbook (.xlsx) without them"
                    )
                crc = zlib.crc32(chunk, crc)
                chunks.append(chunk)
            if size != info.file_size or crc != info.CRC:
                raise _RefusedError(
                    f"the workbook is damaged: part {part} unpacks to {size:,} bytes with "
                    f"checksum {crc:08x}, but the archive declares {info.file_size:,} bytes "
                    f"with checksum {info.CRC:08x}; save it again from Excel or LibreOffice"
                )
            unpacked = b"".join(chunks)
            del chunks
            _PartScanner(part).scan(unpacked)
        except _RefusedError as exc:
            raise QuestionnaireError(f"{name}: {exc}") from None
        except zlib.error as exc:
            raise QuestionnaireError(
                f"{name}: the workbook is damaged (part {part}: {exc}); save it again from "
                "Excel or LibreOffice"
            ) from None
        parts[part] = unpacked
    return parts


def _data_span(name: str, data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Where a part's packed bytes lie in the file, from its local header (checked)."""
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    damaged = f"{name}: the workbook is damaged (part {info.filename}"
    if len(header) < _LOCAL_HEADER.size or start < 0:
        raise QuestionnaireError(f"{damaged}: its header is past the end of the file)")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise QuestionnaireError(f"{damaged}: no local header where the directory points)")
    raw_name = data[start + _LOCAL_HEADER.size : start + _LOCAL_HEADER.size + name_length]
    local_name = raw_name.decode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
    if local_name != info.orig_filename:
        raise QuestionnaireError(
            f"{damaged}: the directory and the part's own header name different parts, "
            f"{local_name!r}); refused as a possible zip bomb"
        )
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    end = begin + info.compress_size
    if end > len(data):
        raise QuestionnaireError(f"{damaged}: its data runs past the end of the file)")
    return begin, end


def _inflate(packed: memoryview, method: int, part: str) -> Iterator[bytes]:
    """A part's bytes in chunks of at most about 64 KiB, whatever the archive declares.

    Deflate output is limited per call (``max_length``), so a bomb costs at most one chunk
    of memory beyond what was counted. The stream must end exactly where the packed bytes
    do: a truncated stream or bytes after its end are refused.
    """
    if method == zipfile.ZIP_STORED:
        for start in range(0, len(packed), _CHUNK):
            yield bytes(packed[start : start + _CHUNK])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position = 0
    while not inflater.eof:
        pending = inflater.unconsumed_tail
        if not pending:
            if position >= len(packed):
                raise _RefusedError(
                    f"the workbook is damaged: part {part} ends before its compressed data "
                    "does; save it again from Excel or LibreOffice"
                )
            pending = bytes(packed[position : position + _CHUNK])
            position += len(pending)
        chunk = inflater.decompress(pending, _CHUNK)
        if chunk:
            yield chunk
    if inflater.unused_data or position < len(packed):
        raise _RefusedError(
            f"the workbook is damaged: part {part} has data after the end of its compressed "
            "stream; save it again from Excel or LibreOffice"
        )


class _PartScanner:
    """Reads one unpacked part as XML, if it is XML at all, and refuses what a workbook never
    holds: a DTD, an encoding other than UTF-8, active content types and relationships, and
    markup so long that an XML reader fed in small pieces (as openpyxl is) would re-scan it
    for seconds (expat before 2.6 re-scans an unfinished token from its start on every
    piece).

    A part that does not start like XML (an image) is not XML to any reader. A part that is
    not well-formed is read up to the error, as every XML reader stops at the same place.
    """

    def __init__(self, part: str) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.XmlDeclHandler = self._declaration
        parser.StartElementHandler = self._root
        parser.CommentHandler = self._comment
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartCdataSectionHandler = self._cdata_start
        parser.EndCdataSectionHandler = self._cdata_end
        self.parser = parser
        self.part = part
        self.cdata_start = 0
        self.seen_element = False

    def scan(self, data: bytes) -> None:
        """Check the whole part (one call: expat reads it once, in linear time)."""
        body = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
        wide = data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]
        if not wide and not body.startswith(b"<"):
            return  # not XML: no XML reader gets past its first character
        if not wide:
            _check_markup_length(self.part, data)
        with contextlib.suppress(expat.ExpatError):
            self.parser.Parse(data, True)
        if wide and self.seen_element:
            raise _RefusedError(
                f"part {self.part} is not UTF-8 XML; save the workbook from Excel or "
                "LibreOffice as .xlsx"
            )

    # ------------------------------------------------------------------ expat handlers
    def _doctype(self, *args: object) -> None:
        raise _RefusedError(
            f"part {self.part} declares an XML document type or entity (<!DOCTYPE>/<!ENTITY>), "
            "which workbooks never need; refused"
        )

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        if encoding is not None and encoding.strip().lower() not in _UTF8_NAMES:
            raise _RefusedError(
                f"part {self.part} is not UTF-8 XML (it declares {encoding!r}); save the "
                "workbook from Excel or LibreOffice as .xlsx"
            )

    def _root(self, tag: str, attributes: dict[str, str]) -> None:
        self.seen_element = True
        if tag.split(" ", 1)[0] in _PACKAGE_NS:
            self._package_entry(tag, attributes)
            self.parser.StartElementHandler = self._package_entry
        else:
            self.parser.StartElementHandler = None

    def _package_entry(self, tag: str, attributes: dict[str, str]) -> None:
        """Content types (``Default``/``Override``) and relationships: no active content."""
        for key in ("ContentType", "Type"):
            value = attributes.get(key, "")
            if any(word in value.lower() for word in _ACTIVE_CONTENT):
                raise _RefusedError(
                    f"the workbook is macro-enabled or holds active content ({value} in part "
                    f"{self.part}); macros are not accepted — save the questionnaire as an "
                    "Excel workbook (.xlsx)"
                )

    def _too_long(self, what: str, size: int) -> None:
        if size > _MAX_MARKUP:
            raise _RefusedError(
                f"part {self.part} holds {what} of {size:,} bytes; at most "
                f"{_MAX_MARKUP // 1024} KiB are accepted — save the workbook again from Excel "
                "or LibreOffice"
            )

    def _comment(self, text: str) -> None:
        self._too_long("a comment", len(text))

    def _instruction(self, target: str, text: str) -> None:
        self._too_long("a processing instruction", len(target) + len(text))

    def _cdata_start(self) -> None:
        self.cdata_start = self.parser.CurrentByteIndex

    def _cdata_end(self) -> None:
        self._too_long("a CDATA section", self.parser.CurrentByteIndex - self.cdata_start)


def _check_markup_length(part: str, data: bytes) -> None:
    """Refuse a stretch without ``<`` longer than :data:`_MAX_MARKUP` (a huge tag or text).

    A tag cannot hold ``<`` (not even in an attribute value), so a tag longer than the
    limit shows up as such a stretch. Vectorized: one pass in numpy, whatever the markup.
    """
    import numpy as np

    marks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x3C)
    edges = np.concatenate(([-1], marks, [len(data)]))
    longest = int(np.diff(edges).max()) - 1
    if longest > _MAX_MARKUP:
        raise _RefusedError(
            f"part {part} holds a tag or a text of {longest:,} bytes without markup; at most "
            f"{_MAX_MARKUP // 1024} KiB are accepted (a cell holds at most 32,767 characters)"
        )


def open_workbook(package: Package, max_rows: int) -> Any:
    """Open the checked parts read-only, then check the rows of every worksheet it reads.

    Parameters
    ----------
    package : Package
        Parts that passed :func:`inspect_archive`; openpyxl reads a stored (uncompressed)
        archive rebuilt in memory from exactly these bytes.
    max_rows : int
        Most rows a worksheet may use [rows].

    Returns
    -------
    openpyxl.Workbook
        Read-only, formulas kept as formulas (``data_only=False``), no macros, no links.

    Raises
    ------
    QuestionnaireError
        When openpyxl cannot read it, or a worksheet's rows break :func:`check_rows`.
    """
    import openpyxl

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as rebuilt:
        for part, data in package.parts.items():
            rebuilt.writestr(zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0)), data)
    buffer.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(
                buffer, read_only=True, data_only=False, keep_vba=False, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds on malformed input
        raise QuestionnaireError(
            f"{package.source}: cannot read the workbook ({type(exc).__name__}: {exc}); save it "
            "again from Excel or LibreOffice as .xlsx"
        ) from exc
    try:
        _check_worksheets(package, workbook, max_rows)
    except BaseException:
        workbook.close()
        raise
    return workbook


def _check_worksheets(package: Package, workbook: Any, max_rows: int) -> None:
    sheets: list[tuple[str, str]] = []
    for ws in workbook.worksheets:
        part = getattr(ws, "_worksheet_path", None)
        if part is None:  # not a sheet openpyxl reads rows from in read-only mode
            continue
        sheets.append((str(ws.title), str(part).lstrip("/")))
    for title, part in sheets:
        data = package.parts.get(part)
        if data is not None:
            check_rows(package.source, title, data, max_rows)


def check_rows(source: str, sheet: str, data: bytes, max_rows: int) -> None:
    """Refuse a worksheet part whose row or cell references are malformed or out of bounds.

    References are read as openpyxl reads them — every main-namespace ``<row>``, each
    child of a row a cell; a row without ``r`` follows the previous one, a cell without
    ``r`` the previous cell — but strictly: a row number is digits only (``1``–``1048576``),
    a cell reference is upper-case column letters and the row's own number (``B12``), rows
    and the cells of a row are in increasing order (a reader skips a row that goes back),
    and no row is beyond ``max_rows``.

    Parameters
    ----------
    source : str
        The file's name, for messages.
    sheet : str
        The sheet's name, for ``Sheet!A1`` places.
    data : bytes
        The worksheet part (XML already checked by :func:`inspect_archive`).
    max_rows : int
        Most rows the sheet may use [rows].

    Raises
    ------
    QuestionnaireError
        Naming the file and the ``Sheet!A1`` place of the first malformed reference, or the
        sheet and its last row when it uses more than ``max_rows`` rows.
    """
    scanner = _RowScanner(sheet)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    try:
        parser.Parse(data, True)
    except _RefusedError as exc:
        raise QuestionnaireError(f"{source}: {exc}") from None
    except expat.ExpatError as exc:
        raise QuestionnaireError(
            f"{source}: the sheet {sheet!r} cannot be read (not well-formed XML: {exc}); save "
            "the workbook again from Excel or LibreOffice"
        ) from None
    if scanner.row > max_rows:
        raise QuestionnaireError(
            f"{source}: sheet {sheet!r} uses rows up to {scanner.row:,}; at most {max_rows:,} "
            "rows are accepted"
        )


class _RowScanner:
    """Follows row and cell positions the way openpyxl does, refusing what it would bend."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.depth = 0
        self.row_depth = 0  # depth of the open <row>, 0 when none is open
        self.row = 0
        self.column = 0

    def place(self, row: int, column: int) -> str:
        return f"{_quoted(self.sheet)}!{column_letter(max(column, 1))}{max(row, 1)}"

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if tag == _ROW_TAG:
            if self.row_depth:
                raise _RefusedError(
                    f"{self.place(self.row, 1)}: a row holds another row; the sheet is "
                    "malformed — save the workbook again from Excel or LibreOffice"
                )
            self._row(attributes.get("r"))
            self.row_depth = self.depth
        elif self.row_depth and self.depth == self.row_depth + 1:
            self._cell(attributes.get("r"))

    def end(self, tag: str) -> None:
        if self.row_depth == self.depth:
            self.row_depth = 0
        self.depth -= 1

    def _row(self, text: str | None) -> None:
        if text is None:
            number = self.row + 1
        else:
            if _ROW_REF.fullmatch(text) is None or int(text) > _MAX_SHEET_ROWS:
                raise _RefusedError(
                    f"{self.place(self.row + 1, 1)}: the row number {text!r} is malformed; "
                    f"expected a whole number from 1 to {_MAX_SHEET_ROWS:,} written in digits "
                    "only — save the workbook again from Excel or LibreOffice"
                )
            number = int(text)
            if number <= self.row:
                raise _RefusedError(
                    f"{self.place(number, 1)}: row {number} comes after row {self.row}; rows "
                    "must be in increasing order — save the workbook again from Excel or "
                    "LibreOffice"
                )
        self.row = number
        self.column = 0

    def _cell(self, text: str | None) -> None:
        if text is None:
            column = self.column + 1
        else:
            match = _CELL_REF.fullmatch(text)
            column = _column_number(match.group(1)) if match is not None else 0
            if match is None or column > _MAX_SHEET_COLUMNS:
                raise _RefusedError(
                    f"{self.place(self.row, self.column + 1)}: the cell reference {text!r} is "
                    "malformed; expected column letters and the row number, such as "
                    f"{column_letter(self.column + 1)}{self.row} — save the workbook again "
                    "from Excel or LibreOffice"
                )
            if int(match.group(2)) != self.row:
                raise _RefusedError(
                    f"{self.place(self.row, column)}: the cell reference {text!r} is in row "
                    f"{self.row}; a cell's reference must name its own row"
                )
            if column <= self.column:
                raise _RefusedError(
                    f"{self.place(self.row, column)}: the cell {text} comes after column "
                    f"{column_letter(self.column)} of its row; cells must be in increasing "
                    "order — save the workbook again from Excel or LibreOffice"
                )
        if column > _MAX_SHEET_COLUMNS:
            raise _RefusedError(
                f"{self.place(self.row, _MAX_SHEET_COLUMNS)}: a row has more than "
                f"{_MAX_SHEET_COLUMNS:,} cells"
            )
        self.column = column


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _quoted(sheet: str) -> str:
    """A sheet name as a formula writes it: quoted when it holds anything but word characters."""
    if re.fullmatch(r"\w+", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"
