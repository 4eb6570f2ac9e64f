"""Invoices of records that live in an engine (DuckDB, Ibis): the sums run there.

The per-contact sums are computed by :func:`~vendoreval.pricing.warehouse.group_sums` in the
engine, grouped by channel and, where the sheets need them, by start minute and language;
the groups are then put in premium classes and in the month here, exactly as records in
memory are, and added to every sheet's totals.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from vendoreval._types import IntArray
from vendoreval.errors import UnpricedChannelError
from vendoreval.pricing.invoice_totals import _N_CHANNELS, _Accumulator, _unpriced_error
from vendoreval.pricing.premium_windows import time_kinds
from vendoreval.pricing.record_schema import wall_seconds
from vendoreval.pricing.records import CHANNEL_ORDER
from vendoreval.pricing.warehouse import SheetQuery, first_row, group_sums

__all__: list[str] = []


def _wall_minutes(times: npt.NDArray[np.int64], unit: int, zone: str | None) -> IntArray:
    """Local wall-clock minutes of engine time keys (instants in UTC when ``zone`` is set)."""
    if zone is None:
        return times * unit // 60
    minutes: IntArray = wall_seconds(times * unit, zone) // 60
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
    instants = np.unique(times) * 60
    return any(np.any(wall_seconds(instants, zone) % 60) for zone in zones if zone is not None)
