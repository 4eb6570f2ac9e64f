"""Commitments and service-credit terms: what validates, and what is refused with a reason."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from vendoreval.contract import Commitment, CommitmentKpi, CreditMethod, GradeBand, ServiceCredits


def sl(**changes: Any) -> Commitment:
    fields: dict[str, Any] = {
        "channel": "phone",
        "kpi": "service_level",
        "target": 0.8,
        "threshold_seconds": 20,
    }
    return Commitment(**(fields | changes))


def test_key_direction_and_missed() -> None:
    c = sl()
    assert c.key == "phone.service_level"
    assert c.higher_is_better
    assert c.missed(0.79)
    assert not c.missed(0.8)  # meeting the target exactly is not a miss
    asa = Commitment(channel="chat", kpi="asa_seconds", target=30)
    assert asa.key == "chat.asa_seconds"
    assert not asa.higher_is_better
    assert asa.missed(30.5)
    assert not asa.missed(30)
    abandon = Commitment(channel="phone", kpi="abandonment", target=0.05)
    assert not abandon.higher_is_better
    assert abandon.missed(0.06)


def test_missed_is_elementwise_on_arrays() -> None:
    np.testing.assert_array_equal(sl().missed(np.array([0.7, 0.8, 0.9])), [True, False, False])
    asa = Commitment(channel="phone", kpi="asa_seconds", target=30)
    np.testing.assert_array_equal(asa.missed(np.array([10.0, 30.0, 31.0])), [False, False, True])


def test_missed_refuses_nan() -> None:
    with pytest.raises(ValueError, match=r"phone.service_level must be a finite number"):
        sl().missed(float("nan"))


def test_directions_of_every_kpi() -> None:
    lower = {k for k in CommitmentKpi if not k.higher_is_better}
    assert lower == {CommitmentKpi.ASA_SECONDS, CommitmentKpi.ABANDONMENT}
    assert [k for k in CommitmentKpi if not k.is_share] == [CommitmentKpi.ASA_SECONDS]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"threshold_seconds": None}, r"phone.service_level needs threshold_seconds"),
        ({"target": 1.2}, r"target of phone.service_level must be a share between 0 and 1"),
        ({"target": -0.1}, r"greater than or equal to 0"),
        ({"threshold_hours": 4}, r"threshold_hours applies only to response_within_hours"),
        ({"weight": -1}, r"weight"),
        ({"threshold_seconds": 0}, r"greater than 0"),
        ({"channel": "fax"}, r"channel"),
        ({"kpi": "nps"}, r"kpi"),
        ({"target": "0.8"}, r"target"),
    ],
)
def test_invalid_commitments(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        sl(**changes)


def test_thresholds_belong_to_their_kpi() -> None:
    with pytest.raises(ValidationError, match=r"email.response_within_hours needs threshold_hours"):
        Commitment(channel="email", kpi="response_within_hours", target=0.9)
    with pytest.raises(ValidationError, match=r"threshold_seconds applies only to service_level"):
        Commitment(channel="phone", kpi="asa_seconds", target=30, threshold_seconds=20)
    asa = Commitment(channel="phone", kpi="asa_seconds", target=45)  # seconds, not a share
    assert asa.target == 45


def test_grade_band_bounds() -> None:
    assert GradeBand(grade="S", min_score=95, adjustment=0.03).adjustment == 0.03
    for bad in ({"min_score": 101}, {"adjustment": -1.5}, {"grade": " "}, {"adjustment": "0.1"}):
        with pytest.raises(ValidationError):
            GradeBand(**({"grade": "A", "min_score": 50, "adjustment": 0.0} | bad))


def test_pool_terms() -> None:
    terms = ServiceCredits(commitments=[sl()], at_risk_share=0.1, earn_back_months=3)
    assert terms.method is CreditMethod.POOL
    assert f"{terms.method}" == "pool"  # a StrEnum: reads and serializes as its value
    assert terms.keys == ("phone.service_level",)
    assert terms.commitment("phone.service_level") == sl()
    with pytest.raises(KeyError, match=r"no commitment 'chat.fcr'"):
        terms.commitment("chat.fcr")


def test_duplicate_key_is_named() -> None:
    with pytest.raises(ValidationError, match=r"commitment 'phone.service_level' is given twice"):
        ServiceCredits(commitments=[sl(), sl(target=0.9)], at_risk_share=0.1)


def test_pool_needs_at_risk_share_and_a_commitment() -> None:
    with pytest.raises(ValidationError, match=r"at_risk_share is required for the pool method"):
        ServiceCredits(commitments=[sl()])
    with pytest.raises(ValidationError, match=r"at least 1"):
        ServiceCredits(commitments=[], at_risk_share=0.1)
    with pytest.raises(ValidationError, match=r"share"):
        ServiceCredits(commitments=[sl()], at_risk_share=1.5)


BANDS = [
    GradeBand(grade="A", min_score=85, adjustment=0.0),
    GradeBand(grade="S", min_score=95, adjustment=0.03),
    GradeBand(grade="C", min_score=0, adjustment=-0.1),
]


def test_grade_terms_sort_their_bands() -> None:
    terms = ServiceCredits(commitments=[sl()], grades=BANDS)
    assert terms.method is CreditMethod.GRADES
    assert [b.grade for b in terms.bands()] == ["S", "A", "C"]
    assert terms.at_risk_share is None  # does not apply to grades


@pytest.mark.parametrize(
    ("grades", "message"),
    [
        ([*BANDS, GradeBand(grade="A", min_score=50, adjustment=0)], r"grade 'A' is given twice"),
        (
            [*BANDS, GradeBand(grade="B", min_score=85, adjustment=0)],
            r"two grades share min_score 85",
        ),
        (BANDS[:2], r"need a band with min_score 0 .*lowest min_score given: 85"),
    ],
)
def test_invalid_grades(grades: list[GradeBand], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ServiceCredits(commitments=[sl()], grades=grades)


def test_grades_need_weight_and_refuse_earn_back() -> None:
    with pytest.raises(ValidationError, match=r"weights must sum above 0"):
        ServiceCredits(commitments=[sl(weight=0)], grades=BANDS)
    with pytest.raises(ValidationError, match=r"earn_back_months applies to the pool method only"):
        ServiceCredits(commitments=[sl()], grades=BANDS, earn_back_months=2)


def test_terms_round_trip_through_json() -> None:
    terms = ServiceCredits(commitments=[sl(weight=0.5)], grades=BANDS)
    assert ServiceCredits.model_validate_json(terms.model_dump_json()) == terms
    data = {
        "commitments": [
            {
                "channel": "email",
                "kpi": "response_within_hours",
                "target": 0.95,
                "threshold_hours": 4,
            }
        ],
        "at_risk_share": 0.12,
    }
    assert ServiceCredits.model_validate(data).keys == ("email.response_within_hours",)
