"""Rank order: knock-outs after every vendor that passed, then score, cost and name.

:func:`rank_order` turns aggregate scores into ranks 1..n; :func:`rank_vendors`
aggregates a score matrix with a named method and ranks it in one call, returning a
:class:`RankingResult`. Ranks broadcast over leading axes, so thousands of sampled
score vectors are ranked in one vectorized call (:mod:`vendoreval.mcda.smaa`).

The order is:

1. every vendor that passed its knock-out rules before every vendor that failed one
   (a knock-out never drops a vendor: it keeps its score and is ranked last);
2. higher aggregate score first; scores within :data:`TIE_TOLERANCE` are tied;
3. ties go to the lower mean monthly cost, then to the name that sorts first,

so the ranks are a permutation of 1..n, independent of the input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import numpy.typing as npt

from vendoreval.errors import ArgumentError
from vendoreval.mcda._validate import (
    BoolArray,
    FloatArray,
    IntArray,
    score_matrix,
    validate_vendors,
)
from vendoreval.mcda.methods import aggregate

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TIE_TOLERANCE", "RankingResult", "rank_order", "rank_vendors", "tiebreak_positions"]

_T = TypeVar("_T", bound=np.generic)

#: Two aggregate scores closer than this [score points, 0–100 scale] are tied.
TIE_TOLERANCE = 1e-9


def tiebreak_positions(tiebreak_cost: FloatArray, names: Sequence[str]) -> IntArray:
    """Position of each vendor in the tie-break order: lower cost first, then name.

    Parameters
    ----------
    tiebreak_cost : numpy.ndarray, shape (n_vendors,)
        Mean monthly cost [currency/month] (validated by the caller).
    names : sequence of str, length n_vendors
        Unique vendor names; ordered by Unicode code point.

    Returns
    -------
    numpy.ndarray of int64, shape (n_vendors,)
        0 for the vendor that wins every tie it is in, n − 1 for the one that loses all.

    Examples
    --------
    >>> tiebreak_positions(np.array([2.0, 1.0, 1.0]), ["A", "C", "B"])
    array([2, 1, 0])
    """
    n = len(names)
    name_key = np.unique(np.asarray(tuple(names)), return_inverse=True)[1].reshape(n)
    positions = np.empty(n, dtype=np.int64)
    positions[np.lexsort((name_key, tiebreak_cost))] = np.arange(n)
    return positions


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
    vendoreval.errors.ArgumentError
        On non-finite scores or mismatched, non-boolean, non-finite or duplicated inputs.

    Examples
    --------
    >>> rank_order([70.0, 90.0, 70.0], [True, False, True], [5e4, 4e4, 3e4], ["A", "B", "C"])
    array([2, 3, 1])
    """
    try:
        values = np.asarray(aggregate_scores, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ArgumentError("aggregate_scores: expected an array of numbers") from exc
    if values.ndim == 0 or values.shape[-1] == 0:
        raise ArgumentError(f"aggregate_scores: expected one score per vendor, got {values.shape}")
    if not np.isfinite(values).all():
        raise ArgumentError("aggregate_scores: expected finite numbers, found NaN or infinity")
    n = values.shape[-1]
    passed_array, cost_array, names_tuple = validate_vendors(passed, tiebreak_cost, names, n)
    tiebreak = tiebreak_positions(cost_array, names_tuple)
    ranks = np.empty(values.shape, dtype=np.int64)
    offset = 0
    for group in (np.flatnonzero(passed_array), np.flatnonzero(~passed_array)):
        if group.size:
            ranks[..., group] = offset + _rank_within(values[..., group], tiebreak[group])
            offset += group.size
    return ranks


@dataclass(frozen=True, eq=False)
class RankingResult:
    """A ranking of vendors by one aggregation method (see :func:`rank_vendors`).

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
        The aggregation method, a key of :data:`vendoreval.mcda.METHODS`.
    """

    names: tuple[str, ...]
    scores: FloatArray
    ranks: IntArray
    passed: BoolArray
    method: str

    @property
    def winner(self) -> str:
        """Name of the vendor ranked first."""
        return self.names[int(np.argmin(self.ranks))]

    def to_frame(self) -> pd.DataFrame:
        """Return the ranking as a DataFrame indexed by ``vendor``, best first.

        Returns
        -------
        pandas.DataFrame
            Columns ``rank`` (int64), ``score`` [points, 0–100] and ``passed`` (bool).
        """
        import pandas as pd

        frame = pd.DataFrame(
            {"rank": self.ranks.copy(), "score": self.scores.copy(), "passed": self.passed.copy()},
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
    """Aggregate a score matrix with ``method`` and rank the vendors (:func:`rank_order`).

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

    Raises
    ------
    vendoreval.errors.ArgumentError
        On an unknown method or bad scores, weights or vendor arrays.

    Examples
    --------
    >>> result = rank_vendors([[80.0, 40.0], [50.0, 90.0]], [0.5, 0.5], [True, True],
    ...                       [1000.0, 900.0], ["Acme", "Bolt"])
    >>> result.to_frame()["rank"].to_dict()
    {'Bolt': 1, 'Acme': 2}
    """
    matrix = score_matrix(scores)
    values = aggregate(matrix, weights, method)
    passed_array, cost_array, names_tuple = validate_vendors(
        passed, tiebreak_cost, names, matrix.shape[0]
    )
    ranks = rank_order(values, passed_array, cost_array, names_tuple)
    return RankingResult(
        names=names_tuple,
        scores=_read_only(values),
        ranks=_read_only(ranks),
        passed=_read_only(passed_array),
        method=method,
    )
