"""Exact award of whole segments: every (vendor, set of segments) priced, then set
partitioning.

For whole segments each vendor's part of an allocation is a *column*: the set of segments it
receives. The cost of an allocation is the sum of its columns' costs, so when every column
is priced with :func:`~vendoreval.award.scenario_cost`'s engine the cheapest allocation is a
set-partitioning program — pick at most one column per vendor so that every segment is in
exactly one picked column, between ``min_vendors`` and ``max_vendors`` columns, minimum
total cost — whose
optimum is the optimum of brute-force enumeration of all allocations. Columns that break
``max_share`` or the vendor's seats, or hold a segment the vendor cannot serve, are never
generated.

A vendor that may serve ``n`` segments has ``2ⁿ − 1`` columns, so this is for small
problems (:data:`EXACT_COLUMNS`); larger ones use :mod:`vendoreval.award.model`.

References
----------
E. Balas and M. Padberg (1976), "Set partitioning: a survey", SIAM Review 18(4), 710–760.
"""

from __future__ import annotations

import itertools
from typing import Final

import numpy as np

from vendoreval._types import FloatArray
from vendoreval.award.milp import Program
from vendoreval.award.problem import SHARE_EPSILON, AwardProblem

__all__ = ["EXACT_COLUMNS", "column_count", "solve_exact"]

EXACT_COLUMNS: Final = 256
"""Most columns (vendor × set of segments, each one simulation) for which ``method="auto"``
solves exactly."""

_UNIT: Final = 1e-6
"""Objective unit as a share of the largest column cost: HiGHS's absolute gap (10⁻⁶ of a
unit) is then 10⁻¹² of it, and no allocation it proves optimal is dearer than another by
more than that."""


def _subsets(problem: AwardProblem, vendor: int) -> list[tuple[int, ...]]:
    rows = [i for i in range(len(problem.parts)) if problem.eligible.allowed[i, vendor]]
    if problem.max_vendors == 1:
        return [tuple(rows)] if len(rows) == len(problem.parts) else []
    return [c for r in range(1, len(rows) + 1) for c in itertools.combinations(rows, r)]


def column_count(problem: AwardProblem) -> int:
    """Number of columns the exact method would price."""
    total = 0
    for vendor in problem.eligible.candidates():
        allowed = int(problem.eligible.allowed[:, vendor].sum())
        if problem.max_vendors == 1:
            total += int(allowed == len(problem.parts))
        else:
            total += 2**allowed - 1
    return total


def solve_exact(problem: AwardProblem) -> tuple[FloatArray, bool] | None:
    """The cheapest allocation of whole segments, exactly; None when none is feasible.

    Returns
    -------
    (numpy.ndarray, bool) or None
        Shares (segments × vendors) and whether HiGHS proved optimality.
    """
    n_segments, n_vendors = problem.eligible.allowed.shape
    columns: list[tuple[int, tuple[int, ...], float]] = []
    for vendor in problem.eligible.candidates():
        seats = problem.eligible.seats[vendor]
        for subset in _subsets(problem, vendor):
            shares = np.zeros(n_segments)
            shares[list(subset)] = 1.0
            if problem.max_share is not None:
                share = float(problem.volumes[list(subset)].sum()) / problem.total
                if share > problem.max_share + SHARE_EPSILON:
                    continue
            if np.isfinite(seats) and problem.agents(shares) > seats:
                continue
            columns.append((vendor, subset, problem.vendor_cost(vendor, shares)))
    if not columns:
        return None
    scale = max(1.0, max(abs(c) for _, _, c in columns)) * _UNIT
    program = Program()
    picks = [program.binary(cost / scale) for _, _, cost in columns]
    for i in range(n_segments):
        program.constrain(
            ((p, 1.0) for p, (_, subset, _) in zip(picks, columns, strict=True) if i in subset),
            1.0,
            1.0,
        )
    for vendor in range(n_vendors):
        own = [(p, 1.0) for p, (v, _, _) in zip(picks, columns, strict=True) if v == vendor]
        if len(own) > 1:
            program.constrain(own, upper=1.0)
    if problem.max_vendors is not None:
        program.constrain(((p, 1.0) for p in picks), upper=float(problem.max_vendors))
    if problem.min_vendors is not None:
        program.constrain(((p, 1.0) for p in picks), lower=float(problem.min_vendors))
    solution = program.solve(gap=0.0)
    if solution is None:
        return None
    shares = np.zeros((n_segments, n_vendors))
    for p, (vendor, subset, _) in zip(picks, columns, strict=True):
        if solution.x[p] > 0.5:
            shares[list(subset), vendor] = 1.0
    return shares, solution.optimal
