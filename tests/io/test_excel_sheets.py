"""Tests of the comparison workbook as a file: text from input stays text, writes are
atomic, and the sheets carry their layout, labels and formats (vendoreval.io.excel)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.io.test_excel import (
    COSTS,
    CRITERIA,
    PASSED,
    PAYLOAD_NAMES,
    SCORES,
    VENDORS,
    WEIGHTS,
    assert_cached_values_match_recalculation,
    assert_same_ranking,
    expected_ranking,
    make_content,
    ranking_columns,
    ranking_from_solution,
    recalculate,
)
from vendoreval.errors import WriteError
from vendoreval.io.excel import (
    CALC_FIRST_ROW,
    LANGUAGES,
    SHEETS,
    build_workbook,
    labels,
    ranking_headers,
    sheet_names,
    write_content,
)
from vendoreval.mcda import aggregate, rank_order


@pytest.fixture(scope="module", params=["weighted_sum", "topsis"])
def method(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def written(method: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp(f"layout_{method}") / "comparison.xlsx"
    write_content(make_content(method), path)
    return path


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
    # quote-prefixed: retyping the cell in a spreadsheet keeps it text
    ranking = workbook["Ranking"]
    for row in range(2, len(names) + 2):
        cell = ranking[f"A{row}"]
        assert cell.data_type == "s"
        assert cell.quotePrefix == (cell.value != "Plain"), cell.value
    # the names the Calc sheet copies from Scores are stored values of text type
    cached = openpyxl.load_workbook(path, data_only=True)
    calc_names = [cached["Calc"][f"B{CALC_FIRST_ROW + i}"].value for i in range(len(names))]
    assert sorted(calc_names) == sorted(names)
    assert cached["Summary"]["B7"].value in names
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
    table = pd.read_excel(path, sheet_name="Ranking", index_col=0)
    assert table.loc[names, "Rank"].tolist() == ranks.tolist()
    assert_cached_values_match_recalculation(path)


def test_a_name_spelled_like_an_error_value_stays_text(tmp_path: Path) -> None:
    """A vendor called ``#N/A`` is text wherever it is written; where a formula copies it
    (``Calc``), its stored value is left empty for the spreadsheet to fill in, as a stored
    text equal to an error literal would be read as that error."""
    names = ["#N/A", *VENDORS[1:]]
    path = write_content(make_content(names=names), tmp_path / "errors.xlsx")
    ranking = openpyxl.load_workbook(path)["Ranking"]
    column = [ranking[f"A{row}"] for row in range(2, len(names) + 2)]
    assert "#N/A" in [cell.value for cell in column]
    assert all(cell.data_type == "s" for cell in column)
    table = pd.read_excel(path, sheet_name="Ranking", index_col=0, keep_default_na=False)
    assert "#N/A" in table.index
    actual = ranking_from_solution(path, recalculate(path))
    assert actual.loc["#N/A", "rank"] == expected_ranking("weighted_sum", WEIGHTS).iloc[0]["rank"]


# ----------------------------------------------------------------------------- atomic writes


def test_failure_mid_write_keeps_the_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xlsxwriter.workbook import Workbook

    path = tmp_path / "comparison.xlsx"
    write_content(make_content(), path)
    before = path.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    assert listing == ["comparison.xlsx"], "no temporary file is left behind"

    def broken_close(self: Workbook) -> None:
        Path(self.filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Workbook, "close", broken_close)
    with pytest.raises(RuntimeError, match="disk full"):
        write_content(make_content("topsis"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_failure_on_a_new_path_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xlsxwriter.workbook import Workbook

    def broken_close(self: Workbook) -> None:
        Path(self.filename).write_bytes(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(Workbook, "close", broken_close)
    with pytest.raises(KeyboardInterrupt):
        write_content(make_content(), tmp_path / "new.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_disk_error_is_a_write_error_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XlsxWriter wraps an OSError of the zip writer in its own exception; the caller still
    gets vendoreval's WriteError (an OSError) naming the file, and the old file stays."""
    from xlsxwriter.workbook import Workbook

    path = tmp_path / "comparison.xlsx"
    write_content(make_content(), path)
    before = path.read_bytes()

    def full_disk(self: Workbook) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "_store_workbook", full_disk)
    with pytest.raises(WriteError, match="No space left on device") as caught:
        write_content(make_content(), path)
    assert isinstance(caught.value, OSError)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comparison.xlsx"]


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
    # read without calculating, by the Korean headers
    table = pd.read_excel(path, sheet_name="순위", index_col=0)
    expected = make_content().ranking
    np.testing.assert_array_equal(table[headers["score"]].to_numpy(), expected["score"])
    assert table[headers["rank"]].tolist() == expected["rank"].tolist()
    # check names on the Checks sheet come from vendoreval.labels
    assert workbook["점검"]["A2"].value == "1. 요구사항 및 커버리지"


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


def test_build_workbook_does_not_touch_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where temporary files would go
    monkeypatch.chdir(tmp_path)
    workbook = build_workbook(make_content(), "en")
    assert [sheet.get_name() for sheet in workbook.worksheets()][:2] == ["Summary", "Ranking"]
    workbook.close()  # into its in-memory buffer
    assert list(tmp_path.iterdir()) == []
    book = openpyxl.load_workbook(workbook.filename, data_only=True)
    assert book.sheetnames[0] == "Summary"
    assert book["Ranking"]["A2"].value == "Échelle"
