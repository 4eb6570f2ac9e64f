"""Check 5 — social media: platforms covered, first response against the target, hours."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.checks import AS_OF, default_pack, make_needs, pack_with, window
from vendoreval.checks import ScoringContext, score_check
from vendoreval.checks.social import required_social_hours, score_social
from vendoreval.criteria import CheckSpec
from vendoreval.needs import ChannelNeeds, SocialNeeds
from vendoreval.needs.hours import Hours
from vendoreval.proposal.social import SocialAnswer
from vendoreval.vocabulary import SocialPlatform

NEEDS = make_needs(
    social=SocialNeeds(platforms=("kakaotalk", "instagram", "facebook"), first_response_minutes=30)
)
CONTEXT = ScoringContext(as_of=AS_OF)
ANSWER = SocialAnswer(
    platforms=("instagram", "facebook", "x"),
    median_first_response_minutes=45,
    hours=window("08:00", "20:00"),  # half of the required 24/7
)


def spec() -> CheckSpec:
    return default_pack().check("social")


def test_score_by_hand() -> None:
    result = score_social(NEEDS, ANSWER, spec(), CONTEXT)
    # platforms 2/3; first response 45/30 = 1.5× on 4× → 1×: (4 − 1.5)/3; hours 50%
    points = {"platforms": 200 / 3, "first_response": 100 * 2.5 / 3, "hours": 50.0}
    assert result.subscores == pytest.approx(points)
    assert result.score == pytest.approx((50 * 200 / 3 + 40 * 250 / 3 + 10 * 50) / 100)
    platforms = next(r for r in result.reasons if r.criterion == "platforms")
    assert "missing kakaotalk" in platforms.text


def test_unstated_hours_are_left_out() -> None:
    answer = ANSWER.model_copy(update={"hours": None})
    result = score_social(NEEDS, answer, spec(), CONTEXT)
    assert result.score == pytest.approx((50 * 200 / 3 + 40 * 250 / 3) / 90)


def test_social_channel_hours_are_the_required_hours() -> None:
    social_hours = window("09:00", "21:00")
    needs = make_needs(
        channels=(
            ChannelNeeds(channel="phone", volume_per_month=1000, talk_seconds=200),
            ChannelNeeds(
                channel="social", volume_per_month=500, talk_seconds=200, hours=social_hours
            ),
        )
    )
    assert required_social_hours(needs) == social_hours
    result = score_social(needs, ANSWER, spec(), CONTEXT)
    assert "platforms" not in result.subscores  # no platform named
    # 08:00–20:00 covers 11 of the 12 required hours a day
    assert result.subscores["hours"] == pytest.approx(100 * 11 / 12)


def test_no_social_need_scores_100() -> None:
    result = score_social(make_needs(), None, spec(), CONTEXT)
    assert (result.score, result.answered, result.passed) == (100, False, True)


def test_a_platform_knockout_from_a_custom_pack_and_not_answered() -> None:
    rule = {
        "id": "platforms",
        "measure": "social_platforms_covered",
        "below": 1.0,
        "message": "a required platform is not served",
    }
    pack = pack_with("social", knockouts=[rule])
    result = score_check("social", NEEDS, ANSWER, pack, CONTEXT)
    assert [ko.rule for ko in result.knockouts] == ["platforms"]
    unanswered = score_check("social", NEEDS, None, pack, CONTEXT)
    assert unanswered.score == 0
    assert unanswered.knockouts[0].evidence.startswith("not answered")


answers = st.builds(
    SocialAnswer,
    platforms=st.lists(st.sampled_from(list(SocialPlatform)), unique=True).map(tuple),
    median_first_response_minutes=st.floats(0.01, 10_000),
    hours=st.none() | st.just(Hours.around_the_clock()) | st.just(window("09:00", "18:00")),
)


@given(answers)
def test_any_answer_scores_within_0_and_100(answer: SocialAnswer) -> None:
    result = score_social(NEEDS, answer, spec(), CONTEXT)
    assert 0 <= result.score <= 100
    assert math.fsum(r.points for r in result.reasons) == pytest.approx(result.score)
