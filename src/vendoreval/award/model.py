"""A piecewise-linear mixed-integer model of the award, for large problems and for shares.

Segments are grouped by what a price sheet charges separately: each channel is a group when
the traffic is split by channel or by channel × language; all channels form one group when
it is split by language (every channel then scales together). A vendor's load on group
``g`` is ``t_g = Σ_s w_s·x_s``, the shares ``x_s`` of the group's segments it receives
weighted by their part ``w_s`` of the group's volume. Its expected monthly cost is modelled
as

    cost_v = max(M_v·y_v,  F_v·y_v + Σ_g φ_vg(t_vg) + Σ_s λ_vs·x_vs)

with ``y_v`` ∈ {0, 1} "awarded" (``x_vs ≤ y_v``), ``F_v`` the sheet's ``monthly_fixed``,
``M_v`` its ``minimum_monthly`` (an epigraph variable: the month is billed at least the
minimum), and ``φ_vg`` the usage cost of group ``g``: its expected monthly cost, simulated
without the minimum and less the fixed fee, with the vendor receiving the group's allowed
segments in proportion to ``t``. ``φ_vg`` is sampled at ``breakpoints`` loads
``t_1 < … < t_K`` — for whole segments, loads the group's segments can add up to (by
default only the full load), otherwise evenly spaced — and interpolated linearly. For whole
segments the model is then refined (:func:`refine`): every set of segments the optimum gives
a vendor in a group, if it was only interpolated, is simulated on its own cells and the
model solved again, until the optimum uses only simulated sets. Sets it leaves unused keep
their interpolated cost, which under economies of scale (usage cost concave in the load)
lies below the truth, so they are not ruled out wrongly.

For whole segments of a group with at most :data:`SUBSET_SEGMENTS` segments the vendor's
part of the group is one binary per set of segments it may receive, priced at ``φ_vg`` of
the set's load and holding the set's peak agents computed exactly. Otherwise (shares, or
larger groups) the load follows the incremental formulation, whose order binaries make the
interpolation exact for any shape (concave economies of scale, tiers, jumps):
``t = Σ_k δ_k·(t_k − t_{k−1})``, ``δ_{k+1} ≤ o_k ≤ δ_k``, ``o_k`` ∈ {0, 1}; the peak agents
are interpolated the same way against the vendor's seats.

``λ_vs`` corrects the language mix for a vendor whose sheet has language multipliers when
the traffic is split by language: the cost of segment ``s`` alone minus ``φ_vg(w_s)``. With
flat rates this makes the model exact for any set of languages; with tiers it is an
approximation.

What is exact and what is not (before the allocation is verified with the simulation):

* exact: fixed fees and minimums once per awarded vendor, the assignment, ``max_vendors``,
  ``min_vendors``, ``max_share``, eligibility; for whole segments of small groups the agents
  of every set of segments, and the usage cost of every set the refined optimum uses; each
  group's usage cost at the sampled loads;
* approximate: the usage cost between breakpoints (linear interpolation of Erlang economies
  of scale and of tiers) and, with shares or large groups, the agents between them; the
  minimum as ``max(M, E[charges])`` where the expectation of the true bill is
  ``E[max(M, charges)]`` (Jensen: never above the truth; the gap is the expected true-up in
  months the charges fall below the minimum); charges that couple groups other than the
  fixed fee and the minimum; and the Monte Carlo error of each breakpoint.

References
----------
H. D. Sherali (2001), "On mixed-integer zero-one representations for separable
lower-semicontinuous piecewise-linear functions", Operations Research Letters 28, 155–160
(the incremental formulation); J. P. Vielma, S. Ahmed and G. Nemhauser (2010), "Mixed-integer
models for nonseparable piecewise-linear optimization", Operations Research 58(2), 303–315.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np

from vendoreval._types import FloatArray
from vendoreval.award.allocation import SplitBy
from vendoreval.award.milp import Program, Solution
from vendoreval.award.problem import SHARE_EPSILON, AwardProblem
from vendoreval.proposal import VendorProposal

__all__ = [
    "DEFAULT_BREAKPOINTS",
    "SUBSET_SEGMENTS",
    "Curve",
    "Group",
    "ModelProgram",
    "breakpoints",
    "build",
    "groups",
    "refine",
    "sample_curves",
    "without_minimum",
]

DEFAULT_BREAKPOINTS: Final = {"whole": 1, "fractional": 4}
"""Breakpoints per vendor and group when ``breakpoints`` is not given (whole segments: the
full load, refined where solutions go; see :func:`refine`)."""

_SUBSET_LIMIT: Final = 16

SUBSET_SEGMENTS: Final = 6
"""Whole segments: a group whose vendor may take at most this many segments is modelled
with one binary per set of them (exact agents, tight relaxation)."""
_TIE_BREAK: Final = 1e-7

Objective = Literal["cost", "fewest", "most", "none"]


@dataclass(frozen=True)
class Group:
    """Segments a price sheet charges together.

    Attributes
    ----------
    segments : tuple of int
        Indices of the group's segments.
    weights : numpy.ndarray
        Each segment's part of the group's volume [-], summing to 1.
    """

    segments: tuple[int, ...]
    weights: FloatArray


def groups(problem: AwardProblem) -> list[Group]:
    """The groups of the problem's segments (see the module notes)."""
    volumes = problem.volumes
    if problem.split_by is SplitBy.CHANNEL:
        return [Group((i,), np.ones(1)) for i in range(len(problem.parts))]
    if problem.split_by is SplitBy.LANGUAGE:
        members = tuple(range(len(problem.parts)))
        return [Group(members, volumes / volumes.sum())]
    out = []
    for channel in dict.fromkeys(s.channel for s in problem.parts):
        members = tuple(i for i, s in enumerate(problem.parts) if s.channel is channel)
        part = volumes[list(members)]
        out.append(Group(members, part / part.sum()))
    return out


def breakpoints(weights: FloatArray, whole: bool, limit: int) -> FloatArray:
    """Loads at which a group's cost is sampled, ascending, the last the full load.

    Parameters
    ----------
    weights : numpy.ndarray
        The parts of the group's volume a vendor may receive [-].
    whole : bool
        Whole segments: the loads the weights can add up to, all of them when there are at
        most ``limit``, else the ``limit`` nearest to evenly spaced loads (plus the smallest
        when ``limit`` > 1). Shares: ``limit`` evenly spaced loads.
    limit : int
        Breakpoints wanted, ≥ 1.

    Returns
    -------
    numpy.ndarray
        Loads in (0, Σ weights] [-].
    """
    full = float(weights.sum())
    even = full * np.arange(1, limit + 1) / limit
    if not whole or weights.size > _SUBSET_LIMIT:
        return np.asarray(even, dtype=np.float64)
    sums = {
        round(float(sum(c)), 12)
        for r in range(1, weights.size + 1)
        for c in itertools.combinations(weights.tolist(), r)
    }
    ordered = np.array(sorted(sums))
    if ordered.size <= limit:
        return ordered
    chosen = {float(ordered[np.argmin(np.abs(ordered - t))]) for t in even}
    chosen |= {float(ordered[0]), float(ordered[-1])} if limit > 1 else {float(ordered[-1])}
    return np.array(sorted(chosen))


def without_minimum(proposal: VendorProposal) -> VendorProposal:
    """The proposal with its sheet's ``minimum_monthly`` removed (the model adds it back)."""
    sheet = proposal.sheet
    if sheet.minimum_monthly is None:
        return proposal
    pricing = proposal.pricing.model_copy(
        update={"sheet": sheet.model_copy(update={"minimum_monthly": None})}
    )
    return proposal.model_copy(update={"pricing": pricing})


@dataclass(frozen=True, eq=False)
class Curve:
    """A vendor's sampled usage cost and agents on one group.

    Attributes
    ----------
    vendor : int
        Vendor index.
    segments : tuple of int
        The group's segments the vendor may receive.
    weights : numpy.ndarray
        Their parts of the group's volume [-].
    points : numpy.ndarray
        Breakpoint loads ``t_k`` [-].
    agents : numpy.ndarray
        Peak agents at each load [agents].
    usage : numpy.ndarray or None
        Usage cost at each load [currency/month]; None when only feasibility is asked.
    corrections : numpy.ndarray or None
        Language-mix correction ``λ`` per segment [currency/month], or None.
    subsets : tuple of tuple of int
        Whole segments: every non-empty set of the segments (positions in ``segments``),
        when there are few enough; empty otherwise.
    subset_agents : numpy.ndarray
        Peak agents of each subset, exactly [agents].
    sampled : dict of tuple of int to float
        Usage cost of subsets simulated on their own cells [currency/month] (used instead of
        the interpolation; see :func:`refine`).
    bare : VendorProposal or None
        The proposal the usage is simulated with (its minimum removed).
    """

    vendor: int
    segments: tuple[int, ...]
    weights: FloatArray
    points: FloatArray
    agents: FloatArray
    usage: FloatArray | None
    corrections: FloatArray | None
    subsets: tuple[tuple[int, ...], ...] = ()
    subset_agents: FloatArray = field(default_factory=lambda: np.zeros(0))
    sampled: dict[tuple[int, ...], float] = field(default_factory=dict)
    bare: VendorProposal | None = None

    def subset_usage(self, subset: tuple[int, ...]) -> float:
        """Usage cost of a set of the segments: simulated if it was, else interpolated at
        its load plus the language corrections [currency/month]."""
        if subset in self.sampled:
            return self.sampled[subset]
        cost = self.usage_at(float(self.weights[list(subset)].sum()))
        if self.corrections is not None:
            cost += float(self.corrections[list(subset)].sum())
        return cost

    def usage_at(self, load: float) -> float:
        """Usage cost at a load, interpolated between breakpoints [currency/month]."""
        assert self.usage is not None
        return float(np.interp(load, np.r_[0.0, self.points], np.r_[0.0, self.usage]))


def _has_language_multipliers(proposal: VendorProposal) -> bool:
    premiums = proposal.sheet.premiums
    return premiums is not None and bool(premiums.language_multipliers)


def sample_curves(problem: AwardProblem, limit: int, *, costs: bool = True) -> list[Curve]:
    """Sample every candidate vendor's usage cost and agents on every group it may serve.

    Parameters
    ----------
    problem : AwardProblem
        The problem.
    limit : int
        Breakpoints per vendor and group (see :func:`breakpoints`).
    costs : bool, default True
        Simulate the costs (False: agents only, for feasibility).
    """
    curves: list[Curve] = []
    cells = problem.cells
    languages = problem.split_by is not SplitBy.CHANNEL
    for vendor in problem.eligible.candidates():
        proposal = problem.proposals[vendor]
        bare = without_minimum(proposal)
        fixed = float(proposal.sheet.monthly_fixed)
        for group in groups(problem):
            mask = [problem.eligible.allowed[i, vendor] for i in group.segments]
            members = tuple(i for i, ok in zip(group.segments, mask, strict=True) if ok)
            if not members:
                continue
            weights = group.weights[np.array(mask)]
            points = breakpoints(weights, problem.whole, limit)
            load = cells[list(members)].sum(axis=0) / weights.sum()
            agents = np.array([problem.staffing.agents(t * load) for t in points], dtype=float)
            usage = corrections = None
            sampled: dict[tuple[int, ...], float] = {}
            if costs:
                usage = np.array([problem.pricer.cost(bare, t * load) - fixed for t in points])
                sampled[tuple(range(len(members)))] = float(usage[-1])
                if languages and len(members) > 1 and _has_language_multipliers(proposal):
                    alone = np.array([problem.pricer.cost(bare, cells[i]) - fixed for i in members])
                    modelled = np.interp(weights, np.r_[0.0, points], np.r_[0.0, usage])
                    corrections = alone - modelled
                    sampled.update({(p,): float(a) for p, a in enumerate(alone)})
            subsets: tuple[tuple[int, ...], ...] = ()
            exact_agents = np.zeros(0)
            if problem.whole and len(members) <= SUBSET_SEGMENTS:
                positions = range(len(members))
                subsets = tuple(
                    c
                    for r in range(1, len(members) + 1)
                    for c in itertools.combinations(positions, r)
                )
                exact_agents = np.array(
                    [
                        problem.staffing.agents(cells[[members[p] for p in subset]].sum(axis=0))
                        for subset in subsets
                    ],
                    dtype=float,
                )
            curves.append(
                Curve(
                    vendor,
                    members,
                    weights,
                    points,
                    agents,
                    usage,
                    corrections,
                    subsets,
                    exact_agents,
                    sampled,
                    bare,
                )
            )
    return curves


def refine(problem: AwardProblem, curves: list[Curve], shares: FloatArray) -> int:
    """Simulate, on its own cells, each set of whole segments a vendor receives in ``shares``
    that was only interpolated so far; the model then prices it exactly.

    Solving again until nothing new is added leaves an optimum whose every group is priced
    by its own simulation; sets it does not use keep their interpolated cost, which under
    economies of scale (costs concave in the load) lies below the truth, so they are not
    ruled out wrongly.

    Returns
    -------
    int
        Number of sets simulated.
    """
    added = 0
    for curve in curves:
        if not curve.subsets or curve.usage is None or curve.bare is None:
            continue
        chosen = tuple(p for p, s in enumerate(curve.segments) if shares[s, curve.vendor] > 0.5)
        if not chosen or chosen in curve.sampled:
            continue
        fixed = float(problem.proposals[curve.vendor].sheet.monthly_fixed)
        cells = problem.cells[[curve.segments[p] for p in chosen]].sum(axis=0)
        curve.sampled[chosen] = problem.pricer.cost(curve.bare, cells) - fixed
        added += 1
    return added


def _subset_terms(
    program: Program,
    curve: Curve,
    x: dict[tuple[int, int], int],
    usage: list[tuple[int, float]],
    agents: list[tuple[int, float]],
    scale: float,
) -> None:
    """Whole segments of a small group: one binary per set of segments the vendor receives,
    with its interpolated usage cost and its exact agents."""
    j = curve.vendor
    picks = []
    for subset, needed in zip(curve.subsets, curve.subset_agents, strict=True):
        pick = program.binary()
        picks.append(pick)
        agents.append((pick, float(needed)))
        if curve.usage is not None:
            usage.append((pick, curve.subset_usage(subset) / scale))
    program.constrain(((p, 1.0) for p in picks), upper=1.0)
    for position, segment in enumerate(curve.segments):
        members = [p for p, s in zip(picks, curve.subsets, strict=True) if position in s]
        program.constrain([(x[segment, j], 1.0)] + [(p, -1.0) for p in members], 0.0, 0.0)


@dataclass(eq=False)
class ModelProgram:
    """The model as a program, and where its share variables are.

    Attributes
    ----------
    program : Program
        The mixed-integer program.
    shares : dict of (int, int) to int
        ``(segment, vendor)`` → index of the share variable.
    awarded : dict of int to int
        Vendor → index of its "awarded" binary.
    scale : float
        Money unit of the objective [currency/month].
    """

    program: Program
    shares: dict[tuple[int, int], int]
    awarded: dict[int, int]
    scale: float

    def allocation(self, problem: AwardProblem, solution: Solution) -> FloatArray:
        """Shares (segments × vendors) of a solution; rows renormalised to sum to 1."""
        n_segments, n_vendors = problem.eligible.allowed.shape
        shares = np.zeros((n_segments, n_vendors))
        for (i, j), index in self.shares.items():
            shares[i, j] = solution.x[index]
        if problem.whole:
            return np.asarray(np.where(shares > 0.5, 1.0, 0.0), dtype=np.float64)
        shares = np.clip(shares, 0.0, 1.0)
        shares[shares < 1e-7] = 0.0
        return np.asarray(shares / shares.sum(axis=1, keepdims=True), dtype=np.float64)

    def exclude(self, shares: FloatArray) -> None:
        """Cut off an allocation of whole segments (a no-good cut)."""
        ones = [(index, 1.0) for (i, j), index in self.shares.items() if shares[i, j] > 0.5]
        self.program.constrain(ones, upper=len(ones) - 1.0)


def build(
    problem: AwardProblem,
    curves: list[Curve],
    *,
    objective: Objective = "cost",
    relax: Collection[str] = (),
    seats: FloatArray | None = None,
) -> ModelProgram:
    """The program of the model (module notes).

    Parameters
    ----------
    problem : AwardProblem
        The problem.
    curves : list of Curve
        Sampled usage costs and agents (:func:`sample_curves`).
    objective : {"cost", "fewest", "most", "none"}
        Minimise the modelled cost, minimise or maximise the number of vendors, or nothing
        (feasibility).
    relax : collection of str
        Constraints left out: ``"min_vendors"``, ``"max_vendors"``, ``"max_share"``,
        ``"seats"``.
    seats : numpy.ndarray, optional
        Seats per vendor to use instead of the eligibility's (a tightened limit).
    """
    allowed = problem.eligible.allowed
    limit = problem.eligible.seats if seats is None else seats
    scale = 1.0
    if objective == "cost":
        peaks = [float(c.usage[-1]) for c in curves if c.usage is not None and c.usage.size]
        sheets = [problem.proposals[j].sheet for j in problem.eligible.candidates()]
        scale = max(
            [1.0, *peaks] + [float(s.monthly_fixed + (s.minimum_monthly or 0)) for s in sheets]
        )
    program = Program()
    x: dict[tuple[int, int], int] = {}
    y: dict[int, int] = {}
    z: dict[int, int] = {}
    for j in problem.eligible.candidates():
        if objective == "cost":
            y[j] = program.binary(_TIE_BREAK)
            z[j] = program.variable(0.0, cost=1.0)
        else:
            y[j] = program.binary({"fewest": 1.0, "most": -1.0}.get(objective, 0.0))
        for i in range(allowed.shape[0]):
            if allowed[i, j]:
                x[i, j] = program.binary() if problem.whole else program.variable(0.0, 1.0)
                program.constrain([(x[i, j], 1.0), (y[j], -1.0)], upper=0.0)
        program.constrain(
            [(y[j], 1.0)] + [(x[i, j], -1.0) for i in range(allowed.shape[0]) if (i, j) in x],
            upper=0.0,
        )
    for i in range(allowed.shape[0]):
        program.constrain(((x[i, j], 1.0) for j in y if (i, j) in x), 1.0, 1.0)
    if problem.max_vendors is not None and "max_vendors" not in relax:
        program.constrain(((v, 1.0) for v in y.values()), upper=float(problem.max_vendors))
    if problem.min_vendors is not None and "min_vendors" not in relax:
        program.constrain(((v, 1.0) for v in y.values()), lower=float(problem.min_vendors))
    if problem.max_share is not None and "max_share" not in relax:
        # Shares are renormalised after the solve (tiny ones dropped): keep a margin.
        margin = SHARE_EPSILON if problem.whole else -1e-6
        bound = problem.max_share * problem.total * (1.0 + margin)
        for j in y:
            terms = [(x[i, j], float(v)) for i, v in enumerate(problem.volumes) if (i, j) in x]
            program.constrain(terms, upper=bound)
    usage: dict[int, list[tuple[int, float]]] = {j: [] for j in y}
    agents: dict[int, list[tuple[int, float]]] = {j: [] for j in y}
    for curve in curves:
        j = curve.vendor
        if curve.subsets:
            _subset_terms(program, curve, x, usage[j], agents[j], scale)
            continue
        steps = np.diff(np.r_[0.0, curve.points])
        deltas = [program.variable(0.0, 1.0) for _ in steps]
        program.constrain(
            [(x[i, j], float(w)) for i, w in zip(curve.segments, curve.weights, strict=True)]
            + [(d, -float(s)) for d, s in zip(deltas, steps, strict=True)],
            0.0,
            0.0,
        )
        for k in range(len(deltas) - 1):
            order = program.binary()
            program.constrain([(deltas[k + 1], 1.0), (order, -1.0)], upper=0.0)
            program.constrain([(order, 1.0), (deltas[k], -1.0)], upper=0.0)
        agents[j] += [
            (d, float(a)) for d, a in zip(deltas, np.diff(np.r_[0.0, curve.agents]), strict=True)
        ]
        if curve.usage is not None:
            rises = np.diff(np.r_[0.0, curve.usage]) / scale
            usage[j] += [(d, float(r)) for d, r in zip(deltas, rises, strict=True)]
        if curve.corrections is not None:
            usage[j] += [
                (x[i, j], float(c) / scale)
                for i, c in zip(curve.segments, curve.corrections, strict=True)
            ]
    for j in y:
        if "seats" not in relax and np.isfinite(limit[j]):
            program.constrain(agents[j], upper=float(limit[j]))
        if objective == "cost":
            sheet = problem.proposals[j].sheet
            fixed = float(sheet.monthly_fixed) / scale
            program.constrain([(y[j], fixed), *usage[j], (z[j], -1.0)], upper=0.0)
            if sheet.minimum_monthly is not None:
                minimum = float(sheet.minimum_monthly) / scale
                program.constrain([(y[j], minimum), (z[j], -1.0)], upper=0.0)
    return ModelProgram(program, x, y, scale)
