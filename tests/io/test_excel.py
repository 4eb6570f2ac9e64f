"""Tests of the Excel comparison workbook (vendoreval.io.excel).

The live formulas are checked by recalculating the written file with an independent
engine — the ``formulas`` package (a Python Excel interpreter) and, when it is installed,
LibreOffice — and comparing with :mod:`vendoreval.mcda`. The values stored beside the
formulas are checked by reading the file without calculating it (``pandas.read_excel``,
openpyxl with ``data_only=True``) and comparing with the library and with the
recalculation.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from vendoreval.io.excel import (
    WorkbookContent,
    cost_histogram,
    ranking_headers,
    sheet_names,
    top_reasons,
    write_content,
    write_workbook,
)
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
    """A small hand-built content whose ranking comes from vendoreval.mcda."""
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
    stat = path.stat()
    return _recalculate(str(path), stat.st_mtime_ns, stat.st_size)


@functools.cache
def _recalculate(path: str, mtime_ns: int, size: int) -> dict[tuple[str, str], Any]:
    """:func:`recalculate`, once per version of a file."""
    import formulas  # type: ignore[import-untyped]

    solution = formulas.ExcelModel().loads(path).finish().calculate()
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


# ----------------------------------------------------------------------------- cached values


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    """(sheet title, A1) → formula of every formula cell, as openpyxl reads the file."""
    book = openpyxl.load_workbook(path)
    return {
        (sheet.title, cell.coordinate): str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


def assert_cached_values_match_recalculation(path: Path) -> int:
    """Every formula cell holds a stored value, equal to what an engine recalculates.

    Returns the number of formula cells checked.
    """
    cells = formula_cells(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    recalculated = recalculate(path)
    for (title, coordinate), formula in cells.items():
        value = cached[title][coordinate].value
        assert value is not None, (title, coordinate, formula)
        expected = recalculated[(title.upper(), coordinate)]
        if isinstance(value, str):
            assert value == expected, (title, coordinate, formula)
        else:
            where = (title, coordinate, formula)
            assert float(value) == pytest.approx(float(expected), rel=1e-9, abs=1e-12), where
    return len(cells)


def test_every_formula_stores_the_value_it_computes(written: Path, method: str) -> None:
    count = assert_cached_values_match_recalculation(written)
    # Weights: 4 shares + 2 sums; Calc: 4 weights, 6 × (number, name, score), TOPSIS adds
    # 3 × 4 norms/ideal/anti-ideal and 6 × (4 cells + 2 distances); Ranking: 6 × 3; Summary: 1
    expected = 6 + 4 + 6 * 3 + 6 * 3 + 1 + (12 + 6 * 6 if method == "topsis" else 0)
    assert count == expected


def test_readers_see_the_ranking_without_calculating(written: Path, method: str) -> None:
    """pandas and openpyxl(data_only) read Score and Rank as the library computed them."""
    content = make_content(method)
    table = pd.read_excel(written, sheet_name="Ranking", index_col=0)
    expected = content.ranking
    assert list(table.index) == list(expected.index)
    np.testing.assert_array_equal(table["Score"].to_numpy(), expected["score"].to_numpy())
    assert table["Rank"].tolist() == expected["rank"].tolist()
    summary = openpyxl.load_workbook(written, data_only=True)["Summary"]
    assert summary["B7"].value == expected.index[0]


def test_a_weight_edited_elsewhere_leaves_no_stale_values(written: Path, edited: Path) -> None:
    """A file re-saved by openpyxl after a weight edit keeps the formulas but none of the
    stored values, so no reader sees the old ranking as if it were current; a spreadsheet
    program recalculates it like the library (the live-formula tests above)."""
    before = openpyxl.load_workbook(written, data_only=True)["Ranking"]
    after = openpyxl.load_workbook(edited, data_only=True)["Ranking"]
    assert before["B2"].value is not None
    assert after["B2"].value is None  # openpyxl wrote the formula without a value


def test_formulas_are_stored_as_xlsxwriter_would_prepare_them(tmp_path: Path) -> None:
    """The worksheets skip XlsxWriter's rewriting of Excel 365 function names; that is only
    right because no formula of the workbook uses one: XlsxWriter's own preparation leaves
    every formula as the workbook stores it."""
    from xlsxwriter.worksheet import Worksheet

    path = write_content(make_content("topsis"), tmp_path / "topsis.xlsx")
    reference = Worksheet()
    cells = formula_cells(path)
    assert len(cells) > 50
    for formula in cells.values():
        assert reference._prepare_formula(formula) == formula[1:]


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


def test_pandas_reads_the_evaluations_ranking(sample_book: tuple[Any, Path]) -> None:
    """Without any spreadsheet program: Score and Rank are ``ev.ranking``'s."""
    ev, path = sample_book
    table = pd.read_excel(path, sheet_name="Ranking", index_col=0)
    assert list(table.index) == list(ev.ranking.index)
    np.testing.assert_array_equal(table["Score"].to_numpy(), ev.ranking["score"].to_numpy())
    assert table["Rank"].tolist() == ev.ranking["rank"].tolist()
    assert table["Passed"].tolist() == ev.ranking["passed"].tolist()
    cached = openpyxl.load_workbook(path, data_only=True)
    assert cached["Summary"]["B7"].value == ev.winner


def test_sample_workbook_stores_every_formulas_value(sample_book: tuple[Any, Path]) -> None:
    _, path = sample_book
    assert assert_cached_values_match_recalculation(path) > 30


def test_workbook_reuses_the_evaluations_analyses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the workbook starts no simulation and no new acceptability sampling when the
    evaluation already holds them: it asks the evaluation, which caches."""
    import importlib

    evaluate_module = importlib.import_module("vendoreval.evaluation.evaluate")
    result_module = importlib.import_module("vendoreval.evaluation.result")

    ev = sample_evaluation("weighted_sum")
    shown = ev.sensitivity(samples=321, seed=5)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook must not run this analysis again")

    monkeypatch.setattr(result_module, "rank_acceptability", forbidden)
    monkeypatch.setattr(evaluate_module, "simulate_costs", forbidden)
    path = write_workbook(ev, tmp_path / "cached.xlsx", sensitivity_samples=321, sensitivity_seed=5)
    sensitivity = openpyxl.load_workbook(path)["Sensitivity"]
    n = len(ev.ranking)
    table = [
        [sensitivity.cell(row=r, column=c).value or 0.0 for c in range(2, n + 2)]
        for r in range(3, n + 3)
    ]
    np.testing.assert_allclose(table, shown.to_numpy())


def test_import_does_not_load_spreadsheet_libraries() -> None:
    code = (
        "import sys, vendoreval, vendoreval.io.excel; "
        "print(sorted(m for m in ('xlsxwriter', 'openpyxl', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


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
