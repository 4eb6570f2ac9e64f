"""Why no allocation satisfies an award's constraints.

First the causes that need no solver: no vendor may receive anything (knock-outs,
``passed``, ``min_score``), or a segment that no eligible vendor can serve. Then each active
constraint — ``min_vendors``, ``max_vendors``, ``max_share``, the vendors' seats — is left
out in turn, and
the feasibility program (:mod:`vendoreval.award.model` without costs) says which of them
make the problem infeasible; when no single one does, they bind together.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from vendoreval.award.model import build, sample_curves
from vendoreval.award.problem import AwardProblem
from vendoreval.errors import AwardInfeasibleError

__all__ = ["diagnose"]

_CONSTRAINTS: Final = ("min_vendors", "max_vendors", "max_share", "seats")


def _vendor_gaps(problem: AwardProblem) -> AwardInfeasibleError | None:
    eligible = problem.eligible
    if eligible.candidates():
        return None
    reasons = []
    for name in eligible.vendors:
        if name in eligible.excluded:
            reasons.append(f"{name} {eligible.excluded[name]}")
        else:
            why = {eligible.blocked[(s.label, name)] for s in problem.parts}
            reasons.append(f"{name} {'; '.join(sorted(why))}")
    return AwardInfeasibleError(
        "no vendor may receive any of the work: " + "; ".join(reasons), ("vendors",)
    )


def _segment_gaps(problem: AwardProblem) -> AwardInfeasibleError | None:
    eligible = problem.eligible
    orphans = [i for i in range(len(problem.parts)) if not eligible.allowed[i].any()]
    if not orphans:
        return None
    lines = []
    for i in orphans:
        label = problem.parts[i].label
        why = [
            f"{name} {eligible.excluded.get(name) or eligible.blocked[(label, name)]}"
            for name in eligible.vendors
        ]
        lines.append(f"no eligible vendor can serve {label!r} ({'; '.join(why)})")
    return AwardInfeasibleError("; ".join(lines), ("segments",))


def _active(problem: AwardProblem) -> list[str]:
    seats = problem.eligible.seats[problem.eligible.candidates()]
    flags = {
        "min_vendors": problem.min_vendors is not None,
        "max_vendors": problem.max_vendors is not None,
        "max_share": problem.max_share is not None,
        "seats": bool(np.isfinite(seats).any()),
    }
    return [name for name in _CONSTRAINTS if flags[name]]


def _explain(problem: AwardProblem, name: str, curves_limit: int) -> str:
    candidates = problem.eligible.candidates()
    if name in ("min_vendors", "max_vendors"):
        curves = sample_curves(problem, curves_limit, costs=False)
        fewest = name == "max_vendors"
        model = build(problem, curves, objective="fewest" if fewest else "most", relax=(name,))
        solved = model.program.solve()
        count = "?" if solved is None else str(abs(round(solved.objective)))
        if fewest:
            return (
                f"max_vendors={problem.max_vendors} binds: the other constraints need at "
                f"least {count} vendors"
            )
        return (
            f"min_vendors={problem.min_vendors} binds: at most {count} vendors can share the "
            "work (the others are ruled out or cannot serve what is left)"
        )
    if name == "max_share":
        assert problem.max_share is not None
        largest = int(np.argmax(problem.volumes))
        part = float(problem.volumes[largest]) / problem.total
        if problem.whole and part > problem.max_share:
            return (
                f"max_share={problem.max_share:.0%} binds: whole segments cannot be split and "
                f"{problem.parts[largest].label!r} alone is {part:.0%} of the volume; raise "
                "max_share or award shares of segments (shares='fractional')"
            )
        least = math.ceil(1.0 / problem.max_share - 1e-9)
        cap = "" if problem.max_vendors is None else f", at most max_vendors={problem.max_vendors}"
        return (
            f"max_share={problem.max_share:.0%} binds: at that share at least {least} vendors "
            f"must split every segment between them, and the {len(candidates)} eligible "
            f"vendors{cap}, cannot"
        )
    seats = ", ".join(
        f"{problem.names[j]} {problem.eligible.seats[j]:.0f}"
        for j in candidates
        if np.isfinite(problem.eligible.seats[j])
    )
    needed = problem.staffing.agents(problem.cells.sum(axis=0))
    return (
        f"seats bind: the vendors' seats at go-live ({seats}) cannot staff their shares of "
        f"the traffic, which needs {needed} agents at peak in all"
    )


def diagnose(problem: AwardProblem, breakpoints: int) -> AwardInfeasibleError:
    """The error saying why no allocation of ``problem`` is feasible.

    Parameters
    ----------
    problem : AwardProblem
        An infeasible problem.
    breakpoints : int
        Breakpoints of the agents curves of the feasibility program.

    Returns
    -------
    AwardInfeasibleError
        Its message names the binding constraints; ``binding`` lists them.
    """
    for check in (_vendor_gaps, _segment_gaps):
        found = check(problem)
        if found is not None:
            return found
    curves = sample_curves(problem, breakpoints, costs=False)
    active = _active(problem)

    def feasible(relax: tuple[str, ...]) -> bool:
        program = build(problem, curves, objective="none", relax=relax).program
        return program.solve() is not None

    binding = [name for name in active if feasible((name,))]
    together = ""
    if not binding:
        binding = active
        together = " (together: no one of them alone is the cause)" if len(active) > 1 else ""
    if not binding:
        return AwardInfeasibleError("no allocation satisfies the constraints", ())
    reasons = "; ".join(_explain(problem, name, breakpoints) for name in binding)
    return AwardInfeasibleError(
        f"no allocation satisfies the constraints{together}: {reasons}", tuple(binding)
    )
