"""VendorProposal and the answer models: validation of bad input, helpers, round trips."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests import strategies
from vendoreval.checks import CoverageAnswer, LanguageStaff, StaffingAnswer
from vendoreval.io.documents import to_plain
from vendoreval.pricing import PriceSheet, VolumeTier
from vendoreval.proposal import CHECKS, VendorProposal
from vendoreval.vocabulary import CEFR, Channel


def minimal() -> dict[str, Any]:
    """The smallest valid proposal, as plain data."""
    return {
        "name": "Seoul Contact Partners",
        "pricing": {
            "sheet": {
                "currency": "KRW",
                "billing_increment": "60/60",
                "voice_rate_per_minute": 780,
            }
        },
    }


def errors_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        VendorProposal.model_validate(data)
    return [dict(e) for e in caught.value.errors(include_url=False)]


def test_minimal_proposal() -> None:
    proposal = VendorProposal.model_validate(minimal())
    assert proposal.sheet.voice_rate_per_minute == Decimal(780)
    assert proposal.sheet.billing_increment.first == 60
    assert all(proposal.answer(check) is None for check in CHECKS if check != "pricing")


def test_checks_are_the_answer_fields() -> None:
    assert len(CHECKS) == 8
    assert set(CHECKS) <= set(VendorProposal.model_fields)
    proposal = VendorProposal.model_validate(minimal())
    assert proposal.answer("pricing") is proposal.pricing
    with pytest.raises(KeyError, match="unknown check 'price'"):
        proposal.answer("price")


def test_name_is_required_and_not_empty() -> None:
    data = minimal()
    data["name"] = ""
    (error,) = errors_of(data)
    assert error["loc"] == ("name",)
    del data["name"]
    assert errors_of(data)[0]["type"] == "missing"


def test_pricing_is_required() -> None:
    data = minimal()
    del data["pricing"]
    (error,) = errors_of(data)
    assert error["loc"] == ("pricing",)
    assert error["type"] == "missing"


def test_misspelled_field_is_rejected_by_name() -> None:
    data = minimal()
    data["pricing"]["sheet"]["voice_rate_per_minut"] = 780
    errors = errors_of(data)
    assert ("pricing", "sheet", "voice_rate_per_minut") in {e["loc"] for e in errors}
    assert {e["type"] for e in errors} == {"extra_forbidden"}


@pytest.mark.parametrize("increment", ["0/6", "6/0", "0/0"])
def test_billing_increment_with_zero_period(increment: str) -> None:
    data = minimal()
    data["pricing"]["sheet"]["billing_increment"] = increment
    (error,) = errors_of(data)
    assert error["loc"] == ("pricing", "sheet", "billing_increment")
    assert "above 0" in error["msg"]
    assert "'30/6'" in error["msg"]


@pytest.mark.parametrize("increment", ["60", "sixty/sixty", "60/60/60", "-1/6", "1.5/6"])
def test_billing_increment_unreadable(increment: str) -> None:
    data = minimal()
    data["pricing"]["sheet"]["billing_increment"] = increment
    (error,) = errors_of(data)
    assert "expected 'a/b' in seconds" in error["msg"]


def test_unknown_currency_in_price_sheet() -> None:
    data = minimal()
    data["pricing"]["sheet"]["currency"] = "KRX"
    (error,) = errors_of(data)
    assert error["loc"] == ("pricing", "sheet", "currency")
    assert "ISO 4217" in error["msg"]


@pytest.mark.parametrize("rate", ["12%", "780 KRW", "", -1, "NaN", "Infinity"])
def test_money_rejects_text_that_is_not_an_amount(rate: Any) -> None:
    data = minimal()
    data["pricing"]["sheet"]["voice_rate_per_minute"] = rate
    (error,) = errors_of(data)
    assert error["loc"] == ("pricing", "sheet", "voice_rate_per_minute")


def test_money_accepts_decimal_text_exactly() -> None:
    data = minimal()
    data["pricing"]["sheet"]["voice_rate_per_minute"] = "0.1"
    assert VendorProposal.model_validate(data).sheet.voice_rate_per_minute == Decimal("0.1")


def test_sheet_that_charges_nothing() -> None:
    with pytest.raises(ValidationError, match="charges nothing"):
        PriceSheet(currency="KRW", billing_increment="60/60")
    assert PriceSheet(currency="KRW", billing_increment="60/60", monthly_fixed=1).monthly_fixed


def test_billable_components() -> None:
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="per-second",
        billable_components=("talk", "wait"),
        voice_rate_per_minute=690,
    )
    assert sheet.bills_wait
    with pytest.raises(ValidationError, match="listed twice"):
        PriceSheet(
            currency="KRW",
            billing_increment="1/1",
            billable_components=("talk", "talk"),
            voice_rate_per_minute=1,
        )
    with pytest.raises(ValidationError, match="at least one billable component"):
        PriceSheet(
            currency="KRW", billing_increment="1/1", billable_components=(), voice_rate_per_minute=1
        )
    with pytest.raises(ValidationError, match="billable_components"):
        PriceSheet(
            currency="KRW",
            billing_increment="1/1",
            billable_components=("queue",),
            voice_rate_per_minute=1,
        )


@pytest.mark.parametrize(
    ("tier", "message"),
    [
        ({"basis": "contacts", "bands": [{"rate": 1}]}, "needs the channel"),
        ({"basis": "voice_minutes", "channel": "chat", "bands": [{"rate": 1}]}, "phone only"),
        ({"basis": "voice_minutes", "bands": [{"up_to": 10, "rate": 1}]}, "open-ended"),
        (
            {"basis": "voice_minutes", "bands": [{"rate": 1}, {"rate": 2}]},
            "only the last band",
        ),
        (
            {
                "basis": "voice_minutes",
                "bands": [{"up_to": 10, "rate": 1}, {"up_to": 10, "rate": 1}, {"rate": 1}],
            },
            "must increase",
        ),
        ({"basis": "voice_minutes", "bands": []}, "at least 1 item"),
    ],
)
def test_volume_tier_validation(tier: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        VolumeTier.model_validate(tier)


def test_two_tiers_on_the_same_basis() -> None:
    tier = {"basis": "contacts", "channel": "chat", "bands": [{"rate": 1}]}
    with pytest.raises(ValidationError, match="same basis and channel"):
        PriceSheet.model_validate(
            {"currency": "KRW", "billing_increment": "1/1", "volume_tiers": [tier, tier]}
        )


def test_time_premiums_need_a_time_zone_and_holidays() -> None:
    base = {"currency": "KRW", "billing_increment": "1/1", "voice_rate_per_minute": 1}
    with pytest.raises(ValidationError, match="time zone"):
        PriceSheet.model_validate({**base, "premiums": {"weekend_multiplier": 1.1}})
    with pytest.raises(ValidationError, match="no holidays are listed"):
        PriceSheet.model_validate(
            {**base, "premiums": {"timezone": "Asia/Seoul", "holiday_multiplier": 1.5}}
        )
    with pytest.raises(ValidationError, match="multiplier"):
        PriceSheet.model_validate(
            {**base, "premiums": {"timezone": "Asia/Seoul", "weekend_multiplier": 0}}
        )


def test_price_sheet_helpers() -> None:
    sheet = PriceSheet.model_validate(
        {
            "currency": "KRW",
            "billing_increment": "per-minute",
            "per_contact": {"chat": 2100},
            "volume_tiers": [{"basis": "voice_minutes", "bands": [{"rate": 700}]}],
            "minimum_monthly": 1000,
        }
    )
    assert sheet.prices_channel(Channel.PHONE)
    assert sheet.prices_channel(Channel.CHAT)
    assert not sheet.prices_channel(Channel.EMAIL)
    assert not sheet.is_staffing_based
    assert sheet.describe() == "KRW · per-minute (60/60) · chat 2100/contact · minimum 1000/month"


def test_coverage_hours_for_channels_not_offered() -> None:
    with pytest.raises(ValidationError, match="not offered: email"):
        CoverageAnswer.model_validate(
            {
                "channels": ["phone"],
                "hours": {"always": True},
                "channel_hours": {"email": {"always": True}},
                "seats": 10,
            }
        )
    coverage = CoverageAnswer.model_validate(
        {"channels": ["phone"], "hours": {"always": True}, "seats": 10, "peak_ramp_up_seats": 5}
    )
    assert coverage.hours_for(Channel.EMAIL) is None
    assert coverage.total_seats == 15


def test_staffing_languages() -> None:
    staff = StaffingAnswer(
        languages=(
            LanguageStaff(language="ko", agents=100, cefr=CEFR.C2),
            LanguageStaff(language="es", agents=10, cefr=CEFR.C1),
        )
    )
    ko = staff.agents_for("ko")
    assert ko is not None
    assert ko.agents == 100
    spanish = staff.agents_for("es-419")  # a region-less staff line serves a regional need
    assert spanish is not None
    assert spanish.language == "es"
    assert staff.agents_for("ja") is None
    with pytest.raises(ValidationError, match="listed twice"):
        StaffingAnswer(
            languages=(
                LanguageStaff(language="ko", agents=1, cefr=CEFR.C2),
                LanguageStaff(language="ko", agents=2, cefr=CEFR.C1),
            )
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("team_lead_interview_rating", 0),
        ("culture_fit_rating", 5.5),
        ("shrinkage", 1),
        ("annual_attrition", 1.5),
        ("scheduled_hours_per_fte_month", 0),
        ("scheduled_hours_per_fte_month", 209),
        ("industry_years", "3"),
    ],
)
def test_staffing_bounds(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        StaffingAnswer.model_validate({field: value})
    assert caught.value.errors()[0]["loc"][0] == field


def test_scheduled_hours_refuse_paid_hours_and_read_the_former_name() -> None:
    # 209 h is the Korean paid month: 40 h × 52 / 12 = 173.3 h worked + ~35 h paid weekly rest.
    with pytest.raises(ValidationError, match=r"209 h .*paid weekly rest \(주휴\)"):
        StaffingAnswer(scheduled_hours_per_fte_month=209)
    # the former name is read as the scheduled hours, with the same check
    with pytest.raises(ValidationError, match="paid weekly rest"):
        StaffingAnswer.model_validate({"paid_hours_per_fte_month": 209})
    former = StaffingAnswer.model_validate({"paid_hours_per_fte_month": 168})
    assert former.scheduled_hours_per_fte_month == 168
    assert former.paid_hours_per_fte_month == 168  # still readable under the former name
    assert "paid_hours_per_fte_month" not in former.model_dump()
    with pytest.raises(ValidationError, match="former name"):
        StaffingAnswer.model_validate(
            {"paid_hours_per_fte_month": 168, "scheduled_hours_per_fte_month": 170}
        )
    assert StaffingAnswer().scheduled_hours_per_fte_month == pytest.approx(40 * 52 / 12)


# ---- round trips and robustness -------------------------------------------------------------


@given(strategies.proposals())
def test_round_trips(proposal: VendorProposal) -> None:
    """JSON text (pydantic) and plain data (what our YAML/JSON files hold) give equal
    proposals."""
    assert VendorProposal.model_validate_json(proposal.model_dump_json()) == proposal
    plain = to_plain(proposal.model_dump(exclude_none=True), dates_as_text=True)
    assert VendorProposal.model_validate(plain) == proposal


def _validated(data: Any) -> VendorProposal | ValidationError:
    try:
        return VendorProposal.model_validate(data)
    except ValidationError as exc:
        return exc


def _refused_or_round_trips(data: Any) -> None:
    """A ValidationError listing what is wrong, or a VendorProposal that round-trips equal."""
    proposal = _validated(data)
    if isinstance(proposal, ValidationError):
        assert proposal.title == "VendorProposal"
        assert proposal.error_count() > 0
        assert all(error["msg"] for error in proposal.errors())
        return
    assert VendorProposal.model_validate_json(proposal.model_dump_json()) == proposal
    plain = to_plain(proposal.model_dump(exclude_none=True), dates_as_text=True)
    assert VendorProposal.model_validate(plain) == proposal


@given(strategies.json_values)
def test_arbitrary_input_raises_only_validation_errors(data: Any) -> None:
    _refused_or_round_trips(data)


@given(
    st.dictionaries(
        st.sampled_from(sorted(VendorProposal.model_fields)), strategies.json_values, max_size=10
    )
)
def test_arbitrary_fields_raise_only_validation_errors(data: dict[str, Any]) -> None:
    _refused_or_round_trips(data)


@given(st.data())
def test_damaged_proposals_raise_only_validation_errors(data: st.DataObject) -> None:
    from vendoreval.datasets import load_sample

    _, proposals = load_sample()
    proposal = data.draw(st.sampled_from(proposals))
    damaged = data.draw(strategies.mutations(to_plain(proposal.model_dump(exclude_none=True))))
    _refused_or_round_trips(damaged)


def test_language_staff_matches_region_either_way() -> None:
    from vendoreval.proposal.staffing import LanguageStaff, StaffingAnswer

    answer = StaffingAnswer(
        languages=(
            LanguageStaff(language="es-419", agents=10, cefr="C1"),
            LanguageStaff(language="pt-BR", agents=5, cefr="C1"),
        )
    )
    found = answer.agents_for("es")
    assert found is not None
    assert found.language == "es-419"
    assert answer.agents_for("es-419") is found
    assert answer.agents_for("pt-PT") is None  # a different region is not a match
    assert answer.agents_for("ja") is None


def test_strict_integers_in_price_models() -> None:
    from pydantic import ValidationError

    from vendoreval.pricing import BillingIncrement, TierBand

    with pytest.raises(ValidationError):
        BillingIncrement.model_validate({"first": True, "step": 6.0})
    with pytest.raises(ValidationError):
        TierBand.model_validate({"up_to": "1000", "rate": 1})
    from vendoreval.pricing import AfterHours

    with pytest.raises(ValidationError, match="ambiguous"):
        AfterHours(start="20:00", end="20:00", multiplier=1.2)


# ---- commitments and lifecycle terms ---------------------------------------------------------


def test_a_proposal_states_its_commitments_and_terms() -> None:
    from decimal import Decimal

    from vendoreval.contract import Commitment, ServiceCredits
    from vendoreval.proposal import ContractTerms

    terms = ContractTerms(
        transition_fee=Decimal(5_000_000),
        double_running_months=2,
        learning_curve=(1.3, 1.1),
        minimum_term_months=36,
        termination_fee=Decimal(40_000_000),
        renewal_increase=0.05,
    )
    assert [terms.learning_multiplier(m) for m in (1, 2, 3)] == [1.3, 1.1, 1.0]
    credits = ServiceCredits(
        commitments=(
            Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20),
        ),
        at_risk_share=0.1,
    )
    base = VendorProposal.model_validate(minimal())
    proposal = base.model_copy(update={"commitments": credits, "terms": terms})
    again = VendorProposal.model_validate(to_plain(proposal.model_dump(exclude_none=True)))
    assert again == proposal
    assert again.commitments == credits
    assert base.contract_terms == ContractTerms()  # no terms: no transition, no learning
    with pytest.raises(ValidationError):
        ContractTerms(learning_curve=(0.5,))  # a new team is not faster
    with pytest.raises(ValidationError):
        ContractTerms(double_running_months=36)


def test_per_head_sheets_and_indexation() -> None:
    from decimal import Decimal

    from vendoreval.pricing import PriceSheet

    sheet = PriceSheet(
        currency="KRW",
        billing_increment="60/60",
        fte_month_rate=Decimal(4_000_000),
        committed_ftes={"phone": 12.5, "email": 3},
        annual_increase=0.04,
    )
    assert sheet.committed_fte_total == 15.5
    # (1.04)^⌊(m − 1)/12⌋: months 1–12 at 1, 13–24 at 1.04, month 25 at 1.0816
    assert [sheet.price_index(m) for m in (1, 12, 13, 24, 25)] == pytest.approx(
        [1.0, 1.0, 1.04, 1.04, 1.0816]
    )
    assert "15.5 FTE committed" in sheet.describe()
    assert "+4.0%/year" in sheet.describe()
    with pytest.raises(ValidationError, match="committed_ftes needs fte_month_rate"):
        PriceSheet(
            currency="KRW",
            billing_increment="60/60",
            voice_rate_per_minute=Decimal(600),
            committed_ftes={"phone": 10},
        )
    with pytest.raises(ValidationError):
        PriceSheet(
            currency="KRW",
            billing_increment="60/60",
            fte_month_rate=Decimal(1),
            committed_ftes={"phone": 200_000},
        )
    with pytest.raises(ValueError, match="month must be ≥ 1"):
        sheet.price_index(0)
