"""Aggregation methods by name: the registry :data:`METHODS` and :func:`aggregate`.

Every method is a pure function ``method(scores, weights) -> aggregate scores`` that
broadcasts over leading axes (one module each: :mod:`~vendoreval.mcda.weighted_sum`,
:mod:`~vendoreval.mcda.topsis`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import numpy.typing as npt

from vendoreval.errors import ArgumentError
from vendoreval.mcda._validate import FloatArray
from vendoreval.mcda.topsis import topsis
from vendoreval.mcda.weighted_sum import weighted_sum

__all__ = ["METHODS", "Method", "aggregate", "resolve_method"]

#: An aggregation method: ``method(scores, weights) -> aggregate scores``.
Method = Callable[[npt.ArrayLike, npt.ArrayLike], FloatArray]

#: Aggregation methods by name.
METHODS: Mapping[str, Method] = MappingProxyType({"weighted_sum": weighted_sum, "topsis": topsis})


def resolve_method(method: str) -> Method:
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
    vendoreval.errors.ArgumentError
        If ``method`` is unknown; the message lists the valid methods.
    """
    try:
        return METHODS[method]
    except (KeyError, TypeError):
        valid = ", ".join(repr(m) for m in METHODS)
        raise ArgumentError(f"method: unknown method {method!r}; expected one of {valid}") from None


def aggregate(
    scores: npt.ArrayLike, weights: npt.ArrayLike, method: str = "weighted_sum"
) -> FloatArray:
    """Aggregate scores with the method named ``method`` (a key of :data:`METHODS`).

    Parameters
    ----------
    scores, weights : array_like
        Criterion scores and weights, as for :func:`~vendoreval.mcda.weighted_sum`.
    method : {"weighted_sum", "topsis"}
        Aggregation method.

    Returns
    -------
    numpy.ndarray, shape (..., n_vendors)
        Aggregate scores [points, 0–100].

    Raises
    ------
    vendoreval.errors.ArgumentError
        If ``method`` is unknown (the message lists the valid ones) or the inputs are bad.

    Examples
    --------
    >>> aggregate([[80.0, 40.0], [50.0, 90.0]], [0.5, 0.5], "weighted_sum")
    array([60., 70.])
    """
    return resolve_method(method)(scores, weights)
