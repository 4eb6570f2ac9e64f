"""Service credits: hand-worked pool and grade cases, the vectorised twin, and invariants.

Every expected amount below is worked out by hand in the comments, from the rules of
docs/design.md, "Contract economics": pool = at_risk_share × fees, credit =
min(pool, pool × Σ weights of the missed commitments); grades: a_k = min(1, achieved/target)
(higher is better) or min(1, target/achieved) (lower is better), score = 100 Σ w a / Σ w,
credit = −adjustment × fees; rounding half-up once to the currency's minor unit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendoreval.contract import (
    Commitment,
    GradeBand,
    ServiceCredits,
    credit_shares,
    grade_for,
    service_credit,
)
from vendoreval.contract.commitments import CommitmentKpi
from vendoreval.errors import ContractError
from vendoreval.vocabulary import Channel

D = Decimal
FEES = D("100000000")


def phone_sl(weight: float = 1.0, target: float = 0.8) -> Commitment:
    return Commitment(
        channel="phone", kpi="service_level", target=target, threshold_seconds=20, weight=weight
    )


def pool(*commitments: Commitment, share: float = 0.1) -> ServiceCredits:
    return ServiceCredits(commitments=commitments, at_risk_share=share)


# ------------------------------------------------------------------------------ pool method


def test_design_example() -> None:
    # Pool 10% × 100,000,000 = 10,000,000; 0.76 < 0.8 missed, weight 0.5:
    # min(10,000,000, 10,000,000 × 0.5) = 5,000,000 KRW.
    terms = pool(phone_sl(weight=0.5))
    assert service_credit(terms, FEES, {"phone.service_level": 0.76}) == D("5000000")
    # Exactly on target is met: no credit.
    assert service_credit(terms, FEES, {"phone.service_level": 0.8}) == D("0")


@pytest.mark.parametrize(
    ("kpi", "target", "achieved", "missed"),
    [
        # higher is better: missed when below
        ("fcr", 0.7, 0.69, True),
        ("fcr", 0.7, 0.7, False),
        ("csat", 0.85, 0.9, False),
        # lower is better: missed when above
        ("asa_seconds", 30, 30.5, True),
        ("asa_seconds", 30, 30, False),
        ("asa_seconds", 30, 12, False),
        ("abandonment", 0.05, 0.06, True),
        ("abandonment", 0.05, 0.04, False),
    ],
)
def test_each_direction(kpi: str, target: float, achieved: float, missed: bool) -> None:
    # Weight 0.4 of a 10% pool on 100,000,000: 4,000,000 when missed, else 0.
    terms = pool(Commitment(channel="phone", kpi=kpi, target=target, weight=0.4))
    credit = service_credit(terms, FEES, {f"phone.{kpi}": achieved})
    assert credit == (D("4000000") if missed else D("0"))


def test_weights_above_one_are_capped_at_the_pool() -> None:
    terms = pool(
        phone_sl(weight=0.6),
        Commitment(channel="phone", kpi="asa_seconds", target=30, weight=0.7),
    )
    # Both missed: Σw = 1.3 → min(10,000,000, 13,000,000) = 10,000,000.
    both = {"phone.service_level": 0.7, "phone.asa_seconds": 45}
    assert service_credit(terms, FEES, both) == D("10000000")
    # Only the ASA missed: 10,000,000 × 0.7 = 7,000,000.
    one = {"phone.service_level": 0.9, "phone.asa_seconds": 45}
    assert service_credit(terms, FEES, one) == D("7000000")


@pytest.mark.parametrize(
    ("fees", "currency", "expected"),
    [
        # 1,000,010 × 0.1 = 100,001; × 0.5 = 50,000.5 → half-up 50,001 KRW (half-even: 50,000)
        (1_000_010, "KRW", D("50001")),
        # 1,234,567 × 0.1 = 123,456.7; × 0.5 = 61,728.35 → 61,728 KRW
        (1_234_567, "KRW", D("61728")),
        # 200.10 × 0.1 = 20.01; × 0.5 = 10.005 → half-up 10.01 USD (half-even: 10.00)
        (D("200.10"), "USD", D("10.01")),
        # 12,345.67 × 0.1 × 0.5 = 617.2835 → 617.28 USD
        ("12345.67", "USD", D("617.28")),
        # KWD has three decimals: 200.10 × 0.05 = 10.005 → 10.005
        (D("200.10"), "KWD", D("10.005")),
    ],
)
def test_rounding_half_up_once(fees: Any, currency: str, expected: Decimal) -> None:
    terms = pool(phone_sl(weight=0.5))
    credit = service_credit(terms, fees, {"phone.service_level": 0.5}, currency)
    assert credit == expected
    assert credit.as_tuple().exponent == -{"KRW": 0, "USD": 2, "KWD": 3}[currency]


def test_zero_weight_costs_nothing_and_extra_keys_are_ignored() -> None:
    terms = pool(phone_sl(weight=0.0))
    achieved = {"phone.service_level": 0.1, "chat.fcr": 0.2}
    assert service_credit(terms, FEES, achieved) == D("0")


@pytest.mark.parametrize(
    ("fees", "achieved", "message"),
    [
        (FEES, {}, r"no value for commitment 'phone.service_level'"),
        (FEES, {"phone.fcr": 0.5}, r"no value for commitment 'phone.service_level'"),
        (FEES, {"phone.service_level": float("nan")}, r"'phone.service_level'.*finite"),
        (FEES, {"phone.service_level": 1.2}, r"must be a share between 0 and 1"),
        (FEES, {"phone.service_level": "0.8"}, r"must be a number"),
        (1e8, {"phone.service_level": 0.8}, r"fees must be a Decimal.*binary floats"),
        ("lots", {"phone.service_level": 0.8}, r"fees must be a number"),
        (-5, {"phone.service_level": 0.8}, r"fees must be ≥ 0"),
        (D("NaN"), {"phone.service_level": 0.8}, r"finite"),
        (True, {"phone.service_level": 0.8}, r"fees must be a Decimal"),
    ],
)
def test_bad_input_is_named(fees: Any, achieved: dict[str, Any], message: str) -> None:
    with pytest.raises(ContractError, match=message):
        service_credit(pool(phone_sl()), fees, achieved)


def test_unknown_currency() -> None:
    with pytest.raises(ValueError, match=r"unknown currency 'krw'"):
        service_credit(pool(phone_sl()), FEES, {"phone.service_level": 0.8}, "krw")


# ----------------------------------------------------------------------------- grade method

BANDS = (
    GradeBand(grade="S", min_score=95, adjustment=0.03),
    GradeBand(grade="A", min_score=85, adjustment=0.0),
    GradeBand(grade="B", min_score=70, adjustment=-0.05),
    GradeBand(grade="C", min_score=0, adjustment=-0.10),
)


def graded(share: float | None = None) -> ServiceCredits:
    return ServiceCredits(
        commitments=[
            phone_sl(weight=2),
            Commitment(channel="phone", kpi="asa_seconds", target=30),
            Commitment(channel="phone", kpi="csat", target=0.8),
        ],
        grades=BANDS,
        at_risk_share=share,
    )


def achieved(sl: float, asa: float, csat: float) -> dict[str, float]:
    return {"phone.service_level": sl, "phone.asa_seconds": asa, "phone.csat": csat}


def test_bonus() -> None:
    # Every attainment capped at 1 (0.85/0.8, 30/20, 0.9/0.8 > 1): score 100 → S, +3%:
    # credit = −0.03 × 100,000,000 = −3,000,000 (a bonus the buyer pays).
    values = achieved(0.85, 20, 0.9)
    assert grade_for(graded(), values) == ("S", 100.0)
    assert service_credit(graded(), FEES, values) == D("-3000000")


def test_deduction_with_lower_is_better_attainment() -> None:
    # a_sl = 0.72/0.8 = 0.9; a_asa = 30/40 = 0.75 (lower is better); a_csat = 0.6/0.8 = 0.75.
    # score = 100 × (2×0.9 + 0.75 + 0.75)/(2+1+1) = 100 × 3.3/4 = 82.5 → B (70 ≤ 82.5 < 85),
    # credit = −(−0.05) × 100,000,000 = 5,000,000.
    values = achieved(0.72, 40, 0.6)
    assert grade_for(graded(), values) == ("B", 82.5)
    assert service_credit(graded(), FEES, values) == D("5000000")


def test_score_on_a_band_boundary_earns_the_band() -> None:
    # a = 1, 30/40 = 0.75, 0.52/0.8 = 0.65: 100 × (2 + 0.75 + 0.65)/4 = 85 exactly → A, 0.
    values = achieved(0.8, 40, 0.52)
    assert grade_for(graded(), values) == ("A", 85.0)
    assert service_credit(graded(), FEES, values) == D("0")


def test_achieved_zero() -> None:
    # Lower is better at 0 attains 1 (ASA 0 s); higher is better at 0 attains 0:
    # 100 × (2×0 + 1 + 1)/4 = 50 → C, −10% → credit 10,000,000.
    values = achieved(0.0, 0.0, 0.8)
    assert grade_for(graded(), values) == ("C", 50.0)
    assert service_credit(graded(), FEES, values) == D("10000000")
    abandon = ServiceCredits(
        commitments=[Commitment(channel="chat", kpi="abandonment", target=0.05)], grades=BANDS
    )
    assert grade_for(abandon, {"chat.abandonment": 0.0}) == ("S", 100.0)
    # 0.05/0.1 = 0.5 → 50 → C
    assert grade_for(abandon, {"chat.abandonment": 0.1}) == ("C", 50.0)


def test_at_risk_share_does_not_apply_to_grades() -> None:
    values = achieved(0.72, 40, 0.6)
    assert service_credit(graded(0.5), FEES, values) == service_credit(graded(), FEES, values)


def test_grade_rounding() -> None:
    # B: −(−0.05) × 1,234,567.89 USD = 61,728.3945 → 61,728.39
    assert service_credit(graded(), "1234567.89", achieved(0.72, 40, 0.6), "USD") == D("61728.39")


def test_grade_for_needs_grades() -> None:
    with pytest.raises(ContractError, match=r"pool method"):
        grade_for(pool(phone_sl()), {"phone.service_level": 0.8})


# ------------------------------------------------------------------------ vectorised twin


def test_credit_shares_pool_by_hand() -> None:
    terms = pool(
        phone_sl(weight=0.6),
        Commitment(channel="phone", kpi="asa_seconds", target=30, weight=0.7),
    )
    shares = credit_shares(
        terms,
        {"phone.service_level": [0.7, 0.9, 0.9, 0.7], "phone.asa_seconds": [45, 45, 10, 10]},
    )
    # both missed → capped 0.1; asa only 0.07; none 0; sl only 0.06
    np.testing.assert_allclose(shares, [0.1, 0.07, 0.0, 0.06])


def test_credit_shares_grades_by_hand() -> None:
    shares = credit_shares(
        graded(),
        {
            "phone.service_level": np.array([[0.85, 0.72], [0.8, 0.0]]),
            "phone.asa_seconds": np.array([[20, 40], [40, 0]]),
            "phone.csat": np.array([[0.9, 0.6], [0.52, 0.8]]),
        },
    )
    np.testing.assert_allclose(shares, [[-0.03, 0.05], [0.0, 0.10]])


def test_credit_shares_broadcast_and_refuse_nan() -> None:
    terms = pool(phone_sl(), Commitment(channel="phone", kpi="fcr", target=0.7))
    shares = credit_shares(
        terms, {"phone.service_level": np.array([[0.5], [0.9]]), "phone.fcr": [0.6, 0.8]}
    )
    np.testing.assert_allclose(shares, [[0.1, 0.1], [0.1, 0.0]])
    with pytest.raises(ContractError, match=r"'phone.fcr'\] holds NaN"):
        credit_shares(terms, {"phone.service_level": [0.5], "phone.fcr": [np.nan]})
    with pytest.raises(ContractError, match=r"no values for commitment 'phone.fcr'"):
        credit_shares(terms, {"phone.service_level": [0.5]})


# ------------------------------------------------------------------------------ properties

KPIS = list(CommitmentKpi)


@st.composite
def commitment_sets(draw: st.DrawFn) -> list[Commitment]:
    picks = draw(
        st.lists(
            st.tuples(st.sampled_from(list(Channel)), st.sampled_from(KPIS)),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    out = []
    for channel, kpi in picks:
        target = (
            draw(st.floats(0, 120)) if kpi is CommitmentKpi.ASA_SECONDS else draw(st.floats(0, 1))
        )
        extra: dict[str, float] = {}
        if kpi is CommitmentKpi.SERVICE_LEVEL:
            extra["threshold_seconds"] = 20
        if kpi is CommitmentKpi.RESPONSE_WITHIN_HOURS:
            extra["threshold_hours"] = 4
        weight = draw(st.floats(0, 2))
        out.append(Commitment(channel=channel, kpi=kpi, target=target, weight=weight, **extra))
    return out


def achieved_for(data: st.DataObject, commitments: list[Commitment]) -> dict[str, float]:
    return {
        c.key: data.draw(
            st.floats(0, 200) if c.kpi is CommitmentKpi.ASA_SECONDS else st.floats(0, 1)
        )
        for c in commitments
    }


@settings(max_examples=60)
@given(st.data(), commitment_sets(), st.floats(0, 1), st.integers(0, 10**12))
def test_pool_credit_never_exceeds_the_pool(
    data: st.DataObject, commitments: list[Commitment], share: float, fees: int
) -> None:
    terms = ServiceCredits(commitments=commitments, at_risk_share=share)
    values = achieved_for(data, commitments)
    credit = service_credit(terms, fees, values)
    pool_amount = Decimal(repr(share)) * fees
    assert Decimal(0) <= credit <= pool_amount.quantize(Decimal(1), rounding="ROUND_HALF_UP")
    # The vectorised twin agrees up to the rounding of the amount.
    share_of_fees = credit_shares(terms, {k: [v] for k, v in values.items()})[0]
    assert float(credit) == pytest.approx(share_of_fees * fees, abs=0.5 + 1e-9 * fees)


@settings(max_examples=60)
@given(st.data(), commitment_sets(), st.integers(0, 10**12))
def test_grade_credit_is_a_band_adjustment(
    data: st.DataObject, commitments: list[Commitment], fees: int
) -> None:
    if sum(c.weight for c in commitments) <= 0:
        return
    terms = ServiceCredits(commitments=commitments, grades=BANDS)
    values = achieved_for(data, commitments)
    grade, score = grade_for(terms, values)
    assert 0 <= score <= 100
    band = next(b for b in BANDS if b.grade == grade)
    assert band.min_score <= score
    assert all(not (band.min_score < b.min_score <= score) for b in BANDS)
    credit = service_credit(terms, fees, values)
    assert credit == (-Decimal(repr(band.adjustment)) * fees).quantize(
        Decimal(1), rounding="ROUND_HALF_UP"
    )
    share = credit_shares(terms, {k: [v] for k, v in values.items()})[0]
    assert share == -band.adjustment
