"""A batch of contact records: where it came from, and its columns checked and converted.

:class:`ContactBatch` holds the checked columns a service-level report measures;
:class:`RecordSource` names the file (or frame), the column and the 1-based row in every
error. :func:`_parse` checks the columns of one batch — each first as Arrow, else with
pandas — and raises at the first offending row, in column order among equal rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.contract.contact_arrow import (
    _Column,
    _fast_answered,
    _fast_channels,
    _fast_datetimes,
    _fast_seconds,
)
from vendoreval.contract.contact_columns import (
    DURATION_COLUMNS,
    _answered,
    _BadValueError,
    _channels,
    _datetimes,
    _first,
    _identifiers,
    _instants,
    _scores,
    _seconds,
)
from vendoreval.contract.contact_files import _file_frames
from vendoreval.contract.identifiers import Identifiers
from vendoreval.errors import CallRecordError
from vendoreval.pricing.record_schema import row_text, source_prefix, value_error

__all__ = ["ContactBatch", "RecordSource"]


@dataclass(frozen=True, eq=False)
class RecordSource:
    """Where records came from: a frame or a file (for messages and re-reading a value)."""

    name: str | None
    csv: bool = False
    frame: pd.DataFrame | None = None

    def place(self, row: int) -> str:
        """``"row 5 (line 6 of the file)"`` for the record at 0-based ``row``."""
        labels = self.frame.index if self.frame is not None else None
        return row_text(row, csv=self.csv, labels=labels)

    def prefix(self) -> str:
        """``"call records in 'a.csv': "``."""
        return source_prefix(self.name)

    def fail(self, column: str, row: int, problem: str) -> CallRecordError:
        """An error naming the file, the column and the 1-based row of 0-based ``row``."""
        return value_error(self.prefix(), column, self.place(row), problem)

    def value_at(self, row: int, column: str) -> Any:
        """The raw value of ``column`` at 0-based ``row`` (re-reads a file; error paths only)."""
        if self.frame is not None:
            return self.frame[column].iloc[row]
        assert self.name is not None
        for first, batch in _file_frames(Path(self.name), [column], 1 << 16, self.csv):
            if first <= row < first + len(batch):
                return batch[column].iloc[row - first]
        raise IndexError(row)  # pragma: no cover - rows come from a previous read


@dataclass(frozen=True, eq=False)
class ContactBatch:
    """Checked columns of consecutive records.

    Attributes
    ----------
    source : RecordSource
        Where the records came from.
    first_row : int
        0-based row in the source of the batch's first record.
    channel : numpy.ndarray of int8
        Index into :data:`~vendoreval.contract.records.CHANNELS` (phone is 0).
    local_ns : numpy.ndarray of int64
        Wall-clock start in the report's zone, nanoseconds since 1970-01-01 00:00 [ns].
    clock_ns : numpy.ndarray of int64
        Start on the clock elapsed times are measured on: UTC for aware times, wall clock for
        naive ones [ns].
    aware : bool
        Whether the start times carried a time zone.
    wait_seconds : numpy.ndarray
        The customer's wait in queue, int64 or float64 [s].
    answered : numpy.ndarray of bool
        Whether an agent answered.
    contact_ids, customer_ids : Identifiers, optional
        The identifiers and their keys; None when the column was not read.
    responded_ns : numpy.ndarray of int64, optional
        Response time on the clock of ``clock_ns`` [ns]; ``responded`` says where present.
    responded : numpy.ndarray of bool, optional
        Where ``responded_at`` is given.
    csat : numpy.ndarray of float64, optional
        Score 1–5, NaN when not surveyed.
    qa_score : numpy.ndarray of float64, optional
        Share 0–1, NaN when not evaluated.
    """

    source: RecordSource
    first_row: int
    channel: npt.NDArray[np.int8]
    local_ns: npt.NDArray[np.int64]
    clock_ns: npt.NDArray[np.int64]
    aware: bool
    wait_seconds: npt.NDArray[np.int64] | npt.NDArray[np.float64]
    answered: npt.NDArray[np.bool_]
    contact_ids: Identifiers | None = None
    customer_ids: Identifiers | None = None
    responded_ns: npt.NDArray[np.int64] | None = None
    responded: npt.NDArray[np.bool_] | None = None
    csat: npt.NDArray[np.float64] | None = None
    qa_score: npt.NDArray[np.float64] | None = None

    def __len__(self) -> int:
        return int(self.channel.shape[0])

    @property
    def contact_id(self) -> npt.NDArray[np.object_] | None:
        """Contact identifiers as text (None where empty); None when not read."""
        return None if self.contact_ids is None else self.contact_ids.text()

    @property
    def customer_id(self) -> npt.NDArray[np.object_] | None:
        """Customer identifiers as text (None where empty); None when not read."""
        return None if self.customer_ids is None else self.customer_ids.text()

    def fail(self, column: str, position: int, problem: str) -> CallRecordError:
        """An error for the record at ``position`` of the batch."""
        return self.source.fail(column, self.first_row + position, problem)


_Fast = Callable[[Any], Any]
_Parser = Callable[["pd.Series[Any]"], Any]


def _parsers(csv: bool, timezone: str | None) -> dict[str, tuple[_Fast | None, _Parser]]:
    """Each column's (Arrow converter, pandas parser), in the order problems are ranked."""
    return {
        "channel": (_fast_channels, _channels),
        "started_at": (_fast_datetimes, lambda s: _datetimes(s, timezone)),
        **dict.fromkeys(DURATION_COLUMNS, (_fast_seconds, _seconds)),
        "answered": (lambda a: _fast_answered(a, csv), lambda s: _answered(s, csv)),
        "contact_id": (Identifiers.from_arrow, lambda s: Identifiers.from_text(_identifiers(s))),
        "customer_id": (Identifiers.from_arrow, lambda s: Identifiers.from_text(_identifiers(s))),
        "responded_at": (_fast_datetimes, lambda s: _datetimes(s, timezone)),
        "csat": (
            None,
            lambda s: _scores(s, 1, 5, True, "a whole score 1–5 (empty when not surveyed)"),
        ),
        "qa_score": (
            None,
            lambda s: _scores(s, 0, 1, False, "a share 0–1 (empty when not evaluated)"),
        ),
    }


def _parse(
    columns: Mapping[str, _Column],
    source: RecordSource,
    first_row: int,
    timezone: str | None,
) -> ContactBatch:
    """Check and convert one batch; raise at the first offending row (then column order)."""
    problems: list[tuple[int, int, str, str]] = []
    results: dict[str, Any] = {}
    parsers = _parsers(source.csv, timezone)
    for order, (column, (fast, parse)) in enumerate(parsers.items()):
        found = columns.get(column)
        if found is None:
            continue
        value = fast(found.arrow) if fast is not None and found.arrow is not None else None
        if value is None:
            try:
                value = parse(found.series())
            except _BadValueError as bad:
                problems.append((bad.position, order, column, bad.problem))
                continue
        results[column] = value
    started: pd.DatetimeIndex | None = results.get("started_at")
    if started is not None:
        absent = np.asarray(started.isna())
        if absent.any():
            problems.append((_first(absent), 1, "started_at", "missing start time"))
    responded: pd.DatetimeIndex | None = results.get("responded_at")
    if started is not None and responded is not None:
        present = ~np.asarray(responded.isna())
        if present.any() and (started.tz is None) != (responded.tz is None):
            problems.append(
                (
                    _first(present),
                    len(parsers),
                    "responded_at",
                    "responded_at and started_at must both carry a time zone or both not",
                )
            )
        elif present.any():
            if responded.tz is None and started.tz is None:
                early = present & np.asarray(responded < started)
            else:
                early = present & np.asarray(
                    responded.tz_convert("UTC") < started.tz_convert("UTC")
                )
            if early.any():
                at = _first(early)
                problems.append(
                    (
                        at,
                        len(parsers),
                        "responded_at",
                        f"responded at {responded[at]} before the contact started ({started[at]})",
                    )
                )
        else:
            responded = pd.DatetimeIndex(np.full(len(responded), np.datetime64("NaT", "ns")))
    if problems:
        position, _, column, problem = min(problems)
        raise source.fail(column, first_row + position, problem)
    assert started is not None
    local, clock = _instants(started, timezone)
    answered = (
        results["answered"] if "answered" in results else np.asarray(results["talk_seconds"] > 0)
    )
    responded_ns = responded_mask = None
    if responded is not None:
        responded_mask = ~np.asarray(responded.isna())
        responded_ns = _instants(responded, timezone)[1]
    return ContactBatch(
        source=source,
        first_row=first_row,
        channel=results["channel"],
        local_ns=local,
        clock_ns=clock,
        aware=started.tz is not None,
        wait_seconds=results["wait_seconds"],
        answered=answered,
        contact_ids=results.get("contact_id"),
        customer_ids=results.get("customer_id"),
        responded_ns=responded_ns,
        responded=responded_mask,
        csat=results.get("csat"),
        qa_score=results.get("qa_score"),
    )
