"""The service-level chart draws the month's half hours against the committed target."""

from __future__ import annotations

import sys
from typing import Any, cast

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from tests.contract.fixtures import TERMS, contacts
from vendoreval.contract import SlaReport, sla_report
from vendoreval.errors import ArgumentError, ContractError
from vendoreval.plots.contract import (
    CREDIT_COLOUR,
    MET_COLOUR,
    MISSED_COLOUR,
    TARGET_COLOUR,
    plot_net_cost,
    service_level_plot,
)


@pytest.fixture
def report() -> SlaReport:
    return sla_report(TERMS, contacts(), "2027-01")


def test_bars_by_half_hour_of_day_and_the_target_line(report: SlaReport) -> None:
    fig, ax = plt.subplots()
    try:
        assert service_level_plot(report, "phone", ax=ax) is ax
        bars = [cast(Rectangle, patch) for patch in ax.patches]
        assert len(bars) == 48
        heights = np.array([b.get_height() for b in bars])
        # 09:00 slot (index 18): P1, P2 within 20 s of P1–P3 → 2/3; 09:30 (19): P4 0/1;
        # 10:00 (20): P5 1/1; 23:30 (47): P9 (3 s) and P10 (30 s) pooled → 1/2.
        assert heights[18] == pytest.approx(2 / 3)
        assert heights[19] == 0
        assert heights[20] == 1
        assert heights[47] == 0.5
        assert heights[0] == 0  # no contacts
        assert to_hex(bars[20].get_facecolor()) == MET_COLOUR.lower()
        assert to_hex(bars[18].get_facecolor()) == MISSED_COLOUR.lower()
        target = [
            line for line in ax.get_lines() if to_hex(line.get_color()) == TARGET_COLOUR.lower()
        ]
        assert len(target) == 1
        assert list(np.asarray(target[0].get_ydata())) == [0.8, 0.8]
        legend = ax.get_legend()
        assert legend is not None
        assert "target 80% within 20 s" in [t.get_text() for t in legend.get_texts()]
    finally:
        plt.close(fig)


def test_interval_line_and_own_figure(report: SlaReport) -> None:
    ax = service_level_plot(report, "chat", by="interval")
    try:
        line = ax.get_lines()[0]
        # 8 Jan 10:00: C1 within 60 s of C1–C3 → 1/3; 9 Jan 11:00: C4 at 60 s → 1.
        np.testing.assert_allclose(np.asarray(line.get_ydata(), dtype=float), [1 / 3, 1.0])
        assert ax.get_title() == "chat service level, 2027-01"
    finally:
        plt.close("all")


def test_refusals(report: SlaReport) -> None:
    with pytest.raises(ContractError, match=r"no 'email.service_level' commitment"):
        service_level_plot(report, "email")
    with pytest.raises(ValueError, match=r"by must be"):
        service_level_plot(report, "phone", by="week")  # type: ignore[arg-type]
    plt.close("all")


def test_contract_package_does_not_load_matplotlib() -> None:
    import subprocess

    code = "import vendoreval.contract, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------------- net cost


@pytest.fixture(scope="module")
def simulation() -> Any:
    from decimal import Decimal

    from tests import builders
    from vendoreval.contract import Commitment, ServiceCredits
    from vendoreval.simulation import simulate_costs
    from vendoreval.vocabulary import Channel as Ch

    needs = builders.make_needs(
        channels=(
            builders.channel(
                "phone", 20_000, 240, share=0.8, within_seconds=20, patience_seconds=90
            ),
        ),
        contract=builders.contract(term_months=3, forecast_cv=0.1),
    )
    missed = ServiceCredits(
        commitments=(
            Commitment(channel="phone", kpi="service_level", target=0.99, threshold_seconds=20),
        ),
        at_risk_share=0.1,
    )
    head = builders.vendor(
        "Per head",
        billing_increment="60/60",
        fte_month_rate=Decimal(4_000_000),
        committed_ftes={Ch.PHONE: 20},
    ).model_copy(update={"commitments": missed})
    usage = builders.vendor("Usage", billing_increment="1/1", voice_rate_per_minute=Decimal(700))
    return simulate_costs(needs, [head, usage], runs=300, seed=0)


def test_net_cost_bars_credits_and_spread(simulation: Any) -> None:
    fig, ax = plt.subplots()
    try:
        assert plot_net_cost(simulation, ax=ax) is ax
        labels = [t.get_text() for t in ax.get_yticklabels()]  # in the order set, top first
        net = simulation.samples.mean()
        assert labels == sorted(labels, key=lambda name: net[name])  # cheapest at the top
        ticks = list(ax.get_yticks())
        assert ticks == sorted(ticks, reverse=True)
        bars = [cast(Rectangle, patch) for patch in ax.patches]
        widths = sorted(round(b.get_width()) for b in bars)
        # the per-head vendor misses 99% in 20 s every month: 10% of 80,000,000 comes back
        assert round(simulation.credits["Per head"].mean()) == 8_000_000
        assert 8_000_000 in widths
        credit_bars = [b for b in bars if to_hex(b.get_facecolor()) == CREDIT_COLOUR.lower()]
        assert len(credit_bars) == 1
        assert credit_bars[0].get_x() == pytest.approx(simulation.samples["Per head"].mean())
        assert "credits" in "".join(t.get_text() for t in ax.texts)
        assert ax.get_legend() is not None
    finally:
        plt.close(fig)


def test_net_cost_vendor_subset_and_bad_names(simulation: Any) -> None:
    ax = plot_net_cost(simulation, vendors=["Usage"])
    try:
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Usage"]
    finally:
        plt.close(ax.figure)
    with pytest.raises(ArgumentError, match="no vendor 'Nobody'"):
        plot_net_cost(simulation, vendors=["Nobody"])
