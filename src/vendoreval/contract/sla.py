"""Service-level reports: a month's KPIs measured from contact records, and the credit due.

For each commitment of a :class:`ServiceCredits` the report measures, over the contacts of
its channel that started in the month (local time):

=========================  ====================================================================
``service_level``          answered with wait ≤ ``threshold_seconds`` ÷ offered
``asa_seconds``            mean wait of the answered contacts [s]
``abandonment``            not answered ÷ offered
``response_within_hours``  responded with ``responded_at − started_at`` ≤ ``threshold_hours`` ÷
                           offered (a contact without ``responded_at`` was not responded to)
``fcr``                    contacts not followed by another contact of the same customer (any
                           channel, in or after the month) within (t, t + repeat window] ÷
                           such contacts, leaving out those without ``customer_id`` and those
                           whose window runs past the last ``started_at`` in the data
``csat``                   scores 4 or 5 ÷ contacts surveyed (top-2-box)
``qa_score``               mean QA score of the contacts evaluated
=========================  ====================================================================

Offered is every contact of the channel in the month. A KPI with no contacts to measure
(no offered, answered, surveyed or eligible contact) is NaN in :attr:`SlaReport.achieved`;
nothing was missed, so it counts as met and :meth:`SlaReport.credit` uses its target.

**Memory.** Records stream in batches (see :mod:`vendoreval.contract.records`); the report
keeps integer counts per channel and half hour (5 × 1,488 cells for a 31-day month) plus, for
first-contact resolution, 26 bytes per contact with a customer that started in the month or
within the repeat window after it (128-bit customer hash, start, channel, in-month flag),
and, when ``contact_id`` is present, 24 bytes per identified contact of the month (128-bit
hash and its row) to find repeated identifiers. Identifiers are compared by two keyed
64-bit SipHash values (:func:`pandas.util.hash_array`); two distinct identifiers share both
with probability about 2⁻¹²⁸ per pair.

References
----------
N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: tutorial, review, and research
prospects", *Manufacturing & Service Operations Management* 5(2), 79–141 (2003), §2 —
service level (telephone service factor), average speed of answer and abandonment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from vendoreval.contract.commitments import CommitmentKpi, ServiceCredits
from vendoreval.contract.credits import FeesLike, service_credit
from vendoreval.contract.fcr import repeated_within
from vendoreval.contract.records import CHANNELS, ContactBatch, RecordSource, iter_contact_batches
from vendoreval.errors import ContractError

__all__ = ["INTERVAL_MINUTES", "SlaReport", "sla_report"]

INTERVAL_MINUTES: Final = 30
"""Length of the intervals of :attr:`SlaReport.intervals` [min]."""

_NS: Final = 10**9
_SLOT_NS: Final = INTERVAL_MINUTES * 60 * _NS
_DAY_NS: Final = 86_400 * _NS
_HASH_KEYS: Final = ("vendoreval:ids:1", "vendoreval:ids:2")
_MONTH: Final = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_COLUMN_OF: Final = {
    CommitmentKpi.RESPONSE_WITHIN_HOURS: "responded_at",
    CommitmentKpi.FCR: "customer_id",
    CommitmentKpi.CSAT: "csat",
    CommitmentKpi.QA_SCORE: "qa_score",
}


@dataclass(frozen=True, eq=False)
class SlaReport:
    """A month's KPIs measured against a vendor's commitments.

    Attributes
    ----------
    month : str
        The month, ``"YYYY-MM"`` (local time).
    terms : ServiceCredits
        The commitments measured.
    achieved : pandas.Series
        Commitment key → measured value (a share 0–1, or seconds for ``asa_seconds``); NaN
        when there was nothing to measure.
    met : pandas.Series
        Commitment key → whether the commitment was met (True when nothing was measured).
    contacts : pandas.Series
        Commitment key → contacts the value is measured on [contacts]: offered (service
        level, abandonment, response), answered (ASA), eligible (FCR), surveyed (CSAT) or
        evaluated (QA).
    intervals : pandas.DataFrame
        Half-hour detail, indexed by ``channel`` and local ``interval_start``, one row per
        interval with contacts: ``offered``, ``answered``, ``answered_within`` (Int64, NA
        for a channel without a ``service_level`` commitment), ``service_level``,
        ``asa_seconds`` [s] and ``abandonment``.
    timezone : str or None
        Zone the local times are in (None: each time's own zone, or naive local times).
    repeat_window_days : float
        FCR repeat window [days].
    """

    month: str
    terms: ServiceCredits
    achieved: pd.Series[float]
    met: pd.Series[bool]
    contacts: pd.Series[int]
    intervals: pd.DataFrame = field(repr=False)
    timezone: str | None = None
    repeat_window_days: float = 7.0

    def credit(self, fees: FeesLike, currency: str | None = None) -> Decimal:
        """The service credit due for the month, from :func:`service_credit`.

        A KPI with nothing to measure (NaN) enters at its target: met, attainment 1.

        Parameters
        ----------
        fees : Decimal, int or str
            The month's fees [currency units].
        currency : str, optional
            ISO 4217 code the credit is rounded to (half-up, minor unit); None is KRW, the
            default of :func:`service_credit`.

        Returns
        -------
        Decimal
            The credit [currency units]; < 0 is a bonus (grade method).
        """
        achieved = {
            c.key: c.target if np.isnan(self.achieved[c.key]) else float(self.achieved[c.key])
            for c in self.terms.commitments
        }
        return service_credit(self.terms, fees, achieved, "KRW" if currency is None else currency)

    def to_frame(self) -> pd.DataFrame:
        """One row per commitment: its terms, what was achieved and whether it was met."""
        rows = [
            {
                "channel": c.channel.value,
                "kpi": c.kpi.value,
                "target": c.target,
                "threshold_seconds": c.threshold_seconds,
                "threshold_hours": c.threshold_hours,
                "weight": c.weight,
                "achieved": float(self.achieved[c.key]),
                "met": bool(self.met[c.key]),
                "contacts": int(self.contacts[c.key]),
            }
            for c in self.terms.commitments
        ]
        frame = pd.DataFrame(rows, index=pd.Index(self.terms.keys, name="commitment"))
        return frame.astype({"threshold_seconds": float, "threshold_hours": float})


def _month_bounds(month: object) -> tuple[int, int]:
    if not isinstance(month, str) or not _MONTH.match(month):
        raise ContractError(f"month must be 'YYYY-MM' (e.g. '2027-01'), got {month!r}")
    start = pd.Timestamp(f"{month}-01")
    end = start + pd.offsets.MonthBegin(1)
    return int(start.as_unit("ns").value), int(end.as_unit("ns").value)


def _hashes(values: npt.NDArray[np.object_]) -> npt.NDArray[np.uint64]:
    words = [pd.util.hash_array(values, hash_key=key, categorize=False) for key in _HASH_KEYS]
    return np.column_stack(words).astype(np.uint64)


class _Tally:
    """Counts accumulated batch by batch, and the few arrays FCR and duplicates need."""

    def __init__(self, terms: ServiceCredits, month: str, window_ns: int) -> None:
        self.terms = terms
        self.start, self.end = _month_bounds(month)
        self.slots = (self.end - self.start) // _SLOT_NS
        self.window_ns = window_ns
        n = len(CHANNELS)
        size = n * self.slots
        self.offered = np.zeros(size, dtype=np.int64)
        self.answered = np.zeros(size, dtype=np.int64)
        self.within = np.zeros(size, dtype=np.int64)
        self.wait = np.zeros(size, dtype=np.float64)
        self.responded = np.zeros(n, dtype=np.int64)
        self.csat_n = np.zeros(n, dtype=np.int64)
        self.csat_top = np.zeros(n, dtype=np.int64)
        self.qa_n = np.zeros(n, dtype=np.int64)
        self.qa_sum = np.zeros(n, dtype=np.float64)
        self.threshold_s = np.full(n, np.nan)
        self.response_ns = np.full(n, np.nan)
        self.fcr = False
        for c in terms.commitments:
            code = CHANNELS.index(c.channel)
            if c.kpi is CommitmentKpi.SERVICE_LEVEL:
                assert c.threshold_seconds is not None
                self.threshold_s[code] = c.threshold_seconds
            elif c.kpi is CommitmentKpi.RESPONSE_WITHIN_HOURS:
                assert c.threshold_hours is not None
                self.response_ns[code] = c.threshold_hours * 3600 * _NS
            elif c.kpi is CommitmentKpi.FCR:
                self.fcr = True
        self.aware: bool | None = None
        self.last_clock: int | None = None
        self.sources: list[RecordSource] = []
        self.ids: list[tuple[npt.NDArray[np.uint64], int, npt.NDArray[np.int64]]] = []
        self.customers: list[
            tuple[
                npt.NDArray[np.uint64],
                npt.NDArray[np.int64],
                npt.NDArray[np.int8],
                npt.NDArray[np.bool_],
            ]
        ] = []

    def _source(self, source: RecordSource) -> int:
        for i, known in enumerate(self.sources):
            if known is source:
                return i
        self.sources.append(source)
        return len(self.sources) - 1

    def add(self, batch: ContactBatch) -> None:
        if not len(batch):
            return
        if self.aware is None:
            self.aware = batch.aware
        elif self.aware != batch.aware:
            here, before = ("carry", "do not") if batch.aware else ("do not carry", "do")
            raise batch.fail(
                "started_at",
                0,
                f"start times here {here} a time zone but earlier records' {before}; give all "
                "records the same kind of time stamp",
            )
        top = int(batch.clock_ns.max())
        self.last_clock = top if self.last_clock is None else max(self.last_clock, top)
        local = batch.local_ns
        in_month = (local >= self.start) & (local < self.end)
        rows = np.flatnonzero(in_month)
        if rows.size:
            self._count(batch, rows)
        if self.fcr and batch.customer_id is not None:
            # Two days' margin either side covers any difference between local and clock time.
            keep = (
                (local >= self.start - 2 * _DAY_NS)
                & (local < self.end + self.window_ns + 2 * _DAY_NS)
                & pd.notna(batch.customer_id)
            )
            self.customers.append(
                (
                    _hashes(batch.customer_id[keep]),
                    batch.clock_ns[keep],
                    batch.channel[keep],
                    in_month[keep],
                )
            )

    def _count(self, batch: ContactBatch, rows: npt.NDArray[np.intp]) -> None:
        n = len(CHANNELS)
        size = n * self.slots
        channel = batch.channel[rows].astype(np.int64)
        slot = (batch.local_ns[rows] - self.start) // _SLOT_NS
        flat = channel * self.slots + slot
        answered = batch.answered[rows]
        wait = batch.wait_seconds[rows]
        self.offered += np.bincount(flat, minlength=size)
        self.answered += np.bincount(flat[answered], minlength=size)
        self.wait += np.bincount(
            flat[answered], weights=wait[answered].astype(np.float64), minlength=size
        )
        with np.errstate(invalid="ignore"):
            within = answered & (wait <= self.threshold_s[channel])
        self.within += np.bincount(flat[within], minlength=size)
        if batch.responded is not None and batch.responded_ns is not None:
            given = batch.responded[rows]
            picked = rows[given]
            took = batch.responded_ns[picked] - batch.clock_ns[picked]
            ok = took <= self.response_ns[channel[given]]
            self.responded += np.bincount(channel[given][ok], minlength=n)
        if batch.csat is not None:
            score = batch.csat[rows]
            surveyed = ~np.isnan(score)
            self.csat_n += np.bincount(channel[surveyed], minlength=n)
            self.csat_top += np.bincount(channel[surveyed & (score >= 4)], minlength=n)
        if batch.qa_score is not None:
            score = batch.qa_score[rows]
            scored = ~np.isnan(score)
            self.qa_n += np.bincount(channel[scored], minlength=n)
            self.qa_sum += np.bincount(channel[scored], weights=score[scored], minlength=n)
        if batch.contact_id is not None:
            ids = batch.contact_id[rows]
            given = pd.notna(ids)
            self.ids.append(
                (
                    _hashes(ids[given]),
                    self._source(batch.source),
                    (rows[given] + batch.first_row).astype(np.int64),
                )
            )

    def check_ids(self) -> None:
        """Raise at the first repeat of a contact_id among the month's contacts."""
        if not self.ids:
            return
        hashes = np.concatenate([h for h, _, _ in self.ids])
        sources = np.concatenate([np.full(len(r), s, dtype=np.int64) for _, s, r in self.ids])
        rows = np.concatenate([r for _, _, r in self.ids])
        if hashes.shape[0] < 2:
            return
        # Sort on the first word only; the few elements sharing it are then compared in full.
        by_first = np.sort(hashes[:, 0])
        shared = by_first[1:][by_first[1:] == by_first[:-1]]
        if not shared.size:
            return
        suspects = np.flatnonzero(np.isin(hashes[:, 0], shared))
        order = suspects[
            np.lexsort(
                (rows[suspects], sources[suspects], hashes[suspects, 1], hashes[suspects, 0])
            )
        ]
        ordered = hashes[order]
        repeat = np.all(ordered[1:] == ordered[:-1], axis=1)
        if not repeat.any():
            return
        # The earliest repeat in reading order, and the first occurrence it repeats.
        candidates = order[1:][repeat]
        where = candidates[np.lexsort((rows[candidates], sources[candidates]))[0]]
        same = np.flatnonzero(np.all(hashes == hashes[where], axis=1))
        first = same[np.lexsort((rows[same], sources[same]))[0]]
        source = self.sources[int(sources[where])]
        original = self.sources[int(sources[first])]
        value = source.value_at(int(rows[where]), "contact_id")
        place = original.place(int(rows[first])).split(" (")[0]
        if original is not source:
            place += f" of {original.name!r}" if original.name else ""
        raise source.fail(
            "contact_id",
            int(rows[where]),
            f"contact_id {value!r} repeats {place}; each contact appears once",
        )

    def fcr_counts(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(eligible, resolved) contacts per channel."""
        n = len(CHANNELS)
        eligible = np.zeros(n, dtype=np.int64)
        resolved = np.zeros(n, dtype=np.int64)
        if not self.customers or self.last_clock is None:
            return eligible, resolved
        customer = np.concatenate([c for c, _, _, _ in self.customers])
        clock = np.concatenate([t for _, t, _, _ in self.customers])
        channel = np.concatenate([ch for _, _, ch, _ in self.customers]).astype(np.int64)
        in_month = np.concatenate([m for _, _, _, m in self.customers])
        repeated = repeated_within(customer, clock, self.window_ns)
        counted = in_month & (clock + self.window_ns <= self.last_clock)
        eligible += np.bincount(channel[counted], minlength=n)
        resolved += np.bincount(channel[counted & ~repeated], minlength=n)
        return eligible, resolved


def _ratio(numerator: float, denominator: int) -> float:
    return float(numerator) / denominator if denominator else float("nan")


def _intervals(tally: _Tally) -> pd.DataFrame:
    n = len(CHANNELS)
    offered = tally.offered.reshape(n, tally.slots)
    channel, slot = np.nonzero(offered)
    flat = channel * tally.slots + slot
    starts = pd.DatetimeIndex(
        (tally.start + slot.astype(np.int64) * _SLOT_NS).astype("datetime64[ns]")
    )
    index = pd.MultiIndex.from_arrays(
        [pd.Index([CHANNELS[c].value for c in channel], dtype=object), starts],
        names=["channel", "interval_start"],
    )
    off = tally.offered[flat]
    ans = tally.answered[flat]
    has_target = ~np.isnan(tally.threshold_s[channel])
    within = pd.array(np.where(has_target, tally.within[flat], 0), dtype="Int64")
    within[~has_target] = pd.NA
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = pd.DataFrame(
            {
                "offered": off,
                "answered": ans,
                "answered_within": within,
                "service_level": np.where(has_target, tally.within[flat] / off, np.nan),
                "asa_seconds": np.where(ans > 0, tally.wait[flat] / np.maximum(ans, 1), np.nan),
                "abandonment": (off - ans) / off,
            },
            index=index,
        )
    return frame


def _achieved(tally: _Tally) -> tuple[dict[str, float], dict[str, int]]:
    n = len(CHANNELS)
    offered = tally.offered.reshape(n, tally.slots).sum(axis=1)
    answered = tally.answered.reshape(n, tally.slots).sum(axis=1)
    within = tally.within.reshape(n, tally.slots).sum(axis=1)
    wait = tally.wait.reshape(n, tally.slots).sum(axis=1)
    eligible, resolved = tally.fcr_counts() if tally.fcr else (None, None)
    values: dict[str, float] = {}
    counts: dict[str, int] = {}
    for c in tally.terms.commitments:
        i = CHANNELS.index(c.channel)
        kpi = c.kpi
        if kpi is CommitmentKpi.SERVICE_LEVEL:
            num, den = float(within[i]), int(offered[i])
        elif kpi is CommitmentKpi.ASA_SECONDS:
            num, den = float(wait[i]), int(answered[i])
        elif kpi is CommitmentKpi.ABANDONMENT:
            num, den = float(offered[i] - answered[i]), int(offered[i])
        elif kpi is CommitmentKpi.RESPONSE_WITHIN_HOURS:
            num, den = float(tally.responded[i]), int(offered[i])
        elif kpi is CommitmentKpi.FCR:
            assert eligible is not None
            assert resolved is not None
            num, den = float(resolved[i]), int(eligible[i])
        elif kpi is CommitmentKpi.CSAT:
            num, den = float(tally.csat_top[i]), int(tally.csat_n[i])
        else:
            num, den = float(tally.qa_sum[i]), int(tally.qa_n[i])
        values[c.key] = _ratio(num, den)
        counts[c.key] = den
    return values, counts


def sla_report(
    terms: ServiceCredits,
    calls: pd.DataFrame | str | Path,
    month: str,
    timezone: str | None = None,
    repeat_window_days: float = 7,
    *,
    batch_rows: int = 1_000_000,
) -> SlaReport:
    """Measure a month's KPIs from contact records against a vendor's commitments.

    Parameters
    ----------
    terms : ServiceCredits
        The commitments to measure.
    calls : pandas.DataFrame, str or pathlib.Path
        Contact records (see :mod:`vendoreval.contract.records`), or a ``.parquet``/``.csv``
        file or a folder of them, streamed in batches.
    month : str
        ``"YYYY-MM"``: contacts that started in this month, local time, are measured.
    timezone : str, optional
        IANA zone (``"Asia/Seoul"``) to read time-zone-aware start times in; naive times are
        already local. None keeps each aware time's own zone.
    repeat_window_days : float
        FCR repeat window > 0 [days].
    batch_rows : int
        Most records read at a time [rows]; bounds memory.

    Returns
    -------
    SlaReport
        Achieved values, met flags, contact counts and half-hour detail.

    Raises
    ------
    CallRecordError
        A missing column (including one a commitment needs, e.g. ``customer_id`` for FCR) or
        a bad record: an unknown channel, a negative or missing duration, a repeated
        ``contact_id``, a CSAT outside 1–5, a non-boolean ``answered``… naming the file, the
        column and the 1-based row.
    ContractError
        A malformed month or repeat window.
    """
    if not isinstance(terms, ServiceCredits):
        raise TypeError(f"terms must be ServiceCredits, got {type(terms).__name__}")
    if isinstance(repeat_window_days, bool) or not isinstance(repeat_window_days, int | float):
        raise ContractError(
            f"repeat_window_days must be a number of days, got {repeat_window_days!r}"
        )
    if not (np.isfinite(repeat_window_days) and repeat_window_days > 0):
        raise ContractError(f"repeat_window_days must be > 0, got {repeat_window_days!r}")
    if timezone is not None:
        _check_timezone(timezone)
    tally = _Tally(terms, month, round(repeat_window_days * _DAY_NS))
    required = {
        _COLUMN_OF[c.kpi]: f"by commitment {c.key!r}"
        for c in terms.commitments
        if c.kpi in _COLUMN_OF
    }
    skip = frozenset() if tally.fcr else frozenset({"customer_id"})
    for batch in iter_contact_batches(
        calls, required=required, skip=skip, timezone=timezone, batch_rows=batch_rows
    ):
        tally.add(batch)
    tally.check_ids()
    values, counts = _achieved(tally)
    keys = pd.Index(terms.keys, name="commitment")
    achieved = pd.Series([values[k] for k in keys], index=keys, name="achieved", dtype=float)
    met = pd.Series(
        [bool(np.isnan(values[c.key])) or not c.missed(values[c.key]) for c in terms.commitments],
        index=keys,
        name="met",
        dtype=bool,
    )
    contacts = pd.Series([counts[k] for k in keys], index=keys, name="contacts", dtype=np.int64)
    return SlaReport(
        month=month,
        terms=terms,
        achieved=achieved,
        met=met,
        contacts=contacts,
        intervals=_intervals(tally),
        timezone=timezone,
        repeat_window_days=float(repeat_window_days),
    )


def _check_timezone(name: str) -> None:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ContractError(
            f"unknown time zone {name!r}: expected an IANA name such as 'Asia/Seoul'"
        ) from None
