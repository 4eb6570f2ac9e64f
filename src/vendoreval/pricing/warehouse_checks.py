"""The checks of call records in an engine, and the first offending row when one fails.

The columns must be present once, the start times of a timestamp type and the durations
numeric (or, in DuckDB, ``INTERVAL``). The values are checked as counts within the one pass
that sums them (:func:`~vendoreval.pricing.warehouse.group_sums`); only when a count finds a
bad value is the engine asked for the first row (in its order) where a check fails, which
the error names with the value found.
"""

from __future__ import annotations

from typing import Any

from vendoreval.errors import CallRecordError
from vendoreval.pricing.record_schema import (
    EXPECTED_TAG,
    channel_problem,
    duration_problem,
    missing_columns_text,
)
from vendoreval.pricing.records import (
    CALL_COLUMNS,
    CHANNEL_ORDER,
    DURATION_COLUMNS,
    MAX_COMPONENT_SECONDS,
)
from vendoreval.pricing.warehouse_engines import _Engine

__all__: list[str] = []


def _fail(engine: _Engine, column: str, row: int | None, problem: str) -> CallRecordError:
    place = f"row {row}" if row is not None else "every row"
    return CallRecordError(f"call records ({engine.what}): column {column!r}, {place}: {problem}")


def _check_columns(engine: _Engine, language: bool) -> None:
    needed = [*CALL_COLUMNS, "language"] if language else list(CALL_COLUMNS)
    absent = [name for name in needed if name not in engine.names]
    if absent:
        raise CallRecordError(
            f"call records ({engine.what}): {missing_columns_text(absent)}; "
            f"call records need {', '.join(needed)} "
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
    # Durations shown as seconds (an interval's value is not a number to compare).
    shown = {"channel": channel, **{c: engine.seconds(c) for c in DURATION_COLUMNS.values()}}
    if bad_languages is not None:
        language = engine.col("language")
        test = engine.is_null(language)
        if bad_languages:
            test = engine.or_(test, engine.isin(engine.lower(language), bad_languages))
        conditions["language"] = test
        shown["language"] = language
    found = engine.first(conditions, shown)
    if found is None:  # pragma: no cover - a count said there is one
        raise CallRecordError(f"call records ({engine.what}): a value is not valid")
    row, flags, values = found["row"], found["flags"], found["values"]
    for name, flagged in flags.items():
        if not flagged:
            continue
        if name == "channel":
            value = values["channel"]
            problem = channel_problem(value, missing=value is None)
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
                problem = f"{value!r} is not a language tag; {EXPECTED_TAG}"
        else:
            problem = duration_problem(values[name])
        raise _fail(engine, name, row, problem)
