"""Outcomes the buyer measured in its own pilot of a vendor, as the checks read them.

A vendor's answer may report pilot outcomes (:class:`~vendoreval.proposal.PilotOutcome`);
a pilot the buyer ran and measured itself beats them. :class:`MeasuredPilot` carries one
vendor's measured first-contact resolution, CSAT and QA score — each an estimate with its
confidence interval, the contacts it rests on and its difference from the buyer's own team
— into the :class:`~vendoreval.checks.ScoringContext`. It is built from
:func:`vendoreval.outcomes.compare_pilots` by :func:`vendoreval.evaluate` (``pilots=``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool, StrictInt

from vendoreval._model import Model

__all__ = ["MeasuredKpi", "MeasuredPilot"]

_Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
_Diff = Annotated[float, Field(ge=-1.0, le=1.0, allow_inf_nan=False)]


def _percent(share: float) -> str:
    return f"{100.0 * share:.1f}%"


class MeasuredKpi(Model):
    """One KPI measured in the buyer's pilot, for one vendor.

    Parameters
    ----------
    estimate : float
        The measured share [0–1] (for ``qa_score`` the mean score [0–1]).
    low, high : float, optional
        Its confidence interval [0–1] (None when it cannot be estimated).
    n : int
        Contacts it is measured on [contacts].
    diff_vs_baseline : float, optional
        estimate − the baseline team's estimate [share points, −1–1].
    diff_low, diff_high : float, optional
        The difference's confidence interval.
    significantly_below : bool
        The whole difference interval lies below 0 (``diff_high < 0``).
    """

    estimate: _Share
    low: _Share | None = None
    high: _Share | None = None
    n: Annotated[StrictInt, Field(ge=0)]
    diff_vs_baseline: _Diff | None = None
    diff_low: _Diff | None = None
    diff_high: _Diff | None = None
    significantly_below: StrictBool = False

    def evidence(self, confidence: float) -> str:
        """``"n=1,204, 95% CI 58.1%–63.6%"``: the sample and interval behind the estimate."""
        text = f"n={self.n:,}"
        if self.low is not None and self.high is not None:
            text += f", {confidence:.0%} CI {_percent(self.low)}–{_percent(self.high)}"
        return text

    def versus(self, baseline: str, confidence: float) -> str:
        """The difference from the baseline in words, e.g. ``"19.2 points below in-house
        (95% CI −23.1 to −15.2)"``; empty without a difference."""
        if self.diff_vs_baseline is None:
            return ""
        points = 100.0 * self.diff_vs_baseline
        side = "above" if points > 0 else "below"
        text = f"{abs(points):.1f} points {side} {baseline}"
        if points == 0:
            text = f"level with {baseline}"
        if self.diff_low is not None and self.diff_high is not None:
            low, high = 100.0 * self.diff_low, 100.0 * self.diff_high
            text += f" ({confidence:.0%} CI {low:+.1f} to {high:+.1f})"
        return text


class MeasuredPilot(Model):
    """One vendor's outcomes measured in the buyer's pilot, against the buyer's own team.

    Parameters
    ----------
    vendor : str
        The vendor's name in the pilot records.
    baseline : str
        The team every vendor was compared with (the buyer's own team).
    confidence : float
        Two-sided coverage of the intervals, strictly between 0 and 1.
    fcr : MeasuredKpi
        First-contact resolution (no repeat contact of the customer within the window).
    csat : MeasuredKpi, optional
        Top-2-box CSAT share, when the pilot was surveyed.
    qa_score : MeasuredKpi, optional
        Mean QA score, when contacts were evaluated.
    calls_to_do_not_call : int, optional
        Outbound: contacts to numbers on a do-not-call list [contacts]; None when the
        records do not say.
    """

    vendor: Annotated[str, Field(min_length=1)]
    baseline: Annotated[str, Field(min_length=1)]
    confidence: Annotated[float, Field(gt=0.0, lt=1.0)]
    fcr: MeasuredKpi
    csat: MeasuredKpi | None = None
    qa_score: MeasuredKpi | None = None
    calls_to_do_not_call: Annotated[StrictInt, Field(ge=0)] | None = None

    def describe(self, kpi: MeasuredKpi) -> str:
        """``"measured in the buyer's pilot (n=…, 95% CI …); … below in-house (…)"``."""
        text = f"measured in the buyer's pilot ({kpi.evidence(self.confidence)})"
        versus = kpi.versus(self.baseline, self.confidence)
        return f"{text}; {versus}" if versus else text
