"""Writing the questionnaire workbook, blank or filled with a proposal's answers.

The workbook follows a :class:`~vendoreval.io.questionnaire.spec.Layout`: answer cells are
yellow, unlocked and carry a drop-down or a number check where the kind allows; labels,
help and the buyer's context are locked (the sheets are protected without a password, so a
vendor does not move a label by accident). Every text goes through
:func:`vendoreval.io.cells.write_text`, so text from a proposal is never a formula, and
every style through ``write_text(..., style=...)`` or :func:`vendoreval.io.cells.set_style`,
which keep the quote prefix of formula-like text once the named style is applied (a named
style assigned afterwards would drop it, and editing the cell in Excel would make it a live
formula).

The workbook is written in the layout's language: English, or Korean with
``language="ko"`` (sheet names, titles, labels, help, instructions and the buyer's context;
see :mod:`~vendoreval.io.questionnaire.korean`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from vendoreval._atomic import atomic_write
from vendoreval.errors import ArgumentError
from vendoreval.io.cells import set_style, write_text, write_value
from vendoreval.io.documents import Loc
from vendoreval.io.questionnaire import korean
from vendoreval.io.questionnaire.cells import column_letter, decimal_cell, join, plain
from vendoreval.io.questionnaire.layout import default_layout
from vendoreval.io.questionnaire.metadata import check_language
from vendoreval.io.questionnaire.spec import (
    ALL_CHANNELS,
    ANSWER_COLUMN,
    FIELD_HEADER,
    FIRST_FIELD_ROW,
    HEADER_ROW,
    HELP_COLUMN,
    INCREMENT_EXAMPLES,
    LABEL_COLUMN,
    NO,
    YES,
    FieldSpec,
    Kind,
    Layout,
    SheetSpec,
    TableShape,
    TableSpec,
)
from vendoreval.needs import Needs
from vendoreval.proposal import VendorProposal
from vendoreval.staffing.plan import workload_agents

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["buyer_hints", "fill_questionnaire", "write_questionnaire"]

PathLike = str | os.PathLike[str]

#: Styles (the input colours match the comparison workbook's editable cells).
_INPUT_FILL = "FFF2CC"
_INPUT_FONT = "0000FF"
_HEADER_FILL = "D9E1F2"
_HELP_FONT = "595959"
_WIDTHS: Final = {LABEL_COLUMN: 44.0, ANSWER_COLUMN: 34.0, HELP_COLUMN: 62.0}
_TEXT_FORMAT = "@"
_DATE_FORMAT = "yyyy-mm-dd"
_TEXT_KINDS: Final = frozenset(
    {
        Kind.TEXT,
        Kind.CODE,
        Kind.BOOL,
        Kind.CLOCK,
        Kind.CHOICE,
        Kind.CHOICES,
        Kind.CODES,
        Kind.INCREMENT,
        Kind.PRESENT,
    }
)
_LIST_LIMIT: Final = 255  # longest inline list of a data validation [characters]


def write_questionnaire(
    path: PathLike,
    needs: Needs | None = None,
    *,
    vendor_name: str = "",
    layout: Layout | None = None,
    language: str | None = None,
) -> Path:
    """Write a blank questionnaire workbook for a vendor to fill in.

    Parameters
    ----------
    path : str or path-like
        Target ``.xlsx`` file; written atomically (a temporary file renamed over it).
    needs : Needs, optional
        The buyer's needs: when given, the ``Instructions`` sheet states the buyer's context
        (channels with monthly volumes, handle times and service levels, hours, languages,
        required and wanted certifications, CRM, social platforms, locations, contract term
        and currency) and column C of the answers recalls the relevant requirement. The
        budget and the competitors' names are never written.
    vendor_name : str
        Pre-filled vendor name (the vendor may change it).
    layout : Layout, optional
        The questionnaire's layout; by default the one derived from
        :class:`~vendoreval.proposal.VendorProposal` (see
        :func:`~vendoreval.io.questionnaire.build_layout` for extended answer models).
    language : str, optional
        ``en`` or ``ko``: the language of the default layout (English unless given); a
        ``layout`` has its own language, and a different ``language`` is an error.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ArgumentError
        When ``path`` does not end in ``.xlsx``, ``language`` is not ``en`` or ``ko`` or
        differs from the layout's, or an argument has the wrong type (also a
        ``ValueError``).
    WriteError
        When the file cannot be written.
    """
    target = _output_path(path)
    _check_needs(needs)
    chosen = _layout(layout, language)
    if not isinstance(vendor_name, str):
        raise ArgumentError(f"vendor_name: expected text, got {type(vendor_name).__name__}")
    workbook = _Writer(chosen, needs, None, vendor_name).build()
    return atomic_write(target, workbook.save)


def fill_questionnaire(
    proposal: VendorProposal,
    path: PathLike,
    needs: Needs | None = None,
    *,
    layout: Layout | None = None,
    language: str | None = None,
) -> Path:
    """Write the questionnaire with a proposal's answers filled in.

    Every answer is written explicitly, defaults included, so
    :func:`~vendoreval.io.questionnaire.read_questionnaire` reads back an equal proposal
    (numbers to 16 significant digits, text as a cell can store it). Tables get at least two
    blank rows after the proposal's items.

    Parameters
    ----------
    proposal : VendorProposal
        The answers (an instance of the layout's model).
    path : str or path-like
        Target ``.xlsx`` file; written atomically.
    needs : Needs, optional
        The buyer's context, as for :func:`write_questionnaire`.
    layout : Layout, optional
        The questionnaire's layout, as for :func:`write_questionnaire`.
    language : str, optional
        ``en`` or ``ko``, as for :func:`write_questionnaire`.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ArgumentError
        When ``path`` does not end in ``.xlsx`` or an argument has the wrong type (also a
        ``ValueError``).
    WriteError
        When the file cannot be written.
    """
    chosen = _layout(layout, language)
    if not isinstance(proposal, chosen.model):
        raise ArgumentError(
            f"proposal: expected a {chosen.model.__name__}, got {type(proposal).__name__}"
        )
    target = _output_path(path)
    _check_needs(needs)
    workbook = _Writer(chosen, needs, proposal, proposal.name).build()
    return atomic_write(target, workbook.save)


def _layout(layout: Layout | None, language: str | None = None) -> Layout:
    if language is not None:
        check_language(language)
    if layout is None:
        return default_layout(language or "en")
    if not isinstance(layout, Layout):
        raise ArgumentError(f"layout: expected a Layout or None, got {type(layout).__name__}")
    if language is not None and language != layout.language:
        raise ArgumentError(
            f"language: the layout is in {layout.language!r}, not {language!r}; build the "
            f"layout with build_layout(..., language={language!r}) or leave language out"
        )
    return layout


def _output_path(path: PathLike) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ArgumentError(f"path: expected a file name ending in .xlsx, got {str(target)!r}")
    return target


def _check_needs(needs: Needs | None) -> None:
    if needs is not None and not isinstance(needs, Needs):
        raise ArgumentError(f"needs: expected a Needs or None, got {type(needs).__name__}")


def _attribute(model: object, path: Sequence[str]) -> object:
    node = model
    for part in path:
        if node is None:
            return None
        node = getattr(node, part)
    return node


def buyer_hints(needs: Needs, language: str = "en") -> dict[Loc, str]:
    """What the buyer asks for, by answer path (added to column C of the answers).

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    language : str
        ``en`` (default) or ``ko``.
    """
    words = _hint_words(check_language(language))
    hints: dict[Loc, str] = {
        ("coverage", "channels"): words["channels"].format(channels=join(needs.channel_names))
    }
    agents = sum(workload_agents(needs).values())
    hints[("coverage", "seats")] = words["seats"].format(agents=agents)
    if needs.holidays_covered:
        hints[("coverage", "covers_holidays")] = words["holidays"]
    staffing = needs.staffing
    if staffing.certifications_wanted:
        hints[("staffing", "certifications")] = words["certifications_wanted"].format(
            items=join(staffing.certifications_wanted)
        )
    if staffing.min_industry_years:
        hints[("staffing", "industry_years")] = words["industry_years"].format(
            years=f"{staffing.min_industry_years:g}", industry=needs.industry
        )
    if needs.crm is not None:
        hints[("crm", "connectors")] = words["crm_connectors"].format(system=needs.crm.system.value)
        hints[("crm", "modes")] = words["crm_modes"].format(mode=needs.crm.mode.value)
        hints[("crm", "sync_latency_seconds")] = words["crm_latency"].format(
            latency=f"{needs.crm.max_sync_latency_seconds:g}"
        )
    if needs.social.platforms:
        hints[("social", "platforms")] = words["social_platforms"].format(
            platforms=join(needs.social.platforms)
        )
        hints[("social", "median_first_response_minutes")] = words["social_response"].format(
            minutes=f"{needs.social.first_response_minutes:g}"
        )
    if needs.locations.data_residency:
        hints[("location", "data_stored_in")] = words["residency"].format(
            countries=join(needs.locations.data_residency)
        )
    security = needs.security
    if security.required_certifications:
        hints[("security", "certifications")] = words["security_required"].format(
            items=join(security.required_certifications)
        )
    hints[("security", "segregation")] = words["segregation"].format(
        level=security.min_segregation.value
    )
    hints[("security", "disaster_recovery", "last_tested")] = words["dr_tested"].format(
        months=security.dr_test_within_months
    )
    hints[("security", "disaster_recovery", "rto_hours")] = words["rto"].format(
        hours=f"{security.max_rto_hours:g}"
    )
    hints[("security", "disaster_recovery", "rpo_hours")] = words["rpo"].format(
        hours=f"{security.max_rpo_hours:g}"
    )
    if security.kpis:
        hints[("security", "reporting", "kpis_reported")] = words["kpis"].format(
            kpis=join(security.kpis)
        )
    hints[("pricing", "sheet", "currency")] = words["currency"].format(currency=needs.currency)
    return hints


_HINTS_EN: Final = {
    "channels": "the buyer needs {channels}",
    "seats": "the buyer's traffic keeps about {agents} agents busy at peak (workload estimate)",
    "holidays": "the buyer needs service on public holidays",
    "certifications_wanted": "the buyer wants {items}",
    "industry_years": "the buyer wants {years} years in {industry}",
    "crm_connectors": "the buyer uses {system}",
    "crm_modes": "the buyer needs {mode}",
    "crm_latency": "the buyer accepts at most {latency} s",
    "social_platforms": "the buyer's customers use {platforms}",
    "social_response": "the buyer's target is {minutes} min",
    "residency": "the buyer's data must stay in {countries}",
    "security_required": "the buyer requires {items}",
    "segregation": "the buyer needs at least {level}",
    "dr_tested": "the buyer wants a test within the last {months} months",
    "rto": "the buyer accepts at most {hours} h",
    "rpo": "the buyer accepts at most {hours} h",
    "kpis": "the buyer manages by {kpis}",
    "currency": "the buyer's contract currency is {currency}",
}


def _hint_words(language: str) -> Mapping[str, str]:
    words: Mapping[str, str] = korean.TEXT["hints"] if language == "ko" else _HINTS_EN
    return words


_INSTRUCTIONS_TEXT: Final = (
    "Answer in the yellow cells: column B of each sheet, and the tables below the answers. "
    "Column C gives the unit or the allowed values, and what a blank answer means.",
    "Type values, not formulas: a cell holding a formula is refused when the questionnaire "
    "is read.",
    "yes / no answers: type yes or no. Lists: separate the values with commas "
    "(phone, chat, email).",
    "Shares are fractions between 0 and 1: 0.12 for 12% (12% typed as text is refused). "
    "Multipliers: 1.3 for +30%.",
    "Amounts are in the currency named on the Pricing sheet: plain numbers such as 1500 or "
    "0.25, without currency signs or thousands separators.",
    "Times are HH:MM in the buyer's time zone (09:00; 24:00 for midnight); dates are YYYY-MM-DD.",
    "Leave an answer blank when it does not apply. A check sheet left entirely blank means "
    "the check is not answered; the Pricing sheet must be answered.",
    "Need more rows in a table? Insert them inside the table. Keep the labels in column A "
    "and the table titles as they are: the sheets are protected against accidental edits "
    "(without a password).",
    "Save the file as an Excel workbook (.xlsx), not as a macro-enabled workbook.",
)


class _Writer:
    """Builds the questionnaire workbook, blank or filled with a proposal's answers."""

    def __init__(
        self, layout: Layout, needs: Needs | None, proposal: VendorProposal | None, name: str
    ) -> None:
        from openpyxl import Workbook

        self.layout = layout
        self.needs = needs
        self.proposal = proposal
        self.name = name
        self.korean = layout.language == "ko"
        self.hints = buyer_hints(needs, layout.language) if needs is not None else {}
        self.workbook = Workbook()
        self._register_styles()

    def _register_styles(self) -> None:
        from openpyxl.styles import (
            Alignment,
            Border,
            Font,
            NamedStyle,
            PatternFill,
            Protection,
            Side,
        )

        thin = Side(style="thin", color="BFBFBF")
        styles = (
            NamedStyle(name="vq_title", font=Font(bold=True, size=14)),
            NamedStyle(name="vq_section", font=Font(bold=True, size=12)),
            NamedStyle(
                name="vq_header",
                font=Font(bold=True),
                fill=PatternFill("solid", fgColor=_HEADER_FILL),
                border=Border(bottom=Side(style="thin")),
                alignment=Alignment(wrap_text=True, vertical="top"),
            ),
            NamedStyle(name="vq_label", alignment=Alignment(wrap_text=True, vertical="top")),
            NamedStyle(
                name="vq_help",
                font=Font(italic=True, color=_HELP_FONT),
                alignment=Alignment(wrap_text=True, vertical="top"),
            ),
            NamedStyle(
                name="vq_input",
                font=Font(color=_INPUT_FONT),
                fill=PatternFill("solid", fgColor=_INPUT_FILL),
                border=Border(left=thin, right=thin, top=thin, bottom=thin),
                alignment=Alignment(wrap_text=True, vertical="top"),
                protection=Protection(locked=False),
            ),
        )
        for style in styles:
            self.workbook.add_named_style(style)

    # ------------------------------------------------------------------ build
    def build(self) -> Workbook:
        first = self.workbook.active
        for position, spec in enumerate(self.layout.sheets):
            ws = first if position == 0 else self.workbook.create_sheet()
            ws.title = spec.name
            self._sheet(ws, spec)
        self.workbook.active = 0
        return self.workbook

    def _answer(self, spec: SheetSpec) -> object:
        if self.proposal is None:
            return None
        return _attribute(self.proposal, spec.root)

    def _field_value(self, spec: SheetSpec, field: FieldSpec, answer: object) -> object:
        if not spec.root:
            if field.path == ("name",):
                return self.name or None
            return _attribute(self.proposal, field.path) if self.proposal is not None else None
        if answer is None:
            return None
        if field.kind is Kind.PRESENT:
            parent = _attribute(answer, field.path[:-1])
            return None if parent is None else _attribute(answer, field.path) is not None
        return _attribute(answer, field.path)

    def _sheet(self, ws: Worksheet, spec: SheetSpec) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        validations: dict[tuple[str, bool], DataValidation] = {}
        write_text(ws, 1, 1, spec.title, style="vq_title")
        write_text(ws, 2, 1, spec.intro)
        header = korean.TEXT["field_header"] if self.korean else FIELD_HEADER
        for position, text in enumerate(header, start=1):
            write_text(ws, HEADER_ROW, position, text, style="vq_header")
        answer = self._answer(spec)
        row = FIRST_FIELD_ROW
        for field in spec.fields:
            write_text(ws, row, LABEL_COLUMN, field.label, style="vq_label")
            value = self._field_value(spec, field, answer)
            cell = self._input(ws, row, ANSWER_COLUMN, field.kind, value)
            self._validate(ws, validations, field.kind, field.choices, cell.coordinate)
            hint = self.hints.get(spec.root + field.path)
            text = field.help + (f" — {hint}" if hint else "")
            write_text(ws, row, HELP_COLUMN, text, style="vq_help")
            row += 1
        widths = dict(_WIDTHS)
        for table in spec.tables:
            row = self._table(ws, validations, spec, table, answer, row + 1)
            for offset, column in enumerate(table.columns, start=1):
                widths[offset] = max(widths.get(offset, 0.0), column.width)
        if not spec.root:
            self._instructions(ws, row + 1)
        for position, width in widths.items():
            ws.column_dimensions[column_letter(position)].width = width
        ws.freeze_panes = f"A{FIRST_FIELD_ROW}"
        protection = ws.protection
        protection.sheet = True
        protection.formatCells = False
        protection.formatColumns = False
        protection.formatRows = False
        protection.insertRows = False
        protection.deleteRows = False

    def _input(self, ws: Worksheet, row: int, column: int, kind: Kind, value: object) -> Any:
        cell = set_style(self._write(ws, row, column, kind, value), "vq_input")
        if kind in _TEXT_KINDS:
            cell.number_format = _TEXT_FORMAT
        elif kind is Kind.DATE:
            cell.number_format = _DATE_FORMAT
        return cell

    @staticmethod
    def _write(ws: Worksheet, row: int, column: int, kind: Kind, value: object) -> Any:
        if value is None or value == "" or value == ():
            return ws.cell(row=row, column=column)
        if kind in (Kind.BOOL, Kind.PRESENT):
            return write_text(ws, row, column, YES if value else NO)
        if kind in (Kind.CHOICES, Kind.CODES) and isinstance(value, tuple | list):
            return write_text(ws, row, column, join(value))
        if kind in _TEXT_KINDS:
            return write_text(ws, row, column, plain(value))
        if kind is Kind.DECIMAL and isinstance(value, Decimal):
            return write_value(ws, row, column, decimal_cell(value))
        return write_value(ws, row, column, value)

    def _validate(
        self,
        ws: Worksheet,
        validations: dict[tuple[str, bool], Any],
        kind: Kind,
        choices: Sequence[str],
        cells: str,
    ) -> None:
        """Add a drop-down or a number check to ``cells`` (a cell or a range)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        options: dict[str, Any]
        if kind in (Kind.BOOL, Kind.PRESENT):
            key, options = (f'"{YES},{NO}"', True), {"type": "list"}
        elif kind in (Kind.CHOICE, Kind.CHOICES):
            key, options = (f'"{",".join(choices)}"', kind is Kind.CHOICE), {"type": "list"}
        elif kind is Kind.INCREMENT:
            key, options = (f'"{",".join(INCREMENT_EXAMPLES)}"', False), {"type": "list"}
        elif kind is Kind.INT:
            key = ("whole>=0", True)
            options = {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"}
        elif kind is Kind.SHARE:
            key = ("share", True)
            options = {"type": "decimal", "operator": "between", "formula1": "0", "formula2": "1"}
        else:
            return
        if options["type"] == "list":
            if len(key[0]) > _LIST_LIMIT:
                return
            options["formula1"] = key[0]
        validation = validations.get(key)
        if validation is None:
            strict = key[1]
            validation = DataValidation(
                allow_blank=True,
                showErrorMessage=strict,
                errorTitle=korean.TEXT["validation_title"]
                if self.korean
                else "Not an accepted answer",
                error=korean.TEXT["validation_error"]
                if self.korean
                else "Use one of the values in the list (see column C or the help row).",
                **options,
            )
            ws.add_data_validation(validation)
            validations[key] = validation
        validation.add(cells)

    # ------------------------------------------------------------------ tables
    def _table(
        self,
        ws: Worksheet,
        validations: dict[tuple[str, bool], Any],
        spec: SheetSpec,
        table: TableSpec,
        answer: object,
        row: int,
    ) -> int:
        write_text(ws, row, 1, table.title, style="vq_section")
        for offset, column in enumerate(table.columns, start=1):
            write_text(ws, row + 1, offset, column.label, style="vq_header")
            write_text(ws, row + 2, offset, column.help, style="vq_help")
        items = _table_rows(table, answer)
        count = max(table.rows, len(items) + 2) if items else table.rows
        first = row + 3
        for position in range(count):
            values = items[position] if position < len(items) else [None] * len(table.columns)
            for offset, column in enumerate(table.columns, start=1):
                self._input(ws, first + position, offset, column.kind, values[offset - 1])
        for offset, column in enumerate(table.columns, start=1):
            letter = column_letter(offset)
            cells = f"{letter}{first}:{letter}{first + count - 1}"
            self._validate(ws, validations, column.kind, column.choices, cells)
        return first + count

    # ------------------------------------------------------------------ instructions
    def _instructions(self, ws: Worksheet, row: int) -> int:
        heading = korean.TEXT["how_to_fill"] if self.korean else "How to fill in"
        write_text(ws, row, 1, heading, style="vq_section")
        row += 1
        for line in korean.TEXT["instructions"] if self.korean else _INSTRUCTIONS_TEXT:
            write_text(ws, row, 1, f"• {line}")
            row += 1
        if self.needs is None:
            return row
        return self._context(ws, row + 1, self.needs)

    def _pairs(self, ws: Worksheet, row: int, pairs: Sequence[tuple[str, object]]) -> int:
        for label, value in pairs:
            write_text(ws, row, 1, label, style="vq_label")
            write_value(ws, row, 2, value)
            row += 1
        return row

    def _grid(
        self, ws: Worksheet, row: int, header: Sequence[str], rows: Sequence[Sequence[object]]
    ) -> int:
        for offset, text in enumerate(header, start=1):
            write_text(ws, row, offset, text, style="vq_header")
        row += 1
        for values in rows:
            for offset, value in enumerate(values, start=1):
                write_value(ws, row, offset, value)
            row += 1
        return row

    def _context(self, ws: Worksheet, row: int, needs: Needs) -> int:
        words: Mapping[str, str] = korean.TEXT["context_pairs"] if self.korean else _CONTEXT_EN
        heading = korean.TEXT["context"] if self.korean else "The buyer's context"
        write_text(ws, row, 1, heading, style="vq_section")
        row = self._pairs(
            ws,
            row + 1,
            [
                (words["buyer"], needs.buyer),
                (words["industry"], needs.industry),
                (words["timezone"], needs.timezone),
                (words["hours"], needs.hours.describe()),
                (words["holidays"], YES if needs.holidays_covered else NO),
            ],
        )
        row = self._grid(
            ws,
            row + 1,
            korean.TEXT["channel_grid"] if self.korean else _CHANNEL_GRID_EN,
            [
                (
                    item.channel.value,
                    item.volume_per_month,
                    round(item.aht_seconds, 1),
                    item.service_level.describe() if item.service_level else "",
                    needs.hours_for(item.channel).describe(),
                )
                for item in needs.channels
            ],
        )
        row = self._grid(
            ws,
            row + 1,
            korean.TEXT["language_grid"] if self.korean else _LANGUAGE_GRID_EN,
            [(lang.language, lang.share, lang.min_cefr.value) for lang in needs.languages],
        )
        security = needs.security
        locations = needs.locations
        contract = needs.contract
        pairs: list[tuple[str, object]] = [
            (words["security_required"], join(security.required_certifications)),
            (words["quality_wanted"], join(needs.staffing.certifications_wanted)),
            (words["segregation"], security.min_segregation.value),
            (words["rto"], security.max_rto_hours),
            (words["rpo"], security.max_rpo_hours),
            (words["kpis"], join(security.kpis)),
        ]
        if needs.crm is not None:
            crm_text = words["crm_text"].format(
                system=needs.crm.system.value,
                mode=needs.crm.mode.value,
                latency=f"{needs.crm.max_sync_latency_seconds:g}",
            )
            pairs.append((words["crm"], crm_text))
        contract_text = words["contract_text"].format(
            term=contract.term_months, start=contract.start_month
        )
        pairs += [
            (words["social"], join(needs.social.platforms)),
            (words["preferred"], join(locations.preferred_countries)),
            (words["excluded"], join(locations.excluded_countries)),
            (words["expansion"], join(locations.expansion_markets)),
            (words["residency"], join(locations.data_residency)),
            (words["contract"], contract_text),
            (words["currency"], contract.currency),
        ]
        return self._pairs(ws, row + 1, [(label, value) for label, value in pairs if value])


_CONTEXT_EN: Final = {
    "buyer": "Buyer",
    "industry": "Industry",
    "timezone": "Time zone (all hours are in it)",
    "hours": "Hours of service",
    "holidays": "Service on public holidays",
    "security_required": "Security certifications required",
    "quality_wanted": "Quality certifications wanted",
    "segregation": "Weakest data separation accepted",
    "rto": "Longest recovery time (RTO) [h]",
    "rpo": "Longest data-loss window (RPO) [h]",
    "kpis": "KPIs, most important first",
    "crm": "CRM",
    "crm_text": "{system}, {mode}, at most {latency} s delay",
    "social": "Social platforms",
    "preferred": "Preferred countries",
    "excluded": "Excluded countries",
    "expansion": "Expansion markets",
    "residency": "Data must stay in",
    "contract": "Contract",
    "contract_text": "{term} months from {start}",
    "currency": "Currency",
}
_CHANNEL_GRID_EN: Final = (
    "Channel",
    "Contacts a month",
    "Handle time [s]",
    "Service level",
    "Hours",
)
_LANGUAGE_GRID_EN: Final = ("Language", "Share of contacts", "Minimum fluency (CEFR)")


def _hours_rows(hours: Any, channel: object | None, with_channel: bool) -> list[list[object]]:
    if hours is None:
        return []
    lead: list[object] = [channel] if with_channel else []
    if hours.always:
        return [[*lead, True, None, None, None]]
    return [[*lead, None, window.days, window.start, window.end] for window in hours.windows]


def _table_rows(table: TableSpec, answer: object) -> list[list[object]]:
    """The cell values of a table's rows, from the answer the sheet shows."""
    if answer is None:
        return []
    container = _attribute(answer, table.path)
    if container is None:
        return []
    shape = table.shape
    keys = [column.key for column in table.columns]
    if shape is TableShape.MAPPING:
        assert isinstance(container, Mapping)
        return [[key, value] for key, value in container.items()]
    if shape is TableShape.HOURS:
        return _hours_rows(container, None, with_channel=False)
    if shape is TableShape.CHANNEL_HOURS:
        rows = _hours_rows(container, ALL_CHANNELS, with_channel=True)
        by_channel = _attribute(answer, table.channel_path)
        assert isinstance(by_channel, Mapping)
        for channel, hours in by_channel.items():
            rows += _hours_rows(hours, channel, with_channel=True)
        return rows
    assert isinstance(container, tuple | list)
    if shape is TableShape.VALUES:
        return [[value] for value in container]
    if shape is TableShape.ITEMS:
        return [[getattr(item, key) for key in keys] for item in container]
    outer, inner = keys[: table.inner_start - 1], keys[table.inner_start - 1 :]
    return [
        [getattr(item, key) for key in outer] + [getattr(member, key) for key in inner]
        for item in container
        for member in getattr(item, table.inner)
    ]
