"""The ``vendoreval`` command: demo, evaluate, invoice, questionnaire, report, audit, award.

Every error is printed as one line on standard error with a non-zero exit code, never as a
traceback: vendoreval's own errors (:class:`~vendoreval.errors.VendorEvalError`) and the
built-in ones a bad input or a full disk raise with their message, running out of memory
with a hint, anything else as an unexpected error to report (set ``VENDOREVAL_DEBUG=1`` to
see the traceback).

Text that came from input — vendor and buyer names, criteria, paths, messages quoting them —
is printed as plain text, never as rich console markup (``[/]``, ``[link=…]``), and with
control characters (terminal escape sequences) replaced by U+FFFD.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from vendoreval.errors import VendorEvalError

if TYPE_CHECKING:
    from vendoreval.evaluation import Evaluation
    from vendoreval.pricing.invoice import Invoice

__all__ = ["app", "main"]

app = typer.Typer(
    name="vendoreval",
    help="Choose a contact-center outsourcing (BPO) vendor: score, cost and rank proposals.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Options that several commands take, each written once.
_NeedsFile = Annotated[Path, typer.Option(help="Buyer's needs (YAML or JSON).")]
_ProposalsPath = Annotated[Path, typer.Option(help="A proposal file or a folder of them.")]
_SheetFile = Annotated[
    Path, typer.Option(help="A proposal or price-sheet file (YAML/JSON) to bill with.")
]
_Runs = Annotated[int, typer.Option(min=1, help="Monte Carlo cost runs.")]
_Seed = Annotated[int, typer.Option(help="Seed of the cost simulation.")]
_Method = Annotated[str, typer.Option(help="weighted_sum or topsis.")]
_Language = Annotated[str, typer.Option(help="Workbook language: en or ko.")]


def _out() -> Console:
    """Standard-output console, sized when used (honours COLUMNS)."""
    return Console()


def _err() -> Console:
    """Standard-error console for one-line errors."""
    return Console(stderr=True)


_T = TypeVar("_T")

# C0 and C1 control characters (escape sequences start with ESC) and the bidirectional
# overrides that make text display in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_REPORT_HINT: Final = (
    "this is a bug in vendoreval; please report it with the command you ran "
    "(VENDOREVAL_DEBUG=1 shows the traceback)"
)


def _plain(value: object, *, one_line: bool = False, style: str = "") -> Text:
    """``value`` as plain text for the terminal: no markup, no control characters.

    Parameters
    ----------
    value : object
        Any value; its ``str`` is shown.
    one_line : bool
        Collapse all whitespace, line breaks included, to single spaces.
    style : str
        Rich style of the whole text (ours, never from input).
    """
    text = _CONTROL.sub("\ufffd", str(value).replace("\r\n", "\n"))
    if one_line:
        text = " ".join(text.split())
    return Text(text, style=style)


def _print(console: Console, value: object) -> None:
    """Print input-derived text verbatim: no markup, no highlighting, no emoji codes."""
    text = value if isinstance(value, Text) else _plain(value)
    console.print(text, highlight=False, markup=False, emoji=False, soft_wrap=True)


def _message(exc: BaseException) -> str:
    """One line saying what went wrong."""
    if isinstance(exc, MemoryError):
        return "out of memory; try fewer --runs, or smaller input files" + (
            f" ({exc})" if str(exc) else ""
        )
    text = str(exc).strip().strip("'\"")
    if isinstance(exc, VendorEvalError | ValueError | OSError | KeyError):
        return text or type(exc).__name__
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return f"unexpected error ({detail}); {_REPORT_HINT}"


def _fail(message: str, code: int = 1) -> NoReturn:
    """Print ``error: message`` as one line on standard error and exit with ``code``."""
    line = Text.assemble(("error:", "bold red"), " ", _plain(message, one_line=True))
    try:
        _print(_err(), line)
    except Exception:  # a terminal that cannot show the text: write it escaped
        plain = "error: " + " ".join(_CONTROL.sub("?", message).split())
        sys.stderr.write(plain.encode("ascii", "backslashreplace").decode("ascii") + "\n")
    raise typer.Exit(code=code)


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on standard error, as the callback the library reports to.

    The library prints nothing itself; the bar is drawn only when standard error is a
    terminal (None otherwise, so piped output stays clean).
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(what, total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield advance


def _exit_signals() -> tuple[type[BaseException], ...]:
    """The exceptions by which typer ends a command with an exit status of its choosing.

    typer 0.29 and later carry their own copy of click (``TyperException`` is the base of
    its usage errors); earlier versions raise click's exceptions, and ``typer.Exit`` is
    click's ``Exit``. Either way these pass through untouched.
    """
    signals: list[type[BaseException]] = [typer.Exit, typer.Abort, SystemExit]
    for module, name in (("typer.exceptions", "TyperException"), ("click", "ClickException")):
        try:
            signals.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
        break  # typer's own copy of click, or click itself: not both
    return tuple(signals)


_EXIT_SIGNALS: Final = _exit_signals()


def _guarded(action: Callable[[], _T]) -> _T:
    """Run ``action``; turn any failure into one line on stderr and a non-zero exit code."""
    try:
        return action()
    except _EXIT_SIGNALS:
        raise
    except KeyboardInterrupt:
        if os.environ.get("VENDOREVAL_DEBUG"):
            raise
        _fail("interrupted", code=130)
    except Exception as exc:
        if os.environ.get("VENDOREVAL_DEBUG"):
            raise
        _fail(_message(exc))


def _ranking_table(ev: Evaluation) -> Table:
    currency = ev.currency
    title = _plain(
        f"Ranking — {ev.needs.buyer} ({ev.method}, {ev.runs:,} cost runs)", one_line=True
    )
    table = Table(title=title)
    table.add_column("Rank", justify="right")
    table.add_column("Vendor")
    table.add_column("Score", justify="right")
    table.add_column(_plain(f"Mean {currency}/month", one_line=True), justify="right")
    table.add_column(_plain(f"P95 {currency}/month", one_line=True), justify="right")
    table.add_column("Knock-outs")
    for vendor, row in ev.ranking.iterrows():
        style = None if row["passed"] else "dim"
        table.add_row(
            _plain(int(row["rank"])),
            _plain(vendor, one_line=True),
            _plain(f"{row['score']:.1f}"),
            _plain(f"{row['monthly_cost_mean']:,.0f}"),
            _plain(f"{row['monthly_cost_p95']:,.0f}"),
            _plain(_knockout_rules(ev, str(vendor)) or "—", one_line=True),
            style=style,
        )
    return table


def _knockout_rules(ev: Evaluation, vendor: str) -> str:
    """The failed knock-out rules of ``vendor`` as short ``check.rule`` names."""
    return ", ".join(ko.rule_id for result in ev.checks[vendor].values() for ko in result.knockouts)


def _checks_table(ev: Evaluation) -> Table:
    table = Table(title="The eight checks, side by side (0–100)")
    table.add_column("Criterion")
    table.add_column("Weight", justify="right")
    for vendor in ev.ranking.index:
        table.add_column(_plain(vendor, one_line=True), justify="right")
    for criterion in ev.scores.columns:
        cells = [_plain(f"{ev.scores.loc[v, criterion]:.0f}") for v in ev.ranking.index]
        table.add_row(
            _plain(criterion, one_line=True), _plain(f"{ev.weights[criterion]:.2f}"), *cells
        )
    return table


def _report(ev: Evaluation, excel: Path | None, charts: Path | None, language: str) -> None:
    console = _out()
    console.print(_checks_table(ev))
    console.print(_ranking_table(ev))
    console.print()
    _print(console, Text.assemble(_plain(f"Why {ev.winner}:", one_line=True, style="bold")))
    _print(console, ev.explain(ev.winner))
    if excel is not None:
        written = ev.to_excel(excel, language=language)
        console.print()
        _print(console, f"Wrote {written}")
    if charts is not None:
        from vendoreval.plots import save_charts

        for path in save_charts(ev, charts):
            _print(console, f"Wrote {path}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for comparison.xlsx and PNG charts.")] = Path(
        "demo-output"
    ),
    runs: _Runs = 10_000,
    seed: _Seed = 0,
    method: _Method = "weighted_sum",
    language: _Language = "en",
) -> None:
    """Evaluate the embedded sample (a Korean online retailer and five vendors)."""

    def run() -> None:
        import vendoreval as ve

        needs, proposals = ve.load_sample()
        out.mkdir(parents=True, exist_ok=True)
        with _progress("simulating the contract term") as progress:
            ev = ve.evaluate(
                needs,
                proposals,
                "eight-checks",
                method=method,
                runs=runs,
                seed=seed,
                assessments=ve.datasets.load_sample_assessments(),
                progress=progress,
            )
        _report(ev, out / "comparison.xlsx", out, language)

    _guarded(run)


@app.command()
def evaluate(
    needs: _NeedsFile,
    proposals: _ProposalsPath,
    criteria: Annotated[
        str, typer.Option(help="Criteria pack: bundled name or YAML path.")
    ] = "eight-checks",
    method: _Method = "weighted_sum",
    runs: _Runs = 10_000,
    seed: _Seed = 0,
    assessments: Annotated[
        Path | None, typer.Option(help="Evaluator ratings (CSV or YAML).")
    ] = None,
    excel: Annotated[Path | None, typer.Option(help="Write the comparison workbook.")] = None,
    charts: Annotated[Path | None, typer.Option(help="Folder for PNG charts.")] = None,
    language: _Language = "en",
) -> None:
    """Score, cost and rank vendor proposals against a buyer's needs."""

    def run() -> None:
        import vendoreval as ve

        loaded_needs, loaded = ve.load_needs(needs), ve.load_proposals(proposals)
        with _progress("simulating the contract term") as progress:
            ev = ve.evaluate(
                loaded_needs,
                loaded,
                criteria,
                method=method,
                runs=runs,
                seed=seed,
                assessments=assessments,
                progress=progress,
            )
        _report(ev, excel, charts, language)

    _guarded(run)


@app.command()
def questionnaire(
    out: Annotated[Path, typer.Option(help="Where to write the questionnaire (.xlsx).")],
    needs: Annotated[
        Path | None, typer.Option(help="Buyer's needs, shown to the vendor as context.")
    ] = None,
    vendor: Annotated[str, typer.Option(help="Vendor name to print on the form.")] = "",
    fill: Annotated[
        Path | None, typer.Option(help="A proposal file (YAML/JSON) to fill the form with.")
    ] = None,
) -> None:
    """Write a vendor questionnaire workbook (blank, or filled from a proposal).

    Vendors fill it in Excel; `vendoreval evaluate --proposals DIR` reads the filled .xlsx
    files beside YAML and JSON proposals.
    """

    def run() -> None:
        import vendoreval as ve

        buyer = ve.load_needs(needs) if needs is not None else None
        if fill is not None:
            written = ve.fill_questionnaire(ve.load_proposal(fill), out, needs=buyer)
        else:
            written = ve.write_questionnaire(out, buyer, vendor_name=vendor)
        _print(_out(), f"Wrote {written}")

    _guarded(run)


@app.command()
def invoice(
    sheet: _SheetFile,
    calls: Annotated[Path, typer.Option(help="Call records: .parquet, .csv or a folder.")],
    agent_hours: Annotated[
        float | None, typer.Option(help="Productive agent hours, for per-hour rates.")
    ] = None,
    ftes: Annotated[float | None, typer.Option(help="FTEs, for per-FTE rates.")] = None,
    include_setup: Annotated[bool, typer.Option(help="Add the one-off set-up fee.")] = False,
) -> None:
    """Replay call records against a price sheet and print the exact invoice."""

    def run() -> Invoice:
        from vendoreval.io import load_price_sheet
        from vendoreval.pricing import invoice as make_invoice

        price_sheet = load_price_sheet(sheet)
        result = make_invoice(
            price_sheet,
            calls,
            agent_hours=agent_hours,
            ftes=ftes,
            include_setup=include_setup,
        )
        _print(_out(), str(result))
        return result

    _guarded(run)


@app.command()
def report(
    terms: Annotated[
        Path, typer.Option(help="The vendor's contract terms, or its proposal (YAML/JSON).")
    ],
    calls: Annotated[Path, typer.Option(help="Contact records: .parquet, .csv or a folder.")],
    month: Annotated[str, typer.Option(help="The month measured, YYYY-MM.")],
    fees: Annotated[
        str | None, typer.Option(help="The month's fees, for the credit due (e.g. 180000000).")
    ] = None,
    currency: Annotated[str, typer.Option(help="ISO 4217 currency of the fees.")] = "KRW",
    timezone: Annotated[
        str | None, typer.Option(help="IANA time zone of the month (e.g. Asia/Seoul).")
    ] = None,
    excel: Annotated[Path | None, typer.Option(help="Write the report workbook (.xlsx).")] = None,
    language: _Language = "en",
) -> None:
    """Measure a month's service against the vendor's commitments and the credit due."""

    def run() -> None:
        from decimal import Decimal, InvalidOperation

        from vendoreval.contract import sla_report
        from vendoreval.errors import ArgumentError
        from vendoreval.io import load_terms

        contract = load_terms(terms)
        measured = sla_report(contract, calls, month=month, timezone=timezone)
        amount: Decimal | None = None
        if fees is not None:
            try:
                amount = Decimal(fees.replace(",", ""))
            except InvalidOperation:
                raise ArgumentError(
                    f"--fees: expected an amount such as 180000000, got {fees!r}"
                ) from None
        console = _out()
        table = Table(title=_plain(f"Service report — {month}", one_line=True))
        for column in ("Commitment", "Target", "Achieved", "Met", "Contacts"):
            table.add_column(column, justify="left" if column == "Commitment" else "right")
        for commitment in contract.commitments:
            key = commitment.key
            achieved = float(measured.achieved[key])
            shown = "—" if achieved != achieved else f"{achieved:.4g}"
            table.add_row(
                _plain(key, one_line=True),
                f"{float(commitment.target):.4g}",
                shown,
                "yes" if bool(measured.met[key]) else "MISSED",
                f"{int(measured.contacts[key]):,}",
            )
        console.print(table)
        if amount is not None:
            credit = measured.credit(amount, currency)
            meaning = "money back to the buyer" if credit >= 0 else "a bonus paid to the vendor"
            _print(console, f"Credit due: {credit:,} {currency} ({meaning})")
        if excel is not None:
            from vendoreval.io.excel import write_report_workbook

            written = write_report_workbook(
                measured, excel, fees=amount, currency=currency, language=language
            )
            _print(console, f"Wrote {written}")

    _guarded(run)


@app.command()
def audit(
    sheet: _SheetFile,
    calls: Annotated[Path, typer.Option(help="The buyer's contact records (with contact_id).")],
    billed: Annotated[
        Path, typer.Option(help="The vendor's billing detail: contact_id, billed_seconds.")
    ],
    excel: Annotated[Path | None, typer.Option(help="Write the audit workbook (.xlsx).")] = None,
    language: _Language = "en",
) -> None:
    """Check a vendor's bill line by line against the exact replay of the records."""

    def run() -> None:
        from vendoreval.io import load_price_sheet
        from vendoreval.pricing import audit_invoice

        price_sheet = load_price_sheet(sheet)
        result = audit_invoice(price_sheet, calls, billed)
        console = _out()
        _print(console, str(result))
        if excel is not None:
            from vendoreval.io.excel import write_audit_workbook

            written = write_audit_workbook(result, excel, language=language)
            _print(console, f"Wrote {written}")

    _guarded(run)


@app.command()
def award(
    needs: _NeedsFile,
    proposals: _ProposalsPath,
    split_by: Annotated[
        str, typer.Option(help="Segments awarded: channel, language or both.")
    ] = "channel",
    max_vendors: Annotated[int | None, typer.Option(min=1, help="Most vendors awarded.")] = None,
    max_share: Annotated[
        float | None,
        typer.Option(help="Largest share of the total volume one vendor may take (0-1]."),
    ] = None,
    min_vendors: Annotated[
        int | None, typer.Option(min=1, help="Fewest vendors awarded (2 = dual sourcing).")
    ] = None,
    shares: Annotated[str, typer.Option(help="Award whole segments or fractional shares.")] = (
        "whole"
    ),
    criteria: Annotated[
        str, typer.Option(help="Criteria pack for the knock-outs and scores.")
    ] = "eight-checks",
    min_score: Annotated[
        float | None, typer.Option(help="Lowest score (0-100) a vendor may have.")
    ] = None,
    runs: _Runs = 10_000,
    seed: _Seed = 0,
    excel: Annotated[Path | None, typer.Option(help="Write the award tables (.xlsx).")] = None,
) -> None:
    """Split the work across vendors at the lowest expected monthly cost.

    Vendors are evaluated first: one that fails a knock-out receives nothing, and
    --min-score excludes low scorers. Prints who receives what, the cost and the saving
    against the best single vendor, and why.
    """

    def run() -> None:
        import vendoreval as ve
        from vendoreval.award import optimize_award

        buyer = ve.load_needs(needs)
        vendors = ve.load_proposals(proposals)
        ev = ve.evaluate(buyer, vendors, criteria, runs=runs, seed=seed)
        result = optimize_award(
            buyer,
            vendors,
            split_by,  # type: ignore[arg-type]
            min_vendors=min_vendors,
            max_vendors=max_vendors,
            max_share=max_share,
            min_score=min_score,
            scores=ev.ranking["score"],
            passed=ev.ranking["passed"],
            shares=shares,  # type: ignore[arg-type]
            runs=runs,
            seed=seed,
        )
        frame = result.to_frame()
        title = _plain(f"Award — {buyer.buyer} (split by {result.split_by.value})", one_line=True)
        table = Table(title=title)
        table.add_column("Vendor")
        table.add_column("Receives")
        table.add_column("Share of volume", justify="right")
        table.add_column(f"Mean {result.currency}/month", justify="right")
        table.add_column("Score", justify="right")
        table.add_column("Agents / seats", justify="right")
        for vendor, row in frame.iterrows():
            seats = "—" if row["seats"] != row["seats"] else f"{row['seats']:.0f}"
            table.add_row(
                _plain(vendor, one_line=True),
                _plain(row["segments"], one_line=True),
                f"{row['volume_share']:.1%}",
                f"{row['monthly_cost_mean']:,.0f}",
                f"{row['score']:.1f}",
                f"{int(row['agents_needed'])} / {seats}",
            )
        console = _out()
        console.print(table)
        _print(console, result.explain())
        if excel is None:
            return

        def write(path: Path) -> None:
            from openpyxl import Workbook

            from vendoreval.io.cells import append_row

            book = Workbook()
            book.remove(book.active)
            for title, data in result.sheet_table().items():
                sheet = book.create_sheet(title.replace("_", " ").capitalize())
                append_row(sheet, [data.index.name or "", *map(str, data.columns)])
                for label, values in data.iterrows():
                    append_row(sheet, [label, *values.tolist()])
            book.save(path)

        from vendoreval._atomic import atomic_write

        written = atomic_write(excel, write)
        _print(console, f"\nWrote {written}")

    _guarded(run)


def main() -> None:
    """Entry point of the ``vendoreval`` console script."""
    try:
        _guarded(lambda: app(prog_name="vendoreval"))
    except typer.Exit as exc:  # a failure outside any command
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":  # pragma: no cover
    main()
