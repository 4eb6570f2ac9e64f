"""The vendoreval command: demo, evaluate, invoice; errors as one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import vendoreval as ve
from vendoreval.cli import app

runner = CliRunner(env={"COLUMNS": "220"})


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "evaluate", "invoice", "questionnaire"):
        assert command in result.output


@pytest.mark.parametrize("command", ["demo", "evaluate", "invoice", "questionnaire"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--" in result.output


def test_demo_writes_workbook_and_charts(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out), "--runs", "300"])
    assert result.exit_code == 0, result.output
    assert (out / "comparison.xlsx").stat().st_size > 0
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert "radar.png" in pngs
    assert "cost_distribution.png" in pngs
    assert "Ranking" in result.output
    assert "Why " in result.output


def test_evaluate_from_files(tmp_path: Path) -> None:
    needs, proposals = ve.load_sample()
    ve.dump_needs(needs, tmp_path / "needs.yaml")
    ve.dump_proposals(proposals, tmp_path / "vendors")
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--needs",
            str(tmp_path / "needs.yaml"),
            "--proposals",
            str(tmp_path / "vendors"),
            "--runs",
            "200",
            "--method",
            "topsis",
            "--excel",
            str(tmp_path / "out.xlsx"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.xlsx").exists()
    for proposal in proposals:
        assert proposal.name in result.output


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["evaluate", "--needs", str(tmp_path / "nope.yaml"), "--proposals", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "nope.yaml" in result.output
    assert "error:" in result.output


def test_bad_method_is_one_line_error(tmp_path: Path) -> None:
    needs, proposals = ve.load_sample()
    ve.dump_needs(needs, tmp_path / "needs.yaml")
    ve.dump_proposals(proposals, tmp_path / "vendors")
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--needs",
            str(tmp_path / "needs.yaml"),
            "--proposals",
            str(tmp_path / "vendors"),
            "--runs",
            "10",
            "--method",
            "electre",
        ],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "method" in result.output


def test_invoice_replays_calls(tmp_path: Path) -> None:
    needs, proposals = ve.load_sample()
    calls = ve.datasets.sample_calls(needs, month="2027-01", seed=0)
    calls.to_parquet(tmp_path / "calls.parquet")
    vendor = next(p for p in proposals if not p.sheet.is_staffing_based)
    ve.dump_proposal(vendor, tmp_path / "vendor.yaml")
    result = runner.invoke(
        app,
        [
            "invoice",
            "--sheet",
            str(tmp_path / "vendor.yaml"),
            "--calls",
            str(tmp_path / "calls.parquet"),
        ],
    )
    assert result.exit_code == 0, result.output
    expected = ve.invoice(vendor.sheet, calls)
    assert f"{expected.total:,}" in result.output or str(expected.total) in result.output


def test_questionnaire_round_trip_through_evaluate(tmp_path: Path) -> None:
    needs, proposals = ve.load_sample()
    ve.dump_needs(needs, tmp_path / "needs.yaml")
    vendors = tmp_path / "vendors"
    ve.dump_proposals(proposals[1:], vendors)
    ve.dump_proposal(proposals[0], tmp_path / "first.yaml")
    filled = vendors / "first.xlsx"
    result = runner.invoke(
        app,
        [
            "questionnaire",
            "--out",
            str(filled),
            "--needs",
            str(tmp_path / "needs.yaml"),
            "--fill",
            str(tmp_path / "first.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert ve.load_proposals(filled) == [proposals[0]]
    loaded = ve.load_proposals(vendors)
    assert sorted(p.name for p in loaded) == sorted(p.name for p in proposals)
    blank = tmp_path / "blank.xlsx"
    result = runner.invoke(app, ["questionnaire", "--out", str(blank), "--vendor", "Acme"])
    assert result.exit_code == 0, result.output
    assert blank.stat().st_size > 0


def test_markup_in_names_and_paths_is_printed_as_text(tmp_path: Path) -> None:
    out = tmp_path / "[bold]x[red]" / "q [1].xlsx"
    out.parent.mkdir()
    result = runner.invoke(app, ["questionnaire", "--out", str(out), "--vendor", "Acme [/]"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    import openpyxl

    assert openpyxl.load_workbook(out)["Instructions"]["B4"].value == "Acme [/]"


def test_errors_quoting_markup_or_escapes_are_one_plain_line(tmp_path: Path) -> None:
    bad = tmp_path / "[link=mailto:a]needs [bold red]\x1b[31m.yaml"
    result = runner.invoke(app, ["evaluate", "--needs", str(bad), "--proposals", str(tmp_path)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert "[link=mailto:a]needs [bold red]" in line
    assert "\x1b" not in result.output
    assert "\ufffd[31m" in line


def test_an_output_name_too_long_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / ("q" * 300 + ".xlsx")
    result = runner.invoke(app, ["questionnaire", "--out", str(out)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert "File name too long" in line
    assert "Traceback" not in result.output


def test_the_cli_owns_the_progress_bar(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The library reports progress through a callback; the CLI draws a rich bar on a
    terminal and passes nothing otherwise (piped output stays clean)."""
    import io
    import sys

    from vendoreval import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with cli._progress("simulating") as callback:
        assert callback is None
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli._progress("simulating") as callback:
        assert callback is not None
        callback(1, 4)
        callback(4, 4)

    seen: list[object] = []

    def fake_evaluate(*args: object, **kwargs: object) -> object:
        seen.append(kwargs.get("progress"))
        raise ValueError("stop here")

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.setattr(ve, "evaluate", fake_evaluate)
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo"), "--runs", "10"])
    assert result.exit_code == 1
    assert seen == [None]  # not a terminal: no bar, and evaluate was asked for none


def test_the_command_runs_where_click_is_not_installed(tmp_path: Path) -> None:
    """typer 0.29 and later carry their own copy of click: the command must not need it."""
    import subprocess
    import sys

    import typer

    if not hasattr(typer, "exceptions") or not hasattr(typer.exceptions, "TyperException"):
        pytest.skip("this typer is built on click")
    code = (
        "import sys; sys.modules['click'] = None\n"  # import click raises ImportError
        "sys.argv = ['vendoreval', 'invoice', '--sheet', sys.argv[1], '--calls', sys.argv[1]]\n"
        "from vendoreval.cli import main\n"
        "main()\n"
    )
    missing = str(tmp_path / "missing.yaml")
    done = subprocess.run(
        [sys.executable, "-c", code, missing], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr


def test_typer_exits_pass_through_and_failures_become_one_line() -> None:
    import typer

    from vendoreval.cli import _guarded

    def leave() -> None:
        raise typer.Exit(code=3)

    def fail() -> None:
        raise ValueError("bad value in 'x'")

    with pytest.raises(typer.Exit) as left:
        _guarded(leave)
    assert left.value.exit_code == 3
    with pytest.raises(typer.Exit) as failed:
        _guarded(fail)
    assert failed.value.exit_code == 1
