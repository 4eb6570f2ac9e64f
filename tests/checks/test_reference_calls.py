"""Structured reference calls: medians, disagreements and similarity to the buyer.

Mirae Contact's references (tests/data/kr) for the buyer Hanbit Mall: 102,000 contacts a
month over phone, chat, e-mail and social; languages ko 86%, en 9%, ja 5%; e-commerce.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.builders import kr_needs, kr_vendors
from tests.checks import AS_OF
from vendoreval.assessments import Assessment, aggregate_assessments
from vendoreval.checks import ScoringContext, reference_similarity, score_check
from vendoreval.checks.reference_calls import summarize_reference_calls
from vendoreval.criteria import CriteriaPack
from vendoreval.errors import ArgumentError
from vendoreval.proposal import (
    ClientReference,
    ReferenceCall,
    ReferenceChecks,
    ReferencesAnswer,
)

NEEDS = kr_needs()
VENDORS = {proposal.name: proposal for proposal in kr_vendors()}
MIRAE = VENDORS["Mirae Contact"].references
DASAN = VENDORS["Dasan Outsourcing"].references
assert MIRAE is not None
assert DASAN is not None
PACK = CriteriaPack.load("kr-contact-center")

# Similarity by hand: (industry + size + channels + languages) / 4
#   Dasom Fashion: e-commerce 1; 85,000 / 102,000; phone, chat, email of 4 = 0.75; ko + en = 0.95
#   Haneul Air:    travel 0;     40,000 / 102,000; phone, email = 0.5;   ko + en + ja = 1.0
#   Bomnal Living: e-commerce 1; 30,000 / 102,000; phone, chat, social = 0.75; ko = 0.86
SIMILARITY = {
    "Dasom Fashion": (1 + 85 / 102 + 0.75 + 0.95) / 4,
    "Haneul Air": (0 + 40 / 102 + 0.5 + 1.0) / 4,
    "Bomnal Living": (1 + 30 / 102 + 0.75 + 0.86) / 4,
}
# Mean of the medians over the nine questions (Dasom: Kim and Lee; the others one call each):
#   Dasom: 4.5, 4, 4, 4.5, 3 (escalations 4 and 2), 5, 4, 4.5, 5 → 38.5 / 9
SCORES = {"Dasom Fashion": 38.5 / 9, "Haneul Air": 32 / 9, "Bomnal Living": 36 / 9}


def test_similarity_by_hand() -> None:
    summary = summarize_reference_calls(NEEDS, MIRAE)
    for client, expected in SIMILARITY.items():
        assert summary.similarity.loc[client, "similarity"] == pytest.approx(expected)
    assert summary.similarity.loc["Dasom Fashion", "size"] == pytest.approx(85 / 102)
    assert summary.similarity["former_client"].tolist() == [False, False, True]
    assert summary.similarity["called"].all()


def test_medians_scores_and_the_weighted_rating_by_hand() -> None:
    summary = summarize_reference_calls(NEEDS, MIRAE)
    assert summary.medians.loc["Dasom Fashion", "transition"] == 4.5  # median of 5 and 4
    assert summary.medians.loc["Dasom Fashion", "escalations"] == 3.0  # median of 4 and 2
    assert summary.counts.loc["Dasom Fashion", "escalations"] == 2
    for client, expected in SCORES.items():
        assert summary.scores[client] == pytest.approx(expected)
    weights = sum(SIMILARITY.values())
    rating = sum(SIMILARITY[c] * SCORES[c] for c in SCORES) / weights
    assert summary.rating == pytest.approx(rating)
    assert rating == pytest.approx(4.0169, abs=1e-4)


def test_disagreements_are_flagged_with_each_caller() -> None:
    flagged = summarize_reference_calls(NEEDS, MIRAE).flagged
    assert flagged.to_dict("records") == [
        {
            "client": "Dasom Fashion",
            "question": "escalations",
            "min": 2,
            "max": 4,
            "spread": 2,
            "callers": "Kim: 4, Lee: 2",
        }
    ]
    relaxed = summarize_reference_calls(NEEDS, MIRAE, spread_threshold=3).flagged
    assert relaxed.empty


def test_the_aggregation_matches_the_evaluator_ratings_aggregation() -> None:
    """Calls as evaluators' ratings (client as vendor, question as item) aggregate the same."""
    summary = summarize_reference_calls(NEEDS, MIRAE)
    checks = MIRAE.reference_checks
    assert checks is not None
    ratings = [
        Assessment(evaluator=call.caller, vendor=call.client, item=question.value, rating=value)
        for call in checks.calls
        for question, value in call.answers().items()
    ]
    clients = list(summary.medians.index)
    expected = aggregate_assessments(ratings, clients, list(summary.medians.columns))
    pd.testing.assert_frame_equal(
        summary.medians, expected.medians, check_names=False, check_index_type=False
    )
    assert summary.flagged[["client", "question", "spread"]].to_numpy().tolist() == (
        expected.flagged[["vendor", "item", "spread"]].to_numpy().tolist()
    )


def test_the_measures_and_their_reasons() -> None:
    result = score_check("references", NEEDS, MIRAE, PACK, ScoringContext(as_of=AS_OF))
    # rating 4.0169 on the rule 2 → 0, 4.5 → 100
    assert result.subscores["reference_call_rating"] == pytest.approx(
        100 * (summarize_reference_calls(NEEDS, MIRAE).rating - 2) / 2.5  # type: ignore[operator]
    )
    assert result.subscores["would_choose_again"] == 100.0
    top3 = sum(SIMILARITY.values()) / 3  # the three most similar: all three
    assert result.subscores["similarity"] == pytest.approx(100 * (top3 - 0.2) / 0.6)
    assert result.subscores["former_client"] == 100.0
    text = next(r.text for r in result.reasons if r.criterion == "reference_call_rating")
    assert "Dasom Fashion 4.28/5 (similarity 88.3%)" in text
    assert "callers disagree by 2+ points on Dasom Fashion escalations (Kim: 4, Lee: 2)" in text
    dasan = score_check("references", NEEDS, DASAN, PACK, ScoringContext(as_of=AS_OF))
    assert dasan.subscores["would_choose_again"] == 50.0  # Gaon 4, Nuri 3
    assert dasan.subscores["former_client"] == 0.0
    # two references only: the missing third counts 0 in the mean of the top three
    assert "only 2 references of 3" in next(
        r.text for r in dasan.reasons if r.criterion == "similarity"
    )


def test_no_calls_yet_is_not_scored_and_no_checks_is_not_answered() -> None:
    checks = MIRAE.reference_checks
    assert checks is not None
    uncalled = MIRAE.model_copy(
        update={"reference_checks": checks.model_copy(update={"calls": ()})}
    )
    result = score_check("references", NEEDS, uncalled, PACK, ScoringContext(as_of=AS_OF))
    assert "reference_call_rating" not in result.subscores
    assert "similarity" in result.subscores
    missing = MIRAE.model_copy(update={"reference_checks": None})
    result = score_check("references", NEEDS, missing, PACK, ScoringContext(as_of=AS_OF))
    assert result.subscores["reference_call_rating"] == 0.0
    text = next(r.text for r in result.reasons if r.criterion == "reference_call_rating")
    assert "not answered: the proposal does not give structured reference checks" in text


def test_calls_to_an_unknown_client_are_not_counted_and_said() -> None:
    checks = MIRAE.reference_checks
    assert checks is not None
    stray = ReferenceCall(client="Nobody Ltd", caller="Kim", would_choose_again=1)
    answer = MIRAE.model_copy(
        update={"reference_checks": checks.model_copy(update={"calls": (*checks.calls, stray)})}
    )
    summary = summarize_reference_calls(NEEDS, answer)
    assert summary.unknown == ("Nobody Ltd",)
    assert summary.rating == pytest.approx(summarize_reference_calls(NEEDS, MIRAE).rating)
    result = score_check("references", NEEDS, answer, PACK, ScoringContext(as_of=AS_OF))
    text = next(r.text for r in result.reasons if r.criterion == "reference_call_rating")
    assert text.endswith("calls to Nobody Ltd not counted (not among the references) — 80.7/100")


def test_similarity_without_a_profile_credits_only_what_is_known() -> None:
    ref = MIRAE.references[0]
    parts = reference_similarity(NEEDS, ref, None)
    assert parts == {
        "industry": 1.0,
        "size": 0.0,
        "channels": 0.75,
        "languages": 0.0,
        "similarity": pytest.approx(1.75 / 4),
    }


def test_an_empty_answer_summarizes_to_nothing() -> None:
    summary = summarize_reference_calls(NEEDS, ReferencesAnswer())
    assert summary.medians.shape == (0, 9)
    assert summary.rating is None
    answer = ReferencesAnswer(reference_checks=ReferenceChecks())
    assert summarize_reference_calls(NEEDS, answer).flagged.empty


@pytest.mark.parametrize("bad", [0, 1.5, True])
def test_spread_threshold_must_be_a_whole_number_of_at_least_1(bad: object) -> None:
    with pytest.raises(ArgumentError, match="spread_threshold"):
        summarize_reference_calls(NEEDS, MIRAE, spread_threshold=bad)  # type: ignore[arg-type]


def test_weights_fall_back_to_a_plain_mean_when_no_reference_is_similar() -> None:
    checks = ReferenceChecks(
        calls=(
            ReferenceCall(client="Stranger", caller="Kim", quality=2, reporting=4),
            ReferenceCall(client="Other", caller="Kim", quality=5),
        )
    )
    references = (
        ClientReference(client="Stranger", industry="mining"),
        ClientReference(client="Other", industry="shipping"),
    )
    summary = summarize_reference_calls(
        NEEDS, ReferencesAnswer(references=references, reference_checks=checks)
    )
    assert summary.similarity["similarity"].tolist() == [0.0, 0.0]
    assert summary.rating == pytest.approx((3 + 5) / 2)  # Stranger (2 + 4) / 2, Other 5
