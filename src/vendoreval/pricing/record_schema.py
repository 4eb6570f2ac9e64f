"""What a call record is: its columns, the bound on a duration, and where a record came from.

The columns and their meaning are described in :mod:`vendoreval.pricing.records`. This module
holds what every reader of records shares: the column names, the channel codes, the largest
accepted duration, the canonical form of a language tag, the check of a source's column names
and of the time zone of its start times, and the place of a record (file, 1-based data row,
CSV line, frame index label) that every error message names.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.errors import ArgumentError, CallRecordError
from vendoreval.pricing.sheet import BillableComponent
from vendoreval.vocabulary import Channel

__all__ = [
    "CALL_COLUMNS",
    "CHANNEL_CODES",
    "CHANNEL_ORDER",
    "DURATION_COLUMNS",
    "EXPECTED_CHANNELS",
    "EXPECTED_TAG",
    "MAX_COMPONENT_SECONDS",
    "OFFSET_SUFFIX",
    "OPTIONAL_CALL_COLUMNS",
    "UNITS_PER_SECOND",
    "canonical_language_tag",
    "channel_problem",
    "check_timezone",
    "duration_problem",
    "is_arrow_text",
    "is_iana_zone",
    "missing_columns_text",
    "row_text",
    "source_prefix",
    "value_error",
    "wall_seconds",
]

CHANNEL_ORDER: Final[tuple[Channel, ...]] = tuple(Channel)
"""Channels in the order of their integer codes in
:attr:`~vendoreval.pricing.record_batch.CallBatch.channel` (phone is 0)."""

DURATION_COLUMNS: Final[dict[BillableComponent, str]] = {
    BillableComponent.TALK: "talk_seconds",
    BillableComponent.HOLD: "hold_seconds",
    BillableComponent.ACW: "acw_seconds",
    BillableComponent.WAIT: "wait_seconds",
}
"""Column holding each billable component [s]."""

CALL_COLUMNS: Final[tuple[str, ...]] = ("channel", "started_at", *DURATION_COLUMNS.values())
"""Columns every call record must have."""

OPTIONAL_CALL_COLUMNS: Final[tuple[str, ...]] = ("language", "resolved")
"""Columns a call record may have (``language`` is required by language premiums)."""

MAX_COMPONENT_SECONDS: Final = 2**27 - 1
"""Largest accepted duration of one component of one contact [s] (134,217,727 s, about four
years): any larger value is a data error, and the bound keeps every sum exact in int64."""

UNITS_PER_SECOND: Final[dict[str, int]] = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 10**9}
"""Ticks per second of each unit of a pandas ``DatetimeIndex``."""

_UNKNOWN: Final = len(CHANNEL_ORDER)
_MISSING: Final = _UNKNOWN + 1
_CHANNEL_NAMES: Final[tuple[str, ...]] = tuple(c.value for c in CHANNEL_ORDER)

CHANNEL_CODES: Final[dict[str, int]] = {name: i for i, name in enumerate(_CHANNEL_NAMES)}
"""Channel name → its code, the index into :data:`CHANNEL_ORDER`."""

EXPECTED_CHANNELS: Final = ", ".join(_CHANNEL_NAMES)
"""The channel names, as a message lists them."""

OFFSET_SUFFIX: Final = r"(?:[Zz]|[+-]\d\d(?::?\d\d)?)$"
"""Regular expression of the UTC offset that ends an ISO 8601 time (``Z``, ``+09:00``)."""

EXPECTED_TAG: Final = "expected a BCP 47 language tag such as 'ko', 'en', 'es-419' or 'pt-BR'"
"""What a message says a language should be."""

_LANGUAGE_SHAPE: Final = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
_UTC_OFFSET: Final = re.compile(r"^[+-](?:[01]\d|2[0-3]):?[0-5]\d$")
_READ_ERRORS: Final = (OSError, ValueError, KeyError, TypeError, IndexError)


@dataclass(frozen=True, eq=False)
class _Where:
    """Where a batch came from, for error messages."""

    source: str | None
    offset: int
    csv: bool = False
    labels: pd.Index | None = None
    rows: npt.NDArray[np.int64] | None = None

    def row(self, position: int) -> int:
        """0-based row of the frame or file at ``position`` of the batch."""
        if self.rows is not None:
            return int(self.rows[position])
        return self.offset + position

    def place(self, position: int) -> str:
        """``"row 5"`` (1-based data row), with the CSV line or the frame's index label."""
        return row_text(self.row(position), csv=self.csv, labels=self.labels)

    def fail(self, column: str, position: int, problem: str) -> CallRecordError:
        """An error naming the column, row and source of the record at ``position``."""
        return value_error(self.prefix(), column, self.place(position), problem)

    def prefix(self) -> str:
        return source_prefix(self.source)


def row_text(row: int, *, csv: bool = False, labels: pd.Index | None = None) -> str:
    """``"row 5"`` for the 0-based ``row`` 4: the 1-based data row of a frame or file.

    A CSV file's line is added (its header is line 1: ``"row 5 (line 6 of the file)"``), and
    a frame's index label unless the index is the default range.
    """
    text = f"row {row + 1}"
    if csv:
        text += f" (line {row + 2} of the file)"
    if labels is not None and not isinstance(labels, pd.RangeIndex):
        text += f" (index label {labels[row]!r})"
    return text


def source_prefix(source: str | None, what: str = "call records") -> str:
    """``"call records in 'a.csv': "``, or ``"call records: "`` for a frame: how a message
    about records of ``what`` kind from ``source`` begins."""
    return f"{what} in {source!r}: " if source else f"{what}: "


def value_error(prefix: str, column: str, place: str, problem: str) -> CallRecordError:
    """The error of one bad value: ``"<prefix>column 'x', row 5: <problem>"``."""
    return CallRecordError(f"{prefix}column {column!r}, {place}: {problem}")


def missing_columns_text(absent: Sequence[str], present: Sequence[object] = ()) -> str:
    """``"missing column 'a'"`` or ``"missing columns 'a', 'b'"``.

    When the columns ``present`` are one header cell that another separator (``;``, tab or
    ``|``) splits into the absent names, the text says so: a CSV file written with that
    separator.
    """
    plural = "s" if len(absent) > 1 else ""
    text = f"missing column{plural} {', '.join(map(repr, absent))}"
    if len(present) == 1:
        for separator in (";", "\t", "|"):
            names = [name.strip() for name in str(present[0]).split(separator)]
            if all(name in names for name in absent):
                return f"{text} (the header is separated by {separator!r}: write it with commas)"
    return text


def channel_problem(value: Any, *, missing: bool) -> str:
    """Why a channel value is refused, in words: missing, or not one of the channels."""
    if missing:
        return f"missing channel; expected one of {EXPECTED_CHANNELS}"
    return f"unknown channel {value!r}; expected one of {EXPECTED_CHANNELS}"


def duration_problem(value: Any) -> str:
    """Why a duration value is refused, in words: missing, NaN, negative or implausible.

    ``value`` is a number of seconds or a time delta (None when missing) that is not a valid
    duration: present, ≥ 0 and at most :data:`MAX_COMPONENT_SECONDS`.
    """
    if value is None:
        return "missing duration; expected seconds ≥ 0"
    if hasattr(value, "total_seconds"):
        value = value.total_seconds()
    if value != value:  # NaN
        return "missing duration (NaN); expected seconds ≥ 0"
    if value < 0:
        return f"negative duration {value}; expected seconds ≥ 0"
    return (
        f"duration {value} is not a plausible contact (expected a finite number of seconds "
        f"≤ {MAX_COMPONENT_SECONDS:,})"
    )


def is_arrow_text(kind: Any) -> bool:
    """True for an Arrow text type: ``string``, ``large_string`` or ``string_view``."""
    import pyarrow as pa

    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    )


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def canonical_language_tag(text: str) -> str | None:
    """A BCP 47 tag in its canonical case, or None when ``text`` is not a well-formed tag.

    Tags are case-insensitive (RFC 5646 §2.1.1): the canonical form has the language in
    lower case, a four-letter script in title case and a two-letter region in upper case
    (``ZH-hant-tw`` → ``zh-Hant-TW``); subtags after a singleton (extensions, private use)
    are lower case. Well formed means letters and digits in subtags of 1–8 characters joined
    by ``-``, the first being 2–8 letters.

    Examples
    --------
    >>> canonical_language_tag("KO"), canonical_language_tag("es-419")
    ('ko', 'es-419')
    >>> canonical_language_tag("en_US") is None
    True
    """
    if not _LANGUAGE_SHAPE.match(text):
        return None
    parts = text.split("-")
    out = [parts[0].lower()]
    extension = False
    for part in parts[1:]:
        if len(part) == 1:
            extension = True
        if extension:
            out.append(part.lower())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _check_names(present: Sequence[str], needed: Sequence[str], where: _Where) -> None:
    """Every needed column present, and once."""
    absent = [name for name in needed if name not in present]
    if absent:
        hint = " (language premiums price contacts by language)" if absent == ["language"] else ""
        raise CallRecordError(
            f"{where.prefix()}{missing_columns_text(absent, present)}{hint}; "
            f"call records need {', '.join(CALL_COLUMNS)}"
            + (" and language" if "language" in needed else "")
            + f" (found: {', '.join(map(str, present)) or 'no columns'})"
        )
    for name in needed:
        count = sum(1 for p in present if p == name)
        if count > 1:
            raise CallRecordError(
                f"{where.prefix()}column {name!r} appears {count} times; expected each column "
                "once (which one holds the values is ambiguous)"
            )


def _needed(language: bool) -> list[str]:
    return [*CALL_COLUMNS, "language"] if language else list(CALL_COLUMNS)


def _check_arrow_schema(schema: Any, needed: Sequence[str], where: _Where) -> None:
    """Columns present once, and a time zone in the start times' type that can be read."""
    import pyarrow as pa

    _check_names(list(schema.names), needed, where)
    kind = schema.field("started_at").type
    if pa.types.is_timestamp(kind) and kind.tz is not None and not _readable_zone(kind.tz):
        raise CallRecordError(
            f"{where.prefix()}column 'started_at', every row: the timestamps' time zone "
            f"{kind.tz!r} is not known; expected an IANA zone such as 'Asia/Seoul' or a UTC "
            "offset such as '+09:00'"
        )


def _readable_zone(name: str) -> bool:
    return bool(_UTC_OFFSET.match(name)) or is_iana_zone(name)


def is_iana_zone(name: str) -> bool:
    """True when ``name`` is a time zone of the IANA database (``"Asia/Seoul"``, ``"UTC"``)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def check_timezone(timezone: str | None) -> None:
    """Refuse a ``timezone`` argument that is not None or an IANA zone name.

    Raises
    ------
    ArgumentError
        Naming the value and what was expected.
    """
    if timezone is not None and not is_iana_zone(timezone):
        raise ArgumentError(f"timezone must be an IANA name such as 'Asia/Seoul', got {timezone!r}")


def wall_seconds(utc_seconds: npt.NDArray[np.int64], zone: str | tzinfo) -> npt.NDArray[np.int64]:
    """Wall-clock time in ``zone`` of instants, as seconds since 1970-01-01 00:00 local [s].

    Parameters
    ----------
    utc_seconds : numpy.ndarray of int64
        Instants as seconds since 1970-01-01 00:00 UTC [s].
    zone : str or datetime.tzinfo
        The zone whose wall clock is read (IANA name, offset or tzinfo).
    """
    instants = pd.DatetimeIndex(utc_seconds.astype("datetime64[s]"), tz="UTC")
    wall = np.asarray(instants.tz_convert(zone).tz_localize(None).asi8, dtype=np.int64)
    seconds: npt.NDArray[np.int64] = wall // UNITS_PER_SECOND[str(instants.unit)]
    return seconds
