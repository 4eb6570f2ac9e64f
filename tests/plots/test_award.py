"""The award chart: one bar per segment, as long as its volume, split by vendor."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from tests.award.instances import small_needs, small_vendors
from vendoreval.award import Award, optimize_award
from vendoreval.errors import ArgumentError
from vendoreval.plots import OKABE_ITO, plot_award


@pytest.fixture(scope="module")
def award() -> Award:
    return optimize_award(small_needs(), small_vendors(), "both", max_share=0.6, runs=100)


def test_bars_add_up_to_each_segments_volume(award: Award) -> None:
    fig, ax = plt.subplots()
    try:
        assert plot_award(award, ax=ax) is ax
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        awarded = award.vendors
        assert len(bars) == len(awarded) * len(award.allocation.index)
        totals = np.zeros(len(award.allocation.index))
        for bar in bars:
            totals[round(bar.get_y() + bar.get_height() / 2)] += bar.get_width()
        np.testing.assert_allclose(totals, award.segment_volumes.to_numpy())
        legend = ax.get_legend()
        assert legend is not None
        labels = [t.get_text() for t in legend.get_texts()]
        assert [label.split(" (")[0] for label in labels] == list(awarded)
        assert [t.get_text() for t in ax.get_yticklabels()] == list(award.allocation.index)
        assert "saves" in ax.get_title() or "costs" in ax.get_title()
    finally:
        plt.close(fig)


def test_vendor_colour_follows_its_place_among_the_proposals(award: Award) -> None:
    fig, ax = plt.subplots()
    try:
        plot_award(award, ax=ax)
        legend = ax.get_legend()
        assert legend is not None
        colours = {
            text.get_text().split(" (")[0]: handle.get_facecolor()  # type: ignore[union-attr]
            for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)
        }
        columns = list(award.allocation.columns)
        for vendor, colour in colours.items():
            expected = OKABE_ITO[columns.index(vendor)]
            np.testing.assert_allclose(colour, to_rgba(expected))
    finally:
        plt.close(fig)


def test_an_empty_allocation_is_refused(award: Award) -> None:
    from dataclasses import replace

    empty = replace(award, allocation=award.allocation.iloc[0:0])
    with pytest.raises(ArgumentError, match="no segment"):
        plot_award(empty)
