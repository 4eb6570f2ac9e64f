"""Pilot and outbound outcomes: vendors judged on resolved and retained customers.

* :func:`compare_pilots` — one row per pilot contact of each vendor and of the buyer's own
  team; first-contact resolution (from repeat contacts), top-2-box CSAT, QA, handle time,
  resolution and conversion per vendor with confidence intervals, and each vendor's
  difference from the baseline (:class:`PilotComparison`).
* :func:`retention_curve` — Kaplan–Meier share of each vendor's acquired customers still
  active at given days; :func:`cost_per_retained_customer` — campaign cost per customer still
  active after 3, 6 and 12 months.
* :func:`synthetic_pilot` — a seeded example pilot with a busy-but-poor vendor.
"""

from __future__ import annotations

from vendoreval.outcomes.kpis import PilotKpi
from vendoreval.outcomes.pilots import PilotComparison, compare_pilots
from vendoreval.outcomes.retention import (
    cost_per_retained_customer,
    retention_curve,
    retention_table,
)
from vendoreval.outcomes.synthetic import PilotArm, synthetic_pilot

__all__ = [
    "PilotArm",
    "PilotComparison",
    "PilotKpi",
    "compare_pilots",
    "cost_per_retained_customer",
    "retention_curve",
    "retention_table",
    "synthetic_pilot",
]
