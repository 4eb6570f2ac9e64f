"""The ``vendoreval`` command: demo, evaluate, invoice.

Errors are printed as one clear line on standard error with a non-zero exit code, never
as a traceback (set ``VENDOREVAL_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

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


def _out() -> Console:
    """Standard-output console, sized when used (honours COLUMNS)."""
    return Console()


def _err() -> Console:
    """Standard-error console for one-line errors."""
    return Console(stderr=True)


_T = TypeVar("_T")


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


def _guarded(action: Callable[[], _T]) -> _T:
    """Run ``action``; turn expected failures into one line on stderr and exit code 1."""
    try:
        return action()
    except (ValueError, OSError, KeyError) as exc:
        if os.environ.get("VENDOREVAL_DEBUG"):
            raise
        message = str(exc).strip().strip("'\"") or type(exc).__name__
        first = " ".join(message.split())
        _err().print(f"[bold red]error:[/] {first}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None


def _ranking_table(ev: Evaluation) -> Table:
    currency = ev.currency
    table = Table(title=f"Ranking — {ev.needs.buyer} ({ev.method}, {ev.runs:,} cost runs)")
    table.add_column("Rank", justify="right")
    table.add_column("Vendor")
    table.add_column("Score", justify="right")
    table.add_column(f"Mean {currency}/month", justify="right")
    table.add_column(f"P95 {currency}/month", justify="right")
    table.add_column("Knock-outs")
    for vendor, row in ev.ranking.iterrows():
        style = None if row["passed"] else "dim"
        table.add_row(
            str(int(row["rank"])),
            str(vendor),
            f"{row['score']:.1f}",
            f"{row['monthly_cost_mean']:,.0f}",
            f"{row['monthly_cost_p95']:,.0f}",
            _knockout_rules(ev, str(vendor)) or "—",
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
        table.add_column(str(vendor), justify="right")
    for criterion in ev.scores.columns:
        cells = [f"{ev.scores.loc[v, criterion]:.0f}" for v in ev.ranking.index]
        table.add_row(str(criterion), f"{ev.weights[criterion]:.2f}", *cells)
    return table


def _report(ev: Evaluation, excel: Path | None, charts: Path | None, language: str) -> None:
    console = _out()
    console.print(_checks_table(ev))
    console.print(_ranking_table(ev))
    console.print()
    console.print(f"[bold]Why {ev.winner}:[/]")
    console.print(ev.explain(ev.winner), highlight=False, markup=False)
    if excel is not None:
        written = ev.to_excel(excel, language=language)
        console.print(f"\nWrote {written}")
    if charts is not None:
        from vendoreval.plots import save_charts

        for path in save_charts(ev, charts):
            console.print(f"Wrote {path}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for comparison.xlsx and PNG charts.")] = Path(
        "demo-output"
    ),
    runs: Annotated[int, typer.Option(min=1, help="Monte Carlo cost runs.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed of the cost simulation.")] = 0,
    method: Annotated[str, typer.Option(help="weighted_sum or topsis.")] = "weighted_sum",
    language: Annotated[str, typer.Option(help="Workbook language: en or ko.")] = "en",
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
    needs: Annotated[Path, typer.Option(help="Buyer's needs (YAML or JSON).")],
    proposals: Annotated[Path, typer.Option(help="A proposal file or a folder of them.")],
    criteria: Annotated[
        str, typer.Option(help="Criteria pack: bundled name or YAML path.")
    ] = "eight-checks",
    method: Annotated[str, typer.Option(help="weighted_sum or topsis.")] = "weighted_sum",
    runs: Annotated[int, typer.Option(min=1, help="Monte Carlo cost runs.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed of the cost simulation.")] = 0,
    assessments: Annotated[
        Path | None, typer.Option(help="Evaluator ratings (CSV or YAML).")
    ] = None,
    excel: Annotated[Path | None, typer.Option(help="Write the comparison workbook.")] = None,
    charts: Annotated[Path | None, typer.Option(help="Folder for PNG charts.")] = None,
    language: Annotated[str, typer.Option(help="Workbook language: en or ko.")] = "en",
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
        _out().print(f"Wrote {written}")

    _guarded(run)


@app.command()
def invoice(
    sheet: Annotated[
        Path, typer.Option(help="A proposal or price-sheet file (YAML/JSON) to bill with.")
    ],
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
        _out().print(str(result), highlight=False, markup=False)
        return result

    _guarded(run)


def main() -> None:
    """Entry point of the ``vendoreval`` console script."""
    app(prog_name="vendoreval")


if __name__ == "__main__":  # pragma: no cover
    main()
