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

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from vendoreval._types import FloatArray, IntArray
from vendoreval.calendar import WEEKS_PER_MONTH, add_months, months_between
from vendoreval.contract import CommitmentKpi, ServiceCredits, credit_flows
from vendoreval.errors import ArgumentError, UnpricedChannelError
from vendoreval.needs import MAX_VOLUME_FACTOR, MAX_VOLUME_PER_MONTH, ChannelNeeds, Needs
from vendoreval.pricing.sheet import BillableComponent, PriceSheet, Rounding
from vendoreval.pricing.tariff import (
    CHARGE_LINES,
    MonthlyQuantities,
    PremiumClasses,
    monthly_charges,
    premium_classes,
)
from vendoreval.proposal import ContractTerms, VendorProposal
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.simulation.billed_seconds import EXACT_SUM_LIMIT, WaitProfile
from vendoreval.simulation.calendar_shares import ClassShares, class_shares
from vendoreval.simulation.service import (
    INTERVAL_MINUTES,
    ChannelPlan,
    KpiCurves,
    Locator,
    build_curves,
    buyer_target,
    committed_agents,
    forecast_traffic,
    staff_to,
)
from vendoreval.simulation.voice import PhoneBilling, VoiceMonth
from vendoreval.vocabulary import Channel

__all__ = [
    "CHUNK_RUNS",
    "COST_LINES",
    "MAX_RUNS",
    "CostModel",
    "TermResult",
    "VendorTerm",
]

MAX_RUNS: Final = 10_000_000
"""Most simulated terms a simulation accepts."""

CHUNK_RUNS: Final = 65_536
"""Runs drawn together; each chunk has its own random streams."""

COST_LINES: Final[tuple[str, ...]] = (
    *CHARGE_LINES,
    "training",
    "one_off",
    "double_running",
    "credits",
)
"""Lines of the monthly cost: the tariff's charge lines (indexed), training fees, one-off
fees spread over the term, the buyer's double-running cost, and credits (negative)."""

_TRAFFIC: Final = 0
_ABANDON: Final = 1
_VOICE: Final = 2

ProgressCallback = Callable[[int, int], None]


# ----------------------------------------------------------------------------- checks


def check_runs(runs: object) -> int:
    """``runs`` as an int in [1, :data:`MAX_RUNS`], else an ArgumentError naming it."""
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or int(runs) < 1:
        raise ArgumentError(f"runs must be a whole number ≥ 1 of simulated terms; got {runs!r}")
    if int(runs) > MAX_RUNS:
        raise ArgumentError(
            f"runs = {int(runs):,} is above the most accepted, {MAX_RUNS:,}: the standard error "
            "of a mean falls with √runs, so 10,000–100,000 runs already give a cost to a "
            "fraction of a per cent"
        )
    return int(runs)


def check_seed(seed: object) -> int:
    """``seed`` as an int ≥ 0, else an ArgumentError naming it."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or int(seed) < 0:
        raise ArgumentError(f"seed must be a whole number ≥ 0; got {seed!r}")
    return int(seed)


def _revalidated(needs: Needs) -> Needs:
    """The needs validated again (models built without validation, or copied with updates,
    are checked against the plausible ranges too)."""
    if not isinstance(needs, Needs):
        raise ArgumentError(f"needs must be a Needs; got {type(needs).__name__}")
    try:
        return Needs.model_validate(needs.model_dump())
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ArgumentError(f"needs.{where}: {message}") from None


def _check_proposals(needs: Needs, proposals: Sequence[VendorProposal]) -> list[VendorProposal]:
    items = list(proposals)
    if not items:
        raise ArgumentError("proposals is empty: give at least one vendor proposal")
    seen: dict[str, int] = {}
    for index, proposal in enumerate(items):
        if not isinstance(proposal, VendorProposal):
            raise ArgumentError(
                f"proposals[{index}] must be a VendorProposal; got {type(proposal).__name__}"
            )
        if proposal.name in seen:
            raise ArgumentError(
                f"proposals[{index}]: vendor name {proposal.name!r} is also proposals"
                f"[{seen[proposal.name]}]; vendor names must be unique"
            )
        seen[proposal.name] = index
        currency = proposal.sheet.currency
        if currency != needs.contract.currency:
            raise ArgumentError(
                f"proposals[{index}] (vendor {proposal.name!r}): pricing.sheet.currency is "
                f"{currency!r} but the contract currency (needs.contract.currency) is "
                f"{needs.contract.currency!r}; convert the price sheet first"
            )
        sheet = proposal.sheet
        for channel in needs.channels:
            if channel.volume_per_month == 0 or sheet.prices_channel(channel.channel):
                continue
            if sheet.covers_unpriced_contacts:
                continue
            raise UnpricedChannelError(
                f"proposals[{index}] (vendor {proposal.name!r}): the price sheet does not price "
                f"{channel.channel.value!r} contacts, of which the needs forecast "
                f"{channel.volume_per_month:,} a month; give a per-contact price or tier, or "
                "set unpriced_contacts_free: true if other fees cover them"
            )
        terms = proposal.contract_terms
        if terms.double_running_months and needs.contract.current_monthly_cost is None:
            raise ArgumentError(
                f"proposals[{index}] (vendor {proposal.name!r}): terms.double_running_months "
                f"is {terms.double_running_months}, so the buyer's current cost is needed: set "
                "needs.contract.current_monthly_cost (what the current operation costs a month)"
            )
    return items


def _stream(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


# ----------------------------------------------------------------------------- the term


@dataclass(frozen=True, eq=False)
class _Term:
    """The months simulated: calendar months, contract month numbers and forecasts."""

    months: tuple[str, ...]
    numbers: tuple[int, ...]  # contract month of each (1 = the start month)
    volumes: dict[Channel, FloatArray]  # forecast contacts per month
    term_months: int  # the contract's length (for exits and renewals)

    @property
    def size(self) -> int:
        return len(self.months)


def _term(needs: Needs, month: str | None, months: int | None) -> _Term:
    contract = needs.contract
    if month is not None:
        number = months_between(contract.start_month, month) + 1
        last = add_months(contract.start_month, contract.term_months - 1)
        if not 1 <= number <= contract.term_months:
            raise ArgumentError(
                f"month {month!r} is outside the contract term ({contract.start_month} … "
                f"{last}, needs.contract.term_months = {contract.term_months})"
            )
        numbers: tuple[int, ...] = (number,)
    else:
        count = contract.term_months if months is None else months
        numbers = tuple(range(1, count + 1))
    calendar = tuple(add_months(contract.start_month, n - 1) for n in numbers)
    growth = 1.0 + float(contract.monthly_growth)
    exponent = np.array(numbers, dtype=np.float64) - 1.0
    volumes: dict[Channel, FloatArray] = {}
    ceiling = MAX_VOLUME_PER_MONTH * MAX_VOLUME_FACTOR
    for channel in needs.channels:
        season = needs.seasonality.factors(list(calendar), channel.channel)
        values = channel.volume_per_month * growth**exponent * season
        if not (np.isfinite(values).all() and values.max(initial=0.0) <= ceiling):
            raise ArgumentError(
                f"the {channel.channel.value} forecast grows to "
                f"{float(np.nanmax(values)):.3g} contacts a month within the term (volume × "
                "(1 + contract.monthly_growth)^months × seasonality); a contact centre takes "
                f"at most {ceiling:.0e}: check contract.monthly_growth and term_months"
            )
        volumes[channel.channel] = np.asarray(values, dtype=np.float64)
    return _Term(calendar, numbers, volumes, contract.term_months)


# ----------------------------------------------------------------------------- vendors


def _billable_share(sheet: PriceSheet, channel: ChannelNeeds) -> float:
    parts = {
        BillableComponent.TALK: channel.talk_seconds,
        BillableComponent.HOLD: channel.hold_seconds,
        BillableComponent.ACW: channel.acw_seconds,
    }
    billed = sum(float(parts[c]) for c in sheet.billable_components if c in parts)
    total = channel.aht_seconds
    return min(billed / total, 1.0) if total > 0 else 0.0


@dataclass(frozen=True, eq=False)
class VendorTerm:
    """One vendor over the term: its sheet, terms, staffing and service.

    Attributes
    ----------
    proposal : VendorProposal
        The proposal.
    plans : dict of Channel to ChannelPlan
        Its staffing of each channel with volume.
    curves : dict of Channel to KpiCurves
        KPI curves of the channels whose service matters (phone, and committed ones).
    price_index : numpy.ndarray
        Price multiplier of each month (indexation × renewal) [-].
    learning : numpy.ndarray
        Handle-time multiplier of each month [-].
    ftes : numpy.ndarray
        FTEs of each month: committed head-count, plus scheduled agent hours ÷ productive
        hours of an FTE for the other channels [FTE].
    agent_hours : numpy.ndarray
        Productive agent hours of each month over all channels [h].
    """

    proposal: VendorProposal
    premium: PremiumClasses
    staffing: StaffingAnswer
    plans: dict[Channel, ChannelPlan]
    curves: dict[Channel, KpiCurves]
    price_index: FloatArray
    learning: FloatArray
    ftes: FloatArray
    agent_hours: FloatArray
    phone: dict[float, PhoneBilling] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.proposal.name

    @property
    def sheet(self) -> PriceSheet:
        return self.proposal.sheet

    @functools.cached_property
    def terms(self) -> ContractTerms:
        return self.proposal.contract_terms

    @functools.cached_property
    def wanted(self) -> dict[Channel, tuple[str, ...]]:
        """The KPIs of each channel a simulated month needs (see :func:`_wanted`)."""
        return {channel: _wanted(self, channel) for channel in self.curves}

    @property
    def commitments(self) -> ServiceCredits | None:
        return self.proposal.commitments

    @property
    def monthly(self) -> bool:
        return self.sheet.rounding is Rounding.MONTHLY

    def threshold_of(self, channel: Channel) -> tuple[float, ...]:
        """Service-level thresholds [s] of the vendor's commitments on ``channel``."""
        terms = self.commitments
        if terms is None:
            return ()
        out = []
        for c in terms.commitments:
            if c.channel is not channel:
                continue
            if c.kpi is CommitmentKpi.SERVICE_LEVEL and c.threshold_seconds is not None:
                out.append(float(c.threshold_seconds))
            if c.kpi is CommitmentKpi.RESPONSE_WITHIN_HOURS and c.threshold_hours is not None:
                out.append(float(c.threshold_hours) * 3600.0)
        return tuple(sorted(set(out)))


def _staffing_rule(proposal: VendorProposal, channel: ChannelNeeds) -> tuple[str, float, float]:
    """Rule, threshold [s] and share the vendor staffs ``channel`` by."""
    sheet = proposal.sheet
    if channel.channel in sheet.committed_ftes:
        target = buyer_target(channel)
        return "committed", target.threshold_seconds, target.share
    terms = proposal.commitments
    if terms is not None:
        wanted = (
            CommitmentKpi.SERVICE_LEVEL
            if channel.channel.is_realtime
            else CommitmentKpi.RESPONSE_WITHIN_HOURS
        )
        for c in terms.commitments:
            if c.channel is channel.channel and c.kpi is wanted and 0 < c.target < 1:
                threshold = (
                    float(c.threshold_seconds)
                    if c.threshold_seconds is not None
                    else float(c.threshold_hours or 0.0) * 3600.0
                )
                return "commitment", threshold, float(c.target)
    target = buyer_target(channel)
    return "target", target.threshold_seconds, target.share


def _plans(
    proposal: VendorProposal,
    staffing: StaffingAnswer,
    channels: Sequence[ChannelNeeds],
    term: _Term,
    learning: FloatArray,
    cache: dict[tuple[object, ...], IntArray],
) -> dict[Channel, ChannelPlan]:
    """Each channel's staffing (module notes of :mod:`~vendoreval.simulation.service`);
    ``cache`` shares the Erlang C head-counts of equal rules between vendors."""

    def staffed(
        channel: ChannelNeeds, traffic: FloatArray, aht: FloatArray, threshold: float, share: float
    ) -> IntArray:
        key = (channel.channel, threshold, share, aht.tobytes(), traffic.shape)
        if key not in cache:
            cache[key] = staff_to(traffic, aht, threshold, share)
        return cache[key]

    plans: dict[Channel, ChannelPlan] = {}
    for channel in channels:
        volumes = term.volumes[channel.channel]
        base_aht = channel.effective_aht_seconds if channel.aht_seconds > 0 else 1.0
        aht = base_aht * learning
        traffic = forecast_traffic(channel, volumes, aht)
        rule, threshold, share = _staffing_rule(proposal, channel)
        if rule == "committed":
            target = buyer_target(channel)
            profile = staffed(
                channel, traffic[:1], aht[:1], target.threshold_seconds, target.share
            )[0]
            agents_row = committed_agents(
                float(proposal.sheet.committed_ftes[channel.channel]),
                float(staffing.scheduled_hours_per_fte_month),
                float(staffing.shrinkage),
                profile.astype(np.float64),
            )
            agents = np.broadcast_to(agents_row, traffic.shape).copy()
        else:
            agents = staffed(channel, traffic, aht, threshold, share)
        patience = math.inf if channel.patience_seconds is None else float(channel.patience_seconds)
        if not channel.channel.is_realtime:
            patience = math.inf
        plans[channel.channel] = ChannelPlan(
            channel=channel,
            rule=rule,
            agents=agents,
            traffic=traffic,
            aht_seconds=np.asarray(aht, dtype=np.float64),
            volumes=volumes,
            patience_seconds=patience,
        )
    return plans


# ----------------------------------------------------------------------------- results


@dataclass(eq=False)
class TermResult:
    """What a simulation of the term produced, per vendor (summed over months or per month).

    Per-run arrays have one element per run; per-month arrays one per month of the term.
    """

    months: tuple[str, ...]
    numbers: tuple[int, ...]
    runs: int
    net: dict[str, FloatArray]  # per run: net cost of the term
    gross: dict[str, FloatArray]  # per run: everything paid before credits
    credits: dict[str, FloatArray]  # per run: credits net of earn-back (> 0 money back)
    by_year: dict[str, FloatArray]  # (runs, years): net cost per contract year
    lines: dict[str, dict[str, FloatArray]]  # vendor → line → per-month mean
    breach: dict[str, dict[str, FloatArray]]  # vendor → key → per-month P(missed)
    achieved: dict[str, dict[str, FloatArray]]  # vendor → key → per-month mean achieved
    voice: dict[str, dict[str, float]]  # vendor → billed/actual/wait/offered sums (means)
    agent_hours: dict[str, FloatArray]  # per month
    ftes: dict[str, FloatArray]  # per month


# ----------------------------------------------------------------------------- the model


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
        self.needs = _revalidated(needs)
        self.proposals = _check_proposals(self.needs, proposals)
        self.channels = tuple(c for c in self.needs.channels if c.volume_per_month > 0)
        self.term = _term(self.needs, month, months)
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
            plans = _plans(proposal, staffing, self.channels, term, learning, staffed)
            built.append((proposal, staffing, plans, learning))
            thresholds = _thresholds(proposal)
            for channel, plan in plans.items():
                wanted = thresholds.get(channel, ())
                if channel is Channel.PHONE or wanted or _has_commitment(proposal, channel):
                    requests.append((plan, wanted))
                    owners.append((index, channel))
        curves = build_curves(requests, self.factor_range[0], self.factor_range[1], cv)
        by_vendor: list[dict[Channel, KpiCurves]] = [{} for _ in self.proposals]
        for (index, channel), curve in zip(owners, curves, strict=True):
            by_vendor[index][channel] = curve
        vendors = []
        for index, (proposal, staffing, plans, learning) in enumerate(built):
            sheet = proposal.sheet
            productive = float(staffing.scheduled_hours_per_fte_month) * (
                1.0 - float(staffing.shrinkage)
            )
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
                price_index=_price_index(sheet, proposal.contract_terms, numbers, term),
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
        share = _billable_share(sheet, phone)
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
                p_ab, q, mu = self._queue(vendor, 1)
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
            sheet = vendor.sheet
            hours = None
            if sheet.agent_hour_rate is not None or (
                sheet.fte_month_rate is not None and not sheet.committed_ftes
            ):
                hours = np.array([self._hours_at(vendor, float(f)) for f in factors])
            charges = monthly_charges(
                sheet,
                MonthlyQuantities(
                    voice_billed_seconds=billed,
                    voice_class_seconds=basis,
                    handled_contacts=handled,
                    agent_hours=hours,
                    ftes=None if hours is None else hours / _productive_hours(vendor.staffing),
                ),
                vendor=vendor.name,
            )
            out[vendor.name] = np.asarray(charges.total * float(vendor.price_index[0]))
        return out

    def _queue(self, vendor: VendorTerm, size: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """P(abandon), P(wait | answered) and E[W | W > 0] of the first month at F = 1."""
        if self.wait_override is not None:
            wait = self.wait_override
            p_ab, p_wait = wait.prob_abandon, wait.prob_wait
            mu = wait.mean_wait_if_waiting_seconds
        else:
            kpis = vendor.curves[Channel.PHONE].at(0, np.ones(1))
            p_ab = float(kpis["abandonment"][0])
            p_wait = max(float(kpis["prob_wait"][0]), p_ab)
            mu = float(kpis["mean_wait"][0]) / p_wait if p_wait > 1e-12 else 0.0
        q = (p_wait - p_ab) / (1.0 - p_ab) if p_ab < 1.0 else 0.0
        return np.full(size, p_ab), np.full(size, q), np.full(size, mu)

    def _hours_at(self, vendor: VendorTerm, factor: float) -> float:
        """Productive agent hours of the first month with every forecast × ``factor`` [h]."""
        hours = 0.0
        for channel, plan in vendor.plans.items():
            if plan.rule == "committed":
                hours += float(plan.agent_hours[0])
                continue
            rule, threshold, share = _staffing_rule(vendor.proposal, plan.channel)
            del rule
            agents = staff_to(plan.traffic[:1] * factor, plan.aht_seconds[:1], threshold, share)
            hours += float(agents.sum()) * (INTERVAL_MINUTES / 60.0) * WEEKS_PER_MONTH
            del channel
        return hours

    # ------------------------------------------------------------------ simulation

    def simulate(
        self,
        runs: int,
        seed: int,
        progress: ProgressCallback | None = None,
    ) -> TermResult:
        """Simulate ``runs`` terms (module notes); ``progress(done, total)`` is called after
        each month of each chunk of runs."""
        term = self.term
        months = term.size
        chunks = [(start, min(start + CHUNK_RUNS, runs)) for start in range(0, runs, CHUNK_RUNS)]
        total_steps = len(chunks) * months
        years = (max(term.numbers) - 1) // 12 + 1
        names = self.names
        out = TermResult(
            months=term.months,
            numbers=term.numbers,
            runs=runs,
            net={name: np.zeros(runs) for name in names},
            gross={name: np.zeros(runs) for name in names},
            credits={name: np.zeros(runs) for name in names},
            by_year={name: np.zeros((runs, years)) for name in names},
            lines={name: {line: np.zeros(months) for line in COST_LINES} for name in names},
            breach={name: {} for name in names},
            achieved={name: {} for name in names},
            voice={name: dict.fromkeys(_VOICE_SUMS, 0.0) for name in names},
            agent_hours={v.name: v.agent_hours.copy() for v in self.vendors},
            ftes={v.name: v.ftes.copy() for v in self.vendors},
        )
        done = 0
        for chunk, (start, stop) in enumerate(chunks):
            self._chunk(out, chunk, start, stop, seed, progress, done, total_steps)
            done += months
        for name in names:
            for line in COST_LINES:
                out.lines[name][line] /= runs
            for key in out.breach[name]:
                out.breach[name][key] /= runs
                out.achieved[name][key] /= runs
        return out

    def _chunk(
        self,
        out: TermResult,
        chunk: int,
        start: int,
        stop: int,
        seed: int,
        progress: ProgressCallback | None,
        done: int,
        total_steps: int,
    ) -> None:
        term = self.term
        size = stop - start
        months = term.size
        cv = float(self.needs.contract.forecast_cv)
        sigma2 = math.log1p(cv * cv)
        # (months, runs) buffers: a month is one contiguous row
        fees = {v.name: np.zeros((months, size)) for v in self.vendors}
        other = {v.name: np.zeros(months) for v in self.vendors}
        achieved: dict[str, dict[str, FloatArray]] = {v.name: {} for v in self.vendors}
        for m in range(months):
            traffic = _stream(seed, chunk, m, _TRAFFIC)
            if cv > 0:
                factor = traffic.lognormal(-0.5 * sigma2, math.sqrt(sigma2), size)
            else:
                factor = np.ones(size)
            offered = {
                c.channel: traffic.poisson(factor * term.volumes[c.channel][m]).astype(np.int64)
                for c in self.channels
            }
            memo = _MonthMemo()
            for index, vendor in enumerate(self.vendors):
                name = vendor.name
                charges, kpis = self._vendor_month(
                    out, index, m, factor, offered, seed, chunk, memo
                )
                fees[name][m] = charges
                other[name][m] = self._training(vendor, m) + self._other_costs(vendor, m)
                for key, values in kpis.items():
                    achieved[name].setdefault(key, np.zeros((months, size)))[m] = values
            if progress is not None:
                progress(done + m + 1, total_steps)
        for vendor in self.vendors:
            name = vendor.name
            by_run = {key: np.ascontiguousarray(values.T) for key, values in achieved[name].items()}
            fee_rows = np.ascontiguousarray(fees[name].T)
            self._settle(out, vendor, start, stop, fee_rows, other[name], by_run)

    def _vendor_month(
        self,
        out: TermResult,
        index: int,
        m: int,
        factor: FloatArray,
        offered: dict[Channel, IntArray],
        seed: int,
        chunk: int,
        memo: _MonthMemo,
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        """The vendor's indexed monthly charges and the achieved KPIs of its commitments, per
        run; the charge lines and voice sums are added to ``out``."""
        vendor = self.vendors[index]
        size = factor.size
        shares = self.shares.shares[index]
        kpis = {
            channel: memo.kpis(curve, m, factor, vendor.wanted[channel])
            for channel, curve in vendor.curves.items()
        }
        handled: dict[Channel, FloatArray] = {}
        billed = np.zeros(size)
        basis = np.zeros(size)
        fixed = {"voice": np.full(vendor.premium.n_classes, 1.0 / vendor.premium.n_classes)}
        sums = out.voice[vendor.name]
        for channel in self.channels:
            name = channel.channel
            fixed[name.value] = shares[name][m]
            counts = offered[name]
            if name is not Channel.PHONE:
                handled[name] = counts.astype(np.float64)
                continue
            fixed["voice"] = shares[name][m]
            voice = self._voice(vendor, m, counts, kpis.get(name), seed, chunk, memo)
            handled[name] = voice.handled
            billed = voice.billed
            basis = voice.basis
            sums["billed"] += float(voice.billed.sum())
            sums["expected_billed"] += float(voice.expected_billed.sum())
            sums["actual"] += float(voice.actual.sum())
            sums["wait"] += float(voice.wait.sum())
            sums["offered"] += float(counts.sum())
        sheet = vendor.sheet
        staffing_based = sheet.agent_hour_rate is not None or (
            sheet.fte_month_rate is not None and not sheet.committed_ftes
        )
        hours = np.full(size, vendor.agent_hours[m]) if staffing_based else None
        charges = monthly_charges(
            sheet,
            MonthlyQuantities(
                voice_billed_seconds=billed,
                voice_class_seconds=basis,
                handled_contacts=handled,
                agent_hours=hours,
                ftes=None if hours is None else hours / _productive_hours(vendor.staffing),
                class_shares=fixed,
            ),
            vendor=vendor.name,
        )
        price = float(vendor.price_index[m])
        lines = out.lines[vendor.name]
        for line in CHARGE_LINES:
            lines[line][m] += float(charges.lines[line].sum()) * price
        lines["training"][m] += self._training(vendor, m) * size
        return charges.total * price, self._achieved(vendor, kpis, size)

    def _training(self, vendor: VendorTerm, m: int) -> float:
        """Training fees of month ``m``: fee × FTE × attrition / 12, indexed [currency]."""
        fee = vendor.sheet.training_fee_per_hire
        if fee is None:
            return 0.0
        hires = float(vendor.ftes[m]) * float(vendor.staffing.annual_attrition) / 12.0
        return float(fee) * hires * float(vendor.price_index[m])

    def _double_running(self, vendor: VendorTerm, m: int) -> float:
        """The buyer's current cost in month ``m`` of double running [currency]."""
        if self.term.numbers[m] > vendor.terms.double_running_months:
            return 0.0
        current = self.needs.contract.current_monthly_cost
        return 0.0 if current is None else float(current)

    def _one_off(self, vendor: VendorTerm, m: int) -> float:
        """Set-up and transition fees (month 1), termination fee (last month) [currency]."""
        if self.single_month:
            return 0.0
        terms = vendor.terms
        cost = 0.0
        if m == 0:
            cost += float(vendor.sheet.setup_fee) + float(terms.transition_fee)
        minimum = terms.minimum_term_months
        if m == self.term.size - 1 and minimum is not None and minimum > self.term.numbers[m]:
            cost += float(terms.termination_fee)
        return cost

    def _other_costs(self, vendor: VendorTerm, m: int) -> float:
        return self._double_running(vendor, m) + self._one_off(vendor, m)

    def _voice(
        self,
        vendor: VendorTerm,
        m: int,
        offered: IntArray,
        kpis: dict[str, FloatArray] | None,
        seed: int,
        chunk: int,
        memo: _MonthMemo | None = None,
    ) -> VoiceMonth:
        billing = vendor.phone[float(vendor.learning[m])]
        size = offered.size
        if self.wait_override is not None:
            wait = self.wait_override
            p_ab = np.full(size, wait.prob_abandon)
            p_wait = np.full(size, wait.prob_wait)
            mu = np.full(size, wait.mean_wait_if_waiting_seconds)
        else:
            assert kpis is not None
            p_ab = kpis["abandonment"]
            p_wait = np.maximum(kpis["prob_wait"], p_ab)
            mu = np.divide(kpis["mean_wait"], p_wait, out=np.zeros(size), where=p_wait > 1e-12)
        q = np.divide(p_wait - p_ab, 1.0 - p_ab, out=np.zeros(size), where=p_ab < 1.0)
        # vendors sharing a staffing plan share its KPI arrays, hence their abandonment
        shared = memo is not None and self.wait_override is None
        key = (id(p_ab), id(offered))
        found = memo.abandoned.get(key) if memo is not None and shared else None
        if found is None:
            found = _abandoned(offered, p_ab, _stream(seed, chunk, m, _ABANDON))
            if memo is not None and shared:
                memo.abandoned[key] = found
        abandoned = found
        answered = offered - abandoned
        return billing.month(answered, abandoned, q, mu, _stream(seed, chunk, m, _VOICE))

    def _achieved(
        self, vendor: VendorTerm, kpis: dict[Channel, dict[str, FloatArray]], size: int
    ) -> dict[str, FloatArray]:
        """Achieved value of each commitment, per run (module notes, step 8)."""
        terms = vendor.commitments
        if terms is None:
            return {}
        out: dict[str, FloatArray] = {}
        references = vendor.proposal.references
        pilot = references.pilot if references is not None else None
        for c in terms.commitments:
            values = kpis.get(c.channel)
            kpi = c.kpi
            if values is None or kpi in _OUTCOME_KPIS:
                measured = None
                if pilot is not None and kpi is CommitmentKpi.FCR:
                    measured = pilot.first_contact_resolution
                if pilot is not None and kpi is CommitmentKpi.CSAT:
                    measured = pilot.csat
                level = c.target if measured is None else float(measured)
                out[c.key] = np.full(size, level)
            elif kpi is CommitmentKpi.SERVICE_LEVEL:
                within = values[f"service_level@{float(c.threshold_seconds or 0.0):g}"]
                out[c.key] = _share(within, c.target)
            elif kpi is CommitmentKpi.RESPONSE_WITHIN_HOURS:
                seconds = float(c.threshold_hours or 0.0) * 3600.0
                out[c.key] = _share(values[f"service_level@{seconds:g}"], c.target)
            elif kpi is CommitmentKpi.ABANDONMENT:
                out[c.key] = _share(values["abandonment"], c.target)
            else:
                out[c.key] = values["asa"]
        return out

    def _settle(
        self,
        out: TermResult,
        vendor: VendorTerm,
        start: int,
        stop: int,
        fees: FloatArray,
        other: FloatArray,
        achieved: dict[str, FloatArray],
    ) -> None:
        """Credits of a chunk of runs, and its per-run and per-month totals."""
        name = vendor.name
        terms = vendor.commitments
        size = stop - start
        credit = np.zeros(fees.shape)
        if terms is not None:
            credit = credit_flows(terms, fees, achieved).net
            for c in terms.commitments:
                missed = c.missed(achieved[c.key])
                breach = out.breach[name].setdefault(c.key, np.zeros(fees.shape[1]))
                breach += missed.sum(axis=0)
                mean = out.achieved[name].setdefault(c.key, np.zeros(fees.shape[1]))
                mean += achieved[c.key].sum(axis=0)
        paid = fees + other[None, :]
        net = paid - credit
        out.net[name][start:stop] = net.sum(axis=1)
        out.gross[name][start:stop] = paid.sum(axis=1)
        out.credits[name][start:stop] = credit.sum(axis=1)
        years = np.array([(n - 1) // 12 for n in self.term.numbers])
        first_year = years.min()
        for year in range(out.by_year[name].shape[1]):
            selected = years == year + first_year
            out.by_year[name][start:stop, year] = net[:, selected].sum(axis=1)
        lines = out.lines[name]
        lines["credits"] -= credit.sum(axis=0)
        for m in range(self.term.size):
            lines["double_running"][m] += self._double_running(vendor, m) * size
            lines["one_off"][m] += self._one_off(vendor, m) * size


# ----------------------------------------------------------------------------- helpers


class _MonthMemo:
    """What vendors of one simulated month share: interpolation positions, the KPIs of
    equal staffing plans and the abandonment drawn from them (identical by construction)."""

    def __init__(self) -> None:
        self.locator: Locator = {}
        self.curves: dict[tuple[int, tuple[str, ...]], dict[str, FloatArray]] = {}
        self.abandoned: dict[tuple[int, int], IntArray] = {}

    def kpis(
        self, curve: KpiCurves, month: int, factor: FloatArray, names: tuple[str, ...]
    ) -> dict[str, FloatArray]:
        key = (id(curve), names)
        if key not in self.curves:
            self.curves[key] = curve.at(month, factor, names, self.locator)
        return self.curves[key]


_VOICE_SUMS: Final = ("billed", "expected_billed", "actual", "wait", "offered")
_OUTCOME_KPIS: Final = (CommitmentKpi.FCR, CommitmentKpi.CSAT, CommitmentKpi.QA_SCORE)


def _wanted(vendor: VendorTerm, channel: Channel) -> tuple[str, ...]:
    """The KPIs of ``channel`` the month needs: the phone queue for billing, and those the
    vendor commits to."""
    names: list[str] = []
    if channel is Channel.PHONE:
        names += ["abandonment", "prob_wait", "mean_wait"]
    terms = vendor.commitments
    for c in terms.commitments if terms is not None else ():
        if c.channel is not channel:
            continue
        if c.kpi is CommitmentKpi.SERVICE_LEVEL:
            names.append(f"service_level@{float(c.threshold_seconds or 0.0):g}")
        elif c.kpi is CommitmentKpi.RESPONSE_WITHIN_HOURS:
            names.append(f"service_level@{float(c.threshold_hours or 0.0) * 3600.0:g}")
        elif c.kpi is CommitmentKpi.ABANDONMENT:
            names.append("abandonment")
        elif c.kpi is CommitmentKpi.ASA_SECONDS:
            names.append("asa")
    return tuple(dict.fromkeys(names))


def _productive_hours(staffing: StaffingAnswer) -> float:
    return float(staffing.scheduled_hours_per_fte_month) * (1.0 - float(staffing.shrinkage))


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


def _thresholds(proposal: VendorProposal) -> dict[Channel, tuple[float, ...]]:
    terms = proposal.commitments
    out: dict[Channel, set[float]] = {}
    if terms is None:
        return {}
    for c in terms.commitments:
        if c.kpi is CommitmentKpi.SERVICE_LEVEL and c.threshold_seconds is not None:
            out.setdefault(c.channel, set()).add(float(c.threshold_seconds))
        if c.kpi is CommitmentKpi.RESPONSE_WITHIN_HOURS and c.threshold_hours is not None:
            out.setdefault(c.channel, set()).add(float(c.threshold_hours) * 3600.0)
    return {channel: tuple(sorted(values)) for channel, values in out.items()}


def _has_commitment(proposal: VendorProposal, channel: Channel) -> bool:
    terms = proposal.commitments
    return terms is not None and any(
        c.channel is channel and c.kpi not in _OUTCOME_KPIS for c in terms.commitments
    )


def _price_index(
    sheet: PriceSheet, terms: ContractTerms, numbers: IntArray, term: _Term
) -> FloatArray:
    """Indexation × renewal of each month [-]."""
    index = np.array([sheet.price_index(int(n)) for n in numbers], dtype=np.float64)
    minimum = terms.minimum_term_months
    if minimum is not None and float(terms.renewal_increase):
        index = np.where(numbers > minimum, index * (1.0 + float(terms.renewal_increase)), index)
    del term
    return index


def _abandoned(offered: IntArray, p: FloatArray, rng: np.random.Generator) -> IntArray:
    """Abandoned contacts ~ Binomial(offered, p), from draws common to all vendors.

    Up to :data:`EXACT_SUM_LIMIT` contacts each one is a uniform compared with ``p`` (exact,
    and coupled: a larger ``p`` never abandons fewer); above, the normal limit
    ``round(n p + √(n p (1 − p)) z)`` clipped to [0, n] with a common ``z``.
    """
    n = offered.astype(np.int64)
    z = rng.standard_normal(n.size)
    out = np.clip(np.rint(n * p + np.sqrt(n * p * (1.0 - p)) * z), 0, n).astype(np.int64)
    small = n <= EXACT_SUM_LIMIT
    if small.any():
        counts = n[small]
        uniforms = rng.random(int(counts.sum()))
        runs = np.repeat(np.arange(counts.size), counts)
        hits = uniforms < np.repeat(p[small], counts)
        out[small] = np.bincount(runs, weights=hits, minlength=counts.size).astype(np.int64)
    return out


def _share(values: FloatArray, target: float) -> FloatArray:
    """A simulated share as a share: interpolation may stray past [0, 1] by rounding, and a
    month with no traffic on the channel has nothing to measure (it counts as the target,
    met, as in :func:`vendoreval.contract.sla_report`)."""
    clipped = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)
    return np.where(np.isnan(clipped), float(target), clipped)
