"""Hostile questionnaire archives: zip bombs, lying directories, XML document types under
any part name, macros and active content, and malformed sheet references.

Each case either raises a QuestionnaireError naming the file (and the part or the
``Sheet!A1`` place), or is accepted and reads back the proposal that was written. Bombs are
loaded in a subprocess limited to 1 GiB of address space, each within a few seconds.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability import corpus
from tests.reliability.limits import CASE_SECONDS, probe
from vendoreval.datasets import load_sample
from vendoreval.errors import QuestionnaireError
from vendoreval.io.questionnaire import fill_questionnaire, read_questionnaire

NEEDS, SAMPLE = load_sample()
PROPOSAL = SAMPLE[0]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill_questionnaire(PROPOSAL, tmp_path_factory.mktemp("filled") / "q.xlsx", NEEDS)


@pytest.fixture(scope="module")
def parts(filled: Path) -> dict[str, bytes]:
    return corpus.parts_of(filled)


def refused(path: Path, *expected: str, max_rows: int = 2_000) -> str:
    """The message of the QuestionnaireError reading ``path`` raises; it names the file."""
    with pytest.raises(QuestionnaireError) as caught:
        read_questionnaire(path, max_rows=max_rows)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    for text in expected:
        assert text in message, message
    return message


# --------------------------------------------------------------------------------------------
# Zip bombs and lying directories, under memory and time limits
# --------------------------------------------------------------------------------------------


def test_bombs_are_refused_within_memory_and_time(tmp_path: Path, parts: dict[str, bytes]) -> None:
    bombs = corpus.bombs(tmp_path, parts)
    outcomes = probe([("questionnaire", path) for path in bombs.values()])
    for (label, path), outcome in zip(bombs.items(), outcomes, strict=True):
        assert outcome["error"] == "QuestionnaireError", (label, outcome)
        assert outcome["message"].startswith(str(path)), (label, outcome)
        assert outcome["seconds"] < CASE_SECONDS, (label, outcome)
    messages = dict(zip(bombs, (outcome["message"] for outcome in outcomes), strict=True))
    assert "compressed with bzip2" in messages["bzip2 part declared 1 KiB"]
    assert "compressed with LZMA" in messages["LZMA part"]
    assert "unpacks to more than 20 MiB" in messages["one part over the per-part budget"]
    assert "unpacks to more than 50 MiB" in messages["parts over the total budget"]
    assert "encrypted" in messages["encrypted part"]
    assert "at most 10,000 are accepted" in messages["too many parts"]
    assert "at most 512 KiB are accepted" in messages["a 3 MiB tag in a worksheet"]
    assert "a comment of 3,145,728 bytes" in messages["a 3 MiB comment full of '<'"]
    assert "name different parts" in messages["overlapping entries"]


def test_a_copy_within_the_budgets_still_reads(tmp_path: Path, parts: dict[str, bytes]) -> None:
    """The corpus' own archives are sound: the same parts, honestly zipped, read back."""
    path = corpus.rezip(parts, tmp_path / "copy.xlsx")
    assert read_questionnaire(path) == PROPOSAL


def test_duplicate_part_names_are_refused(tmp_path: Path, parts: dict[str, bytes]) -> None:
    sheet = corpus.sheet_part(parts, "Instructions")
    evil = parts[sheet].replace(PROPOSAL.name.encode(), b"Somebody Else")
    items = [corpus.entry(name, data) for name, data in parts.items()]
    path = tmp_path / "twice.xlsx"
    path.write_bytes(corpus.raw_zip([*items, corpus.entry(sheet, evil)]))
    refused(path, f"two parts named {sheet!r}")


# --------------------------------------------------------------------------------------------
# XML document types and encodings, in any part, whatever its name
# --------------------------------------------------------------------------------------------

_DOCTYPE = b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY e "EVIL">]>'


def _with_doctype(body: bytes) -> bytes:
    return _DOCTYPE + body.split(b"?>", 1)[-1].replace(PROPOSAL.name.encode(), b"&e;", 1)


def _renamed_sheet_with_entity(suffix: str) -> Callable[[dict[str, bytes]], None]:
    def change(parts: dict[str, bytes]) -> None:
        sheet = corpus.sheet_part(parts, "Instructions")
        parts[sheet] = _with_doctype(parts[sheet])
        corpus.rename_part(parts, sheet, sheet.removesuffix(".xml") + suffix)

    return change


def _utf16_with_entity(parts: dict[str, bytes]) -> None:
    """UTF-16 with a byte-order mark and no declaration: no byte spells ``<!DOCTYPE``."""
    sheet = corpus.sheet_part(parts, "Instructions")
    text = _with_doctype(parts[sheet]).decode("utf-8").split("?>", 1)[-1]
    parts[sheet] = text.encode("utf-16")
    assert b"<!DOCTYPE" not in parts[sheet]


def _every_part(parts: dict[str, bytes]) -> None:
    parts["docProps/app.xml"] = _with_doctype(parts["docProps/app.xml"])


def _external_dtd(parts: dict[str, bytes]) -> None:
    body = parts["xl/styles.xml"].split(b"?>", 1)[-1]
    parts["xl/styles.xml"] = b'<!DOCTYPE x SYSTEM "http://attacker.example/x.dtd">' + body


def _declared_encoding(parts: dict[str, bytes]) -> None:
    sheet = corpus.sheet_part(parts, "Coverage")
    body = parts[sheet].split(b"?>", 1)[-1]
    parts[sheet] = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + body


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_renamed_sheet_with_entity(".bin"), "sheet1.bin declares an XML document type"),
        (_renamed_sheet_with_entity(".dat"), "sheet1.dat declares an XML document type"),
        (_renamed_sheet_with_entity(""), "declares an XML document type"),
        (_utf16_with_entity, "declares an XML document type"),
        (_every_part, "docProps/app.xml declares an XML document type"),
        (_external_dtd, "xl/styles.xml declares an XML document type"),
        (_declared_encoding, "is not UTF-8 XML (it declares 'ISO-8859-1')"),
    ],
)
def test_document_types_and_encodings_are_refused_in_any_part(
    tmp_path: Path, filled: Path, change: Callable[[dict[str, bytes]], None], expected: str
) -> None:
    refused(corpus.changed(filled, tmp_path / "x.xlsx", change), expected)


def test_utf16_without_entities_is_refused(tmp_path: Path, filled: Path) -> None:
    def change(parts: dict[str, bytes]) -> None:
        sheet = corpus.sheet_part(parts, "Coverage")
        text = parts[sheet].decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        parts[sheet] = text.encode("utf-16")

    refused(corpus.changed(filled, tmp_path / "x.xlsx", change), "is not UTF-8 XML")


# --------------------------------------------------------------------------------------------
# Macros and active content, under any part name
# --------------------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)


def _ole_part(name: str) -> Callable[[dict[str, bytes]], None]:
    def change(parts: dict[str, bytes]) -> None:
        parts[name] = _OLE

    return change


def _content_type(extension: str, content_type: str) -> Callable[[dict[str, bytes]], None]:
    def change(parts: dict[str, bytes]) -> None:
        default = f'<Default Extension="{extension}" ContentType="{content_type}"/>'
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", default.encode() + b"</Types>"
        )
        parts[f"xl/other/code.{extension}"] = b"Attribute VB_Name = 1"

    return change


def _relationship(parts: dict[str, bytes]) -> None:
    rels = "xl/_rels/workbook.xml.rels"
    kind = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
    extra = f'<Relationship Id="rId99" Type="{kind}" Target="other/code.dat"/>'
    parts[rels] = parts[rels].replace(b"</Relationships>", extra.encode() + b"</Relationships>")
    parts["xl/other/code.dat"] = b"x"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_ole_part("xl/media/image9.png"), "image9.png is an OLE compound file"),
        (_ole_part("xl/embeddings/data.bin"), "is an OLE compound file"),
        (_ole_part("xl/VBAPROJECT.BIN"), "contains macros"),
        (_content_type("dat", "application/vnd.ms-office.vbaProject"), "active content"),
        (_content_type("xml", "application/vnd.ms-excel.macrosheet+xml"), "active content"),
        (_content_type("ax", "application/vnd.ms-office.activeX+xml"), "active content"),
        (_relationship, "active content"),
    ],
)
def test_macros_under_any_name_are_refused(
    tmp_path: Path, filled: Path, change: Callable[[dict[str, bytes]], None], expected: str
) -> None:
    refused(corpus.changed(filled, tmp_path / "x.xlsx", change), expected)


# --------------------------------------------------------------------------------------------
# Row and cell references: strict, never a row dropped silently
# --------------------------------------------------------------------------------------------


def _sheet_edit(
    title: str, old: str, new: str, count: int = 1
) -> Callable[[dict[str, bytes]], None]:
    def change(parts: dict[str, bytes]) -> None:
        sheet = corpus.sheet_part(parts, title)
        text = parts[sheet].decode("utf-8")
        assert old in text, old
        parts[sheet] = text.replace(old, new, count).encode("utf-8")

    return change


_FAR_ROW = '<row r="{r}"><c r="A{c}" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData>'


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_sheet_edit("Coverage", '<row r="5"', '<row r=" 5"'), "Coverage!A5: the row number ' 5'"),
        (_sheet_edit("Coverage", '<row r="5"', '<row r="5 "'), "the row number '5 '"),
        (_sheet_edit("Coverage", '<row r="5"', '<row r="05"'), "the row number '05'"),
        (_sheet_edit("Coverage", '<row r="5"', '<row r="5.0"'), "the row number '5.0'"),
        (_sheet_edit("Coverage", '<row r="5"', '<row r="+5"'), "the row number '+5'"),
        (_sheet_edit("Coverage", '<row r="5"', '<row r="0"'), "the row number '0'"),
        (_sheet_edit("Coverage", '<row r="5"', '<row r="1e1"'), "the row number '1e1'"),
        (_sheet_edit("Coverage", 'r="B5"', 'r="B 5"'), "Coverage!B5: the cell reference 'B 5'"),
        (_sheet_edit("Coverage", 'r="B5"', 'r="b5"'), "the cell reference 'b5'"),
        (_sheet_edit("Coverage", 'r="B5"', 'r="$B$5"'), "the cell reference '$B$5'"),
        (_sheet_edit("Coverage", 'r="B5"', 'r="B6"'), "must name its own row"),
        (_sheet_edit("Coverage", 'r="B5"', 'r="A5"'), "cells must be in increasing order"),
        (_sheet_edit("Coverage", 'r="B5"', 'r="XFE5"'), "the cell reference 'XFE5'"),
        (
            _sheet_edit("Coverage", "</sheetData>", _FAR_ROW.format(r=" 100000", c=100000)),
            "the row number ' 100000' is malformed",
        ),
        (
            _sheet_edit("Coverage", "</sheetData>", _FAR_ROW.format(r="3", c=3)),
            "rows must be in increasing order",
        ),
        (
            _sheet_edit("Coverage", "</sheetData>", _FAR_ROW.format(r="5000", c=5000)),
            "sheet 'Coverage' uses rows up to 5,000; at most 2,000 rows are accepted",
        ),
        (
            _sheet_edit("Pricing", "</sheetData>", "<row/>" * 2_100 + "</sheetData>"),
            "at most 2,000 rows are accepted",
        ),
    ],
)
def test_malformed_references_are_refused_at_their_place(
    tmp_path: Path, filled: Path, change: Callable[[dict[str, bytes]], None], expected: str
) -> None:
    refused(corpus.changed(filled, tmp_path / "x.xlsx", change), expected)


def test_a_lying_dimension_drops_no_row(tmp_path: Path, filled: Path) -> None:
    """openpyxl's read-only sheets trust ``<dimension>``; the reader does not."""

    def change(parts: dict[str, bytes]) -> None:
        for title in ("Instructions", "Coverage", "Pricing"):
            sheet = corpus.sheet_part(parts, title)
            parts[sheet] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', parts[sheet])

    assert read_questionnaire(corpus.changed(filled, tmp_path / "x.xlsx", change)) == PROPOSAL


def test_rows_and_cells_without_references_are_read_in_place(tmp_path: Path, filled: Path) -> None:
    """References are optional: a row follows the previous one, a cell the previous cell."""

    def change(parts: dict[str, bytes]) -> None:
        for title in ("Instructions", "Coverage", "Pricing"):
            sheet = corpus.sheet_part(parts, title)
            text = parts[sheet].decode("utf-8")
            previous = 0
            pieces = []
            for piece in re.split(r'(<row r="\d+")', text):
                found = re.fullmatch(r'<row r="(\d+)"', piece)
                if found is not None:
                    number = int(found.group(1))
                    # a row that follows the previous one needs no number
                    piece = "<row" if number == previous + 1 else piece
                    previous = number
                pieces.append(piece)
            text = "".join(pieces)
            text = re.sub(r'(<c) r="A\d+"', r"\1", text)  # column A is a row's first cell
            parts[sheet] = text.encode("utf-8")

    back = read_questionnaire(corpus.changed(filled, tmp_path / "x.xlsx", change))
    assert back == PROPOSAL


def test_an_extra_sheet_is_checked_too(tmp_path: Path, filled: Path) -> None:
    """Rows are checked on every worksheet openpyxl reads, not only the questionnaire's."""
    workbook = openpyxl.load_workbook(filled)
    workbook.create_sheet("Notes")["A3000"] = "far"
    path = tmp_path / "notes.xlsx"
    workbook.save(path)
    refused(path, "sheet 'Notes' uses rows up to 3,000")


def test_missing_pricing_sheet_is_reported_by_name(tmp_path: Path, filled: Path) -> None:
    for title in ("Pricing", "Instructions", "Security"):
        workbook = openpyxl.load_workbook(filled)
        del workbook[title]
        path = tmp_path / f"without-{title}.xlsx"
        workbook.save(path)
        message = refused(path, f"{title} (sheet): the sheet {title!r} is missing", "(1 problem)")
        assert "Vendor name" not in message
        assert "required" not in message


def test_damaged_deflate_data_is_our_error(tmp_path: Path, parts: dict[str, bytes]) -> None:
    items = [corpus.entry(name, data) for name, data in parts.items()]
    sheet = corpus.sheet_part(parts, "Coverage")
    broken = [
        corpus.Entry(item.name, b"\xff" * 64, zipfile.ZIP_DEFLATED, item.crc, item.file_size)
        if item.name == sheet
        else item
        for item in items
    ]
    path = tmp_path / "broken.xlsx"
    path.write_bytes(corpus.raw_zip(broken))
    refused(path, "the workbook is damaged", sheet)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_bytes_are_refused_or_read_unchanged(
    tmp_path_factory: pytest.TempPathFactory, filled: Path, data: st.DataObject
) -> None:
    """Any few bytes of a questionnaire overwritten: our error naming the file, or the very
    answers that were written (a byte that only a date or a version number depends on)."""
    content = bytearray(filled.read_bytes())
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        position = data.draw(st.integers(0, len(content) - 1), label="position")
        content[position] = data.draw(st.integers(0, 255), label="byte")
    path = tmp_path_factory.mktemp("damaged") / "q.xlsx"
    path.write_bytes(bytes(content))
    try:
        back = read_questionnaire(path)
    except QuestionnaireError as exc:
        message = str(exc)
    else:
        assert back == PROPOSAL
        return
    assert message.startswith(str(path)), message
