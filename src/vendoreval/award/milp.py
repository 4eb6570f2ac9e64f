"""A small builder of mixed-integer linear programs, solved by HiGHS through
:func:`scipy.optimize.milp`.

Variables are added one at a time with their bounds, integrality and objective
coefficient; constraints are sparse rows ``lower ≤ Σ a_j x_j ≤ upper``. SciPy is imported
when a program is solved.

References
----------
Q. Huangfu and J. A. J. Hall (2018), "Parallelizing the dual revised simplex method",
Mathematical Programming Computation 10, 119–142 (HiGHS).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from vendoreval._types import FloatArray
from vendoreval.errors import SolverError

__all__ = ["MIP_REL_GAP", "TIME_LIMIT_SECONDS", "Program", "Solution"]

MIP_REL_GAP: Final = 1e-9
"""Relative optimality gap at which HiGHS stops [-] (its default, 1e-4, is too coarse to
separate allocations whose costs differ by a fraction of a per cent)."""

TIME_LIMIT_SECONDS: Final = 60.0
"""Wall-clock limit of one solve [s]; the best allocation found by then is used."""


@dataclass(frozen=True)
class Solution:
    """A solved program.

    Attributes
    ----------
    x : numpy.ndarray
        Value of every variable.
    objective : float
        Objective value.
    optimal : bool
        False when the time limit stopped HiGHS before it proved optimality.
    """

    x: FloatArray
    objective: float
    optimal: bool


@dataclass(eq=False)
class Program:
    """A minimisation program under construction."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)

    def variable(
        self,
        lower: float = 0.0,
        upper: float = math.inf,
        *,
        integer: bool = False,
        cost: float = 0.0,
    ) -> int:
        """Add a variable; returns its index."""
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        self.cost.append(cost)
        return len(self.cost) - 1

    def binary(self, cost: float = 0.0) -> int:
        """Add a 0–1 variable; returns its index."""
        return self.variable(0.0, 1.0, integer=True, cost=cost)

    def constrain(
        self,
        terms: Iterable[tuple[int, float]],
        lower: float = -math.inf,
        upper: float = math.inf,
    ) -> int:
        """Add the row ``lower ≤ Σ coefficient·x[index] ≤ upper``; returns its index."""
        row = len(self.row_lower)
        for index, coefficient in terms:
            if coefficient != 0.0:
                self.rows.append(row)
                self.columns.append(index)
                self.values.append(coefficient)
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        return row

    @property
    def size(self) -> int:
        """Number of variables."""
        return len(self.cost)

    def solve(
        self, time_limit: float = TIME_LIMIT_SECONDS, gap: float = MIP_REL_GAP
    ) -> Solution | None:
        """Solve with HiGHS; None when the program is infeasible.

        Parameters
        ----------
        time_limit : float
            Wall-clock limit [s].
        gap : float
            Relative optimality gap at which to stop [-].

        Raises
        ------
        SolverError
            HiGHS failed otherwise (unbounded, or no solution within the time limit).
        """
        from scipy.optimize import (  # type: ignore[import-untyped, unused-ignore]
            Bounds,
            LinearConstraint,
            milp,
        )
        from scipy.sparse import coo_array  # type: ignore[import-untyped, unused-ignore]

        constraints = []
        if self.row_lower:
            matrix = coo_array(
                (self.values, (self.rows, self.columns)),
                shape=(len(self.row_lower), self.size),
            ).tocsr()
            constraints.append(
                LinearConstraint(matrix, np.array(self.row_lower), np.array(self.row_upper))
            )
        result = milp(
            np.array(self.cost),
            integrality=np.array(self.integer),
            bounds=Bounds(np.array(self.lower), np.array(self.upper)),
            constraints=constraints,
            options={"mip_rel_gap": gap, "time_limit": time_limit},
        )
        if result.status == 2:
            return None
        if result.x is None:
            raise SolverError(f"the award program could not be solved: {result.message}")
        return Solution(
            x=np.asarray(result.x, dtype=np.float64),
            objective=float(result.fun),
            optimal=result.status == 0,
        )
