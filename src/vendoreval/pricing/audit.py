"""Invoice audit: a vendor's billing detail against the exact replay of the buyer's records.

:func:`audit_invoice` joins the vendor's billed lines (one row per billed line: ``contact_id``,
``billed_seconds`` and optionally ``amount``) to the buyer's own call records on
``contact_id``, replays each contact with the price sheet, and gives every difference a
reason.

What "ours" is
--------------
Ours is the billed seconds of the exact replay, per contact: the billable components of the
sheet (``talk``, ``hold``, ``acw`` and ``wait`` only when the sheet bills it) are summed,
fractional seconds rounded up to whole seconds, and the sheet's increment ``a/b`` applied
(0 s → 0, up to ``a`` → ``a``, else ``a + ⌈(d − a)/b⌉·b``), exactly as
:func:`~vendoreval.pricing.invoice` does. Only phone contacts have billed seconds; a contact
of another channel is priced per contact, so ours is 0 for it. With ``rounding: monthly``
the increment applies once to the month's total, so a per-contact comparison cannot use it:
ours is then the contact's un-rounded whole billable seconds (the increment ``1/1``).

Reasons
-------
Each billed line gets at most one reason, the first that holds in this order:

``phantom``
    The line's ``contact_id`` is not in the records (ours is 0; every such line counts).
``duplicate``
    A repeated line for the same ``contact_id`` beyond the first in the file's order (ours
    is 0); the first line is audited normally.
``wait_billed``
    The sheet does not bill wait and their seconds equal the sheet's increment applied to
    the contact's billable seconds plus its ``wait_seconds`` (``1/1`` under monthly
    rounding).
``rounding``
    Their seconds equal another common increment — ``60/60``, ``30/30``, ``30/6``,
    ``6/6``, ``1/1`` (and the sheet's own increment under monthly rounding) — applied to
    the contact's billable seconds. A finer increment than the sheet's gives a negative
    difference here.
``premium``
    Decided only when the billing detail has an ``amount`` column, the sheet has a time
    premium (after-hours, weekend or holiday) and a flat ``voice_rate_per_minute`` (no
    voice-minute tier). Let r be that rate, p the currency's minor-unit places, L the
    contact's language multiplier (1 without language premiums) and T the time multiplier
    due at the contact's start (the largest that applies, 1 when none does, read as
    :func:`~vendoreval.pricing.invoice` reads it). The line is a premium difference when
    its amount equals ``round_half_up(their/60 · r · m · L, p)`` for a time multiplier m of
    the sheet with m > T — a multiplier whose window the contact's start lies outside — and
    differs from ``round_half_up(their/60 · r · T · L, p)``. The language multiplier is
    taken as due. Lines whose seconds equal ours are audited for this too.
``other``
    Any other difference of seconds, under-billing included — and any seconds billed on a
    contact of another channel than phone.

A line whose seconds equal ours (and is not a premium difference) is not a difference: the
``amount`` column serves only the premium check, so a line with the right seconds and any
other wrong amount is not reported.

Contacts in the records that the vendor did not bill are not errors — under-billing is the
vendor's loss — but those with billed seconds > 0 are listed in
:attr:`InvoiceAudit.unbilled`, outside the reasons. Auditing the exact replay against
itself therefore finds nothing: ``contacts`` is empty and every row of ``by_reason`` is 0.

Money
-----
The amount of a reason is its seconds (their − ours, summed) ÷ 60 × the sheet's voice rate
per minute, computed exactly and rounded half-up once per reason to the currency's minor
unit. The rate is ``voice_rate_per_minute``; with a voice-minute tier it is the tier's
average realised rate at the replay's billed minutes (the charge of the tier ÷ the minutes);
a sheet without a per-minute price has rate 0. A premium's amount is the over-charge
itself: Σ (line amount − ours/60 · r · T · L) over its lines, rounded once. The other
reasons are priced at the base rate, without premiums.

Input
-----
Ids are text or whole numbers; they compare as text when one side holds numbers and the
other text. Every ``contact_id`` of the records must be present and unique. Bad input raises
:class:`~vendoreval.errors.CallRecordError` naming the file, the 1-based data row (and the
line of a CSV file) and the column.

References
----------
ITU-T Recommendation D.140 for ``a/b`` billing increments; ISO 4217 for minor units.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from vendoreval.currency import minor_units, quantize
from vendoreval.errors import ArgumentError, ArgumentTypeError, CallRecordError
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.pricing.premium_windows import AFTER_HOURS, HOLIDAY, WEEKEND, time_kinds
from vendoreval.pricing.records import CHANNEL_ORDER, CallBatch, SecondsArray, iter_call_batches
from vendoreval.pricing.sheet import (
    BillableComponent,
    Premiums,
    PriceSheet,
    Rounding,
    TierBasis,
    TierMode,
    VolumeTier,
)
from vendoreval.vocabulary import Channel

__all__ = ["AUDIT_REASONS", "COMMON_INCREMENTS", "InvoiceAudit", "audit_invoice"]

AUDIT_REASONS: Final[tuple[str, ...]] = (
    "phantom",
    "duplicate",
    "wait_billed",
    "rounding",
    "premium",
    "other",
)
"""Reasons of a difference, in order of precedence (the first that holds applies)."""

COMMON_INCREMENTS: Final[tuple[str, ...]] = ("60/60", "30/30", "30/6", "6/6", "1/1")
"""Increments a ``rounding`` difference is checked against."""

ID_COLUMN: Final = "contact_id"
SECONDS_COLUMN: Final = "billed_seconds"
AMOUNT_COLUMN: Final = "amount"

_PHANTOM, _DUPLICATE, _WAIT, _ROUNDING, _PREMIUM, _OTHER = range(6)
_NO_REASON: Final = -1
_PHONE: Final = CHANNEL_ORDER.index(Channel.PHONE)
_MAX_BILLED_SECONDS: Final = 2**31 - 1
_FLOAT_TOLERANCE: Final = 1e-12
_SAFE_INT: Final = 2**62
_CALLS: Final = "call records"
_DETAIL: Final = "billing detail"

IntArray = npt.NDArray[np.int64]


# ---------------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class InvoiceAudit:
    """The differences between a vendor's billing detail and the replay of the records.

    Attributes
    ----------
    currency : str
        ISO 4217 code of every amount.
    contacts : pandas.DataFrame
        One row per billed line that differs, in the order of the billing detail:
        ``contact_id``, ``reason`` (one of :data:`AUDIT_REASONS`), ``ours_seconds`` (0 for
        ``phantom`` and ``duplicate`` lines) and ``their_seconds`` [s, int64].
    by_reason : pandas.DataFrame
        Indexed by ``reason``, one row for each of :data:`AUDIT_REASONS` in that order (zeros
        when none is found): ``contacts`` (rows of ``contacts`` with the reason; a contact
        billed three times counts twice under ``duplicate``), ``seconds`` (Σ their − ours
        [s]) and ``amount`` (Decimal [currency]; see the module docstring).
    unbilled : pandas.DataFrame
        Contacts of the records with billed seconds > 0 that no line bills: ``contact_id``,
        ``ours_seconds`` [s]. Not a reason: under-billing is the vendor's loss.
    billed_lines : int
        Lines of the billing detail.
    billed_seconds : int
        Σ billed seconds of every line of the billing detail [s].
    ours_seconds : int
        Σ ours over every contact of the records [s] (per contact, as compared).
    replay_seconds : int
        Billed voice seconds of the exact replay [s]: ``ours_seconds`` with per-contact
        rounding, the increment applied to the month's total with monthly rounding. Equal to
        ``invoice(sheet, calls).voice_billed_seconds``.
    records : int
        Contacts in the records.
    rate_per_minute : Decimal
        The voice rate at which seconds are priced [currency/min] (see the module docstring).
    premium_checked : bool
        True when ``premium`` differences were looked for.
    premium_note : str
        Why premiums were or were not checked.
    monthly : bool
        True when the sheet rounds monthly (ours is then the un-rounded seconds).
    description : str
        One-line summary of the price sheet.
    """

    currency: str
    contacts: pd.DataFrame
    by_reason: pd.DataFrame
    unbilled: pd.DataFrame
    billed_lines: int
    billed_seconds: int
    ours_seconds: int
    replay_seconds: int
    records: int
    rate_per_minute: Decimal
    premium_checked: bool
    premium_note: str
    monthly: bool = False
    description: str = ""
    _rate: Fraction = field(default=Fraction(0), repr=False)

    @property
    def total_seconds_over(self) -> int:
        """Σ their − ours over every difference [s]; negative when under-billing dominates."""
        return int(self.by_reason["seconds"].sum())

    @property
    def total_amount(self) -> Decimal:
        """Σ of the per-reason amounts [currency]: what the differences cost the buyer."""
        return quantize(sum(self.by_reason["amount"], Decimal(0)), self.currency)

    @property
    def unbilled_seconds(self) -> int:
        """Σ ours of the contacts the vendor did not bill [s]."""
        return int(self.unbilled["ours_seconds"].sum())

    def to_frame(self) -> pd.DataFrame:
        """``by_reason`` with a last ``total`` row, as a new DataFrame."""
        total = pd.DataFrame(
            {
                "contacts": [int(self.by_reason["contacts"].sum())],
                "seconds": [self.total_seconds_over],
                "amount": [self.total_amount],
            },
            index=pd.Index(["total"], name="reason"),
        )
        return pd.concat([self.by_reason, total])

    def waterfall(self, measure: Literal["seconds", "amount"] = "seconds") -> pd.DataFrame:
        """Steps from the vendor's billed total to the replayed total.

        Parameters
        ----------
        measure : {"seconds", "amount"}
            ``seconds`` [s], or ``amount`` [currency] at :attr:`rate_per_minute`. In amounts
            the start is derived from the end and the steps (the vendor's seconds at the
            sheet's rate plus any premium over-charge found), so the steps add up exactly.

        Returns
        -------
        pandas.DataFrame
            Columns ``step`` (``billed by the vendor``, each reason, ``not billed``,
            ``monthly rounding`` when the sheet rounds monthly, ``replay``), ``change``
            (each reason removes its seconds; ``not billed`` adds the contacts the vendor
            left out) and ``level`` after the step. The first and last rows are totals.
        """
        if measure not in ("seconds", "amount"):
            raise ArgumentError(f"measure must be 'seconds' or 'amount', got {measure!r}")
        reasons = [str(reason) for reason in self.by_reason.index]
        seconds = [int(value) for value in self.by_reason["seconds"]]
        amounts: list[Decimal] = list(self.by_reason["amount"])
        monthly_step = self.replay_seconds - self.ours_seconds
        steps: list[tuple[str, Any]] = []
        if measure == "seconds":
            steps += [(r, -value) for r, value in zip(reasons, seconds, strict=True)]
            steps.append(("not billed", self.unbilled_seconds))
            if self.monthly:
                steps.append(("monthly rounding", monthly_step))
            end: Any = self.replay_seconds
            start: Any = end - sum(change for _, change in steps)
        else:
            steps += [(r, -value) for r, value in zip(reasons, amounts, strict=True)]
            steps.append(("not billed", self._money(self.unbilled_seconds)))
            if self.monthly:
                steps.append(("monthly rounding", self._money(monthly_step)))
            end = self._money(self.replay_seconds)
            start = end - sum((change for _, change in steps), Decimal(0))
        rows = [("billed by the vendor", start, start)]
        level = start
        for name, change in steps:
            level = level + change
            rows.append((name, change, level))
        rows.append(("replay", end, end))
        return pd.DataFrame(rows, columns=["step", "change", "level"])

    def _money(self, seconds: int) -> Decimal:
        return _round_money(Fraction(seconds, 60) * self._rate, self.currency)

    def _rows(self) -> list[tuple[str, str, str, str]]:
        places = minor_units(self.currency)
        return [
            (
                str(reason),
                f"{int(row['contacts']):,}",
                f"{int(row['seconds']):+,}" if row["seconds"] else "0",
                f"{row['amount']:,.{places}f}",
            )
            for reason, row in self.by_reason.iterrows()
        ]

    def _notes(self) -> list[str]:
        notes = [
            f"billed by the vendor: {self.billed_lines:,} lines, {self.billed_seconds:,} s; "
            f"replay: {self.records:,} contacts, {self.replay_seconds:,} s",
            f"not billed: {_contacts_text(len(self.unbilled))} ({self.unbilled_seconds:,} s), "
            "the vendor's loss, not a difference",
            f"premiums: {self.premium_note}",
        ]
        if self.monthly:
            notes.append(
                "the sheet rounds monthly: contacts are compared with their un-rounded seconds"
            )
        return notes

    def __repr__(self) -> str:
        return (
            f"<InvoiceAudit: {len(self.contacts):,} differing lines, "
            f"{self.total_seconds_over:+,} s, {self.total_amount:,} {self.currency}; "
            "print() it for the summary>"
        )

    def __str__(self) -> str:
        rows = self._rows()
        places = minor_units(self.currency)
        head = ("reason", "lines", "seconds", "amount")
        total = (
            "total",
            f"{len(self.contacts):,}",
            f"{self.total_seconds_over:+,}" if self.total_seconds_over else "0",
            f"{self.total_amount:,.{places}f}",
        )
        widths = [max(len(r[i]) for r in [head, total, *rows]) for i in range(4)]
        width = sum(widths) + 3 * 2

        def fmt(row: tuple[str, str, str, str]) -> str:
            return f"{row[0]:<{widths[0]}}  " + "  ".join(
                f"{value:>{w}}" for value, w in zip(row[1:], widths[1:], strict=True)
            )

        title = f"Invoice audit ({self.currency})"
        out = [title]
        if self.description:
            out.append(self.description)
        out += ["-" * width, fmt(head), "-" * width, *map(fmt, rows), "-" * width, fmt(total)]
        out += ["", *self._notes()]
        return "\n".join(out)

    def _repr_html_(self) -> str:
        places = minor_units(self.currency)
        body = "".join(
            "<tr><td style='text-align:left'>"
            + html.escape(row[0])
            + "</td>"
            + "".join(f"<td style='text-align:right'>{html.escape(v)}</td>" for v in row[1:])
            + "</tr>"
            for row in self._rows()
        )
        caption = f"Invoice audit ({self.currency})"
        if self.description:
            caption += " — " + self.description
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in self._notes())
        return (
            "<div class='vendoreval-invoice-audit'><table>"
            f"<caption>{html.escape(caption)}</caption>"
            "<thead><tr><th>reason</th><th>lines</th><th>seconds</th><th>amount</th></tr>"
            f"</thead><tbody>{body}</tbody><tfoot><tr><th style='text-align:left'>total</th>"
            f"<th style='text-align:right'>{len(self.contacts):,}</th>"
            f"<th style='text-align:right'>{self.total_seconds_over:+,}</th>"
            f"<th style='text-align:right'>{self.total_amount:,.{places}f}</th></tr></tfoot>"
            f"</table><ul>{notes}</ul></div>"
        )


def _contacts_text(count: int) -> str:
    return f"{count:,} contact" + ("" if count == 1 else "s")


def _round_money(amount: Fraction, currency: str) -> Decimal:
    """Round an exact amount half-up (away from zero at .5) to the currency's minor unit."""
    places = minor_units(currency) + 1
    truncated = int(amount * 10**places)  # toward zero, one digit past the minor unit
    return quantize(Decimal(f"{truncated}E-{places}"), currency)


def _as_decimal(value: Fraction) -> Decimal:
    """A Fraction as a Decimal: exact when it terminates, else to 28 significant digits."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.normalize() if exact == exact.to_integral_value() else exact


# ---------------------------------------------------------------------------------- places


@dataclass(frozen=True, eq=False)
class _Place:
    """Where values came from, for messages that name the file, 1-based row and column."""

    what: str
    source: str | None
    csv: bool = False
    labels: pd.Index | None = None

    def fail(self, column: str, position: int, problem: str) -> CallRecordError:
        """An error for the value at 0-based ``position`` of the frame or file."""
        place = f"row {position + 1}"
        if self.csv:
            place += f" (line {position + 2} of the file)"
        if self.labels is not None and not isinstance(self.labels, pd.RangeIndex):
            place += f" (index label {self.labels[position]!r})"
        return CallRecordError(f"{self.prefix()}column {column!r}, {place}: {problem}")

    def missing(self, absent: Sequence[str], present: Sequence[str], needed: str) -> None:
        if absent:
            plural = "s" if len(absent) > 1 else ""
            raise CallRecordError(
                f"{self.prefix()}missing column{plural} {', '.join(map(repr, absent))}; "
                f"{self.what} need {needed} (found: {', '.join(map(str, present)) or 'none'})"
            )

    def prefix(self) -> str:
        return f"{self.what} in {self.source!r}: " if self.source else f"{self.what}: "


@dataclass(frozen=True)
class _Segment:
    """Rows ``start``… of the concatenated records come from ``row``… of ``place``."""

    start: int
    row: int
    place: _Place


def _locate(segments: list[_Segment], position: int) -> tuple[_Place, int]:
    index = bisect.bisect_right([s.start for s in segments], position) - 1
    segment = segments[index]
    return segment.place, segment.row + position - segment.start


# ---------------------------------------------------------------------------------- columns


def _read_columns(
    path: Path, required: Sequence[str], optional: Sequence[str], place: _Place, needed: str
) -> pd.DataFrame:
    """Read the ``required`` and present ``optional`` columns of a parquet or CSV file.

    CSV ids are read as text; a CSV value of the wrong type makes the whole file be read as
    text so that the value checks can name its row.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    kind = "CSV" if place.csv else "parquet"
    try:
        if place.csv:
            options = pacsv.ReadOptions(block_size=1 << 16)
            present = pacsv.open_csv(path, read_options=options).schema.names
        else:
            present = pq.ParquetFile(path).schema_arrow.names
        place.missing([c for c in required if c not in present], present, needed)
        wanted = [*required, *(c for c in optional if c in present)]
        if not place.csv:
            frame: pd.DataFrame = pq.read_table(path, columns=wanted).to_pandas()
            return frame
        try:
            table = pacsv.read_csv(
                path,
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted,
                    column_types={ID_COLUMN: pa.string()},
                    strings_can_be_null=True,
                ),
            )
        except pa.ArrowInvalid:
            table = pacsv.read_csv(
                path,
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted,
                    column_types=dict.fromkeys(wanted, pa.string()),
                    strings_can_be_null=True,
                ),
            )
    except (pa.ArrowException, OSError) as error:
        raise CallRecordError(
            f"{place.what}: cannot read {str(path)!r} as {kind}: {error}"
        ) from None
    text: pd.DataFrame = table.to_pandas()
    return text


def _file_kind(path: Path, what: str) -> bool:
    """True for CSV, False for parquet; an error for anything else."""
    name = path.name.lower()
    if not path.is_file():
        raise CallRecordError(f"{what}: no file {str(path)!r}")
    if name.endswith((".csv", ".csv.gz")):
        return True
    if name.endswith(".parquet"):
        return False
    raise CallRecordError(f"{what}: cannot read {str(path)!r}; expected a .parquet or .csv file")


def _ids(series: pd.Series[Any], place: _Place) -> pd.Series[Any]:
    """Contact ids as int64 or text; missing, float or mixed ids are errors."""
    values = series.reset_index(drop=True)
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        values = values.astype(dtype.categories.dtype)
        dtype = values.dtype
    absent = np.asarray(values.isna())
    if absent.any():
        raise place.fail(ID_COLUMN, int(np.argmax(absent)), "missing contact id")
    if pd.api.types.is_bool_dtype(dtype):
        raise place.fail(ID_COLUMN, 0, "expected text or whole-number ids, got booleans")
    if pd.api.types.is_integer_dtype(dtype):
        if pd.api.types.is_unsigned_integer_dtype(dtype) and len(values):
            big = np.asarray(values > np.iinfo(np.int64).max)
            if big.any():
                position = int(np.argmax(big))
                raise place.fail(ID_COLUMN, position, "id too large; give ids as text")
        return pd.Series(values.to_numpy(dtype=np.int64))
    if pd.api.types.is_float_dtype(dtype):
        raise place.fail(
            ID_COLUMN,
            0,
            f"expected text or whole-number ids, got floating-point numbers ({values.iloc[0]!r}); "
            "read the ids as text or integers",
        )
    if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        kind = pd.api.types.infer_dtype(values, skipna=False)
        if kind in ("string", "empty"):
            return values.astype("str")
        if kind == "integer":
            return pd.Series(values.to_numpy(dtype=np.int64))
        is_text = np.asarray(values.map(lambda v: isinstance(v, str)), dtype=bool)
        position = int(np.argmax(~is_text)) if not is_text.all() else 0
        value = values.iloc[position]
        raise place.fail(
            ID_COLUMN,
            position,
            f"expected text or whole-number ids, got {value!r} ({type(value).__name__}) among "
            "text ids",
        )
    raise place.fail(ID_COLUMN, 0, f"expected text or whole-number ids, got values of type {dtype}")


def _unify(parts: list[pd.Series[Any]]) -> list[pd.Series[Any]]:
    """Ids of several sources in one kind: text as soon as one source holds text."""
    if all(pd.api.types.is_integer_dtype(p.dtype) for p in parts):
        return parts
    return [p.astype("str") if pd.api.types.is_integer_dtype(p.dtype) else p for p in parts]


def _numbers(series: pd.Series[Any], column: str, place: _Place, unit: str) -> SecondsArray:
    """Numeric values of a column (int64 or float64); missing or unreadable values fail."""
    values = series.reset_index(drop=True)
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise place.fail(column, 0, f"expected {unit}, got booleans")
    absent = np.asarray(values.isna())
    if absent.any():
        raise place.fail(column, int(np.argmax(absent)), f"missing value; expected {unit}")
    if pd.api.types.is_integer_dtype(dtype):
        if pd.api.types.is_unsigned_integer_dtype(dtype) and len(values):
            big = np.asarray(values > np.iinfo(np.int64).max)
            if big.any():
                position = int(np.argmax(big))
                problem = f"{values.iloc[position]} is too large; expected {unit}"
                raise place.fail(column, position, problem)
        integers: IntArray = values.to_numpy(dtype=np.int64)
        return integers
    if pd.api.types.is_float_dtype(dtype):
        floats: npt.NDArray[np.float64] = values.to_numpy(dtype=np.float64)
        return floats
    numbers = pd.to_numeric(values, errors="coerce")
    unread = np.asarray(numbers.isna())
    if unread.any():
        position = int(np.argmax(unread))
        raise place.fail(column, position, f"expected {unit}, got {values.iloc[position]!r}")
    if pd.api.types.is_integer_dtype(numbers.dtype):
        return numbers.to_numpy(dtype=np.int64)
    return numbers.to_numpy(dtype=np.float64)


def _billed_seconds(series: pd.Series[Any], place: _Place) -> IntArray:
    """Whole billed seconds ≥ 0 of each line."""
    unit = "whole seconds ≥ 0"
    values = _numbers(series, SECONDS_COLUMN, place, unit)
    if values.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            bad = ~(np.isfinite(values) & (values >= 0) & (values == np.floor(values)))
            bad |= values > _MAX_BILLED_SECONDS
    else:
        bad = (values < 0) | (values > _MAX_BILLED_SECONDS)
    if bad.any():
        position = int(np.argmax(bad))
        value = values[position]
        if value < 0:
            problem = f"negative seconds {value}; expected {unit}"
        elif values.dtype.kind == "f" and np.isfinite(value) and value != np.floor(value):
            problem = f"{value} is not a whole number of seconds; expected {unit}"
        else:
            problem = f"{value} is not a plausible billed duration; expected {unit}"
        raise place.fail(SECONDS_COLUMN, position, problem)
    return values.astype(np.int64, copy=False)


def _amount_minor(series: pd.Series[Any], currency: str, place: _Place) -> IntArray:
    """Line amounts in minor units of the currency (exact: more decimals are an error)."""
    places = minor_units(currency)
    unit = f"an amount ≥ 0 in {currency} with at most {places} decimals"
    values = _numbers(series, AMOUNT_COLUMN, place, unit)
    if values.dtype.kind == "i":
        bad = (values < 0) | (values >= 2**53 // 10**places)
        if bad.any():
            position = int(np.argmax(bad))
            raise place.fail(AMOUNT_COLUMN, position, f"{values[position]} is not {unit}")
        result: IntArray = values * 10**places
        return result
    scaled = values * float(10**places)
    with np.errstate(invalid="ignore"):
        minor = np.rint(scaled)
        bad = ~(np.isfinite(scaled) & (values >= 0) & (scaled < 2.0**53))
        bad |= np.abs(scaled - minor) > 1e-9 + 1e-12 * np.abs(minor)
    if bad.any():
        position = int(np.argmax(bad))
        raise place.fail(AMOUNT_COLUMN, position, f"{series.iloc[position]} is not {unit}")
    return minor.astype(np.int64)


# ---------------------------------------------------------------------------------- billed


@dataclass(frozen=True, eq=False)
class _Billed:
    ids: pd.Series[Any]
    seconds: IntArray
    amount: IntArray | None
    place: _Place


def _read_billed(billed: pd.DataFrame | str | Path, currency: str) -> _Billed:
    needed = f"{ID_COLUMN!r} and {SECONDS_COLUMN!r} (and optionally {AMOUNT_COLUMN!r})"
    columns = [ID_COLUMN, SECONDS_COLUMN, AMOUNT_COLUMN]
    if isinstance(billed, pd.DataFrame):
        place = _Place(_DETAIL, None, labels=billed.index)
        present = [str(c) for c in billed.columns]
        place.missing([c for c in columns[:2] if c not in present], present, needed)
        frame = billed
    elif isinstance(billed, str | Path):
        path = Path(billed)
        place = _Place(_DETAIL, str(path), csv=_file_kind(path, _DETAIL))
        frame = _read_columns(path, columns[:2], columns[2:], place, needed)
    else:
        raise ArgumentTypeError(
            "billed must be a pandas DataFrame or the path of a .parquet/.csv file, "
            f"got {type(billed).__name__}"
        )
    ids = _ids(frame[ID_COLUMN], place)
    seconds = _billed_seconds(frame[SECONDS_COLUMN], place)
    amount = (
        _amount_minor(frame[AMOUNT_COLUMN], currency, place)
        if AMOUNT_COLUMN in frame.columns
        else None
    )
    return _Billed(ids, seconds, amount, place)


# ---------------------------------------------------------------------------------- records


@dataclass(frozen=True, eq=False)
class _Premium:
    """What the premium check needs: rate, multipliers and their order of precedence."""

    premiums: Premiums
    rate: Fraction
    places: int
    timezone: str
    order: tuple[int, ...]
    time_multipliers: dict[int, Fraction]
    languages: tuple[str, ...]
    language_multipliers: tuple[Fraction, ...]

    @property
    def n_languages(self) -> int:
        return len(self.languages) + 1

    def factor(self, cls: int) -> Fraction:
        """Multiplier due for premium class ``cls`` (time kind × language)."""
        kind, language = divmod(cls, self.n_languages)
        time = self.time_multipliers.get(kind, Fraction(1))
        return time * (self.language_multipliers[language - 1] if language else Fraction(1))

    def wrong_factors(self, cls: int) -> list[Fraction]:
        """Multipliers of time windows larger than the one due (× the language's)."""
        kind, language = divmod(cls, self.n_languages)
        due = self.time_multipliers.get(kind, Fraction(1))
        lang = self.language_multipliers[language - 1] if language else Fraction(1)
        return sorted({m * lang for m in self.time_multipliers.values() if m > due})


def _premium_plan(sheet: PriceSheet, *, has_amount: bool) -> tuple[_Premium | None, str]:
    """The premium check's inputs, or None and why it cannot be made."""
    premiums = sheet.premiums
    multipliers: dict[int, Fraction] = {}
    if premiums is not None:
        for kind, value in (
            (AFTER_HOURS, premiums.after_hours.multiplier if premiums.after_hours else None),
            (WEEKEND, premiums.weekend_multiplier),
            (HOLIDAY, premiums.holiday_multiplier),
        ):
            if value is not None:
                multipliers[kind] = Fraction(value)
    if not has_amount:
        return None, f"not checked: the billing detail has no {AMOUNT_COLUMN!r} column"
    if premiums is None or not multipliers or premiums.timezone is None:
        return None, "not checked: the sheet has no after-hours, weekend or holiday premium"
    if sheet.voice_rate_per_minute is None or sheet.tier_for(TierBasis.VOICE_MINUTES):
        return None, "not checked: the sheet has no flat voice rate per minute to price a line"
    order = tuple(sorted(multipliers, key=lambda kind: (-multipliers[kind], -kind)))
    plan = _Premium(
        premiums=premiums,
        rate=Fraction(sheet.voice_rate_per_minute),
        places=minor_units(sheet.currency),
        timezone=premiums.timezone,
        order=order,
        time_multipliers=multipliers,
        languages=tuple(premiums.language_multipliers),
        language_multipliers=tuple(Fraction(m) for m in premiums.language_multipliers.values()),
    )
    return plan, "checked against the line amounts"


@dataclass(frozen=True, eq=False)
class _Records:
    ids: pd.Series[Any]
    billable: IntArray
    with_wait: IntArray | None
    classes: npt.NDArray[np.intp] | None
    segments: list[_Segment]


def _whole_seconds(columns: list[SecondsArray]) -> IntArray:
    """Per-contact sum of ``columns`` in whole seconds, fractions rounded up [s].

    The same rule as the invoice: a float sum is read with a relative tolerance of 1e-12
    so that 10.1 + 0.9 bills 11 s, not 12.
    """
    if all(c.dtype.kind == "i" for c in columns):
        total = np.zeros(columns[0].shape[0], dtype=np.int64)
        for column in columns:
            total += column.astype(np.int64, copy=False)
        return total
    floats = np.zeros(columns[0].shape[0], dtype=np.float64)
    for column in columns:
        floats += column
    slack = floats - np.maximum(floats, 1.0) * _FLOAT_TOLERANCE
    return np.ceil(slack).astype(np.int64)


def _time_kinds(batch: CallBatch, premium: _Premium, timezone: str | None) -> npt.NDArray[np.intp]:
    """Which time premium applies at each contact's start, decided as the invoice does."""

    def kinds(minutes: IntArray) -> npt.NDArray[np.intp]:
        # ``minutes``: local wall-clock minutes since 1970-01-01 00:00.
        return time_kinds(premium.premiums, minutes * 60, premium.order)

    index = batch.started_at
    if timezone is None or index.tz is not None:
        return batch.by_local_minute(premium.timezone, kinds)
    # Naive times read in ``timezone``: a wall-clock time repeated by a DST change is taken
    # as its first occurrence, a skipped one moves forward.
    aware = index.tz_localize(
        timezone, ambiguous=np.ones(len(index), dtype=bool), nonexistent="shift_forward"
    )
    wall = aware.tz_convert(premium.timezone).tz_localize(None)
    per_minute = 60 * {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 10**9}[str(wall.unit)]
    return kinds(np.asarray(wall.asi8, dtype=np.int64) // per_minute)


def _language_index(batch: CallBatch, premium: _Premium) -> npt.NDArray[np.intp]:
    """Index of each contact's language multiplier (0 none, i for ``languages[i - 1]``)."""
    assert batch.language is not None
    lookup = np.zeros(len(batch.languages) + 1, dtype=np.intp)  # the last entry: missing
    position = {tag: i + 1 for i, tag in enumerate(premium.languages)}
    for i, tag in enumerate(batch.languages):
        lookup[i] = position.get(tag, 0)
    index: npt.NDArray[np.intp] = lookup[batch.language]
    return index


def _source_ids(
    calls: pd.DataFrame | str | Path, source: str | None, csv: bool, cache: dict[str, Any]
) -> tuple[pd.Series[Any], _Place]:
    """Contact ids of the records frame, or of one records file (read once, column only)."""
    key = source if source is not None else ""
    if key not in cache:
        needed = f"{ID_COLUMN!r} to audit an invoice"
        if source is None:
            assert isinstance(calls, pd.DataFrame)
            place = _Place(_CALLS, None, labels=calls.index)
            column = calls[ID_COLUMN]
        else:
            place = _Place(_CALLS, source, csv=csv)
            column = _read_columns(Path(source), [ID_COLUMN], [], place, needed)[ID_COLUMN]
        cache[key] = (_ids(column, place), place)
    ids, place = cache[key]
    return ids, place


def _read_records(
    sheet: PriceSheet,
    calls: pd.DataFrame | str | Path,
    premium: _Premium | None,
    timezone: str | None,
    batch_rows: int,
) -> _Records:
    if isinstance(calls, pd.DataFrame) and ID_COLUMN not in calls.columns:
        _Place(_CALLS, None).missing(
            [ID_COLUMN], [str(c) for c in calls.columns], f"{ID_COLUMN!r} to audit an invoice"
        )
    components = [c for c in BillableComponent if c in sheet.billable_components]
    with_wait = [*components, BillableComponent.WAIT] if not sheet.bills_wait else None
    language = premium is not None and bool(premium.languages)
    cache: dict[str, Any] = {}
    ids: list[pd.Series[Any]] = []
    billable: list[IntArray] = []
    waited: list[IntArray] = []
    classes: list[npt.NDArray[np.intp]] = []
    segments: list[_Segment] = []
    start = 0
    for batch in iter_call_batches(calls, batch_rows=batch_rows, language=language):
        rows = len(batch)
        if rows == 0:
            continue
        column, place = _source_ids(calls, batch.where.source, batch.where.csv, cache)
        first = batch.row(0)
        ids.append(column.iloc[first : first + rows])
        segments.append(_Segment(start, first, place))
        start += rows
        phone = None if batch.all_phone else batch.channel == _PHONE
        seconds = _whole_seconds([batch.seconds[c] for c in components])
        billable.append(seconds if phone is None else np.where(phone, seconds, 0))
        if with_wait is not None:
            more = _whole_seconds([batch.seconds[c] for c in with_wait])
            waited.append(more if phone is None else np.where(phone, more, 0))
        if premium is not None:
            kind = _time_kinds(batch, premium, timezone) * premium.n_languages
            classes.append(kind + _language_index(batch, premium) if language else kind)
    return _Records(
        ids=pd.concat(_unify(ids), ignore_index=True) if ids else pd.Series([], dtype="str"),
        billable=np.concatenate(billable) if billable else np.zeros(0, dtype=np.int64),
        with_wait=(
            (np.concatenate(waited) if waited else np.zeros(0, dtype=np.int64))
            if with_wait is not None
            else None
        ),
        classes=(
            (np.concatenate(classes) if classes else np.zeros(0, dtype=np.intp))
            if premium is not None
            else None
        ),
        segments=segments,
    )


# ---------------------------------------------------------------------------------- rate


def _tier_charge(tier: VolumeTier, minutes: Fraction) -> Fraction:
    """Exact charge of a voice-minute tier for ``minutes`` (graduated or all-units)."""
    lower = Fraction(0)
    charge = Fraction(0)
    for band in tier.bands:
        upper = None if band.up_to is None else Fraction(band.up_to)
        if tier.mode is TierMode.ALL_UNITS:
            if upper is None or minutes <= upper:
                return minutes * Fraction(band.rate)
            continue
        top = minutes if upper is None else min(minutes, upper)
        charge += max(top - lower, Fraction(0)) * Fraction(band.rate)
        if upper is None or minutes <= upper:
            break
        lower = upper
    return charge


def _voice_rate(sheet: PriceSheet, replay_seconds: int) -> Fraction:
    """The rate per minute at which the audit prices seconds [currency/min]."""
    tier = sheet.tier_for(TierBasis.VOICE_MINUTES)
    if tier is not None:
        minutes = Fraction(replay_seconds, 60)
        if minutes == 0:
            return Fraction(tier.bands[0].rate)
        return _tier_charge(tier, minutes) / minutes
    if sheet.voice_rate_per_minute is not None:
        return Fraction(sheet.voice_rate_per_minute)
    return Fraction(0)


# ---------------------------------------------------------------------------------- audit


def _half_up(seconds: IntArray, factor: Fraction) -> npt.NDArray[Any]:
    """round_half_up(seconds × factor) for seconds ≥ 0 and factor ≥ 0, exactly."""
    num, den = factor.numerator, factor.denominator
    top = int(seconds.max()) if seconds.size else 0
    if 2 * top * num + den < _SAFE_INT:
        result: IntArray = (2 * num * seconds + den) // (2 * den)
        return result
    exact = seconds.astype(object)  # Python integers: no overflow however large
    return np.asarray((2 * num * exact + den) // (2 * den), dtype=object)


def _premium_hits(
    premium: _Premium, their: IntArray, amount: IntArray, classes: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Lines whose amount is priced at a time multiplier the contact's start does not earn."""
    hits = np.zeros(their.shape[0], dtype=bool)
    scale = premium.rate * 10**premium.places / 60  # minor units per second at multiplier 1
    for cls in np.flatnonzero(np.bincount(classes)).tolist():
        wrong = premium.wrong_factors(cls)
        if not wrong:
            continue
        rows = np.flatnonzero(classes == cls)
        seconds, charged = their[rows], amount[rows]
        found = np.zeros(rows.shape[0], dtype=bool)
        for factor in wrong:
            found |= np.asarray(charged == _half_up(seconds, scale * factor), dtype=bool)
        due = _half_up(seconds, scale * premium.factor(cls))
        hits[rows] = found & np.asarray(charged != due, dtype=bool) & (seconds > 0)
    return hits


def _own_increment(sheet: PriceSheet) -> BillingIncrement:
    """The increment of ours per contact: the sheet's, or 1/1 under monthly rounding."""
    if sheet.rounding is Rounding.MONTHLY:
        return BillingIncrement(first=1, step=1)
    return sheet.billing_increment


def _increment_candidates(sheet: PriceSheet) -> list[BillingIncrement]:
    """Increments a rounding difference may come from (never the one ours uses)."""
    own = _own_increment(sheet)
    candidates = [BillingIncrement.parse(text) for text in COMMON_INCREMENTS]
    if sheet.rounding is Rounding.MONTHLY:
        candidates.append(sheet.billing_increment)
    unique: list[BillingIncrement] = []
    for candidate in candidates:
        if candidate != own and candidate not in unique:
            unique.append(candidate)
    return unique


def _billed(increment: BillingIncrement, seconds: IntArray) -> IntArray:
    return np.asarray(increment.billed_seconds(seconds), dtype=np.int64).reshape(-1)


def _check_unique(records: _Records, codes: npt.NDArray[np.intp], n_ids: int) -> None:
    """Raise at the first repeated id of the records, naming its row and the earlier one."""
    if not codes.size or np.bincount(codes, minlength=n_ids).max() <= 1:
        return
    repeated = np.asarray(pd.Series(codes).duplicated(keep="first"))
    position = int(np.argmax(repeated))
    first = int(np.argmax(codes == codes[position]))
    place, row = _locate(records.segments, position)
    first_place, first_row = _locate(records.segments, first)
    earlier = f"row {first_row + 1}"
    if first_place.source != place.source and first_place.source is not None:
        earlier += f" of {first_place.source!r}"
    raise place.fail(
        ID_COLUMN,
        row,
        f"contact id {records.ids.iloc[position]!r} repeats {earlier}; each contact must "
        "appear once in the records",
    )


def audit_invoice(
    sheet: PriceSheet,
    calls: pd.DataFrame | str | Path,
    billed: pd.DataFrame | str | Path,
    *,
    timezone: str | None = None,
    batch_rows: int = 1_000_000,
) -> InvoiceAudit:
    """Audit a vendor's billing detail against the exact replay of the buyer's records.

    Parameters
    ----------
    sheet : PriceSheet
        The vendor's price sheet.
    calls : pandas.DataFrame, str or pathlib.Path
        The buyer's call records, one row per contact: the columns of
        :func:`~vendoreval.pricing.invoice` (``channel``, ``started_at``, ``talk_seconds``,
        ``hold_seconds``, ``acw_seconds``, ``wait_seconds`` [s]) plus ``contact_id`` (text or
        whole numbers, each once), and ``language`` when premiums are checked on a sheet with
        language premiums; or a ``.parquet``/``.csv`` file or folder of them, streamed in
        batches of ``batch_rows`` rows.
    billed : pandas.DataFrame, str or pathlib.Path
        The vendor's billing detail, one row per billed line: ``contact_id``,
        ``billed_seconds`` (whole seconds ≥ 0) and optionally ``amount`` (≥ 0, in the sheet's
        currency, at most its minor-unit decimals); or a ``.parquet``/``.csv`` file of it.
        Ids compare as text when one side holds numbers and the other text (``"123"``
        matches 123, ``"0123"`` does not).
    timezone : str, optional
        IANA zone in which start times *without* a zone are read when deciding the premium
        windows. By default they are local time in the premiums' zone, as the invoice reads
        them; aware times are always converted to the premiums' zone.
    batch_rows : int
        Rows read per batch from files [rows].

    Returns
    -------
    InvoiceAudit
        The differing lines with their reasons, the sums per reason and the contacts the
        vendor did not bill. The module docstring defines every reason and amount.

    Raises
    ------
    CallRecordError
        A missing column, a missing or repeated ``contact_id`` in the records, or a missing,
        negative, non-numeric or fractional ``billed_seconds`` (or a bad ``amount``): the
        message names the file, the 1-based row and the column. Records errors from
        :func:`~vendoreval.pricing.iter_call_batches` are raised as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> from decimal import Decimal
    >>> sheet = PriceSheet(currency="USD", billing_increment="30/6",
    ...                    voice_rate_per_minute=Decimal("0.60"))
    >>> calls = pd.DataFrame({"contact_id": ["a", "b"], "channel": ["phone", "phone"],
    ...     "started_at": pd.to_datetime(["2027-01-04 10:00", "2027-01-04 10:05"]),
    ...     "talk_seconds": [20, 61], "hold_seconds": [0, 0], "acw_seconds": [0, 0],
    ...     "wait_seconds": [15, 40]})
    >>> billed = pd.DataFrame({"contact_id": ["a", "b", "b"],
    ...                        "billed_seconds": [30, 120, 120]})
    >>> audit = audit_invoice(sheet, calls, billed)
    >>> audit.contacts["reason"].tolist()  # b: 61 s is 66 s on 30/6, 120 s on 60/60
    ['rounding', 'duplicate']
    >>> audit.total_seconds_over, audit.total_amount  # 54 + 120 s = 174 s × 0.60/60
    (174, Decimal('1.74'))
    """
    if timezone is not None:
        _check_timezone(timezone)
    detail = _read_billed(billed, sheet.currency)
    premium, note = _premium_plan(sheet, has_amount=detail.amount is not None)
    records = _read_records(sheet, calls, premium, timezone, batch_rows)
    ours = _billed(_own_increment(sheet), records.billable)
    monthly = sheet.rounding is Rounding.MONTHLY
    replay = int(ours.sum())
    if monthly:
        replay = int(sheet.billing_increment.billed_seconds(int(records.billable.sum())))
    rate = _voice_rate(sheet, replay)
    join = _join(records, detail)
    reason, ours_line = _classify(sheet, records, detail, join, ours, premium)

    lines = np.flatnonzero(reason != _NO_REASON)
    names = np.asarray(AUDIT_REASONS, dtype=object)
    contacts = pd.DataFrame(
        {
            ID_COLUMN: detail.ids.iloc[lines].reset_index(drop=True),
            "reason": pd.Series(names[reason[lines]], dtype="str"),
            "ours_seconds": ours_line[lines],
            "their_seconds": detail.seconds[lines],
        }
    )
    by_reason = _by_reason(sheet, records, detail, join, reason, ours_line, rate, premium)
    left_out = np.flatnonzero(~join.billed[join.record_codes] & (ours > 0))
    unbilled = pd.DataFrame(
        {
            ID_COLUMN: records.ids.iloc[left_out].reset_index(drop=True),
            "ours_seconds": ours[left_out],
        }
    )
    return InvoiceAudit(
        currency=sheet.currency,
        contacts=contacts,
        by_reason=by_reason,
        unbilled=unbilled,
        billed_lines=int(detail.seconds.shape[0]),
        billed_seconds=int(detail.seconds.sum()),
        ours_seconds=int(ours.sum()),
        replay_seconds=replay,
        records=len(records.ids),
        rate_per_minute=_as_decimal(rate),
        premium_checked=premium is not None,
        premium_note=note,
        monthly=monthly,
        description=sheet.describe(),
        _rate=rate,
    )


@dataclass(frozen=True, eq=False)
class _Join:
    """The billed lines joined to the records on ``contact_id``."""

    record_codes: npt.NDArray[np.intp]  # id code of each contact of the records
    contact: npt.NDArray[np.intp]  # record position of each line's contact; -1: phantom
    first: npt.NDArray[np.bool_]  # the line is the first of its contact_id
    billed: npt.NDArray[np.bool_]  # by id code: some line bills it


def _join(records: _Records, detail: _Billed) -> _Join:
    """Factorise both sides' ids once, check the records' are unique, and join."""
    n_records = len(records.ids)
    record_ids, billed_ids = _unify([records.ids, detail.ids])
    codes, uniques = pd.factorize(pd.concat([record_ids, billed_ids], ignore_index=True))
    codes = np.asarray(codes, dtype=np.intp)
    record_codes, line_codes = codes[:n_records], codes[n_records:]
    _check_unique(records, record_codes, len(uniques))
    contact_of = np.full(len(uniques), -1, dtype=np.intp)
    contact_of[record_codes] = np.arange(n_records, dtype=np.intp)
    lines_per_id = np.bincount(line_codes, minlength=len(uniques))
    # Only ids on several lines can have a line that is not their first (few, usually).
    repeated = np.flatnonzero(lines_per_id[line_codes] > 1)
    first = np.ones(line_codes.shape[0], dtype=bool)
    first[repeated] = ~np.asarray(pd.Series(line_codes[repeated]).duplicated(keep="first"))
    return _Join(
        record_codes=record_codes,
        contact=contact_of[line_codes],
        first=first,
        billed=lines_per_id > 0,
    )


def _classify(
    sheet: PriceSheet,
    records: _Records,
    detail: _Billed,
    join: _Join,
    ours: IntArray,
    premium: _Premium | None,
) -> tuple[npt.NDArray[np.int8], IntArray]:
    """The reason code of each line (-1: no difference) and ours per line [s]."""
    contact = join.contact
    reason = np.full(contact.shape[0], _NO_REASON, dtype=np.int8)
    known = contact >= 0
    reason[~known] = _PHANTOM
    reason[known & ~join.first] = _DUPLICATE
    audited = np.flatnonzero(known & join.first)
    their_all = detail.seconds
    ours_line = np.zeros(contact.shape[0], dtype=np.int64)
    ours_line[audited] = ours[contact[audited]]
    equal = their_all[audited] == ours_line[audited]
    differ = audited[~equal]
    their, of = their_all[differ], contact[differ]
    explained = np.zeros(differ.shape[0], dtype=bool)
    if records.with_wait is not None:
        explained = their == _billed(_own_increment(sheet), records.with_wait[of])
        reason[differ[explained]] = _WAIT
    billable = records.billable[of]
    rounded = np.zeros(differ.shape[0], dtype=bool)
    for candidate in _increment_candidates(sheet):
        rounded |= their == _billed(candidate, billable)
    rounded &= ~explained
    reason[differ[rounded]] = _ROUNDING
    explained |= rounded
    if premium is not None:
        assert detail.amount is not None
        assert records.classes is not None
        unexplained = np.zeros(contact.shape[0], dtype=bool)
        unexplained[differ[~explained]] = True
        unexplained[audited[equal]] = True
        checked = np.flatnonzero(unexplained)
        hits = _premium_hits(
            premium, their_all[checked], detail.amount[checked], records.classes[contact[checked]]
        )
        reason[checked[hits]] = _PREMIUM
    reason[differ[reason[differ] == _NO_REASON]] = _OTHER
    return reason, ours_line


def _by_reason(
    sheet: PriceSheet,
    records: _Records,
    detail: _Billed,
    join: _Join,
    reason: npt.NDArray[np.int8],
    ours_line: IntArray,
    rate: Fraction,
    premium: _Premium | None,
) -> pd.DataFrame:
    """Lines, Σ their − ours [s] and money per reason, one row for every reason."""
    lines = np.flatnonzero(reason != _NO_REASON)
    line_reason = reason[lines]
    change = detail.seconds[lines] - ours_line[lines]
    counts = np.bincount(line_reason, minlength=len(AUDIT_REASONS))
    seconds = [int(change[line_reason == k].sum()) for k in range(len(AUDIT_REASONS))]
    amounts = [_round_money(Fraction(s, 60) * rate, sheet.currency) for s in seconds]
    if premium is not None and counts[_PREMIUM]:
        # The over-charge itself: Σ line amount − Σ ours/60 × rate × the multiplier due.
        assert detail.amount is not None
        assert records.classes is not None
        on_premium = lines[line_reason == _PREMIUM]
        charged = Fraction(int(detail.amount[on_premium].sum()), 10**premium.places)
        classes = records.classes[join.contact[on_premium]]
        due = Fraction(0)
        for cls in np.flatnonzero(np.bincount(classes)).tolist():
            due_seconds = int(ours_line[on_premium][classes == cls].sum())
            due += Fraction(due_seconds, 60) * premium.rate * premium.factor(cls)
        amounts[_PREMIUM] = _round_money(charged - due, sheet.currency)
    return pd.DataFrame(
        {
            "contacts": counts.astype(np.int64),
            "seconds": np.asarray(seconds, dtype=np.int64),
            "amount": pd.Series(amounts, dtype=object).to_numpy(),
        },
        index=pd.Index(AUDIT_REASONS, name="reason"),
    )


def _check_timezone(timezone: str) -> None:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ArgumentError(
            f"timezone must be an IANA name such as 'Asia/Seoul', got {timezone!r}"
        ) from None
