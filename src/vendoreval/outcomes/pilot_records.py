"""Pilot contact records: the columns, their checks, and the arrays the comparison uses.

One row per contact, from each pilot vendor and from the buyer's own team:

=====================  ====================================================================
``vendor``             who handled the contact (text; the in-house team is one "vendor")
``customer_id``        the customer (any identifier; required: FCR follows customers)
``started_at``         when the contact started: datetime64 or ISO 8601 text; a time without
                       a zone is UTC; never after the present moment
``channel``            ``phone``, ``email``, ``chat``, ``social`` or ``messaging``
``csat``               optional: survey score, an integer 1–5 (blank when not surveyed)
``qa_score``           optional: quality-assurance score 0–1 (blank when not evaluated)
``handle_seconds``     optional: handle time [s], ≥ 0
``resolved``           optional: True/False as the agent marked it
``converted``          optional, outbound: True/False, the contact converted
``do_not_call``        optional, outbound: True/False, the number was on a do-not-call list
=====================  ====================================================================

Other columns are ignored. Blank optional values are missing and left out of their KPI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.outcomes._columns import Table
from vendoreval.vocabulary import Channel

__all__ = ["OPTIONAL_PILOT_COLUMNS", "PILOT_COLUMNS", "PilotRecords", "read_pilot_records"]

PILOT_COLUMNS: Final[tuple[str, ...]] = ("vendor", "customer_id", "started_at", "channel")
"""Columns every pilot record must have."""

OPTIONAL_PILOT_COLUMNS: Final[tuple[str, ...]] = (
    "csat",
    "qa_score",
    "handle_seconds",
    "resolved",
    "converted",
    "do_not_call",
)
"""Columns a pilot record may have; each adds its KPI (``do_not_call`` adds a count)."""

_CHANNELS: Final = [c.value for c in Channel]


@dataclass(frozen=True, eq=False)
class PilotRecords:
    """Validated pilot contacts as arrays (one element per contact).

    Attributes
    ----------
    vendor : numpy.ndarray of object
        Vendor name of each contact.
    customer : numpy.ndarray of int64
        Customer code (equal codes are the same customer).
    started_ns : numpy.ndarray of int64
        Start [ns since the epoch, UTC].
    numbers : dict of str to numpy.ndarray of float64
        ``csat``, ``qa_score``, ``handle_seconds`` where present (NaN where blank).
    flags : dict of str to (values, present)
        ``resolved``, ``converted``, ``do_not_call`` where present.
    """

    vendor: npt.NDArray[np.object_]
    customer: npt.NDArray[np.int64]
    started_ns: npt.NDArray[np.int64]
    numbers: dict[str, npt.NDArray[np.float64]]
    flags: dict[str, tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]]


def read_pilot_records(records: pd.DataFrame, *, now: pd.Timestamp | None = None) -> PilotRecords:
    """Check pilot records and return them as arrays.

    Parameters
    ----------
    records : pandas.DataFrame
        One row per contact (columns in the module docstring).
    now : pandas.Timestamp, optional
        The present moment (default: the clock, UTC); a later ``started_at`` is an error.

    Returns
    -------
    PilotRecords

    Raises
    ------
    OutcomeRecordError
        Naming the column, the 1-based row and what was expected: a missing column, a blank
        vendor or customer id, a bad or future ``started_at``, an unknown channel, a ``csat``
        that is not an integer 1–5, a ``qa_score`` outside 0–1, a negative handle time, or a
        True/False column holding something else.
    """
    table = Table(records, "pilot records")
    vendor = table.vendors(PILOT_COLUMNS, "contact")
    customer = table.identifiers("customer_id")
    started = table.timestamps("started_at")
    present = (pd.Timestamp.now(tz="UTC") if now is None else _utc(now)).as_unit("ns").value
    table.first(
        "started_at",
        started > present,
        f"expected a time not after now ({pd.Timestamp(present, tz='UTC').isoformat()})",
    )
    channel = table.frame["channel"]
    known = channel.isin(_CHANNELS).to_numpy(dtype=bool)
    table.first("channel", ~known, f"expected one of {', '.join(c.value for c in Channel)}")

    numbers: dict[str, npt.NDArray[np.float64]] = {}
    if "csat" in records.columns:
        expected = "expected a CSAT score, an integer 1 to 5 (or blank)"
        csat = table.numbers("csat", expected)
        bad = ~np.isnan(csat) & ((csat < 1) | (csat > 5) | (csat != np.floor(csat)))
        table.first("csat", bad, expected)
        numbers["csat"] = csat
    if "qa_score" in records.columns:
        expected = "expected a QA score from 0 to 1 (or blank)"
        qa = table.numbers("qa_score", expected)
        table.first("qa_score", ~np.isnan(qa) & ((qa < 0) | (qa > 1)), expected)
        numbers["qa_score"] = qa
    if "handle_seconds" in records.columns:
        expected = "expected a handle time in seconds ≥ 0 (or blank)"
        handle = table.numbers("handle_seconds", expected)
        table.first("handle_seconds", handle < 0, expected)
        numbers["handle_seconds"] = handle
    flags = {
        column: table.booleans(column)
        for column in ("resolved", "converted", "do_not_call")
        if column in records.columns
    }
    return PilotRecords(vendor, customer, started, numbers, flags)


def _utc(moment: pd.Timestamp) -> pd.Timestamp:
    stamp = pd.Timestamp(moment)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
