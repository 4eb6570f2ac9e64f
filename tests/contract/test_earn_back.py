"""Monthly credits with earn-back: a hand-worked schedule, attribution, and the vectorised twin."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendoreval.contract import (
    Commitment,
    GradeBand,
    ServiceCredits,
    credit_flows,
    monthly_credits,
    service_credit,
)
from vendoreval.errors import ContractError

D = Decimal


def terms(earn_back: int = 2) -> ServiceCredits:
    return ServiceCredits(
        commitments=[
            Commitment(
                channel="phone",
                kpi="service_level",
                target=0.8,
                threshold_seconds=20,
                weight=0.6,
            ),
            Commitment(
                channel="email",
                kpi="response_within_hours",
                target=0.9,
                threshold_hours=4,
                weight=0.6,
            ),
        ],
        at_risk_share=0.1,
        earn_back_months=earn_back,
    )


FEES = [1_000_000, 1_000_000, 1_000_000, 2_000_000, 1_000_000]
ACHIEVED = {
    "phone.service_level": [0.7, 0.85, 0.9, 0.75, 0.8],  # missed in months 1 and 4
    "email.response_within_hours": [0.8, 0.95, 0.85, 0.95, 0.95],  # missed in months 1 and 3
}


def test_hand_worked_schedule() -> None:
    # Month 1: both missed, Σw = 1.2 → capped: credit = pool = 0.1 × 1,000,000 = 100,000,
    #   attributed 0.6/1.2 each: phone 50,000, email 50,000.
    #   phone met in months 2 and 3 → its 50,000 is returned in month 3.
    #   email met in month 2 but missed in month 3 → forfeited.
    # Month 2: nothing missed → 0.
    # Month 3: email missed → 100,000 × 0.6 = 60,000; email met in months 4 and 5 → returned
    #   in month 5.
    # Month 4: phone missed, fees 2,000,000 → 200,000 × 0.6 = 120,000; months 5 and 6 needed,
    #   month 6 is past the data → pending.
    # Month 5: nothing missed → 0.
    result = monthly_credits(terms(), FEES, ACHIEVED)
    table = result.table
    assert list(table.index) == [1, 2, 3, 4, 5]
    assert table.index.name == "month"
    assert list(table["credit"]) == [D(100000), D(0), D(60000), D(120000), D(0)]
    assert list(table["earn_back"]) == [D(0), D(0), D(-50000), D(0), D(-60000)]
    assert list(table["net_credit"]) == [D(100000), D(0), D(10000), D(120000), D(-60000)]
    assert result.total == D(170000)
    lines = result.lines
    assert lines[["month", "key", "amount", "status"]].to_dict("records") == [
        {"month": 1, "key": "phone.service_level", "amount": D(50000), "status": "returned"},
        {
            "month": 1,
            "key": "email.response_within_hours",
            "amount": D(50000),
            "status": "forfeited",
        },
        {
            "month": 3,
            "key": "email.response_within_hours",
            "amount": D(60000),
            "status": "returned",
        },
        {"month": 4, "key": "phone.service_level", "amount": D(120000), "status": "pending"},
    ]
    assert list(lines["returned_in"]) == [3, None, 5, None]


def test_without_earn_back_lines_are_final() -> None:
    result = monthly_credits(terms(0), FEES, ACHIEVED)
    assert list(result.table["earn_back"]) == [D(0)] * 5
    assert set(result.lines["status"]) == {"final"}
    assert result.total == D(100000 + 60000 + 120000)


def test_credits_match_service_credit_month_by_month() -> None:
    result = monthly_credits(terms(), FEES, ACHIEVED, currency="USD")
    for m, fee in enumerate(FEES):
        row = {k: v[m] for k, v in ACHIEVED.items()}
        assert result.table["credit"].iloc[m] == service_credit(terms(), fee, row, "USD")


def test_capped_credit_is_split_by_largest_remainder() -> None:
    # Three missed commitments of weight 1 share a capped 100,000 KRW: 33,333.33 each.
    # Floors 33,333 × 3 = 99,999; the one won left goes to the first listed (ties).
    three = ServiceCredits(
        commitments=[
            Commitment(channel=ch, kpi="fcr", target=0.7) for ch in ("phone", "chat", "email")
        ],
        at_risk_share=0.1,
        earn_back_months=1,
    )
    achieved = {f"{ch}.fcr": [0.5, 0.9] for ch in ("phone", "chat", "email")}
    result = monthly_credits(three, [1_000_000, 1_000_000], achieved)
    assert list(result.lines["amount"]) == [D(33334), D(33333), D(33333)]
    assert sum(result.lines["amount"]) == result.table["credit"].iloc[0]
    # All met in month 2 → everything is returned in month 2.
    assert result.table["earn_back"].iloc[1] == D(-100000)
    assert result.total == D(0)


def test_series_labels_the_months_and_frames_are_accepted() -> None:
    fees = pd.Series(
        [D(1_000_000), D(1_000_000), D(1_000_000)], index=["2027-01", "2027-02", "2027-03"]
    )
    achieved = pd.DataFrame(
        {"phone.service_level": [0.7, 0.9, 0.9], "email.response_within_hours": [1.0] * 3}
    )
    result = monthly_credits(terms(), fees, achieved)
    assert list(result.table.index) == ["2027-01", "2027-02", "2027-03"]
    assert result.lines["returned_in"].tolist() == ["2027-03"]


def test_grade_method_has_grades_and_no_lines() -> None:
    graded = ServiceCredits(
        commitments=[
            Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20)
        ],
        grades=[
            GradeBand(grade="A", min_score=90, adjustment=0.02),
            GradeBand(grade="B", min_score=0, adjustment=-0.05),
        ],
    )
    # 0.8 → 100 → A: −0.02 × 1,000,000 = −20,000; 0.6 → 75 → B: 50,000.
    result = monthly_credits(graded, [1_000_000, 1_000_000], {"phone.service_level": [0.8, 0.6]})
    assert list(result.table["grade"]) == ["A", "B"]
    assert list(result.table["credit"]) == [D(-20000), D(50000)]
    assert result.lines.empty


@pytest.mark.parametrize(
    ("fees", "achieved", "message"),
    [
        ([], ACHIEVED, r"fees_by_month is empty"),
        (FEES, {"phone.service_level": [0.9] * 5}, r"no values for commitment 'email\."),
        (FEES[:3], ACHIEVED, r"one value per month \(3\)"),
        ([1_000_000, 1.5e6, 0, 0, 0], ACHIEVED, r"fees of month 2 must be a Decimal"),
        ("1000", ACHIEVED, r"must be a sequence"),
    ],
)
def test_bad_input(fees: object, achieved: dict[str, list[float]], message: str) -> None:
    with pytest.raises(ContractError, match=message):
        monthly_credits(terms(), fees, achieved)  # type: ignore[arg-type]


def test_credit_flows_by_hand() -> None:
    flows = credit_flows(terms(), np.array(FEES, dtype=float), ACHIEVED)
    np.testing.assert_allclose(flows.credit, [100000, 0, 60000, 120000, 0])
    np.testing.assert_allclose(flows.earn_back, [0, 0, -50000, 0, -60000])
    np.testing.assert_allclose(flows.net, [100000, 0, 10000, 120000, -60000])


@settings(max_examples=40)
@given(
    st.integers(1, 8),
    st.integers(0, 4),
    st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=8),
    st.floats(0, 1),
)
def test_vectorised_flows_match_exact_schedule(
    months: int, k: int, values: list[tuple[float, float]], share: float
) -> None:
    values = (values * months)[:months]
    t = terms(k).model_copy(update={"at_risk_share": share})
    fees = [1_000_000 + 1000 * m for m in range(months)]
    achieved = {
        "phone.service_level": [v[0] for v in values],
        "email.response_within_hours": [v[1] for v in values],
    }
    exact = monthly_credits(t, fees, achieved)
    # Stacked as two identical runs: runs × months.
    flows = credit_flows(
        t, np.tile(np.array(fees, float), (2, 1)), {key: [v, v] for key, v in achieved.items()}
    )
    for run in range(2):
        np.testing.assert_allclose(flows.credit[run], exact.table["credit"].astype(float), atol=0.5)
        # Each returned line is rounded once (plus the largest-remainder unit).
        np.testing.assert_allclose(
            flows.earn_back[run], exact.table["earn_back"].astype(float), atol=2.0
        )
    assert all(flows.earn_back.ravel() <= 0)
    # Lines add up to their month's credit.
    if not exact.lines.empty:
        sums = exact.lines.groupby("month")["amount"].sum().to_dict()
        credits = exact.table["credit"].to_dict()
        assert all(total == credits[month] for month, total in sums.items())
