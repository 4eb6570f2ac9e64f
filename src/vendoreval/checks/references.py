"""Check 2 — client references, dedicated teams and on-site training; pilot outcomes."""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING

from vendoreval.checks._engine import (
    CheckResult,
    Measurement,
    RatingItem,
    ScoringContext,
    evaluate_check,
)
from vendoreval.checks._format import format_count, format_number, format_percent
from vendoreval.checks._measures import Measures, evaluators_rating, verdict
from vendoreval.checks.pilot_outcomes import pilot_kpi
from vendoreval.needs import Needs

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.references import (
    ClientReference,
    PilotOutcome,
    ReferenceOutcome,
    ReferencesAnswer,
)

__all__ = [
    "ClientReference",
    "PilotOutcome",
    "ReferenceOutcome",
    "ReferencesAnswer",
    "is_competitor",
    "same_industry",
    "score_references",
]


# ----------------------------------------------------------------------------- scoring


def same_industry(a: str, b: str) -> bool:
    """True when two industry names match ignoring case, spaces and punctuation.

    ``"E-commerce"``, ``"ecommerce"`` and ``"e commerce"`` are the same industry.
    """
    return _squash(a) == _squash(b)


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _clients(refs: list[ClientReference]) -> str:
    return ", ".join(ref.client for ref in refs)


def _in_industry(needs: Needs, answer: ReferencesAnswer) -> list[ClientReference]:
    return [ref for ref in answer.references if same_industry(ref.industry, needs.industry)]


_measure = Measures[ReferencesAnswer]("references")


@_measure.number(
    "positive_industry_references",
    "references in the buyer's industry whose reference call was positive [count]",
)
def _positive(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    refs = _in_industry(needs, answer)
    good = [ref for ref in refs if ref.check_outcome is ReferenceOutcome.POSITIVE]
    mixed = [ref for ref in refs if ref.check_outcome is ReferenceOutcome.MIXED]
    if good:
        count = format_count(len(good), f"verified positive {needs.industry} reference")
        detail = f"{count} ({_clients(good)})"
    else:
        detail = f"no verified positive reference in {needs.industry}"
    if mixed:
        detail += f"; mixed feedback from {_clients(mixed)}"
    return Measurement(float(len(good)), detail)


@_measure.number(
    "unverified_industry_references",
    "references in the buyer's industry not yet checked by a call [count]",
)
def _unverified(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    refs = [
        ref
        for ref in _in_industry(needs, answer)
        if ref.check_outcome is ReferenceOutcome.NOT_CONTACTED
    ]
    if not refs:
        return Measurement(0.0, f"no unchecked {needs.industry} reference claimed")
    contactable = sum(ref.contactable for ref in refs)
    return Measurement(
        float(len(refs)),
        f"{format_count(len(refs), f'{needs.industry} reference')} claimed but not checked "
        f"({_clients(refs)}); "
        f"{contactable} contactable",
    )


@_measure.number(
    "negative_references",
    "references of any industry whose reference call was negative [count]",
)
def _negative(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    bad = [ref for ref in answer.references if ref.check_outcome is ReferenceOutcome.NEGATIVE]
    if not bad:
        return Measurement(0.0, "no reference call came back negative")
    calls = format_count(len(bad), "negative reference call")
    return Measurement(float(len(bad)), f"{calls}: {_clients(bad)}")


@_measure.share(
    "contactable_references",
    "share of the references that agreed to take a reference call [0–1]",
)
def _contactable(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    refs = answer.references
    if not refs:
        return Measurement(0.0, "no references given")
    count = sum(ref.contactable for ref in refs)
    return Measurement(count / len(refs), f"{count} of {len(refs)} references contactable")


@_measure.number("reference_years", "mean length of the referenced client relationships [years]")
def _years(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    refs = answer.references
    if not refs:
        return Measurement(0.0, "no references given")
    mean = math.fsum(ref.years for ref in refs) / len(refs)
    longest = max(refs, key=lambda ref: ref.years)
    return Measurement(
        mean,
        f"client relationships last {format_number(mean)} years on average "
        f"(longest: {longest.client}, {format_number(longest.years)} years)",
    )


@_measure.boolean("dedicated_team", "the buyer would get agents who work only on its account")
def _dedicated(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    shown = sum(ref.dedicated_agents for ref in answer.references)
    evidence = f" ({shown} of {len(answer.references)} references have dedicated agents)"
    return verdict(
        answer.offers_dedicated_team,
        "offers a dedicated team" + evidence,
        "no dedicated team offered: agents shared with other clients" + evidence,
    )


@_measure.boolean("onsite_training", "the vendor will train agents at the buyer's headquarters")
def _onsite(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    shown = [ref for ref in answer.references if ref.onsite_training_at_hq]
    evidence = f" (done for {_clients(shown)})" if shown else ""
    return verdict(
        answer.offers_onsite_training,
        "offers on-site training at the buyer's headquarters" + evidence,
        "no on-site training at the buyer's headquarters" + evidence,
    )


def is_competitor(reference: ClientReference, competitors: tuple[str, ...]) -> bool:
    """True when the reference says it competes with the buyer or is named as a competitor."""
    names = {_squash(name) for name in competitors}
    return reference.serves_competitor or _squash(reference.client) in names


@_measure.boolean("no_competitor_clients", "no referenced client competes with the buyer")
def _competitors(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    rivals = [ref for ref in answer.references if is_competitor(ref, needs.competitors)]
    return verdict(
        not rivals,
        "no referenced client competes with the buyer",
        f"serves a competitor: {_clients(rivals)} — ask how teams, data and knowledge "
        "are kept apart",
    )


def _pilot_share(
    needs: Needs, answer: ReferencesAnswer, context: ScoringContext, *, field: str, label: str
) -> Measurement:
    measured = pilot_kpi(context.pilot, field)
    if measured is not None and context.pilot is not None:
        detail = f"{label} {format_percent(measured.estimate)} {context.pilot.describe(measured)}"
        return Measurement(measured.estimate, detail)
    pilot = answer.pilot
    if pilot is None:
        return Measurement(None, "no pilot run")
    value: float | None = getattr(pilot, field)
    if value is None:
        return Measurement(None, f"pilot of {pilot.weeks} weeks did not report {label}")
    return Measurement(
        float(value), f"{label} {format_percent(value)} over a {pilot.weeks}-week pilot"
    )


# The pilot outcomes the vendor reports; a pilot the buyer measured replaces the first two
# (:mod:`vendoreval.checks.pilot_outcomes`), churn is not measured by a pilot comparison.
for _name, _field, _label, _description in (
    (
        "pilot_first_contact_resolution",
        "first_contact_resolution",
        "first-contact resolution",
        "share of pilot contacts resolved at first contact [0–1]; none without a pilot",
    ),
    (
        "pilot_csat",
        "csat",
        "CSAT",
        "share of satisfied pilot customers (CSAT top-2-box) [0–1]; none without a pilot",
    ),
    (
        "pilot_churn_rate",
        "churn_rate",
        "churn",
        "share of piloted customers who left [0–1, lower is better]; none without a pilot",
    ),
):
    _measure.share(_name, _description)(functools.partial(_pilot_share, field=_field, label=_label))


@_measure.number(
    "reference_calls_rating",
    "the buyer's evaluators' median rating of the reference calls [1–5]",
)
def _calls_rating(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
    return evaluators_rating(
        context,
        RatingItem.REFERENCE_CALLS,
        "the reference calls",
        "the reference calls were not rated",
    )


def score_references(
    needs: Needs, answer: ReferencesAnswer | None, spec: CheckSpec, context: ScoringContext
) -> CheckResult:
    """Score check 2: verified references in the buyer's industry, dedicated team, training.

    Verified positive references in the buyer's industry are scored apart from unchecked
    claims (the pack weighs them more); negative reference calls cost points; a client that
    competes with the buyer is flagged in a reason; pilot outcomes count when a pilot was run.

    Parameters
    ----------
    needs : Needs
        The buyer's industry and competitors.
    answer : ReferencesAnswer or None
        The vendor's answer; None when not answered.
    spec : CheckSpec
        The ``references`` check of the criteria pack.
    context : ScoringContext
        The evaluators' rating of the reference calls, if any.

    Returns
    -------
    CheckResult
    """
    return evaluate_check("references", needs, answer, spec, context, answer_type=ReferencesAnswer)
