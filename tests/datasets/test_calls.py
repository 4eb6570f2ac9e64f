"""Synthetic call records: reproducible, shaped like the buyer's traffic, ready to invoice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from vendoreval.datasets.calls import sample_calls
from vendoreval.needs import Needs
from vendoreval.needs.arrivals import ArrivalProfile, profile_shares
from vendoreval.pricing import PriceSheet, invoice, validate_calls
from vendoreval.simulation import queue_wait

NEEDS = Needs.model_validate(
    {
        "buyer": "Hanbit Mall",
        "industry": "e-commerce",
        "timezone": "Asia/Seoul",
        "hours": {"always": True},
        "holidays": [dt.date(2027, 1, 1)],
        "channels": [
            {
                "channel": "phone",
                "volume_per_month": 40_000,
                "talk_seconds": 240,
                "hold_seconds": 30,
                "acw_seconds": 45,
                "handle_time_cv": 0.8,
                "patience_seconds": 180,
                "service_level": {"share": 0.8, "answer_within_seconds": 20},
                "arrival": "business-hours",
            },
            {
                "channel": "chat",
                "volume_per_month": 12_000,
                "talk_seconds": 420,
                "acw_seconds": 30,
                "patience_seconds": 120,
                "arrival": "retail-evenings",
            },
            {"channel": "email", "volume_per_month": 8_000, "talk_seconds": 300},
        ],
        "languages": [
            {"language": "ko", "share": 0.8},
            {"language": "en", "share": 0.15},
            {"language": "ja", "share": 0.05},
        ],
        "contract": {"currency": "KRW", "start_month": "2027-01"},
    }
)


@pytest.fixture(scope="module")
def calls() -> pd.DataFrame:
    return sample_calls(NEEDS, month="2027-01", seed=0)


def test_same_seed_same_frame(calls: pd.DataFrame) -> None:
    assert calls.equals(sample_calls(NEEDS, month="2027-01", seed=0))
    assert not calls.equals(sample_calls(NEEDS, month="2027-01", seed=1))


def test_columns_types_and_order(calls: pd.DataFrame) -> None:
    assert list(calls.columns) == [
        "channel",
        "started_at",
        "talk_seconds",
        "hold_seconds",
        "acw_seconds",
        "wait_seconds",
        "language",
        "resolved",
    ]
    for name in ("talk_seconds", "hold_seconds", "acw_seconds", "wait_seconds"):
        assert calls[name].dtype == np.int64
        assert (calls[name] >= 0).all()
    assert str(calls["started_at"].dt.tz) == "Asia/Seoul"
    assert calls["started_at"].is_monotonic_increasing
    assert calls["started_at"].min() >= pd.Timestamp("2027-01-01", tz="Asia/Seoul")
    assert calls["started_at"].max() < pd.Timestamp("2027-02-01", tz="Asia/Seoul")
    assert calls["resolved"].dtype == bool
    assert validate_calls(calls) == len(calls)


def test_volumes_are_poisson_around_the_forecast(calls: pd.DataFrame) -> None:
    counts = calls["channel"].value_counts()
    for item in NEEDS.channels:
        mean = item.volume_per_month
        # Poisson: five standard deviations either side.
        assert abs(counts[item.channel.value] - mean) < 5 * np.sqrt(mean)
    assert counts.get("social", 0) == 0


def test_handle_times_follow_the_channel_means(calls: pd.DataFrame) -> None:
    email = calls[calls["channel"] == "email"]
    assert email["talk_seconds"].mean() == pytest.approx(300, rel=0.05)
    assert (email["wait_seconds"] == 0).all()
    phone = calls[calls["channel"] == "phone"]
    answered = phone[phone["talk_seconds"] > 0]
    assert answered["talk_seconds"].mean() == pytest.approx(240, rel=0.05)
    assert answered["acw_seconds"].mean() == pytest.approx(45, rel=0.05)
    assert (answered["hold_seconds"] > 0).mean() == pytest.approx(0.35, abs=0.02)
    assert answered["hold_seconds"].mean() == pytest.approx(30, rel=0.08)
    # Lognormal with cv 0.8: the sample cv of talk is near 0.8.
    cv = answered["talk_seconds"].std() / answered["talk_seconds"].mean()
    assert cv == pytest.approx(0.8, rel=0.1)


def test_queue_wait_and_abandonment(calls: pd.DataFrame) -> None:
    phone = calls[calls["channel"] == "phone"]
    abandoned = phone[phone["talk_seconds"] == 0]
    assert (abandoned[["hold_seconds", "acw_seconds"]] == 0).all().all()
    assert not abandoned["resolved"].any()
    # Waits follow the cost simulation's queue model (Erlang C staffing at 80/20, Erlang A
    # with 180 s patience): the same P(wait), E[W | W > 0] and P(abandon), within sampling
    # error (≈ 40,000 calls; whole-second rounding adds < 1 s to the mean).
    profile = queue_wait(NEEDS.channel("phone"))
    expected_mean = profile.prob_wait * profile.mean_wait_if_waiting_seconds
    assert phone["wait_seconds"].mean() == pytest.approx(expected_mean, abs=1.0)
    assert (phone["wait_seconds"] > 0).mean() == pytest.approx(profile.prob_wait, abs=0.01)
    assert len(abandoned) / len(phone) == pytest.approx(profile.prob_abandon, abs=0.005)
    # the buyer's target is met in the synthetic month: 80% answered within 20 s
    answered_phone = phone[phone["talk_seconds"] > 0]
    assert (answered_phone["wait_seconds"] <= 20).mean() >= 0.8
    answered = calls[(calls["channel"] != "email") & (calls["talk_seconds"] > 0)]
    assert answered["resolved"].mean() == pytest.approx(0.75, abs=0.02)


def test_start_times_follow_the_arrival_pattern(calls: pd.DataFrame) -> None:
    phone = calls[calls["channel"] == "phone"]
    local = phone["started_at"].dt
    hour_of_week = local.day_of_week * 24 + local.hour
    observed = np.bincount(hour_of_week, minlength=168) / len(phone)
    # The month has 4–5 of each weekday and a holiday: compare weekday mass with the shape.
    expected = profile_shares(ArrivalProfile.BUSINESS_HOURS)
    weekend = observed[5 * 24 :].sum()
    assert weekend == pytest.approx(expected[5 * 24 :].sum(), abs=0.03)
    assert np.corrcoef(observed, expected)[0, 1] > 0.95
    # 2027-01-01 (a Friday holiday) takes Sunday's low volume.
    new_year = (local.date == dt.date(2027, 1, 1)).sum()
    friday = (local.date == dt.date(2027, 1, 8)).sum()
    assert new_year < 0.3 * friday


def test_languages_follow_the_shares(calls: pd.DataFrame) -> None:
    shares = calls["language"].value_counts(normalize=True)
    assert shares["ko"] == pytest.approx(0.8, abs=0.01)
    assert shares["ja"] == pytest.approx(0.05, abs=0.01)


def test_the_sample_month_can_be_invoiced(calls: pd.DataFrame) -> None:
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="30/6",
        voice_rate_per_minute=Decimal(450),
        per_contact={"chat": Decimal(1800), "email": Decimal(2500)},
    )
    result = invoice(sheet, calls, month="2027-01")
    assert result.contacts["phone"] == (calls["channel"] == "phone").sum()
    assert result.total > 0


def test_bad_month() -> None:
    with pytest.raises(ValueError, match="month"):
        sample_calls(NEEDS, month="January")
