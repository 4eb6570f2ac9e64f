"""Monte Carlo cost of every vendor over the contract term: fees, credits and the term's terms.

:func:`~vendoreval.simulation.simulate_costs` draws ``runs`` contract terms; each is priced
with every vendor's sheet, commitments and lifecycle terms on the same draws (common random
numbers), and :class:`~vendoreval.simulation.CostSimulation` summarises them.

One simulated term (one run)
----------------------------
For each month ``m = 1 … term`` of the contract (from ``needs.contract.start_month``):

1. a volume factor ``F ~ Lognormal`` with mean 1 and coefficient of variation
   ``needs.contract.forecast_cv`` (independent from month to month);
2. per channel, offered contacts ``~ Poisson(F × V_m)``, with ``V_m`` the month's forecast
   (growth, month profile and event peaks: :mod:`vendoreval.needs.seasonality`);

then, per vendor, on those draws:

3. its staffing of each channel and the service it achieves at that ``F``
   (:mod:`vendoreval.simulation.service`): service levels, abandonment, ASA, waits;
4. phone contacts abandon with the vendor's ``P(abandon)`` — a binomial count, coupled across
   vendors through common uniforms (draw by draw up to 2,000 contacts, the normal limit
   above) — and the answered ones are billed (:mod:`vendoreval.simulation.voice`), with the
   vendor's own waits where the sheet bills them; contacts of the other channels are all
   handled;
5. premium classes by the month's calendar (:mod:`vendoreval.simulation.calendar_shares`),
   and the month's charges by :func:`vendoreval.pricing.tariff.monthly_charges` (tiers,
   premiums, fixed fees, the minimum); staffing-based sheets are charged the agent hours or
   FTEs the vendor's staffing plan schedules for the month's forecast, per-head sheets their
   committed head-count;
6. prices × the sheet's yearly indexation ``(1 + annual_increase)^⌊(m − 1)/12⌋`` and, after a
   vendor's ``minimum_term_months``, × ``(1 + renewal_increase)``;
7. training fees: ``training_fee_per_hire`` × the month's expected hires, ``FTE ×
   annual_attrition / 12`` (FTEs of the staffing plan, the committed head-count on a
   per-head sheet), indexed like the prices;
8. service credits on the month's fees (:func:`vendoreval.contract.credit_flows`: pool or
   grades, earn-back across the term) from the achieved KPIs. KPIs the queue model does not
   give come from the vendor's pilot (``fcr``, ``csat``) where it ran one, and are otherwise
   taken as met.

Once per term: the set-up and transition fees in month 1 (never indexed), the buyer's
``current_monthly_cost`` in each month of double running, and the termination fee in the last
month when the vendor's ``minimum_term_months`` is longer than the term.

A run's **net cost** is everything the buyer pays over the term less the credits; the
simulation's ``samples`` are it divided by the term's months (the average month, one-off fees
spread over the term).

Random streams
--------------
``numpy.random.default_rng`` on ``SeedSequence(seed, spawn_key=(chunk, month, purpose))``:
the traffic of a month is one stream; abandonment and billed seconds draw from streams that
every vendor re-creates with the same key, so no random number depends on a vendor's name or
position, identical offers cost exactly the same, and vendors are compared on the same draws.
Runs are drawn in chunks of :data:`CHUNK_RUNS` so that memory stays bounded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray, IntArray
from vendoreval.calendar import WEEKS_PER_MONTH
from vendoreval.errors import ArgumentError
from vendoreval.needs import Needs
from vendoreval.pricing.sheet import Rounding
from vendoreval.pricing.tariff import premium_classes
from vendoreval.proposal import VendorProposal
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.simulation.billed_seconds import WaitProfile
from vendoreval.simulation.calendar_shares import ClassShares, class_shares
from vendoreval.simulation.charges import month_charges, staffing_based
from vendoreval.simulation.draws import CHUNK_RUNS, ProgressCallback, queue_inputs, simulate
from vendoreval.simulation.draws import share as _share  # noqa: F401  (importable here, as before)
from vendoreval.simulation.inputs import (
    MAX_RUNS,
    check_proposals,
    check_runs,
    check_seed,
    revalidated,
)
from vendoreval.simulation.service import (
    INTERVAL_MINUTES,
    ChannelPlan,
    KpiCurves,
    build_curves,
    staff_to,
)
from vendoreval.simulation.term import Term, term_of
from vendoreval.simulation.term_result import COST_LINES, TermResult
from vendoreval.simulation.vendor_term import (
    VendorTerm,
    billable_share,
    channel_plans,
    has_commitment,
    price_index,
    productive_hours,
    staffing_rule,
    thresholds,
)
from vendoreval.simulation.voice import PhoneBilling
from vendoreval.vocabulary import Channel

__all__ = [
    "CHUNK_RUNS",
    "COST_LINES",
    "MAX_RUNS",
    "CostModel",
    "TermResult",
    "VendorTerm",
    "check_runs",
    "check_seed",
]


class CostModel:
    """Everything about the vendors and the buyer's traffic that does not change by run.

    Built by :func:`~vendoreval.simulation.simulate_costs` and by
    :mod:`vendoreval.simulation.whatif`: the term's months and forecasts, each vendor's
    staffing plans and service curves, billing of phone contacts, price index and calendar
    shares (see the module notes).

    Parameters
    ----------
    needs : Needs
        The buyer's needs (checked again against the plausible ranges).
    proposals : sequence of VendorProposal
        Vendors, unique names, price sheets in the contract currency.
    month : str, optional
        Simulate only this calendar month of the term (``YYYY-MM``), without one-off fees.
    months : int, optional
        Simulate the first ``months`` months instead of the contract's term.
    wait : WaitProfile, optional
        Replace every vendor's phone queue outcome by this one (for what-if curves).
    factor_range : tuple of float, optional
        Volume factors the service curves must cover (default: from the forecast CV).
    """

    def __init__(
        self,
        needs: Needs,
        proposals: Sequence[VendorProposal],
        *,
        month: str | None = None,
        months: int | None = None,
        wait: WaitProfile | None = None,
        factor_range: tuple[float, float] | None = None,
    ) -> None:
        self.needs = revalidated(needs)
        self.proposals = check_proposals(self.needs, proposals)
        self.channels = tuple(c for c in self.needs.channels if c.volume_per_month > 0)
        self.term: Term = term_of(self.needs, month, months)
        self.single_month = month is not None
        self.wait_override = wait
        cv = float(self.needs.contract.forecast_cv)
        if factor_range is None:
            factor_range = _factor_range(cv)
        self.factor_range = (min(factor_range[0], 1.0), max(factor_range[1], 1.0))
        self.vendors = self._vendors(cv)
        self.shares: ClassShares = class_shares(
            self.needs, [v.premium for v in self.vendors], self.term.months
        )

    @property
    def names(self) -> tuple[str, ...]:
        """Vendor names, in the order of the proposals."""
        return tuple(v.name for v in self.vendors)

    def vendor(self, name: str) -> VendorTerm:
        """The vendor called ``name``."""
        for vendor in self.vendors:
            if vendor.name == name:
                return vendor
        raise ArgumentError(f"no vendor named {name!r}; vendors: {', '.join(self.names)}")

    # ------------------------------------------------------------------ building

    def _vendors(self, cv: float) -> tuple[VendorTerm, ...]:
        term = self.term
        numbers = np.array(term.numbers)
        built: list[
            tuple[VendorProposal, StaffingAnswer, dict[Channel, ChannelPlan], FloatArray]
        ] = []
        staffed: dict[tuple[object, ...], IntArray] = {}
        requests: list[tuple[ChannelPlan, tuple[float, ...]]] = []
        owners: list[tuple[int, Channel]] = []
        for index, proposal in enumerate(self.proposals):
            staffing = proposal.staffing if proposal.staffing is not None else StaffingAnswer()
            terms = proposal.contract_terms
            learning = np.array([terms.learning_multiplier(int(n)) for n in numbers])
            plans = channel_plans(proposal, staffing, self.channels, term, learning, staffed)
            built.append((proposal, staffing, plans, learning))
            committed = thresholds(proposal)
            for channel, plan in plans.items():
                wanted = committed.get(channel, ())
                if channel is Channel.PHONE or wanted or has_commitment(proposal, channel):
                    requests.append((plan, wanted))
                    owners.append((index, channel))
        curves = build_curves(requests, self.factor_range[0], self.factor_range[1], cv)
        by_vendor: list[dict[Channel, KpiCurves]] = [{} for _ in self.proposals]
        for (index, channel), curve in zip(owners, curves, strict=True):
            by_vendor[index][channel] = curve
        vendors = []
        for index, (proposal, staffing, plans, learning) in enumerate(built):
            sheet = proposal.sheet
            productive = productive_hours(staffing)
            hours = np.zeros(term.size)
            ftes = np.zeros(term.size)
            for channel, plan in plans.items():
                hours += plan.agent_hours
                if channel in sheet.committed_ftes:
                    ftes += float(sheet.committed_ftes[channel])
                else:
                    ftes += plan.agent_hours / productive
            vendor = VendorTerm(
                proposal=proposal,
                premium=premium_classes(sheet),
                staffing=staffing,
                plans=plans,
                curves=by_vendor[index],
                price_index=price_index(sheet, proposal.contract_terms, numbers),
                learning=learning,
                ftes=ftes,
                agent_hours=hours,
            )
            self._phone_billing(vendor)
            vendors.append(vendor)
        return tuple(vendors)

    def _phone_billing(self, vendor: VendorTerm) -> None:
        phone = next((c for c in self.channels if c.channel is Channel.PHONE), None)
        if phone is None:
            return
        sheet = vendor.sheet
        share = billable_share(sheet, phone)
        curve = vendor.curves.get(Channel.PHONE)
        for multiplier in sorted(set(vendor.learning.tolist())):
            mu_range = (1.0, 1.0)
            if sheet.bills_wait:
                mu_range = self._mu_range(vendor, curve, multiplier)
            vendor.phone[multiplier] = PhoneBilling.of(
                phone.aht_seconds * multiplier,
                float(phone.handle_time_cv),
                sheet.billing_increment,
                monthly=sheet.rounding is Rounding.MONTHLY,
                bills_wait=sheet.bills_wait,
                billable_share=share,
                mu_range=mu_range,
            )

    def _mu_range(
        self, vendor: VendorTerm, curve: KpiCurves | None, multiplier: float
    ) -> tuple[float, float]:
        if self.wait_override is not None:
            mu = self.wait_override.mean_wait_if_waiting_seconds
            return (mu, mu)
        assert curve is not None
        values = []
        for m in range(self.term.size):
            if float(vendor.learning[m]) != multiplier:
                continue
            nodes = curve.exact_nodes(m)
            kpis = curve.at(m, nodes)
            waiting = kpis["prob_wait"]
            ok = waiting > 1e-12
            values.append(kpis["mean_wait"][ok] / waiting[ok])
        found = np.concatenate(values) if values else np.zeros(0)
        found = found[np.isfinite(found) & (found > 0)]
        if not found.size:
            return (1.0, 1.0)
        return (float(found.min()), float(found.max()))

    # ------------------------------------------------------------------ expected month

    def with_changes(
        self, *, needs: Needs | None = None, wait: WaitProfile | None = None
    ) -> CostModel:
        """A model of the same vendors and months with other needs or another phone queue
        outcome (every vendor's)."""
        month = self.term.months[0] if self.single_month else None
        months = None if self.single_month else self.term.size
        return CostModel(
            self.needs if needs is None else needs,
            self.proposals,
            month=month,
            months=months,
            wait=wait if wait is not None else self.wait_override,
            factor_range=self.factor_range,
        )

    def expected_charges(self, volume_factors: npt.ArrayLike) -> dict[str, FloatArray]:
        """Indexed monthly charges of the *expected* first month at each volume factor.

        Every channel's forecast × the factor, offered and handled in expectation; each
        vendor's phone queue held at its outcome for the forecast (``F = 1``, or the
        overriding wait); billed seconds from the exact per-contact means; agent hours of a
        staffing-based sheet re-staffed for the scaled forecast (a committed head-count
        stays). With a linear tariff this is the expected monthly charge.

        Parameters
        ----------
        volume_factors : array_like
            Multipliers of every channel's forecast volume [-], ≥ 0.

        Returns
        -------
        dict of str to numpy.ndarray
            Charges per vendor, one per factor [currency].
        """
        factors = np.atleast_1d(np.asarray(volume_factors, dtype=np.float64))
        if factors.ndim != 1 or not np.isfinite(factors).all() or (factors < 0).any():
            raise ArgumentError("volume_factors must be finite multipliers ≥ 0 of the forecast")
        size = factors.size
        out: dict[str, FloatArray] = {}
        for index, vendor in enumerate(self.vendors):
            shares = self.shares.shares[index]
            handled: dict[Channel, FloatArray] = {}
            billed = np.zeros(size)
            basis = np.zeros((size, vendor.premium.n_classes))
            for channel in self.channels:
                name = channel.channel
                offered = factors * self.term.volumes[name][0]
                class_share = shares[name][0]
                if name is not Channel.PHONE:
                    handled[name] = offered[:, None] * class_share[None, :]
                    continue
                billing = vendor.phone[float(vendor.learning[0])]
                p_ab, q, mu = self._queue(vendor)
                m1, _, a1, _ = billing.moments(q, mu, whole=vendor.monthly)
                answered = offered * (1.0 - float(p_ab[0]))
                abandoned = offered * float(p_ab[0])
                total = answered * float(m1[0]) + abandoned * float(a1[0])
                unbilled = billing.prob_unbilled * (1.0 - float(q[0]))
                handled[name] = (answered * (1.0 - unbilled))[:, None] * class_share[None, :]
                billed = (
                    np.asarray(vendor.sheet.billing_increment.billed_seconds(total), np.float64)
                    if vendor.monthly
                    else total
                )
                basis = total[:, None] * class_share[None, :]
            hours = None
            if staffing_based(vendor.sheet):
                hours = np.array([self._hours_at(vendor, float(f)) for f in factors])
            charges = month_charges(
                vendor, billed=billed, basis=basis, handled=handled, hours=hours
            )
            out[vendor.name] = np.asarray(charges.total * float(vendor.price_index[0]))
        return out

    def _queue(self, vendor: VendorTerm) -> tuple[FloatArray, FloatArray, FloatArray]:
        """P(abandon), P(wait | answered) and E[W | W > 0] of the first month at F = 1."""
        kpis = None
        if self.wait_override is None:
            kpis = vendor.curves[Channel.PHONE].at(0, np.ones(1))
        return queue_inputs(self.wait_override, kpis, 1)

    def _hours_at(self, vendor: VendorTerm, factor: float) -> float:
        """Productive agent hours of the first month with every forecast × ``factor`` [h]."""
        hours = 0.0
        for plan in vendor.plans.values():
            if plan.rule == "committed":
                hours += float(plan.agent_hours[0])
                continue
            _, threshold, share = staffing_rule(vendor.proposal, plan.channel)
            agents = staff_to(plan.traffic[:1] * factor, plan.aht_seconds[:1], threshold, share)
            hours += float(agents.sum()) * (INTERVAL_MINUTES / 60.0) * WEEKS_PER_MONTH
        return hours

    # ------------------------------------------------------------------ simulation

    def simulate(
        self,
        runs: int,
        seed: int,
        progress: ProgressCallback | None = None,
    ) -> TermResult:
        """Simulate ``runs`` terms (module notes); ``progress(done, total)`` is called after
        each month of each chunk of runs (:func:`vendoreval.simulation.draws.simulate`)."""
        return simulate(self, runs, seed, progress)


def _factor_range(cv: float) -> tuple[float, float]:
    """Volume factors the service curves cover: beyond ±7 standard deviations of the
    lognormal factor, i.e. practically every draw (draws outside are read at the ends)."""
    if cv <= 0:
        return (1.0, 1.0)
    sigma = math.sqrt(math.log1p(cv * cv))
    return (
        math.exp(-0.5 * sigma * sigma - 7.0 * sigma),
        math.exp(-0.5 * sigma * sigma + 7.0 * sigma),
    )
