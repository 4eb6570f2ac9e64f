"""Evaluate vendor proposals: :func:`evaluate` and its result, :class:`Evaluation`.

* :mod:`~vendoreval.evaluation.evaluate` — :func:`evaluate`: score, cost and rank;
* :mod:`~vendoreval.evaluation.result` — :class:`Evaluation`: the ranking, scores and
  weights, and the analyses the outputs show (computed lazily and cached);
* :mod:`~vendoreval.evaluation.explain` — :func:`explain_vendor`, the text of
  :meth:`Evaluation.explain`.
"""

from __future__ import annotations

from vendoreval.criteria import COST_CRITERION
from vendoreval.evaluation.evaluate import Method, evaluate
from vendoreval.evaluation.explain import explain_vendor
from vendoreval.evaluation.result import DEFAULT_SAMPLES, DEFAULT_SEED, Evaluation

__all__ = [
    "COST_CRITERION",
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "Evaluation",
    "Method",
    "evaluate",
    "explain_vendor",
]
