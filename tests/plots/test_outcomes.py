"""Outcome charts: forest plot of differences and retention curves draw what they should."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.container import ErrorbarContainer

from tests.outcomes.test_retention import fixture as customers
from vendoreval.errors import OutcomeRecordError
from vendoreval.outcomes import PilotComparison, compare_pilots, retention_curve, synthetic_pilot
from vendoreval.plots import OKABE_ITO, forest_plot, retention_plot


@pytest.fixture(scope="module")
def comparison() -> PilotComparison:
    return compare_pilots(synthetic_pilot(seed=0, customers_per_arm=200))


def _errorbars(ax: Axes) -> list[ErrorbarContainer]:
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


def test_forest_plot_one_kpi(comparison: PilotComparison) -> None:
    fig, ax = plt.subplots()
    returned = forest_plot(comparison, "fcr", ax=ax)
    assert returned is ax
    bars = _errorbars(ax)
    assert [c.get_label() for c in bars] == ["Vendor A", "Vendor B"]
    # Each vendor's marker sits at its difference, coloured in palette order.
    table = comparison.table.xs("fcr", level="kpi")
    for position, (container, vendor) in enumerate(
        zip(bars, ["Vendor A", "Vendor B"], strict=True)
    ):
        x, _ = container.lines[0].get_data()
        assert x[0] == pytest.approx(table.loc[vendor, "diff_vs_baseline"])
        assert to_hex(container.lines[0].get_color()) == OKABE_ITO[position].lower()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Vendor A", "Vendor B"]
    zero = [line for line in ax.get_lines() if list(line.get_xdata()) == [0, 0]]
    assert len(zero) == 1
    assert "in-house" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Vendor A", "Vendor B"]
    plt.close(fig)


def test_forest_plot_all_share_kpis(comparison: PilotComparison) -> None:
    ax = forest_plot(comparison)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    shares = [k for k in comparison.kpis if k != "handle_seconds"]
    assert len(labels) == 2 * len(shares)
    assert labels[0] == "Vendor A · fcr"
    assert not any("handle_seconds" in label for label in labels)
    assert len(_errorbars(ax)) == 2
    plt.close(ax.figure)


def test_forest_plot_seconds_axis(comparison: PilotComparison) -> None:
    ax = forest_plot(comparison, kpi="handle_seconds")
    assert ax.get_xlabel().endswith("[s]")
    plt.close(ax.figure)
    with pytest.raises(OutcomeRecordError, match="conversion"):
        forest_plot(comparison, kpi="conversion")


def test_retention_plot_from_customers() -> None:
    fig, ax = plt.subplots()
    assert retention_plot(customers(), ax=ax) is ax
    steps = [line for line in ax.get_lines() if line.get_label() in {"A", "B"}]
    assert [line.get_label() for line in steps] == ["A", "B"]
    # The step curve of A starts at 1 on day 0 and ends at A's last survival value.
    x, y = steps[0].get_data()
    assert (x[0], y[0]) == (0, 1.0)
    assert y[-1] == pytest.approx(0.35 * 0.5)  # day 400: 2 at risk, 1 cancels
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B"]
    assert to_hex(steps[1].get_color()) == OKABE_ITO[1].lower()
    plt.close(fig)


def test_retention_plot_from_curves() -> None:
    curves = retention_curve(customers())
    ax = retention_plot(curves)
    lines = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert [line.get_label() for line in lines] == ["A", "B"]
    x, y = lines[0].get_data()
    assert list(x) == [0, 90, 180, 365]
    np.testing.assert_allclose(y, [1.0, *curves.loc["A"]])
    plt.close(ax.figure)
    with pytest.raises(OutcomeRecordError, match="retention_curve table"):
        retention_plot(pd.DataFrame({"vendor": ["A"], "x": [1]}))


def test_importing_does_not_import_matplotlib_or_scipy() -> None:
    code = (
        "import sys, vendoreval.outcomes;print('matplotlib' in sys.modules, 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
