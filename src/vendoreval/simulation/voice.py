"""A month's billed voice seconds of one vendor, per run, when its queue varies by run.

Every offered phone contact is answered or abandons; an answered one has billable seconds
``X = H_b + W_b`` (:mod:`vendoreval.simulation.billed_seconds`): the billed share of a
lognormal handle time, plus its queue time when the sheet bills ``wait``. The queue outcome
is the vendor's own and the month's (:mod:`vendoreval.simulation.service`): a contact waits
with probability ``P(wait)``, exponentially with mean ``μ = E[W | W > 0]``, and abandons with
probability ``P(abandon)``.

Sheets that do not bill the wait
    The billed seconds of an answered contact do not depend on the queue: its exact pmf
    (:func:`~vendoreval.simulation.billed_seconds.contact_seconds`) is summed over the
    answered contacts — draw by draw up to :data:`EXACT_SUM_LIMIT` contacts, by the normal
    limit above (:func:`~vendoreval.simulation.billed_seconds.sample_sums`).

Sheets that bill the wait
    The distribution changes with ``μ`` from run to run. Up to :data:`EXACT_SUM_LIMIT`
    contacts a month each contact is drawn (handle time, whether and how long it waits),
    its seconds rounded up and billed by the increment. Above it the normal limit uses the
    per-contact mean and variance, which are mixtures over waiting and not waiting of the
    exact moments of ``⌈H_b + E⌉`` and ``⌈E⌉`` (``E`` exponential with mean ``μ``, billed
    by the increment or not). Those are computed exactly from the pmf at a few values of
    ``μ`` spanning the month's range and interpolated in ``log μ`` — only their *rounding
    excess* over the continuous moments (``E[H_b] + μ`` and
    ``E[H_b²] + 2 E[H_b] μ + 2μ²``, resp. ``μ`` and ``2μ²``), which varies slowly with ``μ``.

Random numbers are common to all vendors: every vendor draws from streams keyed by the run
chunk, the month and the purpose only, so identical offers get identical seconds and
different offers are compared on the same draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from vendoreval._types import BoolArray, FloatArray, IntArray
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.simulation.billed_seconds import (
    EXACT_SUM_LIMIT,
    ContactSeconds,
    SecondsPmf,
    WaitProfile,
    contact_seconds,
    sample_sums,
)

__all__ = ["MU_NODES", "PhoneBilling", "PhoneCounts", "VoiceMonth"]

MU_NODES: Final = 4
"""Conditional mean waits at which the exact moments of a wait-billing sheet are computed."""


@dataclass(frozen=True, slots=True)
class VoiceMonth:
    """Billed voice of one vendor in one month, per run.

    Attributes
    ----------
    billed : numpy.ndarray
        Billed seconds after the increment [s] (monthly rounding: the month's total rounded).
    basis : numpy.ndarray
        Seconds the premiums are shared by: billed seconds, or whole billable seconds under
        monthly rounding [s].
    actual : numpy.ndarray
        Expected whole billable seconds (before the increment) [s].
    wait : numpy.ndarray
        Expected whole seconds of queue time among them [s] (0 unless the wait is billed).
    handled : numpy.ndarray
        Handled phone contacts: answered with billable seconds [contacts].
    expected_billed : numpy.ndarray
        Expected billed seconds, each contact rounded by the increment [s].
    """

    billed: FloatArray
    basis: FloatArray
    actual: FloatArray
    wait: FloatArray
    handled: FloatArray
    expected_billed: FloatArray


@dataclass(frozen=True, slots=True)
class PhoneCounts:
    """A month's phone contacts per run and how their queue went.

    Attributes
    ----------
    answered, abandoned : numpy.ndarray of int64
        Answered and abandoned contacts [contacts].
    q : numpy.ndarray
        Probability that an answered contact waited first [-].
    mu : numpy.ndarray
        Mean wait of the contacts that wait, ``E[W | W > 0]`` [s].
    """

    answered: IntArray
    abandoned: IntArray
    q: FloatArray
    mu: FloatArray

    def where(self, mask: BoolArray) -> PhoneCounts:
        """The runs where ``mask`` holds."""
        return PhoneCounts(self.answered[mask], self.abandoned[mask], self.q[mask], self.mu[mask])


def _moments(pmf: SecondsPmf) -> tuple[float, float]:
    return pmf.mean, pmf.variance + pmf.mean * pmf.mean


@dataclass(frozen=True, eq=False)
class PhoneBilling:
    """How one sheet bills phone contacts of one handle time (see the module notes).

    Build it with :meth:`of`.
    """

    increment: BillingIncrement
    monthly: bool
    bills_wait: bool
    handle: ContactSeconds  # handle only (no wait)
    handle_mean: float  # E[H_b], continuous [s]
    handle_second: float  # E[H_b²], continuous [s²]
    mu_nodes: FloatArray  # log-spaced μ [s]
    answered_excess: FloatArray  # (nodes, 4): excess of E[B], E[B²], E[D], E[D²] over continuous
    abandoned_excess: FloatArray  # (nodes, 4)
    handle_seconds: float
    handle_cv: float

    @classmethod
    def of(
        cls,
        aht_seconds: float,
        cv: float,
        increment: BillingIncrement,
        *,
        monthly: bool,
        bills_wait: bool,
        billable_share: float,
        mu_range: tuple[float, float] = (1.0, 1.0),
    ) -> PhoneBilling:
        """The billing of a handle time ``aht_seconds`` [s] (CV ``cv``) by ``increment``.

        ``mu_range`` bounds the conditional mean waits [s] the wait-billing moments are
        computed for.
        """
        handle = contact_seconds(aht_seconds, cv, increment, billable_share=billable_share)
        mean = aht_seconds * billable_share
        second = mean * mean * (1.0 + cv * cv)
        nodes = np.zeros(0)
        answered = np.zeros((0, 4))
        abandoned = np.zeros((0, 4))
        if bills_wait:
            low, high = max(mu_range[0], 0.5), max(mu_range[1], mu_range[0], 0.5)
            nodes = np.geomspace(low, high, MU_NODES) if high > low * 1.0001 else np.array([low])
            answered = np.zeros((nodes.size, 4))
            abandoned = np.zeros((nodes.size, 4))
            for k, mu in enumerate(nodes):
                exact = contact_seconds(
                    aht_seconds,
                    cv,
                    increment,
                    wait=WaitProfile(1.0, float(mu), 0.5),
                    bills_wait=True,
                    billable_share=billable_share,
                )
                b1, b2 = _moments(exact.answered_billed)
                d1, d2 = _moments(exact.answered)
                continuous1 = mean + mu
                continuous2 = second + 2.0 * mean * mu + 2.0 * mu * mu
                answered[k] = (
                    b1 - continuous1,
                    b2 - continuous2,
                    d1 - continuous1,
                    d2 - continuous2,
                )
                a1, a2 = _moments(exact.abandoned_billed)
                e1, e2 = _moments(exact.abandoned)
                abandoned[k] = (a1 - mu, a2 - 2 * mu * mu, e1 - mu, e2 - 2 * mu * mu)
        return cls(
            increment=increment,
            monthly=monthly,
            bills_wait=bills_wait,
            handle=handle,
            handle_mean=mean,
            handle_second=second,
            mu_nodes=nodes,
            answered_excess=answered,
            abandoned_excess=abandoned,
            handle_seconds=mean,
            handle_cv=cv,
        )

    # ------------------------------------------------------------------ moments

    def _excesses(self, mu: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Rounding excesses of answered and abandoned contacts at each ``mu``, ``(runs, 4)``
        each (columns: billed mean, billed second moment, whole mean, whole second moment)."""
        answered, abandoned = self.answered_excess, self.abandoned_excess
        if self.mu_nodes.size == 1:
            return (
                np.broadcast_to(answered[0], (mu.size, 4)),
                np.broadcast_to(abandoned[0], (mu.size, 4)),
            )
        nodes = np.log(self.mu_nodes)
        x = np.log(np.maximum(mu, 1e-9))
        right = np.clip(np.searchsorted(nodes, x, side="right"), 1, nodes.size - 1)
        t = np.clip((x - nodes[right - 1]) / (nodes[right] - nodes[right - 1]), 0.0, 1.0)[:, None]
        return (
            answered[right - 1] + (answered[right] - answered[right - 1]) * t,
            abandoned[right - 1] + (abandoned[right] - abandoned[right - 1]) * t,
        )

    def moments(
        self,
        q: FloatArray,
        mu: FloatArray,
        *,
        whole: bool,
        excesses: tuple[FloatArray, FloatArray] | None = None,
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Per-contact mean and variance of answered and of abandoned contacts, per run.

        ``whole``: of whole billable seconds (before the increment) instead of billed ones.
        ``q`` is P(wait | answered); ``mu`` the conditional mean wait [s]; ``excesses`` the
        result of the interpolation of the rounding excesses at ``mu``, when already known.
        """
        handle = self.handle.answered if whole else self.handle.answered_billed
        h1, h2 = _moments(handle)
        if not self.bills_wait:
            shape = q.shape
            return (
                np.broadcast_to(np.float64(h1), shape),
                np.broadcast_to(np.float64(max(h2 - h1 * h1, 0.0)), shape),
                np.broadcast_to(np.float64(0.0), shape),
                np.broadcast_to(np.float64(0.0), shape),
            )
        answered, abandoned = excesses if excesses is not None else self._excesses(mu)
        offset = 2 if whole else 0
        w1 = self.handle_mean + mu + answered[:, offset]
        w2 = (
            self.handle_second
            + 2.0 * self.handle_mean * mu
            + 2.0 * mu * mu
            + answered[:, offset + 1]
        )
        m1 = (1.0 - q) * h1 + q * w1
        m2 = (1.0 - q) * h2 + q * w2
        a1 = mu + abandoned[:, offset]
        a2 = 2.0 * mu * mu + abandoned[:, offset + 1]
        return m1, np.maximum(m2 - m1 * m1, 0.0), a1, np.maximum(a2 - a1 * a1, 0.0)

    @property
    def prob_unbilled(self) -> float:
        """P(no billable handle time) of an answered contact that did not wait [-]."""
        return self.handle.prob_unbilled_answered

    # ------------------------------------------------------------------ a month

    def month(self, counts: PhoneCounts, rng: np.random.Generator) -> VoiceMonth:
        """Billed seconds of the answered and abandoned contacts per run (module notes)."""
        answered, abandoned, q, mu = counts.answered, counts.abandoned, counts.q, counts.mu
        exact = (answered + abandoned) <= EXACT_SUM_LIMIT
        whole = self.monthly
        excesses = self._excesses(mu) if self.bills_wait else None
        d1, dv, e1, ev = self.moments(q, mu, whole=True, excesses=excesses)
        b1, bv, f1, fv = self.moments(q, mu, whole=False, excesses=excesses)
        m1, v1, a1, va = (d1, dv, e1, ev) if whole else (b1, bv, f1, fv)
        n_a = answered.astype(np.float64)
        n_b = abandoned.astype(np.float64)
        if self.bills_wait:
            unbilled = self.prob_unbilled * (1.0 - q)
            handled = n_a * (1.0 - unbilled)
            actual = n_a * d1 + n_b * e1
            hd1, _ = _moments(self.handle.answered)
            wait = np.maximum(actual - n_a * hd1, 0.0)
            expected = n_a * b1 + n_b * f1
        else:
            handled = n_a * (1.0 - self.prob_unbilled)
            actual = n_a * float(d1[0]) if n_a.size else n_a.copy()
            wait = np.zeros(n_a.shape)
            expected = n_a * float(b1[0]) if n_a.size else n_a.copy()
        if bool(exact.all()):
            total = self._exact(counts, rng, whole=whole)
        else:
            total = np.empty(n_a.shape)
            large = ~exact
            z = rng.standard_normal(int(large.sum()))
            if bool(large.all()):
                mean = n_a * m1 + n_b * a1
                sd = np.sqrt(n_a * v1 + n_b * va)
                total = np.maximum(mean + sd * z, 0.0)
            else:
                mean = n_a[large] * m1[large] + n_b[large] * a1[large]
                sd = np.sqrt(n_a[large] * v1[large] + n_b[large] * va[large])
                total[large] = np.maximum(mean + sd * z, 0.0)
                total[exact] = self._exact(counts.where(exact), rng, whole=whole)
        if self.monthly:
            billed = np.asarray(self.increment.billed_seconds(total), dtype=np.float64)
            return VoiceMonth(billed, total, actual, wait, handled, expected)
        return VoiceMonth(total, total, actual, wait, handled, expected)

    def _exact(self, counts: PhoneCounts, rng: np.random.Generator, *, whole: bool) -> FloatArray:
        answered, abandoned, q, mu = counts.answered, counts.abandoned, counts.q, counts.mu
        if not self.bills_wait:
            pmf = self.handle.answered if whole else self.handle.answered_billed
            return sample_sums(pmf, answered, rng, exact=np.ones(answered.shape, dtype=bool))
        runs = answered.size
        n_a = int(answered.sum())
        n_b = int(abandoned.sum())
        handle = self._handle_draws(n_a, rng)
        waits_a = np.where(
            rng.random(n_a) < np.repeat(q, answered),
            rng.exponential(1.0, n_a) * np.repeat(mu, answered),
            0.0,
        )
        seconds_a = np.ceil(handle + waits_a)
        seconds_b = np.ceil(rng.exponential(1.0, n_b) * np.repeat(mu, abandoned))
        if not whole:
            seconds_a = np.asarray(self.increment.billed_seconds(seconds_a), np.float64)
            seconds_b = np.asarray(self.increment.billed_seconds(seconds_b), np.float64)
        totals = np.bincount(np.repeat(np.arange(runs), answered), seconds_a, minlength=runs)
        totals += np.bincount(np.repeat(np.arange(runs), abandoned), seconds_b, minlength=runs)
        return np.asarray(totals, dtype=np.float64)

    def _handle_draws(self, count: int, rng: np.random.Generator) -> FloatArray:
        mean, cv = self.handle_seconds, self.handle_cv
        if mean <= 0:
            return np.zeros(count)
        if cv <= 0:
            return np.full(count, mean)
        sigma2 = math.log1p(cv * cv)
        return rng.lognormal(math.log(mean) - 0.5 * sigma2, math.sqrt(sigma2), count)
