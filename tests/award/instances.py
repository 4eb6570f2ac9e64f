"""Small award instances and brute-force enumeration of their allocations.

The buyer (built with :mod:`tests.builders`) has three channels and two languages, small
enough that every allocation of whole segments can be enumerated and priced with
:func:`vendoreval.award.scenario_cost`. The vendors are priced so that splitting pays:

* ``Alpha`` — cheap voice (500/min, per-second), dear chat and e-mail, a 2,000,000 fee;
* ``Bravo`` — dear voice (900/min, per-minute), cheap chat and e-mail, a 1,000,000 fee and
  a 6,000,000 minimum;
* ``Charlie`` — per agent hour (staffing-based), 400,000 a month fixed;
* ``Delta`` — cheapest voice and chat, but offers no e-mail;
* ``Echo`` — cheap everywhere, but has Korean agents only.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from tests.builders import channel, contract, languages, make_needs, vendor
from vendoreval.award import scenario_cost
from vendoreval.needs import Needs
from vendoreval.needs.hours import Hours
from vendoreval.proposal import CoverageAnswer, LanguageStaff, StaffingAnswer, VendorProposal
from vendoreval.staffing.plan import agents_needed, plan_staffing
from vendoreval.vocabulary import CEFR

__all__ = [
    "RUNS",
    "brute_force",
    "coverage",
    "needs_agents",
    "small_needs",
    "small_vendors",
    "staff",
]

RUNS = 300
"""Simulated months per vendor in these tests (every method sees the same samples)."""


def small_needs(**fields: Any) -> Needs:
    """Phone 3,000, chat 1,500 and e-mail 800 contacts a month; Korean 80%, English 20%."""
    base: dict[str, Any] = {
        "channels": (
            channel("phone", 3_000, 240, share=0.8, within_seconds=20, patience_seconds=90),
            channel("chat", 1_500, 300, share=0.8, within_seconds=30),
            channel("email", 800, 240, share=0.9, within_hours=4),
        ),
        "languages": languages(ko=0.8, en=0.2),
        "contract": contract(start_month="2027-03", term_months=12, forecast_cv=0.1),
    }
    return make_needs(**{**base, **fields})


def coverage(*channels: str, seats: int = 500, hours: Hours | None = None) -> CoverageAnswer:
    """A coverage answer offering ``channels`` around the clock with ``seats``."""
    return CoverageAnswer(
        channels=channels or ("phone", "chat", "email"),
        hours=hours or Hours.around_the_clock(),
        seats=seats,
    )


def staff(**agents: int) -> StaffingAnswer:
    """Agents per language at C2 (``staff(ko=50, en=10)``)."""
    return StaffingAnswer(
        languages=tuple(
            LanguageStaff(language=tag, agents=n, cefr=CEFR.C2) for tag, n in agents.items()
        )
    )


def _with(proposal: VendorProposal, **fields: Any) -> VendorProposal:
    return proposal.model_copy(update=fields)


def small_vendors() -> list[VendorProposal]:
    """Alpha, Bravo, Charlie, Delta and Echo (module notes)."""
    alpha = vendor(
        "Alpha",
        billing_increment="per-second",
        voice_rate_per_minute=Decimal(500),
        per_contact={"chat": Decimal(3_000), "email": Decimal(3_000)},
        monthly_fixed=Decimal(2_000_000),
    )
    bravo = vendor(
        "Bravo",
        billing_increment="per-minute",
        voice_rate_per_minute=Decimal(900),
        per_contact={"chat": Decimal(1_000), "email": Decimal(1_200)},
        monthly_fixed=Decimal(1_000_000),
        minimum_monthly=Decimal(6_000_000),
    )
    charlie = vendor(
        "Charlie",
        billing_increment="per-minute",
        agent_hour_rate=Decimal(9_000),
        monthly_fixed=Decimal(400_000),
    )
    delta = vendor(
        "Delta",
        billing_increment="per-second",
        voice_rate_per_minute=Decimal(450),
        per_contact={"chat": Decimal(900)},
    )
    echo = vendor(
        "Echo",
        billing_increment="per-second",
        voice_rate_per_minute=Decimal(400),
        per_contact={"chat": Decimal(800), "email": Decimal(900)},
        monthly_fixed=Decimal(300_000),
    )
    return [
        _with(alpha, coverage=coverage()),
        _with(bravo, coverage=coverage()),
        _with(charlie, coverage=coverage()),
        _with(delta, coverage=coverage("phone", "chat"), staffing=staff(ko=200, en=30)),
        _with(echo, coverage=coverage(), staffing=staff(ko=200)),
    ]


def _volumes(needs: Needs) -> dict[str, float]:
    """Contacts a month of every channel, language and channel/language cell."""
    out: dict[str, float] = {}
    for item in needs.channels:
        out[item.channel.value] = float(item.volume_per_month)
        for lang in needs.languages:
            cell = item.volume_per_month * lang.share
            out[f"{item.channel.value}/{lang.language}"] = cell
            out[lang.language] = out.get(lang.language, 0.0) + cell
    return out


def needs_agents(needs: Needs, volumes: dict[str, int]) -> int:
    """Peak agents the coverage check counts for ``volumes`` per channel, computed from
    the staffing plan on needs holding those volumes."""
    kept = tuple(
        c.model_copy(update={"volume_per_month": volumes.get(c.channel.value, 0)})
        for c in needs.channels
    )
    reduced = needs.model_copy(update={"channels": kept})
    plan = plan_staffing(reduced)
    agents, _ = agents_needed(reduced, plan.required_agents)  # type: ignore[arg-type]
    return sum(agents.values())


def brute_force(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    labels: Sequence[str],
    *,
    allowed: dict[str, set[str]],
    max_vendors: int | None = None,
    min_vendors: int | None = None,
    max_share: float | None = None,
    runs: int = RUNS,
    seed: int = 0,
    feasible: Callable[[dict[str, str]], bool] | None = None,
) -> tuple[float, dict[str, str]]:
    """The cheapest allocation of whole segments by enumeration of all of them.

    Parameters
    ----------
    labels : sequence of str
        The segments.
    allowed : dict of str to set of str
        Segments each vendor may receive.
    feasible : callable, optional
        Any further test an allocation must pass (e.g. seats).

    Returns
    -------
    (float, dict)
        Its expected monthly cost (:func:`scenario_cost`) and the allocation.
    """
    volumes = _volumes(needs)
    total = sum(c.volume_per_month for c in needs.channels)
    names = [p.name for p in proposals]
    best: tuple[float, dict[str, str]] = (float("inf"), {})
    for owners in itertools.product(names, repeat=len(labels)):
        used = set(owners)
        if max_vendors is not None and len(used) > max_vendors:
            continue
        if min_vendors is not None and len(used) < min_vendors:
            continue
        if any(label not in allowed[owner] for label, owner in zip(labels, owners, strict=True)):
            continue
        if max_share is not None and any(
            sum(volumes[lab] for lab, o in zip(labels, owners, strict=True) if o == v)
            > max_share * total + 1e-9
            for v in used
        ):
            continue
        allocation = dict(zip(labels, owners, strict=True))
        if feasible is not None and not feasible(allocation):
            continue
        cost = scenario_cost(needs, proposals, allocation, runs, seed)
        if cost < best[0]:
            best = (cost, allocation)
    return best
