"""scenario_cost: each vendor priced on its share, fees and minimums once per awarded vendor,
nothing for a vendor without a share; hand-worked fixtures and the simulation as reference."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.award.instances import RUNS, small_needs, small_vendors
from tests.builders import channel, contract, languages, make_needs, vendor
from vendoreval.award import cost as cost_module
from vendoreval.award import scenario_cost, vendor_costs
from vendoreval.errors import (
    ArgumentError,
    ArgumentTypeError,
    UnknownNameError,
    UnpricedChannelError,
    VendorEvalError,
)
from vendoreval.needs import Needs
from vendoreval.pricing import Premiums
from vendoreval.proposal import VendorProposal
from vendoreval.simulation import simulate_costs


def _email_needs(volume: int, **fields: Any) -> Needs:
    """E-mail only, no forecast error (the month's contacts are Poisson around ``volume``)."""
    base: dict[str, Any] = {
        "channels": (channel("email", volume, 240, share=0.9, within_hours=4),),
        "contract": contract(start_month="2027-03", forecast_cv=0.0),
    }
    return make_needs(**{**base, **fields})


def _per_email(name: str, price: int, **sheet: Any) -> VendorProposal:
    return vendor(name, billing_increment="60/60", per_contact={"email": Decimal(price)}, **sheet)


def test_one_vendor_taking_everything_costs_what_the_simulation_says() -> None:
    needs, proposals = small_needs(), small_vendors()
    for proposal in proposals[:3]:
        allocation = {c.channel.value: proposal.name for c in needs.channels}
        expected = simulate_costs(needs, [proposal], runs=RUNS, seed=3).samples.iloc[:, 0].mean()
        assert scenario_cost(needs, proposals, allocation, RUNS, 3) == pytest.approx(
            expected, rel=1e-12
        )


def test_a_vendor_on_one_channel_costs_what_the_simulation_says_of_that_channel() -> None:
    needs, proposals = small_needs(), small_vendors()
    alpha, bravo = proposals[0], proposals[1]
    costs = vendor_costs(
        needs, proposals, {"phone": "Alpha", "chat": "Bravo", "email": "Bravo"}, RUNS, 1
    )
    # Alpha's own needs: the phone channel alone (chat and e-mail without volume).
    phone_only = needs.model_copy(
        update={
            "channels": (
                needs.channels[0],
                needs.channels[1].model_copy(update={"volume_per_month": 0}),
                needs.channels[2].model_copy(update={"volume_per_month": 0}),
            )
        }
    )
    expected = simulate_costs(phone_only, [alpha], runs=RUNS, seed=1).samples.iloc[:, 0].mean()
    assert costs["Alpha"] == pytest.approx(expected, rel=1e-12)
    rest = make_needs(
        channels=needs.channels[1:],
        languages=needs.languages,
        contract=needs.contract,
    )
    expected = simulate_costs(rest, [bravo], runs=RUNS, seed=1).samples.iloc[:, 0].mean()
    assert costs["Bravo"] == pytest.approx(expected, rel=1e-12)
    assert costs[["Charlie", "Delta", "Echo"]].tolist() == [0.0, 0.0, 0.0]


def test_minimum_applies_once_per_awarded_vendor() -> None:
    # 200 e-mails at 1,000 plus a 500,000 fee is about 700,000 a month, far below the
    # 2,000,000 minimum in every simulated month (Poisson(200) stays under 1,500), so each
    # awarded vendor bills exactly the minimum: alone 2,000,000; split in two, 4,000,000.
    needs = _email_needs(200)
    first = _per_email(
        "First", 1_000, monthly_fixed=Decimal(500_000), minimum_monthly=Decimal(2_000_000)
    )
    second = first.model_copy(update={"name": "Second"})
    both = [first, second]
    assert scenario_cost(needs, both, {"email": "First"}, 500) == pytest.approx(2_000_000)
    split = {"email": {"First": 0.5, "Second": 0.5}}
    assert scenario_cost(needs, both, split, 500) == pytest.approx(4_000_000)


def test_fixed_fee_is_charged_once_per_awarded_vendor_and_never_without_a_share() -> None:
    # Per e-mail 1,000 and a 3,000,000 fee. 5,000 e-mails: alone 5,000,000 + 3,000,000;
    # split 50/50 the usage is the same and the fee is paid twice: 5,000,000 + 6,000,000.
    needs = _email_needs(5_000)
    first = _per_email("First", 1_000, monthly_fixed=Decimal(3_000_000))
    second = first.model_copy(update={"name": "Second"})
    alone = scenario_cost(needs, [first, second], {"email": "First"}, 2_000, 4)
    split = scenario_cost(
        needs, [first, second], {"email": {"First": 0.5, "Second": 0.5}}, 2_000, 4
    )
    # Poisson(5,000) means over 2,000 months: standard error 1.6 contacts = 1,600 KRW.
    assert alone == pytest.approx(8_000_000, abs=10_000)
    assert split == pytest.approx(11_000_000, abs=10_000)
    costs = vendor_costs(needs, [first, second], {"email": "First"}, 2_000, 4)
    assert costs["Second"] == 0.0


def test_shares_split_the_volume_linearly_at_each_vendors_price() -> None:
    # 10,000 e-mails: 40% at 2,000 and 60% at 1,500 = 8,000,000 + 9,000,000 = 17,000,000.
    needs = _email_needs(10_000)
    dear, cheap = _per_email("Dear", 2_000), _per_email("Cheap", 1_500)
    split = {"email": {"Dear": 0.4, "Cheap": 0.6}}
    costs = vendor_costs(needs, [dear, cheap], split, 2_000, 0)
    assert costs["Dear"] == pytest.approx(8_000_000, rel=2e-3)
    assert costs["Cheap"] == pytest.approx(9_000_000, rel=2e-3)


def test_language_segments_carry_their_language_surcharge() -> None:
    # 10,000 e-mails, 80% Korean, 20% English; 1,000 an e-mail, English × 1.5:
    # Korean 8,000 × 1,000 = 8,000,000; English 2,000 × 1,500 = 3,000,000; all 11,000,000.
    needs = _email_needs(10_000, languages=languages(ko=0.8, en=0.2))
    surcharged = _per_email(
        "Multi", 1_000, premiums=Premiums(language_multipliers={"en": Decimal("1.5")})
    )
    flat = _per_email("Flat", 1_000)
    both = [surcharged, flat]
    english = vendor_costs(needs, both, {"en": "Multi", "ko": "Flat"}, 2_000)
    korean = vendor_costs(needs, both, {"ko": "Multi", "en": "Flat"}, 2_000)
    whole = scenario_cost(needs, both, {"email": "Multi"}, 2_000)
    assert english["Multi"] == pytest.approx(3_000_000, rel=5e-3)
    assert korean["Multi"] == pytest.approx(8_000_000, rel=5e-3)
    assert whole == pytest.approx(11_000_000, rel=5e-3)


def test_allocation_forms_agree() -> None:
    needs, proposals = small_needs(), small_vendors()
    mapping: dict[str, Any] = {
        "phone/ko": "Alpha",
        "phone/en": {"Alpha": 0.5, "Bravo": 0.5},
        "chat": "Bravo",
        "email": {"Bravo": 1.0},
    }
    frame = pd.DataFrame(
        {"Alpha": [1.0, 0.5, 0.0, 0.0], "Bravo": [0.0, 0.5, 1.0, 1.0]},
        index=["phone/ko", ("phone", "en"), "chat", "email"],
    )
    assert scenario_cost(needs, proposals, mapping, RUNS) == scenario_cost(
        needs, proposals, frame, RUNS
    )


def test_repeated_evaluation_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = simulate_costs

    def counting(needs: Needs, proposals: list[VendorProposal], **kwargs: Any) -> Any:
        calls.append(proposals[0].name)
        return real(needs, proposals, **kwargs)

    monkeypatch.setattr(cost_module, "simulate_costs", counting)
    cost_module.clear_cache()
    needs, proposals = small_needs(), small_vendors()
    split = {"phone": "Alpha", "chat": "Bravo", "email": "Bravo"}
    first = scenario_cost(needs, proposals, split, RUNS, 11)
    again = scenario_cost(
        needs,
        proposals,
        {"phone": "Alpha", "chat/ko": "Bravo", "chat/en": "Bravo", "email": "Bravo"},
        RUNS,
        11,
    )
    assert first == again
    assert sorted(calls) == ["Alpha", "Bravo"]


def test_unpriced_channel_names_the_vendor_and_its_index() -> None:
    needs, proposals = small_needs(), small_vendors()
    with pytest.raises(UnpricedChannelError, match=r"'Delta' \(proposals\[3\]\) email"):
        scenario_cost(needs, proposals, {"phone": "Alpha", "chat": "Alpha", "email": "Delta"})


@pytest.mark.parametrize(
    ("allocation", "error", "message"),
    [
        ({"phone": "Zulu", "chat": "Alpha", "email": "Alpha"}, UnknownNameError, "'Zulu'"),
        ({"fax": "Alpha", "chat": "Alpha", "email": "Alpha"}, UnknownNameError, "'fax'"),
        (
            {"phone": {"Alpha": 0.5, "Bravo": 0.4}, "chat": "Alpha", "email": "Alpha"},
            ArgumentError,
            "'phone' sum to 0.9",
        ),
        (
            {"phone": "Alpha", "phone/ko": "Bravo", "chat": "Alpha", "email": "Alpha"},
            ArgumentError,
            "both cover phone/ko",
        ),
        ({"phone": "Alpha", "chat": "Alpha"}, ArgumentError, "no segment covers email/ko"),
        ({"phone": {"Alpha": 1.5}, "chat": "Alpha", "email": "Alpha"}, ArgumentError, r"\[0, 1\]"),
        (
            {"phone": {"Alpha": float("nan")}, "chat": "Alpha", "email": "Alpha"},
            ArgumentError,
            "phone",
        ),
        (
            {"phone": {"Alpha": "all"}, "chat": "Alpha", "email": "Alpha"},
            ArgumentTypeError,
            "share",
        ),
        ({"phone": 3, "chat": "Alpha", "email": "Alpha"}, ArgumentTypeError, "phone"),
        ({}, ArgumentError, "empty"),
    ],
)
def test_bad_allocations_are_named(allocation: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        scenario_cost(small_needs(), small_vendors(), allocation, RUNS)


def test_bad_arguments_are_named() -> None:
    needs, proposals = small_needs(), small_vendors()
    whole = {"phone": "Alpha", "chat": "Alpha", "email": "Alpha"}
    with pytest.raises(ArgumentError, match="runs"):
        scenario_cost(needs, proposals, whole, runs=0)
    with pytest.raises(ArgumentError, match="seed"):
        scenario_cost(needs, proposals, whole, seed=-1)
    with pytest.raises(VendorEvalError, match="month"):
        scenario_cost(needs, proposals, whole, month="2027-13")
    with pytest.raises(ArgumentError, match="unique"):
        scenario_cost(needs, [proposals[0], proposals[0]], whole)
    with pytest.raises(ArgumentTypeError, match="allocation"):
        scenario_cost(needs, proposals, np.ones((3, 5)))  # type: ignore[arg-type]
    usd = vendor("Dollar", billing_increment="60/60", currency="USD", voice_rate_per_minute=1)
    with pytest.raises(ArgumentError, match=r"proposals\[5\].*currency"):
        scenario_cost(needs, [*proposals, usd], whole)
