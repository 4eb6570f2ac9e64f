"""TOPSIS: closeness to the ideal vendor (Hwang & Yoon 1981).

:func:`topsis` is the method; :func:`topsis_distances` and :func:`topsis_closeness` are
its two halves, exposed because the squared distances add up over disjoint sets of
criteria, which lets rank acceptability rescore one criterion per sample without
rebuilding the whole matrix (:mod:`vendoreval.mcda.smaa`).

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

import numpy as np
import numpy.typing as npt

from vendoreval.mcda._validate import FloatArray, check_pair

__all__ = ["topsis", "topsis_closeness", "topsis_distances"]


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
    scores, weights : array_like
        As for :func:`~vendoreval.mcda.weighted_sum`: scores (..., n_vendors, n_criteria)
        [points, 0–100, higher is better] and nonnegative weights (..., n_criteria)
        [dimensionless], rescaled to sum to 1.

    Returns
    -------
    numpy.ndarray, shape (..., n_vendors)
        Closeness × 100 [points, 0–100]. A leading batch axis is normalized per matrix.

    Raises
    ------
    vendoreval.errors.ArgumentError
        On non-finite scores, or weights that are negative, non-finite, all zero or of
        the wrong length.

    Notes
    -----
    TOPSIS scores depend on the whole set of vendors: the normalization and the ideal
    and anti-ideal points move when a vendor is added or removed, so the order of two
    vendors can flip although neither of their scores changed (*rank reversal*; see
    García-Cascales & Lamata 2012 [2]_). Compare TOPSIS rankings only across the same
    set of vendors; the weighted sum does not have this property.

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
    matrix, w = check_pair(scores, weights)
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

    Raises
    ------
    vendoreval.errors.ArgumentError
        On non-finite scores or bad weights.
    """
    matrix, w = check_pair(scores, weights, rescale=False)
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
