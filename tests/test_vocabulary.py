"""Shared vocabulary: enumerations and constrained scalars."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from vendoreval.vocabulary import (
    CEFR,
    Channel,
    CountryCode,
    LanguageTag,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    Segregation,
    Share,
    TimeZoneName,
    Weekday,
    cefr_rank,
    country_name,
    segregation_rank,
)


def test_cefr_levels_are_ordered() -> None:
    ranks = [cefr_rank(level) for level in (CEFR.A1, CEFR.A2, CEFR.B1, CEFR.B2, CEFR.C1, CEFR.C2)]
    assert ranks == [0, 1, 2, 3, 4, 5]
    assert cefr_rank(CEFR.B2) < cefr_rank(CEFR.C1)


def test_segregation_is_ordered_weakest_first() -> None:
    assert segregation_rank(Segregation.SHARED) < segregation_rank(Segregation.LOGICAL)
    assert segregation_rank(Segregation.LOGICAL) < segregation_rank(Segregation.DEDICATED)


def test_realtime_channels() -> None:
    assert {c for c in Channel if c.is_realtime} == {Channel.PHONE, Channel.CHAT, Channel.MESSAGING}


def test_weekday_numbers_match_datetime() -> None:
    import datetime as dt

    monday = dt.date(2027, 1, 4)
    for offset, day in enumerate(Weekday):
        assert day.number == offset == (monday + dt.timedelta(days=offset)).weekday()


def test_enums_are_plain_strings() -> None:
    assert isinstance(Channel.PHONE, str)
    assert str(Channel.PHONE) == "phone"
    assert Channel("phone") is Channel.PHONE
    assert json.dumps([Channel.CHAT, CEFR.C1]) == '["chat", "C1"]'


@pytest.mark.parametrize("code", ["KR", "MX", "CO", "CL", "PE", "NO", "US"])
def test_countries(code: str) -> None:
    assert TypeAdapter(CountryCode).validate_python(code) == code


def test_country_names_come_from_iso_3166() -> None:
    assert country_name("KR") == "Korea (South)"
    assert country_name("MX") == "Mexico"


@pytest.mark.parametrize(
    ("code", "hint"), [("kr", "did you mean 'KR'"), ("KOR", "alpha-2"), ("XX", "alpha-2")]
)
def test_bad_countries(code: str, hint: str) -> None:
    with pytest.raises(ValidationError, match=hint):
        TypeAdapter(CountryCode).validate_python(code)


@pytest.mark.parametrize("tag", ["ko", "en", "ja", "es-419", "pt-BR", "zh-Hant", "zh-Hant-TW"])
def test_language_tags(tag: str) -> None:
    assert TypeAdapter(LanguageTag).validate_python(tag) == tag


@pytest.mark.parametrize("tag", ["KO", "Korean", "es_419", "en-us", "zh-hant", "e", ""])
def test_bad_language_tags(tag: str) -> None:
    with pytest.raises(ValidationError, match="BCP 47"):
        TypeAdapter(LanguageTag).validate_python(tag)


@pytest.mark.parametrize("zone", ["Asia/Seoul", "America/Mexico_City", "America/Bogota", "UTC"])
def test_time_zones(zone: str) -> None:
    assert TypeAdapter(TimeZoneName).validate_python(zone) == zone


@pytest.mark.parametrize("zone", ["Asia/Seul", "KST", "GMT+9", "asia/seoul"])
def test_bad_time_zones(zone: str) -> None:
    with pytest.raises(ValidationError, match="IANA"):
        TypeAdapter(TimeZoneName).validate_python(zone)


@pytest.mark.parametrize("value", [0, 1, 0.0, 0.5, 1.0])
def test_share_accepts_fractions(value: float) -> None:
    assert TypeAdapter(Share).validate_python(value) == value


@pytest.mark.parametrize("value", [-0.01, 1.01, 80, math.nan, math.inf, "0.5", "50%", True, None])
def test_share_rejects(value: Any) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Share).validate_python(value)


def test_share_message_says_what_was_expected() -> None:
    with pytest.raises(ValidationError, match=r"between 0 and 1 \(e\.g\. 0\.8 for 80%\), got 80"):
        TypeAdapter(Share).validate_python(80)


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (NonNegativeFloat, [0, 0.0, 3.5, 10**6], [-1, math.inf, math.nan, "1", False]),
        (PositiveFloat, [1e-9, 2, 60.0], [0, -1, math.inf, "60"]),
        (NonNegativeInt, [0, 5], [-1, 1.0, "5", True]),
    ],
)
def test_numeric_types(kind: Any, good: list[Any], bad: list[Any]) -> None:
    adapter = TypeAdapter(kind)
    for value in good:
        assert adapter.validate_python(value) == value
    for value in bad:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)
