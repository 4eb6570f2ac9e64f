"""Check 3 — staffing: languages at fluency and head-count, experience, quality program."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.checks import AS_OF, default_pack, make_needs
from vendoreval.checks import ScoringContext
from vendoreval.checks.staffing import agents_needed_by_language, score_staffing
from vendoreval.criteria import CheckSpec
from vendoreval.needs import LanguageNeed, StaffingNeeds
from vendoreval.proposal.staffing import CoachingProgram, LanguageStaff, StaffingAnswer
from vendoreval.vocabulary import CEFR

NEEDS = make_needs(
    languages=(
        LanguageNeed(language="ko", share=0.7, min_cefr="C1"),
        LanguageNeed(language="en", share=0.3, min_cefr="C1"),
    ),
    staffing=StaffingNeeds(
        certifications_wanted=("copc", "iso18295"),
        min_industry_years=4,
        max_annual_attrition=0.35,
    ),
)
CONTEXT = ScoringContext(
    as_of=AS_OF,
    required_agents_by_language={"ko": 70, "en": 30},
    ratings={"culture_fit": 5},
)
ANSWER = StaffingAnswer(
    languages=(
        LanguageStaff(language="ko", agents=120, cefr="C2"),
        LanguageStaff(language="en", agents=20, cefr="C1"),
    ),
    certifications=("copc",),
    industry_years=2,
    annual_attrition=0.3,
    onboarding_hours=60,
    coaching=CoachingProgram(
        operating_manuals=True,
        difficult_customer_policy=True,
        qa_sampling_rate=0.03,
        coaching_hours_per_agent_month=2,
    ),
    team_lead_interview_rating=4,
    culture_fit_rating=3,
)


def spec() -> CheckSpec:
    return default_pack().check("staffing")


def test_score_by_hand() -> None:
    result = score_staffing(NEEDS, ANSWER, spec(), CONTEXT)
    points = {
        "language_fluency": 100.0,  # ko C2 ≥ C1, en C1 ≥ C1
        "language_headcount": 100 * (0.7 * 1 + 0.3 * 20 / 30),  # ko 120 ≥ 70; en 20 of 30
        "certifications": 50.0,  # copc of copc, iso18295
        "industry_experience": 50.0,  # 2 of 4 years
        "attrition": 100 * (0.6 - 0.3) / (0.6 - 0.15),
        "attrition_ceiling": 100.0,  # 30% ≤ 35%
        "onboarding": 100 * 60 / 80,
        "quality_program": 100 * 2 / 3,  # manuals and difficult-customer policy
        "qa_sampling": 100 * 0.03 / 0.05,
        "coaching": 100 * 2 / 4,
        "team_leads": 100 * (4 - 1) / 4,  # stated in the answer
        "culture_fit": 100.0,  # evaluators' 5 replaces the stated 3
        # no QA programme: "not answered", 0 each; and 3% of 50,000 calls is 1,500
        # evaluations for 32.3 agents (3,333.3 h ÷ 0.85 ÷ (173.33 h × 0.7)), 46 each a month:
        # implausible, so qa_plausible is false (0) rather than not answered
        "qa_evaluations": 0.0,
        "qa_auto_fail": 0.0,
        "qa_calibration": 0.0,
        "qa_speech_analytics": 0.0,
        "qa_coaching_speed": 0.0,
        "qa_plausible": 0.0,
    }
    weights = {
        "language_fluency": 20,
        "language_headcount": 20,
        "certifications": 10,
        "industry_experience": 10,
        "attrition": 10,
        "attrition_ceiling": 5,
        "onboarding": 5,
        "quality_program": 5,
        "qa_sampling": 3,
        "coaching": 2,
        "team_leads": 5,
        "culture_fit": 5,
        "qa_evaluations": 2,
        "qa_auto_fail": 1,
        "qa_calibration": 1,
        "qa_speech_analytics": 1,
        "qa_coaching_speed": 1,
        "qa_plausible": 2,
    }
    assert result.subscores == pytest.approx(points)
    assert result.score == pytest.approx(78.3 * 100 / 108)  # 7,830 points over weights 108
    assert result.score == pytest.approx(sum(weights[k] * points[k] for k in points) / 108)
    plausible = next(r for r in result.reasons if r.criterion == "qa_plausible")
    assert "46.4 evaluations per agent a month" in plausible.text
    assert result.passed
    fluency = next(r for r in result.reasons if r.criterion == "language_fluency")
    assert "ko: 120 agents at C2 (C1 needed)" in fluency.text
    headcount = next(r for r in result.reasons if r.criterion == "language_headcount")
    assert "en: 20 agents at C1 or better, 30 required" in headcount.text


def test_a_language_below_the_needed_fluency_knocks_out() -> None:
    staff = (
        LanguageStaff(language="ko", agents=120, cefr="C2"),
        LanguageStaff(language="en", agents=40, cefr="B2"),
    )
    result = score_staffing(NEEDS, ANSWER.model_copy(update={"languages": staff}), spec(), CONTEXT)
    assert result.subscores["language_fluency"] == 50
    assert result.subscores["language_headcount"] == pytest.approx(70)  # en counts 0 agents
    assert [ko.rule for ko in result.knockouts] == ["language_fluency"]
    assert "en: 40 agents at B2 (C1 needed, below the need)" in result.knockouts[0].evidence


def test_headcount_falls_back_to_language_share_of_required_agents() -> None:
    context = ScoringContext(as_of=AS_OF, required_agents={"phone": 101})
    needed, source = agents_needed_by_language(NEEDS, context)
    assert needed == {"ko": 71, "en": 31}  # ⌈0.7 × 101⌉ = 71, ⌈0.3 × 101⌉ = 31 (30.3 up)
    assert "language share of 101 agents" in source


def test_unstated_needs_are_not_scored() -> None:
    needs = make_needs()
    answer = StaffingAnswer(languages=(LanguageStaff(language="ko", agents=10, cefr="C1"),))
    result = score_staffing(needs, answer, spec(), ScoringContext(as_of=AS_OF))
    skipped = {"certifications", "industry_experience", "attrition_ceiling"}
    skipped |= {"team_leads", "culture_fit"}  # not rated by anyone
    assert not skipped & set(result.subscores)


def test_not_answered_fails_the_language_knockout() -> None:
    result = score_staffing(NEEDS, None, spec(), CONTEXT)
    assert result.score == 0
    assert [ko.rule for ko in result.knockouts] == ["language_fluency"]


staff_lines = st.lists(
    st.builds(
        LanguageStaff,
        language=st.sampled_from(["ko", "en", "ja"]),
        agents=st.integers(0, 500),
        cefr=st.sampled_from(list(CEFR)),
    ),
    max_size=3,
    unique_by=lambda s: s.language,
)
answers = st.builds(
    StaffingAnswer,
    languages=staff_lines.map(tuple),
    industry_years=st.floats(0, 40),
    annual_attrition=st.floats(0, 1),
    onboarding_hours=st.floats(0, 400),
    coaching=st.builds(
        CoachingProgram,
        operating_manuals=st.booleans(),
        qa_sampling_rate=st.floats(0, 1),
        coaching_hours_per_agent_month=st.floats(0, 40),
    ),
    team_lead_interview_rating=st.none() | st.floats(1, 5),
)


@given(answers)
def test_any_answer_scores_within_0_and_100(answer: StaffingAnswer) -> None:
    result = score_staffing(NEEDS, answer, spec(), CONTEXT)
    assert 0 <= result.score <= 100
    assert all(0 <= v <= 100 for v in result.subscores.values())
    assert math.fsum(r.points for r in result.reasons) == pytest.approx(result.score)
