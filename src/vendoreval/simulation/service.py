"""Each vendor's staffing of each channel, and the service it then achieves month by month.

Who staffs how much
-------------------
Every channel is staffed per half hour of a typical week (336 intervals, Monday 00:00 first,
the buyer's time zone), for each month of the term, by one of three rules
(:data:`STAFFING_RULES`):

``committed``
    The sheet commits a head-count to the channel (``PriceSheet.committed_ftes``). Those
    FTEs deliver ``FTE × scheduled hours × (1 − shrinkage)`` productive hours a month,
    i.e. ``K = ⌊that / (365.2425/84)⌋`` whole agent-hours a week, spread over the hours of
    the week (both half hours of an hour get the same agents) in proportion to the agents
    the buyer's target needs there at the first month's forecast, by D'Hondt's
    (Jefferson's) divisor method — which never takes an agent from an hour when ``K`` grows,
    so more FTEs never staff an interval with fewer agents. The agents are the same every
    month.
``commitment``
    The vendor commits to a ``service_level`` (live channels) or ``response_within_hours``
    (deferred channels) on the channel: each month it staffs every interval with the Erlang C
    head-count (:func:`vendoreval.staffing.agents_required`) that meets its *own*
    commitment on the buyer's forecast for that month.
``target``
    Otherwise the same with the buyer's target (``ChannelNeeds.service_level``; 80% in 20 s
    for a live channel without one, 90% within 24 h for a deferred one).

The forecast of month ``m`` is the channel's volume × growth × the month profile and event
peaks (:mod:`vendoreval.needs.seasonality`); handle times are the buyer's × the vendor's
learning curve of that month ÷ the channel's concurrency (chat and messaging agents run
several conversations at once).

What the month's traffic then meets
-----------------------------------
A simulated month has a volume factor ``F`` (its traffic is ``F ×`` the forecast in every
interval). Each interval is an Erlang A queue (M/M/N+M) with the channel's
``patience_seconds`` — Erlang C without one — and the month's KPIs are traffic-weighted
means over the intervals: service level (answered within the threshold ÷ offered, for the
threshold of each commitment), abandonment, the probability of waiting and the mean wait of
all contacts, and the ASA (the mean wait of answered contacts, weighted by them). Deferred
channels are work queues: their ``response_within_hours`` is the Erlang C service level at
the threshold in seconds.

An Erlang C interval whose traffic reaches its agents has no steady state; its contacts are
then taken to wait :data:`WAIT_CAP_SECONDS` (the length of the interval) and none to be
answered within a threshold.

The KPIs are a smooth function of ``F`` for given agents, so they are computed exactly on a
few values of ``F`` and interpolated linearly for each run:

* ``committed`` rule: the agents never change, so the KPIs depend only on the level of the
  traffic, ``F × V_m`` — one curve on a log-spaced grid of levels spanning every month's
  range (without forecast error, exactly each month's forecast level);
* ``commitment`` and ``target`` rules: the KPIs at ``F = 1`` are computed exactly for every
  month, and their change with ``F`` is that of a reference month (the median forecast) on a
  grid of ``F`` values, shifted to each month's exact value at ``F = 1``.

With no forecast error (``F = 1``) the achieved KPIs are therefore exactly the analytic
Erlang values for the same agents and traffic.

References
----------
O. Garnett, A. Mandelbaum and M. Reiman (2002), "Designing a call center with impatient
customers", MSOM 4(3), 208–227 (Erlang A). M. L. Balinski and H. P. Young, *Fair
Representation*, 2nd ed. (2001) — divisor methods and house monotonicity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval._types import FloatArray, IntArray
from vendoreval.calendar import WEEKS_PER_MONTH
from vendoreval.needs import ChannelNeeds, ServiceLevelTarget
from vendoreval.simulation.billed_seconds import WaitProfile
from vendoreval.staffing import agents_required, erlang_a

__all__ = [
    "DEFAULT_DEFERRED_TARGET",
    "DEFAULT_LIVE_TARGET",
    "INTERVALS",
    "STAFFING_RULES",
    "WAIT_CAP_SECONDS",
    "ChannelPlan",
    "KpiCurves",
    "apportion",
    "evaluate_kpis",
    "queue_wait",
]

DEFAULT_LIVE_TARGET: Final = ServiceLevelTarget(share=0.8, answer_within_seconds=20)
"""Service level assumed for a live channel (phone, chat, messaging) without one: 80/20."""

DEFAULT_DEFERRED_TARGET: Final = ServiceLevelTarget(share=0.9, respond_within_hours=24)
"""Service level assumed for a deferred channel (email, social) without one: 90% in 24 h."""

INTERVALS: Final = 336
"""Half hours of a week."""

INTERVAL_MINUTES: Final = 30.0
"""Length of an interval [min]."""

WAIT_CAP_SECONDS: Final = 1800.0
"""Wait taken for the contacts of an overloaded Erlang C interval: its length [s]."""

STAFFING_RULES: Final = ("committed", "commitment", "target")
"""How a vendor staffs a channel (module notes)."""

_Z_NODES: Final = (-4.5, -3.0, -2.0, -1.2, -0.6, 0.0, 0.4, 0.8, 1.2, 1.6, 2.2, 3.0, 4.5)
"""Standard scores of the F grid of a lognormal volume factor (denser near the centre)."""

_LEVEL_NODES: Final = 20
"""Log-spaced levels of the traffic grid of a committed head-count (besides the anchors)."""


def buyer_target(channel: ChannelNeeds) -> ServiceLevelTarget:
    """The buyer's target of ``channel``, or the default of its kind."""
    if channel.service_level is not None:
        return channel.service_level
    return DEFAULT_LIVE_TARGET if channel.channel.is_realtime else DEFAULT_DEFERRED_TARGET


def apportion(weights: npt.ArrayLike, total: int) -> IntArray:
    """Split ``total`` whole units over ``weights`` by D'Hondt's (Jefferson's) method.

    Each unit goes to the largest ``w_i / (a_i + 1)``; the result is house-monotone (a larger
    ``total`` never gives an item fewer units) and meets the lower quota
    ``a_i ≥ ⌊total × w_i / Σw⌋``. Items of weight 0 get nothing.

    Parameters
    ----------
    weights : array_like
        Weights ≥ 0, not all 0 when ``total`` > 0.
    total : int
        Units to split, ≥ 0.

    Returns
    -------
    numpy.ndarray of int64
        Units per item, summing to ``total``.

    Examples
    --------
    >>> apportion([5, 3, 2], 7).tolist()
    [4, 2, 1]
    """
    w = np.asarray(weights, dtype=np.float64)
    out = np.zeros(w.size, dtype=np.int64)
    if total <= 0 or not (w > 0).any():
        return out
    out = np.floor(total * w / w.sum()).astype(np.int64)
    left = total - int(out.sum())
    if left > 0:
        steps = np.arange(1, left + 1, dtype=np.float64)
        with np.errstate(divide="ignore"):
            quotients = w[:, None] / (out[:, None] + steps[None, :])
        flat = quotients.ravel()
        # the ``left`` largest quotients (each row is decreasing, so this is the greedy order);
        # ties go to the earlier interval
        order = np.lexsort((np.arange(flat.size), -flat))[:left]
        np.add.at(out, order // left, 1)
    return np.asarray(out, dtype=np.int64)


# ----------------------------------------------------------------------------- channel plans


@dataclass(frozen=True, eq=False)
class ChannelPlan:
    """One vendor's staffing of one channel over the term.

    Attributes
    ----------
    channel : ChannelNeeds
        The buyer's channel.
    rule : str
        ``committed``, ``commitment`` or ``target`` (module notes).
    agents : numpy.ndarray of int64
        Productive agents per interval and month, ``(months, 336)``.
    traffic : numpy.ndarray
        Forecast traffic per interval and month [Erlang], ``(months, 336)``.
    aht_seconds : numpy.ndarray
        Effective handle time of each month (learning curve, ÷ concurrency) [s], ``(months,)``.
    volumes : numpy.ndarray
        Forecast contacts of each month [contacts], ``(months,)``.
    patience_seconds : float
        The channel's patience [s] (``inf``: Erlang C).
    """

    channel: ChannelNeeds
    rule: str
    agents: IntArray
    traffic: FloatArray
    aht_seconds: FloatArray
    volumes: FloatArray
    patience_seconds: float

    @property
    def agent_hours(self) -> FloatArray:
        """Productive agent hours of each month [h], ``(months,)``."""
        per_week = self.agents.sum(axis=1) * (INTERVAL_MINUTES / 60.0)
        return np.asarray(per_week * WEEKS_PER_MONTH, dtype=np.float64)


def forecast_traffic(
    channel: ChannelNeeds, volumes: FloatArray, aht_seconds: FloatArray
) -> FloatArray:
    """Traffic of each interval of each month [Erlang], ``(months, 336)``.

    ``volume / (52/12) × half-hour share × aht / 1800 s``.
    """
    shares = channel.arrival.half_hour_shares()
    weekly = np.asarray(volumes, dtype=np.float64)[:, None] / WEEKS_PER_MONTH
    seconds = 60.0 * INTERVAL_MINUTES
    return np.asarray(
        weekly * shares[None, :] * (np.asarray(aht_seconds)[:, None] / seconds), dtype=np.float64
    )


def distinct_rows(rows: FloatArray) -> tuple[IntArray, IntArray]:
    """Codes of equal rows of a 2-D array and the first row of each code (hash-based)."""
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    frame = pd.DataFrame(rows)
    codes = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy(dtype=np.int64)
    _, first = np.unique(codes, return_index=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(first, dtype=np.int64)


def staff_to(
    traffic: FloatArray, aht_seconds: FloatArray, threshold_seconds: float, share: float
) -> IntArray:
    """Erlang C head-count of every interval of every month for a service-level target."""
    flat = traffic.ravel()
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=np.float64)[:, None], traffic.shape)
    agents = np.zeros(flat.size, dtype=np.int64)
    busy = np.flatnonzero(flat > 0)
    if busy.size:
        keys = flat[busy] + 1j * aht.ravel()[busy]  # (traffic, handle time) pairs
        unique, codes = np.unique(keys, return_inverse=True)
        needed = agents_required(unique.real, unique.imag, threshold_seconds, share)
        agents[busy] = np.asarray(needed, dtype=np.int64)[codes.ravel()]
    return agents.reshape(traffic.shape)


def committed_agents(
    fte: float,
    scheduled_hours: float,
    shrinkage: float,
    profile: FloatArray,
) -> IntArray:
    """Agents per interval delivered by a committed head-count (rule ``committed``).

    Parameters
    ----------
    fte : float
        Committed full-time agents [FTE].
    scheduled_hours : float
        Scheduled hours of one FTE a month [h/month].
    shrinkage : float
        Share of scheduled time not on contacts [-].
    profile : numpy.ndarray
        Weights of the intervals (the agents the buyer's target needs), ``(336,)``.
    """
    productive = fte * scheduled_hours * (1.0 - shrinkage)
    per_week = productive / WEEKS_PER_MONTH
    units = math.floor(per_week + 1e-9)  # whole agent-hours a week
    hourly = profile.reshape(-1, 2).sum(axis=1)
    weights = hourly if (hourly > 0).any() else np.ones(hourly.size)
    return np.repeat(apportion(weights, units), 2)


# ----------------------------------------------------------------------------- KPI evaluation


@dataclass(frozen=True)
class _Request:
    traffic: FloatArray  # (intervals,) at F = 1
    agents: IntArray  # (intervals,)
    aht: float
    patience: float
    thresholds: tuple[float, ...]
    factors: FloatArray  # (nodes,)


@dataclass
class KpiTable:
    """KPIs of one request at each of its factors (traffic-weighted over the intervals)."""

    service_level: dict[float, FloatArray] = field(default_factory=dict)
    abandonment: FloatArray = field(default_factory=lambda: np.zeros(0))
    prob_wait: FloatArray = field(default_factory=lambda: np.zeros(0))
    mean_wait: FloatArray = field(default_factory=lambda: np.zeros(0))
    asa: FloatArray = field(default_factory=lambda: np.zeros(0))


def evaluate_kpis(requests: Sequence[_Request]) -> list[KpiTable]:
    """Erlang A (C without patience) KPIs of every request at each of its factors.

    All requests are evaluated in one vectorised call on the distinct (traffic, agents,
    handle time, patience, threshold) combinations.
    """
    rows: list[FloatArray] = []
    owners: list[IntArray] = []
    weights: list[FloatArray] = []
    slot = 0
    slots: list[tuple[int, int, int]] = []  # per request: first slot, nodes, thresholds
    for index, request in enumerate(requests):
        busy = np.flatnonzero(request.traffic > 0)
        nodes = request.factors.size
        thresholds = request.thresholds or (0.0,)
        slots.append((slot, nodes, len(thresholds)))
        for t_index, threshold in enumerate(thresholds):
            traffic = (request.factors[:, None] * request.traffic[None, busy]).ravel()
            agents = np.broadcast_to(request.agents[None, busy], (nodes, busy.size)).ravel()
            row = np.empty((traffic.size, 5))
            row[:, 0] = traffic
            row[:, 1] = agents
            row[:, 2] = request.aht
            row[:, 3] = request.patience
            row[:, 4] = threshold
            rows.append(row)
            node_of = np.repeat(np.arange(nodes), busy.size)
            owners.append(slot + t_index * nodes + node_of)
            weights.append(traffic)
        slot += nodes * len(thresholds)
        del index
    tables = [KpiTable() for _ in requests]
    if not rows:
        return tables
    stacked = np.concatenate(rows)
    owner = np.concatenate(owners)
    weight = np.concatenate(weights)
    results = np.zeros((slot, 5))
    if stacked.size:
        inverse, first = distinct_rows(stacked)
        unique = stacked[first]
        result = erlang_a(
            unique[:, 0], unique[:, 1].astype(np.int64), unique[:, 2], unique[:, 3], unique[:, 4]
        )
        patient = np.isinf(unique[:, 3])
        wait = np.asarray(result.mean_wait_seconds, dtype=np.float64)
        served = np.asarray(result.mean_wait_served_seconds, dtype=np.float64)
        level = np.asarray(result.service_level, dtype=np.float64)
        overloaded = patient & ~(wait < WAIT_CAP_SECONDS)
        wait = np.where(overloaded, WAIT_CAP_SECONDS, np.minimum(wait, WAIT_CAP_SECONDS))
        served = np.where(
            np.isfinite(served), np.minimum(served, WAIT_CAP_SECONDS), WAIT_CAP_SECONDS
        )
        served = np.where(overloaded, WAIT_CAP_SECONDS, served)
        level = np.where(overloaded & (unique[:, 1] <= unique[:, 0]), 0.0, level)
        abandon = np.asarray(result.prob_abandon, dtype=np.float64)
        waiting = np.asarray(result.prob_wait, dtype=np.float64)
        per = np.stack([level, abandon, waiting, wait, served], axis=1)[inverse]
        total = np.bincount(owner, weights=weight, minlength=slot)
        answered_weight = weight * (1.0 - per[:, 1])
        answered = np.bincount(owner, weights=answered_weight, minlength=slot)
        for column in range(4):
            sums = np.bincount(owner, weights=weight * per[:, column], minlength=slot)
            results[:, column] = np.divide(
                sums, total, out=np.full(slot, 1.0 if column == 0 else 0.0), where=total > 0
            )
        sums = np.bincount(owner, weights=answered_weight * per[:, 4], minlength=slot)
        results[:, 4] = np.divide(sums, answered, out=np.zeros(slot), where=answered > 0)
    for table, request, (start, nodes, count) in zip(tables, requests, slots, strict=True):
        block = results[start : start + nodes * count].reshape(count, nodes, 5)
        for t_index, threshold in enumerate(request.thresholds):
            table.service_level[threshold] = block[t_index, :, 0].copy()
        table.abandonment = block[0, :, 1].copy()
        table.prob_wait = block[0, :, 2].copy()
        table.mean_wait = block[0, :, 3].copy()
        table.asa = block[0, :, 4].copy()
    return tables


# ----------------------------------------------------------------------------- curves


KPI_FIELDS: Final = ("abandonment", "prob_wait", "mean_wait", "asa")
"""KPIs besides the service levels that a :class:`KpiCurves` holds."""


Locator = dict[tuple[int, float], tuple[IntArray, FloatArray]]
"""Cache of interpolation positions: (id of the node array, scale) → (right node, weight)."""


@dataclass(frozen=True, eq=False)
class KpiCurves:
    """The KPIs of one channel plan as functions of the month and its volume factor ``F``.

    Attributes
    ----------
    plan : ChannelPlan
        The staffing.
    thresholds : tuple of float
        Thresholds of the service levels held [s].
    names : tuple of str
        The KPIs held: ``service_level@<threshold>`` for each threshold, then
        :data:`KPI_FIELDS`.
    """

    plan: ChannelPlan
    thresholds: tuple[float, ...]
    names: tuple[str, ...]
    _x: tuple[FloatArray, ...]  # per month: grid nodes in the month's interpolation variable
    _y: tuple[FloatArray, ...]  # per month: (nodes, names) KPI values at the nodes
    _scale: FloatArray  # per month: multiplier of F giving the interpolation variable

    def at(
        self,
        month: int,
        factors: FloatArray,
        names: Sequence[str] | None = None,
        locator: Locator | None = None,
    ) -> dict[str, FloatArray]:
        """KPIs of month ``month`` (0-based) at each volume factor, by name.

        Linear interpolation between the nodes (constant beyond the ends); the node values
        are shares in [0, 1] and waits ≥ 0, and so are the interpolated ones.

        Parameters
        ----------
        month : int
            Month of the term, 0-based.
        factors : numpy.ndarray
            Volume factors [-].
        names : sequence of str, optional
            The KPIs wanted (default all of :attr:`names`).
        locator : dict, optional
            A cache of interpolation positions shared by curves read at the same factors.
        """
        x = self._x[month]
        scale = float(self._scale[month])
        wanted = self.names if names is None else tuple(names)
        columns = [self.names.index(name) for name in wanted]
        matrix = self._y[month][:, columns]
        if x.size == 1:
            result = np.broadcast_to(matrix[0], (factors.size, len(columns)))
        else:
            key = (id(x), scale)
            found = locator.get(key) if locator is not None else None
            if found is None:
                values = np.asarray(factors, dtype=np.float64) * scale
                right = np.clip(np.searchsorted(x, values, side="right"), 1, x.size - 1)
                t = np.clip((values - x[right - 1]) / (x[right] - x[right - 1]), 0.0, 1.0)
                found = (right, t)
                if locator is not None:
                    locator[key] = found
            right, t = found
            low, high = matrix[right - 1], matrix[right]
            result = low + (high - low) * t[:, None]
        # the node values are within range (see build_curves), so is what lies between them
        return {name: result[:, column] for column, name in enumerate(wanted)}

    def exact_nodes(self, month: int) -> FloatArray:
        """The volume factors at which month ``month``'s KPIs are exact [-]."""
        return np.asarray(self._x[month] / self._scale[month], dtype=np.float64)


def factor_nodes(low: float, high: float, cv: float) -> FloatArray:
    """Grid of volume factors covering ``[low, high]``, dense where a lognormal factor of
    coefficient of variation ``cv`` lies, always holding 1 when it is in range."""
    if cv <= 0 or high <= low:
        return np.unique(np.array([low, 1.0, high]) if low <= 1.0 <= high else [low, high])
    sigma = math.sqrt(math.log1p(cv * cv))
    nodes = np.exp(-0.5 * sigma * sigma + sigma * np.array(_Z_NODES))
    nodes = np.concatenate([nodes, [low, high, 1.0]])
    nodes = nodes[(nodes >= low) & (nodes <= high)]
    return np.unique(nodes)


def _in_range(values: FloatArray, names: Sequence[str]) -> FloatArray:
    """Shares clipped to [0, 1] and waits to ≥ 0, column by column of ``values``."""
    out = values.copy()
    for column, name in enumerate(names):
        if name in ("mean_wait", "asa"):
            out[:, column] = np.maximum(out[:, column], 0.0)
        else:
            out[:, column] = np.clip(out[:, column], 0.0, 1.0)
    return out


def _table_matrix(table: KpiTable, thresholds: tuple[float, ...]) -> FloatArray:
    """(nodes, KPIs) values: the service levels of each threshold, then :data:`KPI_FIELDS`."""
    columns = [table.service_level[t] for t in thresholds]
    columns += [table.abandonment, table.prob_wait, table.mean_wait, table.asa]
    return np.asarray(np.stack(columns, axis=1), dtype=np.float64)


def build_curves(
    plans: Sequence[tuple[ChannelPlan, tuple[float, ...]]],
    factor_low: float,
    factor_high: float,
    cv: float,
) -> list[KpiCurves]:
    """KPI curves of every plan (with the service-level thresholds each needs).

    ``factor_low`` and ``factor_high`` bound the volume factors the curves are read at.
    """
    requests: list[_Request] = []
    layout: list[list[tuple[str, int, int, FloatArray]]] = []
    nodes = factor_nodes(factor_low, factor_high, cv)
    for plan, thresholds in plans:
        months = plan.agents.shape[0]
        entries: list[tuple[str, int, int, FloatArray]] = []
        patience = plan.patience_seconds
        groups: dict[float, list[int]] = {}
        for m in range(months):
            groups.setdefault(float(plan.aht_seconds[m]), []).append(m)
        for aht, members in groups.items():
            if plan.rule == "committed":
                base = members[0]
                scales = plan.volumes[members] / max(float(plan.volumes[base]), 1e-300)
                low = factor_low * float(scales.min())
                high = factor_high * float(scales.max())
                if cv > 0 and high > low > 0:
                    levels = np.geomspace(low, high, _LEVEL_NODES)
                else:  # no forecast error: exactly each month's forecast level
                    levels = np.unique(scales)
                requests.append(
                    _Request(
                        plan.traffic[base], plan.agents[base], aht, patience, thresholds, levels
                    )
                )
                entries.append(("level", base, len(requests) - 1, scales))
            else:
                order = np.argsort(plan.volumes[members], kind="stable")
                reference = members[int(order[len(order) // 2])]
                requests.append(
                    _Request(
                        plan.traffic[reference],
                        plan.agents[reference],
                        aht,
                        patience,
                        thresholds,
                        nodes,
                    )
                )
                entries.append(("reference", reference, len(requests) - 1, np.array(members)))
                for m in members:
                    requests.append(
                        _Request(
                            plan.traffic[m],
                            plan.agents[m],
                            aht,
                            patience,
                            thresholds,
                            np.array([1.0]),
                        )
                    )
                    entries.append(("anchor", m, len(requests) - 1, np.array([m])))
        layout.append(entries)
    tables = evaluate_kpis(requests)
    curves: list[KpiCurves] = []
    shared: dict[tuple[object, ...], KpiCurves] = {}
    for (plan, thresholds), entries in zip(plans, layout, strict=True):
        identity = (
            plan.rule,
            plan.agents.tobytes(),
            plan.traffic.tobytes(),
            plan.aht_seconds.tobytes(),
            plan.patience_seconds,
            thresholds,
        )
        if identity in shared:  # an equal plan of another vendor: one curve for both
            curves.append(shared[identity])
            continue
        months = plan.agents.shape[0]
        names = (*(f"service_level@{t:g}" for t in thresholds), *KPI_FIELDS)
        xs: list[FloatArray] = [np.zeros(1)] * months
        ys: list[FloatArray] = [np.zeros((1, len(names)))] * months
        scale = np.ones(months)
        anchors = {
            m: _table_matrix(tables[i], thresholds) for kind, m, i, _ in entries if kind == "anchor"
        }
        for kind, base, i, extra in entries:
            table = _table_matrix(tables[i], thresholds)
            request = requests[i]
            if kind == "level":
                for m_offset, m in enumerate(_members_of(plan, base)):
                    scale[m] = float(extra[m_offset])
                    xs[m] = request.factors
                    ys[m] = table
            elif kind == "reference":
                one = int(np.argmin(np.abs(request.factors - 1.0)))
                for m in extra.tolist():
                    xs[m] = request.factors
                    ys[m] = _in_range(table + (anchors[m][0] - table[one])[None, :], names)
        shared[identity] = KpiCurves(plan, thresholds, names, tuple(xs), tuple(ys), scale)
        curves.append(shared[identity])
    return curves


def _members_of(plan: ChannelPlan, base: int) -> list[int]:
    aht = float(plan.aht_seconds[base])
    return [m for m in range(plan.aht_seconds.size) if float(plan.aht_seconds[m]) == aht]


def queue_wait(channel: ChannelNeeds, volume_per_month: float | None = None) -> WaitProfile:
    """Queue outcome of an offered contact when the channel is staffed at the buyer's target.

    Each half hour of a typical week is staffed with the Erlang C head-count at the channel's
    service-level target (:data:`DEFAULT_LIVE_TARGET` when it has none); Erlang A with the
    channel's ``patience_seconds`` (Erlang C without one) then gives each interval's
    probability of waiting and of abandoning and its mean wait, averaged weighted by volume.

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
    target = buyer_target(channel)
    aht = channel.effective_aht_seconds if channel.aht_seconds > 0 else 1.0
    traffic = forecast_traffic(channel, np.array([volume]), np.array([aht]))
    agents = staff_to(traffic, np.array([aht]), target.threshold_seconds, target.share)
    patience = math.inf if channel.patience_seconds is None else float(channel.patience_seconds)
    table = evaluate_kpis([_Request(traffic[0], agents[0], aht, patience, (), np.array([1.0]))])[0]
    p_wait = float(min(table.prob_wait[0], 1.0))
    p_abandon = min(float(table.abandonment[0]), p_wait)
    mean_wait = float(table.mean_wait[0])
    if p_wait <= 0 or mean_wait <= 0:
        return WaitProfile()
    return WaitProfile(p_wait, mean_wait / p_wait, p_abandon)
