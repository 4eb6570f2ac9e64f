"""Call records where they live: an invoice's per-contact arithmetic pushed into the engine.

:func:`~vendoreval.pricing.invoice`, :func:`~vendoreval.pricing.replay_invoices` and
:func:`~vendoreval.pricing.compare_invoices` accept a DuckDB relation
(:class:`duckdb.DuckDBPyRelation`) or an Ibis table (:class:`ibis.expr.types.Table`, on any
backend Ibis compiles to: DuckDB, Spark, BigQuery, Snowflake, Trino…). The work that grows
with the number of contacts runs where the records are, in one pass:

* the checks of every value (a missing or unknown channel, a missing start time, a missing,
  negative, non-finite or implausible duration) as counts;
* each contact's whole billable seconds for every sheet (the components summed, fractional
  seconds rounded up with the same relative tolerance of 10⁻¹² as in memory), its billed
  seconds under the sheet's increment, its billed wait and whether it is a handled contact;
* the sums of those, grouped by channel and — only where the sheets need them — by the
  minute the contact started (time premiums, a selected month) and its language, lowered
  (language premiums; tags are compared without regard to case, RFC 5646 §2.1.1).

Only the groups come back (a month has 44,640 minutes, so at most that many per channel and
language, however many contacts there are). Premium classes, the month, the tiers and the
money are then worked out here exactly as for records in memory, so an invoice is the same
to the won or cent whichever way the records arrive.

Engine specifics
----------------
* ``started_at`` must have a timestamp type. A ``TIMESTAMP`` is local wall-clock time; a
  ``TIMESTAMP WITH TIME ZONE`` holds instants without a zone of their own, read in the
  premiums' zone for premiums and, for a selected month, in ``timezone`` or else in UTC.
* Durations must have a numeric type (integers; floats and decimals are read as double
  precision, as in memory) or, in DuckDB, ``INTERVAL``; booleans and text are refused.
* ``row N`` in a message counts rows in the order the engine reads them (1-based).

DuckDB and Ibis are optional (``pip install vendoreval[warehouse]``) and imported only when
such a table is passed. This module computes the sums and holds what the invoice asks for;
:mod:`~vendoreval.pricing.warehouse_engines` speaks to the engines and
:mod:`~vendoreval.pricing.warehouse_checks` checks the records there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._types import IntArray
from vendoreval.errors import CallRecordError
from vendoreval.pricing.billing import WHOLE_SECONDS_TOLERANCE
from vendoreval.pricing.record_schema import CHANNEL_CODES
from vendoreval.pricing.records import (
    DURATION_COLUMNS,
    MAX_COMPONENT_SECONDS,
    canonical_language_tag,
)
from vendoreval.pricing.sheet import BillableComponent
from vendoreval.pricing.warehouse_checks import (
    _check_columns,
    _raise_first_problem,
    _valid,
)
from vendoreval.pricing.warehouse_engines import _Engine, _engine, is_engine_table

__all__ = ["GroupSums", "SheetQuery", "first_row", "group_sums", "is_engine_table"]

_HANDLING: Final = (BillableComponent.TALK, BillableComponent.HOLD, BillableComponent.ACW)


@dataclass(frozen=True)
class SheetQuery:
    """What the engine computes for one price sheet.

    Attributes
    ----------
    components : tuple of BillableComponent
        The billable components, in :class:`BillableComponent` order.
    first, step : int
        The billing increment ``first/step`` [s].
    bills_wait : bool
        The customer's wait is billed (then billed wait and handling are summed too).
    monthly : bool
        The increment applies once a month (no per-contact billed seconds needed).
    """

    components: tuple[BillableComponent, ...]
    first: int
    step: int
    bills_wait: bool
    monthly: bool


@dataclass(frozen=True)
class GroupSums:
    """Sums per group of contacts (channel × start minute × language), from the engine.

    Attributes
    ----------
    channel : numpy.ndarray of int8
        Channel code of each group (an index into ``CHANNEL_ORDER``).
    time : numpy.ndarray of int64, optional
        When the group's contacts started, in whole ``unit`` since 1970-01-01 00:00:
        wall-clock for a ``TIMESTAMP``, UTC for a ``TIMESTAMP WITH TIME ZONE`` (``aware``);
        None when not grouped by time.
    unit : int
        Seconds per ``time`` key (60: minutes) [s].
    aware : bool
        The start times are instants (time-zone aware).
    language : tuple of str, optional
        Canonical language tag of each group; None when not grouped by language.
    contacts : numpy.ndarray of int64
        Contacts per group [contacts].
    actual, billed, wait, handled : list of numpy.ndarray of int64
        Per sheet and group: whole billable seconds [s], billed seconds under the increment
        [s] (zeros for monthly rounding), billed wait [s] and handled contacts (phone: with
        handling and billable seconds above 0).
    """

    channel: npt.NDArray[np.int8]
    time: IntArray | None
    unit: int
    aware: bool
    language: tuple[str, ...] | None
    contacts: IntArray
    actual: list[IntArray]
    billed: list[IntArray]
    wait: list[IntArray]
    handled: list[IntArray]


class _Expressions:
    """Per-contact expressions, each built once whatever the number of sheets using it."""

    def __init__(self, engine: _Engine) -> None:
        self.engine = engine
        self.cache: dict[Any, Any] = {}

    def duration(self, component: BillableComponent) -> tuple[Any, bool]:
        """The component's seconds, and whether they are integers.

        Values are not guarded: a bad one is found by the checks (the sums are then not
        used), and one that makes the engine fail (NaN cast to an integer) sends the
        search for the first offending row.
        """
        engine = self.engine
        column = DURATION_COLUMNS[component]
        integer = engine.kinds[column] == "integer"
        value = engine.seconds(column) if integer else engine.to_float(engine.seconds(column))
        return value, integer

    def whole(self, components: tuple[BillableComponent, ...]) -> Any:
        """Whole seconds of the sum of ``components`` (fractions round up), as an integer."""
        if components in self.cache:
            return self.cache[components]
        engine = self.engine
        parts = [self.duration(c) for c in components]
        if not parts:
            result = engine.lit(0)
        elif all(integer for _, integer in parts):
            result = parts[0][0]
            for value, _ in parts[1:]:
                result = engine.op("+", result, value)
        else:
            total = engine.to_float(parts[0][0])
            for value, _ in parts[1:]:
                total = engine.op("+", total, engine.to_float(value))
            # The same float arithmetic as in memory: ⌈t − max(t, 1)·10⁻¹²⌉.
            slack = engine.op(
                "*", engine.greatest(total, engine.lit(1.0)), engine.lit(WHOLE_SECONDS_TOLERANCE)
            )
            result = engine.ceil_int(engine.op("-", total, slack))
        self.cache[components] = result
        return result

    def billed(self, whole: Any, first: int, step: int) -> Any:
        """Billed seconds of ``whole`` seconds under ``first/step``."""
        engine = self.engine
        lit = engine.lit
        steps = engine.op(
            "//", engine.op("+", engine.op("-", whole, lit(first)), lit(step - 1)), lit(step)
        )
        later = engine.op("+", lit(first), engine.op("*", steps, lit(step)))
        return engine.case(
            [
                (engine.op("=", whole, lit(0)), lit(0)),
                (engine.op("<=", whole, lit(first)), lit(first)),
            ],
            later,
        )


def group_sums(
    calls: Any, sheets: Sequence[SheetQuery], *, minutes: bool, language: bool, unit: int = 60
) -> GroupSums:
    """Check the records in the engine and sum them per group for every sheet.

    Parameters
    ----------
    calls : duckdb.DuckDBPyRelation or ibis.expr.types.Table
        One row per contact with the call-record columns.
    sheets : sequence of SheetQuery
        What to compute for each price sheet.
    minutes : bool
        Group by the time each contact started (time premiums or a selected month).
    language : bool
        Read and group by the language (language premiums).
    unit : int
        Seconds per time key: 60, or 1 where a zone's UTC offset has seconds [s].

    Returns
    -------
    GroupSums
        One entry per group.

    Raises
    ------
    CallRecordError
        A missing or repeated column, a column of the wrong type, or a bad value (naming the
        column and the first offending row in the engine's order), or an engine error.
    """
    engine = _engine(calls)
    try:
        return _group_sums(engine, sheets, minutes=minutes, language=language, unit=unit)
    except CallRecordError:
        raise
    except Exception as error:  # the engine's own errors, with what was being done
        try:  # a bad value (NaN, inf, a huge number) may have made the sums fail
            _raise_first_problem(_engine(calls), [], [] if language else None)
        except CallRecordError:
            raise
        except Exception:  # the search failed too: report the first error
            pass
        text = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise CallRecordError(
            f"call records ({engine.what}): the engine could not sum the records: "
            f"{type(error).__name__}: {text}"
        ) from None


def _group_sums(
    engine: _Engine, sheets: Sequence[SheetQuery], *, minutes: bool, language: bool, unit: int
) -> GroupSums:
    import pyarrow as pa
    import pyarrow.compute as pc

    _check_columns(engine, language)
    build = _Expressions(engine)
    # Stage 1: the group keys and each distinct set of components' whole seconds.
    derived: dict[str, Any] = {"key_channel": engine.col("channel")}
    if minutes:
        derived["key_time"] = engine.time_key("started_at", unit)
    if language:
        derived["key_language"] = engine.lower(engine.col("language"))
    keys = list(derived)
    names: dict[tuple[BillableComponent, ...], str] = {}

    def whole(components: tuple[BillableComponent, ...]) -> str:
        if components not in names:
            names[components] = f"whole_{len(names)}"
            derived[names[components]] = build.whole(components)
        return names[components]

    plans = []
    for sheet in sheets:
        others = tuple(c for c in sheet.components if c is not BillableComponent.WAIT)
        plans.append(
            (
                whole(sheet.components),
                whole(others) if sheet.bills_wait else None,
                whole(_HANDLING) if sheet.bills_wait else None,
            )
        )
    engine.stage(derived)
    # Stage 2: per sheet, billed seconds, billed wait and handled contacts.
    zero = engine.lit(0)
    per_sheet: dict[str, Any] = {}
    aggregates: dict[str, tuple[str, Any]] = {}
    for i, (sheet, (billable_name, others_name, handling_name)) in enumerate(
        zip(sheets, plans, strict=True)
    ):
        billable = engine.col(billable_name)
        aggregates[f"actual_{i}"] = ("sum", billable)
        if not sheet.monthly:
            per_sheet[f"billed_{i}"] = build.billed(billable, sheet.first, sheet.step)
        handled = engine.op(">", billable, zero)
        if others_name is not None and handling_name is not None:
            per_sheet[f"wait_{i}"] = engine.op("-", billable, engine.col(others_name))
            handled = engine.and_(engine.op(">", engine.col(handling_name), zero), handled)
        per_sheet[f"handled_{i}"] = engine.flag(handled)
    if per_sheet:
        engine.stage(per_sheet)
    aggregates |= {name: ("sum", engine.col(name)) for name in per_sheet}
    # The checks: integers by their range and count, other numbers value by value.
    aggregates["present_started_at"] = ("count", engine.col("started_at"))
    for column in DURATION_COLUMNS.values():
        if engine.kinds[column] == "integer":
            aggregates[f"present_{column}"] = ("count", engine.col(column))
            aggregates[f"min_{column}"] = ("min", engine.col(column))
            aggregates[f"max_{column}"] = ("max", engine.col(column))
        else:
            bad = engine.op("=", engine.flag(_valid(engine, column)), zero)
            aggregates[f"bad_{column}"] = ("sum", bad)
    table = engine.group(keys, aggregates)
    columns = {name: table.column(name) for name in table.column_names}

    def ints(name: str) -> IntArray:
        values: IntArray = np.asarray(
            columns[name].cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64
        )
        return values

    contacts = ints("n")
    rows = int(contacts.sum())
    bad = sum(int(ints(name).sum()) for name in aggregates if name.startswith("bad_"))
    for name in aggregates:
        if name.startswith("present_"):
            bad += rows - int(ints(name).sum())
        elif name.startswith("min_") and rows:
            bad += int(pc.min(columns[name]).as_py() < 0)
        elif name.startswith("max_") and rows:
            bad += int(pc.max(columns[name]).as_py() > MAX_COMPONENT_SECONDS)
    raw_channels = columns["key_channel"].to_pylist()
    bad_channels = [str(v) for v in set(raw_channels) if v not in CHANNEL_CODES]
    tags: list[str] | None = None
    bad_languages: list[str] | None = None
    if language:
        raw_languages = columns["key_language"].to_pylist()
        canonical = {v: canonical_language_tag(v) for v in set(raw_languages) if v is not None}
        bad_languages = [v for v, tag in canonical.items() if tag is None]
        if None in raw_languages or bad_languages:
            _raise_first_problem(engine, bad_channels, bad_languages)
        tags = [canonical[v] or "" for v in raw_languages]
    if bad_channels or None in raw_channels:
        _raise_first_problem(engine, bad_channels, bad_languages)
    if bad:
        _raise_first_problem(engine, bad_channels, bad_languages)
    groups = len(raw_channels)
    empty = np.zeros(groups, dtype=np.int64)
    return GroupSums(
        channel=np.array([CHANNEL_CODES[v] for v in raw_channels], dtype=np.int8),
        time=ints("key_time") if minutes else None,
        unit=unit,
        aware=engine.kinds["started_at"] == "timestamptz",
        language=tuple(tags) if tags is not None else None,
        contacts=contacts,
        actual=[ints(f"actual_{i}") for i in range(len(sheets))],
        billed=[ints(f"billed_{i}") if not s.monthly else empty for i, s in enumerate(sheets)],
        wait=[ints(f"wait_{i}") if s.bills_wait else empty for i, s in enumerate(sheets)],
        handled=[ints(f"handled_{i}") for i in range(len(sheets))],
    )


def first_row(
    calls: Any, channel: str, times: tuple[int, int] | None = None, unit: int = 60
) -> int | None:
    """1-based row (engine order) of the first contact of ``channel``.

    Parameters
    ----------
    calls : duckdb.DuckDBPyRelation or ibis.expr.types.Table
        The records.
    channel : str
        The channel's name.
    times : tuple of int, optional
        Only contacts whose time key (see :class:`GroupSums`) lies in this closed range.
    unit : int
        Seconds per time key [s].
    """
    engine = _engine(calls)
    condition = engine.isin(engine.col("channel"), [channel])
    if times is not None:
        key = engine.time_key("started_at", unit)
        inside = engine.and_(
            engine.op(">=", key, engine.lit(times[0])), engine.op("<=", key, engine.lit(times[1]))
        )
        condition = engine.and_(condition, inside)
    found = engine.first({"channel": condition}, {})
    return None if found is None else int(found["row"])
