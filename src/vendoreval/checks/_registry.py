"""The scorer of each check, and :func:`score_check` / :func:`score_all` that dispatch to them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from vendoreval.checks._engine import CheckResult, ScoringContext
from vendoreval.checks.coverage import score_coverage
from vendoreval.checks.crm import score_crm
from vendoreval.checks.location import score_location
from vendoreval.checks.pricing import score_pricing
from vendoreval.checks.references import score_references
from vendoreval.checks.security import score_security
from vendoreval.checks.social import score_social
from vendoreval.checks.staffing import score_staffing
from vendoreval.errors import ArgumentError, UnknownNameError
from vendoreval.needs import Needs

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec, CriteriaPack
    from vendoreval.proposal import VendorProposal

__all__ = ["SCORERS", "Scorer", "score_all", "score_check"]

Scorer = Callable[[Needs, Any, "CheckSpec", ScoringContext], CheckResult]
"""``scorer(needs, answer_or_None, check_spec, context) -> CheckResult``."""

SCORERS: Mapping[str, Scorer] = MappingProxyType(
    {
        "coverage": score_coverage,
        "references": score_references,
        "staffing": score_staffing,
        "crm": score_crm,
        "social": score_social,
        "location": score_location,
        "security": score_security,
        "pricing": score_pricing,
    }
)
"""The scorer of each check, in the order of the eight checks."""


def score_check(
    check: str,
    needs: Needs,
    answer: object | None,
    pack: CriteriaPack,
    context: ScoringContext | None = None,
) -> CheckResult:
    """Score a vendor's answer to one check with the check's scorer.

    Parameters
    ----------
    check : str
        One of ``coverage``, ``references``, ``staffing``, ``crm``, ``social``,
        ``location``, ``security``, ``pricing``.
    needs : Needs
        The buyer's needs.
    answer : object or None
        The answer model of that check (``CoverageAnswer``…), or None when not answered.
    pack : CriteriaPack
        Criteria pack giving the rules and knock-outs.
    context : ScoringContext, optional
        Defaults to ``ScoringContext()`` (today, estimated staffing, no evaluator ratings).

    Raises
    ------
    UnknownNameError
        For an unknown check (the message lists the checks).
    ArgumentTypeError
        When ``answer`` is not the answer model of ``check``.
    ArgumentError
        When ``context.needs`` is given and differs from ``needs``.
    """
    if check not in SCORERS:
        raise UnknownNameError(f"unknown check {check!r}; the checks are: {', '.join(SCORERS)}")
    context = context or ScoringContext()
    if context.needs is not None and context.needs != needs:
        raise ArgumentError(
            "context.needs differs from the needs being scored: build the ScoringContext "
            "for these needs (or leave its needs empty)"
        )
    return SCORERS[check](needs, answer, pack.check(check), context)


def score_all(
    needs: Needs,
    proposal: VendorProposal,
    pack: CriteriaPack,
    context: ScoringContext | None = None,
) -> dict[str, CheckResult]:
    """Score every check of one vendor's proposal.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    proposal : VendorProposal
        The vendor's answers.
    pack : CriteriaPack
        Criteria pack.
    context : ScoringContext, optional
        The context for *this* vendor (its evaluator ratings); defaults to
        ``ScoringContext()``. Its ``commitments`` are taken from the proposal.

    Returns
    -------
    dict of str to CheckResult
        By check key, in the order of the eight checks. The ``pricing`` result is
        informational: the evaluation scores pricing by the simulated monthly cost.
    """
    context = (context or ScoringContext()).model_copy(update={"commitments": proposal.commitments})
    return {
        check: score_check(check, needs, proposal.answer(check), pack, context)
        for check in pack.check_keys
    }
