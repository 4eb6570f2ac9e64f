"""Segments of the traffic and who may serve them."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from tests.award.instances import coverage, needs_agents, small_needs, small_vendors, staff
from tests.builders import channel, vendor
from vendoreval.award.allocation import SplitBy, Traffic, parse_split_by, segments
from vendoreval.award.eligibility import Seats, eligibility
from vendoreval.errors import ArgumentError
from vendoreval.needs.hours import Hours, WeeklyWindow
from vendoreval.proposal import LanguageStaff, StaffingAnswer
from vendoreval.vocabulary import CEFR


def test_segments_by_channel_language_and_both() -> None:
    # phone 3,000, chat 1,500, e-mail 800; Korean 80%, English 20%.
    needs = small_needs()
    by_channel = {s.label: s.volume for s in segments(needs, "channel")}
    assert by_channel == {"phone": 3_000, "chat": 1_500, "email": 800}
    by_language = {s.label: s.volume for s in segments(needs, SplitBy.LANGUAGE)}
    assert by_language == pytest.approx({"ko": 4_240, "en": 1_060})
    cells = {s.label: s.volume for s in segments(needs, "both")}
    assert cells == pytest.approx(
        {
            "phone/ko": 2_400,
            "phone/en": 600,
            "chat/ko": 1_200,
            "chat/en": 300,
            "email/ko": 640,
            "email/en": 160,
        }
    )
    assert Traffic.of(needs).total == pytest.approx(5_300)


def test_segments_without_volume_are_left_out() -> None:
    needs = small_needs()
    quiet = needs.model_copy(
        update={
            "channels": (
                *needs.channels,
                channel("social", 0, 200, share=0.9, within_hours=1),
            )
        }
    )
    assert [s.label for s in segments(quiet, "channel")] == ["phone", "chat", "email"]


def test_split_by_must_be_known() -> None:
    with pytest.raises(ArgumentError, match="split_by must be one of"):
        parse_split_by("site")


def test_who_may_serve_what() -> None:
    needs = small_needs()
    proposals = small_vendors()
    office = Hours(windows=(WeeklyWindow(days=("mon",), start="09:00", end="18:00"),))
    weak = StaffingAnswer(
        languages=(
            LanguageStaff(language="ko", agents=20, cefr=CEFR.C2),
            LanguageStaff(language="en", agents=5, cefr=CEFR.B1),
        )
    )
    extra = [
        vendor(
            "NoCoverage",
            billing_increment="60/60",
            voice_rate_per_minute=Decimal(1),
            per_contact={"chat": Decimal(1), "email": Decimal(1)},
        ),
        proposals[0].model_copy(update={"name": "Office", "coverage": coverage(hours=office)}),
        proposals[0].model_copy(update={"name": "Weak", "staffing": weak}),
        vendor("VoiceOnly", billing_increment="60/60", voice_rate_per_minute=Decimal(1)),
    ]
    vendors = [*proposals, *extra]
    parts = segments(needs, "both")
    result = eligibility(
        needs,
        vendors,
        parts,
        Traffic.of(needs),
        passed={p.name: p.name != "Charlie" for p in vendors},
    )
    labels = [s.label for s in parts]

    def allowed(name: str) -> list[str]:
        j = result.vendors.index(name)
        return [label for i, label in enumerate(labels) if result.allowed[i, j]]

    assert allowed("Alpha") == labels
    assert allowed("Charlie") == []
    assert result.excluded == {"Charlie": "failed a knock-out"}
    assert allowed("Delta") == ["phone/ko", "phone/en", "chat/ko", "chat/en"]
    assert result.blocked[("email/ko", "Delta")] == (
        "does not offer email; its price sheet does not price email contacts"
    )
    assert allowed("Echo") == ["phone/ko", "chat/ko", "email/ko"]
    assert result.blocked[("phone/en", "Echo")] == "has no en agents"
    assert allowed("NoCoverage") == labels
    assert allowed("Office") == []
    # 9 hours on Mondays of the 168 a week: 5%.
    assert "covers 5% of the required phone hours" in result.blocked[("phone/ko", "Office")]
    assert allowed("Weak") == ["phone/ko", "chat/ko", "email/ko"]
    assert "B1, below the C1 needed" in result.blocked[("chat/en", "Weak")]
    assert allowed("VoiceOnly") == ["phone/ko", "phone/en"]
    assert "does not price chat" in result.blocked[("chat/ko", "VoiceOnly")]
    assert result.seats[result.vendors.index("NoCoverage")] == np.inf
    assert result.seats[result.vendors.index("Alpha")] == 500


def test_min_score_rules_out_low_scores() -> None:
    needs, proposals = small_needs(), small_vendors()
    parts = segments(needs, "channel")
    scores = {p.name: 60.0 + i for i, p in enumerate(proposals)}
    result = eligibility(needs, proposals, parts, Traffic.of(needs), scores=scores, min_score=62.5)
    assert result.excluded == {
        "Alpha": "scores 60.0, below min_score 62.5",
        "Bravo": "scores 61.0, below min_score 62.5",
        "Charlie": "scores 62.0, below min_score 62.5",
    }


@pytest.mark.parametrize(
    "volumes",
    [
        {"phone": 3_000, "chat": 1_500, "email": 800},
        {"phone": 600, "chat": 0, "email": 160},
        {"phone": 0, "chat": 1_200, "email": 0},
    ],
)
def test_agents_are_those_the_coverage_check_counts(volumes: dict[str, int]) -> None:
    # The cells carry the volumes split 80/20 by language; agents depend on channels only.
    needs = small_needs()
    traffic = Traffic.of(needs)
    cells = np.array(
        [
            volumes[c.value] * (0.8 if lang == "ko" else 0.2)
            for c, lang in zip(traffic.channels, traffic.languages, strict=True)
        ]
    )
    assert Seats(needs, traffic).agents(cells) == needs_agents(needs, volumes)


def test_staff_helper_builds_c2_agents() -> None:
    answer = staff(ko=3)
    assert answer.languages[0].cefr is CEFR.C2
