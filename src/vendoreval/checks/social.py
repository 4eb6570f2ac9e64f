"""Check 5 — social-media support: platforms served and how fast (mostly service requests)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendoreval.checks._engine import CheckResult, Measurement, ScoringContext, evaluate_check
from vendoreval.checks._format import format_number, format_percent
from vendoreval.checks._measures import Measures, held_share
from vendoreval.checks._measures import ratio as bounded_ratio
from vendoreval.needs import Needs
from vendoreval.needs.hours import Hours
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec
from vendoreval.proposal.social import SocialAnswer

__all__ = ["SocialAnswer", "required_social_hours", "score_social"]


# ----------------------------------------------------------------------------- scoring


def _no_social(needs: Needs) -> str | None:
    if needs.social.platforms or Channel.SOCIAL in needs.channel_names:
        return None
    return "the buyer names no social platform and no social channel"


def _no_platforms(needs: Needs) -> str | None:
    return None if needs.social.platforms else "the buyer names no social platform"


def required_social_hours(needs: Needs) -> Hours:
    """Hours social care must run: the social channel's hours, else the buyer's default hours."""
    if Channel.SOCIAL in needs.channel_names:
        return needs.hours_for(Channel.SOCIAL)
    return needs.hours


_measure = Measures[SocialAnswer]("social")


@_measure.share(
    "social_platforms_covered",
    "share of the buyer's social platforms the vendor serves [0–1]",
    skip=_no_platforms,
)
def _platforms(needs: Needs, answer: SocialAnswer, context: ScoringContext) -> Measurement:
    served = ((p.value, p in answer.platforms) for p in needs.social.platforms)
    return held_share(served, "serves {held} of the {total} platforms named")


@_measure.number(
    "first_response_vs_target",
    "median first response ÷ the buyer's target (1 = on target, lower is better) [-]",
    skip=_no_social,
)
def _first_response(needs: Needs, answer: SocialAnswer, context: ScoringContext) -> Measurement:
    target = needs.social.first_response_minutes
    median = answer.median_first_response_minutes
    ratio = bounded_ratio(median, target)
    return Measurement(
        ratio,
        f"median first response {format_number(median)} min vs {format_number(target)} min "
        f"target ({format_number(ratio)}× target)",
    )


@_measure.share(
    "social_hours_covered",
    "share of the required social-care hours the vendor staffs [0–1]",
    skip=_no_social,
)
def _hours(needs: Needs, answer: SocialAnswer, context: ScoringContext) -> Measurement:
    if answer.hours is None:
        return Measurement(None, "social-care hours not stated")
    required = required_social_hours(needs)
    share = answer.hours.fraction_covering(required)
    return Measurement(
        share,
        f"staffed {answer.hours.describe()}: {format_percent(share)} of the required "
        f"{required.describe()}",
    )


def score_social(
    needs: Needs, answer: SocialAnswer | None, spec: CheckSpec, context: ScoringContext
) -> CheckResult:
    """Score check 5: platforms covered and first-response time against the target.

    Social volume is mostly service requests, so speed of the first response is scored
    against the buyer's target. When the buyer names no social platform and has no social
    channel, nothing is scored and every vendor gets 100.

    Parameters
    ----------
    needs : Needs
        Social platforms and first-response target (``needs.social``).
    answer : SocialAnswer or None
        The vendor's answer; None when not answered.
    spec : CheckSpec
        The ``social`` check of the criteria pack.
    context : ScoringContext
        Unused by this check's measures; passed for a uniform interface.

    Returns
    -------
    CheckResult
    """
    return evaluate_check("social", needs, answer, spec, context, answer_type=SocialAnswer)
