"""Validation of the arrays every ranking method takes: scores, weights and vendors.

Each check returns its input as a numpy array of the right dtype or raises
:class:`vendoreval.errors.ArgumentError` (a ``ValueError``) whose message names the
argument, where the bad value is, and what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from vendoreval.errors import ArgumentError

__all__ = [
    "BoolArray",
    "FloatArray",
    "IntArray",
    "as_floats",
    "check_count",
    "check_pair",
    "criteria_names",
    "normalize_weights",
    "score_matrix",
    "validate_scores",
    "validate_vendors",
    "weight_values",
    "weight_vector",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def _first_bad(mask: BoolArray) -> str:
    """Describe where the first True entry of ``mask`` is: row and column, batch index."""
    *batch, row, column = (int(i) for i in np.argwhere(mask)[0])
    where = f"row {row}, column {column}"
    return f"{where} of matrix {tuple(batch)}" if batch else where


def as_floats(value: npt.ArrayLike, name: str, expected: str = "numbers") -> FloatArray:
    """``value`` as a float64 array, or :class:`ArgumentError` naming ``name`` and ``expected``.

    Raises
    ------
    ArgumentError
        ``"{name}: expected {expected}, got {type}"`` when numpy cannot read the value as
        numbers.
    """
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(f"{name}: expected {expected}, got {type(value).__name__}") from exc


def validate_scores(scores: npt.ArrayLike, *, name: str = "scores") -> FloatArray:
    """Check a score matrix (or a stack of them) and return it as a float array.

    Parameters
    ----------
    scores : array_like, shape (..., n_vendors, n_criteria)
        Criterion scores [points, 0–100, higher is better]. Values outside 0–100 are
        accepted (every method is defined for any finite numbers) but must be finite.
    name : str
        Argument name used in error messages.

    Returns
    -------
    numpy.ndarray of float64
        The scores, same shape.

    Raises
    ------
    ArgumentError
        If the array is not at least 2-D, has no vendor or no criterion, or holds a
        non-finite value (the message names the row and column).
    """
    array = as_floats(scores, name, "a numeric array")
    if array.ndim < 2 or array.shape[-1] == 0 or array.shape[-2] == 0:
        raise ArgumentError(
            f"{name}: expected shape (n_vendors, n_criteria) with at least one vendor and "
            f"one criterion, got shape {array.shape}"
        )
    bad = ~np.isfinite(array)
    if bad.any():
        raise ArgumentError(
            f"{name}: expected finite numbers, found a NaN or infinity at {_first_bad(bad)}"
        )
    return array


def score_matrix(scores: npt.ArrayLike) -> FloatArray:
    """Check a single (2-D) score matrix, shape (n_vendors, n_criteria).

    Raises
    ------
    ArgumentError
        As :func:`validate_scores`, and for a stack of matrices.
    """
    matrix = validate_scores(scores)
    if matrix.ndim != 2:
        raise ArgumentError(f"scores: expected shape (n_vendors, n_criteria), got {matrix.shape}")
    return matrix


def weight_values(weights: npt.ArrayLike, n_criteria: int, name: str = "weights") -> FloatArray:
    """Check that weights are finite, nonnegative and one per criterion (not rescaled).

    Parameters
    ----------
    weights : array_like, shape (..., n_criteria)
        Criterion weights [dimensionless].
    n_criteria : int
        Number of criteria the weights must match.
    name : str
        Argument name used in error messages.

    Returns
    -------
    numpy.ndarray of float64
        The weights as given (not rescaled), same shape.

    Raises
    ------
    ArgumentError
        If the length does not match ``n_criteria`` or a weight is NaN, infinite or negative.
    """
    array = as_floats(weights, name)
    if array.ndim == 0 or array.shape[-1] != n_criteria:
        raise ArgumentError(
            f"{name}: expected one weight per criterion ({n_criteria}), got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ArgumentError(f"{name}: expected finite numbers, found NaN or infinity: {array}")
    if (array < 0).any():
        raise ArgumentError(f"{name}: expected nonnegative weights, found a negative one: {array}")
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
    n_criteria, name
        As for :func:`weight_values`.

    Returns
    -------
    numpy.ndarray of float64, same shape, each vector summing to 1

    Raises
    ------
    ArgumentError
        If the length does not match ``n_criteria``, or a weight is NaN, infinite or
        negative, or all weights of a vector are zero.

    Examples
    --------
    >>> normalize_weights([2.0, 6.0], 2)
    array([0.25, 0.75])
    """
    array = weight_values(weights, n_criteria, name)
    totals = array.sum(axis=-1, keepdims=True)
    if (totals <= 0).any():
        raise ArgumentError(f"{name}: expected a positive sum, but all weights are zero")
    normalized: FloatArray = array / totals
    return normalized


def weight_vector(weights: npt.ArrayLike, n_criteria: int) -> FloatArray:
    """Check one weight vector (not a stack) and rescale it to sum to 1.

    Raises
    ------
    ArgumentError
        As :func:`normalize_weights`, and for a stack of weight vectors.
    """
    vector = normalize_weights(weights, n_criteria)
    if vector.ndim != 1:
        raise ArgumentError(f"weights: expected shape ({n_criteria},), got {vector.shape}")
    return vector


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
    ArgumentError
        On a length mismatch, a non-boolean ``passed``, a non-finite cost, or a missing,
        non-string or duplicated name.
    """
    passed_array = np.asarray(passed)
    if passed_array.shape != (n_vendors,) or passed_array.dtype != np.bool_:
        raise ArgumentError(
            f"passed: expected {n_vendors} booleans (one per vendor), got dtype "
            f"{passed_array.dtype} and shape {passed_array.shape}"
        )
    cost_array = as_floats(tiebreak_cost, "tiebreak_cost")
    if cost_array.shape != (n_vendors,):
        raise ArgumentError(
            f"tiebreak_cost: expected {n_vendors} costs (one per vendor), got shape "
            f"{cost_array.shape}"
        )
    if not np.isfinite(cost_array).all():
        row = int(np.flatnonzero(~np.isfinite(cost_array))[0])
        raise ArgumentError(f"tiebreak_cost: expected finite costs, row {row} is {cost_array[row]}")
    names_tuple = tuple(names)
    if len(names_tuple) != n_vendors or not all(isinstance(n, str) for n in names_tuple):
        raise ArgumentError(f"names: expected {n_vendors} vendor names (str), got {names_tuple!r}")
    if len(set(names_tuple)) != n_vendors:
        dupes = sorted({n for n in names_tuple if names_tuple.count(n) > 1})
        raise ArgumentError(f"names: expected unique vendor names, duplicated: {dupes}")
    return passed_array, cost_array, names_tuple


def check_pair(
    scores: npt.ArrayLike, weights: npt.ArrayLike, *, rescale: bool = True
) -> tuple[FloatArray, FloatArray]:
    """Validate ``scores`` and ``weights`` together (criteria count and batch shapes).

    Parameters
    ----------
    scores : array_like, shape (..., n_vendors, n_criteria)
        Criterion scores [points].
    weights : array_like, shape (..., n_criteria)
        Nonnegative criterion weights [dimensionless].
    rescale : bool
        Rescale each weight vector to sum to 1 (else zero weights are allowed as given).

    Returns
    -------
    scores, weights : numpy.ndarray
        As float arrays whose leading (batch) shapes broadcast.

    Raises
    ------
    ArgumentError
        On bad scores or weights, or leading shapes that do not broadcast.
    """
    matrix = validate_scores(scores)
    n_criteria = matrix.shape[-1]
    w = normalize_weights(weights, n_criteria) if rescale else weight_values(weights, n_criteria)
    try:
        np.broadcast_shapes(matrix.shape[:-2], w.shape[:-1])
    except ValueError as exc:
        raise ArgumentError(
            f"weights: leading shape {w.shape[:-1]} does not broadcast with the leading "
            f"shape {matrix.shape[:-2]} of scores"
        ) from exc
    return matrix, w


def check_count(value: int, name: str, minimum: int) -> int:
    """Check that ``value`` is an integer ≥ ``minimum`` and return it as an ``int``.

    Raises
    ------
    ArgumentError
        For a bool, a non-integer or a value below ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ArgumentError(f"{name}: expected an integer ≥ {minimum}, got {value!r}")
    return int(value)


def criteria_names(criteria: Sequence[str] | None, n_criteria: int) -> list[str]:
    """Return criterion names, defaulting to ``criterion_1..m``.

    Raises
    ------
    ArgumentError
        When the names are not ``n_criteria`` strings.
    """
    if criteria is None:
        return [f"criterion_{j + 1}" for j in range(n_criteria)]
    names = list(criteria)
    if len(names) != n_criteria or not all(isinstance(c, str) for c in names):
        raise ArgumentError(f"criteria: expected {n_criteria} criterion names (str), got {names!r}")
    return names
