"""Structured reference checks: the calls aggregated per reference, and how alike they are.

Each reference call rates the questions of
:class:`~vendoreval.proposal.ReferenceQuestion` from 1 to 5. As with evaluators' ratings
(:func:`vendoreval.assessments.aggregate_assessments`), :func:`summarize_reference_calls`
takes the median per reference and question, flags questions whose ratings spread by two
points or more between callers, and weighs each reference by how alike it is to the buyer:
industry, size, channels and languages (:func:`reference_similarity`). The references check
scores the result with the measures registered here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np

from vendoreval._lazy import pd
from vendoreval.checks._engine import Measurement, ScoringContext
from vendoreval.checks._format import format_count, format_number, format_percent
from vendoreval.checks._measures import Measures, held_share, verdict
from vendoreval.checks._ratings import rating_grid
from vendoreval.errors import ArgumentError
from vendoreval.needs import Needs
from vendoreval.proposal.reference_checks import (
    ReferenceChecks,
    ReferenceProfile,
    ReferenceQuestion,
)
from vendoreval.proposal.references import ClientReference, ReferencesAnswer

__all__ = [
    "SIMILARITY_PARTS",
    "TOP_REFERENCES",
    "WOULD_CHOOSE_AGAIN_AT",
    "ReferenceCallSummary",
    "reference_similarity",
    "summarize_reference_calls",
]

SIMILARITY_PARTS: Final = ("industry", "size", "channels", "languages")
"""The parts of a reference's similarity to the buyer, weighed equally."""

TOP_REFERENCES: Final = 3
"""References whose similarity the ``reference_similarity`` measure averages."""

WOULD_CHOOSE_AGAIN_AT: Final = 4.0
"""A median "would choose again" rating at or above this counts as yes [1–5]."""

_QUESTIONS: Final = tuple(question.value for question in ReferenceQuestion)


def _base(tag: str) -> str:
    return tag.split("-")[0].casefold()


def reference_similarity(
    needs: Needs, reference: ClientReference | None, profile: ReferenceProfile | None
) -> dict[str, float]:
    """How alike a reference is to the buyer, part by part, each 0–1.

    * ``industry``: 1 when the reference's industry is the buyer's (case-insensitive);
    * ``size``: min(a, b) ÷ max(a, b) of the reference's contacts a month and the buyer's;
    * ``channels``: share of the buyer's channels served for the reference;
    * ``languages``: contact share of the buyer's languages served for the reference
      (``es-419`` matches ``es``);
    * ``similarity``: the mean of the four.

    A part the vendor did not state (no profile, no size) is 0: it cannot be credited.

    Parameters
    ----------
    needs : Needs
        The buyer.
    reference : ClientReference, optional
        The reference as listed (industry, channels).
    profile : ReferenceProfile, optional
        Its profile (size, languages).
    """
    parts = dict.fromkeys(SIMILARITY_PARTS, 0.0)
    if reference is not None:
        parts["industry"] = float(reference.industry.casefold() == needs.industry.casefold())
        served = set(reference.channels)
        parts["channels"] = sum(item.channel in served for item in needs.channels) / len(
            needs.channels
        )
    if profile is not None:
        if profile.monthly_contacts is not None:
            buyer = sum(item.volume_per_month for item in needs.channels)
            big = max(buyer, profile.monthly_contacts)
            parts["size"] = 1.0 if big == 0 else min(buyer, profile.monthly_contacts) / big
        spoken = {_base(tag) for tag in profile.languages}
        shares = np.array([lang.share for lang in needs.languages], dtype=np.float64)
        hit = np.array([_base(lang.language) in spoken for lang in needs.languages], dtype=bool)
        total = float(shares.sum())
        parts["languages"] = float(shares[hit].sum() / total) if total > 0 else float(hit.mean())
    parts["similarity"] = math.fsum(parts[name] for name in SIMILARITY_PARTS) / len(
        SIMILARITY_PARTS
    )
    return parts


@dataclass(frozen=True)
class ReferenceCallSummary:
    """A vendor's reference calls aggregated per reference and question.

    Attributes
    ----------
    medians : pandas.DataFrame
        Index ``client`` (every reference listed or profiled), columns ``question``: the
        median rating 1–5, NaN where nobody asked.
    counts : pandas.DataFrame
        Same shape: number of ratings.
    flagged : pandas.DataFrame
        Questions whose ratings spread (max − min) by at least ``spread_threshold``:
        columns ``client``, ``question``, ``min``, ``max``, ``spread`` and ``callers``
        (``"Kim: 2, Lee: 5"``).
    similarity : pandas.DataFrame
        Index ``client``: ``industry``, ``size``, ``channels``, ``languages``,
        ``similarity`` (each 0–1), ``former_client`` (bool) and ``called`` (bool).
    scores : pandas.Series
        Index ``client``: the mean of the medians of the questions answered (1–5), NaN for
        a reference nobody called.
    unknown : tuple of str
        Clients called who are neither listed nor profiled (their calls are not counted).
    spread_threshold : int
        Spread that flags a question [points].
    """

    medians: pd.DataFrame
    counts: pd.DataFrame
    flagged: pd.DataFrame
    similarity: pd.DataFrame
    scores: pd.Series
    unknown: tuple[str, ...]
    spread_threshold: int

    @property
    def called(self) -> list[str]:
        """References called at least once, in order."""
        return [str(c) for c in self.scores.index[self.scores.notna().to_numpy()]]

    @property
    def rating(self) -> float | None:
        """Similarity-weighted mean of the called references' scores (1–5); None if none.

        ``Σ similarity × score ÷ Σ similarity`` over the references called; when every
        called reference has similarity 0, the plain mean.
        """
        called = self.scores.notna().to_numpy()
        if not called.any():
            return None
        scores = self.scores.to_numpy(dtype=np.float64)[called]
        weights = self.similarity["similarity"].to_numpy(dtype=np.float64)[called]
        if weights.sum() <= 0:
            return float(scores.mean())
        return float(np.dot(weights, scores) / weights.sum())


def summarize_reference_calls(
    needs: Needs, answer: ReferencesAnswer, *, spread_threshold: int = 2
) -> ReferenceCallSummary:
    """Aggregate a vendor's reference calls: medians, disagreements and similarity.

    Parameters
    ----------
    needs : Needs
        The buyer, for the similarity of each reference.
    answer : ReferencesAnswer
        The vendor's references with its ``reference_checks`` (profiles and calls).
    spread_threshold : int
        A question is flagged when its ratings for one reference spread by at least this
        many points (max − min) [points]; 2 by default.

    Returns
    -------
    ReferenceCallSummary

    Raises
    ------
    ArgumentError
        When ``spread_threshold`` is not a whole number of at least 1.
    """
    if isinstance(spread_threshold, bool) or not isinstance(spread_threshold, int):
        raise ArgumentError(f"spread_threshold must be a whole number, got {spread_threshold!r}")
    if spread_threshold < 1:
        raise ArgumentError(f"spread_threshold must be at least 1 point, got {spread_threshold}")
    checks = answer.reference_checks or ReferenceChecks()
    listed: dict[str, ClientReference] = {}
    for ref in answer.references:
        listed.setdefault(ref.client.casefold(), ref)
    clients = [ref.client for ref in listed.values()]
    clients += [p.client for p in checks.profiles if p.client.casefold() not in listed]
    known = {client.casefold(): client for client in clients}
    unknown = tuple(
        dict.fromkeys(call.client for call in checks.calls if call.client.casefold() not in known)
    )
    rows = [
        (known[call.client.casefold()], call.caller, question.value, rating)
        for call in checks.calls
        if call.client.casefold() in known
        for question, rating in call.answers().items()
    ]
    table = pd.DataFrame(rows, columns=["client", "caller", "question", "rating"])
    table["rating"] = table["rating"].astype("int64")
    ratings = rating_grid(
        table,
        clients,
        _QUESTIONS,
        names=("client", "question", "caller"),
        raters="callers",
        spread_threshold=spread_threshold,
    )
    index = ratings.medians.index
    parts = [
        reference_similarity(needs, listed.get(client.casefold()), checks.profile(client))
        for client in clients
    ]
    similarity = pd.DataFrame(parts, index=index, columns=[*SIMILARITY_PARTS, "similarity"])
    similarity["former_client"] = [
        bool(profile.former_client) if (profile := checks.profile(c)) is not None else False
        for c in clients
    ]
    similarity["called"] = ratings.counts.sum(axis=1).to_numpy() > 0
    return ReferenceCallSummary(
        medians=ratings.medians,
        counts=ratings.counts,
        flagged=ratings.flagged,
        similarity=similarity,
        scores=ratings.medians.mean(axis=1, skipna=True).rename("score"),
        unknown=unknown,
        spread_threshold=spread_threshold,
    )


# ----------------------------------------------------------------------------- measures

_NOT_GIVEN = "structured reference checks (reference profiles and calls)"

_measure = Measures[ReferencesAnswer]("references")
_SummaryFn = Callable[[ReferenceCallSummary], Measurement]


def _summarized(fn: _SummaryFn) -> Callable[[Needs, ReferencesAnswer, ScoringContext], Measurement]:
    """A measure of the reference calls' summary; not answered without reference checks."""

    def compute(needs: Needs, answer: ReferencesAnswer, context: ScoringContext) -> Measurement:
        if answer.reference_checks is None:
            return Measurement.not_answered(_NOT_GIVEN)
        return fn(summarize_reference_calls(needs, answer))

    return compute


def _unknown_note(summary: ReferenceCallSummary) -> str:
    if not summary.unknown:
        return ""
    return f"; calls to {', '.join(summary.unknown)} not counted (not among the references)"


@_measure.number(
    "reference_call_rating",
    "similarity-weighted mean over the references called of the mean of the median rating "
    "per question [1–5]",
)
@_summarized
def _call_rating(summary: ReferenceCallSummary) -> Measurement:
    rating = summary.rating
    if rating is None:
        return Measurement(None, "no reference call recorded yet" + _unknown_note(summary))
    similarity = dict(zip(summary.similarity.index, summary.similarity["similarity"], strict=True))
    parts = [
        f"{client} {format_number(float(score))}/5 (similarity "
        f"{format_percent(float(similarity[client]))})"
        for client, score in summary.scores.dropna().items()
    ]
    detail = f"{'; '.join(parts)}: weighted mean {format_number(rating)}/5"
    if len(summary.flagged):
        disagreements = "; ".join(
            f"{row.client} {row.question} ({row.callers})"
            for row in summary.flagged.itertuples(index=False)
        )
        detail += f"; callers disagree by {summary.spread_threshold}+ points on {disagreements}"
    return Measurement(rating, detail + _unknown_note(summary))


@_measure.share(
    "reference_would_choose_again",
    "share of the references asked whose median answer to 'would you choose them again' is "
    "4 or 5 [0–1]",
)
@_summarized
def _again(summary: ReferenceCallSummary) -> Measurement:
    again = summary.medians[ReferenceQuestion.WOULD_CHOOSE_AGAIN.value].dropna()
    if again.empty:
        return Measurement(None, "no reference asked whether it would choose the vendor again")
    answers = ((str(client), value >= WOULD_CHOOSE_AGAIN_AT) for client, value in again.items())
    return held_share(answers, "would choose again: {held}", "would not:")


@_measure.share(
    "reference_similarity",
    "mean similarity to the buyer (industry, size, channels, languages) of the three most "
    "similar references; a missing one counts 0 [0–1]",
)
@_summarized
def _similarity(summary: ReferenceCallSummary) -> Measurement:
    table = summary.similarity.sort_values("similarity", ascending=False, kind="stable")
    top = table.head(TOP_REFERENCES)
    value = float(top["similarity"].sum()) / TOP_REFERENCES
    parts = [
        f"{client} {format_percent(float(row['similarity']))} (industry "
        f"{format_number(float(row['industry']))}, size {format_percent(float(row['size']))}, "
        f"channels {format_percent(float(row['channels']))}, languages "
        f"{format_percent(float(row['languages']))})"
        for client, row in top.iterrows()
    ]
    detail = "; ".join(parts) or "no reference"
    if len(top) < TOP_REFERENCES:
        detail += f"; only {format_count(len(top), 'reference')} of {TOP_REFERENCES}"
    return Measurement(value, detail)


@_measure.boolean(
    "former_client_reference",
    "at least one reference is a former client (one that left the vendor)",
)
@_summarized
def _former(summary: ReferenceCallSummary) -> Measurement:
    former = summary.similarity.index[summary.similarity["former_client"].to_numpy(dtype=bool)]
    return verdict(
        bool(len(former)),
        f"former client among the references: {', '.join(former)}",
        "no former client among the references",
    )
