"""Measures of the references check that only a pilot the buyer measured can give.

When :func:`vendoreval.evaluate` is given ``pilots=`` (a
:class:`~vendoreval.outcomes.PilotComparison`), each piloted vendor's
:class:`~vendoreval.checks.ScoringContext` carries its :class:`MeasuredPilot`, and

* the pilot measures of the references check (``pilot_first_contact_resolution``,
  ``pilot_csat``) score the measured values instead of the vendor-reported ones;
* ``pilot_fcr_vs_baseline`` scores the measured difference in first-contact resolution from
  the buyer's own team [share points], so measured outcomes carry more weight than claims;
* ``pilot_fcr_significantly_below_baseline`` is true when that difference's whole
  confidence interval lies below 0 — a pack makes the pilot a stage gate with a knock-out
  rule ``{measure: pilot_fcr_significantly_below_baseline, equals: true}``.

Both new measures do not apply (and their knock-outs cannot fire) when no pilot of the
vendor was measured.
"""

from __future__ import annotations

from vendoreval.checks._engine import Measurement, ScoringContext
from vendoreval.checks._measures import Measures
from vendoreval.checks.measured_pilot import MeasuredKpi, MeasuredPilot
from vendoreval.needs import Needs

__all__ = ["pilot_kpi"]

_FIELDS = {"first_contact_resolution": "fcr", "csat": "csat", "qa_score": "qa_score"}


def pilot_kpi(pilot: MeasuredPilot | None, field: str) -> MeasuredKpi | None:
    """The measured KPI behind a :class:`~vendoreval.proposal.PilotOutcome` field, if any.

    Parameters
    ----------
    pilot : MeasuredPilot or None
        The vendor's measured pilot.
    field : str
        ``first_contact_resolution``, ``csat`` or ``qa_score``; other fields (``churn_rate``)
        are not measured by a pilot comparison and give None.
    """
    if pilot is None or field not in _FIELDS:
        return None
    kpi: MeasuredKpi | None = getattr(pilot, _FIELDS[field])
    return kpi


def _not_measured(context: ScoringContext) -> str | None:
    if context.pilot is None:
        return "no pilot of this vendor was measured by the buyer"
    return None


def _measured(context: ScoringContext) -> tuple[MeasuredPilot, MeasuredKpi]:
    """The measured pilot and its first-contact resolution (``skip_context`` ensures one)."""
    pilot = context.pilot
    assert pilot is not None
    return pilot, pilot.fcr


_measure = Measures[object]("references")


@_measure.number(
    "pilot_fcr_vs_baseline",
    "measured pilot first-contact resolution minus the buyer's own team's [share points, "
    "−1–1]; applies only when the buyer measured a pilot",
    skip_context=_not_measured,
)
def _fcr_vs_baseline(needs: Needs, answer: object, context: ScoringContext) -> Measurement:
    pilot, fcr = _measured(context)
    if fcr.diff_vs_baseline is None:
        return Measurement(None, f"first-contact resolution could not be measured ({fcr.n} n)")
    return Measurement(
        fcr.diff_vs_baseline,
        f"first-contact resolution {100 * fcr.estimate:.1f}% {pilot.describe(fcr)}",
    )


@_measure.boolean(
    "pilot_fcr_significantly_below_baseline",
    "the measured pilot first-contact resolution is significantly below the buyer's own "
    "team's (the difference's confidence interval lies wholly below 0); applies only when "
    "the buyer measured a pilot",
    skip_context=_not_measured,
)
def _fcr_below(needs: Needs, answer: object, context: ScoringContext) -> Measurement:
    pilot, fcr = _measured(context)
    below = fcr.significantly_below
    verdict = "significantly below" if below else "not significantly below"
    return Measurement(
        below,
        f"first-contact resolution {100 * fcr.estimate:.1f}% is {verdict} {pilot.baseline}: "
        f"{pilot.describe(fcr)}",
    )
