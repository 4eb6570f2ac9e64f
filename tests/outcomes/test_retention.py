"""Retention: Kaplan–Meier against lifelines and statsmodels, cost per retained customer."""

from __future__ import annotations

import math
import warnings
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.duration.survfunc import SurvfuncRight  # type: ignore[import-untyped, unused-ignore]

from tests.arrow_inputs import arrow_dtype_frame
from vendoreval.errors import OutcomeRecordError
from vendoreval.outcomes import cost_per_retained_customer, retention_curve, retention_table

# lifelines pins pandas < 3 in its metadata but its Kaplan–Meier fitter runs on pandas 3;
# statsmodels' SurvfuncRight is the second, always-present reference.
lifelines = pytest.importorskip("lifelines")

ACQUIRED = pd.Timestamp("2024-01-01 10:00")


def customers_from(
    vendor: list[str], days: list[int], cancelled: list[bool], *, hours: int = 5
) -> pd.DataFrame:
    """Customers whose duration is ``days`` whole days (plus a few hours, floored away)."""
    end = [ACQUIRED + pd.Timedelta(days=d, hours=hours) for d in days]
    return pd.DataFrame(
        {
            "vendor": vendor,
            "acquired_at": [ACQUIRED] * len(days),
            "cancelled_at": [e if c else pd.NaT for e, c in zip(end, cancelled, strict=True)],
            "observed_until": [pd.NaT if c else e for e, c in zip(end, cancelled, strict=True)],
        }
    )


# Two vendors with ties between cancellations, between censorings, and between a
# cancellation and a censoring on the same day (day 90 of A, day 30 of B).
FIXTURE_A = (
    [10, 30, 30, 30, 90, 90, 90, 120, 200, 365, 400, 400],
    [True, True, True, False, True, False, False, True, False, True, False, True],
)
FIXTURE_B = (
    [0, 5, 30, 30, 60, 180, 180, 181, 500, 500],
    [True, False, True, False, False, True, True, False, True, False],
)


def fixture() -> pd.DataFrame:
    days = FIXTURE_A[0] + FIXTURE_B[0]
    events = FIXTURE_A[1] + FIXTURE_B[1]
    vendors = ["A"] * len(FIXTURE_A[0]) + ["B"] * len(FIXTURE_B[0])
    return customers_from(vendors, days, events)


def lifelines_at(days: list[int], events: list[bool], at: list[int]) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter = lifelines.KaplanMeierFitter().fit(days, events)
        return np.asarray(fitter.survival_function_at_times(at), dtype=float)


AT = [0, 5, 10, 29, 30, 31, 90, 120, 180, 181, 200, 364, 365, 400]


def test_matches_lifelines_and_statsmodels_with_ties_and_censoring() -> None:
    curve = retention_curve(fixture(), at_days=AT)
    assert curve.index.name == "vendor"
    assert curve.columns.name == "day"
    assert list(curve.columns) == AT
    for vendor, (days, events) in {"A": FIXTURE_A, "B": FIXTURE_B}.items():
        got = curve.loc[vendor].to_numpy()
        expected = lifelines_at(days, events, AT)
        np.testing.assert_allclose(got, expected, atol=1e-12)
        surv = SurvfuncRight(np.asarray(days, float), np.asarray(events, float))
        at = np.asarray(AT)
        steps = np.searchsorted(surv.surv_times, at, side="right") - 1
        reference = np.where(steps >= 0, surv.surv_prob[np.maximum(steps, 0)], 1.0)
        np.testing.assert_allclose(got, reference, atol=1e-12)


def test_arrow_dtypes_give_the_same_curve() -> None:
    """Customers read with ``dtype_backend="pyarrow"``: Arrow timestamps with missing
    values, vendors as ``string_view`` text."""
    expected = retention_curve(fixture(), AT)
    for views in (False, True):
        frame = arrow_dtype_frame(fixture(), views=views)
        assert isinstance(frame["acquired_at"].dtype, pd.ArrowDtype)
        pd.testing.assert_frame_equal(retention_curve(frame, AT), expected)


def test_hand_worked_values() -> None:
    # Vendor A, 12 customers:
    #   day 10: 12 at risk, 1 cancels → 11/12 = 0.916667
    #   day 30: 11 at risk, 2 cancel (1 censored the same day stays at risk) → ·9/11 = 0.75
    #   day 90: 8 at risk, 1 cancels, 2 censored → ·7/8 = 0.65625
    #   day 120: 5 at risk, 1 cancels → ·4/5 = 0.525
    #   day 365: 3 at risk (200 censored), 1 cancels → ·2/3 = 0.35
    curve = retention_curve(fixture(), at_days=(90, 180, 365))
    assert curve.loc["A"].tolist() == pytest.approx([0.65625, 0.525, 0.35])


def test_retention_table_counts() -> None:
    table = retention_table(fixture())
    a = table[table["vendor"] == "A"].set_index("day")
    assert a.loc[30, ["at_risk", "cancelled", "censored"]].tolist() == [11, 2, 1]
    assert a.loc[90, ["at_risk", "cancelled", "censored"]].tolist() == [8, 1, 2]
    assert list(table.columns) == ["vendor", "day", "at_risk", "cancelled", "censored", "survival"]


def test_whole_days_are_floored() -> None:
    # Cancelled 89 days 23 hours after acquisition: duration 89 days, so S(89) = 0 and
    # S(88) = 1 for a single customer.
    frame = pd.DataFrame(
        {
            "vendor": ["A"],
            "acquired_at": ["2025-01-01T00:00:00"],
            "cancelled_at": ["2025-03-31T23:00:00"],  # 89 d 23 h later
            "observed_until": [None],
        }
    )
    assert retention_curve(frame, at_days=(88, 89, 90)).loc["A"].tolist() == [1.0, 0.0, 0.0]


def test_beyond_follow_up_is_nan_unless_all_cancelled() -> None:
    # A ends censored at day 200 → S undefined after it; B's last customer cancels → 0 after.
    frame = customers_from(["A", "A", "B", "B"], [50, 200, 50, 100], [True, False, False, True])
    curve = retention_curve(frame, at_days=(200, 201, 365))
    assert curve.loc["A", 200] == pytest.approx(0.5)
    assert math.isnan(curve.loc["A", 201])
    assert curve.loc["B"].tolist() == [0.0, 0.0, 0.0]


def test_timestamps_with_zones() -> None:
    # Acquired 2025-01-01 23:30 in Seoul = 14:30 UTC; cancelled 2025-01-02 10:00 UTC (naive):
    # 19.5 h later → 0 whole days (a calendar-day count in Seoul would say 1).
    frame = pd.DataFrame(
        {
            "vendor": ["A", "A"],
            "acquired_at": ["2025-01-01T23:30:00+09:00", "2025-01-01T00:00:00"],
            "cancelled_at": ["2025-01-02T10:00:00", ""],
            "observed_until": ["", "2025-06-01"],
        }
    )
    table = retention_table(frame)
    assert table["day"].tolist() == [0, 151]
    assert table["cancelled"].tolist() == [1, 0]


durations = st.lists(
    st.tuples(st.integers(0, 60), st.booleans(), st.sampled_from(["A", "B"])),
    min_size=1,
    max_size=40,
)


@settings(max_examples=30)
@given(rows=durations, at=st.lists(st.integers(0, 70), min_size=1, max_size=6, unique=True))
def test_matches_lifelines_on_random_data(rows: list[tuple[int, bool, str]], at: list[int]) -> None:
    frame = customers_from([r[2] for r in rows], [r[0] for r in rows], [r[1] for r in rows])
    curve = retention_curve(frame, at_days=at)
    for vendor in curve.index:
        days = [r[0] for r in rows if r[2] == vendor]
        events = [r[1] for r in rows if r[2] == vendor]
        got = curve.loc[vendor].to_numpy()
        expected = lifelines_at(days, events, at)
        # Past the longest follow-up, if it ends with survival above 0, lifelines carries
        # the last value forward; we report NaN (not estimable). Elsewhere they agree.
        last = lifelines_at(days, events, [max(days)])[0]
        undefined = (np.asarray(at) > max(days)) & (last > 0)
        assert np.isnan(got).tolist() == undefined.tolist()
        np.testing.assert_allclose(got[~undefined], expected[~undefined], atol=1e-12)


# --- cost per retained customer ---------------------------------------------------------


def test_cost_per_retained_customer_by_hand() -> None:
    # Vendor A: 12 customers, S(90) = 0.65625, S(365) = 0.35: 1,260,000 KRW ÷ (12 × 0.65625 =
    # 7.875) = 160,000 KRW; ÷ (12 × 0.35 = 4.2) = 300,000 KRW.
    # Vendor B: 10 customers. Day 0: 10 at risk, 1 cancels → 0.9; day 30: 8 at risk (one
    # censored on day 5), 1 cancels → 0.9·7/8 = 0.7875 = S(90); day 180: 5 at risk, 2 cancel
    # → 0.7875·3/5 = 0.4725 = S(180). 945,000 ÷ (10 × 0.7875) = 120,000;
    # 945,000 ÷ (10 × 0.4725) = 200,000.
    costs = {"A": Decimal("1260000"), "B": Decimal("945000")}
    got = cost_per_retained_customer(costs, fixture(), at_days=(90, 180, 365), currency="KRW")
    assert got.loc["A", 90] == Decimal("160000")
    assert got.loc["A", 365] == Decimal("300000")
    assert got.loc["B", 90] == Decimal("120000")
    assert got.loc["B", 180] == Decimal("200000")
    assert all(isinstance(v, Decimal) for v in got.to_numpy().ravel())
    floats = cost_per_retained_customer(costs, fixture(), at_days=(90, 180, 365))
    assert floats.loc["A", 90] == pytest.approx(160_000)
    assert floats.dtypes.eq(np.float64).all()


def test_cost_rounds_half_up_to_the_minor_unit() -> None:
    # 3 customers, none cancelled: 100.005 USD ÷ 3 = 33.335 → 33.34 (half-up), 10 ÷ 3 → 3.33.
    frame = customers_from(["A"] * 3 + ["B"] * 3, [400] * 6, [False] * 6)
    got = cost_per_retained_customer(
        {"A": Decimal("100.005"), "B": Decimal("10")}, frame, at_days=(90,), currency="USD"
    )
    assert got.loc["A", 90] == Decimal("33.34")
    assert got.loc["B", 90] == Decimal("3.33")


def test_cost_when_nobody_is_retained_or_survival_unknown() -> None:
    frame = customers_from(["A", "A", "B"], [10, 20, 30], [True, True, False])
    got = cost_per_retained_customer({"A": 500, "B": 80.0}, frame, at_days=(25, 60))
    assert got.loc["A", 25] == math.inf
    assert math.isnan(got.loc["B", 60])
    money = cost_per_retained_customer({"A": 500, "B": 80}, frame, at_days=(25, 60), currency="EUR")
    assert money.loc["A", 25] == Decimal("Infinity")
    assert money.loc["B", 60].is_nan()
    assert money.loc["B", 25] == Decimal("80.00")


@pytest.mark.parametrize(
    ("costs", "match"),
    [
        ({"C": Decimal(1)}, "vendor 'C' has no customers"),
        ({"A": Decimal(-1)}, "amount of money ≥ 0"),
        ({"A": "100"}, "amount of money ≥ 0"),
        ({"A": float("nan")}, "amount of money ≥ 0"),
        ({"A": True}, "amount of money ≥ 0"),
        ({}, "at least one vendor"),
    ],
)
def test_cost_errors(costs: dict[str, Any], match: str) -> None:
    with pytest.raises(OutcomeRecordError, match=match):
        cost_per_retained_customer(costs, fixture())


def test_bad_currency() -> None:
    with pytest.raises(OutcomeRecordError, match="currency"):
        cost_per_retained_customer({"A": 1}, fixture(), currency="krw")


# --- bad customer records -----------------------------------------------------------------


def text_fixture() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "vendor": ["A", "A", "B"],
            "acquired_at": ["2025-01-01", "2025-01-05", "2025-02-01"],
            "cancelled_at": [None, "2025-03-01", None],
            "observed_until": ["2025-06-30", None, "2025-06-30"],
        }
    )


@pytest.mark.parametrize(
    ("column", "row", "value", "expected"),
    [
        ("cancelled_at", 2, "2025-01-04", "cancellation on or after acquired_at"),
        ("observed_until", 1, "2024-12-31", "end of follow-up on or after acquired_at"),
        ("observed_until", 3, None, "end of follow-up of an active customer"),
        ("cancelled_at", 1, "2025-07-01", "on or before observed_until"),
        ("acquired_at", 3, None, "timestamp, the value is missing"),
        ("acquired_at", 2, "soon", "ISO 8601"),
        ("vendor", 3, "", "vendor name, the value is missing"),
    ],
)
def test_bad_customers_name_column_and_row(
    column: str, row: int, value: Any, expected: str
) -> None:
    frame = text_fixture()
    frame.at[row - 1, column] = value
    with pytest.raises(OutcomeRecordError) as caught:
        retention_curve(frame)
    assert f"customers: column {column!r}, row {row}:" in str(caught.value)
    assert expected in str(caught.value)


def test_cancelled_customer_may_omit_follow_up() -> None:
    curve = retention_curve(text_fixture(), at_days=(30, 90))
    # A: 2 customers, one cancels on day 55 (Jan 5 → Mar 1) → S(90) = 0.5.
    assert curve.loc["A"].tolist() == [1.0, 0.5]


@pytest.mark.parametrize("column", ["vendor", "acquired_at", "cancelled_at", "observed_until"])
def test_missing_column(column: str) -> None:
    with pytest.raises(OutcomeRecordError, match=f"missing required column '{column}'"):
        retention_curve(text_fixture().drop(columns=column))


@pytest.mark.parametrize(
    ("at_days", "match"),
    [((), "at least one"), ((90, 90), "at most once"), ((-1,), "≥ 0"), ((1.5,), "whole"),
     (90, "sequence")],
)  # fmt: skip
def test_bad_days(at_days: Any, match: str) -> None:
    with pytest.raises(OutcomeRecordError, match=match):
        retention_curve(text_fixture(), at_days=at_days)
