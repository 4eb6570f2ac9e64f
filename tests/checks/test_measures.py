"""The forms of measure the scorers declare: registrars, flags, parts, held shares, verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.checks import AS_OF, make_needs
from vendoreval.checks import _engine
from vendoreval.checks._engine import (
    MeasureKind,
    Measurement,
    RatingItem,
    ScoringContext,
    evaluate_check,
)
from vendoreval.checks._measures import Flag, Measures, evaluators_rating, held_share, verdict
from vendoreval.criteria import CheckSpec
from vendoreval.needs import Needs


@dataclass(frozen=True)
class Part:
    """An optional part of an answer."""

    count: int
    in_scope: bool = True


@dataclass(frozen=True)
class Answer:
    """An answer with one yes/no field and one optional part."""

    ready: bool
    part: Part | None


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], Any]:
    """An empty measure registry for the test, so registrations do not leak."""
    empty: dict[tuple[str, str], Any] = {}
    monkeypatch.setattr(_engine, "_MEASURES", empty)
    return empty


def _spec(*measures: str, knockout: str | None = None) -> CheckSpec:
    criteria = {
        name: {"weight": 1, "label": name, "measure": name, "rule": {"type": "boolean"}}
        for name in measures
    }
    knockouts = [{"id": "ko", "measure": knockout, "equals": False, "message": "needed"}]
    return CheckSpec.model_validate(
        {
            "weight": 1,
            "label": "Demo",
            "criteria": criteria,
            "knockouts": knockouts if knockout else [],
        }
    )


# ----------------------------------------------------------------------------- held_share


def test_held_share_names_those_held_and_those_missing() -> None:
    got = held_share([("iso27001", True), ("pci_dss", False)], "holds {held} of those required")
    assert got == Measurement(0.5, "holds iso27001 of those required; missing pci_dss")


def test_held_share_fills_count_total_and_the_word_for_none() -> None:
    items = [("a", False), ("b", False), ("c", False), ("d", False)]
    got = held_share(items, "{count} of {total}: {held}", "lacks", none="nothing", separator="; ")
    # 0 of 4 held: 0 / 4 = 0.0
    assert got == Measurement(0.0, "0 of 4: nothing; lacks a; b; c; d")


def test_held_share_with_everything_held_adds_no_missing_part() -> None:
    got = held_share(iter([("x", True), ("y", True), ("z", True)]), "has {held}")
    assert got == Measurement(1.0, "has x, y, z")


def test_verdict_picks_the_reason_of_its_value() -> None:
    assert verdict(True, "yes", "no") == Measurement(True, "yes")
    assert verdict(False, "yes", "no") == Measurement(False, "no")


# ----------------------------------------------------------------------------- registrars


def test_a_registrar_registers_each_kind_under_its_check(registry: dict[Any, Any]) -> None:
    demo = Measures[Answer]("demo")

    def skip(needs: Needs) -> str | None:
        return "never"

    def fn(needs: Needs, answer: Answer, context: ScoringContext) -> Measurement:
        return Measurement(1.0, "one")

    demo.share("s", "a share [0–1]", skip=skip)(fn)
    demo.number("n", "a number [-]")(fn)
    demo.boolean("b", "true or false")(fn)
    demo.choice("c", "one of two", ("x", "y"))(fn)
    kinds = {name: (spec.kind, spec.description, spec.choices) for name, spec in registry.items()}
    assert kinds == {
        ("demo", "s"): (MeasureKind.SHARE, "a share [0–1]", ()),
        ("demo", "n"): (MeasureKind.NUMBER, "a number [-]", ()),
        ("demo", "b"): (MeasureKind.BOOLEAN, "true or false", ()),
        ("demo", "c"): (MeasureKind.CHOICE, "one of two", ("x", "y")),
    }
    assert registry["demo", "s"].skip is skip
    assert registry["demo", "n"].skip(make_needs()) is None


def test_flags_give_each_value_its_reason_and_take_the_table_skip(
    registry: dict[Any, Any],
) -> None:
    def no_demo(needs: Needs) -> str | None:
        return "not wanted"

    def own(needs: Needs) -> str | None:
        return None

    Measures[Answer]("demo").flags(
        Flag("ready", "is ready", lambda answer: answer.ready, "ready", "not ready"),
        Flag("ready_too", "is ready", lambda answer: answer.ready, "yes", "no", skip=own),
        skip=no_demo,
    )
    needs, context = make_needs(), ScoringContext(as_of=AS_OF)
    ready, ready_too = registry["demo", "ready"], registry["demo", "ready_too"]
    assert ready.kind is MeasureKind.BOOLEAN
    assert (ready.skip, ready_too.skip) == (no_demo, own)
    assert ready.compute(needs, Answer(True, None), context) == Measurement(True, "ready")
    assert ready.compute(needs, Answer(False, None), context) == Measurement(False, "not ready")


def test_a_part_left_out_is_not_answered_without_calling_the_measure(
    registry: dict[Any, Any],
) -> None:
    calls: list[Part] = []
    part = Measures[Answer]("demo").part(
        lambda answer: answer.part,
        "the part",
        unless=lambda part: None if part.in_scope else "part out of scope",
    )

    @part.number("count", "items in the part [count]")
    def _count(needs: Needs, part: Part, context: ScoringContext) -> Measurement:
        calls.append(part)
        return Measurement(float(part.count), f"{part.count} items")

    compute = registry["demo", "count"].compute
    needs, context = make_needs(), ScoringContext(as_of=AS_OF)
    assert compute(needs, Answer(True, None), context) == Measurement.not_answered("the part")
    assert compute(needs, Answer(True, Part(3, in_scope=False)), context) == Measurement(
        None, "part out of scope"
    )
    assert calls == []
    assert compute(needs, Answer(True, Part(3)), context) == Measurement(3.0, "3 items")
    assert calls == [Part(3)]
    # the decorated function is returned unchanged, for direct use and tests
    assert _count(needs, Part(2), context) == Measurement(2.0, "2 items")


def test_a_part_left_out_scores_0_and_fails_its_knockout(registry: dict[Any, Any]) -> None:
    demo = Measures[Answer]("demo")
    demo.flags(Flag("ready", "is ready", lambda answer: answer.ready, "ready", "not ready"))

    @demo.part(lambda answer: answer.part, "the part").boolean("has_items", "items in the part")
    def _has(needs: Needs, part: Part, context: ScoringContext) -> Measurement:
        return verdict(part.count > 0, "has items", "no items")

    spec = _spec("ready", "has_items", knockout="has_items")
    context = ScoringContext(as_of=AS_OF)
    result = evaluate_check("demo", make_needs(), Answer(True, None), spec, context)
    # ready: 100 points, has_items: not answered, 0 points; equal weights: (100 + 0) / 2 = 50
    assert result.score == 50.0
    assert [reason.text for reason in result.reasons] == [
        "ready: ready — 100/100",
        "has_items: not answered: the proposal does not give the part — 0/100",
    ]
    assert [ko.evidence for ko in result.knockouts] == [
        "not answered: the proposal does not give the part"
    ]
    answered = evaluate_check("demo", make_needs(), Answer(False, Part(1)), spec, context)
    # ready: 0 points, has_items: 100 points: (0 + 100) / 2 = 50, and the knock-out passes
    assert (answered.score, answered.knockouts) == (50.0, ())


def test_evaluators_rating_is_their_median_or_not_scored() -> None:
    rated = ScoringContext(as_of=AS_OF, ratings={"site_visit": 4.5})
    got = evaluators_rating(rated, RatingItem.SITE_VISIT, "the site visit", "no site visit rated")
    assert got == Measurement(4.5, "evaluators rated the site visit 4.5/5")
    unrated = ScoringContext(as_of=AS_OF)
    got = evaluators_rating(unrated, RatingItem.SITE_VISIT, "the site visit", "nobody rated it")
    assert got == Measurement(None, "nobody rated it")


@pytest.mark.parametrize(
    ("part", "field", "tiny"),
    [("staffing", "min_industry_years", 1e-320), ("social", "first_response_minutes", 5e-324)],
)
def test_a_buyer_figure_near_zero_gives_a_bounded_ratio(part: str, field: str, tiny: float) -> None:
    """A subnormal target made ``answer / target`` infinite and the evaluation fail."""
    import vendoreval as ve

    needs, proposals = ve.load_sample()
    section = getattr(needs, part).model_copy(update={field: tiny})
    ev = ve.evaluate(needs.model_copy(update={part: section}), proposals, runs=50, seed=0)
    name = "industry_experience" if part == "staffing" else "first_response"
    reasons = [
        reason
        for p in proposals
        for reason in ev.checks[p.name][part].reasons
        if reason.criterion == name
    ]
    assert reasons
    assert all("inf" not in reason.text for reason in reasons)
    assert all(0 <= ev.checks[p.name][part].score <= 100 for p in proposals)
