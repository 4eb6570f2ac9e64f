"""Exact invoices: replay a month of call records against a vendor's price sheet.

:func:`invoice` prices one month of contacts the way the sheet says, line by line, in
:class:`~decimal.Decimal`; :func:`replay_invoices` prices the same records for several
sheets in one pass over them.

How each charge is computed
---------------------------
Voice minutes
    Per phone contact, the billable components (``sheet.billable_components``: talk, hold,
    after-call work and, when billed, the customer's wait) are summed and fractional seconds
    rounded up to whole seconds; the billing increment ``a/b`` then applies to that sum
    (0 s → 0, up to ``a`` s → ``a``, else ``a + ⌈(d − a)/b⌉·b``). With ``rounding: monthly``
    the increment applies once to the month's total whole seconds instead. Billed minutes
    are billed seconds ÷ 60, kept exact (fractional minutes are priced exactly), times
    ``voice_rate_per_minute`` or the ``voice_minutes`` volume tier.
Per-contact prices
    ``per_contact[channel]`` (or that channel's ``contacts`` tier) times the handled contacts
    of the channel. Every email, chat, social and messaging record is a handled contact. A
    phone contact is handled when talk + hold + after-call work > 0 *and* it has billable
    seconds: a voice contact with zero billable seconds (abandoned, or unbilled wait only)
    costs nothing, neither per minute nor per contact; an abandoned call whose billed wait is
    above zero pays its wait per minute but no per-contact price.
Volume tiers
    ``graduated``: each band's part of the quantity at the band's rate, one line per band;
    ``all_units``: the whole quantity at the rate of the band it falls in (bands' ``up_to``
    are inclusive). The quantity is the month's billed voice minutes (may be fractional) or
    the channel's handled contacts. A tier replaces the flat price of its basis.
Premiums
    A contact's time multiplier is the largest of those that apply to its start (after-hours
    window, weekend, listed holiday, in ``premiums.timezone``; naive times are local time
    there); ties go to holiday, then weekend, then after-hours. A language multiplier
    multiplies on top. The surcharge of a group of contacts is ``(multiplier − 1)`` × their
    usage charge, where the usage charge of a group is the exact (unrounded) charge of the
    whole basis times the group's share of its quantity — i.e. at the *average realised rate*
    of a tiered charge, and for voice in proportion to the group's billed seconds (its whole
    billable seconds under monthly rounding). A time premium's line shows that base as its
    quantity and ``multiplier − 1`` as its rate; a language premium's base is the usage charge
    already multiplied by the time multiplier. Fixed and staffing fees carry no premium.
Fees
    ``monthly_fixed`` every month; ``setup_fee`` only with ``include_setup=True``;
    ``agent_hour_rate`` × ``agent_hours`` and ``fte_month_rate`` × ``ftes`` (given by the
    caller); ``minimum_monthly`` adds a true-up line ``max(0, minimum − sum of the other
    lines except set-up)``.
Money
    Every line is computed exactly (rational arithmetic) and rounded half-up once to the
    currency's minor unit; the total is the sum of the rounded lines.

References
----------
ITU-T Recommendation D.140 for ``a/b`` billing increments; ISO 4217 for minor units.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from vendoreval._types import IntArray
from vendoreval.calendar import month_bounds
from vendoreval.currency import minor_units, quantize
from vendoreval.errors import ArgumentError, MissingStaffingInputError, UnpricedChannelError
from vendoreval.pricing.billing import bill_in_place, billed_sum_in_place
from vendoreval.pricing.premium_windows import (
    AFTER_HOURS,
    HOLIDAY,
    TIME_NONE,
    WEEKEND,
    time_kinds,
)
from vendoreval.pricing.records import (
    CHANNEL_ORDER,
    CHUNK_ROWS,
    DURATION_COLUMNS,
    CallBatch,
    CallRecords,
    SecondsArray,
    iter_call_batches,
)
from vendoreval.pricing.sheet import (
    BillableComponent,
    PriceSheet,
    Rounding,
    TierBasis,
    TierMode,
    VolumeTier,
)
from vendoreval.pricing.warehouse import SheetQuery, first_row, group_sums, is_engine_table
from vendoreval.vocabulary import Channel, Weekday

__all__ = ["LINE_CATEGORIES", "Invoice", "invoice", "replay_invoices"]

LINE_CATEGORIES: Final[tuple[str, ...]] = (
    "voice_minutes",
    "per_contact",
    "tiers",
    "premiums",
    "fixed",
    "setup",
    "staffing",
    "minimum_true_up",
)
"""Categories of invoice lines, in invoice order."""

_CHUNK: Final = CHUNK_ROWS
_HANDLING: Final = (BillableComponent.TALK, BillableComponent.HOLD, BillableComponent.ACW)
_PHONE: Final = CHANNEL_ORDER.index(Channel.PHONE)
_N_CHANNELS: Final = len(CHANNEL_ORDER)
_TIME_NAMES: Final = {AFTER_HOURS: "after-hours", WEEKEND: "weekend", HOLIDAY: "holiday"}
_EPOCH: Final = dt.date(1970, 1, 1)
_WEEKDAYS: Final = tuple(Weekday)
_SECONDS_PER_DAY: Final = 86_400
_MINUTES_PER_DAY: Final = 1_440
_FLOAT_TOLERANCE: Final = 1e-12
_DECIMAL_DIGITS: Final = 80
_QUANTITY_CONTEXT: Final = Context(prec=28)

Number = int | float | Decimal
Classes = npt.NDArray[np.intp] | None


# ---------------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class Invoice:
    """A month's invoice from one price sheet.

    Attributes
    ----------
    currency : str
        ISO 4217 code of every amount.
    total : Decimal
        Sum of the rounded line amounts [currency].
    lines : pandas.DataFrame
        One row per line, columns ``line`` (text), ``category`` (one of
        :data:`LINE_CATEGORIES`), ``quantity`` (int or Decimal), ``unit``, ``rate``
        (Decimal per unit) and ``amount`` (Decimal, rounded half-up to the minor unit);
        quantity, rate and amount are object columns holding exact Decimals.
    month : str, optional
        The month invoiced (``YYYY-MM``) when one was selected.
    contacts : dict of str to int
        Records per channel [contacts].
    handled_contacts : dict of str to int
        Contacts per channel that carry a per-contact price basis (see the module docstring)
        [contacts].
    voice_actual_seconds : int
        Whole billable seconds of the phone contacts before the billing increment [s].
    voice_billed_seconds : int
        Billed voice seconds after the increment [s].
    billed_wait_seconds : int
        Whole seconds of customer wait among the billable seconds (0 when wait is not
        billed) [s].
    rounding_cost : Decimal
        Voice charge attributable to billed seconds above actual seconds, at the average
        realised voice rate before premiums [currency].
    wait_cost : Decimal
        Voice charge attributable to billed customer wait, at the same rate [currency].
    description : str
        One-line summary of the price sheet.
    """

    currency: str
    total: Decimal
    lines: pd.DataFrame
    month: str | None = None
    contacts: dict[str, int] = field(default_factory=dict)
    handled_contacts: dict[str, int] = field(default_factory=dict)
    voice_actual_seconds: int = 0
    voice_billed_seconds: int = 0
    billed_wait_seconds: int = 0
    rounding_cost: Decimal = Decimal(0)
    wait_cost: Decimal = Decimal(0)
    description: str = ""

    @property
    def voice_overhead(self) -> float:
        """Billed ÷ actual voice seconds (1.0 = the increment adds nothing); NaN without voice."""
        if self.voice_actual_seconds == 0:
            return math.nan
        return self.voice_billed_seconds / self.voice_actual_seconds

    @property
    def voice_billed_minutes(self) -> Decimal:
        """Billed voice minutes, billed seconds ÷ 60 [min]."""
        return Decimal(self.voice_billed_seconds) / 60

    def amounts_by_category(self) -> dict[str, Decimal]:
        """Sum of the line amounts per category, every category of :data:`LINE_CATEGORIES`."""
        sums = dict.fromkeys(LINE_CATEGORIES, Decimal(0))
        for category, amount in zip(self.lines["category"], self.lines["amount"], strict=True):
            sums[category] += amount
        return sums

    def to_frame(self) -> pd.DataFrame:
        """The lines and a last ``total`` row (category ``total``), as a new DataFrame."""
        total = {
            "line": "total",
            "category": "total",
            "quantity": None,
            "unit": self.currency,
            "rate": None,
            "amount": self.total,
        }
        rows = [*self.lines.to_dict("records"), total]
        return pd.DataFrame(rows, columns=list(self.lines.columns), dtype=object)

    def _rows(self) -> list[tuple[str, str, str, str, str]]:
        places = minor_units(self.currency)
        rows = []
        for line, quantity, unit, rate, amount in zip(
            self.lines["line"],
            self.lines["quantity"],
            self.lines["unit"],
            self.lines["rate"],
            self.lines["amount"],
            strict=True,
        ):
            rows.append(
                (
                    str(line),
                    _show_quantity(quantity),
                    str(unit),
                    _show_rate(rate),
                    f"{amount:,.{places}f}",
                )
            )
        return rows

    def __repr__(self) -> str:
        month = f" {self.month}" if self.month else ""
        return (
            f"<Invoice{month}: {self.total:,} {self.currency}, {len(self.lines)} lines; "
            "print() it for the full invoice>"
        )

    def __str__(self) -> str:
        places = minor_units(self.currency)
        rows = self._rows()
        head = ("line", "quantity", "unit", "rate", "amount")
        total = f"{self.total:,.{places}f}"
        widths = [
            max(len(head[i]), *(len(r[i]) for r in rows)) if rows else len(head[i])
            for i in range(5)
        ]
        widths[0] = max(widths[0], len("total"))
        widths[4] = max(widths[4], len(total))
        width = sum(widths) + 2 * 4

        def fmt(row: tuple[str, str, str, str, str]) -> str:
            return (
                f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  "
                f"{row[3]:>{widths[3]}}  {row[4]:>{widths[4]}}"
            )

        title = "Invoice" + (f" {self.month}" if self.month else "") + f" ({self.currency})"
        out = [title]
        if self.description:
            out.append(self.description)
        out += ["-" * width, fmt(head), "-" * width, *map(fmt, rows), "-" * width]
        out.append(f"{'total':<{width - widths[4]}}{total:>{widths[4]}}")
        out.append("")
        out.append(
            f"voice: {self.voice_actual_seconds:,} s actual → {self.voice_billed_seconds:,} s "
            f"billed ({_overhead_text(self.voice_overhead)}); billed wait "
            f"{self.billed_wait_seconds:,} s"
        )
        contacts = " · ".join(f"{c} {n:,}" for c, n in self.contacts.items() if n)
        out.append(f"contacts: {contacts or 'none'}")
        return "\n".join(out)

    def _repr_html_(self) -> str:
        places = minor_units(self.currency)
        cells = []
        for row in self._rows():
            cells.append(
                "<tr><td style='text-align:left'>"
                + html.escape(row[0])
                + "</td>"
                + "".join(
                    f"<td style='text-align:{align}'>{html.escape(value)}</td>"
                    for value, align in zip(
                        row[1:], ("right", "left", "right", "right"), strict=True
                    )
                )
                + "</tr>"
            )
        caption = "Invoice" + (f" {self.month}" if self.month else "") + f" ({self.currency})"
        if self.description:
            caption += " — " + self.description
        return (
            "<table class='vendoreval-invoice'>"
            f"<caption>{html.escape(caption)}</caption>"
            "<thead><tr><th>line</th><th>quantity</th><th>unit</th><th>rate</th>"
            "<th>amount</th></tr></thead><tbody>"
            + "".join(cells)
            + "</tbody><tfoot><tr><th style='text-align:left' colspan='4'>total</th>"
            f"<th style='text-align:right'>{self.total:,.{places}f}</th></tr></tfoot></table>"
        )


def _overhead_text(overhead: float) -> str:
    if math.isnan(overhead):
        return "no voice"
    return f"overhead {overhead - 1:+.1%}"


def _show_quantity(quantity: object) -> str:
    if quantity is None:
        return ""
    if isinstance(quantity, int):
        return f"{quantity:,}"
    if isinstance(quantity, Decimal):
        if quantity == quantity.to_integral_value():
            return f"{int(quantity):,}"
        text = f"{quantity:,.4f}".rstrip("0").rstrip(".")
        return text if Decimal(text.replace(",", "")) == quantity else "≈" + text
    return str(quantity)


def _show_rate(rate: object) -> str:
    if rate is None:
        return ""
    if isinstance(rate, Decimal):
        return f"{rate:,}"
    return str(rate)


# ---------------------------------------------------------------------------------- plan


@dataclass(frozen=True, eq=False)
class _Plan:
    """What the kernel needs to know about one sheet."""

    sheet: PriceSheet
    components: tuple[BillableComponent, ...]
    monthly: bool
    bills_wait: bool
    priced: tuple[bool, ...]
    timezone: str | None
    time_order: tuple[int, ...]
    time_multipliers: dict[int, Decimal]
    languages: tuple[str, ...]
    language_multipliers: tuple[Decimal, ...]

    @classmethod
    def of(cls, sheet: PriceSheet) -> _Plan:
        premiums = sheet.premiums
        multipliers: dict[int, Decimal] = {}
        languages: tuple[str, ...] = ()
        language_multipliers: tuple[Decimal, ...] = ()
        timezone = None
        if premiums is not None and not premiums.is_empty:
            timezone = premiums.timezone
            if premiums.after_hours is not None:
                multipliers[AFTER_HOURS] = premiums.after_hours.multiplier
            if premiums.weekend_multiplier is not None:
                multipliers[WEEKEND] = premiums.weekend_multiplier
            if premiums.holiday_multiplier is not None:
                multipliers[HOLIDAY] = premiums.holiday_multiplier
            languages = tuple(premiums.language_multipliers)
            language_multipliers = tuple(premiums.language_multipliers.values())
        # The applicable multiplier that is largest wins; ties go to holiday, weekend, after-hours.
        order = tuple(sorted(multipliers, key=lambda kind: (-multipliers[kind], -kind)))
        ordered = [c for c in BillableComponent if c in sheet.billable_components]
        return cls(
            sheet=sheet,
            components=tuple(ordered),
            monthly=sheet.rounding is Rounding.MONTHLY,
            bills_wait=sheet.bills_wait,
            priced=tuple(
                sheet.covers_unpriced_contacts or sheet.prices_channel(c) for c in CHANNEL_ORDER
            ),
            timezone=timezone,
            time_order=order,
            time_multipliers=multipliers,
            languages=languages,
            language_multipliers=language_multipliers,
        )

    @property
    def has_classes(self) -> bool:
        return bool(self.time_multipliers or self.languages)

    @property
    def n_languages(self) -> int:
        return len(self.languages) + 1

    @property
    def n_classes(self) -> int:
        return 4 * self.n_languages if self.has_classes else 1

    @property
    def needs_language(self) -> bool:
        return bool(self.languages)

    def time_multiplier(self, kind: int) -> Decimal:
        return self.time_multipliers.get(kind, Decimal(1))

    def language_multiplier(self, index: int) -> Decimal:
        return Decimal(1) if index == 0 else self.language_multipliers[index - 1]


# ---------------------------------------------------------------------------------- kernel


@dataclass
class _Partial:
    """Sums over a range of a batch's rows."""

    actual: int = 0
    billed: int = 0
    handled_phone: int = 0
    wait: int = 0
    basis: npt.NDArray[np.int64] | None = None  # voice seconds per premium class
    handled: npt.NDArray[np.int64] | None = None  # handled contacts per channel and class

    def merge(self, other: _Partial) -> _Partial:
        def add(
            a: npt.NDArray[np.int64] | None, b: npt.NDArray[np.int64] | None
        ) -> npt.NDArray[np.int64] | None:
            return b if a is None else (a if b is None else a + b)

        return _Partial(
            self.actual + other.actual,
            self.billed + other.billed,
            self.handled_phone + other.handled_phone,
            self.wait + other.wait,
            add(self.basis, other.basis),
            add(self.handled, other.handled),
        )


class _Buffers:
    """Scratch arrays of one chunk, reused across chunks."""

    def __init__(self, size: int) -> None:
        self.billable = np.empty(size, dtype=np.int64)
        self.other = np.empty(size, dtype=np.int64)
        self.handling = np.empty(size, dtype=np.int64)
        self.scratch_int = np.empty(size, dtype=np.int64)
        self.keys = np.empty(size, dtype=np.intp)
        self.floats = np.empty(size, dtype=np.float64)
        self.scratch = np.empty(size, dtype=np.float64)


def _whole_seconds(
    columns: list[SecondsArray], out: npt.NDArray[np.int64], buffers: _Buffers
) -> None:
    """Per-contact sum of ``columns`` in whole seconds (fractional seconds round up) → ``out``."""
    if not columns:
        out.fill(0)
        return
    if all(c.dtype.kind == "i" for c in columns):
        if len(columns) == 1:
            np.copyto(out, columns[0])
            return
        np.add(columns[0], columns[1], out=out)
        for column in columns[2:]:
            np.add(out, column, out=out)
        return
    n = out.shape[0]
    total = buffers.floats[:n]
    if len(columns) == 1:
        np.copyto(total, columns[0])
    else:
        np.add(columns[0], columns[1], out=total)
        for column in columns[2:]:
            np.add(total, column, out=total)
    # Float sums such as 10.1 + 0.9 may land a hair above the whole second they mean: a
    # relative tolerance of 1e-12 keeps such noise from billing an extra second.
    slack = buffers.scratch[:n]
    np.maximum(total, 1.0, out=slack)
    slack *= -_FLOAT_TOLERANCE
    slack += total
    np.ceil(slack, out=slack)
    np.copyto(out, slack, casting="unsafe")


class _SheetVisitor:
    """Voice sums of one sheet over the chunks of one worker's rows."""

    def __init__(self, plan: _Plan, batch: CallBatch, classes: npt.NDArray[np.intp] | None) -> None:
        self.plan = plan
        self.batch = batch
        self.classes = classes
        self.buffers = _Buffers(min(_CHUNK, max(len(batch), 1)))
        self.part = _Partial()
        if classes is not None:
            self.part.basis = np.zeros(plan.n_classes, dtype=np.int64)
            self.part.handled = np.zeros((_N_CHANNELS, plan.n_classes), dtype=np.int64)
        self.without_wait = tuple(c for c in plan.components if c is not BillableComponent.WAIT)
        self.handling_is_other = self.without_wait == _HANDLING

    def chunk(self, low: int, high: int, channel: npt.NDArray[np.int8], phone_only: bool) -> None:
        plan, part, buffers, seconds = self.plan, self.part, self.buffers, self.batch.seconds
        increment = plan.sheet.billing_increment
        n = high - low
        billable = buffers.billable[:n]
        _whole_seconds([seconds[c][low:high] for c in plan.components], billable, buffers)
        phone = None if phone_only else channel == _PHONE
        if phone is not None:
            np.multiply(billable, phone, out=billable)
        part.actual += int(billable.sum())
        handled_mask: npt.NDArray[np.bool_] | None = None
        if plan.bills_wait:
            other = buffers.other[:n]
            _whole_seconds([seconds[c][low:high] for c in self.without_wait], other, buffers)
            if phone is not None:
                np.multiply(other, phone, out=other)
            part.wait += int(billable.sum()) - int(other.sum())
            if self.handling_is_other:
                handling = other
            else:
                handling = buffers.handling[:n]
                _whole_seconds([seconds[c][low:high] for c in _HANDLING], handling, buffers)
                if phone is not None:
                    np.multiply(handling, phone, out=handling)
            handled_mask = (handling > 0) & (billable > 0)
            part.handled_phone += int(np.count_nonzero(handled_mask))
        if self.classes is None:
            if handled_mask is None:
                part.handled_phone += int(np.count_nonzero(billable))
            if not plan.monthly:
                part.billed += billed_sum_in_place(billable, increment.first, increment.step)
            return
        assert part.basis is not None
        assert part.handled is not None
        n_classes = plan.n_classes
        chunk_classes = self.classes[low:high]
        if handled_mask is None:
            handled_mask = billable > 0
            part.handled_phone += int(np.count_nonzero(handled_mask))
        # One count per (channel, class, excluded): a phone contact that is not handled is
        # excluded from the per-contact basis; every other contact counts.
        keys = buffers.keys[:n]
        np.multiply(channel, n_classes, out=keys)
        keys += chunk_classes
        keys *= 2
        keys += ~handled_mask if phone is None else phone & ~handled_mask
        counts = np.bincount(keys, minlength=2 * _N_CHANNELS * n_classes)
        part.handled += counts.reshape(_N_CHANNELS, n_classes, 2)[:, :, 0]
        if not plan.monthly:
            bill_in_place(billable, buffers.scratch_int[:n], increment.first, increment.step)
            part.billed += int(billable.sum())
        # Float weights are exact here: a chunk's sum stays far below 2**53.
        weighted = np.bincount(chunk_classes, weights=billable, minlength=n_classes)
        part.basis += np.rint(weighted).astype(np.int64)


class _Visitors:
    """Every sheet's visitor of one worker's rows: each chunk is priced by all sheets."""

    def __init__(self, visitors: list[_SheetVisitor]) -> None:
        self.visitors = visitors

    def chunk(self, low: int, high: int, channel: npt.NDArray[np.int8], phone_only: bool) -> None:
        for visitor in self.visitors:
            visitor.chunk(low, high, channel, phone_only)


# ---------------------------------------------------------------------------------- premiums


def _time_kinds(plan: _Plan, batch: CallBatch) -> npt.NDArray[np.intp]:
    """Which time premium applies to each contact (0 none, 1 after-hours, 2 weekend, 3 holiday)."""
    premiums = plan.sheet.premiums
    assert premiums is not None

    def kind_of(minutes: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        # ``minutes``: local wall-clock minutes since 1970-01-01 00:00.
        return time_kinds(premiums, minutes * 60, plan.time_order)

    return batch.by_local_minute(plan.timezone, kind_of)


def _language_index(plan: _Plan, batch: CallBatch) -> npt.NDArray[np.intp]:
    """Index of each contact's language multiplier (0 none, i for ``plan.languages[i-1]``)."""
    assert batch.language is not None
    lookup = np.zeros(len(batch.languages) + 1, dtype=np.intp)
    position = {tag: i + 1 for i, tag in enumerate(plan.languages)}
    for i, tag in enumerate(batch.languages):
        lookup[i] = position.get(tag, 0)
    index: npt.NDArray[np.intp] = lookup[batch.language]
    return index


def _classes(plan: _Plan, batch: CallBatch) -> npt.NDArray[np.intp] | None:
    if not plan.has_classes:
        return None
    classes = np.zeros(len(batch), dtype=np.intp)
    if plan.time_multipliers:
        classes += _time_kinds(plan, batch) * plan.n_languages
    if plan.languages:
        classes += _language_index(plan, batch)
    return classes


# ---------------------------------------------------------------------------------- totals


class _Accumulator:
    """Exact integer quantities of one sheet over the batches of a month."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        n_classes = plan.n_classes
        self.contacts = np.zeros(_N_CHANNELS, dtype=np.int64)
        self.handled = np.zeros((_N_CHANNELS, n_classes), dtype=np.int64)
        self.basis = np.zeros(n_classes, dtype=np.int64)
        self.actual = 0
        self.billed = 0
        self.wait = 0

    def add(
        self,
        batch: CallBatch,
        classes: npt.NDArray[np.intp] | None,
        parts: list[_Partial],
    ) -> None:
        """Add a scanned batch, given the kernel sums of its worker ranges."""
        counts = batch.counts
        self._check_priced(batch, counts)
        plan = self.plan
        part = parts[0]
        for other in parts[1:]:
            part = part.merge(other)
        self.contacts += counts
        self.actual += part.actual
        self.billed += part.billed
        self.wait += part.wait
        if classes is None:
            self.handled[:, 0] += counts
            self.handled[_PHONE, 0] += part.handled_phone - counts[_PHONE]
            self.basis[0] += part.actual if plan.monthly else part.billed
            return
        assert part.basis is not None
        assert part.handled is not None
        self.handled += part.handled
        self.basis += part.basis

    def _check_priced(self, batch: CallBatch, counts: npt.NDArray[np.int64]) -> None:
        code = self.unpriced(counts)
        if code is not None:
            position = int(np.argmax(batch.channel == code))
            raise _unpriced_error("call records", batch.describe_row(position), code)

    def unpriced(self, counts: npt.NDArray[np.int64]) -> int | None:
        """The first channel with contacts that the sheet does not price, if any."""
        for code, priced in enumerate(self.plan.priced):
            if not priced and counts[code] > 0:
                return code
        return None

    def add_groups(
        self,
        channel: npt.NDArray[np.int8],
        classes: npt.NDArray[np.intp],
        contacts: npt.NDArray[np.int64],
        sums: tuple[npt.NDArray[np.int64], ...],
    ) -> None:
        """Add groups of contacts summed by an engine: ``sums`` are the whole billable,
        billed, billed-wait seconds and handled contacts of each group (phone groups)."""
        actual, billed, wait, handled = sums
        phone = channel == _PHONE
        codes = channel.astype(np.intp)
        np.add.at(self.contacts, codes, contacts)
        np.add.at(self.handled, (codes, classes), np.where(phone, handled, contacts))
        self.actual += int(actual[phone].sum())
        self.billed += int(billed[phone].sum())
        self.wait += int(wait[phone].sum())
        basis = actual if self.plan.monthly else billed
        np.add.at(self.basis, classes[phone], basis[phone])

    def finish(
        self,
        *,
        agent_hours: Fraction | None,
        ftes: Fraction | None,
        include_setup: bool,
        month: str | None,
    ) -> Invoice:
        return _Pricer(self, agent_hours, ftes).invoice(include_setup=include_setup, month=month)


def _unpriced_error(prefix: str, place: str, code: int) -> UnpricedChannelError:
    channel = CHANNEL_ORDER[code]
    return UnpricedChannelError(
        f"{prefix}: column 'channel', {place}: the price sheet does not price "
        f"{channel.value!r} contacts (no per-contact price"
        + (", per-minute rate" if channel is Channel.PHONE else "")
        + " or tier for it); set unpriced_contacts_free: true if other fees cover them"
    )


@dataclass
class _Line:
    line: str
    category: str
    quantity: int | Fraction
    unit: str
    rate: Decimal | None
    exact: Fraction


def _decimal(value: Fraction) -> Decimal:
    """A Fraction as a Decimal: exact when it terminates, else to 28 significant digits."""
    numerator, denominator = value.numerator, value.denominator
    twos = fives = 0
    rest = denominator
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest == 1:
        places = max(twos, fives)
        return Decimal(f"{numerator * 10**places // denominator}E-{places}")
    return _QUANTITY_CONTEXT.divide(Decimal(numerator), Decimal(denominator))


def _round_money(amount: Fraction, currency: str) -> Decimal:
    """Round an exact amount half-up (away from zero at .5) to the currency's minor unit."""
    places = minor_units(currency) + 1
    truncated = int(amount * 10**places)  # toward zero, one digit past the minor unit
    return quantize(Decimal(f"{truncated}E-{places}"), currency)


class _Pricer:
    """Turns an accumulator's quantities into invoice lines."""

    def __init__(
        self, totals: _Accumulator, agent_hours: Fraction | None, ftes: Fraction | None
    ) -> None:
        self.totals = totals
        self.plan = totals.plan
        self.sheet = totals.plan.sheet
        self.agent_hours = agent_hours
        self.ftes = ftes

    def billed_seconds(self) -> int:
        totals = self.totals
        if self.plan.monthly:
            return int(self.sheet.billing_increment.billed_seconds(totals.actual))
        return totals.billed

    def invoice(self, *, include_setup: bool, month: str | None) -> Invoice:
        # Sums of Decimal amounts must not round at the default 28 significant digits.
        with localcontext() as context:
            context.prec = _DECIMAL_DIGITS
            return self._invoice(include_setup=include_setup, month=month)

    def _invoice(self, *, include_setup: bool, month: str | None) -> Invoice:
        sheet, totals, currency = self.sheet, self.totals, self.sheet.currency
        billed = self.billed_seconds()
        lines: list[_Line] = []
        voice_lines = self._voice_lines(billed)
        lines += voice_lines
        voice = sum((line.exact for line in voice_lines), Fraction(0))
        usage: dict[int, Fraction] = {}
        for code, channel in enumerate(CHANNEL_ORDER):
            channel_lines = self._contact_lines(code, channel)
            lines += channel_lines
            usage[code] = sum((line.exact for line in channel_lines), Fraction(0))
        lines += self._premium_lines(voice, usage)
        if sheet.monthly_fixed > 0:
            lines.append(_fee("monthly fixed fee", "fixed", sheet.monthly_fixed, "month"))
        lines += self._staffing_lines()
        rounded = [(line, _round_money(line.exact, currency)) for line in lines]
        if sheet.minimum_monthly is not None:
            subtotal = sum((amount for _, amount in rounded), Decimal(0))
            true_up = sheet.minimum_monthly - subtotal
            if true_up > 0:
                line = _Line(
                    f"minimum monthly true-up (minimum {sheet.minimum_monthly:,})",
                    "minimum_true_up",
                    1,
                    "month",
                    quantize(true_up, currency),
                    Fraction(true_up),
                )
                rounded.append((line, _round_money(line.exact, currency)))
        if include_setup and sheet.setup_fee > 0:
            line = _fee("set-up fee (one-off)", "setup", sheet.setup_fee, "one-off")
            rounded.append((line, _round_money(line.exact, currency)))
        frame = pd.DataFrame(
            [
                (r[0].line, r[0].category, _quantity(r[0].quantity), r[0].unit, r[0].rate, r[1])
                for r in rounded
            ],
            columns=["line", "category", "quantity", "unit", "rate", "amount"],
            dtype=object,
        )
        total = sum((amount for _, amount in rounded), Decimal(0))
        rounding_cost = wait_cost = Decimal(0)
        if billed > 0:
            rounding_cost = _round_money(voice * (billed - totals.actual) / billed, currency)
            wait_cost = _round_money(voice * totals.wait / billed, currency)
        handled = totals.handled.sum(axis=1)
        return Invoice(
            currency=currency,
            total=quantize(total, currency),
            lines=frame,
            month=month,
            contacts={c.value: int(n) for c, n in zip(CHANNEL_ORDER, totals.contacts, strict=True)},
            handled_contacts={c.value: int(n) for c, n in zip(CHANNEL_ORDER, handled, strict=True)},
            voice_actual_seconds=int(totals.actual),
            voice_billed_seconds=billed,
            billed_wait_seconds=int(totals.wait),
            rounding_cost=rounding_cost,
            wait_cost=wait_cost,
            description=sheet.describe(),
        )

    def _voice_lines(self, billed: int) -> list[_Line]:
        sheet = self.sheet
        if billed == 0:
            return []
        minutes = Fraction(billed, 60)
        components = "+".join(c.value for c in self.plan.components)
        what = f"voice minutes ({sheet.billing_increment}; {components})"
        tier = sheet.tier_for(TierBasis.VOICE_MINUTES)
        if tier is not None:
            return _tier_lines(tier, minutes, what, "min")
        rate = sheet.voice_rate_per_minute
        if rate is None:
            return []
        return [_Line(what, "voice_minutes", minutes, "min", rate, minutes * Fraction(rate))]

    def _contact_lines(self, code: int, channel: Channel) -> list[_Line]:
        sheet = self.sheet
        handled = int(self.totals.handled[code].sum())
        if handled == 0:
            return []
        what = f"{channel.value} contacts handled"
        tier = sheet.tier_for(TierBasis.CONTACTS, channel)
        if tier is not None:
            return _tier_lines(tier, Fraction(handled), what, "contacts")
        price = sheet.per_contact.get(channel)
        if price is None:
            return []
        return [_Line(what, "per_contact", handled, "contacts", price, handled * Fraction(price))]

    def _premium_lines(self, voice: Fraction, usage: dict[int, Fraction]) -> list[_Line]:
        plan, totals = self.plan, self.totals
        if not plan.has_classes:
            return []
        n_languages = plan.n_languages
        # Usage charge of each premium class: each basis' exact charge split by quantity share.
        base = [Fraction(0)] * plan.n_classes
        voice_quantity = int(totals.basis.sum())
        for k in range(plan.n_classes):
            if voice and voice_quantity:
                base[k] += voice * int(totals.basis[k]) / voice_quantity
            for code, charge in usage.items():
                count = int(totals.handled[code].sum())
                if charge and count:
                    base[k] += charge * int(totals.handled[code, k]) / count
        contacts = totals.handled.sum(axis=0)
        time_base: dict[int, Fraction] = {}
        time_contacts: dict[int, int] = {}
        language_base: dict[int, Fraction] = {}
        language_contacts: dict[int, int] = {}
        for k in range(plan.n_classes):
            kind, language = divmod(k, n_languages)
            if kind != TIME_NONE:
                time_base[kind] = time_base.get(kind, Fraction(0)) + base[k]
                time_contacts[kind] = time_contacts.get(kind, 0) + int(contacts[k])
            if language:
                time_factor = Fraction(plan.time_multiplier(kind))
                language_base[language] = language_base.get(language, Fraction(0)) + (
                    time_factor * base[k]
                )
                language_contacts[language] = language_contacts.get(language, 0) + int(contacts[k])
        currency = self.sheet.currency
        lines: list[_Line] = []
        premiums = self.sheet.premiums
        assert premiums is not None
        for kind in (AFTER_HOURS, WEEKEND, HOLIDAY):
            if not time_base.get(kind):
                continue
            multiplier = plan.time_multipliers[kind]
            label = f"{_TIME_NAMES[kind]} premium ×{multiplier}"
            if kind == AFTER_HOURS and premiums.after_hours is not None:
                label += f" ({premiums.after_hours.start}–{premiums.after_hours.end})"
            label += f", {_contacts_text(time_contacts[kind])}"
            rate = multiplier - 1
            lines.append(
                _Line(
                    label,
                    "premiums",
                    time_base[kind],
                    currency,
                    rate,
                    time_base[kind] * Fraction(rate),
                )
            )
        for language in range(1, n_languages):
            if not language_base.get(language):
                continue
            multiplier = plan.language_multiplier(language)
            label = (
                f"language premium {plan.languages[language - 1]} ×{multiplier}, "
                f"{_contacts_text(language_contacts[language])}"
            )
            rate = multiplier - 1
            quantity = language_base[language]
            lines.append(
                _Line(label, "premiums", quantity, currency, rate, quantity * Fraction(rate))
            )
        return lines

    def _staffing_lines(self) -> list[_Line]:
        sheet = self.sheet
        lines = []
        if sheet.agent_hour_rate is not None:
            assert self.agent_hours is not None
            hours = self.agent_hours
            lines.append(
                _Line(
                    "agent hours",
                    "staffing",
                    hours,
                    "h",
                    sheet.agent_hour_rate,
                    hours * Fraction(sheet.agent_hour_rate),
                )
            )
        if sheet.fte_month_rate is not None:
            assert self.ftes is not None
            lines.append(
                _Line(
                    "full-time-equivalent agents",
                    "staffing",
                    self.ftes,
                    "FTE-month",
                    sheet.fte_month_rate,
                    self.ftes * Fraction(sheet.fte_month_rate),
                )
            )
        return lines


def _contacts_text(count: int) -> str:
    return f"{count:,} contact" + ("" if count == 1 else "s")


def _fee(label: str, category: str, amount: Decimal, unit: str) -> _Line:
    return _Line(label, category, 1, unit, amount, Fraction(amount))


def _quantity(value: int | Fraction) -> int | Decimal:
    if isinstance(value, int):
        return value
    if value.denominator == 1:
        return int(value)
    return _decimal(value)


def _tier_lines(tier: VolumeTier, quantity: Fraction, what: str, unit: str) -> list[_Line]:
    """Lines of a volume tier for ``quantity`` [min or contacts]."""
    lines: list[_Line] = []
    if quantity <= 0:
        return lines
    lower = 0
    if tier.mode is TierMode.GRADUATED:
        for band in tier.bands:
            upper = band.up_to
            top = quantity if upper is None else min(quantity, Fraction(upper))
            part = top - lower
            if part > 0:
                span = f"{lower:,}–{upper:,}" if upper is not None else f"over {lower:,}"
                lines.append(
                    _Line(
                        f"{what}, band {span} {unit}",
                        "tiers",
                        part if part.denominator != 1 else int(part),
                        unit,
                        band.rate,
                        part * Fraction(band.rate),
                    )
                )
            if upper is None or quantity <= upper:
                break
            lower = upper
        return lines
    for band in tier.bands:
        if band.up_to is None or quantity <= band.up_to:
            span = f"{lower:,}–{band.up_to:,}" if band.up_to is not None else f"over {lower:,}"
            lines.append(
                _Line(
                    f"{what}, all units at the band {span} {unit}",
                    "tiers",
                    quantity if quantity.denominator != 1 else int(quantity),
                    unit,
                    band.rate,
                    quantity * Fraction(band.rate),
                )
            )
            break
        lower = band.up_to
    return lines


# ---------------------------------------------------------------------------------- entry


def _staffing_input(value: Number | None, name: str, unit: str) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ArgumentError(f"{name} must be a number ≥ 0 [{unit}], got {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ArgumentError(f"{name} must be a finite number ≥ 0 [{unit}], got {value!r}")
        exact = Fraction(Decimal(repr(value)))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ArgumentError(f"{name} must be a finite number ≥ 0 [{unit}], got {value!r}")
        exact = Fraction(value)
    else:
        exact = Fraction(value)
    if exact < 0:
        raise ArgumentError(f"{name} must be ≥ 0 [{unit}], got {value!r}")
    return exact


def _require_staffing(
    sheet: PriceSheet, agent_hours: Number | None, ftes: Number | None, vendor: str | None
) -> tuple[Fraction | None, Fraction | None]:
    who = f"vendor {vendor!r}: " if vendor else ""
    if sheet.agent_hour_rate is not None and agent_hours is None:
        raise MissingStaffingInputError(
            f"{who}the price sheet charges {sheet.agent_hour_rate:,} {sheet.currency} per agent "
            "hour (agent_hour_rate), so agent_hours is needed: pass the month's productive "
            "agent hours [h], e.g. invoice(sheet, calls, agent_hours=3_200)"
        )
    if sheet.committed_ftes and ftes is None:
        ftes = Decimal(repr(sheet.committed_fte_total))  # the per-head contract's head-count
    if sheet.fte_month_rate is not None and ftes is None:
        raise MissingStaffingInputError(
            f"{who}the price sheet charges {sheet.fte_month_rate:,} {sheet.currency} per FTE and "
            "month (fte_month_rate), so ftes is needed: pass the month's full-time-equivalent "
            "agents [FTE], e.g. invoice(sheet, calls, ftes=18)"
        )
    return (
        _staffing_input(agent_hours, "agent_hours", "h"),
        _staffing_input(ftes, "ftes", "FTE"),
    )


def _month_bounds(month: str | None) -> tuple[int, int] | None:
    if month is None:
        return None
    first, following = month_bounds(month)
    return (
        (first - _EPOCH).days * _SECONDS_PER_DAY,
        (following - _EPOCH).days * _SECONDS_PER_DAY,
    )


def _check_timezone(timezone: str | None) -> None:
    if timezone is None:
        return
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ArgumentError(
            f"timezone must be an IANA name such as 'Asia/Seoul', got {timezone!r}"
        ) from None


def _in_month(
    batches: Iterable[CallBatch], bounds: tuple[int, int] | None, timezone: str | None
) -> Iterator[CallBatch]:
    for batch in batches:
        if bounds is None:
            yield batch
            continue

        def in_month(
            minutes: npt.NDArray[np.int64], low: int = bounds[0] // 60, high: int = bounds[1] // 60
        ) -> npt.NDArray[np.bool_]:
            return (minutes >= low) & (minutes < high)

        inside = batch.by_local_minute(timezone, in_month)
        yield batch if inside.all() else batch.take(inside)


def _columns_read(plans: Iterable[_Plan], month: bool) -> set[str]:
    """The columns whose values the sheets use (the others are only checked)."""
    components: set[BillableComponent] = set()
    times = month
    for plan in plans:
        components.update(plan.components)
        if plan.bills_wait:
            components.update(_HANDLING)
        times = times or bool(plan.time_multipliers)
    columns = {"channel", *(DURATION_COLUMNS[c] for c in components)}
    if times:
        columns.add("started_at")
    return columns


def _wall_minutes(times: npt.NDArray[np.int64], unit: int, zone: str | None) -> IntArray:
    """Local wall-clock minutes of engine time keys (instants in UTC when ``zone`` is set)."""
    if zone is None:
        return times * unit // 60
    instants = pd.DatetimeIndex((times * unit).astype("datetime64[s]"), tz="UTC")
    wall = np.asarray(instants.tz_convert(zone).tz_localize(None).asi8, dtype=np.int64)
    per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 10**9}[str(instants.unit)]
    minutes: IntArray = wall // per_second // 60
    return minutes


def _engine_replay(
    calls: object,
    totals: Mapping[str, _Accumulator],
    bounds: tuple[int, int] | None,
    timezone: str | None,
) -> None:
    """Sum the records in their engine, then add the groups to every sheet's totals."""
    plans = [t.plan for t in totals.values()]
    queries = [
        SheetQuery(
            components=plan.components,
            first=plan.sheet.billing_increment.first,
            step=plan.sheet.billing_increment.step,
            bills_wait=plan.bills_wait,
            monthly=plan.monthly,
        )
        for plan in plans
    ]
    minutes = bounds is not None or any(plan.time_multipliers for plan in plans)
    language = any(plan.needs_language for plan in plans)
    sums = group_sums(calls, queries, minutes=minutes, language=language)
    zones = {plan.timezone for plan in plans if plan.time_multipliers}
    if bounds is not None:
        zones.add(timezone or "UTC")
    if sums.aware and sums.time is not None and _offsets_with_seconds(sums.time, zones):
        # A zone's offset had seconds then (local mean time): group by the second instead.
        sums = group_sums(calls, queries, minutes=True, language=language, unit=1)
    walls: dict[str | None, IntArray] = {}

    def wall(zone: str | None) -> IntArray:
        assert sums.time is not None
        key = zone if sums.aware else None
        if key not in walls:
            walls[key] = _wall_minutes(sums.time, sums.unit, key)
        return walls[key]

    inside = np.ones(sums.channel.shape[0], dtype=bool)
    if bounds is not None:
        local = wall(timezone or "UTC")
        inside = (local >= bounds[0] // 60) & (local < bounds[1] // 60)
    channel = sums.channel[inside]
    for index, (vendor, accumulator) in enumerate(totals.items()):
        plan = accumulator.plan
        classes = np.zeros(channel.shape[0], dtype=np.intp)
        if plan.time_multipliers:
            premiums = plan.sheet.premiums
            assert premiums is not None
            kinds = time_kinds(premiums, wall(plan.timezone)[inside] * 60, plan.time_order)
            classes += kinds * plan.n_languages
        if plan.languages:
            assert sums.language is not None
            position = {tag: i + 1 for i, tag in enumerate(plan.languages)}
            tags = np.array([position.get(tag, 0) for tag in sums.language], dtype=np.intp)
            classes += tags[inside] if tags.size else tags
        contacts = sums.contacts[inside]
        counts = np.bincount(channel, weights=contacts, minlength=_N_CHANNELS).astype(np.int64)
        code = accumulator.unpriced(counts)
        if code is not None:
            name = CHANNEL_ORDER[code].value
            span = None
            if bounds is not None:
                assert sums.time is not None
                keys = sums.time[inside][channel == code]
                span = (int(keys.min()), int(keys.max()))
            row = first_row(calls, name, span, sums.unit)
            error = _unpriced_error("call records", f"row {row}", code)
            if len(totals) > 1:
                error = UnpricedChannelError(f"vendor {vendor!r}: {error}")
            raise error
        accumulator.add_groups(
            channel,
            classes,
            contacts,
            tuple(
                part[index][inside] for part in (sums.actual, sums.billed, sums.wait, sums.handled)
            ),
        )


def _offsets_with_seconds(times: npt.NDArray[np.int64], zones: set[str | None]) -> bool:
    """True when a zone's UTC offset at one of the minutes ``times`` has seconds."""
    instants = pd.DatetimeIndex((np.unique(times) * 60).astype("datetime64[s]"), tz="UTC")
    for zone in zones:
        if zone is None:
            continue
        wall = np.asarray(instants.tz_convert(zone).tz_localize(None).asi8, dtype=np.int64)
        per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 10**9}[str(instants.unit)]
        if np.any(wall // per_second % 60):
            return True
    return False


def replay_invoices(
    sheets: Mapping[str, PriceSheet],
    calls: CallRecords,
    *,
    agent_hours: Number | Mapping[str, Number] | None = None,
    ftes: Number | Mapping[str, Number] | None = None,
    include_setup: bool = False,
    month: str | None = None,
    timezone: str | None = None,
    batch_rows: int = 1_000_000,
) -> dict[str, Invoice]:
    """Invoice the same call records for several price sheets, reading the records once.

    Parameters are those of :func:`invoice`, except that ``sheets`` maps a vendor name to
    its price sheet and ``agent_hours`` / ``ftes`` may be a mapping keyed by vendor.

    Returns
    -------
    dict of str to Invoice
        One invoice per vendor, in the order of ``sheets``.
    """
    if not sheets:
        raise ArgumentError("sheets is empty: give at least one vendor's price sheet")
    bounds = _month_bounds(month)
    _check_timezone(timezone)
    staffing: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    for vendor, sheet in sheets.items():
        hours = agent_hours.get(vendor) if isinstance(agent_hours, Mapping) else agent_hours
        count = ftes.get(vendor) if isinstance(ftes, Mapping) else ftes
        staffing[vendor] = _require_staffing(sheet, hours, count, vendor)
    totals = {vendor: _Accumulator(_Plan.of(sheet)) for vendor, sheet in sheets.items()}
    if is_engine_table(calls):
        _engine_replay(calls, totals, bounds, timezone)
        return _finish(totals, staffing, include_setup, month)
    plans = [t.plan for t in totals.values()]
    language = any(plan.needs_language for plan in plans)
    batches = iter_call_batches(
        calls,
        batch_rows=batch_rows,
        language=language,
        validate=False,
        columns=_columns_read(plans, month is not None),
    )
    for batch in _in_month(batches, bounds, timezone):
        classes = {vendor: _classes(t.plan, batch) for vendor, t in totals.items()}

        def visitors(batch: CallBatch = batch, classes: dict[str, Classes] = classes) -> _Visitors:
            return _Visitors([_SheetVisitor(t.plan, batch, classes[v]) for v, t in totals.items()])

        scanned = batch.scan(visitors)
        for index, (vendor, accumulator) in enumerate(totals.items()):
            parts = [worker.visitors[index].part for worker in scanned]
            try:
                accumulator.add(batch, classes[vendor], parts or [_Partial()])
            except UnpricedChannelError as error:
                if len(totals) == 1:
                    raise
                raise UnpricedChannelError(f"vendor {vendor!r}: {error}") from None
    return _finish(totals, staffing, include_setup, month)


def _finish(
    totals: Mapping[str, _Accumulator],
    staffing: Mapping[str, tuple[Fraction | None, Fraction | None]],
    include_setup: bool,
    month: str | None,
) -> dict[str, Invoice]:
    return {
        vendor: accumulator.finish(
            agent_hours=staffing[vendor][0],
            ftes=staffing[vendor][1],
            include_setup=include_setup,
            month=month,
        )
        for vendor, accumulator in totals.items()
    }


def invoice(
    sheet: PriceSheet,
    calls: CallRecords,
    *,
    agent_hours: Number | None = None,
    ftes: Number | None = None,
    include_setup: bool = False,
    month: str | None = None,
    timezone: str | None = None,
    batch_rows: int = 1_000_000,
) -> Invoice:
    """Price a month of call records with a price sheet, exactly.

    Parameters
    ----------
    sheet : PriceSheet
        The vendor's price sheet.
    calls : pandas.DataFrame, str, pathlib.Path, pyarrow.Table, DuckDB relation or Ibis table
        One row per contact with columns ``channel``, ``started_at``, ``talk_seconds``,
        ``hold_seconds``, ``acw_seconds``, ``wait_seconds`` [s] (and ``language`` when the
        sheet has language premiums): a DataFrame (the channel as text, categories or an
        Arrow dictionary), the path of a ``.parquet``/``.csv`` file or a folder of them
        (streamed in batches of ``batch_rows`` rows), an Arrow table, record batch or
        record-batch reader, or a DuckDB relation or Ibis table, whose per-contact sums run in
        that engine (:mod:`vendoreval.pricing.warehouse`). Every kind gives the same invoice.
    agent_hours : int, float or Decimal, optional
        Productive agent hours of the month [h]; required when the sheet has
        ``agent_hour_rate``.
    ftes : int, float or Decimal, optional
        Full-time-equivalent agents of the month [FTE]; required when the sheet has
        ``fte_month_rate``.
    include_setup : bool
        Add the one-off set-up fee.
    month : str, optional
        ``YYYY-MM``: invoice only the contacts that start in this calendar month. Without
        it every record is treated as one month.
    timezone : str, optional
        IANA zone in which ``month`` is read for time-zone-aware start times; by default each
        aware time is read in its own zone and naive times as they are.
    batch_rows : int
        Rows read per batch from files [rows].

    Returns
    -------
    Invoice
        Lines, total and a breakdown of voice seconds and contacts. How each line is computed
        is described in the module docstring.

    Raises
    ------
    CallRecordError
        Malformed records: names the column, the first offending row and the file.
    UnpricedChannelError
        A contact in a channel the sheet does not price (unless ``unpriced_contacts_free``
        or the sheet is staffing-based: see ``PriceSheet.covers_unpriced_contacts``).
    MissingStaffingInputError
        The sheet has a staffing rate and its input was not given.

    Examples
    --------
    >>> import pandas as pd
    >>> from decimal import Context, Decimal, localcontext
    >>> sheet = PriceSheet(currency="USD", billing_increment="30/6",
    ...                    voice_rate_per_minute=Decimal("0.60"))
    >>> calls = pd.DataFrame({"channel": ["phone", "phone"],
    ...     "started_at": pd.to_datetime(["2027-01-04 10:00", "2027-01-04 10:05"]),
    ...     "talk_seconds": [20, 61], "hold_seconds": [0, 0], "acw_seconds": [0, 0],
    ...     "wait_seconds": [15, 40]})
    >>> invoice(sheet, calls).total  # 30 s + 66 s = 96 s = 1.6 min x 0.60
    Decimal('0.96')
    """
    return replay_invoices(
        {"": sheet},
        calls,
        agent_hours=agent_hours,
        ftes=ftes,
        include_setup=include_setup,
        month=month,
        timezone=timezone,
        batch_rows=batch_rows,
    )[""]
