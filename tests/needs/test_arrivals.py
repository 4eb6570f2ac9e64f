"""Arrival patterns: named profiles and explicit hourly shares of the week."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests import strategies
from vendoreval.needs.arrivals import HOURS_PER_WEEK, ArrivalPattern, ArrivalProfile, profile_shares


@pytest.mark.parametrize("profile", list(ArrivalProfile))
def test_profiles_have_168_shares_summing_to_one(profile: ArrivalProfile) -> None:
    shares = profile_shares(profile)
    assert shares.shape == (168,)
    assert shares.dtype == np.float64
    assert (shares > 0).all()
    assert math.fsum(shares) == pytest.approx(1.0, abs=1e-12)
    assert np.array_equal(ArrivalPattern(profile=profile).shares(), shares)


def test_flat_profile_is_uniform() -> None:
    assert np.allclose(profile_shares(ArrivalProfile.FLAT), 1 / 168)


def test_business_hours_concentrate_on_weekday_office_hours() -> None:
    week = profile_shares(ArrivalProfile.BUSINESS_HOURS).reshape(7, 24)
    office = week[:5, 9:18].sum()
    assert 0.75 < office < 0.9
    assert week[5:].sum() < 0.1
    assert week.sum(axis=0).argmax() in (10, 11)


def test_retail_evenings_shape() -> None:
    week = profile_shares(ArrivalProfile.RETAIL_EVENINGS).reshape(7, 24)
    assert week[5:].sum() == pytest.approx(0.30, abs=0.02)  # weekend share ≈ 30%
    by_hour = week.sum(axis=0)
    assert 20 <= by_hour.argmax() <= 22  # the evening peak is the largest
    assert by_hour[11] > by_hour[8]  # a late-morning peak
    assert by_hour[4] < by_hour[11] / 10  # quiet nights


def test_bare_profile_name() -> None:
    assert (
        ArrivalPattern.model_validate("retail-evenings").profile is ArrivalProfile.RETAIL_EVENINGS
    )
    with pytest.raises(ValidationError, match="profile"):
        ArrivalPattern.model_validate("evenings")


def test_hourly_shares_are_used_as_given() -> None:
    shares = tuple([0.0] * 167 + [1.0])
    pattern = ArrivalPattern(hourly_shares=shares)
    assert pattern.shares()[-1] == 1.0
    assert pattern.shares()[:-1].sum() == 0.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "exactly one"),
        ({"profile": "flat", "hourly_shares": [1 / 168] * 168}, "exactly one"),
        ({"hourly_shares": [1 / 167] * 167}, "168 values"),
        ({"hourly_shares": [1 / 168] * 167 + [-1 / 168]}, r"hourly_shares\[167\]"),
        ({"hourly_shares": [1 / 168] * 167 + [math.nan]}, r"hourly_shares\[167\]"),
        ({"hourly_shares": [1.0] * 168}, "must sum to 1"),
        ({"hourly_shares": ["0.1"] * 168}, "valid number"),
    ],
)
def test_bad_patterns(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ArrivalPattern.model_validate(data)


@given(strategies.arrival_patterns)
def test_shares_sum_to_one(pattern: ArrivalPattern) -> None:
    shares = pattern.shares()
    assert shares.shape == (HOURS_PER_WEEK,)
    assert (shares >= 0).all()
    assert math.fsum(shares) == pytest.approx(1.0, abs=1e-9)


@given(strategies.arrival_patterns)
def test_half_hour_shares_split_each_hour_evenly(pattern: ArrivalPattern) -> None:
    halves = pattern.half_hour_shares()
    assert halves.shape == (336,)
    assert np.allclose(halves[0::2], halves[1::2])
    assert np.allclose(halves[0::2] + halves[1::2], pattern.shares())


@given(st.lists(st.integers(0, 1000), min_size=168, max_size=168).filter(any))
def test_explicit_shares_round_trip(weights: list[int]) -> None:
    total = sum(weights)
    shares = tuple(w / total for w in weights)
    pattern = ArrivalPattern(hourly_shares=shares)
    assert np.allclose(pattern.shares(), shares, rtol=0, atol=1e-15)
