"""Tests of the vendor questionnaire workbook (vendoreval.io.questionnaire).

Round trips are checked on the embedded sample vendors, on hypothesis-drawn proposals and,
when it is installed, through LibreOffice (a spreadsheet program that opens and re-saves
the file, as a vendor's would). Filled workbooks are then damaged cell by cell with
openpyxl to check that every refusal names the ``Sheet!A1`` cell and what was expected,
and hostile archives (zip bombs, macros, entity declarations) are crafted byte by byte.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from tests.reliability import corpus
from tests.strategies import proposals
from vendoreval.checks import ClientReference, ReferencesAnswer
from vendoreval.datasets import load_sample
from vendoreval.errors import ArgumentError, QuestionnaireError, VendorEvalError
from vendoreval.io.cells import clean_text
from vendoreval.io.questionnaire import (
    fill_questionnaire,
    read_questionnaire,
    write_questionnaire,
)
from vendoreval.proposal import VendorProposal

NEEDS, SAMPLE = load_sample()
BY_NAME = {proposal.name: proposal for proposal in SAMPLE}
HANGANG = BY_NAME["Hangang CX"]


def _filled(tmp_path: Path, proposal: VendorProposal = HANGANG, name: str = "q.xlsx") -> Path:
    return fill_questionnaire(proposal, tmp_path / name, NEEDS)


def _edit(path: Path, change: Callable[[Any], None]) -> Path:
    """Open a workbook with openpyxl, apply ``change(workbook)`` and save it."""
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def _set(path: Path, sheet: str, ref: str, value: object) -> Path:
    def change(workbook: Any) -> None:
        workbook[sheet][ref] = value

    return _edit(path, change)


def _row_of(path: Path, sheet: str, text: str) -> int:
    """Row whose column A holds ``text`` (to find a table's title)."""
    ws = openpyxl.load_workbook(path)[sheet]
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if cell.value == text:
            return int(cell.row)
    raise AssertionError(f"{text!r} not in column A of {sheet}")


def _problems(path: Path, max_bytes: int = 5_000_000, max_rows: int = 2_000) -> str:
    with pytest.raises(QuestionnaireError) as info:
        read_questionnaire(path, max_bytes=max_bytes, max_rows=max_rows)
    return str(info.value)


# --------------------------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_sample_vendor_round_trips(tmp_path: Path, name: str) -> None:
    proposal = BY_NAME[name]
    path = fill_questionnaire(proposal, tmp_path / "q.xlsx", NEEDS)
    assert read_questionnaire(path) == proposal


def test_round_trip_through_libreoffice(tmp_path: Path) -> None:
    """LibreOffice opens and re-saves every filled questionnaire; the answers survive."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not on PATH")
    paths = [_filled(tmp_path, p, f"vendor{i}.xlsx") for i, p in enumerate(SAMPLE)]
    out = tmp_path / "converted"
    command = [
        soffice,
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        *map(str, paths),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300, env={**os.environ})
    for proposal, path in zip(SAMPLE, paths, strict=True):
        assert read_questionnaire(out / path.name) == proposal


def _storable(proposal: VendorProposal) -> VendorProposal:
    """The proposal as a workbook holds it: floats to 16 significant digits (openpyxl
    writes numbers with ``"%.16g"``) and text with the characters XML forbids replaced."""

    def convert(value: Any) -> Any:
        if isinstance(value, Enum | bool):
            return value
        if isinstance(value, float):
            return float(f"{value:.16g}")
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, dict):
            return {convert(key): convert(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [convert(item) for item in value]
        return value

    return VendorProposal.model_validate(convert(proposal.model_dump()))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposal=proposals())
def test_drawn_proposals_round_trip(
    tmp_path_factory: pytest.TempPathFactory, proposal: Any
) -> None:
    path = fill_questionnaire(proposal, tmp_path_factory.mktemp("drawn") / "q.xlsx")
    assert read_questionnaire(path) == _storable(proposal)


def test_exact_numbers_and_money_survive(tmp_path: Path) -> None:
    """Amounts a number cell cannot hold exactly are kept as their digits."""
    sheet = HANGANG.sheet.model_copy(
        update={
            "voice_rate_per_minute": Decimal("123456789012.3456789"),
            "setup_fee": Decimal("0.1"),
            "monthly_fixed": Decimal("1E-30"),
        }
    )
    proposal = HANGANG.model_copy(
        update={"pricing": HANGANG.pricing.model_copy(update={"sheet": sheet})}
    )
    back = read_questionnaire(_filled(tmp_path, proposal))
    assert back.sheet.voice_rate_per_minute == Decimal("123456789012.3456789")
    assert back.sheet.setup_fee == Decimal("0.1")
    assert back.sheet.monthly_fixed == Decimal("1E-30")


def test_tables_grow_beyond_the_template(tmp_path: Path) -> None:
    references = tuple(
        ClientReference(client=f"Client {i}", industry="retail", years=i) for i in range(15)
    )
    proposal = HANGANG.model_copy(update={"references": ReferencesAnswer(references=references)})
    assert read_questionnaire(_filled(tmp_path, proposal)) == proposal


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    name = '=HYPERLINK("http://attacker.example","click")'
    proposal = HANGANG.model_copy(update={"name": name, "summary": "+1 and @all -dash"})
    path = _filled(tmp_path, proposal)
    cell = openpyxl.load_workbook(path)["Instructions"]["B4"]
    assert cell.data_type == "s"
    assert cell.value == name
    assert cell.quotePrefix is True  # kept through the input cell's named style
    assert cell.style == "vq_input"
    back = read_questionnaire(path)
    assert back.name == name
    assert back.summary == "+1 and @all -dash"


# --------------------------------------------------------------------------------------------
# A blank questionnaire
# --------------------------------------------------------------------------------------------


def test_blank_questionnaire_layout(tmp_path: Path) -> None:
    path = write_questionnaire(tmp_path / "blank.xlsx", NEEDS, vendor_name="Acme")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "Instructions",
        "Coverage",
        "References",
        "Staffing",
        "CRM",
        "Social",
        "Location",
        "Security",
        "Pricing",
        "Commitments",
        "Terms",
    ]
    security = workbook["Security"]
    assert [security.cell(3, c).value for c in (1, 2, 3)] == [
        "Field",
        "Answer",
        "Unit / allowed values",
    ]
    assert security["A5"].value == "Separation of the buyer's data"
    assert security.freeze_panes == "A4"
    assert security.protection.sheet
    assert security["B5"].protection.locked is False
    assert security["A5"].protection.locked is True
    lists = {dv.formula1: str(dv.sqref) for dv in security.data_validations.dataValidation}
    assert "B5" in lists['"shared,logical,dedicated"']
    assert "B6" in lists['"yes,no"']
    assert workbook["Instructions"]["B4"].value == "Acme"


def test_buyer_context_without_budget_or_competitors(tmp_path: Path) -> None:
    path = write_questionnaire(tmp_path / "blank.xlsx", NEEDS)
    texts = [
        str(cell.value)
        for ws in openpyxl.load_workbook(path)
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    joined = "\n".join(texts)
    assert "Hanbit Mall" in joined
    assert "36000" in texts  # phone contacts a month, stated on the Instructions sheet
    assert "the buyer requires isms_p, pci_dss" in joined
    assert "400000000" not in joined
    for competitor in NEEDS.competitors:
        assert competitor not in joined


def test_blank_check_sheets_are_not_answered(tmp_path: Path) -> None:
    path = write_questionnaire(tmp_path / "blank.xlsx", vendor_name="Acme")

    def price(workbook: Any) -> None:
        ws = workbook["Pricing"]
        ws["B4"] = "KRW"
        ws["B5"] = "30/6"
        ws["B8"] = 650

    back = read_questionnaire(_edit(path, price))
    assert back.name == "Acme"
    assert [back.answer(check) for check in ("coverage", "crm", "security")] == [None] * 3
    assert back.sheet.billing_increment.first == 30
    assert back.sheet.voice_rate_per_minute == Decimal(650)
    assert back.sheet.premiums is None


def test_blank_pricing_is_required(tmp_path: Path) -> None:
    path = write_questionnaire(tmp_path / "blank.xlsx", vendor_name="Acme")
    assert "Pricing!B4" in _problems(path)


# --------------------------------------------------------------------------------------------
# Answers that are refused, each at its cell
# --------------------------------------------------------------------------------------------


def test_formula_in_an_answer_is_refused(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Security", "B5", '=IF(1,"dedicated","shared")')
    text = _problems(path)
    assert "Security!B5 (Separation of the buyer's data)" in text
    assert "formulas are not accepted in answers; type the value" in text


def test_formula_in_a_table_cell_is_refused(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    first = _row_of(path, "Location", "Delivery sites — one site per row") + 3
    _set(path, "Location", f"D{first}", "=100+50")
    assert f"Location!D{first} (Seats): formulas are not accepted" in _problems(path)


def test_text_in_a_number_field(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Coverage", "B6", "yes")
    text = _problems(path)
    assert "Coverage!B6 (Seats at go-live): expected a whole number such as 12" in text
    assert "'yes'" in text


def test_number_typed_as_text(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Coverage", "B6", "110")
    expected = (
        "Coverage!B6 (Seats at go-live): expected a whole number such as 12, got text '110': "
        "the cell holds the number as text"
    )
    assert expected in _problems(path)


def test_percentage_in_a_share(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Staffing", "B6", "12%")
    text = _problems(path)
    assert "Staffing!B6 (Annual agent attrition)" in text
    assert "'12%' is a percentage" in text
    assert "0.12" in text


def test_share_above_one_names_the_cell(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Staffing", "B6", 12)
    text = _problems(path)
    assert "Staffing!B6 (Annual agent attrition)" in text
    assert "fraction between 0 and 1" in text


def test_misspelled_choice_lists_the_allowed_values(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Security", "B5", "dedicted")
    text = _problems(path)
    assert "Security!B5" in text
    assert "did you mean 'dedicated'?" in text
    assert "shared, logical, dedicated" in text


def test_misspelled_item_of_a_list(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Coverage", "B4", "phone, chta, email")
    text = _problems(path)
    assert "Coverage!B4 (Channels offered): 'chta' is not an allowed value" in text
    assert "phone, email, chat, social, messaging" in text


def test_choices_are_case_insensitive(tmp_path: Path) -> None:
    back = read_questionnaire(_set(_filled(tmp_path), "Security", "B5", " Dedicated "))
    assert back.security is not None
    assert back.security.segregation.value == "dedicated"


def test_yes_no_is_strict(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "CRM", "B7", "maybe")
    assert "CRM!B7 (Interactions written into the buyer's CRM): expected yes or no" in _problems(
        path
    )


def test_model_errors_are_reported_at_table_cells(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    first = _row_of(path, "Location", "Delivery sites — one site per row") + 3
    _set(path, "Location", f"A{first + 1}", "Mexico")
    text = _problems(path)
    assert f"Location!A{first + 1} (Country): unknown country 'Mexico'" in text


def test_missing_required_answer(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Coverage", "B6", None)
    assert "Coverage!B6 (Seats at go-live): required" in _problems(path)


def test_every_problem_is_listed(tmp_path: Path) -> None:
    def damage(workbook: Any) -> None:
        workbook["Coverage"]["B6"] = "many"
        workbook["Security"]["B5"] = "=B4"
        workbook["Pricing"]["B4"] = "krw"

    text = _problems(_edit(_filled(tmp_path), damage))
    assert "(3 problems)" in text
    assert text.index("Coverage!B6") < text.index("Security!B5") < text.index("Pricing!B4")
    assert "codes are upper case" in text


def test_premiums_marked_no_with_details(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    marker = _row_of(path, "Pricing", "Surcharges (premiums) charged")
    _set(path, "Pricing", f"B{marker}", "no")
    text = _problems(path)
    assert f"Pricing!B{marker} (Surcharges (premiums) charged): is 'no' but details" in text


def test_duplicate_key_in_a_mapping_table(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    first = _row_of(path, "Pricing", "Price per handled contact — one channel per row") + 3
    _set(path, "Pricing", f"A{first + 1}", "email")  # the rows are email, social
    assert f"Pricing!A{first + 1} (Channel): 'email' is listed twice" in _problems(path)


def test_increment_turned_into_a_date(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Pricing", "B5", dt.datetime(2025, 6, 30))
    assert "Pricing!B5 (Billing increment): the cell holds the date and time" in _problems(path)


def test_times_and_dates_typed_as_spreadsheet_values(tmp_path: Path) -> None:
    """A time typed into an unformatted cell arrives as a time; a date as text is read."""
    path = _filled(tmp_path)
    title = "Hours social care is staffed (buyer's time zone) — one weekly window per row"
    first = _row_of(path, "Social", title) + 3
    _set(path, "Social", f"C{first}", dt.time(7, 30))
    _set(path, "Security", "B7", "2025-06-30")
    back = read_questionnaire(path)
    assert back.social is not None
    assert back.social.hours is not None
    assert back.social.hours.windows[0].start == "07:30"
    assert back.security is not None
    assert back.security.disaster_recovery.last_tested == dt.date(2025, 6, 30)


def test_changed_layout_is_reported(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Coverage", "A6", "Seats")
    assert "the row 'Seats at go-live' is missing from column A" in _problems(path)


def test_changed_table_header_is_reported(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    header = _row_of(path, "Location", "Delivery sites — one site per row") + 1
    text = _problems(_set(path, "Location", f"B{header}", "Town"))
    assert f"Location!B{header} (Delivery sites — one site per row): expected the column " in text
    assert "(1 problem)" in text


# --------------------------------------------------------------------------------------------
# Hostile or unreadable files
# --------------------------------------------------------------------------------------------


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    size = path.stat().st_size
    assert f"the file is {size:,} bytes; at most 1,000 bytes" in _problems(path, max_bytes=1000)


def test_too_many_rows_are_refused(tmp_path: Path) -> None:
    path = _set(_filled(tmp_path), "Coverage", "A2500", "x")
    assert "sheet 'Coverage' uses rows up to 2,500; at most 2,000 rows" in _problems(path)


def test_max_rows_applies_to_every_sheet(tmp_path: Path) -> None:
    assert "at most 30 rows are accepted" in _problems(_filled(tmp_path), max_rows=30)


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


_CONTENT_TYPES = b'<?xml version="1.0" encoding="UTF-8"?><Types/>'


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "bomb.xlsx",
        {"[Content_Types].xml": _CONTENT_TYPES, "xl/worksheets/sheet1.xml": bytes(4 * 2**20)},
    )
    assert path.stat().st_size < 50_000
    assert "possible zip bomb" in _problems(path)


def test_zip_bomb_by_total_size_is_refused(tmp_path: Path) -> None:
    parts = {f"xl/media/image{i}.bin": bytes(2**20) for i in range(60)}
    path = _zip(tmp_path / "bomb.xlsx", {"[Content_Types].xml": _CONTENT_TYPES, **parts})
    assert "unpacks to more than 50 MiB; refused as a possible zip bomb" in _problems(path)


def _rezip(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    return _zip(target, parts)


def test_macros_are_refused(tmp_path: Path) -> None:
    source = _filled(tmp_path)
    with_vba = _rezip(
        source, tmp_path / "vba.xlsx", lambda parts: parts.update({"xl/vbaProject.bin": b"\0"})
    )
    assert "contains macros (xl/vbaProject.bin)" in _problems(with_vba)
    xlsm = shutil.copy(source, tmp_path / "q.xlsm")
    assert "macro-enabled workbooks (.xlsm) are not accepted" in _problems(Path(xlsm))

    def macro_type(parts: dict[str, bytes]) -> None:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"sheet.main+xml", b"sheet.macroEnabled.main+xml"
        )

    enabled = _rezip(source, tmp_path / "enabled.xlsx", macro_type)
    assert "the workbook is macro-enabled" in _problems(enabled)


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def inject(parts: dict[str, bytes]) -> None:
        body = parts["xl/workbook.xml"].split(b"?>", 1)[-1]
        parts["xl/workbook.xml"] = laughs + body

    path = _rezip(_filled(tmp_path), tmp_path / "laughs.xlsx", inject)
    assert "declares an XML document type or entity" in _problems(path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("plain.xlsx", b"Vendor,Answer\n", "not a zip archive"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "binary Excel files (.xls) are not accepted"),
        ("answers.csv", b"a,b\n", "expected an Excel workbook whose name ends in .xlsx"),
    ],
)
def test_files_that_are_not_workbooks(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in _problems(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _problems(tmp_path / "absent.xlsx")


def test_other_workbooks_are_not_questionnaires(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    assert "not a vendor questionnaire" in _problems(path)


def test_bad_arguments(tmp_path: Path) -> None:
    """Bad arguments are ArgumentError: a VendorEvalError and a ValueError."""
    with pytest.raises(ArgumentError, match=r"expected a file name ending in \.xlsx"):
        write_questionnaire(tmp_path / "q.xls")
    with pytest.raises(ArgumentError, match="max_rows"):
        read_questionnaire(tmp_path / "q.xlsx", max_rows=0)
    with pytest.raises(ArgumentError, match="proposal: expected a VendorProposal"):
        fill_questionnaire(NEEDS, tmp_path / "q.xlsx")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="vendor_name: expected text"):
        write_questionnaire(tmp_path / "q.xlsx", vendor_name=3)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="needs: expected a Needs"):
        write_questionnaire(tmp_path / "q.xlsx", HANGANG)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="layout: expected a Layout"):
        read_questionnaire(tmp_path / "q.xlsx", layout="Pricing")  # type: ignore[arg-type]
    assert issubclass(ArgumentError, ValueError)
    assert issubclass(ArgumentError, VendorEvalError)
    assert not (tmp_path / "q.xlsx").exists()


def test_bzip2_parts_are_refused_unread(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "bz.xlsx", "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/worksheets/sheet1.xml", bytes(2**20))
    assert "is compressed with bzip2; only stored and deflate" in _problems(tmp_path / "bz.xlsx")


def test_a_part_unpacking_beyond_its_declared_size_is_refused(tmp_path: Path) -> None:
    """The sizes a zip declares are input: unpacking stops where the declared size ends."""
    honest = corpus.entry("xl/media/a.bin", bytes(3 * 2**20))
    lying = dataclasses.replace(honest, file_size=1000)
    path = tmp_path / "lying.xlsx"
    path.write_bytes(corpus.raw_zip([corpus.entry("[Content_Types].xml", _CONTENT_TYPES), lying]))
    assert "unpacks to more than the 1,000 bytes the archive declares" in _problems(path)


def test_entities_in_a_part_of_any_name_are_refused(tmp_path: Path) -> None:
    def hide(parts: dict[str, bytes]) -> None:
        body = parts["xl/worksheets/sheet1.xml"].split(b"?>", 1)[-1]
        parts["xl/worksheets/sheet1.bin"] = b'<!DOCTYPE x [<!ENTITY e "E">]>' + body
        del parts["xl/worksheets/sheet1.xml"]
        for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            parts[name] = parts[name].replace(b"sheet1.xml", b"sheet1.bin")

    path = _rezip(_filled(tmp_path), tmp_path / "bin.xlsx", hide)
    assert "part xl/worksheets/sheet1.bin declares an XML document type" in _problems(path)


def test_a_row_number_with_a_space_is_refused_at_its_place(tmp_path: Path) -> None:
    def space(parts: dict[str, bytes]) -> None:
        sheet = "xl/worksheets/sheet2.xml"  # Coverage
        parts[sheet] = parts[sheet].replace(b'<row r="6"', b'<row r=" 6"', 1)

    path = _rezip(_filled(tmp_path), tmp_path / "space.xlsx", space)
    assert "Coverage!A6: the row number ' 6' is malformed" in _problems(path)


def test_missing_pricing_sheet_is_reported_as_that_sheet(tmp_path: Path) -> None:
    def drop(workbook: Any) -> None:
        del workbook["Pricing"]

    text = _problems(_edit(_filled(tmp_path), drop))
    assert "(1 problem)" in text
    assert "Pricing (sheet): the sheet 'Pricing' is missing" in text
    assert "Vendor name" not in text


@pytest.mark.parametrize(("ref", "value"), [("B6", 1e308), ("B6", 10**16), ("B8", "1e400")])
def test_absurd_numbers_are_refused_at_their_cell(tmp_path: Path, ref: str, value: object) -> None:
    sheet = "Coverage" if ref == "B6" else "Pricing"
    text = _problems(_set(_filled(tmp_path), sheet, ref, value))
    assert f"{sheet}!{ref}" in text
    assert "too large: answers are at most 1e+15 in size" in text
