"""The comparison workbook's fast cell paths write exactly what XlsxWriter's own methods
write (vendoreval.io.excel.sheet).

The worksheets of the workbook put table cells into XlsxWriter's cell table directly and
write the XML of number, string and formula cells a row at a time. Each workbook here is
written twice — with those paths, and with a worksheet class that has only XlsxWriter's
public methods — and every part of the two files must be byte for byte the same (the
creation time in ``docProps/core.xml`` is pinned).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest

import vendoreval as ve
from tests.io.test_excel import make_content
from vendoreval.io.excel import sheet as sheet_module
from vendoreval.io.excel import write_content
from vendoreval.io.excel.after_signing import write_report_workbook

_CREATED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _plain_sheet_class() -> type[Any]:
    """XlsxWriter's worksheet with only the formula override of the package's class."""
    from xlsxwriter.worksheet import Worksheet

    class PlainSheet(Worksheet):  # type: ignore[misc]
        def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
            return formula[1:] if formula.startswith("=") else formula

    return PlainSheet


@pytest.fixture(autouse=True)
def _fixed_creation_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from xlsxwriter.workbook import Workbook

    original = Workbook.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.set_properties({"created": _CREATED})

    monkeypatch.setattr(Workbook, "__init__", init)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_both(write: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = write(tmp_path / "fast.xlsx")
    assert hasattr(sheet_module.formula_sheet_class(), "number_cell")
    with monkeypatch.context() as patch:
        patch.setattr(sheet_module, "_sheet_class", _plain_sheet_class)
        assert not hasattr(sheet_module.formula_sheet_class(), "number_cell")
        plain = write(tmp_path / "plain.xlsx")
    fast_parts, plain_parts = _parts(Path(fast)), _parts(Path(plain))
    assert list(fast_parts) == list(plain_parts)
    different = [name for name in fast_parts if fast_parts[name] != plain_parts[name]]
    assert different == []
    sheets = [name for name in fast_parts if name.startswith("xl/worksheets/sheet")]
    assert sheets
    assert all(b"<c r=" in fast_parts[name] for name in sheets)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_table_content_workbook(
    method: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_content(method)
    _write_both(lambda path: write_content(content, path), tmp_path, monkeypatch)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_sample_evaluation_workbook(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs, proposals = ve.load_sample()
    ev = ve.evaluate(needs, proposals, runs=300, seed=3)
    _write_both(lambda path: ev.to_excel(path, language=language), tmp_path, monkeypatch)


def test_after_signing_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.io.test_after_signing_workbooks import GRADES, calls
    from vendoreval.contract import sla_report

    report = sla_report(GRADES, calls(), month="2027-01")
    _write_both(
        lambda path: write_report_workbook(report, path, fees=1_000_000, language="ko"),
        tmp_path,
        monkeypatch,
    )


def _small_workbook(sheet_class: type[Any]) -> dict[str, bytes]:
    """Cells without a format in a formatted row and column, a row with a height only, a
    sheet with no cell, and every kind of cell the fast path leaves to XlsxWriter."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": _CREATED})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    sheet = book.add_worksheet("Cells", sheet_class)
    sheet.set_row(1, 20, bold)
    sheet.set_column(3, 3, 12, money)
    sheet.set_row(5, 30)
    sheet.write_number(1, 0, 1.5)  # the row's format
    sheet.write_string(1, 2, "text & <more>")
    sheet.write_number(2, 3, 1234.5)  # the column's format
    sheet.write_formula(2, 4, "=D3*2", None, 2469.0)
    sheet.write_formula(2, 5, '="a"&"b"', None, "ab")  # a text value: XlsxWriter's own path
    sheet.write_boolean(3, 0, True)
    sheet.write_blank(3, 1, None, bold)
    sheet.write_number(4, 16_000, -0.0)
    book.add_worksheet("Heights", sheet_class).set_row(3, 30)
    book.close()
    return _parts_of(buffer.getvalue())


def _parts_of(data: bytes) -> dict[str, bytes]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_row_and_column_formats_and_sheets_without_cells() -> None:
    fast = _small_workbook(sheet_module.formula_sheet_class())
    plain = _small_workbook(_plain_sheet_class())
    assert list(fast) == list(plain)
    assert [name for name in fast if fast[name] != plain[name]] == []
