"""How far can the inputs move before the order changes?

* :func:`weight_stability` — for each criterion, the exact interval of its weight within
  which the current weighted-sum winner stays first when the other weights are rescaled
  proportionally (a one-at-a-time weight sensitivity analysis, solved in closed form).
* :func:`smallest_swap` — for a vendor and the rival ranked above it, the smallest rise
  of one criterion score that would rank the vendor above the rival
  (:class:`SwapChange`).

References
----------
.. [1] Triantaphyllou, E., & Sánchez, A. (1997). A sensitivity analysis approach for some
   deterministic multi-criteria decision-making methods. *Decision Sciences*, 28(1),
   151–194. https://doi.org/10.1111/j.1540-5915.1997.tb01306.x
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from vendoreval.errors import ArgumentError, UnknownNameError
from vendoreval.mcda._validate import (
    BoolArray,
    FloatArray,
    IntArray,
    criteria_names,
    score_matrix,
    validate_vendors,
    weight_vector,
)
from vendoreval.mcda.methods import aggregate, resolve_method
from vendoreval.mcda.ordering import rank_order, tiebreak_positions

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SwapChange", "smallest_swap", "weight_stability"]

#: Slopes smaller than this [points per unit weight] are treated as parallel score lines.
_SLOPE_EPS = 1e-12

#: Crossings this close [weight] to 0 or 1 are round-off of a crossing at the bound.
_EDGE_SNAP = 1e-12

#: Bisection steps of :func:`smallest_swap`: 100 points / 2**60 ≈ 1e-16 points.
_BISECTION_STEPS = 60


# ----------------------------------------------------------------------------- weight stability


def _score_lines(matrix: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Intercept and slope of each vendor's weighted sum as one weight moves.

    When criterion ``j`` gets weight ``t`` and the others share ``1 − t`` in their current
    proportions, vendor ``i`` scores ``R_ij + t (x_ij − R_ij)`` where ``R_ij`` is the
    weighted mean of its other criteria (their plain mean when they all weigh zero).

    Returns
    -------
    intercept, slope : numpy.ndarray, shape (n_vendors, n_criteria)
        [points] and [points per unit weight].
    """
    m = weights.size
    others = weights[None, :] * (1.0 - np.eye(m))  # row j: the weights of the other criteria
    totals = others.sum(axis=1)
    plain_mean = (matrix.sum(axis=1, keepdims=True) - matrix) / (m - 1)
    weighted_mean = np.divide(
        matrix @ others.T, totals, out=np.zeros_like(matrix), where=totals > 0
    )
    intercept = np.where(totals > 0, weighted_mean, plain_mean)
    return intercept, matrix - intercept


def _edges(
    gap: FloatArray, slope: FloatArray, current: FloatArray, tiebreak: IntArray, lower: bool
) -> tuple[FloatArray, IntArray]:
    """One edge of each criterion's interval and the rival that overtakes beyond it.

    ``gap + slope × t ≥ 0`` must hold for every rival (rows) and criterion (columns):
    a rival gaining as the weight falls (slope > 0) bounds it from below at its crossing
    point, one gaining as it rises (slope < 0) from above. Crossings are clipped to the
    current weight, which is always inside the interval; crossings within
    :data:`_EDGE_SNAP` of 0 or 1 are snapped to the bound (round-off).

    Returns
    -------
    edge : numpy.ndarray, shape (n_criteria,)
        The lower (or upper) end of each interval [weight, 0–1].
    rival : numpy.ndarray of int64, shape (n_criteria,)
        Row (of ``gap``) of the rival that ranks first just beyond an interior edge, or
        −1 at 0 or 1 or when no rival binds. Among rivals crossing at the same point the
        steepest overtakes; equally steep ones are ordered by ``tiebreak``.
    """
    sign = 1.0 if lower else -1.0
    steep = sign * slope  # > 0 where the rival bounds this edge
    binds = steep > _SLOPE_EPS
    crossing = -gap / np.where(binds, slope, 1.0)
    crossing = np.where(np.abs(crossing) <= _EDGE_SNAP, 0.0, crossing)
    crossing = np.where(np.abs(crossing - 1.0) <= _EDGE_SNAP, 1.0, crossing)
    if lower:
        candidate = np.where(binds, np.clip(crossing, 0.0, current), -np.inf)
        edge = np.maximum(candidate.max(axis=0, initial=-np.inf), 0.0)
    else:
        candidate = np.where(binds, np.clip(crossing, current, 1.0), np.inf)
        edge = np.minimum(candidate.min(axis=0, initial=np.inf), 1.0)
    at_edge = binds & (candidate == edge) & (edge > 0.0) & (edge < 1.0)
    rival = np.full(edge.shape, -1, dtype=np.int64)
    if at_edge.size:
        key = np.where(at_edge, steep, -np.inf)
        steepest = at_edge & (key == key.max(axis=0))
        first = np.argmin(np.where(steepest, tiebreak[:, None], np.iinfo(np.int64).max), axis=0)
        rival = np.where(at_edge.any(axis=0), first, rival)
    return edge, rival


def _first_at(
    intercept: FloatArray,
    slope: FloatArray,
    at: FloatArray,
    passed: BoolArray,
    costs: FloatArray,
    names: tuple[str, ...],
) -> IntArray:
    """Row of the vendor ranked first when each criterion's weight is at ``at``.

    ``at`` has shape (..., n_criteria); the result has the same shape.
    """
    totals = intercept.T + slope.T * at[..., None]  # (..., n_criteria, n_vendors)
    ranks = rank_order(totals, passed, costs, names)
    first: IntArray = np.argmin(ranks, axis=-1)
    return first


def _ranking_inputs(
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    passed: npt.ArrayLike,
    tiebreak_cost: npt.ArrayLike,
    names: Sequence[str],
    criteria: Sequence[str] | None,
) -> tuple[FloatArray, FloatArray, BoolArray, FloatArray, tuple[str, ...], list[str]]:
    """Check one score matrix, its weight vector (rescaled), the vendor arrays and names."""
    matrix = score_matrix(scores)
    n, m = matrix.shape
    weight = weight_vector(weights, m)
    passed_array, costs, vendor_names = validate_vendors(passed, tiebreak_cost, names, n)
    return matrix, weight, passed_array, costs, vendor_names, criteria_names(criteria, m)


def weight_stability(
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    passed: npt.ArrayLike,
    tiebreak_cost: npt.ArrayLike,
    names: Sequence[str],
    criteria: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Weight interval of each criterion within which the weighted-sum winner stays first.

    For criterion ``j`` with weight ``w_j``, its weight is moved to ``t`` and the others
    are rescaled proportionally, ``w_k' = w_k (1 − t) / (1 − w_j)``. Every vendor's
    weighted sum is then linear in ``t``, so the set of ``t`` where the winner scores at
    least as much as each rival is an intersection of half-lines, computed in closed form
    (no scanning). Only rivals that can rank above the winner count: the vendors that
    passed the knock-outs if the winner did.

    Conventions:

    * ``low`` and ``high`` are the ends of the interval. At an end the winner ties a
      rival; the tie-break of :func:`vendoreval.mcda.rank_order` (lower cost, then name)
      decides that single point: ``low_included`` / ``high_included`` say whether the
      winner still ranks first at the end itself. This holds at 0 and 1 too: a rival that
      meets the winner only when one criterion holds all (or none) of the weight, and is
      cheaper, takes first place there.
    * ``rival_low`` / ``rival_high`` name the vendor that takes first place when the
      weight moves past the end: at the end itself when it is excluded, just beyond it
      when it is included (None when the winner keeps first place up to 0 or 1).
    * A rival tied with the winner at the current weights (the winner won the tie-break)
      makes the current weight an (included) end when the rival gains on one side.
    * A criterion holding all the weight (``w_j = 1``) has no proportions to rescale; the
      weight it gives up is spread equally over the other criteria.
    * With a single criterion its weight cannot move: the interval is ``[1, 1]``.

    Parameters
    ----------
    scores, weights, passed, tiebreak_cost, names
        The ranking's inputs, as for :func:`~vendoreval.mcda.rank_vendors`.
    criteria : sequence of str, optional
        Criterion names; default ``criterion_1..m``.

    Returns
    -------
    pandas.DataFrame
        One row per criterion with columns ``criterion``, ``weight`` (current, normalized),
        ``low`` and ``high`` [weight, 0–1], ``rival_low`` and ``rival_high`` (vendor name
        or None), and ``low_included`` and ``high_included`` (bool).
        ``attrs["winner"]`` names the current winner.

    Raises
    ------
    vendoreval.errors.ArgumentError
        On bad scores, weights, vendor arrays or criterion names.

    References
    ----------
    .. [1] Triantaphyllou, E., & Sánchez, A. (1997). A sensitivity analysis approach for
       some deterministic multi-criteria decision-making methods. *Decision Sciences*,
       28(1), 151–194. https://doi.org/10.1111/j.1540-5915.1997.tb01306.x

    Examples
    --------
    >>> table = weight_stability([[90.0, 40.0], [60.0, 60.0]], [0.5, 0.5], [True, True],
    ...                          [1000.0, 1000.0], ["A", "B"], ["quality", "cost"])
    >>> table[["criterion", "low", "high", "rival_low", "rival_high"]].to_numpy().tolist()
    [['quality', 0.4, 1.0, 'B', None], ['cost', 0.0, 0.6, None, 'B']]

    B wins; A is cheaper and ties B when all the weight is on the first criterion, so B
    is first for a first weight in ``[0, 1)`` only:

    >>> table = weight_stability([[90.5, 10.0], [90.5, 50.0]], [0.5, 0.5], [True, True],
    ...                          [1000.0, 2000.0], ["A", "B"])
    >>> table[["low", "high", "high_included", "rival_high"]].to_numpy().tolist()[0]
    [0.0, 1.0, False, 'A']
    """
    import pandas as pd

    matrix, w, passed_array, costs, vendor_names, criterion_names = _ranking_inputs(
        scores, weights, passed, tiebreak_cost, names, criteria
    )
    n, m = matrix.shape
    winner = int(np.argmin(rank_order(matrix @ w, passed_array, costs, vendor_names)))
    rivals = np.flatnonzero((passed_array == passed_array[winner]) & (np.arange(n) != winner))

    if m == 1:
        low, high = np.ones(1), np.ones(1)
        low_rival = high_rival = np.full(1, -1, dtype=np.int64)
        low_in = high_in = np.ones(1, dtype=bool)
    else:
        intercept, slope = _score_lines(matrix, w)
        gap = intercept[winner] - intercept[rivals]
        gap_slope = slope[winner] - slope[rivals]
        order = tiebreak_positions(costs, vendor_names)[rivals]
        low, low_row = _edges(gap, gap_slope, w, order, lower=True)
        high, high_row = _edges(gap, gap_slope, w, order, lower=False)
        row_of = np.append(rivals, -1)  # row −1 (no rival) stays −1
        low_rival, high_rival = row_of[low_row], row_of[high_row]
        # Who is first at each end itself: the winner unless a rival ties it there and
        # wins the tie-break. The current weight is inside by definition.
        first = _first_at(
            intercept, slope, np.stack([low, high]), passed_array, costs, vendor_names
        )
        low_in = (first[0] == winner) | (low == w)
        high_in = (first[1] == winner) | (high == w)
        low_rival = np.where(low_in, low_rival, first[0])
        high_rival = np.where(high_in, high_rival, first[1])

    def rival_names(rows: IntArray) -> list[str | None]:
        return [vendor_names[r] if r >= 0 else None for r in rows]

    table = pd.DataFrame(
        {
            "criterion": criterion_names,
            "weight": w,
            "low": low,
            "high": high,
            "rival_low": pd.Series(rival_names(low_rival), dtype=object),
            "rival_high": pd.Series(rival_names(high_rival), dtype=object),
            "low_included": low_in,
            "high_included": high_in,
        }
    )
    table.attrs["winner"] = vendor_names[winner]
    return table


# ----------------------------------------------------------------------------- smallest swap


@dataclass(frozen=True)
class SwapChange:
    """The smallest rise of one criterion score that lifts a vendor above a rival.

    Attributes
    ----------
    criterion : str
        Criterion whose score changes.
    current : float
        The vendor's score on it now [points].
    needed : float
        The score that would swap the two vendors [points, ≤ the ceiling, 100].
    """

    criterion: str
    current: float
    needed: float

    @property
    def increase(self) -> float:
        """Points to gain [points]."""
        return self.needed - self.current


def _row(names: tuple[str, ...], name: str, argument: str) -> int:
    """Row of vendor ``name``; :class:`UnknownNameError` listing the vendors otherwise."""
    try:
        return names.index(name)
    except ValueError:
        raise UnknownNameError(
            f"{argument}: no vendor named {name!r}; vendors: {', '.join(names)}"
        ) from None


def smallest_swap(
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    passed: npt.ArrayLike,
    tiebreak_cost: npt.ArrayLike,
    names: Sequence[str],
    vendor: str,
    rival: str,
    *,
    criteria: Sequence[str] | None = None,
    method: str = "weighted_sum",
    ceiling: float = 100.0,
) -> list[SwapChange]:
    """Single-criterion score rises that would rank ``vendor`` above ``rival``.

    For each weighted criterion, the smallest score (at most ``ceiling``) that puts
    ``vendor`` ahead of ``rival`` in :func:`vendoreval.mcda.rank_order`, all else equal.
    It is found by bisection on the rank — so it works for TOPSIS too, whose
    normalization moves with the scores — for all criteria at once (one vectorized
    ranking per step). Criteria where even ``ceiling`` points would not do are left out,
    and so is every criterion when ``vendor`` failed a knock-out that ``rival`` passed.
    Under the weighted sum the rise is the score gap divided by the criterion's weight.

    Parameters
    ----------
    scores, weights, passed, tiebreak_cost, names
        The ranking's inputs, as for :func:`~vendoreval.mcda.rank_vendors`.
    vendor, rival : str
        Vendor names; ``rival`` normally ranks above ``vendor`` (else the list is empty).
    criteria : sequence of str, optional
        Criterion names; default ``criterion_1..m``.
    method : {"weighted_sum", "topsis"}
        Aggregation method.
    ceiling : float
        Highest score a criterion can reach [points].

    Returns
    -------
    list of SwapChange
        Sorted by the rise needed, smallest first. ``needed`` is the swap point to
        rounding: there the two aggregate scores are within :data:`TIE_TOLERANCE
        <vendoreval.mcda.TIE_TOLERANCE>` and the tie-break decides.

    Raises
    ------
    vendoreval.errors.UnknownNameError
        When ``vendor`` or ``rival`` is not one of ``names`` (a ``KeyError``).
    vendoreval.errors.ArgumentError
        On bad scores, weights, vendor arrays, method or criterion names, or when
        ``vendor`` and ``rival`` are the same.

    Examples
    --------
    B leads A by 10 points; under weights (0.5, 0.5) A needs 20 more points on a
    criterion:

    >>> changes = smallest_swap([[50.0, 70.0], [70.0, 70.0]], [0.5, 0.5], [True, True],
    ...                         [1.0, 1.0], ["A", "B"], "A", "B", criteria=["q", "c"])
    >>> [(c.criterion, round(c.needed, 6)) for c in changes]
    [('q', 70.0), ('c', 90.0)]
    """
    matrix, w, passed_array, costs, vendor_names, criterion_names = _ranking_inputs(
        scores, weights, passed, tiebreak_cost, names, criteria
    )
    resolve_method(method)
    i, k = _row(vendor_names, vendor, "vendor"), _row(vendor_names, rival, "rival")
    if i == k:
        raise ArgumentError(f"rival: expected a vendor other than {vendor!r}")
    if passed_array[k] and not passed_array[i]:
        return []
    columns = np.flatnonzero(w > 0)

    def ahead(values: FloatArray, columns: IntArray) -> BoolArray:
        """Is ``vendor`` ranked above ``rival`` with ``values`` on ``columns`` (one each)?"""
        trial = np.repeat(matrix[None, :, :], columns.size, axis=0)
        trial[np.arange(columns.size), i, columns] = values
        ranks = rank_order(aggregate(trial, w, method), passed_array, costs, vendor_names)
        result: BoolArray = ranks[:, i] < ranks[:, k]
        return result

    low = matrix[i, columns]
    high = np.full(columns.size, float(ceiling))
    if columns.size:
        feasible = (low < high) & ~ahead(low, columns) & ahead(high, columns)
        columns, low, high = columns[feasible], low[feasible], high[feasible]
    if columns.size:
        for _ in range(_BISECTION_STEPS):
            middle = 0.5 * (low + high)
            now = ahead(middle, columns)
            high = np.where(now, middle, high)
            low = np.where(now, low, middle)
    changes = [
        SwapChange(criterion_names[j], float(matrix[i, j]), float(needed))
        for j, needed in zip(columns.tolist(), high.tolist(), strict=True)
    ]
    return sorted(changes, key=lambda c: c.increase)
