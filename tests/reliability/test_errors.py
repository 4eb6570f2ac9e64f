"""Our errors, with their place, where foreign exceptions or unclear messages used to be.

Output paths that the file system refuses are WriteErrors naming the path; ratings of
unknown vendors name the file, row and column and list the vendors; huge and non-finite
numbers in a questionnaire are refused at their ``Sheet!A1`` cell, within memory and time
limits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import vendoreval as ve
from tests.reliability import corpus
from tests.reliability.limits import CASE_SECONDS, probe
from vendoreval._atomic import atomic_write_text
from vendoreval.cli import app
from vendoreval.criteria import CriteriaPack
from vendoreval.errors import InputFileError, QuestionnaireError, WriteError
from vendoreval.io import dump_needs, dump_proposal, dump_proposals
from vendoreval.io.questionnaire import (
    fill_questionnaire,
    read_questionnaire,
    write_questionnaire,
)

NEEDS, SAMPLE = ve.load_sample()

# --------------------------------------------------------------------------------------------
# Output paths
# --------------------------------------------------------------------------------------------

WRITERS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "questionnaire": (".xlsx", lambda path: write_questionnaire(path, NEEDS)),
    "filled": (".xlsx", lambda path: fill_questionnaire(SAMPLE[0], path)),
    "proposal": (".yaml", lambda path: dump_proposal(SAMPLE[0], path)),
    "needs": (".json", lambda path: dump_needs(NEEDS, path)),
    "proposals": (".yaml", lambda path: dump_proposals(SAMPLE, path)),
    "pack": (".yaml", lambda path: CriteriaPack.load("eight-checks").dump(path)),
    "text": (".txt", lambda path: atomic_write_text(path, "x")),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("problem", ["300 characters", "NUL", "no folder", "a folder"])
def test_unusable_output_paths_are_write_errors(tmp_path: Path, writer: str, problem: str) -> None:
    suffix, write = WRITERS[writer]
    if problem == "300 characters":
        path = tmp_path / ("n" * 300 + suffix)
    elif problem == "NUL":
        path = tmp_path / f"a\x00b{suffix}"
    elif problem == "no folder":
        path = tmp_path / "absent" / f"x{suffix}"
    else:
        if writer == "proposals":
            pytest.skip("dump_proposals writes one file per vendor into an existing folder")
        path = tmp_path / f"folder{suffix}"
        path.mkdir()
    with pytest.raises(WriteError) as caught:
        write(path)
    assert repr(str(path)) in str(caught.value) or str(path) in str(caught.value)
    assert isinstance(caught.value, OSError)
    assert [item.name for item in tmp_path.iterdir() if item.name.startswith(".")] == []


@pytest.mark.parametrize("writer", ["questionnaire", "proposal", "text"])
def test_a_name_that_fits_is_written_whatever_its_temporary_name(
    tmp_path: Path, writer: str
) -> None:
    suffix, write = WRITERS[writer]
    path = tmp_path / ("n" * (255 - len(suffix)) + suffix)
    write(path)
    assert path.is_file()


def test_comparison_workbook_refuses_a_long_name_with_our_error(tmp_path: Path) -> None:
    ev = ve.evaluate(NEEDS, SAMPLE, "eight-checks", runs=20, seed=0)
    path = tmp_path / ("c" * 300 + ".xlsx")
    with pytest.raises(WriteError, match="File name too long"):
        ev.to_excel(path)


# --------------------------------------------------------------------------------------------
# Ratings of vendors that do not exist
# --------------------------------------------------------------------------------------------


@pytest.fixture
def ratings(tmp_path: Path) -> Path:
    path = tmp_path / "ratings.csv"
    path.write_text(
        "evaluator,vendor,item,rating\n"
        f"Kim,{SAMPLE[0].name},culture_fit,4\n"
        "Lee,Acme [/] Ltd,site_visit,3\n",
        encoding="utf-8",
    )
    return path


def test_unknown_vendor_in_ratings_names_file_row_column_and_vendors(ratings: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        ve.evaluate(NEEDS, SAMPLE, "eight-checks", runs=20, seed=0, assessments=ratings)
    message = str(caught.value)
    assert message.startswith(f"{ratings}, row 2 (line 3), column vendor: ")
    assert "unknown vendor 'Acme [/] Ltd'" in message
    assert ", ".join(p.name for p in SAMPLE) in message


def test_unknown_vendor_in_ratings_is_one_cli_line(tmp_path: Path, ratings: Path) -> None:
    dump_needs(NEEDS, tmp_path / "needs.yaml")
    dump_proposals(SAMPLE, tmp_path / "vendors")
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "--needs",
            str(tmp_path / "needs.yaml"),
            "--proposals",
            str(tmp_path / "vendors"),
            "--runs",
            "20",
            "--assessments",
            str(ratings),
        ],
    )
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert f"{ratings}, row 2 (line 3), column vendor: " in line
    assert "Acme [/] Ltd" in line


# --------------------------------------------------------------------------------------------
# Huge and non-finite numbers in questionnaires
# --------------------------------------------------------------------------------------------

# (sheet, cell, value written by openpyxl, expected text)
NUMBERS = [
    ("Coverage", "B6", 1e308, "Coverage!B6 (Seats at go-live): expected a whole number"),
    ("Coverage", "B6", 10**20, "too large"),
    ("Staffing", "B6", -1e300, "Staffing!B6 (Annual agent attrition): expected a fraction"),
    ("Pricing", "B8", 1e308, "Pricing!B8"),
    ("Pricing", "B8", "1e400", "too large"),
    ("Pricing", "B8", "-" + "9" * 400, "too large"),
    ("Pricing", "B8", Decimal("1E+16"), "too large"),
]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill_questionnaire(SAMPLE[0], tmp_path_factory.mktemp("q") / "q.xlsx", NEEDS)


def _with_value(source: Path, target: Path, sheet: str, ref: str, value: object) -> Path:
    workbook = openpyxl.load_workbook(source)
    workbook[sheet][ref] = value
    workbook.save(target)
    return target


@pytest.mark.parametrize(("sheet", "ref", "value", "expected"), NUMBERS)
def test_huge_numbers_in_answers_are_refused_at_their_cell(
    tmp_path: Path, filled: Path, sheet: str, ref: str, value: object, expected: str
) -> None:
    assert openpyxl.load_workbook(filled)["Pricing"]["A8"].value == "Price per billed voice minute"
    path = _with_value(filled, tmp_path / "q.xlsx", sheet, ref, value)
    with pytest.raises(QuestionnaireError) as caught:
        read_questionnaire(path)
    assert f"{sheet}!{ref}" in str(caught.value)
    assert expected in str(caught.value)


@pytest.mark.parametrize("raw", ["1e999", "-1E999", "1e400"])
def test_non_finite_numbers_in_the_sheet_xml_are_refused(
    tmp_path: Path, filled: Path, raw: str
) -> None:
    def change(parts: dict[str, bytes]) -> None:
        part = corpus.sheet_part(parts, "Coverage")
        text = parts[part].decode("utf-8")
        text, count = re.subn(r'(<c r="B6"[^>]*>)<v>[^<]*</v>', rf"\1<v>{raw}</v>", text)
        assert count == 1
        parts[part] = text.encode("utf-8")

    path = corpus.changed(filled, tmp_path / "q.xlsx", change)
    with pytest.raises(QuestionnaireError, match=r"Coverage!B6 \(Seats at go-live\)"):
        read_questionnaire(path)


def test_huge_numbers_are_refused_within_memory_and_time(tmp_path: Path, filled: Path) -> None:
    workbook = openpyxl.load_workbook(filled)
    workbook["Coverage"]["B6"] = 1e308
    workbook["Staffing"]["B6"] = 1e308
    workbook["Pricing"]["B8"] = "9" * 300
    path = tmp_path / "huge.xlsx"
    workbook.save(path)
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        re.sub(
            r"(?m)^(\s+weight: ).*$", r"\g<1>1.0e308", CriteriaPack.load("eight-checks").to_yaml()
        ),
        encoding="utf-8",
    )
    outcomes = probe([("questionnaire", path), ("criteria", pack)])
    for outcome in outcomes:
        assert outcome["ours"], outcome
        assert outcome["seconds"] < CASE_SECONDS, outcome
    assert "Coverage!B6" in outcomes[0]["message"]
    assert "Staffing!B6" in outcomes[0]["message"]
    assert "Pricing!B8" in outcomes[0]["message"]
    assert "1e+308 is too large" in outcomes[1]["message"]
