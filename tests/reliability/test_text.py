"""Hostile text from vendors and buyers: never a live formula in a workbook, never markup
or escape sequences in the terminal, and read back as it was written.

Workbooks are checked by reopening them with openpyxl: every cell holding input text that
starts with ``= + - @``, a tab or a line break (how a carriage return is stored) must be a
string (``data_type == "s"``) with ``quotePrefix`` set, or editing it in Excel makes it a
formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

import vendoreval as ve
from tests.reliability.corpus import HOSTILE_TEXTS
from vendoreval.cli import app
from vendoreval.io.cells import clean_text, is_formula_like, set_style, write_text, write_value
from vendoreval.io.excel import write_workbook
from vendoreval.io.questionnaire import (
    fill_questionnaire,
    read_questionnaire,
    write_questionnaire,
)
from vendoreval.proposal import VendorProposal

NEEDS, SAMPLE = ve.load_sample()
FORMULA_TEXTS = [
    text for text in HOSTILE_TEXTS if text.startswith(("=", "+", "-", "@", "\t", "\r"))
]
# vendor names: distinct, and unique once a workbook or terminal has cleaned them
NAMES = [
    "=1+1",
    "[link=http://attacker.example]Acme[/link]",
    "Acme [/]",
    "@SUM(1,1) \x1b]8;;http://attacker.example\x1b\\click\x1b]8;;\x1b\\",
    "\t-2+3 [bold red]",
]


def _formula_cells(path: Path) -> Iterator[tuple[str, str, Any]]:
    """Every string cell of a workbook whose text needs the quote prefix."""
    workbook = openpyxl.load_workbook(path)
    for ws in workbook:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    yield ws.title, cell.coordinate, cell


def _unsafe_cells(path: Path) -> list[str]:
    return [
        f"{title}!{ref} {cell.value[:30]!r}"
        for title, ref, cell in _formula_cells(path)
        if not (cell.quotePrefix and cell.data_type == "s")
    ]


def _text_leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _text_leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _text_leaves(value, (*path, index))
    elif isinstance(data, str):
        yield path


def _set(data: Any, path: tuple[Any, ...], value: object) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def hostile_proposal(base: VendorProposal) -> VendorProposal:
    """``base`` with every free-text answer it accepts replaced by a hostile text."""
    data = base.model_dump(mode="json")
    texts = iter(FORMULA_TEXTS * 50)
    for path in list(_text_leaves(data)):
        candidate = next(texts)
        original = data
        for part in path[:-1]:
            original = original[part]
        kept = original[path[-1]]
        _set(data, path, candidate)
        try:
            VendorProposal.model_validate(data)
        except ValidationError:
            _set(data, path, kept)  # a code or a choice: hostile text is refused there
    return VendorProposal.model_validate(data)


def storable(proposal: VendorProposal) -> VendorProposal:
    """The proposal as a cell stores it (characters XML forbids replaced, CR as LF)."""

    def convert(value: Any) -> Any:
        if isinstance(value, Enum | bool):
            return value
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, dict):
            return {convert(key): convert(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [convert(item) for item in value]
        return value

    return VendorProposal.model_validate(convert(proposal.model_dump()))


# --------------------------------------------------------------------------------------------
# Questionnaires
# --------------------------------------------------------------------------------------------


def test_filled_questionnaire_keeps_every_formula_like_answer_text(tmp_path: Path) -> None:
    proposal = hostile_proposal(SAMPLE[0])
    assert sum(1 for _ in _text_leaves(proposal.model_dump(mode="json"))) > 10
    buyer = NEEDS.model_copy(update={"buyer": '=HYPERLINK("http://x","b")'})
    path = fill_questionnaire(proposal, tmp_path / "q.xlsx", buyer)
    cells = list(_formula_cells(path))
    assert len(cells) >= 10
    assert _unsafe_cells(path) == []
    assert read_questionnaire(path) == storable(proposal)


@pytest.mark.parametrize("name", FORMULA_TEXTS)
def test_blank_questionnaire_keeps_the_vendor_name_text(tmp_path: Path, name: str) -> None:
    path = write_questionnaire(tmp_path / "q.xlsx", NEEDS, vendor_name=name)
    assert _unsafe_cells(path) == []
    cell = openpyxl.load_workbook(path)["Instructions"]["B4"]
    assert cell.value == clean_text(name)
    assert cell.quotePrefix is True


@settings(max_examples=25, deadline=None)
@given(
    text=st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(min_size=1, max_size=20)),
    style=st.sampled_from(["Normal", "Title", "Headline 1", "Good", "Note"]),
    way=st.sampled_from(["write_text", "set_style", "write_value"]),
)
def test_any_text_styled_any_way_keeps_its_quote_prefix(
    tmp_path_factory: pytest.TempPathFactory, text: str, style: str, way: str
) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    if way == "write_text":
        write_text(ws, 1, 1, text, style=style, number_format="@")
    elif way == "write_value":
        write_value(ws, 1, 1, text, style=style)
    else:
        set_style(write_text(ws, 1, 1, text), style)
    path = tmp_path_factory.mktemp("styled") / "s.xlsx"
    workbook.save(path)
    back = openpyxl.load_workbook(path).active
    assert back is not None
    cell = back["A1"]
    stored = clean_text(text)
    assert cell.value == (stored or None)
    if stored:
        assert cell.data_type == "s"
        assert bool(cell.quotePrefix) == is_formula_like(stored)


def test_is_formula_like_covers_what_a_cell_stores() -> None:
    for text in FORMULA_TEXTS:
        assert is_formula_like(text)
        assert is_formula_like(clean_text(text))  # "\r=1" is stored as "\n=1"
    assert not is_formula_like("Acme [/]")


# --------------------------------------------------------------------------------------------
# evaluate → CLI → comparison workbook
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile [x]")
    proposals = [p.model_copy(update={"name": n}) for p, n in zip(SAMPLE, NAMES, strict=True)]
    ve.dump_needs(NEEDS.model_copy(update={"buyer": "Buyer [/] =1"}), folder / "needs.yaml")
    ve.dump_proposals(proposals, folder / "vendors")
    return folder


def test_cli_prints_hostile_names_as_plain_text(hostile_files: Path) -> None:
    out = hostile_files / "[out]" / "comparison [1].xlsx"
    out.parent.mkdir()
    result = CliRunner(env={"COLUMNS": "400"}).invoke(
        app,
        [
            "evaluate",
            "--needs",
            str(hostile_files / "needs.yaml"),
            "--proposals",
            str(hostile_files / "vendors"),
            "--runs",
            "30",
            "--excel",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "\x1b" not in result.output  # no escape sequence from input reaches the terminal
    for name in ("=1+1", "[link=http://attacker.example]Acme[/link]", "Acme [/]"):
        assert name in result.output
    assert "Buyer [/] =1" in result.output
    assert f"Wrote {out}" in result.output
    assert out.exists()


def test_comparison_workbook_keeps_hostile_names_as_text(tmp_path: Path) -> None:
    """The workbook's own formulas are formulas; every cell holding a vendor's text is text
    with the quote prefix."""
    proposals = [p.model_copy(update={"name": n}) for p, n in zip(SAMPLE, NAMES, strict=True)]
    ev = ve.evaluate(NEEDS, proposals, "eight-checks", runs=30, seed=0)
    path = write_workbook(ev, tmp_path / "comparison.xlsx", sensitivity_samples=100)
    names = {str(name) for name in ev.ranking.index}
    hostile = [
        (title, ref, cell)
        for title, ref, cell in _formula_cells(path)
        if cell.data_type != "f" or cell.value in names
    ]
    assert hostile, "the hostile names should appear in the workbook"
    unsafe = [
        f"{title}!{ref} {cell.value[:30]!r}"
        for title, ref, cell in hostile
        if not (cell.quotePrefix and cell.data_type == "s")
    ]
    assert unsafe == []


class _BoomError(Exception):
    pass


@pytest.mark.parametrize(
    ("error", "expected", "code"),
    [
        (MemoryError(), "out of memory", 1),
        (ve.errors.InputFileError("x.yaml, line 3: vendor 'Acme [/]' [link=x]"), "Acme [/]", 1),
        (_BoomError("kaput [/]"), "unexpected error (_BoomError: kaput [/]); this is a bug", 1),
        (RecursionError("deep"), "unexpected error (RecursionError: deep)", 1),
        (OSError(28, "No space left on device"), "No space left on device", 1),
        (KeyboardInterrupt(), "interrupted", 130),
    ],
)
def test_every_failure_is_one_line_without_traceback(
    monkeypatch: pytest.MonkeyPatch,
    hostile_files: Path,
    error: BaseException,
    expected: str,
    code: int,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(ve, "evaluate", fail)
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "--needs",
            str(hostile_files / "needs.yaml"),
            "--proposals",
            str(hostile_files / "vendors"),
        ],
    )
    assert result.exit_code == code
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_multi_line_messages_become_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "needs [v2].yaml"
    bad.write_text("buyer: [/]\nchannels: 3\nextra_field: 1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--needs", str(bad), "--proposals", str(bad)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert str(bad) in line
    assert re.search(r"line \d", line)
