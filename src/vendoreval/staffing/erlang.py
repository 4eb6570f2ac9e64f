"""Erlang B, C and A: blocking, waiting, service level, ASA and occupancy.

The numerics and the references are described in :mod:`vendoreval.staffing._core`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray, IntArray
from vendoreval.errors import ArgumentError
from vendoreval.staffing._core import (
    _ERLANG_A_MAX_TERMS,
    _RESCALE_ABOVE,
    _RESCALE_BY,
    _TAIL_TOLERANCE,
    _agents,
    _broadcast,
    _erlang_c_from_z,
    _is_scalar,
    _non_negative,
    _out_float,
    _positive,
    _service_level_from_z,
    _stable_service_level,
    _z,
)

if TYPE_CHECKING:
    pass

__all__ = ["ErlangAResult", "asa", "erlang_a", "erlang_b", "erlang_c", "occupancy", "service_level"]


# ----------------------------------------------------------------------------- public: Erlang B/C


@overload
def erlang_b(traffic: float, agents: int) -> float: ...
@overload
def erlang_b(traffic: npt.NDArray[Any], agents: npt.ArrayLike) -> FloatArray: ...
@overload
def erlang_b(traffic: npt.ArrayLike, agents: npt.NDArray[Any]) -> FloatArray: ...
@overload
def erlang_b(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray: ...
def erlang_b(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray:
    """Erlang B blocking probability: the share of contacts that find all agents busy and are lost.

    .. math:: B(N, A) = \\frac{A^N / N!}{\\sum_{k=0}^{N} A^k / k!}

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Number of agents (servers, trunks) ``N`` [agents], whole numbers ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        Blocking probability in [0, 1] [-]; broadcast shape of the arguments. ``B(A, 0) = 1``;
        ``B(0, N) = 0`` for ``N ≥ 1``.

    Raises
    ------
    ValueError
        A negative, non-finite or fractional argument; the message names it and its index.

    Notes
    -----
    Computed by the forward recursion ``1/B(n) = 1 + (n/A)/B(n − 1)`` (Cooper 1981, §3.3),
    started near the Poisson mode with a proven truncation bound (module docstring). Relative
    error ≤ 10⁻¹² against 50-digit arithmetic from 0.5 to 100,000 Erlangs.

    References
    ----------
    A. K. Erlang (1917); R. B. Cooper, *Introduction to Queueing Theory* (1981).

    Examples
    --------
    >>> round(erlang_b(5.0, 10), 6)
    0.018385
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    scalar = _is_scalar(a, n)
    a, n = _broadcast(traffic=a, agents=n)
    z = _z(a.ravel(), n.ravel())
    with np.errstate(over="ignore"):
        b = (1.0 / (1.0 + z)).reshape(a.shape)
    return _out_float(b, scalar)


@overload
def erlang_c(traffic: float, agents: int) -> float: ...
@overload
def erlang_c(traffic: npt.NDArray[Any], agents: npt.ArrayLike) -> FloatArray: ...
@overload
def erlang_c(traffic: npt.ArrayLike, agents: npt.NDArray[Any]) -> FloatArray: ...
@overload
def erlang_c(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray: ...
def erlang_c(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray:
    """Erlang C probability of waiting: the share of contacts that find every agent busy.

    .. math:: C(N, A) = \\frac{N\\,B(N, A)}{N - A\\,(1 - B(N, A))}, \\qquad N > A

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        Probability of waiting [-]. 1 where ``N ≤ A`` (the queue grows without bound);
        0 where there is no traffic.

    References
    ----------
    A. K. Erlang (1917); R. B. Cooper, *Introduction to Queueing Theory* (1981), §3.4.

    Examples
    --------
    >>> round(erlang_c(48.0, 55), 4)
    0.2387
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    scalar = _is_scalar(a, n)
    a, n = _broadcast(traffic=a, agents=n)
    a_flat, n_flat = a.ravel(), n.ravel()
    c = np.ones(a_flat.shape)
    c[a_flat == 0] = 0.0
    stable = np.flatnonzero((a_flat > 0) & (n_flat > a_flat))
    if stable.size:
        sa, sn = a_flat[stable], n_flat[stable]
        c[stable] = _erlang_c_from_z(sa, sn.astype(np.float64), _z(sa, sn))
    return _out_float(c.reshape(a.shape), scalar)


@overload
def service_level(
    traffic: float, agents: int, aht_seconds: float, target_seconds: float
) -> float: ...
@overload
def service_level(
    traffic: npt.NDArray[Any],
    agents: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
) -> FloatArray: ...
@overload
def service_level(
    traffic: npt.ArrayLike,
    agents: npt.NDArray[Any],
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
) -> FloatArray: ...
@overload
def service_level(
    traffic: npt.ArrayLike,
    agents: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
) -> float | FloatArray: ...
def service_level(
    traffic: npt.ArrayLike,
    agents: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
) -> float | FloatArray:
    """Erlang C service level: the share of contacts answered within ``target_seconds``.

    .. math:: SL = 1 - C(N, A)\\,e^{-(N - A)\\,t / \\mathrm{AHT}}

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0.
    aht_seconds : float or array_like
        Mean handle time (talk + hold + after-call work) [s], > 0.
    target_seconds : float or array_like
        Answer-time threshold ``t`` [s], ≥ 0 (20 for "80/20").

    Returns
    -------
    float or numpy.ndarray
        Service level in [0, 1] [-]; 0 where ``N ≤ A``; 1 where there is no traffic.

    References
    ----------
    R. B. Cooper, *Introduction to Queueing Theory* (1981), §3.4 (waiting-time distribution
    of M/M/N under first come, first served).

    Examples
    --------
    >>> round(service_level(48.0, 55, 240.0, 15.0), 4)
    0.8459
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    h = _positive("aht_seconds", aht_seconds, "s")
    t = _non_negative("target_seconds", target_seconds, "s")
    scalar = _is_scalar(a, n, h, t)
    a, n, h, t = _broadcast(traffic=a, agents=n, aht_seconds=h, target_seconds=t)
    a_flat, n_flat = a.ravel(), n.ravel()
    sl = np.zeros(a_flat.shape)
    sl[a_flat == 0] = 1.0
    stable = np.flatnonzero((a_flat > 0) & (n_flat > a_flat))
    if stable.size:
        sa, sn = a_flat[stable], n_flat[stable]
        ratio = t.ravel()[stable] / h.ravel()[stable]
        sl[stable] = _stable_service_level(sa, sn, ratio)
    return _out_float(sl.reshape(a.shape), scalar)


_service_level_any = service_level
"""The module-level :func:`service_level`, for functions with a parameter of that name."""


@overload
def asa(traffic: float, agents: int, aht_seconds: float) -> float: ...
@overload
def asa(
    traffic: npt.NDArray[Any], agents: npt.ArrayLike, aht_seconds: npt.ArrayLike
) -> FloatArray: ...
@overload
def asa(
    traffic: npt.ArrayLike, agents: npt.NDArray[Any], aht_seconds: npt.ArrayLike
) -> FloatArray: ...
@overload
def asa(
    traffic: npt.ArrayLike, agents: npt.ArrayLike, aht_seconds: npt.ArrayLike
) -> float | FloatArray: ...
def asa(
    traffic: npt.ArrayLike, agents: npt.ArrayLike, aht_seconds: npt.ArrayLike
) -> float | FloatArray:
    """Erlang C average speed of answer: mean queue time over all contacts.

    .. math:: \\mathrm{ASA} = \\frac{C(N, A)\\,\\mathrm{AHT}}{N - A}

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0.
    aht_seconds : float or array_like
        Mean handle time [s], > 0.

    Returns
    -------
    float or numpy.ndarray
        Mean wait of all contacts, those answered at once included [s]; ``inf`` where
        ``N ≤ A``; 0 where there is no traffic.

    References
    ----------
    R. B. Cooper, *Introduction to Queueing Theory* (1981), §3.4.

    Examples
    --------
    >>> round(asa(48.0, 55, 240.0), 2)
    8.18
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    h = _positive("aht_seconds", aht_seconds, "s")
    scalar = _is_scalar(a, n, h)
    a, n, h = _broadcast(traffic=a, agents=n, aht_seconds=h)
    a_flat, n_flat = a.ravel(), n.ravel()
    wait = np.full(a_flat.shape, np.inf)
    wait[a_flat == 0] = 0.0
    stable = np.flatnonzero((a_flat > 0) & (n_flat > a_flat))
    if stable.size:
        sa, sn = a_flat[stable], n_flat[stable].astype(np.float64)
        c = _erlang_c_from_z(sa, sn, _z(sa, n_flat[stable]))
        wait[stable] = c * h.ravel()[stable] / (sn - sa)
    return _out_float(wait.reshape(a.shape), scalar)


@overload
def occupancy(traffic: float, agents: int) -> float: ...
@overload
def occupancy(traffic: npt.NDArray[Any], agents: npt.ArrayLike) -> FloatArray: ...
@overload
def occupancy(traffic: npt.ArrayLike, agents: npt.NDArray[Any]) -> FloatArray: ...
@overload
def occupancy(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray: ...
def occupancy(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray:
    """Agent occupancy: the share of staffed time spent handling contacts, ``min(A/N, 1)``.

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        Occupancy in [0, 1] [-]; 1 where ``N ≤ A`` (agents can do no more); 0 with no traffic.

    Examples
    --------
    >>> occupancy(48.0, 60)
    0.8
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    scalar = _is_scalar(a, n)
    a, n = _broadcast(traffic=a, agents=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(a == 0, 0.0, np.minimum(a / n, 1.0))
    return _out_float(np.asarray(occ, dtype=np.float64), scalar)


# ----------------------------------------------------------------------------- Erlang A


@dataclass(frozen=True, slots=True)
class ErlangAResult:
    """Performance of an M/M/N+M queue (Erlang A), elementwise over the inputs.

    Attributes
    ----------
    prob_wait : float or numpy.ndarray
        Probability that an arrival finds every agent busy and queues [-].
    prob_abandon : float or numpy.ndarray
        Probability that an arrival abandons before being answered [-].
    mean_wait_seconds : float or numpy.ndarray
        Mean time in queue of all arrivals — answered, abandoned and answered at once — i.e.
        the customer wait time some vendors bill [s].
    mean_wait_served_seconds : float or numpy.ndarray
        Mean time in queue of the arrivals that are answered (the Erlang A ASA) [s]; ``nan``
        with no agents.
    service_level : float or numpy.ndarray
        Share of all arrivals answered within the target time; abandoned contacts count as
        missing it [-].
    """

    prob_wait: float | FloatArray
    prob_abandon: float | FloatArray
    mean_wait_seconds: float | FloatArray
    mean_wait_served_seconds: float | FloatArray
    service_level: float | FloatArray


def _erlang_a_flat(
    traffic: FloatArray,
    agents: IntArray,
    aht: FloatArray,
    patience: FloatArray,
    target: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Erlang A sums for flat arrays with traffic > 0 and finite patience."""
    size = traffic.size
    a = agents * patience / aht  # N·μ/θ
    y = traffic * patience / aht  # λ/θ
    theta = 1.0 / patience
    peak = np.maximum(y - a, 0.0)
    # terms past the peak: a Gaussian fall-off of width √y, or geometric with ratio y/a
    with np.errstate(divide="ignore"):
        geometric = 60.0 / np.log(np.maximum(a / y, 1.0))
    estimate = peak + np.minimum(10.0 * np.sqrt(y), geometric) + 100.0
    if float(estimate.max()) > _ERLANG_A_MAX_TERMS:
        i = int(np.argmax(estimate))
        raise ArgumentError(
            f"patience_seconds {float(patience[i])!r} is too long for this overload (traffic "
            f"{float(traffic[i])!r} Erlang on {int(agents[i])} agents): the queue would hold "
            f"about {float(peak[i]):.3g} contacts and the Erlang A sums need more than "
            f"{_ERLANG_A_MAX_TERMS:,} terms; use Erlang C (patience_seconds=inf) or add agents"
        )
    z = _z(traffic, agents)
    with np.errstate(divide="ignore"):
        log_one_minus_x = np.log(-np.expm1(-target * theta))
    log_nb = -(a + 1.0) * target * theta

    s_q = np.zeros(size)
    s_w = np.zeros(size)
    s_sr = np.zeros(size)
    s_srw = np.zeros(size)
    s_sl = np.zeros(size)
    r = np.ones(size)
    h = np.zeros(size)
    cdf = np.zeros(size)
    scale_z = z.copy()

    results = [np.zeros(size) for _ in range(6)]  # s_q, s_w, s_sr, s_srw, s_sl, z
    index = np.arange(size)
    k = 0
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        while index.size:
            inv_d = 1.0 / (a + (k + 1.0))
            s_q += r
            s_w += r * ((k + 1.0) * inv_d)
            served = r * (a * inv_d)
            s_sr += served
            h += inv_d
            s_srw += served * h
            if k:
                log_nb += log_one_minus_x + np.log((a + k) / k)
            cdf += np.exp(log_nb)
            s_sl += served * np.maximum(1.0 - cdf, 0.0)
            rho = y * inv_d
            r = r * rho
            big = r > _RESCALE_ABOVE
            if big.any():
                for arr in (r, s_q, s_w, s_sr, s_srw, s_sl, scale_z):
                    arr[big] *= _RESCALE_BY
            reference = np.where(a > 0, np.minimum(s_w, s_srw), s_w)
            done = (rho < 1.0) & (r <= _TAIL_TOLERANCE * (1.0 - rho) * reference)
            if done.any():
                for out, arr in zip(results, (s_q, s_w, s_sr, s_srw, s_sl, scale_z), strict=True):
                    out[index[done]] = arr[done]
                keep = ~done
                index = index[keep]
                a, y, r, h, cdf, log_nb, log_one_minus_x = (
                    a[keep],
                    y[keep],
                    r[keep],
                    h[keep],
                    cdf[keep],
                    log_nb[keep],
                    log_one_minus_x[keep],
                )
                s_q, s_w, s_sr, s_srw, s_sl, scale_z = (
                    s_q[keep],
                    s_w[keep],
                    s_sr[keep],
                    s_srw[keep],
                    s_sl[keep],
                    scale_z[keep],
                )
            k += 1

    q, w, sr, srw, sl, zz = results
    with np.errstate(invalid="ignore", divide="ignore"):
        total = zz + q
        prob_wait = q / total
        prob_abandon = w / total
        mean_wait = w / (theta * total)
        mean_wait_served = srw / (theta * (zz + sr))
        level = np.where(np.isinf(zz), 1.0, (zz + sl) / total)
    prob_wait = np.where(np.isinf(zz), 0.0, prob_wait)
    prob_abandon = np.where(np.isinf(zz), 0.0, prob_abandon)
    mean_wait = np.where(np.isinf(zz), 0.0, mean_wait)
    mean_wait_served = np.where(np.isinf(zz), 0.0, mean_wait_served)
    return prob_wait, prob_abandon, mean_wait, mean_wait_served, level


def erlang_a(
    traffic: npt.ArrayLike,
    agents: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    patience_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike = 20.0,
) -> ErlangAResult:
    """Erlang A (M/M/N+M): a queue whose customers abandon after an exponential patience.

    Arrivals are Poisson at rate ``λ = A/AHT``, handle times exponential with mean ``AHT``
    (rate ``μ``), patience exponential with mean ``patience_seconds`` (rate ``θ``), first come
    first served. The stationary distribution is a birth–death chain (Garnett, Mandelbaum &
    Reiman 2002): ``π_n ∝ A^n/n!`` for ``n ≤ N`` and
    ``π_{N+k} = π_N Π_{j=1}^{k} λ/(Nμ + jθ)``. With ``a = Nμ/θ``, ``y = λ/θ`` the queue terms
    are ``r_k = y^k / Π_{j=1}^{k}(a + j)`` and, by PASTA, an arrival that finds ``k`` waiting:

    * is answered with probability ``a/(a + k + 1)`` and waits on average
      ``(k + 1)/(θ(a + k + 1))`` whatever happens (so ``P(Ab) = θ·E[W]``);
    * if it were infinitely patient would wait ``V = −ln U/θ`` with ``U ~ Beta(a, k + 1)``
      (a sum of exponentials of rates ``θ(a + i)``, ``i = 0…k``), hence it is answered within
      ``t`` with probability ``a/(a + k + 1)·(1 − I_x(a + 1, k + 1))``, ``x = e^{−θt}``, where
      the regularized incomplete beta with integer second argument is a negative-binomial
      cdf summed term by term (Mandelbaum & Zeltyn 2004).

    The sums over ``k`` are accumulated elementwise until the rest of the (eventually
    geometric) tail is below 10⁻¹⁷ of the smallest sum, with rescaling instead of overflow.
    Their length is about ``max(0, y − a) + 10√y`` terms.

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A = λ·AHT`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0 (any ``N`` is stable: impatient customers
        leave).
    aht_seconds : float or array_like
        Mean handle time [s], > 0.
    patience_seconds : float or array_like
        Mean patience before abandoning [s], > 0; ``inf`` gives Erlang C (then ``N ≤ A``
        yields the unstable-queue limits: ``prob_wait`` 1, waits ``inf``).
    target_seconds : float or array_like, default 20.0
        Answer-time threshold of the service level [s], ≥ 0.

    Returns
    -------
    ErlangAResult
        Probability of waiting and of abandoning, mean wait of all arrivals and of those
        answered [s], and the service level; floats for scalar input, arrays otherwise.

    Raises
    ------
    ValueError
        An argument out of range, or a patience so long in an overloaded queue that more than
        2,000,000 queue-length terms would be needed.

    References
    ----------
    O. Garnett, A. Mandelbaum and M. Reiman (2002), MSOM 4(3) 208–227; A. Mandelbaum and
    S. Zeltyn (2004), OR Spectrum 26, 377–411.

    Examples
    --------
    >>> result = erlang_a(10.0, 10, 300.0, 120.0)
    >>> 0.0 < result.prob_abandon < result.prob_wait < 1.0
    True
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    h = _positive("aht_seconds", aht_seconds, "s")
    p = _positive("patience_seconds", patience_seconds, "s", allow_inf=True)
    t = _non_negative("target_seconds", target_seconds, "s")
    scalar = _is_scalar(a, n, h, p, t)
    a, n, h, p, t = _broadcast(
        traffic=a, agents=n, aht_seconds=h, patience_seconds=p, target_seconds=t
    )
    a_flat, n_flat, h_flat = a.ravel(), n.ravel(), h.ravel()
    p_flat, t_flat = p.ravel(), t.ravel()
    size = a_flat.size
    prob_wait = np.zeros(size)
    prob_abandon = np.zeros(size)
    mean_wait = np.zeros(size)
    mean_wait_served = np.zeros(size)
    level = np.ones(size)

    patient = np.flatnonzero((a_flat > 0) & np.isinf(p_flat))
    if patient.size:
        pa, pn, ph, pt = a_flat[patient], n_flat[patient], h_flat[patient], t_flat[patient]
        c = np.ones(patient.size)
        sl = np.zeros(patient.size)
        wait = np.full(patient.size, np.inf)
        stable = pn > pa
        if stable.any():
            sa, sn = pa[stable], pn[stable]
            z = _z(sa, sn)
            snf = sn.astype(np.float64)
            c[stable] = _erlang_c_from_z(sa, snf, z)
            sl[stable] = _service_level_from_z(sa, snf, z, pt[stable] / ph[stable])
            wait[stable] = c[stable] * ph[stable] / (snf - sa)
        prob_wait[patient] = c
        mean_wait[patient] = wait
        mean_wait_served[patient] = wait
        level[patient] = sl

    impatient = np.flatnonzero((a_flat > 0) & np.isfinite(p_flat))
    if impatient.size:
        i = impatient
        wq, ab, mw, mws, sl = _erlang_a_flat(a_flat[i], n_flat[i], h_flat[i], p_flat[i], t_flat[i])
        prob_wait[i] = wq
        prob_abandon[i] = ab
        mean_wait[i] = mw
        mean_wait_served[i] = mws
        level[i] = sl

    shape = a.shape
    return ErlangAResult(
        prob_wait=_out_float(prob_wait.reshape(shape), scalar),
        prob_abandon=_out_float(prob_abandon.reshape(shape), scalar),
        mean_wait_seconds=_out_float(mean_wait.reshape(shape), scalar),
        mean_wait_served_seconds=_out_float(mean_wait_served.reshape(shape), scalar),
        service_level=_out_float(level.reshape(shape), scalar),
    )
