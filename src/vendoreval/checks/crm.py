"""Check 4 — CRM integration: does the data land in the buyer's CRM, fast, owned by the buyer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendoreval.checks._engine import CheckResult, Measurement, ScoringContext, evaluate_check
from vendoreval.checks._format import format_number
from vendoreval.checks._measures import Flag, Measures
from vendoreval.needs import CrmNeeds, Needs
from vendoreval.vocabulary import IntegrationMode

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.crm import CrmAnswer

__all__ = ["MODE_CHOICES", "CrmAnswer", "best_mode", "score_crm"]


# ----------------------------------------------------------------------------- scoring

MODE_CHOICES: tuple[str, ...] = (*(mode.value for mode in IntegrationMode), "none")
"""Values of the ``integration_mode`` measure: the best mode offered, or ``none``."""


def _no_crm(needs: Needs) -> str | None:
    return None if needs.crm is not None else "the buyer names no CRM to integrate with"


def _crm(needs: Needs) -> CrmNeeds:
    assert needs.crm is not None
    return needs.crm


def best_mode(answer: CrmAnswer) -> IntegrationMode | None:
    """The best integration mode offered (real-time API first, manual last), if any."""
    order = list(IntegrationMode)
    return min(answer.modes, key=order.index, default=None)


_measure = Measures[CrmAnswer]("crm")


@_measure.boolean(
    "crm_connector", "a production connector exists for the buyer's CRM", skip=_no_crm
)
def _connector(needs: Needs, answer: CrmAnswer, context: ScoringContext) -> Measurement:
    system = _crm(needs).system
    if system in answer.connectors:
        return Measurement(True, f"production connector for {system.value}")
    others = ", ".join(c.value for c in answer.connectors) or "none"
    return Measurement(False, f"no connector for {system.value} (connectors: {others})")


@_measure.choice(
    "integration_mode",
    "the best integration mode offered: realtime_api, cti, batch, manual or none",
    MODE_CHOICES,
    skip=_no_crm,
)
def _mode(needs: Needs, answer: CrmAnswer, context: ScoringContext) -> Measurement:
    best = best_mode(answer)
    if best is None:
        return Measurement("none", "no integration mode offered")
    offered = ", ".join(m.value for m in answer.modes)
    return Measurement(best.value, f"best mode {best.value} (offers {offered})")


@_measure.boolean(
    "integration_mode_meets_need",
    "the vendor offers the integration mode the buyer needs, or a better one",
    skip=_no_crm,
)
def _mode_fit(needs: Needs, answer: CrmAnswer, context: ScoringContext) -> Measurement:
    wanted = _crm(needs).mode
    best = best_mode(answer)
    order = list(IntegrationMode)
    if best is not None and order.index(best) <= order.index(wanted):
        return Measurement(True, f"{best.value} meets the {wanted.value} integration needed")
    got = best.value if best is not None else "no integration"
    return Measurement(False, f"{got} falls short of the {wanted.value} integration needed")


@_measure.number(
    "sync_latency_fit",
    "longest acceptable sync delay ÷ the vendor's typical delay (≥ 1 is fast enough) [-]",
    skip=_no_crm,
)
def _latency(needs: Needs, answer: CrmAnswer, context: ScoringContext) -> Measurement:
    limit = _crm(needs).max_sync_latency_seconds
    latency = answer.sync_latency_seconds
    sign = "≤" if latency <= limit else ">"
    return Measurement(
        limit / latency,
        f"interactions reach the CRM in {_duration(latency)} {sign} {_duration(limit)} allowed",
    )


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{format_number(seconds / 3600)} h"
    if seconds >= 120:
        return f"{format_number(seconds / 60)} min"
    return f"{format_number(seconds)} s"


def _ownership_not_required(needs: Needs) -> str | None:
    if needs.crm is None:
        return "the buyer names no CRM to integrate with"
    return None if needs.crm.buyer_owns_data else "the buyer does not require owning the data"


_measure.flags(
    Flag(
        "writes_back",
        "interactions are written into the buyer's CRM",
        lambda answer: answer.writes_back_to_client_crm,
        "writes every interaction back to the buyer's CRM",
        "keeps interactions in its own tools; nothing written back",
    ),
    Flag(
        "unified_view",
        "agents see one customer history across channels",
        lambda answer: answer.unified_customer_view,
        "agents see one customer history across channels",
        "no unified customer view across channels",
    ),
    Flag(
        "client_owns_data",
        "interaction data belongs to the buyer by contract",
        lambda answer: answer.client_owns_data,
        "interaction data belongs to the buyer",
        "the vendor keeps ownership of interaction data",
        skip=_ownership_not_required,
    ),
    skip=_no_crm,
)


def score_crm(
    needs: Needs, answer: CrmAnswer | None, spec: CheckSpec, context: ScoringContext
) -> CheckResult:
    """Score check 4: data lands in the buyer's CRM, fast enough, owned by the buyer.

    Real-time write-back beats a nightly batch export: the integration mode is scored by a
    choice rule and the sync delay against the buyer's maximum. When the buyer names no CRM,
    nothing is scored and every vendor gets 100.

    Parameters
    ----------
    needs : Needs
        The buyer's CRM needs (``needs.crm``).
    answer : CrmAnswer or None
        The vendor's answer; None when not answered.
    spec : CheckSpec
        The ``crm`` check of the criteria pack.
    context : ScoringContext
        Unused by this check's measures; passed for a uniform interface.

    Returns
    -------
    CheckResult
    """
    return evaluate_check("crm", needs, answer, spec, context, answer_type=CrmAnswer)
