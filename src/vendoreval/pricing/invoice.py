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

This module is the entry (:func:`invoice`, :func:`replay_invoices`); the pieces are
:mod:`~vendoreval.pricing.invoice_result` (:class:`Invoice`),
:mod:`~vendoreval.pricing.invoice_totals` (a sheet's plan and a month's exact totals),
:mod:`~vendoreval.pricing.invoice_kernel` (the per-contact sums, chunk by chunk),
:mod:`~vendoreval.pricing.invoice_lines` (lines and money) and
:mod:`~vendoreval.pricing.invoice_engine` (records summed in DuckDB or Ibis).

References
----------
ITU-T Recommendation D.140 for ``a/b`` billing increments; ISO 4217 for minor units.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval.calendar import month_bounds
from vendoreval.errors import ArgumentError, MissingStaffingInputError, UnpricedChannelError
from vendoreval.pricing.invoice_engine import _engine_replay
from vendoreval.pricing.invoice_kernel import Classes, _classes, _SheetVisitor, _Visitors
from vendoreval.pricing.invoice_lines import _Pricer
from vendoreval.pricing.invoice_result import LINE_CATEGORIES, Invoice, InvoiceLine
from vendoreval.pricing.invoice_totals import _HANDLING, _Accumulator, _Partial, _Plan
from vendoreval.pricing.record_schema import check_timezone
from vendoreval.pricing.records import DURATION_COLUMNS, CallBatch, CallRecords, map_call_batches
from vendoreval.pricing.sheet import BillableComponent, PriceSheet
from vendoreval.pricing.warehouse import is_engine_table

__all__ = ["LINE_CATEGORIES", "Invoice", "InvoiceLine", "invoice", "replay_invoices"]

_EPOCH: Final = dt.date(1970, 1, 1)
_SECONDS_PER_DAY: Final = 86_400

Number = int | float | Decimal


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


def _in_month(batch: CallBatch, bounds: tuple[int, int] | None, timezone: str | None) -> CallBatch:
    """The contacts of ``batch`` that start within ``bounds`` (all of them without bounds)."""
    if bounds is None:
        return batch

    def in_month(
        minutes: npt.NDArray[np.int64], low: int = bounds[0] // 60, high: int = bounds[1] // 60
    ) -> npt.NDArray[np.bool_]:
        return (minutes >= low) & (minutes < high)

    inside = batch.by_local_minute(timezone, in_month)
    return batch if inside.all() else batch.take(inside)


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
    check_timezone(timezone)
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

    def scanned(batch: CallBatch) -> tuple[CallBatch, dict[str, Classes], list[_Visitors]]:
        # Runs on a file's reader threads, one batch each: only the batch is written to.
        batch = _in_month(batch, bounds, timezone)
        classes = {vendor: _classes(t.plan, batch) for vendor, t in totals.items()}

        def visitors() -> _Visitors:
            return _Visitors([_SheetVisitor(t.plan, batch, classes[v]) for v, t in totals.items()])

        return batch, classes, batch.scan(visitors)

    batches = map_call_batches(
        calls,
        scanned,
        batch_rows=batch_rows,
        language=any(plan.needs_language for plan in plans),
        columns=_columns_read(plans, month is not None),
    )
    for batch, classes, workers in batches:
        for index, (vendor, accumulator) in enumerate(totals.items()):
            parts = [worker.visitors[index].part for worker in workers]
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
        vendor: _Pricer(accumulator, *staffing[vendor]).invoice(
            include_setup=include_setup, month=month
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
