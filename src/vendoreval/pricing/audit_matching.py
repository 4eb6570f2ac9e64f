"""Matching a billing detail to the replay of the records, and the reason of each difference.

The billed lines are joined to the records on ``contact_id`` (ids factorised once over both
sides); each line gets the first reason that holds — ``phantom``, ``duplicate``,
``wait_billed``, ``rounding``, ``premium``, ``other`` — as :mod:`vendoreval.pricing.audit`
defines them, and the differences are summed per reason in seconds and money.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval._types import IntArray
from vendoreval.pricing.audit_inputs import _Billed, _locate, _Records, _unify
from vendoreval.pricing.audit_premiums import _Premium, _premium_hits
from vendoreval.pricing.audit_report import AUDIT_REASONS, ID_COLUMN
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.pricing.money import round_money
from vendoreval.pricing.sheet import PriceSheet, Rounding, TierBasis
from vendoreval.pricing.tiers import exact_tier_charge

__all__ = ["COMMON_INCREMENTS"]

COMMON_INCREMENTS: Final[tuple[str, ...]] = ("60/60", "30/30", "30/6", "6/6", "1/1")
"""Increments a ``rounding`` difference is checked against."""

_PHANTOM, _DUPLICATE, _WAIT, _ROUNDING, _PREMIUM, _OTHER = range(6)
_NO_REASON: Final = -1


def _voice_rate(sheet: PriceSheet, replay_seconds: int) -> Fraction:
    """The rate per minute at which the audit prices seconds [currency/min]."""
    tier = sheet.tier_for(TierBasis.VOICE_MINUTES)
    if tier is not None:
        minutes = Fraction(replay_seconds, 60)
        if minutes == 0:
            return Fraction(tier.bands[0].rate)
        return exact_tier_charge(tier, minutes) / minutes
    if sheet.voice_rate_per_minute is not None:
        return Fraction(sheet.voice_rate_per_minute)
    return Fraction(0)


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
    amounts = [round_money(Fraction(s, 60) * rate, sheet.currency) for s in seconds]
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
        amounts[_PREMIUM] = round_money(charged - due, sheet.currency)
    return pd.DataFrame(
        {
            "contacts": counts.astype(np.int64),
            "seconds": np.asarray(seconds, dtype=np.int64),
            "amount": pd.Series(amounts, dtype=object).to_numpy(),
        },
        index=pd.Index(AUDIT_REASONS, name="reason"),
    )
