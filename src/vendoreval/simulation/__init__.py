"""What each vendor will really cost the buyer over the contract, month by month.

* :mod:`~vendoreval.simulation.billed_seconds` — per-contact billed-seconds distributions,
  from :mod:`~vendoreval.simulation.seconds_grid` (survival on the 1-second grid),
  :mod:`~vendoreval.simulation.normal_tail` and :mod:`~vendoreval.simulation.seconds_pmf`
  (a pmf on whole seconds and a month's sums of it);
* :mod:`~vendoreval.simulation.service` — each vendor's staffing and the service it achieves;
* :mod:`~vendoreval.simulation.voice` — a month's billed voice seconds per run;
* :mod:`~vendoreval.simulation.calendar_shares` — premium classes of each month's contacts;
* :mod:`~vendoreval.simulation.model` — the cost model: traffic, service, charges, credits and
  the term; built from :mod:`~vendoreval.simulation.inputs` (checks of runs, seed, needs and
  proposals), :mod:`~vendoreval.simulation.term` (the months and forecasts),
  :mod:`~vendoreval.simulation.vendor_term` (each vendor's staffing, KPIs and price index),
  :mod:`~vendoreval.simulation.charges` (a month's bill), :mod:`~vendoreval.simulation.draws`
  (runs drawn month by month on shared random numbers) and
  :mod:`~vendoreval.simulation.term_result` (credits and totals);
* :mod:`~vendoreval.simulation.result` — :func:`simulate_costs` and :class:`CostSimulation`;
* :mod:`~vendoreval.simulation.whatif` — cost curves and break-even points.
"""

from __future__ import annotations

from vendoreval.simulation.model import CHUNK_RUNS, COST_LINES, MAX_RUNS, CostModel
from vendoreval.simulation.result import (
    PROGRESS_THRESHOLD,
    CostSimulation,
    ProgressCallback,
    simulate_costs,
)
from vendoreval.simulation.service import (
    DEFAULT_DEFERRED_TARGET,
    DEFAULT_LIVE_TARGET,
    STAFFING_RULES,
    WAIT_CAP_SECONDS,
    queue_wait,
)
from vendoreval.simulation.whatif import break_even, cost_curve

__all__ = [
    "CHUNK_RUNS",
    "COST_LINES",
    "DEFAULT_DEFERRED_TARGET",
    "DEFAULT_LIVE_TARGET",
    "MAX_RUNS",
    "PROGRESS_THRESHOLD",
    "STAFFING_RULES",
    "WAIT_CAP_SECONDS",
    "CostModel",
    "CostSimulation",
    "ProgressCallback",
    "break_even",
    "cost_curve",
    "queue_wait",
    "simulate_costs",
]
