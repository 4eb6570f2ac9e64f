"""Synthetic call records: a realistic month of contacts drawn from a buyer's traffic profile.

:func:`sample_calls` turns :class:`~vendoreval.needs.Needs` into one row per contact, in the
format :func:`vendoreval.pricing.invoice` replays, so price sheets can be compared on
records before real ones exist.

Model
-----
* Volume: per channel, a Poisson count with mean ``volume_per_month``.
* Start times: each contact falls in an hour of the month with probability proportional to
  the channel's weekly arrival share of that hour (``arrival.shares()``, Monday 00:00
  first) — holidays listed in the needs take Sunday's shape — and uniformly within the hour,
  in the buyer's time zone.
* Handle times: talk and after-call work are lognormal with the channel's means and
  coefficient of variation ``handle_time_cv``; hold occurs on 35% of contacts (lognormal,
  scaled so that its mean over all contacts is ``hold_seconds``).
* Queue wait (live channels: phone, chat, messaging): the same queue model as the cost
  simulation (:func:`vendoreval.simulation.queue_wait`: each half hour staffed at the
  channel's service-level target by Erlang C, outcomes by Erlang A with the channel's
  ``patience_seconds``). A contact queues with probability ``P(wait)``, for an exponential
  time with mean ``E[W | W > 0]``; a share ``P(abandon) / P(wait)`` of those who queue
  abandon: their talk, hold and after-call work are 0 and only the wait remains.
  Deferred channels (email, social) have no wait.
* ``language`` is drawn from the needs' language shares; ``resolved`` is True for about
  75% of handled contacts and False for abandoned ones.

Durations are whole seconds (int64).

References
----------
Gans, Koole & Mandelbaum (2003), *Telephone call centers: tutorial, review, and research
prospects*, Manufacturing & Service Operations Management 5(2):79-141 — lognormal service
times, time-varying Poisson arrivals and exponential patience.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.calendar import month_bounds
from vendoreval.needs import ChannelNeeds, Needs
from vendoreval.vocabulary import Channel

__all__ = ["sample_calls"]

_HOLD_SHARE: Final = 0.35
_RESOLVED_SHARE: Final = 0.75
_SECONDS_PER_HOUR: Final = 3_600


def _month_hours(month: str) -> tuple[pd.DatetimeIndex, npt.NDArray[np.int64]]:
    """Local (naive) start of every hour of ``month`` and its hour of the week (Mon 00:00 = 0)."""
    first, following = month_bounds(month)
    hours = pd.date_range(first, following, freq="h", inclusive="left", unit="s")
    hour_of_week = np.asarray(hours.day_of_week * 24 + hours.hour, dtype=np.int64)
    return hours, hour_of_week


def _lognormal(
    rng: np.random.Generator, mean: float, cv: float, size: int
) -> npt.NDArray[np.float64]:
    """Lognormal draws with the given mean [s] and coefficient of variation [-]."""
    if mean <= 0:
        return np.zeros(size)
    if cv <= 0:
        return np.full(size, mean)
    sigma2 = np.log1p(cv * cv)
    return rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), size)


def _whole(values: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    return np.rint(values).astype(np.int64)


def _channel_frame(
    rng: np.random.Generator,
    needs: Needs,
    item: ChannelNeeds,
    hours: pd.DatetimeIndex,
    hour_of_week: npt.NDArray[np.int64],
    holiday: npt.NDArray[np.bool_],
) -> dict[str, npt.NDArray[np.generic]]:
    shares = item.arrival.shares()
    sunday = hour_of_week % 24 + 6 * 24
    weights = np.where(holiday, shares[sunday], shares[hour_of_week])
    if weights.sum() <= 0:
        weights = np.ones(weights.shape[0])
    probabilities = weights / weights.sum()
    count = int(rng.poisson(item.volume_per_month))
    per_hour = rng.multinomial(count, probabilities)
    slot = np.repeat(np.arange(hours.shape[0]), per_hour)
    within = rng.integers(0, _SECONDS_PER_HOUR, count)
    local_ns = (hours.asi8[slot] + within) * 10**9 if count else np.zeros(0, dtype=np.int64)

    cv = float(item.handle_time_cv)
    talk = np.maximum(_whole(_lognormal(rng, float(item.talk_seconds), cv, count)), 1)
    acw = _whole(_lognormal(rng, float(item.acw_seconds), cv, count))
    on_hold = rng.random(count) < _HOLD_SHARE
    hold = _whole(_lognormal(rng, float(item.hold_seconds) / _HOLD_SHARE, cv, count))
    hold[~on_hold] = 0

    wait = np.zeros(count, dtype=np.int64)
    abandoned = np.zeros(count, dtype=bool)
    if item.channel.is_realtime and count:
        from vendoreval.simulation import queue_wait

        profile = queue_wait(item)
        waiting = rng.random(count) < profile.prob_wait
        waited = rng.exponential(max(profile.mean_wait_if_waiting_seconds, 1e-9), count)
        waited[~waiting] = 0.0
        if profile.prob_wait > 0:
            share = profile.prob_abandon / profile.prob_wait
            abandoned = waiting & (rng.random(count) < share)
        wait = _whole(waited)
        talk[abandoned] = 0
        hold[abandoned] = 0
        acw[abandoned] = 0

    tags = [lang.language for lang in needs.languages]
    language_shares = np.array([lang.share for lang in needs.languages], dtype=np.float64)
    language = rng.choice(len(tags), size=count, p=language_shares / language_shares.sum())
    resolved = (rng.random(count) < _RESOLVED_SHARE) & ~abandoned
    return {
        "channel": np.full(count, list(Channel).index(item.channel), dtype=np.int8),
        "local_ns": local_ns,
        "talk_seconds": talk,
        "hold_seconds": hold,
        "acw_seconds": acw,
        "wait_seconds": wait,
        "language": language.astype(np.int16),
        "resolved": resolved,
    }


def sample_calls(needs: Needs, month: str = "2027-01", seed: int = 0) -> pd.DataFrame:
    """A synthetic month of call records drawn from the buyer's traffic profile.

    Parameters
    ----------
    needs : Needs
        Channels (monthly volume, handle times, patience, arrival pattern), languages,
        holidays and time zone of the buyer.
    month : str
        Calendar month to simulate, ``YYYY-MM``.
    seed : int
        Seed of the :class:`numpy.random.Generator`; the same seed gives the same frame.

    Returns
    -------
    pandas.DataFrame
        One row per contact sorted by start time: ``channel`` (categorical), ``started_at``
        (aware, in ``needs.timezone``), ``talk_seconds``, ``hold_seconds``, ``acw_seconds``,
        ``wait_seconds`` [s, int64], ``language`` (categorical) and ``resolved`` (bool).

    Examples
    --------
    >>> from vendoreval.datasets.calls import sample_calls
    >>> calls = sample_calls(needs, month="2027-01", seed=0)  # doctest: +SKIP
    """
    rng = np.random.default_rng(seed)
    hours, hour_of_week = _month_hours(month)
    holiday = np.isin(hours.normalize().date, np.array(needs.holidays, dtype=object))
    parts = [
        _channel_frame(rng, needs, item, hours, hour_of_week, holiday) for item in needs.channels
    ]
    columns = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.argsort(columns["local_ns"], kind="stable")
    local = pd.DatetimeIndex(columns["local_ns"][order].astype("datetime64[ns]"))
    started = local.tz_localize(
        needs.timezone, ambiguous=np.ones(order.shape[0], dtype=bool), nonexistent="shift_forward"
    )
    channels = pd.Index([c.value for c in Channel])
    tags = pd.Index([lang.language for lang in needs.languages])
    return pd.DataFrame(
        {
            "channel": pd.Categorical.from_codes(
                columns["channel"][order].astype(np.int8), categories=channels
            ),
            "started_at": started,
            "talk_seconds": columns["talk_seconds"][order],
            "hold_seconds": columns["hold_seconds"][order],
            "acw_seconds": columns["acw_seconds"][order],
            "wait_seconds": columns["wait_seconds"][order],
            "language": pd.Categorical.from_codes(
                columns["language"][order].astype(np.int16), categories=tags
            ),
            "resolved": columns["resolved"][order],
        }
    )
