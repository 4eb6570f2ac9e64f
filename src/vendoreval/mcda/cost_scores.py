"""Monthly cost to cost points: the one cost-to-score function.

A vendor's monthly cost [currency/month] becomes the cost criterion [points, 0–100,
higher is cheaper] on one of two scales (:data:`COST_TRANSFORMS`):

``ratio`` (the default)
    ``100 × cheapest / this vendor's`` — a ratio scale: a vendor twice as dear as the
    cheapest scores 50, and the score of two vendors relative to each other does not
    depend on who else bids. This is the linear scale transformation of a cost ("lower
    is better") attribute, ``min_i x_i / x_i`` (Hwang & Yoon 1981 [1]_).
``minmax``
    ``100 × (dearest − this) / (dearest − cheapest)`` — an interval scale: the cheapest
    scores 100 and the dearest 0, whatever the size of the gap (the max–min linear
    transformation of a cost attribute, Hwang & Yoon 1981 [1]_).

The domain is every finite cost ≥ 0. A cost of 0 is scored as the limit of the
ratio: a vendor costing nothing scores 100 and, when the cheapest costs nothing, every
vendor that costs more scores 0. When every vendor costs the same, every vendor scores
100 on both scales.

References
----------
.. [1] Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
   Applications*, ch. II (normalization of attribute ratings). Lecture Notes in Economics
   and Mathematical Systems 186. Springer. https://doi.org/10.1007/978-3-642-48318-9
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from vendoreval.errors import ArgumentError
from vendoreval.mcda._validate import FloatArray

__all__ = ["COST_TRANSFORMS", "cost_scores"]

#: Names of the cost-to-points transforms, the default first.
COST_TRANSFORMS: tuple[str, ...] = ("ratio", "minmax")


def cost_scores(costs: npt.ArrayLike, transform: str = "ratio") -> FloatArray:
    """Score monthly costs 0–100, higher for cheaper (see the module docstring).

    Parameters
    ----------
    costs : array_like, shape (..., n_vendors)
        Each vendor's monthly cost [currency/month], finite and ≥ 0. The cheapest and
        the dearest are taken along the last axis, so leading axes (e.g. simulation
        runs) are scored independently.
    transform : {"ratio", "minmax"}
        ``ratio``: ``100 × cheapest / cost``; ``minmax``:
        ``100 × (dearest − cost) / (dearest − cheapest)``. A
        :class:`~enum.StrEnum` member with one of these values is accepted.

    Returns
    -------
    numpy.ndarray of float64, same shape
        Cost points [points, 0–100]; the cheapest vendor scores 100.

    Raises
    ------
    vendoreval.errors.ArgumentError
        For an unknown transform, a scalar, or a cost that is negative or not finite
        (the message gives its position, e.g. ``costs[1]``, and value).

    Examples
    --------
    >>> cost_scores([[1000.0, 2000.0, 1250.0]])
    array([[100.,  50.,  80.]])
    >>> cost_scores([1000.0, 2000.0, 1250.0], "minmax")
    array([100.,   0.,  75.])
    >>> cost_scores([0.0, 10.0])
    array([100.,   0.])
    """
    if transform not in COST_TRANSFORMS:
        valid = ", ".join(repr(t) for t in COST_TRANSFORMS)
        raise ArgumentError(f"transform: unknown cost transform {transform!r}; expected {valid}")
    try:
        values = np.asarray(costs, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(f"costs: expected numbers, got {type(costs).__name__}") from exc
    if values.ndim == 0:
        raise ArgumentError(f"costs: expected one cost per vendor, got the scalar {values!r}")
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        position = ", ".join(str(i) for i in where)
        raise ArgumentError(
            f"costs[{position}] = {float(values[where])!r}: expected a finite monthly "
            "cost ≥ 0 [currency/month]"
        )
    if values.size == 0:
        return values
    low = values.min(axis=-1, keepdims=True)
    high = values.max(axis=-1, keepdims=True)
    points: FloatArray
    if transform == "minmax":
        spread = high - low
        safe = np.where(spread > 0, spread, 1.0)
        points = np.where(spread > 0, 100.0 * (high - values) / safe, 100.0)
    else:
        safe = np.where(values > 0, values, 1.0)
        points = np.where(values > 0, 100.0 * low / safe, 100.0)
    return points
