"""Check 6 — location: countries, expansion markets, residency, languages, time zones."""

from __future__ import annotations

import datetime as dt
import importlib.resources

import pytest

from tests.checks import AS_OF, default_pack, make_needs
from vendoreval.checks import ScoringContext
from vendoreval.checks.location import REGIONS, region_of, score_location, utc_offset_hours
from vendoreval.criteria import CheckSpec
from vendoreval.needs import LanguageNeed, LocationNeeds
from vendoreval.proposal.location import LocationAnswer, Site

NEEDS = make_needs(
    languages=(LanguageNeed(language="ko", share=0.8), LanguageNeed(language="en", share=0.2)),
    locations=LocationNeeds(
        preferred_countries=("KR",),
        excluded_countries=("CN",),
        expansion_markets=("MX", "BR"),
        data_residency=("KR",),
        max_timezone_offset_hours=3,
    ),
)
CONTEXT = ScoringContext(as_of=AS_OF)
SEOUL = Site(
    country="KR",
    city="Seoul",
    timezone="Asia/Seoul",
    seats=300,
    languages=("ko", "en"),
    redundant_power=True,
    redundant_network=True,
)
BOGOTA = Site(
    country="CO",
    city="Bogotá",
    timezone="America/Bogota",
    seats=100,
    languages=("es", "en"),
    redundant_power=True,
)
ANSWER = LocationAnswer(sites=(SEOUL, BOGOTA), data_stored_in=("KR",))


def spec() -> CheckSpec:
    return default_pack().check("location")


def test_score_by_hand() -> None:
    result = score_location(NEEDS, ANSWER, spec(), CONTEXT)
    points = {
        "preferred_countries": 75.0,  # 300 of 400 seats in KR
        "expansion_country": 0.0,  # no site in MX or BR
        "expansion_region": 100.0,  # Colombia is in Latin America, as MX and BR are
        "residency": 100.0,
        "languages": 100.0,  # ko and en from Seoul
        "time_zone": 75.0,  # Bogotá (UTC−5) is 14 h, i.e. 10 h the short way, from Seoul
        "redundancy": 75.0,  # Bogotá lacks a second carrier
        "multiple_sites": 100.0,
    }  # no site visit rated: its 5 are left out, 95 remain
    weights = {
        "preferred_countries": 20,
        "expansion_country": 10,
        "expansion_region": 5,
        "residency": 15,
        "languages": 15,
        "time_zone": 10,
        "redundancy": 15,
        "multiple_sites": 5,
    }
    assert result.subscores == pytest.approx(points)
    assert result.score == pytest.approx(sum(weights[k] * points[k] for k in points) / 95)
    assert result.passed
    zone = next(r for r in result.reasons if r.criterion == "time_zone")
    assert "Bogotá 10 h" in zone.text


def test_excluded_country_and_residency_knock_out() -> None:
    shanghai = SEOUL.model_copy(update={"country": "CN", "city": "Shanghai"})
    answer = LocationAnswer(sites=(SEOUL, shanghai), data_stored_in=("KR", "US"))
    result = score_location(NEEDS, answer, spec(), CONTEXT)
    assert {ko.rule for ko in result.knockouts} == {"excluded_country", "data_residency"}
    residency = next(ko for ko in result.knockouts if ko.rule == "data_residency")
    assert "United States (US)" in residency.evidence
    assert result.subscores["residency"] == 0


def test_unstated_data_location_fails_residency() -> None:
    result = score_location(NEEDS, LocationAnswer(sites=(SEOUL,)), spec(), CONTEXT)
    assert [ko.rule for ko in result.knockouts] == ["data_residency"]


def test_expansion_market_in_the_country_earns_both_parts() -> None:
    mexico = BOGOTA.model_copy(update={"country": "MX", "city": "Monterrey"})
    answer = LocationAnswer(sites=(SEOUL, mexico), data_stored_in=("KR",))
    result = score_location(NEEDS, answer, spec(), CONTEXT)
    assert result.subscores["expansion_country"] == 50  # MX yes, BR no
    assert result.subscores["expansion_region"] == 100


def test_unstated_requirements_are_not_scored_and_nothing_knocks_out() -> None:
    result = score_location(make_needs(), None, spec(), CONTEXT)
    assert result.score == 0  # languages, redundancy and sites always apply
    assert result.knockouts == ()  # no exclusion, no residency rule to fail


def test_offsets_follow_daylight_saving() -> None:
    assert utc_offset_hours("America/New_York", dt.date(2026, 7, 1)) == -4
    assert utc_offset_hours("America/New_York", AS_OF) == -5
    assert utc_offset_hours("Asia/Kolkata", AS_OF) == 5.5


def test_every_country_has_a_region() -> None:
    table = importlib.resources.files("tzdata").joinpath("zoneinfo/iso3166.tab")
    codes = {
        line.split("\t")[0]
        for line in table.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    }
    assert codes - set(REGIONS) == {"AQ"}
    assert set(REGIONS) <= codes
    assert region_of("MX") == region_of("CO") == "Latin America and the Caribbean"
    assert region_of("KR") == "Eastern Asia"
    assert region_of("AQ") is None
