"""Check 8 — pricing and billing: the vendor's price sheet, commercial terms and the fees it
puts at risk on its service commitments."""

from __future__ import annotations

import functools
import math
import statistics
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from vendoreval.checks._engine import CheckResult, Measurement, ScoringContext, evaluate_check
from vendoreval.checks._format import format_number, format_percent
from vendoreval.checks._measures import Flag, Measures
from vendoreval.contract.commitments import ServiceCredits
from vendoreval.needs import Needs
from vendoreval.pricing.sheet import BillableComponent, PriceSheet, Rounding, TierBasis
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.pricing import PricingAnswer

__all__ = ["PricingAnswer", "fees_at_risk", "representative_durations", "score_pricing"]


# ----------------------------------------------------------------------------- scoring

_QUANTILE_POINTS = 512


@functools.cache
def _standard_normal_quantiles() -> npt.NDArray[np.float64]:
    """Quantiles of N(0, 1) at the mid-points ``(i + ½) / n`` of ``n`` equal slices."""
    dist = statistics.NormalDist()
    probs = (np.arange(_QUANTILE_POINTS) + 0.5) / _QUANTILE_POINTS
    return np.array([dist.inv_cdf(float(p)) for p in probs], dtype=np.float64)


def representative_durations(mean_seconds: float, cv: float) -> npt.NDArray[np.float64]:
    """Equally likely durations of a lognormal distribution with a given mean and CV [s].

    The ``n = 512`` quantiles at ``(i + ½) / n`` of a lognormal with mean ``mean_seconds``
    and coefficient of variation ``cv``: ``σ² = ln(1 + cv²)``, ``μ = ln(mean) − σ²/2``
    (with ``cv = 0`` every duration is the mean).
    Handle times of contact-center calls are close to lognormal (Brown et al. 2005,
    "Statistical analysis of a telephone call center: a queueing-science perspective",
    *JASA* 100(469), 36–50).
    """
    if mean_seconds <= 0 or cv == 0:
        return np.full(_QUANTILE_POINTS, max(float(mean_seconds), 0.0))
    sigma = math.sqrt(math.log1p(cv * cv))
    mu = math.log(mean_seconds) - sigma * sigma / 2.0
    return np.exp(mu + sigma * _standard_normal_quantiles())


def _no_phone(needs: Needs) -> str | None:
    for item in needs.channels:
        if item.channel is Channel.PHONE and item.volume_per_month > 0:
            return None
    return "the buyer has no phone traffic"


_measure = Measures[PricingAnswer]("pricing")

_measure.flags(
    Flag(
        "pilot_offered",
        "a paid pilot is offered before the full contract",
        lambda answer: answer.pilot_offered,
        "offers a paid pilot: outcomes can be measured before signing",
        "no pilot offered",
    ),
    Flag(
        "outcome_based_fees",
        "part of the fee depends on outcomes (resolution, CSAT) rather than contact counts",
        lambda answer: answer.outcome_based_fees,
        "part of the fee depends on outcomes",
        "paid for volume only: busy-looking counts are rewarded, not resolution",
    ),
    Flag(
        "bills_customer_wait",
        "the customer's queue time is billed (true is bad for the buyer)",
        lambda answer: answer.sheet.bills_wait,
        "bills the customer's time waiting in queue",
        "customer wait time is not billed",
        skip=_no_phone,
    ),
)


def _voice_billed_by_time(sheet: PriceSheet) -> bool:
    return (
        sheet.voice_rate_per_minute is not None
        or sheet.tier_for(TierBasis.VOICE_MINUTES) is not None
    )


@_measure.share(
    "billing_rounding_overhead",
    "extra billed voice time from the billing increment on the buyer's calls: billed ÷ "
    "actual billable seconds − 1, for lognormal call lengths (whole seconds) with the "
    "buyer's mean and CV [-]",
    skip=_no_phone,
)
def _rounding(needs: Needs, answer: PricingAnswer, context: ScoringContext) -> Measurement:
    sheet = answer.sheet
    increment = sheet.billing_increment
    if not _voice_billed_by_time(sheet):
        return Measurement(None, "phone is not billed by the minute")
    if sheet.rounding is Rounding.MONTHLY:
        return Measurement(0.0, f"{increment.label} applied once to the month's total")
    phone = needs.channel(Channel.PHONE)
    means = {
        BillableComponent.TALK: phone.talk_seconds,
        BillableComponent.HOLD: phone.hold_seconds,
        BillableComponent.ACW: phone.acw_seconds,
    }
    mean = math.fsum(means.get(part, 0.0) for part in sheet.billable_components)
    if mean <= 0:
        return Measurement(None, "no billable phone time")
    # calls are recorded in whole seconds; the overhead is the increment's alone
    durations = np.rint(representative_durations(mean, phone.handle_time_cv))
    overhead = increment.overhead(durations) - 1.0
    return Measurement(
        overhead,
        f"{increment.label} billing adds {format_percent(overhead)} to the billable time of "
        f"the buyer's calls (mean {format_number(mean)} s)",
    )


def fees_at_risk(terms: ServiceCredits | None) -> float:
    """Largest share of a month's fees the vendor can owe back on its commitments, 0–1.

    Pool method: ``at_risk_share × min(1, Σ weights)`` (the pool, or less when the weights do
    not reach it); grade method: the deepest deduction of a band, ``−min(adjustment)`` (0
    when no band deducts); no commitments: 0.

    Examples
    --------
    A 10% pool on commitments of weights 0.6 and 0.6: 0.1 × min(1, 1.2) = 0.1. Grades S +3%,
    A 0, B −5%, C −10%, D −15%: 0.15.
    """
    if terms is None:
        return 0.0
    if terms.grades:
        return max(0.0, -min(float(band.adjustment) for band in terms.grades))
    assert terms.at_risk_share is not None
    weights = math.fsum(c.weight for c in terms.commitments)
    return float(terms.at_risk_share) * min(1.0, weights)


@_measure.share(
    "service_credits_at_risk",
    "largest share of a month's fees the vendor owes back when it misses its service "
    "commitments (pool at risk, or the deepest grade deduction) [0–1]",
)
def _at_risk(needs: Needs, answer: PricingAnswer, context: ScoringContext) -> Measurement:
    terms = context.commitments
    share = fees_at_risk(terms)
    if terms is None:
        return Measurement(0.0, "no service credits: missing a service level costs nothing")
    if terms.grades:
        bands = ", ".join(f"{b.grade} {b.adjustment:+.0%}" for b in terms.bands())
        return Measurement(
            share, f"monthly grades ({bands}): up to {format_percent(share)} of the fees back"
        )
    return Measurement(
        share,
        f"{format_percent(float(terms.at_risk_share or 0.0))} of the fees at risk on "
        f"{len(terms.commitments)} commitment(s): up to {format_percent(share)} back a month",
    )


@_measure.number("payment_terms_days", "days the buyer has to pay an invoice [days]")
def _terms(needs: Needs, answer: PricingAnswer, context: ScoringContext) -> Measurement:
    days = answer.payment_terms_days
    return Measurement(float(days), f"invoices payable in {days} days")


def score_pricing(
    needs: Needs, answer: PricingAnswer | None, spec: CheckSpec, context: ScoringContext
) -> CheckResult:
    """Score the commercial terms of check 8 (informational).

    Pilot offered, outcome-based fees, billing of customer wait, rounding overhead of the
    billing increment and payment terms. The result is marked informational: the evaluation
    scores pricing by the simulated monthly cost (the pack's ``cost`` settings) and shows
    these points only as commentary.

    Parameters
    ----------
    needs : Needs
        The buyer's phone traffic (mean talk, hold and after-call work, their CV).
    answer : PricingAnswer or None
        The vendor's price sheet and terms; None when not answered.
    spec : CheckSpec
        The ``pricing`` check of the criteria pack.
    context : ScoringContext
        Unused by this check's measures; passed for a uniform interface.

    Returns
    -------
    CheckResult
    """
    return evaluate_check(
        "pricing", needs, answer, spec, context, answer_type=PricingAnswer, informational=True
    )
