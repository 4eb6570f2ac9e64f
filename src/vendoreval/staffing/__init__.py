"""Staffing from traffic: the Erlang formulas, the agents search, interval staffing and the plan.

* :mod:`~vendoreval.staffing.erlang` — Erlang B, C and A; service level, ASA, occupancy;
* :mod:`~vendoreval.staffing.agents` — the smallest head-count meeting a target;
* :mod:`~vendoreval.staffing.intervals` — agents per half hour of a typical week;
* :mod:`~vendoreval.staffing.plan` — what the buyer's traffic needs, per channel and
  language: the one home of "agents needed" and of the planning defaults.

Every formula is vectorized with numpy broadcasting: scalars in give scalars out.
"""

from __future__ import annotations

from vendoreval.staffing.agents import agents_required, scheduled_agents
from vendoreval.staffing.erlang import (
    ErlangAResult,
    asa,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    service_level,
)
from vendoreval.staffing.intervals import IntervalStaffing, interval_staffing
from vendoreval.staffing.plan import (
    PLANNING_MAX_OCCUPANCY,
    PLANNING_SHRINKAGE,
    StaffingPlan,
    plan_staffing,
    staff_channel,
    workload_fte,
)

__all__ = [
    "PLANNING_MAX_OCCUPANCY",
    "PLANNING_SHRINKAGE",
    "ErlangAResult",
    "IntervalStaffing",
    "StaffingPlan",
    "agents_required",
    "asa",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "interval_staffing",
    "occupancy",
    "plan_staffing",
    "scheduled_agents",
    "service_level",
    "staff_channel",
    "workload_fte",
]
