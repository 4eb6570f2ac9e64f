"""Aggregate vendor × criterion scores and rank vendors.

Two aggregation methods are offered, each a pure function over a score matrix:

* :func:`weighted_sum` — the additive value model, ``scores @ weights``;
* :func:`topsis` — TOPSIS (Hwang & Yoon 1981), closeness to the ideal vendor.

:func:`aggregate` dispatches between them by name (see :data:`METHODS`), and
:func:`rank_order` turns aggregate scores into ranks 1..n: vendors that passed every
knock-out rule come first, then higher score, then lower mean monthly cost, then name.

The methods and :func:`rank_order` broadcast over leading axes: a stack of score
matrices of shape ``(..., n_vendors, n_criteria)`` and a stack of weight vectors
``(..., n_criteria)`` are aggregated and ranked in one vectorized call, which is how
:mod:`vendoreval.sensitivity` ranks thousands of sampled weight vectors at once.

References
----------
.. [1] Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
   Applications*. Lecture Notes in Economics and Mathematical Systems 186. Springer.
   https://doi.org/10.1007/978-3-642-48318-9
.. [2] García-Cascales, M. S., & Lamata, M. T. (2012). On rank reversal and TOPSIS method.
   *Mathematical and Computer Modelling*, 56(5–6), 123–132.
   https://doi.org/10.1016/j.mcm.2011.12.022
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "METHODS",
    "TIE_TOLERANCE",
    "RankingResult",
    "aggregate",
    "normalize_weights",
    "rank_order",
    "rank_vendors",
    "resolve_method",
    "topsis",
    "topsis_closeness",
    "topsis_distances",
    "validate_scores",
    "validate_vendors",
    "weighted_sum",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_T = TypeVar("_T", bound=np.generic)

#: Two aggregate scores closer than this [score points, 0–100 scale] are tied.
TIE_TOLERANCE = 1e-9


# ----------------------------------------------------------------------------- validation


def _first_bad(mask: BoolArray) -> str:
    """Describe where the first True entry of ``mask`` is: row and column, batch index."""
    *batch, row, column = (int(i) for i in np.argwhere(mask)[0])
    where = f"row {row}, column {column}"
    return f"{where} of matrix {tuple(batch)}" if batch else where


def validate_scores(scores: npt.ArrayLike, *, name: str = "scores") -> FloatArray:
    """Check a score matrix (or a stack of them) and return it as a float array.

    Parameters
    ----------
    scores : array_like, shape (..., n_vendors, n_criteria)
        Criterion scores [points, 0–100, higher is better]. Values outside 0–100 are
        accepted (both methods are defined for any finite numbers) but must be finite.
    name : str
        Argument name used in error messages.

    Returns
    -------
    numpy.ndarray of float64, same shape

    Raises
    ------
    ValueError
        If the array is not at least 2-D, has no vendor or no criterion, or holds a
        non-finite value (the message names the row and column).
    """
    try:
        array = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: expected a numeric array, got {type(scores).__name__}") from exc
    if array.ndim < 2 or array.shape[-1] == 0 or array.shape[-2] == 0:
        raise ValueError(
            f"{name}: expected shape (n_vendors, n_criteria) with at least one vendor and "
            f"one criterion, got shape {array.shape}"
        )
    bad = ~np.isfinite(array)
    if bad.any():
        raise ValueError(
            f"{name}: expected finite numbers, found a NaN or infinity at {_first_bad(bad)}"
        )
    return array


def _weight_values(weights: npt.ArrayLike, n_criteria: int, name: str) -> FloatArray:
    """Check that weights are finite, nonnegative and one per criterion (not rescaled)."""
    try:
        array = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: expected numbers, got {type(weights).__name__}") from exc
    if array.ndim == 0 or array.shape[-1] != n_criteria:
        raise ValueError(
            f"{name}: expected one weight per criterion ({n_criteria}), got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name}: expected finite numbers, found NaN or infinity: {array}")
    if (array < 0).any():
        raise ValueError(f"{name}: expected nonnegative weights, found a negative one: {array}")
    return array


def normalize_weights(
    weights: npt.ArrayLike, n_criteria: int, *, name: str = "weights"
) -> FloatArray:
    """Check criterion weights and rescale them to sum to 1.

    Parameters
    ----------
    weights : array_like, shape (..., n_criteria)
        Nonnegative criterion weights [dimensionless]; a stack of weight vectors is
        normalized row by row.
    n_criteria : int
        Number of criteria the weights must match.
    name : str
        Argument name used in error messages.

    Returns
    -------
    numpy.ndarray of float64, same shape, each vector summing to 1

    Raises
    ------
    ValueError
        If the length does not match ``n_criteria``, or a weight is NaN, infinite or
        negative, or all weights of a vector are zero.
    """
    array = _weight_values(weights, n_criteria, name)
    totals = array.sum(axis=-1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError(f"{name}: expected a positive sum, but all weights are zero")
    normalized: FloatArray = array / totals
    return normalized


def validate_vendors(
    passed: npt.ArrayLike,
    tiebreak_cost: npt.ArrayLike,
    names: Sequence[str],
    n_vendors: int,
) -> tuple[BoolArray, FloatArray, tuple[str, ...]]:
    """Check the per-vendor arrays used to order vendors.

    Parameters
    ----------
    passed : array_like of bool, shape (n_vendors,)
        False where the vendor failed a knock-out rule.
    tiebreak_cost : array_like of float, shape (n_vendors,)
        Mean monthly cost [currency/month] used to break score ties (lower first).
    names : sequence of str, length n_vendors
        Unique vendor names; the last tie-breaker (ascending).
    n_vendors : int
        Number of vendors (rows of the score matrix).

    Returns
    -------
    passed, tiebreak_cost, names : tuple
        As a bool array, a float array and a tuple of str.

    Raises
    ------
    ValueError
        On a length mismatch, a non-boolean ``passed``, a non-finite cost, or a missing,
        non-string or duplicated name.
    """
    passed_array = np.asarray(passed)
    if passed_array.shape != (n_vendors,) or passed_array.dtype != np.bool_:
        raise ValueError(
            f"passed: expected {n_vendors} booleans (one per vendor), got dtype "
            f"{passed_array.dtype} and shape {passed_array.shape}"
        )
    cost_array = np.asarray(tiebreak_cost, dtype=np.float64)
    if cost_array.shape != (n_vendors,):
        raise ValueError(
            f"tiebreak_cost: expected {n_vendors} costs (one per vendor), got shape "
            f"{cost_array.shape}"
        )
    if not np.isfinite(cost_array).all():
        row = int(np.flatnonzero(~np.isfinite(cost_array))[0])
        raise ValueError(f"tiebreak_cost: expected finite costs, row {row} is {cost_array[row]}")
    names_tuple = tuple(names)
    if len(names_tuple) != n_vendors or not all(isinstance(n, str) for n in names_tuple):
        raise ValueError(f"names: expected {n_vendors} vendor names (str), got {names_tuple!r}")
    if len(set(names_tuple)) != n_vendors:
        dupes = sorted({n for n in names_tuple if names_tuple.count(n) > 1})
        raise ValueError(f"names: expected unique vendor names, duplicated: {dupes}")
    return passed_array, cost_array, names_tuple


def _check_pair(
    scores: npt.ArrayLike, weights: npt.ArrayLike, *, rescale: bool = True
) -> tuple[FloatArray, FloatArray]:
    """Validate ``scores`` and ``weights`` together (criteria count and batch shapes)."""
    matrix = validate_scores(scores)
    n_criteria = matrix.shape[-1]
    if rescale:
        w = normalize_weights(weights, n_criteria)
    else:
        w = _weight_values(weights, n_criteria, "weights")
    try:
        np.broadcast_shapes(matrix.shape[:-2], w.shape[:-1])
    except ValueError as exc:
        raise ValueError(
            f"weights: leading shape {w.shape[:-1]} does not broadcast with the leading "
            f"shape {matrix.shape[:-2]} of scores"
        ) from exc
    return matrix, w


# ----------------------------------------------------------------------------- methods


def weighted_sum(scores: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Aggregate scores by the weighted sum (additive value model).

    Parameters
    ----------
    scores : array_like, shape (..., n_vendors, n_criteria)
        Criterion scores [points, 0–100, higher is better].
    weights : array_like, shape (..., n_criteria)
        Nonnegative criterion weights [dimensionless]; rescaled to sum to 1.

    Returns
    -------
    numpy.ndarray, shape (..., n_vendors)
        Aggregate score ``scores @ weights`` [points, 0–100 when every score is].

    Raises
    ------
    ValueError
        On non-finite scores, or weights that are negative, non-finite, all zero or of
        the wrong length.

    Examples
    --------
    >>> weighted_sum([[80.0, 40.0], [50.0, 90.0]], [3, 1])
    array([70., 60.])
    """
    matrix, w = _check_pair(scores, weights)
    result: FloatArray = np.matmul(matrix, w[..., :, None])[..., 0]
    return result


def topsis(scores: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Aggregate scores by TOPSIS, the closeness to the ideal vendor.

    Steps (Hwang & Yoon 1981 [1]_): each column is vector-normalized,
    ``r_ij = x_ij / sqrt(sum_i x_ij**2)`` (an all-zero column contributes 0); weighted,
    ``v_ij = w_j r_ij``; the ideal vendor takes each column's maximum and the anti-ideal
    its minimum (every criterion is a benefit criterion, as scores are higher-is-better);
    ``d+`` and ``d-`` are the Euclidean distances to them, and the closeness is
    ``d- / (d+ + d-)``. When ``d+ + d- = 0`` every vendor is identical on every weighted
    criterion and the closeness is defined as 1.

    Parameters
    ----------
    scores : array_like, shape (..., n_vendors, n_criteria)
        Criterion scores [points, 0–100, higher is better].
    weights : array_like, shape (..., n_criteria)
        Nonnegative criterion weights [dimensionless]; rescaled to sum to 1.

    Returns
    -------
    numpy.ndarray, shape (..., n_vendors)
        Closeness × 100 [points, 0–100]. A leading batch axis is normalized per matrix.

    Raises
    ------
    ValueError
        On non-finite scores, or weights that are negative, non-finite, all zero or of
        the wrong length.

    Notes
    -----
    TOPSIS scores depend on the whole set of vendors: the normalization and the ideal
    and anti-ideal points move when a vendor is added or removed, so the order of two
    vendors can flip although neither of their scores changed (*rank reversal*; see
    García-Cascales & Lamata 2012 [2]_). Compare TOPSIS rankings only across the same
    set of vendors; :func:`weighted_sum` does not have this property.

    References
    ----------
    .. [1] Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods
       and Applications*. Springer. https://doi.org/10.1007/978-3-642-48318-9
    .. [2] García-Cascales, M. S., & Lamata, M. T. (2012). On rank reversal and TOPSIS
       method. *Mathematical and Computer Modelling*, 56(5–6), 123–132.
       https://doi.org/10.1016/j.mcm.2011.12.022

    Examples
    --------
    The first vendor is best on both criteria, the second worst on both:

    >>> topsis([[90.0, 80.0], [30.0, 20.0], [60.0, 70.0]], [0.5, 0.5]).round(2)
    array([100.  ,   0.  ,  65.38])
    """
    matrix, w = _check_pair(scores, weights)
    return topsis_closeness(*topsis_distances(matrix, w))


def topsis_distances(
    scores: npt.ArrayLike, weights: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Squared TOPSIS distances to the ideal and the anti-ideal vendor.

    With vector-normalized scores ``r_ij`` and nonnegative weights, the weighted ideal on
    criterion ``j`` is ``w_j max_i r_ij``, so

    ``d+_i² = Σ_j w_j² (r_ij − max_k r_kj)²`` and ``d−_i² = Σ_j w_j² (r_ij − min_k r_kj)²``,

    computed as a matrix product (no vendor × criterion array per weight vector). The
    squares add up over disjoint sets of criteria, which lets a caller recompute one
    column per sample and add its share to the rest.

    Parameters
    ----------
    scores : array_like, shape (..., n_vendors, n_criteria)
        Criterion scores [points, 0–100, higher is better].
    weights : array_like, shape (..., n_criteria)
        Nonnegative criterion weights [dimensionless], used as given (not rescaled), so
        zero weights are allowed.

    Returns
    -------
    d_plus_sq, d_minus_sq : numpy.ndarray, shape (..., n_vendors)
        Squared distances to the ideal and the anti-ideal vendor [dimensionless].
    """
    matrix, w = _check_pair(scores, weights, rescale=False)
    norms = np.sqrt(np.einsum("...ij,...ij->...j", matrix, matrix))
    normalized = matrix / np.where(norms > 0.0, norms, 1.0)[..., None, :]
    squared_weights = np.square(w)[..., :, None]
    to_ideal = np.square(normalized - normalized.max(axis=-2, keepdims=True))
    to_anti_ideal = np.square(normalized - normalized.min(axis=-2, keepdims=True))
    d_plus_sq: FloatArray = np.matmul(to_ideal, squared_weights)[..., 0]
    d_minus_sq: FloatArray = np.matmul(to_anti_ideal, squared_weights)[..., 0]
    return d_plus_sq, d_minus_sq


def topsis_closeness(d_plus_sq: npt.ArrayLike, d_minus_sq: npt.ArrayLike) -> FloatArray:
    """TOPSIS closeness ``d− / (d+ + d−)`` × 100 from squared distances.

    Parameters
    ----------
    d_plus_sq, d_minus_sq : array_like, shape (..., n_vendors)
        Squared distances to the ideal and the anti-ideal vendor (:func:`topsis_distances`).

    Returns
    -------
    numpy.ndarray, shape (..., n_vendors)
        Closeness [points, 0–100]; 100 where ``d+ + d− = 0`` (all vendors identical).
    """
    d_plus = np.sqrt(np.asarray(d_plus_sq, dtype=np.float64))
    d_minus = np.sqrt(np.asarray(d_minus_sq, dtype=np.float64))
    total = d_plus + d_minus
    closeness = np.divide(d_minus, total, out=np.ones_like(total), where=total > 0.0)
    result: FloatArray = 100.0 * closeness
    return result


#: Aggregation methods by name.
METHODS: Mapping[str, Callable[[npt.ArrayLike, npt.ArrayLike], FloatArray]] = MappingProxyType(
    {"weighted_sum": weighted_sum, "topsis": topsis}
)


def resolve_method(method: str) -> Callable[[npt.ArrayLike, npt.ArrayLike], FloatArray]:
    """Return the aggregation function named ``method``.

    Parameters
    ----------
    method : {"weighted_sum", "topsis"}
        A key of :data:`METHODS`.

    Returns
    -------
    callable
        ``function(scores, weights) -> aggregate scores``.

    Raises
    ------
    ValueError
        If ``method`` is unknown; the message lists the valid methods.
    """
    try:
        return METHODS[method]
    except (KeyError, TypeError):
        valid = ", ".join(repr(m) for m in METHODS)
        raise ValueError(f"method: unknown method {method!r}; expected one of {valid}") from None


def aggregate(
    scores: npt.ArrayLike, weights: npt.ArrayLike, method: str = "weighted_sum"
) -> FloatArray:
    """Aggregate scores with the method named ``method`` (a key of :data:`METHODS`).

    Parameters
    ----------
    scores : array_like, shape (..., n_vendors, n_criteria)
        Criterion scores [points, 0–100, higher is better].
    weights : array_like, shape (..., n_criteria)
        Nonnegative criterion weights [dimensionless]; rescaled to sum to 1.
    method : {"weighted_sum", "topsis"}
        Aggregation method.

    Returns
    -------
    numpy.ndarray, shape (..., n_vendors)
        Aggregate scores [points, 0–100].

    Raises
    ------
    ValueError
        If ``method`` is unknown (the message lists the valid ones) or the inputs are bad.
    """
    return resolve_method(method)(scores, weights)


# ----------------------------------------------------------------------------- ordering


def _rank_within(values: FloatArray, tiebreak: IntArray) -> IntArray:
    """Ranks 1..k within one knock-out group: score descending, ties by ``tiebreak``.

    Scores are sorted; a new tie group starts wherever the gap to the previous (higher)
    score exceeds :data:`TIE_TOLERANCE`. Only score vectors that contain a tie are sorted
    again, by (tie group, ``tiebreak``) — one integer key, as ``tiebreak`` holds distinct
    positions.
    """
    k = values.shape[-1]
    flat = values.reshape(-1, k)
    order = np.argsort(-flat, axis=1, kind="stable")
    ordered = np.take_along_axis(flat, order, axis=1)
    breaks = ordered[:, :-1] - ordered[:, 1:] > TIE_TOLERANCE
    tied = ~breaks.all(axis=1)
    if tied.any():
        rows = order[tied]
        groups = np.zeros(rows.shape, dtype=np.int64)
        np.cumsum(breaks[tied], axis=1, out=groups[:, 1:])
        key = groups * (int(tiebreak.max()) + 1) + tiebreak[rows]
        order[tied] = np.take_along_axis(rows, np.argsort(key, axis=1), axis=1)
    ranks = np.empty_like(order)
    positions = np.broadcast_to(np.arange(1, k + 1, dtype=np.int64), order.shape)
    np.put_along_axis(ranks, order, positions, axis=1)
    return ranks.reshape(values.shape)


def rank_order(
    aggregate_scores: npt.ArrayLike,
    passed: npt.ArrayLike,
    tiebreak_cost: npt.ArrayLike,
    names: Sequence[str],
) -> IntArray:
    """Rank vendors 1..n: knock-outs last, then score, then cost, then name.

    Every vendor that passed its knock-out rules ranks before every vendor that failed
    one. Within each group vendors are ordered by aggregate score, highest first; scores
    within :data:`TIE_TOLERANCE` (1e-9 points on the 0–100 scale) of each other are tied
    — ties chain, so a run of sorted scores whose consecutive gaps are all within the
    tolerance forms one tie — and ties go to the lower ``tiebreak_cost``, then to the
    name that sorts first (Unicode code-point order). Ranks are therefore a permutation
    of 1..n, independent of the input order. (Because ties chain, a vendor scoring
    within the tolerance of two others can join them into one tie; this only matters
    for differences of a few 1e-9 points.)

    Parameters
    ----------
    aggregate_scores : array_like, shape (..., n_vendors)
        Aggregate scores [points, 0–100]; leading axes rank many score vectors at once.
    passed : array_like of bool, shape (n_vendors,)
        False where the vendor failed a knock-out rule.
    tiebreak_cost : array_like of float, shape (n_vendors,)
        Mean monthly cost [currency/month].
    names : sequence of str, length n_vendors
        Unique vendor names.

    Returns
    -------
    numpy.ndarray of int64, shape (..., n_vendors)
        Rank of each vendor in input order, 1 = best.

    Raises
    ------
    ValueError
        On non-finite scores or mismatched, non-boolean, non-finite or duplicated inputs.

    Examples
    --------
    >>> rank_order([70.0, 90.0, 70.0], [True, False, True], [5e4, 4e4, 3e4], ["A", "B", "C"])
    array([2, 3, 1])
    """
    try:
        values = np.asarray(aggregate_scores, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError("aggregate_scores: expected an array of numbers") from exc
    if values.ndim == 0 or values.shape[-1] == 0:
        raise ValueError(f"aggregate_scores: expected one score per vendor, got {values.shape}")
    if not np.isfinite(values).all():
        raise ValueError("aggregate_scores: expected finite numbers, found NaN or infinity")
    n = values.shape[-1]
    passed_array, cost_array, names_tuple = validate_vendors(passed, tiebreak_cost, names, n)
    name_key = np.unique(np.asarray(names_tuple), return_inverse=True)[1].reshape(n)
    tiebreak = np.empty(n, dtype=np.int64)
    tiebreak[np.lexsort((name_key, cost_array))] = np.arange(n)  # position by cost, name
    ranks = np.empty(values.shape, dtype=np.int64)
    offset = 0
    for group in (np.flatnonzero(passed_array), np.flatnonzero(~passed_array)):
        if group.size:
            ranks[..., group] = offset + _rank_within(values[..., group], tiebreak[group])
            offset += group.size
    return ranks


# ----------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class RankingResult:
    """A ranking of vendors by one aggregation method.

    Attributes
    ----------
    names : tuple of str
        Vendor names, in input order.
    scores : numpy.ndarray, shape (n_vendors,)
        Aggregate scores [points, 0–100] (read-only).
    ranks : numpy.ndarray of int64, shape (n_vendors,)
        Ranks 1..n, 1 = best (read-only).
    passed : numpy.ndarray of bool, shape (n_vendors,)
        False where the vendor failed a knock-out rule (read-only).
    method : str
        The aggregation method, a key of :data:`METHODS`.
    """

    names: tuple[str, ...]
    scores: FloatArray
    ranks: IntArray
    passed: BoolArray
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the ranking as a DataFrame indexed by ``vendor``, best first.

        Returns
        -------
        pandas.DataFrame
            Columns ``rank`` (int), ``score`` [points, 0–100] and ``passed`` (bool).
        """
        import pandas as pd

        frame = pd.DataFrame(
            {"rank": self.ranks, "score": self.scores, "passed": self.passed},
            index=pd.Index(self.names, name="vendor"),
        )
        return frame.sort_values("rank")


def _read_only(array: npt.NDArray[_T]) -> npt.NDArray[_T]:
    """Return a read-only copy of ``array``."""
    copy = array.copy()
    copy.setflags(write=False)
    return copy


def rank_vendors(
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    passed: npt.ArrayLike,
    tiebreak_cost: npt.ArrayLike,
    names: Sequence[str],
    method: str = "weighted_sum",
) -> RankingResult:
    """Aggregate a score matrix and rank the vendors in one call.

    Parameters
    ----------
    scores : array_like, shape (n_vendors, n_criteria)
        Criterion scores [points, 0–100, higher is better].
    weights : array_like, shape (n_criteria,)
        Nonnegative criterion weights [dimensionless]; rescaled to sum to 1.
    passed : array_like of bool, shape (n_vendors,)
        False where the vendor failed a knock-out rule.
    tiebreak_cost : array_like of float, shape (n_vendors,)
        Mean monthly cost [currency/month], breaks score ties (lower first).
    names : sequence of str, length n_vendors
        Unique vendor names.
    method : {"weighted_sum", "topsis"}
        Aggregation method.

    Returns
    -------
    RankingResult

    Examples
    --------
    >>> result = rank_vendors([[80.0, 40.0], [50.0, 90.0]], [0.5, 0.5], [True, True],
    ...                       [1000.0, 900.0], ["Acme", "Bolt"])
    >>> result.to_frame()["rank"].to_dict()
    {'Bolt': 1, 'Acme': 2}
    """
    matrix = validate_scores(scores)
    if matrix.ndim != 2:
        raise ValueError(f"scores: expected shape (n_vendors, n_criteria), got {matrix.shape}")
    values = aggregate(matrix, weights, method)
    ranks = rank_order(values, passed, tiebreak_cost, names)
    passed_array, _, names_tuple = validate_vendors(passed, tiebreak_cost, names, len(values))
    return RankingResult(
        names=names_tuple,
        scores=_read_only(values),
        ranks=_read_only(ranks),
        passed=_read_only(passed_array),
        method=method,
    )
