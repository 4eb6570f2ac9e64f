"""Needs: validation of bad input, helpers, round trips and robustness."""

from __future__ import annotations

import copy
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests import builders, strategies
from vendoreval.io.documents import to_plain
from vendoreval.needs import (
    ChannelNeeds,
    ContractNeeds,
    EventPeak,
    KpiTarget,
    LanguageNeed,
    LocationNeeds,
    Needs,
    Seasonality,
    SecurityNeeds,
    ServiceLevelTarget,
)
from vendoreval.vocabulary import Channel


def minimal() -> dict[str, Any]:
    """The smallest valid needs, as plain data."""
    return {
        "buyer": "Hanbit Mall",
        "industry": "e-commerce",
        "timezone": "Asia/Seoul",
        "hours": {"always": True},
        "channels": [
            {"channel": "phone", "volume_per_month": 60000, "talk_seconds": 240},
            {"channel": "email", "volume_per_month": 12000, "talk_seconds": 300},
        ],
        "languages": [
            {"language": "ko", "share": 0.86},
            {"language": "en", "share": 0.09},
            {"language": "ja", "share": 0.05},
        ],
        "contract": {"currency": "KRW", "start_month": "2027-01"},
    }


def errors_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        Needs.model_validate(data)
    return [dict(e) for e in caught.value.errors(include_url=False)]


def test_minimal_needs_validate_with_defaults() -> None:
    needs = Needs.model_validate(minimal())
    assert needs.channel_names == (Channel.PHONE, Channel.EMAIL)
    assert needs.volume_per_month == 72000
    assert needs.currency == "KRW"
    assert needs.contract.term_months == 36
    assert needs.channel("phone").aht_seconds == 240.0
    assert needs.hours_for(Channel.EMAIL) is needs.hours


# ---- the "bad input" list: each error names the field and says what was expected ----------


def test_misspelled_field_is_rejected_by_name() -> None:
    data = minimal()
    data["channels"][0]["volum_per_month"] = data["channels"][0].pop("volume_per_month")
    errors = errors_of(data)
    kinds = {(e["type"], e["loc"]) for e in errors}
    assert ("extra_forbidden", ("channels", 0, "volum_per_month")) in kinds
    assert ("missing", ("channels", 0, "volume_per_month")) in kinds


def test_misspelled_top_level_field() -> None:
    data = minimal()
    data["timezon"] = data.pop("timezone")
    locs = {e["loc"] for e in errors_of(data)}
    assert ("timezon",) in locs
    assert ("timezone",) in locs


@pytest.mark.parametrize("share", [1.2, -0.1, 80, math.inf, math.nan])
def test_language_share_outside_0_1(share: float) -> None:
    data = minimal()
    data["languages"][0]["share"] = share
    errors = errors_of(data)
    assert errors[0]["loc"][:3] == ("languages", 0, "share")
    assert any("0 and 1" in e["msg"] or "finite" in e["msg"] for e in errors)


def test_service_level_given_as_percent_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"between 0 and 1 \(e\.g\. 0\.8 for 80%\)"):
        ServiceLevelTarget(share=80, answer_within_seconds=20)


def test_language_shares_must_sum_to_one() -> None:
    data = minimal()
    data["languages"][0]["share"] = 0.8
    (error,) = errors_of(data)
    assert "sum to 1" in error["msg"]
    assert "0.94" in error["msg"]


def test_language_shares_sum_within_tolerance() -> None:
    data = minimal()
    data["languages"] = [{"language": tag, "share": 1 / 3} for tag in ("ko", "en", "ja")]
    assert math.isclose(sum(lang.share for lang in Needs.model_validate(data).languages), 1.0)


def test_negative_volume() -> None:
    data = minimal()
    data["channels"][0]["volume_per_month"] = -5
    (error,) = errors_of(data)
    assert error["loc"] == ("channels", 0, "volume_per_month")
    assert error["type"] == "greater_than_equal"
    assert "greater than or equal to 0" in error["msg"]


@pytest.mark.parametrize(
    ("code", "hint"),
    [("KRX", "ISO 4217"), ("krw", "upper case"), ("", "ISO 4217"), ("WON", "ISO 4217")],
)
def test_unknown_currency(code: str, hint: str) -> None:
    data = minimal()
    data["contract"]["currency"] = code
    (error,) = errors_of(data)
    assert error["loc"] == ("contract", "currency")
    assert hint in error["msg"]


@pytest.mark.parametrize("zone", ["Asia/Seul", "KST", "asia/seoul", "UTC+9", ""])
def test_unknown_time_zone(zone: str) -> None:
    data = minimal()
    data["timezone"] = zone
    (error,) = errors_of(data)
    assert error["loc"] == ("timezone",)
    assert "IANA" in error["msg"]
    assert "Asia/Seoul" in error["msg"]


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("channels", 0, "volume_per_month"), "12"),
        (("channels", 0, "volume_per_month"), "12%"),
        (("channels", 0, "volume_per_month"), 12.0),
        (("channels", 0, "volume_per_month"), True),
        (("channels", 0, "talk_seconds"), "240"),
        (("channels", 0, "talk_seconds"), "240s"),
        (("languages", 0, "share"), "0.86"),
        (("languages", 0, "share"), "86%"),
        (("languages", 0, "share"), False),
        (("contract", "monthly_growth"), "1%"),
        (("contract", "term_months"), "36"),
        (("contract", "forecast_cv"), "0.12"),
    ],
)
def test_numbers_are_not_parsed_from_text_or_bool(where: tuple[Any, ...], value: Any) -> None:
    data = minimal()
    parent = data
    for part in where[:-1]:
        parent = parent[part]
    parent[where[-1]] = value
    errors = errors_of(data)
    assert all(e["loc"][: len(where)] == where for e in errors)
    assert all(e["type"].endswith("_type") for e in errors)


def test_budget_is_decimal_and_positive() -> None:
    contract = ContractNeeds(currency="KRW", start_month="2027-01", budget_per_month="380000000")
    assert contract.budget_per_month == Decimal(380_000_000)
    with pytest.raises(ValidationError, match="budget_per_month"):
        ContractNeeds(currency="KRW", start_month="2027-01", budget_per_month=0)
    with pytest.raises(ValidationError, match="budget_per_month"):
        ContractNeeds(currency="KRW", start_month="2027-01", budget_per_month="12%")


@pytest.mark.parametrize("month", ["2027-1", "2027-13", "27-01", "2027-01-01", "2027/01", ""])
def test_start_month_format(month: str) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM"):
        ContractNeeds(currency="KRW", start_month=month)


def test_channel_listed_twice() -> None:
    data = minimal()
    data["channels"].append(copy.deepcopy(data["channels"][0]))
    (error,) = errors_of(data)
    assert "'phone' is listed twice" in error["msg"]


def test_language_listed_twice() -> None:
    data = minimal()
    data["languages"] = [{"language": "ko", "share": 0.5}, {"language": "ko", "share": 0.5}]
    (error,) = errors_of(data)
    assert "listed twice" in error["msg"]


@pytest.mark.parametrize("tag", ["KO", "korean", "es_419", "en-us"])
def test_language_tag_format(tag: str) -> None:
    with pytest.raises(ValidationError, match="BCP 47"):
        LanguageNeed(language=tag, share=1.0)


def test_no_channels_or_languages() -> None:
    data = minimal()
    data["channels"] = []
    data["languages"] = []
    locs = {e["loc"] for e in errors_of(data)}
    assert locs == {("channels",), ("languages",)}


def test_volume_needs_handle_time() -> None:
    with pytest.raises(ValidationError, match="must be above 0 when there is volume"):
        ChannelNeeds(channel="phone", volume_per_month=10, talk_seconds=0)
    assert ChannelNeeds(channel="phone", volume_per_month=0, talk_seconds=0).aht_seconds == 0


def test_service_level_needs_exactly_one_threshold() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        ServiceLevelTarget(share=0.8)
    with pytest.raises(ValidationError, match="exactly one"):
        ServiceLevelTarget(share=0.8, answer_within_seconds=20, respond_within_hours=4)
    with pytest.raises(ValidationError, match="above 0"):
        ServiceLevelTarget(share=0, answer_within_seconds=20)


def test_service_level_threshold_and_description() -> None:
    live = ServiceLevelTarget(share=0.8, answer_within_seconds=20)
    deferred = ServiceLevelTarget(share=0.9, respond_within_hours=4)
    assert live.threshold_seconds == 20.0
    assert deferred.threshold_seconds == 14400.0
    assert live.describe() == "80% answered within 20 s"
    assert deferred.describe() == "90% responded to within 4 h"


def test_country_both_preferred_and_excluded() -> None:
    with pytest.raises(ValidationError, match="both preferred and excluded"):
        LocationNeeds(preferred_countries=("KR",), excluded_countries=("KR",))
    with pytest.raises(ValidationError, match="ISO 3166"):
        LocationNeeds(preferred_countries=("Korea",))


def test_needs_are_frozen() -> None:
    needs = Needs.model_validate(minimal())
    with pytest.raises(ValidationError):
        needs.buyer = "Other"  # type: ignore[misc]


# ---- helpers --------------------------------------------------------------------------------


def test_channel_lookup() -> None:
    needs = Needs.model_validate(minimal())
    assert needs.channel(Channel.EMAIL).volume_per_month == 12000
    with pytest.raises(KeyError, match=r"no chat channel .*phone, email"):
        needs.channel("chat")


def test_hours_for_channel_override() -> None:
    data = minimal()
    window = {"days": ["mon"], "start": "09:00", "end": "18:00"}
    data["channels"][1]["hours"] = {"windows": [window]}
    needs = Needs.model_validate(data)
    assert needs.hours_for("phone").always
    assert needs.hours_for("email").hours_per_week == 9.0


def test_scale_volume_multiplies_every_channel() -> None:
    needs = Needs.model_validate(minimal())
    grown = needs.scale_volume(1.01)
    assert [c.volume_per_month for c in grown.channels] == [60600, 12120]
    assert [c.volume_per_month for c in needs.channels] == [60000, 12000]
    assert grown.channels[0].talk_seconds == needs.channels[0].talk_seconds
    assert grown.languages == needs.languages
    assert grown.contract == needs.contract


def test_scale_volume_rounds_to_whole_contacts() -> None:
    data = minimal()
    data["channels"][0]["volume_per_month"] = 7
    data["channels"][1]["volume_per_month"] = 3
    scaled = Needs.model_validate(data).scale_volume(0.4)
    assert [c.volume_per_month for c in scaled.channels] == [3, 1]  # 2.8 → 3, 1.2 → 1
    assert all(isinstance(c.volume_per_month, int) for c in scaled.channels)


def test_scale_volume_by_zero_and_one() -> None:
    needs = Needs.model_validate(minimal())
    assert needs.scale_volume(1.0) == needs
    assert needs.scale_volume(0).volume_per_month == 0


@pytest.mark.parametrize("factor", [-0.5, math.nan, math.inf])
def test_scale_volume_rejects_bad_factor(factor: float) -> None:
    with pytest.raises(ValueError, match="factor must be a finite number"):
        Needs.model_validate(minimal()).scale_volume(factor)


@given(
    st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=5),
    st.floats(min_value=0, max_value=10),
)
def test_scale_volume_property(volumes: list[int], factor: float) -> None:
    channels = list(Channel)[: len(volumes)]
    data = minimal()
    data["channels"] = [
        {"channel": c.value, "volume_per_month": v, "talk_seconds": 60, "acw_seconds": 5}
        for c, v in zip(channels, volumes, strict=True)
    ]
    needs = Needs.model_validate(data)
    scaled = needs.scale_volume(factor)
    for before, after in zip(needs.channels, scaled.channels, strict=True):
        assert abs(after.volume_per_month - before.volume_per_month * factor) <= 0.5
        assert after.model_copy(update={"volume_per_month": 0}) == before.model_copy(
            update={"volume_per_month": 0}
        )
    assert scaled.languages == needs.languages


# ---- round trips and robustness -------------------------------------------------------------


@given(strategies.needs())
def test_round_trips(needs: Needs) -> None:
    """JSON text (pydantic) and plain data (what our YAML/JSON files hold) give equal needs."""
    assert Needs.model_validate_json(needs.model_dump_json()) == needs
    plain = to_plain(needs.model_dump(exclude_none=True), dates_as_text=True)
    assert Needs.model_validate(plain) == needs


def _validated(data: Any) -> Needs | ValidationError:
    try:
        return Needs.model_validate(data)
    except ValidationError as exc:
        return exc


def _refused_or_round_trips(data: Any) -> None:
    """A ValidationError listing what is wrong, or a Needs that round-trips equal."""
    needs = _validated(data)
    if isinstance(needs, ValidationError):
        assert needs.title == "Needs"
        assert needs.error_count() > 0
        assert all(error["msg"] for error in needs.errors())
        return
    assert Needs.model_validate_json(needs.model_dump_json()) == needs
    plain = to_plain(needs.model_dump(exclude_none=True), dates_as_text=True)
    assert Needs.model_validate(plain) == needs


@given(strategies.json_values)
def test_arbitrary_input_raises_only_validation_errors(data: Any) -> None:
    _refused_or_round_trips(data)


@given(
    st.dictionaries(st.sampled_from(sorted(Needs.model_fields)), strategies.json_values, max_size=8)
)
def test_arbitrary_fields_raise_only_validation_errors(data: dict[str, Any]) -> None:
    _refused_or_round_trips(data)


@given(st.data())
def test_damaged_needs_raise_only_validation_errors(data: st.DataObject) -> None:
    valid = to_plain(Needs.model_validate(minimal()).model_dump(exclude_none=True))
    damaged = data.draw(strategies.mutations(valid))
    _refused_or_round_trips(damaged)


def test_live_channel_needs_an_answer_time() -> None:
    from pydantic import ValidationError

    from vendoreval.needs import ChannelNeeds

    with pytest.raises(ValidationError, match="answer_within_seconds"):
        ChannelNeeds(
            channel="phone",
            volume_per_month=10,
            talk_seconds=100.0,
            service_level={"share": 0.8, "respond_within_hours": 4},
        )
    with pytest.raises(ValidationError, match="respond_within_hours"):
        ChannelNeeds(
            channel="email",
            volume_per_month=10,
            talk_seconds=100.0,
            service_level={"share": 0.8, "answer_within_seconds": 20},
        )


def test_scale_volume_rounds_half_up() -> None:
    from vendoreval.needs import ChannelNeeds

    channel = ChannelNeeds(channel="chat", volume_per_month=5, talk_seconds=60.0)
    assert channel.scale_volume(0.5).volume_per_month == 3  # 2.5 → 3, not banker's 2
    assert channel.scale_volume(0.3).volume_per_month == 2  # 1.5 → 2


# ----------------------------------------------------------------------------- second round


def test_concurrency_belongs_to_chat_and_messaging() -> None:
    chat = builders.channel("messaging", 1000, 500, concurrency=2.5)
    assert chat.effective_aht_seconds == pytest.approx(200.0)
    assert builders.channel("phone", 1000, 300).concurrency == 1
    with pytest.raises(ValidationError, match="concurrency applies to chat and messaging"):
        builders.channel("phone", 1000, 300, concurrency=2)
    with pytest.raises(ValidationError, match="concurrency = 12 conversations is above"):
        builders.channel("chat", 1000, 300, concurrency=12)
    with pytest.raises(ValidationError):
        builders.channel("chat", 1000, 300, concurrency=0.5)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"volume_per_month": 10**14}, "a contact centre does not take more than a billion"),
        ({"volume_per_month": 10**308}, "volume_per_month"),
        ({"talk_seconds": 1e308}, "talk_seconds = 1e.308 s is above the most accepted, 86400"),
        ({"hold_seconds": 90_000.0}, "hold_seconds"),
        ({"patience_seconds": 1e9}, "patience_seconds"),
        ({"handle_time_cv": 50.0}, "handle_time_cv"),
    ],
)
def test_implausible_numbers_are_refused(fields: dict[str, Any], message: str) -> None:
    base = {"channel": "phone", "volume_per_month": 1000, "talk_seconds": 300.0, **fields}
    with pytest.raises(ValidationError, match=message):
        ChannelNeeds(**base)


def test_contract_and_targets_are_bounded() -> None:
    with pytest.raises(ValidationError, match="term_months"):
        builders.contract(term_months=121)
    with pytest.raises(ValidationError, match="forecast_cv"):
        builders.contract(forecast_cv=5.0)
    with pytest.raises(ValidationError, match="budget_per_month"):
        builders.contract(budget_per_month=Decimal("1e300"))
    with pytest.raises(ValidationError, match="answer_within_seconds"):
        ServiceLevelTarget(share=0.8, answer_within_seconds=1e9)
    with pytest.raises(ValidationError, match="respond_within_hours"):
        ServiceLevelTarget(share=0.8, respond_within_hours=1e5)


def test_kpi_targets_are_validated_and_complete_the_channels_targets() -> None:
    target = KpiTarget(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20)
    assert target.key == "phone.service_level"
    assert target.describe() == "phone service level 80% within 20 s"
    assert KpiTarget(channel="phone", kpi="asa_seconds", target=30).describe() == "phone ASA ≤ 30 s"
    with pytest.raises(ValidationError, match="needs threshold_seconds"):
        KpiTarget(channel="phone", kpi="service_level", target=0.8)
    with pytest.raises(ValidationError, match="threshold_hours does not apply"):
        KpiTarget(channel="phone", kpi="abandonment", target=0.05, threshold_hours=2)
    with pytest.raises(ValidationError, match="between 0 and 1"):
        KpiTarget(channel="phone", kpi="csat", target=85)
    with pytest.raises(ValidationError, match="given twice"):
        SecurityNeeds(kpi_targets=(target, target))
    needs = builders.make_needs(
        channels=(
            builders.channel("phone", 1000, 300, share=0.8, within_seconds=20),
            builders.channel("email", 500, 300, share=0.9, within_hours=4),
            builders.channel("chat", 0, 300, share=0.8, within_seconds=30),  # no volume
        ),
        security=SecurityNeeds(
            kpi_targets=(
                KpiTarget(channel="phone", kpi="service_level", target=0.9, threshold_seconds=15),
            )
        ),
    )
    keys = {t.key: t for t in needs.service_targets}
    # the stated phone target wins; email's own 90% in 4 h is added; chat has no volume
    assert set(keys) == {"phone.service_level", "email.response_within_hours"}
    assert keys["phone.service_level"].target == 0.9
    assert keys["email.response_within_hours"].threshold_hours == 4


def test_seasonality() -> None:
    season = Seasonality(
        month_factors=(1.1, 0.9, *(1.0,) * 10),
        events=(
            EventPeak(name="sale", month="2027-03", factor=1.5, channels=(Channel.PHONE,)),
            EventPeak(name="launch", month="2027-03", factor=1.2),
        ),
    )
    assert season.factor(1) == 1.1
    assert season.month_factor("2027-03", Channel.PHONE) == pytest.approx(1.5 * 1.2)
    assert season.month_factor("2027-03", Channel.EMAIL) == pytest.approx(1.2)
    assert season.month_factor("2028-03", Channel.PHONE) == 1.0
    assert season.factors(["2027-01", "2027-02"], Channel.PHONE).tolist() == [1.1, 0.9]
    with pytest.raises(ValidationError, match="average 1"):
        Seasonality(month_factors=(1.2,) * 12)
    with pytest.raises(ValidationError, match="12 values"):
        Seasonality(month_factors=(1.0,) * 11)
    with pytest.raises(ValueError, match="month_of_year"):
        season.factor(13)
    with pytest.raises(ValidationError):
        EventPeak(name="x", month="2027-03", factor=20)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        ("staffing", "min_industry_years", 500.0),
        ("social", "first_response_minutes", 1e9),
        ("security", "max_rto_hours", 1e6),
        ("security", "dr_test_within_months", 10_000),
        ("locations", "max_timezone_offset_hours", 30.0),
    ],
)
def test_every_number_of_the_needs_is_bounded(model: str, field: str, value: float) -> None:
    data = minimal()
    data[model] = {field: value}
    with pytest.raises(ValidationError) as caught:
        Needs.model_validate(data)
    assert caught.value.errors()[0]["loc"] == (model, field)
