"""Tests of vendoreval.io.cells: text from input is stored as text, never as a formula."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from enum import Enum
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendoreval.errors import ArgumentError
from vendoreval.io.cells import (
    FORMULA_PREFIXES,
    MAX_CELL_CHARS,
    append_row,
    cell_value,
    clean_text,
    is_formula_like,
    set_style,
    write_formula,
    write_text,
    write_value,
)

#: Formula-injection payloads (OWASP "CSV Injection" examples and variants).
PAYLOADS = [
    "=1+1",
    "@SUM(1,1)",
    "+cmd|' /C calc'!A0",
    "-2",
    "\tx",
    '=HYPERLINK("http://example.com","click")',
    "-1+1",
    "+1",
    "@",
]


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def _cell_xml(xml: str, coordinate: str) -> str:
    match = re.search(rf'<c r="{coordinate}"[^>]*?(?:/>|>.*?</c>)', xml, flags=re.DOTALL)
    assert match is not None, f"cell {coordinate} not in the sheet XML"
    return match.group(0)


def test_formula_prefixes() -> None:
    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert is_formula_like(prefix + "x")
    assert set(FORMULA_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}
    for text in ("Acme", "", "1=1", " =1", "x-2", "한국어"):
        assert not is_formula_like(text)


def test_payloads_are_written_as_text(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row, payload in enumerate(PAYLOADS, start=1):
        cell = write_text(sheet, row, 1, payload)
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    path = tmp_path / "payloads.xlsx"
    workbook.save(path)

    xml = _sheet_xml(path)
    assert "<f>" not in xml
    assert "<f " not in xml
    for row in range(1, len(PAYLOADS) + 1):
        assert 't="inlineStr"' in _cell_xml(xml, f"A{row}")
    back = openpyxl.load_workbook(path).active
    assert back is not None
    for row, payload in enumerate(PAYLOADS, start=1):
        cell = back.cell(row=row, column=1)
        assert cell.value == payload
        assert cell.data_type == "s"
        assert cell.quotePrefix is True


def test_plain_text_has_no_quote_prefix() -> None:
    sheet = openpyxl.Workbook().active
    assert sheet is not None
    cell = write_text(sheet, 1, 1, "Acme")
    assert cell.value == "Acme"
    assert cell.data_type == "s"
    assert not cell.quotePrefix


def test_append_row_keeps_payloads_as_text_and_formulas_as_formulas(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    row = append_row(sheet, [*PAYLOADS, 3.5, "=SUM(1,2)"], formulas=[len(PAYLOADS) + 1])
    assert row == 1
    second = append_row(sheet, ["plain", "=A1"])
    assert second == 2
    path = tmp_path / "rows.xlsx"
    workbook.save(path)
    back = openpyxl.load_workbook(path).active
    assert back is not None
    for column, payload in enumerate(PAYLOADS, start=1):
        assert back.cell(row=1, column=column).value == payload
        assert back.cell(row=1, column=column).data_type == "s"
    assert back.cell(row=1, column=len(PAYLOADS) + 1).value == 3.5
    formula = back.cell(row=1, column=len(PAYLOADS) + 2)
    assert formula.data_type == "f"
    assert formula.value == "=SUM(1,2)"
    # "=A1" was not declared a formula position: it is text
    assert back.cell(row=2, column=2).value == "=A1"
    assert back.cell(row=2, column=2).data_type == "s"
    assert _sheet_xml(path).count("<f>") == 1


def test_append_row_rejects_text_at_a_formula_position() -> None:
    sheet = openpyxl.Workbook().active
    assert sheet is not None
    with pytest.raises(ArgumentError, match="position 1"):
        append_row(sheet, ["a", "not a formula"], formulas=[1])


def test_write_formula_requires_equals_sign() -> None:
    sheet = openpyxl.Workbook().active
    assert sheet is not None
    assert write_formula(sheet, 1, 1, "=1+2").data_type == "f"
    for bad in ("1+2", "=", "+1"):
        with pytest.raises(ArgumentError, match="formula"):
            write_formula(sheet, 1, 1, bad)


class _Colour(Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (float("nan"), None),
        (float("inf"), None),
        (np.float64(2.5), 2.5),
        (np.int64(7), 7),
        (np.bool_(True), True),
        (True, True),
        (Decimal("1.25"), Decimal("1.25")),
        (Decimal("NaN"), None),
        (pd.NA, None),
        (pd.NaT, None),
        (_Colour.RED, "red"),
        (dt.date(2025, 1, 31), dt.date(2025, 1, 31)),
        ("a\x00b", "a\ufffdb"),
        ("", None),
        ("=1", "=1"),
    ],
)
def test_cell_value(value: object, expected: object) -> None:
    converted = cell_value(value)
    assert converted == expected
    assert type(converted) is type(expected)


def test_cell_value_drops_time_zone() -> None:
    aware = dt.datetime(2025, 1, 31, 9, 0, tzinfo=dt.UTC)
    assert cell_value(aware) == dt.datetime(2025, 1, 31, 9, 0)


def test_write_value_routes_text_through_write_text() -> None:
    sheet = openpyxl.Workbook().active
    assert sheet is not None
    assert write_value(sheet, 1, 1, "=1+1").data_type == "s"
    assert write_value(sheet, 2, 1, np.float64("nan")).value is None
    assert write_value(sheet, 3, 1, 4).value == 4


def test_clean_text() -> None:
    assert clean_text("a\x00b\x0bc\x1fd") == "a\ufffdb\ufffdc\ufffdd"
    assert clean_text("line\r\nnext\rlast") == "line\nnext\nlast"
    assert clean_text("tab\tkept\nnewline") == "tab\tkept\nnewline"
    long = "x" * (MAX_CELL_CHARS + 10)
    cut = clean_text(long)
    assert len(cut) == MAX_CELL_CHARS
    assert cut.endswith("…")
    assert clean_text("y" * MAX_CELL_CHARS) == "y" * MAX_CELL_CHARS


@given(st.text(min_size=1, max_size=60))
def test_any_text_round_trips_as_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    write_text(sheet, 1, 1, text)
    path = tmp_path_factory.mktemp("cells") / "text.xlsx"
    workbook.save(path)
    back = openpyxl.load_workbook(path).active
    assert back is not None
    assert back["A1"].value == clean_text(text)
    assert back["A1"].data_type == "s"
    assert "<f>" not in _sheet_xml(path)


@pytest.mark.parametrize("style", ["Title", "Headline 1", "Note"])
def test_a_named_style_keeps_the_quote_prefix(tmp_path: Path, style: str) -> None:
    """Assigning a named style replaces the cell's style; the prefix is applied after it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    write_text(sheet, 1, 1, "=1+1", style=style, number_format="@")
    set_style(write_text(sheet, 2, 1, "@SUM(1)"), style)
    write_value(sheet, 3, 1, "-2", style=style)
    plain = sheet.cell(row=4, column=1)
    plain.value = "=A1"
    plain.data_type = "s"
    plain.style = style  # what set_style exists to avoid: the prefix is gone
    path = tmp_path / "styled.xlsx"
    workbook.save(path)
    back = openpyxl.load_workbook(path).active
    assert back is not None
    for row in (1, 2, 3):
        cell = back.cell(row=row, column=1)
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
        assert cell.style == style
    assert back.cell(row=1, column=1).number_format == "@"
    assert not back.cell(row=4, column=1).quotePrefix


def test_set_style_leaves_other_cells_alone() -> None:
    sheet = openpyxl.Workbook().active
    assert sheet is not None
    assert not set_style(write_text(sheet, 1, 1, "Acme"), "Title").quotePrefix
    assert not set_style(write_value(sheet, 2, 1, 5), "Title").quotePrefix
    formula = set_style(write_formula(sheet, 3, 1, "=1+2"), "Title")
    assert formula.data_type == "f"
    assert not formula.quotePrefix


def test_a_leading_carriage_return_is_prefixed_once_stored() -> None:
    """clean_text stores a leading CR as LF; the stored text still gets the prefix."""
    sheet = openpyxl.Workbook().active
    assert sheet is not None
    cell = write_text(sheet, 1, 1, "\r=1+1")
    assert cell.value == "\n=1+1"
    assert cell.quotePrefix is True
    assert is_formula_like("\n=1")
    assert is_formula_like("\r=1")
