"""The Excel comparison workbook: live ranking formulas with their values, charts, English or
Korean labels.

:func:`write_workbook` turns an :class:`~vendoreval.evaluation.Evaluation` into a workbook
a buyer can work in, in two steps:

1. :meth:`WorkbookContent.from_evaluation` (:mod:`.content`) collects plain pandas and text
   data from what the evaluation has computed;
2. :func:`write_content` lays it out on sheets (:mod:`.builder`, :mod:`.detail_sheets`)
   with XlsxWriter and saves the file atomically.

``Score`` and ``Rank`` on the ``Ranking`` sheet are live formulas (:mod:`.formulas`): edit
a weight and Excel or LibreOffice re-rank the vendors as :mod:`vendoreval.mcda` would.
Each formula is stored with the value the library computed (:mod:`.values`), so
``pandas.read_excel``, openpyxl with ``data_only=True`` and file previews read the same
scores and ranks as ``Evaluation.ranking`` without calculating anything. Text from input
is always stored as text (:meth:`.sheet.Sheet.text`).

Why XlsxWriter: it stores a result beside each formula (openpyxl cannot), writes faster, and
writes everything this workbook needs — formulas, conditional formats, data validation,
comments, native charts, print setup. openpyxl stays the library that *reads* workbooks
(vendor-filled questionnaires). Both are imported only when a workbook is written or read.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from vendoreval._lazy import pd
from vendoreval.io.excel.after_signing import write_audit_workbook, write_report_workbook
from vendoreval.io.excel.builder import CALC_FIRST_ROW, build_workbook
from vendoreval.io.excel.content import (
    WorkbookContent,
    acceptability_table,
    cost_histogram,
    short_value,
    top_reasons,
    vendor_numbers,
)
from vendoreval.io.excel.text import (
    LANGUAGES,
    RANKING_COLUMNS,
    SHEETS,
    labels,
    ranking_headers,
    sheet_names,
)

if TYPE_CHECKING:
    from vendoreval.evaluation import Evaluation

__all__ = [
    "CALC_FIRST_ROW",
    "LANGUAGES",
    "RANKING_COLUMNS",
    "SHEETS",
    "WorkbookContent",
    "acceptability_table",
    "build_workbook",
    "cost_histogram",
    "labels",
    "ranking_headers",
    "sheet_names",
    "short_value",
    "top_reasons",
    "vendor_numbers",
    "write_audit_workbook",
    "write_content",
    "write_report_workbook",
    "write_workbook",
]


def write_workbook(
    ev: Evaluation,
    path: str | Path,
    language: str = "en",
    *,
    sensitivity_samples: int = 10_000,
    sensitivity_seed: int = 0,
    extra_sheets: Mapping[str, Mapping[str, pd.DataFrame]] | None = None,
) -> Path:
    """Write the comparison workbook of an evaluation to ``path``, atomically.

    Parameters
    ----------
    ev : Evaluation
        The evaluation.
    path : str or Path
        Destination ``.xlsx`` file. It is written to a temporary file in the same folder
        and renamed, so a failure leaves an existing file untouched and no partial file.
    language : {"en", "ko"}
        Language of sheet names, headers and labels. Criterion identifiers, vendor names
        and the library's reasons are written as they are.
    sensitivity_samples : int
        Samples of the rank acceptability analysis on the ``Sensitivity`` sheet, asked of
        the evaluation (which caches it: ``ev.sensitivity()`` with the same samples and
        seed is not sampled again).
    sensitivity_seed : int
        Its seed.
    extra_sheets : mapping, optional
        More sheets of titled tables, by key (``"contract"``, ``"pilots"``, ``"award"`` are
        named in both languages): key → title → table. They come after the evaluation's own
        extra sheets (its contract terms, and its pilot when one was given).

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        For an unknown language (the message lists ``"en"`` and ``"ko"``).
    WriteError
        An ``OSError`` naming the path when the folder does not exist or the file cannot
        be written.
    """
    labels(language)
    content = WorkbookContent.from_evaluation(
        ev, sensitivity_samples=sensitivity_samples, sensitivity_seed=sensitivity_seed
    )
    if extra_sheets:
        content = replace(content, extra_sheets={**content.extra_sheets, **extra_sheets})
    return write_content(content, path, language=language)


def write_content(content: WorkbookContent, path: str | Path, language: str = "en") -> Path:
    """Write a workbook from prepared content to ``path``, atomically.

    Parameters
    ----------
    content : WorkbookContent
        What to show.
    path : str or Path
        Destination ``.xlsx`` file (temporary file in the same folder, then renamed).
    language : {"en", "ko"}
        Language of sheet names, headers and labels.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        For an unknown language.
    WriteError
        When the folder does not exist or the file cannot be written (names the path).
    """
    from vendoreval._atomic import atomic_write

    labels(language)
    return atomic_write(path, lambda temporary: _save(content, language, temporary))


def _save(content: WorkbookContent, language: str, path: Path) -> None:
    """Build the workbook and write it to ``path``; file errors surface as ``OSError``."""
    from xlsxwriter.exceptions import FileCreateError

    with _deferred_garbage_collection():
        workbook = build_workbook(content, language, path)
        try:
            workbook.close()
        except FileCreateError as exc:
            cause = exc.args[0] if exc.args else None
            if isinstance(cause, OSError):
                raise cause from exc
            raise OSError(str(exc)) from exc


@contextlib.contextmanager
def _deferred_garbage_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workbook is assembled.

    A large workbook holds tens of thousands of small cell records, none of them in a
    reference cycle; the collector would scan them again and again as they accumulate
    (about a sixth of the writing time of a 200 × 60 TOPSIS workbook). Reference counting
    still frees everything; the collector resumes, as it was, when the file is written.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
