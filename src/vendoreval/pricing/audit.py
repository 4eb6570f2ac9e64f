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

This module is the entry (:func:`audit_invoice`); the pieces are
:mod:`~vendoreval.pricing.audit_report` (:class:`InvoiceAudit`),
:mod:`~vendoreval.pricing.audit_inputs` (the billing detail and the records read and
replayed per contact), :mod:`~vendoreval.pricing.audit_matching` (the join and the reasons)
and :mod:`~vendoreval.pricing.audit_premiums` (the premium check).

References
----------
ITU-T Recommendation D.140 for ``a/b`` billing increments; ISO 4217 for minor units.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vendoreval._lazy import pd
from vendoreval.pricing.audit_inputs import _read_billed, _read_records
from vendoreval.pricing.audit_matching import (
    _NO_REASON,
    COMMON_INCREMENTS,
    _billed,
    _by_reason,
    _classify,
    _join,
    _own_increment,
    _voice_rate,
)
from vendoreval.pricing.audit_premiums import _premium_plan
from vendoreval.pricing.audit_report import AMOUNT_COLUMN as AMOUNT_COLUMN
from vendoreval.pricing.audit_report import AUDIT_REASONS, ID_COLUMN, InvoiceAudit, _as_decimal
from vendoreval.pricing.audit_report import SECONDS_COLUMN as SECONDS_COLUMN
from vendoreval.pricing.record_schema import check_timezone
from vendoreval.pricing.sheet import PriceSheet, Rounding

__all__ = ["AUDIT_REASONS", "COMMON_INCREMENTS", "InvoiceAudit", "audit_invoice"]


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
    check_timezone(timezone)
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
