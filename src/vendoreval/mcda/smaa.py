"""How sure is the ranking? SMAA-2 rank acceptability under weight and cost uncertainty.

:func:`rank_acceptability` gives the share of plausible weight vectors (and, optionally,
simulated monthly costs) under which each vendor takes each rank, plus the central
weight vectors (Lahdelma & Salminen 2001), as an :class:`AcceptabilityResult`.
:func:`sample_weights` draws the weight vectors: Dirichlet around the stated weights with
:func:`default_concentration`, or uniformly over the simplex.

References
----------
.. [1] Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria
   acceptability analysis for group decision making. *Operations Research*, 49(3),
   444–454. https://doi.org/10.1287/opre.49.3.444.11220
.. [2] Tervonen, T., & Figueira, J. R. (2008). A survey on stochastic multicriteria
   acceptability analysis methods. *Journal of Multi-Criteria Decision Analysis*,
   15(1–2), 1–14. https://doi.org/10.1002/mcda.407
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from vendoreval.errors import ArgumentError
from vendoreval.mcda._validate import (
    FloatArray,
    IntArray,
    as_floats,
    check_count,
    criteria_names,
    normalize_weights,
    score_matrix,
    validate_vendors,
    weight_values,
    weight_vector,
)
from vendoreval.mcda.cost_scores import cost_scores
from vendoreval.mcda.methods import aggregate, resolve_method
from vendoreval.mcda.ordering import rank_order
from vendoreval.mcda.topsis import topsis_closeness, topsis_distances
from vendoreval.mcda.weighted_sum import weighted_sum

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHUNK_SAMPLES",
    "CONCENTRATION_PER_CRITERION",
    "AcceptabilityResult",
    "default_concentration",
    "rank_acceptability",
    "sample_weights",
]

#: Weight samples ranked per vectorized block (bounds memory: a block holds a few
#: samples × vendors arrays, 800 kB each for 50 vendors).
CHUNK_SAMPLES = 2_000

#: Default Dirichlet concentration per weighted criterion (see :func:`default_concentration`).
CONCENTRATION_PER_CRITERION = 25.0


# ----------------------------------------------------------------------------- sampling


def default_concentration(weights: npt.ArrayLike) -> float:
    """Default total Dirichlet concentration for weights centred on ``weights``.

    The concentration is ``25 × k`` where ``k`` is the number of criteria with a positive
    weight. A Dirichlet weight with mean ``w`` and total concentration ``κ`` has standard
    deviation ``sqrt(w (1 − w) / (κ + 1))``; for a typical weight ``w ≈ 1/k`` this gives a
    coefficient of variation of about ``sqrt((k − 1) / (25 k + 1)) ≈ 0.2`` whatever the
    number of criteria: a stated weight of 0.15 typically varies between about 0.09 and
    0.21 (± 2 standard deviations). That is the order of disagreement seen when
    stakeholders restate importance weights, and it keeps every sample close enough to
    the buyer's weights to stay a plausible reading of them.

    Parameters
    ----------
    weights : array_like, shape (n_criteria,)
        Nonnegative criterion weights [dimensionless].

    Returns
    -------
    float
        Total concentration κ [dimensionless].

    Raises
    ------
    vendoreval.errors.ArgumentError
        If a weight is negative or not finite.

    Examples
    --------
    >>> default_concentration([0.5, 0.0, 0.25, 0.25])
    75.0
    """
    w = weight_values(weights, np.shape(weights)[-1] if np.ndim(weights) else 0)
    return CONCENTRATION_PER_CRITERION * float(np.count_nonzero(w > 0))


def sample_weights(
    weights: npt.ArrayLike,
    samples: int,
    rng: np.random.Generator,
    *,
    concentration: float | None = None,
    uniform: bool = False,
) -> FloatArray:
    """Draw weight vectors around ``weights`` (Dirichlet) or uniformly on the simplex.

    Criteria with zero weight keep weight zero in every sample. The positive-weight
    criteria get ``Dirichlet(κ w)`` — mean ``w``, total concentration ``κ`` — or, when
    ``uniform`` is true, ``Dirichlet(1, …, 1)``, the uniform distribution on their simplex
    (SMAA's model of a buyer who states no weights, Lahdelma & Salminen 2001).

    Parameters
    ----------
    weights : array_like, shape (n_criteria,)
        Nonnegative criterion weights [dimensionless]; rescaled to sum to 1.
    samples : int
        Number of weight vectors to draw.
    rng : numpy.random.Generator
        Random source.
    concentration : float, optional
        Total concentration κ > 0; default :func:`default_concentration`. Larger is
        tighter around ``weights``. Not allowed together with ``uniform``.
    uniform : bool
        Draw uniformly over the simplex of the positive-weight criteria instead.

    Returns
    -------
    numpy.ndarray, shape (samples, n_criteria)
        Weight vectors, each summing to 1.

    Raises
    ------
    vendoreval.errors.ArgumentError
        On bad weights, a sample count below 1, a concentration that is not a finite
        number > 0, or a concentration given with ``uniform=True``.
    """
    shape = np.shape(weights)
    if len(shape) != 1:
        raise ArgumentError(f"weights: expected one weight per criterion, got shape {shape}")
    w = normalize_weights(weights, shape[0])
    samples = check_count(samples, "samples", 1)
    support = np.flatnonzero(w > 0)
    if uniform:
        if concentration is not None:
            raise ArgumentError("concentration: not used when uniform=True; pass one or the other")
        alpha = np.ones(support.size)
    else:
        kappa = default_concentration(w) if concentration is None else concentration
        if not (np.isfinite(kappa) and kappa > 0):
            raise ArgumentError(f"concentration: expected a finite number > 0, got {kappa!r}")
        alpha = kappa * w[support]
    drawn = np.zeros((samples, w.size))
    if support.size == 1:
        drawn[:, support[0]] = 1.0
    else:
        drawn[:, support] = rng.dirichlet(alpha, size=samples)
    return drawn


def _cost_score_table(
    cost_samples: npt.ArrayLike | None,
    cost_column: int | None,
    shape: tuple[int, int],
    cost_score: Callable[[FloatArray], FloatArray],
) -> FloatArray | None:
    """Validate the simulated costs and turn them into cost scores (runs × vendors)."""
    if cost_samples is None and cost_column is None:
        return None
    if cost_samples is None or cost_column is None:
        raise ArgumentError("cost_samples and cost_column: give both or neither")
    n, m = shape
    if isinstance(cost_column, bool) or not isinstance(cost_column, int | np.integer):
        raise ArgumentError(f"cost_column: expected an integer column index, got {cost_column!r}")
    if not 0 <= cost_column < m:
        raise ArgumentError(f"cost_column: expected an index in 0..{m - 1}, got {cost_column}")
    costs = as_floats(cost_samples, "cost_samples")
    if costs.ndim != 2 or costs.shape[0] == 0 or costs.shape[1] != n:
        raise ArgumentError(
            f"cost_samples: expected shape (runs, {n}) (one monthly cost per vendor per "
            f"run), got {costs.shape}"
        )
    bad = ~np.isfinite(costs) | (costs < 0)
    if bad.any():
        run, vendor = (int(i) for i in np.argwhere(bad)[0])
        raise ArgumentError(
            f"cost_samples: expected finite monthly costs ≥ 0, run {run} vendor {vendor} "
            f"is {costs[run, vendor]}"
        )
    table = np.asarray(cost_score(costs), dtype=np.float64)
    if table.shape != costs.shape or not np.isfinite(table).all():
        raise ArgumentError(
            f"cost_score: expected finite scores of shape {costs.shape}, got {table.shape}"
        )
    return table


# ----------------------------------------------------------------------------- acceptability


@dataclass(frozen=True, eq=False)
class AcceptabilityResult:
    """Rank acceptability analysis (SMAA-2) of a set of vendors.

    Attributes
    ----------
    acceptability : pandas.DataFrame
        Index ``vendor``, columns rank positions ``1..n`` (named ``rank``): the share of
        samples [fraction 0–1] in which the vendor took that rank. Rows and columns each
        sum to 1.
    central_weights : pandas.DataFrame
        Index ``vendor``, columns criteria: the mean weight vector [dimensionless] of the
        samples in which the vendor ranked first; NaN where it never did.
    first_rank_acceptability : pandas.Series
        The rank-1 column of ``acceptability`` [fraction 0–1].
    samples : int
        Number of weight samples.
    seed : int
        Seed of the random generator.
    method : str
        Aggregation method.
    """

    acceptability: pd.DataFrame
    central_weights: pd.DataFrame
    first_rank_acceptability: pd.Series
    samples: int
    seed: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the acceptability table (vendor × rank position)."""
        return self.acceptability.copy()


def _weighted_sum_with_costs(
    shared: FloatArray, weights: FloatArray, cost_points: FloatArray, cost_column: int
) -> FloatArray:
    """Weighted sums of a block: shared columns once, plus each sample's cost share."""
    return weighted_sum(shared, weights) + weights[:, cost_column, None] * cost_points


def _topsis_with_costs(
    shared: FloatArray, weights: FloatArray, cost_points: FloatArray, cost_column: int
) -> FloatArray:
    """TOPSIS closeness of a block: squared distances add up over criteria."""
    d_plus_sq, d_minus_sq = topsis_distances(shared, weights)
    cost_plus_sq, cost_minus_sq = topsis_distances(
        cost_points[..., None], weights[:, cost_column, None]
    )
    return topsis_closeness(d_plus_sq + cost_plus_sq, d_minus_sq + cost_minus_sq)


#: Per-sample cost rescoring by method. Both methods are additive over criteria (TOPSIS
#: in squared distances), so the shared columns are aggregated with the cost column
#: zeroed — an all-zero column contributes nothing — and the sampled column is added,
#: without building a vendor × criterion matrix per sample.
_WITH_SAMPLED_COSTS: dict[str, Callable[[FloatArray, FloatArray, FloatArray, int], FloatArray]] = {
    "weighted_sum": _weighted_sum_with_costs,
    "topsis": _topsis_with_costs,
}


def _block_values(
    matrix: FloatArray,
    weights: FloatArray,
    cost_points: FloatArray | None,
    cost_column: int | None,
    method: str,
) -> FloatArray:
    """Aggregate scores of one block of samples, shape (samples, n_vendors)."""
    if cost_points is None or cost_column is None:
        return aggregate(matrix, weights, method)
    shared = matrix.copy()
    shared[:, cost_column] = 0.0
    return _WITH_SAMPLED_COSTS[method](shared, weights, cost_points, cost_column)


def _rank_counts(ranks: IntArray) -> IntArray:
    """Count, for each vendor, how often it took each rank: shape (n_vendors, n_ranks)."""
    n = ranks.shape[-1]
    cells = (ranks - 1) + n * np.arange(n)
    return np.bincount(cells.ravel(), minlength=n * n).reshape(n, n)


def rank_acceptability(
    scores: npt.ArrayLike,
    weights: npt.ArrayLike | None,
    passed: npt.ArrayLike,
    tiebreak_cost: npt.ArrayLike,
    names: Sequence[str],
    *,
    criteria: Sequence[str] | None = None,
    method: str = "weighted_sum",
    samples: int = 10_000,
    seed: int = 0,
    concentration: float | None = None,
    cost_samples: npt.ArrayLike | None = None,
    cost_column: int | None = None,
    cost_score: Callable[[FloatArray], FloatArray] = cost_scores,
    uniform: bool = False,
) -> AcceptabilityResult:
    """Rank acceptability indices (SMAA-2) under weight and cost uncertainty.

    Each sample draws a weight vector (:func:`sample_weights`) and, when simulated costs
    are given, one simulation run; the vendors are then aggregated with ``method`` and
    ranked with :func:`vendoreval.mcda.rank_order` — vendors that failed a knock-out
    always after those that passed, ties by ``tiebreak_cost`` then name. The rank
    acceptability index ``b_i^r`` is the share of samples in which vendor ``i`` takes rank
    ``r``, and the central weight vector ``w_i^c`` is the mean of the weights under which
    vendor ``i`` ranks first (Lahdelma & Salminen 2001).

    All samples are ranked in vectorized blocks of :data:`CHUNK_SAMPLES`; there is no
    Python loop over samples. The random stream is: all weight vectors first, then all
    simulation-run indices, so results depend only on ``seed``.

    Parameters
    ----------
    scores, passed, tiebreak_cost, names
        The ranking's inputs, as for :func:`~vendoreval.mcda.rank_vendors`.
    weights : array_like, shape (n_criteria,), or None
        Nonnegative criterion weights [dimensionless]; rescaled to sum to 1. May be None
        only with ``uniform=True`` (no stated weights: every criterion is sampled).
    criteria : sequence of str, optional
        Criterion names for ``central_weights``; default ``criterion_1..m``.
    method : {"weighted_sum", "topsis"}
        Aggregation method. TOPSIS renormalizes every sampled matrix.
    samples : int
        Number of samples (default 10,000; the standard error of an index is at most
        ``0.5 / sqrt(samples)``, i.e. 0.005).
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    concentration : float, optional
        Total Dirichlet concentration κ of the weight samples; default
        :func:`default_concentration` (25 per weighted criterion).
    cost_samples : array_like, shape (runs, n_vendors), optional
        Simulated monthly costs [currency/month], one joint draw per run (a row). Each
        sample picks a run uniformly with replacement and rescores column
        ``cost_column`` with ``cost_score``.
    cost_column : int, optional
        Index of the cost criterion in ``scores``; required with ``cost_samples``.
    cost_score : callable
        Maps costs (runs × vendors) to scores [points, 0–100]; default
        :func:`vendoreval.mcda.cost_scores` on the ratio scale, ``100 × cheapest in the
        run / cost``.
    uniform : bool
        Sample weights uniformly over the simplex (Dirichlet(1, …, 1)) instead of around
        ``weights``; zero weights stay zero.

    Returns
    -------
    AcceptabilityResult

    Raises
    ------
    vendoreval.errors.ArgumentError
        On bad scores, weights, vendor arrays, method, counts or concentration, on
        simulated costs that are negative or not finite, or cost scores of the wrong shape.

    References
    ----------
    .. [1] Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria
       acceptability analysis for group decision making. *Operations Research*, 49(3),
       444–454. https://doi.org/10.1287/opre.49.3.444.11220

    Examples
    --------
    >>> result = rank_acceptability([[90.0, 40.0], [60.0, 70.0]], [0.5, 0.5],
    ...                             [True, True], [1000.0, 1000.0], ["A", "B"],
    ...                             samples=2_000, seed=1)
    >>> result.acceptability.sum(axis=1).tolist()
    [1.0, 1.0]
    """
    matrix = score_matrix(scores)
    n, m = matrix.shape
    passed_array, costs, vendor_names = validate_vendors(passed, tiebreak_cost, names, n)
    criterion_names = criteria_names(criteria, m)
    resolve_method(method)
    count = check_count(samples, "samples", 1)
    seed = check_count(seed, "seed", 0)
    if weights is None and not uniform:
        raise ArgumentError("weights: required unless uniform=True")
    base = np.ones(m) if weights is None else weight_vector(weights, m)
    table = _cost_score_table(cost_samples, cost_column, (n, m), cost_score)
    if table is not None and method not in _WITH_SAMPLED_COSTS:
        raise ArgumentError(f"method: {method!r} does not support cost_samples")

    rng = np.random.default_rng(seed)
    drawn = sample_weights(base, count, rng, concentration=concentration, uniform=uniform)
    runs = np.zeros(0, dtype=np.int64)
    if table is not None:
        runs = rng.integers(0, table.shape[0], size=count)

    counts = np.zeros((n, n), dtype=np.int64)
    first_sums = np.zeros((n, m))
    for start in range(0, count, CHUNK_SAMPLES):
        block = slice(start, min(start + CHUNK_SAMPLES, count))
        cost_points = None if table is None else table[runs[block]]
        values = _block_values(matrix, drawn[block], cost_points, cost_column, method)
        ranks = rank_order(values, passed_array, costs, vendor_names)
        counts += _rank_counts(ranks)
        first_sums += (ranks == 1).T.astype(np.float64) @ drawn[block]
    return _acceptability_result(
        counts, first_sums, vendor_names, criterion_names, count, seed, method
    )


def _acceptability_result(
    counts: IntArray,
    first_sums: FloatArray,
    vendor_names: tuple[str, ...],
    criterion_names: list[str],
    samples: int,
    seed: int,
    method: str,
) -> AcceptabilityResult:
    """Build the result frames from rank counts and summed rank-1 weights."""
    import pandas as pd

    n = len(vendor_names)
    index = pd.Index(vendor_names, name="vendor")
    acceptability = pd.DataFrame(
        counts / samples, index=index, columns=pd.Index(range(1, n + 1), name="rank")
    )
    firsts = counts[:, 0].astype(np.float64)
    central = np.full_like(first_sums, np.nan)
    np.divide(first_sums, firsts[:, None], out=central, where=firsts[:, None] > 0)
    central_weights = pd.DataFrame(
        central, index=index, columns=pd.Index(criterion_names, name="criterion")
    )
    first = acceptability[1].rename("first_rank_acceptability")
    return AcceptabilityResult(
        acceptability=acceptability,
        central_weights=central_weights,
        first_rank_acceptability=first,
        samples=samples,
        seed=seed,
        method=method,
    )
