"""Monte Carlo monthly cost per vendor: one shared traffic scenario per run, every sheet applied.

:func:`simulate_costs` draws ``runs`` months of traffic and prices each with every vendor's
price sheet; :class:`CostSimulation` holds the samples and summarises them.

One simulated month (one run)
-----------------------------
Traffic is drawn once per run and shared by every vendor, so vendors are compared on the same
months (common random numbers):

1. a total volume factor ``F ~ Lognormal`` with mean 1 and coefficient of variation
   ``needs.contract.forecast_cv``;
2. per channel, offered contacts ``~ Poisson(F × volume_per_month)``;
3. their split, multinomial, into *cells*: the time classes of the calendar month × language
   groups — drawn as independent Poisson counts per cell with means ``F × volume × share``,
   which is the same distribution. Each minute of the month (buyer's time zone; holidays in
   ``needs.holidays`` take Sunday's hourly shape, as
   :func:`vendoreval.datasets.calls.sample_calls` draws them) gets the channel's hourly
   arrival share spread evenly over its 60 minutes; minutes that every
   vendor's premium windows classify alike (after-hours, weekend, holiday, read in each
   sheet's premium time zone) form one time class. Languages that every vendor's language
   multipliers treat alike form one group, weighted by ``needs.languages`` shares;
4. phone: abandoned contacts ``~ Binomial(cell, P(abandon))`` from the queue model (again
   drawn as independent Poisson counts of answered and abandoned contacts).

Then, per vendor, from its own random stream:

5. the billed voice seconds of each premium class: the compound sum of
   :mod:`vendoreval.simulation.billed_seconds`
   over the answered contacts (those with billable seconds:
   the *handled* ones) and the abandoned ones — exact below 2,000 phone contacts a month,
   the normal limit above, so the cost of a run does not grow with the volume. With
   ``rounding: monthly`` the whole billable seconds are summed and the month's total is
   rounded once by the increment;
6. agent hours and FTEs for sheets with ``agent_hour_rate`` / ``fte_month_rate``;
7. the month's charges by :func:`vendoreval.pricing.tariff.monthly_charges` — tiers, premiums,
   fixed fees and the minimum apply per simulated month. The one-off set-up fee is only in
   :meth:`CostSimulation.tco`.

Queue model
-----------
Customer wait and abandonment come from the buyer's staffing: each channel is staffed per
half hour of a typical week by :func:`vendoreval.staffing.interval_staffing` at its service-
level target (80% in 20 s for a live channel without one, 90% within 24 h for a deferred one),
and the volume-weighted Erlang A outcome with the channel's ``patience_seconds`` (Erlang C
without one) gives ``P(wait)``, ``P(abandon)`` and the mean wait. The same queue serves every
vendor — a proposal states no other service level — and, the head-count following the
volume, the queue is evaluated at the forecast volume.

Staffing-based sheets
---------------------
Productive agent hours of a run are the sum over channels of the interval-staffing hours at
the run's volume (a typical week × 52/12), interpolated linearly on a grid of 17 monthly
volumes spanning the runs' range (about 2.5% apart at a forecast CV of 0.1). The hours are a
step function of the volume — a step wherever some half hour needs one more agent — and the
interpolation smooths steps narrower than the grid; the grid keeps the cost independent of
the number of runs. FTEs are
``agent hours / (paid_hours_per_fte_month × (1 − shrinkage))`` with the vendor's staffing
answer (0.30 and 173.3 h when it has none). Contacts in channels a staffing-based sheet does
not price by usage are covered by the staffing fee.

Random streams
--------------
``numpy.random.default_rng`` on ``SeedSequence(seed, spawn_key=…)``: the traffic of month
``t`` of the contract uses key ``(t, 0)``, a vendor's draws ``(t, 1, *sha256(name))``. The same
seed gives the same samples, and a vendor's samples do not depend on the order of the
proposals.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from vendoreval._types import FloatArray, IntArray
from vendoreval.calendar import WEEKS_PER_MONTH, month_after, month_start
from vendoreval.errors import ArgumentError, UnpricedChannelError
from vendoreval.needs import ChannelNeeds, Needs, ServiceLevelTarget
from vendoreval.pricing.sheet import BillableComponent, PriceSheet, Rounding
from vendoreval.pricing.tariff import (
    MonthlyCharges,
    MonthlyQuantities,
    PremiumClasses,
    monthly_charges,
    premium_classes,
)
from vendoreval.proposal import VendorProposal
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.simulation.billed_seconds import (
    EXACT_SUM_LIMIT,
    ContactSeconds,
    WaitProfile,
    contact_seconds,
    sample_sums,
)
from vendoreval.staffing import agents_required, erlang_a
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    pass

__all__ = [
    "DEFAULT_DEFERRED_TARGET",
    "DEFAULT_LIVE_TARGET",
    "PROGRESS_THRESHOLD",
    "CostModel",
    "queue_wait",
]

_Number = TypeVar("_Number", np.int64, np.float64)

DEFAULT_LIVE_TARGET: Final = ServiceLevelTarget(share=0.8, answer_within_seconds=20)
"""Service level assumed for a live channel (phone, chat, messaging) without one: 80/20."""

DEFAULT_DEFERRED_TARGET: Final = ServiceLevelTarget(share=0.9, respond_within_hours=24)
"""Service level assumed for a deferred channel (email, social) without one: 90% in 24 h."""

PROGRESS_THRESHOLD: Final = 2_000_000
"""runs × vendors from which a progress bar is shown by default (on a terminal)."""

_STAFFING_GRID: Final = 17
_HALF_HOURS: Final = 336
_INTERVAL_MINUTES: Final = 30.0
_SUNDAY: Final = 6


# ----------------------------------------------------------------------------- inputs


def _check_runs(runs: object) -> int:
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or int(runs) < 1:
        raise ArgumentError(f"runs must be a whole number ≥ 1 of simulated months; got {runs!r}")
    return int(runs)


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or int(seed) < 0:
        raise ArgumentError(f"seed must be a whole number ≥ 0; got {seed!r}")
    return int(seed)


def _check_proposals(needs: Needs, proposals: Sequence[VendorProposal]) -> list[VendorProposal]:
    items = list(proposals)
    if not items:
        raise ArgumentError("proposals is empty: give at least one vendor proposal")
    seen: dict[str, int] = {}
    for index, proposal in enumerate(items):
        if not isinstance(proposal, VendorProposal):
            raise ArgumentError(
                f"proposals[{index}] must be a VendorProposal; got {type(proposal).__name__}"
            )
        if proposal.name in seen:
            raise ArgumentError(
                f"proposals[{index}]: vendor name {proposal.name!r} is also proposals"
                f"[{seen[proposal.name]}]; vendor names must be unique"
            )
        seen[proposal.name] = index
        currency = proposal.sheet.currency
        if currency != needs.contract.currency:
            raise ArgumentError(
                f"proposals[{index}] (vendor {proposal.name!r}): pricing.sheet.currency is "
                f"{currency!r} but the contract currency (needs.contract.currency) is "
                f"{needs.contract.currency!r}; convert the price sheet first"
            )
        sheet = proposal.sheet
        for channel in needs.channels:
            if channel.volume_per_month == 0 or sheet.prices_channel(channel.channel):
                continue
            if sheet.covers_unpriced_contacts:
                continue
            raise UnpricedChannelError(
                f"proposals[{index}] (vendor {proposal.name!r}): the price sheet does not price "
                f"{channel.channel.value!r} contacts, of which the needs forecast "
                f"{channel.volume_per_month:,} a month; give a per-contact price or tier, or "
                "set unpriced_contacts_free: true if other fees cover them"
            )
    return items


def _stream(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


def _name_key(name: str) -> tuple[int, ...]:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


# ----------------------------------------------------------------------------- queue & staffing


def _target(channel: ChannelNeeds) -> ServiceLevelTarget:
    if channel.service_level is not None:
        return channel.service_level
    return DEFAULT_LIVE_TARGET if channel.channel.is_realtime else DEFAULT_DEFERRED_TARGET


def _aht(channel: ChannelNeeds) -> float:
    return channel.aht_seconds if channel.aht_seconds > 0 else 1.0


def queue_wait(channel: ChannelNeeds, volume_per_month: float | None = None) -> WaitProfile:
    """Queue outcome of an offered contact when the channel is staffed at its target.

    Each half hour of a typical week is staffed by
    :func:`~vendoreval.staffing.interval_staffing` (Erlang C head-count at the channel's
    service-level target, :data:`DEFAULT_LIVE_TARGET` when it has none); Erlang A with the
    channel's ``patience_seconds`` (Erlang C without) then gives each interval's probability
    of waiting and of abandoning and its mean wait, averaged weighted by volume.

    Parameters
    ----------
    channel : ChannelNeeds
        The channel's traffic, target and patience.
    volume_per_month : float, optional
        Monthly volume to staff [contacts/month]; defaults to the forecast.

    Returns
    -------
    WaitProfile
        ``P(wait)``, ``E[W | W > 0]`` [s] and ``P(abandon)``; no wait without volume.
    """
    volume = float(channel.volume_per_month if volume_per_month is None else volume_per_month)
    if volume <= 0:
        return WaitProfile()
    target = _target(channel)
    volumes = volume / WEEKS_PER_MONTH * channel.arrival.half_hour_shares()
    aht = _aht(channel)
    traffic = volumes * (aht / (60.0 * _INTERVAL_MINUTES))
    busy = traffic > 0
    if not busy.any():
        return WaitProfile()
    agents = agents_required(traffic[busy], aht, target.threshold_seconds, target.share)
    patience = math.inf if channel.patience_seconds is None else float(channel.patience_seconds)
    result = erlang_a(traffic[busy], agents, aht, patience, target.threshold_seconds)
    weights = volumes[busy] / volumes[busy].sum()
    p_wait = float((weights * np.asarray(result.prob_wait)).sum())
    p_abandon = min(float((weights * np.asarray(result.prob_abandon)).sum()), p_wait)
    mean_wait = float((weights * np.asarray(result.mean_wait_seconds)).sum())
    if p_wait <= 0 or mean_wait <= 0:
        return WaitProfile()
    return WaitProfile(min(p_wait, 1.0), mean_wait / p_wait, p_abandon)


def _agent_hours(channel: ChannelNeeds, volumes_per_month: FloatArray) -> FloatArray:
    """Productive agent hours a month of ``channel`` at each monthly volume [h/month].

    The Erlang C head-count of :func:`~vendoreval.staffing.interval_staffing` for every half
    hour of a typical week, summed and scaled by 52/12 weeks a month.
    """
    target = _target(channel)
    shares = channel.arrival.half_hour_shares()
    volumes = np.maximum(volumes_per_month, 0.0)[:, None] / WEEKS_PER_MONTH * shares
    aht = _aht(channel)
    traffic = (volumes * (aht / (60.0 * _INTERVAL_MINUTES))).ravel()
    agents = agents_required(traffic, aht, target.threshold_seconds, target.share)
    per_week = np.asarray(agents).reshape(volumes_per_month.size, _HALF_HOURS).sum(axis=1)
    return np.asarray(per_week * (_INTERVAL_MINUTES / 60.0) * WEEKS_PER_MONTH, dtype=np.float64)


def _interpolated_hours(channel: ChannelNeeds, volumes: FloatArray) -> FloatArray:
    """Agent hours at each run's volume, by linear interpolation on a grid of volumes."""
    low, high = float(volumes.min()), float(volumes.max())
    if high <= low:
        return np.full(volumes.shape, float(_agent_hours(channel, np.array([low]))[0]))
    grid = np.linspace(low, high, _STAFFING_GRID)
    return np.asarray(np.interp(volumes, grid, _agent_hours(channel, grid)), dtype=np.float64)


# ----------------------------------------------------------------------------- vendor model


@dataclass(frozen=True, eq=False)
class _Vendor:
    name: str
    sheet: PriceSheet
    plan: PremiumClasses
    contact: ContactSeconds | None
    shrinkage: float
    paid_hours_per_fte_month: float
    key: tuple[int, ...]

    @property
    def monthly(self) -> bool:
        return self.sheet.rounding is Rounding.MONTHLY


def _billable_share(sheet: PriceSheet, channel: ChannelNeeds) -> float:
    parts = {
        BillableComponent.TALK: channel.talk_seconds,
        BillableComponent.HOLD: channel.hold_seconds,
        BillableComponent.ACW: channel.acw_seconds,
    }
    billed = sum(float(parts[c]) for c in sheet.billable_components if c in parts)
    total = channel.aht_seconds
    return min(billed / total, 1.0) if total > 0 else 0.0


# ----------------------------------------------------------------------------- calendar


@dataclass(frozen=True, eq=False)
class _Calendar:
    """Cells of a month (time class × language group) and each vendor's premium class per cell."""

    month: str
    cell_probs: dict[Channel, FloatArray]
    vendor_classes: dict[str, IntArray]
    n_cells: int

    def by_class(self, vendor: _Vendor, cells: npt.NDArray[_Number]) -> npt.NDArray[_Number]:
        """Sum ``(runs, cells)`` counts into the vendor's ``(runs, premium classes)``."""
        classes = self.vendor_classes[vendor.name]
        out: npt.NDArray[_Number] = np.zeros(
            (cells.shape[0], vendor.plan.n_classes), dtype=cells.dtype
        )
        order = np.argsort(classes, kind="stable")
        ordered = classes[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        columns = cells if bool((order == np.arange(order.size)).all()) else cells[:, order]
        out[:, ordered[starts]] = np.add.reduceat(columns, starts, axis=1)
        return out


def _month_minutes(needs: Needs, month: str) -> tuple[pd.DatetimeIndex, IntArray]:
    """Every minute of ``month`` (aware, buyer's zone) and the hour-of-week shape it takes."""
    first = month_start(month, "month")
    following = month_after(first)
    hours = pd.date_range(first, following, freq="h", inclusive="left", unit="s")
    hour_of_week = np.asarray(hours.day_of_week * 24 + hours.hour, dtype=np.int64)
    holiday = np.isin(hours.normalize().date, np.array(needs.holidays, dtype=object))
    shape = np.where(holiday, hour_of_week % 24 + _SUNDAY * 24, hour_of_week)
    minutes = (hours.asi8[:, None] + 60 * np.arange(60)).ravel()
    naive = pd.DatetimeIndex(minutes.astype("datetime64[s]"))
    aware = naive.tz_localize(
        needs.timezone, ambiguous=np.ones(minutes.size, dtype=bool), nonexistent="shift_forward"
    )
    return aware, np.repeat(shape, 60)


def _time_signature(plan: PremiumClasses) -> tuple[object, ...]:
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


def _calendar(needs: Needs, vendors: Sequence[_Vendor], month: str) -> _Calendar:
    timed = sorted((v for v in vendors if v.plan.has_time), key=lambda v: v.name)
    languages = [lang.language for lang in needs.languages]
    lang_shares = np.array([lang.share for lang in needs.languages], dtype=np.float64)
    lang_shares = lang_shares / lang_shares.sum()

    minute_shape: IntArray | None = None
    signatures: list[tuple[object, ...]] = []
    columns: list[IntArray] = []
    if timed:
        aware, minute_shape = _month_minutes(needs, month)
        local_by_zone: dict[str, IntArray] = {}
        for vendor in timed:
            signature = _time_signature(vendor.plan)
            if signature in signatures:
                continue
            zone = vendor.plan.timezone
            assert zone is not None
            if zone not in local_by_zone:
                wall = aware.tz_convert(zone).tz_localize(None)
                local_by_zone[zone] = np.asarray(wall.asi8, dtype=np.int64) // _ticks(wall)
            signatures.append(signature)
            columns.append(vendor.plan.time_kinds(local_by_zone[zone]))
    if columns:
        kinds = np.stack(columns, axis=1)
        if kinds.shape[1] <= 31:  # a row of kinds (0–3 each) as one base-4 integer
            codes = (kinds << (2 * np.arange(kinds.shape[1], dtype=np.int64))).sum(axis=1)
            _, first, atom_of_minute = np.unique(codes, return_index=True, return_inverse=True)
            atom_kinds = kinds[first]
        else:
            atom_kinds, atom_of_minute = np.unique(kinds, axis=0, return_inverse=True)
        atom_of_minute = atom_of_minute.ravel()
    else:
        atom_kinds = np.zeros((1, 0), dtype=np.int64)
        atom_of_minute = None
    n_atoms = atom_kinds.shape[0]

    lingual = sorted((v for v in vendors if v.plan.languages), key=lambda v: v.name)
    if lingual:
        slots = np.array(
            [[v.plan.language_index(tag) for v in lingual] for tag in languages], dtype=np.int64
        )
        group_slots, group_of_language = np.unique(slots, axis=0, return_inverse=True)
        group_of_language = group_of_language.ravel()
        group_probs: FloatArray = np.asarray(
            np.bincount(group_of_language, weights=lang_shares, minlength=group_slots.shape[0]),
            dtype=np.float64,
        )
    else:
        group_slots = np.zeros((1, 0), dtype=np.int64)
        group_probs = np.ones(1)
    n_groups = group_slots.shape[0]

    cell_probs: dict[Channel, FloatArray] = {}
    for channel in needs.channels:
        if atom_of_minute is None or minute_shape is None:
            atom_probs = np.ones(1)
        else:
            weights = channel.arrival.shares()[minute_shape]
            if weights.sum() <= 0:
                weights = np.ones(weights.size)
            counts = np.bincount(atom_of_minute, weights=weights, minlength=n_atoms)
            atom_probs = np.asarray(counts / counts.sum(), dtype=np.float64)
        cell_probs[channel.channel] = np.asarray(np.outer(atom_probs, group_probs).ravel())

    vendor_classes: dict[str, IntArray] = {}
    for vendor in vendors:
        plan = vendor.plan
        if not plan.has_classes:
            vendor_classes[vendor.name] = np.zeros(n_atoms * n_groups, dtype=np.int64)
            continue
        if plan.has_time:
            kind = atom_kinds[:, signatures.index(_time_signature(plan))]
        else:
            kind = np.zeros(n_atoms, dtype=np.int64)
        if plan.languages:
            slot = group_slots[:, [v.name for v in lingual].index(vendor.name)]
        else:
            slot = np.zeros(n_groups, dtype=np.int64)
        vendor_classes[vendor.name] = np.asarray(
            (kind[:, None] * plan.n_languages + slot[None, :]).ravel(), dtype=np.int64
        )
    return _Calendar(month, cell_probs, vendor_classes, n_atoms * n_groups)


def _ticks(index: pd.DatetimeIndex) -> int:
    return {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[str(index.unit)]


# ----------------------------------------------------------------------------- cost model


@dataclass(frozen=True, eq=False)
class _Month:
    """One simulated month: per-vendor charges and the quantities behind the drivers."""

    charges: dict[str, MonthlyCharges]
    voice_billed: dict[str, FloatArray]
    voice_actual: dict[str, FloatArray]  # whole seconds, for sheets rounding monthly
    agent_hours: FloatArray | None
    ftes: dict[str, FloatArray]


class CostModel:
    """Everything about the vendors and the buyer's traffic that does not change from run to run.

    Built by :func:`simulate_costs` and by :mod:`vendoreval.simulation.whatif`: each vendor's price
    sheet, premium classes and exact per-contact voice seconds
    (:mod:`vendoreval.simulation.billed_seconds`
    with the phone queue outcome), and the staffing parameters.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    proposals : sequence of VendorProposal
        Vendors, unique names, price sheets in the contract currency.
    wait : WaitProfile, optional
        Phone queue outcome; by default :func:`queue_wait` of the phone channel.
    contact_cache : dict, optional
        Per-contact seconds already computed, shared between models (filled in place).
    """

    def __init__(
        self,
        needs: Needs,
        proposals: Sequence[VendorProposal],
        *,
        wait: WaitProfile | None = None,
        contact_cache: dict[tuple[object, ...], ContactSeconds] | None = None,
    ) -> None:
        self.needs = needs
        self.proposals = _check_proposals(needs, proposals)
        self.channels = tuple(c for c in needs.channels if c.volume_per_month > 0)
        phone = next((c for c in self.channels if c.channel is Channel.PHONE), None)
        self.phone = phone
        self.wait = wait if wait is not None else (queue_wait(phone) if phone else WaitProfile())
        contacts = contact_cache if contact_cache is not None else {}
        vendors = []
        for proposal in self.proposals:
            sheet = proposal.sheet
            contact = None
            if phone is not None:
                share = _billable_share(sheet, phone)
                key = (
                    phone.aht_seconds,
                    float(phone.handle_time_cv),
                    str(sheet.billing_increment),
                    share,
                    sheet.bills_wait,
                    self.wait if sheet.bills_wait else self.wait.prob_abandon,
                )
                if key not in contacts:
                    contacts[key] = contact_seconds(
                        phone.aht_seconds,
                        float(phone.handle_time_cv),
                        sheet.billing_increment,
                        wait=self.wait,
                        bills_wait=sheet.bills_wait,
                        billable_share=share,
                    )
                contact = contacts[key]
            staffing = proposal.staffing if proposal.staffing is not None else StaffingAnswer()
            vendors.append(
                _Vendor(
                    name=proposal.name,
                    sheet=sheet,
                    plan=premium_classes(sheet),
                    contact=contact,
                    shrinkage=float(staffing.shrinkage),
                    paid_hours_per_fte_month=float(staffing.paid_hours_per_fte_month),
                    key=_name_key(proposal.name),
                )
            )
        self.vendors: tuple[_Vendor, ...] = tuple(vendors)
        self.staffing_based = any(v.sheet.is_staffing_based for v in self.vendors)
        self._contacts = contacts
        self._calendars: dict[str, _Calendar] = {}
        self._hours: dict[tuple[ChannelNeeds, bytes], FloatArray] = {}

    def with_changes(
        self, *, needs: Needs | None = None, wait: WaitProfile | None = None
    ) -> CostModel:
        """A model of the same vendors with other needs or another phone queue outcome.

        Per-contact seconds already computed are reused, and so are the calendars when the
        new needs keep the time zone, holidays, languages and arrival patterns.

        Parameters
        ----------
        needs : Needs, optional
            New needs (e.g. other handle times or volumes); default the current ones.
        wait : WaitProfile, optional
            New phone queue outcome; default :func:`queue_wait` of the new needs' phone
            channel (or the current outcome when the needs are unchanged).
        """
        new_needs = self.needs if needs is None else needs
        if wait is None and needs is None:
            wait = self.wait
        model = CostModel(new_needs, self.proposals, wait=wait, contact_cache=self._contacts)
        if _same_calendar(self.needs, new_needs):
            model._calendars = self._calendars
            model._hours = self._hours
        return model

    @property
    def names(self) -> tuple[str, ...]:
        """Vendor names, in the order of the proposals."""
        return tuple(v.name for v in self.vendors)

    def calendar(self, month: str) -> _Calendar:
        """Cells of ``month`` (cached)."""
        if month not in self._calendars:
            self._calendars[month] = _calendar(self.needs, self.vendors, month)
        return self._calendars[month]

    # --------------------------------------------------------------------- expected month

    def expected_charges(self, month: str, volume_factors: npt.ArrayLike) -> dict[str, FloatArray]:
        """Monthly cost of the *expected* month at each volume factor, per vendor [currency].

        The tariff applied to expected quantities: offered contacts ``factor × forecast`` split
        by the calendar's cell shares, the phone's answered and abandoned shares from the
        queue outcome, billed seconds from the exact per-contact means, agent hours from
        interval staffing at that volume. With a linear tariff (no binding minimum, no
        all-units jump across the range) this is the expected monthly cost.

        Parameters
        ----------
        month : str
            Calendar month ``YYYY-MM``.
        volume_factors : array_like
            Multipliers of every channel's forecast volume [-], ≥ 0.

        Returns
        -------
        dict of str to numpy.ndarray
            Total per vendor, one element per factor [currency].
        """
        factors = np.atleast_1d(np.asarray(volume_factors, dtype=np.float64))
        if factors.ndim != 1 or not np.isfinite(factors).all() or (factors < 0).any():
            raise ArgumentError("volume_factors must be finite multipliers ≥ 0 of the forecast")
        calendar = self.calendar(month)
        cells = {
            c.channel: factors[:, None] * (c.volume_per_month * calendar.cell_probs[c.channel])
            for c in self.channels
        }
        agent_hours = None
        if self.staffing_based:
            agent_hours = np.zeros(factors.size)
            for channel in self.channels:
                volumes = factors * channel.volume_per_month
                key = (channel, volumes.tobytes())
                if key not in self._hours:
                    self._hours[key] = _agent_hours(channel, volumes)
                agent_hours += self._hours[key]
        out = {}
        for vendor in self.vendors:
            quantities = self._expected_quantities(vendor, calendar, cells, agent_hours)
            out[vendor.name] = monthly_charges(vendor.sheet, quantities, vendor=vendor.name).total
        return out

    def _expected_quantities(
        self,
        vendor: _Vendor,
        calendar: _Calendar,
        cells: dict[Channel, FloatArray],
        agent_hours: FloatArray | None,
    ) -> MonthlyQuantities:
        runs = next(iter(cells.values())).shape[0] if cells else 1
        handled: dict[Channel, FloatArray] = {}
        billed = np.zeros(runs)
        basis = np.zeros((runs, vendor.plan.n_classes))
        for channel, counts in cells.items():
            offered = calendar.by_class(vendor, counts)
            if channel is not Channel.PHONE or vendor.contact is None:
                handled[channel] = offered
                continue
            contact = vendor.contact
            p_abandon = contact.prob_abandon
            answered = offered * (1.0 - p_abandon) * (1.0 - contact.prob_unbilled_answered)
            abandoned = offered * p_abandon
            handled[channel] = answered
            if vendor.monthly:
                basis = (
                    answered * contact.answered_positive.mean + abandoned * contact.abandoned.mean
                )
                total = basis.sum(axis=1)
                billed = np.asarray(
                    vendor.sheet.billing_increment.billed_seconds(total), dtype=np.float64
                )
            else:
                basis = (
                    answered * contact.answered_billed_positive.mean
                    + abandoned * contact.abandoned_billed.mean
                )
                billed = basis.sum(axis=1)
        return MonthlyQuantities(
            voice_billed_seconds=billed,
            voice_class_seconds=basis,
            handled_contacts=handled,
            agent_hours=agent_hours,
            ftes=None if agent_hours is None else _ftes(vendor, agent_hours),
        )

    # --------------------------------------------------------------------- simulated month

    def simulate_month(
        self,
        month: str,
        runs: int,
        seed: int,
        *,
        month_index: int = 0,
        volume_scale: float = 1.0,
        advance: Callable[[], None] | None = None,
    ) -> _Month:
        """Draw ``runs`` months of traffic and price them with every sheet (module notes)."""
        calendar = self.calendar(month)
        traffic = _stream(seed, month_index, 0)
        cv = float(self.needs.contract.forecast_cv)
        if cv > 0:
            sigma2 = math.log1p(cv * cv)
            factor = traffic.lognormal(-0.5 * sigma2, math.sqrt(sigma2), runs)
        else:
            factor = np.ones(runs)
        # A Poisson count split multinomially into cells is a set of independent Poisson
        # counts per cell (and, thinned by abandonment, per answered/abandoned part).
        cells: dict[Channel, IntArray] = {}
        abandoned_cells = None
        p_abandon = self.wait.prob_abandon
        for channel in self.channels:
            probs = calendar.cell_probs[channel.channel]
            mean = factor[:, None] * (channel.volume_per_month * volume_scale * probs)
            if channel.channel is Channel.PHONE and p_abandon > 0:
                abandoned_cells = traffic.poisson(mean * p_abandon).astype(np.int64)
                answered_cells = traffic.poisson(mean * (1.0 - p_abandon)).astype(np.int64)
                cells[channel.channel] = answered_cells + abandoned_cells
            else:
                cells[channel.channel] = traffic.poisson(mean).astype(np.int64)
        agent_hours = None
        if self.staffing_based:
            agent_hours = np.zeros(runs)
            for channel in self.channels:
                volumes = cells[channel.channel].sum(axis=1).astype(np.float64)
                agent_hours += _interpolated_hours(channel, volumes)

        # Vendors with the same premium classes share their per-class counts.
        shared: dict[tuple[int, bytes, int], IntArray] = {}

        def aggregate(vendor: _Vendor, array: IntArray) -> IntArray:
            classes = calendar.vendor_classes[vendor.name]
            key = (id(array), classes.tobytes(), vendor.plan.n_classes)
            if key not in shared:
                shared[key] = calendar.by_class(vendor, array)
            return shared[key]

        charges: dict[str, MonthlyCharges] = {}
        voice_billed: dict[str, FloatArray] = {}
        voice_actual: dict[str, FloatArray] = {}
        ftes: dict[str, FloatArray] = {}
        for vendor in self.vendors:
            rng = _stream(seed, month_index, 1, *vendor.key)
            handled: dict[Channel, FloatArray] = {}
            billed = np.zeros(runs)
            whole: FloatArray | None = None
            basis = np.zeros((runs, vendor.plan.n_classes))
            for name, channel_cells in cells.items():
                per_class = aggregate(vendor, channel_cells)
                if name is not Channel.PHONE or vendor.contact is None:
                    handled[name] = per_class.astype(np.float64)
                    continue
                lost = (
                    aggregate(vendor, abandoned_cells)
                    if abandoned_cells is not None
                    else np.zeros(per_class.shape, dtype=np.int64)
                )
                billed, whole, basis, handled[name] = _voice(vendor, per_class, lost, rng)
            fte = None if agent_hours is None else _ftes(vendor, agent_hours)
            quantities = MonthlyQuantities(
                voice_billed_seconds=billed,
                voice_class_seconds=basis,
                handled_contacts=handled,
                agent_hours=agent_hours,
                ftes=fte,
            )
            charges[vendor.name] = monthly_charges(vendor.sheet, quantities, vendor=vendor.name)
            voice_billed[vendor.name] = billed
            if whole is not None:
                voice_actual[vendor.name] = whole
            if fte is not None:
                ftes[vendor.name] = fte
            if advance is not None:
                advance()
        return _Month(charges, voice_billed, voice_actual, agent_hours, ftes)


def _same_calendar(first: Needs, second: Needs) -> bool:
    """True when two needs give the same calendar cells (zone, holidays, languages, arrivals)."""
    return (
        first.timezone == second.timezone
        and first.holidays == second.holidays
        and first.languages == second.languages
        and [(c.channel, c.arrival) for c in first.channels]
        == [(c.channel, c.arrival) for c in second.channels]
    )


def _ftes(vendor: _Vendor, agent_hours: FloatArray) -> FloatArray:
    productive_per_fte = vendor.paid_hours_per_fte_month * (1.0 - vendor.shrinkage)
    return np.asarray(agent_hours / productive_per_fte, dtype=np.float64)


def _voice(
    vendor: _Vendor,
    offered: IntArray,
    abandoned: IntArray,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray | None, FloatArray, FloatArray]:
    """Billed seconds, whole seconds (monthly rounding only), premium basis per class and
    handled phone contacts, per run."""
    contact = vendor.contact
    assert contact is not None
    answered = offered - abandoned
    p_unbilled = contact.prob_unbilled_answered
    handled = rng.binomial(answered, 1.0 - p_unbilled) if p_unbilled > 0 else answered
    exact = (offered.sum(axis=1) <= EXACT_SUM_LIMIT)[:, None]
    if vendor.monthly:
        whole = sample_sums(contact.answered_positive, handled, rng, exact=exact) + sample_sums(
            contact.abandoned, abandoned, rng, exact=exact
        )
        actual = whole.sum(axis=1)
        billed = np.asarray(vendor.sheet.billing_increment.billed_seconds(actual), np.float64)
        return billed, actual, whole, handled.astype(np.float64)
    basis = sample_sums(contact.answered_billed_positive, handled, rng, exact=exact) + sample_sums(
        contact.abandoned_billed, abandoned, rng, exact=exact
    )
    return basis.sum(axis=1), None, basis, handled.astype(np.float64)
