"""Outbound needs: the campaign funnel and a channel's direction."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import vendoreval as ve
from vendoreval.needs.outbound import OutboundCampaign
from vendoreval.vocabulary import Direction


def test_funnel() -> None:
    # 2,000 × (1 − 0.25) = 1,500 dialled; × 2 = 3,000 dials; × 0.5 = 750 contacts; × 0.1 = 75
    c = OutboundCampaign(
        name="x",
        list_size=2_000,
        do_not_call_share=0.25,
        dials_per_number=2.0,
        contact_rate=0.5,
        conversion_rate=0.1,
    )
    assert (c.numbers_dialled, c.dials, c.contacts, c.sales) == pytest.approx(
        (1_500, 3_000, 750, 75)
    )


def test_bad_rates_are_refused() -> None:
    with pytest.raises(ValidationError):
        OutboundCampaign(name="x", list_size=10, contact_rate=1.2, conversion_rate=0.1)
    with pytest.raises(ValidationError):
        OutboundCampaign(name="x", list_size=-1, contact_rate=0.2, conversion_rate=0.1)


def test_needs_default_inbound_and_take_campaigns() -> None:
    needs, _ = ve.load_sample()
    assert all(ch.direction is Direction.INBOUND for ch in needs.channels)
    assert needs.outbound == ()
    campaign = OutboundCampaign(name="x", list_size=10, contact_rate=0.2, conversion_rate=0.1)
    channels = (needs.channels[0].model_copy(update={"direction": Direction.OUTBOUND}),)
    updated = needs.model_copy(update={"outbound": (campaign,), "channels": channels})
    assert updated.outbound[0].name == "x"
    assert updated.channels[0].direction == "outbound"
