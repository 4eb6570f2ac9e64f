"""Replay one month of call records against every vendor's price sheet, side by side.

The records are read once (a file or folder is streamed once, whatever the number of
vendors) and every sheet prices the same contacts, so the differences in the result come
from the sheets alone: the billing increment, billed customer wait, per-contact prices,
tiers, premiums, fees and minimums.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal

from vendoreval._lazy import pd
from vendoreval.errors import ArgumentError
from vendoreval.pricing.invoice import LINE_CATEGORIES, Invoice, Number, replay_invoices
from vendoreval.pricing.records import CallRecords
from vendoreval.pricing.sheet import PriceSheet

__all__ = ["compare_invoices", "comparison_frame"]


def _share(part: Decimal, total: Decimal) -> float:
    return float(part / total) if total else math.nan


def comparison_frame(invoices: Mapping[str, Invoice]) -> pd.DataFrame:
    """One row per vendor from already computed invoices, cheapest first.

    Parameters
    ----------
    invoices : mapping of str to Invoice
        Each vendor's invoice of the same month, all in one currency.

    Returns
    -------
    pandas.DataFrame
        See :func:`compare_invoices`.
    """
    currencies = {inv.currency for inv in invoices.values()}
    if len(currencies) > 1:
        listed = ", ".join(f"{vendor}: {inv.currency}" for vendor, inv in invoices.items())
        raise ArgumentError(
            "cannot compare invoices in different currencies "
            f"({listed}); convert the price sheets to one currency first"
        )
    rows = []
    for vendor, inv in invoices.items():
        amounts = inv.amounts_by_category()
        handled = sum(inv.handled_contacts.values())
        row: dict[str, object] = {"vendor": vendor, "currency": inv.currency, "total": inv.total}
        row.update(amounts)
        row.update({f"share_{c}": _share(amounts[c], inv.total) for c in LINE_CATEGORIES})
        row.update(
            {
                "contacts": sum(inv.contacts.values()),
                "handled_contacts": handled,
                "cost_per_handled_contact": (float(inv.total / handled) if handled else math.nan),
                "voice_actual_seconds": inv.voice_actual_seconds,
                "voice_billed_seconds": inv.voice_billed_seconds,
                "voice_overhead": inv.voice_overhead,
                "rounding_cost": inv.rounding_cost,
                "billed_wait_seconds": inv.billed_wait_seconds,
                "wait_cost": inv.wait_cost,
            }
        )
        rows.append(row)
    rows.sort(key=lambda r: (r["total"], str(r["vendor"])))
    frame = pd.DataFrame(rows).set_index("vendor")
    money = ["total", *LINE_CATEGORIES, "rounding_cost", "wait_cost"]
    frame[money] = frame[money].astype(object)
    return frame


def compare_invoices(
    sheets: Mapping[str, PriceSheet],
    calls: CallRecords,
    *,
    agent_hours: Number | Mapping[str, Number] | None = None,
    ftes: Number | Mapping[str, Number] | None = None,
    include_setup: bool = False,
    month: str | None = None,
    timezone: str | None = None,
    batch_rows: int = 1_000_000,
) -> pd.DataFrame:
    """The same month of contacts invoiced by every vendor, cheapest first.

    Parameters
    ----------
    sheets : mapping of str to PriceSheet
        Vendor name → price sheet; all in one currency.
    calls : pandas.DataFrame, str, pathlib.Path, pyarrow.Table, DuckDB relation or Ibis table
        Call records, a ``.parquet``/``.csv`` file or folder of them (read once), or a table
        in an engine, summed there once for every sheet (see :func:`invoice`).
    agent_hours : number or mapping of str to number, optional
        Productive agent hours of the month [h], one value for all vendors or per vendor;
        needed by sheets with ``agent_hour_rate``.
    ftes : number or mapping of str to number, optional
        Full-time-equivalent agents [FTE], for sheets with ``fte_month_rate``.
    include_setup : bool
        Add each vendor's one-off set-up fee.
    month : str, optional
        ``YYYY-MM``: only contacts starting in this month.
    timezone : str, optional
        Zone in which ``month`` is read for aware start times.
    batch_rows : int
        Rows per batch when streaming files [rows].

    Returns
    -------
    pandas.DataFrame
        Index ``vendor``, sorted by ``total`` (then name), with columns

        * ``currency``; ``total`` [currency, Decimal];
        * one amount column per line category — ``voice_minutes``, ``per_contact``,
          ``tiers``, ``premiums``, ``fixed``, ``setup``, ``staffing``,
          ``minimum_true_up`` [currency, Decimal] — and ``share_<category>``, its fraction of
          the total;
        * ``contacts``, ``handled_contacts`` [contacts] and ``cost_per_handled_contact``
          [currency/contact, float];
        * ``voice_actual_seconds``, ``voice_billed_seconds`` [s] and ``voice_overhead``
          (billed ÷ actual);
        * ``rounding_cost``: the voice charge for billed seconds above actual seconds, at the
          vendor's average realised voice rate [currency, Decimal];
        * ``billed_wait_seconds`` [s] and ``wait_cost``: the voice charge for the
          customer's billed queue time at that rate [currency, Decimal].

    Raises
    ------
    ValueError
        The sheets are in different currencies, or ``sheets`` is empty.
    CallRecordError, UnpricedChannelError, MissingStaffingInputError
        As :func:`~vendoreval.pricing.invoice`; the message names the vendor.
    """
    currencies = {sheet.currency for sheet in sheets.values()}
    if len(currencies) > 1:
        listed = ", ".join(f"{vendor}: {sheet.currency}" for vendor, sheet in sheets.items())
        raise ArgumentError(
            f"cannot compare price sheets in different currencies ({listed}); convert them "
            "to one currency first"
        )
    invoices = replay_invoices(
        sheets,
        calls,
        agent_hours=agent_hours,
        ftes=ftes,
        include_setup=include_setup,
        month=month,
        timezone=timezone,
        batch_rows=batch_rows,
    )
    return comparison_frame(invoices)
