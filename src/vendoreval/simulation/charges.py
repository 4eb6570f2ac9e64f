"""What a vendor bills for one month of the term: the tariff's charges on the month's
quantities, training fees, one-off fees and the buyer's double running (module notes of
:mod:`vendoreval.simulation.model`, steps 5–7 and the fees once per term)."""

from __future__ import annotations

from collections.abc import Mapping

from vendoreval._types import FloatArray
from vendoreval.needs import Needs
from vendoreval.pricing.sheet import PriceSheet
from vendoreval.pricing.tariff import MonthlyCharges, MonthlyQuantities, monthly_charges
from vendoreval.simulation.term import Term
from vendoreval.simulation.vendor_term import VendorTerm, productive_hours
from vendoreval.vocabulary import Channel

__all__ = ["double_running", "month_charges", "one_off", "staffing_based", "training"]


def staffing_based(sheet: PriceSheet) -> bool:
    """Whether the sheet charges the agent hours or FTEs the staffing plan schedules (a
    committed head-count is charged as committed, not re-staffed)."""
    return sheet.agent_hour_rate is not None or (
        sheet.fte_month_rate is not None and not sheet.committed_ftes
    )


def month_charges(
    vendor: VendorTerm,
    *,
    billed: FloatArray,
    basis: FloatArray,
    handled: dict[Channel, FloatArray],
    hours: FloatArray | None,
    class_shares: Mapping[str, FloatArray] | None = None,
) -> MonthlyCharges:
    """The vendor's tariff charges (not indexed) on a month's quantities, per run or per
    volume factor.

    Parameters
    ----------
    vendor : VendorTerm
        The vendor.
    billed : numpy.ndarray
        Billed voice seconds [s].
    basis : numpy.ndarray
        Voice seconds that premium classes split [s].
    handled : dict of Channel to numpy.ndarray
        Contacts handled per channel [contacts].
    hours : numpy.ndarray, optional
        Productive agent hours of a staffing-based sheet [h]; its FTEs are these ÷ an FTE's
        productive hours.
    class_shares : mapping of str to numpy.ndarray, optional
        Premium-class shares of voice and of each channel's contacts.
    """
    return monthly_charges(
        vendor.sheet,
        MonthlyQuantities(
            voice_billed_seconds=billed,
            voice_class_seconds=basis,
            handled_contacts=handled,
            agent_hours=hours,
            ftes=None if hours is None else hours / productive_hours(vendor.staffing),
            class_shares=class_shares,
        ),
        vendor=vendor.name,
    )


def training(vendor: VendorTerm, m: int) -> float:
    """Training fees of month ``m``: fee × FTE × attrition / 12, indexed [currency]."""
    fee = vendor.sheet.training_fee_per_hire
    if fee is None:
        return 0.0
    hires = float(vendor.ftes[m]) * float(vendor.staffing.annual_attrition) / 12.0
    return float(fee) * hires * float(vendor.price_index[m])


def double_running(needs: Needs, term: Term, vendor: VendorTerm, m: int) -> float:
    """The buyer's current cost in month ``m`` of double running [currency]."""
    if term.numbers[m] > vendor.terms.double_running_months:
        return 0.0
    current = needs.contract.current_monthly_cost
    return 0.0 if current is None else float(current)


def one_off(term: Term, vendor: VendorTerm, m: int, *, single_month: bool) -> float:
    """Set-up and transition fees (month 1), termination fee (last month) [currency]; none
    when a single month is simulated."""
    if single_month:
        return 0.0
    terms = vendor.terms
    cost = 0.0
    if m == 0:
        cost += float(vendor.sheet.setup_fee) + float(terms.transition_fee)
    minimum = terms.minimum_term_months
    if m == term.size - 1 and minimum is not None and minimum > term.numbers[m]:
        cost += float(terms.termination_fee)
    return cost
