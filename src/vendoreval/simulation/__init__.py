"""What each price sheet will really cost for the buyer's traffic, month by month.

* :mod:`~vendoreval.simulation.billed_seconds` — per-contact billed-seconds distributions;
* :mod:`~vendoreval.simulation.model` — the cost model: traffic, each vendor's staffing and
  service, the month's charges;
* :mod:`~vendoreval.simulation.result` — :func:`simulate_costs` and :class:`CostSimulation`;
* :mod:`~vendoreval.simulation.whatif` — cost curves and break-even points.
"""

from __future__ import annotations

from vendoreval.simulation.model import (
    DEFAULT_DEFERRED_TARGET,
    DEFAULT_LIVE_TARGET,
    PROGRESS_THRESHOLD,
    CostModel,
    queue_wait,
)
from vendoreval.simulation.result import CostSimulation, simulate_costs
from vendoreval.simulation.whatif import break_even, cost_curve

__all__ = [
    "DEFAULT_DEFERRED_TARGET",
    "DEFAULT_LIVE_TARGET",
    "PROGRESS_THRESHOLD",
    "CostModel",
    "CostSimulation",
    "break_even",
    "cost_curve",
    "queue_wait",
    "simulate_costs",
]
