"""Interval staffing: agents per half hour of a typical week for one traffic profile."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray, IntArray
from vendoreval.calendar import (
    MAX_SCHEDULED_HOURS_PER_FTE_MONTH,
    SCHEDULED_HOURS_PER_FTE_MONTH,
    WEEKS_PER_MONTH,
)
from vendoreval.errors import ArgumentError
from vendoreval.staffing._core import _broadcast, _fraction, _non_negative, _positive
from vendoreval.staffing.agents import agents_required, scheduled_agents
from vendoreval.staffing.erlang import _service_level_any, asa, erlang_a, occupancy

if TYPE_CHECKING:
    import pandas as pd


__all__ = ["IntervalStaffing", "interval_staffing"]


# ----------------------------------------------------------------------------- interval staffing


def _working_hours(value: float) -> float:
    """Scheduled hours of an FTE a month, > 0 and at most 190 (paid hours are refused)."""
    hours = float(_positive("paid_hours_per_fte_month", value, "h/month"))
    if hours > MAX_SCHEDULED_HOURS_PER_FTE_MONTH:
        raise ArgumentError(
            f"paid_hours_per_fte_month = {hours:g} h is above "
            f"{MAX_SCHEDULED_HOURS_PER_FTE_MONTH:g} h of scheduled work a month: give working "
            "time, not paid time (a Korean 209-hour "
            "paid month includes about 35 h of paid weekly rest, 주휴, that nobody works; "
            f"a 40-hour week is {SCHEDULED_HOURS_PER_FTE_MONTH:.2f} h)"
        )
    return hours


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array = np.array(array, copy=True)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, slots=True)
class IntervalStaffing:
    """Staffing of a sequence of intervals, e.g. the 336 half hours of a typical week.

    Build it with :func:`interval_staffing` or :func:`staff_channel`. Arrays are read-only and
    share the shape of ``volumes``.

    Attributes
    ----------
    interval_minutes : float
        Length of each interval [min].
    volumes : numpy.ndarray
        Contacts offered per interval [contacts].
    aht_seconds : numpy.ndarray
        Mean handle time per interval [s].
    traffic : numpy.ndarray
        Offered load per interval [Erlang].
    agents : numpy.ndarray of int64
        Productive agents required per interval (Erlang C and the occupancy ceiling) [agents].
    scheduled_agents : numpy.ndarray of int64
        Agents to schedule per interval after shrinkage [agents].
    service_level : numpy.ndarray
        Expected Erlang C service level with ``agents`` (1 where there is no traffic) [-].
    asa_seconds : numpy.ndarray
        Erlang C average speed of answer with ``agents`` [s].
    mean_wait_seconds : numpy.ndarray
        Mean queue time of all contacts [s]: Erlang A when a patience was given, else the
        Erlang C ASA.
    abandon_probability : numpy.ndarray
        Erlang A probability of abandoning (0 without a patience: Erlang C customers wait) [-].
    occupancy : numpy.ndarray
        ``traffic / agents`` (0 where there is no traffic) [-].
    shrinkage : float
        Share of scheduled time not spent on contacts [-].
    paid_hours_per_fte_month : float
        Scheduled working hours of one full-time equivalent in a month [h/month] (the name is
        kept from earlier versions).
    patience_seconds : float or None
        Mean customer patience used for ``mean_wait_seconds`` [s].
    """

    interval_minutes: float
    volumes: FloatArray
    aht_seconds: FloatArray
    traffic: FloatArray
    agents: IntArray
    scheduled_agents: IntArray
    service_level: FloatArray
    asa_seconds: FloatArray
    mean_wait_seconds: FloatArray
    abandon_probability: FloatArray
    occupancy: FloatArray
    shrinkage: float
    paid_hours_per_fte_month: float
    patience_seconds: float | None

    @property
    def interval_hours(self) -> float:
        """Length of each interval [h]."""
        return self.interval_minutes / 60.0

    @property
    def agent_hours_per_week(self) -> float:
        """Productive agent hours over the intervals, taken to be one week [h/week]."""
        return float(self.agents.sum()) * self.interval_hours

    def agent_hours_per_month(self, weeks_per_month: float = WEEKS_PER_MONTH) -> float:
        """Productive agent hours a month [h/month].

        Parameters
        ----------
        weeks_per_month : float, default 52/12
            Weeks in a month [weeks/month].
        """
        weeks = float(_positive("weeks_per_month", weeks_per_month, "weeks/month"))
        return self.agent_hours_per_week * weeks

    @property
    def scheduled_hours_per_month(self) -> float:
        """Scheduled (paid, on-shift) agent hours a month, at 52/12 weeks a month [h/month]."""
        return float(self.scheduled_agents.sum()) * self.interval_hours * WEEKS_PER_MONTH

    def fte(
        self,
        paid_hours_per_fte_month: float | None = None,
        shrinkage: float | None = None,
    ) -> float:
        """Full-time equivalents needed: productive hours ÷ productive hours of one FTE.

        .. math:: \\mathrm{FTE} = \\frac{\\text{agent hours a month}}{H_{paid}\\,(1 - s)}

        Parameters
        ----------
        paid_hours_per_fte_month : float, optional
            Scheduled working hours of one FTE a month, at most 190 [h/month]; defaults to
            the value this result was built with (40 h a week unless told otherwise).
        shrinkage : float, optional
            Share of paid time not spent on contacts, in [0, 1) [-]; defaults to the
            shrinkage this result was built with.

        Returns
        -------
        float
            FTEs [FTE] (fractional; no rounding per interval, unlike
            ``scheduled_hours_per_month``).
        """
        paid = (
            self.paid_hours_per_fte_month
            if paid_hours_per_fte_month is None
            else paid_hours_per_fte_month
        )
        shrink = self.shrinkage if shrinkage is None else shrinkage
        paid_checked = _working_hours(paid)
        shrink_checked = float(_fraction("shrinkage", shrink, closed_low=True, closed_high=False))
        return self.agent_hours_per_month() / (paid_checked * (1.0 - shrink_checked))

    @property
    def peak_agents(self) -> int:
        """Largest productive head-count over the intervals [agents]."""
        return int(self.agents.max()) if self.agents.size else 0

    @property
    def peak_scheduled_agents(self) -> int:
        """Largest scheduled head-count over the intervals [agents]."""
        return int(self.scheduled_agents.max()) if self.scheduled_agents.size else 0

    def to_frame(self) -> pd.DataFrame:
        """One row per interval.

        Returns
        -------
        pandas.DataFrame
            Index ``interval`` (0, 1, …). When the intervals span exactly one week, columns
            ``weekday`` (``Mon`` … ``Sun``) and ``start`` (``HH:MM``) come first. Then
            ``volume`` [contacts], ``aht_seconds`` [s], ``traffic_erlang`` [Erlang],
            ``agents``, ``scheduled_agents`` [agents], ``service_level`` [-],
            ``asa_seconds``, ``mean_wait_seconds`` [s], ``abandon_probability`` and
            ``occupancy`` [-].
        """
        import pandas as pd

        count = self.volumes.size
        columns: dict[str, Any] = {}
        if count and math.isclose(count * self.interval_minutes, 7 * 24 * 60):
            minutes = np.arange(count) * self.interval_minutes
            days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
            columns["weekday"] = [days[int(m // 1440)] for m in minutes]
            columns["start"] = [
                f"{int(m % 1440) // 60:02d}:{round(m % 60) % 60:02d}" for m in minutes
            ]
        columns.update(
            volume=self.volumes,
            aht_seconds=self.aht_seconds,
            traffic_erlang=self.traffic,
            agents=self.agents,
            scheduled_agents=self.scheduled_agents,
            service_level=self.service_level,
            asa_seconds=self.asa_seconds,
            mean_wait_seconds=self.mean_wait_seconds,
            abandon_probability=self.abandon_probability,
            occupancy=self.occupancy,
        )
        return pd.DataFrame(columns, index=pd.RangeIndex(count, name="interval"))


def interval_staffing(
    volumes: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
    service_level: npt.ArrayLike,
    interval_minutes: float = 30,
    max_occupancy: npt.ArrayLike = 1.0,
    shrinkage: float = 0.0,
    patience_seconds: float | None = None,
    paid_hours_per_fte_month: float = SCHEDULED_HOURS_PER_FTE_MONTH,
) -> IntervalStaffing:
    """Agents needed in each interval of a period to meet a service-level target.

    Each interval is an independent Erlang C system with traffic
    ``A = volume × AHT / (60 × interval_minutes)``; the head-count is
    :func:`agents_required`, rounded up for shrinkage by :func:`scheduled_agents`.

    Parameters
    ----------
    volumes : array_like
        Contacts offered per interval, 1-D, finite, ≥ 0 [contacts]; e.g. the 336 half hours
        of a typical week, Monday 00:00 first.
    aht_seconds : float or array_like
        Mean handle time (talk + hold + after-call work), scalar or one per interval [s].
    target_seconds : float or array_like
        Answer-time threshold [s], ≥ 0.
    service_level : float or array_like
        Share answered within ``target_seconds``, in (0, 1] [-].
    interval_minutes : float, default 30
        Interval length [min], > 0.
    max_occupancy : float or array_like, default 1.0
        Highest acceptable occupancy, in (0, 1] [-].
    shrinkage : float, default 0.0
        Share of scheduled time not spent on contacts, in [0, 1) [-].
    patience_seconds : float, optional
        Mean customer patience [s], > 0. When given, ``mean_wait_seconds`` and
        ``abandon_probability`` come from Erlang A with the staffed agents (the head-count
        itself stays the conservative Erlang C one).
    paid_hours_per_fte_month : float, default 40 × 52 / 12
        Scheduled working hours of one full-time equivalent a month, at most 190, used by
        :meth:`IntervalStaffing.fte` [h/month] (not the paid hours: a Korean 209-hour paid
        month includes paid weekly rest and is refused).

    Returns
    -------
    IntervalStaffing

    Raises
    ------
    InfeasibleStaffingError
        A target no head-count reaches (``service_level = 1`` with traffic).
    ValueError
        An argument out of range; the message names it and the interval.

    Examples
    --------
    >>> week = interval_staffing([0.0, 120.0, 360.0], 240.0, 20.0, 0.8)
    >>> week.agents.tolist()
    [0, 20, 54]
    """
    v = _non_negative("volumes", volumes, "contacts")
    if v.ndim != 1:
        raise ArgumentError(
            f"volumes must be a 1-D array of contacts per interval; got shape {v.shape}"
        )
    minutes = float(_positive("interval_minutes", interval_minutes, "min"))
    h = _positive("aht_seconds", aht_seconds, "s")
    shrink = float(_fraction("shrinkage", shrinkage, closed_low=True, closed_high=False))
    paid = _working_hours(paid_hours_per_fte_month)
    patience = (
        None
        if patience_seconds is None
        else float(_positive("patience_seconds", patience_seconds, "s", allow_inf=True))
    )
    v, h = _broadcast(volumes=v, aht_seconds=h)
    if v.shape != np.shape(volumes):
        raise ArgumentError(
            "aht_seconds must be a scalar or one value per interval; got shape "
            f"{np.shape(aht_seconds)} for {v.size} volumes"
        )
    traffic = v * h / (60.0 * minutes)
    agents = np.asarray(
        agents_required(traffic, h, target_seconds, service_level, max_occupancy), dtype=np.int64
    )
    t = np.broadcast_to(np.asarray(target_seconds, dtype=np.float64), traffic.shape)
    level = np.asarray(_service_level_any(traffic, agents, h, t), dtype=np.float64)
    answer = np.asarray(asa(traffic, agents, h), dtype=np.float64)
    if patience is None:
        mean_wait = answer
        abandon = np.zeros(traffic.shape)
    else:
        result = erlang_a(traffic, agents, h, patience, t)
        mean_wait = np.asarray(result.mean_wait_seconds, dtype=np.float64)
        abandon = np.asarray(result.prob_abandon, dtype=np.float64)
    occ = np.asarray(occupancy(traffic, agents), dtype=np.float64)
    scheduled = np.asarray(scheduled_agents(agents, shrink), dtype=np.int64)
    return IntervalStaffing(
        interval_minutes=minutes,
        volumes=_readonly(v),
        aht_seconds=_readonly(h),
        traffic=_readonly(traffic),
        agents=_readonly(agents),
        scheduled_agents=_readonly(scheduled),
        service_level=_readonly(level),
        asa_seconds=_readonly(answer),
        mean_wait_seconds=_readonly(mean_wait),
        abandon_probability=_readonly(abandon),
        occupancy=_readonly(occ),
        shrinkage=shrink,
        paid_hours_per_fte_month=paid,
        patience_seconds=patience,
    )
