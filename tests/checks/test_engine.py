"""The scoring engine: rule math, weighting, reasons, knock-outs and the scoring context."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.checks import AS_OF, default_pack, make_needs
from vendoreval.checks import score_all, score_check
from vendoreval.checks._engine import (
    MeasureKind,
    Measurement,
    MeasureSpec,
    RatingItem,
    ScoringContext,
    _knocked_out,
    apply_rule,
    evaluate_check,
    format_number,
    format_percent,
    format_points,
    measure,
    measures,
)
from vendoreval.criteria import CheckSpec, NumericRule, Rule, SubCriterion
from vendoreval.needs.hours import Hours
from vendoreval.proposal import CHECKS, VendorProposal
from vendoreval.proposal.coverage import CoverageAnswer


def rule(**fields: Any) -> Rule:
    """A rule validated the way a pack validates it."""
    sub = SubCriterion.model_validate({"weight": 1, "label": "x", "measure": "m", "rule": fields})
    return sub.rule


# ----------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("fields", "value", "points"),
    [
        # rising scale 0 → 80: half-way earns 50; past the ideal 100; below 0 clamps to 0
        ({"type": "numeric", "from": 0, "ideal": 80}, 40, 50.0),
        ({"type": "numeric", "from": 0, "ideal": 80}, 80, 100.0),
        ({"type": "numeric", "from": 0, "ideal": 80}, 120, 100.0),
        ({"type": "numeric", "from": 0, "ideal": 80}, -5, 0.0),
        # decreasing scale: attrition 60% → 0 points, 15% → 100; 30% → 100·0.30/0.45
        ({"type": "numeric", "from": 0.6, "ideal": 0.15}, 0.3, 100 * 0.3 / 0.45),
        ({"type": "numeric", "from": 0.6, "ideal": 0.15}, 0.6, 0.0),
        ({"type": "numeric", "from": 0.6, "ideal": 0.15}, 0.9, 0.0),
        ({"type": "numeric", "from": 0.6, "ideal": 0.15}, 0.05, 100.0),
        # with `to`: 0 → 10 rising, 10 → 20 falling back to 0
        ({"type": "numeric", "from": 0, "ideal": 10, "to": 20}, 15, 50.0),
        ({"type": "numeric", "from": 0, "ideal": 10, "to": 20}, 17.5, 25.0),
        ({"type": "numeric", "from": 0, "ideal": 10, "to": 20}, 25, 0.0),
        ({"type": "numeric", "from": 10, "ideal": 5, "to": 0}, 2.5, 50.0),
        ({"type": "numeric", "from": 10, "ideal": 5, "to": 0}, 7.5, 50.0),
        # ratio: 100·min(r/full_at, 1), negative clamps to 0
        ({"type": "ratio"}, 0.5, 50.0),
        ({"type": "ratio"}, 1.2, 100.0),
        ({"type": "ratio"}, -1.0, 0.0),
        ({"type": "ratio", "full_at": 0.8}, 0.6, 75.0),
        # boolean, default and custom points
        ({"type": "boolean"}, True, 100.0),
        ({"type": "boolean"}, False, 0.0),
        ({"type": "boolean", "true": 0, "false": 100}, True, 0.0),
        ({"type": "boolean", "true": 20, "false": 70}, False, 70.0),
        # choice: listed value, else the default
        ({"type": "choice", "points": {"cti": 80, "batch": 30}}, "cti", 80.0),
        ({"type": "choice", "points": {"cti": 80}, "default": 10}, "manual", 10.0),
        ({"type": "choice", "points": {"cti": 80}}, "manual", 0.0),
    ],
)
def test_rule_points_by_hand(fields: dict[str, Any], value: object, points: float) -> None:
    assert apply_rule(rule(**fields), value) == pytest.approx(points)


@pytest.mark.parametrize(
    ("fields", "value"),
    [
        ({"type": "boolean"}, 1),
        ({"type": "numeric", "from": 0, "ideal": 1}, True),
        ({"type": "ratio"}, "0.5"),
        ({"type": "choice", "points": {"a": 1}}, 1),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(fields: dict[str, Any], value: object) -> None:
    with pytest.raises(TypeError):
        apply_rule(rule(**fields), value)


def test_a_nan_is_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        apply_rule(rule(type="ratio"), math.nan)


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def numeric_rules(draw: st.DrawFn) -> NumericRule:
    start, ideal = draw(finite), draw(finite)
    assume(abs(start - ideal) > 1e-6)
    fields: dict[str, Any] = {"type": "numeric", "from": start, "ideal": ideal}
    if draw(st.booleans()):
        beyond = draw(st.floats(1e-3, 1e6))
        fields["to"] = ideal + math.copysign(beyond, ideal - start)
    result = rule(**fields)
    assert isinstance(result, NumericRule)
    return result


@given(numeric_rules(), finite)
def test_numeric_points_stay_within_0_and_100(numeric: NumericRule, value: float) -> None:
    assert 0.0 <= apply_rule(numeric, value) <= 100.0


@given(numeric_rules())
def test_numeric_anchors_earn_0_and_100(numeric: NumericRule) -> None:
    assert apply_rule(numeric, numeric.from_) == pytest.approx(0.0, abs=1e-9)
    assert apply_rule(numeric, numeric.ideal) == pytest.approx(100.0)
    if numeric.to is not None:
        assert apply_rule(numeric, numeric.to) == pytest.approx(0.0, abs=1e-9)


@given(numeric_rules(), finite, finite)
def test_numeric_points_never_fall_on_the_way_to_the_ideal(
    numeric: NumericRule, a: float, b: float
) -> None:
    assume(numeric.to is None)
    direction = 1.0 if numeric.ideal > numeric.from_ else -1.0
    low, high = sorted((a, b), key=lambda x: direction * x)
    assert apply_rule(numeric, low) <= apply_rule(numeric, high) + 1e-9


@given(st.floats(1e-3, 1e3), finite)
def test_ratio_points_stay_within_0_and_100(full_at: float, value: float) -> None:
    assert 0.0 <= apply_rule(rule(type="ratio", full_at=full_at), value) <= 100.0


def test_formatting() -> None:
    assert format_number(1250.0) == "1,250"
    assert format_number(0.85) == "0.85"
    assert format_number(12.5) == "12.5"
    assert format_percent(0.875) == "87.5%"
    assert format_percent(1.0) == "100%"
    assert format_points(66.666) == "66.7"
    assert format_points(100.0) == "100"
    assert format_points(0.04) == "0"


# ----------------------------------------------------------------------------- engine

NEEDS = make_needs()
CONTEXT = ScoringContext(as_of=AS_OF, required_agents={"phone": 10})


def check_spec(criteria: dict[str, Any], knockouts: Sequence[dict[str, Any]] = ()) -> CheckSpec:
    return CheckSpec.model_validate(
        {"weight": 1, "label": "Coverage", "criteria": criteria, "knockouts": list(knockouts)}
    )


SPEC = check_spec(
    {
        "seats": {
            "weight": 3,
            "label": "Seats",
            "measure": "capacity_ratio",
            "rule": {"type": "ratio", "full_at": 2.0},
        },
        "notice": {
            "weight": 1,
            "label": "Notice",
            "measure": "ramp_up_notice_days",
            "rule": {"type": "numeric", "from": 30, "ideal": 0},
        },
    },
    [
        {"id": "seats", "measure": "capacity_ratio", "below": 1.0, "message": "too few seats"},
        {"id": "holidays", "measure": "holidays_covered", "equals": False, "message": "holidays"},
    ],
)


def answer(**fields: Any) -> CoverageAnswer:
    base: dict[str, Any] = {"channels": ("phone",), "hours": Hours.around_the_clock(), "seats": 10}
    return CoverageAnswer(**{**base, **fields})


def test_weights_are_renormalized_over_the_sub_criteria_that_apply() -> None:
    # no ramp-up seats: the notice does not apply, seats 10/10 = 1 on full_at 2 → 50
    alone = evaluate_check("coverage", NEEDS, answer(), SPEC, CONTEXT)
    assert alone.score == pytest.approx(50.0)
    assert alone.subscores == {"seats": pytest.approx(50.0)}
    notice = next(r for r in alone.reasons if r.criterion == "notice")
    assert (notice.points, notice.possible) == (0, 0)
    assert "not scored — no ramp-up seats offered" in notice.text
    # 6 days' notice on 30 → 0: 80 points; (3 × 50 + 1 × 80) / 4
    both = evaluate_check(
        "coverage", NEEDS, answer(peak_ramp_up_seats=5, ramp_up_notice_days=6), SPEC, CONTEXT
    )
    assert both.score == pytest.approx((3 * 50 + 1 * 80) / 4)
    assert math.fsum(r.points for r in both.reasons) == pytest.approx(both.score)
    assert math.fsum(r.possible for r in both.reasons) == pytest.approx(100.0)


def test_knockouts_compare_with_the_threshold() -> None:
    short = evaluate_check("coverage", NEEDS, answer(seats=9), SPEC, CONTEXT)
    assert [ko.rule for ko in short.knockouts] == ["seats"]
    assert short.knockouts[0].describe().startswith("coverage.seats: too few seats (9 seats")
    enough = evaluate_check("coverage", NEEDS, answer(covers_holidays=True), SPEC, CONTEXT)
    assert enough.passed
    closed = evaluate_check("coverage", NEEDS, answer(covers_holidays=False), SPEC, CONTEXT)
    assert [ko.rule for ko in closed.knockouts] == ["holidays"]


def test_a_value_a_hair_below_the_threshold_is_not_a_knockout() -> None:
    below_one = SPEC.knockouts[0]
    assert not _knocked_out(below_one, 1.0 - 1e-12)
    assert _knocked_out(below_one, 0.999)
    assert not _knocked_out(below_one, 1.0)


def test_not_answered_scores_zero_and_fails_applicable_knockouts_only() -> None:
    result = evaluate_check("coverage", NEEDS, None, SPEC, CONTEXT)
    assert (result.score, result.answered) == (0.0, False)
    assert [r.text.split(":")[0] for r in result.reasons] == ["not answered"]
    assert {ko.rule for ko in result.knockouts} == {"seats", "holidays"}
    closed_on_holidays = make_needs(holidays_covered=False)
    result = evaluate_check("coverage", closed_on_holidays, None, SPEC, CONTEXT)
    assert [ko.rule for ko in result.knockouts] == ["seats"]


def test_nothing_to_score_gives_100_to_everyone() -> None:
    spec = check_spec(
        {
            "h": {
                "weight": 1,
                "label": "Holidays",
                "measure": "holidays_covered",
                "rule": {"type": "boolean"},
            }
        }
    )
    needs = make_needs(holidays_covered=False)
    for given_answer in (None, answer(covers_holidays=False)):
        result = evaluate_check("coverage", needs, given_answer, spec, CONTEXT)
        assert result.score == 100
        assert result.subscores == {}
        assert result.reasons[-1].text.startswith("nothing to score")
        assert math.fsum(r.points for r in result.reasons) == 100


def test_explain_lists_reasons_and_knockouts() -> None:
    result = evaluate_check("coverage", NEEDS, answer(seats=5), SPEC, CONTEXT)
    text = result.explain()
    assert text.splitlines()[0] == "Coverage: 25/100"
    assert "✗ knock-out seats: too few seats" in text


# ----------------------------------------------------------------------------- registry


def test_measures_are_registered_for_the_eight_checks() -> None:
    every = measures()
    assert {name.split(".")[0] for name in every} >= set(CHECKS)
    for check in CHECKS:
        specs = measures(check)
        assert specs, check
        for name, spec in specs.items():
            assert spec.check == check
            assert spec.name == name
            assert spec.description
            assert (spec.kind is MeasureKind.CHOICE) == bool(spec.choices)


def test_a_measure_name_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match=r"coverage\.channels_covered is registered twice"):
        measure("coverage", "channels_covered", kind=MeasureKind.SHARE, description="again")


def test_a_measure_value_must_fit_its_kind() -> None:
    def compute(needs: Any, answer: Any, context: Any) -> Measurement:
        return Measurement(None, "")

    share = MeasureSpec("c", "m", MeasureKind.SHARE, "d", (), lambda n: None, compute)
    share.check_value(0.5)
    share.check_value(None)
    with pytest.raises(TypeError):
        share.check_value(True)
    with pytest.raises(TypeError):
        share.check_value(math.inf)
    choice = MeasureSpec("c", "m", MeasureKind.CHOICE, "d", ("a",), lambda n: None, compute)
    with pytest.raises(TypeError):
        choice.check_value("b")


# ----------------------------------------------------------------------------- context


def test_evaluator_ratings_replace_stated_ones() -> None:
    context = ScoringContext(ratings={"culture_fit": 4.5, "other_item": 2})
    assert context.rating(RatingItem.CULTURE_FIT, 2.0) == (4.5, "evaluators")
    assert context.rating(RatingItem.SITE_VISIT, 3.0) == (3.0, "stated")
    assert context.rating(RatingItem.SITE_VISIT) == (None, "stated")


@pytest.mark.parametrize(
    "fields",
    [
        {"ratings": {"culture_fit": 6}},
        {"ratings": {"culture_fit": 0.5}},
        {"required_agents": {"fax": 1}},
    ],
)
def test_bad_context_is_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ScoringContext(**fields)


def test_as_of_defaults_to_today() -> None:
    assert ScoringContext().as_of == dt.date.today()


# ----------------------------------------------------------------------------- dispatch

PROPOSAL = VendorProposal.model_validate(
    {
        "name": "Acme",
        "coverage": {"channels": ["phone"], "hours": {"always": True}, "seats": 20},
        "pricing": {
            "sheet": {"currency": "KRW", "billing_increment": "1/1", "voice_rate_per_minute": 500}
        },
    }
)


def test_score_all_scores_the_eight_checks_in_order() -> None:
    results = score_all(NEEDS, PROPOSAL, default_pack(), CONTEXT)
    assert list(results) == list(CHECKS)
    assert results["coverage"].answered
    assert not results["security"].answered
    assert results["pricing"].informational
    assert not any(r.informational for k, r in results.items() if k != "pricing")


def test_score_check_refuses_unknown_checks_and_mixed_up_needs() -> None:
    with pytest.raises(KeyError, match="the checks are: coverage"):
        score_check("cost", NEEDS, None, default_pack())
    other = make_needs(buyer="Someone else")
    with pytest.raises(ValueError, match=r"context\.needs differs"):
        score_check("coverage", NEEDS, None, default_pack(), ScoringContext(needs=other))
    same = score_check("coverage", NEEDS, None, default_pack(), ScoringContext(needs=NEEDS))
    assert same.score == 0
