"""The checks of call records in an engine, and the first offending row when one fails.

The columns must be present once, the start times of a timestamp type and the durations
numeric (or, in DuckDB, ``INTERVAL``). The values are checked as counts within the one pass
that sums them (:func:`~vendoreval.pricing.warehouse.group_sums`); only when a count finds a
bad value is the engine asked for the first row (in its order) where a check fails, which
the error names with the value found.
"""

from __future__ import annotations

from typing import Any, Final

from vendoreval.errors import CallRecordError
from vendoreval.pricing.records import (
    CALL_COLUMNS,
    CHANNEL_ORDER,
    DURATION_COLUMNS,
    MAX_COMPONENT_SECONDS,
)
from vendoreval.pricing.warehouse_engines import _Engine

_CHANNEL_CODES: Final = {c.value: i for i, c in enumerate(CHANNEL_ORDER)}
_EXPECTED_CHANNELS: Final = ", ".join(c.value for c in CHANNEL_ORDER)


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
