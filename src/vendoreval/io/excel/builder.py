"""Lays a :class:`~vendoreval.io.excel.content.WorkbookContent` out on sheets, with XlsxWriter.

Sheets, in order: ``Summary``, ``Ranking``, ``Weights``, ``Scores``, ``Checks``, ``Costs``,
``Sensitivity``, ``Calc`` (names in the workbook's language, :mod:`.text`). This module
writes the sheets of the live ranking — Weights, Scores, Calc, Ranking and Summary — and
:mod:`.detail_sheets` the others.

``Score`` and ``Rank`` on the ``Ranking`` sheet are live formulas over ``Scores`` and
``Weights`` (through ``Calc``), normalized by the weight sum, for the weighted sum and for
TOPSIS alike (:mod:`.formulas`): edit a weight and Excel or LibreOffice re-ranks the vendors
exactly as :mod:`vendoreval.mcda` would — knock-outs last, ties by lower mean monthly
cost, then by name. Every formula is stored with the value it evaluates to
(:mod:`.values`): ``Score`` and ``Rank`` hold the library's own ranking, so a program that
reads the file without calculating it (pandas, openpyxl with ``data_only=True``, file
previews) sees the same numbers as ``Evaluation.ranking``. The workbook asks spreadsheet
programs to recalculate everything when they open it.

Why the rank formula counts with ``SUMPRODUCT`` comparisons rather than ``COUNTIFS``:
a ``COUNTIFS`` criterion such as ``">"&I2`` turns the number into text with 15
significant digits, which can split two tied scores; comparisons inside ``SUMPRODUCT``
compare the numbers themselves.

Everything that came from input is written as text, never as a formula
(:meth:`.sheet.Sheet.text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vendoreval._lazy import pd
from vendoreval.io.excel import formulas as fx
from vendoreval.io.excel.charts import bar_chart, score_scale
from vendoreval.io.excel.sheet import (
    WORKBOOK_OPTIONS,
    Formats,
    Sheet,
    formula_sheet_class,
    text_width,
)
from vendoreval.io.excel.table_sheets import SHEET_TITLES, write_tables
from vendoreval.io.excel.text import (
    RANKING_COLUMNS,
    SHEETS,
    labels,
    ranking_headers,
    sheet_names,
)
from vendoreval.io.excel.values import FormulaValues
from vendoreval.labels import criterion_label

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from xlsxwriter.workbook import Workbook

    from vendoreval.io.excel.content import WorkbookContent

__all__ = ["CALC_FIRST_ROW", "Builder", "Geometry", "build_workbook", "money_format", "money_text"]

#: First vendor row of the ``Calc`` sheet (rows 2–5 hold weights, norms, ideal, anti-ideal).
CALC_FIRST_ROW = 7

_MUTED_FONT = "#808080"
_TEXT_WIDTH = 48  # width of wrapped text columns (reasons, knock-outs) [characters]
_SUMMARY_WIDTH = 34  # width of the Summary sheet's text column [characters]


def build_workbook(
    content: WorkbookContent, language: str = "en", target: str | Path | BytesIO | None = None
) -> Workbook:
    """Lay ``content`` out on sheets and return the XlsxWriter workbook, not yet closed.

    Nothing is written until the workbook is closed (``workbook.close()``), and then to
    ``target``.

    Parameters
    ----------
    content : WorkbookContent
        What to show.
    language : {"en", "ko"}
        Language of sheet names, headers and labels.
    target : str, Path or BytesIO, optional
        Where ``workbook.close()`` writes the file; default an in-memory buffer.

    Returns
    -------
    xlsxwriter.Workbook

    Raises
    ------
    ValueError
        For an unknown language (the message lists ``"en"`` and ``"ko"``).
    """
    from xlsxwriter import Workbook

    labels(language)
    destination = BytesIO() if target is None else target
    if isinstance(destination, Path):
        destination = str(destination)
    workbook = Workbook(destination, dict(WORKBOOK_OPTIONS))
    Builder(content, language, workbook).build()
    return workbook


@dataclass(frozen=True)
class Geometry:
    """Where the live-formula tables sit (1-based rows and columns)."""

    n_vendors: int
    n_criteria: int

    @property
    def last_vendor_row(self) -> int:
        """Last vendor row of ``Scores`` and ``Ranking`` (vendors from row 2)."""
        return self.n_vendors + 1

    @property
    def weight_sum_row(self) -> int:
        """Row of the weight sum on ``Weights`` (criteria in rows 2..m+1)."""
        return self.n_criteria + 2

    @property
    def first_criterion_column(self) -> int:
        """First criterion column on ``Scores`` and ``Calc`` (C)."""
        return 3

    @property
    def last_criterion_column(self) -> int:
        """Last criterion column on ``Scores`` and ``Calc``."""
        return self.n_criteria + 2

    @property
    def calc_last_row(self) -> int:
        """Last vendor row of ``Calc``."""
        return CALC_FIRST_ROW + self.n_vendors - 1


class Builder:
    """Builds the workbook sheet by sheet; holds the formats, the geometry and the values.

    Parameters
    ----------
    content : WorkbookContent
        What to show.
    language : {"en", "ko"}
        Language of sheet names, headers and labels.
    workbook : xlsxwriter.Workbook
        An empty workbook.
    """

    def __init__(self, content: WorkbookContent, language: str, workbook: Workbook) -> None:
        self.content = content
        self.language = language
        self.text = labels(language)
        self.names = sheet_names(language)
        self.workbook = workbook
        self.formats = Formats(workbook)
        self.vendors = list(content.vendors)
        self.criteria = list(content.criteria)
        self.numbers = content.numbers.loc[self.vendors].to_numpy(dtype=np.int64)
        self.geometry = Geometry(len(self.vendors), len(self.criteria))
        self.topsis = content.method == "topsis"
        # Calc: the aggregate score follows the criteria (TOPSIS: after d+ and d-)
        self.calc_score_column = self.geometry.last_criterion_column + (3 if self.topsis else 1)
        self.money_format = money_format(content.currency)
        self.matrix = content.scores.loc[self.vendors, self.criteria].to_numpy(dtype=np.float64)
        ranking = content.ranking.loc[self.vendors]
        self.values = FormulaValues.compute(
            self.matrix,
            content.weights.loc[self.criteria].to_numpy(dtype=np.float64),
            content.method,
            ranking["score"].to_numpy(dtype=np.float64),
            ranking["rank"].to_numpy(dtype=np.int64),
            self.vendors,
        )
        sheet_class = formula_sheet_class()
        self.sheets = {
            key: Sheet(workbook.add_worksheet(self.names[key], sheet_class), self.formats)
            for key in SHEETS
        }

    def header(self, sheet: Sheet, row: int, values: Sequence[object], column: int = 1) -> None:
        """A header row: bold on a light fill, wrapped, with a rule below."""
        sheet.values(row, values, column=column, style="header")

    def criterion_name(self, criterion: str) -> str:
        """A criterion's name: the shared label of a known check, else the pack's label."""
        translated = criterion_label(criterion, self.language)
        if translated != criterion:
            return translated
        return self.content.criterion_labels.get(criterion, criterion)

    # ------------------------------------------------------------------ build
    def build(self) -> None:
        """Write every sheet."""
        from vendoreval.io.excel.detail_sheets import checks_sheet, costs_sheet, sensitivity_sheet

        self._weights()
        self._scores()
        self._calc()
        self._ranking()
        self._summary()
        checks_sheet(self)
        costs_sheet(self)
        sensitivity_sheet(self)
        sheet_class = formula_sheet_class()
        for key, tables in self.content.extra_sheets.items():
            titles = SHEET_TITLES.get(key, {})
            name = titles.get(self.language, titles.get("en", key))
            sheet = Sheet(self.workbook.add_worksheet(name[:31], sheet_class), self.formats)
            write_tables(sheet, tables)
            self.sheets[key] = sheet
        for sheet in self.sheets.values():
            sheet.print_setup()
        self.sheets["summary"].ws.activate()

    # ------------------------------------------------------------------ Weights
    def _weights(self) -> None:
        sheet = self.sheets["weights"]
        t = self.text
        g = self.geometry
        v = self.values
        self.header(
            sheet,
            1,
            [t["weights.criterion"], t["weights.weight"], t["weights.share"], t["weights.label"]],
        )
        sum_ref = fx.cell_ref(2, g.weight_sum_row, absolute_column=True, absolute_row=True)
        weights = self.content.weights.loc[self.criteria].to_numpy(dtype=np.float64).tolist()
        for offset, criterion in enumerate(self.criteria):
            row = offset + 2
            sheet.text(row, 1, criterion)
            sheet.value(row, 2, weights[offset], "input")
            share = float(v.shares[offset])
            sheet.formula(row, 3, fx.normalized_weight(f"B{row}", sum_ref), share, None, "0.0%")
            sheet.text(row, 4, self.criterion_name(criterion))
        total_row = g.weight_sum_row
        sheet.text(total_row, 1, t["weights.sum"], "header")
        weight_total = fx.total(f"B2:B{total_row - 1}")
        sheet.formula(total_row, 2, weight_total, v.weight_sum, "header", "0.000")
        share_total = fx.total(f"C2:C{total_row - 1}")
        sheet.formula(total_row, 3, share_total, v.share_sum, "header", "0.0%")
        sheet.ws.data_validation(
            1,
            1,
            total_row - 2,
            1,
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "ignore_blank": False,
                "input_title": t["weights.prompt_title"],
                "input_message": t["weights.prompt"],
                "error_title": t["weights.error_title"],
                "error_message": t["weights.error"],
            },
        )
        sheet.freeze(2, 2)
        sheet.widths({1: text_width(self.criteria, 12), 2: 10, 3: 10, 4: 32})
        sheet.print_titles(rows=1)

    # ------------------------------------------------------------------ Scores
    def _scores(self) -> None:
        sheet = self.sheets["scores"]
        g = self.geometry
        self.header(sheet, 1, [self.text["scores.vendor"], self.text["scores.number"]])
        self.header(sheet, 1, self.criteria, column=3)
        numbers = self.numbers.tolist()
        for offset, (vendor, row) in enumerate(
            zip(self.vendors, self.matrix.tolist(), strict=True)
        ):
            sheet.text(offset + 2, 1, vendor)
            sheet.value(offset + 2, 2, numbers[offset])
            sheet.numbers(offset + 2, 3, row, "0.0")
        last_column = fx.column_letter(g.last_criterion_column)
        sheet.ws.conditional_format(f"C2:{last_column}{g.last_vendor_row}", score_scale())
        sheet.freeze(2, 3)
        sheet.autofilter(g.last_vendor_row, g.last_criterion_column)
        widths = {1: text_width(self.vendors, 12), 2: 6}
        for offset, criterion in enumerate(self.criteria):
            widths[3 + offset] = min(max(len(criterion) + 3, 8), 24)
        sheet.widths(widths)
        sheet.print_titles(rows=1, columns=1)

    # ------------------------------------------------------------------ Calc
    def _calc(self) -> None:
        sheet = self.sheets["calc"]
        t = self.text
        g = self.geometry
        v = self.values
        topsis = v.topsis
        prefix = fx.sheet_prefix(self.names["scores"])
        weights = self.names["weights"]
        first_col, last_col = g.first_criterion_column, g.last_criterion_column
        extra = (
            [t["calc.d_plus"], t["calc.d_minus"], t["calc.score"]]
            if self.topsis
            else [t["calc.score"]]
        )
        self.header(sheet, 1, [t["calc.number"], t["calc.vendor"]])
        self.header(sheet, 1, self.criteria, column=3)
        self.header(sheet, 1, extra, column=last_col + 1)
        weight_sum = fx.cell_ref(
            2, g.weight_sum_row, sheet=weights, absolute_column=True, absolute_row=True
        )
        sheet.text(2, 2, t["calc.weight_row"])
        shares = v.shares.tolist()
        for offset in range(g.n_criteria):
            weight = fx.cell_ref(
                2, offset + 2, sheet=weights, absolute_column=True, absolute_row=True
            )
            formula = fx.normalized_weight(weight, weight_sum)
            sheet.formula(2, first_col + offset, formula, shares[offset], None, "0.0000")
        first, last = CALC_FIRST_ROW, g.calc_last_row
        letters = [fx.column_letter(c) for c in range(first_col, last_col + 1)]
        if topsis is not None:
            for row, key in (
                (3, "calc.norm_row"),
                (4, "calc.ideal_row"),
                (5, "calc.anti_ideal_row"),
            ):
                sheet.text(row, 2, t[key])
            rows = (topsis.norms.tolist(), topsis.ideal.tolist(), topsis.anti_ideal.tolist())
            for offset, letter in enumerate(letters):
                column = first_col + offset
                norm = fx.column_norm(f"{prefix}{letter}$2:{letter}${g.last_vendor_row}")
                sheet.formula(3, column, norm, rows[0][offset])
                top = fx.column_max(f"{letter}${first}:{letter}${last}")
                sheet.formula(4, column, top, rows[1][offset])
                bottom = fx.column_min(f"{letter}${first}:{letter}${last}")
                sheet.formula(5, column, bottom, rows[2][offset])
        note = "calc.note_topsis" if self.topsis else "calc.note_weighted_sum"
        sheet.text(CALC_FIRST_ROW - 1, 2, t[note])
        self._calc_rows(sheet, prefix, letters)
        sheet.freeze(CALC_FIRST_ROW, 3)
        sheet.widths({1: 6, 2: max(text_width(self.vendors, 12), 20)})
        sheet.print_titles(rows=1)

    def _calc_rows(self, sheet: Sheet, prefix: str, letters: list[str]) -> None:
        """One row per vendor: its number and name (from Scores), the method's cells, score."""
        g = self.geometry
        v = self.values
        topsis = v.topsis
        first_col, last_col = g.first_criterion_column, g.last_criterion_column
        first_letter, last_letter = letters[0], letters[-1]
        numbers = self.numbers.tolist()
        scores = v.scores.tolist()
        score_format = "0.000000000"
        weighted = topsis.weighted.tolist() if topsis is not None else []
        d_plus = topsis.d_plus.tolist() if topsis is not None else []
        d_minus = topsis.d_minus.tolist() if topsis is not None else []
        plus_letter = fx.column_letter(last_col + 1)
        minus_letter = fx.column_letter(last_col + 2)
        # each weighted normalized cell's formula, split where its Scores row goes
        cell_parts = [
            _split(fx.topsis_cell(f"{prefix}{letter}{_ROW}", f"{letter}$3", f"{letter}$2"))
            for letter in letters
        ]
        for offset, vendor in enumerate(self.vendors):
            row = CALC_FIRST_ROW + offset
            source = offset + 2
            sheet.formula(row, 1, f"={prefix}$B{source}", numbers[offset])
            sheet.formula(row, 2, f"={prefix}$A{source}", vendor)
            if topsis is None:
                formula = fx.weighted_sum(
                    f"{prefix}{first_letter}{source}:{last_letter}{source}",
                    f"${first_letter}$2:${last_letter}$2",
                )
                sheet.formula(row, last_col + 1, formula, scores[offset], None, score_format)
                continue
            source_text = str(source)
            sheet.formulas(
                row,
                first_col,
                [head + source_text + tail for head, tail in cell_parts],
                weighted[offset],
            )
            span = f"{first_letter}{row}:{last_letter}{row}"
            ideal = fx.distance(span, f"{first_letter}$4:{last_letter}$4")
            sheet.formula(row, last_col + 1, ideal, d_plus[offset])
            anti_ideal = fx.distance(span, f"{first_letter}$5:{last_letter}$5")
            sheet.formula(row, last_col + 2, anti_ideal, d_minus[offset])
            closeness = fx.topsis_closeness(f"{plus_letter}{row}", f"{minus_letter}{row}")
            sheet.formula(row, last_col + 3, closeness, scores[offset], None, score_format)

    # ------------------------------------------------------------------ Ranking
    def _ranking(self) -> None:
        sheet = self.sheets["ranking"]
        g = self.geometry
        v = self.values
        headers = ranking_headers(self.language)
        column = {key: position + 1 for position, key in enumerate(RANKING_COLUMNS)}
        letters = {key: fx.column_letter(column[key]) for key in RANKING_COLUMNS}
        self.header(sheet, 1, [headers[key] for key in RANKING_COLUMNS])
        calc = self.names["calc"]
        first, last = CALC_FIRST_ROW, g.calc_last_row
        scores_range = fx.range_ref(
            self.calc_score_column, first, self.calc_score_column, last, sheet=calc
        )
        keys_range = fx.range_ref(1, first, 1, last, sheet=calc)
        n_last = g.last_vendor_row

        def span(key: str) -> str:
            return f"${letters[key]}$2:${letters[key]}${n_last}"

        ranking = self.content.ranking.loc[self.vendors]
        passed = ranking["passed"].to_numpy(dtype=bool).tolist()
        knockouts = _texts(ranking.get("knockouts", None), len(ranking))
        mean = ranking["monthly_cost_mean"].to_numpy(dtype=np.float64).tolist()
        p95 = ranking["monthly_cost_p95"].to_numpy(dtype=np.float64).tolist()
        numbers = self.numbers.tolist()
        scores, keys, ranks = v.scores.tolist(), v.sort_keys.tolist(), v.ranks.tolist()
        for offset, vendor in enumerate(self.vendors):
            row = offset + 2
            sheet.text(row, column["vendor"], vendor)
            score = fx.lookup(scores_range, keys_range, f"{letters['number']}{row}")
            sheet.formula(row, column["score"], score, scores[offset], None, "0.0")
            rank = fx.rank(
                (span("passed"), f"{letters['passed']}{row}"),
                (span("sort_key"), f"{letters['sort_key']}{row}"),
                (span("number"), f"{letters['number']}{row}"),
            )
            sheet.formula(row, column["rank"], rank, int(ranks[offset]))
            sheet.value(row, column["passed"], passed[offset])
            sheet.text(row, column["knockouts"], knockouts[offset], "wrap")
            sheet.value(row, column["cost_mean"], mean[offset], None, self.money_format)
            sheet.value(row, column["cost_p95"], p95[offset], None, self.money_format)
            sheet.value(row, column["number"], numbers[offset])
            key = fx.sort_key(f"{letters['score']}{row}")
            sheet.formula(row, column["sort_key"], key, keys[offset])
            sheet.fit_height(row, [knockouts[offset]], _TEXT_WIDTH)
        muted = self.formats.dxf({"font_color": _MUTED_FONT})
        sheet.ws.conditional_format(
            f"A2:{letters['number']}{n_last}",
            {"type": "formula", "criteria": f"=NOT(${letters['passed']}2)", "format": muted},
        )
        sheet.freeze(2, 2)
        sheet.autofilter(n_last, column["number"])
        sheet.ws.write_comment(
            0, column["number"] - 1, self.text["ranking.number_note"], {"author": "vendoreval"}
        )
        sheet.widths(
            {
                column["vendor"]: text_width(self.vendors, 14),
                column["score"]: 9,
                column["rank"]: 7,
                column["passed"]: 9,
                column["knockouts"]: _TEXT_WIDTH,
                column["cost_mean"]: 18,
                column["cost_p95"]: 18,
                column["number"]: 6,
            },
            hidden=[column["sort_key"]],
        )
        chart = self.bar_chart(
            sheet,
            self.text["ranking.chart_title"],
            [column["score"]],
            column["vendor"],
            n_last,
            {"name": headers["score"], "min": 0, "max": 100},
        )
        sheet.ws.insert_chart(f"{fx.column_letter(column['sort_key'] + 1)}2", chart)
        sheet.print_titles(rows=1)

    def bar_chart(
        self,
        sheet: Sheet,
        title: str,
        series: Sequence[int],
        category: int,
        last: int,
        value_axis: Mapping[str, object] | None = None,
        header_row: int = 1,
    ) -> Any:
        """Horizontal bar chart of ``sheet``'s columns ``series`` by ``category``."""
        return bar_chart(
            self.workbook,
            sheet.name,
            title=title,
            series=series,
            category=category,
            header_row=header_row,
            last_row=last,
            value_axis=value_axis,
        )

    # ------------------------------------------------------------------ Summary
    def _summary(self) -> None:
        sheet = self.sheets["summary"]
        t = self.text
        c = self.content
        sheet.text(1, 1, f"{c.title or t['summary.title']} — {c.buyer}", "title")
        sheet.text(3, 1, t["summary.buyer"], "header")
        sheet.text(3, 2, c.buyer)
        sheet.text(5, 1, t["summary.recommendation"], "section")
        winner = self.vendors[0]
        first = c.ranking.loc[[winner]]
        passed = bool(first["passed"].to_numpy(dtype=bool)[0])
        template = "summary.recommended" if passed else "summary.recommended_failed"
        sentence = t[template].format(
            vendor=winner,
            score=f"{first['score'].to_numpy(dtype=np.float64)[0]:.1f}",
            cost=money_text(first["monthly_cost_mean"].to_numpy(dtype=np.float64)[0], c.currency),
        )
        self._paragraph(sheet, 6, sentence)
        sheet.text(7, 1, t["summary.live_first"], "header")  # wraps, top-aligned
        sheet.fit_height(7, [t["summary.live_first"]], _SUMMARY_WIDTH)
        last = self.geometry.last_vendor_row
        ranking = self.names["ranking"]
        vendors = fx.range_ref(1, 2, 1, last, sheet=ranking)
        ranks = fx.range_ref(3, 2, 3, last, sheet=ranking)
        sheet.formula(7, 2, fx.lookup(vendors, ranks, "1"), self.values.first)

        row = 9
        sheet.text(row, 1, t["summary.reasons"], "section")
        reasons = [
            "• "
            + t["summary.reason"].format(
                criterion=self.criterion_name(str(criterion)),
                score=f"{score:.0f}",
                others=f"{others:.0f}",
                weight=f"{weight:.0%}",
            )
            for criterion, score, others, weight in zip(
                c.top_reasons.get("criterion", []),
                c.top_reasons.get("score", []),
                c.top_reasons.get("others", []),
                c.top_reasons.get("weight", []),
                strict=True,
            )
        ]
        for text in reasons or [t["summary.no_reasons"]]:
            row += 1
            sheet.text(row, 1, text)

        row += 2
        sheet.text(row, 1, t["summary.knockouts"], "section")
        ordered = c.ranking.loc[self.vendors]
        failed = ordered[~ordered["passed"].astype(bool)]
        if failed.empty:
            row += 1
            sheet.text(row, 1, t["summary.no_knockouts"])
        texts = _texts(failed.get("knockouts", None), len(failed))
        for vendor, text in zip(failed.index, texts, strict=True):
            row += 1
            sheet.text(row, 1, str(vendor), "wrap")
            sheet.text(row, 2, text, "wrap")
            sheet.fit_height(row, [text], _SUMMARY_WIDTH)

        if not c.assumptions.empty:
            row += 2
            sheet.text(row, 1, t["summary.assumptions"], "section")
            keys = ("channel", "volume", "aht", "service_level")
            row += 1
            self.header(sheet, row, [t[f"summary.{key}"] for key in keys])
            columns = ["channel", "volume_per_month", "aht_seconds", "service_level"]
            for values in c.assumptions.reindex(columns=columns).to_numpy(dtype=object).tolist():
                row += 1
                sheet.values(row, values, [None, "#,##0", "#,##0", None])

        facts: list[tuple[str, object, str | None]] = [
            (t["summary.method"], t.get(f"summary.method.{c.method}", c.method), None),
            (t["summary.currency"], c.currency, None),
            (t["summary.runs"], c.runs, "#,##0"),
            (t["summary.seed"], c.seed, "0"),
            (t["summary.cost_statistic"], c.cost_statistic, None),
            (t["summary.generated"], c.generated, "yyyy-mm-dd"),
            (t["summary.version"], c.version, None),
        ]
        row += 1
        for name, value, number_format in facts:
            row += 1
            sheet.text(row, 1, name, "header")
            sheet.value(row, 2, value, "left", number_format)
        self._paragraph(sheet, row + 2, t["summary.how_to"])
        sheet.widths({1: 34, 2: _SUMMARY_WIDTH, 3: 16, 4: 30})

    @staticmethod
    def _paragraph(sheet: Sheet, row: int, text: str) -> None:
        """A wrapped sentence across columns A–D, two lines high."""
        sheet.paragraph(row, 1, 4, text)
        sheet.ws.set_row(row - 1, 32)


# ---------------------------------------------------------------------------- helpers

_ROW = "\x00"  # stands for a row number in a formula template (no formula contains it)


def _split(template: str) -> tuple[str, str]:
    """A formula template with one :data:`_ROW` as the text before and after it."""
    head, tail = template.split(_ROW)
    return head, tail


def money_format(currency: str) -> str:
    """Number format of amounts: thousands separators, the currency's minor unit, its code.

    Examples
    --------
    >>> money_format("KRW"), money_format("USD")
    ('#,##0 "KRW"', '#,##0.00 "USD"')
    """
    decimals = "." + "0" * _places(currency) if _places(currency) else ""
    return f'#,##0{decimals} "{currency}"'


def money_text(amount: float, currency: str) -> str:
    """An amount as text with the currency's minor unit and code.

    Examples
    --------
    >>> money_text(1234567.891, "KRW"), money_text(1234.5, "USD")
    ('1,234,568 KRW', '1,234.50 USD')
    """
    return f"{amount:,.{_places(currency)}f} {currency}"


def _places(currency: str) -> int:
    from vendoreval.currency import minor_units

    try:
        return int(minor_units(currency))
    except (KeyError, ValueError):
        return 2


def _texts(column: pd.Series | None, length: int) -> list[str]:
    """A text column as a list of str ('' for missing values)."""
    if column is None:
        return [""] * length
    return [value if isinstance(value, str) else "" for value in column.tolist()]
