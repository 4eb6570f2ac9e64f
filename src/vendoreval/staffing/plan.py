"""The staffing the buyer's traffic needs: agents per channel and per language, seats, FTEs.

:func:`plan_staffing` runs interval staffing (Erlang C over the 336 half hours of a typical
week, :func:`vendoreval.staffing.staff_channel`) for every channel that has a service-level
target. Languages are separate skill pools: each language's share of every channel is
staffed on its own, so small languages need proportionally more agents than their share.
The coverage and staffing checks compare vendors' seats and language head-counts with it.

Chat and messaging agents run several conversations at once (``ChannelNeeds.concurrency``):
such a channel is staffed as an Erlang queue with handle time ``aht / concurrency``, i.e. of
traffic ÷ concurrency (see :class:`vendoreval.needs.ChannelNeeds` for the approximation and
its sources). An FTE works the *scheduled* hours
(:data:`vendoreval.calendar.SCHEDULED_HOURS_PER_FTE_MONTH`), never the paid hours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from vendoreval.calendar import DAYS_PER_MONTH, SCHEDULED_HOURS_PER_FTE_MONTH, WEEKS_PER_MONTH
from vendoreval.errors import ArgumentError
from vendoreval.staffing._core import _positive
from vendoreval.staffing.intervals import IntervalStaffing, interval_staffing

if TYPE_CHECKING:
    import pandas as pd

    from vendoreval.needs import Needs
    from vendoreval.vocabulary import Channel

__all__ = [
    "PLANNING_MAX_OCCUPANCY",
    "PLANNING_SHRINKAGE",
    "StaffingPlan",
    "agents_needed",
    "agents_needed_by_language",
    "plan_staffing",
    "staff_channel",
    "workload_agents",
    "workload_fte",
]

PLANNING_SHRINKAGE = 0.30
"""Default share of paid time not on contacts (breaks, training, absence) [-].

Industry surveys put contact-center shrinkage around 30–35% of scheduled time.
"""

PLANNING_MAX_OCCUPANCY = 0.85
"""Default ceiling on agent occupancy for planning [-] (sustained occupancy above ~85–90%
burns agents out and raises attrition)."""


@dataclass(frozen=True)
class StaffingPlan:
    """Agents the buyer's traffic needs.

    Attributes
    ----------
    channels : dict of str to IntervalStaffing
        Interval staffing per channel (all languages pooled).
    languages : dict of str to dict of str to IntervalStaffing
        Interval staffing per language and channel (each language its own pool).
    shrinkage : float
        Shrinkage used for scheduled agents [-].
    max_occupancy : float
        Occupancy ceiling used [-].
    unstaffed : tuple of str
        Channels without a service-level target, which cannot be staffed by Erlang C.
    """

    channels: Mapping[str, IntervalStaffing]
    languages: Mapping[str, Mapping[str, IntervalStaffing]]
    shrinkage: float
    max_occupancy: float
    unstaffed: tuple[str, ...] = field(default=())

    @property
    def required_agents(self) -> dict[str, int]:
        """Peak scheduled agents per channel [agents]."""
        return {name: s.peak_scheduled_agents for name, s in self.channels.items()}

    @property
    def required_seats(self) -> int:
        """Peak over the week of scheduled agents summed across channels [seats]."""
        return _peak_total(self.channels.values())

    @property
    def required_agents_by_language(self) -> dict[str, int]:
        """Peak scheduled agents per language pool, all channels together [agents]."""
        return {lang: _peak_total(pool.values()) for lang, pool in self.languages.items()}

    @property
    def agent_hours_per_month(self) -> float:
        """Productive agent hours a month over all channels [h/month]."""
        return float(sum(s.agent_hours_per_month() for s in self.channels.values()))

    def fte(self, paid_hours_per_fte_month: float, shrinkage: float | None = None) -> float:
        """Full-time equivalents for all channels [FTE].

        Parameters
        ----------
        paid_hours_per_fte_month : float
            Scheduled working hours of one FTE a month, at most 190 [h/month] (the name is
            kept from earlier versions; paid hours that include paid rest are refused).
        shrinkage : float, optional
            Share of paid time not on contacts, in [0, 1); default the plan's [-].
        """
        shrink = self.shrinkage if shrinkage is None else shrinkage
        return float(sum(s.fte(paid_hours_per_fte_month, shrink) for s in self.channels.values()))

    def to_frame(self) -> pd.DataFrame:
        """One row per channel: volume, peak agents, scheduled agents, agent hours, FTE."""
        import pandas as pd

        rows = [
            {
                "channel": name,
                "volume_per_week": float(s.volumes.sum()),
                "peak_agents": s.peak_agents,
                "peak_scheduled_agents": s.peak_scheduled_agents,
                "agent_hours_per_month": s.agent_hours_per_month(),
                "fte": s.fte(),
            }
            for name, s in self.channels.items()
        ]
        return pd.DataFrame(rows).set_index("channel")


def _peak_total(staffings: Iterable[IntervalStaffing]) -> int:
    arrays = [s.scheduled_agents for s in staffings]
    if not arrays:
        return 0
    return int(np.sum(arrays, axis=0).max())


def plan_staffing(
    needs: Needs,
    *,
    shrinkage: float = PLANNING_SHRINKAGE,
    max_occupancy: float = PLANNING_MAX_OCCUPANCY,
    paid_hours_per_fte_month: float = SCHEDULED_HOURS_PER_FTE_MONTH,
) -> StaffingPlan:
    """Staff every channel of ``needs`` over a typical week, pooled and per language.

    Parameters
    ----------
    needs : Needs
        The buyer's needs (volumes, handle times, targets, arrival patterns, languages).
    shrinkage : float, default 0.30
        Share of scheduled time not on contacts, in [0, 1) [-].
    max_occupancy : float, default 0.85
        Occupancy ceiling, in (0, 1] [-].
    paid_hours_per_fte_month : float, default 40 × 52 / 12
        Scheduled working hours of one FTE a month, at most 190 [h/month].

    Returns
    -------
    StaffingPlan
    """
    pooled: dict[str, IntervalStaffing] = {}
    unstaffed: list[str] = []
    for item in needs.channels:
        if item.service_level is None:
            unstaffed.append(item.channel.value)
            continue
        pooled[item.channel.value] = staff_channel(
            needs,
            item.channel,
            shrinkage=shrinkage,
            paid_hours_per_fte_month=paid_hours_per_fte_month,
            max_occupancy=max_occupancy,
        )
    by_language: dict[str, dict[str, IntervalStaffing]] = {}
    for language in needs.languages:
        share_needs = needs.scale_volume(language.share)
        by_language[language.language] = {
            name: staff_channel(
                share_needs,
                name,
                shrinkage=shrinkage,
                paid_hours_per_fte_month=paid_hours_per_fte_month,
                max_occupancy=max_occupancy,
            )
            for name in pooled
        }
    return StaffingPlan(
        channels=pooled,
        languages=by_language,
        shrinkage=shrinkage,
        max_occupancy=max_occupancy,
        unstaffed=tuple(unstaffed),
    )


def staff_channel(
    needs: Needs,
    channel: Channel | str,
    shrinkage: float = 0.0,
    paid_hours_per_fte_month: float = SCHEDULED_HOURS_PER_FTE_MONTH,
    max_occupancy: float = 1.0,
    weeks_per_month: float = WEEKS_PER_MONTH,
) -> IntervalStaffing:
    """Staff one channel of a buyer's needs over the 336 half hours of a typical week.

    The channel's monthly volume becomes a week's (``volume_per_month / weeks_per_month``,
    i.e. × 12/52), spread over the half hours by its arrival pattern (each hour's share split
    evenly into its two halves); its handle time is talk + hold + after-call work divided by
    its concurrency (chat and messaging agents run several conversations at once), its
    target and patience are its own.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    channel : Channel or str
        Which channel (``phone``, ``chat``…).
    shrinkage : float, default 0.0
        Share of scheduled time not spent on contacts, in [0, 1) [-].
    paid_hours_per_fte_month : float, default 40 × 52 / 12
        Scheduled working hours of one FTE a month, at most 190 [h/month].
    max_occupancy : float, default 1.0
        Highest acceptable occupancy, in (0, 1] [-].
    weeks_per_month : float, default 52/12
        Weeks in a month, to turn the monthly volume into a week's [weeks/month].

    Returns
    -------
    IntervalStaffing
        336 half-hour intervals, Monday 00:00 first, in the buyer's time zone.

    Raises
    ------
    KeyError
        The needs have no such channel.
    ValueError
        The channel has no service-level target. Deferred channels (email, social) use their
        response time in hours as the threshold, an Erlang C approximation of a work queue.
    """
    needs_channel = needs.channel(channel)
    target = needs_channel.service_level
    if target is None:
        raise ArgumentError(
            f"channels[{needs_channel.channel.value}].service_level is missing: staffing needs "
            f"a target (share answered within a time)"
        )
    weeks = float(_positive("weeks_per_month", weeks_per_month, "weeks/month"))
    weekly = needs_channel.volume_per_month / weeks
    volumes = weekly * needs_channel.arrival.half_hour_shares()
    # a channel without volume may have no handle time; any positive one gives zero traffic
    aht = needs_channel.effective_aht_seconds if needs_channel.aht_seconds > 0 else 1.0
    return interval_staffing(
        volumes,
        aht_seconds=aht,
        target_seconds=target.threshold_seconds,
        service_level=target.share,
        interval_minutes=30,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
        patience_seconds=needs_channel.patience_seconds,
        paid_hours_per_fte_month=paid_hours_per_fte_month,
    )


def workload_agents(needs: Needs) -> dict[Channel, int]:
    """Agents each channel needs on the floor at its peak, estimated from workload [agents].

    A quick, Erlang-free estimate for when no interval staffing is at hand: weekly contacts
    are ``volume_per_month × 7 / 30.44`` (:data:`vendoreval.calendar.DAYS_PER_MONTH`). For
    live channels (phone, chat, messaging) the busiest hour's offered load
    ``A = contacts in the peak hour × AHT / 3600 / concurrency`` [Erlang] is divided by the
    occupancy
    :data:`PLANNING_MAX_OCCUPANCY`; for deferred
    channels (email, social) the week's workload is spread over the channel's required hours
    first. The result is rounded up. It counts agents busy on contacts only: interval
    staffing for a service-level target (:func:`plan_staffing`), with shrinkage, usually
    needs more.

    Parameters
    ----------
    needs : Needs
        The buyer's channels, volumes, handle times, arrival patterns and hours.

    Returns
    -------
    dict of Channel to int
        Agents on the floor at peak, per channel [agents].
    """
    agents: dict[Channel, int] = {}
    for item in needs.channels:
        weekly = item.volume_per_month * 7 / DAYS_PER_MONTH
        if item.channel.is_realtime:
            peak_contacts = weekly * float(item.arrival.shares().max())
            load = peak_contacts * item.effective_aht_seconds / 3600.0
        else:
            load = weekly * item.aht_seconds / 3600.0 / needs.hours_for(item.channel).hours_per_week
        agents[item.channel] = math.ceil(load / PLANNING_MAX_OCCUPANCY - 1e-9)
    return agents


def workload_fte(needs: Needs, shrinkage: float) -> float:
    """Full-time agents the buyer's monthly workload keeps employed [FTE].

    ``Σ volume × effective handle time ÷ 3600 ÷ occupancy`` agent hours a month (the
    effective handle time divides by the channel's concurrency, as interval staffing does;
    occupancy :data:`PLANNING_MAX_OCCUPANCY`), divided by the hours one FTE is available:
    :data:`~vendoreval.calendar.SCHEDULED_HOURS_PER_FTE_MONTH` × (1 − shrinkage). 50,000
    calls of 240 s: 3,333.3 h ÷ 0.85 = 3,921.6 h; ÷ (173.33 × 0.7 = 121.33 h) = 32.3 FTE.

    Parameters
    ----------
    needs : Needs
        The buyer's channels with volumes, handle times and concurrency.
    shrinkage : float
        Share of scheduled time not on contacts, in [0, 1) [-].

    Returns
    -------
    float
        Agents employed on the account [FTE]; no peak or service-level target is applied
        (see :func:`agents_needed` for agents on the floor at the peak).
    """
    hours = (
        math.fsum(item.volume_per_month * item.effective_aht_seconds for item in needs.channels)
        / 3600
    )
    return hours / PLANNING_MAX_OCCUPANCY / (SCHEDULED_HOURS_PER_FTE_MONTH * (1.0 - shrinkage))


def agents_needed(
    needs: Needs, interval_agents: Mapping[Channel, int] | None = None
) -> tuple[dict[Channel, int], str]:
    """Peak agents needed per required channel [agents], and where the figures come from.

    This is the one definition of "agents the buyer needs" that the coverage and staffing
    checks, the questionnaire and the evaluation use.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    interval_agents : mapping of Channel to int, optional
        Peak agents from interval staffing (:attr:`StaffingPlan.required_agents`), where
        known; other channels are estimated with :func:`workload_agents`.

    Returns
    -------
    agents : dict of Channel to int
        Peak agents per channel of the needs [agents].
    source : str
        Where the figures come from, for reasons ("from interval staffing", "estimated as
        peak-hour workload at 85% occupancy", or both).
    """
    given = dict(interval_agents or {})
    estimated = [c for c in needs.channel_names if c not in given]
    estimate = workload_agents(needs) if estimated else {}
    agents = {c: given[c] if c in given else estimate[c] for c in needs.channel_names}
    workload = f"peak-hour workload at {PLANNING_MAX_OCCUPANCY:.0%} occupancy"
    if not estimated:
        return agents, "from interval staffing"
    if len(estimated) == len(agents):
        return agents, f"estimated as {workload}"
    names = ", ".join(c.value for c in estimated)
    return agents, f"from interval staffing; {names} estimated as {workload}"


def agents_needed_by_language(
    needs: Needs,
    interval_agents: Mapping[Channel, int] | None = None,
    interval_by_language: Mapping[str, int] | None = None,
) -> tuple[dict[str, int], str]:
    """Agents needed per language at peak [agents], and where the figures come from.

    A language's figure is ``interval_by_language[language]`` when given (each language
    staffed as its own pool, :attr:`StaffingPlan.required_agents_by_language`), else its
    share of contacts × the total agents needed at peak (:func:`agents_needed`), rounded up.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    interval_agents : mapping of Channel to int, optional
        Peak agents per channel from interval staffing, where known.
    interval_by_language : mapping of str to int, optional
        Peak agents per language from interval staffing, where known.

    Returns
    -------
    agents : dict of str to int
        Peak agents per language of the needs [agents].
    source : str
        Where the figures come from, for reasons.
    """
    agents, source = agents_needed(needs, interval_agents)
    total = sum(agents.values())
    given = dict(interval_by_language or {})
    needed = {
        lang.language: given.get(lang.language, math.ceil(lang.share * total - 1e-9))
        for lang in needs.languages
    }
    shared = [lang.language for lang in needs.languages if lang.language not in given]
    share_text = f"language share of {total} agents needed at peak, {source}"
    if not shared:
        return needed, "from interval staffing by language"
    if len(shared) == len(needed):
        return needed, share_text
    return needed, f"from interval staffing by language; {', '.join(shared)} by {share_text}"
