"""Award the work across vendors: split the traffic, optimally.

* :func:`scenario_cost` — the expected monthly cost of any allocation of the traffic
  (channels, languages or channel × language cells, whole or in shares) to vendors, each
  priced on its share with its own sheet; :func:`vendor_costs` per vendor;
* :func:`optimize_award` — the cheapest allocation under constraints (number of vendors,
  largest share, knock-outs and scores, seats, what each vendor can serve), found with a
  mixed-integer program (HiGHS) and verified by simulation; the result is an :class:`Award`;
* :func:`champion_challenger` — a champion and a challenger sharing the work, the share
  moving each quarter to the vendor with the better measured KPI.
"""

from __future__ import annotations

from vendoreval.award.allocation import SplitBy
from vendoreval.award.champion import champion_challenger
from vendoreval.award.cost import scenario_cost, vendor_costs
from vendoreval.award.optimize import optimize_award
from vendoreval.award.result import Award

__all__ = [
    "Award",
    "SplitBy",
    "champion_challenger",
    "optimize_award",
    "scenario_cost",
    "vendor_costs",
]
