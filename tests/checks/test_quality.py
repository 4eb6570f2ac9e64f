"""The QA instrument's measures and the plausibility flags derived from the answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import make_needs
from tests.checks import AS_OF, default_pack
from vendoreval.checks import PlausibilityFlag, ScoringContext, account_agents, quality_flags
from vendoreval.checks.staffing import score_staffing
from vendoreval.proposal import CoachingProgram, LanguageStaff, QualityProgramme, StaffingAnswer

NEEDS = make_needs()  # phone 50,000 calls a month of 240 s, 24/7, Korean
# Agents on the account, by hand: 50,000 × 240 s = 3,333.33 h of talk; ÷ 0.85 occupancy =
# 3,921.57 h; one FTE is available 173.33 h × (1 − 0.3 shrinkage) = 121.33 h → 32.32 FTE.
AGENTS = 50_000 * 240 / 3600 / 0.85 / (40 * 52 / 12 * 0.7)

PROGRAMME = QualityProgramme(
    scorecard_items=20,
    auto_fail_items=("identity_not_verified", "personal_data_exposed", "mis_selling"),
    evaluations_per_agent_month=8,
    calibration_every_days=14,
    qa_target=0.9,
    speech_analytics_coverage=0.4,
    finding_to_coaching_days=5,
    qa_analysts=1,
)


def answer(sampling: float = 0.0, **programme: object) -> StaffingAnswer:
    return StaffingAnswer(
        languages=(LanguageStaff(language="ko", agents=60, cefr="C2"),),
        coaching=CoachingProgram(qa_sampling_rate=sampling),
        shrinkage=0.3,
        quality_programme=PROGRAMME.model_copy(update=programme) if programme is not None else None,
    )


def codes(flags: tuple[PlausibilityFlag, ...]) -> list[str]:
    return [flag.code for flag in flags]


def test_account_agents_by_hand() -> None:
    assert account_agents(NEEDS, 0.3) == pytest.approx(AGENTS)
    assert pytest.approx(32.3206, abs=1e-4) == AGENTS


def test_a_plausible_programme_raises_no_flag() -> None:
    assert quality_flags(NEEDS, answer()) == ()


def test_a_sampling_share_above_20_evaluations_per_agent_is_implausible() -> None:
    # 5% of 50,000 = 2,500 evaluations ÷ 32.32 agents = 77.35 a month each (77.349…)
    flags = quality_flags(NEEDS, answer(sampling=0.05, evaluations_per_agent_month=0))
    assert codes(flags) == ["sampling_rate"]
    assert "77.3 evaluations per agent a month for about 32.3 agents" in flags[0].message
    # 1.2% = 600 ÷ 32.32 = 18.6: plausible, and consistent with the 8 stated? no: 18.6 / 8 > 2
    assert codes(quality_flags(NEEDS, answer(sampling=0.012))) == ["sampling_vs_evaluations"]
    # 0.5% = 250 ÷ 32.32 = 7.7, within a factor 2 of the 8 stated
    assert quality_flags(NEEDS, answer(sampling=0.005)) == ()


def test_stated_evaluations_above_20_are_implausible() -> None:
    assert codes(quality_flags(NEEDS, answer(evaluations_per_agent_month=25))) == [
        "evaluations_per_agent",
        "evaluator_capacity",  # 25 × 32.3 = 808 for one evaluator
    ]


def test_evaluator_capacity() -> None:
    # 8 × 32.32 = 258.6 evaluations a month: one evaluator (≤ 400) is enough, half is not
    assert quality_flags(NEEDS, answer(qa_analysts=1)) == ()
    flags = quality_flags(NEEDS, answer(qa_analysts=0.5))
    assert codes(flags) == ["evaluator_capacity"]
    assert "259 evaluations a month for 0.5 QA evaluators is 517 each" in flags[0].message
    assert codes(quality_flags(NEEDS, answer(qa_analysts=0))) == ["evaluator_capacity"]
    assert quality_flags(NEEDS, answer(qa_analysts=None)) == ()


def test_a_target_of_99_percent_or_more_is_implausible() -> None:
    assert codes(quality_flags(NEEDS, answer(qa_target=0.99))) == ["qa_target"]
    assert quality_flags(NEEDS, answer(qa_target=0.98)) == ()


@settings(max_examples=60)
@given(sampling=st.floats(0, 1))
def test_the_sampling_flag_fires_exactly_above_20_per_agent(sampling: float) -> None:
    implied = sampling * 50_000 / AGENTS
    fired = "sampling_rate" in codes(quality_flags(NEEDS, answer(sampling=sampling)))
    if abs(implied - 20) > 1e-6:
        assert fired == (implied > 20)


# ----------------------------------------------------------------------------- measures


def scored(staffing: StaffingAnswer) -> dict[str, float]:
    return score_staffing(
        NEEDS, staffing, default_pack().check("staffing"), ScoringContext(as_of=AS_OF)
    ).subscores


def test_instrument_scores_by_hand() -> None:
    points = scored(answer())
    # 8 evaluations: past the ideal 6, falling to 0 at 30: 100 × (30 − 8) / (30 − 6)
    assert points["qa_evaluations"] == pytest.approx(100 * 22 / 24)
    assert points["qa_auto_fail"] == pytest.approx(100.0)  # 3 of 6 = 0.5, full at 0.5
    assert points["qa_calibration"] == pytest.approx(100.0)  # every 14 days: the ideal
    assert points["qa_speech_analytics"] == pytest.approx(100 * 0.4 / 0.8)
    assert points["qa_coaching_speed"] == pytest.approx(100 * (14 - 5) / 12)
    assert points["qa_plausible"] == 100.0


def test_an_implausible_answer_scores_0_with_the_flags_as_reason() -> None:
    result = score_staffing(
        NEEDS,
        answer(sampling=0.05),
        default_pack().check("staffing"),
        ScoringContext(as_of=AS_OF),
    )
    assert result.subscores["qa_plausible"] == 0.0
    text = next(r.text for r in result.reasons if r.criterion == "qa_plausible")
    assert text.startswith("Plausible QA answers: implausible: checking 5% of 50,000 contacts")


def test_without_a_programme_the_instrument_is_not_answered() -> None:
    bare = StaffingAnswer(languages=(LanguageStaff(language="ko", agents=60, cefr="C2"),))
    result = score_staffing(
        NEEDS, bare, default_pack().check("staffing"), ScoringContext(as_of=AS_OF)
    )
    for key in ("qa_evaluations", "qa_auto_fail", "qa_calibration", "qa_plausible"):
        assert result.subscores[key] == 0.0
        text = next(r.text for r in result.reasons if r.criterion == key)
        assert "not answered: the proposal does not give its QA programme" in text
    # an implausible sampling share is flagged even without a programme
    sampled = bare.model_copy(update={"coaching": CoachingProgram(qa_sampling_rate=0.05)})
    result = score_staffing(
        NEEDS, sampled, default_pack().check("staffing"), ScoringContext(as_of=AS_OF)
    )
    text = next(r.text for r in result.reasons if r.criterion == "qa_plausible")
    assert "implausible: checking 5%" in text
