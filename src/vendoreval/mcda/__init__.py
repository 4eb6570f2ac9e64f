"""Multi-criteria decision analysis on plain numpy arrays.

Nothing here knows about vendors' proposals or price sheets: every function takes a
score matrix (vendors × criteria, 0–100, higher is better), criterion weights and, for
ordering, the knock-out flags, tie-break costs and names of the vendors. One module per
concept, each a pure function beside its result object where there is one:

:mod:`~vendoreval.mcda.weighted_sum`
    :func:`weighted_sum`, the additive value model.
:mod:`~vendoreval.mcda.topsis`
    :func:`topsis`, closeness to the ideal vendor, and its distances and closeness.
:mod:`~vendoreval.mcda.methods`
    :data:`METHODS` by name and :func:`aggregate`.
:mod:`~vendoreval.mcda.ordering`
    :func:`rank_order` (knock-outs last, ties by lower cost then name → ranks 1..n) and
    :func:`rank_vendors` → :class:`RankingResult`.
:mod:`~vendoreval.mcda.cost_scores`
    :func:`cost_scores`, the one monthly-cost-to-points function (ratio or min–max).
:mod:`~vendoreval.mcda.smaa`
    :func:`rank_acceptability` (SMAA-2) → :class:`AcceptabilityResult`, weight sampling.
:mod:`~vendoreval.mcda.stability`
    :func:`weight_stability` and :func:`smallest_swap` → :class:`SwapChange`.

Bad input raises :class:`vendoreval.errors.ArgumentError` (a ``ValueError``) naming the
argument and what was expected.
"""

from __future__ import annotations

from vendoreval.mcda._validate import normalize_weights, validate_scores, validate_vendors
from vendoreval.mcda.cost_scores import COST_TRANSFORMS, cost_scores
from vendoreval.mcda.methods import METHODS, aggregate, resolve_method
from vendoreval.mcda.ordering import (
    TIE_TOLERANCE,
    RankingResult,
    rank_order,
    rank_vendors,
    tiebreak_positions,
)
from vendoreval.mcda.smaa import (
    CHUNK_SAMPLES,
    CONCENTRATION_PER_CRITERION,
    AcceptabilityResult,
    default_concentration,
    rank_acceptability,
    sample_weights,
)
from vendoreval.mcda.stability import SwapChange, smallest_swap, weight_stability
from vendoreval.mcda.topsis import topsis, topsis_closeness, topsis_distances
from vendoreval.mcda.weighted_sum import weighted_sum

__all__ = [
    "CHUNK_SAMPLES",
    "CONCENTRATION_PER_CRITERION",
    "COST_TRANSFORMS",
    "METHODS",
    "TIE_TOLERANCE",
    "AcceptabilityResult",
    "RankingResult",
    "SwapChange",
    "aggregate",
    "cost_scores",
    "default_concentration",
    "normalize_weights",
    "rank_acceptability",
    "rank_order",
    "rank_vendors",
    "resolve_method",
    "sample_weights",
    "smallest_swap",
    "tiebreak_positions",
    "topsis",
    "topsis_closeness",
    "topsis_distances",
    "validate_scores",
    "validate_vendors",
    "weight_stability",
    "weighted_sum",
]
