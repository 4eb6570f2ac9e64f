"""Volume tiers: the exact parts the invoice bills, and the vectorised charge that agrees."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendoreval.pricing import TierBand, TierMode, VolumeTier
from vendoreval.pricing.tiers import exact_tier_charge, tier_charge, tier_parts

D = Decimal


def tier(mode: str) -> VolumeTier:
    # Chat contacts: 2.00 each up to 100, 1.00 each above.
    return VolumeTier(
        basis="contacts",
        channel="chat",
        mode=mode,
        bands=(TierBand(up_to=100, rate=D(2)), TierBand(rate=D(1))),
    )


def test_graduated_parts_are_the_band_shares() -> None:
    # 150 contacts: 100 at 2.00 and 50 at 1.00 = 250.
    parts = tier_parts(tier("graduated"), Fraction(150))
    assert [(p.lower, p.upper, p.quantity, p.rate, p.all_units) for p in parts] == [
        (0, 100, 100, D(2), False),
        (100, None, 50, D(1), False),
    ]
    assert exact_tier_charge(tier("graduated"), Fraction(150)) == 250
    # 100.5 minutes: the band limit is inclusive, the half above it is at 1.00 (200.5).
    assert exact_tier_charge(tier("graduated"), Fraction(201, 2)) == Fraction(401, 2)
    assert tier_parts(tier("graduated"), Fraction(0)) == []


def test_all_units_price_everything_at_the_band_reached() -> None:
    # 150 contacts reach the open band: all 150 at 1.00; 100 stay in the first: 200.
    (part,) = tier_parts(tier("all_units"), Fraction(150))
    assert (part.lower, part.upper, part.quantity, part.rate, part.all_units) == (
        100,
        None,
        150,
        D(1),
        True,
    )
    assert exact_tier_charge(tier("all_units"), Fraction(150)) == 150
    assert exact_tier_charge(tier("all_units"), Fraction(100)) == 200


@given(
    st.lists(st.integers(1, 5_000), min_size=0, max_size=4, unique=True),
    st.lists(st.decimals(0, 100, places=2), min_size=5, max_size=5),
    st.sampled_from(list(TierMode)),
    st.fractions(0, 30_000, max_denominator=60),
)
def test_exact_parts_and_the_vectorised_charge_agree(
    limits: list[int], rates: list[Decimal], mode: TierMode, quantity: Fraction
) -> None:
    bounds = sorted(limits)
    bands = tuple(
        TierBand(up_to=up_to, rate=rate)
        for up_to, rate in zip([*bounds, None], rates, strict=False)
    )
    volume = VolumeTier(basis="voice_minutes", mode=mode, bands=bands)
    parts = tier_parts(volume, quantity)
    if mode is TierMode.GRADUATED:
        assert sum((p.quantity for p in parts), Fraction(0)) == quantity
    else:
        assert len(parts) == (1 if quantity > 0 else 0)
    exact = exact_tier_charge(volume, quantity)
    vectorised = float(tier_charge(volume, [float(quantity)])[0])
    assert vectorised == pytest.approx(float(exact), rel=1e-9, abs=1e-9)
