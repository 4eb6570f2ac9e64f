"""One vendor over the simulated term: its staffing of each channel, the KPIs its commitments
read, its price index, and what of a phone contact its sheet bills.

Everything here is fixed for the term: it does not change from run to run (module notes of
:mod:`vendoreval.simulation.model`, steps 3, 6 and 8).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from vendoreval._types import FloatArray, IntArray
from vendoreval.contract import Commitment, CommitmentKpi, ServiceCredits
from vendoreval.needs import ChannelNeeds
from vendoreval.pricing.sheet import BillableComponent, PriceSheet, Rounding
from vendoreval.pricing.tariff import PremiumClasses
from vendoreval.proposal import ContractTerms, VendorProposal
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.simulation.service import (
    ChannelPlan,
    KpiCurves,
    buyer_target,
    committed_agents,
    forecast_traffic,
    staff_to,
)
from vendoreval.simulation.term import Term
from vendoreval.simulation.voice import PhoneBilling
from vendoreval.vocabulary import Channel

__all__ = [
    "OUTCOME_KPIS",
    "VendorTerm",
    "billable_share",
    "channel_plans",
    "curve_kpi",
    "has_commitment",
    "price_index",
    "productive_hours",
    "staffing_rule",
    "thresholds",
    "wanted",
]

OUTCOME_KPIS: Final = (CommitmentKpi.FCR, CommitmentKpi.CSAT, CommitmentKpi.QA_SCORE)
"""Commitments the queue model gives no value for (the pilot's, or taken as met)."""


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
        """The KPIs of each channel a simulated month needs (see :func:`wanted`)."""
        return {channel: wanted(self, channel) for channel in self.curves}

    @property
    def commitments(self) -> ServiceCredits | None:
        return self.proposal.commitments

    @property
    def monthly(self) -> bool:
        return self.sheet.rounding is Rounding.MONTHLY

    def threshold_of(self, channel: Channel) -> tuple[float, ...]:
        """Service-level thresholds [s] of the vendor's commitments on ``channel``."""
        return thresholds(self.proposal).get(channel, ())


def curve_kpi(commitment: Commitment) -> str | None:
    """The KPI of a :class:`~vendoreval.simulation.service.KpiCurves` that measures
    ``commitment`` (``service_level@<threshold [s]>``, ``abandonment``, ``asa``); None for
    the :data:`OUTCOME_KPIS`."""
    kpi = commitment.kpi
    if kpi is CommitmentKpi.SERVICE_LEVEL:
        return f"service_level@{float(commitment.threshold_seconds or 0.0):g}"
    if kpi is CommitmentKpi.RESPONSE_WITHIN_HOURS:
        return f"service_level@{float(commitment.threshold_hours or 0.0) * 3600.0:g}"
    if kpi is CommitmentKpi.ABANDONMENT:
        return "abandonment"
    if kpi is CommitmentKpi.ASA_SECONDS:
        return "asa"
    return None


def wanted(vendor: VendorTerm, channel: Channel) -> tuple[str, ...]:
    """The KPIs of ``channel`` the month needs: the phone queue for billing, and those the
    vendor commits to."""
    names: list[str] = []
    if channel is Channel.PHONE:
        names += ["abandonment", "prob_wait", "mean_wait"]
    terms = vendor.commitments
    for c in terms.commitments if terms is not None else ():
        name = curve_kpi(c) if c.channel is channel else None
        if name is not None:
            names.append(name)
    return tuple(dict.fromkeys(names))


def thresholds(proposal: VendorProposal) -> dict[Channel, tuple[float, ...]]:
    """Service-level thresholds [s] of the vendor's commitments, per channel, ascending."""
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


def has_commitment(proposal: VendorProposal, channel: Channel) -> bool:
    """Whether the vendor commits to a service KPI (not an outcome) on ``channel``."""
    terms = proposal.commitments
    return terms is not None and any(
        c.channel is channel and c.kpi not in OUTCOME_KPIS for c in terms.commitments
    )


def productive_hours(staffing: StaffingAnswer) -> float:
    """Productive hours of one FTE a month: scheduled hours × (1 − shrinkage) [h]."""
    return float(staffing.scheduled_hours_per_fte_month) * (1.0 - float(staffing.shrinkage))


def billable_share(sheet: PriceSheet, channel: ChannelNeeds) -> float:
    """Share of the channel's mean handle time that the sheet bills (talk, hold, ACW) [-]."""
    parts = {
        BillableComponent.TALK: channel.talk_seconds,
        BillableComponent.HOLD: channel.hold_seconds,
        BillableComponent.ACW: channel.acw_seconds,
    }
    billed = sum(float(parts[c]) for c in sheet.billable_components if c in parts)
    total = channel.aht_seconds
    return min(billed / total, 1.0) if total > 0 else 0.0


def price_index(sheet: PriceSheet, terms: ContractTerms, numbers: IntArray) -> FloatArray:
    """Indexation × renewal of each contract month ``numbers`` [-]."""
    index = np.array([sheet.price_index(int(n)) for n in numbers], dtype=np.float64)
    minimum = terms.minimum_term_months
    if minimum is not None and float(terms.renewal_increase):
        index = np.where(numbers > minimum, index * (1.0 + float(terms.renewal_increase)), index)
    return index


def staffing_rule(proposal: VendorProposal, channel: ChannelNeeds) -> tuple[str, float, float]:
    """Rule, threshold [s] and share the vendor staffs ``channel`` by."""
    sheet = proposal.sheet
    if channel.channel in sheet.committed_ftes:
        target = buyer_target(channel)
        return "committed", target.threshold_seconds, target.share
    terms = proposal.commitments
    if terms is not None:
        kpi = (
            CommitmentKpi.SERVICE_LEVEL
            if channel.channel.is_realtime
            else CommitmentKpi.RESPONSE_WITHIN_HOURS
        )
        for c in terms.commitments:
            if c.channel is channel.channel and c.kpi is kpi and 0 < c.target < 1:
                threshold = (
                    float(c.threshold_seconds)
                    if c.threshold_seconds is not None
                    else float(c.threshold_hours or 0.0) * 3600.0
                )
                return "commitment", threshold, float(c.target)
    target = buyer_target(channel)
    return "target", target.threshold_seconds, target.share


def channel_plans(
    proposal: VendorProposal,
    staffing: StaffingAnswer,
    channels: Sequence[ChannelNeeds],
    term: Term,
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
        rule, threshold, share = staffing_rule(proposal, channel)
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
