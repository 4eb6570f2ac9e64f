"""Champion and challenger: two vendors share the work, and the share follows the KPI.

The challenger starts with ``initial_share`` of every channel's volume and the champion
with the rest. At the end of each quarter the vendor whose measured KPI was better that
quarter gains ``step`` of the volume from the other (shares stay within [0, 1]; a tie, or a
vendor without volume to measure, leaves them unchanged). Each quarter is priced with
:func:`~vendoreval.award.scenario_cost` on that quarter's split, its volumes grown by
``needs.contract.monthly_growth`` and its own calendar month.

The measured KPI
----------------
:class:`~vendoreval.simulation.CostSimulation` exposes no per-vendor KPI draws, so the KPI
each vendor achieves is simulated here from queueing theory. Each vendor staffs its share of
the channel's forecast, per half hour of a typical week, with the Erlang C head-count that
meets the buyer's service-level target (:func:`vendoreval.staffing.agents_required`; the
simulation's default 80/20 or 90% in 24 h without one). Each month the real traffic differs
from the forecast by a factor ``F`` (lognormal, mean 1, coefficient of variation
``needs.contract.forecast_cv``, the same for both vendors), and each vendor's handle time is
the forecast × its ``handle_time_ratio`` × its own lognormal noise (mean 1, coefficient of
variation ``aht_cv``). Erlang A with the channel's ``patience_seconds`` (Erlang C without
one; :func:`vendoreval.staffing.erlang_a`) at the real load and the staffed agents gives
each half hour's service level, abandonment and ASA, weighted by volume into the month's.
The month's measured service level and abandonment are binomial draws over the vendor's
Poisson number of contacts; the quarter's KPI is the contact-weighted mean of its months.

References
----------
O. Garnett, A. Mandelbaum and M. Reiman (2002), "Designing a call center with impatient
customers", Manufacturing & Service Operations Management 4(3), 208–227.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np

from vendoreval._lazy import pd
from vendoreval._types import FloatArray
from vendoreval.award.cost import check_proposals, check_runs, check_seed, scenario_cost
from vendoreval.calendar import WEEKS_PER_MONTH, add_months
from vendoreval.errors import ArgumentError, ArgumentTypeError
from vendoreval.simulation import DEFAULT_DEFERRED_TARGET, DEFAULT_LIVE_TARGET
from vendoreval.staffing import agents_required, erlang_a
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    from vendoreval.needs import ChannelNeeds, Needs
    from vendoreval.proposal import VendorProposal

__all__ = ["KPIS", "champion_challenger"]

KPIS: Final = {"service_level": True, "asa_seconds": False, "abandonment": False}
"""KPIs the rule can follow, and whether higher is better."""

_HALF_HOUR_SECONDS: Final = 1800.0


def _share(value: object, name: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ArgumentTypeError(f"{name} must be a share in [0, 1]; got {value!r}")
    share = float(value)
    low_ok = share > 0 if positive else share >= 0
    if not (low_ok and share <= 1.0):
        bounds = "(0, 1]" if positive else "[0, 1]"
        raise ArgumentError(f"{name} must be a share in {bounds}; got {value!r}")
    return share


def _kpi(needs: Needs, kpi: object) -> tuple[ChannelNeeds, str]:
    if not isinstance(kpi, str) or "." not in kpi:
        raise ArgumentError(
            f"kpi must be '<channel>.<kpi>' such as 'phone.service_level'; got {kpi!r}"
        )
    channel, name = kpi.split(".", 1)
    if name not in KPIS:
        raise ArgumentError(f"kpi {kpi!r}: the KPI must be one of {', '.join(KPIS)}")
    try:
        item = needs.channel(Channel(channel))
    except (ValueError, KeyError):
        item = None
    if item is None or item.volume_per_month <= 0:
        present = ", ".join(c.channel.value for c in needs.channels if c.volume_per_month > 0)
        raise ArgumentError(
            f"kpi {kpi!r}: the needs have no {channel!r} traffic to measure "
            f"(channels with volume: {present})"
        )
    return item, name


@dataclass(frozen=True)
class _Queue:
    """One vendor's measured month: contacts, and their service level, abandonment, ASA."""

    contacts: float
    service_level: float
    abandonment: float
    asa_seconds: float


def _month_queue(
    channel: ChannelNeeds,
    volume: float,
    factor: float,
    aht_factor: float,
    rng: np.random.Generator,
) -> _Queue:
    """Staff ``volume`` at the target, meet ``factor × volume`` at ``aht_factor × AHT``."""
    target = channel.service_level or (
        DEFAULT_LIVE_TARGET if channel.channel.is_realtime else DEFAULT_DEFERRED_TARGET
    )
    aht = channel.aht_seconds
    forecast = volume / WEEKS_PER_MONTH * channel.arrival.half_hour_shares()
    busy = forecast > 0
    planned = forecast[busy] * aht / _HALF_HOUR_SECONDS
    agents = agents_required(planned, aht, target.threshold_seconds, target.share)
    real_aht = aht * aht_factor
    load = planned * factor * aht_factor
    patience = math.inf if channel.patience_seconds is None else float(channel.patience_seconds)
    queue = erlang_a(load, agents, real_aht, patience, target.threshold_seconds)
    weights = forecast[busy] / forecast[busy].sum()

    def mean(values: float | FloatArray) -> float:
        array = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0, posinf=1e9)
        return float((weights * array).sum())

    level = min(max(mean(queue.service_level), 0.0), 1.0)
    lost = min(max(mean(queue.prob_abandon), 0.0), 1.0)
    contacts = int(rng.poisson(volume * factor))
    if contacts == 0:
        return _Queue(0.0, level, lost, mean(queue.mean_wait_served_seconds))
    return _Queue(
        contacts=float(contacts),
        service_level=rng.binomial(contacts, level) / contacts,
        abandonment=rng.binomial(contacts, lost) / contacts,
        asa_seconds=mean(queue.mean_wait_served_seconds),
    )


def _lognormal(rng: np.random.Generator, cv: float) -> float:
    if cv <= 0:
        return 1.0
    sigma2 = math.log1p(cv * cv)
    return float(rng.lognormal(-0.5 * sigma2, math.sqrt(sigma2)))


def champion_challenger(
    needs: Needs,
    champion: VendorProposal,
    challenger: VendorProposal,
    *,
    initial_share: float = 0.3,
    step: float = 0.1,
    quarters: int | None = None,
    kpi: str = "phone.service_level",
    runs: int = 10_000,
    seed: int = 0,
    handle_time_ratio: Mapping[str, float] | None = None,
    aht_cv: float = 0.05,
) -> pd.DataFrame:
    """Simulate a champion–challenger split over the contract term (module notes).

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    champion, challenger : VendorProposal
        The incumbent and the challenger (different names, sheets in the contract currency).
    initial_share : float, default 0.3
        The challenger's first-quarter share of every channel's volume, in [0, 1].
    step : float, default 0.1
        Share of the volume moved each quarter to the vendor with the better KPI, in (0, 1].
    quarters : int, optional
        Quarters simulated, ≥ 1; by default the contract term (``term_months / 3``, the last
        quarter shorter when the term is not a whole number of quarters).
    kpi : str, default "phone.service_level"
        ``"<channel>.<kpi>"``, the KPI one of :data:`KPIS` (``service_level`` higher is
        better; ``asa_seconds`` and ``abandonment`` lower).
    runs : int, default 10000
        Simulated months behind each quarter's cost, ≥ 1.
    seed : int, default 0
        Seed of the costs and of the measured KPIs, ≥ 0.
    handle_time_ratio : mapping of str to float, optional
        Each vendor's handle time ÷ the forecast (e.g. from a pilot); 1 when not given [-].
    aht_cv : float, default 0.05
        Coefficient of variation of a vendor's handle time from month to month [-].

    Returns
    -------
    pandas.DataFrame
        Index ``quarter`` (1, 2, …); ``month`` (its first, ``YYYY-MM``), ``months``,
        ``champion_share`` and ``challenger_share`` (of every channel's volume) [-],
        ``champion_kpi`` and ``challenger_kpi`` (measured; NaN for a vendor without volume),
        ``leader`` (the vendor that measured better, empty on a tie), ``monthly_cost_mean``
        (expected monthly cost of the split) and ``cost`` (the quarter's) [currency],
        ``champion_only_cost`` (the quarter with the champion alone) [currency].

    Raises
    ------
    ArgumentError
        A bad share, step, quarters, KPI, ratio or coefficient of variation (the message names
        it), or the two proposals share a name.
    """
    vendors = check_proposals(needs, [champion, challenger])
    share = _share(initial_share, "initial_share")
    move = _share(step, "step", positive=True)
    channel, name = _kpi(needs, kpi)
    count_runs = check_runs(runs)
    root = check_seed(seed)
    term = needs.contract.term_months
    if quarters is None:
        count = math.ceil(term / 3)
        lengths = [min(3, term - 3 * q) for q in range(count)]
    else:
        if isinstance(quarters, bool) or not isinstance(quarters, int) or quarters < 1:
            raise ArgumentError(f"quarters must be a whole number ≥ 1; got {quarters!r}")
        lengths = [3] * quarters
    ratios = {v.name: 1.0 for v in vendors}
    for vendor, ratio in (handle_time_ratio or {}).items():
        if vendor not in ratios:
            raise ArgumentError(
                f"handle_time_ratio names {vendor!r}, which is neither the champion nor the "
                "challenger"
            )
        if isinstance(ratio, bool) or not (isinstance(ratio, int | float) and ratio > 0):
            raise ArgumentError(f"handle_time_ratio[{vendor!r}] must be above 0; got {ratio!r}")
        ratios[vendor] = float(ratio)
    if isinstance(aht_cv, bool) or not (isinstance(aht_cv, int | float) and aht_cv >= 0):
        raise ArgumentError(f"aht_cv must be a coefficient of variation ≥ 0; got {aht_cv!r}")
    cv = float(needs.contract.forecast_cv)
    growth = 1.0 + float(needs.contract.monthly_growth)
    higher = KPIS[name]
    rng = np.random.default_rng(np.random.SeedSequence(root, spawn_key=(20, 1)))
    channels = [c.channel.value for c in needs.channels if c.volume_per_month > 0]
    champ, chall = champion.name, challenger.name
    rows = []
    first = 0
    for q, months in enumerate(lengths):
        month = add_months(needs.contract.start_month, first)
        scale = float(np.mean([growth**m for m in range(first, first + months)]))
        scaled = needs.scale_volume(scale)
        split = {c: {champ: 1.0 - share, chall: share} for c in channels}
        monthly = scenario_cost(scaled, vendors, split, count_runs, root, month=month)
        alone = scenario_cost(
            scaled, vendors, dict.fromkeys(channels, champ), count_runs, root, month=month
        )
        measured: dict[str, list[_Queue]] = {champ: [], chall: []}
        for m in range(first, first + months):
            factor = _lognormal(rng, cv)
            for vendor, part in ((champ, 1.0 - share), (chall, share)):
                noise = _lognormal(rng, float(aht_cv))
                if part <= 0:
                    continue
                volume = channel.volume_per_month * growth**m * part
                measured[vendor].append(
                    _month_queue(channel, volume, factor, ratios[vendor] * noise, rng)
                )
        kpis = {}
        for vendor, months_measured in measured.items():
            contacts = np.array([x.contacts for x in months_measured])
            values = np.array([getattr(x, name) for x in months_measured])
            kpis[vendor] = (
                float((contacts * values).sum() / contacts.sum())
                if contacts.size and contacts.sum() > 0
                else math.nan
            )
        leader = ""
        a, b = kpis[champ], kpis[chall]
        if np.isfinite(a) and np.isfinite(b) and a != b:
            leader = champ if (a > b) == higher else chall
        rows.append(
            {
                "quarter": q + 1,
                "month": month,
                "months": months,
                "champion_share": 1.0 - share,
                "challenger_share": share,
                "champion_kpi": a,
                "challenger_kpi": b,
                "leader": leader,
                "monthly_cost_mean": monthly,
                "cost": monthly * months,
                "champion_only_cost": alone * months,
            }
        )
        if leader == chall:
            share = min(1.0, round(share + move, 12))
        elif leader == champ:
            share = max(0.0, round(share - move, 12))
        first += months
    return pd.DataFrame(rows).set_index("quarter")
