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

**Memory and speed.** Records stream in batches, read, checked and counted on a few threads
(see :mod:`vendoreval.contract.records`); each batch is counted per channel, half hour and
state (not answered, answered later than the threshold, answered within it) with one
:func:`numpy.bincount`, so the report keeps integer counts and wait sums for 3 × 5 × 1,488
cells of a 31-day month. For first-contact resolution it keeps 26 bytes per contact with a
customer that started in the month or within the repeat window after it (128-bit customer
key, start, channel, in-month flag). When ``contact_id`` is present it keeps the month's
identified contacts to find a repeat (see :mod:`vendoreval.contract.identifiers`): whole
numbers as one bit each in a bitmap over their range while that range is dense (at most 64
values per id, or 2²⁷ values), else 8 bytes each; text as its 128-bit MurmurHash3 digest,
16 bytes each. Only when an identifier repeats are the records read again, to name the rows.

References
----------
N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: tutorial, review, and research
prospects", *Manufacturing & Service Operations Management* 5(2), 79–141 (2003), §2 —
service level (telephone service factor), average speed of answer and abandonment.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, NoReturn

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval._parallel import CHUNK_ROWS
from vendoreval.contract.commitments import CommitmentKpi, ServiceCredits
from vendoreval.contract.credits import FeesLike, service_credit
from vendoreval.contract.fcr import repeated_within
from vendoreval.contract.records import (
    CHANNELS,
    ContactBatch,
    RecordSource,
    iter_contact_batches,
    map_contact_batches,
)
from vendoreval.errors import ContractError
from vendoreval.pricing.record_schema import is_iana_zone

__all__ = ["INTERVAL_MINUTES", "SlaReport", "sla_report"]

INTERVAL_MINUTES: Final = 30
"""Length of the intervals of :attr:`SlaReport.intervals` [min]."""

_NS: Final = 10**9
_SLOT_NS: Final = INTERVAL_MINUTES * 60 * _NS
_DAY_NS: Final = 86_400 * _NS
_STATES: Final = 3
"""States a contact is counted in: not answered, answered later than the threshold, within."""
_DENSE_IDS: Final = 1 << 27
"""Values a bitmap of whole-number contact ids may span whatever their count (16 MiB)."""
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


class _SeenIds:
    """The month's contact ids so far, to tell whether any repeats.

    Whole-number ids are marked in a bitmap, one bit per value of their range, while that
    range stays within 64 values per id seen (or 2²⁷ values, 16 MiB): no sorting, and less
    memory than keeping the ids; sparser ids are kept (8 bytes each) and sorted at the end.
    Text ids keep their 128-bit digests (16 bytes each), sorted at the end. Batches may be
    added from several threads in any order: whether an id repeats does not depend on it.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.repeated = False
        self.count = 0
        self.low = 0
        self.bits: npt.NDArray[np.uint8] | None = None
        self.numbers: list[npt.NDArray[np.int64]] = []
        self.digests: list[npt.NDArray[np.uint64]] = []

    def add(self, numbers: npt.NDArray[np.int64], digests: npt.NDArray[np.uint64]) -> None:
        """Note a batch's ids (numbers, and text digests of shape (m, 2))."""
        low = high = 0
        if numbers.shape[0]:
            low, high = int(numbers.min()), int(numbers.max())
        with self.lock:
            if self.repeated:
                return  # the report will fail; the rest of the records are only checked
            if digests.shape[0]:
                self.digests.append(digests)
            if not numbers.shape[0]:
                return
            self.count += int(numbers.shape[0])
            if not self.numbers and self._mark(numbers, low, high):
                return
            self.numbers.append(numbers.copy())  # not a view pinning the batch's buffers

    def _mark(self, numbers: npt.NDArray[np.int64], low: int, high: int) -> bool:
        """Mark ``numbers`` (from ``low`` to ``high``) in the bitmap; False when their range
        is too sparse for one (the bitmap's ids are then kept as numbers instead)."""
        bits = self.bits
        first, last = low, high
        if bits is not None:
            first, last = min(low, self.low), max(high, self.low + 8 * bits.shape[0] - 1)
        most = max(64 * self.count, _DENSE_IDS)
        if last - first + 1 > most:
            if bits is not None:  # from now on keep the ids themselves
                marked = np.unpackbits(bits, bitorder="little").astype(bool)
                self.numbers.append(np.flatnonzero(marked).astype(np.int64) + self.low)
                self.bits = None
            return False
        if bits is None:
            bits = np.zeros(-(-(last - first + 1) // 8), dtype=np.uint8)
            self.bits, self.low = bits, first
        elif first < self.low or last >= self.low + 8 * bits.shape[0]:
            # Grow by up to half again on the side the ids went, so that a steady stream of
            # new ids copies the bitmap a logarithmic number of times.
            below = max(0, -(-(self.low - first) // 8))
            above = max(0, -(-(last + 1 - self.low) // 8) - bits.shape[0])
            slack = max(0, min(bits.shape[0] // 2, -(-most // 8) - bits.shape[0] - below - above))
            below, above = (below + slack, above) if below else (below, above + slack)
            grown = np.zeros(below + bits.shape[0] + above, dtype=np.uint8)
            grown[below : below + bits.shape[0]] = bits
            self.bits, self.low = grown, self.low - 8 * below
            bits = grown
        if high - low < 8 * numbers.shape[0]:
            # Dense ids: mark them in a bytes-wide scratch of their range, then OR its bits
            # into the bitmap. Fewer marks than ids: an id repeats within the batch.
            head, tail = (low - self.low) // 8, (high - self.low) // 8 + 1
            marks = np.zeros(8 * (tail - head), dtype=bool)
            marks[numbers - (self.low + 8 * head)] = True
            packed = np.packbits(marks, bitorder="little")
            region = bits[head:tail]
            if int(np.count_nonzero(marks)) != numbers.shape[0] or (region & packed).any():
                self.repeated = True
            region |= packed
            return True
        # Scattered ids: sorted, a repeat within the batch sits next to its twin; each byte
        # of the bitmap then takes the OR of its ids' bits.
        ordered = np.sort(numbers) - self.low
        if (ordered[1:] == ordered[:-1]).any():
            self.repeated = True
        where = ordered >> 3
        bit = np.left_shift(1, (ordered & 7).astype(np.uint8)).astype(np.uint8)
        if (bits[where] & bit).any():
            self.repeated = True  # an id of an earlier batch
        starts = np.flatnonzero(np.concatenate(([True], where[1:] != where[:-1])))
        bits[where[starts]] |= np.bitwise_or.reduceat(bit, starts)
        return True

    def any_repeated(self) -> bool:
        """Whether any id was seen twice."""
        if self.repeated:
            return True
        if self.numbers:
            ordered = np.sort(np.concatenate(self.numbers))
            if (ordered[1:] == ordered[:-1]).any():
                return True
        if self.digests:
            hashes = np.concatenate(self.digests)
            # Sort on the first word only; the few sharing it are then compared in full.
            first = np.sort(hashes[:, 0])
            shared = first[1:][first[1:] == first[:-1]]
            if shared.size:
                suspects = hashes[np.isin(hashes[:, 0], shared)]
                same = suspects[np.lexsort((suspects[:, 1], suspects[:, 0]))]
                if np.all(same[1:] == same[:-1], axis=1).any():
                    return True
        return False


@dataclass(frozen=True, eq=False)
class _Part:
    """What one batch adds to the month, measured on a worker thread."""

    source: RecordSource
    first_row: int
    aware: bool
    last_clock: int
    counts: npt.NDArray[np.int64] | None
    waits: npt.NDArray[np.float64] | None
    responded: npt.NDArray[np.int64] | None
    csat_n: npt.NDArray[np.int64] | None
    csat_top: npt.NDArray[np.int64] | None
    qa_n: npt.NDArray[np.int64] | None
    qa_sum: npt.NDArray[np.float64] | None
    customers: _Customers | None


_Customers = tuple[
    npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int8], npt.NDArray[np.bool_]
]
"""(customer keys (n, 2), start on the elapsed-time clock [ns], channel, in the month)."""


class _Tally:
    """Counts accumulated batch by batch, and the few arrays FCR and duplicates need.

    Contacts are counted per (channel, half hour, state) with one :func:`numpy.bincount`,
    the state being not answered, answered later than the channel's service-level
    threshold, or answered within it; waits are summed per cell the same way.
    """

    def __init__(self, terms: ServiceCredits, month: str, window_ns: int) -> None:
        self.terms = terms
        self.start, self.end = _month_bounds(month)
        self.slots = (self.end - self.start) // _SLOT_NS
        self.window_ns = window_ns
        n = len(CHANNELS)
        self.cells = n * self.slots * _STATES
        self.counts = np.zeros(self.cells, dtype=np.int64)
        self.waits = np.zeros(self.cells, dtype=np.float64)
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
        self.seen = _SeenIds()
        self.customers: list[_Customers] = []

    def finish(self) -> None:
        """Per (channel, half hour) totals from the per-state cells, once all are added."""
        counts = self.counts.reshape(-1, _STATES)
        self.offered: npt.NDArray[np.int64] = counts.sum(axis=1)
        self.answered: npt.NDArray[np.int64] = counts[:, 1:].sum(axis=1)
        self.within: npt.NDArray[np.int64] = counts[:, 2].copy()
        self.wait: npt.NDArray[np.float64] = self.waits.reshape(-1, _STATES)[:, 1:].sum(axis=1)

    def measure(self, batch: ContactBatch) -> _Part | None:
        """What ``batch`` adds; its contact ids go straight to the (locked) set of ids seen.

        Reads only the tally's settings otherwise: safe to run on worker threads.
        """
        if not len(batch):
            return None
        local = batch.local_ns
        earliest, latest = int(local.min()), int(local.max())
        last_clock = latest if batch.clock_ns is local else int(batch.clock_ns.max())
        in_month: npt.NDArray[np.bool_] | None = None
        rows: npt.NDArray[np.intp] | None = None
        if not (earliest >= self.start and latest < self.end):
            in_month = (local >= self.start) & (local < self.end)
            rows = np.flatnonzero(in_month)
        counted = len(batch) if rows is None else int(rows.shape[0])
        n = len(CHANNELS)
        counts = responded = csat_n = csat_top = qa_n = None
        waits = qa_sum = None
        if counted:
            counts, waits = self._cells(batch, rows)
            channel = batch.channel if rows is None else batch.channel[rows]
            if batch.responded is not None and batch.responded_ns is not None:
                given = batch.responded if rows is None else batch.responded[rows]
                picked = np.flatnonzero(given) if rows is None else rows[given]
                took = batch.responded_ns[picked] - batch.clock_ns[picked]
                ok = took <= self.response_ns[channel[given]]
                responded = np.bincount(channel[given][ok], minlength=n)
            if batch.csat is not None:
                score = batch.csat if rows is None else batch.csat[rows]
                surveyed = ~np.isnan(score)
                csat_n = np.bincount(channel[surveyed], minlength=n)
                csat_top = np.bincount(channel[surveyed & (score >= 4)], minlength=n)
            if batch.qa_score is not None:
                score = batch.qa_score if rows is None else batch.qa_score[rows]
                scored = ~np.isnan(score)
                qa_n = np.bincount(channel[scored], minlength=n)
                qa_sum = np.bincount(channel[scored], weights=score[scored], minlength=n).astype(
                    np.float64
                )
            if batch.contact_ids is not None:
                self.seen.add(*batch.contact_ids.keys(rows))
        customers: _Customers | None = None
        if self.fcr and batch.customer_ids is not None:
            ids = batch.customer_ids
            # Two days' margin either side covers any difference between local and clock time.
            keep = np.flatnonzero(
                (local >= self.start - 2 * _DAY_NS)
                & (local < self.end + self.window_ns + 2 * _DAY_NS)
                & ids.present
            )
            customers = (
                ids.words(keep),
                batch.clock_ns[keep],
                batch.channel[keep],
                np.ones(keep.shape[0], dtype=bool) if in_month is None else in_month[keep],
            )
        return _Part(
            source=batch.source,
            first_row=batch.first_row,
            aware=batch.aware,
            last_clock=last_clock,
            counts=counts,
            waits=waits,
            responded=responded,
            csat_n=csat_n,
            csat_top=csat_top,
            qa_n=qa_n,
            qa_sum=qa_sum,
            customers=customers,
        )

    def _cells(
        self, batch: ContactBatch, rows: npt.NDArray[np.intp] | None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Contacts and Σ wait per (channel, half hour, state) of the month's rows."""
        counts = np.zeros(self.cells, dtype=np.int64)
        waits = np.zeros(self.cells, dtype=np.float64)
        total = len(batch) if rows is None else int(rows.shape[0])
        for low in range(0, total, CHUNK_ROWS):  # chunks keep the temporaries in cache
            part: slice | npt.NDArray[np.intp] = (
                slice(low, low + CHUNK_ROWS) if rows is None else rows[low : low + CHUNK_ROWS]
            )
            channel = batch.channel[part]
            answered = batch.answered[part]
            wait = batch.wait_seconds[part]
            key = batch.local_ns[part] - self.start
            key //= _SLOT_NS
            key += channel.astype(np.int64) * self.slots
            key *= _STATES
            key += answered
            key += answered & (wait <= self.threshold_s[channel])  # NaN: no threshold
            counts += np.bincount(key, minlength=self.cells)
            waits += np.bincount(key, weights=wait, minlength=self.cells)
        return counts, waits

    def add(self, part: _Part | None) -> None:
        """Merge one batch's figures, in reading order."""
        if part is None:
            return
        if self.aware is None:
            self.aware = part.aware
        elif self.aware != part.aware:
            here, before = ("carry", "do not") if part.aware else ("do not carry", "do")
            raise part.source.fail(
                "started_at",
                part.first_row,
                f"start times here {here} a time zone but earlier records' {before}; give all "
                "records the same kind of time stamp",
            )
        last = part.last_clock
        self.last_clock = last if self.last_clock is None else max(self.last_clock, last)
        if part.counts is not None and part.waits is not None:
            self.counts += part.counts
            self.waits += part.waits
        for total, extra in (
            (self.responded, part.responded),
            (self.csat_n, part.csat_n),
            (self.csat_top, part.csat_top),
            (self.qa_n, part.qa_n),
        ):
            if extra is not None:
                total += extra
        if part.qa_sum is not None:
            self.qa_sum += part.qa_sum
        if part.customers is not None:
            self.customers.append(part.customers)

    def check_ids(self, batches: Callable[[], Iterator[ContactBatch]]) -> None:
        """Raise at the first repeat of a contact_id among the month's contacts.

        ``batches`` reads the records again, only when an id repeats: once to find which
        keys repeat, once more to name the earliest repeat in reading order and the first
        record it repeats.
        """
        if not self.seen.any_repeated():
            return
        keys = np.concatenate([words for _, _, words in self._month_ids(batches)])
        ordered = keys[np.lexsort((keys[:, 1], keys[:, 0]))]
        twins = ordered[1:][np.all(ordered[1:] == ordered[:-1], axis=1)]
        repeated = {(int(a), int(b)) for a, b in twins.tolist()}
        if not repeated:  # pragma: no cover - the records changed since the first reading
            return
        firsts = np.array(sorted({a for a, _ in repeated}), dtype=np.uint64)
        seen: dict[tuple[int, int], tuple[RecordSource, int]] = {}
        for batch, rows, words in self._month_ids(batches):
            for at in np.flatnonzero(np.isin(words[:, 0], firsts)).tolist():
                key = (int(words[at, 0]), int(words[at, 1]))
                if key not in repeated:
                    continue
                row = batch.first_row + int(rows[at])
                if key in seen:
                    _raise_repeat(batch.source, row, *seen[key])
                seen[key] = (batch.source, row)

    def _month_ids(
        self, batches: Callable[[], Iterator[ContactBatch]]
    ) -> Iterator[tuple[ContactBatch, npt.NDArray[np.intp], npt.NDArray[np.uint64]]]:
        """(batch, its rows of the month with an id, their keys) per batch read again."""
        for batch in batches():
            if batch.contact_ids is None or not len(batch):
                continue
            local = batch.local_ns
            rows = np.flatnonzero(
                (local >= self.start) & (local < self.end) & batch.contact_ids.present
            )
            yield batch, rows, batch.contact_ids.words(rows)

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


def _raise_repeat(source: RecordSource, row: int, original: RecordSource, first: int) -> NoReturn:
    """Raise at ``row`` of ``source``, whose contact_id repeats ``first`` of ``original``."""
    value = source.value_at(row, "contact_id")
    place = original.place(first).split(" (")[0]
    if original is not source:
        place += f" of {original.name!r}" if original.name else ""
    raise source.fail(
        "contact_id", row, f"contact_id {value!r} repeats {place}; each contact appears once"
    )


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
    options: dict[str, Any] = {
        "required": required,
        "skip": skip,
        "timezone": timezone,
        "batch_rows": batch_rows,
    }
    for part in map_contact_batches(calls, tally.measure, **options):
        tally.add(part)
    tally.check_ids(lambda: iter_contact_batches(calls, **options))
    tally.finish()
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
    if not is_iana_zone(name):
        raise ContractError(
            f"unknown time zone {name!r}: expected an IANA name such as 'Asia/Seoul'"
        )
