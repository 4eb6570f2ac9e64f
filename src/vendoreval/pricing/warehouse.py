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
such a table is passed.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._types import IntArray
from vendoreval.errors import CallRecordError
from vendoreval.pricing.records import (
    CALL_COLUMNS,
    CHANNEL_ORDER,
    DURATION_COLUMNS,
    MAX_COMPONENT_SECONDS,
    canonical_language_tag,
)
from vendoreval.pricing.sheet import BillableComponent

__all__ = ["GroupSums", "SheetQuery", "first_row", "group_sums", "is_engine_table"]

_FLOAT_TOLERANCE: Final = 1e-12
_HANDLING: Final = (BillableComponent.TALK, BillableComponent.HOLD, BillableComponent.ACW)
_CHANNEL_CODES: Final = {c.value: i for i, c in enumerate(CHANNEL_ORDER)}
_EXPECTED_CHANNELS: Final = ", ".join(c.value for c in CHANNEL_ORDER)
_ROW: Final = "__vendoreval_row"
_VIEW: Final = "__vendoreval_calls"

_INTEGER_TYPES: Final = frozenset(
    {
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "UHUGEINT",
    }
)
_FLOAT_TYPES: Final = frozenset({"FLOAT", "DOUBLE", "REAL"})
_TICKS_PER_MINUTE: Final = {
    "TIMESTAMP_NS": ("epoch_ns", 60_000_000_000),
    "TIMESTAMP_MS": ("epoch_us", 60_000_000),
    "TIMESTAMP_S": ("epoch_us", 60_000_000),
    "TIMESTAMP": ("epoch_us", 60_000_000),
    "TIMESTAMP WITH TIME ZONE": ("epoch_us", 60_000_000),
}


def is_engine_table(calls: object) -> bool:
    """True for a DuckDB relation or an Ibis table (checked without importing either)."""
    kind = type(calls)
    module = kind.__module__
    if module.startswith("duckdb"):
        return kind.__name__ == "DuckDBPyRelation"
    if module.startswith("ibis"):
        return isinstance(calls, _ibis("ibis.expr.types").Table)
    return False


def _ibis(name: str = "ibis") -> Any:
    """An Ibis module, imported on first use (Ibis is an optional dependency)."""
    return importlib.import_module(name)


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


# ---------------------------------------------------------------------------------- engines


class _Engine:
    """Builds and runs expressions on one engine (SQL text for DuckDB, Ibis expressions)."""

    what: str
    kinds: dict[str, str]  # column → integer, floating, decimal, interval, timestamp, …
    type_names: dict[str, str]
    names: list[str]

    def col(self, name: str) -> Any:
        raise NotImplementedError

    def lit(self, value: float) -> Any:
        raise NotImplementedError

    def op(self, symbol: str, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def case(self, whens: Sequence[tuple[Any, Any]], default: Any) -> Any:
        raise NotImplementedError

    def greatest(self, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def ceil_int(self, a: Any) -> Any:
        raise NotImplementedError

    def to_float(self, a: Any) -> Any:
        raise NotImplementedError

    def is_null(self, a: Any) -> Any:
        raise NotImplementedError

    def lower(self, a: Any) -> Any:
        raise NotImplementedError

    def isin(self, a: Any, values: Sequence[str]) -> Any:
        raise NotImplementedError

    def seconds(self, name: str) -> Any:
        """A duration column as a number of seconds."""
        return self.col(name)

    def time_key(self, name: str, seconds: int) -> Any:
        """Start times floored to whole units of ``seconds`` [since 1970-01-01 00:00]."""
        raise NotImplementedError

    def stage(self, columns: dict[str, Any]) -> None:
        """Add derived columns, computed once per row; ``col`` then names them too."""
        raise NotImplementedError

    def reset(self) -> None:
        """Drop the derived columns: expressions built next read the records as given."""

    def group(self, keys: list[str], aggregates: dict[str, tuple[str, Any]]) -> Any:
        """A pyarrow Table per group of the ``keys`` columns: the keys, ``n`` (the count of
        rows) and each aggregate ``name: (function, expression)``, the function one of
        ``sum``, ``min``, ``max`` and ``count`` (of values present), as int64."""
        raise NotImplementedError

    def first(self, conditions: dict[str, Any], columns: list[str]) -> dict[str, Any] | None:
        """The first row (engine order) where a condition holds: its 1-based row, the flags
        of the conditions and the values of ``columns``; None when there is none."""
        raise NotImplementedError

    # -- shared helpers

    def and_(self, a: Any, b: Any) -> Any:
        return self.op("AND", a, b)

    def or_(self, a: Any, b: Any) -> Any:
        return self.op("OR", a, b)

    def flag(self, condition: Any) -> Any:
        return self.case([(condition, self.lit(1))], self.lit(0))


def _duckdb_type_kind(name: str) -> str:
    upper = name.upper()
    if upper in _INTEGER_TYPES:
        return "integer"
    if upper in _FLOAT_TYPES:
        return "floating"
    if upper.startswith("DECIMAL"):
        return "decimal"
    if upper == "INTERVAL":
        return "interval"
    if upper in _TICKS_PER_MINUTE:
        return "timestamptz" if "TIME ZONE" in upper else "timestamp"
    if upper == "BOOLEAN":
        return "boolean"
    if upper in ("VARCHAR", "TEXT", "STRING") or upper.startswith("ENUM"):
        return "string"
    return "other"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _DuckDB(_Engine):
    """SQL text run on the relation's own connection."""

    what = "DuckDB relation"

    def __init__(self, relation: Any) -> None:
        self.relation = relation
        self.names = [str(n) for n in relation.columns]
        self.type_names = {
            str(n): str(t) for n, t in zip(relation.columns, relation.types, strict=True)
        }
        self.kinds = {n: _duckdb_type_kind(t) for n, t in self.type_names.items()}
        self.source = _VIEW

    def col(self, name: str) -> str:
        return _quote(name)

    def lit(self, value: float) -> str:
        if isinstance(value, float):
            return f"CAST({value!r} AS DOUBLE)"
        return f"CAST({int(value)} AS BIGINT)"

    def op(self, symbol: str, a: Any, b: Any) -> str:
        return f"({a} {symbol} {b})"

    def case(self, whens: Sequence[tuple[Any, Any]], default: Any) -> str:
        parts = " ".join(f"WHEN {c} THEN {v}" for c, v in whens)
        return f"(CASE {parts} ELSE {default} END)"

    def greatest(self, a: Any, b: Any) -> str:
        return f"greatest({a}, {b})"

    def ceil_int(self, a: Any) -> str:
        return f"CAST(ceil({a}) AS BIGINT)"

    def to_float(self, a: Any) -> str:
        return f"CAST({a} AS DOUBLE)"

    def is_null(self, a: Any) -> str:
        return f"({a} IS NULL)"

    def lower(self, a: Any) -> str:
        return f"lower(CAST({a} AS VARCHAR))"

    def isin(self, a: Any, values: Sequence[str]) -> str:
        listed = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
        return f"(CAST({a} AS VARCHAR) IN ({listed}))"

    def seconds(self, name: str) -> str:
        if self.kinds[name] == "interval":
            return f"epoch({_quote(name)})"
        return _quote(name)

    def time_key(self, name: str, seconds: int) -> str:
        function, per_minute = _TICKS_PER_MINUTE[self.type_names[name].upper()]
        ticks = f"{function}({_quote(name)})"
        per_key = per_minute // 60 * seconds
        # Floor division (DuckDB's // truncates toward zero, which is wrong before 1970).
        return (
            f"(CASE WHEN {ticks} >= 0 THEN {ticks} // {per_key} "
            f"ELSE -((-{ticks} - 1) // {per_key}) - 1 END)"
        )

    def _run(self, sql: str) -> Any:
        result = self.relation.query(_VIEW, sql)
        fetch = getattr(result, "to_arrow_table", None) or result.arrow
        return fetch()

    def stage(self, columns: dict[str, Any]) -> None:
        derived = ", ".join(f"{expr} AS {_quote(name)}" for name, expr in columns.items())
        self.source = f"(SELECT *, {derived} FROM {self.source})"

    def reset(self) -> None:
        self.source = _VIEW

    def group(self, keys: list[str], aggregates: dict[str, tuple[str, Any]]) -> Any:
        selected = [_quote(name) for name in keys]
        selected.append('CAST(count(*) AS BIGINT) AS "n"')
        selected += [
            f"CAST({function}({expr}) AS BIGINT) AS {_quote(name)}"
            for name, (function, expr) in aggregates.items()
        ]
        group_by = ", ".join(_quote(name) for name in keys) or "()"
        sql = f"SELECT {', '.join(selected)} FROM {self.source} GROUP BY {group_by}"
        return self._run(sql)

    def first(self, conditions: dict[str, Any], columns: list[str]) -> dict[str, Any] | None:
        flags = [f"{self.flag(c)} AS {_quote('flag_' + n)}" for n, c in conditions.items()]
        values = [f"{_quote(c)} AS {_quote('value_' + c)}" for c in columns]
        inner = ", ".join([f"row_number() OVER () AS {_ROW}", *flags, *values])
        anyone = " OR ".join(f"{_quote('flag_' + n)} = 1" for n in conditions)
        sql = (
            f"SELECT * FROM (SELECT {inner} FROM {self.source}) WHERE {anyone} "
            f"ORDER BY {_ROW} LIMIT 1"
        )
        rows = self._run(sql).to_pylist()
        return _first_row(rows[0], offset=0) if rows else None


def _first_row(row: dict[str, Any], offset: int) -> dict[str, Any]:
    found: dict[str, Any] = {"row": int(row[_ROW]) + offset}
    for key, value in row.items():
        if key.startswith("flag_"):
            found.setdefault("flags", {})[key[5:]] = bool(value)
        elif key.startswith("value_"):
            found.setdefault("values", {})[key[6:]] = value
    return found


def _ibis_kind(dtype: Any) -> str:
    if dtype.is_integer():
        return "integer"
    if dtype.is_floating():
        return "floating"
    if dtype.is_decimal():
        return "decimal"
    if dtype.is_timestamp():
        return "timestamptz" if dtype.timezone is not None else "timestamp"
    if dtype.is_boolean():
        return "boolean"
    if dtype.is_string():
        return "string"
    return "other"


class _Ibis(_Engine):
    """Ibis expressions, compiled by Ibis for the table's backend."""

    what = "Ibis table"

    def __init__(self, table: Any) -> None:
        self.table = self.base = table
        schema = table.schema()
        self.names = [str(n) for n in schema.names]
        self.type_names = {str(n): str(schema[n]) for n in schema.names}
        self.kinds = {str(n): _ibis_kind(schema[n]) for n in schema.names}

    def col(self, name: str) -> Any:
        return self.table[name]

    def lit(self, value: float) -> Any:
        ibis = _ibis()
        return ibis.literal(value, type="float64" if isinstance(value, float) else "int64")

    def op(self, symbol: str, a: Any, b: Any) -> Any:
        match symbol:
            case "+":
                return a + b
            case "-":
                return a - b
            case "*":
                return a * b
            case "//":
                return a // b
            case "=":
                return a == b
            case "<=":
                return a <= b
            case ">=":
                return a >= b
            case ">":
                return a > b
            case "AND":
                return a & b
            case "OR":
                return a | b
        raise ValueError(symbol)  # pragma: no cover - every operator used is listed

    def case(self, whens: Sequence[tuple[Any, Any]], default: Any) -> Any:
        ibis = _ibis()
        return ibis.cases(*whens, else_=default)

    def greatest(self, a: Any, b: Any) -> Any:
        ibis = _ibis()
        return ibis.greatest(a, b)

    def ceil_int(self, a: Any) -> Any:
        return a.ceil().cast("int64")

    def to_float(self, a: Any) -> Any:
        return a.cast("float64")

    def is_null(self, a: Any) -> Any:
        return a.isnull()

    def lower(self, a: Any) -> Any:
        return a.cast("string").lower()

    def isin(self, a: Any, values: Sequence[str]) -> Any:
        return a.cast("string").isin(list(values))

    def time_key(self, name: str, seconds: int) -> Any:
        return self.table[name].epoch_seconds() // seconds

    def stage(self, columns: dict[str, Any]) -> None:
        self.table = self.table.mutate(**columns)

    def reset(self) -> None:
        self.table = self.base

    def group(self, keys: list[str], aggregates: dict[str, tuple[str, Any]]) -> Any:
        metrics = {"n": self.table.count().cast("int64")}
        for name, (function, expr) in aggregates.items():
            metrics[name] = getattr(expr, function)().cast("int64")
        if keys:
            return self.table.group_by(keys).aggregate(**metrics).to_pyarrow()
        return self.table.aggregate(**metrics).to_pyarrow()

    def first(self, conditions: dict[str, Any], columns: list[str]) -> dict[str, Any] | None:
        ibis = _ibis()
        flags = {f"flag_{n}": self.flag(c) for n, c in conditions.items()}
        values = {f"value_{c}": self.table[c] for c in columns}
        marked = self.table.select(**{_ROW: ibis.row_number()}, **flags, **values)
        anyone = None
        for name in flags:
            test = marked[name] == 1
            anyone = test if anyone is None else anyone | test
        rows = marked.filter(anyone).order_by(_ROW).limit(1).to_pyarrow().to_pylist()
        return _first_row(rows[0], offset=1) if rows else None


def _engine(calls: Any) -> _Engine:
    if type(calls).__module__.startswith("duckdb"):
        return _DuckDB(calls)
    return _Ibis(calls)


# ---------------------------------------------------------------------------------- checks


def _fail(engine: _Engine, column: str, row: int | None, problem: str) -> CallRecordError:
    place = f"row {row}" if row is not None else "every row"
    return CallRecordError(f"call records ({engine.what}): column {column!r}, {place}: {problem}")


def _check_columns(engine: _Engine, language: bool) -> None:
    needed = [*CALL_COLUMNS, "language"] if language else list(CALL_COLUMNS)
    absent = [name for name in needed if name not in engine.names]
    if absent:
        plural = "s" if len(absent) > 1 else ""
        raise CallRecordError(
            f"call records ({engine.what}): missing column{plural} "
            f"{', '.join(map(repr, absent))}; call records need {', '.join(needed)} "
            f"(found: {', '.join(engine.names) or 'no columns'})"
        )
    for name in needed:
        if engine.names.count(name) > 1:
            raise CallRecordError(
                f"call records ({engine.what}): column {name!r} appears "
                f"{engine.names.count(name)} times; expected each column once"
            )
    if engine.kinds["started_at"] not in ("timestamp", "timestamptz"):
        raise _fail(
            engine,
            "started_at",
            None,
            f"expected a timestamp type (with or without time zone), got "
            f"{engine.type_names['started_at']}; cast the column in the engine",
        )
    allowed = ("integer", "floating", "decimal", "interval")
    for column in DURATION_COLUMNS.values():
        if engine.kinds[column] not in allowed:
            raise _fail(
                engine,
                column,
                1,
                f"expected numbers of seconds, got values of type {engine.type_names[column]}; "
                "convert the column to numbers (booleans and text are not durations)",
            )


def _valid(engine: _Engine, column: str) -> Any:
    """True where the duration is present, ≥ 0 and at most MAX_COMPONENT_SECONDS."""
    value = engine.seconds(column)
    return engine.and_(
        engine.op(">=", value, engine.lit(0)),
        engine.op("<=", value, engine.lit(MAX_COMPONENT_SECONDS)),
    )


def _raise_first_problem(
    engine: _Engine, bad_channels: list[str], bad_languages: list[str] | None
) -> None:
    engine.reset()
    conditions: dict[str, Any] = {}
    channel = engine.col("channel")
    known = [c.value for c in CHANNEL_ORDER]
    conditions["channel"] = engine.or_(
        engine.is_null(channel),
        engine.op("=", engine.flag(engine.isin(channel, known)), engine.lit(0)),
    )
    conditions["started_at"] = engine.is_null(engine.col("started_at"))
    for column in DURATION_COLUMNS.values():
        conditions[column] = engine.op("=", engine.flag(_valid(engine, column)), engine.lit(0))
    columns = ["channel", *DURATION_COLUMNS.values()]
    if bad_languages is not None:
        language = engine.col("language")
        test = engine.is_null(language)
        if bad_languages:
            test = engine.or_(test, engine.isin(engine.lower(language), bad_languages))
        conditions["language"] = test
        columns.append("language")
    found = engine.first(conditions, columns)
    if found is None:  # pragma: no cover - a count said there is one
        raise CallRecordError(f"call records ({engine.what}): a value is not valid")
    row, flags, values = found["row"], found["flags"], found["values"]
    for name, flagged in flags.items():
        if not flagged:
            continue
        if name == "channel":
            value = values["channel"]
            if value is None:
                problem = f"missing channel; expected one of {_EXPECTED_CHANNELS}"
            else:
                problem = f"unknown channel {value!r}; expected one of {_EXPECTED_CHANNELS}"
        elif name == "started_at":
            problem = "missing start time"
        elif name == "language":
            value = values["language"]
            if value is None:
                problem = (
                    "missing language; the price sheet has language premiums, so every contact "
                    "needs its language (expected a BCP 47 tag such as 'ko')"
                )
            else:
                problem = (
                    f"{value!r} is not a language tag; expected a BCP 47 language tag such as "
                    "'ko', 'en', 'es-419' or 'pt-BR'"
                )
        else:
            problem = _duration_problem(values[name])
        raise _fail(engine, name, row, problem)


def _duration_problem(value: Any) -> str:
    if value is None:
        return "missing duration; expected seconds ≥ 0"
    if hasattr(value, "total_seconds"):
        value = value.total_seconds()
    if value != value:
        return "missing duration (NaN); expected seconds ≥ 0"
    if value < 0:
        return f"negative duration {value}; expected seconds ≥ 0"
    return (
        f"duration {value} is not a plausible contact (expected a finite number of seconds "
        f"≤ {MAX_COMPONENT_SECONDS:,})"
    )


# ---------------------------------------------------------------------------------- sums


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
            slack = engine.op("*", engine.greatest(total, engine.lit(1.0)), engine.lit(1e-12))
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
    bad_channels = [str(v) for v in set(raw_channels) if v not in _CHANNEL_CODES]
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
        channel=np.array([_CHANNEL_CODES[v] for v in raw_channels], dtype=np.int8),
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
    found = engine.first({"channel": condition}, [])
    return None if found is None else int(found["row"])
