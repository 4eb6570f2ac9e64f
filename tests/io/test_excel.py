"""Tests of the Excel comparison workbook (vendoreval.io.excel).

The live formulas are checked by recalculating the written file with an independent
engine — the ``formulas`` package (a Python Excel interpreter) and, when it is installed,
LibreOffice — and comparing with :mod:`vendoreval.ranking`.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from vendoreval.errors import WriteError
from vendoreval.io.excel import (
    CALC_FIRST_ROW,
    WorkbookContent,
    build_workbook,
    cost_histogram,
    ranking_headers,
    sheet_names,
    short_value,
    top_reasons,
    vendor_numbers,
    write_content,
    write_workbook,
)
from vendoreval.io.excel_labels import LANGUAGES, SHEETS, labels
from vendoreval.mcda import aggregate, rank_order

CRITERIA = ["coverage", "references", "security", "cost"]
WEIGHTS = [0.4, 0.3, 0.2, 0.1]

# Six vendors built to exercise every rule of the ranking:
# * "Acme" and "acme" have identical scores and costs: the tie goes to the name that sorts
#   first by code point ("A" < "a"), which a case-insensitive spreadsheet comparison
#   could not decide;
# * "Bolt" and "Cirrus" have identical scores: the tie goes to the cheaper "Cirrus";
# * "Dyn" has the best scores but failed a knock-out: it ranks last whatever the weights;
# * "Échelle" (a non-ASCII name) leads with the stated weights.
VENDORS = ["Acme", "acme", "Bolt", "Cirrus", "Dyn", "Échelle"]
SCORES = [
    [70.0, 60.0, 80.0, 50.0],
    [70.0, 60.0, 80.0, 50.0],
    [90.0, 40.0, 60.0, 70.0],
    [90.0, 40.0, 60.0, 70.0],
    [100.0, 100.0, 100.0, 100.0],
    [60.0, 90.0, 70.0, 80.0],
]
PASSED = [True, True, True, True, False, True]
COSTS = [1000.0, 1000.0, 1200.0, 1100.0, 900.0, 1500.0]

# Raising the weight of "coverage" from 0.4 to 0.8 lifts Cirrus and Bolt above Acme.
EDITED = ("coverage", 0.8)

PAYLOAD_NAMES = ["=1+1", "@SUM(1,1)", "+cmd|' /C calc'!A0", "-2", "\tx"]


# ----------------------------------------------------------------------------- helpers


def make_content(
    method: str = "weighted_sum",
    *,
    names: list[str] | None = None,
    currency: str = "KRW",
    knockout_text: str = "security.required_certifications: missing iso27001",
    reason_text: str = "covers every channel",
) -> WorkbookContent:
    """A small hand-built content whose ranking comes from vendoreval.ranking."""
    names = list(VENDORS if names is None else names)
    scores = pd.DataFrame(SCORES, index=pd.Index(names, name="vendor"), columns=CRITERIA)
    weights = pd.Series(WEIGHTS, index=CRITERIA)
    passed = np.array(PASSED)
    costs = np.array(COSTS)
    values = aggregate(scores.to_numpy(), weights.to_numpy(), method)
    ranks = rank_order(values, passed, costs, names)
    ranking = pd.DataFrame(
        {
            "rank": ranks,
            "score": values,
            "passed": passed,
            "monthly_cost_mean": costs,
            "monthly_cost_p95": costs * 1.25,
            "knockouts": ["" if ok else knockout_text for ok in passed],
        },
        index=scores.index,
    ).sort_values("rank")
    summary = pd.DataFrame(
        {
            "mean": costs,
            "std": costs * 0.1,
            "p5": costs * 0.85,
            "p50": costs,
            "p95": costs * 1.25,
            "prob_over_budget": np.linspace(0.0, 0.5, len(names)),
        },
        index=scores.index,
    )
    rng = np.random.default_rng(7)
    samples = pd.DataFrame(costs * rng.lognormal(0.0, 0.1, (400, len(names))), columns=names)
    checks = pd.DataFrame(
        [[f"{n} seats" for n in range(len(names))], [True, False, True, True, None, False]],
        index=pd.MultiIndex.from_tuples(
            [("coverage", "seats"), ("coverage", "covers_holidays")], names=["check", "item"]
        ),
        columns=names,
        dtype=object,
    )
    check_scores = pd.DataFrame([scores["coverage"].to_numpy()], index=["coverage"], columns=names)
    reasons = pd.DataFrame([[reason_text] * len(names)], index=["coverage"], columns=names)
    knockouts = pd.DataFrame(
        [["" if ok else knockout_text for ok in passed]], index=["coverage"], columns=names
    )
    acceptability = pd.DataFrame(
        np.eye(len(names))[ranks - 1], index=scores.index, columns=range(1, len(names) + 1)
    )
    stability = pd.DataFrame(
        {
            "criterion": CRITERIA,
            "weight": WEIGHTS,
            "low": [0.1, 0.0, 0.0, 0.0],
            "high": [0.6, 1.0, 1.0, 0.5],
            "rival_low": [names[2], None, None, None],
            "rival_high": [names[3], None, None, names[0]],
        }
    )
    stability.attrs["winner"] = ranking.index[0]
    return WorkbookContent(
        buyer="Hanbit Telecom",
        method=method,
        currency=currency,
        scores=scores,
        weights=weights,
        ranking=ranking,
        costs=summary,
        criterion_labels={"coverage": "Needs & coverage"},
        top_reasons=top_reasons(scores, weights, str(ranking.index[0])),
        assumptions=pd.DataFrame(
            {
                "channel": ["phone", "chat"],
                "volume_per_month": [40_000, 12_000],
                "aht_seconds": [300.0, 420.0],
                "service_level": ["80% answered within 20 s", "80% answered within 60 s"],
            }
        ),
        runs=400,
        seed=7,
        cost_drivers=pd.DataFrame(
            {"billing_increment": ["60/60"] * len(names), "billed_wait_cost": costs * 0.02},
            index=scores.index,
        ),
        money_columns=("billed_wait_cost",),
        staffing=pd.DataFrame(
            {"peak_agents": [42.0, 9.0], "fte": [61.5, 12.25]},
            index=pd.Index(["phone", "chat"], name="channel"),
        ),
        cost_histogram=cost_histogram(samples, 12),
        checks=checks,
        check_scores=check_scores,
        check_reasons=reasons,
        check_knockouts=knockouts,
        acceptability=acceptability,
        weight_stability=stability,
        version="0.1.0",
    )


@functools.cache
def sample_evaluation(method: str) -> Any:
    """The embedded sample evaluated with ``method`` (300 cost runs, seed 0)."""
    from vendoreval.datasets import load_sample
    from vendoreval.evaluation import evaluate

    return evaluate(*load_sample(), method=method, runs=300, seed=0)


def recalculate(path: Path) -> dict[tuple[str, str], Any]:
    """Recalculate a workbook with the ``formulas`` package: (SHEET, A1) → value."""
    import formulas  # type: ignore[import-untyped]

    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values: dict[tuple[str, str], Any] = {}
    for key, result in solution.items():
        sheet, _, cell = key.rpartition("!")
        if ":" in cell:
            continue
        sheet = sheet.strip("'")
        sheet = sheet[sheet.index("]") + 1 :]
        value = getattr(result, "value", result)
        values[(sheet.upper(), cell.upper())] = np.asarray(value).ravel()[0]
    return values


def ranking_columns(path: Path, language: str = "en") -> dict[str, str]:
    """Column letter of each Ranking header, found by its text in row 1."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[sheet_names(language)["ranking"]]
    letters = {str(cell.value): cell.column_letter for cell in sheet[1] if cell.value}
    return {key: letters[text] for key, text in ranking_headers(language).items()}


def ranking_from_solution(
    path: Path, values: dict[tuple[str, str], Any], language: str = "en"
) -> pd.DataFrame:
    """Vendor → recalculated score and rank, read from the Ranking sheet."""
    columns = ranking_columns(path, language)
    sheet_name = sheet_names(language)["ranking"]
    sheet = openpyxl.load_workbook(path)[sheet_name]
    rows = []
    for row in range(2, sheet.max_row + 1):
        vendor = sheet[f"{columns['vendor']}{row}"].value
        if vendor is None:
            break
        rows.append(
            {
                "vendor": vendor,
                "score": float(values[(sheet_name.upper(), f"{columns['score']}{row}")]),
                "rank": int(values[(sheet_name.upper(), f"{columns['rank']}{row}")]),
            }
        )
    return pd.DataFrame(rows).set_index("vendor")


def expected_ranking(method: str, weights: list[float]) -> pd.DataFrame:
    values = aggregate(np.array(SCORES), np.array(weights), method)
    ranks = rank_order(values, np.array(PASSED), np.array(COSTS), VENDORS)
    return pd.DataFrame({"score": values, "rank": ranks}, index=pd.Index(VENDORS, name="vendor"))


def edit_weight(path: Path, target: Path, criterion: str, weight: float, language: str) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[sheet_names(language)["weights"]]
    rows = [cell.row for cell in sheet["A"] if cell.value == criterion]
    assert len(rows) == 1, f"criterion {criterion!r} not found once in column A"
    sheet[f"B{rows[0]}"] = weight
    workbook.save(target)


def assert_same_ranking(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    actual = actual.loc[expected.index]
    np.testing.assert_allclose(actual["score"], expected["score"], rtol=1e-9, atol=0)
    assert actual["rank"].tolist() == expected["rank"].tolist()


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", params=["weighted_sum", "topsis"])
def method(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def written(method: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp(f"book_{method}") / "comparison.xlsx"
    write_content(make_content(method), path)
    return path


@pytest.fixture(scope="module")
def edited(written: Path, method: str) -> Path:
    target = written.with_name("edited.xlsx")
    edit_weight(written, target, EDITED[0], EDITED[1], "en")
    return target


# ----------------------------------------------------------------------------- live formulas


def test_recalculated_ranking_matches_library(written: Path, method: str) -> None:
    actual = ranking_from_solution(written, recalculate(written))
    expected = expected_ranking(method, WEIGHTS)
    assert_same_ranking(actual, expected)
    # the rows are written best first
    assert actual["rank"].tolist() == list(range(1, len(VENDORS) + 1))


def test_edited_weight_reranks_like_the_library(written: Path, edited: Path, method: str) -> None:
    weights = [EDITED[1] if c == EDITED[0] else w for c, w in zip(CRITERIA, WEIGHTS, strict=True)]
    before = expected_ranking(method, WEIGHTS)
    expected = expected_ranking(method, weights)
    assert before["rank"].tolist() != expected["rank"].tolist(), "the edit must re-rank"
    actual = ranking_from_solution(edited, recalculate(edited))
    assert_same_ranking(actual, expected)
    ranks = actual["rank"]
    # the knocked-out vendor has the best scores yet stays below every vendor that passed
    assert ranks["Dyn"] == len(VENDORS)
    # identical scores: the cheaper vendor first, then the name by code point
    assert ranks["Cirrus"] < ranks["Bolt"]
    assert ranks["Acme"] + 1 == ranks["acme"]


def test_sorting_the_scores_sheet_keeps_scores_with_their_vendors(
    written: Path, method: str
) -> None:
    """Reorder the Scores rows (as a sort in Excel would): every score stays with its vendor."""
    workbook = openpyxl.load_workbook(written)
    scores = workbook["Scores"]
    rows = [[cell.value for cell in row] for row in scores.iter_rows(min_row=2)]
    for offset, values in enumerate(reversed(rows)):
        for column, value in enumerate(values, start=1):
            scores.cell(row=offset + 2, column=column).value = value
    assert scores["A2"].value == rows[-1][0]
    target = written.with_name("sorted.xlsx")
    workbook.save(target)
    actual = ranking_from_solution(target, recalculate(target))
    assert_same_ranking(actual, expected_ranking(method, WEIGHTS))


def test_rank_ties_follow_code_point_names(tmp_path: Path) -> None:
    """Every vendor tied on score and cost: ranks follow Python's string order."""
    names = ["b", "B", "a", "À", "A"]
    scores = pd.DataFrame(np.full((5, 2), 50.0), index=names, columns=["coverage", "cost"])
    weights = pd.Series([0.5, 0.5], index=scores.columns)
    ranks = rank_order(np.full(5, 50.0), np.ones(5, bool), np.full(5, 10.0), names)
    ranking = pd.DataFrame(
        {
            "rank": ranks,
            "score": 50.0,
            "passed": True,
            "monthly_cost_mean": 10.0,
            "monthly_cost_p95": 12.0,
            "knockouts": "",
        },
        index=names,
    ).sort_values("rank")
    content = WorkbookContent(
        buyer="b",
        method="weighted_sum",
        currency="USD",
        scores=scores,
        weights=weights,
        ranking=ranking,
    )
    path = write_content(content, tmp_path / "ties.xlsx")
    actual = ranking_from_solution(path, recalculate(path))
    assert actual["rank"].to_dict() == dict(zip(names, ranks.tolist(), strict=True))
    assert list(actual.sort_values("rank").index) == sorted(names)


def test_float_round_off_does_not_split_a_tie(tmp_path: Path) -> None:
    """Exactly tied in exact arithmetic, apart by 1 ulp in the spreadsheet's arithmetic.

    With weights 0.1/0.2/0.7, (22, 46, 70) and (71, 4, 75) both score 60.4 exactly; summed
    left to right in floating point the first comes out 60.400000000000006 and the second
    60.4. The library ties them (tolerance 1e-9) and prefers the cheaper "Q"; so must the
    workbook.
    """
    names = ["P", "Q", "R"]
    scores = pd.DataFrame(
        [[22.0, 46.0, 70.0], [71.0, 4.0, 75.0], [10.0, 10.0, 10.0]],
        index=names,
        columns=["coverage", "references", "cost"],
    )
    weights = pd.Series([0.1, 0.2, 0.7], index=scores.columns)
    costs = np.array([200.0, 100.0, 50.0])
    values = aggregate(scores.to_numpy(), weights.to_numpy(), "weighted_sum")
    ranks = rank_order(values, np.ones(3, bool), costs, names)
    assert ranks.tolist() == [2, 1, 3]
    ranking = pd.DataFrame(
        {
            "rank": ranks,
            "score": values,
            "passed": True,
            "monthly_cost_mean": costs,
            "monthly_cost_p95": costs,
            "knockouts": "",
        },
        index=names,
    ).sort_values("rank")
    content = WorkbookContent(
        buyer="b",
        method="weighted_sum",
        currency="USD",
        scores=scores,
        weights=weights,
        ranking=ranking,
    )
    path = write_content(content, tmp_path / "roundoff.xlsx")
    values_by_cell = recalculate(path)
    calc_scores = [values_by_cell[("CALC", f"F{row}")] for row in (7, 8)]
    assert calc_scores[0] != calc_scores[1], "the engine's sums differ in the last bit"
    actual = ranking_from_solution(path, values_by_cell)
    assert actual["rank"].to_dict() == {"P": 2, "Q": 1, "R": 3}


# ----------------------------------------------------------------------------- LibreOffice


def _libreoffice_convert(paths: list[Path], out: Path) -> list[Path]:
    """Open and re-save with LibreOffice, which recalculates formulas without cached values."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    profile = out / "profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out / "converted"),
        *map(str, paths),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300, env={**os.environ})
    converted = [out / "converted" / path.name for path in paths]
    for path in converted:
        assert path.is_file(), f"LibreOffice did not convert {path.name}"
    return converted


def _ranking_from_cache(path: Path, language: str) -> pd.DataFrame:
    sheet = openpyxl.load_workbook(path, data_only=True)[sheet_names(language)["ranking"]]
    header = [cell.value for cell in sheet[1]]
    headers = ranking_headers(language)
    position = {key: header.index(text) for key, text in headers.items()}
    rows = [
        {
            "vendor": row[position["vendor"]],
            "score": float(row[position["score"]]),
            "rank": int(row[position["rank"]]),
        }
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[position["vendor"]] is not None
    ]
    return pd.DataFrame(rows).set_index("vendor")


LO_CASES = [("weighted_sum", "en"), ("topsis", "ko")]


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every workbook the LibreOffice tests need, converted in one LibreOffice run.

    Keys: ``"{method}-{language}"`` and ``"{method}-{language}-edited"`` (hand-built
    content, before and after the weight edit) and ``"sample-{method}"`` (the embedded
    sample).
    """
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not on PATH")
    folder = tmp_path_factory.mktemp("libreoffice")
    books: dict[str, Path] = {}
    for lo_method, language in LO_CASES:
        key = f"{lo_method}-{language}"
        original = write_content(make_content(lo_method), folder / f"{key}.xlsx", language=language)
        edited_path = folder / f"{key}-edited.xlsx"
        edit_weight(original, edited_path, EDITED[0], EDITED[1], language)
        books[key], books[f"{key}-edited"] = original, edited_path
    for lo_method in ("weighted_sum", "topsis"):
        ev = sample_evaluation(lo_method)
        books[f"sample-{lo_method}"] = ev.to_excel(folder / f"sample-{lo_method}.xlsx")
    converted = _libreoffice_convert(list(books.values()), folder)
    return dict(zip(books, converted, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize(("lo_method", "language"), LO_CASES)
def test_libreoffice_recalculates_like_the_library(
    libreoffice: dict[str, Path], lo_method: str, language: str
) -> None:
    key = f"{lo_method}-{language}"
    assert_same_ranking(
        _ranking_from_cache(libreoffice[key], language), expected_ranking(lo_method, WEIGHTS)
    )
    weights = [EDITED[1] if c == EDITED[0] else w for c, w in zip(CRITERIA, WEIGHTS, strict=True)]
    assert_same_ranking(
        _ranking_from_cache(libreoffice[f"{key}-edited"], language),
        expected_ranking(lo_method, weights),
    )
    # the file opened without repair: every sheet survived the round trip
    book = openpyxl.load_workbook(libreoffice[key])
    assert book.sheetnames == list(sheet_names(language).values())


@pytest.mark.slow
@pytest.mark.parametrize("lo_method", ["weighted_sum", "topsis"])
def test_sample_workbook_opens_in_libreoffice(libreoffice: dict[str, Path], lo_method: str) -> None:
    ev = sample_evaluation(lo_method)
    converted = libreoffice[f"sample-{lo_method}"]
    assert_same_ranking(_ranking_from_cache(converted, "en"), ev.ranking[["score", "rank"]])
    book = openpyxl.load_workbook(converted)
    assert book.sheetnames == list(sheet_names("en").values())
    # the charts survive LibreOffice's import and export
    assert book["Ranking"]._charts
    assert book["Costs"]._charts


# ----------------------------------------------------------------------------- safety


def _formula_cells(path: Path) -> list[str]:
    """Text of every <f> element in the workbook."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += re.findall(r"<f>(.*?)</f>", xml, flags=re.DOTALL)
    return found


def test_vendor_text_is_never_a_formula(tmp_path: Path) -> None:
    names = [*PAYLOAD_NAMES, "Plain"]
    content = make_content(
        names=names, knockout_text='=HYPERLINK("http://x")', reason_text="@reason"
    )
    path = write_content(content, tmp_path / "payloads.xlsx")
    workbook = openpyxl.load_workbook(path)
    payloads = {*PAYLOAD_NAMES, '=HYPERLINK("http://x")', "@reason"}
    seen: dict[str, int] = dict.fromkeys(payloads, 0)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in payloads:
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    seen[str(cell.value)] += 1
    # every payload was written somewhere (Ranking, Scores, Checks, Costs, Sensitivity…)
    assert all(count >= 1 for count in seen.values()), seen
    assert seen["=1+1"] >= 5
    for formula in _formula_cells(path):
        assert "cmd" not in formula
        assert "SUM(1,1)" not in formula
        assert "HYPERLINK" not in formula
        assert formula not in ("1+1", "2")


def test_payload_names_still_rank(tmp_path: Path) -> None:
    names = [*PAYLOAD_NAMES, "Plain"]
    path = write_content(make_content(names=names), tmp_path / "payloads.xlsx")
    actual = ranking_from_solution(path, recalculate(path))
    values = aggregate(np.array(SCORES), np.array(WEIGHTS), "weighted_sum")
    ranks = rank_order(values, np.array(PASSED), np.array(COSTS), names)
    assert actual.loc[names, "rank"].tolist() == ranks.tolist()


# ----------------------------------------------------------------------------- atomic writes


def test_failure_mid_write_keeps_the_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.workbook.workbook import Workbook

    path = tmp_path / "comparison.xlsx"
    write_content(make_content(), path)
    before = path.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())

    def broken_save(self: Workbook, filename: str | Path) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(RuntimeError, match="disk full"):
        write_content(make_content("topsis"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_failure_on_a_new_path_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.workbook.workbook import Workbook

    def broken_save(self: Workbook, filename: str | Path) -> None:
        Path(filename).write_bytes(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(KeyboardInterrupt):
        write_content(make_content(), tmp_path / "new.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_an_oserror_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "comparison.xlsx"
    with pytest.raises(OSError, match="no such folder") as caught:
        write_content(make_content(), path)
    assert isinstance(caught.value, WriteError)
    assert str(path) in str(caught.value)
    assert not path.parent.exists()


def test_unknown_language_lists_the_languages(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"'en', 'ko'"):
        write_content(make_content(), tmp_path / "x.xlsx", language="fr")
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- structure


def test_sheets_panes_filters_validation_and_charts(written: Path) -> None:
    workbook = openpyxl.load_workbook(written)
    names = sheet_names("en")
    assert workbook.sheetnames == [names[key] for key in SHEETS]
    assert workbook.sheetnames[:4] == ["Summary", "Ranking", "Weights", "Scores"]
    assert {"Costs", "Checks", "Sensitivity", "Calc"} <= set(workbook.sheetnames)

    weights = workbook["Weights"]
    assert (weights["A1"].value, weights["B1"].value) == ("Criterion", "Weight")
    assert [weights[f"A{r}"].value for r in range(2, 6)] == CRITERIA
    assert [weights[f"B{r}"].value for r in range(2, 6)] == WEIGHTS
    assert weights["A6"].value == "Sum"
    assert weights["B6"].value == "=SUM(B2:B5)"
    validations = weights.data_validations.dataValidation
    assert len(validations) == 1
    rule = validations[0]
    assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert str(rule.sqref) == "B2:B5"
    # input cells: blue font on a light-yellow fill
    assert weights["B2"].font.color.rgb.endswith("0000FF")
    assert weights["B2"].fill.fgColor.rgb.endswith("FFF2CC")
    assert weights.freeze_panes == "B2"

    scores = workbook["Scores"]
    assert scores.freeze_panes == "C2"
    assert scores.auto_filter.ref == "A1:F7"
    assert scores.conditional_formatting, "scores colour scale"
    ranking = workbook["Ranking"]
    assert ranking.freeze_panes == "B2"
    assert ranking.auto_filter.ref is not None
    assert [c.value for c in ranking[1]][:3] == ["Vendor", "Score", "Rank"]
    assert ranking._charts, "score chart"
    assert workbook["Costs"]._charts, "cost chart"
    assert workbook["Sensitivity"]._charts
    assert ranking.page_setup.orientation == "landscape"
    assert ranking.print_title_rows == "$1:$1"


def test_calc_sheet_holds_the_method(written: Path, method: str) -> None:
    calc = openpyxl.load_workbook(written)["Calc"]
    assert calc["C2"].value == "='Weights'!$B$2/'Weights'!$B$6"
    row = CALC_FIRST_ROW
    if method == "topsis":
        # weighted normalized matrix in C..F, distances in G and H, closeness in I
        assert calc.cell(row=row, column=3).value == "=IF(C$3>0,'Scores'!C2/C$3,0)*C$2"
        assert calc["C3"].value == "=SQRT(SUMSQ('Scores'!C$2:C$7))"
        assert (
            calc.cell(row=row, column=9).value
            == f"=IF(G{row}+H{row}>0,100*H{row}/(G{row}+H{row}),100)"
        )
    else:
        assert calc.cell(row=row, column=3).value is None
        assert calc.cell(row=row, column=7).value == "=SUMPRODUCT('Scores'!C2:F2,$C$2:$F$2)"


def test_korean_labels(tmp_path: Path) -> None:
    path = write_content(make_content(), tmp_path / "ko.xlsx", language="ko")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "요약",
        "순위",
        "가중치",
        "점수",
        "점검",
        "비용",
        "민감도",
        "계산",
    ]
    ranking = workbook["순위"]
    headers = ranking_headers("ko")
    assert [c.value for c in ranking[1]][:3] == [
        headers["vendor"],
        headers["score"],
        headers["rank"],
    ]
    assert headers["vendor"] == "공급업체"
    assert headers["rank"] == "순위"
    weights = workbook["가중치"]
    assert weights["A1"].value == "평가 기준"
    # criterion identifiers stay in English
    assert [weights[f"A{r}"].value for r in range(2, 6)] == CRITERIA
    assert workbook["요약"]["A1"].value.startswith("공급업체 비교")
    actual = ranking_from_solution(path, recalculate(path), "ko")
    assert_same_ranking(actual, expected_ranking("weighted_sum", WEIGHTS))


def test_label_tables_have_the_same_keys() -> None:
    english = set(labels("en"))
    for language in LANGUAGES:
        assert set(labels(language)) == english
        assert len(set(sheet_names(language).values())) == len(SHEETS)
        for name in sheet_names(language).values():
            assert len(name) <= 31
            assert not set(name) & set("[]:*?/\\")


@pytest.mark.parametrize(("currency", "money"), [("KRW", '#,##0 "KRW"'), ("USD", '#,##0.00 "USD"')])
def test_money_formats(tmp_path: Path, currency: str, money: str) -> None:
    path = write_content(make_content(currency=currency), tmp_path / "money.xlsx")
    workbook = openpyxl.load_workbook(path)
    columns = ranking_columns(path)
    assert workbook["Ranking"][f"{columns['cost_mean']}2"].number_format == money
    assert workbook["Costs"]["B2"].number_format == money
    assert workbook["Costs"]["G2"].number_format == "0.0%"  # probability over budget


def test_summary_states_recommendation_and_assumptions(written: Path, method: str) -> None:
    summary = openpyxl.load_workbook(written)["Summary"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    joined = "\n".join(texts)
    content = make_content(method)
    winner = str(content.ranking.index[0])
    assert f"{winner} ranks first" in joined
    assert "80% answered within 20 s" in joined
    assert "Knock-outs" in joined
    assert "Dyn" in texts
    assert "vendoreval version" in texts
    assert "0.1.0" in texts


def test_checks_sheet_puts_vendors_side_by_side(written: Path, method: str) -> None:
    checks = openpyxl.load_workbook(written)["Checks"]
    content = make_content(method)
    assert [c.value for c in checks[1]] == ["Item", *content.vendors]
    column_a = [c.value for c in checks["A"]]
    assert column_a[1] == "1. Needs & coverage"
    assert "  seats" in column_a
    assert "  Reasons" in column_a
    assert "  Knock-outs" in column_a
    holiday_row = column_a.index("  covers_holidays") + 1
    position = {v: i + 2 for i, v in enumerate(content.vendors)}
    assert checks.cell(row=holiday_row, column=position["Acme"]).value == "yes"
    assert checks.cell(row=holiday_row, column=position["acme"]).value == "no"


# ----------------------------------------------------------------------------- content


def test_vendor_numbers_order_by_cost_then_code_point() -> None:
    frame = pd.DataFrame({"monthly_cost_mean": [5.0, 3.0, 3.0, 3.0]}, index=["z", "b", "B", "a"])
    assert vendor_numbers(frame).to_dict() == {"z": 4, "b": 3, "B": 1, "a": 2}


def test_content_validation_names_the_field() -> None:
    content = make_content()
    with pytest.raises(ValueError, match="weights"):
        WorkbookContent(
            buyer="b",
            method="weighted_sum",
            currency="KRW",
            scores=content.scores,
            weights=content.weights.iloc[::-1],
            ranking=content.ranking,
        )
    with pytest.raises(ValueError, match="method"):
        WorkbookContent(
            buyer="b",
            method="ahp",
            currency="KRW",
            scores=content.scores,
            weights=content.weights,
            ranking=content.ranking,
        )
    broken = content.ranking.assign(rank=[1, 1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="permutation"):
        WorkbookContent(
            buyer="b",
            method="weighted_sum",
            currency="KRW",
            scores=content.scores,
            weights=content.weights,
            ranking=broken,
        )
    scores = content.scores.copy()
    scores.iloc[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"scores: .*'Acme'"):
        WorkbookContent(
            buyer="b",
            method="weighted_sum",
            currency="KRW",
            scores=scores,
            weights=content.weights,
            ranking=content.ranking,
        )


def test_top_reasons() -> None:
    scores = pd.DataFrame(
        [[90.0, 50.0, 70.0], [60.0, 50.0, 80.0], [60.0, 50.0, 60.0]],
        index=["W", "X", "Y"],
        columns=["a", "b", "c"],
    )
    weights = pd.Series([2.0, 1.0, 1.0], index=scores.columns)
    reasons = top_reasons(scores, weights, "W")
    # a: (90 − 60) × 0.5 = 15; c: (70 − 70) × 0.25 = 0 (no lead); b: no lead
    assert reasons["criterion"].tolist() == ["a"]
    assert reasons.iloc[0][["score", "others", "weight"]].tolist() == [90.0, 60.0, 0.5]
    assert top_reasons(scores.loc[["W"]], weights, "W").empty


def test_cost_histogram_columns_sum_to_one() -> None:
    rng = np.random.default_rng(3)
    samples = pd.DataFrame(rng.normal(1000, 100, (500, 3)), columns=["a", "b", "c"])
    table = cost_histogram(samples, 20)
    assert table.shape == (20, 3)
    np.testing.assert_allclose(table.sum(axis=0), 1.0)
    counts, _ = np.histogram(
        samples["a"], bins=20, range=(samples.min().min(), samples.max().max())
    )
    np.testing.assert_allclose(table["a"].to_numpy(), counts / 500)


def test_short_value() -> None:
    from vendoreval.pricing.billing import BillingIncrement

    assert short_value(None) is None
    assert short_value(True) is True
    assert short_value(("phone", "chat")) == "phone, chat"
    assert short_value({"phone": 1.5}) == "phone: 1.5"
    assert short_value(BillingIncrement.parse("60/60")) == "per-minute (60/60)"


def test_build_workbook_does_not_touch_disk(tmp_path: Path) -> None:
    workbook = build_workbook(make_content(), "en")
    assert workbook.sheetnames[0] == "Summary"
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample_book(method: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """The embedded sample evaluated with ``method`` and written to a workbook."""

    ev = sample_evaluation(method)
    path = tmp_path_factory.mktemp(f"sample_{method}") / "comparison.xlsx"
    write_workbook(ev, path, sensitivity_samples=500)
    return ev, path


def test_sample_workbook_recalculates_to_the_evaluation(sample_book: tuple[Any, Path]) -> None:
    ev, path = sample_book
    actual = ranking_from_solution(path, recalculate(path))
    expected = ev.ranking[["score", "rank"]]
    assert list(actual.index) == list(expected.index)
    assert_same_ranking(actual, expected)


def test_sample_workbook_reranks_after_a_weight_edit(
    sample_book: tuple[Any, Path], method: str
) -> None:
    ev, path = sample_book
    names = list(ev.scores.index)
    passed = ev.ranking.loc[names, "passed"].to_numpy(dtype=bool)
    cost = ev.ranking.loc[names, "monthly_cost_mean"].to_numpy(dtype=np.float64)
    before = ev.ranking.loc[names, "rank"].to_numpy()

    def library(weights: pd.Series) -> pd.DataFrame:
        values = aggregate(ev.scores.to_numpy(), weights.to_numpy(), method)
        ranks = rank_order(values, passed, cost, names)
        return pd.DataFrame({"score": values, "rank": ranks}, index=pd.Index(names, name="vendor"))

    # the first criterion whose weight, raised to as much as all the others together,
    # changes the order
    for criterion in ev.weights.index:
        weights = ev.weights.copy()
        weights[criterion] = float(ev.weights.sum())
        expected = library(weights)
        if (expected["rank"].to_numpy() != before).any():
            break
    else:
        pytest.fail("no single weight edit changes the sample's ranking")
    edited_path = path.with_name("edited_sample.xlsx")
    edit_weight(path, edited_path, str(criterion), float(weights[criterion]), "en")
    actual = ranking_from_solution(edited_path, recalculate(edited_path))
    assert_same_ranking(actual, expected)
    failed = [n for n, ok in zip(names, passed, strict=True) if not ok]
    assert all(actual.loc[n, "rank"] > passed.sum() for n in failed)


def test_sample_workbook_content(sample_book: tuple[Any, Path]) -> None:
    ev, path = sample_book
    workbook = openpyxl.load_workbook(path)
    vendors = list(ev.ranking.index)
    checks = workbook["Checks"]
    assert [c.value for c in checks[1]] == ["Item", *vendors]
    headings = [c.value for c in checks["A"] if isinstance(c.value, str) and c.value[:2] == "8."]
    assert headings == ["8. Pricing & billing"]
    items = [c.value for c in checks["A"]]
    row = items.index("  sheet.billing_increment") + 1
    increments = [checks.cell(row=row, column=col).value for col in range(2, len(vendors) + 2)]
    assert increments == [ev.proposal(v).sheet.billing_increment.label for v in vendors]
    costs = workbook["Costs"]
    assert [costs.cell(row=r, column=1).value for r in range(2, len(vendors) + 2)] == vendors
    means = [costs.cell(row=r, column=2).value for r in range(2, len(vendors) + 2)]
    np.testing.assert_allclose(means, ev.costs.loc[vendors, "mean"], rtol=1e-12)
    header = [c.value for c in costs[1]]
    assert "Billing increment" in header
    assert "Billed ÷ actual voice seconds" in header
    assert costs._charts
    sensitivity = workbook["Sensitivity"]
    shares = [
        [sensitivity.cell(row=r, column=c).value or 0.0 for c in range(2, len(vendors) + 2)]
        for r in range(3, len(vendors) + 3)
    ]
    np.testing.assert_allclose(np.sum(shares, axis=1), 1.0)
    np.testing.assert_allclose(shares, ev.sensitivity(samples=500).to_numpy())


def test_wrapped_text_rows_are_tall_enough(tmp_path: Path) -> None:
    ev = sample_evaluation("weighted_sum")
    path = write_workbook(ev, tmp_path / "tall.xlsx", sensitivity_samples=200)
    book = openpyxl.load_workbook(path)
    ranking = book["Ranking"]
    letters = ranking_columns(path)
    knocked = ev.ranking[~ev.ranking["passed"]]
    for row in range(2, ranking.max_row + 1):
        vendor = ranking[f"{letters['vendor']}{row}"].value
        if vendor not in knocked.index:
            continue
        text = str(knocked.loc[vendor, "knockouts"])
        # the knock-out column is 48 characters wide: every wrapped line gets 15 points
        lines = sum(max(1, -(-len(part) // 47)) for part in text.split("\n"))
        assert lines > 1
        assert ranking.row_dimensions[row].height == pytest.approx(15.0 * lines)
    checks = book["Checks"]
    reasons_rows = [c.row for c in checks["A"] if c.value == "  Reasons"]
    assert reasons_rows
    assert all((checks.row_dimensions[r].height or 0) >= 30 for r in reasons_rows)
