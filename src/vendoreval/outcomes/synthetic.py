"""A seeded synthetic pilot: vendors and the in-house team answering the same kind of customers.

The default pilot has three arms. ``in-house`` and ``Vendor A`` resolve most contacts;
``Vendor B`` is *busy but poor*: it handles contacts a third faster but resolves fewer, so
its customers call back and its first-contact resolution is clearly lower. It illustrates why
a pilot is judged on outcomes rather than activity, for notebooks, docs and tests.

The generative model, per customer (each customer stays with one arm, as when a pilot routes
by customer):

1. the first contact starts uniformly within the pilot's ``days``;
2. a contact is resolved with the arm's ``resolve_rate``; an unresolved customer contacts
   again with probability ``callback_share`` after an exponential delay (mean
   ``callback_days``); a resolved one, with probability ``new_issue_share``, after an
   exponential delay with mean ``new_issue_days`` (a new, unrelated issue);
3. contacts after the pilot's end are not recorded; the channel of every contact is drawn
   afresh (phone 60%, chat 25%, email 15%), so repeats cross channels;
4. handle time is log-normal with the arm's mean and log-sd 0.5 [s]; a contact is surveyed
   with probability 0.3 (CSAT 1–5, higher when resolved) and QA-evaluated with probability
   0.2 (a Beta score with the arm's mean, concentration 20).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Final

import numpy as np
import numpy.typing as npt
from pydantic import Field

from vendoreval._lazy import pd
from vendoreval._model import Model
from vendoreval.errors import OutcomeRecordError

__all__ = ["DEFAULT_ARMS", "PilotArm", "synthetic_pilot"]

_CHANNELS: Final = np.array(["phone", "chat", "email"], dtype=object)
_CHANNEL_P: Final = (0.60, 0.25, 0.15)
_CSAT_RESOLVED: Final = (0.03, 0.05, 0.12, 0.40, 0.40)
_CSAT_UNRESOLVED: Final = (0.25, 0.25, 0.25, 0.15, 0.10)
_SURVEYED: Final = 0.3
_QA_EVALUATED: Final = 0.2
_QA_CONCENTRATION: Final = 20.0
_HANDLE_LOG_SD: Final = 0.5
_MAX_CONTACTS: Final = 8
_SECONDS_PER_DAY: Final = 86_400.0


class PilotArm(Model):
    """One arm of a synthetic pilot.

    Parameters
    ----------
    vendor : str
        Its name in the ``vendor`` column.
    resolve_rate : float
        Probability a contact resolves the customer's issue [share 0–1].
    mean_handle_seconds : float
        Mean handle time [s], > 0.
    mean_qa_score : float
        Mean QA score [0–1], strictly between 0 and 1.
    """

    vendor: Annotated[str, Field(min_length=1)]
    resolve_rate: Annotated[float, Field(ge=0.0, le=1.0)]
    mean_handle_seconds: Annotated[float, Field(gt=0.0)]
    mean_qa_score: Annotated[float, Field(gt=0.0, lt=1.0)]


DEFAULT_ARMS: Final[tuple[PilotArm, ...]] = (
    PilotArm(vendor="in-house", resolve_rate=0.80, mean_handle_seconds=420, mean_qa_score=0.85),
    PilotArm(vendor="Vendor A", resolve_rate=0.82, mean_handle_seconds=400, mean_qa_score=0.86),
    PilotArm(vendor="Vendor B", resolve_rate=0.60, mean_handle_seconds=280, mean_qa_score=0.74),
)
"""The default arms: the in-house team, a comparable vendor and a busy-but-poor one."""


def _check(name: str, value: float, low: float, high: float, whole: bool = False) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    ok = ok and math.isfinite(value) and low <= value <= high
    if whole:
        ok = ok and isinstance(value, int)
    if not ok:
        kind = "a whole number" if whole else "a number"
        raise OutcomeRecordError(f"{name}: expected {kind} from {low:g} to {high:g}, got {value!r}")


def synthetic_pilot(
    seed: int = 0,
    *,
    arms: Sequence[PilotArm] = DEFAULT_ARMS,
    customers_per_arm: int = 800,
    days: int = 42,
    start: str = "2025-03-03",
    callback_share: float = 0.85,
    callback_days: float = 2.0,
    new_issue_share: float = 0.10,
    new_issue_days: float = 20.0,
) -> pd.DataFrame:
    """Generate pilot contact records, reproducibly from ``seed``.

    Parameters
    ----------
    seed : int
        Seed of the :class:`numpy.random.Generator`; equal seeds give equal records.
    arms : sequence of PilotArm
        The arms (the first is meant as the baseline); names must differ.
    customers_per_arm : int
        Customers routed to each arm [customers], ≥ 1.
    days : int
        Length of the pilot [days], ≥ 1; contacts start on ``start`` + [0, days).
    start : str
        First day of the pilot, ISO 8601 date (UTC); must not be in the future.
    callback_share : float
        Probability an unresolved customer contacts again [share 0–1].
    callback_days : float
        Mean delay of that repeat contact [days], > 0.
    new_issue_share : float
        Probability a resolved customer contacts again about a new issue [share 0–1].
    new_issue_days : float
        Mean delay of that contact [days], > 0.

    Returns
    -------
    pandas.DataFrame
        One row per contact, sorted by ``started_at``: ``vendor``, ``customer_id``,
        ``started_at`` (datetime64, UTC), ``channel``, ``csat`` (nullable Int64, 1–5),
        ``qa_score`` (float, NaN when not evaluated), ``handle_seconds`` [s],
        ``resolved`` (bool). Accepted as is by :func:`~vendoreval.outcomes.compare_pilots`.

    Examples
    --------
    >>> from vendoreval.outcomes import synthetic_pilot
    >>> pilot = synthetic_pilot(seed=0)
    >>> sorted(pilot["vendor"].unique())
    ['Vendor A', 'Vendor B', 'in-house']
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise OutcomeRecordError(f"seed: expected an integer, got {seed!r}")
    _check("customers_per_arm", customers_per_arm, 1, 10**7, whole=True)
    _check("days", days, 1, 3650, whole=True)
    _check("callback_share", callback_share, 0.0, 1.0)
    _check("new_issue_share", new_issue_share, 0.0, 1.0)
    _check("callback_days", callback_days, 1e-9, 1e6)
    _check("new_issue_days", new_issue_days, 1e-9, 1e6)
    arms = tuple(arms)
    names = [arm.vendor for arm in arms]
    if not arms or len(set(names)) != len(names):
        raise OutcomeRecordError(f"arms: expected arms with distinct vendor names, got {names!r}")
    try:
        origin = pd.Timestamp(start, tz="UTC")
    except (ValueError, TypeError):
        raise OutcomeRecordError(f"start: expected an ISO 8601 date, got {start!r}") from None
    if origin + pd.Timedelta(days=days) > pd.Timestamp.now(tz="UTC"):
        raise OutcomeRecordError(f"start: the pilot from {start!r} would end in the future")

    rng = np.random.default_rng(seed)
    arm = np.repeat(np.arange(len(arms)), customers_per_arm)
    customers = arm.size
    resolve = np.array([a.resolve_rate for a in arms])[arm]
    # Contacts generation by generation: every loop handles all customers at once.
    when = rng.uniform(0.0, days, customers)  # [days since start]
    alive = np.ones(customers, dtype=bool)
    who: list[npt.NDArray[np.int64]] = []
    at: list[npt.NDArray[np.float64]] = []
    solved: list[npt.NDArray[np.bool_]] = []
    for _ in range(_MAX_CONTACTS):
        index = np.flatnonzero(alive)
        if index.size == 0:
            break
        resolved = rng.random(index.size) < resolve[index]
        who.append(index)
        at.append(when[index])
        solved.append(resolved)
        again = np.where(
            resolved,
            rng.random(index.size) < new_issue_share,
            rng.random(index.size) < callback_share,
        )
        delay = np.where(
            resolved,
            rng.exponential(new_issue_days, index.size),
            rng.exponential(callback_days, index.size),
        )
        when[index] = when[index] + delay
        alive[:] = False
        alive[index] = again & (when[index] < days)

    customer = np.concatenate(who)
    day = np.concatenate(at)
    resolved_all = np.concatenate(solved)
    n = customer.size
    contact_arm = arm[customer]
    mean_handle = np.array([a.mean_handle_seconds for a in arms])[contact_arm]
    handle = rng.lognormal(np.log(mean_handle) - _HANDLE_LOG_SD**2 / 2, _HANDLE_LOG_SD, n)
    score = (
        np.where(
            resolved_all,
            rng.choice(5, size=n, p=_CSAT_RESOLVED),
            rng.choice(5, size=n, p=_CSAT_UNRESOLVED),
        )
        + 1
    )
    surveyed = rng.random(n) < _SURVEYED
    qa_mean = np.array([a.mean_qa_score for a in arms])[contact_arm]
    qa = rng.beta(qa_mean * _QA_CONCENTRATION, (1.0 - qa_mean) * _QA_CONCENTRATION)
    evaluated = rng.random(n) < _QA_EVALUATED
    channel = rng.choice(_CHANNELS, size=n, p=_CHANNEL_P)
    seconds = np.floor(day * _SECONDS_PER_DAY).astype(np.int64)

    frame = pd.DataFrame(
        {
            "vendor": np.array(names, dtype=object)[contact_arm],
            "customer_id": np.char.add("C", np.char.zfill((customer + 1).astype(str), 6)),
            "started_at": origin + pd.to_timedelta(seconds, unit="s"),
            "channel": channel,
            "csat": pd.Series(score, dtype="Int64").where(surveyed),
            "qa_score": np.where(evaluated, np.round(qa, 3), np.nan),
            "handle_seconds": np.round(handle).astype(np.int64),
            "resolved": resolved_all,
        }
    )
    order = np.lexsort((frame["customer_id"].to_numpy(), seconds))
    return frame.iloc[order].reset_index(drop=True)
