"""Which share of each month's contacts falls in each premium class of each price sheet.

A contact's premium class (:func:`vendoreval.pricing.tariff.premium_classes`) is its time
kind — none, after-hours, weekend or holiday, on the sheet's clock — and its language. For a
month and a channel, the share of contacts in each class is

* for the time kind: the channel's hourly arrival shares (buyer's time zone; a holiday in
  ``needs.holidays`` takes Sunday's shape, as :func:`vendoreval.datasets.calls.sample_calls`
  draws them), summed over the slots of the month whose start the sheet classifies as that
  kind, divided by their sum over the whole month;
* for the language: the needs' language shares, grouped by the sheet's language multipliers;

and the class share is their product (languages are independent of the clock).

The month is cut into slots of ``r`` minutes, ``r`` the greatest common divisor of 60, of
every premium window boundary's minutes and of the UTC offsets (in minutes) of the zones
involved — an hour for the usual whole-hour windows and zones — so the time kind is constant
within a slot and the shares are exact. The whole contract term is classified in one
vectorised pass.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from vendoreval._lazy import pd
from vendoreval._types import FloatArray, IntArray
from vendoreval.calendar import month_after, month_start
from vendoreval.needs import Needs
from vendoreval.pricing.tariff import PremiumClasses
from vendoreval.vocabulary import Channel

__all__ = ["ClassShares", "class_shares"]

_SUNDAY: Final = 6
_KINDS: Final = 4


@dataclass(frozen=True, eq=False)
class ClassShares:
    """Premium class shares of every month of a term, per sheet and channel.

    Attributes
    ----------
    months : tuple of str
        The calendar months ``YYYY-MM``, in order.
    shares : dict
        ``shares[i][channel]`` is an array ``(months, n_classes)`` of the class shares of the
        ``i``-th plan's sheet for that channel, each row summing to 1.
    """

    months: tuple[str, ...]
    shares: tuple[dict[Channel, FloatArray], ...]


def _signature(plan: PremiumClasses) -> tuple[object, ...]:
    premiums = plan.sheet.premiums
    assert premiums is not None
    window = premiums.after_hours
    return (
        plan.timezone,
        None if window is None else (window.start, window.end, window.days),
        premiums.weekend_multiplier is not None,
        premiums.holidays if premiums.holiday_multiplier is not None else (),
        plan.time_order,
    )


def _boundary_minutes(plan: PremiumClasses) -> list[int]:
    premiums = plan.sheet.premiums
    if premiums is None or premiums.after_hours is None:
        return []
    window = premiums.after_hours
    return [int(window.start[3:5]), int(window.end[3:5])]


def _offset_minutes(zone: str, first: pd.Timestamp, last: pd.Timestamp) -> list[int]:
    """UTC offsets of ``zone`` over the period, in minutes (every hour sampled)."""
    hours = pd.date_range(first, last, freq="h", tz="UTC")
    local = hours.tz_convert(zone)
    offsets = (local.tz_localize(None) - hours.tz_localize(None)).total_seconds() // 60
    return sorted({int(v) for v in np.asarray(offsets)})


def _resolution(needs: Needs, plans: Sequence[PremiumClasses], months: Sequence[str]) -> int:
    first = pd.Timestamp(month_start(months[0])) - pd.Timedelta(days=2)
    last = pd.Timestamp(month_after(month_start(months[-1]))) + pd.Timedelta(days=2)
    values = [60]
    zones = {needs.timezone} | {p.timezone for p in plans if p.timezone is not None}
    for zone in zones:
        values += [abs(v) % 60 for v in _offset_minutes(zone, first, last)]
    for plan in plans:
        values += _boundary_minutes(plan)
    resolution = 0
    for value in values:
        resolution = math.gcd(resolution, value)
    return max(resolution, 1)


def _slots(
    needs: Needs, months: Sequence[str], step: int
) -> tuple[pd.DatetimeIndex, IntArray, IntArray]:
    """Slot starts of the term (aware, buyer's zone), each slot's month and arrival hour."""
    first = month_start(months[0])
    end = month_after(month_start(months[-1]))
    naive = pd.date_range(first, end, freq=f"{step}min", inclusive="left", unit="s")
    hour_of_week = np.asarray(naive.day_of_week * 24 + naive.hour, dtype=np.int64)
    holidays = np.array(needs.holidays, dtype="datetime64[D]")
    days = naive.to_numpy().astype("datetime64[D]")
    holiday = np.isin(days, holidays)
    shape = np.where(holiday, hour_of_week % 24 + _SUNDAY * 24, hour_of_week)
    month_index = np.asarray(
        (naive.year - first.year) * 12 + (naive.month - first.month), dtype=np.int64
    )
    aware = naive.tz_localize(
        needs.timezone, ambiguous=np.ones(naive.size, dtype=bool), nonexistent="shift_forward"
    )
    return aware, month_index, shape


def _ticks(index: pd.DatetimeIndex) -> int:
    return {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[str(index.unit)]


def class_shares(
    needs: Needs, plans: Sequence[PremiumClasses], months: Sequence[str]
) -> ClassShares:
    """The premium class shares of each plan's sheet, per channel and month (module notes).

    Parameters
    ----------
    needs : Needs
        Time zone, holidays, arrival patterns and languages of the buyer.
    plans : sequence of PremiumClasses
        One per vendor sheet.
    months : sequence of str
        Consecutive calendar months ``YYYY-MM``.

    Returns
    -------
    ClassShares
    """
    months = tuple(months)
    n_months = len(months)
    languages = [lang.language for lang in needs.languages]
    lang_weights = np.array([lang.share for lang in needs.languages], dtype=np.float64)
    lang_weights = lang_weights / lang_weights.sum()
    timed = [p for p in plans if p.has_time]
    kinds_by_signature: dict[tuple[object, ...], FloatArray] = {}
    if timed:
        step = _resolution(needs, timed, months)
        aware, month_index, shape = _slots(needs, months, step)
        local_by_zone: dict[str, IntArray] = {}
        channel_weights = {
            c.channel: np.asarray(c.arrival.shares()[shape], dtype=np.float64)
            for c in needs.channels
        }
        for plan in timed:
            signature = _signature(plan)
            if signature in kinds_by_signature:
                continue
            zone = plan.timezone
            assert zone is not None
            if zone not in local_by_zone:
                wall = aware.tz_convert(zone).tz_localize(None)
                local_by_zone[zone] = np.asarray(wall.asi8, dtype=np.int64) // _ticks(wall)
            kinds = plan.time_kinds(local_by_zone[zone])
            table = np.zeros((len(channel_weights), n_months, _KINDS))
            for row, weights in enumerate(channel_weights.values()):
                counts = np.bincount(
                    month_index * _KINDS + kinds, weights=weights, minlength=n_months * _KINDS
                ).reshape(n_months, _KINDS)
                totals = counts.sum(axis=1, keepdims=True)
                table[row] = np.where(totals > 0, counts / np.where(totals > 0, totals, 1), 0.25)
            kinds_by_signature[signature] = table
    out: list[dict[Channel, FloatArray]] = []
    for plan in plans:
        per_channel: dict[Channel, FloatArray] = {}
        if not plan.has_classes:
            for item in needs.channels:
                per_channel[item.channel] = np.ones((n_months, 1))
            out.append(per_channel)
            continue
        slots = np.array([plan.language_index(tag) for tag in languages], dtype=np.int64)
        language = np.bincount(slots, weights=lang_weights, minlength=plan.n_languages)
        if plan.has_time:
            table = kinds_by_signature[_signature(plan)]
        else:
            table = np.zeros((len(needs.channels), n_months, _KINDS))
            table[:, :, 0] = 1.0
        for row, item in enumerate(needs.channels):
            time = table[row]  # (months, kinds)
            per_channel[item.channel] = np.asarray(
                (time[:, :, None] * language[None, None, :]).reshape(n_months, -1),
                dtype=np.float64,
            )
        out.append(per_channel)
    return ClassShares(months=months, shares=tuple(out))
