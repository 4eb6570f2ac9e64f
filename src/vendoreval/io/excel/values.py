"""The value of every formula of the comparison workbook, computed beside the formula.

The workbook stores, with each formula, the value it evaluates to (the *cached value*), so
programs that read a file without calculating it — ``pandas.read_excel``, openpyxl with
``data_only=True``, file previews — see numbers, while Excel and LibreOffice still
recalculate when a weight is edited. This module computes those values with numpy, step by
step as the formulas of :mod:`vendoreval.io.excel.formulas` do:

* ``Weights``: each weight's share ``w_j / Σ w`` and the two sums;
* ``Calc``: the normalized weights; for TOPSIS the column norms ``‖x_j‖``, the weighted
  normalized matrix ``v_ij = w_j x_ij / ‖x_j‖`` (0 for an all-zero column), the ideal and
  anti-ideal points (column maxima and minima) and the distances ``d⁺``, ``d⁻`` [1]_;
* the aggregate score, the sort key (the score rounded to
  :data:`~vendoreval.io.excel.formulas.SCORE_DECIMALS` decimals) and the rank.

The aggregate score and the rank stored are the library's own (``Evaluation.ranking``);
:func:`formula_scores` recomputes the score from the sheets' numbers so that
:class:`~vendoreval.io.excel.content.WorkbookContent` can refuse a ranking that its
scores and weights do not produce — a workbook whose cached values disagree with its
formulas would show one ranking before recalculation and another after.

References
----------
.. [1] Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
   Applications*. Springer. https://doi.org/10.1007/978-3-642-48318-9
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vendoreval.io.excel.formulas import SCORE_DECIMALS

__all__ = ["FormulaValues", "TopsisValues", "formula_ranks", "formula_scores", "topsis_values"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TopsisValues:
    """The intermediate values of the TOPSIS formulas on the ``Calc`` sheet.

    Attributes
    ----------
    norms : numpy.ndarray, shape (m,)
        Euclidean norm of each score column [points].
    weighted : numpy.ndarray, shape (n, m)
        Weighted normalized scores ``v_ij`` [dimensionless].
    ideal, anti_ideal : numpy.ndarray, shape (m,)
        Column maxima and minima of ``weighted``.
    d_plus, d_minus : numpy.ndarray, shape (n,)
        Euclidean distances of each vendor to the ideal and the anti-ideal point.
    closeness : numpy.ndarray, shape (n,)
        ``100 × d⁻ / (d⁺ + d⁻)`` [points]; 100 when both distances are 0.
    """

    norms: FloatArray
    weighted: FloatArray
    ideal: FloatArray
    anti_ideal: FloatArray
    d_plus: FloatArray
    d_minus: FloatArray
    closeness: FloatArray


def topsis_values(scores: FloatArray, shares: FloatArray) -> TopsisValues:
    """Evaluate the TOPSIS formulas of the ``Calc`` sheet.

    Parameters
    ----------
    scores : numpy.ndarray, shape (n, m)
        Vendor × criterion scores [points].
    shares : numpy.ndarray, shape (m,)
        Normalized weights (summing to 1) [dimensionless].

    Returns
    -------
    TopsisValues

    Examples
    --------
    >>> values = topsis_values(np.array([[3.0, 0.0], [4.0, 0.0]]), np.array([0.5, 0.5]))
    >>> values.norms.tolist(), values.weighted[:, 0].tolist(), values.closeness.tolist()
    ([5.0, 0.0], [0.3, 0.4], [0.0, 100.0])
    """
    norms = np.sqrt(np.square(scores).sum(axis=0))
    safe = np.where(norms > 0.0, norms, 1.0)
    weighted = np.where(norms > 0.0, scores / safe, 0.0) * shares
    ideal = weighted.max(axis=0)
    anti_ideal = weighted.min(axis=0)
    d_plus = np.sqrt(np.square(weighted - ideal).sum(axis=1))
    d_minus = np.sqrt(np.square(weighted - anti_ideal).sum(axis=1))
    total = d_plus + d_minus
    closeness = 100.0 * np.divide(d_minus, total, out=np.ones_like(total), where=total > 0.0)
    return TopsisValues(norms, weighted, ideal, anti_ideal, d_plus, d_minus, closeness)


def formula_scores(scores: FloatArray, weights: FloatArray, method: str) -> FloatArray:
    """The aggregate score each vendor's ``Calc`` formulas evaluate to.

    Parameters
    ----------
    scores : numpy.ndarray, shape (n, m)
        Vendor × criterion scores [points].
    weights : numpy.ndarray, shape (m,)
        Raw weights (the ``Weights`` sheet) [dimensionless], not all zero.
    method : {"weighted_sum", "topsis"}
        The formulas on the ``Calc`` sheet.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Scores [points].

    Examples
    --------
    >>> formula_scores(np.array([[80.0, 40.0], [50.0, 90.0]]), np.array([3.0, 1.0]),
    ...                "weighted_sum").tolist()
    [70.0, 60.0]
    """
    shares = weights / weights.sum()
    if method == "topsis":
        return topsis_values(scores, shares).closeness
    result: FloatArray = scores @ shares
    return result


def formula_ranks(scores: FloatArray, passed: npt.NDArray[np.bool_], numbers: IntArray) -> IntArray:
    """The ranks the ``Ranking`` sheet's rank formula gives.

    One plus the vendors ahead: those that passed when this one did not, then those with the
    same status and a higher sort key (score rounded to
    :data:`~vendoreval.io.excel.formulas.SCORE_DECIMALS` decimals), then those also tied on
    the key with a lower vendor number (see :func:`vendoreval.io.excel.formulas.rank`).

    Parameters
    ----------
    scores : numpy.ndarray, shape (n,)
        Aggregate scores [points].
    passed : numpy.ndarray of bool, shape (n,)
        Knock-out status.
    numbers : numpy.ndarray of int, shape (n,)
        Vendor numbers 1..n (lower mean cost, then name).

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        A permutation of 1..n.

    Examples
    --------
    >>> formula_ranks(np.array([50.0, 70.0, 70.0]), np.array([True, True, False]),
    ...               np.array([1, 2, 3])).tolist()
    [2, 1, 3]
    """
    keys = np.round(scores, SCORE_DECIMALS)
    status = passed.astype(np.int64)
    ahead = (status[None, :] > status[:, None]) | (
        (status[None, :] == status[:, None])
        & (
            (keys[None, :] > keys[:, None])
            | ((keys[None, :] == keys[:, None]) & (numbers[None, :] < numbers[:, None]))
        )
    )
    ranks: IntArray = 1 + ahead.sum(axis=1).astype(np.int64)
    return ranks


@dataclass(frozen=True)
class FormulaValues:
    """The cached value of every formula of one workbook, vendors in sheet-row order.

    Attributes
    ----------
    weight_sum : float
        ``Weights`` sum of the raw weights.
    shares : numpy.ndarray, shape (m,)
        Normalized weights (``Weights`` column C, ``Calc`` row 2).
    share_sum : float
        Sum of the shares (``Weights``, below the shares).
    scores : numpy.ndarray, shape (n,)
        Aggregate scores [points]: the library's.
    sort_keys : numpy.ndarray, shape (n,)
        Scores rounded to :data:`~vendoreval.io.excel.formulas.SCORE_DECIMALS` decimals.
    ranks : numpy.ndarray of int, shape (n,)
        Ranks 1..n: the library's.
    topsis : TopsisValues or None
        The TOPSIS intermediate values; None for the weighted sum.
    first : str
        Name of the vendor ranked first (``Summary``).
    """

    weight_sum: float
    shares: FloatArray
    share_sum: float
    scores: FloatArray
    sort_keys: FloatArray
    ranks: IntArray
    topsis: TopsisValues | None
    first: str

    @classmethod
    def compute(
        cls,
        scores: FloatArray,
        weights: FloatArray,
        method: str,
        library_scores: FloatArray,
        library_ranks: IntArray,
        names: Sequence[str],
    ) -> FormulaValues:
        """Collect the values of one workbook's formulas.

        Parameters
        ----------
        scores : numpy.ndarray, shape (n, m)
            Vendor × criterion scores in sheet-row order [points].
        weights : numpy.ndarray, shape (m,)
            Raw weights [dimensionless].
        method : {"weighted_sum", "topsis"}
            Ranking method.
        library_scores, library_ranks : numpy.ndarray, shape (n,)
            The library's aggregate scores [points] and ranks, in sheet-row order.
        names : sequence of str
            Vendor names in sheet-row order.

        Returns
        -------
        FormulaValues
        """
        weight_sum = float(weights.sum())
        shares = weights / weight_sum
        topsis = topsis_values(scores, shares) if method == "topsis" else None
        first = names[int(np.argmin(library_ranks))]
        return cls(
            weight_sum=weight_sum,
            shares=shares,
            share_sum=float(shares.sum()),
            scores=library_scores,
            sort_keys=np.round(library_scores, SCORE_DECIMALS),
            ranks=library_ranks.astype(np.int64),
            topsis=topsis,
            first=str(first),
        )
