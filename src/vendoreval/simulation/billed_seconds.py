"""Billed seconds of a voice contact, exactly, and of a month of contacts.

One offered voice contact
-------------------------
A contact's *billable* seconds are ``X = H_b + W_b`` where

* ``H_b`` is the billed part of its handle time. Handle time (talk + hold + after-call work) is
  lognormal with the channel's mean ``aht_seconds`` and coefficient of variation
  ``handle_time_cv``; the components are taken in fixed proportion to it, so when a sheet bills
  only some of them ``H_b = c·H`` with ``c`` the billed share of the mean (still lognormal, same
  CV). ``handle_time_cv = 0`` gives a fixed handle time.
* ``W_b`` is the customer's queue time when the sheet bills ``wait`` (else 0). From the queue
  model (:class:`WaitProfile`) a contact waits with probability ``P(wait)``; its wait is then
  exponential with the queue model's conditional mean ``E[W | W > 0]``. A contact that abandons
  (probability ``P(abandon) ≤ P(wait)``) has no handle time, only its wait.

The billable whole seconds ``D = ⌈X⌉`` have an exact pmf on the 1-second grid
``d = 0, 1, …, L``, computed from the survival function ``S(d) = P(X > d)``:

* handle time alone: ``S_H(d) = Q((ln d − m)/s)`` (``Q`` the standard normal tail);
* handle time plus an exponential wait of rate ``λ`` (conditioning on ``H``):
  ``S_{H+W}(d) = S_H(d) + Σ_{j ≤ d} e^{−λ(d−j)} g_j`` with
  ``g_j = ∫_{j−1}^{j} e^{−λ(j−h)} f_H(h) dh`` — a convolution on the grid of the per-second
  masses ``g`` with the exponential kernel, carried out exactly by a blocked, rescaled
  cumulative sum (no FFT round-off). ``g_j`` is the bin's exact mass less
  ``∫ (1 − e^{−λ(j−h)}) f_H``, the latter by 8-point Gauss–Legendre quadrature in the
  log-time variable on ``max(1, ⌈2λ⌉)`` panels per bin (36 times more on bins wider than half
  a standard deviation), so the quadrature acts only on a correction below ``λ`` times the
  bin's mass (the pmf agrees with 30-digit numerical integration to about 10⁻¹³ relative);
* the wait alone (abandoned contacts): ``S_W(d) = e^{−λd}``.

``L`` is the smallest grid end with ``P(X > L) ≤ 10⁻¹²`` (:data:`TAIL_MASS`, from the normal and
exponential tail bounds), capped at :data:`MAX_GRID_SECONDS`; the remaining tail mass, computed
exactly, is put in the last bin, so the pmf sums to 1 and :attr:`ContactSeconds.tail_mass`
reports what was moved. The pmf of *billed* seconds is ``D`` mapped through the billing
increment (:meth:`BillingIncrement.billed_seconds`); means, variances and the third absolute
central moment are sums over that pmf. The standard normal tail is evaluated with a vectorized
complementary error function (series below 1.5, Laplace continued fraction above) accurate to
about 10⁻¹³ relative.

A month of contacts
-------------------
For ``N`` contacts in a month the billed total ``S = Σ B_i`` is drawn exactly — the sum of ``N``
inverse-CDF draws from the pmf — when ``N ≤ N₀`` (:data:`EXACT_SUM_LIMIT`, 2,000), and from the
normal limit ``S ~ Normal(N μ, N σ²)`` above it, so the cost of a draw never grows with the
month's volume. The error of the normal limit is bounded by the Berry–Esseen inequality

.. math:: \\sup_x |F_S(x) − Φ((x − Nμ)/(σ\\sqrt N))| ≤ \\frac{C\\,ρ}{σ^3 \\sqrt N},
          \\quad ρ = E|B − μ|^3,\\; C = 0.4748

(:func:`berry_esseen_bound`). At ``N₀`` it is a few per cent for usual handle-time
distributions (e.g. 0.03 for per-minute billing of a 315 s mean with CV 0.7), and the actual
distance is smaller still. Under ``rounding: monthly`` the whole billable seconds ``D`` are
summed the same way and the caller rounds the month's total once by the increment, as an
invoice does.

Where the parts live
--------------------
This module holds the contact model: :class:`WaitProfile`, :class:`ContactSeconds` and
:func:`contact_seconds`. The survival functions and per-second masses on the grid are in
:mod:`~vendoreval.simulation.seconds_grid`, the normal tail in
:mod:`~vendoreval.simulation.normal_tail`, and :class:`SecondsPmf` with the monthly sums and
the Berry–Esseen bound in :mod:`~vendoreval.simulation.seconds_pmf`; their public names are
also importable from here.

References
----------
.. [1] A. C. Berry, "The accuracy of the Gaussian approximation to the sum of independent
   variates", Transactions of the AMS 49(1), 1941, 122–136.
.. [2] C.-G. Esseen, "On the Liapunoff limit of error in the theory of probability", Arkiv för
   Matematik, Astronomi och Fysik 28A(9), 1942, 1–19.
.. [3] I. G. Shevtsova, "On the absolute constants in the Berry–Esseen type inequalities for
   identically distributed summands", arXiv:1111.6554, 2011 (the constant 0.4748).
.. [4] M. Abramowitz and I. A. Stegun, *Handbook of Mathematical Functions*, 1964, 7.1.6 (the
   series of erf) and 7.1.14 (the continued fraction of erfc).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from vendoreval.errors import ArgumentError
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.simulation.normal_tail import normal_sf
from vendoreval.simulation.seconds_grid import Handle, exponential_convolution, pmf_from_sf
from vendoreval.simulation.seconds_pmf import (
    BERRY_ESSEEN_CONSTANT,
    EXACT_SUM_LIMIT,
    SecondsPmf,
    berry_esseen_bound,
    sample_sums,
)

__all__ = [
    "BERRY_ESSEEN_CONSTANT",
    "EXACT_SUM_LIMIT",
    "MAX_GRID_SECONDS",
    "TAIL_MASS",
    "ContactSeconds",
    "SecondsPmf",
    "WaitProfile",
    "berry_esseen_bound",
    "contact_seconds",
    "normal_sf",
    "sample_sums",
]


TAIL_MASS: Final = 1e-12
"""Probability mass beyond the grid end that is folded into the last bin [-]."""

MAX_GRID_SECONDS: Final = 2**20
"""Longest billable duration represented on the grid (about 12 days) [s]."""


# ----------------------------------------------------------------------------- queue outcome


@dataclass(frozen=True, slots=True)
class WaitProfile:
    """How long an offered contact waits in queue, from the queue model.

    Attributes
    ----------
    prob_wait : float
        Probability that the contact queues at all, ``P(W > 0)`` [-].
    mean_wait_if_waiting_seconds : float
        Mean queue time of the contacts that queue, ``E[W | W > 0]`` [s]; the wait is taken
        to be exponential with this mean (0: waits too short to bill).
    prob_abandon : float
        Probability that the contact abandons before an answer, ``≤ prob_wait`` [-].
    """

    prob_wait: float = 0.0
    mean_wait_if_waiting_seconds: float = 0.0
    prob_abandon: float = 0.0

    def __post_init__(self) -> None:
        if not (0.0 <= self.prob_wait <= 1.0):
            raise ArgumentError(f"prob_wait must be in [0, 1]; got {self.prob_wait!r}")
        if not (0.0 <= self.prob_abandon <= self.prob_wait):
            raise ArgumentError(
                f"prob_abandon must be in [0, prob_wait = {self.prob_wait!r}]; "
                f"got {self.prob_abandon!r}"
            )
        mean = self.mean_wait_if_waiting_seconds
        if not (math.isfinite(mean) and mean >= 0):
            raise ArgumentError(
                f"mean_wait_if_waiting_seconds must be finite and ≥ 0 [s]; got {mean!r}"
            )

    @property
    def mean_wait_seconds(self) -> float:
        """Mean queue time of all offered contacts, ``P(wait)·E[W | W > 0]`` [s]."""
        return self.prob_wait * self.mean_wait_if_waiting_seconds

    @property
    def prob_wait_if_answered(self) -> float:
        """Probability that an answered contact queued first [-]."""
        if self.prob_abandon >= 1.0:
            return 0.0
        return (self.prob_wait - self.prob_abandon) / (1.0 - self.prob_abandon)


# ----------------------------------------------------------------------------- one contact


@dataclass(frozen=True, slots=True, eq=False)
class ContactSeconds:
    """Billable and billed seconds of one offered voice contact (see the module notes).

    Whole seconds are what an invoice calls *actual* seconds: the billable components summed
    and rounded up per contact, before the billing increment.

    Attributes
    ----------
    increment : BillingIncrement
        The billing increment.
    bills_wait : bool
        Whether the customer's queue time is billable.
    billable_handle_seconds : float
        Mean billed handle time ``E[H_b]`` [s].
    handle_time_cv : float
        Coefficient of variation of the handle time (0 = fixed) [-].
    wait : WaitProfile
        Queue outcome of an offered contact.
    answered : SecondsPmf
        Whole billable seconds ``D = ⌈X⌉`` of an answered contact [s].
    abandoned : SecondsPmf
        Whole billable seconds of an abandoned contact (all 0 unless the wait is billed) [s].
    answered_billed, abandoned_billed : SecondsPmf
        The same after the billing increment [s].
    answered_handle_mean : float
        ``E[⌈H_b⌉]``: mean whole seconds of an answered contact without its wait [s].
    tail_mass : float
        Mass beyond the grid end folded into its last bin [-] (≤ 10⁻¹² unless the grid was
        capped at :data:`MAX_GRID_SECONDS`).
    grid_seconds : int
        Grid end ``L`` [s].
    """

    increment: BillingIncrement
    bills_wait: bool
    billable_handle_seconds: float
    handle_time_cv: float
    wait: WaitProfile
    answered: SecondsPmf
    abandoned: SecondsPmf
    answered_billed: SecondsPmf
    abandoned_billed: SecondsPmf
    answered_handle_mean: float
    tail_mass: float
    grid_seconds: int

    @property
    def prob_abandon(self) -> float:
        """Probability that an offered contact abandons [-]."""
        return self.wait.prob_abandon

    def _mix(self, answered: float, abandoned: float) -> float:
        p = self.wait.prob_abandon
        return (1.0 - p) * answered + p * abandoned

    @property
    def seconds(self) -> SecondsPmf:
        """Whole billable seconds ``D`` of an offered contact, answered or not [s]."""
        return _mixture(self.answered, self.abandoned, self.wait.prob_abandon)

    @property
    def billed(self) -> SecondsPmf:
        """Billed seconds ``B`` of an offered contact, answered or not [s]."""
        return _mixture(self.answered_billed, self.abandoned_billed, self.wait.prob_abandon)

    @property
    def mean_billed_seconds(self) -> float:
        """``E[B]`` per offered contact [s]."""
        return self._mix(self.answered_billed.mean, self.abandoned_billed.mean)

    @property
    def mean_actual_seconds(self) -> float:
        """``E[D]``: mean whole billable seconds per offered contact, before the increment [s]."""
        return self._mix(self.answered.mean, self.abandoned.mean)

    @property
    def overhead(self) -> float:
        """Billed ÷ actual seconds ``E[B]/E[D]`` (1 = the increment adds nothing) [-].

        NaN when nothing is billable.
        """
        actual = self.mean_actual_seconds
        return self.mean_billed_seconds / actual if actual > 0 else float("nan")

    @property
    def mean_billed_wait_seconds(self) -> float:
        """Whole seconds of queue time among the billable seconds, per offered contact [s].

        ``E[D] − (1 − P(abandon))·E[⌈H_b⌉]``, as an invoice counts it (the billable seconds
        with and without the wait, each rounded up per contact); 0 when the wait is not billed.
        """
        if not self.bills_wait:
            return 0.0
        without = (1.0 - self.wait.prob_abandon) * self.answered_handle_mean
        return max(self.mean_actual_seconds - without, 0.0)

    @property
    def prob_unbilled_answered(self) -> float:
        """``P(D = 0 | answered)``: an answered contact with nothing billable [-].

        Such a contact costs nothing, neither per minute nor per contact (it is not counted
        as handled). Positive only when no handle-time component is billed.
        """
        pmf = self.answered
        return float(pmf.probs[0]) if pmf.values[0] == 0 else 0.0

    @property
    def answered_positive(self) -> SecondsPmf:
        """Whole billable seconds of an answered contact given ``D > 0`` [s]."""
        return _positive_part(self.answered)

    @property
    def answered_billed_positive(self) -> SecondsPmf:
        """Billed seconds of an answered contact given ``D > 0`` [s]."""
        return _positive_part(self.answered_billed)


def _positive_part(pmf: SecondsPmf) -> SecondsPmf:
    if pmf.values[0] != 0 or pmf.values.size == 1:
        return pmf
    return SecondsPmf.from_grid(pmf.values[1:], pmf.probs[1:])


def _mixture(first: SecondsPmf, second: SecondsPmf, weight_second: float) -> SecondsPmf:
    if weight_second <= 0:
        return first
    if weight_second >= 1:
        return second
    return SecondsPmf.from_grid(
        np.concatenate((first.values, second.values)),
        np.concatenate((first.probs * (1.0 - weight_second), second.probs * weight_second)),
    )


def contact_seconds(
    aht_seconds: float,
    handle_time_cv: float,
    increment: BillingIncrement | str,
    *,
    wait: WaitProfile | None = None,
    bills_wait: bool = False,
    billable_share: float = 1.0,
    tail_mass: float = TAIL_MASS,
) -> ContactSeconds:
    """Exact distribution of one voice contact's whole billable and billed seconds.

    Parameters
    ----------
    aht_seconds : float
        Mean handle time, talk + hold + after-call work [s], ≥ 0.
    handle_time_cv : float
        Coefficient of variation of the handle time (lognormal; 0 = fixed) [-], ≥ 0.
    increment : BillingIncrement or str
        Billing increment, e.g. ``"60/60"`` or ``"1/1"``.
    wait : WaitProfile, optional
        Queue outcome of an offered contact (no queueing when omitted).
    bills_wait : bool, default False
        Whether the customer's queue time is billable.
    billable_share : float, default 1.0
        Share of the mean handle time that is billable, in [0, 1] [-] (e.g. talk + hold of
        talk + hold + acw).
    tail_mass : float, default 1e-12
        Largest probability allowed beyond the grid end [-], in (0, 1e-3).

    Returns
    -------
    ContactSeconds

    Raises
    ------
    ValueError
        A negative or non-finite duration, CV or share (the message names it).

    Examples
    --------
    >>> fixed = contact_seconds(61.0, 0.0, "60/60")
    >>> fixed.answered_billed.values.tolist(), fixed.mean_billed_seconds
    ([120], 120.0)
    """
    inc = (
        increment if isinstance(increment, BillingIncrement) else BillingIncrement.parse(increment)
    )
    for name, value in (("aht_seconds", aht_seconds), ("handle_time_cv", handle_time_cv)):
        if not (math.isfinite(value) and value >= 0):
            raise ArgumentError(f"{name} must be a finite number ≥ 0; got {value!r}")
    if not (0.0 <= billable_share <= 1.0):
        raise ArgumentError(f"billable_share must be in [0, 1]; got {billable_share!r}")
    if not (0.0 < tail_mass < 1e-3):
        raise ArgumentError(f"tail_mass must be in (0, 1e-3); got {tail_mass!r}")
    queue = wait if wait is not None else WaitProfile()
    handle = Handle.of(aht_seconds * billable_share, handle_time_cv)
    mean_wait = queue.mean_wait_if_waiting_seconds
    waits = bills_wait and queue.prob_wait > 0 and mean_wait > 0
    rate = 1.0 / mean_wait if waits else 0.0

    upper = handle.upper(0.5 * tail_mass)
    if waits:
        upper += mean_wait * math.log(2.0 / tail_mass)
    length = int(min(max(math.ceil(upper) + 1, 2), MAX_GRID_SECONDS))
    grid = np.arange(length + 1, dtype=np.float64)
    support = np.arange(length + 1, dtype=np.int64)
    sf_handle = handle.sf(grid)
    handle_only = SecondsPmf.from_grid(support, pmf_from_sf(sf_handle))

    if waits:
        q = queue.prob_wait_if_answered
        with np.errstate(under="ignore"):
            sf_wait = np.exp(-rate * grid)
        y = exponential_convolution(handle.bin_masses(length, sf_handle, rate), rate)
        sf_answered = sf_handle + q * y  # (1 − q)·S_H + q·(S_H + y)
        answered = SecondsPmf.from_grid(support, pmf_from_sf(sf_answered))
        abandoned = SecondsPmf.from_grid(support, pmf_from_sf(sf_wait))
        tail = max(float(sf_answered[-1]), float(sf_wait[-1]))
    else:
        answered = handle_only
        abandoned = SecondsPmf.point(0)
        tail = float(sf_handle[-1])
    return ContactSeconds(
        increment=inc,
        bills_wait=bills_wait,
        billable_handle_seconds=handle.mean,
        handle_time_cv=float(handle_time_cv) if handle.sigma > 0 else 0.0,
        wait=queue,
        answered=answered,
        abandoned=abandoned,
        answered_billed=answered.map(inc),
        abandoned_billed=abandoned.map(inc),
        answered_handle_mean=handle_only.mean,
        tail_mass=tail,
        grid_seconds=length,
    )
