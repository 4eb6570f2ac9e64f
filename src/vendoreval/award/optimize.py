"""The cheapest award of the buyer's traffic across vendors, under constraints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final, Literal

import numpy as np

from vendoreval._lazy import pd
from vendoreval._types import FloatArray
from vendoreval.award.allocation import SplitBy, parse_split_by, segments
from vendoreval.award.cost import Pricer, check_proposals
from vendoreval.award.diagnose import diagnose
from vendoreval.award.eligibility import Seats, check_min_score, eligibility, vendor_series
from vendoreval.award.exact import EXACT_COLUMNS, column_count, solve_exact
from vendoreval.award.model import DEFAULT_BREAKPOINTS, build, refine, sample_curves
from vendoreval.award.problem import SHARE_EPSILON, AwardProblem
from vendoreval.award.result import Award
from vendoreval.errors import ArgumentError, ArgumentTypeError, AwardInfeasibleError
from vendoreval.simulation.inputs import whole_number

if TYPE_CHECKING:
    from vendoreval.needs import Needs
    from vendoreval.proposal import VendorProposal

__all__ = ["EXACT_LIMIT", "optimize_award"]

EXACT_LIMIT: Final = 8_192
"""Most columns ``method="exact"`` accepts (each one a simulation)."""

_POOL: Final = 3
_TIGHTEN_ROUNDS: Final = 4
_ROUNDS: Final = 16
_POLISH_PASSES: Final = 6


def _check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ArgumentError(f"{name} must be one of {options}; got {value!r}")
    return value


def _check_vendor_counts(low: object, high: object) -> tuple[int | None, int | None]:
    counts: list[int | None] = []
    for name, value in (("min_vendors", low), ("max_vendors", high)):
        if value is None:
            counts.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ArgumentTypeError(f"{name} must be a whole number ≥ 1; got {value!r}")
        if int(value) < 1:
            raise ArgumentError(f"{name} must be a whole number ≥ 1; got {value!r}")
        counts.append(int(value))
    fewest, most = counts
    if fewest is not None and most is not None and fewest > most:
        raise ArgumentError(f"min_vendors ({fewest}) is above max_vendors ({most})")
    return fewest, most


def _check_max_share(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ArgumentTypeError(f"max_share must be a share in (0, 1]; got {value!r}")
    share = float(value)
    if not 0.0 < share <= 1.0:
        raise ArgumentError(
            f"max_share must be a share in (0, 1] of the total volume (0.6 = 60%); got {value!r}"
        )
    return share


def _check_breakpoints(value: object, whole: bool) -> int:
    if value is None:
        return DEFAULT_BREAKPOINTS["whole" if whole else "fractional"]
    return whole_number(value, "breakpoints", 1)


def _singles(problem: AwardProblem) -> dict[int, float]:
    """Expected cost of each vendor that can take all the traffic alone (eligible for every
    segment, enough seats) [currency/month]."""
    everything = np.ones(len(problem.parts))
    out: dict[int, float] = {}
    for j in problem.eligible.candidates():
        if not problem.eligible.allowed[:, j].all():
            continue
        seats = problem.eligible.seats[j]
        if np.isfinite(seats) and problem.agents(everything) > seats:
            continue
        out[j] = problem.vendor_cost(j, everything)
    return out


def _alone(problem: AwardProblem, vendor: int) -> FloatArray:
    shares = np.zeros(problem.eligible.allowed.shape)
    shares[:, vendor] = 1.0
    return shares


def _rank(problem: AwardProblem, shares: FloatArray) -> tuple[float, int]:
    awarded = int(((shares > SHARE_EPSILON).any(axis=0)).sum())
    return problem.cost(shares), awarded


def _polish(problem: AwardProblem, shares: FloatArray) -> FloatArray:
    """Local search on whole segments: move one segment, or all of one vendor's, to another
    awarded vendor while that lowers the simulated cost and keeps every constraint."""
    allowed = problem.eligible.allowed
    current = shares.copy()
    cost = problem.cost(current)
    for _ in range(_POLISH_PASSES):
        owners = current.argmax(axis=1)
        awarded = sorted(set(owners.tolist()))
        moves: list[FloatArray] = []
        for a in awarded:
            rows = owners == a
            for b in awarded:
                if b != a and allowed[rows, b].all():
                    merged = current.copy()
                    merged[rows, a] = 0.0
                    merged[rows, b] = 1.0
                    moves.append(merged)
        for i, a in enumerate(owners.tolist()):
            for b in awarded:
                if b != a and allowed[i, b]:
                    moved = current.copy()
                    moved[i, a] = 0.0
                    moved[i, b] = 1.0
                    moves.append(moved)
        improved = False
        for move in moves:
            if problem.violations(move):
                continue
            value = problem.cost(move)
            if value < cost - 1e-9 * abs(cost):
                current, cost, improved = move, value, True
                break
        if not improved:
            break
    return current


def _solve_model(
    problem: AwardProblem,
    limit: int,
    singles: Mapping[int, float],
    extra: Sequence[FloatArray] = (),
) -> tuple[FloatArray, bool]:
    curves = sample_curves(problem, limit)
    seats = problem.eligible.seats.copy()
    candidates: list[FloatArray] = []
    optimal = True
    tightened = 0
    for _ in range(_ROUNDS):
        model = build(problem, curves, seats=seats)
        solution = model.program.solve()
        if solution is None:
            break
        first = model.allocation(problem, solution)
        if problem.whole and refine(problem, curves, first):
            continue
        optimal = optimal and solution.optimal
        pool = [first]
        if problem.whole:
            for _ in range(_POOL - 1):
                model.exclude(pool[-1])
                more = model.program.solve()
                if more is None:
                    break
                pool.append(model.allocation(problem, more))
        candidates += pool
        if any(not problem.violations(c) for c in pool):
            break
        tightened += 1
        if tightened >= _TIGHTEN_ROUNDS:
            break
        for j in range(first.shape[1]):
            if (first[:, j] > SHARE_EPSILON).any() and np.isfinite(seats[j]):
                over = problem.agents(first[:, j]) - problem.eligible.seats[j]
                if over > 0:
                    seats[j] -= over
    candidates += [_alone(problem, j) for j in singles]
    candidates += list(extra)
    feasible = [c for c in candidates if not problem.violations(c)]
    if not feasible:
        raise diagnose(problem, limit)
    best = min(feasible, key=lambda c: _rank(problem, c))
    if problem.whole:
        best = _polish(problem, best)
    return best, optimal


def _solve_whole(
    problem: AwardProblem, method: str, limit: int, singles: Mapping[int, float]
) -> tuple[FloatArray, bool, str]:
    """The best award of whole segments: exact when small enough (or asked), else the model."""
    columns = column_count(problem)
    if method == "exact" or (method == "auto" and columns <= EXACT_COLUMNS):
        found = solve_exact(problem)
        if found is None:
            raise diagnose(problem, limit)
        return found[0], found[1], "exact"
    allocation, optimal = _solve_model(problem, limit, singles)
    return allocation, optimal, "model"


def _award(
    problem: AwardProblem,
    shares: FloatArray,
    singles: Mapping[int, float],
    *,
    method: str,
    optimal: bool,
    scores: Mapping[str, object] | None,
    min_score: float | None,
) -> Award:
    names = list(problem.names)
    index = pd.Index(names, name="vendor")
    costs = [problem.vendor_cost(j, shares[:, j]) for j in range(len(names))]
    awarded = [names[j] for j in range(len(names)) if (shares[:, j] > SHARE_EPSILON).any()]
    best = min(singles, key=lambda j: (singles[j], names[j])) if singles else None
    agents = [problem.agents(shares[:, names.index(v)]) for v in awarded]
    score_values = [
        float(scores[v]) if scores is not None else np.nan  # type: ignore[arg-type]
        for v in awarded
    ]
    seats = problem.eligible.seats
    segment_index = pd.Index([s.label for s in problem.parts], name="segment")
    allocation = pd.DataFrame(shares, index=segment_index, columns=index.copy())
    return Award(
        allocation=allocation,
        monthly_cost_mean=float(sum(costs)),
        vendor_costs=pd.Series(costs, index=index, name="monthly_cost_mean"),
        best_single=None if best is None else names[best],
        best_single_cost=np.nan if best is None else singles[best],
        single_costs=pd.Series(
            [singles.get(j, np.nan) for j in range(len(names))], index=index, name="alone"
        ),
        scores=pd.Series(score_values, index=pd.Index(awarded, name="vendor"), name="score"),
        agents=pd.Series(agents, index=pd.Index(awarded, name="vendor"), name="agents_needed"),
        seats=pd.Series(np.where(np.isfinite(seats), seats, np.nan), index=index, name="seats"),
        setup_fees=pd.Series(
            [float(p.sheet.setup_fee) for p in problem.proposals], index=index, name="setup_fee"
        ),
        segment_volumes=pd.Series(problem.volumes, index=segment_index, name="volume"),
        excluded=dict(problem.eligible.excluded),
        blocked=dict(problem.eligible.blocked),
        split_by=problem.split_by,
        shares="whole" if problem.whole else "fractional",
        method=method,
        optimal=optimal,
        min_vendors=problem.min_vendors,
        max_vendors=problem.max_vendors,
        max_share=problem.max_share,
        min_score=min_score,
        currency=problem.needs.contract.currency,
        runs=problem.pricer.runs,
        seed=problem.pricer.seed,
        simulations=problem.pricer.simulations,
    )


def optimize_award(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    split_by: SplitBy | Literal["channel", "language", "both"] = "channel",
    *,
    min_vendors: int | None = None,
    max_vendors: int | None = None,
    max_share: float | None = None,
    min_score: float | None = None,
    scores: Mapping[str, float] | pd.Series | None = None,
    passed: Mapping[str, bool] | pd.Series | None = None,
    shares: Literal["whole", "fractional"] = "whole",
    runs: int = 10_000,
    seed: int = 0,
    month: str | None = None,
    method: Literal["auto", "exact", "model"] = "auto",
    breakpoints: int | None = None,
) -> Award:
    """The allocation of the buyer's traffic across vendors with the lowest expected monthly
    cost, under constraints.

    The traffic is cut into segments — channels, languages, or channel × language cells —
    awarded whole or in shares. Every vendor is priced on its share with its own sheet
    (:func:`~vendoreval.award.scenario_cost`: increments, tiers, premiums, per-contact and
    staffing charges, fixed fees and minimums once per awarded vendor, nothing for a vendor
    without a share).

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    proposals : sequence of VendorProposal
        The vendors (unique names, sheets in the contract currency).
    split_by : {"channel", "language", "both"}, default "channel"
        How the traffic is cut into segments.
    min_vendors : int, optional
        Fewest vendors awarded, ≥ 1 (``min_vendors=2`` for dual sourcing).
    max_vendors : int, optional
        Most vendors awarded, ≥ 1. ``max_vendors=1`` gives the cheapest single vendor that
        passes.
    max_share : float, optional
        Largest share of the total volume (contacts a month) one vendor may receive, in
        (0, 1] — a resilience rule.
    min_score : float, optional
        Lowest score (0–100) a vendor may have to receive anything; needs ``scores``.
    scores : Series or mapping, optional
        Each vendor's score, e.g. ``ev.ranking["score"]`` of an evaluation.
    passed : Series or mapping, optional
        Whether each vendor passed the knock-outs, e.g. ``ev.ranking["passed"]``; a vendor
        that did not receives nothing.
    shares : {"whole", "fractional"}, default "whole"
        Award whole segments, or any share of them.
    runs : int, default 10000
        Simulated months behind every cost, ≥ 1.
    seed : int, default 0
        Seed of the simulation, ≥ 0.
    month : str, optional
        Calendar month ``YYYY-MM`` simulated; ``needs.contract.start_month`` by default.
    method : {"auto", "exact", "model"}, default "auto"
        ``exact`` prices every vendor on every set of segments it can take (whole segments
        only; ``2ⁿ − 1`` simulations for a vendor that can take ``n`` segments); ``model``
        uses the piecewise-linear model; ``auto`` is exact up to
        :data:`~vendoreval.award.exact.EXACT_COLUMNS` columns, else the model.
    breakpoints : int, optional
        Loads at which each vendor's cost on each group is first simulated in the model
        (default: for whole segments the full load, then every set of segments a solution
        gives it; for shares 4 evenly spaced loads).

    Returns
    -------
    Award
        ``allocation``, ``monthly_cost_mean``, ``saving`` against ``best_single``,
        ``scores`` of the awarded vendors, ``explain()``, ``to_frame()``, ``sheet_table()``.

    Raises
    ------
    AwardInfeasibleError
        No allocation satisfies the constraints; the message says which bind (``binding``
        names them).
    ArgumentError
        A bad argument (the message names it); see also :func:`scenario_cost`.
    UnknownNameError
        ``scores`` or ``passed`` without a value for some vendor.

    Notes
    -----
    Constraints, all exact on the returned allocation: between ``min_vendors`` and
    ``max_vendors`` vendors; no
    vendor above ``max_share`` of the total volume; only vendors that passed and score at
    least ``min_score``; no vendor needing more agents at peak than its ``coverage.seats``
    (interval staffing at the buyer's targets, as the coverage check counts them); and no
    segment given to a vendor that does not offer the channel, cover its hours, price it, or
    staff its languages at the fluency needed (:mod:`vendoreval.award.eligibility`).

    *Exact method* (:mod:`vendoreval.award.exact`): the cost of an allocation is the sum of
    its vendors' costs, each depending only on the set of segments the vendor receives, so
    with every such set simulated, set partitioning solved by HiGHS
    (:func:`scipy.optimize.milp`) finds the allocation brute-force enumeration would — with
    the same simulated costs, ``scenario_cost`` of the result equals the enumeration's
    minimum.

    *Model method* (:mod:`vendoreval.award.model`): each vendor's cost is a fixed fee and a
    minimum (exact, with an "awarded" binary and an epigraph variable) plus, per channel (or
    for all channels when split by language), a usage cost sampled by simulation at
    breakpoints of the vendor's load and interpolated linearly with binaries (exact for any
    shape at the breakpoints). Approximated: the cost between breakpoints (Erlang economies
    of scale, tiers), the minimum applied to the expected charges instead of month by month
    (Jensen: the model never overstates it), charges that couple channels, and the Monte
    Carlo error of each breakpoint. The model's optimum and, for whole segments, its next
    best allocations (no-good cuts) and every single-vendor award are then priced by
    simulation, checked against every constraint exactly, and the cheapest is improved by
    local search (moving a segment, or a vendor's whole part, to another awarded vendor)
    while the simulated cost falls. A solution whose exact head-count breaks a vendor's seats
    tightens that vendor's seats in the model and is solved again. Between allocations whose
    costs differ by less than the Monte Carlo error of the breakpoints (say two vendors with
    the same sheet) the model may keep one marginally dearer than the best enumeration would
    find; ``method="exact"`` rules that out and is the default whenever it needs at most
    :data:`~vendoreval.award.exact.EXACT_COLUMNS` simulations.

    Examples
    --------
    >>> import vendoreval as ve
    >>> needs, proposals = ve.load_sample()
    >>> award = optimize_award(needs, proposals, max_vendors=2, runs=2_000)  # doctest: +SKIP
    >>> print(award.explain())  # doctest: +SKIP
    """
    items = check_proposals(needs, proposals)
    names = [p.name for p in items]
    how = parse_split_by(split_by)
    whole = _check_choice(shares, "shares", ("whole", "fractional")) == "whole"
    chosen = _check_choice(method, "method", ("auto", "exact", "model"))
    if chosen == "exact" and not whole:
        raise ArgumentError("method='exact' prices whole segments only; use shares='whole'")
    fewest, most = _check_vendor_counts(min_vendors, max_vendors)
    share = _check_max_share(max_share)
    floor = check_min_score(min_score, scores)
    score_map = vendor_series(scores, names, "scores")
    passed_map = vendor_series(passed, names, "passed")
    limit = _check_breakpoints(breakpoints, whole)
    pricer = Pricer(needs, runs, seed, month)
    parts = segments(needs, how)
    if not parts:
        raise ArgumentError("needs: no channel has volume (volume_per_month); nothing to award")
    eligible = eligibility(
        needs,
        items,
        parts,
        pricer.traffic,
        passed=passed_map,
        scores=score_map,
        min_score=floor,
    )
    problem = AwardProblem(
        needs=needs,
        proposals=items,
        split_by=how,
        parts=parts,
        traffic=pricer.traffic,
        eligible=eligible,
        pricer=pricer,
        staffing=Seats(needs, pricer.traffic),
        min_vendors=fewest,
        max_vendors=most,
        max_share=share,
        whole=whole,
    )
    if not eligible.candidates() or not eligible.allowed.any(axis=1).all():
        raise diagnose(problem, limit)
    columns = column_count(problem)
    if chosen == "exact" and columns > EXACT_LIMIT:
        raise ArgumentError(
            f"method='exact' would simulate {columns:,} vendor × segment-set columns "
            f"(at most {EXACT_LIMIT:,}); use method='model' or fewer segments"
        )
    singles = _singles(problem)
    if whole:
        allocation, optimal, used = _solve_whole(problem, chosen, limit, singles)
    else:
        # Shares can do no worse than whole segments: the best whole award is a candidate.
        try:
            found = _solve_whole(
                replace(problem, whole=True), chosen, DEFAULT_BREAKPOINTS["whole"], singles
            )
            extra = [found[0]]
        except AwardInfeasibleError:
            extra = []
        allocation, optimal = _solve_model(problem, limit, singles, extra)
        used = "model"
    return _award(
        problem,
        allocation,
        singles,
        method=used,
        optimal=optimal,
        scores=score_map,
        min_score=floor,
    )
