"""Tests for vendoreval.simulation.whatif: expected-cost curves and break-even points.

References: the Monte Carlo mean of :func:`simulate_costs` (for tariffs that are linear in
the quantities, the cost of the expected month is the expected cost), and a seeded Monte Carlo
of lognormal handle times through :meth:`BillingIncrement.billed_seconds` for the location of
a break-even handle time.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests import builders
from vendoreval.needs import Needs
from vendoreval.needs.hours import Hours
from vendoreval.pricing import BillableComponent, BillingIncrement, Premiums, PriceSheet
from vendoreval.proposal import VendorProposal
from vendoreval.proposal.pricing import PricingAnswer
from vendoreval.simulation import simulate_costs
from vendoreval.simulation.whatif import break_even, cost_curve
from vendoreval.vocabulary import Channel

D = Decimal
CV = 0.7


def make_needs(phone: int = 8_000) -> Needs:
    return builders.make_needs(
        buyer="What-if buyer",
        industry="retail",
        competitors=(),
        hours=Hours(always=True),
        channels=(
            builders.channel(
                Channel.PHONE,
                phone,
                240,
                share=0.8,
                within_seconds=20,
                hold_seconds=30,
                acw_seconds=45,
                handle_time_cv=CV,
                patience_seconds=60,
                arrival="retail-evenings",
            ),
            builders.channel(Channel.CHAT, phone // 3, 400, share=0.8, within_seconds=60),
        ),
        languages=builders.languages(ko=0.8, en=0.2),
    )


def vendor(name: str, **sheet: Any) -> VendorProposal:
    sheet.setdefault("currency", "KRW")
    sheet.setdefault("per_contact", {Channel.CHAT: D(1500)})
    return VendorProposal(name=name, pricing=PricingAnswer(sheet=PriceSheet(**sheet)))


PER_MINUTE = vendor("Per minute", billing_increment="60/60", voice_rate_per_minute=D(600))
PER_SECOND = vendor("Per second", billing_increment="1/1", voice_rate_per_minute=D(660))
WAIT = vendor(
    "Per second with wait",
    billing_increment="1/1",
    billable_components=tuple(BillableComponent),
    voice_rate_per_minute=D(640),
    premiums=Premiums(
        timezone="Asia/Seoul", weekend_multiplier=D("1.2"), language_multipliers={"en": D("1.1")}
    ),
)
LINEAR = [PER_MINUTE, PER_SECOND, WAIT]


def cell(frame: pd.DataFrame, row: object, column: object) -> float:
    """One value of a frame as a float."""
    table: Any = frame
    return float(table.loc[row, column])


def test_expected_cost_is_the_simulated_mean_for_linear_tariffs() -> None:
    # The expected month holds each vendor's queue at the forecast; the simulation lets it
    # follow each month's volume, so the two agree exactly without forecast error (only the
    # Poisson counts vary), and the simulated month is the start month alone.
    base = make_needs()
    needs = base.model_copy(
        update={"contract": base.contract.model_copy(update={"forecast_cv": 0.0})}
    )
    curve = cost_curve(needs, LINEAR, "volume", [1.0])
    sim = simulate_costs(needs, LINEAR, runs=20_000, seed=3, month=needs.contract.start_month)
    for name in curve.columns:
        samples = sim.samples[name]
        error = samples.std() / math.sqrt(samples.size)
        assert abs(cell(curve, 1.0, name) - samples.mean()) < 4 * error, name


def test_volume_curve_shape_and_monotonicity() -> None:
    values = [0.5, 0.8, 1.0, 1.3, 2.0]
    curve = cost_curve(make_needs(), LINEAR, "volume", values)
    assert curve.index.name == "volume"
    assert curve.index.tolist() == values
    assert list(curve.columns) == [v.name for v in LINEAR]
    assert (curve.diff().iloc[1:] > 0).all().all()
    # linear tariffs without fixed fees: cost proportional to volume
    assert cell(curve, 2.0, PER_MINUTE.name) == pytest.approx(4 * cell(curve, 0.5, PER_MINUTE.name))


def test_wait_curve_moves_only_the_vendor_billing_wait() -> None:
    curve = cost_curve(make_needs(), LINEAR, "wait_seconds", [0.0, 10.0, 30.0, 90.0])
    assert (curve[WAIT.name].diff().iloc[1:] > 0).all()
    assert (curve[PER_MINUTE.name] == curve[PER_MINUTE.name].iloc[0]).all()
    # every billed queue second costs the rate (with the premiums' average multiplier)
    slope = (cell(curve, 90.0, WAIT.name) - cell(curve, 30.0, WAIT.name)) / 60.0
    rate = 640 / 60 * make_needs().channel("phone").volume_per_month
    assert rate <= slope <= rate * 1.2


def test_aht_curve() -> None:
    curve = cost_curve(make_needs(), LINEAR, "aht_seconds", [120.0, 315.0, 600.0])
    assert curve.index.name == "aht_seconds"
    assert (curve.diff().iloc[1:] > 0).all().all()
    at_forecast = cost_curve(make_needs(), LINEAR, "volume", [1.0])
    assert np.allclose(curve.loc[315.0], at_forecast.loc[1.0])


def test_break_even_handle_time_per_second_versus_per_minute() -> None:
    needs = make_needs()
    crossing = break_even(needs, PER_SECOND, PER_MINUTE, "aht_seconds", low=60, high=900)
    assert crossing is not None
    assert 200 < crossing < 400
    # independent check: at that mean handle time 660·E[⌈H⌉] = 600·E[60⌈H/60⌉]
    rng = np.random.default_rng(17)
    sigma2 = math.log1p(CV * CV)
    handle = rng.lognormal(math.log(crossing) - sigma2 / 2, math.sqrt(sigma2), 2_000_000)
    per_second = 660 * np.asarray(BillingIncrement.parse("1/1").billed_seconds(handle))
    per_minute = 600 * np.asarray(BillingIncrement.parse("60/60").billed_seconds(handle))
    gap = per_second - per_minute
    assert abs(gap.mean()) < 4 * gap.std() / math.sqrt(gap.size)
    # below the crossing per-second is cheaper, above it dearer
    curve = cost_curve(
        needs, [PER_SECOND, PER_MINUTE], "aht_seconds", [crossing - 50, crossing + 50]
    )
    assert float(curve.to_numpy()[0, 0]) < float(curve.to_numpy()[0, 1])
    assert float(curve.to_numpy()[1, 0]) > float(curve.to_numpy()[1, 1])


def test_break_even_none_when_no_crossing() -> None:
    assert break_even(make_needs(), PER_SECOND, PER_MINUTE, "aht_seconds", 500, 900) is None


def test_break_even_in_volume() -> None:
    # a fixed fee against a higher rate: equal at the volume where 50 000 000 = Δrate × usage
    fixed = vendor(
        "Fixed and cheap",
        billing_increment="60/60",
        voice_rate_per_minute=D(400),
        monthly_fixed=D(50_000_000),
    )
    crossing = break_even(make_needs(), fixed, PER_MINUTE, "volume", low=0.1, high=20.0)
    assert crossing is not None
    curve = cost_curve(make_needs(), [fixed, PER_MINUTE], "volume", [crossing])
    assert float(curve.to_numpy()[0, 0]) == pytest.approx(float(curve.to_numpy()[0, 1]), rel=1e-4)


def test_bad_input() -> None:
    needs = make_needs()
    with pytest.raises(ValueError, match="vary"):
        cost_curve(needs, LINEAR, "talk", [1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="channel must be 'phone'"):
        cost_curve(needs, LINEAR, "wait_seconds", [1.0], channel="chat")
    with pytest.raises(ValueError, match="not in the needs"):
        cost_curve(needs, LINEAR, "aht_seconds", [100.0], channel="email")
    with pytest.raises(ValueError, match="aht_seconds must be > 0"):
        cost_curve(needs, LINEAR, "aht_seconds", [0.0])
    with pytest.raises(ValueError, match="values"):
        cost_curve(needs, LINEAR, "volume", [math.nan])
    with pytest.raises(ValueError, match="different vendors"):
        break_even(needs, PER_MINUTE, PER_MINUTE)
    with pytest.raises(ValueError, match="low < high"):
        break_even(needs, PER_MINUTE, PER_SECOND, low=10, high=5)
    with pytest.raises(ValueError, match="grid"):
        break_even(needs, PER_MINUTE, PER_SECOND, grid=1)
